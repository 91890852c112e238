//! The project id from the region, as the official SDK finds it: with AK/SK and a region but
//! no project id, the client asks IAM once (signed), caches the answer per access key and
//! region, and fails clearly when IAM returns no project or several. Each test uses its own
//! access key: the cache is the process's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apigen_test_support::{Keys, RecordedRequest, Reply, TestServer, verify_signature};
use hwcloud_bindings::cbr::Client;
use hwcloud_bindings::runtime::{
    AkSk, BuildError, CallOptions, Error, ProjectLookupError, RetryPolicy,
};

const SK: &str = "lookup-secret";

fn json(body: &str) -> Reply {
    Reply::status(200)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
}

/// An IAM that knows `projects` for region `cn-north-4`, and counts the questions.
fn start_iam(projects: &'static str, delay: Duration) -> (TestServer, Arc<AtomicUsize>) {
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let server = TestServer::start(move |request| {
        counter.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(delay);
        if request.target != "/v3/projects?name=cn-north-4" {
            return Reply::status(404);
        }
        json(projects).header("X-IAM-Trace-Id", "trace-1")
    });
    (server, asked)
}

fn cbr() -> TestServer {
    TestServer::start(|_| json(r#"{"count":0,"operation_logs":[]}"#))
}

fn client(ak: &str, cbr: &TestServer, iam: &TestServer) -> Client {
    Client::builder()
        .region("cn-north-4")
        .endpoint(cbr.url())
        .iam_endpoint(iam.url())
        .credentials(AkSk::new(ak.to_owned(), SK))
        .build()
        .unwrap()
        .with_options(CallOptions::new().retry(RetryPolicy::none()))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn check_iam_request(request: &RecordedRequest, ak: &str) {
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/v3/projects?name=cn-north-4");
    assert_eq!(request.header("X-Project-Id"), None);
    verify_signature(request, &Keys { ak, sk: SK }).expect("IAM's request is signed");
}

#[test]
fn the_first_call_asks_iam_and_later_calls_reuse_the_answer() {
    const AK: &str = "LOOKUPAK0001";
    let (iam, asked) = start_iam(
        r#"{"projects":[{"id":"p-from-iam","name":"cn-north-4"}]}"#,
        Duration::ZERO,
    );
    let cbr = cbr();
    let runtime = runtime();
    let first = client(AK, &cbr, &iam);
    runtime.block_on(first.list_op_logs().send()).unwrap();
    runtime.block_on(first.list_op_logs().send()).unwrap();
    // Another client with the same key and region: the process already knows.
    let second = client(AK, &cbr, &iam);
    runtime.block_on(second.list_op_logs().send()).unwrap();

    assert_eq!(asked.load(Ordering::SeqCst), 1, "IAM is asked once");
    check_iam_request(&iam.single_request(), AK);
    for request in cbr.requests() {
        assert_eq!(request.target, "/v3/p-from-iam/operation-logs");
        assert_eq!(request.header("X-Project-Id"), Some("p-from-iam"));
        verify_signature(&request, &Keys { ak: AK, sk: SK }).unwrap();
    }
    // A project given per call needs no lookup, and a different key asks again.
    let (iam2, asked2) = start_iam(r#"{"projects":[{"id":"p2"}]}"#, Duration::ZERO);
    let third = client("LOOKUPAK0002", &cbr, &iam2);
    let explicit = third.with_options(CallOptions::new().project_id("p-explicit"));
    runtime.block_on(explicit.list_op_logs().send()).unwrap();
    assert_eq!(asked2.load(Ordering::SeqCst), 0);
    runtime.block_on(third.list_op_logs().send()).unwrap();
    assert_eq!(asked2.load(Ordering::SeqCst), 1);
}

#[test]
fn concurrent_first_calls_ask_iam_once() {
    const AK: &str = "LOOKUPAK0003";
    let (iam, asked) = start_iam(
        r#"{"projects":[{"id":"p-concurrent"}]}"#,
        Duration::from_millis(300),
    );
    let cbr = cbr();
    let client = client(AK, &cbr, &iam);
    let runtime = runtime();
    runtime.block_on(async {
        let calls: Vec<_> = (0..8)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.list_op_logs().send().await.map(drop) })
            })
            .collect();
        for call in calls {
            call.await.unwrap().unwrap();
        }
    });
    assert_eq!(asked.load(Ordering::SeqCst), 1);
    assert_eq!(cbr.requests().len(), 8);
}

fn lookup_error(ak: &str, projects: &'static str) -> ProjectLookupError {
    let (iam, _) = start_iam(projects, Duration::ZERO);
    let cbr = cbr();
    let client = client(ak, &cbr, &iam);
    let error = runtime()
        .block_on(client.list_op_logs().send())
        .expect_err("the lookup fails");
    assert!(cbr.requests().is_empty(), "no call without a project");
    match error {
        Error::Build(BuildError::ProjectLookup(e)) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_project_or_several_are_clear_errors() {
    let none = lookup_error("LOOKUPAK0004", r#"{"projects":[]}"#);
    assert_eq!(
        none.to_string(),
        "IAM returned no project for region `cn-north-4` (X-IAM-Trace-Id: trace-1); check \
         that the project exists in the account, or give its id with `AkSk::with_project_id`"
    );
    let several = lookup_error("LOOKUPAK0005", r#"{"projects":[{"id":"p1"},{"id":"p2"}]}"#);
    assert_eq!(
        several.to_string(),
        "IAM returned several projects for region `cn-north-4` (p1, p2); choose one with \
         `AkSk::with_project_id`"
    );
    assert!(matches!(
        lookup_error("LOOKUPAK0006", "not json"),
        ProjectLookupError::Failed { .. }
    ));
}

#[test]
fn iam_refusing_is_a_failed_lookup_with_its_code() {
    const AK: &str = "LOOKUPAK0007";
    let iam = TestServer::start(|_| {
        Reply::status(401)
            .header("Content-Type", "application/json")
            .body(r#"{"error":{"code":"IAM.0001","message":"The request you have made requires authentication."}}"#)
    });
    let cbr = cbr();
    let client = client(AK, &cbr, &iam);
    let error = runtime()
        .block_on(client.list_op_logs().send())
        .expect_err("IAM said no");
    let text = error.to_string();
    assert!(text.contains("IAM.0001"), "{text}");
    assert!(!text.contains(SK) && !text.contains(AK), "{text}");
    // A failed lookup is not cached: the next call asks again.
    let _ = runtime().block_on(client.list_op_logs().send());
    assert_eq!(iam.requests().len(), 2);
}
