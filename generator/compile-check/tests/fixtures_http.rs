//! The fixture clients against a real HTTP server on 127.0.0.1: parameters, credentials,
//! bodies and response dispatch as they reach the wire.

use apigen_compile_check::{params, responses, scalars, security};
use apigen_runtime::{Error, UnexpectedReason};
use apigen_test_support::{Reply, TestServer};
use serde_json::json;

#[tokio::test]
async fn path_query_and_header_parameters() {
    let server = TestServer::replying(
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(r#"{"title":"Dune"}"#),
    );
    let client = params::Client::new(&server.url()).unwrap();
    let book = client
        .get_book(7, "b 1/2", "trace-1", Some(3), "zh CN", Some(5), None)
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
        .get_preferences("a b;c=1%", Some(GetPreferencesTheme::Dark), Some(25))
        .await
        .expect("204");
    client
        .get_preferences("plain", None, None)
        .await
        .expect("204");
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
    let result = client
        .get_book(1, "b", "evil\r\nX-Injected: 1", None, "en", None, None)
        .await;
    assert!(matches!(result, Err(Error::Build(_))), "{result:?}");
    assert!(server.requests().is_empty());
}

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

#[tokio::test]
async fn responses_are_dispatched_by_status() {
    let server = TestServer::start(|request| {
        let status: u16 = request
            .header("X-Want")
            .and_then(|v| v.parse().ok())
            .unwrap_or(500);
        let body = match status {
            200 | 201 => r#"{"id":"job-1"}"#,
            202 => "not json",
            404 => "",
            _ => r#"{"message":"nope"}"#,
        };
        Reply::status(status)
            .header("X-Request-Id", "rid")
            .body(body)
    });
    // The fixture has no header parameter to pick the status, so use a custom reqwest client
    // that adds one per call.
    async fn start(
        server: &TestServer,
        want: u16,
    ) -> Result<apigen_runtime::ApiResponse<responses::types::Job>, responses::StartJobError> {
        let mut headers = apigen_runtime::reqwest::header::HeaderMap::new();
        headers.insert("X-Want", want.into());
        let http = apigen_runtime::reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap();
        let core = apigen_runtime::ClientCore::with_http_client(&server.url(), http).unwrap();
        responses::Client::from_core(core).start_job(None).await
    }
    assert_eq!(start(&server, 200).await.unwrap().body().id, "job-1");
    let created = start(&server, 201).await.unwrap();
    assert_eq!(
        (created.status().as_u16(), created.request_id()),
        (201, Some("rid"))
    );
    match start(&server, 404).await {
        Err(Error::Api(e)) => {
            assert_eq!((e.status.as_u16(), e.code(), e.message()), (404, "404", ""));
            assert!(
                e.body().is_none(),
                "an empty body is not the declared shape"
            );
            assert_eq!(e.request_id(), Some("rid"));
        }
        other => panic!("{other:?}"),
    }
    for status in [418, 503] {
        match start(&server, status).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), status);
                assert_eq!(e.body().and_then(|b| b.message.as_deref()), Some("nope"));
                assert_eq!(
                    (e.code(), e.message()),
                    (status.to_string().as_str(), r#"{"message":"nope"}"#)
                );
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    // 202 is not declared; `default` covers it, but a success status is no API error.
    match start(&server, 202).await {
        Err(Error::UnexpectedResponse(e)) => {
            assert!(matches!(e.reason, UnexpectedReason::UndeclaredStatus));
            assert_eq!(&e.body[..], b"not json");
        }
        other => panic!("{other:?}"),
    }
    // No body given: none sent.
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.body.is_empty() && r.header("Content-Type").is_none())
    );
}

#[tokio::test]
async fn optional_body_with_vendor_json_media_type() {
    let server = TestServer::replying(Reply::status(201).body(r#"{"id":"j"}"#));
    let client = responses::Client::new(&server.url()).unwrap();
    let body = responses::types::StartJobBody::new().with_priority(3);
    client.start_job(Some(&body)).await.expect("201");
    let request = server.single_request();
    assert_eq!(
        request.header("Content-Type"),
        Some("application/vnd.jobs+json")
    );
    assert_eq!(request.json(), json!({"priority": 3}));
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
async fn array_parameters() {
    let server = TestServer::replying(Reply::status(204));
    let client = params::Client::new(&server.url()).unwrap();
    client
        .search(&["a b", "c/d"], Some(&[1, 2, 3]), Some(&[true, false]))
        .await
        .unwrap();
    client.search(&[], None, None).await.unwrap();
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
        .list_events(
            Some(&created),
            Some(&several),
            Some(&["x", "y"]),
            Some(&filter),
        )
        .await
        .unwrap();
    let one = ListEventsId::String("solo".into());
    client
        .list_events(None, Some(&one), None, None)
        .await
        .unwrap();
    client.list_events(None, None, None, None).await.unwrap();
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
    client.list_beta_jobs(Some(5)).await.unwrap();
    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].target.as_str()),
        ("POST", "/jobs")
    );
    assert_eq!(requests[1].target, "/jobs?beta=true&limit=5");
}

