//! Generates the bindings from every document in `spec/` into `OUT_DIR` (and nowhere else).
//! A document with errors fails the build with the generator's diagnostics.

use std::process::ExitCode;

use apigen::project;

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=spec");
    let Some((manifest_dir, out_dir)) = apigen::project::build_script_dirs() else {
        eprintln!("build.rs must run under cargo (CARGO_MANIFEST_DIR and OUT_DIR unset)");
        return ExitCode::FAILURE;
    };
    let spec_dir = manifest_dir.join("spec");
    match project::write_out_dir(&spec_dir, "spec", &project::default_settings(), &out_dir) {
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
