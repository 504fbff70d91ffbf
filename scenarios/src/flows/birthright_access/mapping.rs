//! The department → groups mapping: given inline in the flows' configuration, or read from a
//! TOML or JSON file of its own (so HR or IT can keep it beside other access documents).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::runtime::FlowError;

/// Department → the names of the groups its members belong to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping(BTreeMap<String, Vec<String>>);

impl Mapping {
    /// A mapping from its entries.
    pub fn new(entries: BTreeMap<String, Vec<String>>) -> Self {
        Self(entries)
    }

    /// Reads a mapping file: JSON when its name ends in `.json`, TOML otherwise, in both cases
    /// one key per department whose value is the list of group names
    /// (`Engineering = ["GitHub", "Jira"]`).
    ///
    /// # Errors
    /// [`FlowError::Config`] saying which file could not be read or parsed, and why.
    pub fn from_file(path: &Path) -> Result<Self, FlowError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            FlowError::Config(format!(
                "birthright-access: cannot read the mapping file {}: {e}",
                path.display()
            ))
        })?;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let entries: Result<BTreeMap<String, Vec<String>>, String> = if json {
            serde_json::from_str(&text).map_err(|e| e.to_string())
        } else {
            toml::from_str(&text).map_err(|e| e.to_string())
        };
        entries.map(Self).map_err(|e| {
            FlowError::Config(format!(
                "birthright-access: the mapping file {} is not a table of department = \
                 [group names]: {e}",
                path.display()
            ))
        })
    }

    /// The groups of a department (matched ignoring ASCII case and surrounding spaces, as HR
    /// systems are not consistent about either); none for a department the mapping lacks.
    pub fn groups_for(&self, department: Option<&str>) -> &[String] {
        let Some(department) = department.map(str::trim) else {
            return &[];
        };
        self.0
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(department))
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }

    /// Every group the mapping names: the groups the flow manages, and the only ones it ever
    /// adds a user to or removes a user from.
    pub fn group_names(&self) -> BTreeSet<String> {
        self.0.values().flatten().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_department_is_matched_ignoring_case_and_spaces() {
        let mapping = Mapping::new(BTreeMap::from([(
            "Engineering".to_owned(),
            vec!["GitHub".to_owned(), "Jira".to_owned()],
        )]));
        assert_eq!(
            mapping.groups_for(Some(" engineering ")),
            ["GitHub", "Jira"]
        );
        assert!(mapping.groups_for(Some("Sales")).is_empty());
        assert!(mapping.groups_for(None).is_empty());
    }

    #[test]
    fn a_mapping_file_is_read_as_toml_or_json_by_its_extension() {
        let dir = std::env::temp_dir().join(format!("birthright-mapping-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let toml_file = dir.join("mapping.toml");
        std::fs::write(&toml_file, "Sales = [\"Salesforce\", \"Gong\"]\n").unwrap();
        let json_file = dir.join("mapping.json");
        std::fs::write(&json_file, r#"{"Sales": ["Salesforce", "Gong"]}"#).unwrap();
        let bad_file = dir.join("bad.json");
        std::fs::write(&bad_file, r#"{"Sales": "Salesforce"}"#).unwrap();
        let from_toml = Mapping::from_file(&toml_file).unwrap();
        assert_eq!(from_toml, Mapping::from_file(&json_file).unwrap());
        assert_eq!(from_toml.groups_for(Some("Sales")), ["Salesforce", "Gong"]);
        let error = Mapping::from_file(&bad_file).unwrap_err().to_string();
        assert!(error.contains("bad.json"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
