//! Test-only crate: end-to-end client ↔ mock tests, property tests and the official SDKs'
//! compatibility runs live in `tests/tests/`.
