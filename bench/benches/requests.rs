//! Request overhead: the generated CBR restore client against a hand-written reqwest +
//! serde_json call that sends the same bytes, on a keep-alive loopback server answering
//! `202 Accepted`; with a token, and with AK/SK signing. Then the signer alone.
//!
//! `cargo bench -p apigen-bench --bench requests [-- [requests] [signer] [--quick]]`
//!
//! Before timing, one request of each kind goes to a recording server and the pairs are
//! compared (method, target, header names, body), so the comparison is of equal work.

use std::cell::RefCell;
use std::time::{Duration, SystemTime};

use apigen_bench::measure::{self, Plan, Samples};
use apigen_bench::server::AcceptServer;
use apigen_runtime::sign::{self, Algorithm, SignInput};
use apigen_runtime::{
    AkSk, CallOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, Secret, USER_AGENT,
};
use apigen_test_support::{RecordedRequest, Reply, TestServer};
use hwcloud_bindings::cbr::Client;
use hwcloud_bindings::cbr::types::{BackupRestore, BackupRestoreReq, BackupRestoreServerMapping};

const PROJECT: &str = "f841e01fd2b14e7fa41b6ae7aa6b0594";
const BACKUP: &str = "a5200268-74a5-4806-acc6-95793ab0228b";
const TOKEN: &str = "MIIT-bench-token-value";
const AK: &str = "HPUAEXAMPLEAKID12345";
const SK: &str = "ExampleSecretKey0123456789abcdefghijklmno";
const CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// The seed document's example body, as generated types.
fn typed_body() -> BackupRestoreReq {
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

/// The same body as a hand-written program would build it.
fn json_body() -> serde_json::Value {
    serde_json::json!({"restore": {
        "mappings": [{
            "backup_id": "5d822633-2bbf-4af8-a16e-5ab1c7705235",
            "volume_id": "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376"
        }],
        "power_on": true,
        "server_id": "94eba8b2-acc9-4d82-badc-127144cc5526"
    }})
}

/// The restore call's path on the wire.
fn restore_path() -> String {
    format!("/v3/{PROJECT}/backups/{BACKUP}/restore")
}

/// The headers the runtime signs for the restore call, in its order, dated `date`.
fn signing_headers(date: &str) -> [(String, String); 4] {
    [
        ("Content-Type".to_owned(), CONTENT_TYPE.to_owned()),
        ("User-Agent".to_owned(), USER_AGENT.to_owned()),
        ("X-Project-Id".to_owned(), PROJECT.to_owned()),
        ("X-Sdk-Date".to_owned(), date.to_owned()),
    ]
}

/// The generated client, token auth, with the runtime's own reqwest client.
fn token_client(url: &str) -> Client {
    Client::new(url)
        .expect("base URL")
        .with_token(TOKEN)
        .with_options(CallOptions::new().project_id(PROJECT))
}

/// The generated client, token auth, sending through `http`.
fn token_client_over(url: &str, http: reqwest::Client) -> Client {
    Client::builder()
        .endpoint(url)
        .http_client(http)
        .build()
        .expect("client")
        .with_token(TOKEN)
        .with_options(CallOptions::new().project_id(PROJECT))
}

/// A reqwest client configured as the runtime configures its own (no redirects, the same
/// timeouts, headers in title case as the official SDK sends them), so both send the same
/// bytes and pay for the same timers.
fn configured_reqwest() -> reqwest::Client {
    apigen_runtime::http_client_builder()
        .expect("TLS configuration")
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .read_timeout(DEFAULT_READ_TIMEOUT)
        .http1_title_case_headers()
        .build()
        .expect("reqwest client")
}

/// The generated client, AK/SK (SDK-HMAC-SHA256).
fn aksk_client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .credentials(AkSk::new(AK, SK).with_project_id(PROJECT))
        .build()
        .expect("client")
}

/// The hand-written call: reqwest + serde_json, token auth.
async fn hand_token(http: &reqwest::Client, base: &str, body: &serde_json::Value) -> bool {
    let bytes = serde_json::to_vec(body).expect("json");
    let response = http
        .post(format!("{base}{}", restore_path()))
        .header("Content-Type", CONTENT_TYPE)
        .header("User-Agent", USER_AGENT)
        .header("X-Auth-Token", TOKEN)
        .body(bytes)
        .send()
        .await;
    matches!(response, Ok(r) if r.status().as_u16() == 202)
}

