//! The public API a generated module offers, as data: one [`Entry`] per thing a caller can
//! name or depends on — an operation, each of its parameters (an argument or a setter), its
//! body, what it returns and its error, each type, field and variant, each credential
//! setter, the server and the regions. Built from the model ([`ir::Api`]), never from the
//! generated text, so two documents compare by what their code means, not how it is spelled.
//!
//! Each entry keeps three facts apart, because they break callers differently: `api` (what
//! the compiler checks: a type, an argument), `wire` (what is sent or read: a path, a wire
//! name — changing it alters behaviour, not code) and `docs` (a fingerprint of the text).
//! [`diff`] compares two surfaces; [`summary`] writes one as a small reviewable text file
//! and reads it back, so a regeneration can be compared with the last one without git.

pub mod diff;
pub mod summary;

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{self, Api, ErrorShape, Operation, SecurityKind, SuccessShape, TypeKind, TypeRef};
use crate::pointer::Pointer;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A client method (`Client::list_backups`).
    Operation,
    /// A parameter: a method argument when required, a request-value setter when optional.
    Parameter,
    /// A request body (an argument or the `body` setter).
    Body,
    /// What a call returns on success.
    Returns,
    /// The typed body of a call's API errors.
    ErrorBody,
    /// A variant of an operation's response or error-body enum (one declared status).
    Response,
    /// A named type.
    Type,
    /// A struct field.
    Field,
    /// A value of an enum.
    EnumValue,
    /// An alternative of a union.
    UnionVariant,
    /// A credential setter on the client builder.
    Credential,
    /// The server URL and its variables.
    Server,
    /// A region of the document's region table.
    Region,
}

impl Kind {
    /// The kind as the summary and the JSON report spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operation => "operation",
            Self::Parameter => "parameter",
            Self::Body => "body",
            Self::Returns => "returns",
            Self::ErrorBody => "error-body",
            Self::Response => "response",
            Self::Type => "type",
            Self::Field => "field",
            Self::EnumValue => "enum-value",
            Self::UnionVariant => "union-variant",
            Self::Credential => "credential",
            Self::Server => "server",
            Self::Region => "region",
        }
    }

    /// The kind named `text`.
    pub fn parse(text: &str) -> Option<Self> {
        ALL_KINDS.into_iter().find(|k| k.as_str() == text)
    }
}

const ALL_KINDS: [Kind; 13] = [
    Kind::Operation,
    Kind::Parameter,
    Kind::Body,
    Kind::Returns,
    Kind::ErrorBody,
    Kind::Response,
    Kind::Type,
    Kind::Field,
    Kind::EnumValue,
    Kind::UnionVariant,
    Kind::Credential,
    Kind::Server,
    Kind::Region,
];

/// Which way a type's values travel: into requests, out of responses, or both. A field
/// added to a type only read from responses breaks no caller; one a caller must give does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Direction {
    /// Reached from a parameter or request body.
    pub input: bool,
    /// Reached from a response or error body.
    pub output: bool,
}

impl Direction {
    /// `in`, `out`, `in/out` or `-` (reached from no operation).
    pub fn as_str(self) -> &'static str {
        match (self.input, self.output) {
            (true, true) => "in/out",
            (true, false) => "in",
            (false, true) => "out",
            (false, false) => "-",
        }
    }

    /// The direction `as_str` spelled.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "in/out" => Self {
                input: true,
                output: true,
            },
            "in" => Self {
                input: true,
                output: false,
            },
            "out" => Self {
                input: false,
                output: true,
            },
            "-" => Self::default(),
            _ => return None,
        })
    }
}

/// One item of the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: Kind,
    /// The Rust item as callers write it: `Client::list_backups`,
    /// `ListBackupsRequest::limit`, `types::BackupRestore::power_on`.
    pub rust_item: String,
    /// What the compiler checks (a type, whether it is an argument or a setter).
    pub api: String,
    /// What goes on the wire (a path, a wire name, a media type); empty when nothing.
    pub wire: String,
    /// A fingerprint of the documentation (empty when there is none).
    pub docs: String,
    /// Where it is in the document (a JSON pointer).
    pub pointer: String,
    /// Fields, variants and types: which way their values travel.
    pub direction: Direction,
}

/// A module's public API: entries by a key that stays the same when an entry's signature
/// changes (a parameter keeps its key whether it is an argument or a setter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// The entries, sorted by key.
    pub entries: BTreeMap<String, Entry>,
}

