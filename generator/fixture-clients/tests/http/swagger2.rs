//! Swagger 2.0 documents, converted, on the wire: `body` and `formData` parameters as JSON,
//! URL-encoded and multipart bodies, every `collectionFormat`, typed response headers, shared
//! responses, files, and credentials from `securityDefinitions`.

use apigen_fixture_clients::{
    swagger2_bodies as bodies, swagger2_parameters as parameters, swagger2_responses as responses,
    swagger2_security as security,
};
use apigen_runtime::{Error, File};
use apigen_test_support::{Reply, TestServer};
use serde_json::json;

#[tokio::test]
async fn a_body_parameter_is_a_json_body() {
    let server = TestServer::replying(
        Reply::status(201)
            .header("Content-Type", "application/json")
            .body(r#"{"text":"hi","pinned":true}"#),
    );
    let client = bodies::Client::new(&server.url()).unwrap();
    let note = bodies::types::Note::new("hi").with_pinned(true);
    let stored = client.create_note(&note).await.expect("201");
    assert_eq!(stored.body(), &note);
    // The same body through a `$ref` to the document's `parameters`.
    client
        .replace_note(&note)
        .await
        .expect_err("201 is not PUT's status");
    let requests = server.requests();
    for (request, method) in requests.iter().zip(["POST", "PUT"]) {
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            (method, "/notes")
        );
        assert_eq!(request.header("Content-Type"), Some("application/json"));
        assert_eq!(request.json(), json!({"text": "hi", "pinned": true}));
    }
}

#[tokio::test]
async fn form_data_is_url_encoded_with_csv_and_multi_arrays() {
    let server = TestServer::replying(Reply::status(200));
    let client = bodies::Client::new(&server.url()).unwrap();
    let body = bodies::types::PostMessageBody::new("hello world", "C1")
        .with_as_user(false)
        .with_tags(vec!["a".into(), "b c".into()])
        .with_mentions(vec![7, 8]);
    client.post_message(&body).await.expect("200");
    let request = server.single_request();
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    // `tags` is csv (2.0's default), `mentions` multi; `channel` comes from the path item.
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "text=hello+world&as_user=false&tags=a%2Cb+c&mentions=7&mentions=8&channel=C1"
    );
}

#[tokio::test]
async fn file_parameters_are_multipart_parts() {
    let server = TestServer::replying(Reply::status(201));
    let client = bodies::Client::new(&server.url()).unwrap();
    let body = bodies::types::UploadFileBody::new(
        File::new(&b"%PDF\x00"[..])
            .with_file_name("a.pdf")
            .with_content_type("application/pdf"),
    )
    .with_title("Report")
    .with_folder("inbox");
    client.upload_file(&body).await.expect("201");
    // A file field is sent as multipart even where `consumes` says URL-encoded.
    let server_avatar = TestServer::replying(Reply::status(204));
    let avatars = bodies::Client::new(&server_avatar.url()).unwrap();
    let avatar = bodies::types::UploadAvatarBody::new(File::new("png").with_file_name("me.png"));
    avatars.upload_avatar(&avatar).await.expect("204");
    for (request, parts) in [
        (
            server.single_request(),
            vec![
                (
                    "name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf",
                    "%PDF\x00",
                ),
                ("name=\"title\"", "Report"),
                ("name=\"folder\"", "inbox"),
            ],
        ),
        (
            server_avatar.single_request(),
            vec![(
                "name=\"image\"; filename=\"me.png\"\r\nContent-Type: application/octet-stream",
                "png",
            )],
        ),
    ] {
        let content_type = request.header("Content-Type").unwrap().to_owned();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect(&content_type);
        let mut expected: String = parts
            .iter()
            .map(|(headers, content)| {
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; {headers}\r\n\r\n{content}\r\n"
                )
            })
            .collect();
        expected.push_str(&format!("--{boundary}--\r\n"));
        assert_eq!(String::from_utf8_lossy(&request.body), expected);
    }
}

