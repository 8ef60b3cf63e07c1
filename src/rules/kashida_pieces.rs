//! `layout/kashida-pieces`: some extractors (PyMuPDF, pypdf) cut a justified line at every
//! kashida glyph the layout drew, write the pieces from left to right, each in its own
//! logical order, and write the kashida's unmapped code between them:
//! `لمان، إن+د بن س+ير خال+ا، الأم` for `الأمير خالد بن سلمان، إن`. The line reads as
//! its pieces in reverse order, joined where the kashidas were.
//!
//! The filler's code differs from font to font, so the rule learns it from the document,
//! as `layout/justification-fillers` does: a character that cuts lines into pieces whose
//! reversal joins the pieces' ends into common words, again and again. A line is put in
//! order only if its reversed pieces make likelier words at the cuts than the line as it
//! stands, read either way (a line in visual order, or a real hyphen, keeps its order).

use super::justification_fillers::{after_word_char, is_bidi_control, runs_of, unit};
use super::readings::Readings;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::WordId;
use crate::token::{is_arabic_letter, is_arabic_mark, is_word_char, lookup_form};
use std::ops::Range;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/kashida-pieces"),
    category: Category::Layout,
    summary: "Puts back in order justified lines that an extractor cut at every kashida and wrote piece by piece from left to right with the kashida's code between them (لمان، إن+د بن س+ير خال → خالد بن سلمان، إن), and removes that code; only where the document shows such cuts again and again and the reversed pieces join into common words.",
};

pub(super) struct KashidaPieces;

/// Cuts, over the document, whose reversal joins two pieces into one word, before a
/// character is taken for the filler.
pub(super) const MIN_JOINS: usize = 3;
/// The share of those joined words that must be common words.
pub(super) const MIN_COMMON_SHARE: f64 = 0.6;
/// Distinct common words of two letters or more among them (as written: a damaged word
/// counts as the common word it stands for): a hyphen in a name written again and again
/// is not a filler.
pub(super) const MIN_DISTINCT_WORDS: usize = 3;
/// The share of the character's runs in the document that must be cuts in the lines put
/// in order: a hyphen now and then elsewhere is a hyphen.
pub(super) const MIN_CUT_SHARE: f64 = 0.5;
/// How much likelier (in nats, over the words at the cuts) the reversed pieces must be
/// than the line as written.
pub(super) const MARGIN: f32 = 4.0;
/// Lines a code cuts among which one at least must surely read better reversed, before
/// the rest are read.
pub(super) const LINES_TO_SHOW: usize = 16;
/// The most times the filler repeats at one cut (one code per kashida glyph drawn).
const MAX_REPEAT: usize = 4;

impl Rule for KashidaPieces {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Pieces
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        for code in codes(text) {
            // Quick check: most of a filler's runs cut between letters.
            if (code.tight as f64) < MIN_CUT_SHARE * code.runs as f64 {
                continue;
            }
            let filler = code.unit;
            let lines = lines_of(text, &code.cuts);
            let mut words = Readings::new(cx);
            let mut readings: Vec<Reading> = Vec::new();
            for line in lines {
                // A document written this way shows it on nearly every line the code cuts;
                // one whose first lines show none (hashtags joined by `_`) is not read on.
                if readings.len() == LINES_TO_SHOW && !readings.iter().any(Reading::is_sure) {
                    break;
                }
                if let Some(pieces) = pieces(text, line, filler) {
                    readings.push(read(text, &pieces, &mut words));
                }
            }
            let (mut joins, mut common, mut cuts) = (0, 0, 0);
            let mut distinct: Vec<&str> = Vec::new();
            for r in readings.iter().filter(|r| r.is_sure()) {
                joins += r.joined.len();
                cuts += r.cuts;
                for w in &r.joined {
                    let (id, _) = cheapest_reading(&mut words, w);
                    if id.is_some_and(|id| cx.lexicon.is_common_id(id)) {
                        common += 1;
                        if w.chars().count() >= 2 {
                            distinct.push(w);
                        }
                    }
                }
            }
            distinct.sort_unstable();
            distinct.dedup();
            if joins < MIN_JOINS
                || (common as f64) < MIN_COMMON_SHARE * joins as f64
                || distinct.len() < MIN_DISTINCT_WORDS
                || (cuts as f64) < MIN_CUT_SHARE * code.runs as f64
            {
                continue;
            }
            // The document writes its lines this way: every line its filler cuts that reads
            // better reversed is put in order, sure or not (its words may be damaged too).
            // In the others the filler is taken out where it cuts, as a kashida in order:
            // left in, it would read as a letter once the other lines no longer show it.
            edits.extend(readings.into_iter().map(|r| {
                let (replacement, reason) = if r.is_likelier() {
                    (r.reversed, "put in order")
                } else {
                    (r.as_written, "taken out")
                };
                Edit {
                    original: &text[r.span.clone()],
                    span: r.span,
                    replacement,
                    rule: INFO.id,
                    confidence: 0.95,
                    reason: format!("pieces cut at the kashida filler {filler:?} {reason}").into(),
                }
            }));
        }
        edits.sort_by_key(|e| e.span.start);
    }
}

