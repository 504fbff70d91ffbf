//! Evaluation. It never fails: where Okta's SpEL would raise a type error (comparing a string
//! with a number, `!` on a string), the result is `null` or `false`, which a profile mapping
//! writes as "no value" — the same visible outcome as a failed mapping in Okta.

use std::cmp::Ordering;

use okta_client::directory::{find_directory_user, has_directory_user};
use serde_json::{Number, Value};

use super::EvalContext;
use super::ast::{BinOp, Node, StringFn};

/// Evaluates a node against a context.
pub(crate) fn eval(node: &Node, ctx: &dyn EvalContext) -> Value {
    match node {
        Node::Literal(value) => value.clone(),
        Node::UserAttr(name) => ctx.user_attribute(name).unwrap_or(Value::Null),
        Node::AppUser(variable) => ctx.app_user_by_variable(variable).unwrap_or(Value::Null),
        // Okta's rule has one home, shared with the client's resolver.
        Node::HasDirectoryUser => Value::Bool(has_directory_user(&ctx.directory_users())),
        Node::FindDirectoryUser => {
            let mut users = ctx.directory_users();
            match find_directory_user(&users) {
                Some(_) => users.pop().unwrap_or(Value::Null),
                None => Value::Null,
            }
        }
        Node::Member(base, attr) => match eval(base, ctx) {
            Value::Object(mut map) => map.remove(attr).unwrap_or(Value::Null),
            _ => Value::Null,
        },
        Node::StringCall(function, args) => {
            let values: Vec<Value> = args.iter().map(|a| eval(a, ctx)).collect();
            string_call(*function, &values)
        }
        Node::Not(inner) => match eval(inner, ctx) {
            Value::Bool(b) => Value::Bool(!b),
            _ => Value::Null,
        },
        Node::Neg(inner) => negate(&eval(inner, ctx)),
        Node::And(a, b) => Value::Bool(is_true(&eval(a, ctx)) && is_true(&eval(b, ctx))),
        Node::Or(a, b) => Value::Bool(is_true(&eval(a, ctx)) || is_true(&eval(b, ctx))),
        Node::Binary(op, a, b) => binary(*op, &eval(a, ctx), &eval(b, ctx)),
        Node::Ternary(condition, then, otherwise) => {
            if is_true(&eval(condition, ctx)) {
                eval(then, ctx)
            } else {
                eval(otherwise, ctx)
            }
        }
    }
}

/// Only boolean `true` counts as true; SpEL rejects other condition types, we take the
/// `false` branch.
fn is_true(value: &Value) -> bool {
    matches!(value, Value::Bool(true))
}

fn binary(op: BinOp, a: &Value, b: &Value) -> Value {
    match op {
        BinOp::Add => add(a, b),
        BinOp::Sub => arithmetic(a, b, i64::checked_sub, |x, y| x - y),
        BinOp::Eq => Value::Bool(equal(a, b)),
        BinOp::Ne => Value::Bool(!equal(a, b)),
        BinOp::Lt => Value::Bool(compare(a, b) == Some(Ordering::Less)),
        BinOp::Le => Value::Bool(matches!(
            compare(a, b),
            Some(Ordering::Less | Ordering::Equal)
        )),
        BinOp::Gt => Value::Bool(compare(a, b) == Some(Ordering::Greater)),
        BinOp::Ge => Value::Bool(matches!(
            compare(a, b),
            Some(Ordering::Greater | Ordering::Equal)
        )),
    }
}

/// `+` concatenates when either side is a string (as Java does, `null` reads "null") and adds
/// numbers; anything else is `null`.
fn add(a: &Value, b: &Value) -> Value {
    if a.is_string() || b.is_string() {
        return Value::String(format!("{}{}", as_text(a), as_text(b)));
    }
    arithmetic(a, b, i64::checked_add, |x, y| x + y)
}

fn arithmetic(
    a: &Value,
    b: &Value,
    int_op: fn(i64, i64) -> Option<i64>,
    float_op: fn(f64, f64) -> f64,
) -> Value {
    let (Value::Number(x), Value::Number(y)) = (a, b) else {
        return Value::Null;
    };
    let exact = match (x.as_i64(), y.as_i64()) {
        (Some(x), Some(y)) => int_op(x, y),
        _ => None,
    };
    if let Some(result) = exact {
        return Value::from(result);
    }
    match (x.as_f64(), y.as_f64()) {
        (Some(x), Some(y)) => float(float_op(x, y)),
        _ => Value::Null,
    }
}

fn negate(value: &Value) -> Value {
    let Value::Number(n) = value else {
        return Value::Null;
    };
    match n.as_i64().and_then(i64::checked_neg) {
        Some(i) => Value::from(i),
        None => n.as_f64().map_or(Value::Null, |f| float(-f)),
    }
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// Numbers compare by value (`1 == 1.0`); everything else by JSON equality.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => compare(a, b) == Some(Ordering::Equal),
        _ => a == b,
    }
}

/// Numbers with numbers, strings with strings (by code point); other pairs do not compare.
fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => x.as_f64()?.partial_cmp(&y.as_f64()?),
        },
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// The text of a value in a concatenation.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `String.*`, following Apache Commons `StringUtils`, which Okta's functions are modelled on.
fn string_call(function: StringFn, args: &[Value]) -> Value {
    let text = |i: usize| args.get(i).and_then(Value::as_str);
    match function {
        // null → 0 is what makes Okta's recommended `String.len(x) > 0 ? x : …` chain fall
        // through an instance where the user has no externalId.
        StringFn::Len => match args.first() {
            Some(Value::String(s)) => Value::from(s.chars().count()),
            Some(Value::Null) | None => Value::from(0),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => Value::from(v.to_string().len()),
            Some(_) => Value::Null,
        },
        StringFn::ToUpperCase => text(0).map_or(Value::Null, |s| Value::from(s.to_uppercase())),
        StringFn::ToLowerCase => text(0).map_or(Value::Null, |s| Value::from(s.to_lowercase())),
        StringFn::StringContains => match (text(0), text(1)) {
            (Some(s), Some(sub)) => Value::Bool(s.contains(sub)),
            _ => Value::Bool(false),
        },
        StringFn::SubstringBefore => match (text(0), text(1)) {
            (Some(s), Some(sep)) => Value::from(s.split_once(sep).map_or(s, |(before, _)| before)),
            (Some(s), None) => Value::from(s),
            (None, _) => Value::Null,
        },
        StringFn::SubstringAfter => match (text(0), text(1)) {
            (Some(s), Some(sep)) => Value::from(s.split_once(sep).map_or("", |(_, after)| after)),
            (Some(_), None) => Value::from(""),
            (None, _) => Value::Null,
        },
    }
}
