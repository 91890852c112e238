//! Document text made safe to show in generated source: in doc comments and `//` headers.
//! Plain text in, plain text out (no tokens), so emission, formatting and the project files
//! all clean text the same way, with one list of the characters that must not get through.
//!
//! Control characters (other than tab) and Unicode bidirectional controls are replaced, so a
//! description cannot reorder or hide text in an editor.

use std::borrow::Cow;

/// Unicode bidirectional controls, which could make text display differently from what it
/// says (in generated source and in diagnostics' snippets alike).
pub(crate) fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` must not reach a generated source line: a control character other than tab,
/// or a bidirectional control.
pub(crate) fn is_unsafe(c: char) -> bool {
    c != '\t' && (c.is_control() || is_bidi(c))
}

/// Whether `text` has no [`is_unsafe`] character. Printable ASCII is checked byte by byte,
/// since nearly every description is.
pub(crate) fn is_safe(text: &str) -> bool {
    if text
        .bytes()
        .all(|b| b == b'\t' || (b' '..b'\x7f').contains(&b))
    {
        return true;
    }
    !text.chars().any(is_unsafe)
}

/// Replaces characters that must not reach a generated source line (borrowed when there are
/// none).
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if is_safe(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe(c) { ' ' } else { c })
            .collect(),
    )
}

/// The fence (a run of three or more backticks or tildes) a line starts with.
fn fence(line: &str) -> Option<&str> {
    let marker = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = line.len() - line.trim_start_matches(marker).len();
    (run >= 3).then(|| &line[..run])
}

/// Where the text of a Markdown list item (`- `, `*   `, `1. `, `1) `) starts, relative to
/// its marker; `None` when `body` is not a list item.
fn list_item_width(body: &str) -> Option<usize> {
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = match &body[digits..] {
        rest if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) => digits + 1,
        _ if digits == 0 && ["- ", "* ", "+ "].iter().any(|m| body.starts_with(m)) => 1,
        _ => return None,
    };
    let spaces = body[marker..].len() - body[marker..].trim_start_matches(' ').len();
    // Five or more spaces after the marker start an indented code block: the text column is
    // then one space after the marker.
    Some(marker + if spaces > 4 { 1 } else { spaces })
}

/// `text` as doc comment lines rustdoc and clippy accept: cleaned ([`clean`]), trailing blank
/// lines dropped.
///
/// Markdown code in descriptions would become doc tests that `cargo test` compiles: fenced
/// blocks are relabelled `text`, and indentation outside fences is capped below the four
/// spaces that make an indented code block.
pub(crate) fn rustdoc_safe(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The open fence and its indentation (the closing fence gets the same).
    let mut open: Option<(String, usize)> = None;
    // The text column of the list item being continued, if any.
    let mut item: Option<usize> = None;
    for raw in text.trim_end().lines() {
        let mut line = clean(raw.trim_end());
        if line.contains('\t') {
            line = Cow::Owned(line.replace('\t', "    "));
        }
        let body = line.trim_start();
        let indent = line.len() - body.len();
        // Indentation is capped so no line becomes an indented code block (a doc test):
        // three spaces at the top level, the item's text column inside a list item (where
        // continuation lines must be indented that far, or clippy's
        // `doc_lazy_continuation` fires).
        let indent = if open.is_some() {
            indent
        } else if body.is_empty() {
            item = None;
            0
        } else if let Some(width) = list_item_width(body) {
            let at = match item {
                Some(column) if indent >= column => indent.min(column + 3),
                _ => indent.min(3),
            };
            item = Some(at + width);
            at
        } else if let Some(column) = item {
            column
        } else {
            indent.min(3)
        };
        match (fence(body), &open) {
            (Some(marker), None) => {
                open = Some((marker.to_owned(), indent));
                out.push(format!("{}{marker}text", " ".repeat(indent)));
            }
            (Some(marker), Some((opened, at)))
                if marker.starts_with(opened.as_str())
                    && body[marker.len()..].trim().is_empty() =>
            {
                out.push(format!("{}{marker}", " ".repeat(*at)));
                open = None;
            }
            _ => out.push(format!("{}{body}", " ".repeat(indent))),
        }
    }
    if let Some((marker, at)) = open {
        out.push(format!("{}{marker}", " ".repeat(at)));
    }
    out
}

/// Wraps `text` in backticks for Markdown, choosing a fence longer than any backtick run in it.
pub(crate) fn code(text: &str) -> String {
    let (longest_run, _) = text.chars().fold((0usize, 0usize), |(max, current), c| {
        if c == '`' {
            (max.max(current + 1), current + 1)
        } else {
            (max, 0)
        }
    });
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_code_cannot_become_a_doc_test() {
        let safe = rustdoc_safe(
            "Example:\n```rust\nfn main() {}\n```\n\n    indented code\n~~~~\nunclosed",
        );
        assert_eq!(
            safe,
            [
                "Example:",
                "```text",
                "fn main() {}",
                "```",
                "",
                "   indented code",
                "~~~~text",
                "unclosed",
                "~~~~"
            ]
        );
    }

    #[test]
    fn list_items_continue_indented() {
        let safe = rustdoc_safe("- `id`: first\nsecond\n\nnew paragraph\n1. one\n   more");
        assert_eq!(
            safe,
            [
                "- `id`: first",
                "  second",
                "",
                "new paragraph",
                "1. one",
                "   more"
            ]
        );
    }

    #[test]
    fn list_continuations_line_up_with_the_item_text() {
        let safe = rustdoc_safe(
            "**Note**:\n*   one\n  API](x).\n*   two\n    - nested\n      more\n10. ten\n  cont",
        );
        assert_eq!(
            safe,
            [
                "**Note**:",
                "*   one",
                "    API](x).",
                "*   two",
                "    - nested",
                "      more",
                "10. ten",
                "    cont"
            ]
        );
    }

    #[test]
    fn code_spans() {
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }
}
