//! Schemas that are not plain objects or scalars: enumerations, unions (`oneOf`/`anyOf`) and
//! intersections (`allOf`).

use indexmap::IndexMap;
use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::Lower;
use super::classify::{
    Composition, ObjectView, any_object_view, composition, enum_values, is_annotation, json_type,
    one_value_property, same_shape, specificity,
};
use crate::diag::Pointer;
use crate::ir::{Enum, EnumRepr, EnumVariant, MAX_DEPTH, TypeKind, UnionVariant};
use crate::naming::{self, Scope};

/// Picks distinct variant names: collisions (after case conversion, or with the catch-all
/// `reserved` names) get the smallest free numeric suffix, in document order, so names are
/// stable.
fn distinct(names: impl IntoIterator<Item = String>, reserved: &[&str]) -> Vec<String> {
    let mut scope = Scope::reserving(reserved.iter().copied(), naming::GENERATED);
    names
        .into_iter()
        .map(|name| scope.fresh(&name, "", name.as_str()))
        .collect()
}

impl Lower<'_, '_> {
    pub(super) fn enumeration(&mut self, pointer: &Pointer, schema: &Schema) -> Option<Enum> {
        let (repr, values) = enum_values(schema)?;
        let values = values.into_iter().map(|v| (v, None)).collect();
        self.enum_of(pointer, repr, values)
    }

    /// A `oneOf`/`anyOf` whose alternatives are all inline enums of one representation (the
    /// way schemars writes documented enum values) is one enum. `Some(None)`: not that shape.
    pub(super) fn enum_union(
        &mut self,
        pointer: &Pointer,
        list: &[ReferenceOr<Schema>],
    ) -> Option<Option<Enum>> {
        let mut repr = None;
        let mut values = Vec::new();
        for alternative in list {
            let ReferenceOr::Item(schema) = alternative else {
                return Some(None);
            };
            let Some((r, vs)) = enum_values(schema) else {
                return Some(None);
            };
            if repr.is_some_and(|known| known != r) {
                return Some(None);
            }
            repr = Some(r);
            let description = schema.schema_data.description.clone();
            values.extend(vs.into_iter().map(|v| (v, description.clone())));
        }
        let Some(repr) = repr else { return Some(None) };
        self.enum_of(pointer, repr, values).map(Some)
    }

    fn enum_of(
        &mut self,
        pointer: &Pointer,
        repr: EnumRepr,
        values: Vec<(String, Option<String>)>,
    ) -> Option<Enum> {
        let mut unique: Vec<String> = Vec::new();
        let mut descriptions: Vec<Option<String>> = Vec::new();
        for (value, description) in values {
            if unique.contains(&value) {
                self.cx.warn(
                    &pointer.push("enum"),
                    format!("enum value `{value}` is listed twice"),
                );
            } else {
                unique.push(value);
                descriptions.push(description);
            }
        }
        if unique.is_empty() {
            self.cx
                .error(&pointer.push("enum"), "the enum lists no value but `null`");
            return None;
        }
        let names = unique.iter().map(|v| naming::enum_variant(repr, v));
        let variants = distinct(names, &[naming::UNKNOWN_VARIANT])
            .into_iter()
            .zip(unique)
            .zip(descriptions)
            .map(|((ident, wire), description)| EnumVariant {
                ident,
                wire,
                description,
            })
            .collect::<Vec<_>>();
        let open = !(repr == EnumRepr::String && variants.len() == 1);
        Some(Enum {
            repr,
            variants,
            open,
        })
    }

