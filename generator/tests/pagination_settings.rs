//! Build scripts mark operations paginated without editing the document: the settings give
//! the same code as `x-apigen-pagination` does, and naming an operation the document does
//! not have is an error that names it.

use apigen::Settings;
use apigen::settings::Pagination;

const FIXTURE: &str = include_str!("fixtures/pagination.yaml");

/// The fixture without its `x-apigen-pagination` extensions.
fn unmarked() -> String {
    let mut doc: serde_yaml::Value = serde_yaml::from_str(FIXTURE).unwrap();
    for (_, item) in doc["paths"].as_mapping_mut().unwrap().iter_mut() {
        for (_, op) in item.as_mapping_mut().unwrap().iter_mut() {
            op.as_mapping_mut().unwrap().remove("x-apigen-pagination");
        }
    }
    serde_yaml::to_string(&doc).unwrap()
}

#[test]
fn settings_paginate_like_the_extension() {
    let marked = apigen::generate("pagination.yaml", FIXTURE, &Settings::default()).unwrap();
    let mut settings = Settings::default();
    settings
        .with_pagination(
            "ListBackups",
            Pagination::offset("offset")
                .limit("limit")
                .items("/backups"),
        )
        .with_pagination(
            "ListEvents",
            Pagination::cursor("marker", "/page_info/next_marker").items("/events"),
        )
        .with_pagination("ListRepos", Pagination::link());
    let text = unmarked();
    assert!(!text.contains("x-apigen-pagination"));
    let plain = apigen::generate("pagination.yaml", &text, &Settings::default()).unwrap();
    assert!(!plain.code.contains("Paginated for"));
    let set = apigen::generate("pagination.yaml", &text, &settings).unwrap();
    assert_eq!(set.code, marked.code);
}

#[test]
fn settings_win_over_the_document() {
    let mut settings = Settings::default();
    // The document pages ListBackups by offset; the settings say Link headers.
    settings.with_pagination("ListBackups", Pagination::link().items("/backups"));
    let out = apigen::generate("pagination.yaml", FIXTURE, &settings).unwrap();
    let start = out.code.find("Paginated for ListBackupsRequest").unwrap();
    let end = start + out.code[start..].find("\n}\n").unwrap();
    assert!(
        out.code[start..end].contains("next_link"),
        "{}",
        &out.code[start..end]
    );
}

#[test]
fn settings_naming_a_missing_operation_or_parameter_are_errors() {
    let mut settings = Settings::default();
    settings
        .with_pagination("ListBackupz", Pagination::link())
        .with_pagination("ListRepos", Pagination::offset("page"));
    let errors = apigen::generate("pagination.yaml", FIXTURE, &settings)
        .unwrap_err()
        .to_string();
    assert!(
        errors.contains(
            "the pagination settings name operation `ListBackupz`, which the document does not have"
        ),
        "{errors}"
    );
    assert!(
        errors.contains(
            "the pagination settings: `offset: page`: the operation has no parameter `page`"
        ),
        "{errors}"
    );
}