/// The hand-written call, signed with the runtime's signer (the least a hand-written AK/SK
/// client must do).
async fn hand_aksk(http: &reqwest::Client, base: &str, body: &serde_json::Value) -> bool {
    let bytes = serde_json::to_vec(body).expect("json");
    let host = base.trim_start_matches("http://");
    let path = restore_path();
    let date = sign::sdk_date(SystemTime::now());
    let headers = signing_headers(&date);
    let input = SignInput {
        method: "POST",
        host,
        path: &path,
        query: &[],
        headers: &headers,
        body: Some(&bytes),
    };
    let signed = sign::sign(&Algorithm::HmacSha256, AK, &Secret::new(SK), &date, &input);
    let mut request = http.post(format!("{base}{}", signed.wire_uri));
    for (name, value) in &signed.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.body(bytes).send().await;
    matches!(response, Ok(r) if r.status().as_u16() == 202)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    // Positional arguments pick sections: `requests`, `signer` (default: both).
    let sections: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let wants = |section: &str| sections.is_empty() || sections.contains(&section);
    if wants("requests") {
        requests(quick);
    }
    if wants("signer") {
        signer(quick);
    }
}

/// The generated client against the hand-written call, with a token and with AK/SK.
fn requests(quick: bool) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let http = configured_reqwest();

    if let Err(why) = runtime.block_on(same_bytes(&http)) {
        eprintln!("error: the generated and hand-written requests differ: {why}");
        std::process::exit(1);
    }

    let server = AcceptServer::start();
    let url = server.url();
    let token = token_client(&url);
    let aksk = aksk_client(&url);
    // Both sides on reqwest's defaults (keep-alive, no timers, lowercase headers): the
    // overhead of the generated code and runtime alone.
    let plain = apigen_runtime::http_client_builder()
        .and_then(|b| b.build().map_err(apigen_runtime::BuildError::HttpClient))
        .expect("reqwest client");
    let token_plain = token_client_over(&url, plain.clone());
    let typed = typed_body();
    let json = json_body();
    let batch: u32 = if quick { 200 } else { 500 };
    let plan = Plan {
        min_rounds: if quick { 2 } else { 21 },
        max_rounds: if quick { 3 } else { 201 },
        budget: Duration::from_secs(if quick { 1 } else { 30 }),
    };
    // Every contender sends `batch` requests per round on its own warm connection.
    let (token, aksk, token_plain, typed, json, http, plain, url) = (
        &token,
        &aksk,
        &token_plain,
        &typed,
        &json,
        &http,
        &plain,
        &url,
    );
    let rt = &runtime;
    let mut generated_token = || {
        rt.block_on(repeat(batch, || async move {
            token.restore_backup(BACKUP, typed).await.is_ok()
        }))
    };
    let mut handwritten_token = || rt.block_on(repeat(batch, || hand_token(http, url, json)));
    let mut generated_aksk = || {
        rt.block_on(repeat(batch, || async move {
            aksk.restore_backup(BACKUP, typed).await.is_ok()
        }))
    };
    let mut handwritten_aksk = || rt.block_on(repeat(batch, || hand_aksk(http, url, json)));
    let mut generated_plain = || {
        rt.block_on(repeat(batch, || async move {
            token_plain.restore_backup(BACKUP, typed).await.is_ok()
        }))
    };
    let mut handwritten_plain = || rt.block_on(repeat(batch, || hand_token(plain, url, json)));
    // Each contender also records the client thread's CPU time per round.
    let cpu: Vec<RefCell<Samples>> = (0..6).map(|_| RefCell::default()).collect();
    let timed = |i: usize, run: &mut dyn FnMut() -> bool| {
        let start = measure::thread_cpu_time();
        let ok = run();
        cpu[i].borrow_mut().push(measure::thread_cpu_time() - start);
        ok
    };
    let mut generated_token = || timed(0, &mut generated_token);
    let mut handwritten_token = || timed(1, &mut handwritten_token);
    let mut generated_aksk = || timed(2, &mut generated_aksk);
    let mut handwritten_aksk = || timed(3, &mut handwritten_aksk);
    let mut generated_plain = || timed(4, &mut generated_plain);
    let mut handwritten_plain = || timed(5, &mut handwritten_plain);
    let samples = measure::interleaved(
        plan,
        &mut [
            &mut generated_token,
            &mut handwritten_token,
            &mut generated_aksk,
            &mut handwritten_aksk,
            &mut generated_plain,
            &mut handwritten_plain,
        ],
    );
    let per_second = |s: &Samples| {
        if s.is_empty() {
            "—".to_owned()
        } else {
            format!("{:.0}", f64::from(batch) / s.median().as_secs_f64())
        }
    };
    let cpu: Vec<Samples> = cpu.into_iter().map(RefCell::into_inner).collect();
    println!(
        "Restore call, keep-alive loopback, empty 202; {batch} requests per round, {} rounds, one client thread. Medians; ratios are the median over rounds of each round's generated/hand-written ratio (wall time, and the client thread's CPU time).",
        samples[0].len()
    );
    println!();
    println!(
        "| auth | generated req/s | hand-written req/s | wall ratio | generated CPU µs/req | hand-written CPU µs/req | CPU ratio |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let rows = [
        ("token", 0),
        ("AK/SK (SDK-HMAC-SHA256)", 2),
        ("token, both on reqwest's defaults", 4),
    ];
    let micros = |s: &Samples| format!("{:.1}", s.median().as_secs_f64() * 1e6 / f64::from(batch));
    for (label, i) in rows {
        println!(
            "| {label} | {} | {} | {} | {} | {} | {} |",
            per_second(&samples[i]),
            per_second(&samples[i + 1]),
            measure::times(measure::paired_ratio(&samples[i], &samples[i + 1])),
            micros(&cpu[i]),
            micros(&cpu[i + 1]),
            measure::times(measure::paired_ratio(&cpu[i], &cpu[i + 1])),
        );
    }
    println!();
    println!("(server answered {} requests)", server.served());
}

