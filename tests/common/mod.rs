//! Helpers the bindings crate's test binaries share (each uses some of them).
#![allow(dead_code, reason = "each test binary uses only some helpers")]

use hwcloud_bindings::cbr::Client;
use hwcloud_bindings::cbr::types::{BackupRestore, BackupRestoreReq, BackupRestoreServerMapping};
use hwcloud_bindings::runtime::{AkSk, CallOptions, RetryPolicy};

/// A single-threaded runtime for tests that drive async calls from a plain `#[test]`.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// A CBR client for `url`, signing with these keys for `project`, that never retries: a
/// test compares one request with one.
pub fn client_without_retries(url: &str, ak: &str, sk: &str, project: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .credentials(AkSk::new(ak.to_owned(), sk.to_owned()).with_project_id(project))
        .build()
        .expect("a client")
        .with_options(CallOptions::new().retry(RetryPolicy::none()))
}

/// The seed document's example request, built with the generated types.
pub fn seed_vm_restore() -> BackupRestoreReq {
    BackupRestoreReq::new(
        BackupRestore::new()
            .with_mappings(vec![BackupRestoreServerMapping::new(
                "5d822633-2bbf-4af8-a16e-5ab1c7705235",
                "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376",
            )])
            .with_power_on(true)
            .with_server_id("94eba8b2-acc9-4d82-badc-127144cc5526"),
    )
}