impl Surface {
    /// The surface of the module generated from `api`.
    pub fn of(api: &Api) -> Self {
        let mut builder = Builder {
            api,
            surface: Surface::default(),
            directions: directions(api),
        };
        builder.client();
        for (i, op) in api.model.operations.iter().enumerate() {
            builder.operation(op, &api.analysis.outcomes[i]);
        }
        for def in api.model.types.iter() {
            builder.type_def(def);
        }
        builder.surface
    }
}

/// One document to compare: its file name (shown in places) and text.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The file name.
    pub file: &'a str,
    /// The text.
    pub text: &'a str,
}

/// The API diff of two documents: both read into their models (nothing is emitted), their
/// surfaces compared, every change located in both.
///
/// # Errors
/// The problems of whichever document has errors (the old one first).
pub fn compare_documents(
    old: Document<'_>,
    new: Document<'_>,
    settings: &crate::Settings,
) -> Result<diff::Report, crate::Diagnostics> {
    compare_documents_with((old, settings), (new, settings))
}

/// [`compare_documents`], each document read with its own settings (a directory's settings
/// file filters its own document).
///
/// # Errors
/// The problems of whichever document has errors (the old one first).
pub fn compare_documents_with(
    (old, old_settings): (Document<'_>, &crate::Settings),
    (new, new_settings): (Document<'_>, &crate::Settings),
) -> Result<diff::Report, crate::Diagnostics> {
    let old_model = crate::analyse(old.file, old.text, old_settings)?;
    let new_model = crate::analyse(new.file, new.text, new_settings)?;
    Ok(diff::compare(
        &Surface::of(&old_model.api),
        &Surface::of(&new_model.api),
        diff::Side {
            file: old.file,
            source: Some(&old_model.source_map),
        },
        diff::Side {
            file: new.file,
            source: Some(&new_model.source_map),
        },
    ))
}

struct Builder<'a> {
    api: &'a Api,
    surface: Surface,
    directions: BTreeMap<String, Direction>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: String,
        kind: Kind,
        rust_item: String,
        api: String,
        wire: String,
        docs: &[Option<&str>],
        pointer: &Pointer,
        direction: Direction,
    ) {
        self.surface.entries.insert(
            key,
            Entry {
                kind,
                rust_item,
                api,
                wire,
                docs: fingerprint(docs),
                pointer: pointer.as_str().to_owned(),
                direction,
            },
        );
    }

    fn client(&mut self) {
        let m = &self.api.model;
        if let Some(server) = &m.server {
            let template = &server.template;
            let variables: Vec<String> = server.variables.iter().map(|v| v.ident.clone()).collect();
            let defaults: Vec<String> = server
                .variables
                .iter()
                .map(|v| format!("{}={}", v.wire_name, v.default))
                .collect();
            self.add(
                String::from("server"),
                Kind::Server,
                String::from("server_url"),
                format!("server_url({})", variables.join(", ")),
                format!("{template} [{}]", defaults.join(", ")),
                &[server.description.as_deref()],
                &Pointer::root().push("servers").push(0),
                Direction::default(),
            );
        }
        if let Some(regions) = &m.regions {
            for (id, url) in &regions.endpoints {
                self.add(
                    format!("region {id}"),
                    Kind::Region,
                    format!("REGIONS[{id:?}]"),
                    String::from("region"),
                    url.clone(),
                    &[],
                    &Pointer::root()
                        .push("x-apigen-regions")
                        .push("endpoints")
                        .push(id),
                    Direction::default(),
                );
            }
        }
        for scheme in &m.security_schemes {
            let api = match scheme.kind {
                SecurityKind::Basic => "(user, password)",
                _ => "(secret)",
            };
            self.add(
                format!("credential {}", scheme.setter),
                Kind::Credential,
                format!("ClientBuilder::{}", scheme.setter),
                format!("{}{api}", scheme.setter),
                format!("{:?}", scheme.kind),
                &[scheme.description.as_deref()],
                &Pointer::root()
                    .push("components")
                    .push("securitySchemes")
                    .push(&scheme.name),
                Direction::default(),
            );
        }
    }

    fn operation(&mut self, op: &Operation, outcome: &ir::Outcome) {
        let at = Pointer::root()
            .push("paths")
            .push(&op.path)
            .push(op.method.as_str().to_ascii_lowercase());
        let method = format!("Client::{}", op.ident);
        self.add(
            format!("op {}", op.ident),
            Kind::Operation,
            method.clone(),
            // Not its name: a renamed operation is reported as renamed, once.
            String::from(if op.deprecated {
                "method (deprecated)"
            } else {
                "method"
            }),
            format!("{} {}", op.method.as_str(), op.path),
            &[op.summary.as_deref(), op.description.as_deref()],
            &at,
            Direction::default(),
        );
        for p in op.params.iter().filter(|p| p.client.is_none()) {
            let (rust_item, api) = if p.required {
                (
                    format!("{method}({})", p.ident),
                    format!("argument {}", rust_type(&p.ty)),
                )
            } else {
                (
                    format!("{}::{}", op.request_value, p.ident),
                    format!("setter {}", rust_type(&p.ty)),
                )
            };
            self.add(
                format!("op {} param {}", op.ident, p.ident),
                Kind::Parameter,
                rust_item,
                api,
                format!("{} {}", p.location.as_str(), p.wire_name),
                &[p.description.as_deref()],
                &at.push("parameters"),
                Direction::default(),
            );
        }
        if let Some(body) = &op.body {
            let (rust_item, api) = if body.required {
                (
                    format!("{method}(body)"),
                    format!("argument {}", rust_type(&body.ty)),
                )
            } else {
                (
                    format!("{}::body", op.request_value),
                    format!("setter {}", rust_type(&body.ty)),
                )
            };
            self.add(
                format!("op {} body", op.ident),
                Kind::Body,
                rust_item,
                api,
                body.media_type.clone(),
                &[body.description.as_deref()],
                &at.push("requestBody"),
                Direction::default(),
            );
        }
        let returns = match &outcome.success {
            SuccessShape::Uniform { ty: None, .. } => String::from("()"),
            SuccessShape::Uniform {
                ty: Some(ty),
                optional,
            } => match optional {
                true => format!("Option<{}>", rust_type(ty)),
                false => rust_type(ty),
            },
            SuccessShape::Enum => format!("enum {}", op.response_enum),
        };
        self.add(
            format!("op {} returns", op.ident),
            Kind::Returns,
            method.clone(),
            returns,
            String::new(),
            &[],
            &at.push("responses"),
            Direction::default(),
        );
        let error = match &outcome.error {
            ErrorShape::Uniform(ty) => rust_type(ty),
            ErrorShape::Enum => format!("enum {}", op.error_body_enum),
        };
        self.add(
            format!("op {} error", op.ident),
            Kind::ErrorBody,
            op.error_alias.clone(),
            error,
            String::new(),
            &[],
            &at.push("responses"),
            Direction::default(),
        );
        let in_enum = |r: &ir::Response| match r.success {
            true => matches!(outcome.success, SuccessShape::Enum).then_some(&op.response_enum),
            false => (matches!(outcome.error, ErrorShape::Enum) && r.body.is_some())
                .then_some(&op.error_body_enum),
        };
        for r in &op.responses {
            let Some(owner) = in_enum(r) else {
                continue;
            };
            let mut api = r
                .body
                .as_ref()
                .map_or_else(|| String::from("no body"), |b| rust_type(&b.ty));
            for h in &r.headers {
                let ty = match h.required {
                    true => rust_type(&h.ty),
                    false => format!("Option<{}>", rust_type(&h.ty)),
                };
                api.push_str(&format!(", {}: {ty}", h.ident));
            }
            let wire: Vec<String> = r.headers.iter().map(|h| h.wire_name.clone()).collect();
            self.add(
                format!("op {} response {}", op.ident, r.status.key()),
                Kind::Response,
                format!("{owner}::{}", r.variant),
                api,
                format!("{} [{}]", r.status.key(), wire.join(", ")),
                &[Some(&r.description)],
                &at.push("responses").push(r.status.key()),
                Direction::default(),
            );
        }
    }

    fn type_def(&mut self, def: &ir::TypeDef) {
        let at = def.origin.pointer();
        let item = format!("types::{}", def.ident);
        let direction = self.directions.get(&def.ident).copied().unwrap_or_default();
        let shape = match &def.kind {
            TypeKind::Struct(_) => String::from("struct"),
            TypeKind::Alias(ty) => format!("alias of {}", rust_type(ty)),
            TypeKind::Enum(e) => format!("enum ({:?})", e.repr).to_ascii_lowercase(),
            TypeKind::Union(_) => String::from("union"),
        };
        let deprecated = if def.deprecated { " (deprecated)" } else { "" };
        self.add(
            format!("type {}", def.ident),
            Kind::Type,
            item.clone(),
            format!("{shape}{deprecated}"),
            String::new(),
            &[def.description.as_deref()],
            &at,
            direction,
        );
        match &def.kind {
            TypeKind::Struct(fields) => {
                for f in fields {
                    let stored = if f.required && !f.nullable {
                        rust_type(&f.ty)
                    } else {
                        format!("Option<{}>", rust_type(&f.ty))
                    };
                    let role = match (f.flatten, f.required) {
                        (true, _) => "flattened",
                        (false, true) => "new() argument",
                        (false, false) => "with_ setter",
                    };
                    let deprecated = if f.deprecated { " (deprecated)" } else { "" };
                    self.add(
                        format!("type {} field {}", def.ident, f.ident),
                        Kind::Field,
                        format!("{item}::{}", f.ident),
                        format!("{stored}, {role}{deprecated}"),
                        f.wire_name.clone(),
                        &[f.description.as_deref()],
                        &at.push("properties").push(&f.wire_name),
                        direction,
                    );
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.variants {
                    self.add(
                        format!("type {} value {}", def.ident, v.ident),
                        Kind::EnumValue,
                        format!("{item}::{}", v.ident),
                        String::from("variant"),
                        v.wire.clone(),
                        &[v.description.as_deref()],
                        &at.push("enum"),
                        direction,
                    );
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    self.add(
                        format!("type {} variant {}", def.ident, v.ident),
                        Kind::UnionVariant,
                        format!("{item}::{}", v.ident),
                        rust_type(&v.ty),
                        v.tags.join(", "),
                        &[],
                        &at,
                        direction,
                    );
                }
            }
            TypeKind::Alias(_) => {}
        }
    }
}

/// A type as the generated code spells it, without paths: `Option<i64>`, `Vec<types::Pet>`
/// reads `Vec<Pet>`.
fn rust_type(ty: &TypeRef) -> String {
    use ir::{FloatKind, IntegerKind};
    match ty {
        TypeRef::String => String::from("String"),
        TypeRef::Secret => String::from("Secret"),
        TypeRef::Bool => String::from("bool"),
        TypeRef::Integer(IntegerKind::I32) => String::from("i32"),
        TypeRef::Integer(IntegerKind::I64) => String::from("i64"),
        TypeRef::Integer(IntegerKind::U32) => String::from("u32"),
        TypeRef::Integer(IntegerKind::U64) => String::from("u64"),
        TypeRef::Float(FloatKind::F32) => String::from("f32"),
        TypeRef::Float(FloatKind::F64) => String::from("f64"),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        TypeRef::Json => String::from("serde_json::Value"),
        TypeRef::File => String::from("File"),
        TypeRef::Body => String::from("Body"),
        TypeRef::ByteStream => String::from("ByteStream"),
    }
}

/// Which way each named type's values travel: a walk from every operation's parameters
/// and bodies (in) and its responses (out) through fields, items, maps and alternatives.
fn directions(api: &Api) -> BTreeMap<String, Direction> {
    let mut out: BTreeMap<String, Direction> = BTreeMap::new();
    let mut walk = |roots: Vec<&TypeRef>, input: bool| {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<TypeRef> = roots.into_iter().cloned().collect();
        // Bounded: each named type is expanded once.
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(*inner),
                TypeRef::Named(name) => {
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    let entry = out.entry(name.clone()).or_default();
                    if input {
                        entry.input = true;
                    } else {
                        entry.output = true;
                    }
                    let Some(def) = api.model.types.get(&name) else {
                        continue;
                    };
                    match &def.kind {
                        TypeKind::Struct(fields) => {
                            stack.extend(fields.iter().map(|f| f.ty.clone()))
                        }
                        TypeKind::Alias(ty) => stack.push(ty.clone()),
                        TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.clone())),
                        TypeKind::Enum(_) => {}
                    }
                }
                _ => {}
            }
        }
    };
    let ops = &api.model.operations;
    walk(
        ops.iter()
            .flat_map(|op| {
                op.params
                    .iter()
                    .map(|p| &p.ty)
                    .chain(op.body.iter().map(|b| &b.ty))
            })
            .collect(),
        true,
    );
    walk(
        ops.iter()
            .flat_map(|op| {
                op.responses.iter().flat_map(|r| {
                    r.body
                        .iter()
                        .map(|b| &b.ty)
                        .chain(r.headers.iter().map(|h| &h.ty))
                })
            })
            .collect(),
        false,
    );
    out
}

/// A short, stable fingerprint of documentation text (FNV-1a, 64 bits, hex): enough to see
/// that it changed, small enough for the summary. Whitespace runs count as one space.
fn fingerprint(texts: &[Option<&str>]) -> String {
    let joined: Vec<String> = texts
        .iter()
        .flatten()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    if joined.is_empty() {
        return String::new();
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in joined.join("\n").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
