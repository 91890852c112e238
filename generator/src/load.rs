//! Loading: text (YAML or JSON) → `openapiv3::OpenAPI`, with the version gate and located
//! errors for syntax and structure problems.

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_path_to_error::Segment;

use crate::diag::{Ctxt, Location, Pointer, Severity};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source_map::SourceMap;

/// A parsed document and the positions of its nodes.
pub struct Loaded {
    /// The document.
    pub doc: OpenAPI,
    /// Pointer → source position.
    pub source_map: SourceMap,
    /// Warnings about the text itself (a `.json` file that is not JSON but reads as YAML).
    pub warnings: Vec<Diagnostic>,
}

/// Parses `text` (the contents of `file`) as an OpenAPI 3.0 or 3.1 document, or a Swagger
/// 2.0 one converted to 3.0 (with its diagnostics still pointing into `text`). A `file`
/// named `*.json` is meant as JSON: when it is not, but reads as YAML, it is read so, with a
/// warning at the first place the JSON is invalid.
pub fn load(file: &str, text: &str) -> Result<Loaded, Diagnostics> {
    load_mapped(file, text, SourceMap::build(text))
}

/// [`load`] with the text's source map made by the caller (who may index it meanwhile).
pub fn load_mapped(file: &str, text: &str, source_map: SourceMap) -> Result<Loaded, Diagnostics> {
    let json = file.to_ascii_lowercase().ends_with(".json");
    let read = crate::yaml_value::read(text, json).map_err(|e| {
        let location = e.location().map(|l| Location {
            line: l.line(),
            column: l.column(),
        });
        Diagnostics::new(
            file,
            vec![Diagnostic {
                severity: Severity::Error,
                message: format!("the document is not valid YAML or JSON: {e}"),
                pointer: String::new(),
                snippet: location.and_then(|l| source_map.snippet(l)),
                location,
                hint: None,
            }],
        )
    })?;
    let warnings: Vec<Diagnostic> = read
        .invalid_json
        .iter()
        .map(|problem| {
            let location = Location {
                line: problem.line,
                column: problem.column,
            };
            Diagnostic {
                severity: Severity::Warning,
                message: format!(
                    "the file is not valid JSON ({}); it was read as YAML, which accepts it",
                    problem.message
                ),
                pointer: String::new(),
                snippet: source_map.snippet(location),
                location: Some(location),
                hint: Some(String::from(
                    "fix the JSON, or name the file .yaml if it is meant as YAML",
                )),
            }
        })
        .collect();
    let mut value = read.value;
    let mut source_map = source_map;
    let cx = Ctxt::new(file, &source_map);
    warnings.iter().for_each(|w| cx.report(w.clone()));
    let version = check_version(&cx, &value);
    let mut origins = None;
    match version {
        Some(Version::Swagger2) => {
            let conversion = crate::normalize::swagger2::to_3_0(&value, &cx);
            value = conversion.doc;
            origins = Some(conversion.origins);
        }
        Some(Version::OpenApi31) => crate::normalize::to_3_0(&mut value),
        Some(Version::OpenApi30) | None => {}
    }
    // The loader's warnings: the text's, and what a conversion could not carry over.
    let warnings = cx.finish()?.items;
    if let Some(origins) = origins {
        source_map.set_origins(origins);
    }
    let cx = Ctxt::new(file, &source_map);
    warnings.iter().for_each(|w| cx.report(w.clone()));
    check_exclusive_keys(&cx, &value, &mut Vec::new(), None, 0);
    cx.finish()?;
    // Read plainly first: tracking the path costs about 3 % of generation, and it is only
    // needed to say where a document that does not match is wrong.
    if let Ok(doc) = OpenAPI::deserialize(&value) {
        return Ok(Loaded {
            doc,
            source_map,
            warnings,
        });
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
        Ok(doc) => Ok(Loaded {
            doc,
            source_map,
            warnings,
        }),
        Err(e) => {
            let pointer = pointer_of(e.path());
            let cx = Ctxt::new(file, &source_map);
            warnings.iter().for_each(|w| cx.report(w.clone()));
            let converted = if version == Some(Version::Swagger2) {
                " (as converted from Swagger 2.0)"
            } else {
                ""
            };
            cx.error_hint(
                &pointer,
                format!(
                    "the document does not match the OpenAPI 3.0 schema here{converted}: {}",
                    e.inner()
                ),
                "compare this node with the OpenAPI 3.0.3 specification (required fields, value types)",
            );
            Err(match cx.finish() {
                Ok(diagnostics) | Err(diagnostics) => diagnostics,
            })
        }
    }
}

