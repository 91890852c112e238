//! Structural de-duplication: an inline schema written out identically in many places (the
//! same `{message: string}` error object under every operation, the same `asc`/`desc` enum
//! on every list call) becomes one type, named after its first use, instead of one copy per
//! place. Component schemas are never merged: their names are the document's.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{Model, Operation, Origin, TypeKind, TypeRef};

/// Merges identical inline types (same shape, description and deprecation) into the first,
/// and points every reference at it; repeated until nothing changes, since merging children
/// can make parents identical. Each round removes at least one type, so it ends.
pub(super) fn merge_identical(model: &mut Model) {
    for _ in 0..=model.types.len() {
        let mut first: HashMap<String, String> = HashMap::new();
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        let inline = model
            .types
            .iter()
            .filter(|t| matches!(t.origin, Origin::Inline(_)));
        for def in inline {
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
        model.types.retain(|t| !renames.contains_key(&t.ident));
        for kind in model.types.kinds_mut() {
            rename_in_kind(kind, &renames);
        }
        for op in &mut model.operations {
            rename_in_operation(op, &renames);
        }
    }
}

fn rename_in_kind(kind: &mut TypeKind, renames: &BTreeMap<String, String>) {
    kind.type_refs_mut()
        .into_iter()
        .for_each(|ty| rename(ty, renames));
}

fn rename_in_operation(op: &mut Operation, renames: &BTreeMap<String, String>) {
    op.type_refs_mut()
        .into_iter()
        .for_each(|ty| rename(ty, renames));
}

fn rename(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    if let Some(name) = ty.name_mut() {
        if let Some(kept) = renames.get(name) {
            *name = kept.clone();
        }
    }
}
