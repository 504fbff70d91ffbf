//! The flows the runtime runs, one module each (see [`crate::runtime`]).

pub mod birthright_access;
pub mod immutable_id_trigger;
pub mod title_sync;
