//! Generates every fixture in `../tests/fixtures` into `OUT_DIR`, with exactly the settings
//! and names the snapshot test uses, so what is snapshotted is what is compiled; and the
//! fixture `tags.yaml` once per filter case in `../tests/filters/` (module `tags_<case>`),
//! as `tests/filters.rs` snapshots them.

use std::path::Path;
use std::process::ExitCode;

use apigen::project::{self, Module, ProjectError, SpecFile};

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=../tests/fixtures");
    println!("cargo:rerun-if-changed=../tests/filters");
    let Some((manifest_dir, out_dir)) = project::build_script_dirs() else {
        eprintln!("build.rs must run under cargo");
        return ExitCode::FAILURE;
    };
    let tests = manifest_dir.join("../tests");
    let modules = project::generate_dir(
        &tests.join("fixtures"),
        "fixtures",
        &apigen::Settings::default(),
    )
    .and_then(|mut modules| {
        modules.extend(filter_cases(&tests)?);
        Ok(modules)
    })
    .and_then(|modules| project::write_modules(&modules, &out_dir));
    match modules {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `tags.yaml` generated with each case's filters.
fn filter_cases(tests: &Path) -> Result<Vec<Module>, ProjectError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ProjectError::Io { path, source }
    };
    let document = tests.join("fixtures/tags.yaml");
    let text = std::fs::read_to_string(&document).map_err(io(&document))?;
    let dir = tests.join("filters");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .map_err(io(&dir))?
        .map(|e| e.map(|e| e.path()).map_err(io(&dir)))
        .collect::<Result<_, _>>()?;
    cases.sort();
    cases
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap_or_default().to_string_lossy();
            let filters = apigen::settings_file::parse(
                &format!("filters/{name}.yaml"),
                &std::fs::read_to_string(&path).map_err(io(&path))?,
            )?;
            let mut settings = apigen::Settings::default();
            settings.with_filters(filters);
            let display = String::from("fixtures/tags.yaml");
            let generated =
                apigen::generate(&display, &text, &settings).map_err(ProjectError::Spec)?;
            Ok(Module {
                spec: SpecFile {
                    path: document.clone(),
                    display,
                    module: apigen::naming::module(&format!("tags-{name}")),
                },
                generated,
            })
        })
        .collect()
}