/// A parameter or header has a `schema` or a `content`, never both; a link has an
/// `operationRef` or an `operationId`. `openapiv3` picks between such keys by whichever comes
/// first, and when it fails it reads the node again with its keys sorted to word its error,
/// so a node with both, the first of them broken, would read once as an error and once as
/// fine (and `openapiv3` panics on that). Such a node is an error here, before `openapiv3`
/// sees it.
fn check_exclusive_keys<'a>(
    cx: &Ctxt<'_>,
    node: &'a serde_yaml::Value,
    way: &mut Vec<Step<'a>>,
    entry_of: Option<&str>,
    depth: usize,
) {
    use serde_yaml::Value;
    const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];
    if depth > crate::normalize::MAX_NESTING {
        return;
    }
    match node {
        Value::Mapping(map) => {
            let both = |a: &str, b: &str| map.contains_key(a) && map.contains_key(b);
            if (entry_of == Some("headers") || map.contains_key("in")) && both("schema", "content")
            {
                cx.error_hint(
                    &pointer_along(way),
                    "a parameter or header has both `schema` and `content`",
                    "keep the one that describes the value; OpenAPI allows only one",
                );
            }
            if entry_of == Some("links") && both("operationRef", "operationId") {
                cx.error_hint(
                    &pointer_along(way),
                    "a link has both `operationRef` and `operationId`",
                    "keep one of them; OpenAPI allows only one",
                );
            }
            for (key, value) in map {
                let name = match key {
                    Value::String(name) => name.as_str(),
                    Value::Number(_) | Value::Bool(_) => "",
                    _ => continue,
                };
                if DATA.contains(&name) || name.starts_with("x-") {
                    continue;
                }
                way.push(Step::Key(key));
                // The entries of a name map (`properties`, `headers`, …) are nodes; the map
                // itself is not one.
                match value {
                    Value::Mapping(entries) if crate::normalize::NAME_MAPS.contains(&name) => {
                        for (entry, item) in entries {
                            if !matches!(entry, Value::String(_) | Value::Number(_)) {
                                continue;
                            }
                            way.push(Step::Key(entry));
                            check_exclusive_keys(cx, item, way, Some(name), depth + 1);
                            way.pop();
                        }
                    }
                    _ => check_exclusive_keys(cx, value, way, None, depth + 1),
                }
                way.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                way.push(Step::Index(i));
                check_exclusive_keys(cx, item, way, None, depth + 1);
                way.pop();
            }
        }
        _ => {}
    }
}

/// One step of the way from the root to a node. The walk above visits every node and
/// reports almost never, so it keeps its way as borrowed keys and spells a [`Pointer`] only
/// when it reports.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a serde_yaml::Value),
    Index(usize),
}

