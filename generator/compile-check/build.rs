//! Generates every fixture in `../tests/fixtures` into `OUT_DIR`, with exactly the settings
//! and names the snapshot test uses, so what is snapshotted is what is compiled.

use std::path::PathBuf;
use std::process::ExitCode;

use apigen::project;
use apigen::write::{Mode, ensure_file_contents};

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=../tests/fixtures");
    let (Some(manifest_dir), Some(out_dir)) = (
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("OUT_DIR"),
    ) else {
        eprintln!("build.rs must run under cargo");
        return ExitCode::FAILURE;
    };
    let fixtures = PathBuf::from(manifest_dir).join("../tests/fixtures");
    let out_dir = PathBuf::from(out_dir);
    let modules = match project::generate_dir(&fixtures, "fixtures", &apigen::Settings::default()) {
        Ok(modules) => modules,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let index = match project::out_dir_index(&modules) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("internal error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = modules
        .iter()
        .map(|m| (m.file_name(), m.generated.code.as_str()))
        .chain([(String::from("modules.rs"), index.as_str())]);
    for (name, contents) in files {
        if let Err(e) = ensure_file_contents(&out_dir.join(&name), contents, Mode::Update) {
            eprintln!("cannot write {name}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