/// A code that may stand for the kashida, as the document shows it.
pub(super) struct Code<'t> {
    /// What the extractor wrote for one kashida: a character, or pdfminer's `(cid:N)`.
    pub unit: &'t str,
    /// Its runs (the unit repeated) in the text.
    runs: usize,
    /// Runs with an Arabic letter or mark right before and a letter right after.
    tight: usize,
    /// Where the runs that may be cuts start: right after a letter or mark, before more
    /// text.
    pub cuts: Vec<usize>,
}

/// Every code that shows between Arabic letters at least [`MIN_JOINS`] times, with its
/// runs. Found as `layout/justification-fillers` finds its runs: only bytes that start a
/// character outside the two-byte Arabic block right after a multi-byte character are
/// looked at, which news text has few of; the runs are counted only for codes found so.
pub(super) fn codes(text: &str) -> Vec<Code<'_>> {
    let mut codes: Vec<Code<'_>> = Vec::new();
    for at in crate::token::other_char_starts(text) {
        if !after_word_char(text, at) {
            continue;
        }
        let Some(unit) = unit(&text[at..]) else {
            continue;
        };
        let Some(c) = text[repeat_end(text, at, unit)..]
            .chars()
            .next()
            .filter(|c| !c.is_whitespace())
        else {
            continue;
        };
        let code = match codes.iter().position(|c| c.unit == unit) {
            Some(i) => &mut codes[i],
            None => {
                codes.push(Code {
                    unit,
                    runs: 0,
                    tight: 0,
                    cuts: Vec::new(),
                });
                codes.last_mut().expect("just pushed")
            }
        };
        code.tight += usize::from(is_arabic_letter(c));
        code.cuts.push(at);
    }
    codes.retain(|c| c.tight >= MIN_JOINS);
    for code in &mut codes {
        code.runs = runs_of(text, code.unit);
    }
    codes
}

/// The lines (their content, without the line end) that hold the offsets `at`, sorted,
/// each once.
pub(super) fn lines_of(text: &str, at: &[usize]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut lines: Vec<Range<usize>> = Vec::new();
    for &i in at {
        if lines.last().is_some_and(|l| i <= l.end) {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..i]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &bytes[i..]).map_or(text.len(), |n| i + n);
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        lines.push(start..end);
    }
    lines
}

/// The end of the run of `filler` that starts at `at`.
fn repeat_end(text: &str, at: usize, filler: &str) -> usize {
    let mut end = at;
    while text[end..].starts_with(filler) {
        end += filler.len();
    }
    end
}

