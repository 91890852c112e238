//! Paginated operations against a loopback server that really pages, for each style: the
//! requests each page makes, the items in order, an error on a later page, the page limit,
//! and the blocking iterator.

use apigen_fixture_clients::pagination::Client;
use apigen_runtime::{BuildError, Error};
use apigen_test_support::{RecordedRequest, Reply, TestServer};

fn json(body: String) -> Reply {
    Reply::status(200)
        .header("Content-Type", "application/json")
        .body(body)
}

/// The value of query parameter `name` in a request target.
fn query(request: &RecordedRequest, name: &str) -> Option<String> {
    let (_, query) = request.target.split_once('?')?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The 503 a server gives for the page it was told to fail.
fn busy() -> Reply {
    Reply::status(503)
        .header("Content-Type", "application/json")
        .body(r#"{"error_code":"CBR.0001","error_msg":"busy"}"#)
}

/// A client that does not retry, so a failed page is one request.
fn no_retries(url: &str) -> Client {
    Client::new(url)
        .unwrap()
        .with_options(apigen_runtime::CallOptions::new().retry(apigen_runtime::RetryPolicy::none()))
}

/// Five backups, served by offset and limit (default 2, as the document says).
fn backups(fail_at: Option<usize>) -> TestServer {
    TestServer::start(move |request| {
        let offset: usize = query(request, "offset").map_or(0, |v| v.parse().unwrap());
        let limit: usize = query(request, "limit").map_or(2, |v| v.parse().unwrap());
        if fail_at == Some(offset) {
            return busy();
        }
        let page: Vec<String> = (offset..(offset + limit).min(5))
            .map(|i| format!(r#"{{"id":"b{i}"}}"#))
            .collect();
        json(format!(r#"{{"backups":[{}],"count":5}}"#, page.join(",")))
    })
}

fn targets(server: &TestServer) -> Vec<String> {
    server.requests().into_iter().map(|r| r.target).collect()
}

#[tokio::test]
async fn offset_pages_move_on_by_the_items_received_and_stop_on_a_short_page() {
    let server = backups(None);
    let client = Client::new(&server.url()).unwrap();
    let mut items = client.list_backups().limit(2).status("ok").items();
    let mut ids = Vec::new();
    while let Some(backup) = items.next().await {
        ids.push(backup.expect("every page answers").id);
    }
    assert_eq!(ids, ["b0", "b1", "b2", "b3", "b4"]);
    assert!(!items.truncated());
    assert_eq!(
        targets(&server),
        [
            "/backups?limit=2&status=ok",
            "/backups?offset=2&limit=2&status=ok",
            "/backups?offset=4&limit=2&status=ok",
        ]
    );
}

#[tokio::test]
async fn the_documented_default_page_size_tells_a_short_page_when_none_is_set() {
    let server = backups(None);
    let client = Client::new(&server.url()).unwrap();
    let mut pages = client.list_backups().pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert_eq!(page.status().as_u16(), 200);
        sizes.push(page.body().backups.len());
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(pages.pages_fetched(), 3);
    assert_eq!(
        targets(&server),
        ["/backups", "/backups?offset=2", "/backups?offset=4"]
    );
}

#[tokio::test]
async fn an_error_on_page_two_is_yielded_and_ends_the_stream() {
    let server = backups(Some(2));
    let client = no_retries(&server.url());
    let mut items = client.list_backups().items();
    let mut seen = Vec::new();
    while let Some(item) = items.next().await {
        seen.push(item.map(|b| b.id).map_err(|e| e.code().map(str::to_owned)));
    }
    assert_eq!(
        seen,
        [
            Ok("b0".to_owned()),
            Ok("b1".to_owned()),
            Err(Some("CBR.0001".to_owned()))
        ]
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_page_limit_is_honoured_and_reported() {
    let server = backups(None);
    let client = Client::new(&server.url()).unwrap();
    let mut items = client.list_backups().items().max_pages(2);
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 4);
    assert!(items.truncated(), "a third page existed");
    assert_eq!(server.requests().len(), 2);
}

/// Events `e0`…`e5`, two per page, the marker naming the next page's first event.
fn events(repeat: bool) -> TestServer {
    events_failing(repeat, None)
}

/// [`events`], failing the page that starts at `fail_at`.
fn events_failing(repeat: bool, fail_at: Option<usize>) -> TestServer {
    TestServer::start(move |request| {
        let start: usize = query(request, "marker").map_or(0, |m| m[1..].parse().unwrap());
        if fail_at == Some(start) {
            return busy();
        }
        let page: Vec<String> = (start..(start + 2).min(6))
            .map(|i| format!(r#""e{i}""#))
            .collect();
        let next = if repeat {
            r#","page_info":{"next_marker":"m0"}"#.to_owned()
        } else if start + 2 < 6 {
            format!(r#","page_info":{{"next_marker":"m{}"}}"#, start + 2)
        } else {
            String::new()
        };
        json(format!(r#"{{"events":[{}]{next}}}"#, page.join(",")))
    })
}

#[tokio::test]
async fn cursor_pages_follow_the_marker_until_a_page_has_none() {
    let server = events(false);
    let client = Client::new(&server.url()).unwrap();
    let mut items = client.list_events().limit(2).items();
    let mut seen = Vec::new();
    while let Some(event) = items.next().await {
        seen.push(event.unwrap());
    }
    assert_eq!(seen, ["e0", "e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(
        targets(&server),
        [
            "/events?limit=2",
            "/events?marker=m2&limit=2",
            "/events?marker=m4&limit=2"
        ]
    );
}

#[tokio::test]
async fn a_server_repeating_its_marker_does_not_loop() {
    let server = events(true);
    let client = Client::new(&server.url()).unwrap();
    let mut pages = client.list_events().pages();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(
        count, 2,
        "the second page names the marker it was asked with"
    );
    assert_eq!(targets(&server), ["/events", "/events?marker=m0"]);
}

/// Repositories `r0`…`r2`, one per page, linked GitHub-style.
fn repos(next: impl Fn(usize) -> String + Send + Sync + 'static) -> TestServer {
    repos_failing(next, None)
}

/// [`repos`], failing page `fail_at`.
fn repos_failing(
    next: impl Fn(usize) -> String + Send + Sync + 'static,
    fail_at: Option<usize>,
) -> TestServer {
    TestServer::start(move |request| {
        let page: usize = query(request, "page").map_or(1, |p| p.parse().unwrap());
        if fail_at == Some(page) {
            return busy();
        }
        let reply = json(format!(r#"[{{"name":"r{}"}}]"#, page - 1));
        if page < 3 {
            reply.header(
                "Link",
                &format!(
                    r#"<{}>; rel="next", </orgs/o/repos?page=3>; rel="last""#,
                    next(page + 1)
                ),
            )
        } else {
            reply
        }
    })
}

#[tokio::test]
async fn link_pages_follow_rel_next_on_the_same_origin() {
    let server = repos(|page| format!("/orgs/o/repos?per_page=1&page={page}"));
    let client = Client::new(&server.url()).unwrap();
    let mut items = client.list_repos("o").per_page(1).items();
    let mut names = Vec::new();
    while let Some(repo) = items.next().await {
        names.push(repo.unwrap().name);
    }
    assert_eq!(names, ["r0", "r1", "r2"]);
    assert_eq!(
        targets(&server),
        [
            "/orgs/o/repos?per_page=1",
            "/orgs/o/repos?per_page=1&page=2",
            "/orgs/o/repos?per_page=1&page=3"
        ]
    );
}

#[tokio::test]
async fn a_link_to_another_origin_is_refused_before_sending_credentials() {
    let server = repos(|page| format!("http://127.0.0.2:9/steal?page={page}"));
    let client = Client::new(&server.url()).unwrap();
    let mut pages = client.list_repos("o").pages();
    assert!(pages.next().await.unwrap().is_ok());
    let refused = pages.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&refused, Error::Build(BuildError::ForeignLink { origin }) if origin == "http://127.0.0.2:9"),
        "{refused:?}"
    );
    assert!(!refused.to_string().contains("steal"), "{refused}");
    assert!(pages.next().await.is_none());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn blocking_callers_iterate_the_same_items() {
    use apigen_runtime::blocking::Blocking;
    let server = backups(None);
    let client = Blocking::new(Client::new(&server.url()).unwrap()).unwrap();
    let ids: Vec<String> = client
        .iter(|c| c.list_backups().limit(2).items())
        .map(|b| b.unwrap().id)
        .collect();
    assert_eq!(ids, ["b0", "b1", "b2", "b3", "b4"]);
    let one = client.call(|c| c.list_backups().limit(1)).unwrap();
    assert_eq!(one.body().backups.len(), 1);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn reserved_names_give_way_with_suffixes_and_keep_their_wire_names() {
    let server = TestServer::replying(Reply::status(204));
    let client = Client::new(&server.url()).unwrap();
    client
        .search()
        .send_2(true)
        .header_2("h")
        .options_2("o")
        .pages_2(1)
        .items_2(2)
        .client_2("c")
        .call_2("k")
        .body("text")
        .header("X-Extra", "1")
        .options(apigen_runtime::CallOptions::new())
        .await
        .expect("204");
    let request = server.single_request();
    assert_eq!(
        request.target,
        "/search?send=true&header=h&options=o&pages=1&items=2&client=c"
    );
    assert_eq!(request.header("call"), Some("k"));
    assert_eq!(request.header("X-Extra"), Some("1"));
    assert_eq!(request.body, b"text");
}

#[tokio::test]
async fn cursor_and_link_streams_yield_an_error_on_page_two_and_end() {
    let server = events_failing(false, Some(2));
    let client = no_retries(&server.url());
    let mut items = client.list_events().items();
    let mut seen = Vec::new();
    while let Some(item) = items.next().await {
        seen.push(item.map_err(|e| e.status().map(|s| s.as_u16())));
    }
    assert_eq!(seen, [Ok("e0".into()), Ok("e1".into()), Err(Some(503))]);
    assert_eq!(targets(&server), ["/events", "/events?marker=m2"]);

    let server = repos_failing(|page| format!("/orgs/o/repos?page={page}"), Some(2));
    let client = no_retries(&server.url());
    let mut items = client.list_repos("o").items();
    let mut seen = Vec::new();
    while let Some(item) = items.next().await {
        seen.push(
            item.map(|r| r.name)
                .map_err(|e| e.status().map(|s| s.as_u16())),
        );
    }
    assert_eq!(seen, [Ok("r0".into()), Err(Some(503))]);
    assert_eq!(targets(&server), ["/orgs/o/repos", "/orgs/o/repos?page=2"]);
}

#[tokio::test]
async fn cursor_and_link_streams_honour_the_page_limit() {
    let server = events(false);
    let client = Client::new(&server.url()).unwrap();
    let mut pages = client.list_events().pages().max_pages(2);
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!((count, pages.truncated()), (2, true));
    assert_eq!(server.requests().len(), 2);

    let server = repos(|page| format!("/orgs/o/repos?page={page}"));
    let client = Client::new(&server.url()).unwrap();
    let mut items = client.list_repos("o").items().max_pages(1);
    let mut names = Vec::new();
    while let Some(repo) = items.next().await {
        names.push(repo.unwrap().name);
    }
    assert_eq!(names, ["r0"]);
    assert!(items.truncated());
    assert_eq!(server.requests().len(), 1);
}
