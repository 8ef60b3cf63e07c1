//! Decoding a chain of words with candidate sets: Viterbi for the choice, forward-backward
//! for each choice's posterior probability (its confidence).
//!
//! The lattice lives in flat buffers owned by a [`Decoder`] and reused from one stretch
//! (and one chain) to the next, so decoding allocates nothing once the buffers have grown.

use crate::language_model::{BigramModel, UNKNOWN_WORD_COST};
use crate::lexicon::{Lexicon, WordId};

/// One alternative at a position: its lexicon id, None for a word the lexicon lacks.
pub(crate) type Choice = Option<WordId>;

/// What was decided at one position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Decision {
    /// Index into that position's choices.
    pub choice: usize,
    /// Posterior probability of that choice given the whole chain.
    pub confidence: f32,
}

const TRIVIAL: Decision = Decision {
    choice: 0,
    confidence: 1.0,
};

/// Reusable scratch space for decoding chains.
#[derive(Default)]
pub(crate) struct Decoder {
    decisions: Vec<Decision>,
    /// Where each position's choices start in `fwd`, `bwd` and `best` (one more entry
    /// than positions).
    at: Vec<usize>,
    fwd: Vec<f64>,
    bwd: Vec<f64>,
    /// Best Viterbi score of each choice and the choice before it that achieves it.
    best: Vec<(f64, usize)>,
    /// Edge scores into each position, row-major by the previous position's choice; where
    /// position `i`'s block starts is `edge_at[i]`.
    edges: Vec<f64>,
    edge_at: Vec<usize>,
}

