//! The generated CBR client against a real HTTP server on 127.0.0.1: what goes on the wire
//! (compared with Huawei's official SDK capture in ../shared/oracle) and how every kind of
//! answer is surfaced.

mod common;

use apigen_test_support::{RecordedRequest, Reply, TestServer, shared_json};
use hwcloud_bindings::cbr::types::{BackupRestore, BackupRestoreReq, CbrError, RestoreDetails};
use hwcloud_bindings::cbr::{Client, RestoreBackupError};
use hwcloud_bindings::runtime::{BuildError, CallOptions, Error, StatusCode, UnexpectedReason};
use serde_json::Value;

const PROJECT: &str = "f841e01fd2b14e7fa41b6ae7aa6b0594";
const BACKUP: &str = "a5200268-74a5-4806-acc6-95793ab0228b";
const TOKEN: &str = "MIIT-example-token-value";

fn oracle() -> Value {
    shared_json("oracle/official_restore_request.json")
}

/// A token client bound to the oracle's project (as credentials would bind it).
fn client(server: &TestServer) -> Client {
    Client::new(&server.url())
        .expect("valid base URL")
        .with_token(TOKEN)
        .with_options(CallOptions::new().project_id(PROJECT))
}

async fn call(
    reply: Reply,
) -> (
    Result<hwcloud_bindings::runtime::ApiResponse<()>, RestoreBackupError>,
    RecordedRequest,
) {
    let server = TestServer::replying(reply);
    let result = client(&server)
        .restore_backup(BACKUP, &common::seed_vm_restore())
        .await;
    (result, server.single_request())
}

/// A reply built from one of the oracle's `server_reply` objects.
fn oracle_reply(scenario: &Value) -> Reply {
    let reply = &scenario["server_reply"];
    let mut out = Reply::status(reply["status"].as_u64().expect("status") as u16)
        .body(reply["body"].as_str().expect("body").as_bytes().to_vec());
    for header in reply["headers"].as_array().expect("headers") {
        out = out.header(header[0].as_str().unwrap(), header[1].as_str().unwrap());
    }
    out
}

fn scenario(name: &str) -> Value {
    oracle()["error_scenarios"]
        .as_array()
        .expect("error_scenarios")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no oracle scenario {name}"))
        .clone()
}

#[tokio::test]
async fn sends_the_official_sdk_request() {
    let (result, request) = call(Reply::status(202).header("X-Request-Id", "req-202")).await;
    result.expect("202 is success");
    let expected = &oracle()["restore_vm_example"]["request"];

    assert_eq!(request.method, "POST");
    assert_eq!(request.target, expected["path"].as_str().unwrap());
    let body: Value = serde_json::from_str(expected["body_utf8"].as_str().unwrap()).unwrap();
    assert_eq!(
        request.json(),
        body,
        "body differs from the official SDK's, as JSON values"
    );

    // Exactly these headers, nothing else (no stray defaults, no second credential).
    assert_eq!(
        request.header_names(),
        [
            "accept",
            "content-length",
            "content-type",
            "host",
            "user-agent",
            "x-auth-token"
        ]
    );
    assert_eq!(
        request.header("Content-Type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(request.header("X-Auth-Token"), Some(TOKEN));
    assert_eq!(request.header("Accept"), Some("*/*"));
    assert_eq!(
        request.header("Content-Length"),
        Some(request.body.len().to_string().as_str())
    );
    assert!(
        request
            .header("User-Agent")
            .unwrap()
            .starts_with("apigen-runtime/")
    );
    // Header names go out in the same case as the official SDK's.
    let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"X-Auth-Token") && names.contains(&"Content-Type"),
        "{names:?}"
    );
}

#[tokio::test]
async fn volume_restore_with_details_and_odd_backup_id_matches_the_official_sdk() {
    let expected = &oracle()["restore_volume_with_details_and_odd_backup_id"]["request"];
    let server = TestServer::replying(Reply::status(202));
    let body = BackupRestoreReq::new(
        BackupRestore::new()
            .with_power_on(false)
            .with_volume_id("eccbcfdd-f843-4bbb-b2c0-a5ce861f9376")
            .with_resource_id("94eba8b2-acc9-4d82-badc-127144cc5526")
            .with_details(RestoreDetails::new("/data/restore 目录")),
    );
    client(&server)
        .restore_backup("bk 1/备份", &body)
        .await
        .expect("202");
    let request = server.single_request();
    assert_eq!(request.target, expected["path"].as_str().unwrap());
    let official: Value = serde_json::from_str(expected["body_utf8"].as_str().unwrap()).unwrap();
    assert_eq!(request.json(), official);
}

