//! Where a node of a converted document came from. Converting Swagger 2.0 moves nodes
//! (`/definitions/Pet` becomes `/components/schemas/Pet`, a `body` parameter becomes
//! `requestBody`), so a diagnostic found in the converted tree would name a place the user
//! never wrote. The converter records each move once, as a pair of prefixes; diagnostics
//! map their pointer back through it, and the converter maps `$ref`s forward through it.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::pointer::Pointer;

/// Prefix moves between an original document and its conversion. Empty (every pointer maps
/// to itself) for documents that were not restructured.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    /// Converted prefix → original prefix.
    back: HashMap<String, String>,
    /// Original prefix → the first converted prefix made from it.
    forward: HashMap<String, String>,
}

impl Origins {
    /// Records that the node at `converted` (and everything under it) was written at
    /// `original`.
    pub fn record(&mut self, converted: &Pointer, original: &Pointer) {
        self.back
            .insert(converted.as_str().to_owned(), original.as_str().to_owned());
        self.forward
            .entry(original.as_str().to_owned())
            .or_insert_with(|| converted.as_str().to_owned());
    }

    /// Records that diagnostics at `converted` (a node the conversion made, such as a
    /// body's `content`) are reported at `original`, which did not move there: `$ref`s to
    /// `original` are left alone.
    pub fn report_at(&mut self, converted: &Pointer, original: &Pointer) {
        self.back
            .insert(converted.as_str().to_owned(), original.as_str().to_owned());
    }

    /// Whether nothing moved.
    pub fn is_empty(&self) -> bool {
        self.back.is_empty()
    }

    /// The pointer in the original document of the node at `pointer` in the converted one.
    pub fn original<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        match longest_prefix(&self.back, pointer) {
            Some((to, rest)) => Cow::Owned(format!("{to}{rest}")),
            None => Cow::Borrowed(pointer),
        }
    }

    /// `message` with every pointer it quotes (`` `#/components/schemas/A` ``,
    /// `` `/components/schemas/A` ``, `` `components/schemas/A` ``) named as the user wrote it.
    pub fn original_message<'m>(&self, message: &'m str) -> Cow<'m, str> {
        if self.is_empty() || !message.contains('`') {
            return Cow::Borrowed(message);
        }
        let mut out = String::with_capacity(message.len());
        for (i, part) in message.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            // Odd parts are quoted.
            if i % 2 == 0 {
                out.push_str(part);
                continue;
            }
            let (prefix, pointer) = match part.strip_prefix('#') {
                Some(rest) if rest.starts_with('/') => ("#", rest.to_owned()),
                _ if part.starts_with('/') => ("", part.to_owned()),
                _ if part.contains('/') && !part.contains(' ') => ("", format!("/{part}")),
                _ => {
                    out.push_str(part);
                    continue;
                }
            };
            let original = self.original(&pointer);
            let original = if part.starts_with(['#', '/']) {
                original.as_ref()
            } else {
                original.trim_start_matches('/')
            };
            out.push_str(prefix);
            out.push_str(original);
        }
        Cow::Owned(out)
    }

    /// The pointer in the converted document of the node written at `pointer`, when the node
    /// (or an ancestor) moved.
    pub fn converted(&self, pointer: &str) -> Option<String> {
        longest_prefix(&self.forward, pointer).map(|(to, rest)| format!("{to}{rest}"))
    }
}

/// The entry whose key is the longest prefix of `pointer` ending at a token boundary, and
/// the rest of `pointer` after it.
fn longest_prefix<'m, 'p>(
    map: &'m HashMap<String, String>,
    pointer: &'p str,
) -> Option<(&'m str, &'p str)> {
    if map.is_empty() {
        return None;
    }
    let mut end = pointer.len();
    loop {
        if let Some(to) = map.get(&pointer[..end]) {
            return Some((to, &pointer[end..]));
        }
        end = pointer[..end].rfind('/')?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(tokens: &[&str]) -> Pointer {
        tokens.iter().fold(Pointer::root(), |p, t| p.push(t))
    }

    #[test]
    fn pointers_map_back_by_their_longest_moved_prefix() {
        let mut origins = Origins::default();
        origins.record(&at(&["components", "schemas"]), &at(&["definitions"]));
        let op = at(&["paths", "/a", "post"]);
        origins.record(&op.push("requestBody"), &op.push("parameters").push(1));
        origins.record(
            &op.push("requestBody")
                .push("content")
                .push("application/json")
                .push("schema"),
            &op.push("parameters").push(1).push("schema"),
        );
        assert_eq!(
            origins.original("/components/schemas/Pet/properties/id"),
            "/definitions/Pet/properties/id"
        );
        assert_eq!(
            origins.original("/paths/~1a/post/requestBody/content/application~1json/schema/items"),
            "/paths/~1a/post/parameters/1/schema/items"
        );
        assert_eq!(
            origins.original("/paths/~1a/post/requestBody/required"),
            "/paths/~1a/post/parameters/1/required"
        );
        // A token that merely starts like a moved one is not under it.
        assert_eq!(
            origins.original("/components/schemasX"),
            "/components/schemasX"
        );
        assert_eq!(origins.original("/info/title"), "/info/title");
        assert_eq!(
            origins.converted("/definitions/Pet/allOf/1").as_deref(),
            Some("/components/schemas/Pet/allOf/1")
        );
        assert_eq!(
            origins
                .converted("/paths/~1a/post/parameters/1/schema")
                .as_deref(),
            Some("/paths/~1a/post/requestBody/content/application~1json/schema")
        );
        assert_eq!(origins.converted("/info"), None);
        assert_eq!(
            origins.original_message(
                "unresolved $ref `#/components/schemas/A`: there is no `components/schemas/A` (see `a b/c`)"
            ),
            "unresolved $ref `#/definitions/A`: there is no `definitions/A` (see `a b/c`)"
        );
    }
}
