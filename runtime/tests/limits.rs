//! Body limits against servers whose bodies do not end: the client stops near the limit, the
//! server sees the hang-up (it counts what it wrote), and nothing is buffered past it. Also a
//! server that trickles its body slower than the read timeout.

use std::time::{Duration, Instant};

use apigen_runtime::reqwest::Method;
use apigen_runtime::{
    CallOptions, ClientCore, DEFAULT_MAX_ERROR_BODY, Error, Request, RetryPolicy,
};
use apigen_test_support::{Endless, EndlessServer, Framing, Reply, TestServer};

const MIB: u64 = 1024 * 1024;

/// A body that would run to 1 GiB or 20 s if the client kept reading.
fn endless(status: u16, content_type: &'static str, framing: Framing) -> EndlessServer {
    EndlessServer::start(Endless {
        status,
        content_type,
        framing,
        pattern: br#"{"error_code":"X.1","error_msg":"spam"},"#,
        max_bytes: 1024 * MIB,
        max_time: Duration::from_secs(20),
        pause: None,
    })
}

fn core(url: &str) -> ClientCore {
    ClientCore::builder()
        .endpoint(url)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn get() -> Request {
    Request::new(Method::GET, "/thing")
        .operation("Thing")
        .path_literal("/thing")
}

/// A 200 body of 64 KiB writes `pause` apart, for 10 s at most.
fn trickle(pause: Duration) -> EndlessServer {
    EndlessServer::start(Endless {
        status: 200,
        content_type: "application/json",
        framing: Framing::Chunked,
        pattern: b"[1,",
        max_bytes: 64 * MIB,
        max_time: Duration::from_secs(10),
        pause: Some(pause),
    })
}

/// Waits (bounded) for the server to notice the hang-up and stop writing.
fn settled(server: &EndlessServer) -> u64 {
    let mut last = server.written();
    for _ in 0..50 {
        std::thread::sleep(Duration::from_millis(50));
        let now = server.written();
        if now == last {
            return now;
        }
        last = now;
    }
    last
}

#[tokio::test]
async fn an_endless_success_body_stops_at_the_limit() {
    let server = endless(200, "application/json", Framing::Chunked);
    let core = core(&server.url()).with_options(CallOptions::new().max_body_size(MIB as usize));
    let started = Instant::now();
    let error = core.execute::<()>(get()).await.expect_err("over the limit");
    match &error {
        Error::BodyTooLarge { status, limit, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(*limit, MIB as usize);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("1048576-byte limit"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // The client read about a MiB; the rest is what socket buffers held when it hung up.
    let written = settled(&server);
    eprintln!("the server wrote {written} body bytes before the client hung up");
    assert!(written < 16 * MIB, "the server wrote {written} bytes");
}

#[tokio::test]
async fn a_huge_declared_length_fails_before_reading() {
    let server = endless(
        200,
        "application/octet-stream",
        Framing::Declared(2048 * MIB),
    );
    let core = ClientCore::builder()
        .endpoint(server.url())
        .retry(RetryPolicy::none())
        .max_body_size(4 * MIB as usize)
        .build()
        .unwrap();
    let error = core
        .execute::<()>(get())
        .await
        .expect_err("declared too large");
    assert!(matches!(error, Error::BodyTooLarge { limit, .. } if limit == 4 * MIB as usize));
    let written = settled(&server);
    eprintln!("the server wrote {written} body bytes before the client hung up");
    assert!(written < 16 * MIB, "the server wrote {written} bytes");
}

#[tokio::test]
async fn an_endless_error_body_keeps_a_prefix_and_says_so() {
    let server = endless(400, "application/json", Framing::Chunked);
    let core = core(&server.url());
    let response = core
        .execute::<()>(get())
        .await
        .expect("an error status is an answer");
    let Error::Api(error) = response.api_error_without_body::<()>() else {
        panic!("an API error");
    };
    assert!(error.body_cut());
    assert_eq!(error.raw_body().len(), DEFAULT_MAX_ERROR_BODY);
    // The prefix is not a whole JSON object, so the status and raw text stand in.
    assert_eq!(error.code(), "400");
    assert!(
        error.to_string().ends_with("(body cut after 65536 bytes)"),
        "{error}"
    );
    let written = settled(&server);
    eprintln!("the server wrote {written} body bytes before the client hung up");
    assert!(written < 16 * MIB, "the server wrote {written} bytes");
}

#[tokio::test]
async fn limits_are_per_client_and_per_call() {
    const BODY: &str = r#"{"error_code":"A.1","error_msg":"a small body"}"#;
    let server = TestServer::start(|request| {
        let status = if request.target.contains("error") {
            500
        } else {
            200
        };
        Reply::status(status)
            .header("Content-Type", "application/json")
            .body(BODY)
    });
    let core = ClientCore::builder()
        .endpoint(server.url())
        .retry(RetryPolicy::none())
        .max_error_body_size(16)
        .build()
        .unwrap();
    let error_call = || {
        Request::new(Method::GET, "/error")
            .operation("E")
            .path_literal("/error")
    };
    let Error::Api(cut) = core
        .execute::<()>(error_call())
        .await
        .unwrap()
        .api_error_without_body::<()>()
    else {
        panic!("an API error")
    };
    assert_eq!(cut.raw_body().as_ref(), br#"{"error_code":"A"#);
    assert!(cut.body_cut());
    // Per call, a larger prefix: the whole body, read like the official SDK reads it.
    let roomy = core.with_options(CallOptions::new().max_error_body_size(1024));
    let Error::Api(whole) = roomy
        .execute::<()>(error_call())
        .await
        .unwrap()
        .api_error_without_body::<()>()
    else {
        panic!("an API error")
    };
    assert!(!whole.body_cut());
    assert_eq!((whole.code(), whole.message()), ("A.1", "a small body"));
    // A success body one byte over its limit, then exactly at it.
    let tight = core.with_options(CallOptions::new().max_body_size(BODY.len() - 1));
    assert!(matches!(
        tight.execute::<()>(get()).await,
        Err(Error::BodyTooLarge { limit, .. }) if limit == BODY.len() - 1
    ));
    let exact = core.with_options(CallOptions::new().max_body_size(BODY.len()));
    assert!(exact.execute::<()>(get()).await.is_ok());
}

#[tokio::test]
async fn a_body_slower_than_the_read_timeout_times_out() {
    let server = trickle(Duration::from_millis(400));
    let core = ClientCore::builder()
        .endpoint(server.url())
        .read_timeout(Duration::from_millis(100))
        .retry(
            RetryPolicy::default()
                .max_attempts(2)
                .backoff(Duration::from_millis(5), Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let error = core.execute::<()>(get()).await.expect_err("too slow");
    assert!(
        matches!(error, Error::Timeout { attempts: 2, .. }),
        "{error:?}"
    );
    assert_eq!(server.connections(), 2, "a GET is retried once");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_overall_timeout_covers_the_whole_body() {
    // Each chunk comes well within the read timeout, but the body takes longer than the
    // overall limit.
    let server = trickle(Duration::from_millis(50));
    let core = timed(
        &server.url(),
        Duration::from_secs(2),
        Some(Duration::from_millis(400)),
    );
    let started = Instant::now();
    let error = core.execute::<()>(get()).await.expect_err("too long");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

fn streamed_get() -> Request {
    get().stream_when(|status| status == 200)
}

/// A client that does not retry, with these timeouts (`timeout`: the overall one).
fn timed(url: &str, read_timeout: Duration, timeout: Option<Duration>) -> ClientCore {
    let builder = ClientCore::builder()
        .endpoint(url)
        .read_timeout(read_timeout)
        .retry(RetryPolicy::none());
    match timeout {
        Some(timeout) => builder.timeout(timeout),
        None => builder,
    }
    .build()
    .unwrap()
}

/// The body of a streamed GET, unread.
async fn download(core: &ClientCore) -> apigen_runtime::ByteStream {
    core.execute::<()>(streamed_get())
        .await
        .unwrap()
        .stream::<()>()
        .unwrap()
        .into_body()
}

#[tokio::test]
async fn an_endless_download_left_unread_or_collected_stops_near_the_limit() {
    let server = endless(200, "application/octet-stream", Framing::Chunked);
    let core = core(&server.url());
    // Handed over unread: the client holds the stream, and the server is held back by
    // flow control, not by the client's memory.
    let response = download(&core).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let held = settled(&server);
    eprintln!("the server wrote {held} body bytes while the stream was unread");
    assert!(held < 16 * MIB, "the server wrote {held} bytes");
    drop(response);

    let error = download(&core)
        .await
        .collect(MIB as usize)
        .await
        .expect_err("over the limit");
    assert!(
        matches!(error, apigen_runtime::StreamError::TooLarge { limit } if limit == MIB as usize),
        "{error:?}"
    );
    let written = settled(&server) - held;
    eprintln!("the server wrote {written} body bytes before the collecting client hung up");
    assert!(written < 16 * MIB, "the server wrote {written} bytes");
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_streamed_body_slower_than_the_read_timeout_times_out_between_chunks() {
    let server = trickle(Duration::from_millis(400));
    let core = timed(&server.url(), Duration::from_millis(100), None);
    let mut body = download(&core).await;
    let mut chunks = 0;
    let error = loop {
        match body.next_chunk().await {
            Some(Ok(_)) if chunks < 1000 => chunks += 1,
            Some(Ok(_)) => panic!("the trickle never stalled"),
            Some(Err(error)) => break error,
            None => panic!("the trickle ended"),
        }
    };
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn the_overall_timeout_covers_a_streamed_body_too() {
    let server = trickle(Duration::from_millis(50));
    let core = timed(
        &server.url(),
        Duration::from_secs(2),
        Some(Duration::from_millis(400)),
    );
    let error = download(&core)
        .await
        .copy_to(&mut tokio::io::sink())
        .await
        .expect_err("the body outlasts the overall timeout");
    assert!(error.is_timeout(), "{error:?}");
}
