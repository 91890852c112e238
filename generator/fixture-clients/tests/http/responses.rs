//! Responses dispatched by status: uniform bodies, the per-operation success and error-body
//! enums with typed headers, undeclared successes, redirects, `default`.

use apigen_fixture_clients::responses;
use apigen_runtime::{Error, UnexpectedReason};
use apigen_test_support::{Reply, TestServer};

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
        let http = apigen_runtime::http_client_builder()
            .unwrap()
            .default_headers(headers)
            .build()
            .unwrap();
        let core = apigen_runtime::ClientCore::with_http_client(&server.url(), http).unwrap();
        responses::Client::from_core(core).start_job().await
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
async fn without_a_declared_success_any_2xx_returns_its_bytes() {
    let server = TestServer::start(|request| match request.header("X-Gone") {
        Some(_) => Reply::status(410).body(r#"{"code":"Gone","message":"retired"}"#),
        None => Reply::status(207).body("raw"),
    });
    let client = responses::Client::new(&server.url()).unwrap();
    let ok = client.retired().await.unwrap();
    let status = ok.status().as_u16();
    let body = ok.into_body().collect(64).await.unwrap();
    assert_eq!((status, &body[..]), (207, &b"raw"[..]));
    let gone = responses::Client::builder()
        .endpoint(server.url())
        .http_client(
            apigen_runtime::http_client_builder()
                .unwrap()
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
    assert_eq!(&ok.into_body().collect(64).await.unwrap()[..], b"chunk");
    let mut headers = apigen_runtime::reqwest::header::HeaderMap::new();
    headers.insert("X-Want", 500.into());
    let http = apigen_runtime::http_client_builder()
        .unwrap()
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