fn pointer_along(way: &[Step<'_>]) -> Pointer {
    use serde_yaml::Value;
    way.iter().fold(Pointer::root(), |at, step| match step {
        Step::Key(Value::String(key)) => at.push(key),
        Step::Key(Value::Number(n)) => at.push(n),
        Step::Key(Value::Bool(b)) => at.push(b),
        Step::Key(_) => at,
        Step::Index(i) => at.push(i),
    })
}

/// The versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

/// The document's version, or `None` with an error reported.
fn check_version(cx: &Ctxt<'_>, value: &serde_yaml::Value) -> Option<Version> {
    let root = Pointer::root();
    let Some(map) = value.as_mapping() else {
        cx.error(
            &root,
            "the document root must be a mapping (an object) with an `openapi` field",
        );
        return None;
    };
    let field = Pointer::root().push("openapi");
    match map.get("openapi") {
        None => match map.get("swagger") {
            Some(serde_yaml::Value::String(v)) if v == "2.0" => Some(Version::Swagger2),
            Some(serde_yaml::Value::Number(v)) if v.as_f64() == Some(2.0) => {
                cx.warn(
                    &root.push("swagger"),
                    "the version must be the string \"2.0\"; the number 2.0 is read as it",
                );
                Some(Version::Swagger2)
            }
            Some(_) => {
                cx.error_hint(
                    &root.push("swagger"),
                    "a Swagger document must say `swagger: \"2.0\"`",
                    "this generator reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x documents",
                );
                None
            }
            None => {
                cx.error_hint(
                    &root,
                    "the `openapi` field is missing",
                    "start the document with `openapi: 3.0.3`",
                );
                None
            }
        },
        Some(serde_yaml::Value::String(v)) if is_supported(v) => {
            Some(if crate::normalize::is_3_1(v) {
                Version::OpenApi31
            } else {
                Version::OpenApi30
            })
        }
        Some(serde_yaml::Value::String(v)) => {
            cx.error_hint(
                &field,
                format!("OpenAPI version `{v}` is not supported"),
                "this generator reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x documents",
            );
            None
        }
        Some(_) => {
            cx.error_hint(
                &field,
                "the `openapi` field must be a string",
                "quote the version: `openapi: \"3.0.3\"`",
            );
            None
        }
    }
}

fn is_supported(version: &str) -> bool {
    let mut parts = version.split('.');
    parts.next() == Some("3")
        && matches!(parts.next(), Some("0" | "1"))
        && parts
            .next()
            .is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.push(index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> String {
        match load("t.yaml", text) {
            Ok(_) => String::from("ok"),
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn versions() {
        assert!(is_supported("3.0.3") && is_supported("3.0") && is_supported("3.0.0"));
        assert!(is_supported("3.1.0") && !is_supported("3.2.0"));
        assert!(!is_supported("2.0") && !is_supported("3.0.x"));
    }

    #[test]
    fn swagger_2_is_converted_and_its_diagnostics_point_into_the_text() {
        let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\ndefinitions:\n  A: {type: object}\npaths: {}\n";
        let loaded = load("t.yaml", text).unwrap_or_else(|d| panic!("{d}"));
        assert!(loaded.doc.components.unwrap().schemas.contains_key("A"));
        assert_eq!(
            loaded.source_map.original("/components/schemas/A/type"),
            "/definitions/A/type"
        );
        let number = load(
            "t.yaml",
            "swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        )
        .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(number.warnings.len(), 1, "{:?}", number.warnings);
        let out = errors("swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(
            out.contains("swagger: \"2.0\"") && out.contains("t.yaml:1:1"),
            "{out}"
        );
        // A structure error found after conversion names the user's place.
        let out = errors(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\ndefinitions:\n  A: {type: object, required: 3}\npaths: {}\n",
        );
        assert!(
            out.contains("t.yaml:4:") && out.contains("/definitions/A"),
            "{out}"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let out = errors("openapi: 3.0.3\ninfo: [\n");
        assert!(
            out.contains("not valid YAML") && out.contains("t.yaml:"),
            "{out}"
        );
    }

    #[test]
    fn a_json_file_that_is_yaml_is_read_with_a_located_warning() {
        let text = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\",},\n \"paths\": {}}";
        let loaded = load("t.json", text).unwrap_or_else(|d| panic!("{d}"));
        let [warning] = loaded.warnings.as_slice() else {
            panic!("{:?}", loaded.warnings);
        };
        assert_eq!(warning.severity, Severity::Warning);
        // serde_json points at what follows the trailing comma.
        assert_eq!(
            warning.location,
            Some(Location {
                line: 1,
                column: 60
            })
        );
        assert!(
            warning.message.contains("not valid JSON"),
            "{}",
            warning.message
        );
        // Valid JSON, and YAML that merely looks like JSON in a `.yaml` file: no warning.
        let valid = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
        assert!(load("t.json", valid).unwrap().warnings.is_empty());
        let flow = "{openapi: 3.0.3, info: {title: t, version: '1'}, paths: {}}";
        assert!(load("t.yaml", flow).unwrap().warnings.is_empty());
    }

    #[test]
    fn structure_errors_carry_the_pointer() {
        let out = errors("openapi: 3.0.3\ninfo:\n  title: t\npaths: {}\n");
        assert!(out.contains("/info"), "{out}");
        assert!(out.contains("version"), "{out}");
    }
}