#[tokio::test]
async fn nested_form_bodies_use_brackets() {
    use apigen_compile_check::media::{self, types::*};
    let server = TestServer::replying(Reply::status(204));
    let client = media::Client::new(&server.url()).unwrap();
    let body = CreateChargeBody::new(500)
        .with_expand(vec!["customer".into(), "invoice".into()])
        .with_metadata([("order".to_owned(), "6735".to_owned())].into())
        .with_shipping(
            CreateChargeBodyShipping::new()
                .with_name("Ann")
                .with_address(CreateChargeBodyShippingAddress::new().with_city("Köln")),
        )
        .with_tags(vec!["a".into(), "b".into()]);
    client.create_charge(&body).await.unwrap();
    let requests = server.requests();
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "amount=500&expand%5B0%5D=customer&expand%5B1%5D=invoice&metadata%5Border%5D=6735\
         &shipping%5Bname%5D=Ann&shipping%5Baddress%5D%5Bcity%5D=K%C3%B6ln&tags=a%2Cb"
    );
}

#[tokio::test]
async fn multipart_bodies_carry_files_and_fields() {
    use apigen_compile_check::media::{self, types::*};
    use apigen_runtime::File;
    let server = TestServer::replying(Reply::status(204));
    let client = media::Client::new(&server.url()).unwrap();
    let body = UploadBody::new(
        File::new(&b"{\"a\":1}\n\x00"[..])
            .with_file_name("data.jsonl")
            .with_content_type("application/jsonl"),
    )
    .with_purpose(UploadBodyPurpose::FineTune)
    .with_attachments(vec![
        File::new("one"),
        File::new("two").with_file_name("2.txt"),
    ])
    .with_meta(UploadBodyMeta::new().with_lines(2));
    client.upload(&body).await.unwrap();
    let requests = server.requests();
    let content_type = requests[0].header("Content-Type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    let part = |headers: &str, content: &str| {
        format!("--{boundary}\r\nContent-Disposition: form-data; {headers}\r\n\r\n{content}\r\n")
    };
    let expected = [
        part(
            "name=\"file\"; filename=\"data.jsonl\"\r\nContent-Type: application/jsonl",
            "{\"a\":1}\n\x00",
        ),
        part("name=\"purpose\"", "fine-tune"),
        part(
            "name=\"attachments\"; filename=\"attachments\"\r\nContent-Type: application/octet-stream",
            "one",
        ),
        part(
            "name=\"attachments\"; filename=\"2.txt\"\r\nContent-Type: application/octet-stream",
            "two",
        ),
        part(
            "name=\"meta\"\r\nContent-Type: application/json",
            "{\"lines\":2}",
        ),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(&requests[0].body), expected);
}

