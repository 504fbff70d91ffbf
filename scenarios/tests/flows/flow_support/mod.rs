//! What the flow tests share, in one place: a mock started from a flow's scenario file and
//! its client ([`org`]), a state store in memory or in a temporary file ([`state`]), a
//! notifier that keeps what it is sent and can be made to fail ([`notify`]), an applying
//! engine driven over the mock's System Log and hooks ([`engine`]), and a harness that hands
//! the new System Log events to the engine one at a time ([`harness`]).

pub mod engine;
pub mod harness;
pub mod notify;
pub mod org;
pub mod state;

pub use engine::{before_now, drive, engine, hooked, sources, try_drive};
pub use harness::{Harness, okta_writes, shared};
pub use notify::Collected;
pub use org::{flow_mock, group_names, lock_out, logged_event, writes};
pub use state::{StateFile, context, state};
