//! A minimal HTTP/1.1 server on 127.0.0.1 for the request benchmark: keep-alive, every
//! request answered `202 Accepted` with an empty body, as CBR answers a restore.
//!
//! It runs on its own thread and single-threaded runtime, so it costs both clients the same
//! and never competes with them for the client's runtime.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const REPLY: &[u8] = b"HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\nx-request-id: bench\r\n\r\n";
/// Bounds on every loop and buffer.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;
const MAX_REQUESTS_PER_CONNECTION: u64 = 100_000_000;
const MAX_CONNECTIONS: u64 = 100_000;

/// A running server; it stops when dropped (the process exits soon after in a bench).
pub struct AcceptServer {
    addr: SocketAddr,
    served: Arc<AtomicU64>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl AcceptServer {
    /// Starts the server on an ephemeral port of 127.0.0.1.
    ///
    /// # Panics
    /// When no thread, runtime or socket can be created (the bench cannot run then).
    pub fn start() -> Self {
        let (tx, rx) = mpsc::channel();
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let served = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&served);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
                tx.send(listener.local_addr().expect("addr"))
                    .expect("report addr");
                let accept = async {
                    for _ in 0..MAX_CONNECTIONS {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        let _ = stream.set_nodelay(true);
                        tokio::spawn(serve(stream, Arc::clone(&counter)));
                    }
                };
                tokio::select! {
                    () = accept => {}
                    _ = stop => {}
                }
            });
        });
        let addr = rx.recv().expect("server started");
        Self {
            addr,
            served,
            shutdown: Some(shutdown),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests answered so far.
    pub fn served(&self) -> u64 {
        self.served.load(Ordering::Relaxed)
    }
}

impl Drop for AcceptServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Answers requests on one connection until the client closes it.
async fn serve(mut stream: TcpStream, served: Arc<AtomicU64>) {
    let mut buf = Vec::with_capacity(8 * 1024);
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let Some(head_end) = read_head(&mut stream, &mut buf).await else {
            return;
        };
        let body = content_length(&buf[..head_end]).unwrap_or(0).min(MAX_BODY);
        while buf.len() < head_end + body {
            if read_more(&mut stream, &mut buf).await == 0 {
                return;
            }
        }
        buf.drain(..head_end + body);
        if stream.write_all(REPLY).await.is_err() {
            return;
        }
        served.fetch_add(1, Ordering::Relaxed);
    }
}

/// Reads until `buf` holds a whole request head; returns its length (through `\r\n\r\n`).
async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<usize> {
    loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Some(i + 4);
        }
        if buf.len() > MAX_HEAD || read_more(stream, buf).await == 0 {
            return None;
        }
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> usize {
    let mut chunk = [0u8; 8 * 1024];
    match stream.read(&mut chunk).await {
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            n
        }
        Err(_) => 0,
    }
}

fn content_length(head: &[u8]) -> Option<usize> {
    let head = std::str::from_utf8(head).ok()?;
    head.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_is_found_case_insensitively() {
        let head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n";
        assert_eq!(content_length(head), Some(12));
        assert_eq!(content_length(b"GET / HTTP/1.1\r\n\r\n"), None);
    }

    #[tokio::test]
    async fn answers_several_requests_on_one_connection() {
        let server = AcceptServer::start();
        let client = apigen_runtime::http_client_builder()
            .unwrap()
            .build()
            .unwrap();
        for i in 0..3 {
            let response = client
                .post(format!("{}/v3/p/backups/b/restore", server.url()))
                .body(format!("{{\"n\":{i}}}"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 202);
        }
        assert_eq!(server.served(), 3);
    }
}
