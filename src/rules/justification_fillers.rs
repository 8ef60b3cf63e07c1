//! `layout/justification-fillers`: justified Arabic is stretched with kashida glyphs drawn
//! between joined letters. Some PDF producers (LibreOffice among them) give that glyph no
//! Unicode mapping, and extractors then write whatever code the font's encoding gave it:
//! `العاص..مة`, `خيم,,ة`, `ص)ل` for العاصمة, خيمة, صل. The code differs from document to
//! document and font to font, so the rule learns it from the document: a character that
//! sits between two joined letters again and again, and whose removal leaves known words
//! there, is a filler, and every such run of it inside a word is removed.
//!
//! The rule runs first, on the input, so that no later rule reads words cut in two. It
//! holds for lines written in visual order too: the joining test and the lexicon are
//! asked both ways.

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::joining::{joins_following, joins_preceding};
use crate::language_model::UNKNOWN_WORD_COST;
use crate::token::{is_arabic_letter, is_arabic_mark, is_word_char, lookup_form};
use std::ops::Range;
use unicode_normalization::char::decompose_compatible;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/justification-fillers"),
    category: Category::Layout,
    summary: "Removes the characters extractors write for kashida glyphs that justification drew between joined letters without a Unicode mapping (العاص..مة, خيم,,ة → العاصمة, خيمة); a character counts as such a filler only where the document shows it inside words again and again and removing it leaves known words.",
};

pub(super) struct JustificationFillers;

/// Runs inside words a filler needs before it is taken for one.
const MIN_RUNS: usize = 3;
/// The share of those runs whose removal must leave a word the lexicon knows: names and
/// words outside it are stretched too, but most stretched words are common.
const MIN_KNOWN_SHARE: f64 = 0.6;
/// Distinct known words of three letters or more that the runs must stretch:
/// justification stretches whatever words end up on a line, while a hyphen or a full stop
/// inside words is a name or an abbreviation written again and again (كوين-تشيك, ر.م.ع).
const MIN_DISTINCT_WORDS: usize = 3;
/// The share of all the character's runs in the document that must be inside words: a
/// full stop inside a word now and then (ق.م) is an abbreviation, not a filler.
const MIN_INSIDE_SHARE: f64 = 0.5;

impl Rule for JustificationFillers {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Fillers
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        let runs = inside_runs(text);
        if runs.len() < MIN_RUNS {
            return;
        }
        let mut fillers: Vec<&str> = runs.iter().map(|r| r.filler).collect();
        fillers.sort_unstable();
        fillers.dedup();
        for filler in fillers {
            let inside: Vec<&Run> = runs.iter().filter(|r| r.filler == filler).collect();
            if inside.len() < MIN_RUNS {
                continue;
            }
            let known: Vec<String> = inside
                .iter()
                .filter_map(|r| common_word(text, r, cx))
                .collect();
            let mut distinct: Vec<&String> =
                known.iter().filter(|w| w.chars().count() >= 3).collect();
            distinct.sort_unstable();
            distinct.dedup();
            // The text-wide count last: it reads the whole text.
            if (known.len() as f64) < MIN_KNOWN_SHARE * inside.len() as f64
                || distinct.len() < MIN_DISTINCT_WORDS
                || !removal_explains_best(text, &inside, cx)
                || (inside.len() as f64) < MIN_INSIDE_SHARE * runs_of(text, filler) as f64
            {
                continue;
            }
            edits.extend(inside.into_iter().map(|r| Edit {
                span: r.span.clone(),
                original: &text[r.span.clone()],
                replacement: String::new(),
                rule: INFO.id,
                confidence: 0.99,
                reason: format!("justification filler {filler:?} removed").into(),
            }));
        }
        edits.sort_by_key(|e| e.span.start);
    }
}

