//! A directory of documents → one module per document, as the command line's default job and
//! `build.rs` both need it, so the checked-in `generated/` and the build output are the same
//! bytes by construction.

use std::path::{Path, PathBuf};

use crate::settings_file;
use crate::write::{Mode, Outcome, ensure_file_contents};
use crate::{Diagnostics, Generated, Settings, naming};

/// For build scripts: the package directory and `OUT_DIR`, or `None` outside cargo.
pub fn build_script_dirs() -> Option<(PathBuf, PathBuf)> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let out_dir = std::env::var_os("OUT_DIR")?;
    Some((PathBuf::from(manifest_dir), PathBuf::from(out_dir)))
}

/// Extensions read as documents.
const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Why a directory could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// Reading or listing failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// No documents in the directory.
    #[error("no OpenAPI documents (*.yaml, *.yml, *.json) in {0}")]
    Empty(PathBuf),
    /// Two documents map to one module name.
    #[error("{first} and {second} both become the module `{module}`; rename one")]
    ModuleCollision {
        /// The first document.
        first: String,
        /// The second document.
        second: String,
        /// The shared module name.
        module: String,
    },
    /// A document has errors.
    #[error("{0}")]
    Spec(Diagnostics),
    /// A document's settings file does not read, or has no document.
    #[error("{0}")]
    Settings(#[from] crate::settings_file::SettingsFileError),
    /// A generator bug: generated code that does not parse.
    #[error("internal error, please report: {0}")]
    Internal(String),
}

/// A document found in the directory.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// Where it is.
    pub path: PathBuf,
    /// How diagnostics and headers name it: `<prefix>/<file name>`.
    pub display: String,
    /// The module (and output file stem) it becomes.
    pub module: String,
}

/// One generated module.
#[derive(Debug, Clone)]
pub struct Module {
    /// The document.
    pub spec: SpecFile,
    /// What was generated.
    pub generated: Generated,
}

impl Module {
    /// The output file name, `<module>.rs`.
    pub fn file_name(&self) -> String {
        format!("{}.rs", self.spec.module)
    }

    /// The API summary's file name, `<module>.api`, next to the code.
    pub fn summary_name(&self) -> String {
        format!("{}.api", self.spec.module)
    }

    /// The module's API summary ([`crate::surface::summary`]).
    pub fn summary(&self) -> String {
        crate::surface::Surface::of(&self.generated.api).to_summary(&format!(
            "the public API generated from {}; the default mode compares with it and rewrites it",
            self.spec.display
        ))
    }
}

/// The documents in `dir`, sorted by file name; `prefix` is how they are named in output
/// (e.g. `spec`, so headers say `spec/cbr.yaml` on every machine).
pub fn find_specs(dir: &Path, prefix: &str) -> Result<Vec<SpecFile>, ProjectError> {
    let io = |source| ProjectError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut specs: Vec<SpecFile> = Vec::new();
    let mut settings_files: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if settings_file::is_settings_file(&name) {
            settings_files.push(name);
            continue;
        }
        let is_spec = path.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e));
        if !is_spec {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        specs.push(SpecFile {
            display: format!("{prefix}/{name}"),
            module: naming::module(&stem),
            path,
        });
    }
    specs.sort_by(|a, b| a.display.cmp(&b.display));
    settings_files.sort();
    for name in settings_files {
        // A settings file whose document is gone (or misspelt) would be ignored silently.
        if !specs
            .iter()
            .any(|s| settings_file::beside(&s.path) == dir.join(&name))
        {
            return Err(ProjectError::Settings(settings_file::SettingsFileError {
                file: format!("{prefix}/{name}"),
                location: None,
                message: format!(
                    "no document beside it: a settings file is named after its document \
                     (`cbr.yaml` → `cbr{}`)",
                    settings_file::SUFFIX
                ),
            }));
        }
    }
    if specs.is_empty() {
        return Err(ProjectError::Empty(dir.to_owned()));
    }
    for pair in specs.windows(2) {
        if let Some(same) = specs
            .iter()
            .find(|s| s.module == pair[1].module && s.display != pair[1].display)
        {
            return Err(ProjectError::ModuleCollision {
                first: same.display.clone(),
                second: pair[1].display.clone(),
                module: same.module.clone(),
            });
        }
    }
    Ok(specs)
}

