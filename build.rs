//! Generates the bindings from every document in `spec/` into `OUT_DIR` (and nowhere else).
//! A document with errors fails the build with the generator's diagnostics.

use std::path::PathBuf;
use std::process::ExitCode;

use apigen::project;
use apigen::write::{Mode, ensure_file_contents};

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=spec");
    let (Some(manifest_dir), Some(out_dir)) = (
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("OUT_DIR"),
    ) else {
        eprintln!("build.rs must run under cargo (CARGO_MANIFEST_DIR and OUT_DIR unset)");
        return ExitCode::FAILURE;
    };
    let (spec_dir, out_dir) = (
        PathBuf::from(manifest_dir).join("spec"),
        PathBuf::from(out_dir),
    );
    let modules = match project::generate_dir(&spec_dir, "spec", &project::default_settings()) {
        Ok(modules) => modules,
        Err(e) => {
            eprintln!("{e}");
            println!(
                "cargo:warning=the OpenAPI documents in spec/ have errors; see the build script's stderr"
            );
            return ExitCode::FAILURE;
        }
    };
    for module in &modules {
        for line in module.generated.warnings.to_string().lines() {
            println!("cargo:warning={line}");
        }
    }
    let index = match project::out_dir_index(&modules) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("internal error: the module index does not parse: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = modules
        .iter()
        .map(|m| (m.file_name(), m.generated.code.as_str()))
        .chain([(String::from("modules.rs"), index.as_str())]);
    for (name, contents) in files {
        let path = out_dir.join(&name);
        if let Err(e) = ensure_file_contents(&path, contents, Mode::Update) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
