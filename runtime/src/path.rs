//! Percent-encoding of path parameters: each value becomes exactly one path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::BuildError;

/// Bytes left as they are in a path segment: the RFC 3986 unreserved characters
/// `A-Z a-z 0-9 - _ . ~`. Everything else, `/ ? # % + :` and spaces included, is encoded as
/// uppercase `%XX` of its UTF-8 bytes, which is what Huawei's official SDK sends
/// (`quote(value, safe='')`).
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes `value` as a single path segment for the parameter `name`.
///
/// Values that would still change the path after encoding are refused: the empty string
/// (it would merge two segments) and the dot segments `.` and `..` (URL parsers resolve them,
/// in any spelling, so they would move the request to another resource).
pub fn encode_segment(name: &'static str, value: &str) -> Result<String, BuildError> {
    let reason = match value {
        "" => Some("it is empty"),
        "." | ".." => Some("it is a dot segment (`.` or `..`)"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(BuildError::InvalidPathParameter { name, reason });
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_and_non_ascii_bytes_are_encoded() {
        for (raw, encoded) in [
            ("a5200268-74a5", "a5200268-74a5"),
            ("my backup", "my%20backup"),
            ("a/b", "a%2Fb"),
            ("备份", "%E5%A4%87%E4%BB%BD"),
            ("a~b_c.d-e", "a~b_c.d-e"),
            ("x:y@z", "x%3Ay%40z"),
            ("50%", "50%25"),
            ("a+b", "a%2Bb"),
            ("?q=1#frag", "%3Fq%3D1%23frag"),
            ("...", "..."),
        ] {
            assert_eq!(encode_segment("p", raw).unwrap(), encoded, "{raw:?}");
        }
    }

    #[test]
    fn values_that_would_change_the_path_are_refused() {
        for raw in ["", ".", ".."] {
            let err = encode_segment("backup_id", raw).unwrap_err();
            assert!(
                matches!(
                    err,
                    BuildError::InvalidPathParameter {
                        name: "backup_id",
                        ..
                    }
                ),
                "{raw:?}: {err}"
            );
        }
    }
}
