//! `$ref`s after the conversion: every local one whose target moved names where it went.

use serde_yaml::Value;

use crate::normalize::{MAX_NESTING, NAME_MAPS};
use crate::origins::Origins;
use crate::pointer::decode_fragment;

/// Keys under which values are data, not document structure: a `$ref` in them is not a
/// reference.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "x-example"];

/// Every local `$ref` whose target moved now names where it went.
pub(super) fn rewrite_refs(node: &mut Value, origins: &Origins, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(fragment) = reference.strip_prefix('#') {
                    let moved = origins
                        .converted(fragment)
                        .or_else(|| origins.converted(&decode_fragment(fragment)));
                    if let Some(moved) = moved {
                        *reference = format!("#{moved}");
                    }
                }
            }
            for (name, value) in map.iter_mut() {
                let name = name.as_str().unwrap_or_default();
                if NAME_MAPS.contains(&name) {
                    if let Value::Mapping(entries) = value {
                        for (_, entry) in entries.iter_mut() {
                            rewrite_refs(entry, origins, depth + 1);
                        }
                        continue;
                    }
                }
                if !DATA_KEYS.contains(&name) && !name.starts_with("x-") {
                    rewrite_refs(value, origins, depth + 1);
                }
            }
        }
        Value::Sequence(items) => {
            for item in items {
                rewrite_refs(item, origins, depth + 1);
            }
        }
        _ => {}
    }
}
