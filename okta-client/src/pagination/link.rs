//! RFC 8288 `Link` headers as Okta sends them: one link per header line, or several joined by
//! commas; `rel` quoted or not.

use reqwest::header::{HeaderMap, LINK};
use url::Url;

/// One link of a `Link` header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkHeader {
    /// The target, resolved against the request URL when relative.
    pub url: Url,
    /// The relation types (`self`, `next`), lower-cased.
    pub rels: Vec<String>,
}

impl LinkHeader {
    /// True when one of the relation types is `rel`.
    pub fn has_rel(&self, rel: &str) -> bool {
        self.rels.iter().any(|r| r.eq_ignore_ascii_case(rel))
    }
}

/// All links of all `Link` headers, in order. Unparsable links are skipped; relative targets
/// are resolved against `base`.
pub fn parse_link_headers(headers: &HeaderMap, base: &Url) -> Vec<LinkHeader> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| parse_link_value(v, base))
        .collect()
}

/// The last `rel="next"` target, if any.
pub fn next_link(headers: &HeaderMap, base: &Url) -> Option<Url> {
    parse_link_headers(headers, base)
        .into_iter()
        .rev()
        .find(|l| l.has_rel("next"))
        .map(|l| l.url)
}

/// Parses one header value, which may hold several comma-separated links. Commas inside `<…>`
/// or inside quotes do not split.
fn parse_link_value(value: &str, base: &Url) -> Vec<LinkHeader> {
    let mut links = Vec::new();
    let mut rest = value.trim_start();
    while let Some(after_lt) = rest.strip_prefix('<') {
        let Some(end) = after_lt.find('>') else { break };
        let target = &after_lt[..end];
        let (params, next) = split_params(&after_lt[end + 1..]);
        if let Ok(url) = base.join(target.trim()) {
            links.push(LinkHeader {
                url,
                rels: rels(params),
            });
        }
        rest = next.trim_start();
    }
    links
}

/// Splits `; rel="next", <…>` into the parameters of this link and the rest after the comma.
fn split_params(s: &str) -> (&str, &str) {
    let mut in_quotes = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => return (&s[..i], &s[i + 1..]),
            _ => {}
        }
    }
    (s, "")
}

fn rels(params: &str) -> Vec<String> {
    params
        .split(';')
        .filter_map(|p| {
            let (name, value) = p.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("rel")
                .then(|| value.trim().trim_matches('"'))
        })
        .flat_map(|v| {
            v.split_ascii_whitespace()
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn base() -> Url {
        Url::parse("https://acme.okta.com/api/v1/users?limit=2").unwrap()
    }

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(LINK, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn links_on_separate_header_lines_are_all_read() {
        let h = headers(&[
            r#"<https://acme.okta.com/api/v1/users?limit=2>; rel="self""#,
            r#"<https://acme.okta.com/api/v1/users?after=00ub0oNGTSWTBKOLGLNR&limit=2>; rel="next""#,
        ]);
        let links = parse_link_headers(&h, &base());
        assert_eq!(links.len(), 2);
        assert!(links[0].has_rel("self"));
        assert_eq!(
            next_link(&h, &base()).unwrap().as_str(),
            "https://acme.okta.com/api/v1/users?after=00ub0oNGTSWTBKOLGLNR&limit=2"
        );
    }

    #[test]
    fn comma_joined_links_are_split_outside_brackets_and_quotes() {
        let h = headers(&[
            r#"<https://acme.okta.com/api/v1/users?filter=a,b&limit=2>; rel="self", <https://acme.okta.com/api/v1/users?after=x%2Cy&filter=a,b>; rel="next"; title="a, b""#,
        ]);
        let links = parse_link_headers(&h, &base());
        assert_eq!(links.len(), 2, "{links:?}");
        assert_eq!(links[0].url.query(), Some("filter=a,b&limit=2"));
        assert_eq!(
            next_link(&h, &base()).unwrap().as_str(),
            "https://acme.okta.com/api/v1/users?after=x%2Cy&filter=a,b"
        );
    }

    #[test]
    fn unquoted_and_multi_valued_rels_are_understood() {
        let h = headers(&[
            "<https://acme.okta.com/n>;rel=next",
            "<https://acme.okta.com/s>; REL=\"self prev\"",
        ]);
        let links = parse_link_headers(&h, &base());
        assert_eq!(links[0].rels, vec!["next"]);
        assert_eq!(links[1].rels, vec!["self", "prev"]);
        assert_eq!(next_link(&h, &base()).unwrap().path(), "/n");
    }

    #[test]
    fn without_a_next_link_there_is_no_next_page() {
        let h = headers(&[r#"<https://acme.okta.com/api/v1/users?limit=2>; rel="self""#]);
        assert_eq!(next_link(&h, &base()), None);
        assert_eq!(next_link(&HeaderMap::new(), &base()), None);
        assert_eq!(next_link(&headers(&["garbage; rel=next"]), &base()), None);
    }

    #[test]
    fn relative_targets_resolve_against_the_request() {
        let h = headers(&[r#"</api/v1/users?after=abc>; rel="next""#]);
        assert_eq!(
            next_link(&h, &base()).unwrap().as_str(),
            "https://acme.okta.com/api/v1/users?after=abc"
        );
    }
}
