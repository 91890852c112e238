//! Enumerations and unions.

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, line};
use super::{Emit, Scope};
use crate::ir::{Enum, EnumRepr, EnumVariant, Layout, Union, UnionVariant};

/// An enum variant's doc: its wire value, then the document's description.
fn variant_doc(v: &EnumVariant) -> TokenStream {
    let mut doc = super::docs::Doc::default();
    doc.para(code(&v.wire));
    doc.opt(v.description.as_deref());
    doc.tokens()
}

/// A closed string enum (a one-value type tag): derived serde, so any other value is an
/// error and an untagged union moves on to its next alternative.
fn closed_enumeration(
    emit: &Emit,
    ident: &Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    e: &Enum,
) -> TokenStream {
    let serde_crate = &emit.serde_crate;
    // Lowering closes only one-value enums.
    let Some(v) = e.variants.first() else {
        return TokenStream::new();
    };
    let (name, wire) = (format_ident!("{}", v.ident), &v.wire);
    let variant_doc = variant_doc(v);
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(crate = #serde_crate)]
        pub enum #ident {
            #variant_doc
            #[default]
            #[serde(rename = #wire)]
            #name,
        }

        impl #ident {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                #wire
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// A string or integer enum with a catch-all `Unknown` variant, so a value the server adds
/// later still deserializes (and serializes back unchanged). Serde impls are written out:
/// derive cannot express "any other value".
pub(super) fn enumeration(
    emit: &Emit,
    ident: &Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    e: &Enum,
) -> TokenStream {
    if !e.open {
        return closed_enumeration(emit, ident, doc, deprecated, e);
    }
    let rt = emit.runtime;
    let names: Vec<Ident> = e
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.ident))
        .collect();
    let docs = e.variants.iter().map(variant_doc);
    let (raw_ty, raw_value, as_fn, as_doc) = match e.repr {
        EnumRepr::String => (
            quote!(String),
            quote!(&str),
            format_ident!("as_str"),
            " The value on the wire.",
        ),
        EnumRepr::Integer => (
            quote!(i64),
            quote!(i64),
            format_ident!("as_i64"),
            " The value on the wire.",
        ),
    };
    let as_doc = line(as_doc);
    let literals: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| match e.repr {
            EnumRepr::String => {
                let s = &v.wire;
                quote!(#s)
            }
            EnumRepr::Integer => {
                let n: i64 = v.wire.parse().unwrap_or_default();
                let lit = Lit::u64_unsuffixed(n.unsigned_abs());
                if n < 0 { quote!(-#lit) } else { quote!(#lit) }
            }
        })
        .collect();
    // The catch-all's name was reserved when the variants were named.
    let unknown = format_ident!("{}", crate::naming::UNKNOWN_VARIANT);
    let (unknown_out, from_raw_arg, from_raw_match, unknown_in, ser, de) = match e.repr {
        EnumRepr::String => (
            quote!(Self::#unknown(value) => value.as_str()),
            quote!(value: &str),
            quote!(value),
            quote!(other => Self::#unknown(::std::string::ToString::to_string(other))),
            quote!(serializer.serialize_str(self.as_str())),
            quote!(<String as #rt::serde::Deserialize>::deserialize(deserializer).map(|v| Self::from_raw(&v))),
        ),
        EnumRepr::Integer => (
            quote!(Self::#unknown(value) => *value),
            quote!(value: i64),
            quote!(value),
            quote!(other => Self::#unknown(other)),
            quote!(serializer.serialize_i64(self.as_i64())),
            quote!(<i64 as #rt::serde::Deserialize>::deserialize(deserializer).map(Self::from_raw)),
        ),
    };
    let display = match e.repr {
        EnumRepr::String => quote!(f.write_str(self.as_str())),
        EnumRepr::Integer => quote!(::std::fmt::Display::fmt(&self.as_i64(), f)),
    };
    let from_str = (e.repr == EnumRepr::String).then(|| {
        quote! {
            impl ::std::str::FromStr for #ident {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from_raw(value))
                }
            }
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        // Values the API adds later are new variants: callers' matches keep a `_` arm, so
        // adding one breaks no caller (older clients see it as the catch-all).
        #[non_exhaustive]
        pub enum #ident {
            #( #docs #names, )*
            /// A value this client does not know (yet): kept as received.
            #unknown(#raw_ty),
        }

        impl #ident {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> #raw_value {
                match self {
                    #( Self::#names => #literals, )*
                    #unknown_out,
                }
            }

            /// The variant for a wire value; unknown values become `Unknown`.
            pub fn from_raw(#from_raw_arg) -> Self {
                match #from_raw_match {
                    #( #literals => Self::#names, )*
                    #unknown_in,
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        #from_str

        impl #rt::serde::Serialize for #ident {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #ser
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #de
            }
        }
    }
}

/// `oneOf`/`anyOf`: an untagged enum, alternatives tried in document order; with a
/// discriminator, hand-written serde impls that choose by the property's value.
pub(super) fn union(
    emit: &Emit,
    ident: &Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    union: &Union,
    layout: &Layout,
) -> TokenStream {
    let serde_crate = &emit.serde_crate;
    let variants = &union.variants;
    let items = variants.iter().enumerate().map(|(i, v)| {
        let name = format_ident!("{}", v.ident);
        let ty = emit.ty(&v.ty, Scope::Types);
        let ty = super::boxed_if(layout.is_boxed(i), ty);
        let doc = line(format!(" The {} alternative.", code(&v.ident)));
        quote!(#[doc = #doc] #name(#ty),)
    });
    let Some(property) = union.discriminator.as_deref() else {
        return quote! {
            #doc
            #deprecated
            #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(crate = #serde_crate, untagged)]
            pub enum #ident {
                #(#items)*
            }
        };
    };
    let serde_impls = tagged_serde(emit, ident, variants, property, layout);
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq)]
        pub enum #ident {
            #(#items)*
        }
        #serde_impls
    }
}

