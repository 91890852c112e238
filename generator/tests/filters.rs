//! Filters: each case in `tests/filters/` (a settings file's text) applied to the fixture
//! `tags.yaml`, snapshotted (the fixture-clients crate compiles the same outputs); the
//! operations each keeps; the kept types against an independent reachability walk over the
//! document's `$ref`s, on the fixture and on large corpus documents; and the errors.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use apigen::ir::Origin;
use apigen::{Filters, Settings};
use serde_json::Value;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> (String, String) {
    let path = manifest().join("tests/fixtures/tags.yaml");
    (
        String::from("fixtures/tags.yaml"),
        std::fs::read_to_string(path).unwrap(),
    )
}

/// `(case name, filters)` for every file in `tests/filters/`.
fn cases() -> Vec<(String, Filters)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(manifest().join("tests/filters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let display = format!("filters/{name}.yaml");
            let text = std::fs::read_to_string(path).unwrap();
            let filters = apigen::settings_file::parse(&display, &text).unwrap();
            (name, filters)
        })
        .collect()
}

fn settings(filters: Filters) -> Settings {
    let mut settings = Settings::default();
    settings.with_filters(filters);
    settings
}

#[test]
fn each_case_is_snapshotted() {
    let (file, text) = fixture();
    for (name, filters) in cases() {
        let generated = apigen::generate(&file, &text, &settings(filters))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            generated.warnings.is_empty(),
            "{name}: {}",
            generated.warnings
        );
        insta::with_settings!({snapshot_suffix => name.clone(), omit_expression => true}, {
            insta::assert_snapshot!("filtered", generated.code);
            insta::assert_snapshot!("filtered-model", generated.api.outline());
        });
    }
}

#[test]
fn each_case_keeps_the_operations_it_says() {
    let expected: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("tag", &["listPets", "createPet", "getPet", "deletePet"][..]),
        (
            "exclude-tag",
            &[
                "listPets",
                "createPet",
                "getPet",
                "placeOrder",
                "getOrder",
                "createUser",
                "getUser",
                "ping",
            ],
        ),
        (
            "operation-glob",
            &["getPet", "getOrder", "getUser", "getReport"],
        ),
        (
            "exclude-operations",
            &[
                "listPets",
                "createPet",
                "getPet",
                "placeOrder",
                "getOrder",
                "createUser",
                "getUser",
                "getReport",
            ],
        ),
        ("combined", &["placeOrder", "getUser"]),
        ("keep-unreachable", &["ping"]),
    ]);
    let (file, text) = fixture();
    let cases = cases();
    assert_eq!(
        cases
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<BTreeSet<_>>(),
        expected.keys().copied().collect(),
        "every case file has its expectation"
    );
    for (name, filters) in cases {
        let api = apigen::analyse(&file, &text, &settings(filters))
            .unwrap()
            .api;
        let kept: Vec<&str> = api
            .model
            .operations
            .iter()
            .map(|op| op.operation_id.as_str())
            .collect();
        assert_eq!(kept, expected[name.as_str()], "{name}");
    }
}

/// The component schemas the kept operations reach, found on the document itself: every
/// `$ref` under each kept operation (and its path item's parameters), followed through
/// components of every kind, collecting the schemas.
fn reached_components(doc: &Value, operation_ids: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut stack: Vec<&Value> = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (key, op) in item {
            let id = op.get("operationId").and_then(Value::as_str);
            if id.is_some_and(|id| operation_ids.contains(id)) {
                stack.push(op);
                stack.extend(item.get("parameters"));
                let _ = key;
            }
        }
    }
    let mut schemas = BTreeSet::new();
    let mut followed = BTreeSet::new();
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    if followed.insert(target.clone()) {
                        let pointer = target.trim_start_matches('#');
                        if let Some(name) = pointer.strip_prefix("/components/schemas/") {
                            schemas.insert(name.replace("~1", "/").replace("~0", "~"));
                        }
                        stack.extend(doc.pointer(pointer));
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    schemas
}

