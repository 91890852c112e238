//! An operation's parameters, in three steps: [`Lower::merged_parameters`] (path-level and
//! operation-level lists, the operation's overriding the path's), [`Lower::checked`] (what a
//! parameter must be before it has a type), and [`classify`] (how its value travels).

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem,
    PathStyle, QueryStyle, ReferenceOr, Schema,
};

use super::Lower;
use super::media::is_token;
use super::paths::path_item_pointer;
use crate::diag::Pointer;
use crate::ir::{self, ClientParam, Param, ParamLocation, Style, TypeRef, TypeSpace};
use crate::naming::{self, Scope};

/// The extension that marks a parameter the client supplies (`x-apigen-client-param:
/// project_id`): bound once on the client, from the credentials, overridable per call.
pub(super) const CLIENT_PARAM_EXTENSION: &str = "x-apigen-client-param";

/// Header parameters OpenAPI reserves (the client sets them itself).
const RESERVED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// A parameter that passed [`Lower::checked`]: its data, location and schema.
struct Checked<'d> {
    at: Pointer,
    param: &'d Parameter,
    data: &'d ParameterData,
    location: ParamLocation,
    schema: &'d ReferenceOr<Schema>,
}

/// What [`Lower::checked`] concluded.
enum Check<'d> {
    Usable(Checked<'d>),
    /// Left out with a warning (a reserved header).
    Skipped,
    /// Reported as an error.
    Failed,
}

/// A parameter's type and how it travels.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Classified {
    /// A scalar, an enum or a printable union, an array of one, or (structured) anything.
    pub(super) ty: TypeRef,
    /// Sent through serde and laid out by `style` rather than as text.
    pub(super) structured: bool,
}

