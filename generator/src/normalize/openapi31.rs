//! OpenAPI 3.1 → the 3.0 model the rest of the generator reads. Done on the parsed YAML
//! tree, before `openapiv3` sees it, so JSON pointers (and therefore diagnostics' positions)
//! are unchanged.
//!
//! What changes: `type: [T, "null"]` → `type: T` + `nullable: true` (several non-null types
//! → `anyOf`); `type: "null"` → `nullable: true`; `const: v` → `enum: [v]`; `examples: […]`
//! in a schema → `example`; numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum` +
//! `exclusiveMinimum: true`; `{type: "null"}` alternatives of `oneOf`/`anyOf` → `nullable`;
//! a missing `paths` → empty.

use serde_yaml::{Mapping, Value};

use super::{MAX_NESTING, NAME_MAPS};

/// Whether `version` is a 3.1 version string.
pub fn is_3_1(version: &str) -> bool {
    let mut parts = version.split('.');
    parts.next() == Some("3") && parts.next() == Some("1")
}

/// Rewrites a 3.1 document in place into the 3.0 shapes the generator understands.
pub fn to_3_0(doc: &mut Value) {
    if let Value::Mapping(root) = doc {
        root.insert(Value::from("openapi"), Value::from("3.0.3"));
        if !root.contains_key("paths") {
            root.insert(Value::from("paths"), Value::Mapping(Mapping::new()));
        }
        root.remove("webhooks");
        root.remove("jsonSchemaDialect");
    }
    walk(doc, 0);
}

fn walk(node: &mut Value, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    match node {
        Value::Mapping(map) => {
            rewrite(map);
            for (key, value) in map.iter_mut() {
                if key.as_str().is_some_and(|k| NAME_MAPS.contains(&k)) {
                    if let Value::Mapping(names) = value {
                        for (_, entry) in names.iter_mut() {
                            walk(entry, depth + 1);
                        }
                        continue;
                    }
                }
                walk(value, depth + 1);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                walk(item, depth + 1);
            }
        }
        _ => {}
    }
}

/// The keywords that constrain only values of `type`.
fn keywords_of(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        "string" => &["pattern", "minLength", "maxLength"],
        "number" | "integer" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        _ => &[],
    }
}

fn is_null_type(node: &Value) -> bool {
    node.as_mapping()
        .is_some_and(|m| m.len() == 1 && m.get("type").and_then(Value::as_str) == Some("null"))
}

/// The 3.1 keywords of one schema object, rewritten (also used on 2.0 schemas, whose
/// authors borrow `type: "null"` and the like from later JSON Schema drafts).
pub(super) fn rewrite(map: &mut Mapping) {
    match map.get("type").cloned() {
        Some(Value::Sequence(types)) => {
            let nullable = types.iter().any(|t| t.as_str() == Some("null"));
            let rest: Vec<Value> = types
                .into_iter()
                .filter(|t| t.as_str() != Some("null"))
                .collect();
            match rest.as_slice() {
                [] => {
                    map.remove("type");
                }
                [only] => {
                    map.insert(Value::from("type"), only.clone());
                }
                several => {
                    map.remove("type");
                    // Keywords that apply to one of the types go with that alternative
                    // (`type: [object, array]` with `items`: the array's).
                    let alternatives = several
                        .iter()
                        .map(|t| {
                            let mut alternative =
                                Mapping::from_iter([(Value::from("type"), t.clone())]);
                            for keyword in keywords_of(t.as_str().unwrap_or_default()) {
                                if let Some(value) = map.get(*keyword) {
                                    alternative.insert(Value::from(*keyword), value.clone());
                                }
                            }
                            Value::Mapping(alternative)
                        })
                        .collect();
                    for t in several {
                        for keyword in keywords_of(t.as_str().unwrap_or_default()) {
                            map.remove(*keyword);
                        }
                    }
                    map.insert(Value::from("anyOf"), Value::Sequence(alternatives));
                }
            }
            if nullable {
                map.insert(Value::from("nullable"), Value::from(true));
            }
        }
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert(Value::from("nullable"), Value::from(true));
        }
        _ => {}
    }
    if let Some(value) = map.remove("const") {
        map.insert(Value::from("enum"), Value::Sequence(vec![value]));
    }
    if let Some(Value::Sequence(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.entry(Value::from("example")).or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(number @ Value::Number(_)) = map.get(exclusive).cloned() {
            map.insert(Value::from(bound), number);
            map.insert(Value::from(exclusive), Value::from(true));
        }
    }
    // `type: string` with `oneOf: [{const: A}, {const: B}]`: the alternatives inherit the
    // type, which makes them the one-value enums the generator merges into one enum.
    if let Some(Value::String(parent)) = map.get("type").cloned() {
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Sequence(alternatives)) = map.get_mut(key) {
                for alternative in alternatives.iter_mut().filter_map(Value::as_mapping_mut) {
                    if !alternative.contains_key("type")
                        && (alternative.contains_key("enum") || alternative.contains_key("const"))
                    {
                        alternative.insert(Value::from("type"), Value::from(parent.clone()));
                    }
                }
            }
        }
    }
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(alternatives)) = map.get(key).cloned() else {
            continue;
        };
        if !alternatives.iter().any(is_null_type) {
            continue;
        }
        let rest: Vec<Value> = alternatives
            .into_iter()
            .filter(|a| !is_null_type(a))
            .collect();
        map.insert(Value::from("nullable"), Value::from(true));
        if let [only] = rest.as_slice() {
            // One alternative left: the schema is that one (an `allOf` of one is an alias).
            map.remove(key);
            map.insert(Value::from("allOf"), Value::Sequence(vec![only.clone()]));
        } else {
            map.insert(Value::from(key), Value::Sequence(rest));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> Value {
        let mut doc: Value = serde_yaml::from_str(yaml).unwrap();
        to_3_0(&mut doc);
        doc
    }

    #[test]
    fn schema_keywords() {
        let doc = normalized(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      type: [string, 'null']\n      const: x\n      examples: [x, y]\n    B:\n      type: [integer, string]\n      maxLength: 3\n      minimum: 1\n    C:\n      type: number\n      exclusiveMinimum: 0\n    D:\n      anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]\n    E:\n      type: object\n      properties:\n        const: {type: string}\n",
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(doc["openapi"], Value::from("3.0.3"));
        assert!(doc["paths"].is_mapping());
        assert_eq!(schemas["A"]["type"], Value::from("string"));
        assert_eq!(schemas["A"]["nullable"], Value::from(true));
        assert_eq!(schemas["A"]["enum"][0], Value::from("x"));
        assert_eq!(schemas["A"]["example"], Value::from("x"));
        assert_eq!(schemas["B"]["anyOf"][1]["type"], Value::from("string"));
        assert_eq!(schemas["B"]["anyOf"][1]["maxLength"].as_i64(), Some(3));
        assert_eq!(schemas["B"]["anyOf"][0]["minimum"].as_i64(), Some(1));
        assert!(schemas["B"].get("maxLength").is_none() && schemas["B"].get("minimum").is_none());
        assert_eq!(schemas["C"]["minimum"].as_i64(), Some(0));
        assert_eq!(schemas["C"]["exclusiveMinimum"], Value::from(true));
        assert_eq!(
            schemas["D"]["allOf"][0]["$ref"],
            Value::from("#/components/schemas/A")
        );
        assert_eq!(schemas["D"]["nullable"], Value::from(true));
        // A property named like a keyword is a name, not a keyword.
        assert!(schemas["E"]["properties"]["const"].is_mapping());
    }
}
