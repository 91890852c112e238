//! Response bodies handed over unread: a success body the document does not decode
//! (binary, or of a media type the generator leaves raw) arrives as a [`ByteStream`], so a
//! download of any size runs in the memory of one chunk.
//!
//! The client's read timeout still applies between chunks, and the overall timeout, when
//! set, to the whole body: a long download wants no overall timeout.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::io::{AsyncWrite, AsyncWriteExt as _};

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send + Sync>>;

/// A response body, chunk by chunk, as it arrives.
///
/// A [`Stream`] of `Result<Bytes, StreamError>`, with two conveniences:
/// [`collect`](ByteStream::collect) (into memory, under a limit) and
/// [`copy_to`](ByteStream::copy_to) (into a file or any `AsyncWrite`). Dropping it unread
/// closes the connection.
pub struct ByteStream {
    source: Source,
    content_length: Option<u64>,
}

enum Source {
    Buffered(Option<Bytes>),
    Response(Chunks),
}

/// Why reading or copying a streamed body failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The connection failed or stalled (the read timeout, or the overall timeout) while
    /// the body was read.
    #[error("reading the response body failed: {0}")]
    Read(#[source] reqwest::Error),
    /// [`ByteStream::collect`]'s limit: the body is longer.
    #[error("the response body is larger than the {limit}-byte limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// [`ByteStream::copy_to`]'s writer failed.
    #[error("writing the response body failed: {0}")]
    Write(#[source] std::io::Error),
}

impl StreamError {
    /// Whether the body stopped arriving in time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, StreamError::Read(e) if e.is_timeout())
    }
}

impl ByteStream {
    pub(crate) fn from_response(response: reqwest::Response) -> Self {
        Self {
            content_length: response.content_length(),
            source: Source::Response(Box::pin(response.bytes_stream())),
        }
    }

    /// The `Content-Length` the server announced, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The next chunk; `None` at the end of the body.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, StreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The whole body in memory, if it has at most `limit` bytes; past the limit the rest is
    /// not read (a declared longer `Content-Length` fails at once).
    ///
    /// # Errors
    /// [`StreamError::TooLarge`] past the limit, [`StreamError::Read`] when reading fails.
    pub async fn collect(mut self, limit: usize) -> Result<Bytes, StreamError> {
        if self.content_length.is_some_and(|n| n > limit as u64) {
            return Err(StreamError::TooLarge { limit });
        }
        if let Source::Buffered(bytes) = &mut self.source {
            let bytes = bytes.take().unwrap_or_default();
            return match bytes.len() > limit {
                true => Err(StreamError::TooLarge { limit }),
                false => Ok(bytes),
            };
        }
        let expected = self.content_length.map_or(0, |n| n as usize);
        let mut buffer = BytesMut::with_capacity(expected.min(1024 * 1024));
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            if chunk.len() > limit - buffer.len() {
                return Err(StreamError::TooLarge { limit });
            }
            buffer.extend_from_slice(&chunk);
        }
        Ok(buffer.freeze())
    }

    /// Writes the body into `writer` as it arrives, then flushes it; returns the bytes
    /// written. Memory stays at one chunk whatever the body's size.
    ///
    /// # Errors
    /// [`StreamError::Read`] when reading fails, [`StreamError::Write`] when writing does.
    pub async fn copy_to<W: AsyncWrite + Unpin + ?Sized>(
        mut self,
        writer: &mut W,
    ) -> Result<u64, StreamError> {
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(StreamError::Write)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(StreamError::Write)?;
        Ok(written)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.source {
            Source::Buffered(bytes) => Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(Ok)),
            // Body errors carry no URL today; removing it keeps a query credential out of
            // them should that change.
            Source::Response(chunks) => chunks
                .as_mut()
                .poll_next(cx)
                .map(|item| item.map(|r| r.map_err(|e| StreamError::Read(e.without_url())))),
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_length", &self.content_length)
            .field("buffered", &matches!(self.source, Source::Buffered(_)))
            .finish()
    }
}

impl From<Bytes> for ByteStream {
    /// A body already in memory (for tests and for callers building responses).
    fn from(bytes: Bytes) -> Self {
        Self {
            content_length: Some(bytes.len() as u64),
            source: Source::Buffered(Some(bytes)),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_and_bodies_can_be_shared_between_tasks() {
        fn send_sync<T: Send + Sync + Unpin>() {}
        send_sync::<ByteStream>();
        send_sync::<crate::Body>();
    }

    #[tokio::test]
    async fn a_buffered_stream_collects_under_its_limit_and_copies() {
        let body = || ByteStream::from(b"twelve bytes".to_vec());
        assert_eq!(&body().collect(12).await.unwrap()[..], b"twelve bytes");
        assert!(matches!(
            body().collect(11).await,
            Err(StreamError::TooLarge { limit: 11 })
        ));
        let mut sink = Vec::new();
        assert_eq!(body().copy_to(&mut sink).await.unwrap(), 12);
        assert_eq!(sink, b"twelve bytes");
        let mut empty = ByteStream::from(Vec::new());
        assert!(empty.next_chunk().await.is_none());
    }
}
