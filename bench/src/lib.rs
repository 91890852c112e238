//! Benchmarks of apigen against its peers, measured in the same process and the same run.
//!
//! - `benches/generation.rs`: the parse floor vs apigen vs progenitor, per corpus document.
//! - `benches/requests.rs`: the generated restore client vs a hand-written reqwest call on a
//!   loopback server, and the AK/SK signer alone.
//! - `src/bin/compile-cost.rs`: lines and compile time of the generated crates, and what
//!   `build.rs` mode adds to a consumer's clean build.
//! - `src/bin/call-style.rs`: lines and `cargo check` time of apigen's output before and
//!   after a change to how operations are called (two generator builds), beside
//!   progenitor's positional and builder styles.
//! - `src/bin/revisions.rs`: two builds of the `apigen` binary on the large documents, for
//!   checking that a change to the generator costs no generation time.
//!
//! Every figure is a median of interleaved rounds and is reported as a ratio against a peer
//! timed in the same run (see `BENCHMARKS.md`).

pub mod corpus;
pub mod crates;
pub mod floor;
pub mod measure;
pub mod peer;
pub mod server;
