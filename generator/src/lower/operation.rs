//! Paths and operations → client methods: the walk over `paths` in document order, the
//! checks that span the document (operationIds and the Rust names they become), and one
//! operation put together from its parts (`parameters`, `paths`, `request_body`,
//! `responses`, `security`).

use openapiv3::{Operation as OaOperation, PathItem, ReferenceOr};

use super::Lower;
use super::paths::{path_template, split_path_key};
use crate::diag::Pointer;
use crate::filters::Selection;
use crate::ir::{HttpMethod, Operation, SecurityScheme};
use crate::naming::{self, Scope};

/// The names operations must not collide on, across the document; taken before an
/// operation's parts are lowered, since its inline types are named after it.
struct Taken {
    /// Client methods: the client's own, the credential setters, then operations.
    methods: Scope,
    /// The generated module's own type names (next to `mod types`, whose names are
    /// apart): the client, the `<Op>Error` aliases and the `<Op>Response`/`<Op>ErrorBody`
    /// enums.
    root: Scope,
    /// operationIds.
    operation_ids: Scope,
}

/// What the walk over `paths` found.
pub(crate) struct Walk {
    /// The operations the filters keep, lowered.
    pub kept: Vec<Operation>,
    /// How many operations the filters keep (some may have failed to lower).
    pub selected: usize,
    /// Every operationId in the document (as matched: written, or `<method> <path>`), in
    /// order.
    pub seen_ids: indexmap::IndexSet<String>,
    /// Every tag operations carry, as first met.
    pub seen_tags: indexmap::IndexSet<String>,
}

