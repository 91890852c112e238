//! Generator settings, set with `with_*` methods.

/// How code is generated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub(crate) runtime_crate: syn::Path,
    pub(crate) regenerate_hint: Option<String>,
    pub(crate) deny_warnings: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            runtime_crate: syn::parse_quote!(::apigen_runtime),
            regenerate_hint: None,
            deny_warnings: false,
        }
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

    /// The command the `@generated` header tells readers to run to regenerate the file.
    pub fn with_regenerate_hint(&mut self, command: impl Into<String>) -> &mut Self {
        self.regenerate_hint = Some(command.into());
        self
    }
}
