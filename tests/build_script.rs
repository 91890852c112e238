//! The top-level `build.rs`, run by a real `cargo build` of a throwaway consumer crate: a good
//! spec builds into a crate that compiles with warnings denied, a broken spec fails the build
//! with the generator's own located diagnostics, and editing the spec re-runs generation.
//!
//! The nested build uses its own target directory under `target/` (kept between runs, so only
//! the first run pays for compiling the dependencies) and `--offline` with this workspace's
//! `Cargo.lock`, so it resolves exactly the versions the workspace uses.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cargo_build(dir: &Path) -> (bool, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/build-script-check"))
        .env("RUSTFLAGS", "-D warnings")
        // The profile the corpus example test uses in the same target directory, so the
        // dependencies compile once for both.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .output()
        .expect("run cargo");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn consumer_crate() -> PathBuf {
    let dir = root().join("target/build-script-check/consumer");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let manifest = format!(
        r#"[package]
name = "consumer"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
apigen-runtime = {{ path = "{root}/runtime" }}

[build-dependencies]
apigen = {{ path = "{root}/generator" }}

[workspace]
"#,
        root = root().display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::copy(root().join("build.rs"), dir.join("build.rs")).unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! Consumer.\n#![deny(missing_docs)]\ninclude!(concat!(env!(\"OUT_DIR\"), \"/modules.rs\"));\n",
    )
    .unwrap();
    std::fs::copy(root().join("spec/cbr.yaml"), dir.join("spec/cbr.yaml")).unwrap();
    dir
}

#[test]
fn build_rs_generates_fails_on_bad_specs_and_reruns_on_change() {
    let dir = consumer_crate();
    let (ok, stderr) = cargo_build(&dir);
    assert!(ok, "the restore spec must build warning-free:\n{stderr}");

    // A broken document next to the good one: the build fails with the diagnostics.
    std::fs::write(
        dir.join("spec/broken.yaml"),
        "openapi: 3.0.3\ninfo: {title: Broken, version: '1'}\npaths:\n  /x/{id}:\n    get:\n      responses: {'200': {description: ok}}\n",
    )
    .unwrap();
    let (ok, stderr) = cargo_build(&dir);
    assert!(!ok, "a broken spec must fail the build");
    assert!(
        stderr.contains("declares no path parameter `id`"),
        "{stderr}"
    );
    assert!(stderr.contains("spec/broken.yaml:5:5"), "{stderr}");

    // Fixing it re-runs the build script (rerun-if-changed on spec/) and the build passes.
    std::fs::remove_file(dir.join("spec/broken.yaml")).unwrap();
    let (ok, stderr) = cargo_build(&dir);
    assert!(ok, "{stderr}");
}
