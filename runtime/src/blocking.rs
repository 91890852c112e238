//! Calling generated clients without an async runtime (feature `blocking`).
//!
//! The same client, the same request values, signing, retries and errors: [`Blocking`]
//! owns a small current-thread Tokio runtime and drives each call, or each item of a
//! paginated stream, on it.

use std::future::IntoFuture;
use std::pin::Pin;

use futures_core::Stream;

use crate::error::BuildError;

/// A client driven synchronously.
///
/// ```no_run
/// # #[cfg(feature = "blocking")] {
/// use apigen_runtime::{ClientCore, blocking::Blocking};
/// let blocking = Blocking::new(ClientCore::new("https://example.com").unwrap()).unwrap();
/// let base = blocking.call(|core| async move { core.base_url() });
/// # }
/// ```
///
/// Do not use it from inside an async runtime: blocking there would stall that runtime's
/// thread (Tokio refuses with a panic).
#[derive(Debug)]
pub struct Blocking<C> {
    client: C,
    runtime: tokio::runtime::Runtime,
}

impl<C> Blocking<C> {
    /// Wraps `client`.
    ///
    /// # Errors
    /// When the runtime's I/O driver cannot start.
    pub fn new(client: C) -> Result<Self, BuildError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(BuildError::Runtime)?;
        Ok(Self { client, runtime })
    }

    /// Runs one call to completion: anything `.await` takes, such as a request value
    /// (`blocking.call(|c| c.list_pets().limit(7))`) or an async block.
    pub fn call<'a, F, Fut>(&'a self, call: F) -> Fut::Output
    where
        F: FnOnce(&'a C) -> Fut,
        Fut: IntoFuture,
    {
        self.runtime.block_on(call(&self.client).into_future())
    }

    /// A stream (such as a paginated call's `.items()` or `.pages()`) as an iterator that
    /// blocks for each element: `for item in blocking.iter(|c| c.list_pets().items())`.
    pub fn iter<'a, F, S>(&'a self, stream: F) -> BlockingIter<'a, S>
    where
        F: FnOnce(&'a C) -> S,
        S: Stream + Unpin,
    {
        BlockingIter {
            runtime: &self.runtime,
            stream: stream(&self.client),
        }
    }

    /// The wrapped client.
    pub fn client(&self) -> &C {
        &self.client
    }
}

/// A stream driven synchronously, element by element (see [`Blocking::iter`]).
#[derive(Debug)]
pub struct BlockingIter<'a, S> {
    runtime: &'a tokio::runtime::Runtime,
    stream: S,
}

impl<S> BlockingIter<'_, S> {
    /// The stream, for what it reports (e.g. whether paging stopped at its page limit).
    pub fn stream(&self) -> &S {
        &self.stream
    }
}

impl<S: Stream + Unpin> Iterator for BlockingIter<'_, S> {
    type Item = S::Item;

    fn next(&mut self) -> Option<S::Item> {
        let stream = &mut self.stream;
        self.runtime.block_on(std::future::poll_fn(|cx| {
            Pin::new(&mut *stream).poll_next(cx)
        }))
    }
}
