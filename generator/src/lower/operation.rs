//! Paths and operations → client methods.

use std::collections::BTreeMap;

use openapiv3::{
    MediaType, Operation as OaOperation, Parameter, ParameterSchemaOrContent, PathItem, PathStyle,
    QueryStyle, ReferenceOr, RequestBody as OaBody, Response as OaResponse, StatusCode,
};

use super::server::{Piece, template_pieces};
use super::{Lower, item_or_component};
use crate::diag::Pointer;
use crate::ir::{
    ClientParam, Encoding, FormEncoding, HttpMethod, Operation, Param, ParamLocation, PathPart,
    RequestBody, Response, ResponseBody, ResponseHeader, SecurityScheme, StatusMatch, Style,
    TypeRef,
};
use crate::{ir, naming};

/// The extension that marks a parameter the client supplies (`x-apigen-client-param:
/// project_id`): bound once on the client, from the credentials, overridable per call.
pub(crate) const CLIENT_PARAM_EXTENSION: &str = "x-apigen-client-param";

/// Method names the generated `Client` defines itself.
const CLIENT_METHODS: &[&str] = &["new", "builder", "from_core", "core", "with_options"];

/// Every operation in document order (paths in order, methods in a fixed order).
pub(super) fn all(lower: &mut Lower<'_, '_>, schemes: &[SecurityScheme]) -> Vec<Operation> {
    let mut out: Vec<Operation> = Vec::new();
    // Method ident → the pointer of the operation that has it.
    let mut taken: BTreeMap<String, String> = CLIENT_METHODS
        .iter()
        .map(|m| (m.to_string(), String::from("the generated client")))
        .chain(schemes.iter().map(|s| {
            (
                format!("with_{}", s.ident),
                format!("security scheme `{}`", s.name),
            )
        }))
        .collect();
    let mut error_aliases: BTreeMap<String, String> = BTreeMap::new();
    let mut operation_ids: BTreeMap<String, String> = BTreeMap::new();
    let doc = lower.doc;
    for (path, item) in &doc.paths.paths {
        let at_path = Pointer::root().push("paths").push(path);
        let ReferenceOr::Item(item) = item else {
            lower
                .cx
                .error(&at_path, "a path item given as $ref is not supported");
            continue;
        };
        for (method, op) in methods(item) {
            let pointer = at_path.push(method.as_str().to_ascii_lowercase());
            let Some(operation) = one(lower, schemes, &pointer, path, item, method, op) else {
                continue;
            };
            if let Some(first) = operation_ids.get(&operation.operation_id) {
                lower.cx.error_hint(
                    &pointer.push("operationId"),
                    format!(
                        "duplicate operationId `{}`: {first} has it too",
                        operation.operation_id
                    ),
                    "operationIds must be unique in the document",
                );
                continue;
            }
            operation_ids.insert(
                operation.operation_id.clone(),
                format!("the operation at {pointer}"),
            );
            if let Some(first) = taken.get(&operation.ident) {
                lower.cx.error_hint(
                    &pointer,
                    format!(
                        "operation `{}` becomes the method `{}`, which {first} already has",
                        operation.operation_id, operation.ident
                    ),
                    "change the operationId",
                );
                continue;
            }
            if let Some(first) = error_aliases.get(&operation.error_alias) {
                lower.cx.error(
                    &pointer,
                    format!(
                        "operation `{}` needs the type `{}`, which {first} already has",
                        operation.operation_id, operation.error_alias
                    ),
                );
                continue;
            }
            taken.insert(operation.ident.clone(), format!("operation at {pointer}"));
            error_aliases.insert(
                operation.error_alias.clone(),
                format!("operation at {pointer}"),
            );
            if lower.type_names.contains_key(&operation.error_alias) {
                lower.cx.error(
                    &pointer,
                    format!(
                        "the error type `{}` of this operation has the name of a schema",
                        operation.error_alias
                    ),
                );
                continue;
            }
            out.push(operation);
        }
    }
    out
}

fn methods(item: &PathItem) -> impl Iterator<Item = (HttpMethod, &OaOperation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
}

