//! What every generated request value shares besides its parameters: headers added by the
//! caller, per-call options, and, for a page after the first, the URL the server linked to.
//! Generated code keeps one [`Call`] per request value and hands it to
//! [`ClientCore::send`](crate::ClientCore::send) with the request it built.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::options::CallOptions;

/// The future a request value becomes when awaited: boxed, so the value can implement
/// [`IntoFuture`](std::future::IntoFuture) with a nameable type.
pub type CallFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The caller's additions to one call: extra headers, per-call options, and the next-page
/// URL a paginated stream follows.
///
/// `Debug` shows header names only: an added header may well be a credential.
#[derive(Clone, Default)]
pub struct Call {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) options: Option<CallOptions>,
    pub(crate) follow: Option<String>,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Call")
            .field("headers", &names)
            .field("options", &self.options)
            .field("follow", &self.follow.is_some())
            .finish()
    }
}

impl Call {
    /// Nothing added.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to this call. It replaces a header of the same name (in any case) the
    /// request would otherwise send, like the official SDK invoker's `add_header`, and is
    /// signed like the others. Its value is never shown in `Debug` output or logs.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Per-call settings, applied over the client's; a second call merges over the first.
    #[must_use]
    pub fn options(mut self, options: CallOptions) -> Self {
        self.options = Some(match self.options.take() {
            Some(earlier) => earlier.merged(options),
            None => options,
        });
        self
    }

    /// Sends the call to `url` (a `Link: rel="next"` target) instead of the operation's
    /// path and query; the URL must be on the client's origin.
    #[must_use]
    pub fn follow(mut self, url: impl Into<String>) -> Self {
        self.follow = Some(url.into());
        self
    }
}

/// A generated request value: what awaiting it (or its `send`) gives.
pub trait RequestValue {
    /// `Result<ApiResponse<…>, <Operation>Error>`.
    type Output;
}

/// The methods every generated request value shares, written once here: `header` and
/// `options` (for this call only), and `IntoFuture`, so the value can be awaited. A
/// generated value `$value<'a>` implements [`RequestValue`], has the field `call: Call`
/// and a `send(self)` method; generated code invokes this once per operation, which keeps
/// the generated source to what differs between operations.
#[macro_export]
macro_rules! request_value {
    ($(#[$attr:meta])* $value:ident) => {
        $(#[$attr])*
        impl<'a> $value<'a> {
            /// Adds a header to this call only, sent (and signed) like the others; it
            /// replaces a header of the same name. Its value is hidden in `Debug` output.
            pub fn header(
                mut self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.call = self.call.header(name, value);
                self
            }

            /// Per-call settings (project, timeout, retries) for this call only, over the
            /// client's.
            pub fn options(mut self, options: $crate::CallOptions) -> Self {
                self.call = self.call.options(options);
                self
            }
        }

        $(#[$attr])*
        impl<'a> ::std::future::IntoFuture for $value<'a> {
            type Output = <Self as $crate::RequestValue>::Output;
            type IntoFuture = $crate::CallFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_header_replaces_one_of_the_same_name_in_any_case() {
        let call = Call::new()
            .header("X-Trace", "a")
            .header("x-trace", "b")
            .header("X-Other", "c");
        assert_eq!(
            call.headers,
            [
                (String::from("x-trace"), String::from("b")),
                (String::from("X-Other"), String::from("c"))
            ]
        );
    }

    #[test]
    fn options_merge_over_earlier_ones() {
        let call = Call::new()
            .options(
                CallOptions::new()
                    .project_id("p")
                    .timeout(Duration::from_secs(1)),
            )
            .options(CallOptions::new().timeout(Duration::from_secs(2)));
        assert_eq!(
            call.options,
            Some(
                CallOptions::new()
                    .project_id("p")
                    .timeout(Duration::from_secs(2))
            )
        );
    }

    #[test]
    fn debug_shows_header_names_only() {
        let shown = format!("{:?}", Call::new().header("X-Auth-Token", "secret-value"));
        assert!(
            shown.contains("X-Auth-Token") && !shown.contains("secret-value"),
            "{shown}"
        );
    }
}
