//! Interleaved timing and medians.
//!
//! Contenders are timed in rounds (A, B, C, A, B, C, …) rather than one after the other, so
//! a slow phase of the machine (the other core busy, frequency changes) hits all of them
//! alike and the ratios stay meaningful.

use std::time::{Duration, Instant};

/// Durations of one contender, one per round.
#[derive(Debug, Clone, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    /// Records one round.
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    /// The median round (the mean of the middle two for an even count); zero when empty.
    pub fn median(&self) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        middle(&sorted, |a, b| (a + b) / 2).unwrap_or(Duration::ZERO)
    }

    /// Number of rounds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no round was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How many rounds to run: at least `min_rounds`, and more while the total stays under
/// `budget`, up to `max_rounds`.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Rounds always run.
    pub min_rounds: usize,
    /// Rounds never exceeded.
    pub max_rounds: usize,
    /// Time after which no new round starts (once `min_rounds` are done).
    pub budget: Duration,
}

/// Runs `contenders` in interleaved rounds and returns one [`Samples`] per contender. Each
/// contender returns `false` to drop out (e.g. a peer that fails on this input); its
/// samples are then empty.
pub fn interleaved(plan: Plan, contenders: &mut [&mut dyn FnMut() -> bool]) -> Vec<Samples> {
    let mut samples = vec![Samples::default(); contenders.len()];
    let mut alive = vec![true; contenders.len()];
    let start = Instant::now();
    for round in 0..plan.max_rounds {
        if round >= plan.min_rounds && start.elapsed() > plan.budget {
            break;
        }
        for (i, run) in contenders.iter_mut().enumerate() {
            if !alive[i] {
                continue;
            }
            let t = Instant::now();
            let ok = run();
            let elapsed = t.elapsed();
            if ok {
                samples[i].push(elapsed);
            } else {
                alive[i] = false;
                samples[i] = Samples::default();
            }
        }
    }
    samples
}

/// `a / b` as a ratio, or `None` when either side was not measured.
pub fn ratio(a: &Samples, b: &Samples) -> Option<f64> {
    if a.is_empty() || b.is_empty() || b.median().is_zero() {
        return None;
    }
    Some(a.median().as_secs_f64() / b.median().as_secs_f64())
}

/// The median over rounds of `a[i] / b[i]`: each round's pair ran back to back, so a slow
/// phase of the machine cancels out of the ratio. `None` when either side was not measured.
pub fn paired_ratio(a: &Samples, b: &Samples) -> Option<f64> {
    if a.is_empty() || a.len() != b.len() {
        return None;
    }
    let mut ratios: Vec<f64> =
        a.0.iter()
            .zip(&b.0)
            .filter(|(_, y)| !y.is_zero())
            .map(|(x, y)| x.as_secs_f64() / y.as_secs_f64())
            .collect();
    ratios.sort_by(f64::total_cmp);
    middle(&ratios, |a, b| (a + b) / 2.0)
}

/// The median of sorted values: the middle one, or `mean` of the middle two.
fn middle<T: Copy>(sorted: &[T], mean: impl Fn(T, T) -> T) -> Option<T> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(mean(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

/// CPU time this thread has used so far (user and system), or zero where the clock is not
/// available. Unlike wall time it leaves out waiting for the server and time the machine gave
/// to other work, so it measures what the client itself costs.
pub fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes to it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

/// A duration for a table: milliseconds with three significant digits.
pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

/// A ratio for a table (`—` when not measured).
pub fn times(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{r:.2}×"))
}

/// Least-squares slope of `ln y` against `ln x`: the exponent `k` in `y ∝ x^k`
/// (1 means linear growth). `None` with fewer than two distinct points.
pub fn growth_exponent(points: &[(f64, f64)]) -> Option<f64> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    let n = logs.len() as f64;
    if logs.len() < 2 {
        return None;
    }
    let mx = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = logs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(ms: &[u64]) -> Samples {
        let mut s = Samples::default();
        for &m in ms {
            s.push(Duration::from_millis(m));
        }
        s
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(samples(&[5, 1, 3]).median(), Duration::from_millis(3));
        assert_eq!(samples(&[4, 1, 3, 2]).median(), Duration::from_micros(2500));
        assert_eq!(samples(&[]).median(), Duration::ZERO);
    }

    #[test]
    fn a_contender_that_fails_drops_out_with_no_samples() {
        let mut calls = 0;
        let mut ok = || true;
        let mut fails_second = || {
            calls += 1;
            calls < 2
        };
        let plan = Plan {
            min_rounds: 5,
            max_rounds: 5,
            budget: Duration::ZERO,
        };
        let out = interleaved(plan, &mut [&mut ok, &mut fails_second]);
        assert_eq!(out[0].len(), 5);
        assert!(out[1].is_empty());
        assert_eq!(calls, 2, "a dropped contender is not run again");
        assert_eq!(ratio(&out[0], &out[1]), None);
    }

    #[test]
    fn thread_cpu_time_advances_with_work_not_with_sleep() {
        let start = thread_cpu_time();
        std::thread::sleep(Duration::from_millis(50));
        let slept = thread_cpu_time() - start;
        let mut x = 0u64;
        let busy = Instant::now();
        while busy.elapsed() < Duration::from_millis(50) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let worked = thread_cpu_time() - start - slept;
        assert!(slept < Duration::from_millis(25), "{slept:?}");
        assert!(worked > Duration::from_millis(10), "{worked:?}");
    }

    #[test]
    fn paired_ratio_is_the_median_of_per_round_ratios() {
        // Round 2 ran in a slow phase for both; the paired ratio ignores it.
        let a = samples(&[11, 110, 12]);
        let b = samples(&[10, 100, 10]);
        assert!((paired_ratio(&a, &b).unwrap() - 1.1).abs() < 1e-9);
        assert_eq!(paired_ratio(&a, &samples(&[1])), None);
    }

    #[test]
    fn growth_exponent_recognises_linear_and_quadratic() {
        let linear: Vec<_> = (1..6).map(|x| (x as f64, 3.0 * x as f64)).collect();
        let quadratic: Vec<_> = (1..6).map(|x| (x as f64, (x * x) as f64)).collect();
        assert!((growth_exponent(&linear).unwrap() - 1.0).abs() < 1e-9);
        assert!((growth_exponent(&quadratic).unwrap() - 2.0).abs() < 1e-9);
        assert_eq!(growth_exponent(&[(1.0, 1.0)]), None);
    }
}
