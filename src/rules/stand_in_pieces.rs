//! `layout/stand-in-pieces`: when a glyph has no Unicode mapping, PyMuPDF and pypdf write
//! its code as a character, and where that character is a Latin letter or a digit, strong
//! left-to-right, they cut the line at it and write the pieces from left to right, each in
//! its own logical order, the code between them:
//! `افة تفاصيلها من أساس ... من1تعتبر متابعة مباراة الفريق الآخر ب` for
//! `تعتبر متابعة مباراة الفريق الآخر ب1افة تفاصيلها من أساس ... من` (`1` for medial ك).
//! The line reads as its pieces in reverse order, the code left where it cut for
//! `glyph/unmapped-glyphs` to read as the letter it stands for. A final glyph's code ends
//! its word (`Z إلZ وأكد ... تسع` for `تسعZ إلZ`, `Z` for final ى), and a line can be cut
//! at the codes of several glyphs at once. pypdf cuts at a neutral code (`]`) as well.
//!
//! As with kashida pieces, each code is learnt from the document: a character that cuts
//! lines into pieces whose reversal makes the words at the cuts, the code read as one
//! letter, common words again and again, where the line as written makes none.

use super::kashida_pieces::{
    lines_of, pieces, LINES_TO_SHOW, MIN_COMMON_SHARE, MIN_CUT_SHARE, MIN_DISTINCT_WORDS, MIN_JOINS,
};
mod reading;

use super::readings::Readings;
use super::reversed_runs::MAX_WORDS;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::token::{
    is_arabic_letter, is_arabic_mark, is_digit, is_number_punct, other_char_starts, words,
};
use reading::{cut, letter_of, min_chars, read, Cut, Reading};
use std::ops::Range;
use unicode_bidi::{bidi_class, BidiClass};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/stand-in-pieces"),
    category: Category::Layout,
    summary: "Puts back in order lines that an extractor cut at the codes it wrote for unmapped glyphs, Latin letters, digits or signs such as + and $, and wrote piece by piece from left to right (افة تفاصيلها ... من1تعتبر ... ب → تعتبر ... ب1افة تفاصيلها ... من); only where the document shows such cuts again and again and each code, read as one letter, makes common words of the reversed pieces.",
};

pub(super) struct StandInPieces;

// The document-level tests are the kashida rule's: at least MIN_JOINS joins in lines
// likelier reversed by MARGIN, MIN_COMMON_SHARE of them common, MIN_DISTINCT_WORDS
// distinct, MIN_CUT_SHARE of the code's cuts in them, one sure line in LINES_TO_SHOW.

/// A neutral code is weighed as a cut if at least one in this many of its occurrences
/// stands next to a space.
const SPACED_ONE_IN: usize = 4;

impl Rule for StandInPieces {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Pieces
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        let candidates = candidates(text);
        if candidates.is_empty() {
            return;
        }
        let mut lookups = Readings::new(cx);
        // A line can hold the codes of several glyphs (final ي and final ى), and is only
        // read right once cut at all of them: each code found lets the others be weighed
        // again with it.
        let mut accepted: Vec<(char, char)> = Vec::new();
        let mut at: Vec<usize> = Vec::new();
        loop {
            let before = accepted.len();
            for (c, cuts) in &candidates {
                if accepted.iter().any(|&(a, _)| a == *c) {
                    continue;
                }
                if let Some(letter) = stands_in(text, cuts, *c, &accepted, &mut lookups) {
                    accepted.push((*c, letter));
                    at.extend_from_slice(cuts);
                }
            }
            if accepted.len() == before {
                break;
            }
        }
        if accepted.is_empty() {
            return;
        }
        // The document writes its lines this way: every line the codes cut that reads
        // better reversed is put in order, sure or not. A line can hold the codes of
        // several glyphs (final ي and final ى), so it is cut at all of them at once.
        at.sort_unstable();
        let chars: Vec<char> = accepted.iter().map(|&(c, _)| c).collect();
        let shown: Vec<String> = accepted
            .iter()
            .map(|(c, l)| format!("{c:?} as {l}"))
            .collect();
        for line in lines_of(text, &at) {
            if words(&text[line.clone()]).count() > MAX_WORDS {
                continue;
            }
            let Some(pieces) = pieces_at(text, &line, &chars) else {
                continue;
            };
            let r = read(cut(text, &line, &pieces, &chars), &accepted, &mut lookups);
            if r.is_likelier() {
                edits.push(Edit {
                    original: &text[r.span.clone()],
                    span: r.span,
                    replacement: r.reversed,
                    rule: INFO.id,
                    confidence: 0.95,
                    reason: format!(
                        "pieces cut at the codes of unmapped glyphs ({}) put in order",
                        shown.join(", ")
                    )
                    .into(),
                });
            }
        }
    }
}

