//! `layout/stand-in-pieces`: when a glyph has no Unicode mapping, PyMuPDF and pypdf write
//! its code as a character, and where that character is a Latin letter or a digit, strong
//! left-to-right, they cut the line at it and write the pieces from left to right, each in
//! its own logical order, the code between them:
//! `افة تفاصيلها من أساس ... من1تعتبر متابعة مباراة الفريق الآخر ب` for
//! `تعتبر متابعة مباراة الفريق الآخر ب1افة تفاصيلها من أساس ... من` (`1` for medial ك).
//! The line reads as its pieces in reverse order, the code left where it cut for
//! `glyph/unmapped-glyphs` to read as the letter it stands for.
//!
//! As with kashida pieces, the code is learnt from the document: a character that cuts
//! lines into pieces whose reversal makes the words at the cuts, the code read as one
//! letter, common words again and again, where the line as written makes none.

use super::kashida_pieces::{
    cheapest_reading, codes, lines_of, pieces, LINES_TO_SHOW, MARGIN, MIN_COMMON_SHARE,
    MIN_CUT_SHARE, MIN_DISTINCT_WORDS, MIN_JOINS,
};
use super::readings::Readings;
use super::reversed_runs::MAX_WORDS;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::lexicon::Lexicon;
use crate::line_layout::{is_edge_punct, mirror_reverse};
use crate::token::{is_arabic_letter, is_word_char, lookup_form, words};
use std::ops::Range;
use unicode_bidi::{bidi_class, BidiClass};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/stand-in-pieces"),
    category: Category::Layout,
    summary: "Puts back in order lines that an extractor cut at the code it wrote for an unmapped glyph, a Latin letter or digit, and wrote piece by piece from left to right (افة تفاصيلها ... من1تعتبر ... ب → تعتبر ... ب1افة تفاصيلها ... من); only where the document shows such cuts again and again and the code, read as a letter, joins the reversed pieces into common words.",
};

pub(super) struct StandInPieces;

// The document-level tests are the kashida rule's: at least MIN_JOINS joins in lines
// likelier reversed by MARGIN, MIN_COMMON_SHARE of them common, MIN_DISTINCT_WORDS
// distinct, MIN_CUT_SHARE of the code's cuts in them, one sure line in LINES_TO_SHOW.

/// Letters and the code together, in a word that tells which letter the code is or
/// counts towards [`MIN_DISTINCT_WORDS`].
const MIN_WORD_CHARS: usize = 4;

