//! A server whose replies do not end: it answers one request per connection with a status and
//! then body bytes until the client hangs up or a budget (bytes, time) runs out, counting
//! what it wrote. For tests of the client's body limits and slow reads.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How the body is framed.
#[derive(Debug, Clone, Copy)]
pub enum Framing {
    /// `Transfer-Encoding: chunked`: the client cannot know the length.
    Chunked,
    /// A `Content-Length` that the server then tries to fill (a huge declared body).
    Declared(u64),
}

/// What each reply looks like.
#[derive(Debug, Clone)]
pub struct Endless {
    /// The status.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// How the body is framed.
    pub framing: Framing,
    /// The bytes the body repeats.
    pub pattern: &'static [u8],
    /// Most bytes written per connection.
    pub max_bytes: u64,
    /// Longest time spent writing per connection.
    pub max_time: Duration,
    /// The pause between writes (a trickle), if any.
    pub pause: Option<Duration>,
}

/// The running server; stopped when dropped.
pub struct EndlessServer {
    addr: SocketAddr,
    written: Arc<AtomicU64>,
    connections: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Connections served at most.
const MAX_CONNECTIONS: u64 = 64;

impl EndlessServer {
    /// Starts serving `reply` on 127.0.0.1.
    pub fn start(reply: Endless) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let written = Arc::new(AtomicU64::new(0));
        let connections = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (w, c, s) = (written.clone(), connections.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS as usize) {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let (reply, w) = (reply.clone(), w.clone());
                std::thread::spawn(move || serve(stream, &reply, &w));
            }
        });
        Self {
            addr,
            written,
            connections,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Body bytes written so far, over all connections.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> u64 {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for EndlessServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, reply: &Endless, written: &AtomicU64) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    // The request head; a body, if any, is ignored.
    let mut reader = BufReader::new(stream);
    if crate::read_head(&mut reader).is_none() {
        return;
    }
    let framing = match reply.framing {
        Framing::Chunked => String::from("Transfer-Encoding: chunked"),
        Framing::Declared(n) => format!("Content-Length: {n}"),
    };
    let head = format!(
        "HTTP/1.1 {} Reply\r\nContent-Type: {}\r\n{framing}\r\n\r\n",
        reply.status, reply.content_type
    );
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut block = Vec::with_capacity(64 * 1024);
    while block.len() + reply.pattern.len() <= 64 * 1024 {
        block.extend_from_slice(reply.pattern);
    }
    let piece = match reply.framing {
        Framing::Chunked => {
            let mut chunk = format!("{:x}\r\n", block.len()).into_bytes();
            chunk.extend_from_slice(&block);
            chunk.extend_from_slice(b"\r\n");
            chunk
        }
        Framing::Declared(_) => block.clone(),
    };
    let started = Instant::now();
    let mut sent: u64 = 0;
    while sent < reply.max_bytes && started.elapsed() < reply.max_time {
        if writer.write_all(&piece).is_err() {
            return; // the client hung up
        }
        sent += block.len() as u64;
        written.fetch_add(block.len() as u64, Ordering::SeqCst);
        if let Some(pause) = reply.pause {
            std::thread::sleep(pause);
        }
    }
}