/// Each character that may be a code the lines are cut at, with where it stands right
/// after an Arabic letter (or its mark), if it does so [`MIN_JOINS`] times or more. A
/// final glyph's code is mostly followed by a space, so it is not asked to stand between
/// letters; a digit next to another digit is part of a number.
fn candidates(text: &str) -> Vec<(char, Vec<usize>)> {
    let mut found: Vec<(char, Vec<usize>)> = Vec::new();
    for at in other_char_starts(text) {
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let after_letter = text[..at]
            .chars()
            .next_back()
            .is_some_and(|p| is_arabic_letter(p) || is_arabic_mark(p));
        let in_number = is_digit(c) && text[at + c.len_utf8()..].starts_with(is_digit);
        if !after_letter || in_number {
            continue;
        }
        match found.iter_mut().find(|(x, _)| *x == c) {
            Some((_, at_list)) => at_list.push(at),
            None => found.push((c, vec![at])),
        }
    }
    found.retain(|&(c, ref at)| at.len() >= MIN_JOINS && (cuts_runs(c) || neutral_cut(text, c)));
    found
}

/// Whether `c`, a neutral character, is weighed as a cut: pypdf also cuts at a neutral
/// code (`]` for medial ك), PyMuPDF does not. Such a code then stands next to spaces too,
/// where a glyph inside a word never does; quotes and sentence punctuation are what they
/// say.
fn neutral_cut(text: &str, c: char) -> bool {
    if bidi_class(c) != BidiClass::ON || c.is_control() || "\"'!?;()«»".contains(c) {
        return false;
    }
    let (mut all, mut spaced) = (0, 0);
    for (i, _) in text.match_indices(c) {
        all += 1;
        spaced +=
            usize::from(text[..i].ends_with(' ') || text[i + c.len_utf8()..].starts_with(' '));
    }
    all <= SPACED_ONE_IN * spaced
}

/// The letter the code `c` stands for, if the document's lines cut at it (at the offsets
/// `cuts`) show again and again that the code cuts them into pieces written left to
/// right: lines likelier reversed by [`MARGIN`], whose reversal joins common words at the
/// code. The lines are also cut at the codes already found, read as their letters.
fn stands_in(
    text: &str,
    cuts: &[usize],
    c: char,
    found: &[(char, char)],
    lookups: &mut Readings<'_>,
) -> Option<char> {
    let mut chars: Vec<char> = found.iter().map(|&(f, _)| f).collect();
    chars.push(c);
    let unit = &text[cuts[0]..cuts[0] + c.len_utf8()];
    let lines: Vec<Cut> = lines_of(text, cuts)
        .into_iter()
        // Extracted lines are a column wide; a paragraph on one line is running text,
        // which no extractor wrote piece by piece.
        .filter(|line| words(&text[line.clone()]).count() <= MAX_WORDS)
        .filter_map(|line| {
            let pieces = if found.is_empty() {
                pieces(text, line.clone(), unit)?
            } else {
                pieces_at(text, &line, &chars)?
            };
            Some(cut(text, &line, &pieces, &chars))
        })
        .collect();
    let letter = letter_of(&lines, c, lookups.lexicon());
    let mut readings: Vec<Reading> = Vec::new();
    for line in lines {
        // A document written this way shows it on nearly every line the code cuts.
        if readings.len() == LINES_TO_SHOW && !readings.iter().any(Reading::is_sure) {
            break;
        }
        let mut letters = found.to_vec();
        letters.push((c, letter));
        readings.push(read(line, &letters, lookups));
    }
    let (mut joins, mut common, mut cut_count) = (0, 0, 0);
    let mut distinct: Vec<&str> = Vec::new();
    for r in readings.iter().filter(|r| r.is_sure()) {
        joins += r.joined.len();
        cut_count += if found.is_empty() {
            r.cuts
        } else {
            cuts.iter().filter(|&&i| r.span.contains(&i)).count()
        };
        for (w, is_common, holds) in &r.joined {
            if *is_common {
                common += 1;
                if w.chars().count() >= min_chars(*holds) {
                    distinct.push(w);
                }
            }
        }
    }
    distinct.sort_unstable();
    distinct.dedup();
    let shows = joins >= MIN_JOINS
        && (common as f64) >= MIN_COMMON_SHARE * joins as f64
        && distinct.len() >= MIN_DISTINCT_WORDS
        && (cut_count as f64) >= MIN_CUT_SHARE * cuts.len() as f64;
    shows.then_some(letter)
}