impl Rule for StandInPieces {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Pieces
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        for code in codes(text) {
            let mut units = code.unit.chars();
            let (Some(c), None) = (units.next(), units.next()) else {
                continue;
            };
            if !cuts_runs(c) {
                continue;
            }
            let mut lookups = Readings::new(cx);
            let cuts: Vec<Cut> = lines_of(text, &code.cuts)
                .into_iter()
                // Extracted lines are a column wide; a paragraph on one line is running
                // text, which no extractor wrote piece by piece.
                .filter(|line| words(&text[line.clone()]).count() <= MAX_WORDS)
                .filter_map(|line| pieces(text, line, code.unit))
                .map(|pieces| cut(text, &pieces, c))
                .collect();
            let letter = letter_of(&cuts, c, cx.lexicon);
            let mut readings: Vec<Reading> = Vec::new();
            for cut in cuts {
                // A document written this way shows it on nearly every line the code cuts.
                if readings.len() == LINES_TO_SHOW && !readings.iter().any(Reading::is_sure) {
                    break;
                }
                readings.push(read(cut, c, letter, &mut lookups));
            }
            let (mut joins, mut common, mut cuts) = (0, 0, 0);
            let mut distinct: Vec<&str> = Vec::new();
            for r in readings.iter().filter(|r| r.is_sure()) {
                joins += r.joined.len();
                cuts += r.cuts;
                for (w, is_common) in &r.joined {
                    if *is_common {
                        common += 1;
                        if w.chars().count() >= MIN_WORD_CHARS {
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
                || (cuts as f64) < MIN_CUT_SHARE * code.cuts.len() as f64
            {
                continue;
            }
            // The document writes its lines this way: every line the code cuts that reads
            // better reversed is put in order, sure or not.
            edits.extend(
                readings
                    .into_iter()
                    .filter(Reading::is_likelier)
                    .map(|r| Edit {
                        original: &text[r.span.clone()],
                        span: r.span,
                        replacement: r.reversed,
                        rule: INFO.id,
                        confidence: 0.95,
                        reason: format!(
                            "pieces cut at the code {c:?} (read as {letter}) put in order"
                        )
                        .into(),
                    }),
            );
        }
        edits.sort_by_key(|e| e.span.start);
    }
}

/// Whether an extractor cuts a right-to-left line into runs at `c`: a strong
/// left-to-right character or a digit.
fn cuts_runs(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::L | BidiClass::EN | BidiClass::AN)
}

/// A line cut into pieces, read as written and with its pieces reversed.
struct Cut {
    /// The line's content, pieces and codes.
    span: Range<usize>,
    /// The line with its pieces in reverse order.
    reversed: String,
    cuts: usize,
    /// The words each reading is scored on (those holding the code, and the line's
    /// first and last words), in lookup form, and whether each holds the code between
    /// two of its letters.
    as_written_words: Vec<(String, bool)>,
    reversed_words: Vec<(String, bool)>,
}

/// A line cut into pieces, scored with the code read as the document's letter.
struct Reading {
    span: Range<usize>,
    reversed: String,
    cuts: usize,
    /// The words the reversal makes across cuts, the code read as the letter, and
    /// whether each is a common word.
    joined: Vec<(String, bool)>,
    /// How many of those are known words.
    known: usize,
    /// How much likelier (nats) the scored words are with the pieces reversed than as
    /// written.
    gain: f32,
}

impl Reading {
    fn is_likelier(&self) -> bool {
        self.gain > 0.0
    }

    /// Whether the line is surely written piece by piece: likelier by [`MARGIN`], and at
    /// least half the words joined across cuts known.
    fn is_sure(&self) -> bool {
        self.gain >= MARGIN && 2 * self.known >= self.joined.len()
    }
}

/// The line cut into `pieces` at the code `c`, read as written and reversed.
fn cut(text: &str, pieces: &[Range<usize>], c: char) -> Cut {
    let span = pieces[0].start..pieces[pieces.len() - 1].end;
    // The first piece opens with the punctuation that ended the line, as in lines whose
    // runs were not cut (`.دوري أبطال آسيا`): it goes back to the line's end.
    let first = &text[pieces[0].clone()];
    let lead = first.len() - first.trim_start_matches(is_edge_punct).len();
    let mut reversed = String::with_capacity(span.len());
    for (k, p) in pieces.iter().enumerate().rev() {
        let start = if k == 0 { p.start + lead } else { p.start };
        let piece = &text[start..p.end];
        // Each piece's spaces at its ends stood on the other side of it.
        let body = piece.trim_matches(' ');
        let before = piece.len() - piece.trim_start_matches(' ').len();
        let after = piece.len() - piece.trim_end_matches(' ').len();
        reversed.push_str(&" ".repeat(after));
        reversed.push_str(body);
        reversed.push_str(&" ".repeat(before));
        if k > 0 {
            // The code that cut before this piece.
            reversed.push_str(&text[pieces[k - 1].end..p.start]);
        }
    }
    reversed.push_str(&mirror_reverse(&first[..lead]));
    Cut {
        as_written_words: scored_words(&text[span.clone()], c),
        reversed_words: scored_words(&reversed, c),
        span,
        reversed,
        cuts: pieces.len() - 1,
    }
}

/// The words of `line` that hold the code `c` (with a letter), and its first and last
/// words, in lookup form, each with whether it holds the code between two of its letters.
/// Only such words tell which letter the code is, and whether the order is right: at a
/// word's edge, a code read as و or ب makes a word of nearly any word it is glued to.
fn scored_words(line: &str, c: char) -> Vec<(String, bool)> {
    let in_word = |x: char| is_word_char(x) || x == c;
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, x) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (start, i < line.len() && in_word(x)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter_map(|(k, w)| {
            let word = &line[w.clone()];
            let key = lookup_form(word).into_owned();
            let inside = key.trim_matches(c).contains(c);
            (word.contains(c) || k == 0 || k == last).then_some((key, inside))
        })
        .collect()
}

/// The Arabic letter the code `c` stands for: the one that makes the most words the
/// lexicon lists of all the words holding it (of [`MIN_WORD_CHARS`] or more: any letter
/// makes a word of `1ن`), in either reading of every line. A glyph's
/// code stands for one letter throughout a document, and only the right order makes it
/// words. (Read as they stand, not as the damage profile could restore them: under a
/// profile nearly any string is some word's damaged form.)
fn letter_of(cuts: &[Cut], c: char, lex: &Lexicon) -> char {
    let mut best = ('\u{0644}', 0);
    let mut buf = [0; 4];
    for letter in ('\u{0621}'..='\u{064A}').filter(|&l| is_arabic_letter(l)) {
        let letter_str: &str = letter.encode_utf8(&mut buf);
        let mut known = 0;
        for cut in cuts {
            for (w, holds) in cut.as_written_words.iter().chain(&cut.reversed_words) {
                let long = w.chars().count() >= MIN_WORD_CHARS;
                if *holds && long && lex.id(&w.replace(c, letter_str)).is_some() {
                    known += 1;
                }
            }
        }
        if known > best.1 {
            best = (letter, known);
        }
    }
    best.0
}

/// The cost of `key`'s cheapest reading with the code `c` read as `letter`.
fn cost_as(key: &str, c: char, letter: char, r: &mut Readings<'_>) -> f32 {
    if key.contains(c) {
        cheapest_reading(r, &key.replace(c, letter.encode_utf8(&mut [0; 4]))).1
    } else {
        cheapest_reading(r, key).1
    }
}

/// `cut` scored with the code `c` read as `letter`.
fn read(cut: Cut, c: char, letter: char, r: &mut Readings<'_>) -> Reading {
    let total = |words: &[(String, bool)], r: &mut Readings<'_>| -> f32 {
        words.iter().map(|(w, _)| cost_as(w, c, letter, r)).sum()
    };
    let gain = total(&cut.as_written_words, r) - total(&cut.reversed_words, r);
    let lex = r.lexicon();
    let mut known = 0;
    let mut joined = Vec::new();
    for (w, holds) in &cut.reversed_words {
        if !holds {
            continue;
        }
        let word = w.replace(c, letter.encode_utf8(&mut [0; 4]));
        let id = lex.id(&word);
        known += usize::from(id.is_some());
        joined.push((word, id.is_some_and(|id| lex.is_common_id(id))));
    }
    Reading {
        span: cut.span,
        reversed: cut.reversed,
        cuts: cut.cuts,
        joined,
        known,
        gain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn repaired(text: &str) -> String {
        let mut edits = Vec::new();
        let p = DamageProfile::default();
        StandInPieces.apply(text, &Context::embedded(&p), &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    /// PyMuPDF on the lam-alef ligatures unmapped (Noto Naskh, from
    /// `fixtures/extracted/written.noto-right-lamalef-lost.pymupdf.txt`): `2` is the code
    /// of the lam in each ligature.
    #[test]
    fn puts_pieces_cut_at_a_code_in_order() {
        let text = concat!(
            "ايات المتحدة وروسيا2أوروبي والو2اتحاد ا2إنتاج في المصانع التي تملكها وشارك في المؤتمر ممثلون عن ا2زيادة ا\n",
            "أنباء الرسمية أن الملك2وأشار التقرير إلى أن الجيش السوري سيطر على مناطق واسعة في الشمال وذكرت وكالة ا\n",
            "أمريكي في القصر الملكي وتشكل الزراعة مصدرا رئيسيا للدخل في المناطق الريفية لكن2استقبل وزير الخارجية ا\n",
            "أكثر تأثرا بالحرب التي دمرت المدارس والمستشفيات2أطفال هم ا2الجفاف أثر على المحاصيل وقالت المنظمة إن ا\n",
            "إجرامية التي تنشط على الحدود وحضر الحفل عدد كبير من الفنانين2وأعلنت الحكومة عن خطة لتفكيك الشبكات ا\n",
        );
        let want = concat!(
            "زيادة ا2إنتاج في المصانع التي تملكها وشارك في المؤتمر ممثلون عن ا2اتحاد ا2أوروبي والو2ايات المتحدة وروسيا\n",
            "وأشار التقرير إلى أن الجيش السوري سيطر على مناطق واسعة في الشمال وذكرت وكالة ا2أنباء الرسمية أن الملك\n",
            "استقبل وزير الخارجية ا2أمريكي في القصر الملكي وتشكل الزراعة مصدرا رئيسيا للدخل في المناطق الريفية لكن\n",
            "الجفاف أثر على المحاصيل وقالت المنظمة إن ا2أطفال هم ا2أكثر تأثرا بالحرب التي دمرت المدارس والمستشفيات\n",
            "وأعلنت الحكومة عن خطة لتفكيك الشبكات ا2إجرامية التي تنشط على الحدود وحضر الحفل عدد كبير من الفنانين\n",
        );
        assert_eq!(repaired(text), want);
        assert_eq!(repaired(want), want);
    }

    #[test]
    fn cuts_at_letters_and_digits_only() {
        assert!(cuts_runs('1') && cuts_runs('D') && cuts_runs('٣'));
        assert!(!cuts_runs('+') && !cuts_runs('\u{0006}') && !cuts_runs('ك'));
    }

    #[test]
    fn leaves_lines_in_order_alone() {
        for text in [
            "تعتبر متابعة مباراة الفريق الآخر ب1افة تفاصيلها\nالعس1رية وال1ل ل1ن ذلك\nمن شروط ب1افة الأش1ال",
            "عام 2019 وعام 2020 في الفترة 2021 من الموسم\nقناة MBC وقناة CNN",
        ] {
            assert_eq!(repaired(text), text);
        }
    }
}