/// Generates every document in `dir`, each with `settings` and its settings file
/// ([`crate::settings_file`]) when it has one.
pub fn generate_dir(
    dir: &Path,
    prefix: &str,
    settings: &Settings,
) -> Result<Vec<Module>, ProjectError> {
    find_specs(dir, prefix)?
        .into_iter()
        .map(|spec| {
            let text = std::fs::read_to_string(&spec.path).map_err(|source| ProjectError::Io {
                path: spec.path.clone(),
                source,
            })?;
            let settings = with_settings_file(&spec.path, prefix, settings)?;
            let generated =
                crate::generate(&spec.display, &text, &settings).map_err(ProjectError::Spec)?;
            Ok(Module { spec, generated })
        })
        .collect()
}

/// `settings` with the filters of the settings file beside `document` added, when it has
/// one; `prefix` is how the file's directory is named in messages.
pub fn with_settings_file<'s>(
    document: &Path,
    prefix: &str,
    settings: &'s Settings,
) -> Result<std::borrow::Cow<'s, Settings>, ProjectError> {
    let path = settings_file::beside(document);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(std::borrow::Cow::Borrowed(settings));
        }
        Err(source) => return Err(ProjectError::Io { path, source }),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let filters = settings_file::parse(&format!("{prefix}/{name}"), &text)?;
    let mut settings = settings.clone();
    settings.with_filters(filters);
    Ok(std::borrow::Cow::Owned(settings))
}

/// What [`sync_dir`] found, or did, for one file of the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileChange {
    /// Written with the new contents ([`Mode::Update`]).
    Written(PathBuf),
    /// Missing or different from what its document generates now ([`Mode::Check`]).
    Stale {
        /// The file.
        path: PathBuf,
        /// How it differs ([`crate::write::diff_summary`]).
        difference: String,
    },
    /// The module's API differs from its checked-in summary (the previous regeneration's):
    /// what changed for callers and the bump it needs. Reported before the summary is
    /// rewritten ([`Mode::Update`]); in [`Mode::Check`] the summary is also [`Stale`].
    ///
    /// [`Stale`]: FileChange::Stale
    ApiChanged {
        /// The module.
        module: String,
        /// The changes against the summary.
        report: crate::surface::diff::Report,
    },
    /// A `.rs` or `.api` file no document generates any more: removed in [`Mode::Update`],
    /// reported in [`Mode::Check`].
    Orphaned {
        /// The file.
        path: PathBuf,
        /// Whether it was removed.
        removed: bool,
    },
}

