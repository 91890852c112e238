//! The `apigen` command line. Thin: arguments (clap) → library → files, messages and exit
//! code.
//!
//! Exit codes: 0 success, 1 the document has errors or `--check` found stale output,
//! 2 usage or I/O problems; `diff --fail-on-breaking`: 3 when a change breaks callers.

mod diff;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen::project::{self, FileChange, ProjectError};
use apigen::standalone::{CrateError, RuntimeSource};
use apigen::write::{Mode, Outcome, ensure_file_contents};
use apigen::{Diagnostics, Settings};
use clap::{CommandFactory, Parser};

/// The command that regenerates this workspace's checked-in `generated/` from `spec/`; the
/// `@generated` header of every file the default mode writes names it. The workspace's
/// `build.rs` uses the same text, so its output and `generated/` are the same bytes.
const REGENERATE: &str = "cargo run -p apigen-cli";

const FILTERS: &str =
    "Filters (with SPEC; documents in --spec-dir take theirs from <stem>.apigen.yaml)";

/// Generate Rust clients from OpenAPI 3.0 and 3.1 (and Swagger 2.0) documents.
///
/// Without SPEC: regenerate --out-dir from every *.yaml, *.yml, *.json in --spec-dir,
/// one <module>.rs per document, removing files whose document is gone; a document's
/// filters are in its settings file, <stem>.apigen.yaml beside it.
/// With SPEC: generate that one document to FILE, to standard output, or as a crate in DIR.
#[derive(Debug, Parser)]
#[command(
    verbatim_doc_comment,
    name = "apigen",
    version,
    after_help = "Exit status: 0 success, 1 document errors or stale output (--check), 2 usage or I/O errors.",
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// One document to generate.
    spec: Option<PathBuf>,
    /// Write to FILE (only when its contents change).
    #[arg(short, long, value_name = "FILE", requires = "spec")]
    output: Option<PathBuf>,
    /// Write nothing; exit 1 if the output is missing or differs.
    #[arg(long)]
    check: bool,
    /// Treat every warning as an error: generate nothing for a document that has any.
    #[arg(long)]
    deny_warnings: bool,
    /// Threads that emit and format code (default: one per core); the output is the same.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Documents to read in the default mode (default: spec).
    #[arg(long, value_name = "DIR", conflicts_with = "spec")]
    spec_dir: Option<PathBuf>,
    /// Where the default mode writes (default: generated).
    #[arg(long, value_name = "DIR", conflicts_with = "spec")]
    out_dir: Option<PathBuf>,
    /// Write a standalone crate (Cargo.toml, src/) into DIR.
    #[arg(
        long = "crate",
        value_name = "DIR",
        requires_all = ["spec", "name"],
        conflicts_with_all = ["output", "check"]
    )]
    crate_dir: Option<PathBuf>,
    /// Generate only operations with one of these tags (comma-separated; `*` globs).
    #[arg(long, value_name = "TAGS", value_delimiter = ',', help_heading = FILTERS)]
    include_tags: Vec<String>,
    /// Leave out operations with one of these tags.
    #[arg(long, value_name = "TAGS", value_delimiter = ',', help_heading = FILTERS)]
    exclude_tags: Vec<String>,
    /// Generate only these operations (operationIds, comma-separated; `*` globs). Added
    /// to what --include-tags keeps.
    #[arg(long, value_name = "IDS", value_delimiter = ',', help_heading = FILTERS)]
    include_operations: Vec<String>,
    /// Leave out these operations.
    #[arg(long, value_name = "IDS", value_delimiter = ',', help_heading = FILTERS)]
    exclude_operations: Vec<String>,
    /// With filters, still generate component schemas no kept operation uses.
    #[arg(long, help_heading = FILTERS)]
    keep_unreachable_schemas: bool,
    /// One Cargo feature per tag in the crate (`default = ["full"]`): its users compile
    /// only the operations, and the types, of the tags they enable.
    #[arg(long, requires = "crate_dir")]
    features_per_tag: bool,
    /// The crate's package name.
    #[arg(long, value_name = "NAME", requires = "crate_dir")]
    name: Option<String>,
    /// Where the crate finds apigen-runtime (default: this workspace's runtime/).
    #[arg(long, value_name = "DIR", requires = "crate_dir")]
    runtime_path: Option<PathBuf>,
    /// Take apigen-runtime from the registry instead.
    #[arg(
        long,
        value_name = "REQ",
        requires = "crate_dir",
        conflicts_with = "runtime_path"
    )]
    runtime_version: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    Diff(diff::DiffArgs),
}

impl Args {
    /// The filters the command line gives.
    fn filters(&self) -> apigen::Filters {
        apigen::Filters::default()
            .include_tags(&self.include_tags)
            .exclude_tags(&self.exclude_tags)
            .include_operations(&self.include_operations)
            .exclude_operations(&self.exclude_operations)
            .keep_unreachable_schemas(self.keep_unreachable_schemas)
    }

    /// Where a standalone crate takes the runtime from.
    fn runtime(&self) -> RuntimeSource {
        match (&self.runtime_path, &self.runtime_version) {
            (_, Some(version)) => RuntimeSource::Version(version.clone()),
            (Some(path), None) => RuntimeSource::Path(path.clone()),
            // This package lives in `generator/cli`; the runtime in `runtime/`.
            (None, None) => {
                let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../runtime");
                RuntimeSource::Path(std::fs::canonicalize(&runtime).unwrap_or(runtime))
            }
        }
    }
}

