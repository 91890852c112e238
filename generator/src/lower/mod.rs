//! Lowering: `openapiv3` → [`crate::ir`]. The only code that sees `openapiv3`. Problems are
//! reported to the [`Ctxt`] with their pointer and lowering carries on, so one run finds them
//! all; the result is only used when no error was reported.

mod coerce;
mod dedup;
mod operation;
mod schema;
mod security;
mod server;
mod shapes;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};

use crate::diag::{Ctxt, Pointer};
use crate::ir::{Api, EnumRepr, Operation, Tag, TypeDef, TypeKind, TypeRef};

/// The JSON Schema type names OpenAPI 3.0 knows.
pub(crate) const JSON_TYPES: [&str; 6] =
    ["string", "integer", "number", "boolean", "array", "object"];

/// Lowers a parsed document into the model.
pub fn api(cx: &Ctxt<'_>, doc: &OpenAPI) -> Api {
    let mut lower = Lower::new(cx, doc);
    lower.component_schemas();
    let security_schemes = security::schemes(&lower);
    let mut operations = operation::all(&mut lower, &security_schemes);
    dedup::merge_identical(&mut lower.types, &mut operations);
    lower.box_recursion();
    lower.mark_scalar_unions();
    lower.mark_self_tagging_variants();
    let tags = tags(doc, &operations);
    Api {
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
    pub(crate) types: Vec<TypeDef>,
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
            types: Vec::new(),
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

impl Lower<'_, '_> {
    /// Follows aliases (`type Id = String;`) to the type they name, bounded against cycles.
    /// Whether `ty` names an enumeration, or a union of scalars and enumerations: what
    /// parameters can take besides scalars (it prints as its value).
    pub(crate) fn is_enum(&self, ty: &TypeRef) -> bool {
        self.is_printable(ty, 0)
    }

    /// Whether `ty` names an open string enumeration: the enums generated with `FromStr`
    /// (integer and one-value enums have none).
    pub(crate) fn is_open_string_enum(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(name) = self.resolve_alias(ty.clone()) else {
            return false;
        };
        matches!(
            self.types.iter().find(|t| t.ident == name).map(|t| &t.kind),
            Some(TypeKind::Enum(e)) if e.open && e.repr == EnumRepr::String
        )
    }

    fn is_printable(&self, ty: &TypeRef, depth: usize) -> bool {
        let TypeRef::Named(name) = self.resolve_alias(ty.clone()) else {
            return false;
        };
        match self.types.iter().find(|t| t.ident == name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Union(variants, ..)) if depth < 8 => variants.iter().all(|v| {
                let ty = self.resolve_alias(v.ty.clone());
                matches!(
                    ty,
                    TypeRef::String | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_)
                ) || self.is_printable(&ty, depth + 1)
            }),
            _ => false,
        }
    }

    /// Marks the alternatives of discriminated unions that write the property themselves
    /// (a required, non-nullable field of their struct).
    pub(crate) fn mark_self_tagging_variants(&mut self) {
        let writes = |lower: &Self, ty: &TypeRef, property: &str| {
            let TypeRef::Named(name) = lower.resolve_alias(ty.clone()) else {
                return false;
            };
            match lower
                .types
                .iter()
                .find(|t| t.ident == name)
                .map(|t| &t.kind)
            {
                Some(TypeKind::Struct(fields)) => fields
                    .iter()
                    .any(|f| f.wire_name == property && f.required && !f.nullable && !f.flatten),
                _ => false,
            }
        };
        let marks: Vec<(usize, Vec<bool>)> = self
            .types
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match &t.kind {
                TypeKind::Union(variants, _, Some(property)) => Some((
                    i,
                    variants
                        .iter()
                        .map(|v| writes(self, &v.ty, property))
                        .collect(),
                )),
                _ => None,
            })
            .collect();
        for (i, flags) in marks {
            if let TypeKind::Union(variants, ..) = &mut self.types[i].kind {
                for (variant, flag) in variants.iter_mut().zip(flags) {
                    variant.writes_tag = flag;
                }
            }
        }
    }

    /// Marks the unions that can print as their value (they get a `Display` impl).
    pub(crate) fn mark_scalar_unions(&mut self) {
        let scalar: Vec<String> = self
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Union(..)))
            .filter(|t| self.is_printable(&TypeRef::Named(t.ident.clone()), 0))
            .map(|t| t.ident.clone())
            .collect();
        for def in &mut self.types {
            if let TypeKind::Union(_, flag, _) = &mut def.kind {
                *flag = scalar.contains(&def.ident);
            }
        }
    }

    /// Whether `ty` is (an alias of) a generated struct.
    pub(crate) fn is_struct(&self, ty: &TypeRef) -> bool {
        match self.resolve_alias(ty.clone()) {
            TypeRef::Named(name) => matches!(
                self.types.iter().find(|t| t.ident == name).map(|t| &t.kind),
                Some(TypeKind::Struct(_))
            ),
            _ => false,
        }
    }

    /// Whether values of `ty` are JSON objects (structs, maps, free-form values).
    pub(crate) fn is_object(&self, ty: &TypeRef) -> bool {
        matches!(
            self.resolve_alias(ty.clone()),
            TypeRef::Map(_) | TypeRef::Json
        ) || self.is_struct(ty)
    }

    pub(crate) fn resolve_alias(&self, mut ty: TypeRef) -> TypeRef {
        for _ in 0..32 {
            let TypeRef::Named(name) = &ty else { break };
            match self
                .types
                .iter()
                .find(|t| &t.ident == name)
                .map(|t| &t.kind)
            {
                Some(TypeKind::Alias(target)) => ty = target.clone(),
                _ => break,
            }
        }
        ty
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
