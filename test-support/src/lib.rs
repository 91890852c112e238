//! Test helpers shared by the workspace's tests.
//!
//! [`TestServer`] is a real HTTP/1.1 server on `127.0.0.1` (std sockets, one thread per
//! connection) that records every request exactly as it arrived (header names in wire case and
//! order, body bytes) and answers with a scripted [`Reply`]. It is deliberately hand-written so
//! tests see the raw wire, not a framework's normalised view.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

mod endless;
pub use endless::{Endless, EndlessServer, Framing};
mod sink;
pub use sink::{Received, SinkServer};
pub mod official_sdk;
mod verify;
pub use verify::{Keys, verify_signature};

/// Upper bounds that keep every loop in the server finite.
const MAX_CONNECTIONS: usize = 10_000;
const MAX_REQUESTS_PER_CONNECTION: usize = 10_000;
const MAX_HEADER_LINES: usize = 200;
const MAX_BODY: usize = 16 * 1024 * 1024;
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `POST`, `GET`, …
    pub method: String,
    /// The request target: path and query exactly as sent.
    pub target: String,
    /// Header `(name, value)` pairs in wire order and case.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Header names, lowercased and sorted: for asserting the exact set sent.
    pub fn header_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        names.sort();
        names
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers to send (besides `Content-Length`, which is always added).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Close the connection instead of answering (a reset, as the client sees it).
    pub close: bool,
}

impl Reply {
    /// No answer at all: the server closes the connection after reading the request.
    pub fn close() -> Self {
        Self {
            close: true,
            ..Self::status(0)
        }
    }

    /// A reply with a status and no body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            close: false,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

type Handler = dyn Fn(&RecordedRequest) -> Reply + Send + Sync;

/// A recording HTTP/1.1 server on `127.0.0.1`, stopped when dropped.
pub struct TestServer {
    addr: SocketAddr,
    recorded: Arc<Mutex<Vec<RecordedRequest>>>,
    stop: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server that answers every request with `handler`'s reply.
    pub fn start(handler: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let accept_thread = {
            let (recorded, stop) = (recorded.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming().take(MAX_CONNECTIONS) {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (recorded, handler) = (recorded.clone(), handler.clone());
                    std::thread::spawn(move || serve_connection(stream, &recorded, &*handler));
                }
            })
        };
        Self {
            addr,
            recorded,
            stop,
            accept_thread: Some(accept_thread),
        }
    }

    /// Starts a server that always answers with `reply`.
    pub fn replying(reply: Reply) -> Self {
        Self::start(move |_| reply.clone())
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorded.lock().expect("recorded lock").clone()
    }

    /// The only request received; panics when there were none or several.
    pub fn single_request(&self) -> RecordedRequest {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests.into_iter().next().expect("one request")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve_connection(stream: TcpStream, recorded: &Mutex<Vec<RecordedRequest>>, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let Some(request) = read_request(&mut reader) else {
            break;
        };
        recorded
            .lock()
            .expect("recorded lock")
            .push(request.clone());
        let reply = handler(&request);
        if reply.close || write_reply(&mut writer, &reply).is_err() {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

/// Reads a request's line and headers; the body is left for [`read_body`].
pub(crate) fn read_head(reader: &mut impl BufRead) -> Option<RecordedRequest> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    for _ in 0..MAX_HEADER_LINES {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    Some(RecordedRequest {
        method,
        target,
        headers,
        body: Vec::new(),
    })
}

fn read_request(reader: &mut impl BufRead) -> Option<RecordedRequest> {
    let mut request = read_head(reader)?;
    let mut body = Vec::new();
    read_body(reader, &request.headers, MAX_BODY as u64, |chunk| {
        body.extend_from_slice(chunk);
    })?;
    request.body = body;
    Some(request)
}

/// Reads a request body framed by `headers` (`Content-Length`, or `Transfer-Encoding:
/// chunked`), handing it to `sink` piece by piece; `None` when it is malformed, cut short or
/// longer than `max` bytes. Returns the body's length.
pub(crate) fn read_body(
    reader: &mut impl BufRead,
    headers: &[(String, String)],
    max: u64,
    mut sink: impl FnMut(&[u8]),
) -> Option<u64> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let mut buffer = vec![0u8; 64 * 1024];
    let mut copy = |reader: &mut dyn BufRead, mut n: u64| -> Option<()> {
        while n > 0 {
            let take = n.min(buffer.len() as u64) as usize;
            reader.read_exact(&mut buffer[..take]).ok()?;
            sink(&buffer[..take]);
            n -= take as u64;
        }
        Some(())
    };
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut total = 0u64;
        // Bounded: each chunk is at least one byte of the `max` allowed, plus the last.
        for _ in 0..=max {
            let mut line = String::new();
            reader.read_line(&mut line).ok()?;
            let size = u64::from_str_radix(line.trim_end().split(';').next()?, 16).ok()?;
            if size == 0 {
                let mut end = String::new();
                reader.read_line(&mut end).ok()?;
                return Some(total);
            }
            total += size;
            if total > max {
                return None;
            }
            copy(reader, size)?;
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf).ok()?;
        }
        return None;
    }
    let length = header("content-length").map_or(Some(0), |v| v.parse::<u64>().ok())?;
    if length > max {
        return None;
    }
    copy(reader, length)?;
    Some(length)
}

fn write_reply(writer: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
    // One write: a head and a body in two small segments wait for the client's delayed ACK
    // (Nagle), 40 ms a reply.
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&reply.body);
    writer.write_all(&bytes)?;
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A path inside the read-only reference material `../shared` next to the workspace.
/// Panics with a clear message when it is missing (a clone without the `shared` link).
pub fn shared_path(relative: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let path = root.join(relative);
    assert!(
        path.exists(),
        "reference file {} is missing: tests read ../shared next to the workspace \
         (link it with `ln -s /path/to/shared ../shared`)",
        path.display()
    );
    path
}

/// Reads and parses a JSON file under `../shared`.
pub fn shared_json(relative: &str) -> serde_json::Value {
    let path = shared_path(relative);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}