impl<'d> Lower<'_, 'd> {
    /// Every operation `selection` keeps, in document order (paths in order, methods in a
    /// fixed order). The others are not lowered at all: their problems, and the inline
    /// types they would make, are not this module's.
    pub(super) fn operations(
        &mut self,
        schemes: &[SecurityScheme],
        selection: &mut Selection<'_>,
    ) -> Walk {
        let mut methods = Scope::reserving(naming::CLIENT_METHODS, "the generated client");
        for s in schemes {
            let _ = methods.claim(&s.setter, format!("security scheme `{}`", s.name));
        }
        let mut taken = Taken {
            methods,
            root: Scope::reserving(naming::ROOT_ITEMS, "the generated client"),
            operation_ids: Scope::default(),
        };
        let mut walk = Walk {
            kept: Vec::new(),
            selected: 0,
            seen_ids: indexmap::IndexSet::new(),
            seen_tags: indexmap::IndexSet::new(),
        };
        let doc = self.doc;
        for (path, item) in &doc.paths.paths {
            let at_path = Pointer::root().push("paths").push(path);
            let ReferenceOr::Item(item) = item else {
                self.cx
                    .error(&at_path, "a path item given as $ref is not supported");
                continue;
            };
            for (method, op) in http_methods(item) {
                let pointer = at_path.push(method.as_str().to_ascii_lowercase());
                let id = operation_id(op, method, path);
                walk.seen_tags.extend(op.tags.iter().cloned());
                let keep = selection.keeps(&id, &op.tags);
                walk.seen_ids.insert(id);
                if !keep {
                    continue;
                }
                walk.selected += 1;
                if let Some(operation) =
                    self.operation(&mut taken, schemes, &pointer, path, item, method, op)
                {
                    walk.kept.push(operation);
                }
            }
        }
        walk
    }

    /// The Rust names of an operation: its method and the prefix of its types, from its
    /// operationId. A duplicate operationId, or one that becomes a method or error type
    /// another operation (or the client itself) already has, gets the first free numeric
    /// suffix (`get_thing_2`, `GetThing2Error`) with a warning naming both sides; the
    /// operationId itself is kept as written.
    fn operation_names(
        &self,
        taken: &mut Taken,
        pointer: &Pointer,
        operation_id: &str,
    ) -> naming::OperationNames {
        let here = format!("operation at {pointer}");
        let duplicate = taken
            .operation_ids
            .claim(operation_id, format!("the {here}"))
            .err();
        let names = naming::operation_names(operation_id, |names| {
            !taken.methods.is_taken(&names.method)
                && !taken
                    .root
                    .is_taken(&naming::error_alias(&names.type_prefix))
        });
        let first = naming::OperationNames::of(operation_id);
        if let Some(first_owner) = duplicate {
            self.cx.warn(
                &pointer.push("operationId"),
                format!(
                    "duplicate operationId `{operation_id}`: {first_owner} has it too; this one \
                     becomes the method `{}`",
                    names.method
                ),
            );
        } else if let Some(owner) = taken.methods.owner(&first.method) {
            self.cx.warn(
                pointer,
                format!(
                    "operation `{operation_id}` becomes the method `{}`, which {owner} already \
                     has; this one is `{}`",
                    first.method, names.method
                ),
            );
        } else if names != first {
            let alias = naming::error_alias(&first.type_prefix);
            let owner = taken.root.owner(&alias).unwrap_or("another operation");
            self.cx.warn(
                pointer,
                format!(
                    "operation `{operation_id}` needs the type `{alias}`, which {owner} already \
                     has; this one's is `{}`",
                    naming::error_alias(&names.type_prefix)
                ),
            );
        }
        let _ = taken.methods.claim(&names.method, here.as_str());
        let _ = taken
            .root
            .claim(&naming::error_alias(&names.type_prefix), here);
        names
    }

    /// One operation; `None` when a part of it could not be lowered (every part is still
    /// looked at, so all its problems are reported).
    #[allow(clippy::too_many_arguments, reason = "the operation and where it is")]
    fn operation(
        &mut self,
        taken: &mut Taken,
        schemes: &[SecurityScheme],
        pointer: &Pointer,
        path: &str,
        item: &'d PathItem,
        method: HttpMethod,
        op: &'d OaOperation,
    ) -> Option<Operation> {
        let operation_id = operation_id(op, method, path);
        let naming::OperationNames {
            method: ident,
            type_prefix,
        } = self.operation_names(taken, pointer, &operation_id);
        let (mut params, ok_params) = self.parameters(pointer, item, op, &type_prefix);
        let (path, fixed_query) = split_path_key(self.cx, pointer, path)?;
        // A failed parameter was already reported; don't also report it missing from the path.
        let path_parts = if ok_params {
            path_template(self.cx, pointer, path, &mut params)
        } else {
            None
        };
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.request_body(&pointer.push("requestBody"), b, &type_prefix));
        let body_ok = op.request_body.is_none() || body.is_some();
        let responses = self.responses(&pointer.push("responses"), op, &type_prefix);
        let security = self.operation_security(pointer, op, schemes);
        let (Some(path_parts), Some(responses), Some(security), true, true) =
            (path_parts, responses, security, ok_params, body_ok)
        else {
            return None;
        };
        let pagination = self.pagination(
            pointer,
            op.extensions.get(super::pagination::PAGINATION_EXTENSION),
            self.pagination.get(&operation_id),
            &params,
            &responses,
        )?;
        // The enums its outcome may need (used only when the passes decide so).
        let owner = format!("operation at {pointer}");
        let response_enum =
            taken
                .root
                .fresh(&naming::response_enum(&type_prefix), "", owner.as_str());
        let error_body_enum =
            taken
                .root
                .fresh(&naming::error_body_enum(&type_prefix), "", owner.as_str());
        let request_value = taken
            .root
            .fresh(&naming::request_value(&type_prefix), "", owner);
        Some(Operation {
            operation_id,
            ident,
            error_alias: naming::error_alias(&type_prefix),
            response_enum,
            error_body_enum,
            method,
            path: path.to_owned(),
            path_parts,
            fixed_query,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            params,
            body,
            responses,
            security,
            request_value,
            pagination,
        })
    }
}

fn http_methods(item: &PathItem) -> impl Iterator<Item = (HttpMethod, &OaOperation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
}

/// The operation's id: its `operationId`, or `<method> <path>` when it has none.
fn operation_id(op: &OaOperation, method: HttpMethod, path: &str) -> String {
    op.operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {path}", method.as_str().to_ascii_lowercase()))
}
