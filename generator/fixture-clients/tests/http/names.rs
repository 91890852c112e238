//! Names the document chose that collided once they were Rust names: each operation still
//! reaches its own path under its suffixed method, and credentials their own place.

use apigen_fixture_clients::{client_names, collisions, duplicate_operation_ids};
use apigen_test_support::{Reply, TestServer};

#[tokio::test]
async fn colliding_operations_keep_their_own_paths() {
    // The profiles at /a and /b, nothing elsewhere.
    let server = TestServer::start(|request| match request.target.as_str() {
        "/a" => json(r#"{"fooBar": "x", "foo_bar": "y"}"#),
        "/b" => json(r#"{"id": "p-2"}"#),
        _ => Reply::status(204),
    });
    let client = collisions::Client::new(&server.url())
        .unwrap()
        .with_api_key("header-secret")
        .with_api_key_2("query-secret");
    let first: collisions::types::UserProfile = client.get_thing().await.unwrap().into_body();
    let second: collisions::types::UserProfile2 = client.get_thing_2().await.unwrap().into_body();
    // Both properties keep their wire names, under distinct fields.
    assert_eq!(first.foo_bar.as_deref(), Some("x"));
    assert_eq!(first.foo_bar_2.as_deref(), Some("y"));
    assert_eq!(second.id.as_deref(), Some("p-2"));
    client.new_2().await.expect("204");
    client.a1b().await.expect("204");
    client.a_1b_2().await.expect("204");
    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["/a", "/b", "/c?api-key=query-secret", "/d", "/e"]);
    assert_eq!(requests[2].header("X-Api-Key"), Some("header-secret"));
}

#[tokio::test]
async fn a_duplicate_operation_id_is_a_second_method() {
    let server = TestServer::replying(Reply::status(204));
    let client = duplicate_operation_ids::Client::new(&server.url()).unwrap();
    client.list_things().await.expect("204");
    client.list_things_2().limit(3).await.expect("204");
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/a", "/b?limit=3"]);
}

#[tokio::test]
async fn a_scheme_named_like_the_clients_own_field_gives_way() {
    let server = TestServer::replying(Reply::status(204));
    // The scheme `core` is the field `core_2`: `core` holds the client's runtime core.
    let client = client_names::Client::new(&server.url())
        .unwrap()
        .with_core_2("core-secret");
    client.get_status().await.expect("204");
    assert_eq!(
        server.requests()[0].header("X-Core-Key"),
        Some("core-secret")
    );
    assert!(client.core().base_url().starts_with("http://127.0.0.1:"));
    assert!(!format!("{client:?}").contains("core-secret"));
}

fn json(body: &str) -> Reply {
    Reply::status(200)
        .header("Content-Type", "application/json")
        .body(body)
}