fn one(
    lower: &mut Lower<'_, '_>,
    schemes: &[SecurityScheme],
    pointer: &Pointer,
    path: &str,
    item: &PathItem,
    method: HttpMethod,
    op: &OaOperation,
) -> Option<Operation> {
    let operation_id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {path}", method.as_str().to_ascii_lowercase()));
    let ident = naming::snake(&operation_id);
    let type_prefix = naming::pascal(&operation_id);
    let (mut params, ok_params) = parameters(lower, pointer, item, op, &type_prefix);
    let (path, fixed_query) = split_path_key(lower.cx, pointer, path)?;
    // A failed parameter was already reported; don't also report it missing from the path.
    let path_parts = if ok_params {
        path_template(lower, pointer, path, &mut params)
    } else {
        None
    };
    let body = op
        .request_body
        .as_ref()
        .and_then(|b| request_body(lower, &pointer.push("requestBody"), b, &type_prefix));
    let body_ok = op.request_body.is_none() || body.is_some();
    // Every part is checked even when an earlier one failed, so all problems are reported.
    let responses = responses(lower, &pointer.push("responses"), op, &type_prefix);
    let security = security(lower, pointer, op, schemes);
    let (Some(path_parts), Some(responses), Some(security), true, true) =
        (path_parts, responses, security, ok_params, body_ok)
    else {
        return None;
    };
    Some(Operation {
        operation_id,
        ident,
        error_alias: format!("{type_prefix}Error"),
        response_enum: format!("{type_prefix}Response"),
        error_body_enum: format!("{type_prefix}ErrorBody"),
        method,
        path: path.to_owned(),
        path_parts,
        fixed_query,
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        tags: op.tags.clone(),
        params,
        body,
        responses,
        security,
    })
}

