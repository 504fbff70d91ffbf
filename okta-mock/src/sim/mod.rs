//! Simulations: rate limits and fault injection.
