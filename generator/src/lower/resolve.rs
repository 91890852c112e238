//! `$ref` resolution: the one place a local reference is parsed and looked up. Lowering steps
//! that need the referenced item call [`Lower::resolve`] (or [`Lower::item_or_component`]),
//! which report what is wrong; probes that only ask a question of a referenced schema call
//! [`Lower::written_component`], which never reports.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};
use serde::de::DeserializeOwned;

use super::Lower;
use crate::diag::Pointer;
use crate::ir::MAX_DEPTH;

/// Why a reference cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RefError<'r> {
    /// This reference (the one given, or one it leads to) is not local (`other.yaml#/…`).
    External(&'r str),
    /// This reference is local, but not `#/components/<kind>/<name>`.
    NotAComponent(&'r str),
    /// There is no component of that name.
    Missing(&'r str),
    /// The chain of references comes back to itself (or is longer than [`MAX_DEPTH`]).
    Cycle,
}

/// The component name in `#/components/<kind>/<name>`.
pub(super) fn component_name<'r>(reference: &'r str, kind: &str) -> Result<&'r str, RefError<'r>> {
    let fragment = reference
        .strip_prefix('#')
        .ok_or(RefError::External(reference))?;
    let name = fragment
        .strip_prefix("/components/")
        .and_then(|rest| rest.strip_prefix(kind))
        .and_then(|rest| rest.strip_prefix('/'));
    match name {
        Some(name) if !name.is_empty() && !name.contains('/') => Ok(name),
        _ => Err(RefError::NotAComponent(reference)),
    }
}

/// The component `reference` names among `components` (of one kind), following references
/// between components of that kind.
pub(super) fn lookup<'d, 'r, T>(
    reference: &'r str,
    kind: &str,
    components: Option<&'d IndexMap<String, ReferenceOr<T>>>,
) -> Result<(&'d str, &'d T), RefError<'r>>
where
    'd: 'r,
{
    let mut current = component_name(reference, kind)?;
    for _ in 0..MAX_DEPTH {
        match components.and_then(|c| c.get_key_value(current)) {
            None => return Err(RefError::Missing(current)),
            Some((key, ReferenceOr::Item(item))) => return Ok((key.as_str(), item)),
            Some((_, ReferenceOr::Reference { reference: next })) => {
                current = component_name(next, kind)?;
            }
        }
    }
    Err(RefError::Cycle)
}

impl<'d> Lower<'_, 'd> {
    /// The item itself, or the component its `$ref` names (see [`Lower::resolve`]); `None`
    /// when the reference is reported.
    pub(super) fn item_or_component<T: DeserializeOwned + 'static>(
        &self,
        pointer: &Pointer,
        value: &'d ReferenceOr<T>,
        kind: &str,
        components: Option<&'d IndexMap<String, ReferenceOr<T>>>,
    ) -> Option<&'d T> {
        match value {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => {
                self.resolve(pointer, reference, kind, components, 0)
            }
        }
    }

    /// Resolves a local `$ref` to an item of one kind (`schemas`, `parameters`, …): a
    /// component, following references between components of that kind, or whatever a
    /// pointer anywhere else in the document names (`#/paths/~1items/get/parameters/0`).
    /// Reports and returns `None` for external, dangling or cyclic references.
    pub(super) fn resolve<T: DeserializeOwned + 'static>(
        &self,
        pointer: &Pointer,
        reference: &str,
        kind: &str,
        components: Option<&'d IndexMap<String, ReferenceOr<T>>>,
        depth: usize,
    ) -> Option<&'d T> {
        match lookup(reference, kind, components) {
            Ok((_, item)) => Some(item),
            Err(RefError::NotAComponent(target)) if target.starts_with('#') => {
                if depth >= MAX_DEPTH {
                    self.cx.error(
                        pointer,
                        format!("$ref `{reference}` is part of a reference cycle"),
                    );
                    return None;
                }
                let fragment = crate::pointer::decode_fragment(&target[1..]);
                match self.item_at::<T>(&fragment) {
                    Ok(ReferenceOr::Item(item)) => Some(item),
                    Ok(ReferenceOr::Reference { reference: next }) => {
                        self.resolve(pointer, &next, kind, components, depth + 1)
                    }
                    Err(why) => {
                        self.cx.error_hint(
                            pointer,
                            format!("unresolved $ref `{reference}`: {why}"),
                            "check the pointer: it must lead to an item of this kind in this document",
                        );
                        None
                    }
                }
            }
            Err(RefError::Missing(name)) => {
                self.cx.error_hint(
                    pointer,
                    format!(
                        "unresolved $ref `{reference}`: there is no `components/{kind}/{name}`"
                    ),
                    "check the spelling, or add the component",
                );
                None
            }
            Err(RefError::Cycle) => {
                self.cx.error(
                    pointer,
                    format!("$ref `{reference}` is part of a reference cycle"),
                );
                None
            }
            Err(error) => {
                self.report_bad_reference(pointer, kind, &error);
                None
            }
        }
    }

    /// The component name a `$ref` of `kind` names; reports and returns `None` when it is
    /// external or not a component reference.
    pub(super) fn reported_component_name<'r>(
        &self,
        pointer: &Pointer,
        reference: &'r str,
        kind: &str,
    ) -> Option<&'r str> {
        component_name(reference, kind)
            .map_err(|e| self.report_bad_reference(pointer, kind, &e))
            .ok()
    }

    fn report_bad_reference(&self, pointer: &Pointer, kind: &str, error: &RefError<'_>) {
        match error {
            RefError::External(reference) => self.cx.error_hint(
                pointer,
                format!("external $ref `{reference}` is not supported"),
                "bundle the document into one file first, e.g. `npx @redocly/cli bundle`",
            ),
            RefError::NotAComponent(reference) => self.cx.error(
                pointer,
                format!("$ref `{reference}` must point to `#/components/{kind}/<name>` here"),
            ),
            // Reported by `resolve` with the reference the caller gave.
            RefError::Missing(_) | RefError::Cycle => {}
        }
    }

    /// The component schema a `$ref` names, when it is written out there (a component that
    /// is itself a `$ref` gives `None`). Never reports: for probes that ask a question of
    /// the referenced schema (its description, whether it accepts `null`).
    pub(super) fn written_component(&self, reference: &str) -> Option<&'d Schema> {
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        let name = component_name(reference, "schemas").ok()?;
        match components?.get(name)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names() {
        assert_eq!(
            component_name("#/components/schemas/Pet", "schemas"),
            Ok("Pet")
        );
        assert_eq!(
            component_name("other.yaml#/components/schemas/Pet", "schemas"),
            Err(RefError::External("other.yaml#/components/schemas/Pet"))
        );
        for bad in [
            "#/components/schemas/",
            "#/components/schemas/Pet/properties/id",
            "#/components/parameters/Pet",
            "#/definitions/Pet",
        ] {
            assert_eq!(
                component_name(bad, "schemas"),
                Err(RefError::NotAComponent(bad)),
                "{bad}"
            );
        }
    }

    #[test]
    fn chains_are_followed_and_cycles_stop() {
        let components: IndexMap<String, ReferenceOr<u8>> = [
            ("A", ReferenceOr::ref_("#/components/schemas/B")),
            ("B", ReferenceOr::Item(7)),
            ("C", ReferenceOr::ref_("#/components/schemas/C")),
            ("D", ReferenceOr::ref_("#/components/schemas/Nope")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let found = lookup("#/components/schemas/A", "schemas", Some(&components));
        assert_eq!(found, Ok(("B", &7)));
        assert_eq!(
            lookup("#/components/schemas/C", "schemas", Some(&components)),
            Err(RefError::Cycle)
        );
        assert_eq!(
            lookup("#/components/schemas/D", "schemas", Some(&components)),
            Err(RefError::Missing("Nope"))
        );
    }
}
