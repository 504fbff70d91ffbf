use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{EvalContext, Expr, ParseError};

const DEFAULT_O365: &str = "hasDirectoryUser()?findDirectoryUser().externalId:null";
const CHAIN: &str = "String.len(active_directory.externalId) > 0 ? active_directory.externalId : \
                     String.len(active_directory_gfuif63.externalId) > 0 ? \
                     active_directory_gfuif63.externalId : null";
const ID_1: &str = "yYuRNW0Z6kCXeYidebdT8A==";
const ID_2: &str = "AAECAwQFBgcICQoLDA0ODw==";

/// A user with a profile and app users keyed by variable name; the AD ones are the variables
/// starting with `active_directory`.
#[derive(Default)]
struct Ctx {
    user: BTreeMap<String, Value>,
    apps: BTreeMap<String, Value>,
}

impl Ctx {
    fn with_ad(mut self, variable: &str, external_id: Option<&str>) -> Self {
        self.apps
            .insert(variable.to_owned(), json!({ "externalId": external_id }));
        self
    }
}

impl EvalContext for Ctx {
    fn user_attribute(&self, name: &str) -> Option<Value> {
        self.user.get(name).cloned()
    }
    fn directory_users(&self) -> Vec<Value> {
        self.apps
            .iter()
            .filter(|(k, _)| k.starts_with("active_directory"))
            .map(|(_, v)| v.clone())
            .collect()
    }
    fn app_user_by_variable(&self, variable_name: &str) -> Option<Value> {
        self.apps.get(variable_name).cloned()
    }
}

fn eval(source: &str, ctx: &Ctx) -> Value {
    Expr::parse(source)
        .unwrap_or_else(|e| panic!("{source}: {e}"))
        .eval(ctx)
}

fn parse_error(source: &str) -> ParseError {
    match Expr::parse(source) {
        Ok(expr) => panic!("{source} parsed as {expr:?}"),
        Err(e) => e,
    }
}

#[test]
fn the_default_office365_mapping_needs_exactly_one_ad_user() {
    assert_eq!(eval(DEFAULT_O365, &Ctx::default()), Value::Null);
    let one = Ctx::default().with_ad("active_directory", Some(ID_1));
    assert_eq!(eval(DEFAULT_O365, &one), json!(ID_1));
    let two = one.with_ad("active_directory_gfuif63", Some(ID_2));
    assert_eq!(eval(DEFAULT_O365, &two), Value::Null);
    assert_eq!(eval("findDirectoryUser()", &two), Value::Null);
    assert_eq!(eval("hasDirectoryUser()", &two), json!(false));
}

#[test]
fn the_ordered_chain_takes_the_first_populated_instance() {
    let both = Ctx::default()
        .with_ad("active_directory", Some(ID_1))
        .with_ad("active_directory_gfuif63", Some(ID_2));
    assert_eq!(eval(CHAIN, &both), json!(ID_1));
    let second_only = Ctx::default().with_ad("active_directory_gfuif63", Some(ID_2));
    assert_eq!(eval(CHAIN, &second_only), json!(ID_2));
    assert_eq!(eval(CHAIN, &Ctx::default()), Value::Null);
}

#[test]
fn a_deprovisioned_first_ad_falls_through_to_the_second() {
    // DEPROVISIONED app users carry a null externalId.
    let ctx = Ctx::default()
        .with_ad("active_directory", None)
        .with_ad("active_directory_gfuif63", Some(ID_2));
    assert_eq!(eval(CHAIN, &ctx), json!(ID_2));
    // ...but still count for findDirectoryUser(), so the default mapping stays null.
    assert_eq!(eval(DEFAULT_O365, &ctx), Value::Null);
    assert_eq!(eval("hasDirectoryUser()", &ctx), json!(false));
}

#[test]
fn member_access_is_null_safe() {
    let ctx = Ctx::default();
    assert_eq!(eval("findDirectoryUser().externalId", &ctx), Value::Null);
    assert_eq!(eval("nosuchapp.externalId.deeper", &ctx), Value::Null);
    assert_eq!(eval("user.missing", &ctx), Value::Null);
    assert_eq!(eval("String.len(nosuchapp.externalId)", &ctx), json!(0));
}

#[test]
fn user_attributes_and_string_functions_evaluate() {
    let mut ctx = Ctx::default();
    ctx.user.insert("firstName".into(), json!("Ada"));
    ctx.user
        .insert("email".into(), json!("ada@corp.example.com"));
    assert_eq!(eval("user.firstName + ' ' + \"L\"", &ctx), json!("Ada L"));
    assert_eq!(
        eval("String.toUpperCase(user.firstName)", &ctx),
        json!("ADA")
    );
    assert_eq!(eval("String.len(user.firstName)", &ctx), json!(3));
    assert_eq!(
        eval("String.substringBefore(user.email, '@')", &ctx),
        json!("ada")
    );
    assert_eq!(
        eval("String.substringAfter(user.email, '@')", &ctx),
        json!("corp.example.com")
    );
    assert_eq!(
        eval("String.stringContains(user.email, 'corp')", &ctx),
        json!(true)
    );
    assert_eq!(eval("'it''s' + \"\\\"q\\\"\"", &ctx), json!("it's\"q\""));
}

