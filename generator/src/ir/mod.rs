//! The intermediate model: what the generated code will contain, decided and named, with no
//! trace of `openapiv3` or `quote`. Lowering builds the [`Model`]; the passes
//! (`crate::passes`) merge its duplicate types and decide the [`Analysis`]; emission only
//! reads the resulting [`Api`].
//!
//! Invariant: every identifier in here was chosen by `naming` and is a valid, unique Rust
//! identifier in its scope; every list is in document order, so output is deterministic.

mod analysis;
mod outline;
mod refs;

use crate::pointer::Pointer;
mod space;

pub use analysis::{Analysis, Feature, Features, Layout, Outcome};
pub use space::{MAX_DEPTH, TypeSpace};

/// A whole API, ready to emit: the model and what the passes decided about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// What the document says, lowered.
    pub model: Model,
    /// What the passes decided from it.
    pub analysis: Analysis,
}

/// Everything the document says, lowered: one generated module.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server of `servers`, if it is an absolute URL.
    pub server: Option<Server>,
    /// The first server's URL when it is relative (`/api/v2`): the base URL a caller gives
    /// is the absolute URL it resolves to, so the client's docs say so.
    pub relative_server: Option<String>,
    /// The document's region table (`x-apigen-regions`).
    pub regions: Option<Regions>,
    /// Named types, in document order (components first, then inline types as met).
    pub types: TypeSpace,
    /// Component schemas whose lowering failed with an error, so no type was made: the
    /// name each would have had, and where it is written. Filters that leave out everything
    /// referring to one also leave out its errors.
    pub unlowered: Vec<(String, Origin)>,
    /// Credentials the client can hold, in `components.securitySchemes` order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Operations, in document order.
    pub operations: Vec<Operation>,
    /// Tags that group operations in the docs: the document's `tags` in order, then tags
    /// operations use without declaring them, as first met.
    pub tags: Vec<Tag>,
}

/// A tag: a group of operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The name as written.
    pub name: String,
    /// The description.
    pub description: Option<String>,
}

/// Region ids with their endpoints, which the client builder's `region(id)` looks up.
#[derive(Debug, Clone, PartialEq)]
pub struct Regions {
    /// `(region id, endpoint)`, sorted by id (extension objects keep no order).
    pub endpoints: Vec<(String, String)>,
    /// The environment variable prefix that overrides an endpoint (`<prefix>_<REGION_ID>`).
    pub env_prefix: Option<String>,
}

/// A server URL template such as `https://cbr.{region}.myhuaweicloud.com`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The template as written.
    pub template: String,
    /// `servers[0].description`.
    pub description: Option<String>,
    /// The template split into literal text and variables.
    pub parts: Vec<UrlPart>,
    /// Variables in order of first appearance in the template.
    pub variables: Vec<ServerVariable>,
}

/// A piece of a server URL template.
#[derive(Debug, Clone, PartialEq)]
pub enum UrlPart {
    /// Literal text.
    Literal(String),
    /// The variable at this index of [`Server::variables`].
    Variable(usize),
}

/// A server variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The name in the template.
    pub wire_name: String,
    /// The Rust parameter name.
    pub ident: String,
    /// The default value.
    pub default: String,
    /// The description.
    pub description: Option<String>,
    /// Allowed values, when restricted.
    pub allowed: Vec<String>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust type name.
    pub ident: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The description, when the document gives one.
    pub description: Option<String>,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// Struct or alias.
    pub kind: TypeKind,
}

/// Where a named type comes from in the document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The component schema of this name (`#/components/schemas/<name>`): its Rust name is
    /// the document's, so de-duplication never merges it.
    Component(String),
    /// An inline schema at this JSON pointer, named by the generator.
    Inline(String),
}

impl Origin {
    /// The JSON pointer of the schema.
    pub fn pointer(&self) -> Pointer {
        match self {
            Self::Component(name) => Pointer::root()
                .push("components")
                .push("schemas")
                .push(name),
            Self::Inline(pointer) => Pointer::from_fragment(pointer),
        }
    }
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Vec<Field>),
    /// Another name for a type expression (`type X = Vec<Y>;`).
    Alias(TypeRef),
    /// A closed set of strings or integers, plus a catch-all `Unknown` variant so values
    /// added to the API later do not break old clients.
    Enum(Enum),
    /// One of several shapes (`oneOf`/`anyOf`).
    Union(Union),
}