/// The line's content (white space at its ends aside) cut at every run of `filler` that
/// touches a word, as the pieces it was written in; `None` unless there are two pieces
/// or more, none of them empty.
pub(super) fn pieces(text: &str, line: Range<usize>, filler: &str) -> Option<Vec<Range<usize>>> {
    let content = &text[line.clone()];
    let start = line.start + (content.len() - content.trim_start().len());
    let end = line.end - (content.len() - content.trim_end().len());
    let mut pieces = Vec::new();
    let mut piece_start = start;
    let mut at = start;
    while at < end {
        if !text[at..].starts_with(filler) {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let run_end = repeat_end(text, at, filler).min(end);
        let repeats = (run_end - at) / filler.len();
        let before = text[..at].chars().next_back().filter(|_| at > start);
        let after = text[run_end..end].chars().next();
        let touches = before.is_some_and(is_word_char) || after.is_some_and(is_word_char);
        let spaced =
            before.map_or(true, char::is_whitespace) && after.map_or(true, char::is_whitespace);
        if repeats <= MAX_REPEAT && touches && !spaced {
            if at == piece_start || run_end == end {
                return None;
            }
            pieces.push(piece_start..at);
            piece_start = run_end;
        }
        at = run_end;
    }
    pieces.push(piece_start..end);
    (pieces.len() >= 2).then_some(pieces)
}

/// A line cut into pieces, read both ways.
struct Reading {
    /// The line's content, pieces and filler.
    span: Range<usize>,
    /// The pieces in reverse order, joined.
    reversed: String,
    /// The pieces in the order written, joined.
    as_written: String,
    /// How many cuts the line has.
    cuts: usize,
    /// How many of them join letters once the pieces are reversed.
    letter_cuts: usize,
    /// The words the reversal joins across a cut that join letters, in lookup form.
    joined: Vec<String>,
    /// How many of those are known words.
    known: usize,
    /// How much likelier (nats) the words at the cuts and the line's ends are with the
    /// pieces reversed than as written (the filler taken out, read either way).
    gain: f32,
}

impl Reading {
    /// Whether the line reads better reversed: most cuts join letters once reversed, as
    /// kashidas do, and the words are likelier.
    fn is_likelier(&self) -> bool {
        2 * self.letter_cuts >= self.cuts && self.gain > 0.0
    }

    /// Whether the line is surely written piece by piece: likelier by [`MARGIN`], and at
    /// least half the words joined across cuts known.
    fn is_sure(&self) -> bool {
        self.is_likelier() && self.gain >= MARGIN && 2 * self.known >= self.joined.len()
    }
}

/// The line cut into `pieces`, read as written and with its pieces reversed.
fn read(text: &str, pieces: &[Range<usize>], r: &mut Readings<'_>) -> Reading {
    let as_written = Joined::new(pieces.iter().map(|p| &text[p.clone()]));
    let reversed = Joined::new(pieces.iter().rev().map(|p| &text[p.clone()]));
    let cost = |r: &mut Readings<'_>, w: &str| cheapest_reading(r, &lookup_form(w)).1;
    let written_cost: f32 = as_written
        .scored_words()
        .map(|(w, _)| cost(r, w).min(cost(r, &w.chars().rev().collect::<String>())))
        .sum();
    let mut reversed_cost = 0.0;
    let mut joined = Vec::new();
    let mut known = 0;
    for (w, across) in reversed.scored_words() {
        let c = cost(r, w);
        reversed_cost += c;
        if across {
            known += usize::from(c < UNKNOWN_WORD_COST);
            joined.push(lookup_form(w).into_owned());
        }
    }
    let letter_cuts = reversed.letter_cuts().count();
    Reading {
        span: pieces[0].start..pieces[pieces.len() - 1].end,
        reversed: reversed.text,
        as_written: as_written.text,
        cuts: pieces.len() - 1,
        letter_cuts,
        joined,
        known,
        gain: written_cost - reversed_cost,
    }
}

/// The cheapest reading of `key` under the damage profile (itself, or a word the profile
/// damaged into it) and its unigram cost, an unknown word's if there is none: a word the
/// glyph rule will restore later is judged as restored, so that the rule decides alike
/// on the damaged text and on its repair.
pub(super) fn cheapest_reading(r: &mut Readings<'_>, key: &str) -> (Option<WordId>, f32) {
    let lex = r.lexicon();
    r.of(key)
        .ids
        .iter()
        .flatten()
        .map(|&id| (Some(id), lex.cost(id)))
        .fold(
            (None, UNKNOWN_WORD_COST),
            |a, b| if b.1 < a.1 { b } else { a },
        )
}

/// Pieces joined, with the offsets where they meet.
struct Joined {
    text: String,
    cuts: Vec<usize>,
}

impl Joined {
    fn new<'p>(pieces: impl Iterator<Item = &'p str>) -> Joined {
        let mut text = String::new();
        let mut cuts = Vec::new();
        for p in pieces {
            if !text.is_empty() {
                cuts.push(text.len());
            }
            text.push_str(p);
        }
        Joined { text, cuts }
    }

    /// The words (runs of word characters, bidi controls among them) that touch a cut or
    /// an end of the text, each once, and whether a cut joins letters inside it. Either
    /// order scores every piece's first and last word this way, once.
    fn scored_words(&self) -> impl Iterator<Item = (&str, bool)> + '_ {
        let in_word = |c: char| is_word_char(c) || is_bidi_control(c);
        let mut words: Vec<Range<usize>> = Vec::new();
        for at in std::iter::once(0)
            .chain(self.cuts.iter().copied())
            .chain(std::iter::once(self.text.len()))
        {
            let start = at
                - self.text[..at]
                    .chars()
                    .rev()
                    .take_while(|&c| in_word(c))
                    .map(char::len_utf8)
                    .sum::<usize>();
            let end = at
                + self.text[at..]
                    .chars()
                    .take_while(|&c| in_word(c))
                    .map(char::len_utf8)
                    .sum::<usize>();
            if start < end && words.last() != Some(&(start..end)) {
                words.push(start..end);
            }
        }
        words.into_iter().map(|w| {
            let across = self.letter_cuts().any(|c| w.start < c && c < w.end);
            (&self.text[w], across)
        })
    }

    /// The cuts with a letter (or its mark) before and a letter after, as a kashida has.
    fn letter_cuts(&self) -> impl Iterator<Item = usize> + '_ {
        self.cuts.iter().copied().filter(|&c| {
            self.text[..c]
                .chars()
                .next_back()
                .is_some_and(|c| is_arabic_letter(c) || is_arabic_mark(c))
                && self.text[c..].chars().next().is_some_and(is_arabic_letter)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn repaired(text: &str) -> String {
        let mut edits = Vec::new();
        let p = DamageProfile::default();
        KashidaPieces.apply(text, &Context::embedded(&p), &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    #[test]
    fn puts_pieces_written_left_to_right_in_order() {
        // PyMuPDF on a justified line, with its kashida's code; pypdf doubles it. One cut
        // is too little to learn the filler from.
        let text = "ير خال+قال سفير المملكة في أمريكا، الأم\nوحسب بل يساهم أيضا";
        assert_eq!(repaired(text), text);
        let text = "لمان، إن+د بن س+ير خال+ا، الأم+قال سفير المملكة في أمريك\n\
                    كري++انب العس++ر على الج++وده بلاده في اليمن لا يقتص++ذي تق++الف ال++لمان، إن دور التح++د بن س++خال\n\
                    وحسب بل يساهم أيضا بمشاريع إعادة إعمار اليمن.\n";
        assert_eq!(
            repaired(text),
            "قال سفير المملكة في أمريكا، الأمير خالد بن سلمان، إن\n\
             خالد بن سلمان، إن دور التحالف الذي تقوده بلاده في اليمن لا يقتصر على الجانب العسكري\n\
             وحسب بل يساهم أيضا بمشاريع إعادة إعمار اليمن.\n"
        );
    }

    #[test]
    fn leaves_lines_in_order_and_hyphens_alone() {
        for text in [
            // Fillers in logical order are `layout/justification-fillers`' to remove.
            "في العاص..مة الأفغاني..ة قتل انتحاري ثمانية أشخاص في خيم..ة كبي..رة.",
            // A line in visual order, stretched.
            "ةم!!صاعلا ةن!!يدملا ةمو!!كحلا",
            "كوين-تشيك وشركة كوين-تشيك وعن كوين-تشيك ومن كوين-تشيك.\nدياز-كانيل ودياز-كانيل",
            "عام 2019-2020 وعام 2020-2021 في الفترة 2021-2022 من الموسم",
            "رخصة \"ب+هـ\" أو \"ج+هـ\" أو \"د+هـ\" أو \"د\"",
        ] {
            assert_eq!(repaired(text), text);
        }
    }
}
