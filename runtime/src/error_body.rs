//! Reading `error_code` / `error_msg` out of an error body exactly as Huawei's official SDK
//! does (`huaweicloudsdkcore`'s `DefaultExceptionHandler`), checked against it by a
//! differential test over generated bodies (`tests/sdk_errors.rs`):
//!
//! 1. The body, decoded as UTF-8 (bad bytes become U+FFFD), is parsed as JSON; anything but an object leaves code and message unset.
//! 2. An object is visited: `encoded_authorization_message`, when the key is present, is
//!    taken (whatever its value); then the first pair whose two keys are both present —
//!    `error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message` — sets code and
//!    message to its values, whatever they are (`null` included), and the visit ends.
//!    Without a pair, every member that is an object is visited in turn, at any depth,
//!    each overwriting what an earlier one set.
//! 3. A code that is unset or falsy (`null`, `false`, `0`, `""`, `[]`, `{}`) becomes the
//!    status; a message that is unset or falsy becomes the raw body text.
//!
//! Values that are not strings are given as compact JSON text (`400`, `true`, `{"a":1}`),
//! which is what the SDK's value prints as in JSON. Two limits differ from the SDK, both on
//! bodies no service sends: JSON nested deeper than 128 levels is not JSON here (the SDK
//! parses up to Python's recursion limit), and `NaN`/`Infinity`, which are not JSON, are not
//! read as numbers.

use serde_json::{Map, Value};

/// What the body says: code, message, and IAM's encoded authorization message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceError {
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) encoded_authorization_message: Option<String>,
}

/// The key pairs tried, in order, at each object visited.
const PAIRS: &[(&str, &str)] = &[
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// The key IAM puts its encoded denial reason under.
const ENCODED_AUTHORIZATION_MESSAGE: &str = "encoded_authorization_message";

/// What a visit has found so far.
#[derive(Default)]
struct Found<'v> {
    code: Option<&'v Value>,
    message: Option<&'v Value>,
    encoded_authorization_message: Option<&'v Value>,
}

/// Parses an error body (see the module docs for the rules).
pub(crate) fn parse(status: u16, body: &[u8]) -> ServiceError {
    // The SDK parses the decoded text, so bytes that are not UTF-8 become U+FFFD first.
    let text = String::from_utf8_lossy(body);
    let value: Option<Value> = serde_json::from_str(&text).ok();
    let mut found = Found::default();
    if let Some(Value::Object(map)) = &value {
        visit(map, &mut found);
    }
    let code = found
        .code
        .filter(|v| truthy(v))
        .map_or_else(|| status.to_string(), text_of);
    let message = found
        .message
        .filter(|v| truthy(v))
        .map_or_else(|| text.clone().into_owned(), text_of);
    ServiceError {
        code,
        message,
        encoded_authorization_message: found
            .encoded_authorization_message
            .filter(|v| !v.is_null())
            .map(text_of),
    }
}

/// One object: its encoded authorization message, then a pair, else its object members.
/// Depth is bounded by the JSON parser's own limit (128).
fn visit<'v>(map: &'v Map<String, Value>, found: &mut Found<'v>) {
    if let Some(value) = map.get(ENCODED_AUTHORIZATION_MESSAGE) {
        found.encoded_authorization_message = Some(value);
    }
    for (code, message) in PAIRS {
        if let (Some(code), Some(message)) = (map.get(*code), map.get(*message)) {
            found.code = Some(code);
            found.message = Some(message);
            return;
        }
    }
    for value in map.values() {
        if let Value::Object(nested) = value {
            visit(nested, found);
        }
    }
}

/// Python's truth value of the decoded JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A string as it is; any other value as compact JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, code: &str, message: &str) {
        let parsed = parse(400, body.as_bytes());
        assert_eq!(
            (parsed.code.as_str(), parsed.message.as_str()),
            (code, message),
            "{body}"
        );
    }

    #[test]
    fn variants_in_order() {
        check(r#"{"error_code":"A","error_msg":"a"}"#, "A", "a");
        check(r#"{"errorCode":"B","errorMsg":"b"}"#, "B", "b");
        check(r#"{"code":"C","message":"c"}"#, "C", "c");
        check(r#"{"error":{"code":"D","message":"d"}}"#, "D", "d");
        check(r#"{"error":{"error_code":"E","error_msg":"e"}}"#, "E", "e");
        check(r#"{"error_code":400,"error_msg":"n"}"#, "400", "n");
        check(
            r#"{"error_code":"F","error_msg":"f","code":"G","message":"g"}"#,
            "F",
            "f",
        );
        check(r#"{"error_code":"H"}"#, "400", r#"{"error_code":"H"}"#);
        check("[1]", "400", "[1]");
        check("oops", "400", "oops");
        check("", "400", "");
    }

    #[test]
    fn present_but_empty_values_fall_back_one_by_one() {
        // The pair is taken even when its values are null; each then falls back alone.
        check(r#"{"error_code":null,"error_msg":"m"}"#, "400", "m");
        check(
            r#"{"error_code":"C","error_msg":""}"#,
            "C",
            r#"{"error_code":"C","error_msg":""}"#,
        );
        // A null pair still ends the visit: the nested pair is not looked at.
        check(
            r#"{"code":null,"message":null,"error":{"code":"X","message":"x"}}"#,
            "400",
            r#"{"code":null,"message":null,"error":{"code":"X","message":"x"}}"#,
        );
        check(
            r#"{"error_code":0,"error_msg":false}"#,
            "400",
            r#"{"error_code":0,"error_msg":false}"#,
        );
    }

    #[test]
    fn nesting_at_any_depth_and_the_last_object_wins() {
        check(
            r#"{"a":{"b":{"c":{"error_code":"DEEP","error_msg":"d"}}}}"#,
            "DEEP",
            "d",
        );
        check(
            r#"{"first":{"code":"1","message":"one"},"second":{"code":"2","message":"two"}}"#,
            "2",
            "two",
        );
        // A later object that sets an empty pair overwrites an earlier good one.
        check(
            r#"{"first":{"code":"1","message":"one"},"second":{"code":"","message":""}}"#,
            "400",
            r#"{"first":{"code":"1","message":"one"},"second":{"code":"","message":""}}"#,
        );
    }

    #[test]
    fn other_values_are_given_as_json() {
        check(
            r#"{"code":{"k":[1,true]},"message":["m"]}"#,
            r#"{"k":[1,true]}"#,
            r#"["m"]"#,
        );
        check(r#"{"code":true,"message":1.5}"#, "true", "1.5");
    }

    #[test]
    fn encoded_authorization_message_from_any_visited_object() {
        let parsed = parse(
            403,
            br#"{"error":{"code":"IAM.0001","message":"denied","encoded_authorization_message":"xyz"}}"#,
        );
        assert_eq!(parsed.encoded_authorization_message.as_deref(), Some("xyz"));
        let parsed = parse(403, br#"{"encoded_authorization_message":null}"#);
        assert_eq!(parsed.encoded_authorization_message, None);
        let parsed = parse(403, br#"{"encoded_authorization_message":""}"#);
        assert_eq!(parsed.encoded_authorization_message.as_deref(), Some(""));
    }
}
