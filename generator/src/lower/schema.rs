//! Schemas → named types and type expressions.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Lower;
use super::classify::{
    Composition, JSON_TYPES, ObjectView, composition, enum_values, needs_name, object_view,
    says_nothing,
};
use crate::diag::Pointer;
use crate::ir::{
    Field, FloatKind, IntegerKind, Literal, MAX_DEPTH, Origin, TypeDef, TypeKind, TypeRef, Union,
};
use crate::naming::{self, Scope};

impl Lower<'_, '_> {
    /// Names every component schema first (so references resolve in any order), then lowers
    /// each one.
    pub(super) fn component_schemas(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let base = Pointer::root().push("components").push("schemas");
        for name in components.schemas.keys() {
            // A name that is taken — by the prelude (`String`), or by a component that
            // becomes the same name (`user-profile`, `UserProfile`) — gives way with the first
            // free suffix (`UserProfile2`), in document order; only the second is a warning.
            let base_ident = naming::pascal(name);
            let first = self.type_names.owner(&base_ident).map(str::to_owned);
            let ident = self.fresh_type_name(&base_ident, name);
            if let Some(first) = first.filter(|_| !naming::is_prelude_name(&base_ident)) {
                self.cx.warn(
                    &base.push(name),
                    format!(
                        "components `{first}` and `{name}` both become the type `{base_ident}`; this one is `{ident}`"
                    ),
                );
            }
            self.component_idents.insert(name.clone(), ident);
        }
        for (name, schema) in &components.schemas {
            let Some(ident) = self.component_idents.get(name).cloned() else {
                continue;
            };
            let pointer = base.push(name);
            let failed = ident.clone();
            let def = match schema {
                ReferenceOr::Reference { reference } => {
                    self.reference(&pointer, reference).map(|ty| TypeDef {
                        ident,
                        origin: Origin::Component(name.clone()),
                        description: None,
                        deprecated: false,
                        kind: TypeKind::Alias(ty),
                    })
                }
                ReferenceOr::Item(schema) => {
                    let typed = super::coerce::typed(self.cx, &pointer, schema);
                    self.named(
                        &pointer,
                        ident,
                        Origin::Component(name.clone()),
                        typed.as_ref().unwrap_or(schema),
                    )
                }
            };
            match def {
                Some(def) => self.types.push(def),
                None => self
                    .unlowered
                    .push((failed, Origin::Component(name.clone()))),
            }
        }
    }

    /// Lowers `schema` as the named type `ident`: a struct for objects, an alias otherwise.
    pub(super) fn named(
        &mut self,
        pointer: &Pointer,
        ident: String,
        origin: Origin,
        schema: &Schema,
    ) -> Option<TypeDef> {
        let kind = match (object_view(schema), &schema.schema_kind) {
            (Some(view), _) => TypeKind::Struct(self.fields(pointer, &ident, &view, None)?),
            (None, _) if enum_values(schema).is_some() => {
                TypeKind::Enum(self.enumeration(pointer, schema)?)
            }
            (None, _) if composition(schema).is_some() => {
                let (key, list) = composition(schema)?;
                if key == Composition::All {
                    self.all_of(&pointer.push(key), &ident, list)?
                } else if let Some(merged) = self.enum_union(&pointer.push(key), list)? {
                    TypeKind::Enum(merged)
                } else {
                    let discriminator = schema.schema_data.discriminator.as_ref();
                    let variants = self.union(&pointer.push(key), &ident, list)?;
                    let variants = self.tag_variants(pointer, variants, list, discriminator);
                    // Without a single value to choose by, the union stays untagged.
                    let property = discriminator
                        .filter(|_| variants.iter().any(|v| !v.tags.is_empty()))
                        .map(|d| d.property_name.clone());
                    TypeKind::Union(Union {
                        variants,
                        discriminator: property,
                    })
                }
            }
            (None, _) => TypeKind::Alias(self.expression(pointer, schema, &ident)?),
        };
        Some(TypeDef {
            ident,
            origin,
            description: schema.schema_data.description.clone(),
            deprecated: schema.schema_data.deprecated,
            kind,
        })
    }

