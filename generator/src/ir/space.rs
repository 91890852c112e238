//! The named types of a model, indexed by Rust name, with the questions passes and emission
//! ask about them (what an alias stands for, whether a type is a struct, prints as text, …).

use std::collections::HashMap;

use super::{EnumRepr, TypeDef, TypeKind, TypeRef};

/// How deep any chain the generator follows may go: `$ref` to `$ref`, alias to alias,
/// nested `allOf`, unions of unions. Deeper is a cycle, or a document nobody writes.
pub const MAX_DEPTH: usize = 32;

/// The named types in document order (components first, then inline types as met), with an
/// index by Rust name: every lookup is a hash probe, never a scan.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    defs: Vec<TypeDef>,
    index: HashMap<String, usize>,
}

impl PartialEq for TypeSpace {
    fn eq(&self, other: &Self) -> bool {
        // The index is a function of the definitions.
        self.defs == other.defs
    }
}

impl TypeSpace {
    /// Adds a type. Its name was claimed first (lowering reports a second claim), so it is
    /// new here; should it not be, the first definition keeps the name.
    pub fn push(&mut self, def: TypeDef) {
        if self.index.contains_key(&def.ident) {
            return;
        }
        self.index.insert(def.ident.clone(), self.defs.len());
        self.defs.push(def);
    }

    /// The type called `ident`.
    pub fn get(&self, ident: &str) -> Option<&TypeDef> {
        self.index.get(ident).map(|&i| &self.defs[i])
    }

    /// Where the type called `ident` is in [`TypeSpace::iter`] order.
    pub fn position(&self, ident: &str) -> Option<usize> {
        self.index.get(ident).copied()
    }

    /// Whether a type is called `ident`.
    pub fn contains(&self, ident: &str) -> bool {
        self.index.contains_key(ident)
    }

    /// The types in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, TypeDef> {
        self.defs.iter()
    }

    /// How many types there are.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The shapes, for passes that rewrite type references; names stay as they are.
    pub(crate) fn kinds_mut(&mut self) -> impl Iterator<Item = &mut TypeKind> {
        self.defs.iter_mut().map(|def| &mut def.kind)
    }

    /// Keeps the types `keep` accepts, in order.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&TypeDef) -> bool) {
        self.defs.retain(keep);
        self.index = self
            .defs
            .iter()
            .enumerate()
            .map(|(i, def)| (def.ident.clone(), i))
            .collect();
    }

    /// What `ty` stands for once aliases (`type Id = String;`) are followed; a cycle of
    /// aliases stops after [`MAX_DEPTH`] steps.
    pub fn resolve_alias(&self, ty: &TypeRef) -> TypeRef {
        let mut ty = ty;
        for _ in 0..MAX_DEPTH {
            let TypeRef::Named(name) = ty else { break };
            match self.get(name).map(|t| &t.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => break,
            }
        }
        ty.clone()
    }

    /// The definition `ty` names once aliases are followed (`None` for scalars, arrays, …).
    pub fn definition(&self, ty: &TypeRef) -> Option<&TypeDef> {
        match self.resolve_alias(ty) {
            TypeRef::Named(name) => self.get(&name),
            _ => None,
        }
    }

    /// Whether `ty` is (an alias of) a generated struct.
    pub fn is_struct(&self, ty: &TypeRef) -> bool {
        matches!(
            self.definition(ty).map(|t| &t.kind),
            Some(TypeKind::Struct(_))
        )
    }

    /// Whether values of `ty` are JSON objects (structs, maps, free-form values).
    pub fn is_object(&self, ty: &TypeRef) -> bool {
        matches!(self.resolve_alias(ty), TypeRef::Map(_) | TypeRef::Json) || self.is_struct(ty)
    }

    /// Whether `ty` names an open string enumeration: the enums generated with `FromStr`
    /// (integer and one-value enums have none).
    pub fn is_open_string_enum(&self, ty: &TypeRef) -> bool {
        matches!(
            self.definition(ty).map(|t| &t.kind),
            Some(TypeKind::Enum(e)) if e.open && e.repr == EnumRepr::String
        )
    }

    /// Whether `ty` is a scalar a parameter takes as text: string, number, boolean.
    pub fn is_scalar(ty: &TypeRef) -> bool {
        matches!(
            ty,
            TypeRef::String | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_)
        )
    }

    /// Whether `ty` names an enumeration, or a union of scalars and enumerations: what
    /// parameters can take besides scalars (it prints as its value).
    pub fn is_printable(&self, ty: &TypeRef) -> bool {
        self.printable_within(ty, 0)
    }

    fn printable_within(&self, ty: &TypeRef, depth: usize) -> bool {
        match self.definition(ty).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Union(union)) if depth < MAX_DEPTH => union.variants.iter().all(|v| {
                let ty = self.resolve_alias(&v.ty);
                Self::is_scalar(&ty) || self.printable_within(&ty, depth + 1)
            }),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Enum, EnumVariant, Origin, Union, UnionVariant};

    fn def(ident: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            ident: ident.to_owned(),
            origin: Origin::Component(ident.to_owned()),
            description: None,
            deprecated: false,
            kind,
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    #[test]
    fn aliases_resolve_and_cycles_stop() {
        let mut space = TypeSpace::default();
        space.push(def("Id", TypeKind::Alias(TypeRef::String)));
        space.push(def("Key", TypeKind::Alias(named("Id"))));
        space.push(def("A", TypeKind::Alias(named("B"))));
        space.push(def("B", TypeKind::Alias(named("A"))));
        assert_eq!(space.resolve_alias(&named("Key")), TypeRef::String);
        assert!(matches!(
            space.resolve_alias(&named("A")),
            TypeRef::Named(_)
        ));
        assert!(!space.is_struct(&named("A")));
    }

    #[test]
    fn printable_types_are_enums_and_unions_of_scalars() {
        let mut space = TypeSpace::default();
        let color = Enum {
            repr: EnumRepr::String,
            variants: vec![EnumVariant {
                ident: "Red".into(),
                wire: "red".into(),
                description: None,
            }],
            open: true,
        };
        space.push(def("Color", TypeKind::Enum(color)));
        let variant = |ty: TypeRef| UnionVariant {
            ident: "V".into(),
            ty,
            tags: Vec::new(),
        };
        let union = |variants| {
            TypeKind::Union(Union {
                variants,
                discriminator: None,
            })
        };
        space.push(def(
            "IdOrColor",
            union(vec![variant(TypeRef::String), variant(named("Color"))]),
        ));
        space.push(def("Thing", TypeKind::Struct(Vec::new())));
        space.push(def(
            "IdOrThing",
            union(vec![variant(TypeRef::String), variant(named("Thing"))]),
        ));
        space.push(def("Loop", union(vec![variant(named("Loop"))])));
        assert!(space.is_printable(&named("Color")));
        assert!(space.is_open_string_enum(&named("Color")));
        assert!(space.is_printable(&named("IdOrColor")));
        assert!(!space.is_printable(&named("IdOrThing")));
        assert!(!space.is_printable(&named("Loop")));
        assert!(space.is_struct(&named("Thing")) && space.is_object(&named("Thing")));
        assert_eq!(space.position("Thing"), Some(2));
    }
}
