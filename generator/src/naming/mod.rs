//! The one place identifiers are chosen. Every name in the generated code comes from here:
//! wire names are turned into valid, warning-free Rust identifiers ([`snake`], [`pascal`]),
//! derived names are spelled here (`<Op>Error`, `with_<field>`, enum and union variants,
//! response variants), and collisions are resolved in a [`Scope`]. Lowering records every
//! chosen name in the IR, so emission never makes one up. The wire name itself is kept by
//! the caller (serde renames, header and path names).

mod scope;

use heck::{ToPascalCase, ToSnakeCase};

pub use scope::Scope;

use crate::ir::{EnumRepr, StatusMatch, TypeRef};

/// Words that cannot be identifiers as they are (strict and reserved keywords, all editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Splits `name` into ASCII words: ASCII letters and digits are kept, other ASCII characters
/// separate words, and non-ASCII characters become `u` + their code point in hex, so
/// `名前` and `命名` stay distinct and the result never trips `non_ascii_idents` lints.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // A sign before a number is part of the name: GitHub's reactions `+1` and `-1` must not
    // both become `_1`.
    let mut chars = name.chars().peekable();
    let sign = match name.as_bytes() {
        [b'+', d, ..] if d.is_ascii_digit() => Some("plus "),
        [b'-', d, ..] if d.is_ascii_digit() => Some("minus "),
        _ => None,
    };
    if let Some(word) = sign {
        out.push_str(word);
        chars.next();
    }
    for c in chars {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
}

