//! One API request being built: the internal interface the resource handlers use.

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::ResponseMeta;
use crate::pagination::Paginator;
use crate::{Client, Error};

/// A request ready to go on the wire, reusable for every retry.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) headers: HeaderMap,
    pub(crate) idempotent: bool,
}

impl Prepared {
    /// A bodiless GET of a URL given by the server (a next link).
    pub(crate) fn get(url: Url) -> Self {
        Self {
            method: Method::GET,
            url,
            body: None,
            headers: HeaderMap::new(),
            idempotent: true,
        }
    }
}

/// True for the methods that may be repeated without changing the outcome.
pub(crate) fn is_idempotent_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS
    )
}

/// A request under construction. Mistakes while building (a query that does not serialize) are
/// kept and returned by `send`, so that the builder methods stay chainable.
#[must_use = "a request does nothing until it is sent"]
pub(crate) struct ApiRequest {
    client: Client,
    method: Method,
    url: Url,
    body: Option<Vec<u8>>,
    headers: HeaderMap,
    idempotent: Option<bool>,
    error: Option<Error>,
}

impl ApiRequest {
    pub(crate) fn new(client: Client, method: Method, url: Url) -> Self {
        Self {
            client,
            method,
            url,
            body: None,
            headers: HeaderMap::new(),
            idempotent: None,
            error: None,
        }
    }

    /// Appends the serialized value to the query string as form pairs (`None` fields vanish).
    pub(crate) fn query<Q: Serialize + ?Sized>(mut self, query: &Q) -> Self {
        if self.error.is_some() {
            return self;
        }
        match serde_urlencoded::to_string(query) {
            Ok(encoded) if encoded.is_empty() => {}
            Ok(encoded) => {
                let joined = match self.url.query() {
                    Some(existing) if !existing.is_empty() => format!("{existing}&{encoded}"),
                    _ => encoded,
                };
                self.url.set_query(Some(&joined));
            }
            Err(e) => self.error = Some(Error::InvalidRequest(format!("query: {e}"))),
        }
        self
    }

    /// Sets a JSON body.
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        if self.error.is_some() {
            return self;
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.error = Some(Error::InvalidRequest(format!("body: {e}"))),
        }
        self
    }

    /// Says whether the request may be retried after a 5xx or a broken connection. The default
    /// is yes for GET, PUT, DELETE and HEAD, no for POST.
    pub(crate) fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = Some(yes);
        self
    }

    pub(crate) fn into_parts(self) -> (Client, Result<Prepared, Error>) {
        let prepared = match self.error {
            Some(e) => Err(e),
            None => Ok(Prepared {
                idempotent: self
                    .idempotent
                    .unwrap_or_else(|| is_idempotent_method(&self.method)),
                method: self.method,
                url: self.url,
                body: self.body,
                headers: self.headers,
            }),
        };
        (self.client, prepared)
    }

    /// Sends the request and decodes a JSON body.
    ///
    /// # Errors
    /// [`Error::Api`] for a non-2xx answer, [`Error::Decode`] (naming the JSON path) for a body
    /// of the wrong shape, [`Error::Http`] when no answer came.
    pub(crate) async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        let (client, prepared) = self.into_parts();
        let raw = client.execute(&prepared?).await?;
        super::decode::decode_json(&raw.body, &raw.meta)
    }

    /// Sends a request whose answer carries no data: 204, or 200 with `{}` (or any body, which
    /// is ignored).
    ///
    /// # Errors
    /// As [`send`](Self::send), without decode errors.
    pub(crate) async fn send_no_content(self) -> Result<ResponseMeta, Error> {
        let (client, prepared) = self.into_parts();
        Ok(client.execute(&prepared?).await?.meta)
    }

    /// Turns a list request into a stream of pages that follows Okta's `Link` headers.
    pub(crate) fn paginate<T: DeserializeOwned + Send + 'static>(self) -> Paginator<T> {
        let (client, prepared) = self.into_parts();
        Paginator::new(client, prepared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder()
            .org_url("https://acme.okta.com")
            .api_token("t")
            .build()
            .unwrap()
    }

    #[derive(Serialize)]
    struct ListParams<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        q: Option<&'a str>,
        limit: u32,
    }

    #[test]
    fn queries_are_appended_as_form_pairs_and_none_fields_vanish() {
        let c = client();
        let url = c.api_url(&["users"]);
        let req = c.request(Method::GET, url).query(&ListParams {
            q: Some("a b&c"),
            limit: 2,
        });
        let (_, p) = req.into_parts();
        assert_eq!(
            p.unwrap().url.as_str(),
            "https://acme.okta.com/api/v1/users?q=a+b%26c&limit=2"
        );
        let url = c.api_url(&["users"]);
        let req = c
            .request(Method::GET, url)
            .query(&ListParams { q: None, limit: 1 })
            .query(&[("after", "x")]);
        let (_, p) = req.into_parts();
        assert_eq!(p.unwrap().url.query(), Some("limit=1&after=x"));
    }

    #[test]
    fn post_is_not_idempotent_by_default_and_get_is() {
        let c = client();
        let (_, p) = c.request(Method::POST, c.api_url(&["users"])).into_parts();
        assert!(!p.unwrap().idempotent);
        let (_, p) = c.request(Method::GET, c.api_url(&["users"])).into_parts();
        assert!(p.unwrap().idempotent);
        let (_, p) = c
            .request(Method::POST, c.api_url(&["x"]))
            .idempotent(true)
            .into_parts();
        assert!(p.unwrap().idempotent);
    }

    /// Serves `/none` (204), `/empty` (`{}`) and `/user` (a JSON object) on 127.0.0.1:0.
    async fn server() -> Client {
        use axum::Router;
        use axum::http::StatusCode;
        use axum::routing::{get, post};
        let app = Router::new()
            .route("/api/v1/none", post(|| async { StatusCode::NO_CONTENT }))
            .route("/api/v1/empty", post(|| async { "{}" }))
            .route("/api/v1/user", get(|| async { r#"{"id":"00u1","n":2}"# }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Client::builder()
            .org_url(base)
            .api_token("t")
            .build()
            .unwrap()
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Small {
        id: String,
        n: u32,
    }

    #[tokio::test]
    async fn send_decodes_the_body_and_send_no_content_accepts_204_and_empty_objects() {
        let c = server().await;
        let got = c
            .request(Method::GET, c.api_url(&["user"]))
            .send::<Small>()
            .await
            .unwrap();
        assert_eq!(
            got,
            Small {
                id: "00u1".into(),
                n: 2
            }
        );
        let meta = c
            .request(Method::POST, c.api_url(&["none"]))
            .send_no_content()
            .await
            .unwrap();
        assert_eq!(meta.status, 204);
        let meta = c
            .request(Method::POST, c.api_url(&["empty"]))
            .send_no_content()
            .await
            .unwrap();
        assert_eq!(meta.status, 200);
        let err = c
            .request(Method::GET, c.api_url(&["missing"]))
            .send::<Small>()
            .await
            .unwrap_err();
        // The test server's bare 404 carries no Okta error body: not Okta's "not found".
        assert_eq!(err.status(), Some(404));
        assert!(!err.is_not_found());
    }

    #[tokio::test]
    async fn a_query_that_cannot_be_serialized_is_reported_when_sent() {
        let c = client();
        let nested = [("a", [1, 2])];
        let err = c
            .request(Method::GET, c.api_url(&["users"]))
            .query(&nested)
            .send_no_content();
        assert!(matches!(err.await, Err(Error::InvalidRequest(_))));
    }
}
