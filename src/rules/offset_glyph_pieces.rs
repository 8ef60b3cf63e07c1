//! `layout/offset-glyph-pieces`: pypdf starts a new piece of text at every glyph that a
//! PDF places off the baseline on its own (a letter stacked on the next, as Amiri draws م
//! on ح, or raised), and writes a right-to-left line's pieces from left to right, each in
//! its own logical order (PyMuPDF does so at some, such as Amiri's ل on ك): `جال الطاقة ... والتعريفملتحديد الفرص ... للتعاون في ` for
//! `لتحديد الفرص ... للتعاون في مجال الطاقة ... والتعريف`, cut at the م of مجال. The
//! line reads as its pieces in reverse order, each offset glyph between the pieces it
//! separated, and the words at the cuts, which read as nonsense as written, read right.
//!
//! Nothing marks the cuts: the glyph is a letter of the text. So each stretch of a line
//! between left-to-right runs (where pypdf also starts a piece) is read every way that
//! cuts it at letters of words the lexicon lacks, and the likeliest way wins if it beats
//! the line as written by a clear margin. A document written this way shows it in line
//! after line; one that does not is left alone.

use super::readings::Readings;
use super::reversed_runs::MAX_WORDS;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::lexicon::Lexicon;
use crate::line_layout::lines;
use crate::token::{is_arabic_letter, is_arabic_mark, is_word_char, lookup_form, words};
use std::ops::Range;
use unicode_bidi::{bidi_class, BidiClass};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/offset-glyph-pieces"),
    category: Category::Layout,
    summary: "Puts back in order lines that an extractor cut at every glyph placed off the baseline (a letter stacked on the next, as Amiri draws م on ح) and wrote piece by piece from left to right (جال الطاقة ... والتعريفملتحديد الفرص ... في → لتحديد الفرص ... في مجال الطاقة ... والتعريف); only where the document shows such lines again and again and the reversed pieces make far likelier words.",
};

pub(super) struct OffsetGlyphPieces;

/// Cost (nats) of one letter of a word the lexicon lacks. Unknown words are charged by
/// length, not a flat cost, so that gluing two of them into one gains nothing.
const UNKNOWN_LETTER_COST: f32 = 3.5;
/// Cost of an unknown word on top of its letters.
const UNKNOWN_WORD_BASE: f32 = 2.0;
/// Cost of a chunk with a mark right after punctuation (`السعودية.ًرغم`), which no
/// writer writes: the words around it read alike either way, the mark's place does not.
const ORPHAN_MARK_COST: f32 = 10.0;
/// Known words a reading must hold for a mark after punctuation alone to have it put in
/// order, outside documents that show cut lines: a line of prose, not a stray mark.
const EVIDENT_WORDS: usize = 5;
/// Cost of each cut: a reading needs evidence for every glyph it takes for offset.
const CUT_COST: f32 = 3.0;
/// How much likelier (nats) a line must read in pieces than as written to be put in
/// order, once the document is known to be written this way.
const MARGIN: f32 = 6.0;
/// How much likelier a line must read for it to show that the document is written this
/// way, and how many such lines it takes.
const SURE_GAIN: f32 = 15.0;
const SURE_LINES: usize = 3;
/// Lines with a letter to cut at that are weighed before the share of sure ones among
/// them is asked: at least one in [`SURE_ONE_IN`], then and at the end.
const LINES_TO_SHOW: usize = 4;
/// Lines with a letter to cut at among which one must be sure before any more are read.
const FIRST_LINES: usize = 2;
const SURE_ONE_IN: usize = 4;
/// Letters that may be cuts in one stretch: beyond that, the stretch is left as it is.
const MAX_CANDIDATES: usize = 40;
/// Letters to cut at in a stretch beyond which its line waits until the document has
/// shown a sure line.
const FEW_CANDIDATES: usize = 16;
/// Partial readings kept at each candidate cut.
const BEAM: usize = 8;
/// The longest word being built across cuts (bytes): longer ones are no words.
const MAX_PENDING: usize = 40;

