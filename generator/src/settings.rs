//! Generator settings, set with `with_*` methods.

use std::collections::BTreeMap;

pub use crate::filters::Filters;

/// How code is generated.
#[derive(Clone)]
pub struct Settings {
    pub(crate) runtime_crate: syn::Path,
    pub(crate) regenerate_hint: Option<String>,
    pub(crate) deny_warnings: bool,
    /// Pagination by operationId, over any `x-apigen-pagination` in the document.
    pub(crate) pagination: BTreeMap<String, Pagination>,
    /// Which operations (and so which types) are generated.
    pub(crate) filters: Filters,
    /// Threads that emit and format (`None`: one per core).
    pub(crate) threads: Option<usize>,
    /// Each operation and type compiled only with its tags' Cargo features.
    pub(crate) features_per_tag: bool,
}

/// By hand: `syn`'s `Debug` impls are a feature (`extra-traits`) that costs every build
/// script depending on the generator compile time.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let runtime = &self.runtime_crate;
        f.debug_struct("Settings")
            .field("runtime_crate", &quote::quote!(#runtime).to_string())
            .field("regenerate_hint", &self.regenerate_hint)
            .field("deny_warnings", &self.deny_warnings)
            .field("pagination", &self.pagination)
            .field("filters", &self.filters)
            .field("threads", &self.threads)
            .field("features_per_tag", &self.features_per_tag)
            .finish()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            runtime_crate: syn::parse_quote!(::apigen_runtime),
            regenerate_hint: None,
            deny_warnings: false,
            pagination: BTreeMap::new(),
            filters: Filters::default(),
            threads: None,
            features_per_tag: false,
        }
    }
}

/// How a paginated operation's pages are walked: what `x-apigen-pagination` says in a
/// document, for build scripts that cannot edit the document. Parameters are named as on
/// the wire; members by JSON pointer into the success body (`""`: the body is the list).
///
/// ```
/// use apigen::settings::Pagination;
/// let offset = Pagination::offset("offset").limit("limit").items("/backups");
/// let cursor = Pagination::cursor("marker", "/page_info/next_marker").items("/data");
/// let link = Pagination::link();
/// # let _ = (offset, cursor, link);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub(crate) style: PaginationStyle,
    pub(crate) limit: Option<String>,
    pub(crate) items: String,
}

/// The ways [`Pagination`] can name the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PaginationStyle {
    Offset { offset: String },
    Cursor { cursor: String, next: String },
    Link,
}

impl Pagination {
    /// Offset/limit: the `offset` query parameter moves on by the items received; a page
    /// with fewer items than the page size (see [`Pagination::limit`]) is the last.
    pub fn offset(offset: impl Into<String>) -> Self {
        Self::new(PaginationStyle::Offset {
            offset: offset.into(),
        })
    }

    /// Marker/cursor: the `cursor` parameter of each next page is the member of this page
    /// at the JSON pointer `next`; a page without one is the last.
    pub fn cursor(cursor: impl Into<String>, next: impl Into<String>) -> Self {
        Self::new(PaginationStyle::Cursor {
            cursor: cursor.into(),
            next: next.into(),
        })
    }

    /// The response's `Link: <url>; rel="next"` header names the next page.
    pub fn link() -> Self {
        Self::new(PaginationStyle::Link)
    }

    fn new(style: PaginationStyle) -> Self {
        Self {
            style,
            limit: None,
            items: String::new(),
        }
    }

    /// The page-size parameter (offset paging): a page shorter than it is the last.
    #[must_use]
    pub fn limit(mut self, limit: impl Into<String>) -> Self {
        self.limit = Some(limit.into());
        self
    }

    /// Where a page's items are: a JSON pointer into the success body (default `""`, the
    /// body itself is the list).
    #[must_use]
    pub fn items(mut self, pointer: impl Into<String>) -> Self {
        self.items = pointer.into();
        self
    }
}

impl Settings {
    /// The path generated code uses to reach the runtime crate (default `::apigen_runtime`),
    /// e.g. `crate::runtime` when a crate vendors it.
    ///
    /// ```
    /// let mut settings = apigen::Settings::default();
    /// settings.with_runtime_crate(syn::parse_quote!(::my_runtime));
    /// ```
    pub fn with_runtime_crate(&mut self, path: syn::Path) -> &mut Self {
        self.runtime_crate = path;
        self
    }

    /// Whether warnings fail generation, as errors: for people who want every imperfection
    /// in a document fixed rather than generated around (default: warnings are reported and
    /// the code generated).
    pub fn with_deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.deny_warnings = deny;
        self
    }

    /// Marks the operation `operation_id` as paginated, as `x-apigen-pagination` on it
    /// would (and over it, when the document has one): for documents you cannot edit.
    /// Naming an operation the document does not have is an error.
    ///
    /// ```
    /// use apigen::settings::Pagination;
    /// let mut settings = apigen::Settings::default();
    /// settings.with_pagination("ListBackups", Pagination::offset("offset").limit("limit").items("/backups"));
    /// ```
    pub fn with_pagination(
        &mut self,
        operation_id: impl Into<String>,
        pagination: Pagination,
    ) -> &mut Self {
        self.pagination.insert(operation_id.into(), pagination);
        self
    }

    /// Generates only the operations `filters` keep, and the types they reach (added to
    /// any filters set before). An entry that matches no operation is an error.
    pub fn with_filters(&mut self, filters: Filters) -> &mut Self {
        self.filters = std::mem::take(&mut self.filters).merged(filters);
        self
    }

    /// The filters set so far.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// How many threads load, emit and format the code (default: one per core; 1 formats the
    /// module as one file). The output is the same bytes whatever the number.
    pub fn with_threads(&mut self, threads: usize) -> &mut Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// The threads [`Settings::with_threads`] set, or one per core.
    pub fn threads(&self) -> usize {
        // Asking the system reads the process's CPU quota from files: once is enough.
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        self.threads.unwrap_or_else(|| {
            *CORES.get_or_init(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            })
        })
    }

    /// Puts each operation behind a Cargo feature per tag (operations without one behind
    /// `untagged`) and each type behind the features of the operations that reach it (unused
    /// component schemas behind `schemas`), so a crate's users compile only the tags they
    /// enable. For standalone crates, whose manifest declares the features
    /// ([`crate::standalone`]); more than crates.io's 300 features is an error.
    pub fn with_features_per_tag(&mut self, on: bool) -> &mut Self {
        self.features_per_tag = on;
        self
    }

    /// The command the `@generated` header tells readers to run to regenerate the file.
    pub fn with_regenerate_hint(&mut self, command: impl Into<String>) -> &mut Self {
        self.regenerate_hint = Some(command.into());
        self
    }
}
