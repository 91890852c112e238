//! What the corpus tests share: where things are, and how a generated crate is built.

#![allow(dead_code, reason = "each test binary uses its own part")]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `cargo check` of the crate in `dir` with warnings and missing docs denied, in the target
/// directory every corpus crate shares (dependencies are checked once). `Err`: cargo's
/// standard error.
pub fn check(dir: &Path) -> Result<(), String> {
    check_with(dir, &[])
}

/// [`check`] with more arguments for cargo (features).
pub fn check_with(dir: &Path, args: &[&str]) -> Result<(), String> {
    let args: Vec<&str> = ["check"].iter().chain(args).copied().collect();
    run(
        dir,
        &args,
        "target/corpus-check/target",
        "-D warnings -D missing_docs",
        &[],
    )
}

/// `cargo doc --no-deps` of the crate in `dir` with rustdoc's warnings (broken links among
/// them) denied, sharing [`check_with`]'s target directory and flags.
pub fn doc_with(dir: &Path, args: &[&str]) -> Result<(), String> {
    let args: Vec<&str> = ["doc", "--no-deps"].iter().chain(args).copied().collect();
    run(
        dir,
        &args,
        "target/corpus-check/target",
        "-D warnings -D missing_docs",
        &[("RUSTDOCFLAGS", OsStr::new("-D warnings"))],
    )
}

/// `cargo test --test <test>` of the crate in `dir`. It shares the target directory, flags
/// and profile of the `build.rs` test's nested build, whose dependencies are the same
/// compiled crates, so they are built once per CI run. No debug info: nobody debugs these
/// builds, and it makes the large crates build and link much faster.
pub fn test(dir: &Path, test: &str, envs: &[(&str, &OsStr)]) -> Result<(), String> {
    let no_debug_info = [("CARGO_PROFILE_DEV_DEBUG", OsStr::new("0"))];
    let envs: Vec<(&str, &OsStr)> = no_debug_info.iter().chain(envs).copied().collect();
    run(
        dir,
        &["test", "--test", test],
        "target/build-script-check",
        "-D warnings",
        &envs,
    )
}

fn run(
    dir: &Path,
    args: &[&str],
    target: &str,
    rustflags: &str,
    envs: &[(&str, &OsStr)],
) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .args(["--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join(target))
        .env("RUSTFLAGS", rustflags)
        .envs(envs.iter().copied())
        .output()
        .expect("run cargo");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
