//! Output and compile cost: for documents both generators handle, writes a crate with apigen
//! and one with progenitor, builds each with its dependencies already compiled, and reports
//! generated lines and bytes and the median rebuild time (debug and release). Then the extra
//! time `build.rs` mode adds to a consumer's clean build.
//!
//! ```text
//! cargo run --release -p apigen-bench --bin compile-cost -- [--runs N] [--clean-runs N] [--skip-clean | --clean-only] [--before DIR] [DOC…]
//! ```
//!
//! `--before DIR` names another checkout of this workspace (an earlier commit): its two
//! consumers are built interleaved with this one's, for a before/after table.
//!
//! ```text
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
    /// Only the consumer's clean builds.
    clean_only: bool,
    /// Another checkout of this workspace, measured alongside as "before".
    before: Option<std::path::PathBuf>,
    docs: Vec<String>,
}

fn main() {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("error: {why}");
            eprintln!(
                "usage: compile-cost [--runs N] [--clean-runs N] [--skip-clean | --clean-only] [--before DIR] [DOC…]"
            );
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
        clean_only: false,
        before: None,
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
            "--clean-only" => options.clean_only = true,
            "--before" => {
                options.before = Some(args.next().ok_or("--before takes a directory")?.into())
            }
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
    if options.clean_only {
        return build_rs_overhead(&root, options.before.as_deref(), &work, options.clean_runs);
    }
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
        build_rs_overhead(&root, options.before.as_deref(), &work, options.clean_runs)?;
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
/// standalone crate: the difference is what build-time generation costs. With `before`,
/// the same two consumers of that checkout too, all interleaved.
fn build_rs_overhead(
    root: &Path,
    before: Option<&Path>,
    work: &Path,
    runs: usize,
) -> Result<(), String> {
    let mut consumers = consumers_of(root, "now", work)?;
    if let Some(before) = before {
        let before = before
            .canonicalize()
            .map_err(|e| format!("{}: {e}", before.display()))?;
        consumers.extend(consumers_of(&before, "before", work)?);
    }
    let mut samples = vec![Samples::default(); consumers.len()];
    // Interleaved: clean A, clean B, clean A, … so all see the same machine.
    for _ in 0..runs {
        for (i, consumer) in consumers.iter().enumerate() {
            let target = work.join(format!("clean-{}", consumer.name));
            if target.exists() {
                std::fs::remove_dir_all(&target)
                    .map_err(|e| format!("{}: {e}", target.display()))?;
            }
            samples[i].push(cargo_build(&consumer.dir, &target, false)?);
            std::fs::remove_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    println!();
    println!("A consumer's clean debug build (everything from scratch, median of {runs} runs):");
    println!();
    println!("| workspace | bindings | clean build s |");
    println!("|---|---|---:|");
    for (consumer, s) in consumers.iter().zip(&samples) {
        println!(
            "| {} | {} | {:.1} |",
            consumer.workspace,
            consumer.label,
            s.median().as_secs_f64()
        );
    }
    println!();
    for pair in samples.chunks(2).zip(consumers.chunks(2)) {
        let (s, c) = pair;
        let extra = s[0].median().as_secs_f64() - s[1].median().as_secs_f64();
        println!(
            "{}: build.rs mode adds {extra:.1} s ({}) to a consumer's clean build.",
            c[0].workspace,
            measure::times(measure::ratio(&s[0], &s[1]))
        );
    }
    if samples.len() == 4 {
        for (i, what) in [(0, "build.rs mode"), (1, "pre-generated")] {
            println!(
                "{what}: now / before = {}",
                measure::times(measure::ratio(&samples[i], &samples[i + 2]))
            );
        }
    }
    Ok(())
}

struct Consumer {
    workspace: &'static str,
    label: &'static str,
    name: String,
    dir: std::path::PathBuf,
}

/// The two consumers of the workspace at `root`: `hwcloud-bindings` (build.rs), and its
/// checked-in `generated/cbr.rs` as a crate of its own on that workspace's runtime.
fn consumers_of(
    root: &Path,
    workspace: &'static str,
    work: &Path,
) -> Result<Vec<Consumer>, String> {
    let spec = root.join("spec/cbr.yaml");
    let doc = Document::read(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let generated = apigen::generate("spec/cbr.yaml", &doc.text, &apigen::Settings::default())
        .map_err(|e| format!("apigen refuses the restore spec: {e}"))?;
    let pregenerated = work.join(format!("crates/cbr-pregenerated-{workspace}"));
    standalone::write_crate(
        &pregenerated,
        "cbr-pregenerated",
        "spec/cbr.yaml",
        &generated,
        &RuntimeSource::Path(root.join("runtime")),
    )
    .map_err(|e| format!("{}: {e}", pregenerated.display()))?;
    // That workspace's generated code, in case this generator writes it differently, and
    // only the runtime features that workspace has.
    copy(
        &root.join("generated/cbr.rs"),
        &pregenerated.join("src/api.rs"),
    )?;
    let runtime_manifest = crates::read(&root.join("runtime/Cargo.toml"))?;
    let manifest = crates::read(&pregenerated.join("Cargo.toml"))?;
    let kept: Vec<&str> = manifest
        .lines()
        .filter(|line| {
            let feature = line
                .split('"')
                .nth(1)
                .and_then(|d| d.strip_prefix("apigen-runtime/"));
            feature.is_none_or(|f| runtime_manifest.contains(&format!("\n{f} = ")))
        })
        .collect();
    write(&pregenerated.join("Cargo.toml"), &(kept.join("\n") + "\n"))?;
    let lock = root.join("Cargo.lock");
    let mut out = Vec::new();
    for (label, kind, dep, lib) in [
        (
            "build.rs (generates at build time)",
            "build-rs",
            format!(
                "hwcloud-bindings = {{ path = {:?} }}",
                root.display().to_string()
            ),
            "pub use hwcloud_bindings::cbr::Client;\n",
        ),
        (
            "pre-generated crate",
            "pregenerated",
            format!(
                "cbr-pregenerated = {{ path = {:?} }}",
                pregenerated.display().to_string()
            ),
            "pub use cbr_pregenerated::Client;\n",
        ),
    ] {
        let name = format!("consumer-{kind}-{workspace}");
        let dir = work.join("crates").join(&name);
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{dep}\n\n[workspace]\n"
            ),
        )?;
        write(&dir.join("src/lib.rs"), &format!("//! A consumer.\n{lib}"))?;
        copy(&lock, &dir.join("Cargo.lock"))?;
        out.push(Consumer {
            workspace,
            label,
            name,
            dir,
        });
    }
    Ok(out)
}
