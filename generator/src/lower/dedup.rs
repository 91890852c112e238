//! Structural de-duplication: an inline schema written out identically in many places (the
//! same `{message: string}` error object under every operation, the same `asc`/`desc` enum
//! on every list call) becomes one type, named after its first use, instead of one copy per
//! place. Component schemas are never merged: their names are the document's.

use std::collections::BTreeMap;

use crate::ir::{ErrorShape, Operation, SuccessShape, TypeDef, TypeKind, TypeRef};

/// Merges identical inline types (same shape, description and deprecation) into the first,
/// and points every reference at it; repeated until nothing changes, since merging children
/// can make parents identical. Each round removes at least one type, so it ends.
pub(super) fn merge_identical(types: &mut Vec<TypeDef>, operations: &mut [Operation]) {
    for _ in 0..=types.len() {
        let mut first: BTreeMap<String, String> = BTreeMap::new();
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        for def in types.iter().filter(|t| is_inline(t)) {
            let key = format!("{:?}", (&def.kind, &def.description, def.deprecated));
            match first.get(&key) {
                Some(kept) => {
                    renames.insert(def.ident.clone(), kept.clone());
                }
                None => {
                    first.insert(key, def.ident.clone());
                }
            }
        }
        if renames.is_empty() {
            return;
        }
        types.retain(|t| !renames.contains_key(&t.ident));
        for def in types.iter_mut() {
            rename_in_kind(&mut def.kind, &renames);
        }
        for op in operations.iter_mut() {
            rename_in_operation(op, &renames);
            // Bodies that were distinct copies of one shape may now be one type.
            super::operation::reshape(op);
        }
    }
}

/// Inline types are named by the generator; their origin is the schema's JSON pointer,
/// where a component's is its name (which cannot contain `/`).
fn is_inline(def: &TypeDef) -> bool {
    def.origin.starts_with('/')
}

fn rename_in_kind(kind: &mut TypeKind, renames: &BTreeMap<String, String>) {
    match kind {
        TypeKind::Struct(fields) => fields.iter_mut().for_each(|f| rename(&mut f.ty, renames)),
        TypeKind::Union(variants, ..) => {
            variants.iter_mut().for_each(|v| rename(&mut v.ty, renames))
        }
        TypeKind::Alias(ty) => rename(ty, renames),
        TypeKind::Enum(_) => {}
    }
}

fn rename_in_operation(op: &mut Operation, renames: &BTreeMap<String, String>) {
    for param in &mut op.params {
        rename(&mut param.ty, renames);
    }
    if let Some(body) = &mut op.body {
        rename(&mut body.ty, renames);
    }
    for response in &mut op.responses {
        if let Some((ty, _)) = &mut response.body {
            rename(ty, renames);
        }
        for header in &mut response.headers {
            rename(&mut header.ty, renames);
        }
    }
    if let SuccessShape::Uniform { ty: Some(ty), .. } = &mut op.success {
        rename(ty, renames);
    }
    if let ErrorShape::Uniform(ty) = &mut op.error {
        rename(ty, renames);
    }
}

fn rename(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(kept) = renames.get(name) {
                *name = kept.clone();
            }
        }
        TypeRef::Array(item) | TypeRef::Map(item) => rename(item, renames),
        _ => {}
    }
}