/// A `snake_case` identifier for a field, argument, method or module: `power_on`,
/// `BackupId` → `backup_id`, `type` → `type_`, `2fa` → `_2fa`, `+1` → `plus_1`, `` → `field`.
pub fn snake(name: &str) -> String {
    let mut ident = ascii_words(name).to_snake_case();
    if ident.is_empty() {
        ident = String::from("field");
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// A `PascalCase` identifier for a type: `backup_restore` → `BackupRestore`,
/// `200-response` → `Type200Response`, `Self` → `Self_`.
pub fn pascal(name: &str) -> String {
    let mut ident = ascii_words(name).to_pascal_case();
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, "Type");
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// Prelude names the generated code uses unqualified (`String`, `Option<T>`, `Some(x)`,
/// `impl Into<T>`, …). A generated type with one of these names would shadow the prelude's,
/// so type names give way to them like to any other taken name (`String` → `String2`).
const PRELUDE_NAMES: [&str; 10] = [
    "Box", "Err", "Into", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
];

/// Whether a type may not be called `ident` (see [`PRELUDE_NAMES`]).
pub fn is_prelude_name(ident: &str) -> bool {
    PRELUDE_NAMES.contains(&ident)
}

/// The scope of a generated module's type names: the prelude's names are taken.
pub fn type_scope() -> Scope {
    Scope::reserving(PRELUDE_NAMES, "the prelude")
}

/// Method names the generated `Client` defines itself.
pub const CLIENT_METHODS: [&str; 5] = ["new", "builder", "from_core", "core", "with_options"];

/// Who holds the names generated code defines itself, in a [`Scope`].
pub const GENERATED: &str = "the generated code";

/// Field names the generated `Client` has besides its credentials.
pub const CLIENT_FIELDS: [&str; 1] = ["core"];

/// Type names a generated module defines next to its operations' aliases and enums.
pub const ROOT_ITEMS: [&str; 2] = ["Client", "types"];

/// The name of the catch-all variant of an open enum, which holds values the document does
/// not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The argument name of a request body (parameters and header fields give way to it).
pub const BODY: &str = "body";

/// What a request value defines itself, which its parameters' setters (and its private
/// fields, named alike) give way to: the body setter, the methods every request value has,
/// the paginated ones' streams, and its two own fields.
pub const REQUEST_VALUE_NAMES: [&str; 10] = [
    BODY,
    "send",
    "header",
    "options",
    "pages",
    "items",
    "into_future",
    "clone",
    "client",
    "call",
];

/// The Rust names an operation's operationId gives: its method and the prefix of its types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The client method, `snake_case`.
    pub method: String,
    /// What its types are named from (`<prefix>Error`, `<prefix>Body`, …), `PascalCase`.
    pub type_prefix: String,
}

impl OperationNames {
    /// The names `operation_id` converts to.
    pub fn of(operation_id: &str) -> Self {
        Self {
            method: snake(operation_id),
            type_prefix: pascal(operation_id),
        }
    }
}

/// The names for `operation_id`: as converted, or, when `free` refuses them, with the first
/// numeric suffix it accepts (`get_thing_2` / `GetThing2`), so colliding operations keep
/// stable names in document order.
pub fn operation_names(
    operation_id: &str,
    free: impl Fn(&OperationNames) -> bool,
) -> OperationNames {
    let first = OperationNames::of(operation_id);
    if free(&first) {
        return first;
    }
    // Each suffix gives new names, and finitely many are taken, so a free one comes.
    (2u64..)
        .map(|n| OperationNames::of(&format!("{operation_id} {n}")))
        .find(|candidate| free(candidate))
        .unwrap_or(first)
}

/// The error type alias of an operation: `<Op>Error`.
pub fn error_alias(type_prefix: &str) -> String {
    format!("{type_prefix}Error")
}

/// The success enum of an operation: `<Op>Response`.
pub fn response_enum(type_prefix: &str) -> String {
    format!("{type_prefix}Response")
}

/// The error-body enum of an operation: `<Op>ErrorBody`.
pub fn error_body_enum(type_prefix: &str) -> String {
    format!("{type_prefix}ErrorBody")
}

/// The request value an operation's method returns: `<Op>Request`.
pub fn request_value(type_prefix: &str) -> String {
    format!("{type_prefix}Request")
}

/// The setter of an optional field or credential: `with_<name>`. The prefix already makes a
/// valid name, so the escapes `snake` added are dropped (`_2fa` → `with_2fa`, `type_` →
/// `with_type`).
pub fn setter(ident: &str) -> String {
    format!(
        "with_{}",
        ident.trim_start_matches('_').trim_end_matches('_')
    )
}

/// The client method that sets a credential: `with_<scheme>`, the scheme's field name as it
/// is (so `type_` gives `with_type_`).
pub fn credential_setter(ident: &str) -> String {
    format!("with_{ident}")
}

/// The accessor of an optional field with a documented default: `<field>_or_default`.
pub fn default_accessor(ident: &str) -> String {
    format!("{ident}_or_default")
}

/// The variant name for an enumeration value, before collisions are resolved: `Empty` for
/// the empty string, `V200`/`VMinus1` for integers, the value in `PascalCase` otherwise.
pub fn enum_variant(repr: EnumRepr, value: &str) -> String {
    match (repr, value) {
        (_, "") => String::from("Empty"),
        (EnumRepr::Integer, v) => format!("V{}", v.replace('-', "Minus")),
        (EnumRepr::String, v) => pascal(v),
    }
}

/// The variant name for a union alternative, before collisions are resolved: its `title`,
/// else its type (`Pet`, `String`, `Integer`, `Array`, …).
pub fn union_variant(title: Option<&str>, ty: &TypeRef) -> String {
    if let Some(title) = title {
        return pascal(title);
    }
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String | TypeRef::Secret => String::from("String"),
        TypeRef::Bool => String::from("Boolean"),
        TypeRef::Integer(_) => String::from("Integer"),
        TypeRef::Float(_) => String::from("Number"),
        TypeRef::Array(_) => String::from("Array"),
        TypeRef::Map(_) => String::from("Map"),
        TypeRef::Json => String::from("Value"),
        TypeRef::Body => String::from("Body"),
        TypeRef::ByteStream => String::from("ByteStream"),
        TypeRef::File => String::from("File"),
    }
}

