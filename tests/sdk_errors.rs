//! Error parsing, differential: the official Python SDK and the generated CBR client call the
//! same loopback server, which answers call `i` with error body `i`, and must report the
//! same status, request id, code, message and encoded authorization message for every one.
//!
//! The bodies are generated from a fixed seed (`SEED`): JSON objects of every shape the SDK's
//! rules distinguish (each key pair, present-but-null and empty values, nesting at any depth,
//! sibling objects, duplicate keys, non-string values) plus fixed edge cases and bodies that
//! are not JSON. `APIGEN_ERROR_BODIES` raises the count.

mod common;

use apigen_test_support::official_sdk::{run_script, script};
use apigen_test_support::{Reply, TestServer};
use hwcloud_bindings::cbr::Client;
use hwcloud_bindings::runtime::Error;
use serde_json::{Value, json};

const SEED: u64 = 0x0C0B_2026;
const GENERATED: usize = 1000;
const MAX_DEPTH: usize = 6;

/// Keys the SDK looks for, and others, drawn with the SDK's keys more likely.
const KEYS: [&str; 14] = [
    "error_code",
    "error_msg",
    "errorCode",
    "errorMsg",
    "code",
    "message",
    "error_code",
    "error_msg",
    "code",
    "message",
    "error",
    "encoded_authorization_message",
    "details",
    "x",
];

/// One error reply.
struct Case {
    status: u16,
    content_type: &'static str,
    request_id: Option<(&'static str, String)>,
    body: Vec<u8>,
}

struct Bodies {
    rng: fastrand::Rng,
}

impl Bodies {
    fn scalar(&mut self) -> String {
        let choices = [
            "null",
            "true",
            "false",
            "0",
            "400",
            "-1",
            "1.5",
            "0.0",
            "\"\"",
            "\"BackupService.2005\"",
            "\"APIGW.0301\"",
            "\"恢复失败：状态不允许\"",
            "\"quote \\\" and \\\\ and \\n\"",
            "\"\\u00e9t\\u00e9\"",
            "[]",
            "{}",
            "[1,\"a\",null]",
        ];
        choices[self.rng.usize(..choices.len())].to_owned()
    }

    fn object(&mut self, depth: usize) -> String {
        let members = self.rng.usize(0..=5);
        let parts: Vec<String> = (0..members)
            .map(|_| {
                let key = KEYS[self.rng.usize(..KEYS.len())];
                let value = if depth < MAX_DEPTH && self.rng.f32() < 0.35 {
                    self.object(depth + 1)
                } else {
                    self.scalar()
                };
                let space = if self.rng.bool() { " " } else { "" };
                format!("\"{key}\":{space}{value}")
            })
            .collect();
        format!("{{{}}}", parts.join(","))
    }

