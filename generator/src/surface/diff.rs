//! Two surfaces compared: every change to the generated API with the Rust item it touches,
//! where it is in both documents, and whether it breaks callers; and the semver bump the
//! bindings crate needs for all of them together.
//!
//! The rules, by what callers' code does with an item:
//! - Removing anything a caller can name breaks it; so does changing its type, turning an
//!   argument into a setter or back, or changing a call's return or error type.
//! - Adding is compatible, except where callers must now say more: a required parameter or
//!   body (a new argument), a required field of a type callers build (a new `new()`
//!   argument), a variant of an enum callers match without a catch-all (a response status,
//!   a union alternative). A new enum value is compatible: value enums are
//!   `#[non_exhaustive]`, so callers' matches already have a `_` arm, and older clients
//!   receive the value as `Unknown`.
//! - A changed wire name, path, media type or URL changes behaviour, not code (`patch`); so
//!   does changed documentation.
//!
//! A type or operation whose key changed but whose place in the document did not is
//! reported once, as renamed, and its members are compared under the new name.

use std::collections::BTreeMap;
use std::fmt;

use super::{Entry, Kind, Surface};
use crate::source_map::SourceMap;

/// The bump a change needs (ordered: `None` < `Patch` < `Minor` < `Major`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    /// Nothing in the generated API or its docs changed.
    None,
    /// Only documentation or behaviour (wire names, paths, URLs) changed.
    Patch,
    /// Additions callers may use; nothing they wrote breaks.
    Minor,
    /// Some callers' code no longer compiles or reads a different type.
    Major,
}

impl Semver {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an entry is in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The JSON pointer, as written in the document.
    pub pointer: String,
    /// The document's file name.
    pub file: String,
    /// The line, when the document is at hand and the node (or an ancestor) was found.
    pub line: Option<usize>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line} {}", self.file, self.pointer),
            None => write!(f, "{} {}", self.file, self.pointer),
        }
    }
}

/// One change to the generated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed, e.g. `operation-removed`, `field-now-optional`, `docs-changed`.
    pub kind: String,
    /// The bump this change alone needs.
    pub level: Semver,
    /// The Rust item affected (its new name when it was renamed).
    pub rust_item: String,
    /// Where it was (absent when it was added).
    pub old: Option<Place>,
    /// Where it is (absent when it was removed).
    pub new: Option<Place>,
    /// What changed, for a reader.
    pub message: String,
}

impl Change {
    /// Whether callers' code may break.
    pub fn breaking(&self) -> bool {
        self.level == Semver::Major
    }
}

/// A document's side of a comparison: its name, and its text's positions when at hand (a
/// checked-in summary has pointers only).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The file name shown in places.
    pub file: &'a str,
    /// Pointer → line, and the converted pointers of a Swagger 2.0 document mapped back.
    pub source: Option<&'a SourceMap>,
}

impl Side<'_> {
    fn place(&self, entry: &Entry) -> Place {
        let pointer = match self.source {
            Some(map) => map.original(&entry.pointer).into_owned(),
            None => entry.pointer.clone(),
        };
        let line = self
            .source
            .and_then(|map| map.locate(&pointer))
            .map(|l| l.line);
        Place {
            pointer,
            file: self.file.to_owned(),
            line,
        }
    }
}

/// All changes from `old` to `new`, breaking first, then additions, then the rest; and the
/// verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The bump all changes together need.
    pub semver: Semver,
    /// The changes, most severe first, each group in key order.
    pub changes: Vec<Change>,
}

