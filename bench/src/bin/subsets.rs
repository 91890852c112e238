//! What a subset of a large document costs: lines and `cargo check` time of GitHub's and
//! Stripe's crates generated whole, for one tag (Stripe has no tags: one resource, by an
//! operationId glob) and for five operations; then GitHub as one crate with per-tag features,
//! checked with no features, one feature, and all. Dependencies are checked first, so each
//! time is the generated crate's own (median of `--runs N` after touching `src/lib.rs`).
//!
//! ```text
//! cargo run --release -p apigen-bench --bin subsets -- [--runs N] [--each-feature]
//! ```
//!
//! `--each-feature` also checks GitHub's per-tag crate with every feature alone, warnings
//! and missing docs denied, and reports the spread.
//!
//! Everything is written under `target/subsets/`; nothing here is part of the test suite.

use std::path::Path;

use apigen::{Filters, Settings};
use apigen_bench::corpus::{self, Document};
use apigen_bench::crates::{self, Size, touch};
use apigen_bench::measure::Samples;

fn main() {
    let mut runs = 3;
    let mut each_feature = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0) {
                Some(n) => runs = n,
                None => exit("--runs takes a positive number"),
            },
            "--each-feature" => each_feature = true,
            "--bench" => {}
            other => exit(&format!("unknown argument {other}")),
        }
    }
    if let Err(why) = run(runs, each_feature) {
        exit(&why);
    }
}

fn exit(why: &str) -> ! {
    eprintln!("error: {why}");
    eprintln!("usage: subsets [--runs N] [--each-feature]");
    std::process::exit(2);
}

fn document(name: &str) -> Result<Document, String> {
    corpus::documents(&[name.to_owned()])?
        .into_iter()
        .find(|d| d.name == name)
        .ok_or_else(|| format!("no document named {name}"))
}

const STRIPE_FIVE: [&str; 5] = [
    "GetCustomers",
    "PostCustomers",
    "GetCustomersCustomer",
    "PostPaymentIntents",
    "GetChargesCharge",
];
const GITHUB_FIVE: [&str; 5] = [
    "issues/list-for-repo",
    "issues/create",
    "issues/get",
    "pulls/list",
    "repos/get",
];

fn run(runs: usize, each_feature: bool) -> Result<(), String> {
    let root = corpus::workspace_root()
        .canonicalize()
        .map_err(|e| format!("workspace root: {e}"))?;
    let work = root.join("target/subsets");
    let target = work.join("target");
    let lock = root.join("Cargo.lock");
    let github = document("github-rest.json")?;
    let stripe = document("stripe-2022-02.yaml")?;
    let filtered = |filters: Filters| {
        let mut settings = Settings::default();
        settings.with_filters(filters);
        settings
    };
    let cases: Vec<(&Document, &str, Settings)> = vec![
        (&github, "whole document", Settings::default()),
        (
            &github,
            "one tag (`issues`)",
            filtered(Filters::default().include_tags(["issues"])),
        ),
        (
            &github,
            "five operations",
            filtered(Filters::default().include_operations(GITHUB_FIVE)),
        ),
        (&stripe, "whole document", Settings::default()),
        (
            &stripe,
            "one resource (`*Customers*`)",
            filtered(Filters::default().include_operations(["*Customers*"])),
        ),
        (
            &stripe,
            "five operations",
            filtered(Filters::default().include_operations(STRIPE_FIVE)),
        ),
    ];
    println!(
        "Generated crates and their `cargo check` (debug), dependencies already checked, median of {runs}:"
    );
    println!();
    println!("| document | generated | lines | check s | check / whole |");
    println!("|---|---|---:|---:|---:|");
    let mut whole = 0.0;
    for (i, (doc, label, settings)) in cases.iter().enumerate() {
        let dir = work.join(format!("crates/case-{i}"));
        let size = crates::write_apigen_with(doc, &dir, &root, &lock, settings)?;
        let seconds = check_times(&dir, &target, &[], runs)?
            .median()
            .as_secs_f64();
        if label == &"whole document" {
            whole = seconds;
        }
        println!(
            "| {} | {label} | {} | {seconds:.1} | {:.2}× |",
            doc.name,
            size.lines,
            seconds / whole
        );
    }
    println!();
    let mut settings = Settings::default();
    settings.with_features_per_tag(true);
    let dir = work.join("crates/github-features");
    let Size { lines, .. } = crates::write_apigen_with(&github, &dir, &root, &lock, &settings)?;
    println!(
        "GitHub as one crate with per-tag features ({lines} lines), `cargo check`, median of {runs}:"
    );
    println!();
    println!("| features | check s | / all |");
    println!("|---|---:|---:|");
    let all = check_times(&dir, &target, &[], runs)?
        .median()
        .as_secs_f64();
    for (label, args) in [
        (
            "none (`--no-default-features`)",
            &["--no-default-features"][..],
        ),
        (
            "`issues`",
            &["--no-default-features", "--features", "issues"],
        ),
        (
            "`repos` (the largest tag)",
            &["--no-default-features", "--features", "repos"],
        ),
    ] {
        let seconds = check_times(&dir, &target, args, runs)?
            .median()
            .as_secs_f64();
        println!("| {label} | {seconds:.1} | {:.2}× |", seconds / all);
    }
    println!("| all (the default) | {all:.1} | 1.00× |");
    if each_feature {
        every_feature_alone(&dir, &work.join("strict-target"), &settings, &github)?;
    }
    Ok(())
}

/// Checks the per-tag crate with each feature alone, warnings and missing docs denied.
fn every_feature_alone(
    dir: &Path,
    target: &Path,
    settings: &Settings,
    doc: &Document,
) -> Result<(), String> {
    let generated = apigen::generate(&doc.name, &doc.text, settings)
        .map_err(|e| format!("apigen refuses {}: {e}", doc.name))?;
    let features = generated
        .api
        .analysis
        .features
        .ok_or("no per-tag features were planned")?;
    let strict = [("RUSTFLAGS", "-D warnings -D missing_docs")];
    crates::cargo_env("check", &["--no-default-features"], &strict, dir, target)?;
    let mut seconds: Vec<(f64, String)> = Vec::new();
    for feature in &features.list {
        let args = ["--no-default-features", "--features", feature.name.as_str()];
        let took = crates::cargo_env("check", &args, &strict, dir, target)?;
        seconds.push((took.as_secs_f64(), feature.name.clone()));
    }
    seconds.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (min, median, max) = (
        &seconds[0],
        &seconds[seconds.len() / 2],
        &seconds[seconds.len() - 1],
    );
    println!();
    println!(
        "Each of the {} features alone, warnings and missing docs denied: all check; {:.1} s (`{}`) to {:.1} s (`{}`), median {:.1} s.",
        seconds.len(),
        min.0,
        min.1,
        max.0,
        max.1,
        median.0
    );
    Ok(())
}

/// Checks once (dependencies), then `runs` times after touching `src/lib.rs`.
fn check_times(dir: &Path, target: &Path, args: &[&str], runs: usize) -> Result<Samples, String> {
    crates::cargo_with("check", args, dir, target, false)?;
    let mut samples = Samples::default();
    for _ in 0..runs {
        touch(&dir.join("src/lib.rs"))?;
        samples.push(crates::cargo_with("check", args, dir, target, false)?);
    }
    Ok(samples)
}