fn kept_components(api: &apigen::ir::Api) -> BTreeSet<String> {
    api.model
        .types
        .iter()
        .filter_map(|t| match &t.origin {
            Origin::Component(name) => Some(name.clone()),
            Origin::Inline(_) => None,
        })
        .collect()
}

/// Checks that `filters` keep exactly the component schemas the document's `$ref`s reach
/// from the kept operations; returns how many operations and components were kept.
fn check_reachability(file: &str, text: &str, filters: Filters) -> (usize, usize) {
    let doc: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).unwrap()
    } else {
        serde_yaml::from_str(text).unwrap()
    };
    let api = apigen::analyse(file, text, &settings(filters))
        .unwrap_or_else(|e| panic!("{e}"))
        .api;
    let ids: BTreeSet<&str> = api
        .model
        .operations
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect();
    let kept = kept_components(&api);
    let reached = reached_components(&doc, &ids);
    assert_eq!(
        kept, reached,
        "{file}: kept component types (left) vs. the document's reach (right)"
    );
    (ids.len(), kept.len())
}

#[test]
fn pruning_keeps_exactly_what_the_operations_reach() {
    let (file, text) = fixture();
    for (name, filters) in cases() {
        if name == "keep-unreachable" {
            let api = apigen::analyse(&file, &text, &settings(filters))
                .unwrap()
                .api;
            let all = apigen::analyse(&file, &text, &Settings::default())
                .unwrap()
                .api;
            assert_eq!(kept_components(&api), kept_components(&all));
            assert!(api.model.types.contains("PingResponse200"), "{name}");
            assert!(!api.model.types.contains("CreatePetBody"), "{name}");
            continue;
        }
        check_reachability(&file, &text, filters);
    }
}

fn corpus(name: &str) -> (String, String) {
    let path = manifest().join("../../shared/corpus/public").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (../shared must sit next to the workspace)",
            path.display()
        )
    });
    (format!("corpus/{name}"), text)
}

#[test]
fn pruning_on_large_documents() {
    let (file, text) = corpus("github-rest.json");
    let (ops, types) =
        check_reachability(&file, &text, Filters::default().include_tags(["issues"]));
    assert!(
        ops > 30 && types > 10,
        "issues: {ops} operations, {types} components"
    );
    let (file, text) = corpus("stripe-2022-02.yaml");
    let five = [
        "GetCustomers",
        "PostCustomers",
        "GetCustomersCustomer",
        "PostPaymentIntents",
        "GetChargesCharge",
    ];
    let (ops, _) = check_reachability(&file, &text, Filters::default().include_operations(five));
    assert_eq!(ops, 5);
}

