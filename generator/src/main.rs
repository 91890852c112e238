//! The `apigen` command line. Thin: arguments → library → files, messages and exit code.
//!
//! Exit codes: 0 success, 1 the document has errors or `--check` found stale output,
//! 2 usage or I/O problems.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen::project::{self, ProjectError};
use apigen::write::{Mode, Outcome, ensure_file_contents};
use apigen::{Diagnostics, Settings};

use apigen::project::REGENERATE_COMMAND as REGENERATE;

const USAGE: &str = "\
apigen: generate Rust clients from OpenAPI 3.0 documents

Usage:
  apigen [--check] [--spec-dir DIR] [--out-dir DIR]
      Regenerate OUT (default generated/) from every *.yaml, *.yml, *.json in
      DIR (default spec/): one <module>.rs per document.
  apigen SPEC [-o FILE] [--check]
  apigen SPEC --crate DIR --name NAME [--runtime-path DIR | --runtime-version REQ]
      Generate one document: to FILE, to standard output, or as a crate in DIR.

Options:
  -o, --output FILE   write to FILE (only when its contents change)
      --check         write nothing; exit 1 if the output is missing or differs
      --spec-dir DIR  documents to read in the default mode (default: spec)
      --out-dir DIR   where the default mode writes (default: generated)
      --crate DIR     write a standalone crate (Cargo.toml, src/) into DIR
      --name NAME     its package name
      --runtime-path DIR     where the crate finds apigen-runtime (default: this
                             generator's own runtime/)
      --runtime-version REQ  take apigen-runtime from the registry instead
  -h, --help          this text
  -V, --version       the version

Exit status: 0 success, 1 document errors or stale output (--check), 2 usage or I/O errors.";

#[derive(Debug, Default)]
struct Args {
    spec: Option<PathBuf>,
    output: Option<PathBuf>,
    check: bool,
    spec_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    crate_dir: Option<PathBuf>,
    crate_name: Option<String>,
    runtime: Option<apigen::standalone::RuntimeSource>,
}

enum Failure {
    Usage(String),
    Io(String),
    Spec(String),
    Stale(String),
}

fn main() -> ExitCode {
    let result = parse_args(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned()),
    )
    .and_then(|args| match args {
        None => Ok(()),
        Some(args) if args.spec.is_some() => one(&args),
        Some(args) => all(&args),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Spec(message) | Failure::Stale(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// `None` when the arguments asked for help or the version (already printed).
fn parse_args(raw: impl Iterator<Item = String>) -> Result<Option<Args>, Failure> {
    let mut args = Args::default();
    let mut raw = raw;
    while let Some(arg) = raw.next() {
        let mut value = |flag: &str| {
            raw.next()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
        };
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("apigen {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--check" => args.check = true,
            "-o" | "--output" => args.output = Some(value(&arg)?.into()),
            "--spec-dir" => args.spec_dir = Some(value(&arg)?.into()),
            "--out-dir" => args.out_dir = Some(value(&arg)?.into()),
            "--crate" => args.crate_dir = Some(value(&arg)?.into()),
            "--name" => args.crate_name = Some(value(&arg)?),
            "--runtime-path" => {
                args.runtime = Some(apigen::standalone::RuntimeSource::Path(value(&arg)?.into()));
            }
            "--runtime-version" => {
                args.runtime = Some(apigen::standalone::RuntimeSource::Version(value(&arg)?));
            }
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(Failure::Usage(format!("unknown option `{flag}`")));
            }
            _ if args.spec.is_some() => {
                return Err(Failure::Usage(format!("unexpected argument `{arg}`")));
            }
            _ => args.spec = Some(arg.into()),
        }
    }
    if args.spec.is_some() && (args.spec_dir.is_some() || args.out_dir.is_some()) {
        return Err(Failure::Usage(
            "--spec-dir and --out-dir apply only without SPEC".into(),
        ));
    }
    if args.crate_dir.is_some() != args.crate_name.is_some() {
        return Err(Failure::Usage("--crate and --name go together".into()));
    }
    if args.crate_dir.is_some() && (args.spec.is_none() || args.output.is_some() || args.check) {
        return Err(Failure::Usage(
            "--crate needs a SPEC, and no -o or --check".into(),
        ));
    }
    if args.runtime.is_some() && args.crate_dir.is_none() {
        return Err(Failure::Usage(
            "--runtime-path/--runtime-version need --crate".into(),
        ));
    }
    if args.spec.is_none() && args.output.is_some() {
        return Err(Failure::Usage("-o needs a SPEC".into()));
    }
    if args.spec.is_some() && args.check && args.output.is_none() {
        return Err(Failure::Usage(
            "--check compares with a file: give -o FILE".into(),
        ));
    }
    Ok(Some(args))
}

fn settings() -> Settings {
    project::default_settings()
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
    let generated =
        apigen::generate(&display, &text, &settings()).map_err(|d| Failure::Spec(d.to_string()))?;
    report_warnings(&generated.warnings);
    if let (Some(dir), Some(name)) = (&args.crate_dir, &args.crate_name) {
        let runtime = args
            .runtime
            .clone()
            .unwrap_or_else(apigen::standalone::RuntimeSource::bundled);
        let written = apigen::standalone::write_crate(dir, name, &display, &generated, &runtime)
            .map_err(|e| match e {
                apigen::standalone::CrateError::Name(_) => Failure::Usage(e.to_string()),
                other => Failure::Io(other.to_string()),
            })?;
        for (path, outcome) in written {
            if outcome == Outcome::Updated {
                eprintln!("wrote {}", path.display());
            }
        }
        return Ok(());
    }
    match &args.output {
        None => {
            print!("{}", generated.code);
            Ok(())
        }
        Some(out) => write_one(out, &generated.code, args.check).map(|_| ()),
    }
}

fn write_one(out: &Path, code: &str, check: bool) -> Result<Outcome, Failure> {
    let mode = if check { Mode::Check } else { Mode::Update };
    let outcome = ensure_file_contents(out, code, mode)
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", out.display())))?;
    match outcome {
        Outcome::Stale => {
            let current = std::fs::read_to_string(out).unwrap_or_default();
            Err(Failure::Stale(format!(
                "{} is not up to date with its document ({})",
                out.display(),
                apigen::write::diff_summary(&current, code)
            )))
        }
        Outcome::Updated => {
            eprintln!("wrote {}", out.display());
            Ok(outcome)
        }
        Outcome::Unchanged => Ok(outcome),
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
        return Err(Failure::Usage(format!(
            "{} is not a directory; run from the workspace root or pass --spec-dir",
            spec_dir.display()
        )));
    }
    let prefix = spec_dir.to_string_lossy().trim_end_matches('/').to_owned();
    let modules = project::generate_dir(&spec_dir, &prefix, &settings()).map_err(|e| match e {
        ProjectError::Spec(d) => Failure::Spec(d.to_string()),
        ProjectError::Io { .. } => Failure::Io(e.to_string()),
        other => Failure::Usage(other.to_string()),
    })?;
    let mut stale = Vec::new();
    let mut expected = Vec::new();
    for module in &modules {
        report_warnings(&module.generated.warnings);
        let path = out_dir.join(module.file_name());
        expected.push(module.file_name());
        match write_one(&path, &module.generated.code, args.check) {
            Ok(_) => {}
            Err(Failure::Stale(message)) => stale.push(message),
            Err(other) => return Err(other),
        }
    }
    // Output files whose document is gone.
    if let Ok(entries) = std::fs::read_dir(&out_dir) {
        for path in entries.flatten().map(|e| e.path()) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.ends_with(".rs") || expected.contains(&name) {
                continue;
            }
            if args.check {
                stale.push(format!("{} has no document any more", path.display()));
            } else {
                std::fs::remove_file(&path)
                    .map_err(|e| Failure::Io(format!("cannot remove {}: {e}", path.display())))?;
                eprintln!("removed {} (its document is gone)", path.display());
            }
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(Failure::Stale(format!(
            "stale generated files:\n{}\nrun `{REGENERATE}` and commit the result",
            stale.join("\n  ")
        )))
    }
}
