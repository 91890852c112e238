//! IR → IR passes: what can only be decided once every type and operation is lowered. None of
//! them sees `openapiv3`; each has one job, and they run once, in this order:
//!
//! 1. [`dedup`]: identical inline types become one (so the later passes see the final types);
//!    then, when filters left operations out, [`prune`] drops the types no kept operation
//!    reaches;
//! 2. [`boxing`]: alias cycles are reported, and the members that must be boxed are found;
//! 3. [`unions`]: which unions print as their value, which alternatives write their own tag;
//! 4. [`outcomes`]: each operation's success and error shape, from its (de-duplicated)
//!    responses.
//!
//! 5. with per-tag features, [`features`]: which feature compiles each operation and type.
//!
//! Steps 2–5 only read the model; what they decide is the [`Analysis`] next to it.

mod boxing;
mod dedup;
mod features;
mod outcomes;
mod prune;
mod unions;

use crate::diag::Ctxt;
use crate::ir::{Analysis, Api, Layout, Model, TypeKind};
use crate::settings::Settings;

/// Runs every pass over a lowered model.
pub(crate) fn run(cx: &Ctxt<'_>, mut model: Model, settings: &Settings) -> Api {
    let filters = &settings.filters;
    dedup::merge_identical(&mut model);
    if filters.is_active() {
        let removed = prune::unreachable(&mut model, !filters.prunes());
        cx.drop_under(&removed);
    }
    boxing::report_alias_cycles(cx, &model.types);
    let boxed = boxing::boxed_members(&model.types);
    let layouts = model
        .types
        .iter()
        .zip(boxed)
        .map(|(def, boxed)| Layout {
            boxed,
            writes_tag: unions::writes_tag(&model.types, def),
            printable: matches!(def.kind, TypeKind::Union(_))
                && unions::printable(&model.types, def),
        })
        .collect();
    let outcomes = model.operations.iter().map(outcomes::decide).collect();
    let features = settings
        .features_per_tag
        .then(|| features::plan(cx, &model))
        .flatten();
    Api {
        model,
        analysis: Analysis {
            layouts,
            outcomes,
            features,
        },
    }
}
