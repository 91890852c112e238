//! JSON pointers (RFC 6901): how every diagnostic and every inline type's origin names a
//! place in the document.

use std::fmt;

/// A JSON pointer under construction. Tokens are escaped per RFC 6901 (`~` → `~0`, `/` → `~1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document root.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// This pointer extended by one reference token.
    ///
    /// Lowering and loading push a token for every node they visit, so this writes the
    /// escaped token straight into one new string.
    pub fn push(&self, token: impl fmt::Display) -> Self {
        use fmt::Write as _;
        let mut out = String::with_capacity(self.0.len() + 24);
        out.push_str(&self.0);
        out.push('/');
        // Writing into a `String` does not fail.
        let _ = write!(Escaping(&mut out), "{token}");
        Self(out)
    }

    /// Parses the fragment of a local `$ref` (`#/components/schemas/X`).
    pub fn from_fragment(fragment: &str) -> Self {
        Self(fragment.to_owned())
    }

    /// The reference tokens, with their escapes undone (`~1` → `/`, `~0` → `~`).
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One reference token with its escapes undone (`~1` → `/`, then `~0` → `~`, in that order,
/// so `~01` stays `~1`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Writes text with `~` and `/` escaped as in a reference token.
struct Escaping<'a>(&'a mut String);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if !text.contains(['~', '/']) {
            self.0.push_str(text);
            return Ok(());
        }
        for c in text.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A `$ref` fragment is a URI fragment: `%7B` and the like are percent-encoded characters.
pub fn decode_fragment(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped() {
        let p = Pointer::root().push("paths").push("/a~b").push(0);
        assert_eq!(p.as_str(), "/paths/~1a~0b/0");
        assert_eq!(p.to_string(), p.as_str());
        let tokens: Vec<String> = p.tokens().collect();
        assert_eq!(tokens, ["paths", "/a~b", "0"]);
        assert_eq!(Pointer::root().tokens().count(), 0);
        assert_eq!(unescape("~01"), "~1");
    }

    #[test]
    fn fragments_are_uri_decoded() {
        assert_eq!(
            decode_fragment("/paths/~1pets~1%7Bid%7D/get"),
            "/paths/~1pets~1{id}/get"
        );
        assert_eq!(decode_fragment("/a%2"), "/a%2");
    }
}
