//! Credentials from the environment, as the official SDK reads them. One test in its own
//! binary, because the environment is process-wide.

mod common;

use apigen_test_support::{Keys, Reply, TestServer, verify_signature};
use hwcloud_bindings::cbr::Client;
use hwcloud_bindings::cbr::types::{BackupRestore, BackupRestoreReq};
use hwcloud_bindings::runtime::{
    AkSk, BuildError, CredentialError, ENV_AK, ENV_PROJECT_ID, ENV_SECURITY_TOKEN, ENV_SK,
};

fn set(name: &str, value: Option<&str>) {
    // SAFETY: this binary runs this one test and starts no other thread before the last
    // change, so nothing reads the environment concurrently.
    unsafe {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn credentials_from_the_environment() {
    set(ENV_AK, None);
    set(ENV_SK, Some("env-secret-key"));
    set(ENV_SECURITY_TOKEN, None);
    let missing = Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials_from_env()
        .build();
    match missing {
        Err(BuildError::Credentials(CredentialError::MissingEnv(name))) => {
            assert_eq!(name, "HUAWEICLOUD_SDK_AK")
        }
        other => panic!("{other:?}"),
    }

    set(ENV_AK, Some("ENVAK123"));
    set(ENV_PROJECT_ID, Some("env-project"));
    let credentials = AkSk::from_env().unwrap();
    assert_eq!(credentials.project_id(), Some("env-project"));
    assert!(credentials.security_token().is_none());
    assert!(!format!("{credentials:?}").contains("env-secret-key"));

    let server = TestServer::start(|request| {
        match verify_signature(
            request,
            &Keys {
                ak: "ENVAK123",
                sk: "env-secret-key",
            },
        ) {
            Ok(()) => Reply::status(202),
            Err(_) => Reply::status(401),
        }
    });
    let client = Client::builder()
        .endpoint(server.url())
        .credentials_from_env()
        .build()
        .unwrap();
    let body = BackupRestoreReq::new(BackupRestore::new().with_volume_id("v"));
    let runtime = common::runtime();
    runtime
        .block_on(client.restore_backup("b", &body).send())
        .expect("signed with the environment's keys");
    let request = server.single_request();
    assert_eq!(request.target, "/v3/env-project/backups/b/restore");
    assert_eq!(request.header("X-Project-Id"), Some("env-project"));
}