/// Path-level and operation-level parameters (the operation's override the path's), resolved
/// and checked; returns them and whether all were usable.
fn parameters(
    lower: &mut Lower<'_, '_>,
    pointer: &Pointer,
    item: &PathItem,
    op: &OaOperation,
    prefix: &str,
) -> (Vec<Param>, bool) {
    let cx = lower.cx;
    let components = lower.doc.components.as_ref().map(|c| &c.parameters);
    let mut merged: Vec<(Pointer, &Parameter)> = Vec::new();
    let mut ok = true;
    let path_pointer = path_item_pointer(pointer);
    let sources = [
        (path_pointer.push("parameters"), &item.parameters),
        (pointer.push("parameters"), &op.parameters),
    ];
    for (level, (base, list)) in sources.iter().enumerate() {
        let mut seen_here: Vec<(String, &'static str)> = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let at = base.push(i);
            let Some(param) = item_or_component(cx, &at, p, "parameters", components) else {
                ok = false;
                continue;
            };
            let key = (
                param.parameter_data_ref().name.clone(),
                location_name(param),
            );
            if seen_here.contains(&key) {
                cx.error(
                    &at,
                    format!("parameter `{}` in {} is declared twice", key.0, key.1),
                );
                ok = false;
                continue;
            }
            seen_here.push(key.clone());
            if level == 1 {
                merged.retain(|(_, q)| {
                    (q.parameter_data_ref().name.clone(), location_name(q)) != key
                });
            }
            merged.push((at, param));
        }
    }
    let mut out: Vec<Param> = Vec::new();
    for (at, param) in merged {
        let data = param.parameter_data_ref();
        let location = match param {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            cx.warn(
                &at,
                format!(
                    "header parameter `{}` is ignored (OpenAPI reserves it)",
                    data.name
                ),
            );
            continue;
        }
        if matches!(location, ParamLocation::Header | ParamLocation::Cookie)
            && !super::security::is_token(&data.name)
        {
            cx.error(
                &at.push("name"),
                format!("`{}` is not a valid {} name", data.name, location.as_str()),
            );
            ok = false;
            continue;
        }
        if location == ParamLocation::Path && !data.required {
            cx.error_hint(
                &at.push("required"),
                format!("path parameter `{}` must be required", data.name),
                "set `required: true`",
            );
            ok = false;
            continue;
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            cx.error(
                &at,
                format!(
                    "parameter `{}` described with `content` is not supported yet",
                    data.name
                ),
            );
            ok = false;
            continue;
        };
        let hint = format!("{prefix}{}", naming::pascal(&data.name));
        let Some(ty) = lower.type_of(&at.push("schema"), schema, &hint) else {
            ok = false;
            continue;
        };
        let ty = lower.types.resolve_alias(&ty);
        let scalar = |ty: &TypeRef| {
            matches!(
                ty,
                TypeRef::String | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_)
            ) || lower.types.is_printable(ty)
        };
        // Arrays of scalars: query (`form`, exploded or comma-separated) and header (`simple`).
        // A cookie holds one value: its `form` layout of an array (`a,b` or repeated
        // names) has no agreed meaning, since `,` is not a cookie octet.
        let list_ok = match &ty {
            TypeRef::Array(item) => {
                !matches!(location, ParamLocation::Path | ParamLocation::Cookie)
                    && scalar(&lower.types.resolve_alias(item))
            }
            _ => false,
        };
        let ty = match ty {
            TypeRef::Array(item) if list_ok => {
                TypeRef::Array(Box::new(lower.types.resolve_alias(&item)))
            }
            other => other,
        };
        let style = match param {
            Parameter::Query { style, .. } => style_of(style),
            _ => Style::Form,
        };
        let path_style = match param {
            Parameter::Path {
                style: PathStyle::Label,
                ..
            } => ir::PathStyle::Label,
            Parameter::Path {
                style: PathStyle::Matrix,
                ..
            } => ir::PathStyle::Matrix,
            _ => ir::PathStyle::Simple,
        };
        // Objects, unions and the like are serialized and laid out by style; only query
        // parameters have a layout for them.
        let structured = !(scalar(&ty) || list_ok && style == Style::Form);
        if structured && location != ParamLocation::Query {
            cx.error(
                &at.push("schema"),
                format!(
                    "{} parameter `{}` is not a string, number, boolean{}; that is not supported yet",
                    location.as_str(),
                    data.name,
                    if location == ParamLocation::Cookie {
                        " or enum"
                    } else {
                        ", enum or array of those"
                    },
                ),
            );
            ok = false;
            continue;
        }
        // Wire names that differ only in punctuation or case (`StartTime<`, `StartTime>`)
        // get stable numeric suffixes in document order; the wire name is kept as is.
        let base = naming::snake(&data.name);
        let taken =
            |candidate: &str| candidate == "body" || out.iter().any(|p| p.ident == candidate);
        let ident = naming::first_free(&base, "_", taken);
        let client = match data.extensions.get(CLIENT_PARAM_EXTENSION) {
            None => None,
            Some(serde_json::Value::String(v))
                if v == "project_id" && location == ParamLocation::Path =>
            {
                Some(ClientParam::ProjectId)
            }
            Some(other) => {
                cx.error_hint(
                    &at.push(CLIENT_PARAM_EXTENSION),
                    format!("`{CLIENT_PARAM_EXTENSION}: {other}` is not supported here"),
                    "the client supplies `project_id` for path parameters only: \
                     `x-apigen-client-param: project_id`",
                );
                ok = false;
                continue;
            }
        };
        // `form` query parameters explode by default; `simple` headers never do.
        let explode = location == ParamLocation::Query && data.explode.unwrap_or(true);
        out.push(Param {
            ident,
            wire_name: data.name.clone(),
            location,
            ty,
            explode,
            style,
            path_style,
            structured,
            client,
            required: data.required,
            description: data.description.clone(),
        });
    }
    (out, ok)
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// A path key can carry more than a path: Box tells operations on one path apart with a
/// `#name` (a fragment, which is never sent), OpenAI adds `?beta=true` (a query every call of
/// the operation sends). Returns the path and those query pairs, with a warning for each.
fn split_path_key<'k>(
    cx: &crate::diag::Ctxt<'_>,
    pointer: &Pointer,
    key: &'k str,
) -> Option<(&'k str, Vec<(String, String)>)> {
    let at_path = path_item_pointer(pointer);
    let (key, fragment) = key.split_once('#').unwrap_or((key, ""));
    let (path, query) = key.split_once('?').unwrap_or((key, ""));
    if !fragment.is_empty() {
        cx.warn(
            pointer,
            format!("`#{fragment}` in the path is not sent (fragments never reach the server)"),
        );
    }
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let plain = |t: &str| {
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        };
        if name.is_empty() || !plain(name) || !plain(value) {
            cx.error_hint(
                &at_path,
                format!("the query `{query}` in the path has characters that would need encoding"),
                "declare it as a query parameter instead",
            );
            return None;
        }
        pairs.push((name.to_owned(), value.to_owned()));
    }
    if !pairs.is_empty() {
        cx.warn(
            pointer,
            format!("the path's query `{query}` is sent with every call"),
        );
    }
    Some((path, pairs))
}