#[test]
fn operators_follow_precedence() {
    let ctx = Ctx::default();
    assert_eq!(eval("1 + 2 > 2", &ctx), json!(true));
    assert_eq!(eval("10 - 2 - 3", &ctx), json!(5));
    assert_eq!(eval("1 + 2 == 3 && 'a' < 'b'", &ctx), json!(true));
    assert_eq!(eval("false || true && false", &ctx), json!(false));
    assert_eq!(eval("(false || true) && !false", &ctx), json!(true));
    assert_eq!(eval("true ? 1 : 2 + 10", &ctx), json!(1));
    assert_eq!(eval("false ? 1 : true ? 2 : 3", &ctx), json!(2));
    assert_eq!(
        eval("1 == 1.0 AND 2 >= 2 and NOT (3 <= 2)", &ctx),
        json!(true)
    );
    assert_eq!(eval("-1.5 + 1", &ctx), json!(-0.5));
    assert_eq!(eval("null == null", &ctx), json!(true));
    assert_eq!(eval("'a' + null", &ctx), json!("anull"));
}

#[test]
fn type_mismatches_evaluate_to_null_or_false() {
    let ctx = Ctx::default();
    assert_eq!(eval("'a' > 1", &ctx), json!(false));
    assert_eq!(eval("null + 1", &ctx), Value::Null);
    assert_eq!(eval("!'text'", &ctx), Value::Null);
    assert_eq!(eval("'yes' ? 1 : 2", &ctx), json!(2));
    assert_eq!(
        eval("9223372036854775807 + 1", &ctx),
        json!(9.223372036854776e18)
    );
}

#[test]
fn parse_errors_carry_the_column() {
    let e = parse_error("hasDirectoryUser() ? findDirectoryUsers().externalId : null");
    assert_eq!(e.position, 21);
    assert!(
        e.message.contains("unknown function `findDirectoryUsers`"),
        "{e}"
    );
    assert_eq!(
        e.to_string(),
        "at column 22: unknown function `findDirectoryUsers`"
    );

    let e = parse_error("String.length(user.login)");
    assert_eq!(
        (e.position, e.message.as_str()),
        (7, "unknown function `String.length`")
    );

    let e = parse_error("String.len(user.login, 2)");
    assert_eq!(e.position, 7);

    let e = parse_error("user.login ? 'a'");
    assert_eq!(e.position, 16);
    assert!(e.message.contains("expected `:`"), "{e}");

    let e = parse_error("user.login = 'a'");
    assert_eq!(e.position, 11);

    let e = parse_error("'unterminated");
    assert_eq!(e.position, 0);

    let e = parse_error("active_directory");
    assert_eq!(e.position, 16);

    let e = parse_error("Arrays.contains(user.groups, 'x')");
    assert_eq!(e.message, "unknown function `Arrays.contains`");

    assert_eq!(parse_error("1 +").position, 3);
    assert_eq!(parse_error("(1").position, 2);
    assert_eq!(parse_error("1 2").position, 2);
    assert_eq!(parse_error("é #").position, 0);
}

#[test]
fn hostile_nesting_is_refused_rather_than_overflowing() {
    let deep = format!("{}1{}", "(".repeat(150), ")".repeat(150));
    assert!(parse_error(&deep).message.contains("nested too deeply"));
    let nots = format!("{}true", "!".repeat(150));
    assert!(parse_error(&nots).message.contains("nested too deeply"));
    let ternaries = format!("{}1", "true ? 1 : ".repeat(150));
    assert!(
        parse_error(&ternaries)
            .message
            .contains("nested too deeply")
    );
    let huge = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(Expr::parse(&huge).is_err());
    assert_eq!(eval("!!!!true", &Ctx::default()), json!(true));
    let long = vec!["1"; 5000].join(" + ");
    assert!(parse_error(&long).message.contains("too long"));
    let fine = vec!["1"; 1000].join(" + ");
    assert_eq!(eval(&fine, &Ctx::default()), json!(1000));
}

#[test]
fn an_expression_displays_its_source() {
    let expr = Expr::parse(DEFAULT_O365).unwrap();
    assert_eq!(expr.to_string(), DEFAULT_O365);
    assert_eq!(expr.source(), DEFAULT_O365);
}

#[test]
fn an_expression_round_trips_through_json_as_its_source() {
    let expr: Expr = serde_json::from_value(json!(DEFAULT_O365)).unwrap();
    assert_eq!(serde_json::to_value(&expr).unwrap(), json!(DEFAULT_O365));
    let err = serde_json::from_value::<Expr>(json!("user.")).unwrap_err();
    assert!(err.to_string().contains("at column 6"), "{err}");
}
