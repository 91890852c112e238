//! Timeouts, resets, throttling and retries against a loopback server that counts what it
//! receives.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use apigen_runtime::reqwest::Method;
use apigen_runtime::{CallOptions, ClientCore, Error, Request, RetryPolicy};
use apigen_test_support::{Reply, TestServer};

type Result<T> = std::result::Result<T, Error<serde_json::Value>>;

/// Fast retries so the suite stays quick; the policy logic is what is tested.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn core(server: &TestServer, policy: RetryPolicy) -> ClientCore {
    ClientCore::builder()
        .endpoint(server.url())
        .retry(policy)
        .build()
        .unwrap()
}

async fn send(core: &ClientCore, method: Method) -> Result<u16> {
    let request = Request::new(method, "/thing")
        .operation("Thing")
        .path_literal("/thing");
    // As generated code does: 200 is the declared success, anything else an error.
    let response = core.execute::<serde_json::Value>(request).await?;
    match response.status().as_u16() {
        200 => Ok(200),
        _ => Err(response.unexpected()),
    }
}

/// A server answering `first` for the first `n` requests, then 200.
fn flaky(n: usize, first: Reply) -> (TestServer, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let server = TestServer::start(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) < n {
            first.clone()
        } else {
            Reply::status(200)
        }
    });
    (server, count)
}

#[tokio::test]
async fn a_slow_server_times_out_and_only_idempotent_calls_retry() {
    let server = TestServer::start(|_| {
        std::thread::sleep(Duration::from_millis(800));
        Reply::status(200)
    });
    let core = ClientCore::builder()
        .endpoint(server.url())
        .timeout(Duration::from_millis(150))
        .retry(quick())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = send(&core, Method::GET).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 3, .. }),
        "{error:?}"
    );
    assert!(error.is_timeout());
    assert!(
        started.elapsed() < Duration::from_millis(750),
        "timeouts fire: {:?}",
        started.elapsed()
    );

    let before = server.requests().len();
    let error = send(&core, Method::POST).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "a POST that may have arrived is not repeated: {error:?}"
    );
    // Let the server finish reading before counting.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.requests().len() - before, 1);
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_client() {
    let server = TestServer::start(|_| {
        std::thread::sleep(Duration::from_millis(300));
        Reply::status(200)
    });
    let core = core(&server, RetryPolicy::none());
    assert_eq!(
        send(&core, Method::GET).await.unwrap(),
        200,
        "no timeout by default"
    );
    let hurried = core.with_options(CallOptions::new().timeout(Duration::from_millis(50)));
    assert!(send(&hurried, Method::GET).await.unwrap_err().is_timeout());
}

#[tokio::test]
async fn resets_are_retried_for_get_but_not_for_post() {
    let (server, count) = flaky(2, Reply::close());
    let core = core(&server, quick());
    assert_eq!(
        send(&core, Method::GET).await.unwrap(),
        200,
        "third attempt succeeds"
    );
    assert_eq!(count.load(Ordering::SeqCst), 3);

    let (server, count) = flaky(2, Reply::close());
    let core = self::core(&server, quick());
    let error = send(&core, Method::POST).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1, "POST sent once");
}

#[tokio::test]
async fn throttling_honours_retry_after_for_idempotent_calls() {
    let (server, count) = flaky(1, Reply::status(503).header("Retry-After", "1"));
    let core = core(&server, quick());
    let started = Instant::now();
    assert_eq!(send(&core, Method::GET).await.unwrap(), 200);
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_throttled_post_is_returned_not_repeated() {
    let (server, count) = flaky(5, Reply::status(429).header("Retry-After", "0"));
    let core = core(&server, quick());
    let error = send(&core, Method::POST).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn callers_can_opt_in_to_repeating_a_post() {
    let (server, count) = flaky(2, Reply::status(503));
    let core = core(&server, quick().retry_non_idempotent(true));
    assert_eq!(send(&core, Method::POST).await.unwrap(), 200);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn attempts_are_bounded_and_long_retry_after_stops_retrying() {
    let (server, count) = flaky(100, Reply::status(503));
    let core = core(&server, quick());
    assert_eq!(
        send(&core, Method::GET)
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(count.load(Ordering::SeqCst), 3, "max_attempts");

    let (server, count) = flaky(100, Reply::status(503).header("Retry-After", "3600"));
    let core = self::core(&server, quick());
    let started = Instant::now();
    assert!(send(&core, Method::GET).await.is_err());
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "an hour is beyond max_retry_after"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_post() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let core = ClientCore::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .retry(quick())
        .build()
        .unwrap();
    let request = Request::new(Method::POST, "/x").path_literal("/x");
    let error = core
        .execute::<serde_json::Value>(request)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 3, .. }),
        "{error:?}"
    );
}
