//! The app links on a user's dashboard.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::AppId;

/// One app link of a user (`GET /api/v1/users/{id}/appLinks`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedAppLink {
    /// The link id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The app's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The sign-in URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_url: Option<String>,
    /// The logo URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// The app's integration name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    /// The app instance id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_instance_id: Option<AppId>,
    /// The assignment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_assignment_id: Option<String>,
    /// Whether the user still has to set credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials_setup: Option<bool>,
    /// Hidden from the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Position on the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<i64>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
