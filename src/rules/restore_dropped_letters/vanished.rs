//! Words a profile erases entirely. When a font loses the isolated lam-alef, the word لا
//! leaves nothing but the spaces around it: `قال  يزال` for `قال لا يزال`. A double
//! space between two words of such a document is a gap to judge.

use super::readings::{Reading, Readings};
use super::restore_in_place;
use crate::candidates::Generator;
use crate::lexicon::WordId;
use crate::rules::Context;
use crate::token::{words, Word};

/// Double spaces per word junction in intact text. Measured: 57 between Arabic words in
/// the 5.06M words of ant-news-v2.1 (1.1e-5); ten times that, since extractors and
/// justified layouts add spaces of their own.
const STRAY_GAP_RATE: f64 = 1e-4;

/// The words the profile erases, and how likely a gap is to be one of them.
pub(super) struct Vanished {
    /// Each erased word, its id and its reading.
    words: Vec<(String, WordId, Reading)>,
    /// ln of the document's rate of double spaces that are not erased words, per junction.
    ln_stray_rate: f64,
    reason: String,
}

impl Vanished {
    /// The words `gen`'s profile erases entirely, judged against the gaps of `text`.
    pub(super) fn new<'t>(
        gen: &Generator<'_>,
        cx: &Context<'_>,
        readings: &mut Readings<'t>,
        text: &str,
    ) -> Vanished {
        let mut found = Vec::new();
        gen.each_restoration("", |w, id| found.push((w.to_owned(), id)));
        let mut reason = String::new();
        if let Some((w, _)) = found.iter().min_by(|a, b| {
            (cx.lexicon.cost(a.1))
                .total_cmp(&cx.lexicon.cost(b.1))
                .then(a.0.cmp(&b.0))
        }) {
            reason = format!(
                "{} (the word had vanished)",
                restore_in_place("", w, cx.profile).1
            );
        }
        let mut ln_stray_rate = STRAY_GAP_RATE.ln();
        if !found.is_empty() {
            // Runs of three spaces or more are never gaps, and no repair changes them: a
            // document with many (a justified layout) has stray double spaces too, and
            // its gaps are weaker evidence.
            // Counted without the erasable words, which repair adds.
            let junctions = (words(text))
                .filter(|w| !found.iter().any(|(f, _)| *f == w.key()))
                .count()
                .max(1) as f64;
            let wide = text.matches("   ").count() as f64;
            ln_stray_rate = (wide / junctions).max(STRAY_GAP_RATE).ln();
        }
        let words = found
            .into_iter()
            .map(|(w, id)| {
                let r = readings.add(
                    gen,
                    cx,
                    Word {
                        text: &w,
                        offset: 0,
                    },
                    true,
                );
                (w, id, r)
            })
            .collect();
        Vanished {
            words,
            ln_stray_rate,
            reason,
        }
    }

    /// Where in the text between two words (`between`; the text before the first word
    /// if `opens_text`) a word may have vanished: the offset and length of what it left,
    /// a double space within a line or a single space opening one.
    pub(super) fn gap_in(&self, between: &str, opens_text: bool) -> Option<(usize, usize)> {
        if self.words.is_empty() {
            return None;
        }
        match between.rfind('\n') {
            Some(n) => (&between[n + 1..] == " ").then_some((n + 1, 1)),
            None if opens_text => (between == " ").then_some((0, 1)),
            // Exactly one run of exactly two spaces: anything more is layout, and would
            // still hold a double space after one word was put back.
            None => between
                .find("  ")
                .filter(|&k| !between[k + 1..].contains("  "))
                .map(|k| (k, 2)),
        }
    }

    pub(super) fn word(&self, k: usize) -> &str {
        &self.words[k].0
    }

    pub(super) fn reading(&self, k: usize) -> Reading {
        self.words[k].2
    }

    /// What an edit filling a gap says.
    pub(super) fn reason(&self) -> String {
        self.reason.clone()
    }

    /// The erased word to put between `a` and `b`, with its probability, if one is more
    /// likely than the gap being a stray space.
    ///
    /// Each word `w` has the odds `P(w | a) P(b | w) / (P(b | a) · stray rate)`: a gap is
    /// sure to be left by an erased word, and left by nothing only at the stray rate.
    pub(super) fn fill(
        &self,
        cx: &Context<'_>,
        a: Option<WordId>,
        b: Option<WordId>,
    ) -> Option<(usize, f32)> {
        let (lex, lm) = (cx.lexicon, cx.model);
        let kept = f64::from(lm.cost(lex, a, b));
        let mut best = (0, f64::NEG_INFINITY);
        let mut total = 0.0;
        for (k, &(_, id, _)) in self.words.iter().enumerate() {
            let w = Some(id);
            let ln_odds = kept
                - f64::from(lm.cost(lex, a, w))
                - f64::from(lm.cost(lex, w, b))
                - self.ln_stray_rate;
            total += ln_odds.exp();
            if ln_odds > best.1 {
                best = (k, ln_odds);
            }
        }
        (best.1 > 0.0).then(|| (best.0, (best.1.exp() / (1.0 + total)) as f32))
    }
}
