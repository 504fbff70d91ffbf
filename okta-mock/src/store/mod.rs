//! The pure, synchronous domain of the mock org.
