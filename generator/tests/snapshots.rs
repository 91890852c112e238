//! One insta snapshot per fixture spec (and per document in spec/). The fixture-clients crate
//! builds exactly these outputs with warnings denied, so every snapshot is also compiled.

use std::path::Path;

use apigen::project;

fn snapshot_dir(dir: &Path, prefix: &str, settings: &apigen::Settings, suffix: &str) {
    let modules = project::generate_dir(dir, prefix, settings).unwrap_or_else(|e| panic!("{e}"));
    for module in modules {
        insta::with_settings!({
            snapshot_suffix => format!("{suffix}{}", module.spec.module),
            input_file => module.spec.path.clone(),
            omit_expression => true,
        }, {
            insta::assert_snapshot!("generate", module.generated.code);
            // The model the code came from, so a lowering change reviews as a model diff.
            insta::assert_snapshot!("model", module.generated.api.outline());
            // Warnings are part of the output users see: reviewed as data too.
            if !module.generated.warnings.is_empty() {
                insta::assert_snapshot!("warnings", module.generated.warnings.to_string());
            }
        });
    }
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // Same prefix and settings as generator/fixture-clients/build.rs.
    snapshot_dir(&dir, "fixtures", &apigen::Settings::default(), "");
}

#[test]
fn spec_documents() {
    // The code as reviewed; the `Regenerate with:` header line belongs to the front end
    // (`generated/`'s freshness test holds it).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    snapshot_dir(&dir, "spec", &apigen::Settings::default(), "spec-");
}

#[test]
fn output_is_deterministic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let first = project::generate_dir(&dir, "fixtures", &apigen::Settings::default()).unwrap();
    let second = project::generate_dir(&dir, "fixtures", &apigen::Settings::default()).unwrap();
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.generated.code, b.generated.code, "{}", a.spec.display);
    }
}
