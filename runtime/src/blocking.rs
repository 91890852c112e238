//! Calling generated clients without an async runtime (feature `blocking`).
//!
//! The same client, the same signing, retries and errors: [`Blocking`] owns a small
//! current-thread Tokio runtime and drives each call on it.

use std::future::Future;

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

    /// Runs one call to completion: `blocking.call(|c| c.restore_backup("id", &body))`.
    pub fn call<'a, F, Fut, T>(&'a self, call: F) -> T
    where
        F: FnOnce(&'a C) -> Fut,
        Fut: Future<Output = T>,
    {
        self.runtime.block_on(call(&self.client))
    }

    /// The wrapped client.
    pub fn client(&self) -> &C {
        &self.client
    }
}
