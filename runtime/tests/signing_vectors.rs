//! Every AK/SK vector produced by Huawei's official signer (../shared/oracle), byte for byte:
//! canonical request, string to sign, signature, Authorization, final headers, wire URI.

use apigen_runtime::Secret;
use apigen_runtime::sign::{
    Algorithm, SignInput, canonical_query, canonical_uri, sign, sign_canonical,
};
use apigen_test_support::shared_json;
use serde_json::Value;

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => panic!("unexpected scalar {other}"),
    }
}

fn pairs(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for pair in value.as_array().expect("pairs") {
        let key = text(&pair[0]);
        match &pair[1] {
            Value::Array(values) => out.extend(values.iter().map(|v| (key.clone(), text(v)))),
            v => out.push((key, text(v))),
        }
    }
    out
}

fn algorithm(vector: &Value) -> Algorithm {
    match vector["algorithm"].as_str().unwrap() {
        "SDK-HMAC-SHA256" => Algorithm::HmacSha256,
        "SDK-HMAC-SM3" => Algorithm::HmacSm3,
        "V11-HMAC-SHA256" => Algorithm::V11HmacSha256 {
            region: vector["input"]["region_id"].as_str().unwrap().to_owned(),
            service: vector["input"]["derived_auth_service_name"]
                .as_str()
                .unwrap()
                .to_owned(),
        },
        other => panic!("unknown algorithm {other}"),
    }
}

#[test]
fn official_signer_vectors() {
    let vectors = shared_json("oracle/signing_vectors.json");
    let list = vectors["vectors"].as_array().unwrap();
    assert!(list.len() >= 11, "expected the full vector set");
    for vector in list {
        let name = vector["name"].as_str().unwrap();
        let (input, expected) = (&vector["input"], &vector["expected"]);
        let headers = pairs(&input["headers"]);
        let query = pairs(&input["query"]);
        let date = headers
            .iter()
            .find(|(n, _)| n == "X-Sdk-Date")
            .map(|(_, v)| v.clone())
            .unwrap();
        let body = input["body_utf8"].as_str().map(str::as_bytes);
        let signed = sign(
            &algorithm(vector),
            input["ak"].as_str().unwrap(),
            &Secret::new(input["sk"].as_str().unwrap()),
            &date,
            &SignInput {
                method: input["method"].as_str().unwrap(),
                host: input["host"].as_str().unwrap(),
                path: input["resource_path"].as_str().unwrap(),
                query: &query,
                headers: &headers,
                body,
            },
        );
        let field = |key: &str| {
            expected[key]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: {key}"))
        };
        assert_eq!(
            signed.canonical_request,
            field("canonical_request"),
            "{name}: canonical request"
        );
        assert_eq!(
            canonical_uri(input["resource_path"].as_str().unwrap()),
            field("canonical_uri"),
            "{name}"
        );
        assert_eq!(
            canonical_query(&query),
            field("canonical_query_string"),
            "{name}"
        );
        assert!(
            signed.canonical_request.ends_with(field("payload_hash")),
            "{name}: payload hash"
        );
        assert_eq!(
            signed.string_to_sign,
            field("string_to_sign"),
            "{name}: string to sign"
        );
        assert_eq!(signed.signed_headers, field("signed_headers"), "{name}");
        assert_eq!(signed.signature, field("signature"), "{name}: signature");
        assert_eq!(
            signed.authorization,
            field("authorization"),
            "{name}: authorization"
        );
        assert_eq!(
            signed.headers,
            pairs(&expected["final_headers"]),
            "{name}: final headers"
        );
        assert_eq!(signed.wire_uri, field("wire_uri"), "{name}: wire URI");
    }
}

/// The Go SDK signs a different header set, so its canonical requests differ; the shared
/// steps (canonical URI and query, hashing, string to sign, signature) must still agree.
#[test]
fn cross_sdk_vectors() {
    let vectors = shared_json("oracle/signing_vectors.json");
    for vector in vectors["cross_sdk_vectors"].as_array().unwrap() {
        let name = vector["name"].as_str().unwrap();
        let (input, expected) = (&vector["input"], &vector["expected"]);
        let canonical = expected["canonical_request"].as_str().unwrap();
        let lines: Vec<&str> = canonical.split('\n').collect();
        assert_eq!(
            lines[1],
            canonical_uri(input["resource_path"].as_str().unwrap()),
            "{name}"
        );
        assert_eq!(lines[2], canonical_query(&pairs(&input["query"])), "{name}");
        let date = pairs(&input["headers"])
            .into_iter()
            .find(|(n, _)| n == "X-Sdk-Date")
            .unwrap()
            .1;
        let (sts, signature, authorization) = sign_canonical(
            &Algorithm::HmacSha256,
            input["ak"].as_str().unwrap(),
            &Secret::new(input["sk"].as_str().unwrap()),
            &date,
            canonical,
            expected["signed_headers"].as_str().unwrap(),
        );
        assert_eq!(sts, expected["string_to_sign"].as_str().unwrap(), "{name}");
        assert_eq!(signature, expected["signature"].as_str().unwrap(), "{name}");
        assert_eq!(
            authorization,
            expected["authorization"].as_str().unwrap(),
            "{name}"
        );
    }
}

#[test]
fn the_restore_captures_verify() {
    // The captured official requests: same inputs, same Authorization.
    let oracle = shared_json("oracle/official_restore_request.json");
    for case in [
        "restore_vm_example",
        "restore_volume_with_details_and_odd_backup_id",
    ] {
        let request = &oracle[case]["request"];
        let wire: Vec<(String, String)> = pairs(&request["headers"]);
        let signed_input: Vec<(String, String)> = wire
            .iter()
            .filter(|(n, _)| {
                ["Content-Type", "User-Agent", "X-Project-Id", "X-Sdk-Date"].contains(&n.as_str())
            })
            .cloned()
            .collect();
        let host = wire.iter().find(|(n, _)| n == "Host").unwrap().1.clone();
        let signed = sign(
            &Algorithm::HmacSha256,
            oracle["credentials"]["ak"].as_str().unwrap(),
            &Secret::new(oracle["credentials"]["sk"].as_str().unwrap()),
            "20240102T030405Z",
            &SignInput {
                method: "POST",
                host: &host,
                path: request["path"].as_str().unwrap(),
                query: &[],
                headers: &signed_input,
                body: Some(request["body_utf8"].as_str().unwrap().as_bytes()),
            },
        );
        let authorization = wire
            .iter()
            .find(|(n, _)| n == "Authorization")
            .unwrap()
            .1
            .clone();
        assert_eq!(signed.authorization, authorization, "{case}");
        assert_eq!(
            signed.canonical_request,
            oracle[case]["signature_check"]["recomputed_canonical_request"]
                .as_str()
                .unwrap(),
            "{case}"
        );
    }
}