/// `Serialize`/`Deserialize` for a discriminated union: the property's value picks the
/// alternative; alternatives without a value are tried in order after that.
fn tagged_serde(
    emit: &Emit,
    ident: &Ident,
    variants: &[UnionVariant],
    property: &str,
    layout: &Layout,
) -> TokenStream {
    let rt = emit.runtime;
    let serialize_arms = variants.iter().enumerate().map(|(i, v)| {
        let name = format_ident!("{}", v.ident);
        match v.tags.first().filter(|_| !layout.writes_tag(i)) {
            Some(tag) => quote! {
                Self::#name(value) => #rt::tagged::serialize(value, #property, #tag, serializer),
            },
            None => quote! {
                Self::#name(value) => #rt::serde::Serialize::serialize(value, serializer),
            },
        }
    });
    let tagged_arms = variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let name = format_ident!("{}", v.ident);
        let tags = &v.tags;
        quote!(Some(#(#tags)|*) => #rt::tagged::variant(value).map(Self::#name),)
    });
    let fallbacks = variants.iter().filter(|v| v.tags.is_empty()).map(|v| {
        let name = format_ident!("{}", v.ident);
        quote! {
            if let Some(alternative) = #rt::tagged::try_variant(&value) {
                return Ok(Self::#name(alternative));
            }
        }
    });
    let known = variants.iter().flat_map(|v| v.tags.iter());
    quote! {
        impl #rt::serde::Serialize for #ident {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }
        impl<'de> #rt::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <#rt::serde_json::Value as #rt::serde::Deserialize>::deserialize(deserializer)?;
                match #rt::tagged::tag(&value, #property) {
                    #(#tagged_arms)*
                    _ => {
                        #(#fallbacks)*
                        Err(#rt::tagged::unknown(&value, #property, &[#(#known),*]))
                    }
                }
            }
        }
    }
}

/// `Display` for a union of scalars and enums (so it can be a parameter): the alternative's
/// own text.
pub(super) fn union_display(ident: &Ident, variants: &[UnionVariant]) -> TokenStream {
    let names = variants.iter().map(|v| format_ident!("{}", v.ident));
    quote! {
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( Self::#names(value) => ::std::fmt::Display::fmt(value, f), )*
                }
            }
        }
    }
}
