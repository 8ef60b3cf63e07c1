//! Scoring articles in parallel: each thread takes the next article from a shared counter,
//! which balances uneven article lengths; the totals are sums, so they do not depend on
//! who scored what.

use std::ops::AddAssign;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Runs `score` on every text in `threads` threads, each into its own `S`, and sums them.
pub fn sum_over<S, F>(texts: &[&str], threads: usize, score: F) -> S
where
    S: Default + AddAssign + Send,
    F: Fn(&str, &mut S) + Sync,
{
    let next = AtomicUsize::new(0);
    let mut total = S::default();
    thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut part = S::default();
                    while let Some(text) = texts.get(next.fetch_add(1, Ordering::Relaxed)) {
                        score(text, &mut part);
                    }
                    part
                })
            })
            .collect();
        for w in workers {
            total += w.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        }
    });
    total
}