#[test]
fn errors_name_the_filter() {
    let (file, text) = fixture();
    let run = |filters: Filters| {
        apigen::generate(&file, &text, &settings(filters))
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let unmatched = run(Filters::default()
        .include_tags(["Pets", "nope"])
        .exclude_operations(["remove*"])
        .written_in("fixtures/tags.apigen.yaml"));
    let nothing_left = run(Filters::default()
        .include_tags(["store"])
        .exclude_operations(["*Order"]));
    insta::assert_snapshot!("filter-errors", format!("{unmatched}\n\n{nothing_left}"));
}

#[test]
fn settings_files_are_read_beside_their_document() {
    let dir = std::env::temp_dir().join(format!("apigen-filters-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (_, text) = fixture();
    std::fs::write(dir.join("tags.yaml"), &text).unwrap();
    std::fs::write(dir.join("copy.yaml"), &text).unwrap();
    let tag = std::fs::read_to_string(manifest().join("tests/filters/tag.yaml")).unwrap();
    std::fs::write(dir.join("tags.apigen.yaml"), tag).unwrap();
    let modules = apigen::project::generate_dir(&dir, "spec", &Settings::default()).unwrap();
    let ops = |i: usize| modules[i].generated.api.model.operations.len();
    assert_eq!(
        (
            modules[0].spec.module.as_str(),
            ops(0),
            modules[1].spec.module.as_str(),
            ops(1)
        ),
        ("copy", 10, "tags", 4),
        "the settings file filters its own document only"
    );

    let refused = |settings_text: &str| {
        std::fs::write(dir.join("tags.apigen.yaml"), settings_text).unwrap();
        apigen::project::generate_dir(&dir, "spec", &Settings::default())
            .unwrap_err()
            .to_string()
    };
    let error = refused("filters:\n  include-tag: [pets]\n");
    assert!(
        error.starts_with("spec/tags.apigen.yaml:2:3: filters: unknown field `include-tag`"),
        "{error}"
    );
    let error = refused("filters:\n  include-tags: [nope]\n");
    assert!(
        error.contains("include-tags `nope` (in spec/tags.apigen.yaml)"),
        "{error}"
    );
    std::fs::remove_file(dir.join("tags.apigen.yaml")).unwrap();
    std::fs::write(dir.join("tag.apigen.yaml"), "").unwrap();
    let error = apigen::project::find_specs(&dir, "spec").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("spec/tag.apigen.yaml: no document beside it"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A document whose `getA` answers the schema `A` (a clean struct) and `getB` the schema
/// `B`, which `more_schemas` (YAML lines under `components.schemas`) defines, with the rest.
fn get_a_and_get_b(more_schemas: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/B'}}}}}}
components:
  schemas:
    A: {{type: object, properties: {{x: {{type: string}}}}}}
{more_schemas}"
    )
}

#[test]
fn warnings_about_left_out_types_are_dropped() {
    let text = &get_a_and_get_b(
        "    B: {type: object, required: [missing], properties: {x: {type: string}}}\n",
    );
    let all = apigen::generate("w.yaml", text, &Settings::default()).unwrap();
    assert_eq!(all.warnings.items.len(), 1, "{}", all.warnings);
    assert!(
        all.warnings.items[0]
            .pointer
            .starts_with("/components/schemas/B/")
    );
    let only_a = Filters::default().include_operations(["getA"]);
    let filtered = apigen::generate("w.yaml", text, &settings(only_a)).unwrap();
    assert!(filtered.warnings.is_empty(), "{}", filtered.warnings);
    let only_b = Filters::default().include_operations(["getB"]);
    let kept = apigen::generate("w.yaml", text, &settings(only_b)).unwrap();
    assert_eq!(kept.warnings, all.warnings);
}

#[test]
fn errors_in_left_out_types_do_not_stop_the_rest() {
    let text = &get_a_and_get_b(
        "    B: {type: object, properties: {x: {$ref: '#/components/schemas/Missing'}}}
    C: {type: object, properties: {y: {$ref: '#/components/schemas/Gone'}}}
",
    );
    let unresolved = |e: &apigen::Diagnostics| {
        e.items
            .iter()
            .filter(|d| d.severity == apigen::diag::Severity::Error)
            .map(|d| d.pointer.clone())
            .collect::<Vec<_>>()
    };
    let all = apigen::generate("e.yaml", text, &Settings::default()).unwrap_err();
    assert_eq!(
        unresolved(&all),
        [
            "/components/schemas/B/properties/x",
            "/components/schemas/C/properties/y"
        ],
        "{all}"
    );
    // Only A: B and C are not generated, so their errors are not in the way.
    let only_a = Filters::default().include_operations(["getA"]);
    let filtered = apigen::generate("e.yaml", text, &settings(only_a.clone())).unwrap();
    assert!(filtered.warnings.is_empty(), "{}", filtered.warnings);
    assert!(filtered.code.contains("pub struct A "), "{}", filtered.code);
    assert!(
        !filtered.code.contains("pub struct B "),
        "{}",
        filtered.code
    );
    // Unless every schema is kept: then C is generated and its error stops it.
    let keep_all = only_a.keep_unreachable_schemas(true);
    let kept = apigen::generate("e.yaml", text, &settings(keep_all)).unwrap_err();
    assert_eq!(unresolved(&kept), unresolved(&all), "{kept}");
    // B's own operation kept: B's error stays, C's goes.
    let only_b = Filters::default().include_operations(["getB"]);
    let refused = apigen::generate("e.yaml", text, &settings(only_b)).unwrap_err();
    assert_eq!(
        unresolved(&refused),
        ["/components/schemas/B/properties/x"],
        "{refused}"
    );
}