/// Awaits `n` calls of `f` in sequence; `false` as soon as one fails.
async fn repeat<F, Fut>(n: u32, mut f: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..n {
        if !f().await {
            return false;
        }
    }
    true
}

/// Signatures per second of the signer alone, on this thread.
fn signer(quick: bool) {
    let bytes = serde_json::to_vec(&json_body()).expect("json");
    let path = restore_path();
    let date = "20261127T120000Z";
    let headers = signing_headers(date);
    let input = SignInput {
        method: "POST",
        host: "cbr.ap-southeast-1.myhuaweicloud.com",
        path: &path,
        query: &[],
        headers: &headers,
        body: Some(&bytes),
    };
    let sk = Secret::new(SK);
    let batch: u32 = if quick { 2_000 } else { 20_000 };
    let algorithms = [
        Algorithm::HmacSha256,
        Algorithm::HmacSm3,
        Algorithm::V11HmacSha256 {
            region: "ap-southeast-1".into(),
            service: "cbr".into(),
        },
    ];
    let plan = Plan {
        min_rounds: 5,
        max_rounds: 50,
        budget: Duration::from_secs(if quick { 1 } else { 15 }),
    };
    let run = |algorithm: &Algorithm| {
        for _ in 0..batch {
            std::hint::black_box(sign::sign(algorithm, AK, &sk, date, &input));
        }
        true
    };
    let [sha256, sm3, v11] = &algorithms;
    let samples = measure::interleaved(
        plan,
        &mut [&mut || run(sha256), &mut || run(sm3), &mut || run(v11)],
    );
    println!();
    println!("| signer | signatures/s (median of rounds, one thread) |");
    println!("|---|---:|");
    for (algorithm, samples) in algorithms.iter().zip(&samples) {
        println!(
            "| {} | {:.0} |",
            algorithm.name(),
            f64::from(batch) / samples.median().as_secs_f64()
        );
    }
}

/// Sends one request of each kind to a recording server and compares them pairwise.
async fn same_bytes(http: &reqwest::Client) -> Result<(), String> {
    let server = TestServer::replying(Reply::status(202));
    let url = server.url();
    token_client(&url)
        .restore_backup(BACKUP, &typed_body())
        .await
        .map_err(|e| format!("generated token call failed: {e}"))?;
    if !hand_token(http, &url, &json_body()).await {
        return Err("hand-written token call failed".into());
    }
    aksk_client(&url)
        .restore_backup(BACKUP, &typed_body())
        .await
        .map_err(|e| format!("generated AK/SK call failed: {e}"))?;
    if !hand_aksk(http, &url, &json_body()).await {
        return Err("hand-written AK/SK call failed".into());
    }
    let requests = server.requests();
    let [generated_token, hand_token, generated_aksk, hand_aksk] = requests.as_slice() else {
        return Err(format!("expected 4 requests, got {}", requests.len()));
    };
    compare("token", generated_token, hand_token)?;
    compare("AK/SK", generated_aksk, hand_aksk)
}

fn compare(what: &str, a: &RecordedRequest, b: &RecordedRequest) -> Result<(), String> {
    // Header names in wire case and order, values aside (dates and signatures differ).
    let names = |r: &RecordedRequest| r.headers.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let same = a.method == b.method
        && a.target == b.target
        && names(a) == names(b)
        && a.json() == b.json()
        && a.body.len() == b.body.len();
    if same {
        Ok(())
    } else {
        Err(format!(
            "{what}:\n  generated:    {} {} {:?} {}\n  hand-written: {} {} {:?} {}",
            a.method,
            a.target,
            names(a),
            String::from_utf8_lossy(&a.body),
            b.method,
            b.target,
            names(b),
            String::from_utf8_lossy(&b.body),
        ))
    }
}
