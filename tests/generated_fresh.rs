//! `generated/` must be exactly what the generator produces now from `spec/`, and what
//! `build.rs` put in `OUT_DIR` for this build.

use std::path::Path;

use apigen::project::{self, FileChange};
use apigen::write::{Mode, diff_summary};

/// The command `build.rs` and the command line write into every header.
const REGENERATE: &str = env!("APIGEN_REGENERATE_HINT");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generated_dir_is_up_to_date() {
    let mut settings = apigen::Settings::default();
    settings.with_regenerate_hint(REGENERATE);
    let modules = project::generate_dir(&root().join("spec"), "spec", &settings)
        .unwrap_or_else(|e| panic!("{e}"));
    let changes = project::sync_dir(&root().join("generated"), &modules, Mode::Check)
        .unwrap_or_else(|e| panic!("{e}"));
    let stale: Vec<String> = changes
        .iter()
        .map(|change| match change {
            FileChange::Stale { path, difference } => format!("{}: {difference}", path.display()),
            FileChange::Orphaned { path, .. } => {
                format!("{} (its document is gone)", path.display())
            }
            FileChange::Written(path) => format!("{} was written in check mode", path.display()),
            FileChange::ApiChanged { module, report } => {
                format!(
                    "{module}: its API summary is out of date ({})",
                    report.semver
                )
            }
        })
        .collect();
    assert!(
        stale.is_empty(),
        "generated/ is stale:\n{}\nrun `{REGENERATE}` and commit the result",
        stale.join("\n")
    );
}

#[test]
fn build_output_equals_generated_dir() {
    let out_dir = Path::new(env!("OUT_DIR"));
    for entry in std::fs::read_dir(root().join("generated")).unwrap() {
        let path = entry.unwrap().path();
        // The API summaries are the default mode's record, not build output.
        if path.extension().is_some_and(|e| e == "api") {
            continue;
        }
        let built = std::fs::read_to_string(out_dir.join(path.file_name().unwrap()))
            .unwrap_or_else(|e| panic!("build.rs did not produce {}: {e}", path.display()));
        let checked_in = std::fs::read_to_string(&path).unwrap();
        assert!(
            built == checked_in,
            "{} differs from the build output: {}\nrun `{REGENERATE}` and commit the result",
            path.display(),
            diff_summary(&checked_in, &built)
        );
    }
}