/// A run of one filler between two joined letters.
struct Run<'t> {
    /// What the extractor wrote for one kashida: a character, or pdfminer's `(cid:N)`.
    filler: &'t str,
    /// Whether a kashida joins the letters as the text reads, and read backwards (a line
    /// in visual order).
    forward: bool,
    backward: bool,
    /// The run, with any bidi controls an extractor wrapped around it.
    span: Range<usize>,
    /// The word it sits in: letters, marks and runs of the same filler.
    word: Range<usize>,
}

/// A character that may stand for a kashida glyph: anything an encoding can give a code
/// that is not part of an Arabic word and not a space or line end. Control codes count:
/// PyMuPDF writes U+001F for the kashida of Noto Naskh.
fn is_candidate(c: char) -> bool {
    !c.is_whitespace() && !is_word_char(c) && !is_bidi_control(c) && !is_letter_placeholder(c)
}

/// U+FFFD and private-use characters: what extractors write for a letter whose glyph has
/// no mapping, which `glyph/unmapped-glyphs` fills.
fn is_letter_placeholder(c: char) -> bool {
    matches!(c, '\u{FFFD}' | '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..)
}

/// The explicit directional formatting characters: pdftotext wraps neutral runs in them.
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The filler unit at the start of `rest`: pdfminer's `(cid:N)` for a glyph without a
/// mapping, else one candidate character.
pub(super) fn unit(rest: &str) -> Option<&str> {
    if let Some(tail) = rest.strip_prefix("(cid:") {
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && tail[digits..].starts_with(')') {
            return Some(&rest[.."(cid:".len() + digits + 1]);
        }
    }
    let c = rest.chars().next()?;
    is_candidate(c).then(|| &rest[..c.len_utf8()])
}

/// The letter a character shows, for the joining test: presentation forms are folded.
fn letter(c: char) -> Option<char> {
    if !is_arabic_letter(c) {
        return None;
    }
    if c < '\u{FB50}' {
        return Some(c);
    }
    let mut base = None;
    decompose_compatible(c, |d| {
        if base.is_none() && is_arabic_letter(d) {
            base = Some(d);
        }
    });
    base
}

/// Every run of a single filler (bidi controls allowed in it) with a letter on each side,
/// marks aside, that a kashida could join.
///
/// A run starts right after an Arabic letter or mark, with a character that is neither
/// one of the two-byte Arabic block's (led by D8–DB in UTF-8) nor white space; so the scan
/// looks only at bytes that start such a character right after a multi-byte one, which
/// news text has few of.
fn inside_runs(text: &str) -> Vec<Run<'_>> {
    let mut runs: Vec<Run<'_>> = Vec::new();
    for at in crate::token::other_char_starts(text) {
        // Right after a letter or mark, and not inside a run already found.
        let fresh = !runs.last().is_some_and(|r| r.span.end > at);
        if fresh && after_word_char(text, at) {
            if let Some(run) = run_after(text, at) {
                runs.push(run);
            }
        }
    }
    runs
}

/// Whether the character before byte `at` is an Arabic letter or mark. Such a character
/// is multi-byte, so a byte before `at` that is not a continuation byte settles it.
pub(super) fn after_word_char(text: &str, at: usize) -> bool {
    at > 0
        && matches!(text.as_bytes()[at - 1], 0x80..=0xBF)
        && text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| is_arabic_letter(c) || is_arabic_mark(c))
}

/// The run that starts at `at`, right after a letter or mark, if there is one between two
/// joined letters.
fn run_after(text: &str, at: usize) -> Option<Run<'_>> {
    let before = text[..at]
        .chars()
        .rev()
        .find(|&c| !is_arabic_mark(c))
        .and_then(letter)?;
    let mut filler: Option<&str> = None;
    let mut end = at;
    while end < text.len() {
        let rest = &text[end..];
        let c = rest.chars().next()?;
        if is_bidi_control(c) {
            end += c.len_utf8();
            continue;
        }
        let Some(u) = unit(rest) else { break };
        match filler {
            None => filler = Some(u),
            Some(f) if f != u => return None,
            Some(_) => {}
        }
        end += u.len();
    }
    let filler = filler?;
    let after = text[end..]
        .chars()
        .find(|&c| !is_arabic_mark(c))
        .and_then(letter)?;
    let forward = joins_following(before) && joins_preceding(after);
    let backward = joins_following(after) && joins_preceding(before);
    if !forward && !backward {
        return None;
    }
    Some(Run {
        filler,
        forward,
        backward,
        span: at..end,
        word: word_around(text, at..end, filler),
    })
}

