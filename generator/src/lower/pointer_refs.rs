//! Schema `$ref`s that point anywhere in the document, not just at a component:
//! `#/components/schemas/Order/allOf/1`, a property of another schema, the schema of a
//! response (`#/components/responses/Error/content/application~1json/schema`). JSON
//! Reference allows any pointer, and real documents use them. The schema found there becomes
//! one type, named after its location and shared by every reference to it; a reference that
//! leads back into that schema is a recursive type like any other (the boxing pass sees it).

use std::any::Any;

use openapiv3::{ReferenceOr, Schema};
use serde::de::DeserializeOwned;

use super::Lower;
use crate::diag::Pointer;
use crate::ir::{MAX_DEPTH, Origin, TypeRef};
use crate::naming;

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
            match self.schema_at(&fragment) {
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
        let tokens: Vec<String> = fragment.split('/').skip(1).map(unescape).collect();
        let base = naming::location_type_name(&tokens);
        let ident = self.fresh_type_name(&base, &fragment);
        let ty = TypeRef::Named(ident.clone());
        // Taken before the schema is lowered, so a reference back into it finds the type.
        for place in &seen {
            self.pointer_types.insert(place.clone(), ty.clone());
        }
        let at = Pointer::from_fragment(&fragment);
        let typed = super::coerce::typed(self.cx, &at, &schema);
        let def = self.named(
            &at,
            ident,
            Origin::Inline(fragment.clone()),
            typed.as_ref().unwrap_or(&schema),
        )?;
        self.types.push(def);
        Some(ty)
    }

    /// The schema (or reference) written at the local pointer `fragment`; why not, when
    /// there is none. Never reports: for lowering steps and probes alike.
    pub(super) fn schema_at(&self, fragment: &str) -> Result<ReferenceOr<Schema>, String> {
        let node = self.node_at(fragment)?;
        serde_yaml::from_value(node.clone())
            .map_err(|e| format!("what is at `{fragment}` is not a schema ({e})"))
    }

    /// The item of type `T` (a parameter, response, …) or the reference written at the local
    /// pointer `fragment`. An item is read into the lowering's arena, so it is borrowed like
    /// the document's own items.
    pub(super) fn item_at<T: DeserializeOwned + 'static>(
        &self,
        fragment: &str,
    ) -> Result<ReferenceOr<&'d T>, String> {
        let node = self.node_at(fragment)?;
        let found: ReferenceOr<T> = serde_yaml::from_value(node.clone())
            .map_err(|e| format!("what is at `{fragment}` does not fit here ({e})"))?;
        Ok(match found {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
            ReferenceOr::Item(item) => {
                let stored: &'d Box<dyn Any> = self.arena.alloc(Box::new(item));
                match stored.downcast_ref::<T>() {
                    Some(item) => ReferenceOr::Item(item),
                    None => return Err(format!("what is at `{fragment}` could not be kept")),
                }
            }
        })
    }

    /// The node at `fragment` in a tree of the document, built on the first call; a YAML
    /// tree keeps mappings in document order (serde_json's would sort them).
    fn node_at(&self, fragment: &str) -> Result<&serde_yaml::Value, String> {
        let tree = self
            .tree
            .get_or_init(|| serde_yaml::to_value(self.doc).unwrap_or_default());
        node_at(tree, fragment).ok_or_else(|| format!("nothing is at `{fragment}`"))
    }
}

/// The node at a JSON pointer in a YAML tree.
fn node_at<'t>(tree: &'t serde_yaml::Value, fragment: &str) -> Option<&'t serde_yaml::Value> {
    if fragment.is_empty() {
        return Some(tree);
    }
    let mut node = tree;
    for token in fragment.strip_prefix('/')?.split('/').map(unescape) {
        node = match node {
            serde_yaml::Value::Mapping(map) => map.get(token.as_str())?,
            serde_yaml::Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A pointer token with its RFC 6901 escapes undone.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A `$ref` fragment is a URI fragment: `%7B` and the like are percent-encoded characters.
pub(super) fn decode(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_uri_decoded_and_tokens_unescaped() {
        assert_eq!(
            decode("/paths/~1pets~1%7Bid%7D/get"),
            "/paths/~1pets~1{id}/get"
        );
        assert_eq!(decode("/a%2"), "/a%2");
        assert_eq!(unescape("application~1json"), "application/json");
        assert_eq!(unescape("a~0b"), "a~b");
    }
}
