//! The parsed form of an expression.

use serde_json::Value;

/// The `String.*` functions the subset knows, with their arity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StringFn {
    Len,
    ToUpperCase,
    ToLowerCase,
    StringContains,
    SubstringBefore,
    SubstringAfter,
}

impl StringFn {
    /// Looks up `String.<name>`.
    pub(crate) fn by_name(name: &str) -> Option<Self> {
        Some(match name {
            "len" => StringFn::Len,
            "toUpperCase" => StringFn::ToUpperCase,
            "toLowerCase" => StringFn::ToLowerCase,
            "stringContains" => StringFn::StringContains,
            "substringBefore" => StringFn::SubstringBefore,
            "substringAfter" => StringFn::SubstringAfter,
            _ => return None,
        })
    }

    /// How many arguments it takes.
    pub(crate) fn arity(self) -> usize {
        match self {
            StringFn::Len | StringFn::ToUpperCase | StringFn::ToLowerCase => 1,
            StringFn::StringContains | StringFn::SubstringBefore | StringFn::SubstringAfter => 2,
        }
    }
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A node of the expression tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `null`, `true`, a number or a string.
    Literal(Value),
    /// `user.<attr>`.
    UserAttr(String),
    /// `<appVariableName>`: that app user's profile (always followed by a member access).
    AppUser(String),
    /// `hasDirectoryUser()`.
    HasDirectoryUser,
    /// `findDirectoryUser()`.
    FindDirectoryUser,
    /// `<node>.<attr>`, null-safe.
    Member(Box<Node>, String),
    /// `String.<fn>(args…)`.
    StringCall(StringFn, Vec<Node>),
    /// `!x`.
    Not(Box<Node>),
    /// `-x`.
    Neg(Box<Node>),
    /// `a && b`.
    And(Box<Node>, Box<Node>),
    /// `a || b`.
    Or(Box<Node>, Box<Node>),
    /// Arithmetic and comparisons.
    Binary(BinOp, Box<Node>, Box<Node>),
    /// `cond ? then : otherwise`.
    Ternary(Box<Node>, Box<Node>, Box<Node>),
}
