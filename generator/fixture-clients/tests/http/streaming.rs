//! Bodies that are not held in memory: downloads handed over as streams (with their typed
//! headers), uploads from files and streams (sent with a length when one is known), and
//! retries only when the body can be sent again.

use std::time::Duration;

use apigen_fixture_clients::media::{self, GetArchiveResponse, types::*};
use apigen_runtime::{Body, Error, File, RetryPolicy};
use apigen_test_support::{Reply, TestServer};

/// A file in a directory of its own, removed when dropped (tests run in parallel).
struct Scratch {
    dir: std::path::PathBuf,
    path: std::path::PathBuf,
}

impl Scratch {
    fn new(name: &str, content: &[u8]) -> Self {
        let dir =
            std::env::temp_dir().join(format!("apigen-streaming-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        Self { dir, path }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn a_download_is_a_stream_with_typed_headers_and_json_stays_decoded() {
    let server = TestServer::start(|request| match request.header("Range") {
        Some("bytes=2-") => Reply::status(206)
            .header("Content-Range", "bytes 2-5/6")
            .header("Content-Type", "application/zip")
            .body("ZIPS"),
        Some(_) => Reply::status(202).body(r#"{"retry_after_seconds":3}"#),
        None => Reply::status(200)
            .header("ETag", "\"v1\"")
            .body(&b"PK\x03\x04\x00\xff"[..]),
    });
    let client = media::Client::new(&server.url()).unwrap();

    let whole = client.get_archive("a1").await.unwrap().into_body();
    let GetArchiveResponse::Ok { body, e_tag } = whole else {
        panic!("expected 200, got {whole:?}");
    };
    assert_eq!(e_tag.as_deref(), Some("\"v1\""));
    assert_eq!(body.content_length(), Some(6));
    let mut sink = Vec::new();
    assert_eq!(body.copy_to(&mut sink).await.unwrap(), 6);
    assert_eq!(sink, b"PK\x03\x04\x00\xff");

    let part = client.get_archive("a1").range("bytes=2-").await.unwrap();
    let GetArchiveResponse::PartialContent {
        body,
        content_range,
    } = part.into_body()
    else {
        panic!("expected 206");
    };
    assert_eq!(content_range, "bytes 2-5/6");
    assert!(matches!(
        body.collect(3).await,
        Err(apigen_runtime::StreamError::TooLarge { limit: 3 })
    ));

    let later = client.get_archive("a1").range("bytes=0-").await.unwrap();
    assert!(matches!(
        later.into_body(),
        GetArchiveResponse::Accepted(GetArchiveResponse202 {
            retry_after_seconds: Some(3),
            ..
        })
    ));
}

#[tokio::test]
async fn uploads_from_files_and_streams_say_their_length_when_they_know_it() {
    let server = TestServer::replying(Reply::status(201));
    let client = media::Client::new(&server.url()).unwrap();
    let file = Scratch::new("archive.zip", b"file content");
    client
        .put_archive("f", Body::from_file(&file.path).unwrap())
        .await
        .unwrap();
    let chunks = || futures_util::stream::iter([Ok::<_, std::io::Error>("str"), Ok("eam")]);
    client
        .put_archive("s", Body::from_stream(chunks(), Some(6)))
        .await
        .unwrap();
    client
        .put_archive("u", Body::from_stream(chunks(), None))
        .await
        .unwrap();
    let requests = server.requests();
    let framing = |i: usize| {
        (
            requests[i].header("Content-Length"),
            requests[i].header("Transfer-Encoding"),
            String::from_utf8_lossy(&requests[i].body).into_owned(),
        )
    };
    assert_eq!(framing(0), (Some("12"), None, "file content".into()));
    assert_eq!(framing(1), (Some("6"), None, "stream".into()));
    assert_eq!(framing(2), (None, Some("chunked"), "stream".into()));
    assert_eq!(requests[0].header("Content-Type"), Some("application/zip"));
}

#[tokio::test]
async fn a_multipart_file_part_is_read_from_disk_as_it_is_sent() {
    let server = TestServer::replying(Reply::status(204));
    let client = media::Client::new(&server.url()).unwrap();
    let file = Scratch::new("data.jsonl", b"{\"a\":1}\n");
    let body =
        UploadBody::new(File::new(Body::from_file(&file.path).unwrap()).with_file_name("d.jsonl"))
            .with_purpose(UploadBodyPurpose::Batch);
    client.upload(&body).await.unwrap();
    let request = server.single_request();
    let boundary = request
        .header("Content-Type")
        .and_then(|v| v.strip_prefix("multipart/form-data; boundary="))
        .unwrap()
        .to_owned();
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.jsonl\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{{\"a\":1}}\n\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
    assert_eq!(
        request.header("Content-Length"),
        Some(expected.len().to_string().as_str())
    );
}

/// A client that retries twice, quickly.
fn retrying(url: &str) -> media::Client {
    media::Client::builder()
        .endpoint(url)
        .retry(
            RetryPolicy::default()
                .max_attempts(2)
                .backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_file_body_is_sent_again_after_a_reset_and_a_stream_is_not() {
    let reset_first = || {
        let seen = std::sync::atomic::AtomicUsize::new(0);
        TestServer::start(
            move |_| match seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
                0 => Reply::close(),
                _ => Reply::status(201),
            },
        )
    };
    let file = Scratch::new("retry.bin", b"again");
    let server = reset_first();
    retrying(&server.url())
        .put_archive("f", Body::from_file(&file.path).unwrap())
        .await
        .expect("the second attempt succeeds");
    let bodies: Vec<Vec<u8>> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies, [b"again".to_vec(), b"again".to_vec()]);

    let server = reset_first();
    let once = Body::from_stream(
        futures_util::stream::iter([Ok::<_, std::io::Error>("once")]),
        Some(4),
    );
    let error = retrying(&server.url())
        .put_archive("s", once)
        .await
        .expect_err("a stream is sent once");
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);
}
