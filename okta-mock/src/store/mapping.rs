//! Profile mappings from the Okta user to an app's users: the attribute, its Expression
//! Language (`crate::expr`) expression and when it applies. Evaluating them against the org is
//! `mapping_eval.rs`, so this type depends on nothing of the store.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::expr::{Expr, ParseError};

/// When a mapping is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyOn {
    /// Only when the user is assigned to the app.
    Create,
    /// On assignment and whenever the user's profile or AD assignments change.
    CreateAndUpdate,
}

/// One mapping: `attribute ← expression`.
#[derive(Clone)]
pub struct Mapping {
    /// The app-user profile attribute written.
    pub attribute: String,
    /// When it is applied.
    pub apply_on: ApplyOn,
    pub(super) expr: Expr,
}

impl fmt::Debug for Mapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mapping")
            .field("attribute", &self.attribute)
            .field("expression", &self.expr.source())
            .field("apply_on", &self.apply_on)
            .finish()
    }
}

impl Mapping {
    /// Parses a mapping.
    ///
    /// # Errors
    /// The expression's [`ParseError`].
    pub fn new(
        attribute: impl Into<String>,
        expression: &str,
        apply_on: ApplyOn,
    ) -> Result<Self, ParseError> {
        Ok(Self {
            attribute: attribute.into(),
            apply_on,
            expr: Expr::parse(expression)?,
        })
    }

    /// The expression text.
    pub fn expression(&self) -> &str {
        self.expr.source()
    }

    /// Okta's default Office 365 mapping of `immutableId`.
    pub fn office365_default() -> Self {
        Self::new(
            "immutableId",
            "hasDirectoryUser()?findDirectoryUser().externalId:null",
            ApplyOn::CreateAndUpdate,
        )
        .unwrap_or_else(|_| unreachable!("the default mapping parses"))
    }
}

impl ApplyOn {
    /// The wire name (`create`, `create_and_update`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyOn::Create => "create",
            ApplyOn::CreateAndUpdate => "create_and_update",
        }
    }
}
