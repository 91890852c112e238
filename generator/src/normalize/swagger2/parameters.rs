//! Parameters: `query`/`path`/`header` ones keep their place with their type moved into a
//! `schema` and `collectionFormat` read as `style`/`explode`; `body` and `formData` ones
//! become the operation's `requestBody` (a form body is an object schema with a property per
//! field, its media type from `consumes`, its array layouts as `encoding`).

use serde_yaml::{Mapping, Value};

use super::{Convert, Media, is_extension, key};
use crate::pointer::{Pointer, decode_fragment};

/// The parameters of a path item or operation, sorted by what they become.
pub(super) struct List<'a> {
    /// Converted `query`/`path`/`header` parameters, and `$ref`s to such.
    pub kept: Vec<Value>,
    /// `body` parameters (one is allowed).
    pub bodies: Vec<Source<'a>>,
    /// `formData` parameters.
    pub forms: Vec<Source<'a>>,
    /// `(name, in)` of every parameter that could be read, for overriding.
    pub names: Vec<(String, String)>,
}

/// A body or form parameter and where it is written (its definition, when it is reached
/// through a `$ref` to the document's `parameters`).
pub(super) struct Source<'a> {
    pub param: &'a Mapping,
    pub at: Pointer,
}

impl Source<'_> {
    fn name(&self) -> &str {
        self.param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    fn location(&self) -> &str {
        location(self.param)
    }
}

fn location(param: &Mapping) -> &str {
    param.get("in").and_then(Value::as_str).unwrap_or_default()
}

/// Whether the parameter is part of the request body in 2.0.
pub(super) fn is_body_or_form(param: &Mapping) -> bool {
    matches!(location(param), "body" | "formData")
}

/// The keys of a 2.0 parameter, header or `items` object that describe its value: in 3.0
/// they live in its `schema`.
const VALUE_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// A media type's `type/subtype`, lowercased, without parameters.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

