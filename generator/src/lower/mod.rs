//! Lowering: `openapiv3` → [`crate::ir`]. The only code that sees `openapiv3`. Problems are
//! reported to the [`Ctxt`] with their pointer and lowering carries on, so one run finds them
//! all; the result is only used when no error was reported.

mod coerce;
mod operation;
mod schema;
mod security;
mod server;
mod shapes;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};

use crate::diag::{Ctxt, Pointer};
use crate::ir::{Model, Operation, Tag, TypeSpace};

/// The JSON Schema type names OpenAPI 3.0 knows.
pub(crate) const JSON_TYPES: [&str; 6] =
    ["string", "integer", "number", "boolean", "array", "object"];

/// Lowers a parsed document into the model.
pub fn model(cx: &Ctxt<'_>, doc: &OpenAPI) -> Model {
    let mut lower = Lower::new(cx, doc);
    lower.component_schemas();
    let security_schemes = security::schemes(&lower);
    let operations = operation::all(&mut lower, &security_schemes);
    let tags = tags(doc, &operations);
    Model {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        server: server::first(cx, doc),
        types: lower.types,
        security_schemes,
        operations,
        tags,
    }
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

/// State shared by the lowering passes.
pub(crate) struct Lower<'a, 'd> {
    pub(crate) cx: &'a Ctxt<'a>,
    pub(crate) doc: &'d OpenAPI,
    /// Named types in creation order.
    pub(crate) types: TypeSpace,
    /// Type ident → origin, to report two sources claiming one name.
    pub(crate) type_names: BTreeMap<String, String>,
    /// Component schema name → type ident.
    pub(crate) component_idents: IndexMap<String, String>,
}

impl<'a, 'd> Lower<'a, 'd> {
    fn new(cx: &'a Ctxt<'a>, doc: &'d OpenAPI) -> Self {
        Self {
            cx,
            doc,
            types: TypeSpace::default(),
            type_names: BTreeMap::new(),
            component_idents: IndexMap::new(),
        }
    }

    /// The first of `base`, `base2`, `base3`… that is neither taken nor a prelude name.
    pub(crate) fn free_type_name(&self, base: &str) -> String {
        crate::naming::first_free(base, "", |candidate| {
            crate::naming::is_prelude_name(candidate) || self.type_names.contains_key(candidate)
        })
    }

    /// Claims `ident` for the type coming from `origin`; reports a collision and returns
    /// `false` when another source already has it.
    pub(crate) fn claim_type_name(&mut self, ident: &str, origin: &str, pointer: &Pointer) -> bool {
        if let Some(first) = self.type_names.get(ident) {
            self.cx.error_hint(
                pointer,
                format!(
                    "the type name `{ident}` derived from `{origin}` is already used by `{first}`"
                ),
                "rename one of the schemas (or give the inline schema a component of its own)",
            );
            return false;
        }
        self.type_names.insert(ident.to_owned(), origin.to_owned());
        true
    }
}

/// The item itself, or the component its `$ref` names (see [`resolve`]); `None` when the
/// reference is reported.
pub(crate) fn item_or_component<'d, T>(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    value: &'d ReferenceOr<T>,
    kind: &str,
    components: Option<&'d IndexMap<String, ReferenceOr<T>>>,
) -> Option<&'d T> {
    match value {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            resolve(cx, pointer, reference, kind, components).map(|(_, item)| item)
        }
    }
}

/// Resolves a local `$ref` to a component of one kind (`schemas`, `parameters`, …).
/// Reports and returns `None` for external, malformed, dangling or wrong-kind references.
pub(crate) fn resolve<'d, T>(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    reference: &str,
    kind: &str,
    components: Option<&'d IndexMap<String, ReferenceOr<T>>>,
) -> Option<(&'d str, &'d T)> {
    let name = component_name(cx, pointer, reference, kind)?;
    let mut current = name;
    // Follow reference chains between components of the same kind, bounded.
    for _ in 0..32 {
        match components.and_then(|c| c.get_key_value(current)) {
            None => {
                cx.error_hint(
                    pointer,
                    format!(
                        "unresolved $ref `{reference}`: there is no `components/{kind}/{current}`"
                    ),
                    "check the spelling, or add the component",
                );
                return None;
            }
            Some((key, ReferenceOr::Item(item))) => return Some((key.as_str(), item)),
            Some((_, ReferenceOr::Reference { reference: next })) => {
                current = component_name(cx, pointer, next, kind)?;
            }
        }
    }
    cx.error(
        pointer,
        format!("$ref `{reference}` is part of a reference cycle"),
    );
    None
}

/// The component name in `#/components/<kind>/<name>`.
pub(crate) fn component_name<'r>(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    reference: &'r str,
    kind: &str,
) -> Option<&'r str> {
    let Some(fragment) = reference.strip_prefix('#') else {
        cx.error_hint(
            pointer,
            format!("external $ref `{reference}` is not supported"),
            "bundle the document into one file first, e.g. `npx @redocly/cli bundle`",
        );
        return None;
    };
    let prefix = format!("/components/{kind}/");
    match fragment.strip_prefix(&prefix) {
        Some(name) if !name.is_empty() && !name.contains('/') => Some(name),
        _ => {
            cx.error(
                pointer,
                format!("$ref `{reference}` must point to `#/components/{kind}/<name>` here"),
            );
            None
        }
    }
}
