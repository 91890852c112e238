//! Per-tag features: each operation is compiled with its tags' features, each type with the
//! features of the operations (or unused component schemas) that reach it; a type every
//! feature needs is compiled always.

use std::collections::HashSet;

use crate::diag::{Ctxt, Pointer};
use crate::ir::{Feature, Features, Model, Origin, TypeRef};
use crate::naming::{self, Scope};

/// The features of `model`, or `None` (reported) when there are more than crates.io allows.
pub(super) fn plan(cx: &Ctxt<'_>, model: &Model) -> Option<Features> {
    let mut names = Scope::reserving(
        ["default", Features::FULL, "blocking", "tls-aws-lc"],
        "the generated crate",
    );
    let mut list = Vec::new();
    let mut feature_of_tag = std::collections::HashMap::new();
    for tag in &model.tags {
        if model
            .operations
            .iter()
            .any(|op| op.tags.contains(&tag.name))
        {
            feature_of_tag.insert(tag.name.as_str(), list.len());
            list.push(Feature {
                name: names.fresh(&naming::feature(&tag.name), "-", tag.name.as_str()),
                doc: format!("the operations tagged `{}`", tag.name),
            });
        }
    }
    let untagged = model
        .operations
        .iter()
        .any(|op| op.tags.is_empty())
        .then(|| {
            list.push(Feature {
                name: names.fresh(Features::UNTAGGED, "-", "untagged operations"),
                doc: String::from("the operations without a tag"),
            });
            list.len() - 1
        });
    let operations: Vec<Vec<usize>> = model
        .operations
        .iter()
        .map(|op| match untagged.filter(|_| op.tags.is_empty()) {
            Some(f) => vec![f],
            None => op.tags.iter().map(|t| feature_of_tag[t.as_str()]).collect(),
        })
        .collect();
    // What each feature's operations reach.
    let mut reach: Vec<HashSet<&str>> = (0..list.len())
        .map(|f| {
            model.types.reachable(
                model
                    .operations
                    .iter()
                    .zip(&operations)
                    .filter(|(_, fs)| fs.contains(&f))
                    .flat_map(|(op, _)| op.type_refs()),
            )
        })
        .collect();
    let used: HashSet<&str> = reach.iter().flatten().copied().collect();
    let unused: Vec<TypeRef> = model
        .types
        .iter()
        .filter(|t| matches!(t.origin, Origin::Component(_)) && !used.contains(t.ident.as_str()))
        .map(|t| TypeRef::Named(t.ident.clone()))
        .collect();
    if !unused.is_empty() {
        list.push(Feature {
            name: names.fresh(Features::SCHEMAS, "-", "unused schemas"),
            doc: String::from("the component schemas no operation uses"),
        });
        reach.push(model.types.reachable(&unused));
    }
    // `full`, `default`, `blocking` and `tls-aws-lc` are features too.
    let count = list.len() + 4;
    if count > Features::CRATES_IO_LIMIT {
        cx.error(
            &Pointer::root().push("tags"),
            format!(
                "per-tag features need {count} Cargo features here, and crates.io allows at \
                 most {}: generate fewer tags (filters) or without per-tag features",
                Features::CRATES_IO_LIMIT
            ),
        );
        return None;
    }
    let types = model
        .types
        .iter()
        .map(|t| {
            let fs: Vec<usize> = (0..list.len())
                .filter(|&f| reach[f].contains(t.ident.as_str()))
                .collect();
            (fs.len() < list.len()).then_some(fs)
        })
        .collect();
    Some(Features {
        list,
        operations,
        types,
    })
}
