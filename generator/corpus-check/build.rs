//! Generates every document of the public corpus (`../shared/corpus/public`, read in place)
//! into `OUT_DIR`: the ones that generate are compiled by this crate; `report.tsv` records,
//! per document, `generated` with its line count, or `refused` with the first diagnostic.

use std::fmt::Write as _;
use std::process::ExitCode;

use apigen::project;
use apigen::write::{Mode, ensure_file_contents};

fn main() -> ExitCode {
    let Some((manifest_dir, out_dir)) = apigen::project::build_script_dirs() else {
        eprintln!("build.rs must run under cargo");
        return ExitCode::FAILURE;
    };
    let corpus = manifest_dir.join("../../../shared/corpus/public");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut report = String::new();
    let mut modules = Vec::new();
    let specs = match project::find_specs(&corpus, "corpus") {
        Ok(specs) => specs,
        Err(e) => {
            println!("cargo:warning=public corpus unavailable ({e}); nothing to compile");
            Vec::new()
        }
    };
    for spec in specs {
        let text = match std::fs::read_to_string(&spec.path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("cannot read {}: {e}", spec.path.display());
                return ExitCode::FAILURE;
            }
        };
        match apigen::generate(&spec.display, &text, &apigen::Settings::default()) {
            Ok(generated) => {
                let _ = writeln!(
                    report,
                    "{}\tgenerated\t{}",
                    spec.display,
                    generated.code.lines().count()
                );
                modules.push(project::Module { spec, generated });
            }
            Err(diagnostics) => {
                let first = diagnostics
                    .items
                    .iter()
                    .find(|d| d.severity == apigen::Severity::Error);
                let why = first.map_or(String::new(), |d| {
                    format!("{} (at {})", d.message, d.pointer)
                });
                let errors = diagnostics
                    .items
                    .iter()
                    .filter(|d| d.severity == apigen::Severity::Error)
                    .count();
                let _ = writeln!(
                    report,
                    "{}\trefused\t{errors} error(s); first: {}",
                    spec.display,
                    why.replace('\t', " ")
                );
            }
        }
    }
    let index = match project::out_dir_index(&modules) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("internal error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = modules
        .iter()
        .map(|m| (m.file_name(), m.generated.code.clone()))
        .chain([
            (String::from("modules.rs"), index),
            (String::from("report.tsv"), report),
        ]);
    for (name, contents) in files {
        if let Err(e) = ensure_file_contents(&out_dir.join(&name), &contents, Mode::Update) {
            eprintln!("cannot write {name}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