/// Whether an extractor cuts a right-to-left line into runs at `c` where it writes it for
/// a glyph: a strong left-to-right character, a digit, or a sign that goes with numbers
/// (`+ - $ ¢ %`), at which PyMuPDF cuts too.
fn cuts_runs(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::L | BidiClass::EN | BidiClass::AN | BidiClass::ES | BidiClass::ET
    )
}

/// The content of `line` (white space at its ends aside) cut at every one of the `codes`,
/// as the pieces it was written in: each code is a run of its own. A code at either end of
/// the line leaves an empty piece there (`Z إلZ ... تسع` for `تسعZ إلZ`). A code within a
/// number or a left-to-right word (`2,500`, `2022`) is no cut. `None` unless the line has
/// a cut, and an Arabic letter.
fn pieces_at(text: &str, line: &Range<usize>, codes: &[char]) -> Option<Vec<Range<usize>>> {
    let content = &text[line.clone()];
    let start = line.start + (content.len() - content.trim_start().len());
    let end = line.end - (content.len() - content.trim_end().len());
    let chars: Vec<(usize, char)> = text[start..end].char_indices().collect();
    let ltr = |k: Option<usize>, step: isize| -> bool {
        let Some(k) = k else { return false };
        let at = |k: usize| chars.get(k).map(|&(_, x)| x);
        let next = |k: usize| k.checked_add_signed(step);
        match at(k) {
            Some(x) if cuts_runs(x) && !codes.contains(&x) => true,
            Some(x) if x.is_ascii_digit() || is_digit(x) => true,
            // Number punctuation with a digit beyond it: `2,500`.
            Some(x) if is_number_punct(x) => next(k)
                .and_then(at)
                .is_some_and(|y| y.is_ascii_digit() || is_digit(y)),
            _ => false,
        }
    };
    let mut pieces = Vec::new();
    let mut piece_start = start;
    for (k, &(i, x)) in chars.iter().enumerate() {
        if !codes.contains(&x) || ltr(k.checked_sub(1), -1) || ltr(Some(k + 1), 1) {
            continue;
        }
        pieces.push(piece_start..start + i);
        piece_start = start + i + x.len_utf8();
    }
    pieces.push(piece_start..end);
    (pieces.len() >= 2 && text[start..end].chars().any(is_arabic_letter)).then_some(pieces)
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

    /// PyMuPDF on the sample's glyphs unmapped (Noto Naskh, from
    /// `fixtures/extracted/written-codes.noto-right-sample-lost.pymupdf.txt`): `V` is the
    /// code of final ي and `Z` of final ى, each at the end of its word, and lines are cut
    /// at both (a line's first `Z` can stand at its very start); `]`, medial ك, cuts none.
    #[test]
    fn puts_lines_cut_at_several_final_codes_in_order() {
        let text = concat!(
            "Z إلZ وأكد المتحدث أن الشركة تسعV من أزمة اقتصادية كبيرة منذ العام الماضV كلمته إن البلاد تعانVقال الرئيس ف\n",
            " والولايات المتحدة وروسياV المؤتمر ممثلون عن الاتحاد الأوروبV تمل]ها وشارك فV المصانع التVزيادة الإنتاج ف\n",
            " الشمال وذكرت وكالة الأنباء الرسمية أن الملكV مناطق واسعة فZ أن الجيش السوري سيطر علZوأشار التقرير إل\n",
            " المناطق الريفية ل]نV وتش]ل الزراعة مصدرا رئيسيا للدخل فV] القصر الملV فV]استقبل وزير الخارجية الأمري\n",
            " دمرت المدارس والمستشفياتV المحاصيل وقالت المنظمة إن الأطفال هم الأكثر تأثرا بالحرب التZالجفاف أثر عل\n",
            " الحدود وحضر الحفل عدد كبير من الفنانينZ تنشط علVوأعلنت الح]ومة عن خطة لتف]يك الشب]ات الإجرامية الت\n",
            " أهمية دعم الثقافة المحليةZالذين أكدوا علِ\n",
            " الشمالV قال إنّ الحربَ فV مستقبل البلاد السياسZويرى المحللون أن الانتخابات المقبلة ست]ون حاسمة بالنسبة إل\n",
            "Z الاقتصاد قال الوزير إنه لا يزال يعمل علZ العاصمة وتحدث عن تداعيات بري]سيت علZانتهت وصل الوفد إلـ\n",
        );
        let want = concat!(
            "قال الرئيس فV كلمته إن البلاد تعانV من أزمة اقتصادية كبيرة منذ العام الماضV وأكد المتحدث أن الشركة تسعZ إلZ\n",
            "زيادة الإنتاج فV المصانع التV تمل]ها وشارك فV المؤتمر ممثلون عن الاتحاد الأوروبV والولايات المتحدة وروسيا\n",
            "وأشار التقرير إلZ أن الجيش السوري سيطر علZ مناطق واسعة فV الشمال وذكرت وكالة الأنباء الرسمية أن الملك\n",
            "استقبل وزير الخارجية الأمري]V فV القصر المل]V وتش]ل الزراعة مصدرا رئيسيا للدخل فV المناطق الريفية ل]ن\n",
            "الجفاف أثر علZ المحاصيل وقالت المنظمة إن الأطفال هم الأكثر تأثرا بالحرب التV دمرت المدارس والمستشفيات\n",
            "وأعلنت الح]ومة عن خطة لتف]يك الشب]ات الإجرامية التV تنشط علZ الحدود وحضر الحفل عدد كبير من الفنانين\n",
            "الذين أكدوا علِZ أهمية دعم الثقافة المحلية\n",
            "ويرى المحللون أن الانتخابات المقبلة ست]ون حاسمة بالنسبة إلZ مستقبل البلاد السياسV قال إنّ الحربَ فV الشمال\n",
            "انتهت وصل الوفد إلـZ العاصمة وتحدث عن تداعيات بري]سيت علZ الاقتصاد قال الوزير إنه لا يزال يعمل علZ\n",
        );
        assert_eq!(repaired(text), want);
        assert_eq!(repaired(want), want);
    }

    #[test]
    fn numbers_are_not_cut() {
        let text = "بلغ2,500 زائر عام 2022 وقال ب2افة";
        let line = 0..text.len();
        let cut_at = |p: Vec<Range<usize>>| p[0].end;
        let pieces = pieces_at(text, &line, &['2']).unwrap();
        assert_eq!(pieces.len(), 2);
        assert_eq!(&text[cut_at(pieces)..], "2افة");
    }

    #[test]
    fn cuts_at_letters_digits_and_number_signs_only() {
        assert!(cuts_runs('1') && cuts_runs('D') && cuts_runs('٣'));
        assert!(cuts_runs('+') && cuts_runs('-') && cuts_runs('$'));
        assert!(!cuts_runs('\u{0006}') && !cuts_runs('ك') && !cuts_runs(']') && !cuts_runs('.'));
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
