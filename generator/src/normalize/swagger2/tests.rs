use serde_yaml::Value;

use super::to_3_0;
use crate::diag::Ctxt;
use crate::source_map::SourceMap;

/// The converted document, and the warnings as `pointer: message` lines.
fn convert(yaml: &str) -> (Value, Vec<String>) {
    let map = SourceMap::build(yaml);
    let cx = Ctxt::new("t.yaml", &map);
    let doc: Value = serde_yaml::from_str(yaml).unwrap();
    let converted = to_3_0(&doc, &cx).doc;
    let warnings = match cx.finish() {
        Ok(d) | Err(d) => d.items,
    };
    let lines = warnings
        .into_iter()
        .map(|w| format!("{}: {}", w.pointer, w.message))
        .collect();
    (converted, lines)
}

#[test]
fn null_alternatives_under_items_become_a_nullable_reference() {
    let (doc, warnings) = convert(
        "swagger: '2.0'\ndefinitions:\n  A: {type: object}\n  B:\n    properties:\n      a:\n        items: [{$ref: '#/definitions/A'}, {type: 'null'}]\n",
    );
    let a = &doc["components"]["schemas"]["B"]["properties"]["a"];
    assert_eq!(a["nullable"], Value::from(true), "{a:?}");
    assert_eq!(a["allOf"][0]["$ref"], Value::from("#/components/schemas/A"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("/definitions/B/properties/a/items: "));
}

#[test]
fn moved_parameters_map_back_to_their_written_index() {
    let yaml = "swagger: '2.0'\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {type: object}}\n        - {name: q, in: query, type: array, items: {type: string}}\n      responses:\n        '200': {description: ok, schema: {type: string}}\n";
    let map = SourceMap::build(yaml);
    let cx = Ctxt::new("t.yaml", &map);
    let doc: Value = serde_yaml::from_str(yaml).unwrap();
    let converted = to_3_0(&doc, &cx);
    let op = &converted.doc["paths"]["/a"]["post"];
    assert_eq!(op["parameters"][0]["name"], Value::from("q"));
    assert_eq!(op["parameters"][0]["style"], Value::from("form"));
    assert_eq!(op["parameters"][0]["explode"], Value::from(false));
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["type"],
        Value::from("object")
    );
    let back = |p: &str| converted.origins.original(p).into_owned();
    assert_eq!(
        back("/paths/~1a/post/parameters/0/schema/items"),
        "/paths/~1a/post/parameters/1/items"
    );
    assert_eq!(
        back("/paths/~1a/post/requestBody/content/application~1json/schema/type"),
        "/paths/~1a/post/parameters/0/schema/type"
    );
    assert_eq!(
        back("/paths/~1a/post/responses/200/content/application~1json/schema"),
        "/paths/~1a/post/responses/200/schema"
    );
}

#[test]
fn servers_put_https_first_and_keep_a_relative_base_path() {
    let (doc, warnings) = convert(
        "swagger: '2.0'\nhost: h.example\nbasePath: /v1\nschemes: [http, https]\npaths: {}\n",
    );
    assert_eq!(
        doc["servers"][0]["url"],
        Value::from("https://h.example/v1")
    );
    assert_eq!(doc["servers"][1]["url"], Value::from("http://h.example/v1"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let (doc, _) = convert("swagger: '2.0'\nbasePath: /v1\npaths: {}\n");
    assert_eq!(doc["servers"][0]["url"], Value::from("/v1"));
    let (doc, warnings) = convert("swagger: '2.0'\nhost: h.example\npaths: {}\n");
    assert_eq!(doc["servers"][0]["url"], Value::from("https://h.example"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("/host: "), "{warnings:?}");
}

#[test]
fn pointer_refs_follow_the_nodes_they_name() {
    let (doc, _) = convert(
        "swagger: '2.0'\ndefinitions:\n  A:\n    properties:\n      b: {type: object}\n      c: {$ref: '#/definitions/A/properties/b'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {type: object}\n  /y:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '#/paths/~1x/get/responses/200/schema'}\n",
    );
    assert_eq!(
        doc["components"]["schemas"]["A"]["properties"]["c"]["$ref"],
        Value::from("#/components/schemas/A/properties/b")
    );
    assert_eq!(
        doc["paths"]["/y"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        Value::from("#/paths/~1x/get/responses/200/content/application~1json/schema")
    );
}

#[test]
fn schemes_are_read_case_insensitively_and_only_web_ones_serve() {
    let (doc, warnings) =
        convert("swagger: '2.0'\nhost: h.example\nschemes: [WSS, HTTPS]\npaths: {}\n");
    assert_eq!(doc["servers"][0]["url"], Value::from("https://h.example"));
    assert_eq!(doc["servers"].as_sequence().map(Vec::len), Some(1));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("/schemes: "), "{warnings:?}");
}
