//! Generates every fixture in `../tests/fixtures` into `OUT_DIR`, with exactly the settings
//! and names the snapshot test uses, so what is snapshotted is what is compiled.

use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=../tests/fixtures");
    let Some((manifest_dir, out_dir)) = apigen::project::build_script_dirs() else {
        eprintln!("build.rs must run under cargo");
        return ExitCode::FAILURE;
    };
    let fixtures = manifest_dir.join("../tests/fixtures");
    match apigen::project::write_out_dir(
        &fixtures,
        "fixtures",
        &apigen::Settings::default(),
        &out_dir,
    ) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
