//! Parameters on the wire: path (simple, label, matrix), query (scalars, lists, styles), headers, cookies, and what a path key carries.

use apigen_fixture_clients::params;
use apigen_runtime::Error;
use apigen_test_support::{Reply, TestServer};

/// A server answering every request with the book `GetBook` returns.
fn book_server() -> TestServer {
    TestServer::replying(
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(r#"{"title":"Dune"}"#),
    )
}

#[tokio::test]
async fn path_query_and_header_parameters() {
    let server = book_server();
    let client = params::Client::new(&server.url()).unwrap();
    let book = client
        .get_book(7, "b 1/2", "trace-1", "zh CN")
        .x_retry(3)
        .limit(5)
        .await
        .expect("200");
    assert_eq!(book.body().title.as_deref(), Some("Dune"));
    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        "/shelves/7/books/b%201%2F2?lang=zh%20CN&limit=5"
    );
    assert_eq!(request.header("X-Trace"), Some("trace-1"));
    assert_eq!(request.header("X-Retry"), Some("3"));
    assert_eq!(
        request.header("Content-Type"),
        None,
        "no body, no content type"
    );
}

#[tokio::test]
async fn cookie_parameters_share_one_encoded_cookie_header() {
    use params::types::GetPreferencesTheme;
    let server = TestServer::replying(Reply::status(204));
    let client = params::Client::new(&server.url()).unwrap();
    client
        .get_preferences("a b;c=1%")
        .theme(GetPreferencesTheme::Dark)
        .page_size(25)
        .await
        .expect("204");
    client.get_preferences("plain").await.expect("204");
    let requests = server.requests();
    assert_eq!(
        requests[0].header("Cookie"),
        Some("session=a%20b%3Bc=1%25; theme=dark; page-size=25")
    );
    let cookie_headers = requests[0]
        .header_names()
        .into_iter()
        .filter(|name| name.eq_ignore_ascii_case("cookie"))
        .count();
    assert_eq!(cookie_headers, 1);
    assert_eq!(requests[1].header("Cookie"), Some("session=plain"));
}

#[tokio::test]
async fn label_and_matrix_path_parameters() {
    let server = TestServer::replying(Reply::status(204));
    let client = params::Client::new(&server.url()).unwrap();
    client.get_item_version(7, "v 2;x=1").await.expect("204");
    assert_eq!(
        server.single_request().target,
        "/items/.7/versions;version=v%202%3Bx%3D1"
    );
}

#[tokio::test]
async fn a_header_value_with_a_newline_is_refused_before_sending() {
    let server = TestServer::replying(Reply::status(200).body("{}"));
    let client = params::Client::new(&server.url()).unwrap();
    let result = client.get_book(1, "b", "evil\r\nX-Injected: 1", "en").await;
    assert!(matches!(result, Err(Error::Build(_))), "{result:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn array_parameters() {
    let server = TestServer::replying(Reply::status(204));
    let client = params::Client::new(&server.url()).unwrap();
    client
        .search(&["a b", "c/d"])
        .ids(vec![1, 2, 3])
        .x_flags(vec![true, false])
        .await
        .unwrap();
    client.search(&[]).await.unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].target,
        "/search?tag=a%20b&tag=c%2Fd&ids=1%2C2%2C3"
    );
    assert_eq!(requests[0].header("X-Flags"), Some("true,false"));
    assert_eq!(requests[1].target, "/search");
    assert_eq!(requests[1].header("X-Flags"), None);
}

#[tokio::test]
async fn structured_query_parameters_follow_their_style() {
    use params::types::{ListEventsCreated, ListEventsFilter, ListEventsId};
    let server = TestServer::replying(Reply::status(204));
    let client = params::Client::new(&server.url()).unwrap();
    let created = ListEventsCreated::new().with_gte(10).with_lt(20);
    let several = ListEventsId::Array(vec!["a".into(), "b c".into()]);
    let filter = ListEventsFilter::new().with_color("red");
    client
        .list_events()
        .created(created)
        .id(several)
        .fields(vec!["x".into(), "y".into()])
        .filter(filter)
        .await
        .unwrap();
    let one = ListEventsId::String("solo".into());
    client.list_events().id(one).await.unwrap();
    client.list_events().await.unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].target,
        "/events?created%5Bgte%5D=10&created%5Blt%5D=20&id=a&id=b%20c&fields=x%7Cy&color=red"
    );
    assert_eq!(requests[1].target, "/events?id=solo");
    assert_eq!(requests[2].target, "/events");
}

