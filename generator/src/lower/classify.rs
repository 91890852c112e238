//! Pure questions about `openapiv3` schemas (what shape a schema has, which keywords it
//! uses), asked by every lowering step. No context, no diagnostics, no `$ref` lookups.

use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use crate::ir::EnumRepr;

/// The JSON Schema type names OpenAPI 3.0 knows.
pub(super) const JSON_TYPES: [&str; 6] =
    ["string", "integer", "number", "boolean", "array", "object"];

/// Which composition keyword a schema uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Composition {
    /// `oneOf`.
    One,
    /// `anyOf`.
    Any,
    /// `allOf`.
    All,
}

impl Composition {
    /// The keyword as written (also the pointer token).
    pub(super) fn keyword(self) -> &'static str {
        match self {
            Self::One => "oneOf",
            Self::Any => "anyOf",
            Self::All => "allOf",
        }
    }

    /// `oneOf`/`anyOf`: one of several shapes (as opposed to `allOf`, all of them).
    pub(super) fn is_union(self) -> bool {
        !matches!(self, Self::All)
    }
}

impl std::fmt::Display for Composition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Whether a catch-all schema uses none of `oneOf`, `anyOf`, `allOf`.
pub(super) fn no_composition(a: &AnySchema) -> bool {
    a.one_of.is_empty() && a.any_of.is_empty() && a.all_of.is_empty()
}

/// Whether a catch-all schema can only be an object: `type` absent or `object`, no `items`,
/// no composition.
pub(super) fn plain_object(a: &AnySchema) -> bool {
    a.typ.as_deref().is_none_or(|t| t == "object") && a.items.is_none() && no_composition(a)
}

/// Whether a catch-all schema says nothing at all about its values (any JSON value; a map
/// when it has `additionalProperties`).
pub(super) fn says_nothing(a: &AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.items.is_none()
        && no_composition(a)
        && a.not.is_none()
        && a.enumeration.iter().all(serde_json::Value::is_null)
}

/// What a schema with object properties looks like, whichever `openapiv3` variant holds it.
pub(super) struct ObjectView<'s> {
    pub(super) properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub(super) required: &'s [String],
    pub(super) additional: Option<&'s AdditionalProperties>,
}

/// The properties of an object schema that has some (typed, or a catch-all one).
pub(super) fn object_view(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => Some(ObjectView {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a) if !a.properties.is_empty() && plain_object(a) => Some(ObjectView {
            properties: &a.properties,
            required: &a.required,
            additional: a.additional_properties.as_ref(),
        }),
        _ => None,
    }
}

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
pub(super) fn composition(schema: &Schema) -> Option<(Composition, &Vec<ReferenceOr<Schema>>)> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => Some((Composition::One, one_of)),
        SchemaKind::AnyOf { any_of } => Some((Composition::Any, any_of)),
        SchemaKind::AllOf { all_of } => Some((Composition::All, all_of)),
        SchemaKind::Any(a) if a.properties.is_empty() && a.items.is_none() => {
            let lists = [
                (Composition::One, &a.one_of),
                (Composition::Any, &a.any_of),
                (Composition::All, &a.all_of),
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
pub(super) fn one_value_property(schema: &Schema, property: &str) -> Option<String> {
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

/// The JSON type a schema describes, when it names exactly one.
pub(super) fn json_type(schema: &Schema) -> Option<&'static str> {
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
            Some(t) => JSON_TYPES.into_iter().find(|known| *known == t),
            None if !a.properties.is_empty() || !a.all_of.is_empty() => Some("object"),
            None if a.items.is_some() => Some("array"),
            None => None,
        },
        _ => None,
    }
}

/// How much a property definition says: a named type over an inline one, an enumeration or
/// an object with properties over a plain scalar or free-form object.
pub(super) fn specificity(s: &ReferenceOr<Box<Schema>>) -> u8 {
    match s {
        ReferenceOr::Reference { .. } => 3,
        ReferenceOr::Item(schema) if enum_values(schema).is_some() => 2,
        ReferenceOr::Item(schema) if object_view(schema).is_some() => 2,
        ReferenceOr::Item(_) => 1,
    }
}

/// Whether two property schemas differ only in annotations (description, title, example,
/// default, deprecated, readOnly/writeOnly, extensions); `nullable` is shape.
pub(super) fn same_shape(a: &ReferenceOr<Box<Schema>>, b: &ReferenceOr<Box<Schema>>) -> bool {
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
pub(super) fn any_object_view(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectView {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a) if plain_object(a) && a.enumeration.is_empty() => Some(ObjectView {
            properties: &a.properties,
            required: &a.required,
            additional: a.additional_properties.as_ref(),
        }),
        _ => object_view(schema),
    }
}