    /// The fields of a struct: one per property, then a flattened map of the unlisted ones
    /// (typed `additionalProperties`), then — for an `allOf` with one union among its
    /// members — that union, flattened.
    pub(super) fn fields(
        &mut self,
        pointer: &Pointer,
        owner: &str,
        view: &ObjectView<'_>,
        union: Option<(Pointer, &ReferenceOr<Schema>)>,
    ) -> Option<Vec<Field>> {
        let props = pointer.push("properties");
        let mut fields: Vec<Field> = Vec::new();
        let mut names = StructNames::default();
        let mut ok = true;
        for (wire_name, property) in view.properties {
            let at = props.push(wire_name);
            let base = naming::snake(wire_name);
            let ident = names.fields.first_free(&base, "_");
            if let Some(other) = names.fields.owner(&base) {
                self.cx.warn(
                    &at,
                    format!(
                        "properties `{other}` and `{wire_name}` of `{owner}` both become `{base}`; this one is `{ident}`"
                    ),
                );
            }
            let hint = format!("{owner}{}", naming::pascal(wire_name));
            let Some(ty) = self.type_of(&at, property, &hint) else {
                ok = false;
                continue;
            };
            let item = match property {
                ReferenceOr::Item(schema) => Some(schema.as_ref()),
                ReferenceOr::Reference { .. } => None,
            };
            let description = match property {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { reference } => self.referenced_description(reference),
            };
            let default = item
                .and_then(|s| s.schema_data.default.as_ref())
                .and_then(|value| self.literal(&at.push("default"), &ty, value));
            let mut constraints = item.map(constraints).unwrap_or_default();
            let mut required = view.required.contains(wire_name);
            if let Some(line) = item.and_then(|s| self.access(&at, s, required)) {
                // Present in one direction only, so never required of the Rust value.
                constraints.push(line);
                required = false;
            }
            let _ = names.fields.claim(&ident, wire_name.as_str());
            let setter = (!required).then(|| names.setter(&ident));
            let default_accessor = (!required && has_default_accessor(&ty, default.as_ref()))
                .then(|| names.default_accessor(&ident));
            fields.push(Field {
                ident,
                wire_name: wire_name.clone(),
                description,
                constraints,
                required,
                nullable: match property {
                    ReferenceOr::Item(s) => self.accepts_null(s, 0),
                    ReferenceOr::Reference { reference } => self.references_null(reference, 0),
                },
                deprecated: item.is_some_and(|s| s.schema_data.deprecated),
                default,
                ty,
                flatten: false,
                setter,
                default_accessor,
            });
        }
        if let Some(AdditionalProperties::Schema(schema)) = view.additional {
            // Properties the schema does not list, collected into a flattened map.
            let at = pointer.push("additionalProperties");
            let value = self.type_of(&at, schema.as_ref(), &format!("{owner}Value"));
            ok &= value.is_some();
            let field = names.flattened(
                "additional_properties",
                "Properties not listed above, by name (`additionalProperties`).",
                TypeRef::Map(Box::new(value.unwrap_or(TypeRef::Json))),
                false,
            );
            fields.push(field);
        }
        for name in view.required {
            if !view.properties.contains_key(name) {
                self.cx.warn(
                    &pointer.push("required"),
                    format!(
                        "`{name}` is listed in `required` but is not a property; it is ignored"
                    ),
                );
            }
        }
        if !ok {
            return None;
        }
        if let Some((at, union)) = union {
            let ty = self.type_of(&at, union, &format!("{owner}Variant"))?;
            let field = names.flattened(
                "variant",
                "Which of the alternatives this is; its properties sit next to the others on the wire.",
                ty,
                true,
            );
            fields.push(field);
        }
        Some(fields)
    }

    /// The doc line for a `readOnly` or `writeOnly` property. Such a property travels in
    /// one direction only, so `required` holds in that direction alone (OpenAPI 3.0.3,
    /// Fixed Fields of the Schema Object): the field is an `Option` either way.
    fn access(&self, pointer: &Pointer, schema: &Schema, required: bool) -> Option<String> {
        let data = &schema.schema_data;
        match (data.read_only, data.write_only) {
            (false, false) => None,
            (true, true) => {
                self.cx.warn(
                    pointer,
                    "a property cannot be both `readOnly` and `writeOnly`; both are ignored",
                );
                None
            }
            (true, false) => Some(String::from(if required {
                "Read-only: always in responses; requests leave it out."
            } else {
                "Read-only: set by the server; requests leave it out."
            })),
            (false, true) => Some(String::from(if required {
                "Write-only: required in requests; responses leave it out."
            } else {
                "Write-only: sent in requests; responses leave it out."
            })),
        }
    }