/// A `oneOf`/`anyOf` type: an enum with one variant per alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, in document order.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property that chooses the alternative, when the document names one
    /// and some alternative has a value for it; otherwise alternatives are tried in order
    /// (serde `untagged`).
    pub discriminator: Option<String>,
}

/// A string or integer enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The wire representation.
    pub repr: EnumRepr,
    /// Known values, in document order.
    pub variants: Vec<EnumVariant>,
    /// Whether values the document does not list are kept (`Unknown`). A one-value string
    /// enum is a type tag (`type: {enum: [pong]}`, 3.1 `const`) and stays closed, so the
    /// untagged unions it discriminates pick the right alternative.
    pub open: bool,
}

/// How an enumeration travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// As JSON strings.
    String,
    /// As JSON integers.
    Integer,
}

/// A known enumeration value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub ident: String,
    /// The value on the wire: the string, or the integer's decimal text.
    pub wire: String,
    /// The description, when the document gives one (e.g. a `oneOf` of one-value enums).
    pub description: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub ident: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// The discriminator values that select it (`mapping`, else the alternative's one-value
    /// enum for the property, else its component name); the first is written when the value
    /// lacks the property. Empty: tried in order when no tag matches.
    pub tags: Vec<String>,
}

/// A struct field (an object property).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name.
    pub ident: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The description.
    pub description: Option<String>,
    /// Lines documenting constraints (`Length: 1..=255 characters.`).
    pub constraints: Vec<String>,
    /// The value type, without the `Option` an optional field adds.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// The documented default value, checked against the type.
    pub default: Option<Literal>,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// Holds the properties the schema does not list (typed `additionalProperties`): a map,
    /// serde-flattened into the object, never `Option`.
    pub flatten: bool,
    /// The method that sets it, `with_<ident>` (optional fields only).
    pub setter: Option<String>,
    /// The method that reads it or, when unset, its documented default,
    /// `<ident>_or_default` (optional fields with a scalar default only).
    pub default_accessor: Option<String>,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// A string that must not be printed (`format: password`): the runtime's `Secret`.
    Secret,
    /// `bool`.
    Bool,
    /// A signed or unsigned integer.
    Integer(IntegerKind),
    /// A floating-point number.
    Float(FloatKind),
    /// A named type of this API.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// Binary content (`format: binary`): the runtime's `File` (bytes, optional file name
    /// and media type).
    File,
    /// A map with string keys, `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// Any JSON value.
    Json,
    /// A request body sent as given (binary media types): the runtime's `Body` (bytes, a
    /// file or a stream).
    Body,
    /// A success body handed over unread (binary and other undecoded media types): the
    /// runtime's `ByteStream`.
    ByteStream,
}

/// How docs and the model's outline name a type: `Pet`, `Vec<Pet>`, `serde_json::Value`,
/// and the scalars by kind (`string`, `bool`, `integer(i64)`).
impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Named(n) => f.write_str(n),
            Self::Json => f.write_str("serde_json::Value"),
            Self::Body => f.write_str("runtime::Body"),
            Self::ByteStream => f.write_str("runtime::ByteStream"),
            Self::Array(inner) => write!(f, "Vec<{inner}>"),
            Self::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            other => f.write_str(&format!("{other:?}").to_ascii_lowercase()),
        }
    }
}

/// Integer widths, from `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntegerKind {
    /// `i32` (`int32`).
    I32,
    /// `i64` (`int64`, or no format).
    I64,
    /// `u32` (`uint32`).
    U32,
    /// `u64` (`uint64`).
    U64,
}

/// Float widths, from `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatKind {
    /// `f32` (`float`).
    F32,
    /// `f64` (`double`, or no format).
    F64,
}

