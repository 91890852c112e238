//! The generator never panics, whatever it is given: every public corpus document (on one
//! thread and on three, which must give the same bytes), and a bounded number of seeded
//! mutations (deleted, duplicated and retyped nodes, random text edits) of every small
//! document. Each result is either diagnostics with an error, or code that parses as a Rust
//! file.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use apigen::{Settings, generate};
use serde_yaml::Value;

/// Mutations per small document; with ~50 documents this is ~2,000 runs in a few seconds.
const MUTATIONS_PER_DOCUMENT: usize = 40;
/// Documents above this size are run once, unmutated (mutating them is the fuzzer's job).
const SMALL: u64 = 64 * 1024;

fn documents() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        here.join("tests/fixtures"),
        here.join("tests/broken"),
        here.join("../spec"),
    ];
    dirs.push(apigen_test_support_shared().join("corpus/public"));
    let mut out = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn apigen_test_support_shared() -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    assert!(
        shared.exists(),
        "../shared (the reference material) must sit next to the workspace"
    );
    shared
}

/// Runs the generator; panics (failing the test) with the input saved when it misbehaves.
/// Returns the code, or the diagnostics' text.
fn check(name: &str, text: &str, settings: &Settings) -> Result<String, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| generate(name, text, settings)));
    let (failure, result) = match outcome {
        Err(_) => (
            Some("the generator panicked".to_owned()),
            Err(String::new()),
        ),
        Ok(Ok(generated)) => (
            syn::parse_file(&generated.code)
                .err()
                .map(|e| format!("output does not parse: {e}")),
            Ok(generated.code),
        ),
        Ok(Err(diagnostics)) => (
            (!diagnostics.has_errors()).then(|| "Err without an error".to_owned()),
            Err(diagnostics.to_string()),
        ),
    };
    if let Some(failure) = failure {
        let saved = std::env::temp_dir().join("apigen-no-panic-failure.yaml");
        let _ = std::fs::write(&saved, text);
        panic!("{name}: {failure}; input saved to {}", saved.display());
    }
    result
}

/// Every node of a document, as paths of keys and indexes.
fn node_paths(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(path.clone());
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                path.push(k.clone());
                node_paths(v, path, out);
                path.pop();
            }
        }
        Value::Sequence(seq) => {
            for (i, v) in seq.iter().enumerate() {
                path.push(Value::from(i as u64));
                node_paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(value: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut current = value;
    for step in path {
        current = match current {
            Value::Mapping(map) => map.get_mut(step)?,
            Value::Sequence(seq) => seq.get_mut(step.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(current)
}

fn mutate_tree(rng: &mut fastrand::Rng, doc: &Value) -> Option<String> {
    let mut doc = doc.clone();
    let mut paths = Vec::new();
    node_paths(&doc, &mut Vec::new(), &mut paths);
    let path = paths.get(rng.usize(..paths.len()))?.clone();
    match rng.u8(..4) {
        // Delete the node from its parent.
        0 if !path.is_empty() => match node_mut(&mut doc, &path[..path.len() - 1])? {
            Value::Mapping(map) => {
                map.remove(&path[path.len() - 1]);
            }
            Value::Sequence(seq) => {
                seq.remove(path[path.len() - 1].as_u64()? as usize);
            }
            _ => {}
        },
        // Duplicate it next to itself.
        1 if !path.is_empty() => {
            let copy = node_mut(&mut doc, &path)?.clone();
            match node_mut(&mut doc, &path[..path.len() - 1])? {
                Value::Mapping(map) => {
                    let key = format!(
                        "{}-copy",
                        serde_yaml::to_string(&path[path.len() - 1]).ok()?.trim()
                    );
                    map.insert(Value::from(key), copy);
                }
                Value::Sequence(seq) => seq.push(copy),
                _ => {}
            }
        }
        // Retype it.
        _ => {
            let replacement = match rng.u8(..7) {
                0 => Value::Null,
                1 => Value::from(rng.bool()),
                2 => Value::from(rng.i64(-5..5)),
                3 => Value::from("#/components/schemas/Nope"),
                4 => Value::Sequence(Vec::new()),
                5 => Value::Mapping(Default::default()),
                _ => Value::from("\u{202e}*/\"#[x]}\n"),
            };
            *node_mut(&mut doc, &path)? = replacement;
        }
    }
    serde_yaml::to_string(&doc).ok()
}

fn mutate_text(rng: &mut fastrand::Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.usize(1..4) {
        let at = rng.usize(..=chars.len());
        match rng.u8(..3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(
                at,
                [
                    '{', '}', '[', ']', ':', '\'', '"', '\n', ' ', '\0', '&', '*', '-',
                ][rng.usize(..13)],
            ),
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn every_document_as_it_is_on_one_thread_and_on_several() {
    let mut serial = Settings::default();
    serial.with_threads(1);
    let mut parallel = Settings::default();
    parallel.with_threads(3);
    let mut compared = 0;
    for path in documents() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let one = check(&name, &text, &serial);
        let three = check(&name, &text, &parallel);
        assert!(
            one == three,
            "{name}: three threads give other output than one"
        );
        compared += usize::from(one.is_ok());
    }
    assert!(compared > 40, "only {compared} documents generated");
}

#[test]
fn seeded_mutations_of_small_documents() {
    let mut rng = fastrand::Rng::with_seed(0x5eed_a919);
    let mut runs = 0;
    for path in documents() {
        if std::fs::metadata(&path).unwrap().len() > SMALL {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let tree: Option<Value> = serde_yaml::from_str(&text).ok();
        for i in 0..MUTATIONS_PER_DOCUMENT {
            let mutated = match (&tree, i % 2) {
                (Some(tree), 0) => {
                    mutate_tree(&mut rng, tree).unwrap_or_else(|| mutate_text(&mut rng, &text))
                }
                _ => mutate_text(&mut rng, &text),
            };
            let _ = check(
                &format!("{} (mutation {i})", path.display()),
                &mutated,
                &Settings::default(),
            );
            runs += 1;
        }
    }
    assert!(runs >= 1000, "only {runs} mutations ran");
}