#[tokio::test]
async fn path_keys_with_a_fragment_or_a_query() {
    let server = TestServer::replying(Reply::status(204));
    let client = params::Client::new(&server.url()).unwrap();
    client.archive_jobs().await.unwrap();
    client.list_beta_jobs().limit(5).await.unwrap();
    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].target.as_str()),
        ("POST", "/jobs")
    );
    assert_eq!(requests[1].target, "/jobs?beta=true&limit=5");
}

#[tokio::test]
async fn a_parameter_and_a_response_reached_by_pointer() {
    use apigen_fixture_clients::pointer_refs;
    let server = TestServer::start(|_| {
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(r#"["a", "b"]"#)
    });
    let client = pointer_refs::Client::new(&server.url()).unwrap();
    let items = client
        .list_other_items()
        .limit(2)
        .await
        .unwrap()
        .into_body();
    assert_eq!(items, ["a", "b"]);
    assert_eq!(server.single_request().target, "/other-items?limit=2");
}

#[tokio::test]
async fn await_and_send_send_the_same_bytes() {
    let server = book_server();
    let client = params::Client::new(&server.url()).unwrap();
    let request = client.get_book(7, "b", "t", "en").limit(5).verbose(true);
    request.clone().await.expect("awaited");
    request.send().await.expect("sent");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (&requests[0].method, &requests[0].target, &requests[0].body),
        (&requests[1].method, &requests[1].target, &requests[1].body)
    );
    assert_eq!(requests[0].headers, requests[1].headers);
    assert_eq!(
        requests[0].target,
        "/shelves/7/books/b?lang=en&limit=5&verbose=true"
    );
}

#[tokio::test]
async fn a_header_and_options_apply_to_that_call_only() {
    use apigen_runtime::CallOptions;
    use std::time::Duration;
    let server = book_server();
    let client = params::Client::new(&server.url()).unwrap();
    let request = client
        .get_book(7, "b", "t", "en")
        .header("X-Trace", "replaced")
        .header("X-Extra", "secret-looking")
        .options(CallOptions::new().timeout(Duration::from_secs(5)));
    let shown = format!("{request:?}");
    assert!(
        shown.contains("X-Extra") && !shown.contains("secret-looking"),
        "{shown}"
    );
    request.await.expect("200");
    client.get_book(7, "b", "t", "en").await.expect("200");
    let requests = server.requests();
    assert_eq!(requests[0].header("X-Extra"), Some("secret-looking"));
    let traces = |r: &apigen_test_support::RecordedRequest| {
        r.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("x-trace"))
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        traces(&requests[0]),
        ["replaced"],
        "the added header replaces"
    );
    assert_eq!(requests[1].header("X-Extra"), None);
    assert_eq!(traces(&requests[1]), ["t"]);
}

#[tokio::test]
async fn a_timeout_set_for_one_call_ends_that_call_only() {
    use apigen_runtime::{CallOptions, RetryPolicy};
    use std::time::Duration;
    let server = TestServer::start(|request| {
        if request.target.contains("slow") {
            std::thread::sleep(Duration::from_millis(400));
        }
        Reply::status(204)
    });
    let client = params::Client::new(&server.url()).unwrap();
    let slow = client
        .get_item_version(1, "slow")
        .options(
            CallOptions::new()
                .timeout(Duration::from_millis(100))
                .retry(RetryPolicy::none()),
        )
        .await;
    assert!(matches!(slow, Err(Error::Timeout { .. })), "{slow:?}");
    client
        .get_item_version(1, "slow")
        .await
        .expect("the client's own timeout is generous");
}
