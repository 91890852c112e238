//! Credentials where each operation says (headers, query, cookies, bearer, basic), and never in `Debug` or errors.

use apigen_fixture_clients::{scalars, security};
use apigen_runtime::Error;
use apigen_test_support::{Reply, TestServer};
use serde_json::json;

#[tokio::test]
async fn credentials_go_where_each_operation_says() {
    let server = TestServer::replying(Reply::status(204));
    let client = security::Client::new(&server.url())
        .unwrap()
        .with_api_key("key-secret-1")
        .with_query_key("query-secret-2")
        .with_bearer("bearer-secret-3");
    client.default_auth().await.expect("204");
    client.query_or_bearer().await.expect("204");
    client.public().await.expect("204");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);

    assert_eq!(requests[0].header("X-Api-Key"), Some("key-secret-1"));
    assert_eq!(requests[0].header("Authorization"), None);
    assert_eq!(requests[0].target, "/default-auth");

    assert_eq!(requests[1].target, "/query-or-bearer?key=query-secret-2");
    assert_eq!(
        requests[1].header("Authorization"),
        Some("Bearer bearer-secret-3")
    );
    assert_eq!(requests[1].header("X-Api-Key"), None);

    assert_eq!(requests[2].target, "/public");
    assert_eq!(requests[2].header("Authorization"), None);
    assert_eq!(requests[2].header("X-Api-Key"), None);

    let printed = format!("{client:?}");
    for secret in ["key-secret-1", "query-secret-2", "bearer-secret-3"] {
        assert!(!printed.contains(secret), "{printed}");
    }
}

#[tokio::test]
async fn a_query_credential_never_shows_in_transport_errors() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = security::Client::new(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .with_query_key("query-secret-2");
    let error = client.query_or_bearer().await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }));
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("query-secret-2"), "{text}");
    }
}

#[test]
fn secrets_in_bodies_are_sent_but_never_printed() {
    let settings = scalars::types::Settings::new("hunter2").with_small(3);
    let printed = format!("{settings:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    let wire = serde_json::to_value(&settings).unwrap();
    assert_eq!(wire, json!({"password": "hunter2", "small": 3}));
    assert_eq!(settings.small_or_default(), 3);
    assert_eq!(scalars::types::Settings::new("x").small_or_default(), -5);
    assert_eq!(scalars::types::Settings::new("x").code_or_default(), "ABC");
}

#[tokio::test]
async fn http_basic_credentials() {
    let server = TestServer::replying(Reply::status(204));
    let client = security::Client::new(&server.url())
        .unwrap()
        .with_basic("Aladdin", "open sesame");
    client.basic_auth().await.unwrap();
    assert_eq!(
        server.single_request().header("Authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert!(!format!("{client:?}").contains("sesame"));
}

#[tokio::test]
async fn cookie_credentials() {
    let server = TestServer::replying(Reply::status(204));
    let client = security::Client::new(&server.url())
        .unwrap()
        .with_session("s3cr3t-Session");
    client.session_auth().await.unwrap();
    assert_eq!(
        server.single_request().header("Cookie"),
        Some("session_id=s3cr3t-Session")
    );
    assert!(!format!("{client:?}").contains("s3cr3t"));
    let bad = security::Client::new(&server.url())
        .unwrap()
        .with_session("a; admin=1");
    match bad.session_auth().await {
        Err(Error::Build(e)) => assert!(!e.to_string().contains("admin"), "{e}"),
        other => panic!("a cookie value with `;` must be refused: {other:?}"),
    }
}
