//! Swagger 2.0 → OpenAPI 3.0, on the YAML tree. Nodes move (`definitions` →
//! `components/schemas`, `body`/`formData` parameters → `requestBody`, a response's `schema`
//! → `content`), so every move is recorded in [`Origins`]: diagnostics found later in the
//! converted tree map back to the place the user wrote, and `$ref`s (to components or to any
//! other pointer) are rewritten forward to where their target went.
//!
//! What has no 3.0 equivalent is reported as a located warning here, in the user's pointers
//! (before the origins are in use): `collectionFormat: tsv`, `schemes` of one operation, a
//! file parameter in a form that `consumes` says is URL-encoded, and so on. The README's
//! "Swagger 2.0 documents" section lists them all.

mod parameters;
mod refs;
mod responses;
mod schema;
mod security;

use serde_yaml::{Mapping, Value};

use super::MAX_NESTING;
use crate::diag::Ctxt;
use crate::origins::Origins;
use crate::pointer::Pointer;

/// A converted document and where its nodes came from.
pub struct Conversion {
    /// The document, in OpenAPI 3.0 shapes.
    pub doc: Value,
    /// Converted pointer → pointer written by the user.
    pub origins: Origins,
}

/// The version string a 2.0 document must carry.
pub fn is_2_0(version: &str) -> bool {
    version == "2.0"
}

/// Converts the Swagger 2.0 document `doc`, reporting what has no 3.0 equivalent on `cx`.
pub fn to_3_0(doc: &Value, cx: &Ctxt<'_>) -> Conversion {
    let empty = Mapping::new();
    let root = doc.as_mapping().unwrap_or(&empty);
    let mut convert = Convert {
        cx,
        root,
        origins: Origins::default(),
        consumes: Media::default(),
        produces: Media::default(),
    };
    convert.consumes = convert
        .media_types(root, "consumes", &Pointer::root())
        .unwrap_or_default();
    convert.produces = convert
        .media_types(root, "produces", &Pointer::root())
        .unwrap_or_default();
    let mut doc = Value::Mapping(convert.document());
    refs::rewrite_refs(&mut doc, &convert.origins, 0);
    Conversion {
        doc,
        origins: convert.origins,
    }
}

/// The conversion's state: the whole original document (for `$ref`s to its `parameters`),
/// the moves made so far, and the document-wide media types.
struct Convert<'a, 'c> {
    cx: &'a Ctxt<'c>,
    root: &'a Mapping,
    origins: Origins,
    /// The document's `consumes`: request media types of operations that name none.
    consumes: Media,
    /// The document's `produces`: response media types of operations that name none.
    produces: Media,
}

/// A `consumes` or `produces` list and where it is written (nowhere: the default, JSON).
#[derive(Debug, Clone, Default)]
struct Media {
    types: Vec<String>,
    at: Option<Pointer>,
}

impl Media {
    /// The listed types, or JSON when none is.
    fn or_json(&self) -> Vec<String> {
        if self.types.is_empty() {
            vec![String::from("application/json")]
        } else {
            self.types.clone()
        }
    }
}

/// HTTP methods a 2.0 path item can hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Keys of an operation that the conversion rewrites rather than copies.
const OPERATION_REWRITTEN: &[&str] =
    &["parameters", "consumes", "produces", "responses", "schemes"];

