//! Client configuration: the builder, environment variables and okta.yaml.
