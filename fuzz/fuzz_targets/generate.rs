//! Fuzzes the generator's one entry point: any bytes in, diagnostics or parseable code out,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match apigen::generate("fuzz.yaml", text, &apigen::Settings::default()) {
        Ok(generated) => {
            assert!(syn::parse_file(&generated.code).is_ok(), "generated code must parse");
        }
        Err(diagnostics) => assert!(diagnostics.has_errors(), "Err must carry an error"),
    }
});
