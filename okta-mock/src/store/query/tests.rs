use serde_json::{Value, json};
use std::borrow::Cow;

use super::{Dialect, Expr, Literal, Op, Query};

fn cmp(attribute: &str, value: &str) -> Expr {
    Expr::Compare {
        attribute: attribute.into(),
        op: Op::Eq,
        value: Literal::Str(value.into()),
    }
}

fn and(a: Expr, b: Expr) -> Expr {
    Expr::And(Box::new(a), Box::new(b))
}

fn or(a: Expr, b: Expr) -> Expr {
    Expr::Or(Box::new(a), Box::new(b))
}

#[test]
fn and_binds_tighter_than_or() {
    let e = Expr::parse(r#"a eq "1" or b eq "2" and c eq "3""#).unwrap();
    assert_eq!(e, or(cmp("a", "1"), and(cmp("b", "2"), cmp("c", "3"))));
    let e = Expr::parse(r#"a eq "1" and b eq "2" or c eq "3""#).unwrap();
    assert_eq!(e, or(and(cmp("a", "1"), cmp("b", "2")), cmp("c", "3")));
}

#[test]
fn parentheses_override_precedence() {
    let e = Expr::parse(r#"(a eq "1" or b eq "2") and c eq "3""#).unwrap();
    assert_eq!(e, and(or(cmp("a", "1"), cmp("b", "2")), cmp("c", "3")));
}

#[test]
fn operators_and_keywords_ignore_case_but_attribute_names_do_not() {
    let e = Expr::parse(r#"profile.firstName EQ "x" AnD status Eq "y""#).unwrap();
    assert_eq!(e, and(cmp("profile.firstName", "x"), cmp("status", "y")));
    assert_eq!(
        Expr::parse("profile.x PR").unwrap(),
        Expr::Present {
            attribute: "profile.x".into()
        }
    );
}

#[test]
fn strings_keep_escaped_quotes_backslashes_and_unicode() {
    let e = Expr::parse(r#"a eq "say \"hi\" \\ \u00e9/\/""#).unwrap();
    assert_eq!(e, cmp("a", "say \"hi\" \\ é//"));
}

#[test]
fn numbers_booleans_and_null_are_literals() {
    let e = Expr::parse("a gt 5 or b eq true or c eq null").unwrap();
    let expected = or(
        or(
            Expr::Compare {
                attribute: "a".into(),
                op: Op::Gt,
                value: Literal::Num(5.0),
            },
            Expr::Compare {
                attribute: "b".into(),
                op: Op::Eq,
                value: Literal::Bool(true),
            },
        ),
        Expr::Compare {
            attribute: "c".into(),
            op: Op::Eq,
            value: Literal::Null,
        },
    );
    assert_eq!(e, expected);
}

#[test]
fn bad_input_is_reported_with_a_position() {
    for (input, position, needle) in [
        (r#"a eq "open"#, 5, "Unterminated string"),
        ("a eq", 4, "Missing value"),
        ("a", 1, "Missing operator"),
        (r#"a ne "x""#, 2, "Unknown operator"),
        (r#"not a eq "x""#, 0, "not"),
        (r#"(a eq "x""#, 9, "Missing ')'"),
        (r#"a eq "x" b eq "y""#, 9, "Unexpected"),
        (r#"a eq "x" and"#, 12, "end of expression"),
        (r#"a eq "\q""#, 6, "Invalid escape"),
        ("a eq \"x\" ; drop", 9, "Unexpected character"),
        ("", 0, "end of expression"),
        (r#"and eq "x""#, 0, "Expected an attribute"),
    ] {
        let err = Expr::parse(input).unwrap_err();
        assert_eq!(err.position, position, "{input}: {err}");
        assert!(err.message.contains(needle), "{input}: {err}");
    }
}

fn any(_: &str, _: Option<Op>) -> Result<(), String> {
    Ok(())
}

const LOOSE: Dialect = Dialect {
    check: any,
    is_timestamp: |a| a == "when",
    case_insensitive: true,
};
const STRICT: Dialect = Dialect {
    check: any,
    is_timestamp: |_| false,
    case_insensitive: false,
};

fn obj(v: Value) -> impl Fn(&str) -> Option<Cow<'static, Value>> {
    move |a| v.get(a).cloned().map(Cow::Owned)
}

#[test]
fn matching_follows_the_dialects_case_rule() {
    let o = obj(json!({"name": "Ada", "tags": ["x", "Y"], "n": 3}));
    let q = |s: &str, d: &Dialect| Query::compile(s, d).unwrap().matches(&o);
    assert!(q(r#"name eq "ada""#, &LOOSE));
    assert!(!q(r#"name eq "ada""#, &STRICT));
    assert!(q(r#"name sw "A" and name co "d""#, &STRICT));
    assert!(q(r#"tags eq "y""#, &LOOSE));
    assert!(q("n ge 3 and n lt 4", &STRICT));
    assert!(q("missing eq null and name pr", &STRICT));
    assert!(!q("missing pr", &STRICT));
}

#[test]
fn searches_ignore_case_for_every_operator_in_ascii_and_beyond() {
    let o = obj(json!({"name": "Ada Lovelace", "city": "Zürich"}));
    let q = |s: &str, d: &Dialect| Query::compile(s, d).unwrap().matches(&o);
    assert!(q(r#"name sw "ADA L""#, &LOOSE));
    assert!(q(r#"name co "LOVE""#, &LOOSE));
    assert!(q(r#"name co """#, &LOOSE));
    assert!(!q(r#"name sw "Ada Lovelace and more""#, &LOOSE));
    assert!(q(r#"name gt "ADA""#, &LOOSE) && q(r#"name lt "ADB""#, &LOOSE));
    assert!(!q(r#"name co "LOVE""#, &STRICT));
    assert!(q(
        r#"city eq "ZÜRICH" and city sw "zü" and city co "ÜR""#,
        &LOOSE
    ));
    assert!(!q(r#"city eq "ZÜRICH""#, &STRICT));
}

#[test]
fn timestamp_literals_are_normalised_before_comparing() {
    let o = obj(json!({"when": "2024-01-09T15:36:04.000Z"}));
    let q = |s: &str| Query::compile(s, &LOOSE).unwrap().matches(&o);
    assert!(q(r#"when eq "2024-01-09T17:36:04+02:00""#));
    assert!(q(r#"when gt "2024-01-09T15:36:03.999Z""#));
    let err = Query::compile(r#"when gt "soon""#, &LOOSE).unwrap_err();
    assert_eq!(err.summary, "Invalid search criteria.");
}