/// The word a run sits in: word characters, bidi controls and runs of `filler`, both ways.
fn word_around(text: &str, run: Range<usize>, filler: &str) -> Range<usize> {
    let mut start = run.start;
    loop {
        let head = &text[..start];
        if head.ends_with(filler) {
            start -= filler.len();
        } else if let Some(c) = head
            .chars()
            .next_back()
            .filter(|&c| is_word_char(c) || is_bidi_control(c))
        {
            start -= c.len_utf8();
        } else {
            break;
        }
    }
    let mut end = run.end;
    loop {
        let tail = &text[end..];
        if tail.starts_with(filler) {
            end += filler.len();
        } else if let Some(c) = tail
            .chars()
            .next()
            .filter(|&c| is_word_char(c) || is_bidi_control(c))
        {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    start..end
}

/// The run's word with each filler replaced by `with` (nothing, or a letter), in lookup
/// form, read in the directions the kashida joins: as the text reads, or backwards for a
/// line in visual order.
fn readings(text: &str, run: &Run<'_>, with: &str) -> impl Iterator<Item = String> {
    let joined: String = text[run.word.clone()]
        .replace(run.filler, with)
        .chars()
        .filter(|&c| !is_bidi_control(c))
        .collect();
    let word = lookup_form(&joined).into_owned();
    let backward: String = word.chars().rev().collect();
    [(run.forward, word), (run.backward, backward)]
        .into_iter()
        .filter_map(|(joins, w)| joins.then_some(w))
}

/// The run's word with the filler taken out, if it is a common word.
fn common_word(text: &str, run: &Run<'_>, cx: &Context<'_>) -> Option<String> {
    readings(text, run, "").find(|w| cx.lexicon.is_common(w))
}

/// The unigram cost of the run's word with each filler replaced by `with`, the cheaper
/// direction, an unknown word at the model's cost.
fn word_cost(text: &str, run: &Run<'_>, with: &str, cx: &Context<'_>) -> f32 {
    readings(text, run, with)
        .map(|w| {
            cx.lexicon
                .id(&w)
                .map_or(UNKNOWN_WORD_COST, |id| cx.lexicon.cost(id))
        })
        .fold(UNKNOWN_WORD_COST, f32::min)
}

/// Whether removing the filler makes likelier words of its runs than any one letter in
/// its place. A glyph without a mapping may be a letter's as well as the kashida's
/// (pdfminer writes both as cids): a letter's makes words when filled (ي(cid:7)ون is
/// يكون), a kashida's when removed.
fn removal_explains_best(text: &str, runs: &[&Run<'_>], cx: &Context<'_>) -> bool {
    let total = |with: &str| -> f32 { runs.iter().map(|r| word_cost(text, r, with, cx)).sum() };
    let removed = total("");
    LETTERS
        .chars()
        .all(|letter| removed < total(&letter.to_string()))
}

/// The letters a glyph without a mapping may stand for.
const LETTERS: &str = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي";

/// How many runs of `filler` the text has anywhere (bidi controls inside a run aside).
pub(super) fn runs_of(text: &str, filler: &str) -> usize {
    let mut n = 0;
    let mut last_end = usize::MAX;
    for i in memchr::memmem::find_iter(text.as_bytes(), filler.as_bytes()) {
        let between = text.get(last_end..i).unwrap_or("x");
        if !between.chars().all(is_bidi_control) {
            n += 1;
        }
        last_end = i + filler.len();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn fillers(text: &str) -> String {
        let mut edits = Vec::new();
        let p = DamageProfile::default();
        JustificationFillers.apply(text, &Context::embedded(&p), &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    #[test]
    fn removes_a_filler_the_document_repeats_inside_words() {
        let text = "في العاص..مة الأفغاني..ة قتل انتحاري ثمانية أشخاص في خيم..ة كبي..رة.";
        assert_eq!(
            fillers(text),
            "في العاصمة الأفغانية قتل انتحاري ثمانية أشخاص في خيمة كبيرة."
        );
        // Any code: a digit, a bracket, wrapped in bidi controls by pdftotext.
        let text = "العاص\u{202A}00\u{202C}مة والمدي0نة والح0كومة والس0لطة";
        assert_eq!(fillers(text), "العاصمة والمدينة والحكومة والسلطة");
        // pdfminer's placeholder for the unmapped kashida glyph; a cid that letters
        // explain better than nothing is a letter's.
        let text = "أن الش(cid:6)ركة تس(cid:6)(cid:6)عى إلى زيادة الإنتاج في المصان(cid:6)ع";
        assert_eq!(fillers(text), "أن الشركة تسعى إلى زيادة الإنتاج في المصانع");
        let text = "أن ت(cid:7)ون عن(cid:7)م و ي(cid:7)ون ت(cid:7)ون في المصانع";
        assert_eq!(fillers(text), text);
    }

    #[test]
    fn leaves_punctuation_that_is_not_a_filler() {
        // Too few, or mostly outside words, or not leaving words.
        for text in [
            "العاص..مة الكبيرة.",
            "ق.م. والمدينة. وفي ق.م وقال. ثم ق.م قال. ونعم. ولا.",
            "سص!ع فق!غ ثق!ض طظ!ع",
            "قال:نعم قال:لا قال:ربما",
            // Names and abbreviations written again and again; a bracket that is not a
            // stretch read backwards.
            "كوين-تشيك وشركة كوين-تشيك وعن كوين-تشيك ومن كوين-تشيك.",
            "دياز-كانيل ودياز-كانيل ثم دياز-كانيل",
            "ر.م.ع شركة وبين ر.م.ع وشركة ر.م.ع",
            "«داعش» و«جبهة النصرة» و«عصائب الحق» و«داعش» و«جبهة»",
            "رخصة \"ب+هـ\" أو \"ج+هـ\" أو \"د+هـ\" أو \"د\"",
        ] {
            assert_eq!(fillers(text), text);
        }
    }

    /// The plain scan: a run tried after every Arabic letter and mark.
    fn inside_runs_slow(text: &str) -> Vec<Range<usize>> {
        let mut runs = Vec::new();
        let mut from = 0;
        for (i, c) in text.char_indices() {
            if i < from || !(is_arabic_letter(c) || is_arabic_mark(c)) {
                continue;
            }
            if let Some(run) = run_after(text, i + c.len_utf8()) {
                from = run.span.end;
                runs.push(run.span);
            }
        }
        runs
    }

    proptest::proptest! {
        /// The byte scan finds exactly the runs the plain scan finds.
        #[test]
        fn byte_scan_equals_plain_scan(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => proptest::sample::select("العاصمةكبيرخ ".chars().collect::<Vec<_>>()),
                    2 => proptest::sample::select(vec!['.', '!', '0', '(', ')', 'c', 'i', 'd', ':', '6', '\u{202A}', '\u{202C}', '\u{0651}', '\u{FEF3}', '\u{08A0}', '\n', '\u{0640}', '\u{FFFD}']),
                    1 => proptest::char::any(),
                ],
                0..60,
            )
        ) {
            let text: String = chars.into_iter().collect();
            let fast: Vec<_> = inside_runs(&text).into_iter().map(|r| r.span).collect();
            proptest::prop_assert_eq!(fast, inside_runs_slow(&text));
        }
    }

    #[test]
    fn reads_lines_in_visual_order() {
        // ةمصاعلا backwards, stretched.
        let text = "ةم!!صاعلا ةن!!يدملا ةمو!!كحلا";
        assert_eq!(fillers(text), "ةمصاعلا ةنيدملا ةموكحلا");
    }
}