impl<'a> Convert<'a, '_> {
    fn document(&mut self) -> Mapping {
        let root = self.root;
        let here = Pointer::root();
        let mut out = Mapping::new();
        out.insert(key("openapi"), key("3.0.3"));
        self.origins
            .report_at(&here.push("openapi"), &here.push("swagger"));
        if let Some(info) = root.get("info") {
            out.insert(key("info"), info.clone());
        }
        if let Some(servers) = self.servers() {
            out.insert(key("servers"), servers);
        }
        let paths = match root.get("paths") {
            Some(Value::Mapping(paths)) => Value::Mapping(self.paths(paths)),
            Some(other) => other.clone(),
            None => Value::Mapping(Mapping::new()),
        };
        out.insert(key("paths"), paths);
        let components = self.components();
        if !components.is_empty() {
            out.insert(key("components"), Value::Mapping(components));
        }
        for (name, value) in root {
            let Some(name) = name.as_str() else { continue };
            match name {
                "swagger"
                | "info"
                | "host"
                | "basePath"
                | "schemes"
                | "consumes"
                | "produces"
                | "paths"
                | "definitions"
                | "parameters"
                | "responses"
                | "securityDefinitions" => {}
                _ => {
                    out.insert(key(name), value.clone());
                }
            }
        }
        out
    }

    /// `host` + `basePath` + `schemes` → `servers`, https first (the client's default is the
    /// first server). Without `host`, the one server is the relative `basePath`: the caller
    /// supplies the base URL.
    fn servers(&mut self) -> Option<Value> {
        let here = Pointer::root();
        let host = self.root.get("host").and_then(Value::as_str);
        let base = self.root.get("basePath").and_then(Value::as_str);
        if host.is_none() && base.is_none() {
            return None;
        }
        let mut base = base.unwrap_or_default().trim_end_matches('/').to_owned();
        if !base.is_empty() && !base.starts_with('/') {
            self.cx.warn(
                &here.push("basePath"),
                format!("`basePath` must start with `/`; read as `/{base}`"),
            );
            base.insert(0, '/');
        }
        let urls: Vec<String> = match host {
            Some(host) if host.contains("://") => {
                self.cx.warn(
                    &here.push("host"),
                    "`host` must not carry a scheme; it is used as the whole server URL",
                );
                vec![format!("{}{base}", host.trim_end_matches('/'))]
            }
            Some(host) => {
                let mut schemes = self.strings(self.root.get("schemes"), &here.push("schemes"));
                if schemes.is_empty() {
                    self.cx.warn(
                        &here.push("host"),
                        "the document names no `schemes`; its server is taken to be https",
                    );
                    schemes.push(String::from("https"));
                }
                let mut schemes: Vec<String> =
                    schemes.iter().map(|s| s.to_ascii_lowercase()).collect();
                let web = |s: &String| matches!(s.as_str(), "http" | "https");
                if let Some(other) = schemes.iter().find(|s| !web(s)) {
                    self.cx.warn(
                        &here.push("schemes"),
                        format!("a client speaks HTTP; the `{other}` scheme is left out"),
                    );
                }
                schemes.retain(web);
                schemes.sort_by_key(|s| s != "https");
                schemes.dedup();
                schemes
                    .iter()
                    .map(|scheme| format!("{scheme}://{host}{base}"))
                    .collect()
            }
            None if base.is_empty() => vec![String::from("/")],
            None => vec![base],
        };
        let written = if host.is_some() { "host" } else { "basePath" };
        self.origins
            .report_at(&here.push("servers"), &here.push(written));
        let servers = urls
            .into_iter()
            .map(|url| Value::Mapping(Mapping::from_iter([(key("url"), Value::from(url))])))
            .collect();
        Some(Value::Sequence(servers))
    }

    /// `definitions`, `parameters`, `responses` and `securityDefinitions` → `components`.
    fn components(&mut self) -> Mapping {
        let here = Pointer::root();
        let components = here.push("components");
        let mut out = Mapping::new();
        if let Some(Value::Mapping(definitions)) = self.root.get("definitions") {
            let (old, new) = (here.push("definitions"), components.push("schemas"));
            self.origins.record(&new, &old);
            let schemas = definitions
                .iter()
                .map(|(name, schema)| {
                    let at = old.push(name.as_str().unwrap_or_default());
                    (name.clone(), self.schema(schema, &at, 0))
                })
                .collect();
            out.insert(key("schemas"), Value::Mapping(schemas));
        }
        if let Some(Value::Mapping(parameters)) = self.root.get("parameters") {
            let (old, new) = (here.push("parameters"), components.push("parameters"));
            self.origins.record(&new, &old);
            let mut kept = Mapping::new();
            for (name, parameter) in parameters {
                let label = name.as_str().unwrap_or_default();
                // `body` and `formData` parameters become part of the request body of each
                // operation that refers to them.
                if let Value::Mapping(p) = parameter {
                    if parameters::is_body_or_form(p) {
                        continue;
                    }
                    let converted = self.parameter(p, &old.push(label), &new.push(label));
                    kept.insert(name.clone(), converted);
                } else {
                    kept.insert(name.clone(), parameter.clone());
                }
            }
            if !kept.is_empty() {
                out.insert(key("parameters"), Value::Mapping(kept));
            }
        }
        if let Some(Value::Mapping(responses)) = self.root.get("responses") {
            let (old, new) = (here.push("responses"), components.push("responses"));
            self.origins.record(&new, &old);
            let produces = self.produces.clone();
            let converted = self.responses(responses, &produces, &old, &new);
            out.insert(key("responses"), Value::Mapping(converted));
        }
        if let Some(Value::Mapping(definitions)) = self.root.get("securityDefinitions") {
            let (old, new) = (
                here.push("securityDefinitions"),
                components.push("securitySchemes"),
            );
            self.origins.record(&new, &old);
            let schemes = definitions
                .iter()
                .map(|(name, scheme)| {
                    let at = old.push(name.as_str().unwrap_or_default());
                    (name.clone(), self.security_scheme(scheme, &at))
                })
                .collect();
            out.insert(key("securitySchemes"), Value::Mapping(schemes));
        }
        out
    }

    fn paths(&mut self, paths: &'a Mapping) -> Mapping {
        let mut out = Mapping::new();
        for (path, item) in paths {
            let (Some(label), Value::Mapping(item)) = (path.as_str(), item) else {
                out.insert(path.clone(), item.clone());
                continue;
            };
            let at = Pointer::root().push("paths").push(label);
            out.insert(path.clone(), Value::Mapping(self.path_item(item, &at)));
        }
        out
    }

    /// A path item: its own parameters (bodies and forms go down to every operation), its
    /// operations, and whatever else it holds.
    fn path_item(&mut self, item: &'a Mapping, at: &Pointer) -> Mapping {
        let shared = self.parameter_list(item.get("parameters"), &at.push("parameters"));
        let mut out = Mapping::new();
        for (name, value) in item {
            match (name.as_str(), value) {
                (Some("parameters"), _) => {
                    if !shared.kept.is_empty() {
                        out.insert(name.clone(), Value::Sequence(shared.kept.clone()));
                    }
                }
                (Some(method), Value::Mapping(operation)) if METHODS.contains(&method) => {
                    let converted = self.operation(operation, &at.push(method), &shared);
                    out.insert(name.clone(), Value::Mapping(converted));
                }
                _ => {
                    out.insert(name.clone(), value.clone());
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        operation: &'a Mapping,
        at: &Pointer,
        shared: &parameters::List<'a>,
    ) -> Mapping {
        let mut out = Mapping::new();
        for (name, value) in operation {
            if !name
                .as_str()
                .is_some_and(|n| OPERATION_REWRITTEN.contains(&n))
            {
                out.insert(name.clone(), value.clone());
            }
        }
        if let Some(schemes) = operation.get("schemes") {
            let own = self.strings(Some(schemes), &at.push("schemes"));
            let document = self.strings(self.root.get("schemes"), &Pointer::root().push("schemes"));
            if own != document {
                self.cx.warn(
                    &at.push("schemes"),
                    "OpenAPI 3.0 has no per-operation `schemes`; the document's servers are used",
                );
            }
        }
        let consumes = self
            .media_types(operation, "consumes", at)
            .unwrap_or_else(|| self.consumes.clone());
        let produces = self
            .media_types(operation, "produces", at)
            .unwrap_or_else(|| self.produces.clone());
        let own = self.parameter_list(operation.get("parameters"), &at.push("parameters"));
        if !own.kept.is_empty() {
            out.insert(key("parameters"), Value::Sequence(own.kept.clone()));
        }
        if let Some(body) = self.request_body(&own, shared, &consumes, at) {
            out.insert(key("requestBody"), body);
        }
        match operation.get("responses") {
            Some(Value::Mapping(responses)) => {
                let converted = self.responses(
                    responses,
                    &produces,
                    &at.push("responses"),
                    &at.push("responses"),
                );
                out.insert(key("responses"), Value::Mapping(converted));
            }
            Some(other) => {
                out.insert(key("responses"), other.clone());
            }
            None => {}
        }
        out
    }

    /// The media types listed under `field` of `map`, when the field is there.
    fn media_types(&self, map: &Mapping, field: &str, at: &Pointer) -> Option<Media> {
        let value = map.get(field)?;
        let at = at.push(field);
        Some(Media {
            types: self.strings(Some(value), &at),
            at: Some(at),
        })
    }

    /// A list of strings; anything else is warned about and read as empty.
    fn strings(&self, value: Option<&Value>, at: &Pointer) -> Vec<String> {
        match value {
            None => Vec::new(),
            Some(Value::Sequence(items)) if items.iter().all(|i| i.as_str().is_some()) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                self.cx
                    .warn(at, "expected a list of strings here; it is ignored");
                Vec::new()
            }
        }
    }
}

fn key(text: &str) -> Value {
    Value::from(text)
}

fn is_extension(name: &Value) -> bool {
    name.as_str().is_some_and(|n| n.starts_with("x-"))
}

#[cfg(test)]
mod tests;
