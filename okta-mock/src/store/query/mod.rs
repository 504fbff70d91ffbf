//! Okta's filter and search expression language: a tokenizer, a recursive-descent parser
//! (`and` binds tighter than `or`, parentheses, quoted strings with escapes, case-insensitive
//! operators), per-endpoint dialects that say which attributes and operators are allowed, and
//! evaluation against any object through an attribute resolver.

mod lexer;
mod parser;

use std::borrow::Cow;
use std::fmt;

use okta_client::models::Timestamp;
use serde_json::Value;

use super::StoreError;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Both sides hold.
    And(Box<Expr>, Box<Expr>),
    /// Either side holds.
    Or(Box<Expr>, Box<Expr>),
    /// `attribute op value`.
    Compare {
        /// The attribute path as written (`profile.login`).
        attribute: String,
        /// The operator.
        op: Op,
        /// The value compared with.
        value: Literal,
    },
    /// `attribute pr`: the attribute has a non-null value.
    Present {
        /// The attribute path as written.
        attribute: String,
    },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Equal.
    Eq,
    /// Starts with.
    Sw,
    /// Contains.
    Co,
    /// Greater than.
    Gt,
    /// Greater or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less or equal.
    Le,
}

impl Op {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Sw => "sw",
            Op::Co => "co",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
        }
    }

    /// True for `gt ge lt le`.
    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Gt | Op::Ge | Op::Lt | Op::Le)
    }
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A quoted string.
    Str(String),
    /// A number.
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// Why an expression could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character position of the problem.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    fn new(position: usize, message: impl Into<String>) -> Self {
        Self {
            position,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at position {}", self.message, self.position)
    }
}

impl std::error::Error for ParseError {}

impl Expr {
    /// Parses an expression.
    ///
    /// # Errors
    /// A [`ParseError`] naming the position of the first problem.
    pub fn parse(input: &str) -> Result<Expr, ParseError> {
        let tokens = lexer::tokenize(input)?;
        parser::parse(&tokens, input.chars().count())
    }

    /// The value of a top-level `attribute eq "value"`, which an index can answer.
    pub fn exact(&self, attribute: &str) -> Option<&str> {
        match self {
            Expr::Compare {
                attribute: a,
                op: Op::Eq,
                value: Literal::Str(v),
            } if a == attribute => Some(v),
            _ => None,
        }
    }

    /// Every string compared with `attribute` anywhere in the expression.
    pub fn literals_for(&self, attribute: &str) -> Vec<String> {
        let mut out = Vec::new();
        let _ = self.visit(&mut |a, _, lit| {
            if let (true, Literal::Str(s)) = (a == attribute, lit) {
                out.push(s.clone());
            }
            Ok(())
        });
        out
    }

    fn visit(
        &self,
        f: &mut impl FnMut(&str, Option<Op>, &Literal) -> Result<(), String>,
    ) -> Result<(), String> {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) => {
                a.visit(f)?;
                b.visit(f)
            }
            Expr::Compare {
                attribute,
                op,
                value,
            } => f(attribute, Some(*op), value),
            Expr::Present { attribute } => f(attribute, None, &Literal::Null),
        }
    }
}

/// What an endpoint's `filter` or `search` accepts.
#[derive(Clone, Copy)]
pub struct Dialect {
    /// Decides whether `attribute op` is allowed (`None` is `pr`); `Err` says why not.
    pub check: fn(attribute: &str, op: Option<Op>) -> Result<(), String>,
    /// True for attributes holding timestamps (their literals are normalised).
    pub is_timestamp: fn(attribute: &str) -> bool,
    /// Whether string values compare ignoring case (`search`) or exactly (`filter`).
    pub case_insensitive: bool,
}

impl fmt::Debug for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dialect")
            .field("case_insensitive", &self.case_insensitive)
            .finish()
    }
}

/// A parsed and checked query, ready to match objects.
#[derive(Debug, Clone)]
pub struct Query {
    expr: Expr,
    case_insensitive: bool,
}

impl Query {
    /// Parses `input` and checks it against `dialect`; timestamp literals are normalised to
    /// Okta's form so they compare as strings.
    ///
    /// # Errors
    /// 400 E0000031 "Invalid search criteria." with the problem as the cause.
    pub fn compile(input: &str, dialect: &Dialect) -> Result<Query, StoreError> {
        let mut expr = Expr::parse(input).map_err(|e| StoreError::invalid_search(e.to_string()))?;
        expr.visit(&mut |attribute, op, _| (dialect.check)(attribute, op))
            .map_err(StoreError::invalid_search)?;
        normalise_timestamps(&mut expr, dialect.is_timestamp)
            .map_err(StoreError::invalid_search)?;
        Ok(Query {
            expr,
            case_insensitive: dialect.case_insensitive,
        })
    }