/// Splits the path template and reorders `params` so path parameters come first, in template
/// order. Reports template names without a parameter and path parameters not in the template.
fn path_template(
    lower: &Lower<'_, '_>,
    pointer: &Pointer,
    path: &str,
    params: &mut Vec<Param>,
) -> Option<Vec<PathPart>> {
    let cx = lower.cx;
    let at_path = path_item_pointer(pointer);
    if !path.starts_with('/') {
        cx.error_hint(
            &at_path,
            format!("path `{path}` does not start with `/`"),
            "write it as `/{path}`",
        );
        return None;
    }
    let pieces = template_pieces(cx, &at_path, path)?;
    let bad =
        |c: char| c == '?' || c == '#' || c.is_whitespace() || c.is_control() || !c.is_ascii();
    for piece in &pieces {
        if let Piece::Literal(text) = piece {
            if let Some(c) = text.chars().find(|c| bad(*c)) {
                cx.error_hint(
                    &at_path,
                    format!("path `{path}` contains {c:?}, which cannot appear literally in a URL path"),
                    "move query parameters to `parameters` with `in: query`, and percent-encode other characters",
                );
                return None;
            }
        }
    }
    let mut ordered: Vec<Param> = Vec::new();
    let mut parts = Vec::new();
    let mut ok = true;
    for piece in pieces {
        match piece {
            Piece::Literal(text) => parts.push(PathPart::Literal(text.to_owned())),
            Piece::Name(name) => {
                if let Some(i) = ordered.iter().position(|p| p.wire_name == name) {
                    parts.push(PathPart::Param(i));
                    continue;
                }
                match params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
                {
                    Some(i) => {
                        ordered.push(params.remove(i));
                        parts.push(PathPart::Param(ordered.len() - 1));
                    }
                    None => {
                        cx.error_hint(
                            pointer,
                            format!("the path has `{{{name}}}` but the operation declares no path parameter `{name}`"),
                            format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}`"),
                        );
                        ok = false;
                    }
                }
            }
        }
    }
    for stray in params.iter().filter(|p| p.location == ParamLocation::Path) {
        cx.error(
            &pointer.push("parameters"),
            format!(
                "path parameter `{}` does not appear in the path `{path}`",
                stray.wire_name
            ),
        );
        ok = false;
    }
    ordered.append(params);
    *params = ordered;
    ok.then_some(parts)
}

/// A media type without its parameters, lowercased: `Application/JSON; charset=x` →
/// `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or `*/*+json`, any parameters.
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// How a media type is encoded, or `None` when it is not supported (multipart).
pub(crate) fn encoding_of(media_type: &str) -> Option<Encoding> {
    let essence = essence(media_type);
    if is_json(&essence) {
        Some(Encoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(Encoding::Form)
    } else if essence == "multipart/form-data" {
        Some(Encoding::Multipart)
    } else if essence.starts_with("multipart/") {
        None
    } else if essence.starts_with("text/") {
        Some(Encoding::Text)
    } else {
        Some(Encoding::Binary)
    }
}

/// The entry of a `content` map to use: JSON first, then form (requests only), text, binary.
/// Reports when none is supported, and warns when others are left out.
fn pick_content<'c>(
    lower: &Lower<'_, '_>,
    pointer: &Pointer,
    content: &'c indexmap::IndexMap<String, MediaType>,
    request: bool,
) -> Option<(&'c String, &'c MediaType, Encoding)> {
    let preference = |e: Encoding| match e {
        Encoding::Json => 0,
        Encoding::Form if request => 1,
        Encoding::Multipart => 2,
        Encoding::Text => 3,
        Encoding::Binary | Encoding::Form => 4,
    };
    let found = content
        .iter()
        .filter_map(|(m, c)| encoding_of(m).map(|e| (m, c, e)))
        // A multipart response is read as bytes.
        .map(|(m, c, e)| match e {
            Encoding::Multipart if !request => (m, c, Encoding::Binary),
            e => (m, c, e),
        })
        .min_by_key(|(_, _, e)| preference(*e));
    match found {
        None => {
            let types: Vec<&str> = content.keys().map(String::as_str).collect();
            lower.cx.error(
                &pointer.push("content"),
                format!(
                    "media type(s) `{}` are not supported yet",
                    types.join("`, `")
                ),
            );
        }
        Some((chosen, ..)) if content.len() > 1 => {
            let others: Vec<&str> = content
                .keys()
                .filter(|m| *m != chosen)
                .map(String::as_str)
                .collect();
            lower.cx.warn(
                &pointer.push("content"),
                format!(
                    "`{chosen}` is used; also listed, and left out: `{}`",
                    others.join("`, `")
                ),
            );
        }
        Some(_) => {}
    }
    found
}

fn request_body(
    lower: &mut Lower<'_, '_>,
    pointer: &Pointer,
    body: &ReferenceOr<OaBody>,
    prefix: &str,
) -> Option<RequestBody> {
    let components = lower.doc.components.as_ref().map(|c| &c.request_bodies);
    let body = item_or_component(lower.cx, pointer, body, "requestBodies", components)?;
    let (media_type, content, encoding) = pick_content(lower, pointer, &body.content, true)?;
    let kind = essence(media_type);
    let kind = kind.split('/').next().unwrap_or("");
    if !super::security::is_token(kind) || media_type.bytes().any(|b| b.is_ascii_control()) {
        lower.cx.error(
            &pointer.push("content"),
            format!("media type `{media_type}` cannot be sent as a header"),
        );
        return None;
    }
    let at = pointer.push("content").push(media_type).push("schema");
    let ty = match (encoding, &content.schema) {
        (Encoding::Text, _) => TypeRef::String,
        (Encoding::Binary, _) => TypeRef::Bytes,
        (Encoding::Json | Encoding::Form | Encoding::Multipart, Some(schema)) => {
            lower.type_of(&at, schema, &format!("{prefix}Body"))?
        }
        (Encoding::Json, None) => TypeRef::Json,
        (Encoding::Form | Encoding::Multipart, None) => {
            lower
                .cx
                .error(&at, "a form or multipart body needs a schema (an object)");
            return None;
        }
    };
    // Multipart emission looks the struct up by name.
    let ty = if encoding == Encoding::Multipart {
        lower.types.resolve_alias(&ty)
    } else {
        ty
    };
    if encoding == Encoding::Multipart && !lower.types.is_struct(&ty) {
        lower.cx.error_hint(
            &at,
            "a multipart body must be an object with properties",
            "`multipart/form-data` sends one part per property",
        );
        return None;
    }
    if encoding == Encoding::Form && !lower.types.is_object(&ty) {
        lower.cx.error_hint(
            &at,
            "a form body must be an object",
            "`application/x-www-form-urlencoded` sends the fields of an object",
        );
        return None;
    }
    let form_encodings = if encoding == Encoding::Form {
        form_encodings(content)
    } else {
        Vec::new()
    };
    Some(RequestBody {
        media_type: media_type.clone(),
        encoding,
        ty,
        required: body.required,
        description: body.description.clone(),
        form_encodings,
    })
}

/// The `encoding` entries of a form body that set a layout (`style`, `explode`).
fn form_encodings(content: &MediaType) -> Vec<FormEncoding> {
    content
        .encoding
        .iter()
        .filter_map(|(name, e)| {
            // The parser reads a missing `explode` as `false`, so only entries that name a
            // `style` are taken, with `explode` as written (Stripe writes both).
            Some(FormEncoding {
                name: name.clone(),
                style: style_of(e.style.as_ref()?),
                explode: e.explode,
            })
        })
        .collect()
}

fn style_of(style: &QueryStyle) -> Style {
    match style {
        QueryStyle::Form => Style::Form,
        QueryStyle::SpaceDelimited => Style::SpaceDelimited,
        QueryStyle::PipeDelimited => Style::PipeDelimited,
        QueryStyle::DeepObject => Style::DeepObject,
    }
}

/// The path item an operation pointer (`/paths/~1x/get`) belongs to (`/paths/~1x`).
fn path_item_pointer(operation: &Pointer) -> Pointer {
    Pointer::from_fragment(operation.as_str().rsplit_once('/').map_or("", |p| p.0))
}

fn responses(
    lower: &mut Lower<'_, '_>,
    pointer: &Pointer,
    op: &OaOperation,
    prefix: &str,
) -> Option<Vec<Response>> {
    let cx = lower.cx;
    let components = lower.doc.components.as_ref().map(|c| &c.responses);
    let mut declared: Vec<(StatusMatch, Pointer, &ReferenceOr<OaResponse>)> = Vec::new();
    for (status, response) in &op.responses.responses {
        let (status, key) = match status {
            StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
            StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
        };
        let at = pointer.push(&key);
        let valid = match status {
            StatusMatch::Code(c) => (100..=599).contains(&c),
            StatusMatch::Range(r) => (1..=5).contains(&r),
            StatusMatch::Default => true,
        };
        if !valid {
            cx.error(&at, format!("`{key}` is not an HTTP status"));
            return None;
        }
        declared.push((status, at, response));
    }
    if let Some(default) = &op.responses.default {
        // An operation that declares nothing but `default` describes every answer with it:
        // its 2XX answers are the success, the rest errors.
        if declared.is_empty() {
            declared.push((StatusMatch::Range(2), pointer.push("default"), default));
        }
        declared.push((StatusMatch::Default, pointer.push("default"), default));
    }
    declared.sort_by_key(|(status, ..)| *status);
    // Without a 2XX, declared 1XX/3XX answers are the expected outcome (a login that
    // redirects): they count as success. Redirects are never followed, so they arrive.
    let hundreds = |status: &StatusMatch| match status {
        StatusMatch::Code(c) => Some(c / 100),
        StatusMatch::Range(r) => Some(*r),
        StatusMatch::Default => None,
    };
    let has_2xx = declared
        .iter()
        .any(|(status, ..)| hundreds(status) == Some(2));
    let mut list = Vec::new();
    let mut ok = true;
    for (status, at, response) in declared {
        let Some(response) = item_or_component(cx, &at, response, "responses", components) else {
            ok = false;
            continue;
        };
        let is_success = match hundreds(&status) {
            Some(2) => true,
            Some(1 | 3) => !has_2xx,
            _ => false,
        };
        let variant = naming::status_variant(status);
        let Some(body) = response_body(lower, &at, response, is_success, prefix, status) else {
            ok = false;
            continue;
        };
        // Headers are read on success; an API error keeps them raw.
        let headers = if is_success {
            match response_headers(lower, &at, response, &format!("{prefix}{variant}")) {
                Some(headers) => headers,
                None => {
                    ok = false;
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        list.push(Response {
            status,
            success: is_success,
            body,
            headers,
            variant,
            description: response.description.clone(),
        });
    }
    if !ok {
        return None;
    }
    if !list.iter().any(|r| r.success) {
        // Nothing to type (`responses: {}`, or only errors for a retired endpoint): any 2XX
        // is the success, its body handed over as bytes with status and headers.
        cx.warn(
            pointer,
            "the operation declares no success (2XX) response, nor a 1XX or 3XX one; any 2XX is accepted, its body returned as bytes",
        );
        let at = list
            .iter()
            .position(|r| r.status == StatusMatch::Default)
            .unwrap_or(list.len());
        let status = StatusMatch::Range(2);
        list.insert(
            at,
            Response {
                status,
                success: true,
                body: Some(ResponseBody {
                    ty: TypeRef::Bytes,
                    encoding: Encoding::Binary,
                }),
                headers: Vec::new(),
                variant: naming::status_variant(status),
                description: String::from("Any success (not declared in the document)."),
            },
        );
    }
    Some(list)
}

/// The decoded body of one response. A success body is decoded by its media type; an error
/// body is decoded only when it is JSON (otherwise it stays raw in the error). `None`: the
/// response could not be lowered (reported).
#[allow(clippy::option_option)]
fn response_body(
    lower: &mut Lower<'_, '_>,
    at: &Pointer,
    response: &OaResponse,
    is_success: bool,
    prefix: &str,
    status: StatusMatch,
) -> Option<Option<ResponseBody>> {
    let chosen = if response.content.is_empty() {
        None
    } else if is_success {
        Some(pick_content(lower, at, &response.content, false)?)
    } else {
        response
            .content
            .iter()
            .find(|(m, _)| is_json(m))
            .map(|(m, c)| (m, c, Encoding::Json))
    };
    let Some((media_type, content, encoding)) = chosen else {
        return Some(None);
    };
    let ty = match encoding {
        Encoding::Text => TypeRef::String,
        Encoding::Binary | Encoding::Form | Encoding::Multipart => TypeRef::Bytes,
        Encoding::Json => match &content.schema {
            Some(schema) => {
                let kind = if is_success { "Response" } else { "Error" };
                let suffix = match status {
                    StatusMatch::Code(c) => c.to_string(),
                    StatusMatch::Range(r) => format!("{r}XX"),
                    StatusMatch::Default => String::from("Default"),
                };
                let schema_at = at.push("content").push(media_type).push("schema");
                lower.type_of(&schema_at, schema, &format!("{prefix}{kind}{suffix}"))?
            }
            None => TypeRef::Json,
        },
    };
    Some(Some(ResponseBody { ty, encoding }))
}

/// A response's declared headers that have a type the client can read from text: scalars,
/// enums, and arrays of those (`simple` style). Others are left in the raw header map with a
/// warning; `Content-Type` is ignored, as OpenAPI says. `None`: a schema failed (reported).
fn response_headers(
    lower: &mut Lower<'_, '_>,
    at: &Pointer,
    response: &OaResponse,
    hint: &str,
) -> Option<Vec<ResponseHeader>> {
    let cx = lower.cx;
    let components = lower.doc.components.as_ref().map(|c| &c.headers);
    let mut out: Vec<ResponseHeader> = Vec::new();
    let mut ok = true;
    for (name, header) in &response.headers {
        let hat = at.push("headers").push(name);
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let Some(header) = item_or_component(cx, &hat, header, "headers", components) else {
            ok = false;
            continue;
        };
        if !super::security::is_token(name) {
            cx.warn(
                &hat,
                format!("`{name}` is not a valid HTTP header name; it is not read"),
            );
            continue;
        }
        let ParameterSchemaOrContent::Schema(schema) = &header.format else {
            cx.warn(
                &hat,
                format!(
                    "header `{name}` is described with `content`; it is not read into a field (it stays in `ApiResponse::headers`)"
                ),
            );
            continue;
        };
        let Some(ty) = lower.type_of(
            &hat.push("schema"),
            schema,
            &format!("{hint}{}", naming::pascal(name)),
        ) else {
            ok = false;
            continue;
        };
        let ty = match lower.types.resolve_alias(&ty) {
            TypeRef::Array(item) => TypeRef::Array(Box::new(lower.types.resolve_alias(&item))),
            other => other,
        };
        let readable = match &ty {
            TypeRef::Array(item) => header_scalar(lower, item),
            other => header_scalar(lower, other),
        };
        if !readable {
            cx.warn(
                &hat.push("schema"),
                format!(
                    "header `{name}` is not a string, number, boolean, string enum or array of those; it is not read into a field (it stays in `ApiResponse::headers`)"
                ),
            );
            continue;
        }
        let base = naming::snake(name);
        let ident = naming::first_free(&base, "_", |c| {
            c == "body" || out.iter().any(|h| h.ident == c)
        });
        out.push(ResponseHeader {
            ident,
            wire_name: name.clone(),
            ty,
            required: header.required,
            description: header.description.clone(),
        });
    }
    ok.then_some(out)
}

/// Whether a header value of this type is read from its text (`FromStr`).
fn header_scalar(lower: &Lower<'_, '_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Secret
        | TypeRef::Bool
        | TypeRef::Integer(_)
        | TypeRef::Float(_) => true,
        TypeRef::Named(_) => lower.types.is_open_string_enum(ty),
        _ => false,
    }
}

/// The credentials an operation sends: every scheme named in its security requirements
/// (or the document's), in scheme order.
fn security(
    lower: &Lower<'_, '_>,
    pointer: &Pointer,
    op: &OaOperation,
    schemes: &[SecurityScheme],
) -> Option<Vec<usize>> {
    let (requirements, at) = match &op.security {
        Some(r) => (r, pointer.push("security")),
        None => match &lower.doc.security {
            Some(r) => (r, Pointer::root().push("security")),
            None => return Some(Vec::new()),
        },
    };
    let mut used = Vec::new();
    let mut ok = true;
    for (i, requirement) in requirements.iter().enumerate() {
        for name in requirement.keys() {
            match schemes.iter().position(|s| &s.name == name) {
                Some(index) => used.push(index),
                None => {
                    let declared = lower
                        .doc
                        .components
                        .as_ref()
                        .is_some_and(|c| c.security_schemes.contains_key(name));
                    if !declared {
                        lower.cx.error(
                            &at.push(i).push(name),
                            format!("security scheme `{name}` is not declared in components"),
                        );
                    }
                    ok = false;
                }
            }
        }
    }
    used.sort_unstable();
    used.dedup();
    ok.then_some(used)
}
