//! The generator's output for every public corpus document it accepts, compiled with
//! warnings (and missing docs) denied. `REPORT` says, per document, what happened.
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// Per document: `name<TAB>generated<TAB>lines` or `name<TAB>refused<TAB>first error`.
pub const REPORT: &str = include_str!(concat!(env!("OUT_DIR"), "/report.tsv"));
