//! HTTP layer: routes, middleware, Okta-shaped errors.
