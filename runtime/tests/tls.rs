//! HTTPS with the default crypto provider (ring) against a loopback TLS server, written with
//! rustls' server side and a certificate made for the test: the client refuses a certificate
//! no trusted authority issued, saying why, and completes a call once the authority is in
//! the trust store it reads (`SSL_CERT_FILE`, as the platform verifier reads it on Linux),
//! speaking TLS 1.3 and HTTP/1.1 by ALPN.
#![cfg(all(feature = "tls-ring", not(feature = "tls-aws-lc"), target_os = "linux"))]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use apigen_runtime::reqwest::Method;
use apigen_runtime::{ClientCore, Error, Request, RetryPolicy};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// What the server saw of one connection.
#[derive(Debug)]
struct Seen {
    /// How the handshake ended.
    handshake: Result<(), rustls::Error>,
    version: Option<rustls::ProtocolVersion>,
    alpn: Option<Vec<u8>>,
    /// The request head, when the handshake completed.
    request: String,
}

/// A TLS server on 127.0.0.1 for one connection, answering any request with a small JSON
/// body.
fn serve_once(
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> (u16, JoinHandle<Seen>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("the test certificate");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("its address").port();
    let handle = std::thread::spawn(move || {
        let (mut tcp, _) = listener.accept().expect("the client connects");
        tcp.set_read_timeout(Some(Duration::from_secs(10))).ok();
        let mut tls = rustls::ServerConnection::new(Arc::new(config)).expect("a connection");
        let handshake = handshake(&mut tls, &mut tcp);
        let mut seen = Seen {
            version: tls.protocol_version(),
            alpn: tls.alpn_protocol().map(<[u8]>::to_vec),
            handshake,
            request: String::new(),
        };
        if seen.handshake.is_ok() {
            let mut stream = rustls::Stream::new(&mut tls, &mut tcp);
            seen.request = read_head(&mut stream);
            let body = br#"{"ok":true}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).ok();
            stream.write_all(body).ok();
            stream.flush().ok();
            tls.send_close_notify();
            tls.complete_io(&mut tcp).ok();
        }
        seen
    });
    (port, handle)
}

/// Runs the handshake to its end (bounded: a handshake is a few flights).
fn handshake(tls: &mut rustls::ServerConnection, tcp: &mut TcpStream) -> Result<(), rustls::Error> {
    for _ in 0..32 {
        if !tls.is_handshaking() {
            return Ok(());
        }
        if let Err(e) = tls.complete_io(tcp) {
            return Err(e
                .into_inner()
                .and_then(|inner| inner.downcast::<rustls::Error>().ok())
                .map_or_else(|| rustls::Error::General(String::from("I/O")), |e| *e));
        }
    }
    Err(rustls::Error::General(String::from(
        "handshake did not end",
    )))
}

/// The request line and headers (up to the blank line; bounded by the socket's timeout and
/// by size).
fn read_head(stream: &mut impl Read) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A certificate for `localhost`, its own issuer, and its key.
fn certificate() -> (CertificateDer<'static>, PrivateKeyDer<'static>, String) {
    let made = rcgen::generate_simple_self_signed(vec![String::from("localhost")])
        .expect("a test certificate");
    let key = PrivatePkcs8KeyDer::from(made.signing_key.serialize_der());
    (made.cert.der().clone(), key.into(), made.cert.pem())
}

async fn call(port: u16) -> Result<serde_json::Value, Error<serde_json::Value>> {
    let core = ClientCore::builder()
        .endpoint(format!("https://localhost:{port}"))
        .retry(RetryPolicy::default().max_attempts(1))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let request = Request::new(Method::GET, "/ping")
        .operation("Ping")
        .path_literal("/ping");
    let response = core.execute::<serde_json::Value>(request).await?;
    match response.status().as_u16() {
        200 => response.json().map(|answer| answer.into_body()),
        _ => Err(response.unexpected()),
    }
}

/// Both halves in one test: the second sets `SSL_CERT_FILE` for this process, which no
/// other test here may see first.
#[tokio::test]
async fn an_unknown_issuer_is_refused_and_a_trusted_one_serves() {
    let (cert, key, pem) = certificate();

    // Not in the trust store: the client refuses the certificate and says so.
    let (port, server) = serve_once(cert.clone(), key.clone_key());
    let error = call(port)
        .await
        .expect_err("an untrusted certificate is refused");
    let seen = server.join().expect("the server thread");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let chain = error_chain(&error);
    assert!(
        chain.contains("certificate") && chain.contains("UnknownIssuer"),
        "the error says why: {chain}"
    );
    assert!(
        matches!(
            seen.handshake,
            Err(rustls::Error::AlertReceived(
                rustls::AlertDescription::UnknownCA
            ))
        ),
        "the client aborted the handshake with an alert: {seen:?}"
    );
    assert_eq!(
        seen.version,
        Some(rustls::ProtocolVersion::TLSv1_3),
        "{seen:?}"
    );
    assert_eq!(seen.alpn.as_deref(), Some(&b"http/1.1"[..]), "{seen:?}");

    // In the trust store: the call completes over TLS.
    let dir = std::env::temp_dir().join(format!("apigen-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let roots = dir.join("roots.pem");
    std::fs::write(&roots, pem).expect("the trust store file");
    // SAFETY: this test binary's only test; nothing else reads the environment meanwhile.
    unsafe { std::env::set_var("SSL_CERT_FILE", &roots) };
    let (port, server) = serve_once(cert, key);
    let answer = call(port).await;
    let seen = server.join().expect("the server thread");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        answer.expect("a trusted certificate serves"),
        serde_json::json!({"ok": true})
    );
    assert!(seen.handshake.is_ok(), "{seen:?}");
    assert!(
        seen.request.starts_with("GET /ping HTTP/1.1\r\n"),
        "HTTP/1.1 inside TLS: {:?}",
        seen.request
    );
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(" / ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}