impl Rule for OffsetGlyphPieces {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Offsets
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        let mut found: Vec<(Range<usize>, String, bool)> = Vec::new();
        let (mut weighed, mut sure) = (0, 0);
        // Whether every line is still read: once the document shows too few sure lines,
        // only lines with an orphan mark are.
        let mut reading_all = true;
        // Lines with many letters to cut at, whose reading costs the most, are read only
        // once a line with few has shown the document written this way.
        let mut deferred: Vec<Range<usize>> = Vec::new();
        let mut readings = Readings::new(cx);
        for span in lines(text) {
            if (weighed >= FIRST_LINES && sure == 0)
                || (weighed >= LINES_TO_SHOW && sure * SURE_ONE_IN < weighed)
            {
                reading_all = false;
            }
            let orphans = has_orphan_mark(&text[span.clone()]);
            if (!reading_all && !orphans) || words(&text[span.clone()]).count() > MAX_WORDS {
                // A paragraph is no line an extractor wrote.
                continue;
            }
            let cuts = line_cuts(text, span.clone(), &mut readings);
            if sure == 0 && !orphans && cuts.iter().any(|(_, c)| c.len() > FEW_CANDIDATES) {
                deferred.push(span);
                continue;
            }
            let any = weigh(text, cuts, cx.lexicon, &mut found, &mut sure);
            weighed += usize::from(any && reading_all);
            if sure > 0 && reading_all {
                for span in std::mem::take(&mut deferred) {
                    let cuts = line_cuts(text, span, &mut readings);
                    let any = weigh(text, cuts, cx.lexicon, &mut found, &mut sure);
                    weighed += usize::from(any);
                }
            }
        }
        let shown = reading_all && sure >= SURE_LINES && sure * SURE_ONE_IN >= weighed;
        found.retain(|&(_, _, evident)| shown || evident);
        for (span, replacement, _) in found {
            edits.push(Edit {
                original: &text[span.clone()],
                span,
                replacement,
                rule: INFO.id,
                confidence: 0.9,
                reason: "pieces cut at glyphs placed off the baseline put in order".into(),
            });
        }
    }
}

/// Whether `s` holds a mark right after punctuation (`السعودية.ًرغم`): a raised mark
/// written where the line was cut, as no writer does. (A mark after a space is common in
/// extracted text that spaces marks apart: `اللجن ُة`.)
fn has_orphan_mark(s: &str) -> bool {
    let mut before: Option<char> = None;
    for c in s.chars() {
        if is_arabic_mark(c) && before.is_some_and(|b| !is_word_char(b) && !b.is_whitespace()) {
            return true;
        }
        before = Some(c);
    }
    false
}

/// Each stretch of the line `span` with the letters it may be cut at.
fn line_cuts(
    text: &str,
    span: Range<usize>,
    r: &mut Readings<'_>,
) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
    stretches(text, span)
        .into_iter()
        .map(|stretch| {
            let cuts = candidates(&text[stretch.clone()], r);
            (stretch, cuts)
        })
        .collect()
}

/// Reads each stretch of a line, keeping those likelier in pieces in `found` and counting
/// the sure ones; whether any stretch had a letter to cut at.
fn weigh(
    text: &str,
    stretches: Vec<(Range<usize>, Vec<Range<usize>>)>,
    lex: &Lexicon,
    found: &mut Vec<(Range<usize>, String, bool)>,
    sure: &mut usize,
) -> bool {
    let mut any = false;
    for (stretch, cuts) in stretches {
        let Some((reading, gain)) = read(&text[stretch.clone()], &cuts, lex) else {
            continue;
        };
        any = true;
        if gain >= MARGIN {
            *sure += usize::from(gain >= SURE_GAIN);
            let evident = has_orphan_mark(&text[stretch.clone()])
                && known_words(&reading, lex) >= EVIDENT_WORDS;
            found.push((stretch, reading, evident));
        }
    }
    any
}

/// How many of the words of `s` the lexicon knows.
fn known_words(s: &str, lex: &Lexicon) -> usize {
    words(s).filter(|w| lex.id(&w.key()).is_some()).count()
}

/// The stretches of `line` that pypdf writes piece by piece: between the left-to-right
/// runs (Latin, digits), where it starts a piece anyway, with at least one Arabic letter.
fn stretches(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = line.start;
    let mut push = |r: Range<usize>| {
        if text[r.clone()].chars().any(is_arabic_letter) {
            out.push(r);
        }
    };
    for (i, c) in text[line.clone()].char_indices() {
        if matches!(bidi_class(c), BidiClass::L | BidiClass::EN) {
            push(from..line.start + i);
            from = line.start + i + c.len_utf8();
        }
    }
    push(from..line.end);
    out
}

/// A partial reading of a stretch, built from its end leftwards: the word still open at
/// its left end, the cost of the words closed, and how it was built.
struct Partial {
    /// The words closed, and the open word as if it closed here (to rank partials).
    cost: f32,
    open_cost: f32,
    open: String,
    /// Where the last cut is (the stretch's end at first).
    at: usize,
    /// In `read`'s steps: the cut taken last and the partial it extended.
    step: usize,
}

