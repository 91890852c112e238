//! AK/SK against a loopback gateway that verifies every signature independently
//! (`apigen_test_support::verify_signature`), plus regions, project binding, secrets in
//! `Debug` and logs.

use std::sync::{Arc, Mutex};

use apigen_test_support::{Keys, RecordedRequest, Reply, TestServer, verify_signature};
use hwcloud_bindings::cbr::types::{BackupRestore, BackupRestoreReq, RestoreDetails};
use hwcloud_bindings::cbr::{Client, RestoreBackupError};
use hwcloud_bindings::runtime::sign::Algorithm;
use hwcloud_bindings::runtime::{AkSk, BuildError, CallOptions, Error};

const AK: &str = "HPUAEXAMPLEAKID12345";
const SK: &str = "ExampleSecretKey0123456789abcdefghijklmno";
const PROJECT: &str = "f841e01fd2b14e7fa41b6ae7aa6b0594";

/// A gateway: 202 when the signature verifies, the APIGW 401 otherwise.
fn gateway() -> TestServer {
    TestServer::start(|request: &RecordedRequest| {
        match verify_signature(request, &Keys { ak: AK, sk: SK }) {
            Ok(()) => Reply::status(202).header("X-Request-Id", "gw-ok"),
            Err(why) => {
                eprintln!("gateway refused: {why}");
                Reply::status(401)
                .header("Content-Type", "application/json")
                .body(r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail"}"#)
            }
        }
    })
}

fn signed_client(server: &TestServer, credentials: AkSk, algorithm: Algorithm) -> Client {
    Client::builder()
        .endpoint(server.url())
        .credentials(credentials)
        .signing_algorithm(algorithm)
        .build()
        .unwrap()
}

fn body() -> BackupRestoreReq {
    BackupRestoreReq::new(
        BackupRestore::new()
            .with_volume_id("eccbcfdd-f843-4bbb-b2c0-a5ce861f9376")
            .with_details(RestoreDetails::new("/data/restore 目录")),
    )
}

#[tokio::test]
async fn every_algorithm_verifies_at_the_gateway() {
    let server = gateway();
    let algorithms = [
        Algorithm::HmacSha256,
        Algorithm::HmacSm3,
        Algorithm::V11HmacSha256 {
            region: "ap-southeast-1".into(),
            service: "cbr".into(),
        },
    ];
    for algorithm in algorithms {
        let client = signed_client(
            &server,
            AkSk::new(AK, SK).with_project_id(PROJECT),
            algorithm.clone(),
        );
        // `bk 1/备份` exercises the %2F quirk: sent as one segment, signed as two.
        for backup in ["a5200268-74a5-4806-acc6-95793ab0228b", "bk 1/备份"] {
            let accepted = client.restore_backup(backup, &body()).await;
            assert!(accepted.is_ok(), "{algorithm:?} {backup:?}: {accepted:?}");
        }
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    let first = &requests[0];
    assert_eq!(
        first.target,
        format!("/v3/{PROJECT}/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore")
    );
    assert_eq!(first.header("X-Project-Id"), Some(PROJECT));
    assert_eq!(
        first.header("Host"),
        Some(server.url().trim_start_matches("http://"))
    );
    let date = first.header("X-Sdk-Date").unwrap();
    assert!(
        date.len() == 16 && date.ends_with('Z') && date.as_bytes()[8] == b'T',
        "{date}"
    );
    assert!(
        first
            .header("Authorization")
            .unwrap()
            .starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders="))
    );
    assert_eq!(
        requests[1].target,
        format!("/v3/{PROJECT}/backups/bk%201%2F%E5%A4%87%E4%BB%BD/restore")
    );
    assert!(
        requests[2]
            .header("Authorization")
            .unwrap()
            .starts_with("SDK-HMAC-SM3 ")
    );
    assert!(
        requests[4]
            .header("Authorization")
            .unwrap()
            .starts_with(&format!("V11-HMAC-SHA256 Credential={AK}/"))
    );
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_gateway() {
    let server = gateway();
    let client = signed_client(
        &server,
        AkSk::new(AK, "not-the-secret").with_project_id(PROJECT),
        Algorithm::HmacSha256,
    );
    match client.restore_backup("b", &body()).await {
        Err(Error::Api(e)) => assert_eq!((e.status().as_u16(), e.code()), (401, "APIGW.0301")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn token_and_security_token_are_sent_and_signed() {
    let server = gateway();
    let credentials = AkSk::new(AK, SK)
        .with_project_id(PROJECT)
        .with_security_token("temp-security-token");
    let client =
        signed_client(&server, credentials, Algorithm::HmacSha256).with_token("iam-token-value");
    client.restore_backup("b", &body()).await.expect("verifies");
    let request = server.single_request();
    assert_eq!(request.header("X-Auth-Token"), Some("iam-token-value"));
    assert_eq!(
        request.header("X-Security-Token"),
        Some("temp-security-token")
    );
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.contains("x-auth-token") && authorization.contains("x-security-token"),
        "{authorization}"
    );
}

#[tokio::test]
async fn project_id_comes_from_the_credentials_and_can_be_overridden_per_call() {
    let server = gateway();
    let client = signed_client(
        &server,
        AkSk::new(AK, SK).with_project_id(PROJECT),
        Algorithm::HmacSha256,
    );
    client.restore_backup("b", &body()).await.unwrap();
    client
        .with_options(CallOptions::new().project_id("other-project"))
        .restore_backup("b", &body())
        .await
        .unwrap();
    client.restore_backup("b", &body()).await.unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            format!("/v3/{PROJECT}/backups/b/restore"),
            "/v3/other-project/backups/b/restore".to_owned(),
            format!("/v3/{PROJECT}/backups/b/restore"),
        ]
    );

    let unbound = signed_client(&server, AkSk::new(AK, SK), Algorithm::HmacSha256);
    let result: Result<_, RestoreBackupError> = unbound.restore_backup("b", &body()).await;
    assert!(
        matches!(
            result,
            Err(Error::Build(BuildError::MissingClientParam {
                name: "project_id"
            }))
        ),
        "{result:?}"
    );
    assert_eq!(server.requests().len(), 3, "nothing sent without a project");
}

#[test]
fn regions_fill_the_server_template() {
    let client = Client::builder().region("ap-southeast-1").build().unwrap();
    assert_eq!(
        client.core().base_url(),
        "https://cbr.ap-southeast-1.myhuaweicloud.com"
    );
    let client = Client::builder()
        .region("cn-north-4")
        .endpoint("http://127.0.0.1:9")
        .build()
        .unwrap();
    assert_eq!(
        client.core().base_url(),
        "http://127.0.0.1:9",
        "an explicit endpoint wins"
    );
    assert!(matches!(
        Client::builder().build(),
        Err(BuildError::NoEndpoint)
    ));
    assert!(matches!(
        Client::builder().endpoint("ftp://x").build(),
        Err(BuildError::InvalidBaseUrl { .. })
    ));
}

/// A `MakeWriter` that appends to a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_errors_or_logs() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = gateway();
    let credentials = AkSk::new(AK, SK)
        .with_project_id(PROJECT)
        .with_security_token("temp-security-token");
    let builder = Client::builder()
        .endpoint(server.url())
        .credentials(credentials.clone());
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap().with_token("iam-token-value");
    client.restore_backup("b", &body()).await.unwrap();
    let wrong = signed_client(
        &server,
        AkSk::new(AK, "wrong-secret-key"),
        Algorithm::HmacSha256,
    )
    .with_options(CallOptions::new().project_id(PROJECT));
    let error = wrong.restore_backup("b", &body()).await.unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("apigen.call") && logs.contains("RestoreBackup"),
        "{logs}"
    );
    assert!(
        logs.contains("status=202") && logs.contains("request_id=\"gw-ok\"")
            || logs.contains("request_id=gw-ok"),
        "{logs}"
    );
    let printed = [
        format!("{credentials:?}"),
        builder_debug,
        format!("{client:?}"),
        format!("{:?}", client.core()),
        format!("{error:?}"),
        error.to_string(),
        logs,
    ];
    for text in &printed {
        for secret in [
            AK,
            SK,
            "temp-security-token",
            "iam-token-value",
            "wrong-secret-key",
        ] {
            assert!(!text.contains(secret), "{secret} leaked into: {text}");
        }
    }
}

#[test]
fn the_blocking_client_shares_signing_and_errors() {
    use hwcloud_bindings::runtime::blocking::Blocking;
    let server = gateway();
    let client = Blocking::new(signed_client(
        &server,
        AkSk::new(AK, SK).with_project_id(PROJECT),
        Algorithm::HmacSha256,
    ))
    .unwrap();
    let body = body();
    let accepted = client.call(|c| c.restore_backup("b", &body)).unwrap();
    assert_eq!(accepted.request_id(), Some("gw-ok"));
    let wrong = Blocking::new(signed_client(
        &server,
        AkSk::new(AK, "nope").with_project_id(PROJECT),
        Algorithm::HmacSha256,
    ))
    .unwrap();
    let error = wrong.call(|c| c.restore_backup("b", &body)).unwrap_err();
    assert_eq!(error.code(), Some("APIGW.0301"));
}

#[tokio::test]
async fn a_header_added_to_one_call_is_signed_and_options_stay_with_that_call() {
    let server = gateway();
    let client = signed_client(
        &server,
        AkSk::new(AK, SK).with_project_id(PROJECT),
        Algorithm::HmacSha256,
    );
    let accepted = client
        .restore_backup("b", &body())
        .header("X-Client-Trace", "trace-7")
        .options(CallOptions::new().project_id("other-project"))
        .await;
    assert!(accepted.is_ok(), "{accepted:?}");
    client
        .restore_backup("b", &body())
        .await
        .expect("the next call has neither");
    let requests = server.requests();
    let first = &requests[0];
    assert_eq!(first.header("X-Client-Trace"), Some("trace-7"));
    let authorization = first.header("Authorization").unwrap();
    assert!(
        authorization.contains("x-client-trace"),
        "the added header is signed: {authorization}"
    );
    assert_eq!(first.target, "/v3/other-project/backups/b/restore");
    assert_eq!(requests[1].header("X-Client-Trace"), None);
    assert_eq!(
        requests[1].target,
        format!("/v3/{PROJECT}/backups/b/restore")
    );
}