    pub(super) fn union(
        &mut self,
        pointer: &Pointer,
        owner: &str,
        list: &[ReferenceOr<Schema>],
    ) -> Option<Vec<UnionVariant>> {
        let mut types = Vec::new();
        for (i, alternative) in list.iter().enumerate() {
            let ty = self.type_of(&pointer.push(i), alternative, &format!("{owner}Variant{i}"))?;
            types.push(ty);
        }
        // An inline alternative's `title` names its variant (`id`, `name`); otherwise its type.
        let titles = list.iter().map(|alternative| match alternative {
            ReferenceOr::Item(schema) => schema.schema_data.title.as_deref(),
            ReferenceOr::Reference { .. } => None,
        });
        let names = types
            .iter()
            .zip(titles)
            .map(|(ty, title)| naming::union_variant(title, ty));
        let idents = distinct(names, &[]);
        Some(
            idents
                .into_iter()
                .zip(types)
                .map(|(ident, ty)| UnionVariant {
                    ident,
                    ty,
                    tags: Vec::new(),
                })
                .collect(),
        )
    }

    /// The discriminator values of each alternative (OpenAPI 3.0.3, Discriminator Object):
    /// explicit `mapping` entries first; an alternative without one is selected by the
    /// property's one-value enum in its schema (what OpenAI writes), else by its component
    /// name (the implicit mapping). Inline alternatives without either stay untagged.
    pub(super) fn tag_variants(
        &self,
        pointer: &Pointer,
        mut variants: Vec<UnionVariant>,
        list: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
    ) -> Vec<UnionVariant> {
        let Some(discriminator) = discriminator else {
            return variants;
        };
        let property = &discriminator.property_name;
        let at = pointer.push("discriminator");
        let refs: Vec<Option<&str>> = list
            .iter()
            .map(|alternative| match alternative {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        for (value, target) in &discriminator.mapping {
            // A mapping value is a reference or a bare component name.
            let target = if target.contains('/') {
                target.clone()
            } else {
                format!("#/components/schemas/{target}")
            };
            match refs.iter().position(|r| *r == Some(target.as_str())) {
                Some(i) => variants[i].tags.push(value.clone()),
                None => self.cx.warn(
                    &at.push("mapping").push(value),
                    format!(
                        "`{target}` is not one of the alternatives; the value `{value}` is ignored"
                    ),
                ),
            }
        }
        for (i, alternative) in list.iter().enumerate() {
            if !variants[i].tags.is_empty() {
                continue;
            }
            let (schema, name) = match alternative {
                ReferenceOr::Item(schema) => (Some(schema), None),
                ReferenceOr::Reference { reference } => (
                    self.written_component(reference),
                    super::resolve::component_name(reference, "schemas").ok(),
                ),
            };
            let own = schema.and_then(|s| one_value_property(s, property));
            // A value that already selects another alternative keeps selecting that one.
            let tag = own
                .or(name.map(str::to_owned))
                .filter(|tag| !variants.iter().any(|v| v.tags.contains(tag)));
            if let Some(tag) = tag {
                variants[i].tags.push(tag);
            }
        }
        variants
    }

    /// `allOf`: the objects merged into one struct (properties in order, `required` united);
    /// a single member is an alias of it.
    pub(super) fn all_of(
        &mut self,
        pointer: &Pointer,
        owner: &str,
        list: &[ReferenceOr<Schema>],
    ) -> Option<TypeKind> {
        // Members that only annotate (`{description: …}`, `{nullable: true}`) or only
        // validate (`{maxLength: 16}`, `{anyOf: [{required: [a]}, {required: [b]}]}`) add no
        // shape.
        let shaped: Vec<(usize, &ReferenceOr<Schema>)> = list
            .iter()
            .enumerate()
            .filter(|(_, m)| !is_annotation(m) && !super::coerce::only_validates(m))
            .collect();
        if let [(i, only)] = shaped.as_slice() {
            return Some(TypeKind::Alias(self.type_of(
                &pointer.push(i),
                only,
                owner,
            )?));
        }
        // One union among objects (OpenAI: "any of these events, plus `stream_id`"): the
        // union becomes a flattened field next to the merged properties.
        let unions: Vec<usize> = shaped
            .iter()
            .filter(|(_, m)| self.is_union_member(m))
            .map(|(i, _)| *i)
            .collect();
        let union = match unions.as_slice() {
            [i] => Some(*i),
            _ => None,
        };
        let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        for (i, member) in shaped.iter().copied().filter(|(i, _)| Some(*i) != union) {
            let at = pointer.push(i);
            let reported = self.cx.error_count();
            let Some(members) = self.object_members(&at, member, 0) else {
                if self.cx.error_count() > reported {
                    return None; // a bad `$ref`, already reported
                }
                self.cx.error_hint(
                    &at,
                    "an `allOf` member that is not an object is not supported yet",
                    "`allOf` is merged into one struct: every member must describe an object",
                );
                return None;
            };
            for schema in &members {
                let Some(view) = any_object_view(schema) else {
                    continue;
                };
                for (name, property) in view.properties {
                    let take = match properties.get(name) {
                        None => true,
                        Some(existing) => match self.refinement(existing, property) {
                            Some(take) => take,
                            None => {
                                self.cx.error_hint(
                                    &at,
                                    format!("`allOf` members define property `{name}` with different types"),
                                    "a value cannot satisfy both; make the definitions agree",
                                );
                                return None;
                            }
                        },
                    };
                    if take {
                        properties.insert(name.clone(), property.clone());
                    }
                }
                for name in view.required {
                    if !required.contains(name) {
                        required.push(name.clone());
                    }
                }
            }
        }
        let view = ObjectView {
            properties: &properties,
            required: &required,
            additional: None,
        };
        let union = union.map(|i| (pointer.push(i), &list[i]));
        let fields = self.fields(pointer, owner, &view, union)?;
        Some(TypeKind::Struct(fields))
    }

    /// Whether an `allOf` member is a union (`oneOf`/`anyOf` of shapes), inline or referenced.
    fn is_union_member(&self, member: &ReferenceOr<Schema>) -> bool {
        let schema = match member {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.written_component(reference) {
                Some(schema) => schema,
                None => return false,
            },
        };
        composition(schema).is_some_and(|(c, _)| c.is_union()) && enum_values(schema).is_none()
    }

    /// Two `allOf` members both define a property (documents restate a property to refine
    /// it, as subclasses do). Whether the later definition replaces the earlier one:
    /// `Some(true)` when it is the same shape or at least as specific (a `$ref` over an inline
    /// schema, an enum or object with properties over a plain one) of the same JSON type,
    /// `Some(false)` when the earlier one is more specific, `None` when the JSON types differ.
    fn refinement(
        &self,
        existing: &ReferenceOr<Box<Schema>>,
        later: &ReferenceOr<Box<Schema>>,
    ) -> Option<bool> {
        if existing == later || same_shape(existing, later) {
            return Some(true);
        }
        let json_type = |s: &ReferenceOr<Box<Schema>>| match s {
            ReferenceOr::Item(schema) => json_type(schema),
            ReferenceOr::Reference { reference } => self.referenced_json_type(reference),
        };
        let kind = json_type(existing)?;
        (json_type(later)? == kind).then(|| specificity(later) >= specificity(existing))
    }

    /// The JSON type a component schema describes, following `$ref` chains (bounded).
    fn referenced_json_type(&self, reference: &str) -> Option<&'static str> {
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        let (_, schema) = super::resolve::lookup(reference, "schemas", components).ok()?;
        json_type(schema)
    }

    /// The object schemas an `allOf` member stands for: itself, the component it references,
    /// or — for a nested `allOf` — its members, flattened (depth-bounded against cycles).
    fn object_members(
        &self,
        pointer: &Pointer,
        member: &ReferenceOr<Schema>,
        depth: usize,
    ) -> Option<Vec<Schema>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        // A component, or (through the resolver) a schema anywhere else in the document.
        let schema = self
            .item_or_component(pointer, member, "schemas", components)?
            .clone();
        let schema = super::coerce::typed(self.cx, pointer, &schema).unwrap_or(schema);
        match composition(&schema) {
            Some((Composition::All, list)) => {
                let mut out = Vec::new();
                for nested in list {
                    out.extend(self.object_members(pointer, nested, depth + 1)?);
                }
                Some(out)
            }
            Some(_) => None,
            None => any_object_view(&schema).map(|_| vec![schema.clone()]),
        }
    }
}
