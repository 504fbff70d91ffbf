//! End to end, the real client against the mock, one module per area of the API.

mod app_groups;
mod app_users;
mod apps;
mod directory;
mod factors;
mod groups;
mod oauth;
mod oauth_dpop;
mod oauth_proxy;
mod pagination_and_errors;
mod query_languages;
mod transport;
mod user_lifecycle;
mod user_passwords;
mod user_queries;
mod users;
