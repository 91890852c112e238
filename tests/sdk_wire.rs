//! Wire parity for every CBR operation: the official Python SDK and the generated client make
//! the same calls against one loopback capture server, and each pair of requests must agree
//! on method, path, query string as sent, the headers that matter and the body as JSON; the
//! independent verifier must accept both signatures.
//!
//! What is allowed to differ, and why: `X-Sdk-Date` and so `Authorization`'s signature (the
//! clock), `User-Agent` (each names itself), connection headers, and the SDK's
//! `Content-Type: application/json` on bodyless GETs (it sends one on every call; there is no
//! content for it to describe, and the gateway verifies whichever headers are signed).

mod common;

use apigen_test_support::official_sdk::{run_script, script};
use apigen_test_support::{Keys, RecordedRequest, Reply, TestServer, verify_signature};
use hwcloud_bindings::cbr::Client;
use hwcloud_bindings::cbr::types::{
    BackupRestore, BackupRestoreReq, BackupStatus, ImageType, ListBackupsMemberStatus,
    ListBackupsOwnType, OperationStatus, OperationType, ResourceType, RestoreDetails,
};
use hwcloud_bindings::runtime::AkSk;
use serde_json::{Value, json};

const AK: &str = "WIREAK0123456789";
const SK: &str = "wire-secret-key";
const PROJECT: &str = "0605767b5780d5762fc5c0118072a564";

/// The calls both clients make (nine), in the SDK's terms (the Rust side mirrors them below).
fn calls() -> Value {
    json!([
        {"operation": "ListBackups", "arguments": {}},
        {"operation": "ListBackups", "arguments": {
            "checkpoint_id": "1fced58b-2a31-4851-bcbb-96216f83ce99",
            "dec": true,
            "end_time": "2018-02-01T12:00:00Z",
            "image_type": "backup",
            "limit": 50,
            "marker": "b1c4afd9-e7a6-4888-9010-c2bac3aa7910",
            "name": "auto bk/1+2",
            "offset": 100,
            "resource_az": "br-iaas-odin1a",
            "resource_id": "1a503932-ee8f-4dd5-8248-8dfb57e584c5",
            "resource_name": "ecs 01 (prod)",
            "resource_type": "OS::Nova::Server",
            "sort": "created_at:desc,name",
            "start_time": "2018-01-01T00:00:00Z",
            "status": "available",
            "vault_id": "cca85ea5-00a4-418d-9222-bd83985bc515",
            "enterprise_project_id": "all_granted_eps",
            "own_type": "private",
            "member_status": "accepted",
            "parent_id": "6df2b54c-dd62-4059-a07c-1b8f24f2725d",
            "used_percent": "80",
            "show_replication": false,
            "incremental": true
        }},
        {"operation": "ShowBackup", "arguments": {"backup_id": "6df2b54c-dd62-4059-a07c-1b8f24f2725d"}},
        {"operation": "ShowBackup", "arguments": {"backup_id": "odd id/ü"}},
        {"operation": "RestoreBackup", "arguments": {"backup_id": "6df2b54c-dd62-4059-a07c-1b8f24f2725d"},
         "body": {"restore": {
            "mappings": [{"backup_id": "5d822633-2bbf-4af8-a16e-5ab1c7705235",
                          "volume_id": "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376"}],
            "power_on": true,
            "server_id": "94eba8b2-acc9-4d82-badc-127144cc5526"}}},
        {"operation": "RestoreBackup", "arguments": {"backup_id": "d1603440-disk"},
         "body": {"restore": {"volume_id": "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376",
                              "power_on": false,
                              "details": {"destination_path": "/data/恢复 dir"}}}},
        {"operation": "ListOpLogs", "arguments": {}},
        {"operation": "ListOpLogs", "arguments": {
            "end_time": "2020-02-23T01:00:32Z",
            "limit": 10,
            "offset": 20,
            "operation_type": "restore",
            "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66",
            "resource_id": "94eba8b2-acc9-4d82-badc-127144cc5526",
            "resource_name": "ecs-1f0f-0002",
            "start_time": "2020-02-22T01:00:32Z",
            "status": "running",
            "vault_id": "3b5816b5-f29c-4172-9d9a-76c719a659ce",
            "vault_name": "vault & co",
            "enterprise_project_id": "0"
        }},
        {"operation": "ShowOpLog", "arguments": {"operation_log_id": "4827f2da-b008-4507-ab7d-42d0df5ed912"}}
    ])
}

