//! The floor: what any generator must at least do, read the document into
//! `openapiv3::OpenAPI` with serde (JSON by `serde_json`, anything else by `serde_yaml`).

/// Parses `text` (named `file`, whose extension picks the parser).
///
/// # Errors
/// The parser's message.
pub fn parse(file: &str, text: &str) -> Result<openapiv3::OpenAPI, String> {
    if file.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }
}
