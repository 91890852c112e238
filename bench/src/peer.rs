//! The peer: progenitor (`progenitor-impl` as a library), driven as `cargo progenitor` drives
//! it, with its output formatted by the same `prettyplease` apigen uses.
//!
//! progenitor panics on many real documents; a panic here is caught and reported as a
//! failure, and the panic message is kept out of the benchmark's output.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that stays silent while the peer runs and defers to the
/// default hook otherwise, so our own panics still print.
fn quiet_peer_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// What progenitor produced for one document.
pub struct PeerOutput {
    /// The formatted source of the client.
    pub code: String,
    /// `[dependencies]` lines a crate around `code` needs (as `cargo progenitor` writes them).
    pub dependencies: Vec<String>,
}

/// Reads and generates `text` with progenitor's default settings (positional methods),
/// then formats it.
///
/// # Errors
/// progenitor's error, its panic message, or why its output did not parse.
pub fn generate(file: &str, text: &str) -> Result<PeerOutput, String> {
    generate_in_style(file, text, InterfaceStyle::Positional)
}

/// [`generate`] with progenitor's `interface` setting: `Builder` gives its builder style,
/// one builder struct per operation.
///
/// # Errors
/// As [`generate`].
pub fn generate_in_style(
    file: &str,
    text: &str,
    style: InterfaceStyle,
) -> Result<PeerOutput, String> {
    quiet_peer_panics();
    QUIET.with(|q| q.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| generate_unguarded(file, text, style)));
    QUIET.with(|q| q.set(false));
    match outcome {
        Ok(result) => result,
        Err(payload) => Err(format!("panic: {}", panic_message(payload.as_ref()))),
    }
}

fn generate_unguarded(file: &str, text: &str, style: InterfaceStyle) -> Result<PeerOutput, String> {
    let spec = crate::floor::parse(file, text).map_err(|e| format!("parse error: {e}"))?;
    let mut settings = GenerationSettings::default();
    settings.with_interface(style);
    let mut generator = Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("error: {e}"))?;
    let parsed: syn::File =
        syn::parse2(tokens).map_err(|e| format!("output does not parse: {e}"))?;
    let code = prettyplease::unparse(&parsed);
    Ok(PeerOutput {
        code,
        dependencies: dependencies(&generator),
    })
}

/// The dependencies `cargo progenitor` 0.15 declares for a generated crate (without
/// `--include-client`): a fixed set plus what the type space says it uses.
fn dependencies(generator: &Generator) -> Vec<String> {
    let types = generator.get_type_space();
    let mut deps = vec![
        r#"bytes = "1.9""#.to_owned(),
        r#"futures-core = "0.3""#.to_owned(),
        r#"progenitor-client = "0.15.1""#.to_owned(),
        r#"reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }"#.to_owned(),
        r#"serde = { version = "1.0", features = ["derive"] }"#.to_owned(),
        r#"serde_urlencoded = "0.7""#.to_owned(),
    ];
    let optional = [
        (types.uses_regress(), r#"regress = "0.10""#),
        (
            types.uses_uuid(),
            r#"uuid = { version = "1.0", features = ["serde", "v4"] }"#,
        ),
        (
            types.uses_chrono(),
            r#"chrono = { version = "0.4", default-features = false, features = ["serde"] }"#,
        ),
        (generator.uses_futures(), r#"futures = "0.3""#),
        (generator.uses_websockets(), r#"base64 = "0.22""#),
        (generator.uses_websockets(), r#"rand = "0.8""#),
        (types.uses_serde_json(), r#"serde_json = "1.0""#),
    ];
    deps.extend(
        optional
            .into_iter()
            .filter(|(used, _)| *used)
            .map(|(_, dep)| dep.to_owned()),
    );
    deps.sort_unstable();
    deps
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_owned()
    }
}
