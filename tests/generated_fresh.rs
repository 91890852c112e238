//! `generated/` must be exactly what the generator produces now from `spec/`, and what
//! `build.rs` put in `OUT_DIR` for this build.

use std::path::Path;

use apigen::project::{self, REGENERATE_COMMAND};
use apigen::write::diff_summary;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generated_dir_is_up_to_date() {
    let modules = project::generate_dir(&root().join("spec"), "spec", &project::default_settings())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stale = Vec::new();
    let mut expected = Vec::new();
    for module in &modules {
        let path = root().join("generated").join(module.file_name());
        expected.push(module.file_name());
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != module.generated.code {
            stale.push(format!(
                "{}: {}",
                path.display(),
                diff_summary(&current, &module.generated.code)
            ));
        }
    }
    for entry in std::fs::read_dir(root().join("generated")).expect("generated/ exists") {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && !expected.contains(&name) {
            stale.push(format!("generated/{name} (its document is gone)"));
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale:\n{}\nrun `{REGENERATE_COMMAND}` and commit the result",
        stale.join("\n")
    );
}

#[test]
fn build_output_equals_generated_dir() {
    let out_dir = Path::new(env!("OUT_DIR"));
    for entry in std::fs::read_dir(root().join("generated")).unwrap() {
        let path = entry.unwrap().path();
        let built = std::fs::read_to_string(out_dir.join(path.file_name().unwrap()))
            .unwrap_or_else(|e| panic!("build.rs did not produce {}: {e}", path.display()));
        let checked_in = std::fs::read_to_string(&path).unwrap();
        assert!(
            built == checked_in,
            "{} differs from the build output: {}\nrun `{REGENERATE_COMMAND}` and commit the result",
            path.display(),
            diff_summary(&checked_in, &built)
        );
    }
}
