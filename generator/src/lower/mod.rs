//! Lowering: `openapiv3` → [`crate::ir`]. The only code that sees `openapiv3`. Problems are
//! reported to the [`Ctxt`] with their pointer and lowering carries on, so one run finds them
//! all; the result is only used when no error was reported.

mod classify;
mod coerce;
mod media;
mod operation;
mod pagination;
mod parameters;
mod paths;
mod pointer_refs;
mod regions;
mod request_body;
mod resolve;
mod responses;
mod schema;
mod security;
mod server;
mod shapes;
mod template;
mod tree;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::OpenAPI;

use crate::diag::Ctxt;
use crate::filters::{Filters, Selection};
use crate::ir::{Model, Operation, Tag, TypeRef, TypeSpace};
use crate::naming::{self, Scope};
use crate::settings::{Pagination, Settings};

pub(crate) use operation::Walk;

/// Lowers a parsed document into the model, with the build settings' pagination and
/// filters.
pub fn model(cx: &Ctxt<'_>, doc: &OpenAPI, settings: &Settings) -> Model {
    let arena = typed_arena::Arena::new();
    let pagination = &settings.pagination;
    let mut lower = Lower::new(cx, doc, &arena, pagination);
    lower.component_schemas();
    let security_schemes = lower.security_schemes();
    let mut selection = Selection::new(&settings.filters);
    let walk = lower.operations(&security_schemes, &mut selection);
    for id in pagination.keys() {
        if !walk.seen_ids.contains(id) {
            cx.error(
                &crate::diag::Pointer::root().push("paths"),
                format!(
                    "the pagination settings name operation `{id}`, which the document does not have"
                ),
            );
        }
    }
    filter_errors(cx, &settings.filters, &selection, &walk);
    let operations = walk.kept;
    let mut tags = tags(doc, &operations);
    if settings.filters.is_active() {
        // A tag no kept operation has would only be an empty heading.
        tags.retain(|t| operations.iter().any(|op| op.tags.contains(&t.name)));
    }
    Model {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        server: lower.server(),
        relative_server: lower.relative_server(),
        regions: lower.regions(),
        types: lower.types,
        unlowered: lower.unlowered,
        security_schemes,
        operations,
        tags,
    }
}

/// Reports each filter entry that matched no operation (with the tags or operationIds it
/// could have meant), and filters that together keep none.
fn filter_errors(cx: &Ctxt<'_>, filters: &Filters, selection: &Selection<'_>, walk: &Walk) {
    for (setting, entry) in selection.unmatched() {
        let (what, names) = if setting.ends_with("tags") {
            ("tag", &walk.seen_tags)
        } else {
            ("operationId", &walk.seen_ids)
        };
        let near: Vec<&str> = names
            .iter()
            .filter(|n| {
                n.eq_ignore_ascii_case(entry)
                    || crate::filters::glob(&entry.to_ascii_lowercase(), &n.to_ascii_lowercase())
            })
            .map(String::as_str)
            .take(3)
            .collect();
        let hint = if near.is_empty() {
            let mut some: Vec<&str> = names.iter().map(String::as_str).take(8).collect();
            if names.len() > some.len() {
                some.push("…");
            }
            format!("the document's {what}s: {}", some.join(", "))
        } else {
            format!(
                "matching is case-sensitive: did you mean {}?",
                near.join(", ")
            )
        };
        filter_error(
            cx,
            format!(
                "{} matches no {what} of any operation",
                filters.describe(setting, entry)
            ),
            Some(hint),
        );
    }
    if filters.is_active() && selection.unmatched().is_empty() && walk.selected == 0 {
        filter_error(
            cx,
            String::from("the filters leave no operation to generate"),
            Some(String::from(
                "the excludes remove every operation the includes keep",
            )),
        );
    }
}

/// A filter's error: about the settings, so located at `paths` but without a line.
fn filter_error(cx: &Ctxt<'_>, message: String, hint: Option<String>) {
    cx.report(crate::diag::Diagnostic {
        severity: crate::diag::Severity::Error,
        message,
        pointer: String::from("/paths"),
        location: None,
        hint,
        snippet: None,
    });
}

/// The document's tags in order, then undeclared ones operations use, as first met.
fn tags(doc: &OpenAPI, operations: &[Operation]) -> Vec<Tag> {
    let mut out: Vec<Tag> = doc
        .tags
        .iter()
        .map(|t| Tag {
            name: t.name.clone(),
            description: t.description.clone(),
        })
        .collect();
    for name in operations.iter().flat_map(|op| &op.tags) {
        if !out.iter().any(|t| &t.name == name) {
            out.push(Tag {
                name: name.clone(),
                description: None,
            });
        }
    }
    out
}

/// The lowering context: every lowering step is a method on it.
pub(crate) struct Lower<'a, 'd> {
    cx: &'a Ctxt<'a>,
    doc: &'d OpenAPI,
    /// Items read from the document at a pointer `$ref` (parameters, responses, …), kept as
    /// long as the document's own, which lowering borrows.
    arena: &'d typed_arena::Arena<Box<dyn std::any::Any>>,
    /// Named types in creation order.
    types: TypeSpace,
    /// Component schemas that failed to lower, so made no type (see `Model::unlowered`).
    unlowered: Vec<(String, crate::ir::Origin)>,
    /// The module's type names (types, error aliases, response enums) and where each comes
    /// from, to report two sources claiming one name.
    type_names: Scope,
    /// Component schema name → type ident.
    component_idents: IndexMap<String, String>,
    /// The document as a tree, for `$ref`s that point anywhere (built on the first).
    tree: std::cell::OnceCell<serde_yaml::Value>,
    /// The types made for places in the document (inline schemas as they are lowered, and
    /// pointer `$ref` targets), so a pointer `$ref` to one place shares its type.
    pointer_types: std::collections::HashMap<String, TypeRef>,
    /// Pagination the build settings give, by operationId.
    pagination: &'a BTreeMap<String, Pagination>,
}

impl<'a, 'd> Lower<'a, 'd> {
    fn new(
        cx: &'a Ctxt<'a>,
        doc: &'d OpenAPI,
        arena: &'d typed_arena::Arena<Box<dyn std::any::Any>>,
        pagination: &'a BTreeMap<String, Pagination>,
    ) -> Self {
        Self {
            cx,
            doc,
            arena,
            types: TypeSpace::default(),
            unlowered: Vec::new(),
            type_names: naming::type_scope(),
            component_idents: IndexMap::new(),
            tree: std::cell::OnceCell::new(),
            pointer_types: std::collections::HashMap::new(),
            pagination,
        }
    }

    /// Takes the first free of `base`, `base2`, `base3`… for a type the generator names
    /// (synthesized names give way, in document order, so they are stable across runs).
    fn fresh_type_name(&mut self, base: &str, origin: &str) -> String {
        self.type_names.fresh(base, "", origin)
    }
}
