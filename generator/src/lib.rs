//! apigen: OpenAPI 3.0 and 3.1 (and Swagger 2.0) documents → Rust clients that speak HTTP.
//!
//! One entry point, [`generate`], used by the command line, `build.rs` and the tests:
//!
//! ```text
//! text ─load─▶ openapiv3::OpenAPI ─lower─▶ ir::Model ─passes─▶ ir::Api ─emit─▶ tokens ─format─▶ source
//!             (located errors)     (all problems collected, checked before emit)
//! ```
//!
//! ```
//! let spec = r#"
//! openapi: 3.0.3
//! info: {title: Pets, version: "1"}
//! paths:
//!   /pets/{id}:
//!     get:
//!       operationId: GetPet
//!       parameters: [{name: id, in: path, required: true, schema: {type: string}}]
//!       responses: {"200": {description: OK}}
//! "#;
//! let out = apigen::generate("pets.yaml", spec, &apigen::Settings::default()).unwrap();
//! assert!(out.code.contains("pub fn get_pet<'a>(") && out.code.contains("id: &'a str"));
//! assert!(out.code.contains("pub struct GetPetRequest<'a>"));
//! ```
#![deny(missing_docs)]

pub mod diag;
mod doc_text;
mod emit;
pub mod filters;
pub mod format;
pub mod ir;
mod json_positions;
pub mod load;
mod lower;
pub mod naming;
pub mod normalize;
pub mod origins;
mod passes;
pub mod pointer;
pub mod project;
pub mod settings;
pub mod settings_file;
pub mod source_map;
pub mod standalone;
pub mod surface;
pub mod write;
pub mod yaml_value;

pub use diag::{Diagnostic, Diagnostics, Severity};
pub use settings::{Filters, Pagination, Settings};

/// The result of generating one document.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted source, with its `@generated` header.
    pub code: String,
    /// The model the code was emitted from.
    pub api: ir::Api,
    /// Warnings: the code was generated, but these deserve a look.
    pub warnings: Diagnostics,
}

/// A document read into the model the code would be emitted from, without emitting it.
#[derive(Debug)]
pub struct Analysed {
    /// The model.
    pub api: ir::Api,
    /// Warnings about the document.
    pub warnings: Diagnostics,
    /// Pointer → line in the document's text.
    pub source_map: source_map::SourceMap,
}

/// Reads one document into its model (for tools that compare or inspect APIs, such as the
/// API diff); [`generate`] is this, then emission.
///
/// # Errors
/// Every problem in the document, located.
pub fn analyse(file: &str, text: &str, settings: &Settings) -> Result<Analysed, Diagnostics> {
    let source_map = source_map::SourceMap::build(text);
    if settings.threads() <= 1 || !source_map.worth_indexing_ahead() {
        return analyse_mapped(file, text, settings, source_map);
    }
    // Positions of a YAML text are a second parse of it, needed as soon as there is a
    // diagnostic: made on another core while this one loads and lowers.
    std::thread::scope(|scope| {
        scope.spawn(source_map.indexer());
        analyse_mapped(file, text, settings, source_map)
    })
}

fn analyse_mapped(
    file: &str,
    text: &str,
    settings: &Settings,
    source_map: source_map::SourceMap,
) -> Result<Analysed, Diagnostics> {
    let loaded = load::load_mapped(file, text, source_map)?;
    let cx = diag::Ctxt::new(file, &loaded.source_map);
    loaded.warnings.iter().for_each(|w| cx.report(w.clone()));
    let model = lower::model(&cx, &loaded.doc, settings);
    let api = passes::run(&cx, model, settings);
    let warnings = cx.finish()?;
    if settings.deny_warnings && !warnings.is_empty() {
        return Err(warnings.denied());
    }
    Ok(Analysed {
        api,
        warnings,
        source_map: loaded.source_map,
    })
}

/// Generates the client for one document. `file` names it in diagnostics and in the header.
///
/// # Errors
/// Every problem in the document, located; no code is produced when there is an error.
pub fn generate(file: &str, text: &str, settings: &Settings) -> Result<Generated, Diagnostics> {
    let Analysed { api, warnings, .. } = analyse(file, text, settings)?;
    let code = format::module(
        &api,
        &settings.runtime_crate,
        &header(file, &api, settings),
        settings.threads(),
    )
    .map_err(|e| {
        Diagnostics::new(
            file,
            vec![Diagnostic {
                severity: Severity::Error,
                message: format!(
                    "internal error: the generated code does not parse ({e}); please report this"
                ),
                pointer: String::new(),
                location: None,
                hint: None,
                snippet: None,
            }],
        )
    })?;
    Ok(Generated {
        code,
        api,
        warnings,
    })
}

/// The Rust type for `ty` as a generated module writes it next to its client: named types as
/// `types::Name`, runtime types under the settings' runtime crate. For tools that write code
/// against a generated module, so they spell types exactly as the generator does.
pub fn type_expr(ty: &ir::TypeRef, settings: &Settings) -> proc_macro2::TokenStream {
    emit::type_expr(ty, &settings.runtime_crate)
}

fn header(file: &str, api: &ir::Api, settings: &Settings) -> Vec<String> {
    let mut lines = vec![format!(
        "@generated by apigen from {file}. Do not edit by hand."
    )];
    if let Some(command) = &settings.regenerate_hint {
        lines.push(format!("Regenerate with: {command}"));
    }
    lines.push(String::new());
    lines.push(format!(
        "{} (API version {})",
        api.model.title.trim(),
        api.model.version.trim()
    ));
    lines
}