/// The likeliest way to read the stretch `s` as pieces cut at some of `cuts` (its
/// candidate offset glyphs, from right to left), and how much likelier (nats) it is than
/// the stretch as written; None if there is nothing to cut at, or too much.
fn read(s: &str, cuts: &[Range<usize>], lex: &Lexicon) -> Option<(String, f32)> {
    if cuts.is_empty() || cuts.len() > MAX_CANDIDATES {
        return None;
    }
    let chunks = Chunks::new(s, lex);
    let as_written = chunks.between(0, s.len());
    // Each step: the cut taken (None: the stretch's start) and the step before it.
    let mut steps: Vec<(Option<usize>, usize)> = vec![(None, usize::MAX)];
    // Cuts from the right: the first piece of the line in logical order is its last.
    let mut layers: Vec<Vec<Partial>> = (0..=cuts.len()).map(|_| Vec::new()).collect();
    layers[0].push(Partial {
        cost: 0.0,
        open_cost: 0.0,
        open: String::new(),
        at: s.len(),
        step: 0,
    });
    let mut best: Option<(f32, usize)> = None;
    let mut word = String::new();
    for k in 0..=cuts.len() {
        let mut here = std::mem::take(&mut layers[k]);
        here.sort_by(|a, b| (a.cost + a.open_cost).total_cmp(&(b.cost + b.open_cost)));
        here.truncate(BEAM);
        for p in &here {
            // The next cut to the left, or none (the stretch's start).
            for next in (k..cuts.len()).map(Some).chain([None]) {
                let (from, glyph) = match next {
                    Some(j) => (cuts[j].end, &s[cuts[j].clone()]),
                    None => (0, ""),
                };
                let piece = &s[from..p.at];
                let mut cost = p.cost + if next.is_some() { CUT_COST } else { 0.0 };
                word.clear();
                word.push_str(&p.open);
                if let (Some(first), Some(last)) = (
                    piece.find(char::is_whitespace),
                    piece.rfind(char::is_whitespace),
                ) {
                    // The open word closes at the piece's first space; the words between
                    // its first and last space are the stretch's own.
                    word.push_str(&piece[..first]);
                    cost += word_cost(&word, lex);
                    cost += chunks.between(from + first, from + last);
                    let after = last + piece[last..].chars().next().map_or(1, char::len_utf8);
                    word.clear();
                    word.push_str(&piece[after..]);
                } else {
                    word.push_str(piece);
                }
                word.push_str(glyph);
                let open = &word;
                let step = steps.len();
                match next {
                    None => {
                        cost += word_cost(open, lex);
                        if best.map_or(true, |(b, _)| cost < b) {
                            steps.push((None, p.step));
                            best = Some((cost, step));
                        }
                    }
                    Some(j) if open.len() <= MAX_PENDING => {
                        let layer = &mut layers[j + 1];
                        match layer.iter_mut().find(|q| q.open == *open) {
                            Some(q) if q.cost <= cost => {}
                            Some(q) => {
                                steps.push((Some(j), p.step));
                                q.cost = cost;
                                q.step = step;
                            }
                            None => {
                                steps.push((Some(j), p.step));
                                layer.push(Partial {
                                    cost,
                                    open_cost: word_cost(open, lex),
                                    open: open.clone(),
                                    at: cuts[j].start,
                                    step,
                                });
                            }
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }
    let (cost, mut step) = best?;
    // The cuts taken, from the right.
    let mut taken = Vec::new();
    while step != 0 {
        let (cut, before) = steps[step];
        taken.extend(cut);
        step = before;
    }
    if taken.is_empty() {
        return None;
    }
    taken.reverse();
    let mut reading = String::with_capacity(s.len());
    let mut at = s.len();
    for &j in &taken {
        reading.push_str(&s[cuts[j].end..at]);
        reading.push_str(&s[cuts[j].clone()]);
        at = cuts[j].start;
    }
    reading.push_str(&s[..at]);
    Some((reading, as_written - cost))
}

/// The chunks of a stretch between white space, with the running sum of their costs, so
/// that the words a piece holds whole cost one subtraction.
struct Chunks {
    /// Per chunk: where it ends, and the cost of it and all before it.
    ends: Vec<(usize, f32)>,
}

impl Chunks {
    fn new(s: &str, lex: &Lexicon) -> Chunks {
        let mut ends = Vec::new();
        let (mut start, mut total) = (0, 0.0);
        for (i, c) in s.char_indices().filter(|&(_, c)| c.is_whitespace()) {
            total += word_cost(&s[start..i], lex);
            ends.push((i, total));
            start = i + c.len_utf8();
        }
        total += word_cost(&s[start..], lex);
        ends.push((s.len(), total));
        Chunks { ends }
    }

    /// The cost of the chunks between white space at `from` and white space at `to`
    /// (or the stretch's ends).
    fn between(&self, from: usize, to: usize) -> f32 {
        let upto = |at: usize| {
            let k = self.ends.partition_point(|&(end, _)| end < at);
            if at == 0 {
                0.0
            } else {
                self.ends[k].1
            }
        };
        upto(to) - upto(from)
    }
}

/// The letters and marks of `s` that may be offset glyphs, from right to left: those of
/// a word the lexicon lacks or of a word of one letter, unless the damage profile makes
/// a word of it (`الدبلوماسيي` is `الدبلوماسيين` without its final ن, `م` is `من`).
fn candidates(s: &str, r: &mut Readings<'_>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for w in s.split(char::is_whitespace) {
        let key = lookup_form(w.trim_matches(|c| !is_word_char(c)));
        let letters = key.chars().filter(|&c| is_arabic_letter(c)).count();
        // A known word of two letters or more is no fragment, whatever it could stand for:
        // asked first, it spares looking up its restorations.
        let fragment = letters > 0
            && (letters == 1 || r.lexicon().id(&key).is_none())
            && r.of(&key).ids.len() == 1;
        if fragment {
            let glyphs = w
                .char_indices()
                .filter(|&(_, c)| is_arabic_letter(c) || is_arabic_mark(c));
            out.extend(glyphs.map(|(i, c)| at + i..at + i + c.len_utf8()));
        }
        // The separator after the chunk (white space, one char).
        at += w.len() + s[at + w.len()..].chars().next().map_or(1, char::len_utf8);
    }
    out.reverse();
    out
}

/// What a chunk of text between white space costs a reading: the unigram cost of each
/// word in it, or, for a word the lexicon lacks, a cost by its letters. Punctuation and
/// numbers cost nothing.
fn word_cost(chunk: &str, lex: &Lexicon) -> f32 {
    let words: f32 = chunk
        .split(|c| !is_word_char(c))
        .map(|w| {
            let key = lookup_form(w);
            let letters = key.chars().filter(|&c| is_arabic_letter(c)).count();
            if letters == 0 {
                return 0.0;
            }
            match lex.id(&key) {
                Some(id) => lex.cost(id),
                None => UNKNOWN_WORD_BASE + UNKNOWN_LETTER_COST * letters as f32,
            }
        })
        .sum();
    words
        + if has_orphan_mark(chunk) {
            ORPHAN_MARK_COST
        } else {
            0.0
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(s: &str) -> Option<(String, f32)> {
        let profile = crate::profile::DamageProfile::default();
        let cx = Context::embedded(&profile);
        let mut r = Readings::new(&cx);
        read(s, &candidates(s, &mut r), cx.lexicon)
    }

    #[test]
    fn reads_a_line_cut_at_an_offset_glyph() {
        let (line, gain) = reading(
            "جريات القمع الدموي الذي واجه به نظام حافظ الأسد معارضيه، والذي أدىماللبنانية ومقدمات الاجتياح الإسرائيلي، و",
        )
        .unwrap();
        assert_eq!(
            line,
            "اللبنانية ومقدمات الاجتياح الإسرائيلي، ومجريات القمع الدموي الذي واجه به نظام حافظ الأسد معارضيه، والذي أدى"
        );
        assert!(gain > SURE_GAIN, "{gain}");
    }

    #[test]
    fn reads_a_line_cut_at_a_raised_mark() {
        let (line, gain) = reading(
            "، لكن ذلك لم يمنع المنافسة بين الفريقين.ًرغم أن الفريق لم يشارك في البطولة أساسا",
        )
        .unwrap();
        assert_eq!(
            line,
            "رغم أن الفريق لم يشارك في البطولة أساساً، لكن ذلك لم يمنع المنافسة بين الفريقين."
        );
        assert!(gain >= MARGIN, "{gain}");
        assert!(has_orphan_mark("الفريقين.ًرغم"));
        assert!(!has_orphan_mark("أساساً، حدثا ً"));
    }

    #[test]
    fn leaves_a_line_of_words_alone() {
        let line = "قال هارون في كلمته التي تلت إعلان فوزه بالجائزة عبارة لن تمحى";
        assert!(reading(line).map_or(true, |(_, gain)| gain < MARGIN));
    }
}
