//! The System Log's `filter` parameter: a SCIM filter over the `LogEvent` JSON
//! (`eventType eq "user.lifecycle.create"`, `target.id eq "00u…"`, `actor.id eq "…"`, any other
//! dotted path such as `outcome.result` or `target.type`), with `eq ne co sw ew gt ge lt le pr`,
//! `and`, `or`, `not` and parentheses. A path through an array (`target`) matches when any
//! element matches. Keywords and operators ignore case; `eq`/`ne` compare exactly, `co`,
//! `sw` and `ew` ignore case.

use serde_json::Value;

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `a and b`.
    And(Box<Filter>, Box<Filter>),
    /// `a or b`.
    Or(Box<Filter>, Box<Filter>),
    /// `not (a)`.
    Not(Box<Filter>),
    /// `path op value`, or `path pr` (value `None`).
    Compare {
        /// The dotted attribute path.
        path: Vec<String>,
        /// The operator.
        op: Op,
        /// The operand.
        value: Option<Value>,
    },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Contains.
    Co,
    /// Starts with.
    Sw,
    /// Ends with.
    Ew,
    /// Greater than.
    Gt,
    /// Greater or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less or equal.
    Le,
    /// Present.
    Pr,
}

/// Why a filter did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FilterError(pub String);

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Literal(Value),
    Open,
    Close,
}

fn tokenize(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err(FilterError("unterminated string".to_owned())),
                        Some('\\') => match chars.next() {
                            Some(e) => s.push(e),
                            None => return Err(FilterError("unterminated string".to_owned())),
                        },
                        Some('"') => break,
                        Some(ch) => s.push(ch),
                    }
                }
                out.push(Token::Literal(Value::String(s)));
            }
            _ => {
                let mut w = String::new();
                while let Some(&ch) = chars.peek() {
                    if ch.is_whitespace() || ch == '(' || ch == ')' || ch == '"' {
                        break;
                    }
                    w.push(ch);
                    chars.next();
                }
                out.push(Token::Word(w));
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek_word(&self) -> Option<String> {
        match self.tokens.get(self.at) {
            Some(Token::Word(w)) => Some(w.to_ascii_lowercase()),
            _ => None,
        }
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn or(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.and()?;
        while self.peek_word().as_deref() == Some("or") {
            self.at += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.factor()?;
        while self.peek_word().as_deref() == Some("and") {
            self.at += 1;
            left = Filter::And(Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Filter, FilterError> {
        if self.peek_word().as_deref() == Some("not") {
            self.at += 1;
            return Ok(Filter::Not(Box::new(self.factor()?)));
        }
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(FilterError("missing )".to_owned())),
                }
            }
            Some(Token::Word(attr)) => self.comparison(attr),
            _ => Err(FilterError("expected an attribute".to_owned())),
        }
    }

    fn comparison(&mut self, attr: String) -> Result<Filter, FilterError> {
        let path: Vec<String> = attr.split('.').map(str::to_owned).collect();
        if path
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(valid_name_char))
        {
            return Err(FilterError(format!("invalid attribute {attr}")));
        }
        let op = match self.next() {
            Some(Token::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "co" => Op::Co,
                "sw" => Op::Sw,
                "ew" => Op::Ew,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                "pr" => Op::Pr,
                other => return Err(FilterError(format!("unknown operator {other}"))),
            },
            _ => return Err(FilterError(format!("no operator after {attr}"))),
        };
        if op == Op::Pr {
            return Ok(Filter::Compare {
                path,
                op,
                value: None,
            });
        }
        let value = match self.next() {
            Some(Token::Literal(v)) => v,
            Some(Token::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => match w.parse::<f64>() {
                    Ok(n) => serde_json::Number::from_f64(n)
                        .map(Value::Number)
                        .ok_or_else(|| FilterError(format!("bad value {w}")))?,
                    Err(_) => return Err(FilterError(format!("bad value {w}"))),
                },
            },
            _ => return Err(FilterError(format!("no value after {attr}"))),
        };
        Ok(Filter::Compare {
            path,
            op,
            value: Some(value),
        })
    }
}

fn valid_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

impl Filter {
    /// Parses a filter expression.
    ///
    /// # Errors
    /// A [`FilterError`] naming what is wrong.
    pub fn parse(input: &str) -> Result<Self, FilterError> {
        let tokens = tokenize(input)?;
        if tokens.is_empty() {
            return Err(FilterError("empty filter".to_owned()));
        }
        let mut p = Parser { tokens, at: 0 };
        let f = p.or()?;
        if p.at != p.tokens.len() {
            return Err(FilterError(
                "unexpected text after the expression".to_owned(),
            ));
        }
        Ok(f)
    }

    /// Whether `event` matches.
    pub fn matches(&self, event: &Value) -> bool {
        match self {
            Self::And(a, b) => a.matches(event) && b.matches(event),
            Self::Or(a, b) => a.matches(event) || b.matches(event),
            Self::Not(a) => !a.matches(event),
            Self::Compare { path, op, value } => {
                let mut found = Vec::new();
                collect(event, path, &mut found);
                if *op == Op::Ne {
                    // `ne` holds when no value at the path equals the operand.
                    return !found.iter().any(|v| compare(v, Op::Eq, value.as_ref()));
                }
                found.iter().any(|v| compare(v, *op, value.as_ref()))
            }
        }
    }
}

fn collect<'a>(value: &'a Value, path: &[String], out: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|i| collect(i, path, out)),
        _ => match path.split_first() {
            None => out.push(value),
            Some((head, rest)) => {
                if let Some(next) = value.get(head.as_str()) {
                    collect(next, rest, out);
                }
            }
        },
    }
}

