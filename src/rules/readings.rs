//! What a token could stand for under the damage profile, and bigram costs between
//! such readings: the layout rules score word orders and joins with them.

use super::Context;
use crate::boundaries::Boundaries;
use crate::candidates::{shared_index, Generator};
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::{Lexicon, WordId};
use crate::simulate::dropped_ranges;
use crate::token::{is_number, NUMBER_KEY};
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

/// `-ln P(word)`, an unknown word's cost for None.
fn unigram(lex: &Lexicon, id: Option<WordId>) -> f32 {
    id.map_or(UNKNOWN_WORD_COST, |id| lex.cost(id))
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

/// How a token is read: as any of its readings, as a whole word (itself or a
/// restoration of inner letters only), or as a word cut short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum As {
    Any,
    Whole,
    Cut,
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

    /// The lexicon the readings are looked up in.
    pub(super) fn lexicon(&self) -> &'static Lexicon {
        self.cx.lexicon
    }

    /// The readings of `key` (a word in lookup form).
    pub(super) fn of(&mut self, key: &str) -> &Reading {
        if !self.cache.contains_key(key) {
            let number = is_number(key);
            let id = self.cx.lexicon.id(if number { NUMBER_KEY } else { key });
            let restorations = if number || key.chars().any(|c| c >= '\u{FB50}') {
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

    /// The readings of `key` read as `st`.
    pub(super) fn set(&mut self, key: &str, st: As) -> Vec<Option<WordId>> {
        let r = self.of(key);
        match st {
            As::Cut if !r.cut.is_empty() => r.cut.clone(),
            As::Whole => r
                .ids
                .iter()
                .copied()
                .filter(|id| !r.cut.contains(id))
                .collect(),
            _ => r.ids.clone(),
        }
    }

    /// The cost of each reading in `r` after each reading in `l`, row by row: `arabic`
    /// says which of them the model knows (Arabic words and numbers, not Latin words),
    /// `breaks` whether a context (sentence) ends between them.
    pub(super) fn steps(
        &self,
        l: &[Option<WordId>],
        r: &[Option<WordId>],
        arabic: (bool, bool),
        breaks: bool,
    ) -> Vec<f32> {
        let (lex, lm, bounds) = (self.cx.lexicon, self.cx.model, self.boundaries);
        let mut out = Vec::with_capacity(l.len() * r.len());
        for &a in l {
            match arabic {
                (_, false) => out.extend(r.iter().map(|_| 0.0)),
                (false, true) => out.extend(r.iter().map(|&b| unigram(lex, b))),
                _ if breaks => out.extend(r.iter().map(|&b| {
                    bounds.map_or(0.0, |x| x.end_cost(a) + x.start_cost(b)) + unigram(lex, b)
                })),
                _ => {
                    // The left word's row is looked up once for all the right words.
                    let go_on = bounds.map_or(0.0, |x| x.continue_cost(a));
                    let from = out.len();
                    out.resize(from + r.len(), 0.0);
                    lm.after(a)
                        .costs(lex, r, |j, cost| out[from + j] = go_on + cost);
                }
            }
        }
        out
    }

    /// The cost of each reading in `set` (of a word the model knows if `arabic`) opening a
    /// line after `before` (None: a context edge; Some(None): a Latin word).
    pub(super) fn starts(
        &mut self,
        set: &[Option<WordId>],
        arabic: bool,
        before: Option<Option<&str>>,
    ) -> Vec<f32> {
        let (lex, lm, bounds) = (self.cx.lexicon, self.cx.model, self.boundaries);
        let prev = match before {
            Some(Some(b)) => self.set(b, As::Any),
            _ => Vec::new(),
        };
        set.iter()
            .map(|&r| match before {
                _ if !arabic => 0.0,
                Some(Some(_)) => prev
                    .iter()
                    .map(|&p| lm.cost(lex, p, r))
                    .fold(f32::INFINITY, f32::min),
                Some(None) => unigram(lex, r),
                None => unigram(lex, r) + bounds.map_or(0.0, |x| x.start_cost(r)),
            })
            .collect()
    }

    /// The cost of each reading in `set` (of an Arabic word if `arabic`) ending a line
    /// before `after` (as `before` in [`Readings::starts`]).
    pub(super) fn ends(
        &mut self,
        set: &[Option<WordId>],
        arabic: bool,
        after: Option<Option<&str>>,
    ) -> Vec<f32> {
        let (lex, lm, bounds) = (self.cx.lexicon, self.cx.model, self.boundaries);
        let next = match after {
            Some(Some(a)) => self.set(a, As::Any),
            _ => Vec::new(),
        };
        let min = |v: &mut dyn Iterator<Item = f32>| v.fold(f32::INFINITY, f32::min);
        set.iter()
            .map(|&r| match after {
                Some(Some(_)) if !arabic => min(&mut next.iter().map(|&a| unigram(lex, a))),
                Some(Some(_)) => {
                    bounds.map_or(0.0, |x| x.continue_cost(r))
                        + min(&mut next.iter().map(|&a| lm.cost(lex, r, a)))
                }
                None if arabic => bounds.map_or(0.0, |x| x.end_cost(r)),
                _ => 0.0,
            })
            .collect()
    }
}
