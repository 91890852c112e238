//! Two builds of the `apigen` command line, side by side on the large corpus documents: for
//! checking that a change to the generator (a refactoring, a new pass) costs no generation
//! time. Each round runs both binaries back to back on one document, in alternating order,
//! writing the module to a null sink; the table gives medians and the paired ratio.
//!
//! ```text
//! cargo run --release -p apigen-bench --bin revisions -- OLD_APIGEN NEW_APIGEN [--rounds N] [DOC…]
//! ```
//!
//! Build the old binary from another checkout (`git worktree add ../old <rev>`, then
//! `cargo build --release` there, taking `apigen` from its `target/release/`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use apigen_bench::corpus;
use apigen_bench::measure::{self, Samples};

/// The documents where generation takes long enough to compare (over half a second each).
const DEFAULT_DOCS: [&str; 6] = [
    "twilio-api-v2010.yaml",
    "discord-v10.json",
    "openai-2026.yaml",
    "github-rest.json",
    "stripe-2022-02.yaml",
    "digitalocean-bundled.yaml",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(old), Some(new)) = (args.next(), args.next()) else {
        eprintln!("usage: revisions OLD_APIGEN NEW_APIGEN [--rounds N] [DOC…]");
        std::process::exit(2);
    };
    let mut rounds = 9;
    let mut docs: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(rounds);
        } else {
            docs.push(arg);
        }
    }
    if docs.is_empty() {
        docs = DEFAULT_DOCS.iter().map(|d| (*d).to_owned()).collect();
    }
    let (old, new) = (PathBuf::from(old), PathBuf::from(new));
    println!("| document | old (ms) | new (ms) | new / old (paired) |");
    println!("|---|---:|---:|---:|");
    for doc in docs {
        let path = corpus::corpus_dir().join(&doc);
        let mut old_samples = Samples::default();
        let mut new_samples = Samples::default();
        for round in 0..rounds {
            // Every other round starts with the new binary, so neither always runs second.
            let order = if round % 2 == 0 {
                [&old, &new]
            } else {
                [&new, &old]
            };
            for binary in order {
                let start = Instant::now();
                if !generate(binary, &path) {
                    eprintln!("{} failed on {doc}", binary.display());
                    std::process::exit(1);
                }
                let samples = if binary == &old {
                    &mut old_samples
                } else {
                    &mut new_samples
                };
                samples.push(start.elapsed());
            }
        }
        let (old_samples, new_samples) = (&old_samples, &new_samples);
        println!(
            "| {doc} | {} | {} | {} |",
            measure::ms(old_samples.median()),
            measure::ms(new_samples.median()),
            measure::times(measure::paired_ratio(new_samples, old_samples)),
        );
    }
}

/// Runs one binary on one document; `false` when it fails.
fn generate(apigen: &Path, document: &Path) -> bool {
    Command::new(apigen)
        .arg(document)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
