//! One contender generating one document over and over, in one process: for profilers and
//! instruction counters, whose figures are steadier than wall time on a shared VM.
//!
//! ```text
//! cargo build --release -p apigen-bench --bin repeat
//! valgrind --tool=callgrind target/release/repeat DOC [--times N] [--threads T] [--progenitor]
//! ```
//!
//! Prints the mean wall time per generation (which a profiler slows down, so only its ratio to
//! the other contender under the same profiler means anything).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut doc = None;
    let mut times = 20_u32;
    let mut threads = None;
    let mut progenitor = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--times" => times = number(args.next(), "--times"),
            "--threads" => threads = Some(number(args.next(), "--threads")),
            "--progenitor" => progenitor = true,
            _ if doc.is_none() && !arg.starts_with('-') => doc = Some(arg),
            _ => usage(&format!("unexpected argument {arg}")),
        }
    }
    let Some(path) = doc else {
        usage("no document given")
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("error: cannot read {path}: {e}");
        std::process::exit(2);
    });
    let name = std::path::Path::new(&path)
        .file_name()
        .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
    let mut settings = apigen::Settings::default();
    if let Some(threads) = threads {
        settings.with_threads(threads as usize);
    }
    let start = Instant::now();
    for _ in 0..times {
        let outcome = if progenitor {
            apigen_bench::peer::generate(&name, &text).map(|out| out.code.len())
        } else {
            apigen::generate(&name, &text, &settings)
                .map(|out| out.code.len())
                .map_err(|e| e.to_string())
        };
        if let Err(e) = outcome {
            let first = e.lines().next().unwrap_or_default().to_owned();
            eprintln!("error: {name}: {first}");
            std::process::exit(1);
        }
    }
    let each = start.elapsed().as_secs_f64() * 1000.0 / f64::from(times.max(1));
    let who = if progenitor { "progenitor" } else { "apigen" };
    println!("{who} {name}: {each:.3} ms per generation ({times} times)");
}

fn number(value: Option<String>, flag: &str) -> u32 {
    match value.and_then(|v| v.parse().ok()) {
        Some(n) if n > 0 => n,
        _ => usage(&format!("{flag} takes a positive number")),
    }
}

fn usage(problem: &str) -> ! {
    eprintln!("error: {problem}");
    eprintln!("usage: repeat DOC [--times N] [--threads T] [--progenitor]");
    std::process::exit(2);
}