impl<'a> Convert<'a, '_> {
    /// Sorts the parameter list at `at` (of the path item or operation `owner`).
    pub(super) fn parameter_list(&mut self, list: Option<&'a Value>, at: &Pointer) -> List<'a> {
        let mut out = List {
            kept: Vec::new(),
            bodies: Vec::new(),
            forms: Vec::new(),
            names: Vec::new(),
        };
        let Some(Value::Sequence(items)) = list else {
            if let Some(other) = list {
                out.kept.push(other.clone());
            }
            return out;
        };
        for (index, item) in items.iter().enumerate() {
            let written = at.push(index);
            let reference = item.get("$ref").and_then(Value::as_str);
            let (param, defined) = match (item, reference) {
                (_, Some(reference)) => match self.definition(reference) {
                    Some(found) => found,
                    None => {
                        self.keep(&mut out, item.clone(), at, &written);
                        continue;
                    }
                },
                (Value::Mapping(param), None) => (param, written.clone()),
                _ => {
                    self.keep(&mut out, item.clone(), at, &written);
                    continue;
                }
            };
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            out.names
                .push((name.to_owned(), location(param).to_owned()));
            let source = Source { param, at: defined };
            match source.location() {
                "body" => out.bodies.push(source),
                "formData" => out.forms.push(source),
                _ if reference.is_some() => self.keep(&mut out, item.clone(), at, &written),
                _ => {
                    let new = at.push(out.kept.len());
                    let converted = self.parameter(param, &written, &new);
                    out.kept.push(converted);
                }
            }
        }
        out
    }

    /// Keeps `item` as it is, at the next place of the converted list.
    fn keep(&mut self, out: &mut List<'a>, item: Value, at: &Pointer, written: &Pointer) {
        self.origins.record(&at.push(out.kept.len()), written);
        out.kept.push(item);
    }

    /// The parameter a `#/parameters/<name>` reference names, and its pointer.
    fn definition(&self, reference: &str) -> Option<(&'a Mapping, Pointer)> {
        let token = decode_fragment(reference.strip_prefix("#/parameters/")?);
        let name = crate::pointer::unescape(&token);
        let Value::Mapping(param) = self.root.get("parameters")?.get(name.as_str())? else {
            return None;
        };
        Some((param, Pointer::root().push("parameters").push(name)))
    }

    /// A `query`, `path` or `header` parameter written at `old`, placed at `new`.
    pub(super) fn parameter(&mut self, param: &Mapping, old: &Pointer, new: &Pointer) -> Value {
        self.origins.record(new, old);
        self.origins.report_at(&new.push("schema"), old);
        let mut out = Mapping::new();
        for (name, value) in param {
            let name_text = name.as_str().unwrap_or_default();
            if !VALUE_KEYS.contains(&name_text) && name_text != "collectionFormat" {
                out.insert(name.clone(), value.clone());
            }
        }
        if let Some(schema) = self.value_schema(param, old, false, 0) {
            out.insert(key("schema"), schema);
        }
        if param.get("type").and_then(Value::as_str) == Some("array") {
            let (style, explode) = self.collection_style(param, old, location(param));
            out.insert(key("style"), key(style));
            out.insert(key("explode"), Value::from(explode));
        }
        Value::Mapping(out)
    }

    /// The schema of a parameter, header or `items` object (its value keys); `None` when it
    /// has none. `type: file` is binary content, allowed where `file_ok`.
    pub(super) fn value_schema(
        &mut self,
        value: &Mapping,
        at: &Pointer,
        file_ok: bool,
        depth: usize,
    ) -> Option<Value> {
        if value.contains_key("$ref") {
            return Some(Value::Mapping(value.clone()));
        }
        let mut out = Mapping::new();
        for (name, field) in value {
            match name.as_str() {
                Some("items") => {
                    let items = match field {
                        Value::Mapping(items) if depth < super::MAX_NESTING => {
                            if items.contains_key("collectionFormat") {
                                self.cx.warn(
                                    &at.push("items").push("collectionFormat"),
                                    "OpenAPI 3.0 cannot lay out an array inside an array \
                                     parameter; this `collectionFormat` is ignored",
                                );
                            }
                            self.value_schema(items, &at.push("items"), false, depth + 1)
                                .unwrap_or_else(|| field.clone())
                        }
                        _ => field.clone(),
                    };
                    out.insert(name.clone(), items);
                }
                Some("x-nullable") if field.as_bool() == Some(true) => {
                    out.insert(key("nullable"), Value::from(true));
                }
                Some("x-nullable") => {}
                Some("type") if field.as_str() == Some("file") => {
                    out.insert(key("type"), key("string"));
                    if file_ok {
                        out.insert(key("format"), key("binary"));
                    } else {
                        self.cx.warn(
                            &at.push("type"),
                            "`type: file` is only for `formData` parameters and responses; \
                             read as a string",
                        );
                    }
                }
                Some("format") if out.contains_key("format") => {}
                Some(n) if VALUE_KEYS.contains(&n) => {
                    out.insert(name.clone(), field.clone());
                }
                _ => {}
            }
        }
        (!out.is_empty()).then_some(Value::Mapping(out))
    }

    /// `collectionFormat` (default `csv`) → `style` and `explode` for a parameter `in`
    /// `location`; what 3.0 cannot express is sent comma-separated, with a warning.
    fn collection_style(
        &self,
        param: &Mapping,
        at: &Pointer,
        location: &str,
    ) -> (&'static str, bool) {
        let written = param.get("collectionFormat").and_then(Value::as_str);
        let format = written.unwrap_or("csv");
        let form = matches!(location, "query" | "formData");
        let csv = if form {
            ("form", false)
        } else {
            ("simple", false)
        };
        let at = at.push("collectionFormat");
        match (form, format) {
            (_, "csv") => csv,
            (true, "multi") => ("form", true),
            (true, "ssv") => ("spaceDelimited", false),
            (true, "pipes") => ("pipeDelimited", false),
            (_, "tsv") => {
                self.cx.warn(
                    &at,
                    "OpenAPI 3.0 has no tab-separated arrays (`collectionFormat: tsv`); \
                     the values are sent comma-separated",
                );
                csv
            }
            (false, "multi" | "ssv" | "pipes") => {
                self.cx.warn(
                    &at,
                    format!(
                        "OpenAPI 3.0 has no `{format}` layout for a {location} parameter; \
                         the values are sent comma-separated"
                    ),
                );
                csv
            }
            _ => {
                self.cx.warn(
                    &at,
                    format!(
                        "`{format}` is not a collectionFormat (csv, ssv, tsv, pipes, multi); \
                         the values are sent comma-separated"
                    ),
                );
                csv
            }
        }
    }

    /// The operation's `requestBody`, from its own and its path item's `body` or `formData`
    /// parameters (the operation's override the path item's by name and location).
    pub(super) fn request_body(
        &mut self,
        own: &List<'a>,
        shared: &List<'a>,
        consumes: &Media,
        operation: &Pointer,
    ) -> Option<Value> {
        let overridden = |s: &&Source<'a>| {
            own.names
                .iter()
                .any(|(name, location)| name == s.name() && location == s.location())
        };
        let bodies: Vec<&Source<'a>> = own
            .bodies
            .iter()
            .chain(shared.bodies.iter().filter(|s| !overridden(s)))
            .collect();
        let forms: Vec<&Source<'a>> = own
            .forms
            .iter()
            .chain(shared.forms.iter().filter(|s| !overridden(s)))
            .collect();
        let at = operation.push("requestBody");
        match (bodies.as_slice(), forms.as_slice()) {
            ([], []) => None,
            ([body, rest @ ..], forms) => {
                for extra in rest {
                    self.cx.warn(
                        &extra.at,
                        "an operation has at most one `body` parameter; this one is ignored",
                    );
                }
                if let Some(form) = forms.first() {
                    self.cx.warn(
                        &form.at,
                        "`formData` parameters cannot be sent with a `body` parameter; \
                         they are ignored",
                    );
                }
                Some(self.body(body, consumes, &at))
            }
            ([], forms) => Some(self.form(forms, consumes, &at)),
        }
    }

    /// A `body` parameter → a request body with its schema under every `consumes` type.
    fn body(&mut self, body: &Source<'a>, consumes: &Media, at: &Pointer) -> Value {
        self.origins.record(at, &body.at);
        let media = consumes.or_json();
        self.record_content(at, consumes, &body.at);
        let mut out = Mapping::new();
        copy_documentation(body.param, &mut out);
        let written = body.at.push("schema");
        let schema = match body.param.get("schema") {
            Some(schema) => self.schema(schema, &written, 0),
            None => {
                self.cx
                    .error(&body.at, "a `body` parameter needs a `schema`");
                Value::Mapping(Mapping::new())
            }
        };
        let content = self.content(at, media, &schema, &written);
        out.insert(key("content"), Value::Mapping(content));
        Value::Mapping(out)
    }

    /// `formData` parameters → an object schema, sent URL-encoded or as multipart (always
    /// multipart when a field is a file).
    fn form(&mut self, fields: &[&Source<'a>], consumes: &Media, at: &Pointer) -> Value {
        if let Some(first) = fields.first() {
            self.origins.report_at(at, &first.at);
        }
        let file = fields
            .iter()
            .copied()
            .find(|s| s.param.get("type").and_then(Value::as_str) == Some("file"));
        self.record_content(
            at,
            consumes,
            &fields.first().map_or_else(Pointer::root, |f| f.at.clone()),
        );
        let mut media: Vec<String> = consumes
            .types
            .iter()
            .filter(|m| matches!(essence(m).as_str(), FORM | MULTIPART))
            .cloned()
            .collect();
        if let Some(file) = file {
            if !media.iter().any(|m| essence(m) == MULTIPART) {
                if !media.is_empty() {
                    self.cx.warn(
                        &file.at,
                        "a file can only be sent as multipart/form-data, which the \
                         operation's `consumes` does not list; it is sent so",
                    );
                }
                media = vec![String::from(MULTIPART)];
            }
            media.retain(|m| essence(m) == MULTIPART);
        } else if media.is_empty() {
            media.push(String::from(FORM));
        }
        let mut properties = Mapping::new();
        let mut required = Vec::new();
        let mut encoding = Mapping::new();
        for field in fields {
            let name = field.name().to_owned();
            if name.is_empty() {
                self.cx
                    .error(&field.at, "a `formData` parameter needs a `name`");
                continue;
            }
            if field.param.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::from(name.clone()));
            }
            if field.param.contains_key("allowEmptyValue") {
                self.cx.warn(
                    &field.at.push("allowEmptyValue"),
                    "OpenAPI 3.0 has no `allowEmptyValue` for a form field; it is ignored",
                );
            }
            let mut property = match self.value_schema(field.param, &field.at, true, 0) {
                Some(Value::Mapping(schema)) => schema,
                _ => Mapping::new(),
            };
            if let Some(description) = field.param.get("description") {
                property.insert(key("description"), description.clone());
            }
            if field.param.get("type").and_then(Value::as_str) == Some("array") {
                let (style, explode) = self.collection_style(field.param, &field.at, "formData");
                encoding.insert(
                    Value::from(name.clone()),
                    Value::Mapping(Mapping::from_iter([
                        (key("style"), key(style)),
                        (key("explode"), Value::from(explode)),
                    ])),
                );
            }
            properties.insert(Value::from(name), Value::Mapping(property));
        }
        let mut schema = Mapping::from_iter([
            (key("type"), key("object")),
            (key("properties"), Value::Mapping(properties)),
        ]);
        if !required.is_empty() {
            schema.insert(key("required"), Value::Sequence(required.clone()));
        }
        let mut content = Mapping::new();
        for media in media {
            let place = at.push("content").push(&media).push("schema");
            for field in fields {
                self.origins
                    .record(&place.push("properties").push(field.name()), &field.at);
            }
            let mut entry = Mapping::from_iter([(key("schema"), Value::Mapping(schema.clone()))]);
            if !encoding.is_empty() && essence(&media) == FORM {
                entry.insert(key("encoding"), Value::Mapping(encoding.clone()));
            }
            content.insert(Value::from(media), Value::Mapping(entry));
        }
        let mut out = Mapping::new();
        if !required.is_empty() {
            out.insert(key("required"), Value::from(true));
        }
        out.insert(key("content"), Value::Mapping(content));
        Value::Mapping(out)
    }
}

/// A body parameter's `description`, `required` and extensions, which its request body
/// keeps.
fn copy_documentation(param: &Mapping, out: &mut Mapping) {
    for (name, value) in param {
        if matches!(name.as_str(), Some("description" | "required")) || is_extension(name) {
            out.insert(name.clone(), value.clone());
        }
    }
}
