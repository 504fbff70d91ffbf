//! Which proxy schemes the client can use, checked when it is built: a scheme the HTTP layer
//! cannot speak would otherwise fail on every request instead of once, at build time, with a
//! message that says what to change.

use super::ConfigError;

/// The SOCKS schemes reqwest understands (with its `socks` feature, which okta-client's `socks`
/// feature enables).
const SOCKS_SCHEMES: &[&str] = &["socks4", "socks4a", "socks5", "socks5h"];

/// Checks the proxy URL's scheme. `shown` is the URL as it may appear in a message (no
/// password).
///
/// # Errors
/// [`ConfigError::InvalidProxy`] for a SOCKS proxy without the `socks` feature, and for any
/// scheme other than http, https and SOCKS.
pub(crate) fn check_scheme(proxy: &str, shown: impl FnOnce() -> String) -> Result<(), ConfigError> {
    // An unparsable URL is left to reqwest, whose message says what is wrong with it.
    let Ok(url) = url::Url::parse(proxy) else {
        return Ok(());
    };
    let scheme = url.scheme();
    let reason = match scheme {
        "http" | "https" => return Ok(()),
        s if SOCKS_SCHEMES.contains(&s) => {
            if cfg!(feature = "socks") {
                return Ok(());
            }
            format!(
                "`{scheme}://` proxies need okta-client's `socks` feature \
                 (`features = [\"socks\"]` in Cargo.toml); or use an http:// or https:// proxy"
            )
        }
        _ => format!(
            "the scheme `{scheme}` is not supported: use http://, https:// or, with the `socks` \
             feature, socks5:// (socks5h://, socks4://, socks4a://)"
        ),
    };
    Err(ConfigError::InvalidProxy {
        url: shown(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(proxy: &str) -> Result<(), String> {
        check_scheme(proxy, || proxy.to_owned()).map_err(|e| e.to_string())
    }

    #[test]
    fn http_and_https_proxies_are_accepted() {
        assert_eq!(check("http://proxy.corp:3128"), Ok(()));
        assert_eq!(check("https://proxy.corp"), Ok(()));
    }

    #[test]
    fn an_unknown_scheme_is_refused_with_the_schemes_that_work() {
        let err = check("ftp://proxy.corp").unwrap_err();
        assert!(err.contains("the scheme `ftp` is not supported"), "{err}");
        assert!(err.contains("http://, https://"), "{err}");
    }

    #[cfg(not(feature = "socks"))]
    #[test]
    fn a_socks_proxy_without_the_socks_feature_is_refused_naming_the_feature() {
        for proxy in ["socks5://127.0.0.1:1080", "socks5h://p:1", "socks4://p:1"] {
            let err = check(proxy).unwrap_err();
            assert!(err.contains("okta-client's `socks` feature"), "{err}");
        }
    }

    #[cfg(not(feature = "socks"))]
    #[test]
    fn building_a_client_with_a_socks_proxy_fails_without_showing_its_password() {
        let err = crate::Client::builder()
            .org_url("https://example.okta.com")
            .api_token("t0ken")
            .proxy("socks5://svc:pa55word@127.0.0.1:1080")
            .build()
            .unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("`socks` feature"), "{shown}");
        assert!(shown.contains("socks5://svc:***@127.0.0.1:1080"), "{shown}");
        assert!(!shown.contains("pa55word"), "{shown}");
    }

    #[cfg(feature = "socks")]
    #[test]
    fn a_socks_proxy_is_accepted_with_the_socks_feature() {
        assert_eq!(check("socks5://127.0.0.1:1080"), Ok(()));
        assert_eq!(check("socks5h://p:1"), Ok(()));
    }

    /// A SOCKS5 proxy (RFC 1928, no authentication, CONNECT only) for one connection, and a
    /// server that answers one request with `{"via":"socks"}`; the client reaches the server
    /// only through the proxy.
    #[cfg(feature = "socks")]
    #[tokio::test]
    async fn requests_go_through_a_socks5_proxy_with_the_socks_feature() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        use tokio::net::{TcpListener, TcpStream};

        let server = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let target = server.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut conn, _) = server.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf).await.unwrap();
            let body = r#"{"via":"socks"}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            conn.write_all(answer.as_bytes()).await.unwrap();
        });
        let proxy = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_addr = proxy.local_addr().unwrap();
        let proxied = tokio::spawn(async move {
            let (mut conn, _) = proxy.accept().await.unwrap();
            // Greeting: VER 5, NMETHODS, METHODS; answer "no authentication".
            let mut head = [0u8; 2];
            conn.read_exact(&mut head).await.unwrap();
            let mut methods = vec![0u8; head[1] as usize];
            conn.read_exact(&mut methods).await.unwrap();
            conn.write_all(&[5, 0]).await.unwrap();
            // Request: VER 5, CMD CONNECT, RSV, ATYP 1 (IPv4), address, port.
            let mut request = [0u8; 10];
            conn.read_exact(&mut request).await.unwrap();
            assert_eq!(&request[..4], &[5, 1, 0, 1]);
            let port = u16::from_be_bytes([request[8], request[9]]);
            let ip = std::net::Ipv4Addr::new(request[4], request[5], request[6], request[7]);
            let mut upstream = TcpStream::connect((ip, port)).await.unwrap();
            conn.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])
                .await
                .unwrap();
            let _ = tokio::io::copy_bidirectional(&mut conn, &mut upstream).await;
            (ip, port)
        });
        let client = crate::Client::builder()
            .org_url(format!("http://{target}"))
            .api_token("t0ken")
            .proxy(format!("socks5://{proxy_addr}"))
            .retry_policy(crate::RetryPolicy::none())
            .build()
            .unwrap();
        let response = client
            .raw(crate::RawRequest::new(
                crate::Method::GET,
                "/api/v1/users/me",
            ))
            .await
            .unwrap();
        assert_eq!(response.body["via"], "socks");
        // Bounded: had the request bypassed the proxy (a NO_PROXY naming 127.0.0.1), the proxy
        // would wait for a connection forever.
        let (ip, port) = tokio::time::timeout(std::time::Duration::from_secs(10), proxied)
            .await
            .expect("the request went through the proxy")
            .unwrap();
        assert_eq!(std::net::SocketAddr::from((ip, port)), target);
    }
}