    /// The type of a schema or reference; inline objects become named types called `hint`.
    pub(crate) fn type_of<S: AsSchema>(
        &mut self,
        pointer: &Pointer,
        schema: &ReferenceOr<S>,
        hint: &str,
    ) -> Option<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(pointer, reference),
            ReferenceOr::Item(schema) => {
                let typed = super::coerce::typed(self.cx, pointer, schema.as_schema());
                let schema = typed.as_ref().unwrap_or(schema.as_schema());
                if object_view(schema).is_some() || needs_name(schema) {
                    let ident = self.fresh_type_name(&naming::pascal(hint), pointer.as_str());
                    // A pointer `$ref` to this place (from inside it, or later) shares it.
                    self.pointer_types
                        .entry(pointer.as_str().to_owned())
                        .or_insert_with(|| TypeRef::Named(ident.clone()));
                    let origin = Origin::Inline(pointer.as_str().to_owned());
                    let def = self.named(pointer, ident.clone(), origin, schema)?;
                    self.types.push(def);
                    Some(TypeRef::Named(ident))
                } else {
                    self.expression(pointer, schema, hint)
                }
            }
        }
    }

    /// The type a schema `$ref` names: a component's, or (for a pointer anywhere else in the
    /// document) the type of the schema found there.
    pub(super) fn reference(&mut self, pointer: &Pointer, reference: &str) -> Option<TypeRef> {
        if let Some(target) = self.response_schema(reference).map(str::to_owned) {
            // A schema `$ref` to a response (Scalar's Galaxy): the response's JSON schema is
            // plainly what is meant.
            self.cx.warn(
                pointer,
                format!(
                    "`{reference}` is a response, not a schema; its JSON schema `{target}` is used"
                ),
            );
            return self.reference(pointer, &target);
        }
        if matches!(
            super::resolve::component_name(reference, "schemas"),
            Err(super::resolve::RefError::NotAComponent(_))
        ) {
            return self.pointer_reference(pointer, reference);
        }
        let name = self.reported_component_name(pointer, reference, "schemas")?;
        // Every component schema is named before any is lowered.
        match self.component_idents.get(name) {
            Some(ident) => Some(TypeRef::Named(ident.clone())),
            None => {
                self.cx.error_hint(
                    pointer,
                    format!(
                        "unresolved $ref `{reference}`: there is no `components/schemas/{name}`"
                    ),
                    "check the spelling, or add the schema",
                );
                None
            }
        }
    }

    /// For `#/components/responses/X` whose JSON content is a schema `$ref`: that `$ref`.
    fn response_schema(&self, reference: &str) -> Option<&str> {
        let name = super::resolve::component_name(reference, "responses").ok()?;
        let ReferenceOr::Item(response) = self.doc.components.as_ref()?.responses.get(name)? else {
            return None;
        };
        let json = response
            .content
            .iter()
            .find(|(media, _)| super::media::is_json(media))?;
        match json.1.schema.as_ref()? {
            ReferenceOr::Reference { reference }
                if reference.starts_with("#/components/schemas/") =>
            {
                Some(reference)
            }
            _ => None,
        }
    }

    fn referenced_description(&self, reference: &str) -> Option<String> {
        self.written_component(reference)?
            .schema_data
            .description
            .clone()
    }

    /// Whether `null` is a value of the schema: `nullable`, or an `allOf` whose members all
    /// accept it, annotation-only members included (DigitalOcean's `allOf: [$ref: nullable
    /// window, {description}]`).
    fn accepts_null(&self, schema: &Schema, depth: usize) -> bool {
        if schema.schema_data.nullable {
            return true;
        }
        match composition(schema) {
            Some((Composition::All, members)) if depth < MAX_DEPTH => members.iter().all(|m| {
                super::classify::is_annotation(m)
                    || match m {
                        ReferenceOr::Item(s) => self.accepts_null(s, depth + 1),
                        ReferenceOr::Reference { reference } => {
                            self.references_null(reference, depth + 1)
                        }
                    }
            }),
            _ => false,
        }
    }

    /// `nullable` on the referenced component (GitHub's `nullable-simple-user`) makes every
    /// property that references it nullable.
    fn references_null(&self, reference: &str, depth: usize) -> bool {
        depth < MAX_DEPTH
            && self
                .written_component(reference)
                .is_some_and(|s| self.accepts_null(s, depth + 1))
    }

    /// A schema that is not an object with properties: scalars, arrays, maps, any value.
    fn expression(&mut self, pointer: &Pointer, schema: &Schema, hint: &str) -> Option<TypeRef> {
        let unsupported = |what: &str| {
            self.cx.error_hint(
                pointer,
                format!("{what} is not supported yet"),
                "simplify the schema, or describe it as a free-form object",
            );
            None
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => Some(match s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
                _ => TypeRef::String,
            }),
            SchemaKind::Type(Type::Integer(i)) => Some(TypeRef::Integer(match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerKind::I32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
                | VariantOrUnknownOrEmpty::Empty => IntegerKind::I64,
                VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
                    "uint32" | "uint16" | "uint8" => IntegerKind::U32,
                    "uint64" | "uint" => IntegerKind::U64,
                    "int8" | "int16" => IntegerKind::I32,
                    other => {
                        self.cx.warn(
                            &pointer.push("format"),
                            format!("unknown integer format `{other}`; using i64"),
                        );
                        IntegerKind::I64
                    }
                },
            })),
            SchemaKind::Type(Type::Number(n)) => Some(TypeRef::Float(match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => FloatKind::F32,
                VariantOrUnknownOrEmpty::Item(NumberFormat::Double)
                | VariantOrUnknownOrEmpty::Empty => FloatKind::F64,
                VariantOrUnknownOrEmpty::Unknown(other) => {
                    self.cx.warn(
                        &pointer.push("format"),
                        format!("unknown number format `{other}`; using f64"),
                    );
                    FloatKind::F64
                }
            })),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => Some(TypeRef::Array(Box::new(match &a.items {
                Some(items) => {
                    self.type_of(&pointer.push("items"), items, &format!("{hint}Item"))?
                }
                None => TypeRef::Json,
            }))),
            SchemaKind::Type(Type::Object(o)) => {
                self.map_of(pointer, o.additional_properties.as_ref(), hint)
            }
            // Named by `type_of` before reaching here; only an empty list gets this far.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                unsupported("an empty `oneOf`/`anyOf`/`allOf`")
            }
            SchemaKind::Not { .. } => unsupported("`not`"),
            SchemaKind::Any(a) => {
                if says_nothing(a) {
                    return match &a.additional_properties {
                        Some(additional) => self.map_of(pointer, Some(additional), hint),
                        None => Some(TypeRef::Json),
                    };
                }
                if let Some(typ) = a.typ.as_deref().filter(|t| !JSON_TYPES.contains(t)) {
                    self.cx.warn(
                        &pointer.push("type"),
                        format!("unknown type `{typ}`; any JSON value is accepted here"),
                    );
                    return Some(TypeRef::Json);
                }
                unsupported(&format!(
                    "a schema combining {}",
                    super::coerce::keywords(a).join(", ")
                ))
            }
        }
    }

    /// An object without properties: a map of its `additionalProperties`, or of any value.
    fn map_of(
        &mut self,
        pointer: &Pointer,
        additional: Option<&AdditionalProperties>,
        hint: &str,
    ) -> Option<TypeRef> {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => self.type_of(
                &pointer.push("additionalProperties"),
                schema.as_ref(),
                &format!("{hint}Value"),
            )?,
            Some(AdditionalProperties::Any(_)) | None => TypeRef::Json,
        };
        Some(TypeRef::Map(Box::new(value)))
    }

    /// Checks a `default` against the field type; reports a mismatch.
    pub(super) fn literal(
        &self,
        pointer: &Pointer,
        ty: &TypeRef,
        value: &serde_json::Value,
    ) -> Option<Literal> {
        use serde_json::Value;
        let literal = match (ty, value) {
            (TypeRef::Bool, Value::Bool(b)) => Some(Literal::Bool(*b)),
            (TypeRef::Integer(kind), Value::Number(n)) => n
                .as_i128()
                .filter(|v| integer_fits(*kind, *v))
                .map(Literal::Integer),
            (TypeRef::Float(kind), Value::Number(n)) => n
                .as_f64()
                .filter(|f| f.is_finite() && (*kind == FloatKind::F64 || (*f as f32).is_finite()))
                .map(Literal::Float),
            (TypeRef::String | TypeRef::Secret, Value::String(s)) => {
                Some(Literal::String(s.clone()))
            }
            (
                TypeRef::Named(_)
                | TypeRef::Array(_)
                | TypeRef::Map(_)
                | TypeRef::Json
                | TypeRef::Body
                | TypeRef::ByteStream,
                v,
            ) => Some(Literal::Json(v.to_string())),
            _ => None,
        };
        if literal.is_none() {
            // Documentation that contradicts itself (DigitalOcean's `i64::MAX` rounded to
            // 9223372036854776000): the default is left out, the type stands.
            self.cx.warn(
                pointer,
                format!(
                    "default `{value}` does not fit the property's type, {}; it is ignored",
                    describe(ty)
                ),
            );
        }
        literal
    }
}

