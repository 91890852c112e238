//! The public corpus: what generates (and therefore compiled with this crate), what is
//! refused and why. The report is printed, and the count may only go up.

#[test]
fn corpus_report() {
    let report = apigen_corpus_check::REPORT;
    println!("{report}");
    let rows: Vec<Vec<&str>> = report.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows.len(),
        16,
        "the corpus has 16 documents (is ../shared linked?)"
    );
    let generated = rows.iter().filter(|r| r[1] == "generated").count();
    for row in rows.iter().filter(|r| r[1] == "refused") {
        assert!(row[2].contains("(at "), "every refusal is located: {row:?}");
    }
    // Raise this as the breadth work lands; it must never fall.
    assert!(
        generated >= 6,
        "only {generated} of 16 documents generate:\n{report}"
    );
}