impl<'d> Lower<'_, 'd> {
    /// The operation's parameters in document order (path parameters are put in template
    /// order later), and whether every one was usable.
    pub(super) fn parameters(
        &mut self,
        pointer: &Pointer,
        item: &'d PathItem,
        op: &'d OaOperation,
        type_prefix: &str,
    ) -> (Vec<Param>, bool) {
        let (merged, mut ok) = self.merged_parameters(pointer, item, op);
        let mut idents = Scope::reserving(naming::REQUEST_VALUE_NAMES, "the request value");
        let mut out = Vec::new();
        for (at, param) in merged {
            match self.checked(at, param) {
                Check::Usable(checked) => match self.param(checked, type_prefix, &mut idents) {
                    Some(param) => out.push(param),
                    None => ok = false,
                },
                Check::Skipped => {}
                Check::Failed => ok = false,
            }
        }
        (out, ok)
    }

    /// Path-level then operation-level parameters, resolved; one declared at both levels
    /// keeps the operation's. A parameter declared twice at one level is reported.
    fn merged_parameters(
        &self,
        pointer: &Pointer,
        item: &'d PathItem,
        op: &'d OaOperation,
    ) -> (Vec<(Pointer, &'d Parameter)>, bool) {
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        let mut merged: Vec<(Pointer, &Parameter)> = Vec::new();
        let mut ok = true;
        let sources = [
            (
                path_item_pointer(pointer).push("parameters"),
                &item.parameters,
            ),
            (pointer.push("parameters"), &op.parameters),
        ];
        for (level, (base, list)) in sources.iter().enumerate() {
            let mut seen_here: Vec<(String, ParamLocation)> = Vec::new();
            for (i, p) in list.iter().enumerate() {
                let at = base.push(i);
                let Some(param) = self.item_or_component(&at, p, "parameters", components) else {
                    ok = false;
                    continue;
                };
                let key = key_of(param);
                if seen_here.contains(&key) {
                    self.cx.error(
                        &at,
                        format!(
                            "parameter `{}` in {} is declared twice",
                            key.0,
                            key.1.as_str()
                        ),
                    );
                    ok = false;
                    continue;
                }
                seen_here.push(key.clone());
                if level == 1 {
                    merged.retain(|(_, q)| key_of(q) != key);
                }
                merged.push((at, param));
            }
        }
        (merged, ok)
    }

    /// What must hold of a parameter before its schema is looked at.
    fn checked(&self, at: Pointer, param: &'d Parameter) -> Check<'d> {
        let cx = self.cx;
        let data = param.parameter_data_ref();
        let location = location(param);
        if location == ParamLocation::Header
            && RESERVED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str())
        {
            cx.warn(
                &at,
                format!(
                    "header parameter `{}` is ignored (OpenAPI reserves it)",
                    data.name
                ),
            );
            return Check::Skipped;
        }
        if matches!(location, ParamLocation::Header | ParamLocation::Cookie)
            && !is_token(&data.name)
        {
            cx.error(
                &at.push("name"),
                format!("`{}` is not a valid {} name", data.name, location.as_str()),
            );
            return Check::Failed;
        }
        if location == ParamLocation::Path && !data.required {
            cx.error_hint(
                &at.push("required"),
                format!("path parameter `{}` must be required", data.name),
                "set `required: true`",
            );
            return Check::Failed;
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            cx.error(
                &at,
                format!(
                    "parameter `{}` described with `content` is not supported yet",
                    data.name
                ),
            );
            return Check::Failed;
        };
        Check::Usable(Checked {
            at,
            param,
            data,
            location,
            schema,
        })
    }

    /// The parameter with its type, layout, Rust name and client binding; `None` when it is
    /// not usable (reported).
    fn param(
        &mut self,
        checked: Checked<'d>,
        type_prefix: &str,
        idents: &mut Scope,
    ) -> Option<Param> {
        let Checked {
            at,
            param,
            data,
            location,
            schema,
        } = checked;
        let hint = format!("{type_prefix}{}", naming::pascal(&data.name));
        let ty = self.type_of(&at.push("schema"), schema, &hint)?;
        let style = match param {
            Parameter::Query { style, .. } => style_of(style),
            _ => Style::Form,
        };
        let Some(Classified { ty, structured }) = classify(&self.types, location, &ty, style)
        else {
            self.cx.error(
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
            return None;
        };
        let client = self.client_param(&at, data, location)?;
        let item = match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        };
        let default = item
            .and_then(|s| s.schema_data.default.as_ref())
            .and_then(|value| self.literal(&at.push("schema").push("default"), &ty, value));
        let constraints = item.map(super::schema::constraints).unwrap_or_default();
        // Wire names that differ only in punctuation or case (`StartTime<`, `StartTime>`)
        // get stable numeric suffixes in document order; the wire name is kept as is.
        let ident = idents.fresh(&naming::snake(&data.name), "_", data.name.as_str());
        Some(Param {
            ident,
            wire_name: data.name.clone(),
            location,
            ty,
            // `form` query parameters explode by default; `simple` headers never do.
            explode: location == ParamLocation::Query && data.explode.unwrap_or(true),
            style,
            path_style: path_style(param),
            structured,
            client,
            required: data.required,
            description: data.description.clone(),
            constraints,
            default,
        })
    }

    /// The value the client supplies for the parameter (`x-apigen-client-param`): `Some(None)`
    /// when it has none, `None` when the extension is not usable here (reported).
    #[allow(clippy::option_option, reason = "absent, present, or reported")]
    fn client_param(
        &self,
        at: &Pointer,
        data: &ParameterData,
        location: ParamLocation,
    ) -> Option<Option<ClientParam>> {
        match data.extensions.get(CLIENT_PARAM_EXTENSION) {
            None => Some(None),
            Some(serde_json::Value::String(v))
                if v == "project_id" && location == ParamLocation::Path =>
            {
                Some(Some(ClientParam::ProjectId))
            }
            Some(other) => {
                self.cx.error_hint(
                    &at.push(CLIENT_PARAM_EXTENSION),
                    format!("`{CLIENT_PARAM_EXTENSION}: {other}` is not supported here"),
                    "the client supplies `project_id` for path parameters only: \
                     `x-apigen-client-param: project_id`",
                );
                None
            }
        }
    }
}

/// How a parameter of type `ty` at `location` travels: scalars, enums and printable unions
/// as text; arrays of those as lists in the query (`form`, exploded or comma-separated) and
/// headers (`simple`); anything else (objects, unions of shapes, delimiter styles) through
/// serde, laid out by `style`, which only the query has a layout for. `None`: the location
/// cannot carry the value.
pub(super) fn classify(
    types: &TypeSpace,
    location: ParamLocation,
    ty: &TypeRef,
    style: Style,
) -> Option<Classified> {
    let ty = types.resolve_alias(ty);
    let text = |ty: &TypeRef| TypeSpace::is_scalar(ty) || types.is_printable(ty);
    // A cookie holds one value: its `form` layout of an array (`a,b` or repeated names) has
    // no agreed meaning, since `,` is not a cookie octet.
    let list = match &ty {
        TypeRef::Array(item) => {
            !matches!(location, ParamLocation::Path | ParamLocation::Cookie)
                && text(&types.resolve_alias(item))
        }
        _ => false,
    };
    let ty = match ty {
        TypeRef::Array(item) if list => TypeRef::Array(Box::new(types.resolve_alias(&item))),
        other => other,
    };
    let structured = !(text(&ty) || list && style == Style::Form);
    if structured && location != ParamLocation::Query {
        return None;
    }
    Some(Classified { ty, structured })
}

