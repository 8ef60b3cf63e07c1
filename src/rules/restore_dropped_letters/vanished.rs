//! Words a profile erases entirely. When a font loses the isolated lam-alef, the word لا
//! leaves nothing but the spaces around it: `قال  يزال` for `قال لا يزال`. A double
//! space between two words of such a document is a gap to judge; so is a space after an
//! opening quote or bracket that stands apart (`قال " يوجد` for `قال "لا يوجد`), where the
//! word was written against the mark.

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
/// Spaces after an opening quote or bracket that stands apart, per such mark before an
/// Arabic word in intact text. Measured: 1,815 of 132,456 in the training articles of
/// both corpora (1.4e-2); twice that, as extractors space marks too.
const STRAY_OPENING_RATE: f64 = 2.8e-2;

/// What an erased word left, by where it stood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum GapKind {
    /// Two spaces between words of a line.
    Double,
    /// One space opening a line.
    LineStart,
    /// One space after an opening quote or bracket that stands apart.
    AfterOpening,
}

impl GapKind {
    const ALL: [GapKind; 3] = [GapKind::Double, GapKind::LineStart, GapKind::AfterOpening];

    /// How often intact text shows this gap, at the least.
    fn stray_rate(self) -> f64 {
        match self {
            GapKind::Double | GapKind::LineStart => STRAY_GAP_RATE,
            GapKind::AfterOpening => STRAY_OPENING_RATE,
        }
    }

    /// How many bytes (spaces) the gap is.
    pub(super) fn len(self) -> usize {
        match self {
            GapKind::Double => 2,
            GapKind::LineStart | GapKind::AfterOpening => 1,
        }
    }

    /// What the gap becomes once `word` fills it.
    pub(super) fn filled(self, word: &str) -> String {
        match self {
            GapKind::Double => format!(" {word} "),
            GapKind::LineStart | GapKind::AfterOpening => format!("{word} "),
        }
    }
}

