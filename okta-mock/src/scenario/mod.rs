//! Scenario files: the JSON description of an org.
