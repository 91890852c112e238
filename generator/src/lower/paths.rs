//! Path keys and templates: what a `paths` key holds besides the path, and the template split
//! into literals and parameters.

use super::template::{Piece, template_pieces};
use crate::diag::{Ctxt, Pointer};
use crate::ir::{Param, ParamLocation, PathPart, QueryPair};

/// A path key can carry more than a path: Box tells operations on one path apart with a
/// `#name` (a fragment, which is never sent), OpenAI adds `?beta=true` (a query every call of
/// the operation sends). Returns the path and those query pairs, with a warning for each.
pub(super) fn split_path_key<'k>(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    key: &'k str,
) -> Option<(&'k str, Vec<QueryPair>)> {
    let at_path = path_item_pointer(pointer);
    let (key, fragment) = key.split_once('#').unwrap_or((key, ""));
    let (path, query) = key.split_once('?').unwrap_or((key, ""));
    if !fragment.is_empty() {
        cx.warn(
            pointer,
            format!("`#{fragment}` in the path is not sent (fragments never reach the server)"),
        );
    }
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let plain = |t: &str| {
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        };
        if name.is_empty() || !plain(name) || !plain(value) {
            cx.error_hint(
                &at_path,
                format!("the query `{query}` in the path has characters that would need encoding"),
                "declare it as a query parameter instead",
            );
            return None;
        }
        pairs.push(QueryPair {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }
    if !pairs.is_empty() {
        cx.warn(
            pointer,
            format!("the path's query `{query}` is sent with every call"),
        );
    }
    Some((path, pairs))
}

/// Splits the path template and reorders `params` so path parameters come first, in template
/// order. Reports template names without a parameter and path parameters not in the template.
pub(super) fn path_template(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    path: &str,
    params: &mut Vec<Param>,
) -> Option<Vec<PathPart>> {
    let at_path = path_item_pointer(pointer);
    if !path.starts_with('/') {
        cx.error_hint(
            &at_path,
            format!("path `{path}` does not start with `/`"),
            "write it as `/{path}`",
        );
        return None;
    }
    let pieces = template_pieces(cx, &at_path, path)?;
    let bad =
        |c: char| c == '?' || c == '#' || c.is_whitespace() || c.is_control() || !c.is_ascii();
    for piece in &pieces {
        if let Piece::Literal(text) = piece {
            if let Some(c) = text.chars().find(|c| bad(*c)) {
                cx.error_hint(
                    &at_path,
                    format!("path `{path}` contains {c:?}, which cannot appear literally in a URL path"),
                    "move query parameters to `parameters` with `in: query`, and percent-encode other characters",
                );
                return None;
            }
        }
    }
    let mut ordered: Vec<Param> = Vec::new();
    let mut parts = Vec::new();
    let mut ok = true;
    for piece in pieces {
        match piece {
            Piece::Literal(text) => parts.push(PathPart::Literal(text.to_owned())),
            Piece::Name(name) => {
                if let Some(i) = ordered.iter().position(|p| p.wire_name == name) {
                    parts.push(PathPart::Param(i));
                    continue;
                }
                match params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
                {
                    Some(i) => {
                        ordered.push(params.remove(i));
                        parts.push(PathPart::Param(ordered.len() - 1));
                    }
                    None => {
                        cx.error_hint(
                            pointer,
                            format!("the path has `{{{name}}}` but the operation declares no path parameter `{name}`"),
                            format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}`"),
                        );
                        ok = false;
                    }
                }
            }
        }
    }
    for stray in params.iter().filter(|p| p.location == ParamLocation::Path) {
        cx.error(
            &pointer.push("parameters"),
            format!(
                "path parameter `{}` does not appear in the path `{path}`",
                stray.wire_name
            ),
        );
        ok = false;
    }
    ordered.append(params);
    *params = ordered;
    ok.then_some(parts)
}

/// The path item an operation pointer (`/paths/~1x/get`) belongs to (`/paths/~1x`).
pub(super) fn path_item_pointer(operation: &Pointer) -> Pointer {
    Pointer::from_fragment(operation.as_str().rsplit_once('/').map_or("", |p| p.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{PathStyle, Style, TypeRef};
    use crate::source_map::SourceMap;

    fn param(name: &str, location: ParamLocation) -> Param {
        Param {
            ident: name.into(),
            wire_name: name.into(),
            location,
            ty: TypeRef::String,
            explode: false,
            style: Style::Form,
            path_style: PathStyle::Simple,
            structured: false,
            client: None,
            required: true,
            description: None,
            constraints: Vec::new(),
            default: None,
        }
    }

    #[test]
    fn path_parameters_move_first_in_template_order() {
        let map = SourceMap::build("");
        let cx = Ctxt::new("t.yaml", &map);
        let at = Pointer::root()
            .push("paths")
            .push("/a/{b}/c/{a}")
            .push("get");
        let mut params = vec![
            param("q", ParamLocation::Query),
            param("a", ParamLocation::Path),
            param("b", ParamLocation::Path),
        ];
        let parts = path_template(&cx, &at, "/a/{b}/c/{a}", &mut params).unwrap();
        assert_eq!(
            parts,
            [
                PathPart::Literal("/a/".into()),
                PathPart::Param(0),
                PathPart::Literal("/c/".into()),
                PathPart::Param(1),
            ]
        );
        let order: Vec<&str> = params.iter().map(|p| p.wire_name.as_str()).collect();
        assert_eq!(order, ["b", "a", "q"]);
        assert!(cx.finish().is_ok());
    }

    #[test]
    fn template_and_parameters_must_agree() {
        let map = SourceMap::build("");
        let cx = Ctxt::new("t.yaml", &map);
        let at = Pointer::root().push("paths").push("/x/{id}").push("get");
        let mut params = vec![param("other", ParamLocation::Path)];
        assert!(path_template(&cx, &at, "/x/{id}", &mut params).is_none());
        assert!(path_template(&cx, &at, "x", &mut Vec::new()).is_none());
        assert!(path_template(&cx, &at, "/a b", &mut Vec::new()).is_none());
        // `{id}` has no parameter, `other` is not in the path, `x` lacks its `/`, and the
        // space cannot appear literally.
        assert_eq!(cx.error_count(), 4);
    }

    #[test]
    fn path_keys_carry_fragments_and_fixed_queries() {
        let map = SourceMap::build("");
        let cx = Ctxt::new("t.yaml", &map);
        let at = Pointer::root()
            .push("paths")
            .push("/files#upload")
            .push("post");
        let (path, query) = split_path_key(&cx, &at, "/responses?beta=true#x").unwrap();
        assert_eq!(path, "/responses");
        assert_eq!(
            query,
            [QueryPair {
                name: "beta".into(),
                value: "true".into()
            }]
        );
        assert!(split_path_key(&cx, &at, "/r?a b=1").is_none());
        assert_eq!(cx.error_count(), 1);
        assert_eq!(
            path_item_pointer(&at).as_str(),
            Pointer::root().push("paths").push("/files#upload").as_str()
        );
    }
}