fn compare(found: &Value, op: Op, operand: Option<&Value>) -> bool {
    if op == Op::Pr {
        return !found.is_null() && found.as_str() != Some("");
    }
    let Some(operand) = operand else {
        return false;
    };
    match (found, operand) {
        (Value::String(a), Value::String(b)) => {
            let (la, lb) = (a.to_lowercase(), b.to_lowercase());
            match op {
                Op::Eq => a == b,
                Op::Co => la.contains(&lb),
                Op::Sw => la.starts_with(&lb),
                Op::Ew => la.ends_with(&lb),
                Op::Gt => a > b,
                Op::Ge => a >= b,
                Op::Lt => a < b,
                Op::Le => a <= b,
                Op::Ne | Op::Pr => false,
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            match op {
                Op::Eq => a == b,
                Op::Gt => a > b,
                Op::Ge => a >= b,
                Op::Lt => a < b,
                Op::Le => a <= b,
                _ => false,
            }
        }
        // A number written as a string in the event (Okta's `version` is "0").
        (Value::String(a), Value::Number(b)) => op == Op::Eq && *a == b.to_string(),
        (a, b) => op == Op::Eq && a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Value {
        json!({
            "eventType": "group.user_membership.add",
            "actor": {"id": "00uadmin", "alternateId": "admin@example.com"},
            "outcome": {"result": "SUCCESS"},
            "target": [
                {"id": "00u1", "type": "User", "alternateId": "ada@example.com"},
                {"id": "00g1", "type": "UserGroup", "displayName": "Engineering"}
            ]
        })
    }

    #[test]
    fn equality_on_event_type_target_and_actor_ids_matches() {
        let e = event();
        for f in [
            r#"eventType eq "group.user_membership.add""#,
            r#"target.id eq "00g1""#,
            r#"actor.id eq "00uadmin""#,
            r#"eventType EQ "group.user_membership.add" AND target.type eq "User""#,
            r#"(eventType eq "x" or target.id eq "00u1") and outcome.result eq "SUCCESS""#,
            r#"actor.alternateId sw "ADMIN@" and not (target.id eq "zzz")"#,
            r#"target.displayName pr"#,
        ] {
            assert!(Filter::parse(f).unwrap().matches(&e), "{f}");
        }
        for f in [
            r#"eventType eq "group.user_membership.remove""#,
            r#"target.id eq "00u2""#,
            r#"eventType eq "group.user_membership.add" and actor.id eq "other""#,
            r#"target.id ne "00u1""#,
        ] {
            assert!(!Filter::parse(f).unwrap().matches(&e), "{f}");
        }
    }

    #[test]
    fn malformed_filters_are_refused() {
        for bad in [
            "",
            "eventType",
            r#"eventType zz "x""#,
            r#"eventType eq"#,
            r#"(eventType eq "x""#,
            r#"eventType eq "x" extra"#,
            r#"eventType eq "unterminated"#,
            r#"event$Type eq "x""#,
        ] {
            assert!(Filter::parse(bad).is_err(), "{bad}");
        }
    }
}
