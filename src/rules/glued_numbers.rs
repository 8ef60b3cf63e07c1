//! `layout/glued-numbers`: PyMuPDF and pypdf, cutting a right-to-left line at the numbers
//! in it, take the space between a word and the number after it elsewhere: to the line's
//! start (` أمريكا اللاتينية تضم42` for `أمريكا اللاتينية تضم 42`) or after the number
//! (`تضم42  من`). In a document that shows this again and again, the space goes back
//! between the word and its number, taken from where it went.
//!
//! Writers glue numbers to a one-letter proclitic (و20, ب3) and to a tatweel (لـ3), and a
//! few names carry one (فرانس24). Those first two are never touched, and a document counts
//! as written this way only where glued numbers are the rule, not the exception, and
//! their lines hold the spaces they lost.

use super::readings::Readings;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::token::{is_arabic_letter, is_arabic_mark, is_digit, is_number_punct};
use std::ops::Range;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/glued-numbers"),
    category: Category::Layout,
    summary: "Puts back the space an extractor took from between a word and the number after it (` أمريكا اللاتينية تضم42` → `أمريكا اللاتينية تضم 42`), in documents where most numbers after words come glued and their lines hold the spaces they lost.",
};

pub(super) struct GluedNumbers;

/// Glued numbers a document needs before it counts as written this way.
const MIN_GLUED: usize = 3;
/// The share of the numbers after a word that must come glued: in news text most are
/// spaced (the corpus glues about one in a hundred, many of them to a name).
const MIN_GLUED_SHARE: f64 = 0.5;
/// The share of glued numbers whose line holds a spare space (at its start, or doubled
/// after the number) where the lost one went.
const MIN_SPARE_SHARE: f64 = 0.5;

/// A number glued to the word before it.
struct Glued {
    /// Where the number starts.
    at: usize,
    /// Where it ends.
    end: usize,
    /// The line that holds it, without its line end.
    line: Range<usize>,
    /// The word it is glued to.
    word: Range<usize>,
}

impl Rule for GluedNumbers {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Layout
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        let (mut glued, spaced) = numbers_after_words(text);
        let too_few = |glued: usize| {
            glued < MIN_GLUED || (glued as f64) < MIN_GLUED_SHARE * (glued + spaced) as f64
        };
        // Counting every glued number first: news text glues one in a hundred.
        if too_few(glued.len()) {
            return;
        }
        // A one-letter proclitic glued to its number is written so. One the glyph rule may
        // lengthen (ف to في) is weighed like any word, so that repairing the repaired
        // text decides the same way.
        let mut readings = Readings::new(cx);
        glued.retain(|g| {
            let word = &text[g.word.clone()];
            !matches!(word, "و" | "ب" | "ل" | "ك" | "ف") || !readings.glyph_stable(word)
        });
        if too_few(glued.len()) {
            return;
        }
        let leading = |line: &Range<usize>| {
            let l = &text[line.clone()];
            l.len() - l.trim_start_matches(' ').len()
        };
        let doubled_after = |g: &Glued| text[g.end..g.line.end].starts_with("  ");
        let spare = glued
            .iter()
            .filter(|g| leading(&g.line) > 0 || doubled_after(g))
            .count();
        if (spare as f64) < MIN_SPARE_SHARE * glued.len() as f64 {
            return;
        }
        // Each line's spare spaces at its start are taken in turn, then a doubled one
        // after the number; with none left, the space is only put back.
        let mut taken_from: Option<(usize, usize)> = None;
        for g in &glued {
            let used = match taken_from {
                Some((start, used)) if start == g.line.start => used,
                _ => 0,
            };
            let reason = "space between a word and its number written elsewhere";
            if used < leading(&g.line) {
                let at = g.line.start + used;
                edits.push(edit(text, at..at + 1, "", reason));
                taken_from = Some((g.line.start, used + 1));
            } else if doubled_after(g) {
                edits.push(edit(text, g.end..g.end + 1, "", reason));
            }
            edits.push(edit(text, g.at..g.at, " ", reason));
        }
        edits.sort_by_key(|e| (e.span.start, e.span.end));
    }
}

fn edit<'t>(text: &'t str, span: Range<usize>, replacement: &str, reason: &str) -> Edit<'t> {
    Edit {
        original: &text[span.clone()],
        span,
        replacement: replacement.to_owned(),
        rule: INFO.id,
        confidence: 0.9,
        reason: reason.to_owned().into(),
    }
}

