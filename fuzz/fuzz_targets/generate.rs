//! Fuzzes the generator's one entry point: any bytes in, diagnostics or parseable code out,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // JSON-looking inputs go in as `.json` files, so the lenient JSON path is fuzzed too.
    let file = if text.starts_with('{') { "fuzz.json" } else { "fuzz.yaml" };
    match apigen::generate(file, text, &apigen::Settings::default()) {
        Ok(generated) => {
            assert!(syn::parse_file(&generated.code).is_ok(), "generated code must parse");
        }
        Err(diagnostics) => assert!(diagnostics.has_errors(), "Err must carry an error"),
    }
});
