//! Schema `$ref`s that point anywhere in the document, not just at a component:
//! `#/components/schemas/Order/allOf/1`, a property of another schema, the schema of a
//! response (`#/components/responses/Error/content/application~1json/schema`). JSON
//! Reference allows any pointer, and real documents use them. The schema found there becomes
//! one type, named after its location and shared by every reference to it; a reference that
//! leads back into that schema is a recursive type like any other (the boxing pass sees it).

use openapiv3::{ReferenceOr, Schema};

use super::Lower;
use crate::diag::Pointer;
use crate::ir::{MAX_DEPTH, Origin, TypeRef};
use crate::naming;
use crate::pointer::decode_fragment as decode;

impl<'d> Lower<'_, 'd> {
    /// The type of the schema a pointer `$ref` names: the type already made for that place
    /// (an inline schema lowered before, or an earlier reference), or a new one named after
    /// the place. Reported from `pointer` when nothing usable is there.
    pub(super) fn pointer_reference(
        &mut self,
        pointer: &Pointer,
        reference: &str,
    ) -> Option<TypeRef> {
        let mut fragment = decode(reference.strip_prefix('#')?);
        let mut seen: Vec<String> = Vec::new();
        // Follow `$ref` to `$ref`, bounded, to the written schema.
        let schema = loop {
            if let Some(ty) = self.pointer_types.get(&fragment) {
                return Some(ty.clone());
            }
            if seen.contains(&fragment) || seen.len() >= MAX_DEPTH {
                self.cx.error(
                    pointer,
                    format!("$ref `{reference}` is part of a reference cycle"),
                );
                return None;
            }
            seen.push(fragment.clone());
            match self.item_at::<Schema>(&fragment) {
                Err(why) => {
                    self.cx.error_hint(
                        pointer,
                        format!("unresolved $ref `{reference}`: {why}"),
                        "check the pointer: it must lead to a schema in this document",
                    );
                    return None;
                }
                Ok(ReferenceOr::Item(schema)) => break schema,
                Ok(ReferenceOr::Reference { reference: next }) => {
                    if super::resolve::component_name(&next, "schemas").is_ok() {
                        // A component: named already.
                        let ty = self.reference(pointer, &next)?;
                        for place in seen {
                            self.pointer_types.insert(place, ty.clone());
                        }
                        return Some(ty);
                    }
                    fragment = decode(next.strip_prefix('#').unwrap_or(&next));
                }
            }
        };
        let at = Pointer::from_fragment(&fragment);
        let tokens: Vec<String> = at.tokens().collect();
        let base = naming::location_type_name(&tokens);
        let ident = self.fresh_type_name(&base, &fragment);
        let ty = TypeRef::Named(ident.clone());
        // Taken before the schema is lowered, so a reference back into it finds the type.
        for place in &seen {
            self.pointer_types.insert(place.clone(), ty.clone());
        }
        let typed = super::coerce::typed(self.cx, &at, schema);
        let def = self.named(
            &at,
            ident,
            Origin::Inline(fragment.clone()),
            typed.as_ref().unwrap_or(schema),
        )?;
        self.types.push(def);
        Some(ty)
    }
}