/// The first of `base`, `base{separator}2`, `base{separator}3`… that `taken` does not
/// hold: how colliding names get stable suffixes, in document order.
fn first_free(base: &str, separator: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    // `taken` holds finitely many names, so a free one comes.
    (2u64..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// Reason phrases of the registered HTTP statuses (RFC 9110 and the IANA registry).
const STATUS_NAMES: &[(u16, &str)] = &[
    (100, "Continue"),
    (101, "SwitchingProtocols"),
    (102, "Processing"),
    (103, "EarlyHints"),
    (200, "Ok"),
    (201, "Created"),
    (202, "Accepted"),
    (203, "NonAuthoritativeInformation"),
    (204, "NoContent"),
    (205, "ResetContent"),
    (206, "PartialContent"),
    (207, "MultiStatus"),
    (208, "AlreadyReported"),
    (226, "ImUsed"),
    (300, "MultipleChoices"),
    (301, "MovedPermanently"),
    (302, "Found"),
    (303, "SeeOther"),
    (304, "NotModified"),
    (305, "UseProxy"),
    (307, "TemporaryRedirect"),
    (308, "PermanentRedirect"),
    (400, "BadRequest"),
    (401, "Unauthorized"),
    (402, "PaymentRequired"),
    (403, "Forbidden"),
    (404, "NotFound"),
    (405, "MethodNotAllowed"),
    (406, "NotAcceptable"),
    (407, "ProxyAuthenticationRequired"),
    (408, "RequestTimeout"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "LengthRequired"),
    (412, "PreconditionFailed"),
    (413, "ContentTooLarge"),
    (414, "UriTooLong"),
    (415, "UnsupportedMediaType"),
    (416, "RangeNotSatisfiable"),
    (417, "ExpectationFailed"),
    (418, "ImATeapot"),
    (421, "MisdirectedRequest"),
    (422, "UnprocessableContent"),
    (423, "Locked"),
    (424, "FailedDependency"),
    (425, "TooEarly"),
    (426, "UpgradeRequired"),
    (428, "PreconditionRequired"),
    (429, "TooManyRequests"),
    (431, "RequestHeaderFieldsTooLarge"),
    (451, "UnavailableForLegalReasons"),
    (500, "InternalServerError"),
    (501, "NotImplemented"),
    (502, "BadGateway"),
    (503, "ServiceUnavailable"),
    (504, "GatewayTimeout"),
    (505, "HttpVersionNotSupported"),
    (506, "VariantAlsoNegotiates"),
    (507, "InsufficientStorage"),
    (508, "LoopDetected"),
    (510, "NotExtended"),
    (511, "NetworkAuthenticationRequired"),
];

/// The enum variant for a declared response: the status's reason phrase (`201` →
/// `Created`), `Status299` for an unregistered code, the class for a range (`4XX` →
/// `ClientError`), `Default` for `default`. Distinct statuses give distinct names.
pub fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => STATUS_NAMES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| format!("Status{code}"), |(_, name)| (*name).to_owned()),
        StatusMatch::Range(class) => String::from(match class {
            1 => "Informational",
            2 => "Success",
            3 => "Redirection",
            4 => "ClientError",
            _ => "ServerError",
        }),
        StatusMatch::Default => String::from("Default"),
    }
}

/// The name an inline response body type starts from: `<Op>Response200`, `<Op>Error4XX`,
/// `<Op>ErrorDefault`.
pub fn response_body_hint(type_prefix: &str, success: bool, status: StatusMatch) -> String {
    let kind = if success { "Response" } else { "Error" };
    let status = match status {
        StatusMatch::Default => String::from("Default"),
        other => other.key(),
    };
    format!("{type_prefix}{kind}{status}")
}