#[tokio::test]
async fn without_a_declared_success_any_2xx_returns_its_bytes() {
    let server = TestServer::start(|request| match request.header("X-Gone") {
        Some(_) => Reply::status(410).body(r#"{"code":"Gone","message":"retired"}"#),
        None => Reply::status(207).body("raw"),
    });
    let client = responses::Client::new(&server.url()).unwrap();
    let ok = client.retired().await.unwrap();
    assert_eq!((ok.status().as_u16(), &ok.body()[..]), (207, &b"raw"[..]));
    let gone = responses::Client::builder()
        .endpoint(server.url())
        .http_client(
            apigen_runtime::reqwest::Client::builder()
                .default_headers(
                    [(
                        apigen_runtime::reqwest::header::HeaderName::from_static("x-gone"),
                        apigen_runtime::reqwest::header::HeaderValue::from_static("1"),
                    )]
                    .into_iter()
                    .collect(),
                )
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    match gone.retired().await {
        Err(Error::Api(e)) => assert_eq!((e.status().as_u16(), e.message()), (410, "retired")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_declared_redirect_is_the_success_when_there_is_no_2xx() {
    let server = TestServer::replying(Reply::status(303).header("Location", "/console"));
    let client = responses::Client::new(&server.url()).unwrap();
    let response = client.login().await.expect("303 is the declared outcome");
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers().get("location").unwrap(), "/console");
    let refused = TestServer::replying(Reply::status(401));
    let result = responses::Client::new(&refused.url())
        .unwrap()
        .login()
        .await;
    assert!(matches!(result, Err(Error::Api(_))), "{result:?}");
}

#[tokio::test]
async fn form_text_and_binary_bodies() {
    use apigen_compile_check::media;
    let server = TestServer::start(|request| match request.target.as_str() {
        "/login" => Reply::status(200)
            .header("Content-Type", "text/plain")
            .body("session-42"),
        "/files/a.bin" if request.method == "GET" => {
            Reply::status(200).body(vec![0u8, 159, 146, 150])
        }
        "/notes" => Reply::status(201).body(r#"{"id":"n1"}"#),
        _ => Reply::status(204),
    });
    let client = media::Client::new(&server.url()).unwrap();
    let login = media::types::LoginBody::new("ann o'neil")
        .with_password("p&ss=word")
        .with_remember(true);
    assert_eq!(client.login(&login).await.unwrap().body(), "session-42");
    client
        .upload_file("a.bin", Some(&[1, 2, 3][..]))
        .await
        .unwrap();
    client.upload_file("empty", None).await.unwrap();
    assert_eq!(
        &client.download_file("a.bin").await.unwrap().body()[..],
        &[0u8, 159, 146, 150]
    );
    assert_eq!(
        client
            .add_note("# Title\nbody")
            .await
            .unwrap()
            .body()
            .id
            .as_deref(),
        Some("n1")
    );

    let requests = server.requests();
    assert_eq!(
        requests[0].header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "username=ann+o%27neil&password=p%26ss%3Dword&remember=true"
    );
    assert_eq!(
        (requests[1].header("Content-Type"), &requests[1].body[..]),
        (Some("application/octet-stream"), &[1u8, 2, 3][..])
    );
    assert_eq!(
        (requests[2].header("Content-Type"), requests[2].body.len()),
        (None, 0)
    );
    assert_eq!(
        (requests[4].header("Content-Type"), &requests[4].body[..]),
        (Some("text/markdown"), &b"# Title\nbody"[..])
    );
}

#[tokio::test]
async fn a_default_only_operation_succeeds_on_2xx() {
    let server = TestServer::start(|request| {
        let status = request
            .header("X-Want")
            .and_then(|v| v.parse().ok())
            .unwrap_or(200);
        Reply::status(status).body("chunk")
    });
    let ok = responses::Client::new(&server.url())
        .unwrap()
        .stream()
        .await
        .unwrap();
    assert_eq!(&ok.body()[..], b"chunk");
    let mut headers = apigen_runtime::reqwest::header::HeaderMap::new();
    headers.insert("X-Want", 500.into());
    let http = apigen_runtime::reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let core = apigen_runtime::ClientCore::with_http_client(&server.url(), http).unwrap();
    let error = responses::Client::from_core(core)
        .stream()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
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

#[tokio::test]
async fn success_with_and_without_a_body() {
    let server = TestServer::start(|request| match request.target.as_str() {
        "/jobs/here" => Reply::status(200).body(r#"{"id":"here"}"#),
        _ => Reply::status(204),
    });
    let client = responses::Client::new(&server.url()).unwrap();
    assert_eq!(
        client
            .find_job("here")
            .await
            .unwrap()
            .body()
            .as_ref()
            .map(|j| j.id.as_str()),
        Some("here")
    );
    assert!(client.find_job("gone").await.unwrap().body().is_none());
}

/// Replies in order, one per request; a request beyond the script gets a 599.
fn scripted(replies: Vec<Reply>) -> TestServer {
    let replies = std::sync::Mutex::new(replies.into_iter());
    TestServer::start(move |_| {
        let next = replies.lock().map(|mut r| r.next()).ok().flatten();
        next.unwrap_or_else(|| Reply::status(599))
    })
}

fn api_body<E: Clone + std::fmt::Debug>(
    result: Result<impl std::fmt::Debug, Error<E>>,
) -> Option<E> {
    match result {
        Err(Error::Api(e)) => e.body().cloned(),
        other => panic!("expected an API error: {other:?}"),
    }
}

#[tokio::test]
async fn successes_that_differ_are_an_enum_with_typed_headers() {
    use responses::CreateThingResponse as R;
    use responses::types::{CreateThingCreatedXMode, Job, Thing};
    let json = |status: u16, body: &str| {
        Reply::status(status)
            .header("Content-Type", "application/json")
            .body(body.to_owned())
    };
    let server = scripted(vec![
        json(201, r#"{"name":"n"}"#)
            .header("location", "/things/1")
            .header("X-Rate-Limit", "10")
            .header("X-Tags", "a, b")
            .header("X-Tags", "c")
            .header("X-Mode", "fast"),
        json(200, r#"{"id":"j"}"#),
        Reply::status(202).body("ticket-7"),
        Reply::status(204),
        json(201, "{}").header("Location", "/things/2"),
    ]);
    let client = responses::Client::new(&server.url()).unwrap();
    let created = client.create_thing().await.expect("201").into_body();
    assert_eq!(
        created,
        R::Created {
            body: Thing::new().with_name("n"),
            location: String::from("/things/1"),
            x_rate_limit: Some(10),
            x_tags: Some(vec![
                String::from("a"),
                String::from("b"),
                String::from("c")
            ]),
            x_mode: Some(CreateThingCreatedXMode::Fast),
        }
    );
    let existing = client.create_thing().await.expect("200");
    assert_eq!(existing.status().as_u16(), 200);
    assert_eq!(existing.into_body(), R::Ok(Job::new("j")));
    assert_eq!(
        client.create_thing().await.expect("202").into_body(),
        R::Accepted(String::from("ticket-7"))
    );
    assert_eq!(
        client.create_thing().await.expect("204").into_body(),
        R::NoContent
    );
    match client.create_thing().await.expect("201").into_body() {
        R::Created {
            x_rate_limit,
            x_tags,
            x_mode,
            ..
        } => assert_eq!((x_rate_limit, x_tags, x_mode), (None, None, None)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_declared_header_that_is_missing_or_malformed_makes_the_response_unexpected() {
    let server = scripted(vec![
        Reply::status(201).body("{}"),
        Reply::status(201)
            .header("Location", "/x")
            .header("X-Rate-Limit", "lots-of-secret")
            .body("{}"),
    ]);
    let client = responses::Client::new(&server.url()).unwrap();
    for (header, missing) in [("Location", true), ("X-Rate-Limit", false)] {
        match client.create_thing().await {
            Err(Error::UnexpectedResponse(e)) => {
                let UnexpectedReason::InvalidHeader(bad) = &e.reason else {
                    panic!("{e}");
                };
                assert_eq!((bad.name(), bad.is_missing()), (header, missing));
                assert_eq!(e.body.as_ref(), b"{}", "the raw body is kept");
                assert!(!e.to_string().contains("secret"), "{e}");
            }
            other => panic!("{header}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn error_bodies_that_differ_are_an_enum_by_status() {
    use responses::CreateThingErrorBody as B;
    use responses::types::{Conflict, Error as ErrorBody, NotFound};
    let server = scripted(vec![
        Reply::status(404).body(r#"{"missing":"parent"}"#),
        Reply::status(409).body(r#"{"holder":"h"}"#),
        Reply::status(422).body(r#"{"missing":"not typed here"}"#),
        Reply::status(500).body(r#"{"message":"boom"}"#),
        Reply::status(503).body("<html>busy</html>"),
    ]);
    let client = responses::Client::new(&server.url()).unwrap();
    assert_eq!(
        api_body(client.create_thing().await),
        Some(B::NotFound(NotFound::new().with_missing("parent")))
    );
    assert_eq!(
        api_body(client.create_thing().await),
        Some(B::Conflict(Conflict::new().with_holder("h")))
    );
    assert_eq!(api_body(client.create_thing().await), None);
    assert_eq!(
        api_body(client.create_thing().await),
        Some(B::Default(ErrorBody::new().with_message("boom")))
    );
    assert_eq!(api_body(client.create_thing().await), None, "not JSON");
}

#[tokio::test]
async fn a_token_in_a_response_header_is_a_secret() {
    let server = TestServer::replying(Reply::status(201).header("X-Subject-Token", "tok-s3cr3t"));
    let client = responses::Client::new(&server.url()).unwrap();
    let issued = client.issue_token().await.expect("201").into_body();
    let responses::IssueTokenResponse::Created { x_subject_token } = &issued;
    assert_eq!(x_subject_token.expose(), "tok-s3cr3t");
    assert!(!format!("{issued:?}").contains("s3cr3t"));
}
