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
    /// ln of the document's rate of gaps that are not erased words: per junction within a
    /// line (double spaces), and per line (a space opening it).
    ln_stray: [f64; 2],
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
        let mut stray = [STRAY_GAP_RATE.ln(); 2];
        if !found.is_empty() {
            stray = stray_rates(text, &found, cx);
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
            ln_stray: stray,
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
        gap_in(between, opens_text)
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
        opens_line: bool,
    ) -> Option<(usize, f32)> {
        let ln_stray = self.ln_stray[usize::from(opens_line)];
        let (lex, lm) = (cx.lexicon, cx.model);
        let kept = f64::from(lm.cost(lex, a, b));
        let mut best = (0, f64::NEG_INFINITY);
        let mut total = 0.0;
        for (k, &(_, id, _)) in self.words.iter().enumerate() {
            let w = Some(id);
            let ln_odds =
                kept - f64::from(lm.cost(lex, a, w)) - f64::from(lm.cost(lex, w, b)) - ln_stray;
            total += ln_odds.exp();
            if ln_odds > best.1 {
                best = (k, ln_odds);
            }
        }
        (best.1 > 0.0).then(|| (best.0, (best.1.exp() / (1.0 + total)) as f32))
    }
}

/// Where in `between` (the text between two words; the text before the first word if
/// `opens_text`) a word may have vanished: the offset and length of what it left. Either a
/// line that opens with exactly one space, or exactly two spaces right before the word with
/// no other double space: a word erased before punctuation leaves one space (`قال ، يزال`),
/// and wider runs are layout that would still hold a double space after one word was put
/// back.
fn gap_in(between: &str, opens_text: bool) -> Option<(usize, usize)> {
    match between.rfind('\n') {
        Some(n) => (&between[n + 1..] == " ").then_some((n + 1, 1)),
        None if opens_text => (between == " ").then_some((0, 1)),
        None => {
            let head = between.strip_suffix("  ")?;
            (!head.ends_with(' ') && !head.contains("  ")).then_some((head.len(), 2))
        }
    }
}

/// ln of the rates of stray gaps in `text`, within lines and at line starts: the
/// document's own excess of gaps over what erased words explain, or [`STRAY_GAP_RATE`].
///
/// A document that double-spaces its words, or indents its lines by one space, has gaps
/// that are layout. Each count is kept the same by repair: a gap filled becomes an erased
/// word, so erased words standing in the text count as gaps, and junctions are counted
/// between the other words.
fn stray_rates(text: &str, erased: &[(String, WordId)], cx: &Context<'_>) -> [f64; 2] {
    let is_erased = |w: &Word<'_>| erased.iter().any(|(e, _)| *e == w.key());
    let (mut gaps, mut slots) = ([0.0f64; 2], [0.0f64; 2]);
    let mut last_end = 0;
    // Where the erased words since the last other word stood: the word after them stands
    // in their place, as it did before they were put back.
    let mut erased_opened = None;
    for w in words(text) {
        let between = &text[last_end..w.offset];
        let first = last_end == 0;
        let opens_line = first || between.contains('\n');
        last_end = w.offset + w.text.len();
        if is_erased(&w) {
            gaps[usize::from(opens_line)] += 1.0;
            erased_opened.get_or_insert(opens_line);
            continue;
        }
        let kind = usize::from(erased_opened.take().unwrap_or(opens_line));
        slots[kind] += 1.0;
        if gap_in(between, first).is_some() {
            gaps[kind] += 1.0;
        }
    }
    // How often an erased word stands at any one slot, by its unigram probability.
    let p: f64 = (erased.iter())
        .map(|&(_, id)| f64::from(-cx.lexicon.cost(id)).exp())
        .sum();
    let rate = |k: usize| {
        let (g, n) = (gaps[k], slots[k].max(1.0));
        // Two standard deviations of noise: a few gaps more than expected are not layout.
        let excess = g - p * n - 2.0 * g.sqrt();
        (excess / n).max(STRAY_GAP_RATE).ln()
    };
    [rate(0), rate(1)]
}
