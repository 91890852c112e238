//! `apigen diff OLD NEW`: what a change of documents does to the generated Rust API, and the
//! semver bump it needs. Two documents, or two directories whose documents are matched by
//! file name.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use apigen::Settings;
use apigen::surface::diff::{Change, Place, Report, Semver};
use apigen::surface::{Document, compare_documents_with};

use crate::Failure;

/// Compare the generated APIs of two documents, or of two directories of documents matched
/// by file name; say what changed for callers and which semver bump that needs.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The document (or directory) before.
    old: PathBuf,
    /// The document (or directory) after.
    new: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Exit with status 3 when a change breaks callers.
    #[arg(long)]
    fail_on_breaking: bool,
}

impl DiffArgs {
    /// Whether a breaking change makes the exit status 3.
    pub fn fail_on_breaking(&self) -> bool {
        self.fail_on_breaking
    }
}

/// Prints the report; returns the overall verdict.
pub fn run(args: &DiffArgs, settings: &Settings) -> Result<Semver, Failure> {
    let pairs = match (args.old.is_dir(), args.new.is_dir()) {
        (true, true) => matched(&args.old, &args.new)?,
        (false, false) => vec![(Some(args.old.clone()), Some(args.new.clone()))],
        _ => {
            return Err(Failure::Usage(String::from(
                "compare two documents or two directories, not one of each",
            )));
        }
    };
    let mut reports = Vec::new();
    for (old, new) in &pairs {
        let report = match (old, new) {
            (Some(old), Some(new)) => {
                let (old_text, new_text) = (read(old)?, read(new)?);
                // In directories, each document takes its own side's settings file.
                let (old_settings, new_settings) = if args.old.is_dir() {
                    (side_settings(old, settings)?, side_settings(new, settings)?)
                } else {
                    (Cow::Borrowed(settings), Cow::Borrowed(settings))
                };
                compare_documents_with(
                    (
                        Document {
                            file: &old.display().to_string(),
                            text: &old_text,
                        },
                        &old_settings,
                    ),
                    (
                        Document {
                            file: &new.display().to_string(),
                            text: &new_text,
                        },
                        &new_settings,
                    ),
                )
                .map_err(|d| Failure::Spec(d.to_string()))?
            }
            (Some(old), None) => whole(old, false),
            (None, Some(new)) => whole(new, true),
            (None, None) => continue,
        };
        reports.push((old.clone(), new.clone(), report));
    }
    let semver = reports
        .iter()
        .map(|(.., r)| r.semver)
        .max()
        .unwrap_or(Semver::None);
    if args.json {
        let json = if pairs.len() == 1 && !args.old.is_dir() {
            reports[0].2.to_json()
        } else {
            serde_json::json!({
                "semver": semver.as_str(),
                "documents": reports.iter().map(|(old, new, r)| {
                    let mut doc = r.to_json();
                    doc["old"] = old.as_ref().map(|p| p.display().to_string()).into();
                    doc["new"] = new.as_ref().map(|p| p.display().to_string()).into();
                    doc
                }).collect::<Vec<_>>(),
            })
        };
        println!("{json:#}");
    } else {
        for (i, (old, new, report)) in reports.iter().enumerate() {
            if i > 0 {
                println!();
            }
            let label = |p: &Option<PathBuf>| {
                p.as_ref()
                    .map_or_else(|| String::from("(none)"), |p| p.display().to_string())
            };
            print!("{}", report.render(&label(old), &label(new)));
        }
        if reports.len() > 1 {
            println!("\noverall: {semver}");
        }
    }
    Ok(semver)
}

/// `settings` with the filters of the settings file beside `document`.
fn side_settings<'s>(
    document: &Path,
    settings: &'s Settings,
) -> Result<Cow<'s, Settings>, Failure> {
    let dir = document
        .parent()
        .map_or_else(String::new, |d| d.display().to_string());
    apigen::project::with_settings_file(document, &dir, settings).map_err(|e| match e {
        apigen::project::ProjectError::Settings(e) => Failure::Spec(format!("error: {e}")),
        other => Failure::Io(other.to_string()),
    })
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))
}

/// A document before and after; either side may be missing.
type Pair = (Option<PathBuf>, Option<PathBuf>);

/// Documents of both directories, by file name.
fn matched(old: &Path, new: &Path) -> Result<Vec<Pair>, Failure> {
    let names = |dir: &Path| -> Result<BTreeSet<String>, Failure> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| Failure::Io(format!("cannot read {}: {e}", dir.display())))?;
        Ok(entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                let n = n.to_ascii_lowercase();
                (n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json"))
                    && !apigen::settings_file::is_settings_file(&n)
            })
            .collect())
    };
    let (before, after) = (names(old)?, names(new)?);
    Ok(before
        .union(&after)
        .map(|name| {
            (
                before.contains(name).then(|| old.join(name)),
                after.contains(name).then(|| new.join(name)),
            )
        })
        .collect())
}

/// A document only one side has: its whole module added (compatible) or removed (breaking).
fn whole(path: &Path, added: bool) -> Report {
    let place = Place {
        pointer: String::new(),
        file: path.display().to_string(),
        line: None,
    };
    let (kind, level, message) = if added {
        (
            "document-added",
            Semver::Minor,
            "a new document: a new module",
        )
    } else {
        (
            "document-removed",
            Semver::Major,
            "the document is gone, and its module with it",
        )
    };
    Report {
        semver: level,
        changes: vec![Change {
            kind: kind.to_owned(),
            level,
            rust_item: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            old: (!added).then(|| place.clone()),
            new: added.then_some(place),
            message: message.to_owned(),
        }],
    }
}