#[tokio::test]
async fn collection_formats_reach_the_wire_as_2_0_defines_them() {
    use parameters::types::SearchKind;
    let server = TestServer::replying(
        Reply::status(200)
            .header("Content-Type", "application/json")
            .body(r#"["x"]"#),
    );
    let client = parameters::Client::new(&server.url()).unwrap();
    let found = client
        .search(SearchKind::Films)
        .limit(5)
        .csv(vec!["a".into(), "b".into()])
        .ssv(vec!["c".into(), "d".into()])
        .pipes(vec!["e".into(), "f".into()])
        .multi(vec![1, 2])
        .tsv(vec!["g".into(), "h".into()])
        .x_tags(vec!["t1".into(), "t2".into()])
        .x_spaced(vec!["s1".into(), "s2".into()])
        .attachment("raw")
        .await
        .expect("200");
    assert_eq!(found.body(), &["x".to_owned()]);
    let request = server.single_request();
    // csv, ssv, pipes, multi, and tsv (which 3.0 cannot say) sent comma-separated.
    assert_eq!(
        request.target,
        "/search/films?limit=5&csv=a%2Cb&ssv=c%20d&pipes=e%7Cf&multi=1&multi=2&tsv=g%2Ch&attachment=raw"
    );
    assert_eq!(request.header("X-Tags"), Some("t1,t2"));
    assert_eq!(request.header("X-Spaced"), Some("s1,s2"));
}

#[tokio::test]
async fn response_headers_are_typed_and_shared_responses_are_errors() {
    use responses::GetReportResponse;
    let replies = std::sync::Mutex::new(
        vec![
            Reply::status(200)
                .header("Content-Type", "application/json")
                .header("X-Rate-Remaining", "41")
                .header("X-Versions", "1,2")
                .body(r#"{"name":"weekly"}"#),
            Reply::status(404)
                .header("Content-Type", "application/json")
                .body(r#"{"code":404,"message":"no report"}"#),
        ]
        .into_iter(),
    );
    let server = TestServer::start(move |_| {
        let next = replies.lock().map(|mut r| r.next()).ok().flatten();
        next.unwrap_or_else(|| Reply::status(599))
    });
    // The document's server is its relative `basePath`: the base URL ends with it.
    let client = responses::Client::new(&format!("{}/api", server.url())).unwrap();
    let GetReportResponse::Ok {
        body,
        x_rate_remaining,
        x_versions,
    } = client.get_report("r1").await.expect("200").into_body();
    assert_eq!(body.name.as_deref(), Some("weekly"));
    assert_eq!(x_rate_remaining, Some(41));
    assert_eq!(x_versions, Some(vec!["1".to_owned(), "2".to_owned()]));
    match client.get_report("r2").await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status().as_u16(), 404);
            let problem = e.body().expect("the shared response's schema");
            assert_eq!(problem.message.as_deref(), Some("no report"));
        }
        other => panic!("expected the 404: {other:?}"),
    }
    let requests = server.requests();
    assert_eq!(requests[0].target, "/api/reports/r1");
}

#[tokio::test]
async fn file_responses_are_bytes() {
    let server = TestServer::replying(
        Reply::status(200)
            .header("Content-Type", "application/pdf")
            .body(&b"%PDF-1.7\x00\xff"[..]),
    );
    let client = responses::Client::new(&server.url()).unwrap();
    let file = client.download_report("r1").await.expect("200");
    let body = file.into_body().collect(64).await.unwrap();
    assert_eq!(&body[..], b"%PDF-1.7\x00\xff");
    assert_eq!(server.single_request().target, "/reports/r1/file");
}

#[tokio::test]
async fn security_definitions_send_their_credentials() {
    let server = TestServer::replying(Reply::status(204));
    let client = security::Client::new(&server.url())
        .unwrap()
        .with_basic_auth("ann", "pa55")
        .with_api_key("k-1")
        .with_query_key("q-2")
        .with_code_oauth("tok-3");
    // `getMe` answers 204 here, which its document does not list: the request is what counts.
    let _ = client.get_me().await;
    client.list_keys().await.expect("204");
    client.create_token().await.expect("204");
    let requests = server.requests();
    assert_eq!(
        requests[0].header("Authorization"),
        Some("Basic YW5uOnBhNTU=")
    );
    assert_eq!(requests[1].target, "/keys?key=q-2");
    assert_eq!(requests[1].header("X-API-Key"), Some("k-1"));
    assert_eq!(requests[2].header("Authorization"), Some("Bearer tok-3"));
    assert_eq!(
        security::DEFAULT_SERVER_URL,
        "https://secure.example.com:8443/v1"
    );
}