/// The length in bytes of the digit (ASCII, Arabic-Indic or extended) at byte `i`.
fn digit_at(b: &[u8], i: usize) -> Option<usize> {
    let x = *b.get(i)?;
    let next_in =
        |lead: u8, lo: u8, hi: u8| x == lead && b.get(i + 1).is_some_and(|n| (lo..=hi).contains(n));
    if x.is_ascii_digit() {
        Some(1)
    } else if next_in(0xD9, 0xA0, 0xA9) || next_in(0xDB, 0xB0, 0xB9) {
        Some(2)
    } else {
        None
    }
}

/// The numbers glued to an Arabic word before them, and how many numbers follow a word of
/// two letters or more after one space. Only the digits are visited, and the text around
/// each number's first one.
fn numbers_after_words(text: &str) -> (Vec<Glued>, usize) {
    let b = text.as_bytes();
    let (mut glued, mut spaced) = (Vec::new(), 0);
    let mut i = 0;
    while i < b.len() {
        // Most bytes are neither an ASCII digit nor the first byte of another digit.
        let x = b[i];
        if x.wrapping_sub(b'0') >= 10 && x != 0xD9 && x != 0xDB {
            i += 1;
            continue;
        }
        let Some(len) = digit_at(b, i) else {
            i += 1;
            continue;
        };
        let before = &text[..i];
        if before.chars().next_back().is_some_and(is_digit) {
            i += len;
            continue;
        }
        // The number: its digits, with the punctuation between them (`2,500`).
        let mut end = i + len;
        while end < b.len() {
            if let Some(n) = digit_at(b, end) {
                end += n;
            } else if b[end].is_ascii()
                && is_number_punct(char::from(b[end]))
                && digit_at(b, end + 1).is_some()
            {
                end += 1;
            } else {
                break;
            }
        }
        let unspaced = before.trim_end_matches(' ');
        let gap = before.len() - unspaced.len();
        // The word before it: Arabic letters (not tatweel), their marks among them.
        let word = unspaced.trim_end_matches(|c: char| {
            (is_arabic_letter(c) && c != '\u{0640}') || is_arabic_mark(c)
        });
        let word = word.len()..unspaced.len();
        let letters = text[word.clone()]
            .chars()
            .filter(|&c| is_arabic_letter(c))
            .count();
        if gap == 0 && letters >= 1 {
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n);
            let line_end = if text[..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            glued.push(Glued {
                at: i,
                end,
                line: line_start..line_end,
                word,
            });
        } else if gap == 1 && letters >= 2 {
            spaced += 1;
        }
        i = end;
    }
    (glued, spaced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn repaired(text: &str) -> String {
        let mut edits = Vec::new();
        let p = DamageProfile::default();
        GluedNumbers.apply(text, &Context::embedded(&p), &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    #[test]
    fn puts_spaces_back_before_numbers() {
        // PyMuPDF: the space went to the line's start; pypdf: after the number.
        let text = " أمريكا اللاتينية تضم42\n  من أكثر50 مدينة دموية\n لديها42\nعام1993  وقال";
        assert_eq!(
            repaired(text),
            "أمريكا اللاتينية تضم 42\n من أكثر 50 مدينة دموية\nلديها 42\nعام 1993 وقال"
        );
        let again = repaired(&repaired(text));
        assert_eq!(again, repaired(text));
    }

    #[test]
    fn finds_numbers_glued_and_spaced() {
        let (glued, spaced) =
            numbers_after_words("تضم42 من أكثر 50 مدينة لديها٤٢ وعام۱۹۹۳ و20 لـ3 بلغ2,500 ثم");
        let at: Vec<&str> = glued
            .iter()
            .map(|g| &"تضم42 من أكثر 50 مدينة لديها٤٢ وعام۱۹۹۳ و20 لـ3 بلغ2,500 ثم"[g.at..g.end])
            .collect();
        assert_eq!(at, ["42", "٤٢", "۱۹۹۳", "20", "2,500"]);
        assert_eq!(spaced, 1);
        // A number's punctuation at the very end of the text.
        assert_eq!(numbers_after_words("بلغ2,").0.len(), 1);
    }

    #[test]
    fn leaves_writers_glued_numbers_alone() {
        for text in [
            // Proclitics and tatweel glue to numbers; a name or two may carry one.
            "بين 20 و30 عاما، ب3 أهداف، لـ3 سنوات",
            " قناة فرانس24 وقال عام 2019 إن 50 شخصا من أصل 300 في 12 مدينة",
            // Glued, but with no spaces lost on their lines.
            "تضم42 من أكثر50 مدينة لديها42",
        ] {
            assert_eq!(repaired(text), text);
        }
    }
}
