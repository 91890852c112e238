//! Request bodies as they reach the wire: JSON with a vendor media type, forms (nested, with styles), multipart, text and binary.

use apigen_fixture_clients::responses;
use apigen_test_support::{Reply, TestServer};
use serde_json::json;

#[tokio::test]
async fn optional_body_with_vendor_json_media_type() {
    let server = TestServer::replying(Reply::status(201).body(r#"{"id":"j"}"#));
    let client = responses::Client::new(&server.url()).unwrap();
    let body = responses::types::StartJobBody::new().with_priority(3);
    client.start_job().body(body).await.expect("201");
    let request = server.single_request();
    assert_eq!(
        request.header("Content-Type"),
        Some("application/vnd.jobs+json")
    );
    assert_eq!(request.json(), json!({"priority": 3}));
}

#[tokio::test]
async fn nested_form_bodies_use_brackets() {
    use apigen_fixture_clients::media::{self, types::*};
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
    use apigen_fixture_clients::media::{self, types::*};
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
async fn form_text_and_binary_bodies() {
    use apigen_fixture_clients::media;
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
    client.upload_file("a.bin").body([1, 2, 3]).await.unwrap();
    client.upload_file("empty").await.unwrap();
    let download = client.download_file("a.bin").await.unwrap().into_body();
    assert_eq!(
        &download.collect(1024).await.unwrap()[..],
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
