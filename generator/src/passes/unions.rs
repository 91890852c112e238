//! Facts about unions that need every type: which ones print as their value, and which
//! alternatives of a discriminated union write the discriminator themselves.

use crate::ir::{TypeDef, TypeKind, TypeRef, TypeSpace};

/// Whether the union `def` can print as its value (every alternative a scalar or enum).
pub(super) fn printable(types: &TypeSpace, def: &TypeDef) -> bool {
    types.is_printable(&TypeRef::Named(def.ident.clone()))
}

/// Per alternative of a discriminated union: whether it is a struct with the discriminator
/// as a required, non-nullable field, so its own serialization already carries the tag.
/// Empty for every other type.
pub(super) fn writes_tag(types: &TypeSpace, def: &TypeDef) -> Vec<bool> {
    let TypeKind::Union(union) = &def.kind else {
        return Vec::new();
    };
    let Some(property) = &union.discriminator else {
        return Vec::new();
    };
    union
        .variants
        .iter()
        .map(|v| match types.definition(&v.ty).map(|t| &t.kind) {
            Some(TypeKind::Struct(fields)) => fields
                .iter()
                .any(|f| &f.wire_name == property && f.required && !f.nullable && !f.flatten),
            _ => false,
        })
        .collect()
}
