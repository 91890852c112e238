//! The API diff, one case per change kind: each case in `diff/cases.yaml` is `diff/base.yaml`
//! with a few text replacements; the report against the base is a snapshot, and its verdict
//! must be the one the case states. The summary round-trips, and comparing against a
//! summary reports what comparing the documents reports.

use apigen::Settings;
use apigen::surface::diff::{self, Semver, Side};
use apigen::surface::{Document, Surface, compare_documents};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    name: String,
    semver: String,
    about: String,
    replace: Vec<(String, String)>,
}

fn base() -> String {
    std::fs::read_to_string("tests/diff/base.yaml").unwrap()
}

fn cases() -> Vec<Case> {
    serde_yaml::from_str(&std::fs::read_to_string("tests/diff/cases.yaml").unwrap()).unwrap()
}

fn apply(base: &str, case: &Case) -> String {
    let mut text = base.to_owned();
    for (old, new) in &case.replace {
        assert_eq!(
            text.matches(old.as_str()).count(),
            1,
            "{}: {old:?}",
            case.name
        );
        text = text.replace(old.as_str(), new);
    }
    text
}

#[test]
fn every_change_kind_is_reported_with_its_verdict() {
    let base = base();
    let mut wrong = Vec::new();
    for case in cases() {
        let new = apply(&base, &case);
        let new_file = format!("{}.yaml", case.name);
        let report = compare_documents(
            Document {
                file: "base.yaml",
                text: &base,
            },
            Document {
                file: &new_file,
                text: &new,
            },
            &Settings::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        if report.semver.as_str() != case.semver {
            wrong.push(format!(
                "{}: expected {}, got {}",
                case.name, case.semver, report.semver
            ));
        }
        if case.name == "identical" {
            assert!(report.changes.is_empty(), "{:?}", report.changes);
        } else {
            assert!(
                !report.changes.is_empty(),
                "{}: no change reported",
                case.name
            );
        }
        for change in &report.changes {
            let place = change.new.as_ref().or(change.old.as_ref()).unwrap();
            assert!(place.line.is_some(), "{}: unlocated {change:?}", case.name);
        }
        insta::with_settings!({snapshot_suffix => case.name.clone(), description => case.about.clone()}, {
            insta::assert_snapshot!("report", report.render("base.yaml", &new_file));
        });
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_json_report_has_the_documented_shape() {
    let base = base();
    let case = cases()
        .into_iter()
        .find(|c| c.name == "parameter-now-required")
        .unwrap();
    let new = apply(&base, &case);
    let report = compare_documents(
        Document {
            file: "old.yaml",
            text: &base,
        },
        Document {
            file: "new.yaml",
            text: &new,
        },
        &Settings::default(),
    )
    .unwrap();
    let json = report.to_json();
    assert_eq!(json["semver"], "major");
    let change = &json["changes"][0];
    assert_eq!(change["kind"], "parameter-now-required");
    assert_eq!(change["breaking"], true);
    assert_eq!(change["rust_item"], "Client::list_vaults(limit)");
    assert_eq!(change["old"]["file"], "old.yaml");
    assert_eq!(change["new"]["file"], "new.yaml");
    assert_eq!(change["new"]["pointer"], "/paths/~1vaults/get/parameters");
    assert!(change["new"]["line"].as_u64().is_some());
    assert!(change["message"].as_str().unwrap().contains("now required"));
}

#[test]
fn a_summary_reads_back_and_compares_like_the_document() {
    let settings = Settings::default();
    let base = base();
    let old = apigen::analyse("base.yaml", &base, &settings).unwrap();
    let surface = Surface::of(&old.api);
    let summary = surface.to_summary("tests/diff/base.yaml");
    assert_eq!(Surface::from_summary(&summary).unwrap(), surface);
    assert!(Surface::from_summary("not a summary").is_err());

    let case = cases()
        .into_iter()
        .find(|c| c.name == "request-member-added-required")
        .unwrap();
    let text = apply(&base, &case);
    let new = apigen::analyse("new.yaml", &text, &settings).unwrap();
    let from_summary = diff::compare(
        &Surface::from_summary(&summary).unwrap(),
        &Surface::of(&new.api),
        Side {
            file: "base.api",
            source: None,
        },
        Side {
            file: "new.yaml",
            source: Some(&new.source_map),
        },
    );
    assert_eq!(from_summary.semver, Semver::Major);
    let kinds: Vec<&str> = from_summary
        .changes
        .iter()
        .map(|c| c.kind.as_str())
        .collect();
    assert_eq!(kinds, ["field-added"]);
    assert_eq!(from_summary.changes[0].old, None);
}

/// Two published revisions of one public document: progenitor's `buildomat.json` at
/// d4decd47 (checked in, see `diff/revisions/README.md`) and at 73922cf6 (the corpus's).
#[test]
fn a_real_revision_pair() {
    let old_file = "tests/diff/revisions/buildomat-d4decd47.json";
    let new_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/public/progenitor-buildomat.json");
    let old = std::fs::read_to_string(old_file).unwrap();
    let new = std::fs::read_to_string(&new_path)
        .expect("../shared (the reference material) must sit next to the workspace");
    let report = compare_documents(
        Document {
            file: "buildomat.json@d4decd47",
            text: &old,
        },
        Document {
            file: "buildomat.json@73922cf6",
            text: &new,
        },
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(report.semver, Semver::Major);
    insta::assert_snapshot!(report.render("buildomat.json@d4decd47", "buildomat.json@73922cf6"));
}
