//! The okta-scenarios integration tests, one binary for the whole crate (each integration test
//! file would otherwise be its own binary statically linking rustls, axum and the rest): the
//! named cases, the CLI, faults, request counts, the agreement of batch and per-user modes, and
//! the absence of soft-match takeovers.

mod attribute_write;
mod capture;
mod capture_prop;
mod cases;
mod cli;
mod cli_flows;
mod cli_words;
mod faults;
mod fidelity;
mod flow_birthright_access;
mod flow_group_flag;
mod flow_immutable_id_trigger;
mod flow_loop_prop;
mod flow_manager_notification;
mod flow_mfa_reminder;
mod flow_offboarding;
mod flow_support;
mod flow_title_sync;
mod modes_agree;
mod modes_agree_prop;
mod no_takeover_prop;
mod private_key;
mod rate_families;
mod request_count;
mod runtime_prop;
mod secrets;
mod support;
