//! The client error type.
