//! Per-tag features on the fixture `tags.yaml`: the gated code and the manifest
//! (snapshots; `corpus-check/tests/features.rs` compiles the crate with each feature), which
//! feature compiles which type, and the crates.io limit.

use std::collections::BTreeMap;
use std::path::Path;

use apigen::Settings;
use apigen::standalone::{RuntimeSource, crate_files};

fn generate(text: &str) -> Result<apigen::Generated, apigen::Diagnostics> {
    let mut settings = Settings::default();
    settings.with_features_per_tag(true);
    apigen::generate("fixtures/tags.yaml", text, &settings)
}

fn fixture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tags.yaml"))
        .unwrap()
}

#[test]
fn the_gated_crate_is_snapshotted() {
    let generated = generate(&fixture()).unwrap();
    let files = crate_files(
        "tagged",
        "fixtures/tags.yaml",
        &generated,
        &RuntimeSource::Version(String::from("0.1")),
    )
    .unwrap();
    let manifest = &files
        .iter()
        .find(|(p, _)| p == Path::new("Cargo.toml"))
        .unwrap()
        .1;
    insta::assert_snapshot!("features-manifest", manifest);
    insta::assert_snapshot!("features-code", generated.code);
}

#[test]
fn types_follow_the_operations_that_reach_them() {
    let generated = generate(&fixture()).unwrap();
    let features = generated.api.analysis.features.as_ref().unwrap();
    let named = |list: &Option<Vec<usize>>| {
        list.as_ref().map(|fs| {
            fs.iter()
                .map(|&f| features.list[f].name.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let types: BTreeMap<&str, Option<String>> = generated
        .api
        .model
        .types
        .iter()
        .zip(&features.types)
        .map(|(t, fs)| (t.ident.as_str(), named(fs)))
        .collect();
    let expect = |name: &str| types[name].as_deref();
    assert_eq!(expect("Pet"), Some("pets store admin"));
    assert_eq!(expect("Address"), Some("store users admin"));
    assert_eq!(expect("Report"), Some("admin"));
    assert_eq!(expect("Webhook"), Some("schemas"));
    assert_eq!(expect("PingResponse200"), Some("untagged"));
    // Every tagged feature's errors use it, and nothing else: compiled for every feature
    // but `untagged` and `schemas`, so still gated.
    assert_eq!(expect("Problem"), Some("pets store users admin"));
    let ops: Vec<String> = generated
        .api
        .model
        .operations
        .iter()
        .zip(&features.operations)
        .map(|(op, fs)| format!("{}={}", op.operation_id, named(&Some(fs.clone())).unwrap()))
        .collect();
    assert_eq!(ops[3], "deletePet=pets admin");
    assert_eq!(ops[9], "ping=untagged");
}

#[test]
fn more_features_than_crates_io_allows_is_an_error() {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n");
    for i in 0..297 {
        text.push_str(&format!(
            "  /t{i}:\n    get:\n      operationId: op{i}\n      tags: [t{i}]\n      responses: {{'204': {{description: ok}}}}\n"
        ));
    }
    let error = generate(&text).unwrap_err().to_string();
    assert!(
        error.contains(
            "per-tag features need 301 Cargo features here, and crates.io allows at most 300"
        ),
        "{error}"
    );
    let fewer = text.replace("tags: [t296]", "tags: [t295]");
    assert!(generate(&fewer).is_ok(), "296 tags make 300 features");
}
