//! Media types: how a body is encoded, which `content` entry is used, and HTTP tokens (the
//! syntax of header names and media types).

use openapiv3::MediaType;

use crate::diag::{Ctxt, Pointer};
use crate::ir::Encoding;

/// A media type without its parameters, lowercased: `Application/JSON; charset=x` →
/// `application/json`.
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or `*/*+json`, any parameters.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// How a media type is encoded, or `None` when it is not supported (multipart).
pub(super) fn encoding_of(media_type: &str) -> Option<Encoding> {
    let essence = essence(media_type);
    if is_json(&essence) {
        Some(Encoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(Encoding::Form)
    } else if essence == "multipart/form-data" {
        Some(Encoding::Multipart)
    } else if essence.starts_with("multipart/") {
        None
    } else if essence.starts_with("text/") {
        Some(Encoding::Text)
    } else {
        Some(Encoding::Binary)
    }
}

/// The entry of a `content` map to use: JSON first, then form (requests only), text, binary.
/// Reports when none is supported, and warns when others are left out.
pub(super) fn pick_content<'c>(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    content: &'c indexmap::IndexMap<String, MediaType>,
    request: bool,
) -> Option<(&'c String, &'c MediaType, Encoding)> {
    let preference = |e: Encoding| match e {
        Encoding::Json => 0,
        Encoding::Form if request => 1,
        Encoding::Multipart => 2,
        Encoding::Text => 3,
        Encoding::Binary | Encoding::Form => 4,
    };
    let found = content
        .iter()
        .filter_map(|(m, c)| encoding_of(m).map(|e| (m, c, e)))
        // A multipart response is read as bytes.
        .map(|(m, c, e)| match e {
            Encoding::Multipart if !request => (m, c, Encoding::Binary),
            e => (m, c, e),
        })
        .min_by_key(|(_, _, e)| preference(*e));
    match found {
        None => {
            let types: Vec<&str> = content.keys().map(String::as_str).collect();
            cx.error(
                &pointer.push("content"),
                format!(
                    "media type(s) `{}` are not supported yet",
                    types.join("`, `")
                ),
            );
        }
        Some((chosen, ..)) if content.len() > 1 => {
            let others: Vec<&str> = content
                .keys()
                .filter(|m| *m != chosen)
                .map(String::as_str)
                .collect();
            cx.warn(
                &pointer.push("content"),
                format!(
                    "`{chosen}` is used; also listed, and left out: `{}`",
                    others.join("`, `")
                ),
            );
        }
        Some(_) => {}
    }
    found
}

/// Whether `name` is an HTTP token (RFC 9110), i.e. a valid header name.
pub(super) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;
    use crate::source_map::SourceMap;

    #[test]
    fn media_types_by_essence() {
        assert_eq!(
            essence("Application/JSON; charset=utf-8"),
            "application/json"
        );
        assert!(is_json("application/problem+json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(!is_json("text/json+plain"));
        assert_eq!(
            encoding_of("application/vnd.api+json"),
            Some(Encoding::Json)
        );
        assert_eq!(
            encoding_of("application/x-www-form-urlencoded"),
            Some(Encoding::Form)
        );
        assert_eq!(
            encoding_of("multipart/form-data"),
            Some(Encoding::Multipart)
        );
        assert_eq!(encoding_of("multipart/mixed"), None);
        assert_eq!(encoding_of("text/csv"), Some(Encoding::Text));
        assert_eq!(encoding_of("image/png"), Some(Encoding::Binary));
    }

    fn content(types: &[&str]) -> IndexMap<String, MediaType> {
        types
            .iter()
            .map(|t| ((*t).to_owned(), MediaType::default()))
            .collect()
    }

    #[test]
    fn json_is_preferred_and_form_only_for_requests() {
        let map = SourceMap::build("");
        let cx = Ctxt::new("t.yaml", &map);
        let at = Pointer::root();
        let both = content(&["application/x-www-form-urlencoded", "application/json"]);
        let (chosen, _, encoding) = pick_content(&cx, &at, &both, true).unwrap();
        assert_eq!(
            (chosen.as_str(), encoding),
            ("application/json", Encoding::Json)
        );
        let form = content(&["text/plain", "application/x-www-form-urlencoded"]);
        let (_, _, request) = pick_content(&cx, &at, &form, true).unwrap();
        let (_, _, response) = pick_content(&cx, &at, &form, false).unwrap();
        assert_eq!((request, response), (Encoding::Form, Encoding::Text));
        let multipart = content(&["multipart/form-data"]);
        let (_, _, response) = pick_content(&cx, &at, &multipart, false).unwrap();
        assert_eq!(response, Encoding::Binary);
        assert!(pick_content(&cx, &at, &content(&["multipart/mixed"]), true).is_none());
        assert_eq!(cx.error_count(), 1, "multipart/mixed is refused");
        // The others warn that the remaining media types are left out: once for the JSON
        // choice, twice for the form-or-text one.
        let all = cx.finish().unwrap_err();
        assert_eq!(all.items.len(), 4, "{all}");
    }

    #[test]
    fn tokens() {
        assert!(is_token("X-Request-Id"));
        assert!(!is_token("a b") && !is_token("") && !is_token("a:b"));
    }
}