/// Compares two surfaces.
pub fn compare(old: &Surface, new: &Surface, old_side: Side<'_>, new_side: Side<'_>) -> Report {
    let renames = renames(old, new);
    // The old surface with renamed owners' members under their new keys.
    let mut rekeyed: BTreeMap<String, Entry> = BTreeMap::new();
    for (key, entry) in &old.entries {
        rekeyed.insert(rekey(key, &renames), entry.clone());
    }
    let mut changes = Vec::new();
    for (old_key, new_key) in &renames {
        let (o, n) = (&old.entries[old_key], &new.entries[new_key]);
        changes.push(Change {
            kind: format!("{}-renamed", n.kind.as_str()),
            level: Semver::Major,
            rust_item: n.rust_item.clone(),
            old: Some(old_side.place(o)),
            new: Some(new_side.place(n)),
            message: format!("renamed from `{}`", o.rust_item),
        });
    }
    let owner_gone = |key: &str, surface: &BTreeMap<String, Entry>| {
        owner_key(key).is_some_and(|owner| !surface.contains_key(&owner))
    };
    for (key, o) in &rekeyed {
        match new.entries.get(key) {
            None if owner_gone(key, &new.entries) => {}
            None => changes.push(removed(o, old_side)),
            Some(n) => changes.extend(changed(o, n, old_side, new_side)),
        }
    }
    for (key, n) in &new.entries {
        if !rekeyed.contains_key(key) && !owner_gone(key, &rekeyed) {
            changes.push(added(n, new_side));
        }
    }
    // Breaking first, then additions, then the rest; stable within a group.
    changes.sort_by_key(|c| std::cmp::Reverse(c.level));
    let semver = changes
        .iter()
        .map(|c| c.level)
        .max()
        .unwrap_or(Semver::None);
    Report { semver, changes }
}

/// Operations and types whose key changed but which are otherwise the same: old key → new
/// key. An operation is known by its method and path, a type by its place in the document,
/// or, for a renamed component (whose place is its name), by its members.
fn renames(old: &Surface, new: &Surface) -> Vec<(String, String)> {
    let gone = |e: &(&String, &Entry), other: &Surface| {
        matches!(e.1.kind, Kind::Operation | Kind::Type) && !other.entries.contains_key(e.0)
    };
    let removed: Vec<(&String, &Entry)> = old.entries.iter().filter(|e| gone(e, new)).collect();
    let added: Vec<(&String, &Entry)> = new.entries.iter().filter(|e| gone(e, old)).collect();
    let place = |e: &Entry| match e.kind {
        Kind::Operation => e.wire.clone(),
        _ => e.pointer.clone(),
    };
    let mut out = Vec::new();
    for (old_key, o) in &removed {
        let same = |test: &dyn Fn(&String, &Entry) -> bool| -> Option<String> {
            let found: Vec<&String> = added
                .iter()
                .filter(|(k, n)| n.kind == o.kind && test(k, n))
                .map(|(k, _)| *k)
                .collect();
            match found.as_slice() {
                [only] => Some((*only).clone()),
                _ => None,
            }
        };
        let by_place = same(&|_, n| place(n) == place(o));
        let members = members_of(old, old_key);
        let by_members = || {
            (o.kind == Kind::Type && !members.is_empty())
                .then(|| same(&|k, n| n.api == o.api && members_of(new, k) == members))
                .flatten()
        };
        if let Some(new_key) = by_place.or_else(by_members) {
            out.push(((*old_key).clone(), new_key));
        }
    }
    out
}

/// The members of the type or operation at `owner`, without their owner's name: what two
/// names of one thing share.
fn members_of(surface: &Surface, owner: &str) -> Vec<(String, Kind, String, String)> {
    let prefix = format!("{owner} ");
    surface
        .entries
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, e)| {
            (
                k[prefix.len()..].to_owned(),
                e.kind,
                e.api.clone(),
                e.wire.clone(),
            )
        })
        .collect()
}

/// The key of the operation or type an entry belongs to (`op X`, `type X`), if it is a
/// member of one.
fn owner_key(key: &str) -> Option<String> {
    let mut words = key.splitn(3, ' ');
    let (kind, name, rest) = (words.next()?, words.next()?, words.next());
    rest?;
    matches!(kind, "op" | "type").then(|| format!("{kind} {name}"))
}

/// `key` with a renamed owner's old name replaced by the new one.
fn rekey(key: &str, renames: &[(String, String)]) -> String {
    for (old, new) in renames {
        if key == old {
            return new.clone();
        }
        if let Some(rest) = key
            .strip_prefix(old.as_str())
            .and_then(|r| r.strip_prefix(' '))
        {
            return format!("{new} {rest}");
        }
    }
    key.to_owned()
}

