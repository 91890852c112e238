//! How much of a response body the client reads: a server, a proxy or a mistake must not be
//! able to make the client allocate without bound.
//!
//! A success body is decoded whole, so it has a maximum; past it the call fails with
//! [`Error::BodyTooLarge`](crate::Error::BodyTooLarge) and the connection is dropped. An error
//! body is only read for its code and message, so only a prefix is kept; the error says when
//! the body was cut.

use bytes::{Bytes, BytesMut};

/// The largest success body read by default: 64 MiB.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;
/// The longest error-body prefix kept by default: 64 KiB, far more than any error shape
/// a service sends (the official SDK's error bodies are a few hundred bytes).
pub const DEFAULT_MAX_ERROR_BODY: usize = 64 * 1024;

/// The two limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BodyLimits {
    pub(crate) max_body: usize,
    pub(crate) max_error_body: usize,
}

impl Default for BodyLimits {
    fn default() -> Self {
        Self {
            max_body: DEFAULT_MAX_BODY,
            max_error_body: DEFAULT_MAX_ERROR_BODY,
        }
    }
}

/// How reading a body ended badly.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The body is larger than the limit (the limit is in the error).
    TooLarge(usize),
    /// The transport failed while reading.
    Transport(reqwest::Error),
}

/// A body as read: the bytes, and whether they are only a prefix.
pub(crate) struct Body {
    pub(crate) bytes: Bytes,
    pub(crate) cut: bool,
}

/// Reads `response`'s body chunk by chunk, keeping at most `limit` bytes: past it, a body
/// that may be `cut` keeps its prefix, any other fails. Either way the rest is never read;
/// dropping the response closes the connection.
pub(crate) async fn read(
    mut response: reqwest::Response,
    limit: usize,
    cut: bool,
) -> Result<Body, ReadError> {
    let declared = response.content_length();
    if !cut && declared.is_some_and(|n| n > limit as u64) {
        return Err(ReadError::TooLarge(limit));
    }
    let capacity = declared.map_or(0, |n| usize::try_from(n).unwrap_or(limit).min(limit));
    let mut buffer = BytesMut::with_capacity(capacity.min(1024 * 1024));
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        let room = limit - buffer.len();
        if chunk.len() > room {
            if !cut {
                return Err(ReadError::TooLarge(limit));
            }
            buffer.extend_from_slice(&chunk[..room]);
            return Ok(Body {
                bytes: buffer.freeze(),
                cut: true,
            });
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(Body {
        bytes: buffer.freeze(),
        cut: false,
    })
}