/// The names taken in one struct: its fields, and its methods (`new`, setters, accessors).
struct StructNames {
    fields: Scope,
    methods: Scope,
}

impl Default for StructNames {
    fn default() -> Self {
        Self {
            fields: Scope::default(),
            methods: Scope::reserving(["new"], "the constructor"),
        }
    }
}

impl StructNames {
    fn setter(&mut self, field: &str) -> String {
        self.methods.fresh(&naming::setter(field), "_", field)
    }

    fn default_accessor(&mut self, field: &str) -> String {
        self.methods
            .fresh(&naming::default_accessor(field), "_", field)
    }

    /// A `#[serde(flatten)]` field named `base` (suffixed if taken): a map of the unlisted
    /// properties (not required, starts empty) or a union (required).
    fn flattened(&mut self, base: &str, description: &str, ty: TypeRef, required: bool) -> Field {
        let ident = self.fields.fresh(base, "_", base);
        Field {
            wire_name: ident.clone(),
            setter: (!required).then(|| self.setter(&ident)),
            ident,
            description: Some(description.to_owned()),
            constraints: Vec::new(),
            ty,
            required,
            nullable: false,
            default: None,
            deprecated: false,
            flatten: true,
            default_accessor: None,
        }
    }
}

/// Whether an optional field gets a `<field>_or_default()` accessor: its documented default
/// is a literal of its scalar type (other defaults are only documented).
fn has_default_accessor(ty: &TypeRef, default: Option<&Literal>) -> bool {
    matches!(
        (ty, default),
        (TypeRef::Bool, Some(Literal::Bool(_)))
            | (TypeRef::Integer(_), Some(Literal::Integer(_)))
            | (TypeRef::Float(_), Some(Literal::Float(_)))
            | (TypeRef::String, Some(Literal::String(_)))
    )
}

