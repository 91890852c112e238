//! Catch-all schemas → the typed schema they mean.
//!
//! `openapiv3` parses a schema into a typed variant only when every keyword belongs to its
//! `type`; anything else lands in `AnySchema`. Real documents put many ordinary shapes there:
//! an object with a `format` (`uri-map`), an array without `type`, a string enum holding a
//! stray `false`, an integer whose `maximum` does not fit 64 bits, or an object whose
//! `anyOf`/`oneOf`/`not` only lists `required` properties (validation, not shape). This module
//! turns each into the typed variant its `type` (or, without one, its keywords) implies, and
//! names every keyword it had to ignore in a warning, so nothing is dropped silently.

use openapiv3::{
    AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema,
    SchemaKind, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::diag::{Ctxt, Pointer};

/// The typed equivalent of a catch-all `schema`, or `None` when it is not a catch-all or has
/// real alternatives (`oneOf` of shapes, …) that other lowering handles.
pub(super) fn typed(cx: &Ctxt<'_>, pointer: &Pointer, schema: &Schema) -> Option<Schema> {
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return None;
    };
    let mut ignored: Vec<&str> = Vec::new();
    let mut validation: Vec<&str> = Vec::new();
    let is_constraint = |m: &ReferenceOr<Schema>| is_constraint(m, &a.properties);
    let mut shaped = None;
    for (key, list) in [
        ("oneOf", &a.one_of),
        ("anyOf", &a.any_of),
        ("allOf", &a.all_of),
    ] {
        if list.is_empty() {
        } else if list.iter().all(is_constraint) {
            validation.push(key);
        } else if shaped.replace((key, list)).is_some() {
            return None; // two real compositions
        }
    }
    if let Some(not) = &a.not {
        if !is_constraint(not) {
            return None;
        }
        validation.push("not");
    }
    if let Some((key, list)) = shaped {
        // One real composition once the constraint-only ones are set aside.
        let plain = a.typ.is_none() && a.properties.is_empty() && a.items.is_none();
        if !plain || validation.is_empty() {
            return None;
        }
        let list = list.clone();
        let schema_kind = match key {
            "oneOf" => SchemaKind::OneOf { one_of: list },
            "anyOf" => SchemaKind::AnyOf { any_of: list },
            _ => SchemaKind::AllOf { all_of: list },
        };
        warn_validation(cx, pointer, &validation);
        return Some(Schema {
            schema_data: schema.schema_data.clone(),
            schema_kind,
        });
    }
    let typ = match a.typ.as_deref() {
        Some(t) => t,
        None if !a.properties.is_empty() || a.additional_properties.is_some() => "object",
        None if a.items.is_some() => "array",
        None if !a.enumeration.is_empty() && a.enumeration.iter().all(Value::is_string) => "string",
        None => return None,
    };
    let kind = match typ {
        "object" => {
            ignored.extend(foreign(
                a,
                &["properties", "required", "additionalProperties"],
            ));
            Type::Object(ObjectType {
                properties: a.properties.clone(),
                required: a.required.clone(),
                additional_properties: a.additional_properties.clone(),
                min_properties: a.min_properties,
                max_properties: a.max_properties,
            })
        }
        "array" => {
            ignored.extend(foreign(a, &["items"]));
            Type::Array(ArrayType {
                items: a.items.clone(),
                min_items: a.min_items,
                max_items: a.max_items,
                unique_items: a.unique_items.unwrap_or(false),
            })
        }
        "string" => {
            ignored.extend(foreign(a, &["format", "pattern", "enum", "length"]));
            let mut stray = false;
            let enumeration = a
                .enumeration
                .iter()
                .map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Null => None,
                    other => {
                        stray = true;
                        Some(other.to_string())
                    }
                })
                .collect();
            if stray {
                ignored.push("the type of non-string `enum` values (read as their text)");
            }
            Type::String(StringType {
                format: format(a),
                pattern: a.pattern.clone(),
                enumeration,
                min_length: a.min_length,
                max_length: a.max_length,
            })
        }
        "integer" => {
            ignored.extend(foreign(a, &["format", "bounds", "enum"]));
            let whole = |v: Option<f64>, key: &'static str, ignored: &mut Vec<&str>| {
                let v = v?;
                let fits = v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64;
                if !fits {
                    ignored.push(key);
                }
                #[allow(clippy::cast_possible_truncation)] // checked just above
                fits.then_some(v as i64)
            };
            let enumeration = typed_enum(a, Value::as_i64);
            Type::Integer(IntegerType {
                format: format(a),
                multiple_of: whole(a.multiple_of, "multipleOf", &mut ignored),
                exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
                minimum: whole(a.minimum, "minimum", &mut ignored),
                maximum: whole(a.maximum, "maximum", &mut ignored),
                enumeration: enumeration?,
            })
        }
        "number" => {
            ignored.extend(foreign(a, &["format", "bounds", "enum"]));
            let enumeration = typed_enum(a, Value::as_f64);
            Type::Number(NumberType {
                format: format(a),
                multiple_of: a.multiple_of,
                exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
                minimum: a.minimum,
                maximum: a.maximum,
                enumeration: enumeration?,
            })
        }
        "boolean" => {
            ignored.extend(foreign(a, &["enum"]));
            let enumeration = typed_enum(a, Value::as_bool);
            Type::Boolean(BooleanType {
                enumeration: enumeration?,
            })
        }
        _ => return None,
    };
    warn_validation(cx, pointer, &validation);
    warn_ignored(cx, pointer, typ, &ignored);
    Some(Schema {
        schema_data: schema.schema_data.clone(),
        schema_kind: SchemaKind::Type(kind),
    })
}

