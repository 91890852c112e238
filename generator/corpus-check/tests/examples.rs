//! Example payloads of the public corpus through the generated types and back: every
//! `example` / `examples` value a document gives for a component schema, a JSON request body
//! or a JSON response body is deserialized into the generated type and serialized again,
//! by a test written into the document's standalone crate and run there. The harness
//! compares the result with the example (numbers by value, within `f32` precision for
//! `format: float`; a `null` member is the same as an absent one, since unset optional
//! fields are skipped) and prints a table per document.
//!
//! What must hold: every example decodes and serializes back to the same value, except
//! - members the schema does not declare: the type has nowhere to keep them, so they are
//!   dropped; they are counted and the first few printed;
//! - what the documents themselves get wrong, listed in [`KNOWN_BAD`] by document and error,
//!   with the reason (an entry that stops matching fails the test, so the list stays true).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use apigen::ir::{Api, Encoding, Origin, ResponseBody, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// Documents whose examples are checked: those with examples, small enough that building
/// their crate for a test run stays within CI's budget.
const DOCUMENTS: &[&str] = &[
    "oai-uspto.yaml",
    "oxide-nexus.json",
    "box-platform-v2025.0.json",
    "twilio-api-v2010.yaml",
    "github-rest.json",
    "digitalocean-bundled.yaml",
];

/// Examples the documents get wrong: (document, what the decoding error says, why). They
/// are counted, not failed; an entry that no longer matches anything fails the test.
const KNOWN_BAD: &[(&str, &str, &str)] = &[
    (
        "twilio-api-v2010.yaml",
        "expected f64",
        "prices and durations are declared `type: number`, but the examples (like the API) \
         send them as decimal strings",
    ),
    (
        "github-rest.json",
        "missing field `exclude_metadata`",
        "`migration` requires `exclude_metadata`, and the migration examples leave it out",
    ),
    (
        "digitalocean-bundled.yaml",
        "9223372036854776000",
        "the example is 2^63 (i64::MAX rounded by the document), outside `int64`",
    ),
];

/// The relative difference an `f32` round trip may introduce (a little over `f32::EPSILON`).
const F32_PRECISION: f64 = 1e-6;

/// One example and the type it must fit.
struct Example {
    pointer: String,
    ty: TypeRef,
    value: Value,
}

/// The value an `example`, or each entry of `examples` (inline `value` or a `$ref` to
/// `components/examples`), gives under `node`.
fn examples_at(doc: &Value, node: &Value, pointer: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(value) = node.get("example") {
        out.push((format!("{pointer}/example"), value.clone()));
    }
    if let Some(Value::Object(entries)) = node.get("examples") {
        for (key, entry) in entries {
            let entry = resolve(doc, entry);
            if let Some(value) = entry.get("value") {
                out.push((format!("{pointer}/examples/{}", escape(key)), value.clone()));
            }
        }
    }
    out
}

/// A YAML value as JSON; integers wider than 64 bits (DigitalOcean's bounds) as `f64`.
fn json_of(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), ..) => Value::from(i),
            (_, Some(u), _) => Value::from(u),
            (.., Some(f)) => Value::from(f),
            _ => Value::Null,
        },
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(json_of).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| match k {
                    serde_yaml::Value::String(k) => Some((k, json_of(v))),
                    serde_yaml::Value::Number(n) => Some((n.to_string(), json_of(v))),
                    serde_yaml::Value::Bool(b) => Some((b.to_string(), json_of(v))),
                    _ => None,
                })
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => json_of(tagged.value),
    }
}

/// Follows a local `$ref`, once.
fn resolve<'v>(doc: &'v Value, node: &'v Value) -> &'v Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p))
            .unwrap_or(node),
        None => node,
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// Every example with the generated type it belongs to.
fn collect(doc: &Value, api: &Api) -> Vec<Example> {
    let mut out = Vec::new();
    let mut push = |found: Vec<(String, Value)>, ty: &TypeRef| {
        for (pointer, value) in found {
            out.push(Example {
                pointer,
                ty: ty.clone(),
                value,
            });
        }
    };
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, schema) in schemas {
            let origin = Origin::Component(name.clone());
            if let Some(def) = api.model.types.iter().find(|t| t.origin == origin) {
                let pointer = format!("/components/schemas/{}", escape(name));
                push(
                    examples_at(doc, schema, &pointer),
                    &TypeRef::Named(def.ident.clone()),
                );
            }
        }
    }
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return out;
    };
    for (path, item) in paths {
        let Value::Object(methods) = item else {
            continue;
        };
        for (method, op) in methods {
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("{method} {path}"), str::to_owned);
            let Some(ir) = api.model.operations.iter().find(|o| o.operation_id == id) else {
                continue;
            };
            let at = format!("/paths/{}/{method}", escape(path));
            if let (Some(body), Some(raw)) = (&ir.body, op.get("requestBody")) {
                let raw = resolve(doc, raw);
                if body.encoding == Encoding::Json {
                    if let Some(content) =
                        raw.pointer(&format!("/content/{}", escape(&body.media_type)))
                    {
                        let pointer =
                            format!("{at}/requestBody/content/{}", escape(&body.media_type));
                        push(examples_at(doc, content, &pointer), &body.ty);
                    }
                }
            }
            for response in &ir.responses {
                let Some(ResponseBody {
                    ty,
                    encoding: Encoding::Json,
                }) = &response.body
                else {
                    continue;
                };
                let key = response.status.key();
                let Some(raw) = op.pointer(&format!("/responses/{key}")) else {
                    continue;
                };
                let raw = resolve(doc, raw);
                let Some(Value::Object(content)) = raw.get("content") else {
                    continue;
                };
                // The type is the first JSON media type's (the generator's choice); others
                // may have other schemas (GitHub's `vnd.github.v3.star+json`).
                let json = content.iter().filter(|(m, _)| is_json(m));
                let Some((_, chosen)) = json.clone().next() else {
                    continue;
                };
                let same_schema = json.filter(|(_, e)| e.get("schema") == chosen.get("schema"));
                for (media, entry) in same_schema {
                    let pointer = format!("{at}/responses/{key}/content/{}", escape(media));
                    push(examples_at(doc, entry, &pointer), ty);
                }
            }
        }
    }
    out
}

