//! Request bodies that need not be in memory: bytes, a file read as it is sent, or a
//! caller's stream.
//!
//! The official SDK signs every body that is not JSON or BSON as `UNSIGNED-PAYLOAD`, so a
//! binary or multipart body is signed without reading it first; only bytes in memory can be
//! hashed, so only they can carry a JSON or BSON media type. A body is sent again on a retry
//! only when it can be replayed: bytes are kept, a file is opened again, a caller's stream
//! is sent once.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::{StreamExt as _, TryStreamExt as _};
use tokio::io::{AsyncRead, AsyncReadExt as _};

/// How much a file or reader body reads at a time.
const CHUNK: usize = 64 * 1024;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// A request body: bytes in memory, a file, or a stream, with its length when known.
///
/// ```
/// use apigen_runtime::Body;
/// let small = Body::from(&b"bytes in memory"[..]);
/// assert_eq!(small.len(), Some(15));
/// assert!(small.is_replayable());
/// let chunks = Body::from_stream(
///     futures_util::stream::iter([Ok::<_, std::io::Error>(&b"one-shot"[..])]),
///     Some(8),
/// );
/// assert!(!chunks.is_replayable());
/// ```
///
/// Cloning is cheap (bytes and streams are shared). A stream is sent at most once, by
/// whichever clone sends it first; sending it again fails with [`UploadError::Consumed`].
#[derive(Clone)]
pub struct Body {
    source: Source,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    /// Opened for each attempt; `len` is its size when the body was made.
    File {
        path: Arc<Path>,
        len: u64,
    },
    /// A caller's stream, taken by the first attempt.
    Once {
        chunks: Arc<Mutex<Option<Chunks>>>,
        len: Option<u64>,
    },
    /// Bodies sent one after the other (a multipart body's framing and contents); never
    /// nested.
    Chain(Arc<[Body]>),
}

/// Why a body could not be sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// The body's file could not be opened.
    #[error("cannot open the body's file `{}`: {source}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The body is a stream that was already sent (streams cannot be replayed).
    #[error("the body's stream was already sent once, and a stream cannot be sent again")]
    Consumed,
    /// The media type is signed over the body's bytes (JSON, BSON), and the body is a file
    /// or a stream, so it would have to be read whole before sending.
    #[error(
        "a `{content_type}` body is signed over its bytes, so it cannot come from a file or a stream"
    )]
    MustBeHashed {
        /// The body's media type.
        content_type: String,
    },
}