    fn case(&mut self, body: Vec<u8>, content_type: &'static str) -> Case {
        const STATUSES: [u16; 9] = [400, 401, 403, 404, 409, 500, 502, 503, 504];
        let request_id = match self.rng.u8(0..3) {
            0 => None,
            1 => Some(("X-Request-Id", format!("req-{:08x}", self.rng.u32(..)))),
            _ => Some(("x-request-id", format!("req-{:08x}", self.rng.u32(..)))),
        };
        Case {
            status: STATUSES[self.rng.usize(..STATUSES.len())],
            content_type,
            request_id,
            body,
        }
    }
}

/// Bodies chosen by hand: each rule of the SDK's parsing, once, plus what is not JSON.
fn fixed() -> Vec<(Vec<u8>, &'static str)> {
    const JSON: &str = "application/json";
    const JSON_UTF8: &str = "application/json;charset=UTF-8";
    let deep = {
        let mut body = String::from(r#"{"error_code":"DEEP.100","error_msg":"found"}"#);
        for _ in 0..100 {
            body = format!(r#"{{"wrapper":{body}}}"#);
        }
        body
    };
    let mut out: Vec<(Vec<u8>, &'static str)> = [
        (r#"{"error_code":"BackupService.2005","error_msg":"not allowed"}"#, JSON),
        (r#"{"errorCode":"APIGW.0101","errorMsg":"camel"}"#, JSON_UTF8),
        (r#"{"code":"IAM.0001","message":"plain"}"#, JSON),
        (r#"{"error":{"code":"APIGW.0301","message":"nested"}}"#, JSON),
        (r#"{"error_code":null,"error_msg":null}"#, JSON),
        (r#"{"error_code":"","error_msg":""}"#, JSON),
        (r#"{"error_code":"ONLY.CODE"}"#, JSON),
        (r#"{"error_code":"A","error_msg":"a","error_code":"B"}"#, JSON),
        (r#"{"a":{"code":"1","message":"one"},"b":{"code":"2","message":"two"}}"#, JSON),
        (r#"{"a":{"code":"1","message":"one"},"b":{"code":null,"message":""}}"#, JSON),
        (r#"{"code":{"k":[1,true]},"message":["m"]}"#, JSON),
        (r#"{"error_code":400,"error_msg":1.25}"#, JSON),
        (
            r#"{"error":{"code":"IAM.0002","message":"denied","encoded_authorization_message":"enc"}}"#,
            JSON,
        ),
        (r#"{"encoded_authorization_message":null,"code":"C","message":"m"}"#, JSON),
        (r#"{"encoded_authorization_message":{"k":"v"}}"#, JSON),
        (r#"{}"#, JSON),
        ("[1,2]", JSON),
        ("\"just a string\"", JSON),
        ("42", JSON),
        ("null", JSON),
        (r#"{"error_code":"A""#, JSON),
        (r#"{"code":"A","message":"b"} trailing"#, JSON),
        ("", JSON),
        ("   ", "text/plain"),
        ("Service Unavailable", "text/plain"),
        (
            "<html><head><title>503</title></head><body>Service Unavailable</body></html>",
            "text/html",
        ),
    ]
    .into_iter()
    .map(|(body, ct)| (body.as_bytes().to_vec(), ct))
    .collect();
    out.push((deep.into_bytes(), JSON));
    // A byte-order mark, and bytes that are not UTF-8.
    out.push((
        b"\xef\xbb\xbf{\"code\":\"BOM\",\"message\":\"m\"}".to_vec(),
        JSON,
    ));
    out.push((b"{\"code\":\"\xff\",\"message\":\"m\"}".to_vec(), JSON));
    out.push((b"bad \xff\xfe bytes".to_vec(), JSON));
    out
}

fn cases() -> Vec<Case> {
    let count = std::env::var("APIGEN_ERROR_BODIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(GENERATED);
    let mut bodies = Bodies {
        rng: fastrand::Rng::with_seed(SEED),
    };
    let mut cases: Vec<Case> = fixed()
        .into_iter()
        .map(|(body, ct)| bodies.case(body, ct))
        .collect();
    for _ in 0..count {
        let body = bodies.object(0).into_bytes();
        cases.push(bodies.case(body, "application/json"));
    }
    cases
}

/// What the runtime reports for each call, in the script's terms.
async fn runtime_results(client: &Client, count: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let entry = match client.show_backup(&i.to_string()).send().await {
            Ok(_) => json!({"index": i, "raised": null}),
            Err(Error::Api(e)) => json!({
                "index": i,
                "status": e.status().as_u16(),
                "request_id": e.request_id(),
                "code": e.code(),
                "message": e.message(),
                "encoded_authorization_message": e.encoded_authorization_message(),
            }),
            Err(other) => json!({"index": i, "raised": other.to_string()}),
        };
        out.push(entry);
    }
    out
}

#[test]
fn runtime_parses_errors_like_the_official_sdk() {
    let cases = cases();
    let count = cases.len();
    let replies: Vec<Reply> = cases
        .iter()
        .map(|case| {
            let mut reply = Reply::status(case.status)
                .header("Content-Type", case.content_type)
                .body(case.body.clone());
            if let Some((name, value)) = &case.request_id {
                reply = reply.header(name, value);
            }
            reply
        })
        .collect();
    let server = TestServer::start(move |request| {
        let index = request
            .target
            .rsplit('/')
            .next()
            .and_then(|i| i.parse::<usize>().ok());
        match index.and_then(|i| replies.get(i)) {
            Some(reply) => reply.clone(),
            None => Reply::status(599),
        }
    });

    let job = json!({"endpoint": server.url(), "count": count});
    let output = run_script(
        &script("errors.py"),
        &[],
        serde_json::to_string(&job).unwrap().as_bytes(),
    );
    let sdk: Vec<Value> = serde_json::from_slice(&output.stdout).expect("the script's JSON");
    assert_eq!(sdk.len(), count);

    let client = common::client_without_retries(&server.url(), "ERRAK", "ERRSK", "errors-project");
    let ours = common::runtime().block_on(runtime_results(&client, count));

    let fields = [
        "status",
        "request_id",
        "code",
        "message",
        "encoded_authorization_message",
    ];
    let mut disagreements = Vec::new();
    for (i, (theirs, mine)) in sdk.iter().zip(&ours).enumerate() {
        let raised = theirs["raised"].as_str().unwrap_or_default();
        assert!(
            raised == "ClientRequestException" || raised == "ServerResponseException",
            "the SDK did not report call {i} as a service error: {theirs}"
        );
        let expected_class = if cases[i].status < 500 {
            "ClientRequestException"
        } else {
            "ServerResponseException"
        };
        assert_eq!(raised, expected_class, "call {i}");
        for field in fields {
            if theirs[field] != mine[field] {
                disagreements.push(format!(
                    "body {i} ({}): {field}: SDK {} vs runtime {}",
                    String::from_utf8_lossy(&cases[i].body),
                    theirs[field],
                    mine[field]
                ));
            }
        }
    }
    eprintln!(
        "{count} error bodies compared ({} fixed, {} generated from seed {SEED:#x}); {} disagreements",
        fixed().len(),
        count - fixed().len(),
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} of {count} bodies parsed differently:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