/// The same calls through the generated client, in the same order.
async fn rust_calls(client: &Client) -> Vec<Result<(), String>> {
    let restore = common::seed_vm_restore();
    let done = |r: Result<(), hwcloud_bindings::runtime::Error<_>>| r.map_err(|e| e.to_string());
    vec![
        done(client.list_backups().send().await.map(drop)),
        done(
            client
                .list_backups()
                .checkpoint_id("1fced58b-2a31-4851-bcbb-96216f83ce99")
                .dec(true)
                .end_time("2018-02-01T12:00:00Z")
                .image_type(ImageType::Backup)
                .limit(50)
                .marker("b1c4afd9-e7a6-4888-9010-c2bac3aa7910")
                .name("auto bk/1+2")
                .offset(100)
                .resource_az("br-iaas-odin1a")
                .resource_id("1a503932-ee8f-4dd5-8248-8dfb57e584c5")
                .resource_name("ecs 01 (prod)")
                .resource_type(ResourceType::OsNovaServer)
                .sort("created_at:desc,name")
                .start_time("2018-01-01T00:00:00Z")
                .status(BackupStatus::Available)
                .vault_id("cca85ea5-00a4-418d-9222-bd83985bc515")
                .enterprise_project_id("all_granted_eps")
                .own_type(ListBackupsOwnType::Private)
                .member_status(ListBackupsMemberStatus::Accepted)
                .parent_id("6df2b54c-dd62-4059-a07c-1b8f24f2725d")
                .used_percent("80")
                .show_replication(false)
                .incremental(true)
                .send()
                .await
                .map(drop),
        ),
        done(
            client
                .show_backup("6df2b54c-dd62-4059-a07c-1b8f24f2725d")
                .send()
                .await
                .map(drop),
        ),
        done(client.show_backup("odd id/ü").send().await.map(drop)),
        done(
            client
                .restore_backup("6df2b54c-dd62-4059-a07c-1b8f24f2725d", &restore)
                .send()
                .await
                .map(drop),
        ),
        done(
            client
                .restore_backup(
                    "d1603440-disk",
                    &BackupRestoreReq::new(
                        BackupRestore::new()
                            .with_volume_id("eccbcfdd-f843-4bbb-b2c0-a5ce861f9376")
                            .with_power_on(false)
                            .with_details(RestoreDetails::new("/data/恢复 dir")),
                    ),
                )
                .send()
                .await
                .map(drop),
        ),
        done(client.list_op_logs().send().await.map(drop)),
        done(
            client
                .list_op_logs()
                .end_time("2020-02-23T01:00:32Z")
                .limit(10)
                .offset(20)
                .operation_type(OperationType::Restore)
                .provider_id("0daac4c5-6707-4851-97ba-169e36266b66")
                .resource_id("94eba8b2-acc9-4d82-badc-127144cc5526")
                .resource_name("ecs-1f0f-0002")
                .start_time("2020-02-22T01:00:32Z")
                .status(OperationStatus::Running)
                .vault_id("3b5816b5-f29c-4172-9d9a-76c719a659ce")
                .vault_name("vault & co")
                .enterprise_project_id("0")
                .send()
                .await
                .map(drop),
        ),
        done(
            client
                .show_op_log("4827f2da-b008-4507-ab7d-42d0df5ed912")
                .send()
                .await
                .map(drop),
        ),
    ]
}

/// A reply each operation's client can decode.
fn reply(request: &RecordedRequest) -> Reply {
    let path = request.target.split('?').next().unwrap_or_default();
    let json = |body: Value| {
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(body.to_string())
    };
    let backup = json!({
        "checkpoint_id": "c", "created_at": "2020-02-21T07:00:54.065135", "description": null,
        "expired_at": null, "extend_info": {}, "id": "6df2b54c", "image_type": "backup",
        "name": "n", "parent_id": null, "project_id": PROJECT, "protected_at": null,
        "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66", "resource_az": null,
        "resource_id": "r", "resource_name": "r", "resource_size": 40,
        "resource_type": "OS::Nova::Server", "status": "available", "updated_at": null,
        "vault_id": "v"
    });
    let log = json!({
        "created_at": "2019-05-23T14:31:36.039365", "error_info": {"code": "", "message": ""},
        "id": "4827f2da", "project_id": PROJECT, "started_at": "2019-05-23T14:31:36.007230",
        "status": "success", "updated_at": "2019-05-23T14:35:23.584418"
    });
    if request.method == "POST" {
        Reply::status(202)
    } else if path.ends_with("/backups") {
        json(json!({"backups": [backup], "count": 1}))
    } else if path.contains("/backups/") {
        json(json!({ "backup": backup }))
    } else if path.ends_with("/operation-logs") {
        json(json!({"operation_logs": [log], "count": 1}))
    } else {
        json(json!({ "operation_log": log }))
    }
}

/// The headers compared by value (lowercased names); others are compared by presence or not
/// at all, as the module docs say.
const SAME_VALUE: [&str; 3] = ["host", "x-project-id", "content-type"];

fn signed_headers(request: &RecordedRequest) -> Vec<String> {
    let authorization = request.header("Authorization").unwrap_or_default();
    let signed = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .unwrap_or_default();
    signed.split(';').map(str::to_owned).collect()
}

