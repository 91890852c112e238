//! Every broken spec in `tests/broken/` is refused, and its rendered diagnostics are a
//! snapshot, so message quality (what, where, what to do) is reviewed as data.

#[test]
fn broken_specs() {
    insta::glob!("broken/*", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = format!("broken/{}", path.file_name().unwrap().to_string_lossy());
        let diagnostics = match apigen::generate(&name, &text, &apigen::Settings::default()) {
            Ok(_) => panic!("{name} must be refused"),
            Err(diagnostics) => diagnostics,
        };
        assert!(diagnostics.has_errors(), "{name}");
        for d in &diagnostics.items {
            assert!(
                d.location.is_some(),
                "{name}: every diagnostic is located: {d:?}"
            );
        }
        insta::assert_snapshot!(diagnostics.to_string());
    });
}
