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
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{}", self.0, token))
    }

    /// Parses the fragment of a local `$ref` (`#/components/schemas/X`).
    pub fn from_fragment(fragment: &str) -> Self {
        Self(fragment.to_owned())
    }

    /// The reference tokens, with their escapes undone (`~1` → `/`, `~0` → `~`).
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
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
    }
}