impl Body {
    /// A file, read as it is sent (never whole in memory) and opened again for each attempt,
    /// so a call with a file body can be retried. It is sent with `Content-Length` set to the
    /// file's size now.
    ///
    /// # Errors
    /// When the file's size cannot be read, or `path` is not a file.
    pub fn from_file(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` is not a file", path.display()),
            ));
        }
        Ok(Self {
            source: Source::File {
                path: Arc::from(path),
                len: metadata.len(),
            },
        })
    }

    /// A stream of chunks, sent as they come, once: a call with a stream body is never
    /// repeated. With `len` the body is sent with that `Content-Length` (a stream of another
    /// length fails the call); without it, chunked.
    pub fn from_stream<S, B, E>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        let chunks: Chunks = Box::pin(stream.map_ok(Into::into).map_err(Into::into));
        Self {
            source: Source::Once {
                chunks: Arc::new(Mutex::new(Some(chunks))),
                len,
            },
        }
    }

    /// A reader (a socket, a pipe, a decompressor), read as the body is sent, once; see
    /// [`Body::from_stream`].
    pub fn from_reader(reader: impl AsyncRead + Send + 'static, len: Option<u64>) -> Self {
        Self::from_stream(
            tokio_util::io::ReaderStream::with_capacity(reader, CHUNK),
            len,
        )
    }

    /// Bodies sent one after the other (nested chains are flattened).
    pub(crate) fn chain(parts: Vec<Body>) -> Self {
        let mut flat: Vec<Body> = Vec::with_capacity(parts.len());
        for part in parts {
            match part.source {
                Source::Chain(inner) => flat.extend(inner.iter().cloned()),
                _ => flat.push(part),
            }
        }
        if flat.iter().all(|p| matches!(p.source, Source::Bytes(_))) {
            let mut joined =
                Vec::with_capacity(flat.iter().filter_map(Body::len).sum::<u64>() as usize);
            for part in &flat {
                if let Source::Bytes(bytes) = &part.source {
                    joined.extend_from_slice(bytes);
                }
            }
            return Self::from(joined);
        }
        Self {
            source: Source::Chain(flat.into()),
        }
    }

    /// The length in bytes, when known before sending.
    pub fn len(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Once { len, .. } => *len,
            Source::Chain(parts) => parts.iter().map(Body::len).sum(),
        }
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether the body can be sent again (bytes and files can, a stream cannot), so a
    /// failed call may be retried.
    pub fn is_replayable(&self) -> bool {
        match &self.source {
            Source::Bytes(_) | Source::File { .. } => true,
            Source::Once { .. } => false,
            Source::Chain(parts) => parts.iter().all(Body::is_replayable),
        }
    }

    /// The bytes, when the body is in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The body for one attempt: files opened, a stream taken.
    pub(crate) async fn open(&self) -> Result<reqwest::Body, UploadError> {
        if let Source::Bytes(bytes) = &self.source {
            return Ok(reqwest::Body::from(bytes.clone()));
        }
        let parts: &[Body] = match &self.source {
            Source::Chain(parts) => parts,
            _ => std::slice::from_ref(self),
        };
        let mut streams: Vec<Chunks> = Vec::with_capacity(parts.len());
        for part in parts {
            streams.push(part.chunks().await?);
        }
        Ok(reqwest::Body::wrap_stream(
            futures_util::stream::iter(streams).flatten(),
        ))
    }

    /// One part as a stream of chunks (not a chain: chains are flat).
    async fn chunks(&self) -> Result<Chunks, UploadError> {
        match &self.source {
            Source::Bytes(bytes) => {
                let bytes = bytes.clone();
                Ok(Box::pin(futures_util::stream::once(
                    async move { Ok(bytes) },
                )))
            }
            Source::File { path, len } => {
                let file =
                    tokio::fs::File::open(path)
                        .await
                        .map_err(|source| UploadError::Open {
                            path: path.to_path_buf(),
                            source,
                        })?;
                let reader = tokio_util::io::ReaderStream::with_capacity(file.take(*len), CHUNK);
                Ok(Box::pin(reader.map_err(Into::into)))
            }
            Source::Once { chunks, .. } => chunks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
                .ok_or(UploadError::Consumed),
            Source::Chain(_) => Err(UploadError::Consumed),
        }
    }
}

impl fmt::Debug for Body {
    /// The kind and length, never the content.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Bytes(bytes) => write!(f, "Body::Bytes({} bytes)", bytes.len()),
            Source::File { path, len } => write!(f, "Body::File({}, {len} bytes)", path.display()),
            Source::Once { len, .. } => match len {
                Some(len) => write!(f, "Body::Stream({len} bytes)"),
                None => f.write_str("Body::Stream"),
            },
            Source::Chain(parts) => f.debug_tuple("Body::Chain").field(parts).finish(),
        }
    }
}

impl PartialEq for Body {
    /// Bytes by content, files by path and length, streams by identity.
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File { path: a, len: x }, Source::File { path: b, len: y }) => {
                a == b && x == y
            }
            (Source::Once { chunks: a, .. }, Source::Once { chunks: b, .. }) => Arc::ptr_eq(a, b),
            (Source::Chain(a), Source::Chain(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Body {}

impl Default for Body {
    fn default() -> Self {
        Self::from(Bytes::new())
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Self {
            source: Source::Bytes(bytes),
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<&[u8]> for Body {
    /// Copies the bytes.
    fn from(bytes: &[u8]) -> Self {
        Self::from(Bytes::copy_from_slice(bytes))
    }
}

impl<const N: usize> From<[u8; N]> for Body {
    fn from(bytes: [u8; N]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Self::from(Bytes::from(text))
    }
}

impl From<&str> for Body {
    /// Copies the text.
    fn from(text: &str) -> Self {
        Self::from(text.as_bytes())
    }
}

impl From<&Body> for Body {
    fn from(body: &Body) -> Self {
        body.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn collect(body: &Body) -> Result<Vec<u8>, UploadError> {
        let reqwest_body = body.open().await?;
        let mut out = Vec::new();
        let mut stream = http_body_stream(reqwest_body);
        while let Some(chunk) = stream.next().await {
            out.extend_from_slice(&chunk.expect("chunk"));
        }
        Ok(out)
    }

    fn http_body_stream(
        body: reqwest::Body,
    ) -> impl Stream<Item = Result<Bytes, reqwest::Error>> + Unpin {
        // reqwest reads bodies as responses only; a loopback-free way to drain one is its
        // `Body::as_bytes` for buffered bodies, else the stream through `reqwest::Response`.
        let response = reqwest::Response::from(http::Response::new(body));
        Box::pin(response.bytes_stream())
    }

    #[tokio::test]
    async fn a_chain_sends_its_parts_in_order_and_replays_files_not_streams() {
        let dir = std::env::temp_dir().join(format!("apigen-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("part.bin");
        std::fs::write(&path, b"FILE").unwrap();
        let file = Body::from_file(&path).unwrap();
        let chain = Body::chain(vec![Body::from("<"), file.clone(), Body::from(">")]);
        assert_eq!(chain.len(), Some(6));
        assert!(chain.is_replayable());
        assert_eq!(collect(&chain).await.unwrap(), b"<FILE>");
        assert_eq!(
            collect(&chain).await.unwrap(),
            b"<FILE>",
            "files are opened again"
        );

        let once = Body::from_stream(
            futures_util::stream::iter([Ok::<_, io::Error>("a"), Ok("b")]),
            None,
        );
        let chain = Body::chain(vec![Body::from("["), once, Body::from("]")]);
        assert_eq!(chain.len(), None);
        assert!(!chain.is_replayable());
        assert_eq!(collect(&chain).await.unwrap(), b"[ab]");
        assert!(matches!(collect(&chain).await, Err(UploadError::Consumed)));

        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(
            collect(&file).await,
            Err(UploadError::Open { .. })
        ));
        assert!(Body::from_file(&dir).is_err());
    }

    #[test]
    fn bytes_only_chains_are_joined_and_debug_shows_no_content() {
        let chain = Body::chain(vec![Body::from("ab"), Body::from(vec![b'c'])]);
        assert_eq!(chain.as_bytes().map(|b| &b[..]), Some(&b"abc"[..]));
        assert_eq!(
            format!("{:?}", Body::from("secret")),
            "Body::Bytes(6 bytes)"
        );
        assert_eq!(Body::from([1, 2]), Body::from(&[1u8, 2][..]));
    }
}
