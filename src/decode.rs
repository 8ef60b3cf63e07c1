//! Decoding a chain of words with candidate sets: Viterbi for the choice, forward-backward
//! for each choice's posterior probability (its confidence).

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

/// Decodes a chain: `choices[i]` are the alternatives at position `i` (never empty).
/// Positions with a single alternative are decided trivially, and edges between two
/// such positions are never scored.
pub(crate) fn decode(lex: &Lexicon, lm: &BigramModel, choices: &[&[Choice]]) -> Vec<Decision> {
    let n = choices.len();
    let mut decisions = vec![
        Decision {
            choice: 0,
            confidence: 1.0
        };
        n
    ];
    let ambiguous = |i: usize| choices[i].len() > 1;
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
        decode_stretch(
            lex,
            lm,
            &choices[start..stop],
            &mut decisions[start..stop],
            start == i,
        );
        i = end;
    }
    decisions
}

fn edge_cost(lex: &Lexicon, lm: &BigramModel, prev: Option<Choice>, cur: Choice) -> f64 {
    let cost = match prev {
        Some(p) => lm.cost(lex, p, cur),
        None => cur.map_or(UNKNOWN_WORD_COST, |id| lex.cost(id)),
    };
    cost as f64
}

/// Forward-backward and Viterbi over a short stretch; `at_chain_start` says whether the
/// first position opens the chain (so it is scored by its unigram cost).
fn decode_stretch(
    lex: &Lexicon,
    lm: &BigramModel,
    choices: &[&[Choice]],
    out: &mut [Decision],
    at_chain_start: bool,
) {
    let n = choices.len();
    // Edge costs: cost[i][a][b] from choice a at i-1 to choice b at i.
    let mut fwd: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut best: Vec<Vec<(f64, usize)>> = Vec::with_capacity(n);
    let first: Vec<f64> = choices[0]
        .iter()
        .map(|&c| {
            if at_chain_start {
                -edge_cost(lex, lm, None, c)
            } else {
                0.0
            }
        })
        .collect();
    best.push(first.iter().map(|&s| (s, 0)).collect());
    fwd.push(first);
    let mut edges: Vec<Vec<Vec<f64>>> = vec![Vec::new()];
    for i in 1..n {
        let e: Vec<Vec<f64>> = choices[i - 1]
            .iter()
            .map(|&p| {
                choices[i]
                    .iter()
                    .map(|&c| -edge_cost(lex, lm, Some(p), c))
                    .collect()
            })
            .collect();
        let f: Vec<f64> = (0..choices[i].len())
            .map(|b| log_sum_exp((0..choices[i - 1].len()).map(|a| fwd[i - 1][a] + e[a][b])))
            .collect();
        let v: Vec<(f64, usize)> = (0..choices[i].len())
            .map(|b| {
                (0..choices[i - 1].len())
                    .map(|a| (best[i - 1][a].0 + e[a][b], a))
                    .fold((f64::NEG_INFINITY, 0), |m, x| if x.0 > m.0 { x } else { m })
            })
            .collect();
        fwd.push(f);
        best.push(v);
        edges.push(e);
    }
    let mut bwd: Vec<Vec<f64>> = vec![Vec::new(); n];
    bwd[n - 1] = vec![0.0; choices[n - 1].len()];
    for i in (1..n).rev() {
        bwd[i - 1] = (0..choices[i - 1].len())
            .map(|a| log_sum_exp((0..choices[i].len()).map(|b| edges[i][a][b] + bwd[i][b])))
            .collect();
    }
    let z = log_sum_exp(fwd[n - 1].iter().copied());
    // Viterbi back-trace.
    let mut choice = (0..choices[n - 1].len())
        .max_by(|&a, &b| {
            best[n - 1][a]
                .0
                .total_cmp(&best[n - 1][b].0)
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    for i in (0..n).rev() {
        let posterior = (fwd[i][choice] + bwd[i][choice] - z).exp();
        out[i] = Decision {
            choice,
            confidence: posterior.clamp(0.0, 1.0) as f32,
        };
        if i > 0 {
            choice = best[i][choice].1;
        }
    }
}

fn log_sum_exp(xs: impl Iterator<Item = f64> + Clone) -> f64 {
    let m = xs.clone().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + xs.map(|x| (x - m).exp()).sum::<f64>().ln()
}
