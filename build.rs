//! Generates the bindings from every document in `spec/` into `OUT_DIR` (and nowhere else).
//! A document with errors fails the build with the generator's diagnostics.

use std::process::ExitCode;

use apigen::project;

/// What regenerates the checked-in `generated/`: the command line's default mode, which
/// writes this same hint, so `generated/` and this build's output are the same bytes
/// (`tests/generated_fresh.rs` holds both to it and reads the hint from here).
const REGENERATE: &str = "cargo run -p apigen-cli";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=spec");
    println!("cargo:rustc-env=APIGEN_REGENERATE_HINT={REGENERATE}");
    let Some((manifest_dir, out_dir)) = apigen::project::build_script_dirs() else {
        eprintln!("build.rs must run under cargo (CARGO_MANIFEST_DIR and OUT_DIR unset)");
        return ExitCode::FAILURE;
    };
    let spec_dir = manifest_dir.join("spec");
    let mut settings = apigen::Settings::default();
    settings.with_regenerate_hint(REGENERATE);
    match project::write_out_dir(&spec_dir, "spec", &settings, &out_dir) {
        Ok(modules) => {
            for module in &modules {
                for line in module.generated.warnings.to_string().lines() {
                    println!("cargo:warning={line}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            println!(
                "cargo:warning=the OpenAPI documents in spec/ have errors; see the build script's stderr"
            );
            ExitCode::FAILURE
        }
    }
}
