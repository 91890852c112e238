//! Schema objects: 2.0's are 3.0's but for `x-nullable` (→ `nullable`), `discriminator` (a
//! property name → `{propertyName}`) and `type: file` (→ binary content).

use serde_yaml::{Mapping, Value};

use super::{Convert, MAX_NESTING, key};
use crate::pointer::Pointer;

/// Keys whose value is one schema.
const ONE: &[&str] = &["items", "additionalProperties", "not"];
/// Keys whose value is a list of schemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf"];

impl Convert<'_, '_> {
    /// The schema written at `at`, in 3.0 shapes.
    pub(super) fn schema(&mut self, schema: &Value, at: &Pointer, depth: usize) -> Value {
        let Value::Mapping(map) = schema else {
            return schema.clone();
        };
        if depth > MAX_NESTING {
            return schema.clone();
        }
        // Top-down, like the 3.1 rewrite: this schema's shape first, then its children's.
        let mut map = map.clone();
        if map.get("items").is_some_and(Value::is_sequence) {
            if let Some(alternatives) = map.remove("items") {
                self.tuple_items(&mut map, alternatives, &at.push("items"));
            }
        }
        super::super::openapi31::rewrite(&mut map);
        let mut out = Mapping::new();
        for (name, value) in &map {
            let label = name.as_str().unwrap_or_default();
            let converted = match label {
                "x-nullable" => {
                    if value.as_bool() == Some(true) {
                        out.insert(key("nullable"), Value::from(true));
                    }
                    continue;
                }
                "discriminator" => match value {
                    Value::String(property) => Value::Mapping(Mapping::from_iter([(
                        key("propertyName"),
                        Value::from(property.clone()),
                    )])),
                    other => other.clone(),
                },
                "type" if value.as_str() == Some("file") => {
                    out.insert(key("type"), key("string"));
                    out.insert(key("format"), key("binary"));
                    continue;
                }
                "format" if out.contains_key("format") => continue,
                "properties" => match value {
                    Value::Mapping(properties) => Value::Mapping(
                        properties
                            .iter()
                            .map(|(property, schema)| {
                                let place = at
                                    .push("properties")
                                    .push(property.as_str().unwrap_or_default());
                                (property.clone(), self.schema(schema, &place, depth + 1))
                            })
                            .collect(),
                    ),
                    other => other.clone(),
                },
                _ if ONE.contains(&label) => self.schema(value, &at.push(label), depth + 1),
                _ if LIST.contains(&label) => self.schema_list(value, &at.push(label), depth),
                _ => value.clone(),
            };
            out.insert(name.clone(), converted);
        }
        Value::Mapping(out)
    }

    /// A list of schemas (`allOf` and the like), each converted.
    fn schema_list(&mut self, list: &Value, at: &Pointer, depth: usize) -> Value {
        match list {
            Value::Sequence(items) => Value::Sequence(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.schema(item, &at.push(i), depth + 1))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// `items: [A, B]`, a draft-4 tuple, which 3.0 cannot express. Written under
    /// `type: array` it is an array of elements that are each any of the list; written
    /// without it (`items: [{$ref: X}, {type: "null"}]`, as some generators emit) it means
    /// the value is one of the list.
    fn tuple_items(&mut self, out: &mut Mapping, alternatives: Value, at: &Pointer) {
        let array = out.get("type").and_then(Value::as_str) == Some("array");
        let any_of = Value::Mapping(Mapping::from_iter([(key("anyOf"), alternatives.clone())]));
        if array {
            self.cx.warn(
                at,
                "OpenAPI has no tuple arrays (`items` as a list); each element is read as \
                 any of the listed schemas",
            );
            out.insert(key("items"), any_of);
        } else {
            self.cx.warn(
                at,
                "`items` is a list of schemas without `type: array`; the value is read as \
                 any one of them (`anyOf`)",
            );
            if !out.contains_key("anyOf") {
                out.insert(key("anyOf"), alternatives);
            } else if let Some(Value::Sequence(all)) = out.get_mut("allOf") {
                all.push(any_of);
            } else {
                out.insert(key("allOf"), Value::Sequence(vec![any_of]));
            }
        }
    }
}
