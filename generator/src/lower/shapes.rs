//! Schemas that are not plain objects or scalars: enumerations, unions (`oneOf`/`anyOf`) and
//! intersections (`allOf`).

use indexmap::IndexMap;
use openapiv3::{AnySchema, Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::Lower;
use super::schema::{ObjectView, object_view};
use crate::diag::Pointer;
use crate::ir::{Enum, EnumRepr, EnumVariant, TypeKind, TypeRef, UnionVariant};
use crate::naming;

/// The name of the catch-all enum variant.
pub(crate) const UNKNOWN: &str = "Unknown";

/// The enumerated values of a string or integer schema, as wire text (`null` left out).
pub(super) fn enum_values(schema: &Schema) -> Option<(EnumRepr, Vec<String>)> {
    let (repr, values): (EnumRepr, Vec<String>) = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => (
            EnumRepr::String,
            s.enumeration.iter().flatten().cloned().collect(),
        ),
        SchemaKind::Type(Type::Integer(i)) => (
            EnumRepr::Integer,
            i.enumeration.iter().flatten().map(i64::to_string).collect(),
        ),
        _ => return None,
    };
    // `enum: [null]` (with `nullable`) names no value: the schema is just its type.
    (!values.is_empty()).then_some((repr, values))
}

/// `oneOf`, `anyOf` or `allOf` and its list, also when the parser kept it in a catch-all
/// schema because of sibling keywords such as `nullable` or `description`.
pub(super) fn composition(schema: &Schema) -> Option<(&'static str, &Vec<ReferenceOr<Schema>>)> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => Some(("oneOf", one_of)),
        SchemaKind::AnyOf { any_of } => Some(("anyOf", any_of)),
        SchemaKind::AllOf { all_of } => Some(("allOf", all_of)),
        SchemaKind::Any(a) if a.properties.is_empty() && a.items.is_none() => {
            let lists = [
                ("oneOf", &a.one_of),
                ("anyOf", &a.any_of),
                ("allOf", &a.all_of),
            ];
            let mut present = lists.into_iter().filter(|(_, l)| !l.is_empty());
            match (present.next(), present.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
        _ => None,
    }
    .filter(|(_, list)| !list.is_empty())
}

/// The one value a schema allows for `property` (`type: {enum: [message]}`), if it does.
fn one_value_property(schema: &Schema, property: &str) -> Option<String> {
    let view = object_view(schema)?;
    let ReferenceOr::Item(property) = view.properties.get(property)? else {
        return None;
    };
    match enum_values(property)? {
        (EnumRepr::String, values) if values.len() == 1 => values.into_iter().next(),
        _ => None,
    }
}

/// Whether an inline schema becomes a named type of its own.
pub(super) fn needs_name(schema: &Schema) -> bool {
    enum_values(schema).is_some() || composition(schema).is_some()
}

/// Picks distinct variant names: collisions (after case conversion, or with the catch-all)
/// get the smallest free numeric suffix, in document order, so names are stable.
fn distinct(names: impl IntoIterator<Item = String>, reserved: &[&str]) -> Vec<String> {
    let mut taken: Vec<String> = reserved.iter().map(|r| r.to_string()).collect();
    for name in names {
        let free = naming::first_free(&name, "", |candidate| taken.iter().any(|t| t == candidate));
        taken.push(free);
    }
    taken.split_off(reserved.len())
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
        let names = unique.iter().map(|v| match (repr, v.as_str()) {
            (_, "") => String::from("Empty"),
            (EnumRepr::Integer, v) => format!("V{}", v.replace('-', "Minus")),
            (EnumRepr::String, v) => naming::pascal(v),
        });
        let variants = distinct(names, &[UNKNOWN])
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
            ReferenceOr::Item(schema) => schema.schema_data.title.as_deref().map(naming::pascal),
            ReferenceOr::Reference { .. } => None,
        });
        let names = types.iter().zip(titles).map(|(ty, title)| {
            title.unwrap_or_else(|| match ty {
                TypeRef::Named(n) => n.clone(),
                TypeRef::String | TypeRef::Secret => String::from("String"),
                TypeRef::Bool => String::from("Boolean"),
                TypeRef::Integer(_) => String::from("Integer"),
                TypeRef::Float(_) => String::from("Number"),
                TypeRef::Array(_) => String::from("Array"),
                TypeRef::Map(_) => String::from("Map"),
                TypeRef::Json => String::from("Value"),
                TypeRef::Bytes => String::from("Bytes"),
                TypeRef::File => String::from("File"),
            })
        });
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
                    self.referenced_schema(reference),
                    reference.strip_prefix("#/components/schemas/"),
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
        let mut fields = self.fields(pointer, owner, &view)?;
        if let Some(i) = union {
            let ty = self.type_of(&pointer.push(i), &list[i], &format!("{owner}Variant"))?;
            let field = super::schema::flattened(
                &fields,
                "variant",
                "Which of the alternatives this is; its properties sit next to the others on the wire.",
                ty,
                true,
            );
            fields.push(field);
        }
        Some(TypeKind::Struct(fields))
    }

    /// Whether an `allOf` member is a union (`oneOf`/`anyOf` of shapes), inline or referenced.
    fn is_union_member(&self, member: &ReferenceOr<Schema>) -> bool {
        let schema = match member {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let Some(name) = reference.strip_prefix("#/components/schemas/") else {
                    return false;
                };
                match self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(name))
                {
                    Some(ReferenceOr::Item(schema)) => schema,
                    _ => return false,
                }
            }
        };
        matches!(composition(schema), Some(("oneOf" | "anyOf", _))) && enum_values(schema).is_none()
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
            ReferenceOr::Reference { reference } => self.referenced_json_type(reference, 0),
        };
        let kind = json_type(existing)?;
        (json_type(later)? == kind).then(|| specificity(later) >= specificity(existing))
    }

    /// The JSON type a component schema describes, following `$ref` chains (bounded).
    fn referenced_json_type(&self, reference: &str, depth: usize) -> Option<&'static str> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        match self.doc.components.as_ref()?.schemas.get(name)? {
            ReferenceOr::Item(schema) => json_type(schema),
            ReferenceOr::Reference { reference } if depth < 8 => {
                self.referenced_json_type(reference, depth + 1)
            }
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// The object schemas an `allOf` member stands for: itself, the component it references,
    /// or — for a nested `allOf` — its members, flattened (depth-bounded against cycles).
    fn object_members(
        &self,
        pointer: &Pointer,
        member: &ReferenceOr<Schema>,
        depth: usize,
    ) -> Option<Vec<Schema>> {
        if depth > 8 {
            return None;
        }
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        let schema =
            super::item_or_component(self.cx, pointer, member, "schemas", components)?.clone();
        let schema = super::coerce::typed(self.cx, pointer, &schema).unwrap_or(schema);
        match composition(&schema) {
            Some(("allOf", list)) => {
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

/// The JSON type a schema describes, when it names exactly one.
fn json_type(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        // One alternative (what a 3.1 `anyOf: [T, {type: "null"}]` becomes) is that type.
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AnyOf { any_of: list }
        | SchemaKind::AllOf { all_of: list }
            if list.len() == 1 =>
        {
            match &list[0] {
                ReferenceOr::Item(only) => json_type(only),
                ReferenceOr::Reference { .. } => None,
            }
        }
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Some("object"),
        SchemaKind::Any(a) => match a.typ.as_deref() {
            Some(t) => super::JSON_TYPES.into_iter().find(|known| *known == t),
            None if !a.properties.is_empty() || !a.all_of.is_empty() => Some("object"),
            None if a.items.is_some() => Some("array"),
            None => None,
        },
        _ => None,
    }
}

/// How much a property definition says: a named type over an inline one, an enumeration or
/// an object with properties over a plain scalar or free-form object.
fn specificity(s: &ReferenceOr<Box<Schema>>) -> u8 {
    match s {
        ReferenceOr::Reference { .. } => 3,
        ReferenceOr::Item(schema) if enum_values(schema).is_some() => 2,
        ReferenceOr::Item(schema) if object_view(schema).is_some() => 2,
        ReferenceOr::Item(_) => 1,
    }
}

/// Whether two property schemas differ only in annotations (description, title, example,
/// default, deprecated, readOnly/writeOnly, extensions); `nullable` is shape.
fn same_shape(a: &ReferenceOr<Box<Schema>>, b: &ReferenceOr<Box<Schema>>) -> bool {
    fn bare(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Box<Schema>> {
        match s {
            ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(Schema {
                schema_data: openapiv3::SchemaData {
                    nullable: schema.schema_data.nullable,
                    ..Default::default()
                },
                schema_kind: schema.schema_kind.clone(),
            })),
            reference => reference.clone(),
        }
    }
    bare(a) == bare(b)
}

/// A schema that carries only annotations (description, title, nullable, …) and no shape.
pub(super) fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema) if matches!(&schema.schema_kind, SchemaKind::Any(a) if *a == AnySchema::default()))
}

/// Any object-like schema, with or without properties (`{required: [a]}` and
/// `{type: object}` contribute to an `allOf` too); `None` for scalars and arrays.
fn any_object_view(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectView {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a)
            if a.typ.as_deref().is_none_or(|t| t == "object")
                && a.items.is_none()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.all_of.is_empty()
                && a.enumeration.is_empty() =>
        {
            Some(ObjectView {
                properties: &a.properties,
                required: &a.required,
                additional: a.additional_properties.as_ref(),
            })
        }
        _ => object_view(schema),
    }
}
