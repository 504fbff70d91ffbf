//! A service app's requests through an HTTP proxy: a small proxy on 127.0.0.1:0 that checks
//! `Proxy-Authorization`, records each request line and forwards it (the org URL is plain http,
//! so the client sends absolute-form request targets and no CONNECT). The token requests and
//! the DPoP-bound API requests all pass through it, the DPoP proofs name the org's URL (the mock
//! accepts them), and the proxy password shows in no Debug output or error.

use std::sync::{Arc, Mutex};

use base64::Engine;
use okta_client::Client;
use okta_client::auth::{DpopMode, PrivateKeyAuth};
use okta_mock::MockConfig;
use okta_mock::scenario::{Scenario, ScenarioJwks, ScenarioServiceApp};
use okta_tests::{fast_retry, start_mock_config, within};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../okta-client/testdata/keys/");
const PROXY_USER: &str = "svc-proxy";
const PROXY_PASSWORD: &str = "pr0xy-s3cret";

/// Request lines the proxy forwarded, and how many it refused (407).
#[derive(Default)]
struct Seen {
    forwarded: Vec<String>,
    refused: usize,
}

/// Starts the proxy; returns its address and what it saw.
async fn start_proxy() -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{PROXY_USER}:{PROXY_PASSWORD}"))
    );
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            let (record, expected) = (record.clone(), expected.clone());
            tokio::spawn(async move {
                let _ = relay(conn, &record, &expected).await;
            });
        }
    });
    (addr, seen)
}

/// One request per connection: read the head and the body, check the credentials, send the
/// request on with `Connection: close` and copy the answer back.
async fn relay(mut conn: TcpStream, seen: &Mutex<Seen>, expected: &str) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        assert!(buf.len() < 1 << 20, "request head too large");
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if header("proxy-authorization") != Some(expected) {
        seen.lock().unwrap().refused += 1;
        conn.write_all(
            b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        )
        .await?;
        return Ok(());
    }
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let mut chunk = [0u8; 4096];
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    // Absolute form: `GET http://host:port/path?query HTTP/1.1`.
    let mut parts = request_line.splitn(3, ' ');
    let (method, target, version) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let url = url::Url::parse(target).expect("an absolute-form request target");
    seen.lock()
        .unwrap()
        .forwarded
        .push(format!("{method} {}", url.path()));
    let mut upstream =
        TcpStream::connect((url.host_str().unwrap(), url.port().unwrap_or(80))).await?;
    let mut out = format!("{method} {}", url.path());
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    out.push_str(&format!(" {version}\r\n"));
    for (k, v) in &headers {
        if !matches!(
            k.as_str(),
            "proxy-authorization" | "connection" | "proxy-connection"
        ) {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    out.push_str("connection: close\r\n\r\n");
    upstream.write_all(out.as_bytes()).await?;
    upstream.write_all(&buf[head_end..]).await?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).await?;
    conn.write_all(&answer).await?;
    conn.shutdown().await
}

fn org() -> Scenario {
    let public: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{KEYS}rsa-public.jwk.json")).unwrap(),
    )
    .unwrap();
    Scenario {
        service_apps: vec![ScenarioServiceApp {
            client_id: "0oa-proxied".into(),
            jwks: Some(ScenarioJwks { keys: vec![public] }),
            scopes: vec!["okta.users.read".into()],
            dpop_required: true,
            ..ScenarioServiceApp::default()
        }],
        ..Scenario::default()
    }
}

fn client(org_url: &str, proxy: &str) -> Client {
    let key = std::fs::read_to_string(format!("{KEYS}rsa-pkcs1.pem")).unwrap();
    Client::builder()
        .org_url(org_url)
        .retry_policy(fast_retry())
        .proxy(proxy)
        .private_key_auth(
            PrivateKeyAuth::new("0oa-proxied", key)
                .scopes(["okta.users.read"])
                .dpop(DpopMode::Auto),
        )
        .build()
        .expect("a proxied client")
}

#[tokio::test]
async fn a_service_app_with_dpop_reaches_the_org_through_an_authenticating_proxy() {
    let server = start_mock_config(MockConfig::default().scenario(org())).await;
    let (proxy_addr, seen) = start_proxy().await;
    let proxy = format!("http://{PROXY_USER}:{PROXY_PASSWORD}@{proxy_addr}");
    let c = client(&server.base_url(), &proxy);
    let shown = format!("{c:?}");
    assert!(!shown.contains(PROXY_PASSWORD), "{shown}");
    within(c.users().list().collect_all())
        .await
        .expect("the listing goes through the proxy (is NO_PROXY set for 127.0.0.1?)");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.refused, 0);
    assert_eq!(
        seen.forwarded,
        vec![
            "POST /oauth2/v1/token", // no proof: invalid_dpop_proof
            "POST /oauth2/v1/token", // a proof without the nonce: use_dpop_nonce
            "POST /oauth2/v1/token",
            "GET /api/v1/users",
        ]
    );
    let journal = server.journal();
    assert_eq!(
        journal.len(),
        4,
        "the mock saw exactly what the proxy forwarded"
    );
    assert_eq!(journal[3].credential.as_deref(), Some("DPoP"));
}

#[tokio::test]
async fn a_proxy_that_refuses_the_credentials_gives_an_error_without_the_password() {
    let server = start_mock_config(MockConfig::default().scenario(org())).await;
    let (proxy_addr, seen) = start_proxy().await;
    let proxy = format!("http://{PROXY_USER}:wrong-{PROXY_PASSWORD}@{proxy_addr}");
    let c = client(&server.base_url(), &proxy);
    let e = within(c.users().list().collect_all()).await.unwrap_err();
    let (text, debug) = (e.to_string(), format!("{e:?}"));
    assert!(text.contains("407"), "{text}");
    assert!(
        !text.contains(PROXY_PASSWORD) && !debug.contains(PROXY_PASSWORD),
        "{debug}"
    );
    assert!(seen.lock().unwrap().refused >= 1);
    assert!(server.journal().is_empty(), "nothing reached the org");
}
