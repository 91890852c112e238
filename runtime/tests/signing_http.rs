//! Signed requests with query strings and header parameters, verified by an independent
//! gateway on 127.0.0.1; custom credential providers; secrets in every `Debug`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use apigen_runtime::reqwest::Method;
use apigen_runtime::sign::{Algorithm, SignInput, sign};
use apigen_runtime::{
    AkSk, ClientCore, CredentialProvider, CredentialsFuture, Request, RetryPolicy, Secret,
};
use apigen_test_support::{Keys, Reply, TestServer, verify_signature};

const AK: &str = "AKPROVIDED000001";
const SK: &str = "provided-secret-key";

fn gateway() -> TestServer {
    TestServer::start(
        |request| match verify_signature(request, &Keys { ak: AK, sk: SK }) {
            Ok(()) => Reply::status(200),
            Err(why) => Reply::status(401).body(why),
        },
    )
}

/// Counts how often it is asked, as a refreshing provider would be.
#[derive(Debug, Default)]
struct Counting(AtomicUsize);

impl CredentialProvider for Counting {
    fn credentials(&self) -> CredentialsFuture<'_> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(AkSk::new(AK, SK).with_project_id("p-1")) })
    }
}

#[derive(Debug)]
struct Shared(Arc<Counting>);

impl CredentialProvider for Shared {
    fn credentials(&self) -> CredentialsFuture<'_> {
        self.0.credentials()
    }
}

#[tokio::test]
async fn the_query_goes_out_exactly_as_signed() {
    let server = gateway();
    let provider = Arc::new(Counting::default());
    let core = ClientCore::builder()
        .endpoint(format!("{}/prefix", server.url()))
        .credentials(Shared(provider.clone()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let request = Request::new(Method::GET, "/items/{id}")
        .path_literal("/items/")
        .path_param("id", "a/b c")
        .query("vault_id", "v 1")
        .query("limit", 10)
        .query("resource_ids", "b-2")
        .query("resource_ids", "a-1")
        .query("enabled", true)
        .header("X-Custom", "  spaced  ")
        .header("X-Unicode", "备份");
    let response = core.execute::<serde_json::Value>(request).await.unwrap();
    let received = server.single_request();
    assert_eq!(
        response.status().as_u16(),
        200,
        "gateway said: {}",
        String::from_utf8_lossy(&received.body)
    );
    assert_eq!(
        received.target,
        "/prefix/items/a%2Fb%20c?enabled=true&limit=10&resource_ids=a-1&resource_ids=b-2&vault_id=v%201"
    );
    assert_eq!(
        provider.0.load(Ordering::SeqCst),
        1,
        "asked once per attempt"
    );
}

#[test]
fn every_type_holding_a_secret_prints_none() {
    let credentials = AkSk::new("AKSECRET", "SKSECRET")
        .with_security_token("STSECRET")
        .with_project_id("p");
    let core = ClientCore::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(credentials.clone())
        .build()
        .unwrap();
    let request = Request::new(Method::GET, "/x")
        .secret_header("X-Auth-Token", Some(&Secret::new("TOKSECRET")))
        .bearer(Some(&Secret::new("BEARERSECRET")))
        .secret_query("key", Some(&Secret::new("QUERYSECRET")));
    let signed = sign(
        &Algorithm::HmacSha256,
        "AKSECRET",
        &Secret::new("SKSECRET"),
        "20240102T030405Z",
        &SignInput {
            method: "GET",
            host: "h",
            path: "/",
            query: &[],
            headers: &[("X-Security-Token".into(), "STSECRET".into())],
            body: None,
        },
    );
    let printed = [
        format!("{credentials:?}"),
        format!("{core:?}"),
        format!(
            "{:?}",
            ClientCore::builder().credentials(credentials.clone())
        ),
        format!("{request:?}"),
        format!("{signed:?}"),
        format!("{:?}", Secret::new("SKSECRET")),
    ];
    for text in &printed {
        for secret in [
            "AKSECRET",
            "SKSECRET",
            "STSECRET",
            "TOKSECRET",
            "BEARERSECRET",
            "QUERYSECRET",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
