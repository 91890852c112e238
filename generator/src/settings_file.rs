//! The settings file beside a document in a directory of documents: `spec/cbr.yaml` reads
//! `spec/cbr.apigen.yaml` when it exists. The command line's default mode and `build.rs`
//! both generate through [`crate::project`], which reads it, so the checked-in output and
//! the build output stay the same bytes.
//!
//! ```yaml
//! # spec/cbr.apigen.yaml
//! filters:
//!   include-tags: [Backups]
//!   include-operations: [RestoreBackup, "List*"]   # quote globs: YAML reads `*x` as an alias
//!   exclude-operations: [DeleteBackup]
//!   exclude-tags: []
//!   keep-unreachable-schemas: false
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Filters;

/// How a document's settings file is named: its stem, then this.
pub const SUFFIX: &str = ".apigen.yaml";

/// The settings file of the document at `document` (`a/b.json` → `a/b.apigen.yaml`).
pub fn beside(document: &Path) -> PathBuf {
    let stem = document
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    document.with_file_name(format!("{stem}{SUFFIX}"))
}

/// Whether `file_name` is a settings file rather than a document.
pub fn is_settings_file(file_name: &str) -> bool {
    file_name.ends_with(SUFFIX)
}

/// A settings file that does not read.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct SettingsFileError {
    /// How the file is named in messages.
    pub file: String,
    /// Line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

/// The file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    filters: FilterSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FilterSection {
    #[serde(default)]
    include_tags: Vec<String>,
    #[serde(default)]
    exclude_tags: Vec<String>,
    #[serde(default)]
    include_operations: Vec<String>,
    #[serde(default)]
    exclude_operations: Vec<String>,
    #[serde(default)]
    keep_unreachable_schemas: bool,
}

/// Reads a settings file's text; `display` names it in errors and in the filters' own
/// messages (an entry matching nothing is reported as written there).
///
/// # Errors
/// YAML that does not parse, unknown keys, values of the wrong type, located.
pub fn parse(display: &str, text: &str) -> Result<Filters, SettingsFileError> {
    let file: File = if text.trim().is_empty() {
        File::default()
    } else {
        serde_yaml::from_str(text).map_err(|e| SettingsFileError {
            file: display.to_owned(),
            location: e.location().map(|l| (l.line(), l.column())),
            message: e.to_string(),
        })?
    };
    let f = file.filters;
    Ok(Filters::default()
        .include_tags(f.include_tags)
        .exclude_tags(f.exclude_tags)
        .include_operations(f.include_operations)
        .exclude_operations(f.exclude_operations)
        .keep_unreachable_schemas(f.keep_unreachable_schemas)
        .written_in(display))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_contents() {
        assert_eq!(
            beside(Path::new("spec/cbr.yaml")),
            Path::new("spec/cbr.apigen.yaml")
        );
        assert!(is_settings_file("cbr.apigen.yaml") && !is_settings_file("cbr.yaml"));
        let f = parse(
            "s.apigen.yaml",
            "filters:\n  include-tags: [a]\n  exclude-operations: ['Delete*']\n",
        )
        .unwrap();
        assert_eq!(
            f,
            Filters::default()
                .include_tags(["a"])
                .exclude_operations(["Delete*"])
                .written_in("s.apigen.yaml")
        );
        assert!(
            parse("e.apigen.yaml", "").unwrap() == Filters::default().written_in("e.apigen.yaml")
        );
        let e = parse("s.apigen.yaml", "filters:\n  include-tag: [a]\n").unwrap_err();
        assert_eq!(e.location.map(|l| l.0), Some(2), "{e}");
        assert!(e.to_string().starts_with("s.apigen.yaml:2:"), "{e}");
        assert!(e.to_string().contains("include-tag"), "{e}");
    }
}