/// The name of a type for the schema at a place in the document that is not a component
/// (the target of a pointer `$ref`), from its pointer's tokens: the `components/<kind>`
/// prefix and the structural words (`properties`, `content`, `schema`) are dropped, `items`
/// is `Item`: `components/schemas/Order/allOf/1` → `OrderAllOf1`,
/// `components/responses/Error/content/application/json/schema` → `ErrorApplicationJson`.
pub fn location_type_name(tokens: &[String]) -> String {
    let tokens = match tokens {
        [first, _kind, rest @ ..] if first == "components" && !rest.is_empty() => rest,
        all => all,
    };
    let words: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| !matches!(*t, "properties" | "content" | "schema"))
        .map(|t| if t == "items" { "Item" } else { t })
        .collect();
    pascal(&words.join(" "))
}

/// The Cargo feature name for a tag: `Pet Store` → `pet-store` (ASCII letters, digits and
/// `-`, starting with a letter, as crates.io accepts).
pub fn feature(tag: &str) -> String {
    if !tag.chars().any(char::is_alphanumeric) {
        return String::from("tag");
    }
    let words = snake(tag);
    let name = words.trim_matches('_').replace('_', "-");
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("tag-{name}").trim_end_matches('-').to_owned()
    }
}

/// The module name for a document file stem: `cbr-restore` → `cbr_restore`.
pub fn module(stem: &str) -> String {
    snake(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        for (tag, name) in [
            ("pets", "pets"),
            ("Pet Store", "pet-store"),
            ("type", "type"),
            ("2fa", "tag-2fa"),
            ("", "tag"),
            ("Über", "udc-ber"),
            ("a/b.c", "a-b-c"),
        ] {
            assert_eq!(feature(tag), name, "{tag}");
        }
    }

    #[test]
    fn snake_names() {
        for (wire, ident) in [
            ("power_on", "power_on"),
            ("BackupId", "backup_id"),
            ("X-Auth-Token", "x_auth_token"),
            ("type", "type_"),
            ("self", "self_"),
            ("2fa", "_2fa"),
            ("", "field"),
            ("$ref", "ref_"),
            ("名前", "u540d_u524d"),
            ("HTTPServer", "http_server"),
        ] {
            assert_eq!(snake(wire), ident, "{wire:?}");
        }
    }

    #[test]
    fn pascal_names() {
        for (wire, ident) in [
            ("BackupRestore", "BackupRestore"),
            ("backup_restore", "BackupRestore"),
            ("200-response", "Type200Response"),
            ("Self", "Self_"),
            ("", "Type"),
            ("a.b", "AB"),
        ] {
            assert_eq!(pascal(wire), ident, "{wire:?}");
        }
    }

    #[test]
    fn suffixes_for_collisions() {
        let taken = ["a", "a_2", "B"];
        assert_eq!(first_free("a", "_", |c| taken.contains(&c)), "a_3");
        assert_eq!(first_free("B", "", |c| taken.contains(&c)), "B2");
        assert_eq!(first_free("c", "_", |c| taken.contains(&c)), "c");
    }

    #[test]
    fn status_variants_are_distinct_identifiers() {
        let mut statuses: Vec<StatusMatch> = (100..=599).map(StatusMatch::Code).collect();
        statuses.extend((1..=5).map(StatusMatch::Range));
        statuses.push(StatusMatch::Default);
        let names: Vec<String> = statuses.iter().map(|s| status_variant(*s)).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        for name in &names {
            assert!(syn::parse_str::<syn::Ident>(name).is_ok(), "{name}");
        }
        assert_eq!(status_variant(StatusMatch::Code(201)), "Created");
        assert_eq!(status_variant(StatusMatch::Code(299)), "Status299");
        assert_eq!(status_variant(StatusMatch::Range(4)), "ClientError");
    }

    #[test]
    fn every_result_is_an_identifier() {
        for wire in [
            "", "a b", "é", "_", "__", "1", "fn", "Self", "x-y-z", "A1B2",
        ] {
            for ident in [snake(wire), pascal(wire)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&ident).is_ok(),
                    "{wire:?} -> {ident:?}"
                );
            }
        }
    }
}