/// A default value, already checked against the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A boolean.
    Bool(bool),
    /// An integer that fits the field's integer type.
    Integer(i128),
    /// A number.
    Float(f64),
    /// A string.
    String(String),
    /// Any other JSON value: documented, not turned into code.
    Json(String),
}

/// A credential the client holds and attaches to the operations that use it.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key in `components.securitySchemes`.
    pub name: String,
    /// The Rust field name for the credential.
    pub ident: String,
    /// The client method that sets it, `with_<ident>`.
    pub setter: String,
    /// The description.
    pub description: Option<String>,
    /// Where the credential goes.
    pub kind: SecurityKind,
}

/// Where a credential goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// An API key in the named header.
    HeaderKey(String),
    /// An API key in the named query parameter.
    QueryKey(String),
    /// An API key in the named cookie (`Cookie: name=value`).
    CookieKey(String),
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic base64(user:password)` (HTTP basic).
    Basic,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// One operation: a method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, or the synthesized one.
    pub operation_id: String,
    /// The Rust method name.
    pub ident: String,
    /// The Rust name of the error type alias, `<OperationId>Error`.
    pub error_alias: String,
    /// The Rust name of the success enum, `<OperationId>Response`, used when the successes
    /// differ in body or declare headers ([`Outcome::success`]).
    pub response_enum: String,
    /// The Rust name of the error-body enum, `<OperationId>ErrorBody`, used when error
    /// bodies differ ([`Outcome::error`]).
    pub error_body_enum: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template as written, e.g. `/v3/{project_id}/backups`.
    pub path: String,
    /// The template split into literals and parameters.
    pub path_parts: Vec<PathPart>,
    /// Query pairs the path key itself carries (`/responses?beta=true`), sent every call.
    pub fixed_query: Vec<QueryPair>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// `tags`: the groups it is listed under in the client's docs.
    pub tags: Vec<String>,
    /// Parameters in argument order: path parameters in template order, then the others in
    /// document order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Declared responses, most specific first: exact codes, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// Indexes into [`Api::security_schemes`] of the credentials this operation sends.
    pub security: Vec<usize>,
    /// The Rust name of its request value, `<OperationId>Request`: what the method returns,
    /// with a setter per optional parameter.
    pub request_value: String,
    /// How to walk its pages (`x-apigen-pagination`, or the settings).
    pub pagination: Option<Pagination>,
}

/// How a paginated operation asks for the page after one it received.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Which parameters and response members move the stream on.
    pub style: PagingStyle,
    /// The way from the success body to its item list (empty: the body is the list).
    pub items: Vec<Member>,
    /// The type of one item.
    pub item_ty: TypeRef,
}

/// The ways a paginated operation names its next page.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingStyle {
    /// An item offset parameter advanced by the items received; a page shorter than the
    /// page size (`limit`, set or defaulted) is the last.
    Offset {
        /// Index into [`Operation::params`] of the offset.
        offset: usize,
        /// Index into [`Operation::params`] of the page size.
        limit: Option<usize>,
    },
    /// A marker parameter set from a member of each page.
    Cursor {
        /// Index into [`Operation::params`] of the marker parameter.
        cursor: usize,
        /// The way from the success body to the next marker.
        next: Vec<Member>,
    },
    /// The response's `Link: <…>; rel="next"` header.
    Link,
}

/// One step from a value to one of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The Rust field name.
    pub ident: String,
    /// Whether the field is stored as an `Option`.
    pub optional: bool,
}

/// A `name=value` pair of a query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPair {
    /// The name, as sent.
    pub name: String,
    /// The value, as sent.
    pub value: String,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The parameter at this index of [`Operation::params`].
    Param(usize),
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust argument name.
    pub ident: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// A scalar type, or an array of one.
    pub ty: TypeRef,
    /// For arrays: one `name=value` pair per item (`true`), or the items comma-separated.
    pub explode: bool,
    /// The query `style`.
    pub style: Style,
    /// The path `style` (path parameters only).
    pub path_style: PathStyle,
    /// Sent through serde and laid out by `style` (objects, unions, arrays of structures,
    /// delimiter styles) rather than as text.
    pub structured: bool,
    /// Supplied by the client rather than the caller (not a method argument).
    pub client: Option<ClientParam>,
    /// Whether it must be given.
    pub required: bool,
    /// The description.
    pub description: Option<String>,
    /// Lines documenting its schema's constraints (`Range: 1..=100.`).
    pub constraints: Vec<String>,
    /// The documented default value, checked against the type.
    pub default: Option<Literal>,
}

/// A value the client supplies for a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientParam {
    /// The project id (from call options or the credentials).
    ProjectId,
}

/// How a structured query parameter or form field is laid out (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`.
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// How a path parameter is written into the path (OpenAPI `style`, scalars only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `simple`: the value.
    Simple,
    /// `label`: `.value`.
    Label,
    /// `matrix`: `;name=value`.
    Matrix,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string (`form` style).
    Query,
    /// A header.
    Header,
    /// A cookie in the `Cookie` header (`form` style).
    Cookie,
}

