//! Discriminated unions (`oneOf` with a `discriminator`): the generated `Serialize` and
//! `Deserialize` impls choose the alternative by the property's value rather than by trying
//! each shape in turn, which picks the wrong one when shapes overlap.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The discriminator value of `value`, when it is an object with `property` as a string.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// The alternative `T`, read from the whole value (the property included).
pub fn variant<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// An alternative without a discriminator value, tried when no value matched.
pub fn try_variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The error for a value whose discriminator selects no alternative.
pub fn unknown<E: serde::de::Error>(value: &Value, property: &str, known: &[&str]) -> E {
    let known = known.join("`, `");
    match value.get(property) {
        None => E::custom(format_args!(
            "missing discriminator `{property}` (one of `{known}`)"
        )),
        Some(found) => E::custom(format_args!(
            "discriminator `{property}` is {found}, not one of `{known}`"
        )),
    }
}

/// Serializes an alternative, adding `property: tag` when the alternative does not write the
/// property itself, so the receiver can tell the alternatives apart.
pub fn serialize<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // Through text rather than `to_value`, so an `f32` keeps its own shortest form.
    let text = serde_json::to_string(value).map_err(S::Error::custom)?;
    let mut json: Value = serde_json::from_str(&text).map_err(S::Error::custom)?;
    if let Value::Object(map) = &mut json {
        map.entry(property)
            .or_insert_with(|| Value::String(tag.to_owned()));
    }
    json.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_tag_is_added_only_when_missing() {
        let added = serialize(&json!({"a": 1}), "kind", "x", serde_json::value::Serializer);
        assert_eq!(added.unwrap(), json!({"a": 1, "kind": "x"}));
        let kept = serialize(
            &json!({"kind": "y"}),
            "kind",
            "x",
            serde_json::value::Serializer,
        );
        assert_eq!(kept.unwrap(), json!({"kind": "y"}));
    }

    #[test]
    fn unknown_values_are_named() {
        let e: serde_json::Error = unknown(&json!({"kind": "z"}), "kind", &["x", "y"]);
        assert_eq!(
            e.to_string(),
            "discriminator `kind` is \"z\", not one of `x`, `y`"
        );
        let e: serde_json::Error = unknown(&json!({}), "kind", &["x"]);
        assert_eq!(e.to_string(), "missing discriminator `kind` (one of `x`)");
        assert_eq!(tag(&json!({"kind": "x"}), "kind"), Some("x"));
        assert_eq!(tag(&json!([1]), "kind"), None);
    }
}
