//! The HTTP transport: auth, retries, rate limits, error decoding.
