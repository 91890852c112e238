//! Generated crates on disk for the compile-cost benchmarks: apigen's standalone crate,
//! progenitor's as `cargo progenitor` lays it out, and the `cargo` runs that time them.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use apigen::standalone::{self, RuntimeSource};
use apigen::write::{Mode, ensure_file_contents};
use progenitor_impl::InterfaceStyle;

use crate::corpus::Document;
use crate::peer;

/// Lines and bytes of a crate's generated sources.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Lines.
    pub lines: usize,
    /// Bytes.
    pub bytes: usize,
}

/// `oxide-nexus.json` → `oxide-nexus`.
pub fn crate_stem(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Writes apigen's standalone crate (this build's generator) into `dir`, depending on the
/// runtime in `root/runtime`.
pub fn write_apigen(doc: &Document, dir: &Path, root: &Path, lock: &Path) -> Result<Size, String> {
    write_apigen_with(doc, dir, root, lock, &apigen::Settings::default())
}

/// [`write_apigen`] with these settings (filters, per-tag features).
pub fn write_apigen_with(
    doc: &Document,
    dir: &Path,
    root: &Path,
    lock: &Path,
    settings: &apigen::Settings,
) -> Result<Size, String> {
    let generated = apigen::generate(&doc.name, &doc.text, settings)
        .map_err(|e| format!("apigen refuses {}: {e}", doc.name))?;
    let name = format!("apigen-{}", crate_stem(&doc.name));
    standalone::write_crate(
        dir,
        &name,
        &doc.name,
        &generated,
        &RuntimeSource::Path(root.join("runtime")),
    )
    .map_err(|e| format!("{}: {e}", dir.display()))?;
    copy(lock, &dir.join("Cargo.lock"))?;
    apigen_size(dir)
}

/// Lines and bytes of an apigen crate's `src/lib.rs` and `src/api.rs`.
pub fn apigen_size(dir: &Path) -> Result<Size, String> {
    let lib = read(&dir.join("src/lib.rs"))?;
    let api = read(&dir.join("src/api.rs"))?;
    Ok(Size {
        lines: lib.lines().count() + api.lines().count(),
        bytes: lib.len() + api.len(),
    })
}

/// Writes progenitor's crate, in `style`, as `cargo progenitor` lays it out.
pub fn write_progenitor(
    doc: &Document,
    dir: &Path,
    lock: &Path,
    style: InterfaceStyle,
) -> Result<Size, String> {
    let out = peer::generate_in_style(&doc.name, &doc.text, style)
        .map_err(|e| format!("progenitor fails on {}: {e}", doc.name))?;
    let name = dir.file_name().map_or_else(
        || String::from("progenitor"),
        |n| n.to_string_lossy().into_owned(),
    );
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{}\n\n[workspace]\n",
        out.dependencies.join("\n")
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(&dir.join("src/lib.rs"), &out.code)?;
    if !dir.join("Cargo.lock").exists() {
        copy(lock, &dir.join("Cargo.lock"))?;
    }
    Ok(Size {
        lines: out.code.lines().count(),
        bytes: out.code.len(),
    })
}

/// Runs `cargo <subcommand>` (`build`, `check`) in `dir` with `target` as the target
/// directory; returns its wall time.
pub fn cargo(
    subcommand: &str,
    dir: &Path,
    target: &Path,
    release: bool,
) -> Result<Duration, String> {
    cargo_with(subcommand, &[], dir, target, release)
}

/// [`cargo`] with more arguments (features).
pub fn cargo_with(
    subcommand: &str,
    args: &[&str],
    dir: &Path,
    target: &Path,
    release: bool,
) -> Result<Duration, String> {
    run_cargo(subcommand, args, &[], dir, target, release)
}

/// A debug `cargo <subcommand>` with arguments and environment (`RUSTFLAGS` to deny
/// warnings).
pub fn cargo_env(
    subcommand: &str,
    args: &[&str],
    envs: &[(&str, &str)],
    dir: &Path,
    target: &Path,
) -> Result<Duration, String> {
    run_cargo(subcommand, args, envs, dir, target, false)
}

fn run_cargo(
    subcommand: &str,
    args: &[&str],
    envs: &[(&str, &str)],
    dir: &Path,
    target: &Path,
    release: bool,
) -> Result<Duration, String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .arg(subcommand)
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        // The generated code is measured as a user builds it, not under this process's flags.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .envs(envs.iter().copied());
    if release {
        command.arg("--release");
    }
    let start = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cargo {subcommand} in {}: {e}", dir.display()))?;
    let elapsed = start.elapsed();
    if !output.status.success() {
        return Err(format!(
            "cargo {subcommand} failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(elapsed)
}

/// Reads a file.
pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `contents` unless the file already holds them (so cargo sees no change).
pub fn write(path: &Path, contents: &str) -> Result<(), String> {
    ensure_file_contents(path, contents, Mode::Update)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Copies a file.
pub fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} to {}: {e}", from.display(), to.display()))
}

/// Marks `path` modified now, so cargo rebuilds the crate.
pub fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}
