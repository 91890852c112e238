//! Writing generated files: only when the bytes differ, or just checking (rust-analyzer's
//! `ensure_file_contents`).

use std::io;
use std::path::Path;

/// Rewrite stale files, or only report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files whose contents differ.
    Update,
    /// Write nothing; report files whose contents differ.
    Check,
}

/// What [`ensure_file_contents`] found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file already had these contents.
    Unchanged,
    /// The file was written.
    Updated,
    /// The file differs (or is missing) and [`Mode::Check`] left it alone.
    Stale,
}

/// Makes `path` hold `contents` (or checks that it does). Never touches an up-to-date file, so
/// its modification time — and everything that depends on it — stays put.
pub fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> io::Result<Outcome> {
    match std::fs::read(path) {
        Ok(current) if current == contents.as_bytes() => return Ok(Outcome::Unchanged),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    match mode {
        Mode::Check => Ok(Outcome::Stale),
        Mode::Update => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, contents)?;
            Ok(Outcome::Updated)
        }
    }
}

/// A short description of how `new` differs from `old`: line counts and the first differing
/// line of each, for `--check` and staleness tests (a full diff belongs to `git diff`).
pub fn diff_summary(old: &str, new: &str) -> String {
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
        (old.lines().collect(), new.lines().collect());
    let first = old_lines.iter().zip(&new_lines).position(|(a, b)| a != b);
    let first = first.unwrap_or(old_lines.len().min(new_lines.len()));
    let show = |lines: &[&str]| {
        lines
            .get(first)
            .map_or(String::from("(end of file)"), |l| format!("{l:?}"))
    };
    format!(
        "{} lines now, {} expected; first difference at line {}:\n  now:      {}\n  expected: {}",
        old_lines.len(),
        new_lines.len(),
        first + 1,
        show(&old_lines),
        show(&new_lines)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_when_different() {
        let dir = std::env::temp_dir().join(format!("apigen-write-{}", std::process::id()));
        let path = dir.join("sub/x.rs");
        assert_eq!(
            ensure_file_contents(&path, "a", Mode::Check).unwrap(),
            Outcome::Stale
        );
        assert!(!path.exists());
        assert_eq!(
            ensure_file_contents(&path, "a", Mode::Update).unwrap(),
            Outcome::Updated
        );
        assert_eq!(
            ensure_file_contents(&path, "a", Mode::Update).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(
            ensure_file_contents(&path, "b", Mode::Check).unwrap(),
            Outcome::Stale
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn diff_summary_points_at_the_first_difference() {
        let summary = diff_summary("a\nb\nc\n", "a\nB\nc\nd\n");
        assert!(summary.contains("3 lines now, 4 expected"), "{summary}");
        assert!(
            summary.contains("line 2") && summary.contains("\"b\"") && summary.contains("\"B\""),
            "{summary}"
        );
        assert!(diff_summary("a", "a\nb").contains("line 2"));
    }
}
