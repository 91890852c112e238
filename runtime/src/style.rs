//! Structured values (arrays, objects, unions) as `name=value` pairs, by OpenAPI `style`:
//! for query parameters and for the fields of `application/x-www-form-urlencoded` bodies.
//!
//! Values are first serialized to JSON (so every generated type, enum or union works), then
//! laid out: scalars as their text, arrays repeated (`explode`) or joined by the style's
//! delimiter, objects as their properties (`form` + `explode`), `k,v` pairs, or bracketed
//! keys (`deepObject`: `filter[created][gte]=1`, array items indexed `items[0][price]=p`, as
//! Stripe's own SDKs send them). `null` and unset fields send nothing.

use serde::Serialize;
use serde_json::Value;

/// How a structured value is laid out (OpenAPI `style` for query parameters and form fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// `form` (the default): `a=1&a=2` exploded, `a=1,2` otherwise.
    Form,
    /// `spaceDelimited`: `a=1%202` unless exploded.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2` unless exploded.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`, nested as deep as the value.
    DeepObject,
}

impl Style {
    fn delimiter(self) -> &'static str {
        match self {
            Self::SpaceDelimited => " ",
            Self::PipeDelimited => "|",
            Self::Form | Self::DeepObject => ",",
        }
    }
}

/// Serializes `value` and appends its pairs for parameter `name` to `out`.
pub(crate) fn pairs_of<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
    out: &mut Vec<(String, String)>,
) -> Result<(), serde_json::Error> {
    let value = serde_json::to_value(value)?;
    pairs(name, &value, style, explode, out);
    Ok(())
}

/// The pairs of one parameter (or form field) `name` holding `value`.
pub(crate) fn pairs(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
    out: &mut Vec<(String, String)>,
) {
    match value {
        Value::Null => {}
        Value::Array(items) if style == Style::DeepObject => deep(name, value, out),
        Value::Array(items) if explode => {
            for item in items.iter().filter(|i| !i.is_null()) {
                out.push((name.to_owned(), text(item)));
            }
        }
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) => {
            let joined: Vec<String> = items.iter().map(text).collect();
            out.push((name.to_owned(), joined.join(style.delimiter())));
        }
        Value::Object(_) if style == Style::DeepObject => deep(name, value, out),
        Value::Object(map) if explode => {
            for (key, item) in map {
                pairs(key, item, Style::Form, true, out);
            }
        }
        Value::Object(map) if map.is_empty() => {}
        Value::Object(map) => {
            let joined: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .flat_map(|(k, v)| [k.clone(), text(v)])
                .collect();
            out.push((name.to_owned(), joined.join(style.delimiter())));
        }
        scalar => out.push((name.to_owned(), text(scalar))),
    }
}

/// `deepObject`: `prefix[key]…=scalar` for every leaf.
fn deep(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep(&format!("{prefix}[{i}]"), item, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                deep(&format!("{prefix}[{key}]"), item, out);
            }
        }
        scalar => out.push((prefix.to_owned(), text(scalar))),
    }
}

/// A scalar as text (strings unquoted); a structure nested where the style has no layout
/// for it, as JSON.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

/// The fields of a form body: each top-level property by its `encoding` entry (`style`,
/// `explode`), else scalars and arrays of scalars `form`-exploded and objects (and arrays of
/// them) as `deepObject`, which is what form-based APIs such as Stripe's read.
pub(crate) fn form_fields<T: Serialize + ?Sized>(
    body: &T,
    encodings: &[(&str, Style, bool)],
) -> Result<Vec<(String, String)>, FormError> {
    let value = serde_json::to_value(body).map_err(FormError::Serialize)?;
    let Value::Object(fields) = value else {
        return Err(FormError::NotAnObject);
    };
    let mut out = Vec::new();
    for (name, field) in &fields {
        let (style, explode) = match encodings.iter().find(|(n, ..)| n == name) {
            Some((_, style, explode)) => (*style, *explode),
            None if is_structured(field) => (Style::DeepObject, true),
            None => (Style::Form, true),
        };
        pairs(name, field, style, explode, &mut out);
    }
    Ok(out)
}

/// Objects, and arrays holding objects or arrays.
fn is_structured(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(|i| i.is_object() || i.is_array()),
        _ => false,
    }
}

/// Why a form body could not be encoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormError {
    /// The body did not serialize.
    #[error("{0}")]
    Serialize(#[source] serde_json::Error),
    /// The body is not an object, so it has no fields.
    #[error("a form body must be an object")]
    NotAnObject,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(value: Value, style: Style, explode: bool) -> Vec<String> {
        let mut out = Vec::new();
        pairs("p", &value, style, explode, &mut out);
        out.into_iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    #[test]
    fn the_openapi_style_table() {
        // https://spec.openapis.org/oas/v3.0.3#style-examples
        let list = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200, "B": 150});
        assert_eq!(run(json!("blue"), Style::Form, true), ["p=blue"]);
        assert_eq!(
            run(list.clone(), Style::Form, true),
            ["p=blue", "p=black", "p=brown"]
        );
        assert_eq!(
            run(list.clone(), Style::Form, false),
            ["p=blue,black,brown"]
        );
        assert_eq!(
            run(list.clone(), Style::SpaceDelimited, false),
            ["p=blue black brown"]
        );
        assert_eq!(
            run(list, Style::PipeDelimited, false),
            ["p=blue|black|brown"]
        );
        assert_eq!(
            run(object.clone(), Style::Form, true),
            ["R=100", "G=200", "B=150"]
        );
        assert_eq!(
            run(object.clone(), Style::Form, false),
            ["p=R,100,G,200,B,150"]
        );
        assert_eq!(
            run(object, Style::DeepObject, true),
            ["p[R]=100", "p[G]=200", "p[B]=150"]
        );
    }

    #[test]
    fn deep_objects_nest_and_index() {
        let value = json!({"a": {"b": [1, {"c": true}]}, "skip": null, "s": "x y"});
        assert_eq!(
            run(value, Style::DeepObject, true),
            ["p[a][b][0]=1", "p[a][b][1][c]=true", "p[s]=x y"]
        );
    }

    #[test]
    fn nothing_for_null_and_empty() {
        assert!(run(json!(null), Style::Form, true).is_empty());
        assert!(run(json!([]), Style::Form, false).is_empty());
        assert!(run(json!({}), Style::Form, false).is_empty());
    }

    #[test]
    fn form_bodies_use_encodings_then_deep_objects() {
        let body = json!({
            "amount": 5, "expand": ["a", "b"], "metadata": {"k": "v"},
            "items": [{"price": "p1"}], "tags": ["x"], "none": null
        });
        let fields = form_fields(&body, &[("tags", Style::Form, false)]).unwrap();
        let shown: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            shown,
            [
                "amount=5",
                "expand=a",
                "expand=b",
                "metadata[k]=v",
                "items[0][price]=p1",
                "tags=x"
            ]
        );
        assert!(matches!(
            form_fields(&json!(3), &[]),
            Err(FormError::NotAnObject)
        ));
    }
}
