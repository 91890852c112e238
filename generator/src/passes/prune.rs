//! With filters, the types no kept operation reaches are left out: a module generated for
//! five operations of a large document holds those five and what they use.

use crate::ir::{Model, Origin};
use crate::pointer::Pointer;

/// Removes every type the operations do not reach; with `keep_components`, component
/// schemas (and what they reach) stay whether used or not. Returns where the removed types
/// were written, and the component schemas that failed to lower and that nothing kept
/// refers to: their diagnostics no longer concern the output.
pub(super) fn unreachable(model: &mut Model, keep_components: bool) -> Vec<Pointer> {
    let roots = model.operations.iter().flat_map(|op| op.type_refs());
    let components: Vec<crate::ir::TypeRef> = if keep_components {
        model
            .types
            .iter()
            .filter(|t| matches!(t.origin, Origin::Component(_)))
            .map(|t| crate::ir::TypeRef::Named(t.ident.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let keep: std::collections::HashSet<String> = model
        .types
        .reachable(roots.chain(&components))
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut removed: Vec<Pointer> = model
        .types
        .iter()
        .filter(|t| !keep.contains(&t.ident))
        .map(|t| t.origin.pointer())
        .collect();
    model.types.retain(|t| keep.contains(&t.ident));
    if !keep_components {
        // What the kept operations and types name, made or not.
        let roots = model.operations.iter().flat_map(|op| op.type_refs());
        let kept = model.types.iter().flat_map(|t| t.kind.type_refs());
        let named: std::collections::HashSet<&str> = roots
            .chain(kept)
            .filter_map(crate::ir::TypeRef::name)
            .collect();
        removed.extend(
            model
                .unlowered
                .iter()
                .filter(|(ident, _)| !named.contains(ident.as_str()))
                .map(|(_, origin)| origin.pointer()),
        );
    }
    removed
}