fn added(n: &Entry, side: Side<'_>) -> Change {
    let argument = n.api.starts_with("argument");
    let (level, message) = match n.kind {
        Kind::Parameter | Kind::Body if argument => (
            Semver::Major,
            format!("new required {}: a new argument", noun(n.kind)),
        ),
        Kind::Field if n.direction.input && n.api.contains("new() argument") => (
            Semver::Major,
            String::from("new required field of a type callers build: a new `new()` argument"),
        ),
        Kind::Response => (
            Semver::Major,
            format!(
                "new response ({}): a new variant, which exhaustive matches must handle",
                n.wire
            ),
        ),
        Kind::UnionVariant => (
            Semver::Major,
            String::from("new alternative: a new variant, which exhaustive matches must handle"),
        ),
        Kind::EnumValue => (
            Semver::Minor,
            format!(
                "new value `{}` (older clients receive it as `Unknown`)",
                n.wire
            ),
        ),
        _ => (Semver::Minor, format!("new {}", noun(n.kind))),
    };
    Change {
        kind: format!("{}-added", n.kind.as_str()),
        level,
        rust_item: n.rust_item.clone(),
        old: None,
        new: Some(side.place(n)),
        message: with_detail(message, n),
    }
}

fn removed(o: &Entry, side: Side<'_>) -> Change {
    let message = match o.kind {
        Kind::EnumValue => format!("value `{}` removed", o.wire),
        _ => format!("{} removed", noun(o.kind)),
    };
    Change {
        kind: format!("{}-removed", o.kind.as_str()),
        level: Semver::Major,
        rust_item: o.rust_item.clone(),
        old: Some(side.place(o)),
        new: None,
        message: with_detail(message, o),
    }
}

/// The changes between two versions of one entry: its API, its wire facts, its docs.
fn changed(o: &Entry, n: &Entry, old: Side<'_>, new: Side<'_>) -> Vec<Change> {
    let change = |kind: &str, level: Semver, message: String| Change {
        kind: kind.to_owned(),
        level,
        rust_item: n.rust_item.clone(),
        old: Some(old.place(o)),
        new: Some(new.place(n)),
        message,
    };
    let mut out = Vec::new();
    if o.api != n.api {
        let strip = |api: &str| api.replace(" (deprecated)", "");
        let (kind, level, message) = if strip(&o.api) == strip(&n.api) {
            let now = n.api.contains("(deprecated)");
            (
                format!("{}-deprecation", n.kind.as_str()),
                Semver::Minor,
                String::from(if now {
                    "now deprecated"
                } else {
                    "no longer deprecated"
                }),
            )
        } else {
            let (what, message) = api_change(o, n);
            (
                format!("{}-{what}", n.kind.as_str()),
                Semver::Major,
                message,
            )
        };
        out.push(change(&kind, level, message));
    }
    if o.wire != n.wire {
        out.push(change(
            "wire-changed",
            Semver::Patch,
            format!("on the wire: `{}` → `{}`", o.wire, n.wire),
        ));
    }
    if o.docs != n.docs {
        out.push(change(
            "docs-changed",
            Semver::Patch,
            String::from("documentation changed"),
        ));
    }
    out
}

/// How an entry's API changed: a short kind suffix and a message.
fn api_change(o: &Entry, n: &Entry) -> (&'static str, String) {
    let (was_arg, is_arg) = (o.api.starts_with("argument"), n.api.starts_with("argument"));
    let was_required = o.api.contains("new() argument") || (was_arg && !o.api.contains("Option<"));
    let is_required = n.api.contains("new() argument") || (is_arg && !n.api.contains("Option<"));
    match n.kind {
        Kind::Parameter | Kind::Body if was_arg && !is_arg => (
            "now-optional",
            format!(
                "now optional: the argument became a setter ({} → {})",
                o.api, n.api
            ),
        ),
        Kind::Parameter | Kind::Body if !was_arg && is_arg => (
            "now-required",
            format!(
                "now required: the setter became an argument ({} → {})",
                o.api, n.api
            ),
        ),
        Kind::Field if was_required && !is_required => (
            "now-optional",
            format!(
                "now optional ({} → {}): {}",
                o.api,
                n.api,
                by_direction(
                    n,
                    "`new()` no longer takes it",
                    "code that reads it gets an `Option`"
                )
            ),
        ),
        Kind::Field if !was_required && is_required => (
            "now-required",
            format!(
                "now required ({} → {}): {}",
                o.api,
                n.api,
                by_direction(n, "`new()` takes it", "it is no longer an `Option`")
            ),
        ),
        Kind::Returns => ("changed", format!("returns {} → {}", o.api, n.api)),
        Kind::ErrorBody => ("changed", format!("error body {} → {}", o.api, n.api)),
        Kind::Response => ("changed", format!("{} → {}", o.api, n.api)),
        _ => ("retyped", format!("{} → {}", o.api, n.api)),
    }
}