/// The words the profile erases, and how likely a gap is to be one of them.
pub(super) struct Vanished {
    /// Each erased word, its id and its reading.
    words: Vec<(String, WordId, Reading)>,
    /// ln of the document's rate of gaps that are not erased words, per [`GapKind`]: per
    /// junction within a line, per line, and per opening mark.
    ln_stray: [f64; 3],
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
        let mut stray = GapKind::ALL.map(|k| k.stray_rate().ln());
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
    /// if `opens_text`) a word may have vanished: the offset and kind of what it left.
    pub(super) fn gap_in(&self, between: &str, opens_text: bool) -> Option<(usize, GapKind)> {
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
        kind: GapKind,
    ) -> Option<(usize, f32)> {
        let ln_stray = self.ln_stray[kind as usize];
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
/// `opens_text`) a word may have vanished: the offset and kind of what it left.
/// Either a line that opens with exactly one space; or exactly two spaces right before the
/// word with no other double space (a word erased before punctuation leaves one space,
/// `قال ، يزال`, and wider runs are layout that would still hold a double space after one
/// word was put back); or one space between the word and an opening quote or bracket
/// with a space or the line's start before it (`قال " يوجد`).
fn gap_in(between: &str, opens_text: bool) -> Option<(usize, GapKind)> {
    let (from, opens_line) = line_part(between, opens_text);
    let s = &between[from..];
    if opens_line && s == " " {
        let gap = !follows_box(&between[..from], opens_text);
        return gap.then_some((from, GapKind::LineStart));
    }
    if let Some(head) = s.strip_suffix("  ") {
        let lone = !opens_line && !head.ends_with(' ') && !head.contains("  ");
        return lone.then_some((from + head.len(), GapKind::Double));
    }
    let head = opening_apart(s, opens_line)?.strip_suffix(' ')?;
    Some((from + head.len(), GapKind::AfterOpening))
}

/// Where the last line of `between` starts, and whether the word after it opens a line.
fn line_part(between: &str, opens_text: bool) -> (usize, bool) {
    match between.rfind('\n') {
        Some(n) => (n + 1, true),
        None => (0, opens_text),
    }
}

/// Whether `before` (what stands between the last word and a line's start; all the text
/// before it if `opens_text`) holds a whole line with no Arabic word in it. pdfminer
/// writes a number, a Latin word or a quote drawn inside a line as a box of its own, and
/// the piece of the line after the box opens with the space that faced it.
fn follows_box(before: &str, opens_text: bool) -> bool {
    let mut lines = before.split('\n');
    if !opens_text {
        // The end of the last word's line.
        lines.next();
    }
    lines.any(|l| !l.trim().is_empty())
}

/// `s` (the text before a word, from its line's start if `opens_line`) if it ends with an
/// opening quote or bracket, optionally followed by one space, that stands apart from
/// what precedes it: after a space, or opening the line.
fn opening_apart(s: &str, opens_line: bool) -> Option<&str> {
    let body = s.strip_suffix(' ').unwrap_or(s);
    let mark = body.chars().next_back().filter(|&c| is_opening(c))?;
    let before = &body[..body.len() - mark.len_utf8()];
    let apart = if before.is_empty() {
        opens_line
    } else {
        before.ends_with(' ')
    };
    apart.then_some(s)
}

/// A mark that opens a quotation or a parenthesis in Arabic text (`"` may close one too:
/// only where it stands apart is it taken to open).
fn is_opening(c: char) -> bool {
    matches!(c, '"' | '«' | '(' | '[' | '“' | '”')
}

/// ln of the rates of stray gaps in `text`, per [`GapKind`]: the document's own excess
/// of gaps over what erased words explain, or the kind's rate in intact text.
///
/// A document that double-spaces its words, or indents its lines by one space, has gaps
/// that are layout. Each count is kept the same by repair: a gap filled becomes an erased
/// word, so erased words standing in the text count as gaps, and junctions are counted
/// between the other words.
fn stray_rates(text: &str, erased: &[(String, WordId)], cx: &Context<'_>) -> [f64; 3] {
    let is_erased = |w: &Word<'_>| erased.iter().any(|(e, _)| *e == w.key());
    let (mut gaps, mut slots) = ([0.0f64; 3], [0.0f64; 3]);
    let mut last_end = 0;
    // Where the erased words since the last other word stood: the word after them stands
    // in their place, as it did before they were put back.
    let mut erased_slot = None;
    for w in words(text) {
        let between = &text[last_end..w.offset];
        let first = last_end == 0;
        let erased = is_erased(&w);
        let slot = slot_kind(between, first, erased);
        last_end = w.offset + w.text.len();
        if erased {
            gaps[slot as usize] += 1.0;
            erased_slot.get_or_insert(slot);
            continue;
        }
        let kind = erased_slot.take().unwrap_or(slot) as usize;
        slots[kind] += 1.0;
        if gap_in(between, first).is_some() {
            gaps[kind] += 1.0;
        }
    }
    // How often an erased word stands at any one slot, by its unigram probability.
    let p: f64 = (erased.iter())
        .map(|&(_, id)| f64::from(-cx.lexicon.cost(id)).exp())
        .sum();
    GapKind::ALL.map(|kind| {
        let (g, n) = (gaps[kind as usize], slots[kind as usize].max(1.0));
        // Two standard deviations of noise: a few gaps more than expected are not layout.
        let excess = g - p * n - 2.0 * g.sqrt();
        (excess / n).max(kind.stray_rate()).ln()
    })
}

/// The kind of gap a word erased before a word with `between` before it would have left;
/// for an erased word standing in the text (`erased`), the gap its erasure would leave, so
/// that a repair keeps every count: after a quote standing apart, `"لا` leaves `" ` and
/// `" لا` two spaces.
fn slot_kind(between: &str, opens_text: bool, erased: bool) -> GapKind {
    let (from, opens_line) = line_part(between, opens_text);
    let s = &between[from..];
    let against = !erased || !s.ends_with(' ');
    if against && opening_apart(s, opens_line).is_some() {
        GapKind::AfterOpening
    } else if opens_line {
        GapKind::LineStart
    } else {
        GapKind::Double
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;
    use crate::{ProfileChoice, Repairer};

    #[test]
    fn finds_what_an_erased_word_left() {
        assert_eq!(gap_in("  ", false), Some((0, GapKind::Double)));
        assert_eq!(gap_in("،  ", false), Some((2, GapKind::Double)));
        assert_eq!(gap_in("   ", false), None);
        assert_eq!(gap_in("\n ", false), Some((1, GapKind::LineStart)));
        assert_eq!(gap_in(" ", true), Some((0, GapKind::LineStart)));
        assert_eq!(gap_in(".\n\n ", false), Some((3, GapKind::LineStart)));
        // The space faced a box of its own (pdfminer), not a word.
        assert_eq!(gap_in(" \n\n930\n\n ", false), None);
        assert_eq!(gap_in("\n\n\"\n\n\"\n ", false), None);
        assert_eq!(gap_in("2,500\n ", true), None);
        // An opening mark standing apart, then a space: `قال " يوجد`.
        assert_eq!(gap_in(" \" ", false), Some((2, GapKind::AfterOpening)));
        assert_eq!(gap_in("، « ", false), Some((5, GapKind::AfterOpening)));
        assert_eq!(gap_in("\n( ", false), Some((2, GapKind::AfterOpening)));
        // A quote against the word before it closes a quotation: `ذلك" وأضاف`.
        assert_eq!(gap_in("\" ", false), None);
        // Against the word after it, it left nothing.
        assert_eq!(gap_in(" \"", false), None);
    }

    #[test]
    fn a_writer_who_spaces_quotes_gets_no_words_in_them() {
        let lam_alef: DamageProfile = "isolated-lam-alef,final-lam-alef".parse().unwrap();
        let r = Repairer::new().profile(ProfileChoice::Given(lam_alef));
        let spaced = "وقال المتحدث \" نحن نعمل على المشروع \" وأضاف \" سنعلن النتائج قريبا \" \
                      كما قال \" الحكومة تدعم الخطة \" وختم \" الأمر يحتاج وقتا \"";
        assert!(r.repair(spaced).edits.is_empty());
        let damaged = "وقال المتحدث \" يوجد أي دليل على ذلك\"";
        assert_eq!(
            r.repair(damaged).text,
            "وقال المتحدث \"لا يوجد أي دليل على ذلك\""
        );
    }
}
