//! The public corpus (`../shared/corpus/public`, read in place): every document either
//! generates a standalone crate (the generator's `--crate` mode) that `cargo check` accepts
//! with warnings and missing docs denied, or is refused with a located diagnostic. Prints a
//! table (document, result, generated lines, check time); the number of documents that
//! generate may only go up.
//!
//! Each crate is checked by its own `cargo check` (one rustc at a time keeps memory bounded:
//! the largest output, ~300k lines, peaks near 4 GB) with a shared target directory under
//! `target/corpus-check` and this workspace's `Cargo.lock`, `--offline`, so dependencies are
//! checked once and resolve to the versions the workspace uses.

mod common;

use std::time::Instant;

use apigen::standalone::{RuntimeSource, write_crate};
use common::root;

struct Row {
    document: String,
    result: String,
    lines: usize,
    seconds: f64,
}

#[test]
fn corpus_report() {
    let corpus = root().join("../shared/corpus/public");
    let specs = apigen::project::find_specs(&corpus, "corpus")
        .expect("../shared/corpus/public is readable (is ../shared linked?)");
    assert_eq!(specs.len(), 16, "the corpus has 16 documents");
    let crates = root().join("target/corpus-check/crates");
    let runtime = RuntimeSource::Path(root().join("runtime"));
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for spec in &specs {
        let text = std::fs::read_to_string(&spec.path).unwrap();
        let generated = match apigen::generate(&spec.display, &text, &apigen::Settings::default()) {
            Ok(generated) => generated,
            Err(diagnostics) => {
                let errors: Vec<_> = diagnostics
                    .items
                    .iter()
                    .filter(|d| d.severity == apigen::Severity::Error)
                    .collect();
                let first = errors.first().expect("a refusal has an error");
                assert!(
                    first.location.is_some() || !first.pointer.is_empty(),
                    "every refusal is located: {first:?}"
                );
                rows.push(Row {
                    document: spec.display.clone(),
                    result: format!(
                        "refused: {} error(s), first: {} (at {})",
                        errors.len(),
                        first.message,
                        if first.pointer.is_empty() {
                            "/"
                        } else {
                            &first.pointer
                        }
                    ),
                    lines: 0,
                    seconds: 0.0,
                });
                continue;
            }
        };
        let dir = crates.join(&spec.module);
        let name = format!("corpus-{}", spec.module.replace('_', "-"));
        write_crate(&dir, &name, &spec.display, &generated, &runtime).unwrap();
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        let started = Instant::now();
        let checked = common::check(&dir);
        let ok = checked.is_ok();
        let seconds = started.elapsed().as_secs_f64();
        if let Err(stderr) = checked {
            failures.push(format!("{}:\n{}", spec.display, stderr));
        }
        rows.push(Row {
            document: spec.display.clone(),
            result: String::from(if ok {
                "generated, checks"
            } else {
                "generated, DOES NOT CHECK"
            }),
            lines: generated.code.lines().count(),
            seconds,
        });
    }
    println!("| document | result | generated lines | cargo check (s) |");
    println!("|---|---|---:|---:|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {:.1} |",
            row.document, row.result, row.lines, row.seconds
        );
    }
    let good = rows
        .iter()
        .filter(|r| r.result == "generated, checks")
        .count();
    println!("\n{good} of {} documents generate and check.", rows.len());
    assert!(
        failures.is_empty(),
        "generated code that does not check:\n{}",
        failures.join("\n")
    );
    // Every public document generates (Slack's is Swagger 2.0); this must never fall.
    assert!(
        good == rows.len(),
        "only {good} of {} documents generate",
        rows.len()
    );
}