impl ParamLocation {
    /// The location as the document spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// How a body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// JSON (`application/json`, `*/*+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data` (requests): one part per field, files as file parts.
    Multipart,
    /// `text/*`, as a UTF-8 string.
    Text,
    /// Anything else, as raw bytes.
    Binary,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The media type as written, sent as `Content-Type`.
    pub media_type: String,
    /// How it is encoded.
    pub encoding: Encoding,
    /// The body type.
    pub ty: TypeRef,
    /// Whether the body must be given.
    pub required: bool,
    /// The description.
    pub description: Option<String>,
    /// Form bodies: the document's `encoding` entries that set a field's layout.
    pub form_encodings: Vec<FormEncoding>,
}

/// How one field of a form body is laid out (an `encoding` entry of the media type).
#[derive(Debug, Clone, PartialEq)]
pub struct FormEncoding {
    /// The field's wire name.
    pub name: String,
    /// Its `style`.
    pub style: Style,
    /// Its `explode`.
    pub explode: bool,
}

/// What a successful call returns (inside the runtime's `ApiResponse`).
/// Decided by the passes ([`Outcome`]), after de-duplication, from the responses.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessShape {
    /// Every success status has this body (`None`: none has a body). `optional`: some have
    /// one and some do not, so the body is an `Option`.
    Uniform {
        /// The body type.
        ty: Option<TypeRef>,
        /// `Option<ty>`.
        optional: bool,
    },
    /// Successes differ in body or declare headers: an enum with one variant per success
    /// response ([`Response::variant`]), named [`Operation::response_enum`].
    Enum,
}

/// The typed body of an operation's API errors.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorShape {
    /// Every error response with a body has this one (`serde_json::Value` when none has).
    Uniform(TypeRef),
    /// Error bodies differ: an enum with one variant per error response that has a body,
    /// named [`Operation::error_body_enum`].
    Enum,
}

/// A declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// Whether it is a success (2XX).
    pub success: bool,
    /// The decoded body (`None`: no body, or an error body that is not JSON and stays raw).
    pub body: Option<ResponseBody>,
    /// Declared headers with a type the client reads (success responses).
    pub headers: Vec<ResponseHeader>,
    /// The variant name in the operation's response or error-body enum.
    pub variant: String,
    /// The description.
    pub description: String,
}

/// A response body the client decodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseBody {
    /// The decoded type.
    pub ty: TypeRef,
    /// How it is decoded.
    pub encoding: Encoding,
}

/// A declared response header, read into a typed field.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The Rust field name.
    pub ident: String,
    /// The header name as declared.
    pub wire_name: String,
    /// A scalar or enum, or an array of one (`simple` style: comma-separated).
    pub ty: TypeRef,
    /// `required: true`: its absence makes the response unexpected.
    pub required: bool,
    /// The description.
    pub description: Option<String>,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// `1XX` … `5XX`: the hundreds digit.
    Range(u16),
    /// Every status not otherwise declared.
    Default,
}

impl StatusMatch {
    /// The key as the document writes it under `responses`: `200`, `4XX`, `default`.
    pub fn key(self) -> String {
        match self {
            Self::Code(c) => c.to_string(),
            Self::Range(n) => format!("{n}XX"),
            Self::Default => String::from("default"),
        }
    }
}