fn compare(
    index: usize,
    sdk: &RecordedRequest,
    ours: &RecordedRequest,
    keys: &Keys,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut differ = |what: &str, theirs: String, mine: String| {
        if theirs != mine {
            problems.push(format!(
                "call {index}: {what}: SDK {theirs:?} vs ours {mine:?}"
            ));
        }
    };
    differ("method", sdk.method.clone(), ours.method.clone());
    differ("target", sdk.target.clone(), ours.target.clone());
    for name in SAME_VALUE {
        let bodyless_get = name == "content-type" && sdk.body.is_empty() && sdk.method == "GET";
        if !bodyless_get {
            differ(
                name,
                format!("{:?}", sdk.header(name)),
                format!("{:?}", ours.header(name)),
            );
        }
    }
    differ(
        "X-Sdk-Date present",
        sdk.header("X-Sdk-Date").is_some().to_string(),
        ours.header("X-Sdk-Date").is_some().to_string(),
    );
    let algorithm = |r: &RecordedRequest| {
        r.header("Authorization")
            .and_then(|a| a.split_once(' '))
            .map(|(alg, _)| alg.to_owned())
    };
    differ(
        "signing algorithm",
        format!("{:?}", algorithm(sdk)),
        format!("{:?}", algorithm(ours)),
    );
    let body = |r: &RecordedRequest| {
        (!r.body.is_empty()).then(|| serde_json::from_slice::<Value>(&r.body).expect("JSON body"))
    };
    differ(
        "body",
        format!("{:?}", body(sdk)),
        format!("{:?}", body(ours)),
    );
    for (who, request) in [("SDK", sdk), ("ours", ours)] {
        if let Err(e) = verify_signature(request, keys) {
            problems.push(format!(
                "call {index}: {who}'s signature does not verify: {e}"
            ));
        }
    }
    // What ours signs, the SDK signs too (it signs more: Content-Type on GETs, its agent).
    let theirs = signed_headers(sdk);
    for name in signed_headers(ours) {
        if name != "user-agent" && !theirs.contains(&name) {
            problems.push(format!("call {index}: ours signs {name}, the SDK does not"));
        }
    }
    problems
}

