//! Output and compile cost: for documents both generators handle, writes a crate with apigen
//! and one with progenitor, builds each with its dependencies already compiled, and reports
//! generated lines and bytes and the median rebuild time (debug and release). Then the extra
//! time `build.rs` mode adds to a consumer's clean build.
//!
//! ```text
//! cargo run --release -p apigen-bench --bin compile-cost -- [--runs N] [--clean-runs N] [--skip-clean] [DOC…]
//! ```
//!
//! Everything is written under `target/compile-cost/`; nothing here is part of the test suite.

use std::path::Path;
use std::time::Duration;

use apigen::standalone::{self, RuntimeSource};
use apigen_bench::corpus::{self, Document};
use apigen_bench::crates::{self, Size, copy, crate_stem, touch, write};
use apigen_bench::measure::{self, Samples};
use progenitor_impl::InterfaceStyle;

/// Small, medium and large documents that both generators handle.
const DEFAULT_DOCS: [&str; 3] = [
    "progenitor-keeper.json",
    "progenitor-propolis-server.json",
    "oxide-nexus.json",
];

struct Options {
    runs: usize,
    clean_runs: usize,
    skip_clean: bool,
    docs: Vec<String>,
}

fn main() {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("error: {why}");
            eprintln!("usage: compile-cost [--runs N] [--clean-runs N] [--skip-clean] [DOC…]");
            std::process::exit(2);
        }
    };
    if let Err(why) = run(&options) {
        eprintln!("error: {why}");
        std::process::exit(1);
    }
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        runs: 3,
        clean_runs: 3,
        skip_clean: false,
        docs: Vec::new(),
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut number = |flag: &str| -> Result<usize, String> {
            args.next()
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{flag} takes a positive number"))
        };
        match arg.as_str() {
            "--runs" => options.runs = number("--runs")?,
            "--clean-runs" => options.clean_runs = number("--clean-runs")?,
            "--skip-clean" => options.skip_clean = true,
            "--bench" => {}
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            doc => options.docs.push(doc.to_owned()),
        }
    }
    if options.docs.is_empty() {
        options.docs = DEFAULT_DOCS.iter().map(|d| (*d).to_owned()).collect();
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    let root = corpus::workspace_root()
        .canonicalize()
        .map_err(|e| format!("workspace root: {e}"))?;
    let work = root.join("target/compile-cost");
    let target = work.join("target");
    let lock = root.join("Cargo.lock");
    println!(
        "Generated crates, rebuilt with dependencies already compiled (median of {} runs; cargo's own overhead included on both sides):",
        options.runs
    );
    println!();
    println!("| document | generator | lines | KiB | debug build s | release build s |");
    println!("|---|---|---:|---:|---:|---:|");
    let mut ratios = Vec::new();
    for wanted in &options.docs {
        let docs = corpus::documents(std::slice::from_ref(wanted))?;
        let doc = docs
            .iter()
            .find(|d| d.name == *wanted)
            .ok_or_else(|| format!("no document named {wanted}"))?;
        let stem = crate_stem(&doc.name);
        let ours_dir = work.join("crates").join(format!("apigen-{stem}"));
        let peer_dir = work.join("crates").join(format!("progenitor-{stem}"));
        let ours_lines = crates::write_apigen(doc, &ours_dir, &root, &lock)?;
        let peer_lines =
            crates::write_progenitor(doc, &peer_dir, &lock, InterfaceStyle::Positional)?;
        let mut rows: Vec<(Size, Samples, Samples)> = Vec::new();
        for (generator, dir, size) in [
            ("apigen", &ours_dir, ours_lines),
            ("progenitor", &peer_dir, peer_lines),
        ] {
            let debug = rebuild_times(dir, &target, false, options.runs)?;
            let release = rebuild_times(dir, &target, true, options.runs)?;
            println!(
                "| {} | {generator} | {} | {:.0} | {:.2} | {:.2} |",
                doc.name,
                size.lines,
                size.bytes as f64 / 1024.0,
                debug.median().as_secs_f64(),
                release.median().as_secs_f64()
            );
            rows.push((size, debug, release));
        }
        let (ours, peer) = (&rows[0], &rows[1]);
        ratios.push((
            doc.name.clone(),
            ours.0.lines as f64 / peer.0.lines as f64,
            measure::ratio(&ours.1, &peer.1),
            measure::ratio(&ours.2, &peer.2),
        ));
    }
    println!();
    println!(
        "| document | lines apigen/progenitor | debug build apigen/progenitor | release build apigen/progenitor |"
    );
    println!("|---|---:|---:|---:|");
    for (name, lines, debug, release) in ratios {
        println!(
            "| {name} | {lines:.2}× | {} | {} |",
            measure::times(debug),
            measure::times(release)
        );
    }
    if !options.skip_clean {
        build_rs_overhead(&root, &work, &lock, options.clean_runs)?;
    }
    Ok(())
}

