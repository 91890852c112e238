//! Generation speed: the parse floor, apigen (on every core, and on one thread) and
//! progenitor on the same documents, in the same process, timed in interleaved rounds. Prints a Markdown table of medians and ratios,
//! then how apigen's time grows with document size.
//!
//! `cargo bench -p apigen-bench --bench generation [-- NAME…]` (names filter documents by
//! substring; `--quick` runs fewer rounds).

use std::time::Duration;

use apigen_bench::corpus::{self, Document};
use apigen_bench::measure::{self, Plan, Samples};
use apigen_bench::{floor, peer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    // cargo passes `--bench`; everything not starting with `-` is a document filter.
    let only: Vec<String> = args.into_iter().filter(|a| !a.starts_with('-')).collect();
    let docs = corpus::documents(&only).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });
    let plan = if quick {
        Plan {
            min_rounds: 2,
            max_rounds: 3,
            budget: Duration::from_secs(1),
        }
    } else {
        Plan {
            min_rounds: 5,
            max_rounds: 31,
            budget: Duration::from_secs(6),
        }
    };

    println!(
        "| document | KiB | floor ms | apigen ms | apigen 1 thread ms | progenitor ms | apigen/progenitor | apigen 1 thread/progenitor | apigen/floor | apigen lines | progenitor lines |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut growth = Vec::new();
    let mut floor_growth = Vec::new();
    let mut notes = Vec::new();
    for doc in &docs {
        let row = bench_document(doc, plan, &mut notes);
        if !row.ours.is_empty() {
            growth.push((doc.bytes() as f64, row.ours.median().as_secs_f64()));
        }
        if !row.floor.is_empty() {
            floor_growth.push((doc.bytes() as f64, row.floor.median().as_secs_f64()));
        }
    }
    println!();
    for note in notes {
        println!("- {note}");
    }
    println!();
    println!(
        "Growth with document size (exponent k in time ∝ bytes^k, least squares over the documents each handles): apigen k = {}, floor k = {}",
        exponent(&growth),
        exponent(&floor_growth)
    );
}

struct Row {
    floor: Samples,
    ours: Samples,
}

fn bench_document(doc: &Document, plan: Plan, notes: &mut Vec<String>) -> Row {
    let path = doc.path.clone();
    let name = doc.name.clone();
    // One untimed run each: outcome, output size, and warm caches.
    let ours_lines = match apigen::generate(&name, &doc.text, &apigen::Settings::default()) {
        Ok(out) => Some(out.code.lines().count()),
        Err(e) => {
            let first = e.to_string().lines().next().unwrap_or_default().to_owned();
            notes.push(format!("{name}: apigen refuses it: {first}"));
            None
        }
    };
    let peer_lines = match peer::generate(&name, &doc.text) {
        Ok(out) => Some(out.code.lines().count()),
        Err(e) => {
            let first = e.lines().next().unwrap_or_default().to_owned();
            notes.push(format!("{name}: progenitor fails: {first}"));
            None
        }
    };
    let read = || std::fs::read_to_string(&path).expect("document readable");
    let mut run_floor = || floor::parse(&name, &read()).is_ok();
    let mut run_ours = || {
        ours_lines.is_some()
            && apigen::generate(&name, &read(), &apigen::Settings::default()).is_ok()
    };
    let mut serial = apigen::Settings::default();
    serial.with_threads(1);
    let mut run_serial =
        || ours_lines.is_some() && apigen::generate(&name, &read(), &serial).is_ok();
    let mut run_peer = || peer_lines.is_some() && peer::generate(&name, &read()).is_ok();
    let mut samples = measure::interleaved(
        plan,
        &mut [
            &mut run_floor,
            &mut run_ours,
            &mut run_serial,
            &mut run_peer,
        ],
    );
    let peer = samples.pop().unwrap_or_default();
    let serial = samples.pop().unwrap_or_default();
    let ours = samples.pop().unwrap_or_default();
    let floor = samples.pop().unwrap_or_default();
    let cell = |s: &Samples| {
        if s.is_empty() {
            "—".to_owned()
        } else {
            measure::ms(s.median())
        }
    };
    let lines = |n: Option<usize>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
    println!(
        "| {name} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        doc.bytes() as f64 / 1024.0,
        cell(&floor),
        cell(&ours),
        cell(&serial),
        cell(&peer),
        measure::times(measure::ratio(&ours, &peer)),
        measure::times(measure::ratio(&serial, &peer)),
        measure::times(measure::ratio(&ours, &floor)),
        lines(ours_lines),
        lines(peer_lines),
    );
    Row { floor, ours }
}

fn exponent(points: &[(f64, f64)]) -> String {
    measure::growth_exponent(points).map_or_else(|| "—".to_owned(), |k| format!("{k:.2}"))
}