/// Whether JSON can be a value of `ty` (binary bodies and files cannot).
fn is_json_value(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::File | TypeRef::Body | TypeRef::ByteStream => false,
        TypeRef::Array(inner) | TypeRef::Map(inner) => is_json_value(inner),
        _ => true,
    }
}

/// The test compiled into the crate: example `i` of `examples.json` through its type, the
/// outcome (`{"ok": value}` or `{"err": message}`) written to `$APIGEN_EXAMPLES_OUT`.
fn test_source(krate: &proc_macro2::Ident, types: &[TokenStream]) -> String {
    let calls = types
        .iter()
        .enumerate()
        .map(|(i, ty)| quote!(roundtrip::<#ty>(&input[#i]),));
    let tokens = quote! {
        //! Example payloads through the generated types and back (apigen-corpus-check).

        use ::apigen_runtime::serde_json::{self, Value, json};
        use ::apigen_runtime::serde;
        // The types as the generator writes them next to the client: `types::Name`.
        #[allow(unused_imports, reason = "a document may give examples of unnamed types only")]
        use #krate::types;

        fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Value {
            // Back through text, as on the wire (an `f32` prints as itself there).
            match serde_json::from_value::<T>(value.clone()) {
                Ok(typed) => match serde_json::to_string(&typed).map(|text| serde_json::from_str::<Value>(&text)) {
                    Ok(Ok(back)) => json!({ "ok": back }),
                    Ok(Err(e)) | Err(e) => json!({ "err": format!("serialize: {e}") }),
                },
                Err(e) => json!({ "err": e.to_string() }),
            }
        }

        #[test]
        fn examples() {
            let input: Vec<Value> =
                serde_json::from_str(include_str!("examples.json")).expect("examples.json");
            let output: Vec<Value> = vec![#(#calls)*];
            let path = ::std::env::var("APIGEN_EXAMPLES_OUT").expect("APIGEN_EXAMPLES_OUT");
            ::std::fs::write(path, serde_json::to_string(&output).expect("json")).expect("write");
        }
    };
    apigen::format::file(tokens, &[String::from("@generated by apigen-corpus-check")])
        .expect("the example test parses")
}

/// The first place `back` differs from `example`: numbers compare by value, `null` members
/// count as absent. Members `back` lacks are collected in `dropped` instead.
fn difference(
    example: &Value,
    back: &Value,
    at: &str,
    dropped: &mut Vec<String>,
) -> Option<String> {
    match (example, back) {
        (Value::Number(a), Value::Number(b)) => {
            let (x, y) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            // `format: float` is `f32`: an example written with more digits than that
            // holds comes back rounded to them, which is what the format says.
            let same = x == y || (x - y).abs() <= x.abs() * F32_PRECISION;
            (!same).then(|| format!("{at}: {a} became {b}"))
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a.iter().filter(|(_, v)| !v.is_null()) {
                let here = format!("{at}/{}", escape(key));
                match b.get(key) {
                    Some(other) => {
                        if let Some(d) = difference(value, other, &here, dropped) {
                            return Some(d);
                        }
                    }
                    None => dropped.push(here),
                }
            }
            b.iter()
                .filter(|(k, v)| !v.is_null() && !a.contains_key(*k))
                .map(|(k, _)| format!("{at}/{}: added", escape(k)))
                .next()
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| difference(x, y, &format!("{at}/{i}"), dropped)),
        (a, b) => (a != b).then(|| format!("{at}: {a} became {b}")),
    }
}

#[derive(Default)]
struct Tally {
    examples: usize,
    equal: usize,
    lossy: usize,
    known_bad: usize,
    known_used: std::collections::BTreeSet<usize>,
    failures: Vec<String>,
    dropped: Vec<String>,
}

fn check_document(file: &str) -> Tally {
    let path = common::root().join("../shared/corpus/public").join(file);
    let text = std::fs::read_to_string(&path).expect("corpus document");
    let display = format!("corpus/{file}");
    let generated = apigen::generate(&display, &text, &apigen::Settings::default())
        .unwrap_or_else(|e| panic!("{display} generates: {e}"));
    let doc = json_of(apigen::yaml_value::from_str(&text).expect("the document reads"));
    let stem = file.trim_end_matches(".json").trim_end_matches(".yaml");
    let name = format!("examples-{}", stem.replace(['.', '_'], "-"));
    let krate = format_ident!("{}", name.replace('-', "_"));
    let all = collect(&doc, &generated.api);
    let settings = apigen::Settings::default();
    let examples: Vec<(Example, TokenStream)> = all
        .into_iter()
        .filter(|e| is_json_value(&e.ty))
        .map(|e| {
            let ty = apigen::type_expr(&e.ty, &settings);
            (e, ty)
        })
        .collect();
    let dir = common::root()
        .join("target/corpus-check/examples")
        .join(stem);
    let runtime = apigen::standalone::RuntimeSource::Path(common::root().join("runtime"));
    apigen::standalone::write_crate(&dir, &name, &display, &generated, &runtime).unwrap();
    std::fs::copy(common::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let values: Vec<&Value> = examples.iter().map(|(e, _)| &e.value).collect();
    write(
        &dir.join("tests/examples.json"),
        &serde_json::to_string(&values).unwrap(),
    );
    let types: Vec<TokenStream> = examples.iter().map(|(_, t)| t.clone()).collect();
    write(&dir.join("tests/examples.rs"), &test_source(&krate, &types));
    let out = dir.join("outcomes.json");
    let _ = std::fs::remove_file(&out);
    common::test(
        &dir,
        "examples",
        &[("APIGEN_EXAMPLES_OUT", out.as_os_str())],
    )
    .unwrap_or_else(|stderr| {
        panic!("{display}: the example test does not build or run:\n{stderr}")
    });
    let outcomes: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("outcomes"))
            .expect("outcomes JSON");
    assert_eq!(outcomes.len(), examples.len());
    let mut tally = Tally::default();
    for ((example, _), outcome) in examples.iter().zip(&outcomes) {
        tally.examples += 1;
        let problem = match (outcome.get("ok"), outcome.get("err")) {
            (Some(back), _) => {
                let mut dropped = Vec::new();
                let diff = difference(&example.value, back, "", &mut dropped);
                if diff.is_none() && dropped.is_empty() {
                    tally.equal += 1;
                } else if diff.is_none() {
                    tally.lossy += 1;
                    tally.dropped.extend(
                        dropped
                            .into_iter()
                            .map(|d| format!("{}{d}", example.pointer)),
                    );
                }
                diff.map(|d| format!("does not round-trip at {d}"))
            }
            (None, Some(err)) => Some(format!("does not decode: {err}")),
            (None, None) => Some(String::from("no outcome")),
        };
        let Some(problem) = problem else { continue };
        let known = KNOWN_BAD
            .iter()
            .position(|(doc, says, _)| *doc == file && problem.contains(says));
        match known {
            Some(i) => {
                tally.known_bad += 1;
                tally.known_used.insert(i);
            }
            None => tally
                .failures
                .push(format!("{display}#{}: {problem}", example.pointer)),
        }
    }
    for (i, (doc, says, _)) in KNOWN_BAD.iter().enumerate() {
        if *doc == file && !tally.known_used.contains(&i) {
            tally.failures.push(format!(
                "KNOWN_BAD entry ({doc}, {says:?}) matches nothing any more; remove it"
            ));
        }
    }
    tally
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    apigen::write::ensure_file_contents(path, contents, apigen::write::Mode::Update).unwrap();
}

#[test]
fn corpus_examples_round_trip() {
    let mut rows = BTreeMap::new();
    let mut failures = Vec::new();
    for file in DOCUMENTS {
        let tally = check_document(file);
        failures.extend(tally.failures.iter().cloned());
        rows.insert(*file, tally);
    }
    println!("| document | examples | round-trip equal | undeclared members dropped | known bad |");
    println!("|---|---:|---:|---:|---:|");
    for (file, t) in &rows {
        println!(
            "| {file} | {} | {} | {} | {} |",
            t.examples, t.equal, t.lossy, t.known_bad
        );
        for dropped in t.dropped.iter().take(5) {
            println!("  dropped: {dropped}");
        }
    }
    let total: usize = rows.values().map(|t| t.examples).sum();
    assert!(total > 0, "no examples were found; the collector is broken");
    assert!(
        failures.is_empty(),
        "{} example(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
