//! Reading `error_code` / `error_msg` out of an error body the way Huawei's official SDK
//! does, in the same order, with the same fallbacks.

use serde_json::{Map, Value};

/// What the body says: code, message, and IAM's encoded authorization message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceError {
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) encoded_authorization_message: Option<String>,
}

/// The field pairs tried, in order, on the top-level object and then inside `"error"`.
const PAIRS: &[(&str, &str)] = &[
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// Parses an error body. Both fields of a pair must be present; a numeric code becomes its
/// decimal text. Anything else (no pair, not a JSON object, not JSON) falls back to the
/// status as the code and the raw body text as the message.
pub(crate) fn parse(status: u16, body: &[u8]) -> ServiceError {
    let object: Option<Map<String, Value>> =
        serde_json::from_slice(body)
            .ok()
            .and_then(|v: Value| match v {
                Value::Object(map) => Some(map),
                _ => None,
            });
    let found = object.as_ref().and_then(|map| {
        pair_in(map).or_else(|| match map.get("error") {
            Some(Value::Object(nested)) => pair_in(nested),
            _ => None,
        })
    });
    let encoded_authorization_message = object
        .as_ref()
        .and_then(|map| map.get("encoded_authorization_message"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    match found {
        Some((code, message)) => ServiceError {
            code,
            message,
            encoded_authorization_message,
        },
        None => ServiceError {
            code: status.to_string(),
            message: String::from_utf8_lossy(body).into_owned(),
            encoded_authorization_message,
        },
    }
}

fn pair_in(map: &Map<String, Value>) -> Option<(String, String)> {
    PAIRS.iter().find_map(|(code, message)| {
        let code = scalar_text(map.get(*code)?)?;
        let message = scalar_text(map.get(*message)?)?;
        Some((code, message))
    })
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
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
}