    /// The parsed expression.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// Whether an object matches; `resolve` gives an attribute's value (`None` when absent),
    /// borrowed from the object where it can be: a search reads every object of the org.
    pub fn matches<'v>(&self, resolve: &dyn Fn(&str) -> Option<Cow<'v, Value>>) -> bool {
        eval(&self.expr, resolve, self.case_insensitive)
    }
}

fn normalise_timestamps(expr: &mut Expr, is_ts: fn(&str) -> bool) -> Result<(), String> {
    match expr {
        Expr::And(a, b) | Expr::Or(a, b) => {
            normalise_timestamps(a, is_ts)?;
            normalise_timestamps(b, is_ts)
        }
        Expr::Compare {
            attribute,
            value: Literal::Str(s),
            ..
        } if is_ts(attribute) => {
            let t =
                Timestamp::parse(s).map_err(|_| format!("Invalid date '{s}' for {attribute}"))?;
            *s = t.to_string();
            Ok(())
        }
        _ => Ok(()),
    }
}

fn eval<'v>(expr: &Expr, resolve: &dyn Fn(&str) -> Option<Cow<'v, Value>>, ci: bool) -> bool {
    match expr {
        Expr::And(a, b) => eval(a, resolve, ci) && eval(b, resolve, ci),
        Expr::Or(a, b) => eval(a, resolve, ci) || eval(b, resolve, ci),
        Expr::Present { attribute } => match resolve(attribute).as_deref() {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(_) => true,
        },
        Expr::Compare {
            attribute,
            op,
            value,
        } => match resolve(attribute).as_deref() {
            Some(Value::Array(items)) => items.iter().any(|v| compare(v, *op, value, ci)),
            Some(v) => compare(v, *op, value, ci),
            None => compare(&Value::Null, *op, value, ci),
        },
    }
}

fn compare(actual: &Value, op: Op, lit: &Literal, ci: bool) -> bool {
    use std::cmp::Ordering;
    let ordering: Option<Ordering> = match (actual, lit) {
        (Value::String(a), Literal::Str(b)) if ci && !(a.is_ascii() && b.is_ascii()) => {
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            match op {
                Op::Sw => return a.starts_with(&b),
                Op::Co => return a.contains(&b),
                _ => Some(a.cmp(&b)),
            }
        }
        // ASCII ignoring case, or exact: compared in place, without lower-cased copies (a
        // search reads every user of the org).
        (Value::String(a), Literal::Str(b)) => {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            let same = |x: &[u8], y: &[u8]| {
                if ci {
                    x.eq_ignore_ascii_case(y)
                } else {
                    x == y
                }
            };
            match op {
                Op::Sw => return a.len() >= b.len() && same(&a[..b.len()], b),
                Op::Co => return b.is_empty() || a.windows(b.len()).any(|w| same(w, b)),
                _ if ci => Some(
                    a.iter()
                        .map(u8::to_ascii_lowercase)
                        .cmp(b.iter().map(u8::to_ascii_lowercase)),
                ),
                _ => Some(a.cmp(b)),
            }
        }
        (Value::Number(a), Literal::Num(b)) => a.as_f64().and_then(|a| a.partial_cmp(b)),
        (Value::Number(a), Literal::Str(b)) => b
            .parse::<f64>()
            .ok()
            .and_then(|b| a.as_f64().and_then(|a| a.partial_cmp(&b))),
        (Value::Bool(a), Literal::Bool(b)) => Some(a.cmp(b)),
        (Value::Null, Literal::Null) => return op == Op::Eq,
        _ => None,
    };
    let Some(ord) = ordering else { return false };
    match op {
        Op::Eq => ord == Ordering::Equal,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Sw | Op::Co => false,
    }
}

/// The text a value sorts by.
pub(crate) fn sort_text(v: Option<Cow<'_, Value>>) -> String {
    match v.as_deref() {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.to_lowercase(),
        Some(Value::Number(n)) => format!("{:>24}", n.as_f64().unwrap_or_default()),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