/// Makes `out_dir` hold exactly one `<module>.rs` and one `<module>.api` (its API summary)
/// per module (or, in [`Mode::Check`], lists how it does not): stale files are rewritten,
/// files whose document is gone removed, and up-to-date files left untouched. A summary that
/// reads back as a different API first yields [`FileChange::ApiChanged`]. The command line's default mode and the freshness test
/// of a checked-in directory both use it, so they agree on what "up to date" means.
pub fn sync_dir(
    out_dir: &Path,
    modules: &[Module],
    mode: Mode,
) -> Result<Vec<FileChange>, ProjectError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ProjectError::Io { path, source }
    };
    let mut changes = Vec::new();
    let mut expected = Vec::new();
    for module in modules {
        let summary = module.summary();
        if let Some(report) = api_change(&out_dir.join(module.summary_name()), module) {
            changes.push(FileChange::ApiChanged {
                module: module.spec.module.clone(),
                report,
            });
        }
        for (name, contents) in [
            (module.file_name(), module.generated.code.as_str()),
            (module.summary_name(), summary.as_str()),
        ] {
            let path = out_dir.join(&name);
            expected.push(name);
            match ensure_file_contents(&path, contents, mode).map_err(io(&path))? {
                Outcome::Unchanged => {}
                Outcome::Updated => changes.push(FileChange::Written(path)),
                Outcome::Stale => {
                    let current = std::fs::read_to_string(&path).unwrap_or_default();
                    let difference = crate::write::diff_summary(&current, contents);
                    changes.push(FileChange::Stale { path, difference });
                }
            }
        }
    }
    let entries = match std::fs::read_dir(out_dir) {
        Ok(entries) => entries,
        // Nothing was written (check mode), so there is nothing left over either.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(changes),
        Err(e) => return Err(io(out_dir)(e)),
    };
    let mut orphaned: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let path = entry.map_err(io(out_dir))?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if (name.ends_with(".rs") || name.ends_with(".api")) && !expected.contains(&name) {
            orphaned.push(path);
        }
    }
    orphaned.sort();
    for path in orphaned {
        let removed = mode == Mode::Update;
        if removed {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
        changes.push(FileChange::Orphaned { path, removed });
    }
    Ok(changes)
}

/// The module's API against the summary at `path`, when there is one that reads and the
/// API differs. A summary that does not read (edited by hand, an older format) is simply
/// rewritten.
fn api_change(path: &Path, module: &Module) -> Option<crate::surface::diff::Report> {
    use crate::surface::{Surface, diff};
    let previous = Surface::from_summary(&std::fs::read_to_string(path).ok()?).ok()?;
    let now = Surface::of(&module.generated.api);
    if previous == now {
        return None;
    }
    let file = path.display().to_string();
    let report = diff::compare(
        &previous,
        &now,
        diff::Side {
            file: &file,
            source: None,
        },
        diff::Side {
            file: &module.spec.display,
            source: None,
        },
    );
    (report.semver != diff::Semver::None).then_some(report)
}

/// What `build.rs` does: generates every document in `spec_dir` and writes one
/// `<module>.rs` per document plus the index `modules.rs` into `out_dir` (only files whose
/// contents change). Returns the modules, whose warnings the caller reports.
pub fn write_out_dir(
    spec_dir: &Path,
    prefix: &str,
    settings: &Settings,
    out_dir: &Path,
) -> Result<Vec<Module>, ProjectError> {
    let modules = generate_dir(spec_dir, prefix, settings)?;
    write_modules(&modules, out_dir)?;
    Ok(modules)
}

/// Writes `modules` (each `<module>.rs`) and their index `modules.rs` into `out_dir`, for
/// build scripts that put modules together themselves.
pub fn write_modules(modules: &[Module], out_dir: &Path) -> Result<(), ProjectError> {
    let index = out_dir_index(modules).map_err(|e| ProjectError::Internal(e.to_string()))?;
    let files = modules
        .iter()
        .map(|m| (m.file_name(), m.generated.code.as_str()))
        .chain([(String::from("modules.rs"), index.as_str())]);
    for (name, contents) in files {
        let path = out_dir.join(name);
        ensure_file_contents(&path, contents, Mode::Update)
            .map_err(|source| ProjectError::Io { path, source })?;
    }
    Ok(())
}

/// The index `build.rs` writes next to the modules: one documented `pub mod` per document,
/// each including `<OUT_DIR>/<module>.rs`.
pub fn out_dir_index(modules: &[Module]) -> Result<String, syn::Error> {
    let entries: Vec<crate::emit::index::IndexEntry<'_>> = modules
        .iter()
        .map(|m| crate::emit::index::IndexEntry {
            module: &m.spec.module,
            file: m.file_name(),
            model: &m.generated.api.model,
            source: &m.spec.display,
        })
        .collect();
    crate::format::file(
        crate::emit::index::out_dir_index(&entries),
        &[String::from(
            "@generated by apigen: one module per document in spec/. Do not edit by hand.",
        )],
    )
}
