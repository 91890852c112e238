//! Canonical URI and query string, as the official signer builds them.

use percent_encoding::{percent_decode_str, utf8_percent_encode};

use crate::path::SEGMENT;

/// Percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, uppercase hex.
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// The canonical URI: the path is percent-decoded, split on `/`, each segment re-encoded, and
/// a trailing `/` appended. A path parameter that contained `/` (sent as `%2F`) therefore
/// signs as two segments — the official signer's behaviour, which servers verify against.
pub fn canonical_uri(path: &str) -> String {
    let decoded: Vec<u8> = percent_decode_str(path).collect();
    let mut uri = String::with_capacity(decoded.len() + 16);
    for (i, segment) in decoded.split(|b| *b == b'/').enumerate() {
        if i > 0 {
            uri.push('/');
        }
        uri.extend(percent_encoding::percent_encode(segment, SEGMENT));
    }
    if !uri.starts_with('/') {
        uri.insert(0, '/');
    }
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical query string: pairs sorted by key, then value; keys and values encoded with
/// [`encode_component`]; joined with `&`. The client sends exactly this string.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/v3/p/backups"), "/v3/p/backups/");
        assert_eq!(canonical_uri("/a/b%2Fc/"), "/a/b/c/");
        assert_eq!(canonical_uri("/x/my%20b%7E1"), "/x/my%20b~1/");
    }
}
