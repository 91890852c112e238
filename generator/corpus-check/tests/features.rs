//! Per-tag features: the fixture `tags.yaml` as a standalone crate with `--features-per-tag`
//! checks with warnings and missing docs denied with no features, with each feature alone,
//! and with the default (all), in the corpus check's target directory; and its docs build
//! without a broken link with none, with one feature (whose operations share a tag's
//! section with another's) and with all.

mod common;

use apigen::standalone::{RuntimeSource, write_crate};
use common::root;

#[test]
fn every_feature_alone_none_and_all_compile() {
    let spec = root().join("generator/tests/fixtures/tags.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let mut settings = apigen::Settings::default();
    settings.with_features_per_tag(true);
    let generated = apigen::generate("fixtures/tags.yaml", &text, &settings).unwrap();
    let features = generated.api.analysis.features.clone().unwrap();
    let names: Vec<&str> = features.list.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["pets", "store", "users", "admin", "untagged", "schemas"]
    );
    let dir = root().join("target/corpus-check/crates/features-tags");
    let runtime = RuntimeSource::Path(root().join("runtime"));
    write_crate(
        &dir,
        "features-tags",
        "fixtures/tags.yaml",
        &generated,
        &runtime,
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut runs: Vec<Vec<&str>> = vec![vec!["--no-default-features"], vec![]];
    runs.extend(
        names
            .iter()
            .map(|name| vec!["--no-default-features", "--features", name]),
    );
    let mut failures: Vec<String> = runs
        .iter()
        .filter_map(|args| {
            common::check_with(&dir, args)
                .err()
                .map(|e| format!("{args:?}:\n{e}"))
        })
        .collect();
    let docs: [&[&str]; 3] = [
        &["--no-default-features"],
        &["--no-default-features", "--features", "admin"],
        &[],
    ];
    failures.extend(docs.iter().filter_map(|args| {
        common::doc_with(&dir, args)
            .err()
            .map(|e| format!("doc {args:?}:\n{e}"))
    }));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
