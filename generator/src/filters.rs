//! Which operations to generate: include and exclude lists of tags and operationIds, each
//! entry exact or a `*` glob. An operation is kept when the include lists are empty or one
//! of them matches it (an entry of `include_tags` matching one of its tags, or of
//! `include_operations` its operationId), and no exclude entry matches it. With any filter
//! set, component schemas no kept operation reaches are left out too, unless
//! [`Filters::keep_unreachable_schemas`] says otherwise.
//!
//! Every entry must match some operation of the document: one that matches nothing is a
//! typo or a stale setting, and is an error naming it.

/// The filters of [`crate::Settings::with_filters`], built with its methods.
///
/// ```
/// let filters = apigen::Filters::default()
///     .include_tags(["Backups"])
///     .include_operations(["RestoreBackup"])
///     .exclude_operations(["Delete*"]);
/// let mut settings = apigen::Settings::default();
/// settings.with_filters(filters);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub(crate) include_tags: Vec<Pattern>,
    pub(crate) exclude_tags: Vec<Pattern>,
    pub(crate) include_operations: Vec<Pattern>,
    pub(crate) exclude_operations: Vec<Pattern>,
    pub(crate) keep_unreachable: bool,
    /// Where the filters were written (a settings file), for error messages.
    pub(crate) source: Option<String>,
}

impl Filters {
    /// Keeps the operations with one of these tags (exact, or `*` globs).
    #[must_use]
    pub fn include_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.include_tags.extend(patterns(tags));
        self
    }

    /// Leaves out the operations with one of these tags.
    #[must_use]
    pub fn exclude_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.exclude_tags.extend(patterns(tags));
        self
    }

    /// Keeps the operations with one of these operationIds (exact, or `*` globs). An
    /// operation without one is matched by the id the generator gives it, `<method> <path>`
    /// (`get /pets/{id}`).
    #[must_use]
    pub fn include_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.include_operations.extend(patterns(ids));
        self
    }

    /// Leaves out the operations with one of these operationIds.
    #[must_use]
    pub fn exclude_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.exclude_operations.extend(patterns(ids));
        self
    }

    /// Generates every component schema even when no kept operation reaches it (default:
    /// filtered documents keep only what their operations use).
    #[must_use]
    pub fn keep_unreachable_schemas(mut self, keep: bool) -> Self {
        self.keep_unreachable = keep;
        self
    }

    /// Names where the filters were written (e.g. a settings file), so an entry that
    /// matches nothing is reported there.
    #[must_use]
    pub fn written_in(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// These filters with `other`'s entries added (the settings file's to the build
    /// script's).
    #[must_use]
    pub fn merged(mut self, other: Filters) -> Self {
        self.include_tags.extend(other.include_tags);
        self.exclude_tags.extend(other.exclude_tags);
        self.include_operations.extend(other.include_operations);
        self.exclude_operations.extend(other.exclude_operations);
        self.keep_unreachable |= other.keep_unreachable;
        self.source = self.source.or(other.source);
        self
    }

    /// Whether any operation could be left out (no entries: the whole document).
    pub fn is_active(&self) -> bool {
        !(self.include_tags.is_empty()
            && self.exclude_tags.is_empty()
            && self.include_operations.is_empty()
            && self.exclude_operations.is_empty())
    }

    /// Whether unreachable component schemas are left out.
    pub(crate) fn prunes(&self) -> bool {
        self.is_active() && !self.keep_unreachable
    }

    /// `the filter include-tags `x` (in spec/a.apigen.yaml)`, for messages.
    pub(crate) fn describe(&self, setting: &str, entry: &str) -> String {
        match &self.source {
            Some(source) => format!("the filter {setting} `{entry}` (in {source})"),
            None => format!("the filter {setting} `{entry}`"),
        }
    }

    fn lists(&self) -> [(&'static str, &[Pattern]); 4] {
        [
            ("include-tags", &self.include_tags),
            ("exclude-tags", &self.exclude_tags),
            ("include-operations", &self.include_operations),
            ("exclude-operations", &self.exclude_operations),
        ]
    }
}

/// One walk over a document's operations with [`Filters`]: which operations are kept, and
/// which entries matched something.
#[derive(Debug)]
pub(crate) struct Selection<'f> {
    filters: &'f Filters,
    /// Per list of [`Filters::lists`], per entry: whether it matched an operation.
    used: [Vec<bool>; 4],
}