enum Failure {
    Io(String),
    Usage(String),
    Spec(String),
    Stale(String),
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(Command::Diff(diff)) = &args.command {
        return match diff::run(diff, &settings(&args)) {
            Ok(semver)
                if diff.fail_on_breaking() && semver == apigen::surface::diff::Semver::Major =>
            {
                ExitCode::from(3)
            }
            Ok(_) => ExitCode::SUCCESS,
            Err(failure) => exit_with(failure),
        };
    }
    if args.spec.is_some() && args.check && args.output.is_none() {
        Args::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "--check compares with a file: give -o FILE",
            )
            .exit();
    }
    if args.spec.is_none() && args.filters() != apigen::Filters::default() {
        Args::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "filters on the command line apply to one SPEC; for the documents in the spec \
                 directory, write them in the settings file beside each (`spec/cbr.yaml` → \
                 `spec/cbr.apigen.yaml`), which build.rs reads too",
            )
            .exit();
    }
    let result = if args.spec.is_some() {
        one(&args)
    } else {
        all(&args)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => exit_with(failure),
    }
}

fn exit_with(failure: Failure) -> ExitCode {
    match failure {
        Failure::Spec(message) | Failure::Stale(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Failure::Io(message) | Failure::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn settings(args: &Args) -> Settings {
    let mut settings = Settings::default();
    settings
        .with_regenerate_hint(REGENERATE)
        .with_deny_warnings(args.deny_warnings)
        .with_filters(args.filters());
    settings.with_features_per_tag(args.features_per_tag);
    if let Some(jobs) = args.jobs {
        settings.with_threads(usize::from(jobs));
    }
    settings
}

fn report_warnings(warnings: &Diagnostics) {
    if !warnings.is_empty() {
        eprintln!("{warnings}");
    }
}

fn one(args: &Args) -> Result<(), Failure> {
    let spec = args.spec.as_deref().unwrap_or(Path::new("-"));
    let display = spec.display().to_string();
    let text = std::fs::read_to_string(spec)
        .map_err(|e| Failure::Io(format!("cannot read {display}: {e}")))?;
    let generated = apigen::generate(&display, &text, &settings(args))
        .map_err(|d| Failure::Spec(d.to_string()))?;
    report_warnings(&generated.warnings);
    if let (Some(dir), Some(name)) = (&args.crate_dir, &args.name) {
        let written =
            apigen::standalone::write_crate(dir, name, &display, &generated, &args.runtime())
                .map_err(|e| match e {
                    CrateError::Name(_) => Args::command()
                        .error(clap::error::ErrorKind::InvalidValue, e.to_string())
                        .exit(),
                    other => Failure::Io(other.to_string()),
                })?;
        for (path, outcome) in written {
            if outcome == Outcome::Updated {
                eprintln!("wrote {}", path.display());
            }
        }
        return Ok(());
    }
    let Some(out) = &args.output else {
        print!("{}", generated.code);
        return Ok(());
    };
    let mode = if args.check {
        Mode::Check
    } else {
        Mode::Update
    };
    let outcome = ensure_file_contents(out, &generated.code, mode)
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", out.display())))?;
    match outcome {
        Outcome::Stale => {
            let current = std::fs::read_to_string(out).unwrap_or_default();
            Err(Failure::Stale(format!(
                "{} is not up to date with its document ({})",
                out.display(),
                apigen::write::diff_summary(&current, &generated.code)
            )))
        }
        Outcome::Updated => {
            eprintln!("wrote {}", out.display());
            Ok(())
        }
        Outcome::Unchanged => Ok(()),
    }
}

fn all(args: &Args) -> Result<(), Failure> {
    let spec_dir = args
        .spec_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("spec"));
    let out_dir = args
        .out_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("generated"));
    if !spec_dir.is_dir() {
        Args::command()
            .error(
                clap::error::ErrorKind::ValueValidation,
                format!(
                    "{} is not a directory; run from the workspace root or pass --spec-dir",
                    spec_dir.display()
                ),
            )
            .exit();
    }
    let prefix = spec_dir.to_string_lossy().trim_end_matches('/').to_owned();
    let io = |e: ProjectError| match e {
        ProjectError::Spec(d) => Failure::Spec(d.to_string()),
        ProjectError::Settings(e) => Failure::Spec(format!("error: {e}")),
        other => Failure::Io(other.to_string()),
    };
    let modules = project::generate_dir(&spec_dir, &prefix, &settings(args)).map_err(io)?;
    for module in &modules {
        report_warnings(&module.generated.warnings);
    }
    let mode = if args.check {
        Mode::Check
    } else {
        Mode::Update
    };
    let mut stale = Vec::new();
    for change in project::sync_dir(&out_dir, &modules, mode).map_err(io)? {
        match change {
            FileChange::Written(path) => eprintln!("wrote {}", path.display()),
            FileChange::ApiChanged { module, report } => {
                let breaking: Vec<_> = report.changes.iter().filter(|c| c.breaking()).collect();
                eprintln!(
                    "{module}: the API changed: a {} change ({} breaking, {} in all)",
                    report.semver,
                    breaking.len(),
                    report.changes.len()
                );
                for change in breaking {
                    eprintln!("  breaking: `{}`: {}", change.rust_item, change.message);
                }
            }
            FileChange::Orphaned {
                path,
                removed: true,
            } => eprintln!("removed {} (its document is gone)", path.display()),
            FileChange::Orphaned {
                path,
                removed: false,
            } => stale.push(format!("{} has no document any more", path.display())),
            FileChange::Stale { path, difference } => stale.push(format!(
                "{} is not up to date with its document ({difference})",
                path.display()
            )),
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(Failure::Stale(format!(
            "stale generated files:\n  {}\nrun `{REGENERATE}` and commit the result",
            stale.join("\n  ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_argument_definitions_are_consistent() {
        Args::command().debug_assert();
    }
}
