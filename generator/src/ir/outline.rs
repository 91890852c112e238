//! The model as a readable outline, one line per decision, for reviewing lowering as data
//! (the IR snapshots) rather than through the code it becomes. Descriptions are left out:
//! the generated code's snapshots show them.

use std::fmt::{self, Write};

use super::{
    Api, Enum, EnumRepr, ErrorShape, Field, Layout, Operation, Outcome, PagingStyle, Param,
    PathPart, Response, SecurityKind, SuccessShape, TypeDef, TypeKind, Union, UrlPart,
};

impl Api {
    /// The outline of the whole model and the passes' decisions.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        // Writing to a `String` cannot fail.
        let _ = self.write_outline(&mut out);
        out
    }

    fn write_outline(&self, out: &mut String) -> fmt::Result {
        let m = &self.model;
        writeln!(out, "api {:?} version {:?}", m.title, m.version)?;
        if let Some(path) = &m.relative_server {
            writeln!(out, "relative server {path}")?;
        }
        if let Some(server) = &m.server {
            let parts: String = server
                .parts
                .iter()
                .map(|p| match p {
                    UrlPart::Literal(text) => text.clone(),
                    UrlPart::Variable(i) => format!("{{{}}}", server.variables[*i].ident),
                })
                .collect();
            writeln!(out, "server {parts}")?;
            for v in &server.variables {
                write!(
                    out,
                    "  variable {} ({:?}) default {:?}",
                    v.ident, v.wire_name, v.default
                )?;
                if !v.allowed.is_empty() {
                    write!(out, " one of {:?}", v.allowed)?;
                }
                writeln!(out)?;
            }
        }
        if let Some(regions) = &m.regions {
            match &regions.env_prefix {
                Some(prefix) => writeln!(out, "regions (override {prefix}_<ID>)")?,
                None => writeln!(out, "regions")?,
            }
            for (id, url) in &regions.endpoints {
                writeln!(out, "  {id} {url}")?;
            }
        }
        for s in &m.security_schemes {
            let place = match &s.kind {
                SecurityKind::HeaderKey(name) => format!("header {name:?}"),
                SecurityKind::QueryKey(name) => format!("query {name:?}"),
                SecurityKind::CookieKey(name) => format!("cookie {name:?}"),
                SecurityKind::Bearer => String::from("bearer"),
                SecurityKind::Basic => String::from("basic"),
            };
            writeln!(
                out,
                "credential {} ({:?}): {place}, set by {}",
                s.ident, s.name, s.setter
            )?;
        }
        for tag in &m.tags {
            writeln!(out, "tag {:?}", tag.name)?;
        }
        for (def, layout) in m.types.iter().zip(&self.analysis.layouts) {
            type_def(out, def, layout)?;
        }
        for (op, outcome) in m.operations.iter().zip(&self.analysis.outcomes) {
            operation(out, m, op, outcome)?;
        }
        Ok(())
    }
}

fn type_def(out: &mut String, def: &TypeDef, layout: &Layout) -> fmt::Result {
    let origin = match &def.origin {
        super::Origin::Component(name) => format!("component {name:?}"),
        super::Origin::Inline(pointer) => format!("inline at {pointer}"),
    };
    let deprecated = if def.deprecated { ", deprecated" } else { "" };
    match &def.kind {
        TypeKind::Alias(ty) => writeln!(out, "type {} = {ty} ({origin}{deprecated})", def.ident),
        TypeKind::Struct(fields) => {
            writeln!(out, "struct {} ({origin}{deprecated})", def.ident)?;
            for (i, f) in fields.iter().enumerate() {
                field(out, f, layout.is_boxed(i))?;
            }
            Ok(())
        }
        TypeKind::Enum(e) => enumeration(out, &def.ident, &origin, deprecated, e),
        TypeKind::Union(union) => union_def(out, &def.ident, &origin, deprecated, union, layout),
    }
}

fn field(out: &mut String, f: &Field, boxed: bool) -> fmt::Result {
    let mut notes: Vec<String> = Vec::new();
    if f.ident != f.wire_name {
        notes.push(format!("wire {:?}", f.wire_name));
    }
    notes.push(String::from(if f.required {
        "required"
    } else {
        "optional"
    }));
    for (flag, word) in [
        (f.nullable, "nullable"),
        (f.flatten, "flattened"),
        (boxed, "boxed"),
        (f.deprecated, "deprecated"),
    ] {
        if flag {
            notes.push(word.to_owned());
        }
    }
    if let Some(default) = &f.default {
        notes.push(format!("default {default:?}"));
    }
    if let Some(setter) = &f.setter {
        notes.push(format!("set by {setter}"));
    }
    if let Some(accessor) = &f.default_accessor {
        notes.push(format!("read by {accessor}"));
    }
    writeln!(out, "  {}: {} [{}]", f.ident, f.ty, notes.join(", "))
}

fn enumeration(
    out: &mut String,
    ident: &str,
    origin: &str,
    deprecated: &str,
    e: &Enum,
) -> fmt::Result {
    let repr = match e.repr {
        EnumRepr::String => "string",
        EnumRepr::Integer => "integer",
    };
    let open = if e.open { "open" } else { "closed" };
    writeln!(out, "enum {ident} ({origin}{deprecated}): {open} {repr}")?;
    for v in &e.variants {
        writeln!(out, "  {} = {:?}", v.ident, v.wire)?;
    }
    Ok(())
}

