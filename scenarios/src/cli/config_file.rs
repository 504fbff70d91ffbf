//! The optional config file (`--config FILE`): the settings a person writes down once, today
//! the AD order of the Immutable ID flow.
//!
//! ```toml
//! [immutable-id]
//! prefer = ["corp.example.com", "emea.example.com"]   # the same as --prefer, in this order
//! strict = false                                      # true: the same as --strict
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::args::ImmutableIdArgs;

/// The file as a whole: one table per flow.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(rename = "immutable-id", default)]
    immutable_id: ImmutableIdSection,
}

/// `[immutable-id]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImmutableIdSection {
    #[serde(default)]
    prefer: Vec<String>,
    #[serde(default)]
    strict: bool,
}

/// The AD order of a run and who chose it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChosenOrder {
    /// AD instances by label or id, in order; empty: no order was chosen.
    pub prefer: Vec<String>,
    /// `--prefer` or `prefer in FILE`; `None` when no order was chosen.
    pub origin: Option<String>,
    /// `--strict`, or `strict = true` in the file.
    pub strict: bool,
}

/// Why the config file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("config file {}: {message}", path.display())]
pub struct ConfigFileError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

/// The order for a run: `--prefer` when given, else `prefer` from `--config`, else none.
///
/// # Errors
/// When the file cannot be read or is not the format above (unknown keys are refused, so a
/// misspelt `prefer` is never silently ignored).
pub fn chosen_order(args: &ImmutableIdArgs) -> Result<ChosenOrder, ConfigFileError> {
    let file = match &args.config {
        Some(path) => read(path)?,
        None => ImmutableIdSection::default(),
    };
    let strict = args.strict || file.strict;
    if !args.prefer.is_empty() {
        return Ok(ChosenOrder {
            prefer: args.prefer.clone(),
            origin: Some("--prefer".to_owned()),
            strict,
        });
    }
    let origin = match (&args.config, file.prefer.is_empty()) {
        (Some(path), false) => Some(format!("prefer in {}", path.display())),
        _ => None,
    };
    Ok(ChosenOrder {
        prefer: file.prefer,
        origin,
        strict,
    })
}

fn read(path: &Path) -> Result<ImmutableIdSection, ConfigFileError> {
    let fail = |message: String| ConfigFileError {
        path: path.to_owned(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    parse(&text).map_err(fail)
}

fn parse(text: &str) -> Result<ImmutableIdSection, String> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    if let Some(blank) = file
        .immutable_id
        .prefer
        .iter()
        .find(|p| p.trim().is_empty())
    {
        return Err(format!(
            "[immutable-id] prefer holds a blank entry {blank:?}"
        ));
    }
    Ok(file.immutable_id)
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};

    fn args(extra: &[&str]) -> ImmutableIdArgs {
        let argv = ["okta-flows", "immutable-id", "--all"].iter().chain(extra);
        let Command::ImmutableId(args) = Cli::try_parse_from(argv).unwrap().command else {
            panic!("not immutable-id")
        };
        args
    }

    #[test]
    fn the_file_gives_the_order_and_strictness() {
        let section =
            parse("[immutable-id]\nprefer = [\"emea.example.com\", \"0oa1\"]\nstrict = true\n")
                .unwrap();
        assert_eq!(section.prefer, ["emea.example.com", "0oa1"]);
        assert!(section.strict);
        assert!(parse("").unwrap().prefer.is_empty());
    }

    #[test]
    fn unknown_keys_and_blank_entries_are_refused_with_a_reason() {
        let err = parse("[immutable-id]\nprefered = [\"corp\"]\n").unwrap_err();
        assert!(err.contains("prefered"), "{err}");
        assert!(parse("prefer = [\"corp\"]\n").is_err());
        assert!(parse("[immutable-id]\nprefer = [\" \"]\n").is_err());
        assert!(parse("[immutable-id]\nprefer = \"corp\"\n").is_err());
    }

    #[test]
    fn the_command_line_order_wins_over_the_file_and_no_order_is_no_origin() {
        let dir = std::env::temp_dir().join(format!("okta-flows-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("okta-flows.toml");
        std::fs::write(&path, "[immutable-id]\nprefer = [\"emea.example.com\"]\n").unwrap();
        let file = path.to_str().unwrap();

        let from_file = chosen_order(&args(&["--config", file])).unwrap();
        assert_eq!(from_file.prefer, ["emea.example.com"]);
        assert_eq!(from_file.origin, Some(format!("prefer in {file}")));

        let flag = chosen_order(&args(&["--config", file, "--prefer", "corp"])).unwrap();
        assert_eq!(flag.prefer, ["corp"]);
        assert_eq!(flag.origin.as_deref(), Some("--prefer"));

        let none = chosen_order(&args(&["--strict"])).unwrap();
        assert_eq!(
            none,
            ChosenOrder {
                strict: true,
                ..ChosenOrder::default()
            }
        );

        let missing = chosen_order(&args(&["--config", "/nonexistent/okta-flows.toml"]));
        assert!(
            missing
                .unwrap_err()
                .to_string()
                .contains("/nonexistent/okta-flows.toml")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