/// What a field's change means to callers who build its type (`input`) and to those who
/// read it (`output`).
fn by_direction(e: &Entry, input: &str, output: &str) -> String {
    match (e.direction.input, e.direction.output) {
        (true, true) => format!("{input}, and {output}"),
        (true, false) => input.to_owned(),
        _ => output.to_owned(),
    }
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Operation => "operation",
        Kind::Parameter => "parameter",
        Kind::Body => "request body",
        Kind::Returns => "success type",
        Kind::ErrorBody => "error type",
        Kind::Response => "response",
        Kind::Type => "type",
        Kind::Field => "field",
        Kind::EnumValue => "enum value",
        Kind::UnionVariant => "alternative",
        Kind::Credential => "credential",
        Kind::Server => "server",
        Kind::Region => "region",
    }
}

/// The message with the entry's signature, where it says something.
fn with_detail(message: String, e: &Entry) -> String {
    match e.kind {
        Kind::Operation | Kind::Region => format!("{message} ({})", e.wire),
        Kind::EnumValue => message,
        _ => format!("{message} ({})", e.api),
    }
}

impl Report {
    /// The report as a changelog: the verdict, then breaking changes, additions, and the
    /// rest.
    pub fn render(&self, old_file: &str, new_file: &str) -> String {
        use fmt::Write as _;
        let mut out = String::new();
        let count = |level: Semver| self.changes.iter().filter(|c| c.level == level).count();
        let _ = writeln!(
            out,
            "{old_file} → {new_file}: {} ({} breaking, {} additions, {} other changes)",
            self.semver,
            count(Semver::Major),
            count(Semver::Minor),
            count(Semver::Patch),
        );
        for (level, heading) in [
            (Semver::Major, "Breaking"),
            (Semver::Minor, "Added"),
            (Semver::Patch, "Behaviour and documentation"),
        ] {
            let group: Vec<&Change> = self.changes.iter().filter(|c| c.level == level).collect();
            if group.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{heading}:");
            for c in group {
                let _ = writeln!(out, "- `{}`: {} [{}]", c.rust_item, c.message, c.kind);
                let place = c.new.as_ref().or(c.old.as_ref());
                if let (Some(o), Some(n)) = (&c.old, &c.new) {
                    if o.pointer != n.pointer || o.line != n.line {
                        let _ = writeln!(out, "  was {o}\n  now {n}");
                        continue;
                    }
                }
                if let Some(place) = place {
                    let _ = writeln!(out, "  at {place}");
                }
            }
        }
        out
    }

    /// The report as JSON (the schema the README documents).
    pub fn to_json(&self) -> serde_json::Value {
        let place = |p: &Option<Place>| match p {
            Some(p) => serde_json::json!({"pointer": p.pointer, "file": p.file, "line": p.line}),
            None => serde_json::Value::Null,
        };
        serde_json::json!({
            "semver": self.semver.as_str(),
            "changes": self.changes.iter().map(|c| serde_json::json!({
                "kind": c.kind,
                "breaking": c.breaking(),
                "level": c.level.as_str(),
                "rust_item": c.rust_item,
                "old": place(&c.old),
                "new": place(&c.new),
                "message": c.message,
            })).collect::<Vec<_>>(),
        })
    }
}