impl<'f> Selection<'f> {
    pub(crate) fn new(filters: &'f Filters) -> Self {
        let used = filters.lists().map(|(_, list)| vec![false; list.len()]);
        Self { filters, used }
    }

    /// Whether the operation `id` with `tags` is generated; records which entries matched.
    pub(crate) fn keeps(&mut self, id: &str, tags: &[String]) -> bool {
        let mut hits = [false; 4];
        for (list, ((_, patterns), used)) in self
            .filters
            .lists()
            .into_iter()
            .zip(&mut self.used)
            .enumerate()
        {
            let by_tag = list < 2;
            for (pattern, used) in patterns.iter().zip(used.iter_mut()) {
                let hit = if by_tag {
                    tags.iter().any(|t| glob(&pattern.0, t))
                } else {
                    glob(&pattern.0, id)
                };
                *used |= hit;
                hits[list] |= hit;
            }
        }
        let [in_tags, out_tags, in_ops, out_ops] = hits;
        let f = self.filters;
        let no_includes = f.include_tags.is_empty() && f.include_operations.is_empty();
        (no_includes || in_tags || in_ops) && !(out_tags || out_ops)
    }

    /// The entries that matched no operation, as `(setting, entry)`.
    pub(crate) fn unmatched(&self) -> Vec<(&'static str, &'f str)> {
        let mut out = Vec::new();
        for ((setting, patterns), used) in self.filters.lists().into_iter().zip(&self.used) {
            for (pattern, used) in patterns.iter().zip(used) {
                if !used {
                    out.push((setting, pattern.0.as_str()));
                }
            }
        }
        out
    }
}

/// One filter entry: exact text, or a glob where `*` matches any run of characters.
/// Matching is case-sensitive, as operationIds and tags are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern(String);

fn patterns<S: Into<String>>(
    entries: impl IntoIterator<Item = S>,
) -> impl Iterator<Item = Pattern> {
    entries.into_iter().map(|e| Pattern(e.into()))
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters: the
/// literal pieces must appear in order, the first at the start and the last at the end.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        // No `*`: exact.
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_pieces_in_order() {
        for (pattern, text, expect) in [
            ("GetPet", "GetPet", true),
            ("GetPet", "GetPets", false),
            ("Get*", "GetPet", true),
            ("Get*", "Get", true),
            ("*Pet", "GetPet", true),
            ("*Pet", "GetPets", false),
            ("*", "", true),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "acb", false),
            ("ab*ba", "aba", false),
            ("*-*", "pets-admin", true),
        ] {
            assert_eq!(glob(pattern, text), expect, "{pattern} ~ {text}");
        }
    }

    #[test]
    fn includes_add_up_and_excludes_subtract() {
        let f = Filters::default()
            .include_tags(["pets"])
            .include_operations(["GetUser", "Nothing*"])
            .exclude_operations(["Delete*"]);
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut s = Selection::new(&f);
        assert!(s.keeps("ListPets", &tags(&["pets"])));
        assert!(s.keeps("GetUser", &tags(&["users"])));
        assert!(!s.keeps("DeletePet", &tags(&["pets"])));
        assert!(!s.keeps("ListUsers", &tags(&["users"])));
        assert_eq!(s.unmatched(), [("include-operations", "Nothing*")]);
        let only_excludes = Filters::default().exclude_tags(["admin"]);
        let mut s = Selection::new(&only_excludes);
        assert!(s.keeps("Anything", &[]));
        assert!(!s.keeps("Ban", &tags(&["admin", "users"])));
    }
}
