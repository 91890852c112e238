//! `{name}` templates, as server URLs and paths write them.

use crate::diag::{Ctxt, Pointer};

/// A piece of a `{name}` template.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'t> {
    Literal(&'t str),
    Name(&'t str),
}

/// Splits a `{name}` template (server URL or path); reports unbalanced braces.
pub(super) fn template_pieces<'t>(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    template: &'t str,
) -> Option<Vec<Piece<'t>>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let close = rest[open..].find('}').map(|i| i + open);
        let Some(close) = close.filter(|_| rest.as_bytes()[open] == b'{') else {
            cx.error(
                pointer,
                format!("template `{template}` has unbalanced braces"),
            );
            return None;
        };
        let name = &rest[open + 1..close];
        if name.is_empty() || name.contains('{') {
            cx.error(
                pointer,
                format!("template `{template}` has an empty or nested `{{}}`"),
            );
            return None;
        }
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Name(name));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source_map::SourceMap;

    #[test]
    fn pieces_of_a_template() {
        let map = SourceMap::build("");
        let cx = Ctxt::new("t.yaml", &map);
        let at = Pointer::root();
        assert_eq!(
            template_pieces(&cx, &at, "/v3/{project_id}/backups/{backup_id}").unwrap(),
            [
                Piece::Literal("/v3/"),
                Piece::Name("project_id"),
                Piece::Literal("/backups/"),
                Piece::Name("backup_id"),
            ]
        );
        assert_eq!(
            template_pieces(&cx, &at, "https://{region}.example.com").unwrap(),
            [
                Piece::Literal("https://"),
                Piece::Name("region"),
                Piece::Literal(".example.com")
            ]
        );
        for bad in ["/a/{b", "/a/b}", "/a/{}", "/a/{{b}}"] {
            assert!(template_pieces(&cx, &at, bad).is_none(), "{bad}");
        }
        assert_eq!(cx.error_count(), 4);
    }
}
