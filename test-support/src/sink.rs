//! A server that takes request bodies of any size without keeping them: it counts and
//! hashes each body as it arrives and records the head, so a test can upload hundreds of
//! megabytes and still check every byte (length and SHA-256) and the signature.

use std::io::{BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::RecordedRequest;

/// Longest body taken: 4 GiB.
const MAX_BODY: u64 = 4 << 30;
/// Connections served at most.
const MAX_CONNECTIONS: usize = 64;

/// One request as the sink saw it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The head (method, target, headers); its `body` is empty.
    pub head: RecordedRequest,
    /// Body bytes received.
    pub length: u64,
    /// Hex SHA-256 of the body.
    pub sha256: String,
}

/// The running server; stopped when dropped.
pub struct SinkServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SinkServer {
    /// Starts a server on 127.0.0.1 that answers each complete request with `status` and no
    /// body.
    pub fn start(status: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (received.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS) {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let r = r.clone();
                std::thread::spawn(move || serve(stream, status, &r));
            }
        });
        Self {
            addr,
            received,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received completely so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("received lock").clone()
    }
}

impl Drop for SinkServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, status: u16, received: &Mutex<Vec<Received>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    for _ in 0..1000 {
        let Some(head) = crate::read_head(&mut reader) else {
            break;
        };
        let mut hasher = Sha256::new();
        let Some(length) = crate::read_body(&mut reader, &head.headers, MAX_BODY, |chunk| {
            hasher.update(chunk)
        }) else {
            break;
        };
        received.lock().expect("received lock").push(Received {
            head,
            length,
            sha256: hex::encode(hasher.finalize()),
        });
        let reply = format!("HTTP/1.1 {status} Status\r\nContent-Length: 0\r\n\r\n");
        if writer.write_all(reply.as_bytes()).is_err() {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}
