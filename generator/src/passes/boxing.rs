//! Recursive types: a struct field or union alternative that leads back to its own type
//! without a `Vec` or map in between would give the type infinite size, so it is boxed; a
//! cycle of aliases is a type defined as itself, which no box can break, and is reported.

use crate::diag::Ctxt;
use crate::ir::{TypeKind, TypeRef, TypeSpace};

/// The type a member names directly (not inside a `Vec` or map, which already allocate).
fn direct(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// The types each type holds directly, by position in `types`.
fn edges(types: &TypeSpace) -> Vec<Vec<usize>> {
    types
        .iter()
        .map(|def| {
            let targets: Vec<&TypeRef> = match &def.kind {
                TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(ty) => vec![ty],
                TypeKind::Enum(_) => Vec::new(),
            };
            targets
                .into_iter()
                .filter_map(direct)
                .filter_map(|name| types.position(name))
                .collect()
        })
        .collect()
}

/// Per type, per member (field or alternative): whether it is stored boxed. A member is
/// boxed when its type reaches the owner again — both are in one strongly connected
/// component of the "holds directly" graph. Structured union alternatives (structs and
/// unions once aliases are followed) are boxed too: a union is as large as its largest
/// alternative (clippy's `large_enum_variant`), and boxing keeps it small.
pub(super) fn boxed_members(types: &TypeSpace) -> Vec<Vec<bool>> {
    let component = strongly_connected(&edges(types));
    let same_component = |owner: usize, target: &TypeRef| {
        direct(target)
            .and_then(|name| types.position(name))
            .is_some_and(|t| component[t] == component[owner])
    };
    let structured = |ty: &TypeRef| {
        direct(ty).is_some()
            && matches!(
                types.definition(ty).map(|d| &d.kind),
                Some(TypeKind::Struct(_) | TypeKind::Union(_))
            )
    };
    types
        .iter()
        .enumerate()
        .map(|(owner, def)| match &def.kind {
            TypeKind::Struct(fields) => fields
                .iter()
                .map(|f| same_component(owner, &f.ty))
                .collect(),
            TypeKind::Union(union) => union
                .variants
                .iter()
                .map(|v| same_component(owner, &v.ty) || structured(&v.ty))
                .collect(),
            TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
        })
        .collect()
}

/// Reports every type whose alias chain comes back to itself.
pub(super) fn report_alias_cycles(cx: &Ctxt<'_>, types: &TypeSpace) {
    for def in types.iter() {
        let mut current = def.ident.as_str();
        for _ in 0..=types.len() {
            let next = match types.get(current).map(|t| &t.kind) {
                Some(TypeKind::Alias(TypeRef::Named(next))) => next.as_str(),
                _ => break,
            };
            if next == def.ident {
                cx.error_hint(
                    &def.origin.pointer(),
                    format!("`{}` is defined as itself through `$ref`s", def.ident),
                    "give the schema a definition: one of the references must lead to a real schema",
                );
                break;
            }
            current = next;
        }
    }
}

/// The strongly connected component of every node (Tarjan's algorithm, iterative so a long
/// chain of types cannot overflow the stack): `component[a] == component[b]` exactly when
/// `a` and `b` reach each other.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut next_index = 0;
    let mut components = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges were followed)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut followed)) = work.last_mut() {
            if let Some(&target) = edges[node].get(*followed) {
                *followed += 1;
                if index[target] == UNSEEN {
                    index[target] = next_index;
                    low[target] = next_index;
                    next_index += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_group_mutual_reachability() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 reaches it but is not reached; 4 holds itself.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4], vec![]];
        let c = strongly_connected(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[5], c[4]);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = strongly_connected(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