fn warn_validation(cx: &Ctxt<'_>, pointer: &Pointer, keys: &[&str]) {
    if !keys.is_empty() {
        let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        cx.warn(
            pointer,
            format!(
                "{}: alternatives that only validate (which properties are present, or their values); the generated type does not check them",
                keys.join(" and ")
            ),
        );
    }
}

fn warn_ignored(cx: &Ctxt<'_>, pointer: &Pointer, typ: &str, ignored: &[&str]) {
    if !ignored.is_empty() {
        cx.warn(
            pointer,
            format!(
                "keywords that do not apply to `{typ}` are ignored: {}",
                ignored.join(", ")
            ),
        );
    }
}

/// A `oneOf`/`anyOf`/`allOf`/`not` member that only constrains the object around it: which
/// properties are present (`{required: [a]}`, `{type: object, maxProperties: 0}`), or the
/// values of properties the object already has (GitHub's `{properties: {status: {enum:
/// [completed]}}}`); `{}` constrains nothing. Validation, no shape of its own.
fn is_constraint<S: std::borrow::Borrow<Schema>>(
    member: &ReferenceOr<S>,
    outer: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let refines = |properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>| {
        properties.keys().all(|k| outer.contains_key(k))
    };
    let open = |additional: &Option<openapiv3::AdditionalProperties>| {
        matches!(
            additional,
            None | Some(openapiv3::AdditionalProperties::Any(true))
        )
    };
    match &schema.borrow().schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            refines(&o.properties) && open(&o.additional_properties)
        }
        SchemaKind::Any(a) => {
            a.typ.as_deref().is_none_or(|t| t == "object")
                && refines(&a.properties)
                && open(&a.additional_properties)
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.all_of.is_empty()
                && a.not.is_none()
        }
        _ => false,
    }
}

/// The keyword groups present in `a` that are not in `keep` (and so do not apply to its type).
fn foreign(a: &AnySchema, keep: &[&str]) -> Vec<&'static str> {
    let present: [(&'static str, &'static str, bool); 9] = [
        ("properties", "properties", !a.properties.is_empty()),
        ("required", "required", !a.required.is_empty()),
        (
            "additionalProperties",
            "additionalProperties",
            a.additional_properties.is_some(),
        ),
        ("items", "items", a.items.is_some()),
        ("format", "format", a.format.is_some()),
        ("pattern", "pattern", a.pattern.is_some()),
        ("enum", "enum", !a.enumeration.is_empty()),
        (
            "length",
            "minLength/maxLength",
            a.min_length.is_some() || a.max_length.is_some(),
        ),
        (
            "bounds",
            "minimum/maximum/multipleOf",
            a.minimum.is_some() || a.maximum.is_some() || a.multiple_of.is_some(),
        ),
    ];
    present
        .into_iter()
        .filter(|(group, _, here)| *here && !keep.contains(group))
        .map(|(_, shown, _)| shown)
        .collect()
}

/// An `allOf` member that adds no shape and no required property: only validation keywords
/// (`{maxLength: 16}`), or alternatives that each only list required properties.
pub(super) fn only_validates(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return matches!(&schema.schema_kind, SchemaKind::OneOf { one_of: l } | SchemaKind::AnyOf { any_of: l } if !l.is_empty() && l.iter().all(|m| is_constraint(m, &indexmap::IndexMap::new())));
    };
    let shapeless = a.typ.is_none()
        && a.properties.is_empty()
        && a.required.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.all_of.is_empty()
        && a.not.is_none();
    let empty = indexmap::IndexMap::new();
    shapeless
        && a.one_of
            .iter()
            .chain(&a.any_of)
            .all(|m| is_constraint(m, &empty))
}

/// The keywords present in a catch-all schema, for messages (`type: object`, `oneOf`, …).
pub(super) fn keywords(a: &AnySchema) -> Vec<String> {
    let mut out: Vec<String> = a.typ.iter().map(|t| format!("`type: {t}`")).collect();
    let lists = [
        ("oneOf", !a.one_of.is_empty()),
        ("anyOf", !a.any_of.is_empty()),
        ("allOf", !a.all_of.is_empty()),
        ("not", a.not.is_some()),
    ];
    out.extend(
        lists
            .iter()
            .filter(|(_, here)| *here)
            .map(|(k, _)| format!("`{k}`")),
    );
    out.extend(foreign(a, &[]).into_iter().map(|k| format!("`{k}`")));
    out
}

/// The `enum` values as one typed list (`null` kept as `None`), or `None` when a value has
/// another type: then the schema is not what its `type` says, and is left to the caller.
fn typed_enum<T>(a: &AnySchema, convert: impl Fn(&Value) -> Option<T>) -> Option<Vec<Option<T>>> {
    a.enumeration
        .iter()
        .map(|v| match v {
            Value::Null => Some(None),
            v => convert(v).map(Some),
        })
        .collect()
}

/// `format` as the typed variants hold it (unknown formats are kept as text).
fn format<T: std::str::FromStr>(a: &AnySchema) -> VariantOrUnknownOrEmpty<T> {
    VariantOrUnknownOrEmpty::from(a.format.clone())
}
