//! Reading a document into a `serde_yaml::Value` that tolerates integers wider than 64 bits.
//!
//! serde_yaml reports an integer beyond `u64`/`i64` to the visitor as `u128`/`i128`, and its
//! own `Value` refuses those, so a real document with a bound such as `maximum:
//! 18446744073709551615` (DigitalOcean, OpenAI) could not be read at all. Such numbers only
//! ever appear as bounds, which the model keeps as `f64` anyway, so they are read as `f64`.
//! Everything else is exactly what `serde_yaml::Value` would produce, duplicate keys included
//! (an error), except where YAML goes beyond JSON, whose data model OpenAPI documents use:
//! YAML tags are dropped (OpenAPI gives them no meaning), number and boolean mapping keys are
//! the strings they spell (`200:` is the key `"200"`), and `.inf`/`.nan` are errors. The tree
//! must mean the same as its JSON image: `openapiv3` re-reads a node that fails as a
//! `serde_json::Value` to word its error, and panics when that second read succeeds.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml::{Mapping, Value};

/// Parses `text` (YAML or JSON) into a value tree.
///
/// A document that looks like JSON is read by serde_json first, several times faster than
/// the YAML parser and producing the same tree; when that fails (JSON-looking YAML such as a
/// flow mapping `{a: 1}`, or a real error), the YAML parser decides, so errors are always
/// the YAML parser's.
pub fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    read(text, false).map(|read| read.value)
}

/// A value tree, and why the text was not JSON when it was meant to be.
#[derive(Debug)]
pub struct Read {
    /// The tree.
    pub value: Value,
    /// Where and why a document meant as JSON is not JSON (it was read as YAML instead).
    pub invalid_json: Option<JsonProblem>,
}

/// Why a text is not valid JSON, and where (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    /// serde_json's message, without its position.
    pub message: String,
    /// The line.
    pub line: usize,
    /// The column.
    pub column: usize,
}

/// Like [`from_str`]; with `json` (a `.json` file), the text is always tried as JSON first,
/// and when it is not JSON but reads as YAML (a trailing comma, a comment, single quotes:
/// YAML accepts what hand-edited JSON often has), the problem is returned with the value.
pub fn read(text: &str, json: bool) -> Result<Read, serde_yaml::Error> {
    let mut invalid_json = None;
    if json || text.trim_start().starts_with('{') {
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = Wide::deserialize(&mut de).and_then(|Wide(value)| de.end().map(|()| value));
        match parsed {
            Ok(value) => {
                return Ok(Read {
                    value,
                    invalid_json: None,
                });
            }
            Err(e) if json => {
                let full = e.to_string();
                let position = format!(" at line {} column {}", e.line(), e.column());
                invalid_json = Some(JsonProblem {
                    message: full.strip_suffix(&position).unwrap_or(&full).to_owned(),
                    line: e.line(),
                    column: e.column(),
                });
            }
            Err(_) => {}
        }
    }
    let value = Wide::deserialize(serde_yaml::Deserializer::from_str(text))?.0;
    Ok(Read {
        value,
        invalid_json,
    })
}

/// A `serde_yaml::Value` whose deserialisation also accepts 128-bit integers.
struct Wide(Value);

impl<'de> Deserialize<'de> for Wide {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(Wide)
    }
}

struct WideVisitor;

impl<'de> de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    #[allow(clippy::cast_precision_loss)] // only bounds are this wide; the model keeps f64
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::from(v as f64))
    }

    #[allow(clippy::cast_precision_loss)] // only bounds are this wide; the model keeps f64
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::from(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        if v.is_finite() {
            Ok(Value::from(v))
        } else {
            Err(E::custom(
                "infinity and NaN (`.inf`, `.nan`) are not JSON numbers, and OpenAPI documents are JSON data",
            ))
        }
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Wide::deserialize(deserializer).map(|wide| wide.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Wide(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(Wide(key)) = map.next_key()? {
            let key = match key {
                Value::Number(n) => Value::String(n.to_string()),
                Value::Bool(b) => Value::String(b.to_string()),
                key => key,
            };
            if mapping.contains_key(&key) {
                let shown = serde_yaml::to_string(&key).unwrap_or_default();
                return Err(de::Error::custom(format_args!(
                    "duplicate entry with key {}",
                    shown.trim_end()
                )));
            }
            let Wide(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant::<Wide>().map(|wide| wide.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_integers_become_floats() {
        let v = from_str(
            "a: 18446744073709551616\nb: -170141183460469231731687303715884105728\nc: 7\n",
        )
        .unwrap();
        assert_eq!(v["a"].as_f64(), Some(18_446_744_073_709_551_616.0));
        assert!(v["b"].as_f64().is_some_and(|b| b < -1e38));
        assert_eq!(v["c"].as_u64(), Some(7));
    }

    #[test]
    fn same_tree_as_serde_yaml_otherwise() {
        let text = "x: [1, -2, 2.5, true, null, ~, 'q', {k: v}]\ny: !tag {a: 1}\n";
        let ours = from_str(text).unwrap();
        let theirs: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(ours["x"], theirs["x"]);
        assert_eq!(ours["y"]["a"].as_u64(), Some(1));
    }

    #[test]
    fn json_reads_as_the_yaml_parser_reads_it() {
        let text = r#"{"a": [1, -2, 2.5, 1e3, true, null, "yes", "\u00e9"], "b": {"c": 18446744073709551616}}"#;
        let fast = from_str(text).unwrap();
        let yaml = Wide::deserialize(serde_yaml::Deserializer::from_str(text))
            .unwrap()
            .0;
        assert_eq!(fast, yaml);
        // JSON-looking YAML still parses; JSON with a duplicate key is still an error.
        assert_eq!(from_str("{a: 1}").unwrap()["a"].as_u64(), Some(1));
        let e = from_str(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert!(e.to_string().contains("duplicate entry with key a"), "{e}");
    }

    #[test]
    fn the_tree_stays_inside_json() {
        let v = from_str("200: a\ntrue: b\n1.5: c\n").unwrap();
        assert_eq!(v["200"].as_str(), Some("a"));
        assert_eq!(v["true"].as_str(), Some("b"));
        assert_eq!(v["1.5"].as_str(), Some("c"));
        let e = from_str("a:\n  type: -.inf\n").unwrap_err();
        assert!(e.to_string().contains("not JSON numbers"), "{e}");
        assert_eq!(e.location().map(|l| l.line()), Some(2));
        assert!(from_str("a: .nan\n").is_err());
        // A number key and the string it spells are one key.
        let e = from_str("200: a\n'200': b\n").unwrap_err();
        assert!(e.to_string().contains("duplicate entry"), "{e}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = from_str("a: 1\na: 2\n").unwrap_err();
        assert!(e.to_string().contains("duplicate entry with key a"), "{e}");
        assert!(e.location().is_some());
    }
}
