//! The document as a tree, for `$ref`s that point anywhere in it
//! (`#/paths/~1items/get/parameters/0`): the node at a pointer, read as the item the
//! reference wants. The tree is built from the parsed document on the first such reference,
//! so documents without one pay nothing.

use std::any::Any;

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;

use super::Lower;
use crate::pointer::Pointer;

impl<'d> Lower<'_, 'd> {
    /// The item of type `T` (a parameter, response, …) or the reference written at the local
    /// pointer `fragment`. An item is read into the lowering's arena, so it is borrowed like
    /// the document's own items.
    pub(super) fn item_at<T: DeserializeOwned + 'static>(
        &self,
        fragment: &str,
    ) -> Result<ReferenceOr<&'d T>, String> {
        let node = self.node_at(fragment)?;
        let found: ReferenceOr<T> = serde_yaml::from_value(node.clone())
            .map_err(|e| format!("what is at `{fragment}` does not fit here ({e})"))?;
        Ok(match found {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
            ReferenceOr::Item(item) => {
                let stored: &'d Box<dyn Any> = self.arena.alloc(Box::new(item));
                match stored.downcast_ref::<T>() {
                    Some(item) => ReferenceOr::Item(item),
                    None => return Err(format!("what is at `{fragment}` could not be kept")),
                }
            }
        })
    }

    /// The node at `fragment` in a tree of the document, built on the first call; a YAML
    /// tree keeps mappings in document order (serde_json's would sort them).
    fn node_at(&self, fragment: &str) -> Result<&serde_yaml::Value, String> {
        let tree = self
            .tree
            .get_or_init(|| serde_yaml::to_value(self.doc).unwrap_or_default());
        node_at(tree, fragment).ok_or_else(|| format!("nothing is at `{fragment}`"))
    }
}

/// The node at a JSON pointer in a YAML tree.
fn node_at<'t>(tree: &'t serde_yaml::Value, fragment: &str) -> Option<&'t serde_yaml::Value> {
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None;
    }
    let mut node = tree;
    for token in Pointer::from_fragment(fragment).tokens() {
        node = match node {
            serde_yaml::Value::Mapping(map) => map.get(token.as_str())?,
            serde_yaml::Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_by_pointer() {
        let tree: serde_yaml::Value =
            serde_yaml::from_str("paths:\n  '/a/{b}':\n    get: [x, y]\n").unwrap();
        let at = |fragment: &str| node_at(&tree, fragment).and_then(serde_yaml::Value::as_str);
        assert_eq!(at("/paths/~1a~1{b}/get/1"), Some("y"));
        assert_eq!(at("/paths/~1a~1{b}/get/2"), None);
        assert_eq!(at("paths"), None);
    }
}
