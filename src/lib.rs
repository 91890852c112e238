//! Typed Rust bindings for Huawei Cloud APIs, generated at build time by `apigen` from the
//! OpenAPI documents in `spec/`: one module per document (`spec/cbr.yaml` →
//! [`cbr`]). The checked-in `generated/` directory holds the same code, for reading
//! and reviewing diffs.
//!
//! ```no_run
//! use hwcloud_bindings::cbr::{Client, types::{BackupRestore, BackupRestoreReq}};
//! use hwcloud_bindings::runtime::AkSk;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .region("cn-north-4")
//!     .credentials(AkSk::new("my-ak", "my-sk").with_project_id("my-project-id"))
//!     .build()?;
//! let body = BackupRestoreReq::new(BackupRestore::new().with_volume_id("eccbcfdd-f843-4bbb-b2c0-a5ce861f9376"));
//! let accepted = client.restore_backup("my-backup-id", &body).await?;
//! println!("accepted, request id {:?}", accepted.request_id());
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// The runtime the generated modules use: errors, responses, secrets, the HTTP core.
pub use apigen_runtime as runtime;

/// The README's examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
