//! What a change to how operations are called costs a user of the generated code: for large
//! documents, apigen's standalone crate from an old build of the command line and from this
//! build, next to progenitor's positional and builder styles, with generated lines and the
//! median `cargo check` time after touching the crate (dependencies already checked). All
//! contenders are checked in interleaved rounds and share one target directory; a generator
//! that refuses a document is reported as such.
//!
//! ```text
//! cargo run --release -p apigen-bench --bin call-style -- OLD_APIGEN [--runs N] [DOC…]
//! ```
//!
//! Build the old binary from another checkout (`git worktree add ../old <rev>`, then
//! `cargo build --release -p apigen-cli` there). Both apigen crates use this checkout's
//! runtime, so only the generated code differs. Written under `target/call-style/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use apigen_bench::corpus;
use apigen_bench::crates::{self, Size, copy, crate_stem, touch};
use apigen_bench::measure::{self, Samples};
use progenitor_impl::InterfaceStyle;

/// Large documents, as the operation-builder issue names them.
const DEFAULT_DOCS: [&str; 3] = [
    "oxide-nexus.json",
    "github-rest.json",
    "stripe-2022-02.yaml",
];

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(old) = args.next() else {
        eprintln!("usage: call-style OLD_APIGEN [--runs N] [DOC…]");
        std::process::exit(2);
    };
    let mut runs = 3;
    let mut docs: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs);
        } else {
            docs.push(arg);
        }
    }
    if docs.is_empty() {
        docs = DEFAULT_DOCS.iter().map(|d| (*d).to_owned()).collect();
    }
    if let Err(why) = run(&PathBuf::from(old), &docs, runs) {
        eprintln!("error: {why}");
        std::process::exit(1);
    }
}

/// One generated crate to check.
struct Contender {
    label: &'static str,
    dir: PathBuf,
    size: Size,
    samples: Samples,
}

fn run(old: &Path, docs: &[String], runs: usize) -> Result<(), String> {
    let root = corpus::workspace_root()
        .canonicalize()
        .map_err(|e| format!("workspace root: {e}"))?;
    let work = root.join("target/call-style");
    let target = work.join("target");
    let lock = root.join("Cargo.lock");
    println!(
        "Generated crates, `cargo check` after touching the crate (median of {runs} interleaved runs):"
    );
    println!();
    println!(
        "| document | generator | lines | check s | lines / old apigen | check / old apigen |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    for wanted in docs {
        let found = corpus::documents(std::slice::from_ref(wanted))?;
        let doc = found
            .iter()
            .find(|d| d.name == *wanted)
            .ok_or_else(|| format!("no document named {wanted}"))?;
        let stem = crate_stem(&doc.name);
        let dir = |who: &str| work.join("crates").join(format!("{who}-{stem}"));
        let mut contenders: Vec<Contender> = Vec::new();
        let mut refused: Vec<(&str, String)> = Vec::new();
        let old_dir = dir("apigen-old");
        match write_old(old, doc, &old_dir, &root, &lock) {
            Ok(size) => contenders.push(Contender::new("apigen (old)", old_dir, size)),
            Err(why) => refused.push(("apigen (old)", why)),
        }
        let new_dir = dir("apigen-new");
        let size = crates::write_apigen(doc, &new_dir, &root, &lock)?;
        contenders.push(Contender::new("apigen (new)", new_dir, size));
        for (label, style, who) in [
            (
                "progenitor positional",
                InterfaceStyle::Positional,
                "progenitor-positional",
            ),
            (
                "progenitor builder",
                InterfaceStyle::Builder,
                "progenitor-builder",
            ),
        ] {
            let peer_dir = dir(who);
            match crates::write_progenitor(doc, &peer_dir, &lock, style) {
                Ok(size) => contenders.push(Contender::new(label, peer_dir, size)),
                Err(why) => refused.push((label, why)),
            }
        }
        // Dependencies first, then the rounds, each contender once per round.
        for c in &contenders {
            crates::cargo("check", &c.dir, &target, false)?;
        }
        for _ in 0..runs {
            for c in &mut contenders {
                touch(&c.dir.join("src/lib.rs"))?;
                c.samples
                    .push(crates::cargo("check", &c.dir, &target, false)?);
            }
        }
        let baseline = contenders.iter().position(|c| c.label == "apigen (old)");
        for c in &contenders {
            let (lines, check) = match baseline.map(|b| &contenders[b]) {
                Some(old) => (
                    format!("{:.2}×", c.size.lines as f64 / old.size.lines as f64),
                    measure::times(measure::ratio(&c.samples, &old.samples)),
                ),
                None => (String::from("–"), String::from("–")),
            };
            println!(
                "| {} | {} | {} | {:.2} | {lines} | {check} |",
                doc.name,
                c.label,
                c.size.lines,
                c.samples.median().as_secs_f64()
            );
        }
        for (label, why) in refused {
            let first = why.lines().next().unwrap_or_default();
            println!("| {} | {label} | refused: {first} | | | |", doc.name);
        }
    }
    Ok(())
}

impl Contender {
    fn new(label: &'static str, dir: PathBuf, size: Size) -> Self {
        Self {
            label,
            dir,
            size,
            samples: Samples::default(),
        }
    }
}

/// The old command line's `--crate` output, on this checkout's runtime.
fn write_old(
    old: &Path,
    doc: &corpus::Document,
    dir: &Path,
    root: &Path,
    lock: &Path,
) -> Result<Size, String> {
    let output = Command::new(old)
        .arg(&doc.path)
        .arg("--crate")
        .arg(dir)
        .arg("--name")
        .arg(format!("apigen-old-{}", crate_stem(&doc.name)))
        .arg("--runtime-path")
        .arg(root.join("runtime"))
        .output()
        .map_err(|e| format!("{}: {e}", old.display()))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    copy(lock, &dir.join("Cargo.lock"))?;
    crates::apigen_size(dir)
}