#[test]
fn every_operation_sends_what_the_official_sdk_sends() {
    // One server: `Host` names it, so both clients must call the same one.
    let server = TestServer::start(reply);
    let calls = calls();
    let job = json!({
        "endpoint": server.url(), "ak": AK, "sk": SK, "project_id": PROJECT,
        "calls": calls,
    });
    let output = run_script(&script("calls.py"), &[], job.to_string().as_bytes());
    let sdk_results: Vec<Option<String>> =
        serde_json::from_slice(&output.stdout).expect("the script's JSON");
    let count = calls.as_array().unwrap().len();
    assert_eq!(
        sdk_results,
        vec![None; count],
        "the SDK's calls all succeed"
    );

    let client = common::client_without_retries(&server.url(), AK, SK, PROJECT);
    let ours = common::runtime().block_on(rust_calls(&client));
    assert_eq!(ours, vec![Ok(()); count], "our calls all succeed");

    let requests = server.requests();
    assert_eq!(requests.len(), 2 * count);
    let (sdk_requests, our_requests) = requests.split_at(count);
    let problems: Vec<String> = sdk_requests
        .iter()
        .zip(our_requests)
        .enumerate()
        .flat_map(|(i, (sdk, ours))| compare(i, sdk, ours, &Keys { ak: AK, sk: SK }))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_project_lookup_sends_what_the_official_sdk_sends() {
    // IAM and CBR on one server: the project list, then the call.
    let server = TestServer::start(|request| {
        if request.target.starts_with("/v3/projects") {
            Reply::status(200)
                .header("Content-Type", "application/json")
                .body(format!(
                    r#"{{"projects":[{{"id":"{PROJECT}","name":"cn-north-4"}}]}}"#
                ))
        } else {
            reply(request)
        }
    });
    let url = server.url();
    let job = json!({
        "region": "cn-north-4", "ak": "WIRELOOKUPAK", "sk": SK,
        "calls": [{"operation": "ListOpLogs", "arguments": {"limit": 1}}],
    });
    let output = run_script(
        &script("calls.py"),
        &[
            ("HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4", &url),
            ("HUAWEICLOUD_SDK_IAM_ENDPOINT", &url),
        ],
        job.to_string().as_bytes(),
    );
    let sdk_results: Vec<Option<String>> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sdk_results, vec![None]);

    let client = Client::builder()
        .region("cn-north-4")
        .endpoint(&url)
        .iam_endpoint(&url)
        .credentials(AkSk::new("WIRELOOKUPAK", SK))
        .build()
        .unwrap();
    common::runtime()
        .block_on(client.list_op_logs().limit(1).send())
        .expect("our call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 4, "each: the project list, then the call");
    let keys = Keys {
        ak: "WIRELOOKUPAK",
        sk: SK,
    };
    let mut problems = Vec::new();
    for (i, (sdk, ours)) in [(&requests[0], &requests[2]), (&requests[1], &requests[3])]
        .into_iter()
        .enumerate()
    {
        problems.extend(compare(i, sdk, ours, &keys));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(requests[0].target, "/v3/projects?name=cn-north-4");
    assert_eq!(requests[1].header("X-Project-Id"), Some(PROJECT));
}

/// The SDK's way of sending a binary body (a file object, `application/octet-stream`) and the
/// runtime's file body, once per algorithm: both mark the payload `UNSIGNED-PAYLOAD` in the
/// header their algorithm names, sign the same header set, and send the same bytes with
/// the same framing.
#[test]
fn a_file_upload_is_signed_and_framed_as_the_official_sdk_does() {
    use hwcloud_bindings::runtime::reqwest::Method;
    use hwcloud_bindings::runtime::sign::Algorithm;
    use hwcloud_bindings::runtime::{Body, ClientCore, ClientParam, Request, RetryPolicy};

    let dir = std::env::temp_dir().join(format!("apigen-sdk-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("object.bin");
    let content: Vec<u8> = (0..1_048_576u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &content).unwrap();

    let server = TestServer::replying(Reply::status(201));
    let algorithms = [
        ("HMAC_SHA256", Algorithm::HmacSha256, "X-Sdk-Content-Sha256"),
        ("HMAC_SM3", Algorithm::HmacSm3, "X-Sdk-Content-Sm3"),
    ];
    let job = json!({
        "endpoint": server.url(), "ak": AK, "sk": SK, "project_id": PROJECT,
        "path": path.display().to_string(),
        "uploads": algorithms.iter().map(|(name, ..)| json!({"name": "big object", "algorithm": name})).collect::<Vec<_>>(),
    });
    let output = run_script(&script("upload.py"), &[], job.to_string().as_bytes());
    let sdk_results: Vec<Option<String>> =
        serde_json::from_slice(&output.stdout).expect("the script's JSON");
    assert_eq!(
        sdk_results,
        vec![None; algorithms.len()],
        "the SDK's uploads succeed"
    );

    for (_, algorithm, _) in &algorithms {
        let core = ClientCore::builder()
            .endpoint(server.url())
            .credentials(AkSk::new(AK, SK).with_project_id(PROJECT))
            .signing_algorithm(algorithm.clone())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let request = Request::new(Method::PUT, "/v3/{project_id}/objects/{name}")
            .path_literal("/v3/")
            .path_client_param("project_id", ClientParam::ProjectId)
            .path_literal("/objects/")
            .path_param("name", "big object")
            .binary_body("application/octet-stream", Body::from_file(&path).unwrap());
        let status = common::runtime()
            .block_on(core.execute::<()>(request))
            .expect("our upload succeeds")
            .status();
        assert_eq!(status.as_u16(), 201);
    }
    std::fs::remove_dir_all(&dir).unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2 * algorithms.len());
    let (sdk_requests, our_requests) = requests.split_at(algorithms.len());
    let keys = Keys { ak: AK, sk: SK };
    let mut problems = Vec::new();
    for (i, ((sdk, ours), (_, _, marker))) in sdk_requests
        .iter()
        .zip(our_requests)
        .zip(&algorithms)
        .enumerate()
    {
        for (who, request) in [("SDK", sdk), ("ours", ours)] {
            let facts = (
                request.method.as_str(),
                request.target.as_str(),
                request.header("Content-Type"),
                request.header(marker),
                request.header("Content-Length"),
                request.header("Transfer-Encoding"),
                request.body == content,
            );
            let expected = (
                "PUT",
                "/v3/0605767b5780d5762fc5c0118072a564/objects/big%20object",
                Some("application/octet-stream"),
                Some("UNSIGNED-PAYLOAD"),
                Some("1048576"),
                None,
                true,
            );
            if facts != expected {
                problems.push(format!("upload {i}, {who}: {facts:?}"));
            }
            if let Err(e) = verify_signature(request, &keys) {
                problems.push(format!(
                    "upload {i}: {who}'s signature does not verify: {e}"
                ));
            }
        }
        // The same headers signed, but for the agent (the SDK signs its own User-Agent).
        let without_agent = |r: &RecordedRequest| {
            let mut names = signed_headers(r);
            names.retain(|n| n != "user-agent");
            names
        };
        if without_agent(sdk) != without_agent(ours) {
            problems.push(format!(
                "upload {i}: signed headers: SDK {:?} vs ours {:?}",
                signed_headers(sdk),
                signed_headers(ours)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