/// Where a parameter goes.
fn location(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// What identifies a parameter within one list: its name and location.
fn key_of(p: &Parameter) -> (String, ParamLocation) {
    (p.parameter_data_ref().name.clone(), location(p))
}

fn path_style(p: &Parameter) -> ir::PathStyle {
    match p {
        Parameter::Path {
            style: PathStyle::Label,
            ..
        } => ir::PathStyle::Label,
        Parameter::Path {
            style: PathStyle::Matrix,
            ..
        } => ir::PathStyle::Matrix,
        _ => ir::PathStyle::Simple,
    }
}

/// A query or form-field `style`.
pub(super) fn style_of(style: &QueryStyle) -> Style {
    match style {
        QueryStyle::Form => Style::Form,
        QueryStyle::SpaceDelimited => Style::SpaceDelimited,
        QueryStyle::PipeDelimited => Style::PipeDelimited,
        QueryStyle::DeepObject => Style::DeepObject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Enum, EnumRepr, EnumVariant, IntegerKind, Origin, TypeDef, TypeKind};

    fn space() -> TypeSpace {
        let mut types = TypeSpace::default();
        let def = |ident: &str, kind| TypeDef {
            ident: ident.into(),
            origin: Origin::Component(ident.into()),
            description: None,
            deprecated: false,
            kind,
        };
        types.push(def(
            "Status",
            TypeKind::Enum(Enum {
                repr: EnumRepr::String,
                variants: vec![EnumVariant {
                    ident: "Open".into(),
                    wire: "open".into(),
                    description: None,
                }],
                open: true,
            }),
        ));
        types.push(def("Id", TypeKind::Alias(TypeRef::String)));
        types.push(def("Filter", TypeKind::Struct(Vec::new())));
        types
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    fn array(ty: TypeRef) -> TypeRef {
        TypeRef::Array(Box::new(ty))
    }

    #[test]
    fn scalars_and_enums_travel_as_text_anywhere() {
        let types = space();
        for location in [
            ParamLocation::Path,
            ParamLocation::Query,
            ParamLocation::Header,
            ParamLocation::Cookie,
        ] {
            let id = classify(&types, location, &named("Id"), Style::Form).unwrap();
            assert_eq!(id.ty, TypeRef::String, "aliases are followed");
            assert!(!id.structured);
            let status = classify(&types, location, &named("Status"), Style::Form).unwrap();
            assert!(!status.structured);
        }
    }

    #[test]
    fn lists_of_scalars_only_in_query_and_headers() {
        let types = space();
        let ids = array(named("Id"));
        let query = classify(&types, ParamLocation::Query, &ids, Style::Form).unwrap();
        assert_eq!(query.ty, array(TypeRef::String));
        assert!(!query.structured);
        assert!(
            !classify(&types, ParamLocation::Header, &ids, Style::Form)
                .unwrap()
                .structured
        );
        assert!(classify(&types, ParamLocation::Path, &ids, Style::Form).is_none());
        assert!(classify(&types, ParamLocation::Cookie, &ids, Style::Form).is_none());
        // A delimiter style lays the list out through serde.
        let piped = classify(&types, ParamLocation::Query, &ids, Style::PipeDelimited).unwrap();
        assert!(piped.structured);
    }

    #[test]
    fn objects_are_structured_and_only_in_the_query() {
        let types = space();
        let filter = classify(
            &types,
            ParamLocation::Query,
            &named("Filter"),
            Style::DeepObject,
        )
        .unwrap();
        assert!(filter.structured);
        assert!(classify(&types, ParamLocation::Header, &named("Filter"), Style::Form).is_none());
        let numbers = array(array(TypeRef::Integer(IntegerKind::I64)));
        assert!(
            classify(&types, ParamLocation::Query, &numbers, Style::Form)
                .unwrap()
                .structured
        );
    }
}
