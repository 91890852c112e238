//! The generator's output for every fixture spec, compiled with warnings denied: a fixture
//! whose code does not compile cleanly (or lacks docs) fails the workspace build, and with it
//! `cargo test` and `.ci/run`. `cargo clippy --all-targets -- -D warnings` lints it too.
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));
