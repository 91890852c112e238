//! The TLS configuration of the clients the builder makes: rustls with the crypto provider
//! the crate's features choose, and the platform's certificate verifier (the operating
//! system's trust store), as reqwest configures rustls itself.
//!
//! - `tls-aws-lc`: reqwest's own configuration, with aws-lc-rs.
//! - `tls-ring` (the default): ring, configured here and handed to reqwest.
//! - neither: a process-wide provider the application installed
//!   (`CryptoProvider::install_default`), or [`BuildError::NoTlsProvider`].

use reqwest::ClientBuilder;

use crate::error::BuildError;

/// A `reqwest::ClientBuilder` with the TLS the features choose: what to start from when
/// handing the builder a client of your own ([`crate::ClientBuilder::http_client`]).
/// `reqwest::Client::builder()` itself, without a provider reqwest knows, panics on
/// `build()` unless the application installed one.
///
/// # Errors
/// [`BuildError::NoTlsProvider`], or the platform's certificate store not loading.
pub fn http_client_builder() -> Result<ClientBuilder, BuildError> {
    configure(reqwest::Client::builder())
}

/// `builder` with the TLS the features choose.
pub(crate) fn configure(builder: ClientBuilder) -> Result<ClientBuilder, BuildError> {
    if cfg!(feature = "tls-aws-lc") {
        return Ok(builder);
    }
    with_provider(builder, provider())
}

/// `builder` with rustls over `provider`, or the error that names the way out when there is
/// none (a build without a `tls-*` feature whose application installed no provider).
fn with_provider(
    builder: ClientBuilder,
    provider: Option<std::sync::Arc<rustls::crypto::CryptoProvider>>,
) -> Result<ClientBuilder, BuildError> {
    let provider = provider.ok_or(BuildError::NoTlsProvider)?;
    let config = config(provider).map_err(BuildError::Tls)?;
    Ok(builder.tls_backend_preconfigured(config))
}

fn provider() -> Option<std::sync::Arc<rustls::crypto::CryptoProvider>> {
    #[cfg(feature = "tls-ring")]
    {
        Some(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
    }
    #[cfg(not(feature = "tls-ring"))]
    {
        rustls::crypto::CryptoProvider::get_default().cloned()
    }
}

/// TLS 1.2 and 1.3, the platform verifier, HTTP/1.1 by ALPN (the client speaks no HTTP/2).
fn config(
    provider: std::sync::Arc<rustls::crypto::CryptoProvider>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(all(test, feature = "tls-ring", not(feature = "tls-aws-lc")))]
mod tests {
    #[test]
    fn the_ring_configuration_builds_and_reqwest_takes_it() {
        let provider = super::provider().unwrap();
        let config = super::config(provider).unwrap();
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        assert!(config.crypto_provider().cipher_suites.len() >= 6);
        // reqwest refuses a configuration of a rustls it does not link ("unknown TLS
        // backend"): this is the one it uses.
        super::configure(reqwest::Client::builder())
            .unwrap()
            .build()
            .unwrap();
    }

    /// What a build without a `tls-*` feature meets when the application installed no
    /// provider: an error, not reqwest's panic, that says how to get one.
    #[test]
    fn no_provider_is_an_error_that_names_the_remedies() {
        let error = super::with_provider(reqwest::Client::builder(), None).unwrap_err();
        assert!(
            matches!(error, crate::error::BuildError::NoTlsProvider),
            "{error:?}"
        );
        let message = error.to_string();
        for remedy in ["tls-ring", "tls-aws-lc", "install_default"] {
            assert!(message.contains(remedy), "{message}");
        }
    }
}