impl Decoder {
    /// Decodes a chain of `n` positions; `choices(i)` are the alternatives at position `i`
    /// (never empty), and `bias(i)` a cost in nats added to each of them (the same
    /// length). Positions with a single alternative are decided trivially, and edges
    /// between two such positions are never scored.
    pub(crate) fn decode<'c>(
        &mut self,
        lex: &Lexicon,
        lm: &BigramModel,
        n: usize,
        choices: impl Fn(usize) -> &'c [Choice],
        bias: impl Fn(usize) -> &'c [f32],
    ) -> &[Decision] {
        self.decisions.clear();
        self.decisions.resize(n, TRIVIAL);
        let ambiguous = |i: usize| choices(i).len() > 1;
        // Split the chain into independent stretches: an unambiguous position cuts it,
        // since what comes before cannot influence what comes after except through it.
        let mut i = 0;
        while i < n {
            if !ambiguous(i) {
                i += 1;
                continue;
            }
            let start = i.saturating_sub(1);
            let mut end = i;
            while end < n && ambiguous(end) {
                end += 1;
            }
            let stop = (end + 1).min(n);
            self.decode_stretch(lex, lm, start, stop, (&choices, &bias), start == i);
            i = end;
        }
        &self.decisions
    }

    /// Forward-backward and Viterbi over positions `start..stop`; `at_chain_start` says
    /// whether the first position opens the chain (so it is scored by its unigram cost).
    fn decode_stretch<'c>(
        &mut self,
        lex: &Lexicon,
        lm: &BigramModel,
        start: usize,
        stop: usize,
        (choices, bias): (
            &impl Fn(usize) -> &'c [Choice],
            &impl Fn(usize) -> &'c [f32],
        ),
        at_chain_start: bool,
    ) {
        let n = stop - start;
        let choices = |i: usize| choices(start + i);
        let bias = |i: usize| bias(start + i);
        self.lay_out(n, &choices);
        let Decoder {
            decisions,
            at,
            fwd,
            bwd,
            best,
            edges,
            edge_at,
        } = self;
        let first = choices(0);
        for ((k, &c), &extra) in first.iter().enumerate().zip(bias(0)) {
            let score = if at_chain_start {
                -(c.map_or(UNKNOWN_WORD_COST, |id| lex.cost(id)) as f64)
            } else {
                0.0
            } - extra as f64;
            fwd[k] = score;
            best[k] = (score, 0);
        }
        // Viterbi first: where it keeps every token as it stands (most stretches), no
        // edit needs a confidence and forward-backward is skipped.
        for i in 1..n {
            let (prev, cur) = (choices(i - 1), choices(i));
            let e = &mut edges[edge_at[i]..edge_at[i + 1]];
            let extra = bias(i);
            for (row, &p) in e.chunks_exact_mut(cur.len()).zip(prev) {
                // The left context is looked up once for all the choices that follow it.
                lm.after(p)
                    .costs(lex, cur, |b, cost| row[b] = -((cost + extra[b]) as f64));
            }
            let (best_before, best_here) = best.split_at_mut(at[i]);
            let best_prev = &best_before[at[i - 1]..];
            let width = cur.len();
            for (b, out) in best_here[..width].iter_mut().enumerate() {
                let mut top = (f64::NEG_INFINITY, 0);
                for (a, v) in best_prev.iter().enumerate() {
                    let score = v.0 + e[a * width + b];
                    if score > top.0 {
                        top = (score, a);
                    }
                }
                *out = top;
            }
        }
        // Back-trace.
        let best_last = &best[at[n - 1]..at[n]];
        let mut choice = (0..best_last.len())
            .max_by(|&a, &b| best_last[a].0.total_cmp(&best_last[b].0).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut any = false;
        for i in (0..n).rev() {
            decisions[start + i] = Decision {
                choice,
                confidence: 1.0,
            };
            any |= choice != 0;
            if i > 0 {
                choice = best[at[i] + choice].1;
            }
        }
        if !any {
            return;
        }
        // Forward-backward over the same edges: each decision's posterior.
        for i in 1..n {
            let (prev_len, width) = (choices(i - 1).len(), choices(i).len());
            let e = &edges[edge_at[i]..edge_at[i + 1]];
            let (before, here) = fwd.split_at_mut(at[i]);
            let fwd_prev = &before[at[i - 1]..];
            for (b, out) in here[..width].iter_mut().enumerate() {
                *out = log_sum_exp(prev_len, |a| fwd_prev[a] + e[a * width + b]);
            }
        }
        bwd[at[n - 1]..at[n]].fill(0.0);
        for i in (1..n).rev() {
            let cur = choices(i);
            let e = &edges[edge_at[i]..edge_at[i + 1]];
            let (before, after) = bwd.split_at_mut(at[i]);
            let bwd_here = &after[..cur.len()];
            for (out, row) in before[at[i - 1]..]
                .iter_mut()
                .zip(e.chunks_exact(cur.len()))
            {
                *out = log_sum_exp(row.len(), |b| row[b] + bwd_here[b]);
            }
        }
        let last = &fwd[at[n - 1]..at[n]];
        let z = log_sum_exp(last.len(), |k| last[k]);
        for i in 0..n {
            let d = &mut decisions[start + i];
            let k = at[i] + d.choice;
            d.confidence = ((fwd[k] + bwd[k] - z).exp()).clamp(0.0, 1.0) as f32;
        }
    }

    /// Sizes the buffers for a stretch of `n` positions.
    fn lay_out<'c>(&mut self, n: usize, choices: &impl Fn(usize) -> &'c [Choice]) {
        self.at.clear();
        self.edge_at.clear();
        let (mut nodes, mut edges) = (0, 0);
        for i in 0..n {
            self.at.push(nodes);
            self.edge_at.push(edges);
            let here = choices(i).len();
            nodes += here;
            if i > 0 {
                edges += choices(i - 1).len() * here;
            }
        }
        self.at.push(nodes);
        self.edge_at.push(edges);
        self.fwd.resize(nodes, 0.0);
        self.bwd.resize(nodes, 0.0);
        self.best.resize(nodes, (0.0, 0));
        self.edges.resize(edges, 0.0);
    }
}

/// `ln(sum(exp(term(i))))` for `i` in `0..n`, computed stably around the largest term.
/// The terms are computed twice rather than stored: they are a sum or a lookup.
#[inline]
fn log_sum_exp(n: usize, term: impl Fn(usize) -> f64) -> f64 {
    let m = (0..n).map(&term).fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    // exp(0) is exactly 1: skipping the call for the largest term changes no bit.
    m + (0..n)
        .map(|i| match term(i) {
            x if x == m => 1.0,
            x => (x - m).exp(),
        })
        .sum::<f64>()
        .ln()
}
