//! Documents of other versions → the OpenAPI 3.0 shapes the rest of the generator reads.
//! Both steps work on the parsed YAML tree, before `openapiv3` sees it:
//!
//! - `openapi31` rewrites 3.1 keywords in place; no node moves, so pointers are unchanged.
//! - `swagger2` restructures a Swagger 2.0 document; every move is recorded in
//!   [`Origins`](crate::origins::Origins), so diagnostics still name the place the user wrote.

pub mod openapi31;
pub mod swagger2;

pub use openapi31::{is_3_1, to_3_0};

/// Bound on nesting, so a pathological document cannot exhaust the stack.
pub(crate) const MAX_NESTING: usize = 256;

/// Keys whose value maps names (not keywords) to nodes: their entries are walked, the map
/// itself is not rewritten.
pub(crate) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "paths",
    "webhooks",
    "variables",
    "encoding",
    "content",
    "mapping",
    "scopes",
    "pathItems",
];