fn union_def(
    out: &mut String,
    ident: &str,
    origin: &str,
    deprecated: &str,
    union: &Union,
    layout: &Layout,
) -> fmt::Result {
    let chosen = match &union.discriminator {
        Some(property) => format!("chosen by {property:?}"),
        None => String::from("untagged"),
    };
    let printable = if layout.printable {
        ", prints as its value"
    } else {
        ""
    };
    writeln!(
        out,
        "union {ident} ({origin}{deprecated}): {chosen}{printable}"
    )?;
    for (i, v) in union.variants.iter().enumerate() {
        let mut notes: Vec<String> = Vec::new();
        if !v.tags.is_empty() {
            notes.push(format!("tags {:?}", v.tags));
        }
        if layout.is_boxed(i) {
            notes.push(String::from("boxed"));
        }
        if layout.writes_tag(i) {
            notes.push(String::from("writes its tag"));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", notes.join(", "))
        };
        writeln!(out, "  {}({}){notes}", v.ident, v.ty)?;
    }
    Ok(())
}

fn operation(out: &mut String, m: &super::Model, op: &Operation, outcome: &Outcome) -> fmt::Result {
    let deprecated = if op.deprecated { ", deprecated" } else { "" };
    writeln!(
        out,
        "operation {} ({:?}{deprecated}): {} {}",
        op.ident,
        op.operation_id,
        op.method.as_str(),
        op.path
    )?;
    let path: String = op
        .path_parts
        .iter()
        .map(|p| match p {
            PathPart::Literal(text) => text.clone(),
            PathPart::Param(i) => format!("{{{}}}", op.params[*i].ident),
        })
        .collect();
    writeln!(out, "  path {path}")?;
    for pair in &op.fixed_query {
        writeln!(out, "  fixed query {}={}", pair.name, pair.value)?;
    }
    if !op.tags.is_empty() {
        writeln!(out, "  tags {:?}", op.tags)?;
    }
    for p in &op.params {
        param(out, p)?;
    }
    if let Some(body) = &op.body {
        let required = if body.required {
            "required"
        } else {
            "optional"
        };
        write!(
            out,
            "  body {}: {:?} as {:?}, {required}",
            body.ty, body.media_type, body.encoding
        )?;
        for e in &body.form_encodings {
            write!(
                out,
                "; field {:?} {:?} explode {}",
                e.name, e.style, e.explode
            )?;
        }
        writeln!(out)?;
    }
    for r in &op.responses {
        response(out, r)?;
    }
    let success = match &outcome.success {
        SuccessShape::Uniform { ty: None, .. } => String::from("()"),
        SuccessShape::Uniform {
            ty: Some(ty),
            optional: false,
        } => ty.to_string(),
        SuccessShape::Uniform {
            ty: Some(ty),
            optional: true,
        } => format!("Option<{ty}>"),
        SuccessShape::Enum => format!("enum {}", op.response_enum),
    };
    let error = match &outcome.error {
        ErrorShape::Uniform(ty) => ty.to_string(),
        ErrorShape::Enum => format!("enum {}", op.error_body_enum),
    };
    writeln!(
        out,
        "  returns {success}; errors {} with body {error}",
        op.error_alias
    )?;
    for i in &op.security {
        writeln!(out, "  sends credential {}", m.security_schemes[*i].ident)?;
    }
    writeln!(out, "  request value {}", op.request_value)?;
    if let Some(p) = &op.pagination {
        let path = |members: &[super::Member]| -> String {
            let steps: Vec<String> = members
                .iter()
                .map(|m| format!("{}{}", m.ident, if m.optional { "?" } else { "" }))
                .collect();
            if steps.is_empty() {
                String::from("the body")
            } else {
                format!(".{}", steps.join("."))
            }
        };
        let style = match &p.style {
            PagingStyle::Offset { offset, limit } => format!(
                "offset {}{}",
                op.params[*offset].ident,
                limit.map_or(String::new(), |l| format!(", limit {}", op.params[l].ident))
            ),
            PagingStyle::Cursor { cursor, next } => {
                format!("cursor {} from {}", op.params[*cursor].ident, path(next))
            }
            PagingStyle::Link => String::from("link rel=next"),
        };
        writeln!(
            out,
            "  paginated by {style}; items {} of {}",
            path(&p.items),
            p.item_ty
        )?;
    }
    Ok(())
}

fn param(out: &mut String, p: &Param) -> fmt::Result {
    let mut notes: Vec<String> = vec![
        format!("{} {:?}", p.location.as_str(), p.wire_name),
        String::from(if p.required { "required" } else { "optional" }),
    ];
    if p.structured {
        notes.push(format!("structured {:?} explode {}", p.style, p.explode));
    } else if matches!(p.ty, super::TypeRef::Array(_)) {
        notes.push(format!("explode {}", p.explode));
    }
    if p.path_style != super::PathStyle::Simple {
        notes.push(format!("{:?}", p.path_style));
    }
    if let Some(client) = p.client {
        notes.push(format!("supplied by the client: {client:?}"));
    }
    writeln!(out, "  param {}: {} [{}]", p.ident, p.ty, notes.join(", "))
}

fn response(out: &mut String, r: &Response) -> fmt::Result {
    let kind = if r.success { "success" } else { "error" };
    let body = match &r.body {
        Some(body) => format!("{} as {:?}", body.ty, body.encoding),
        None => String::from("no body"),
    };
    writeln!(
        out,
        "  response {} ({kind}, variant {}): {body}",
        r.status.key(),
        r.variant
    )?;
    for h in &r.headers {
        let required = if h.required { "required" } else { "optional" };
        writeln!(
            out,
            "    header {}: {} ({:?}, {required})",
            h.ident, h.ty, h.wire_name
        )?;
    }
    Ok(())
}