/// `Schema` and `Box<Schema>`, which `openapiv3` uses in different places.
pub(crate) trait AsSchema {
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}

/// A type as diagnostics name it.
fn describe(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String | TypeRef::Secret => "a string",
        TypeRef::Bool => "a boolean",
        TypeRef::Integer(IntegerKind::I32) => "a 32-bit integer",
        TypeRef::Integer(IntegerKind::I64) => "a 64-bit integer",
        TypeRef::Integer(IntegerKind::U32) => "an unsigned 32-bit integer",
        TypeRef::Integer(IntegerKind::U64) => "an unsigned 64-bit integer",
        TypeRef::Float(FloatKind::F32) => "a 32-bit float",
        TypeRef::Float(FloatKind::F64) => "a 64-bit float",
        TypeRef::Named(_) | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json => "a JSON value",
        TypeRef::Body | TypeRef::ByteStream | TypeRef::File => "bytes",
    }
}

fn integer_fits(kind: IntegerKind, v: i128) -> bool {
    match kind {
        IntegerKind::I32 => i32::try_from(v).is_ok(),
        IntegerKind::I64 => i64::try_from(v).is_ok(),
        IntegerKind::U32 => u32::try_from(v).is_ok(),
        IntegerKind::U64 => u64::try_from(v).is_ok(),
    }
}

/// Documentation lines for the validation keywords of a schema (not enforced by the client:
/// the server is the authority, and a client that rejects values the server accepts is worse).
pub(super) fn constraints(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let range = |min: Option<String>, max: Option<String>, what: &str| match (min, max) {
        (Some(a), Some(b)) => Some(format!("{what}: {a}..={b}.")),
        (Some(a), None) => Some(format!("{what}: at least {a}.")),
        (None, Some(b)) => Some(format!("{what}: at most {b}.")),
        (None, None) => None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            match &s.format {
                VariantOrUnknownOrEmpty::Item(f) => {
                    out.push(format!("Format: `{}`.", string_format(*f)))
                }
                VariantOrUnknownOrEmpty::Unknown(f) => out.push(format!("Format: `{f}`.")),
                VariantOrUnknownOrEmpty::Empty => {}
            }
            out.extend(range(
                s.min_length.map(|v| v.to_string()),
                s.max_length.map(|v| v.to_string()),
                "Length (characters)",
            ));
            if let Some(p) = &s.pattern {
                out.push(format!("Pattern: `{p}`."));
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            out.extend(range(
                i.minimum.map(|v| v.to_string()),
                i.maximum.map(|v| v.to_string()),
                "Range",
            ));
        }
        SchemaKind::Type(Type::Number(n)) => {
            out.extend(range(
                n.minimum.map(|v| v.to_string()),
                n.maximum.map(|v| v.to_string()),
                "Range",
            ));
        }
        SchemaKind::Type(Type::Array(a)) => {
            out.extend(range(
                a.min_items.map(|v| v.to_string()),
                a.max_items.map(|v| v.to_string()),
                "Items",
            ));
            if a.unique_items {
                out.push(String::from("Items are unique."));
            }
        }
        _ => {}
    }
    out
}

fn string_format(f: StringFormat) -> &'static str {
    match f {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}
