//! The user as the mock's Expression Language sees it, and Okta's recommended ordered chain.

use okta_client::directory::AdInstance;
use okta_mock::internals::{EvalContext, Expr};
use serde_json::{Value, json};

use super::scenario::AppUserSpec;

/// The user as the mock's Expression Language sees it: each AD app user's profile, with
/// `externalId` null when the app user is DEPROVISIONED or STAGED.
pub(crate) struct ElUser(Vec<(String, Value)>);

impl ElUser {
    pub(crate) fn new(instances: &[(AdInstance, Option<AppUserSpec>)]) -> Self {
        let profiles = instances.iter().filter_map(|(instance, spec)| {
            let spec = spec.as_ref()?;
            let value = if spec.is_linked() {
                spec.value()
            } else {
                Value::Null
            };
            let name = instance.variable_name.clone().unwrap_or_default();
            Some((name, json!({ "externalId": value })))
        });
        Self(profiles.collect())
    }
}

impl EvalContext for ElUser {
    fn user_attribute(&self, _name: &str) -> Option<Value> {
        None
    }
    fn directory_users(&self) -> Vec<Value> {
        self.0.iter().map(|(_, profile)| profile.clone()).collect()
    }
    fn app_user_by_variable(&self, variable_name: &str) -> Option<Value> {
        let found = self.0.iter().find(|(name, _)| name == variable_name);
        found.map(|(_, profile)| profile.clone())
    }
}

/// Okta's recommended ordered chain over the instances, in preference order.
pub(crate) fn okta_chain(instances: &[(AdInstance, Option<AppUserSpec>)], order: &[usize]) -> Expr {
    let mut source = String::from("null");
    for &i in order.iter().rev() {
        let var = instances[i].0.variable_name.clone().unwrap_or_default();
        source = format!("String.len({var}.externalId) > 0 ? {var}.externalId : {source}");
    }
    Expr::parse(&source).expect("the generated chain parses")
}