#[tokio::test]
async fn accepted_returns_status_and_request_id() {
    let (result, _) = call(
        Reply::status(202)
            .header("X-Request-Id", "req-202")
            .header("Content-Type", "application/json"),
    )
    .await;
    let response = result.expect("202 is Ok");
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(response.request_id(), Some("req-202"));
}

#[tokio::test]
async fn unset_power_on_is_not_sent_but_its_default_is_known() {
    let server = TestServer::replying(Reply::status(202));
    let restore = BackupRestore::new().with_volume_id("v");
    assert!(restore.power_on_or_default(), "documented default is true");
    client(&server)
        .restore_backup(BACKUP, &BackupRestoreReq::new(restore))
        .await
        .expect("202");
    assert_eq!(
        server.single_request().json(),
        serde_json::json!({"restore": {"volume_id": "v"}})
    );
}

/// Every server reply in the oracle's `error_scenarios`, surfaced as the official SDK
/// surfaces it: status, request id (from the header only), error code (numeric codes as
/// text), message, encoded authorization message, client vs server error; and the POST is
/// never repeated, not even after a 429 with `Retry-After`.
#[tokio::test]
async fn every_official_error_scenario() {
    let scenarios = oracle()["error_scenarios"].as_array().unwrap().clone();
    assert_eq!(scenarios.len(), 16);
    for s in &scenarios {
        let name = s["name"].as_str().unwrap();
        let sdk = &s["sdk_result"];
        let (result, _) = call(oracle_reply(s)).await;
        let e = match result {
            Err(Error::Api(e)) => e,
            other => panic!("{name}: expected an API error, got {other:?}"),
        };
        assert_eq!(
            e.status().as_u16() as u64,
            sdk["status_code"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(
            e.request_id(),
            sdk["request_id"].as_str(),
            "{name}: request id"
        );
        let code = match &sdk["error_code"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(e.code(), code, "{name}: code");
        assert_eq!(
            e.message(),
            sdk["error_msg"].as_str().unwrap(),
            "{name}: message"
        );
        assert_eq!(
            e.encoded_authorization_message(),
            sdk["encoded_auth_msg"].as_str(),
            "{name}"
        );
        let server_side = sdk["exception_class"] == "ServerResponseException";
        assert_eq!(e.is_server_error(), server_side, "{name}");
        assert_eq!(e.is_client_error(), !server_side, "{name}");
        assert_eq!(
            &e.raw_body()[..],
            s["server_reply"]["body"].as_str().unwrap().as_bytes(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn declared_error_bodies_are_also_typed() {
    let (result, _) = call(oracle_reply(&scenario("cbr_400_flat"))).await;
    let Err(Error::Api(e)) = result else {
        panic!("{result:?}")
    };
    let body: &CbrError = e.body().expect("the CBR body has the declared shape");
    assert_eq!(body.error_code, "BackupService.2005");
    // Shapes other than the declared one still give code and message, but no typed body.
    let (result, _) = call(oracle_reply(&scenario("camel_case_fields"))).await;
    let Err(Error::Api(e)) = result else {
        panic!("{result:?}")
    };
    assert!(e.body().is_none());
    assert_eq!(
        (e.code(), e.message()),
        ("BackupService.2001", "Disk smaller than backup.")
    );
}

#[tokio::test]
async fn a_throttled_post_is_not_repeated() {
    let server = TestServer::replying(oracle_reply(&scenario("throttled_429_post")));
    let result = client(&server)
        .restore_backup(BACKUP, &common::seed_vm_restore())
        .await;
    assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.requests().len(), 1, "POST must not be retried");
}

#[tokio::test]
async fn html_500_keeps_the_raw_body() {
    let html = "<html><body>Internal Server Error</body></html>";
    let reply = Reply::status(500)
        .header("Content-Type", "text/html")
        .body(html);
    let Err(Error::Api(e)) = call(reply).await.0 else {
        panic!("expected an API error")
    };
    assert_eq!((e.code(), e.message()), ("500", html));
    assert_eq!(&e.raw_body()[..], html.as_bytes());
    assert!(e.body().is_none());
    assert!(e.to_string().contains("Internal Server Error"), "{e}");
}

fn expect_unexpected(
    result: Result<impl std::fmt::Debug, RestoreBackupError>,
) -> hwcloud_bindings::runtime::UnexpectedResponse {
    match result {
        Err(Error::UnexpectedResponse(e)) => e,
        other => panic!("expected an unexpected-response error, got {other:?}"),
    }
}

#[tokio::test]
async fn undeclared_status_is_unexpected() {
    let error = expect_unexpected(call(Reply::status(200).body("{}")).await.0);
    assert_eq!(error.status.as_u16(), 200);
    assert!(matches!(error.reason, UnexpectedReason::UndeclaredStatus));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind, note the port, close: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .with_token(TOKEN)
        .with_options(CallOptions::new().project_id(PROJECT));
    let result = client
        .restore_backup(BACKUP, &common::seed_vm_restore())
        .await;
    // Refused connections never carried the request, so even a POST is retried.
    assert!(
        matches!(result, Err(Error::Transport { attempts: 3, .. })),
        "{result:?}"
    );
    let message = result.unwrap_err().to_string();
    assert!(!message.contains(TOKEN), "{message}");
}

/// Decodes `%XX` escapes, for checking that a segment carries the raw value back.
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&segment[i + 1..i + 3], 16).expect("hex escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[tokio::test]
async fn hostile_backup_ids_stay_one_segment() {
    let server = TestServer::replying(Reply::status(202));
    let client = client(&server);
    let hostile = [
        "../../admin",
        "a/b",
        "a?x=1",
        "a#frag",
        "50%",
        "%2F",
        "my backup",
        "备份",
        "a\\b",
        "...",
        "..%2F",
        "x:y@z",
        "a+b",
        "\u{202e}rtl",
        "line\nbreak",
    ];
    for value in hostile {
        client
            .restore_backup(value, &common::seed_vm_restore())
            .await
            .expect(value);
    }
    let requests = server.requests();
    assert_eq!(requests.len(), hostile.len());
    for (value, request) in hostile.iter().zip(&requests) {
        let segments: Vec<&str> = request.target.split('/').collect();
        assert_eq!(
            segments.len(),
            6,
            "{value:?} changed the path: {}",
            request.target
        );
        assert_eq!(&segments[..4], ["", "v3", PROJECT, "backups"]);
        assert_eq!(segments[5], "restore");
        assert!(
            segments[4]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
            "{}",
            segments[4]
        );
        assert_eq!(percent_decode(segments[4]), *value);
    }
    // The official SDK's encodings, for the values it lists.
    let vectors = shared_json("oracle/signing_vectors.json");
    for example in vectors["path_param_encoding_examples"].as_array().unwrap() {
        let raw = example["raw"].as_str().unwrap();
        client
            .restore_backup(raw, &common::seed_vm_restore())
            .await
            .expect(raw);
        let target = server.requests().last().unwrap().target.clone();
        let expected = format!(
            "/v3/{PROJECT}/backups/{}/restore",
            example["encoded"].as_str().unwrap()
        );
        assert_eq!(target, expected, "{raw:?}");
    }
}

#[tokio::test]
async fn values_that_would_leave_the_segment_are_refused_before_sending() {
    let server = TestServer::replying(Reply::status(202));
    let client = client(&server);
    for value in ["", ".", ".."] {
        let result = client
            .restore_backup(value, &common::seed_vm_restore())
            .await;
        assert!(
            matches!(
                result,
                Err(Error::Build(BuildError::InvalidPathParameter {
                    name: "backup_id",
                    ..
                }))
            ),
            "{value:?}: {result:?}"
        );
    }
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let client = Client::new("http://127.0.0.1:1").unwrap().with_token(TOKEN);
    let printed = format!("{client:?} {client:#?}");
    assert!(!printed.contains(TOKEN), "{printed}");
    assert!(printed.contains("redacted"), "{printed}");
}

#[test]
fn server_url_fills_in_the_region() {
    use hwcloud_bindings::cbr::{DEFAULT_SERVER_URL, server_url};
    assert_eq!(
        server_url("ap-southeast-1"),
        "https://cbr.ap-southeast-1.myhuaweicloud.com"
    );
    assert_eq!(
        DEFAULT_SERVER_URL,
        "https://cbr.cn-north-4.myhuaweicloud.com"
    );
    assert!(Client::new(&server_url("cn-north-4")).is_ok());
    assert!(matches!(
        Client::new("ftp://x"),
        Err(BuildError::InvalidBaseUrl { .. })
    ));
    assert!(matches!(
        Client::new("not a url"),
        Err(BuildError::InvalidBaseUrl { .. })
    ));
}
