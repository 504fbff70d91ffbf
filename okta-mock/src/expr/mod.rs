//! The subset of the Okta Expression Language that profile mappings to Office 365 need.
//!
//! Okta's default Office 365 mapping, `hasDirectoryUser()?findDirectoryUser().externalId:null`,
//! yields `null` for a user in zero or several AD instances, and Okta's advice for multi-AD orgs is
//! an ordered chain over the instances' variable names. The mock evaluates both, so a flow that
//! fixes the Immutable ID can be tested against the behaviour it works around.
//!
//! Supported:
//! - `user.<attr>`; `<appVariableName>.<attr>` (`active_directory_gfuif63.externalId`; an unknown
//!   variable is `null`); `hasDirectoryUser()`; `findDirectoryUser()` and
//!   `findDirectoryUser().<attr>`. Member access is null-safe: an attribute of `null` is `null`.
//! - `String.len` (`null` counts as 0, which is what makes Okta's `String.len(x) > 0 ? x : …`
//!   chain fall through), `String.toUpperCase`, `String.toLowerCase`, `String.stringContains`,
//!   `String.substringBefore`, `String.substringAfter` (Apache Commons semantics).
//! - Literals `null`, `true`, `false`, numbers, `'single'` and `"double"` quoted strings
//!   (backslash escapes, and SpEL's doubled quote `'it''s'`).
//! - Operators, lowest precedence first: `? :` (right-associative), `||` / `OR`, `&&` / `AND`,
//!   `==` `!=`, `<` `<=` `>` `>=`, `+` (string concatenation, or number addition) `-`, unary
//!   `!` / `NOT` and `-`, then `.`; parentheses.
//!
//! Unknown functions are parse errors with their column. Evaluation never fails: a type
//! mismatch gives `null` (or `false` for comparisons), see the `eval` module.
//!
//! ```
//! use okta_mock::internals::{EvalContext, Expr};
//! use serde_json::{Value, json};
//!
//! struct TwoAds;
//! impl EvalContext for TwoAds {
//!     fn user_attribute(&self, _name: &str) -> Option<Value> { None }
//!     fn directory_users(&self) -> Vec<Value> {
//!         vec![json!({"externalId": "yYuRNW0Z6kCXeYidebdT8A=="}), json!({"externalId": null})]
//!     }
//!     fn app_user_by_variable(&self, name: &str) -> Option<Value> {
//!         (name == "active_directory").then(|| json!({"externalId": "yYuRNW0Z6kCXeYidebdT8A=="}))
//!     }
//! }
//!
//! let default = Expr::parse("hasDirectoryUser()?findDirectoryUser().externalId:null").unwrap();
//! assert_eq!(default.eval(&TwoAds), Value::Null);
//! let chain = Expr::parse(
//!     "String.len(active_directory.externalId) > 0 ? active_directory.externalId : null",
//! ).unwrap();
//! assert_eq!(chain.eval(&TwoAds), json!("yYuRNW0Z6kCXeYidebdT8A=="));
//! ```

mod ast;
mod eval;
mod lexer;
mod parser;

#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::Value;

/// What an expression can read: the user being mapped and its app users.
pub trait EvalContext {
    /// `user.<attr>`: the Okta user's profile attribute.
    fn user_attribute(&self, name: &str) -> Option<Value>;
    /// The user's AD app users, one per AD assignment (any status), each the app user's PROFILE
    /// object (carrying `externalId`, null when DEPROVISIONED/STAGED).
    fn directory_users(&self) -> Vec<Value>;
    /// `<variableName>.<attr>`: the user's app user in the app with that variable name (its
    /// profile).
    fn app_user_by_variable(&self, variable_name: &str) -> Option<Value>;
}

/// A parsed expression, ready to be evaluated any number of times.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    source: String,
    root: ast::Node,
}

impl Expr {
    /// Parses an expression.
    ///
    /// # Errors
    /// [`ParseError`] with the column of the first problem: a syntax error, an unknown function,
    /// a wrong number of arguments, or an expression nested too deeply or too long.
    pub fn parse(source: &str) -> Result<Self, ParseError> {
        Ok(Self {
            source: source.to_owned(),
            root: parser::parse(source)?,
        })
    }

    /// Evaluates the expression for one user. Never fails; see the module docs for how type
    /// mismatches and missing values evaluate.
    pub fn eval(&self, ctx: &dyn EvalContext) -> Value {
        eval::eval(&self.root, ctx)
    }

    /// The text the expression was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl std::str::FromStr for Expr {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Written as its source text, so scenario files hold mappings as Okta shows them.
impl serde::Serialize for Expr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

/// Read from its source text; a syntax error fails deserialization with its column.
impl<'de> serde::Deserialize<'de> for Expr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&source).map_err(serde::de::Error::custom)
    }
}

/// Why an expression does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where the problem is: the 0-based character offset into the expression (shown 1-based as
    /// "column" by `Display`).
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(position: usize, message: impl Into<String>) -> Self {
        Self {
            position,
            message: message.into(),
        }
    }

    /// The 1-based column of the problem, as `Display` shows it.
    pub fn column(&self) -> usize {
        self.position + 1
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at column {}: {}", self.column(), self.message)
    }
}

impl std::error::Error for ParseError {}