/// Builds once (dependencies), then `runs` times after touching `src/lib.rs`.
fn rebuild_times(dir: &Path, target: &Path, release: bool, runs: usize) -> Result<Samples, String> {
    cargo_build(dir, target, release)?;
    let mut samples = Samples::default();
    for _ in 0..runs {
        touch(&dir.join("src/lib.rs"))?;
        samples.push(cargo_build(dir, target, release)?);
    }
    Ok(samples)
}

fn cargo_build(dir: &Path, target: &Path, release: bool) -> Result<Duration, String> {
    crates::cargo("build", dir, target, release)
}

/// A consumer's clean debug build with the bindings generated by `build.rs` (this
/// repository's `hwcloud-bindings`) against the same bindings pre-generated into a
/// standalone crate: the difference is what build-time generation costs.
fn build_rs_overhead(root: &Path, work: &Path, lock: &Path, runs: usize) -> Result<(), String> {
    let spec = root.join("spec/cbr.yaml");
    let doc = Document::read(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let generated = apigen::generate("spec/cbr.yaml", &doc.text, &apigen::Settings::default())
        .map_err(|e| format!("apigen refuses the restore spec: {e}"))?;
    let pregenerated = work.join("crates/cbr-pregenerated");
    standalone::write_crate(
        &pregenerated,
        "cbr-pregenerated",
        "spec/cbr.yaml",
        &generated,
        &RuntimeSource::Path(root.join("runtime")),
    )
    .map_err(|e| format!("{}: {e}", pregenerated.display()))?;
    let consumers = [
        (
            "build.rs (generates at build time)",
            "consumer-build-rs",
            format!(
                "hwcloud-bindings = {{ path = {:?} }}",
                root.display().to_string()
            ),
            "pub use hwcloud_bindings::cbr::Client;\n",
        ),
        (
            "pre-generated crate",
            "consumer-pregenerated",
            format!(
                "cbr-pregenerated = {{ path = {:?} }}",
                pregenerated.display().to_string()
            ),
            "pub use cbr_pregenerated::Client;\n",
        ),
    ];
    let mut samples = [Samples::default(), Samples::default()];
    for (_, name, dep, lib) in &consumers {
        let dir = work.join("crates").join(name);
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{dep}\n\n[workspace]\n"
            ),
        )?;
        write(&dir.join("src/lib.rs"), &format!("//! A consumer.\n{lib}"))?;
        copy(lock, &dir.join("Cargo.lock"))?;
    }
    // Interleaved: clean A, clean B, clean A, … so both see the same machine.
    for _ in 0..runs {
        for (i, (_, name, _, _)) in consumers.iter().enumerate() {
            let dir = work.join("crates").join(name);
            let target = work.join(format!("clean-{name}"));
            if target.exists() {
                std::fs::remove_dir_all(&target)
                    .map_err(|e| format!("{}: {e}", target.display()))?;
            }
            samples[i].push(cargo_build(&dir, &target, false)?);
        }
    }
    println!();
    println!("A consumer's clean debug build (everything from scratch, median of {runs} runs):");
    println!();
    println!("| bindings | clean build s |");
    println!("|---|---:|");
    for (i, (label, ..)) in consumers.iter().enumerate() {
        println!("| {label} | {:.1} |", samples[i].median().as_secs_f64());
    }
    let extra = samples[0].median().as_secs_f64() - samples[1].median().as_secs_f64();
    println!();
    println!(
        "build.rs mode adds {extra:.1} s ({}) to a consumer's clean build.",
        measure::times(measure::ratio(&samples[0], &samples[1]))
    );
    Ok(())
}
