//! What each distinct token of a document can be, looked up once per document.
//!
//! Tokens repeat (Zipf): a 2 MB news text has about 180k words but only 34k distinct
//! ones. Every reading lives in a few flat buffers shared by the whole document, so
//! that a token costs one hash probe once seen, and a new one allocates nothing once the
//! buffers have grown.

use super::convention::{respelled, Convention};
use super::restorations;
use crate::candidates::Generator;
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::WordId;
use crate::rules::Context;
use crate::simulate::{damage, dropped_ranges};
use crate::token::{Word, NUMBER_KEY};
use crate::word_map::WordMap;
use std::ops::Range;

/// How much rarer (in nats of unigram cost) than the token a restoration may be.
/// (`layout/split-proclitic` relies on it to know which words this rule cannot change.)
pub(in crate::rules) const PRUNE_MARGIN: f32 = 7.0;

/// What one token can be: where its choices are in its [`Readings`]. Held by value in
/// the chain, so that deciding whether a position is ambiguous reads nothing else.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reading {
    start: usize,
    len: usize,
}

impl Reading {
    /// Whether the token has any restoration.
    pub(super) fn is_ambiguous(self) -> bool {
        self.len > 1
    }
}

/// The readings of one document's tokens.
#[derive(Default)]
pub(super) struct Readings<'t> {
    by_token: WordMap<&'t str, Reading>,
    /// The readings of words as restoration respelled them, by their text: the same
    /// restoration recurs throughout a document (ف → في).
    by_restored: WordMap<Box<str>, Reading>,
    /// Per reading: the token's own id first, then its restorations' ids.
    choices: Vec<Option<WordId>>,
    /// Parallel to `choices`: a cost (nats) added to the choice's language-model cost, for
    /// the spelling of a restored final ي/ى under the document's convention.
    bias: Vec<f32>,
    /// Parallel to `choices`: where each restoration's word is in `words` (empty for the
    /// token itself).
    word_spans: Vec<Range<usize>>,
    words: String,
    convention: Option<Convention>,
    /// The reading of every number, once made.
    number: Option<Reading>,
}

impl<'t> Readings<'t> {
    /// Readings under the document's ي/ى `convention`, if restoration must choose one.
    pub(super) fn new(convention: Option<Convention>) -> Readings<'t> {
        Readings {
            convention,
            ..Readings::default()
        }
    }

    /// The reading of `w`, looked up the first time its text is seen.
    pub(super) fn get(&mut self, gen: &Generator<'_>, cx: &Context<'_>, w: Word<'t>) -> Reading {
        if let Some(&r) = self.by_token.get(w.text) {
            return r;
        }
        let r = self.add(gen, cx, w, true);
        self.by_token.insert(w.text, r);
        r
    }

    /// The reading of `w`, a word as restoration respelled it: looked up the first time
    /// its text is seen, as [`Readings::get`] does for tokens.
    pub(super) fn get_restored(
        &mut self,
        gen: &Generator<'_>,
        cx: &Context<'_>,
        w: Word<'_>,
    ) -> Reading {
        if let Some(&r) = self.by_restored.get(w.text) {
            return r;
        }
        let r = self.add(gen, cx, w, true);
        self.by_restored.insert(w.text.into(), r);
        r
    }

    /// The reading of a number: the lexicon's entry for any number, and nothing else.
    pub(super) fn number(&mut self, cx: &Context<'_>) -> Reading {
        *self.number.get_or_insert_with(|| {
            let start = self.choices.len();
            self.choices.push(cx.lexicon.id(NUMBER_KEY));
            self.bias.push(0.0);
            self.word_spans.push(0..0);
            Reading { start, len: 1 }
        })
    }

    /// A new reading of `w`, with restorations only if `restore`.
    pub(super) fn add(
        &mut self,
        gen: &Generator<'_>,
        cx: &Context<'_>,
        w: Word<'_>,
        restore: bool,
    ) -> Reading {
        let key = w.key();
        let id = cx.lexicon.id(&key);
        let start = self.choices.len();
        self.choices.push(id);
        self.bias.push(0.0);
        self.word_spans.push(0..0);
        if restore {
            // A restoration far rarer than the token itself can only win on bigram evidence
            // so strong that it would make it frequent; dropping it keeps the lattice small.
            let ceiling = id.map_or(UNKNOWN_WORD_COST, |id| cx.lexicon.cost(id)) + PRUNE_MARGIN;
            restorations(gen, w.text, &key, |word, id| {
                if cx.lexicon.cost(id) <= ceiling {
                    self.push(word, id, 0.0);
                }
            });
            if let Some(convention) = self.convention {
                self.respell(convention, cx, &key, start + 1);
            }
        }
        Reading {
            start,
            len: self.choices.len() - start,
        }
    }

    fn push(&mut self, word: &str, id: WordId, bias: f32) {
        let at = self.words.len();
        self.words.push_str(word);
        self.choices.push(Some(id));
        self.bias.push(bias);
        self.word_spans.push(at..self.words.len());
    }

    /// Offers each restoration from `first` on whose final ي/ى was put back also in the
    /// other spelling, where `convention` prefers that and the profile damages it into
    /// `key` too: the same word to the language model, its own spelling at a cost.
    fn respell(&mut self, convention: Convention, cx: &Context<'_>, key: &str, first: usize) {
        let end = self.choices.len();
        for k in first..end {
            let span = self.word_spans[k].clone();
            let word = &self.words[span];
            let Some(keep) = word
                .chars()
                .next_back()
                .and_then(|c| convention.keep_cost(c))
            else {
                continue;
            };
            let restored_last =
                (dropped_ranges(word, cx.profile).last()).is_some_and(|r| r.end == word.len());
            let Some(other) = respelled(word).filter(|_| restored_last) else {
                continue;
            };
            if damage(&other, cx.profile) != key {
                continue;
            }
            let Some(id) = self.choices[k] else { continue };
            self.bias[k] = keep;
            self.push(&other, id, 0.0);
        }
    }

    /// The language-model cost each choice of reading `r` adds (see `bias`).
    pub(super) fn bias(&self, r: Reading) -> &[f32] {
        &self.bias[r.start..r.start + r.len]
    }

    /// The alternatives of reading `r`: the token's id, then its restorations'.
    pub(super) fn choices(&self, r: Reading) -> &[Option<WordId>] {
        &self.choices[r.start..r.start + r.len]
    }

    /// The word of choice `choice` (at least 1: a restoration) of reading `r`.
    pub(super) fn restoration(&self, r: Reading, choice: usize) -> &str {
        let span = &self.word_spans[r.start + choice];
        &self.words[span.start..span.end]
    }

    /// Number of distinct tokens looked up.
    pub(super) fn distinct_tokens(&self) -> usize {
        self.by_token.len()
    }
}
