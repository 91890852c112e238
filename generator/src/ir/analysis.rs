//! What the passes decide from a finished model (`crate::passes`): how each type is laid out
//! and what each operation returns. Kept apart from the [`super::Model`] so lowering never
//! builds a value a later pass has to correct.

use super::{ErrorShape, SuccessShape};

/// The passes' decisions, in the model's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// One per type of [`super::Model::types`], in its order.
    pub layouts: Vec<Layout>,
    /// One per operation of [`super::Model::operations`], in its order.
    pub outcomes: Vec<Outcome>,
    /// The Cargo features items are compiled under, with per-tag features.
    pub features: Option<Features>,
}

/// Per-tag Cargo features: which feature compiles each operation and each type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Features {
    /// The features, in order: one per tag that has operations (in the document's tag
    /// order), then [`Features::UNTAGGED`]'s and [`Features::SCHEMAS`]'s when needed.
    pub list: Vec<Feature>,
    /// Per operation: the features that compile it (any of them), indexes into `list`.
    pub operations: Vec<Vec<usize>>,
    /// Per type: the features that compile it, or `None` when every feature needs it (it
    /// is always compiled).
    pub types: Vec<Option<Vec<usize>>>,
}

/// One Cargo feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Its name in `Cargo.toml`.
    pub name: String,
    /// What it compiles, for the manifest's comment.
    pub doc: String,
}

impl Features {
    /// The tag-less operations' feature (before de-duplication).
    pub const UNTAGGED: &str = "untagged";
    /// The feature of component schemas no operation uses (before de-duplication).
    pub const SCHEMAS: &str = "schemas";
    /// The feature that turns every other on, the default.
    pub const FULL: &str = "full";
    /// Most features a crates.io package may have.
    pub const CRATES_IO_LIMIT: usize = 300;
}

/// How one named type is laid out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Per field of a struct, or alternative of a union: stored boxed (it leads back to the
    /// type itself, or is a structured union alternative kept small). Empty for other kinds.
    pub boxed: Vec<bool>,
    /// Per alternative of a discriminated union: a struct that always writes the
    /// discriminator property itself (a required field), so it serializes as it is, without
    /// the tag-adding detour.
    pub writes_tag: Vec<bool>,
    /// A union whose alternatives are all scalars or enumerations: it prints as its value
    /// (a `Display` impl), so it can be a parameter.
    pub printable: bool,
}

impl Layout {
    /// Whether member `i` (field or alternative) is boxed.
    pub fn is_boxed(&self, i: usize) -> bool {
        self.boxed.get(i).copied().unwrap_or(false)
    }

    /// Whether alternative `i` writes the discriminator itself.
    pub fn writes_tag(&self, i: usize) -> bool {
        self.writes_tag.get(i).copied().unwrap_or(false)
    }
}

/// What one operation returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// On success.
    pub success: SuccessShape,
    /// The typed body of its API errors.
    pub error: ErrorShape,
}
