//! What a token could stand for under the damage profile, and bigram costs between
//! such readings: the layout rules score word orders and joins with them.

use super::Context;
use crate::boundaries::Boundaries;
use crate::candidates::{shared_index, Generator};
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::{Lexicon, WordId};
use crate::simulate::dropped_ranges;
use std::collections::HashMap;

/// A token's readings: itself (its lexicon id, or None) and the words the profile could
/// have damaged into it.
pub(super) struct Reading {
    pub ids: Vec<Option<WordId>>,
    /// When some restoration lost its last letter (the token may be a word cut short):
    /// the log-odds that it did, by unigram frequency, against the token itself and the
    /// restorations that lost only inner letters (الحم is الحمى cut short, or الحكم).
    pub end_gain: Option<f32>,
    /// The restorations that lost their last letter.
    pub cut: Vec<Option<WordId>>,
}

/// `ln(e^a + e^b)`.
pub(super) fn log_add(a: f32, b: f32) -> f32 {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    if lo == f32::NEG_INFINITY {
        hi
    } else {
        hi + (lo - hi).exp().ln_1p()
    }
}

/// Readings, looked up once per distinct token.
pub(super) struct Readings<'c> {
    cx: &'c Context<'c>,
    gen: Generator<'c>,
    cache: HashMap<String, Reading>,
    /// Boundary costs, by the embedded lexicon's ids (None with another lexicon).
    boundaries: Option<&'static Boundaries>,
}

impl<'c> Readings<'c> {
    pub(super) fn new(cx: &'c Context<'c>) -> Readings<'c> {
        let mut gen = Generator::new(cx.lexicon, cx.profile);
        let embedded = std::ptr::eq(cx.lexicon, Lexicon::embedded());
        if embedded {
            if let Some(index) = shared_index(cx.profile) {
                gen = gen.with_index(index);
            }
        }
        Readings {
            cx,
            gen,
            cache: HashMap::new(),
            boundaries: embedded.then(Boundaries::embedded),
        }
    }

    /// The readings of `key` (a word in lookup form).
    pub(super) fn of(&mut self, key: &str) -> &Reading {
        if !self.cache.contains_key(key) {
            let id = self.cx.lexicon.id(key);
            let restorations = if key.chars().any(|c| c >= '\u{FB50}') {
                Vec::new()
            } else {
                self.gen.restorations(key)
            };
            let lex = self.cx.lexicon;
            let own = id.map_or(UNKNOWN_WORD_COST, |id| lex.cost(id));
            // Log-odds that the token lost its end: the frequency mass of restorations
            // that did, against the token itself and the restorations that did not.
            let (mut cut, mut whole) = (f32::NEG_INFINITY, -own);
            let mut cut_ids = Vec::new();
            for c in &restorations {
                let ends = dropped_ranges(&c.word, self.cx.profile)
                    .last()
                    .is_some_and(|r| r.end == c.word.len());
                if ends {
                    cut_ids.push(Some(c.id));
                }
                let mass = if ends { &mut cut } else { &mut whole };
                *mass = log_add(*mass, -lex.cost(c.id));
            }
            let end_gain = (cut > f32::NEG_INFINITY).then_some(cut - whole);
            let ids = std::iter::once(id)
                .chain(restorations.iter().map(|c| Some(c.id)))
                .collect();
            self.cache.insert(
                key.to_owned(),
                Reading {
                    ids,
                    end_gain,
                    cut: cut_ids,
                },
            );
        }
        &self.cache[key]
    }

    /// Whether the glyph rule cannot change `key`: every restoration is so much rarer
    /// than the token that the rule prunes it (see `restore_dropped_letters::PRUNE_MARGIN`).
    pub(super) fn glyph_stable(&mut self, key: &str) -> bool {
        let lex = self.cx.lexicon;
        let ids = &self.of(key).ids;
        let own = ids[0].map_or(UNKNOWN_WORD_COST, |id| lex.cost(id));
        ids[1..].iter().all(|&id| {
            id.is_some_and(|id| lex.cost(id) > own + super::restore_dropped_letters::PRUNE_MARGIN)
        })
    }

    /// The cheapest of `cost` over the readings of `key`.
    fn cheapest(&mut self, key: &str, cost: impl Fn(&Boundaries, Option<WordId>) -> f32) -> f32 {
        let Some(b) = self.boundaries else {
            return 0.0;
        };
        let ids = &self.of(key).ids;
        ids.iter()
            .map(|&id| cost(b, id))
            .fold(f32::INFINITY, f32::min)
    }

    /// Cost of a context (sentence) ending after `key`.
    pub(super) fn end(&mut self, key: &str) -> f32 {
        self.cheapest(key, Boundaries::end_cost)
    }

    /// Cost of the context going on after `key`.
    pub(super) fn go_on(&mut self, key: &str) -> f32 {
        self.cheapest(key, Boundaries::continue_cost)
    }

    /// Cost of `key` opening a context: the cheapest reading's unigram cost and how
    /// readily it starts one.
    pub(super) fn start(&mut self, key: &str) -> f32 {
        let lex = self.cx.lexicon;
        let b = self.boundaries;
        let ids = &self.of(key).ids;
        ids.iter()
            .map(|&id| {
                id.map_or(UNKNOWN_WORD_COST, |id| lex.cost(id))
                    + b.map_or(0.0, |b| b.start_cost(id))
            })
            .fold(f32::INFINITY, f32::min)
    }

    /// The cheapest cost of `right` after `left` over both tokens' readings; `left` None
    /// starts a context.
    pub(super) fn bigram(&mut self, left: Option<&str>, right: &str) -> f32 {
        self.bigram_as(left, false, right)
    }

    /// As [`Readings::bigram`], with `left` read as a word cut short if `cut` (and it
    /// can be).
    pub(super) fn bigram_as(&mut self, left: Option<&str>, cut: bool, right: &str) -> f32 {
        let r = self.of(right).ids.clone();
        let (lex, lm) = (self.cx.lexicon, self.cx.model);
        let unigram = |b: Option<WordId>| b.map_or(UNKNOWN_WORD_COST, |id| lex.cost(id));
        match left {
            None => r.iter().map(|&b| unigram(b)).fold(f32::INFINITY, f32::min),
            Some(left) => {
                let reading = self.of(left);
                let l = if cut && !reading.cut.is_empty() {
                    reading.cut.clone()
                } else {
                    reading.ids.clone()
                };
                let mut best = f32::INFINITY;
                for &a in &l {
                    for &b in &r {
                        best = best.min(lm.cost(lex, a, b));
                    }
                }
                best
            }
        }
    }
}
