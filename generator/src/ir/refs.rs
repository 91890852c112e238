//! The type references in operations and types: what de-duplication rewrites, and what
//! reachability (filters' pruning, per-tag features) follows.

use std::collections::HashSet;

use super::{Operation, TypeKind, TypeRef, TypeSpace};

impl Operation {
    /// Every type the operation names directly: parameters, body, response bodies and
    /// headers, its pages' item type.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = self.params.iter().map(|p| &p.ty).collect();
        out.extend(self.body.iter().map(|b| &b.ty));
        for response in &self.responses {
            out.extend(response.body.iter().map(|b| &b.ty));
            out.extend(response.headers.iter().map(|h| &h.ty));
        }
        out.extend(self.pagination.iter().map(|p| &p.item_ty));
        out
    }

    /// [`Operation::type_refs`], to rewrite.
    pub(crate) fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let mut out: Vec<&mut TypeRef> = self.params.iter_mut().map(|p| &mut p.ty).collect();
        out.extend(self.body.iter_mut().map(|b| &mut b.ty));
        for response in &mut self.responses {
            out.extend(response.body.iter_mut().map(|b| &mut b.ty));
            out.extend(response.headers.iter_mut().map(|h| &mut h.ty));
        }
        out.extend(self.pagination.iter_mut().map(|p| &mut p.item_ty));
        out
    }
}

impl TypeKind {
    /// Every type this shape names directly: fields, alternatives, the aliased type.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            Self::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            Self::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            Self::Alias(ty) => vec![ty],
            Self::Enum(_) => Vec::new(),
        }
    }

    /// [`TypeKind::type_refs`], to rewrite.
    pub(crate) fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            Self::Struct(fields) => fields.iter_mut().map(|f| &mut f.ty).collect(),
            Self::Union(union) => union.variants.iter_mut().map(|v| &mut v.ty).collect(),
            Self::Alias(ty) => vec![ty],
            Self::Enum(_) => Vec::new(),
        }
    }
}

impl TypeRef {
    /// The named type inside (`Pet`, `Vec<Pet>`, `BTreeMap<String, Vec<Pet>>`), if any.
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::Named(name) => Some(name),
            Self::Array(item) | Self::Map(item) => item.name(),
            _ => None,
        }
    }

    /// [`TypeRef::name`], to rewrite.
    pub(crate) fn name_mut(&mut self) -> Option<&mut String> {
        match self {
            Self::Named(name) => Some(name),
            Self::Array(item) | Self::Map(item) => item.name_mut(),
            _ => None,
        }
    }
}

impl TypeSpace {
    /// The names of the types `roots` reach, through fields, alternatives and aliases.
    pub fn reachable<'a>(
        &'a self,
        roots: impl IntoIterator<Item = &'a TypeRef>,
    ) -> HashSet<&'a str> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack: Vec<&str> = roots.into_iter().filter_map(TypeRef::name).collect();
        while let Some(name) = stack.pop() {
            let Some(def) = self.get(name) else { continue };
            if seen.insert(&def.ident) {
                stack.extend(def.kind.type_refs().into_iter().filter_map(TypeRef::name));
            }
        }
        seen
    }
}
