//! Per-tag features on the parsed module: every item belonging to an operation (its request
//! value and the impls and macro calls for it, its response enums, its error alias, its
//! client method) and
//! every type with the impls for it gets the `#[cfg(…)]` of the features that compile it
//! ([`crate::ir::Features`]). Done on the `syn::File`, by the name an item defines or
//! implements for, so every impl emission writes for a type or request value is gated with
//! it, whichever module writes it.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use syn::{Attribute, ImplItem, Item};

use crate::ir::{Api, Features};

/// The cfgs by item name: in `mod types`, and next to the client (client methods apart).
struct Gates {
    types: HashMap<String, Attribute>,
    root: HashMap<String, Attribute>,
    methods: HashMap<String, Attribute>,
}

/// Adds the features' `#[cfg]`s to `file`, a piece of `api`'s module (or all of it).
pub(crate) fn gate(file: &mut syn::File, api: &Api) {
    let Some(features) = &api.analysis.features else {
        return;
    };
    let gates = gates(api, features);
    for item in &mut file.items {
        match item {
            Item::Mod(module) if module.ident == "types" => {
                for inner in module.content.iter_mut().flat_map(|(_, items)| items) {
                    gate_item(inner, &gates.types);
                    if let Item::Use(import) = inner {
                        import.attrs.push(syn::parse_quote!(
                            #[allow(unused_imports, reason = "used by the types the enabled features compile")]
                        ));
                    }
                }
            }
            Item::Impl(block) if implemented(&block.self_ty).is_some_and(|n| n == "Client") => {
                for member in &mut block.items {
                    if let ImplItem::Fn(method) = member {
                        if let Some(cfg) = gates.methods.get(&method.sig.ident.to_string()) {
                            insert(&mut method.attrs, cfg.clone());
                        }
                    }
                }
            }
            other => gate_item(other, &gates.root),
        }
    }
}

/// `feature = "a"`, or `any(feature = "a", feature = "b")`: what compiles the code of the
/// features `list` names (indexes into `features.list`).
pub(crate) fn predicate(features: &Features, list: &[usize]) -> TokenStream {
    let names = list.iter().map(|&f| features.list[f].name.as_str());
    match list {
        [one] => {
            let name = &features.list[*one].name;
            quote::quote!(feature = #name)
        }
        _ => quote::quote!(any(#(feature = #names),*)),
    }
}

fn gates(api: &Api, features: &Features) -> Gates {
    let cfg = |list: &[usize]| -> Attribute {
        let predicate = predicate(features, list);
        syn::parse_quote!(#[cfg(#predicate)])
    };
    let types = api
        .model
        .types
        .iter()
        .zip(&features.types)
        .filter_map(|(t, fs)| Some((t.ident.clone(), cfg(fs.as_deref()?))))
        .collect();
    let mut root = HashMap::new();
    let mut methods = HashMap::new();
    for (op, fs) in api.model.operations.iter().zip(&features.operations) {
        let attr = cfg(fs);
        for name in [
            &op.request_value,
            &op.response_enum,
            &op.error_body_enum,
            &op.error_alias,
        ] {
            root.insert(name.clone(), attr.clone());
        }
        methods.insert(op.ident.clone(), attr);
    }
    Gates {
        types,
        root,
        methods,
    }
}

fn gate_item(item: &mut Item, gates: &HashMap<String, Attribute>) {
    let (name, attrs) = match item {
        Item::Struct(i) => (Some(i.ident.to_string()), &mut i.attrs),
        Item::Enum(i) => (Some(i.ident.to_string()), &mut i.attrs),
        Item::Type(i) => (Some(i.ident.to_string()), &mut i.attrs),
        Item::Impl(i) => (implemented(&i.self_ty), &mut i.attrs),
        // `request_value!(GetPetRequest)`: for the item it names first.
        Item::Macro(i) => (first_ident(&i.mac.tokens), &mut i.attrs),
        _ => return,
    };
    if let Some(cfg) = name.and_then(|n| gates.get(&n)) {
        insert(attrs, cfg.clone());
    }
}

/// The name of the type an impl is for (`Pet` in `impl Display for types::Pet`).
fn implemented(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn first_ident(tokens: &proc_macro2::TokenStream) -> Option<String> {
    tokens.clone().into_iter().find_map(|t| match t {
        proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
        _ => None,
    })
}

/// After the doc comments, before the other attributes.
fn insert(attrs: &mut Vec<Attribute>, cfg: Attribute) {
    let at = attrs
        .iter()
        .position(|a| !a.path().is_ident("doc"))
        .unwrap_or(attrs.len());
    attrs.insert(at, cfg);
}
