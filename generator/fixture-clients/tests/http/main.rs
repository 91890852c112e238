//! The fixture clients against a real HTTP server on 127.0.0.1, by feature: what reaches the
//! wire and what comes back. One test binary, so the runtime and the clients link once.

mod bodies;
mod credentials;
mod names;
mod pagination;
mod parameters;
mod regions;
mod responses;
mod streaming;
mod swagger2;
