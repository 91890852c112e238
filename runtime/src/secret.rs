//! A string that must never be printed: tokens, keys, passwords.

use std::fmt;

/// A secret value (API token, key, password).
///
/// `Debug` prints a fixed placeholder and there is deliberately no `Display`, so a secret
/// cannot reach logs or error messages by formatting. Read it with [`Secret::expose`] only
/// where it goes on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

/// What `Debug` prints instead of a secret's value.
pub const REDACTED: &str = "*** redacted ***";

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value, for putting on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Secret").field(&REDACTED).finish()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// Reads a secret from text (a token in a response header); never fails.
impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self(value.to_owned()))
    }
}

/// Serializes the value itself: a secret in a request body must reach the server.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::from("tok-123-very-secret");
        let printed = format!("{secret:?} {secret:#?}");
        assert!(!printed.contains("tok-123"), "{printed}");
        assert!(printed.contains(REDACTED));
        assert_eq!(secret.expose(), "tok-123-very-secret");
    }
}
