//! The documents benchmarks run on: the restore spec in `spec/` and the public corpus in
//! `../shared/corpus/public/`, smallest first.

use std::path::{Path, PathBuf};

/// One input document.
#[derive(Debug, Clone)]
pub struct Document {
    /// File name, for tables.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl Document {
    /// Reads `path`.
    ///
    /// # Errors
    /// When the file cannot be read.
    pub fn read(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Self {
            name,
            path: path.to_owned(),
            text,
        })
    }

    /// Size in bytes.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }
}

/// The workspace root (the checkout).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/corpus/public` next to the checkout.
pub fn corpus_dir() -> PathBuf {
    workspace_root().join("../shared/corpus/public")
}

/// The restore spec followed by every corpus document (`.json`, `.yaml`), smallest first.
/// `only`, when given, keeps the documents whose file name contains one of its entries.
///
/// # Errors
/// When a directory or file cannot be read (the message names it).
pub fn documents(only: &[String]) -> Result<Vec<Document>, String> {
    let mut paths = vec![workspace_root().join("spec/cbr.yaml")];
    let dir = corpus_dir();
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        format!(
            "{}: {e} (the benchmarks read ../shared next to the checkout)",
            dir.display()
        )
    })?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            paths.push(path);
        }
    }
    let mut docs = Vec::new();
    for path in paths {
        let doc = Document::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if only.is_empty() || only.iter().any(|o| doc.name.contains(o.as_str())) {
            docs.push(doc);
        }
    }
    docs.sort_by(|a, b| a.bytes().cmp(&b.bytes()).then(a.name.cmp(&b.name)));
    Ok(docs)
}
