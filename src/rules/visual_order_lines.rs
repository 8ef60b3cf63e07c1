//! `layout/visual-order-lines`: some extractors write a right-to-left line in the order
//! its glyphs sit on the page, left to right, so its Arabic comes out backwards
//! (`ةيبرعلا ةغللا` for `اللغة العربية`) while numbers and Latin, drawn left to right,
//! read correctly. Such a line is put back in logical order: reversed as a whole, its
//! left-to-right runs reversed again, its brackets mirrored.
//!
//! The lexicon decides. Each Arabic word that is a word one way only is a vote for that
//! way (short words are often words both ways, كل and لك; damaged words are words
//! neither way), and a line is reversed when the backward votes clearly win. In a document
//! whose lines are in visual order throughout, a short line (a title, a paragraph's last
//! words) is reversed on a word or two.

use super::unmapped_glyphs::touches_placeholder;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::line_layout::{lines, mirror};
use crate::token::{is_arabic_letter, lookup_form, words};
use std::ops::Range;
use unicode_bidi::{bidi_class, BidiClass};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/visual-order-lines"),
    category: Category::Layout,
    summary: "Puts a line written in visual order, its Arabic backwards (ةيبرعلا ةغللا), back in logical order (اللغة العربية), numbers and Latin kept as they read; the lexicon decides which reading is Arabic.",
};

pub(super) struct VisualOrderLines;

/// Backward votes a line needs beyond [`MIN_RATIO`] times its forward votes: a word or
/// two can be a name either way.
const MIN_VOTES: usize = 3;
/// How many times the backward votes must outnumber the forward ones.
const MIN_RATIO: usize = 3;

impl Rule for VisualOrderLines {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Direction
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        let mut votes = Votes::default();
        let Some(sure) = sure_pass(text, cx, &mut votes, edits) else {
            return;
        };
        // In a document whose lines are all in visual order, a short line is too (a title,
        // a paragraph's last words): a word or two that read only backwards decide it.
        if sure.whole_document() {
            for span in sure.undecided {
                votes.judge(text, span, cx, edits, Bar::InVisualDocument);
            }
        }
        edits.sort_by_key(|e| e.span.start);
    }
}

/// What the sure bar made of a document's lines.
struct SurePass {
    /// Lines put in order, and lines that clearly read forwards.
    backward: usize,
    forward: usize,
    undecided: Vec<Range<usize>>,
}

impl SurePass {
    /// Whether the document is in visual order throughout.
    fn whole_document(&self) -> bool {
        self.backward >= MIN_VISUAL_LINES && self.forward * MAX_FORWARD_SHARE <= self.backward
    }
}

/// Judges the lines of `text` on the sure bar, putting in `edits` those in visual order;
/// `None` if none is.
fn sure_pass<'t>(
    text: &'t str,
    cx: &Context<'_>,
    votes: &mut Votes<'t>,
    edits: &mut Vec<Edit<'t>>,
) -> Option<SurePass> {
    let mut pass = SurePass {
        backward: 0,
        forward: 0,
        undecided: Vec::new(),
    };
    let mut judge = |pass: &mut SurePass, span: Range<usize>, edits: &mut Vec<Edit<'t>>| match votes
        .judge(text, span.clone(), cx, edits, Bar::Sure)
    {
        Verdict::Backward => pass.backward += 1,
        Verdict::Forward => pass.forward += 1,
        Verdict::Undecided => pass.undecided.push(span),
    };
    // Lines that look backward on a quick check first; only in a document with such a
    // line are the others judged (an extractor writes a whole document one way).
    let mut rest = Vec::new();
    for span in lines(text) {
        if has_backward_word(&text[span.clone()]) {
            judge(&mut pass, span, edits);
        } else {
            rest.push(span);
        }
    }
    if pass.backward == 0 {
        return None;
    }
    for span in rest {
        judge(&mut pass, span, edits);
    }
    Some(pass)
}

/// Whether `text` is in visual order throughout, as the sure bar judges its lines (with
/// `votes`' lookups, whose words being judged it forgets).
pub(super) fn in_visual_order<'t>(text: &'t str, cx: &Context<'_>, votes: &mut Votes<'t>) -> bool {
    sure_pass(text, cx, votes, &mut Vec::new()).is_some_and(|p| p.whole_document())
}

/// How sure a line's votes make its reversal.
pub(super) fn confidence(forward: usize, backward: usize) -> f32 {
    (backward as f32 / (backward + forward + 1) as f32).clamp(0.5, 0.99)
}

/// Lines put in order on the sure bar before a document is taken to be in visual order
/// throughout.
const MIN_VISUAL_LINES: usize = 3;
/// At most one line that clearly reads forwards per this many put in order.
const MAX_FORWARD_SHARE: usize = 10;

/// What the votes on a line say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// Written backwards: put in order.
    Backward,
    /// Clearly in logical order: three Arabic words or more, at most a quarter of them no
    /// word as they stand.
    Forward,
    Undecided,
}

/// How clearly the backward votes must win.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bar {
    /// [`MIN_RATIO`] times the forward votes, and [`MIN_VOTES`] more.
    Sure,
    /// In a document in visual order: twice the forward votes, and one more.
    InVisualDocument,
}

impl Bar {
    fn min_misses(self) -> usize {
        match self {
            Bar::Sure => MIN_VOTES,
            Bar::InVisualDocument => 1,
        }
    }

    pub(super) fn passed(self, forward: usize, backward: usize) -> bool {
        match self {
            Bar::Sure => backward >= MIN_RATIO * forward + MIN_VOTES,
            Bar::InVisualDocument => backward > 2 * forward,
        }
    }
}

/// Whether each distinct word of a document is a word as it stands, and read backwards:
/// looked up once, the backward reading only when a line could need it.
#[derive(Default)]
pub(super) struct Votes<'t> {
    known: foldhash::HashMap<&'t str, (bool, Option<bool>)>,
    line_words: Vec<&'t str>,
}

impl<'t> Votes<'t> {
    /// Puts the line at `span` in logical order if its words vote for it clearly enough.
    fn judge(
        &mut self,
        text: &'t str,
        span: Range<usize>,
        cx: &Context<'_>,
        edits: &mut Vec<Edit<'t>>,
        bar: Bar,
    ) -> Verdict {
        let line = &text[span.clone()];
        self.clear();
        let misses = self.add_words(line, cx);
        let arabic = self.line_words.len();
        let left = if arabic >= MIN_VOTES && misses * 4 <= arabic {
            Verdict::Forward
        } else {
            Verdict::Undecided
        };
        // Only a word that is no word as it stands can vote backward.
        if misses < bar.min_misses() {
            return left;
        }
        let (forward, backward) = self.tally(cx);
        if !bar.passed(forward, backward) {
            return left;
        }
        // The whitespace at either end is the line's, not part of what was drawn.
        let body = line.trim();
        let start = span.start + (line.len() - line.trim_start().len());
        edits.push(Edit {
            span: start..start + body.len(),
            original: body,
            replacement: logical_order(body),
            rule: INFO.id,
            confidence: confidence(forward, backward),
            reason: format!(
                "the line was in visual order: of its {arabic} Arabic words, {backward} are \
                 words only backwards, {forward} only as they stood"
            )
            .into(),
        });
        Verdict::Backward
    }

    /// Forgets the words being judged (not what was looked up).
    pub(super) fn clear(&mut self) {
        self.line_words.clear();
    }

    /// Adds the Arabic words of `piece` to the words being judged; returns how many of
    /// them are no word as they stand.
    pub(super) fn add_words(&mut self, piece: &'t str, cx: &Context<'_>) -> usize {
        let Votes { known, line_words } = self;
        let first = line_words.len();
        line_words.extend(
            words(piece)
                .filter(|w| w.text.chars().any(is_arabic_letter))
                // A word with a placeholder in it reads as its letters only once the
                // placeholder is filled (a later stage); it cannot vote either way yet.
                .filter(|w| !touches_placeholder(piece, w.offset, w.offset + w.text.len()))
                .map(|w| w.text),
        );
        let mut misses = 0;
        for &w in &line_words[first..] {
            let entry = known.entry(w).or_insert_with(|| {
                let key = lookup_form(w);
                (cx.lexicon.id(&key).is_some(), None)
            });
            misses += usize::from(!entry.0);
        }
        misses
    }

    /// The forward and backward votes of the words added.
    pub(super) fn tally(&mut self, cx: &Context<'_>) -> (usize, usize) {
        let (mut forward, mut backward) = (0usize, 0usize);
        for &w in self.line_words.iter() {
            let entry = self.known.get_mut(w).expect("looked up when added");
            // Both readings from the folded letters, so that folding presentation forms (a
            // later stage) cannot change the vote on a second repair; and restoring letters
            // only ever makes the forward reading more of a word.
            let back = *entry.1.get_or_insert_with(|| {
                let reversed: String = lookup_form(w).chars().rev().collect();
                cx.lexicon.id(&reversed).is_some()
            });
            match (entry.0, back) {
                (true, false) => forward += 1,
                (false, true) => backward += 1,
                _ => {}
            }
        }
        (forward, backward)
    }
}

/// The quick check: whether some word of `line` starts with a letter that only ends words
/// (ة, ى, or their final presentation forms), as words written backwards do: ةيبرعلا.
/// Logical Arabic has almost none, so most lines need no lexicon lookup.
///
/// It runs on every line, so it scans bytes, a block at a time (a char-pattern search cost
/// 3 ms per 2 MB): ة is D8 A9, ى D9 89, the forms start with EF; one after an Arabic
/// letter or haraka (D8 A1–BF, D9 80–92), as ة and ى nearly always are, starts no word.
fn has_backward_word(line: &str) -> bool {
    const BLOCK: usize = 64;
    let b = line.as_bytes();
    // The first two bytes have no two before them: checked as they are.
    if (0..b.len().min(2)).any(|p| backward_word_at(line, p)) {
        return true;
    }
    // A letter that may start a word at `lead` (with `next` after it), given the two
    // bytes before it.
    let maybe = |l2: u8, l1: u8, lead: u8, next: u8| {
        let ends_only =
            (lead == 0xD8) & (next == 0xA9) | (lead == 0xD9) & (next == 0x89) | (lead == 0xEF);
        let after_letter = (l2 == 0xD8) & (l1.wrapping_sub(0xA1) <= 0xBF - 0xA1)
            | (l2 == 0xD9) & (l1.wrapping_sub(0x80) <= 0x92 - 0x80);
        ends_only & !after_letter
    };
    let mut start = 2;
    while start + 1 < b.len() {
        let end = (start + BLOCK).min(b.len() - 1);
        // Without branches, so that a block is tested as a vector.
        let any = (b[start - 2..end - 2].iter())
            .zip(&b[start - 1..end - 1])
            .zip(&b[start..end])
            .zip(&b[start + 1..end + 1])
            .fold(false, |any, (((&l2, &l1), &lead), &next)| {
                any | maybe(l2, l1, lead, next)
            });
        if any && (start..end).any(|p| backward_word_at(line, p)) {
            return true;
        }
        start = end;
    }
    false
}

/// Whether a letter that only ends words starts at byte `p` of `line`, and starts a word.
fn backward_word_at(line: &str, p: usize) -> bool {
    const ENDS_ONLY: [char; 6] = ['ة', 'ى', '\u{FE93}', '\u{FE94}', '\u{FEEF}', '\u{FEF0}'];
    line.is_char_boundary(p)
        && line[p..].starts_with(ENDS_ONLY)
        && line[..p]
            .chars()
            .next_back()
            .map_or(true, crate::line_layout::is_space_or_edge_punct)
}

/// Whether `c` is drawn left to right, or joins a left-to-right run between two such
/// characters (the comma of 2,000, the point of 10.5).
fn is_ltr(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::L | BidiClass::EN | BidiClass::AN) && !is_arabic_letter(c)
}

fn joins_ltr(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::CS | BidiClass::ES | BidiClass::ET)
}

/// `line`, written in visual order, in logical order.
fn logical_order(line: &str) -> String {
    let chars: Vec<char> = line.chars().rev().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_ltr(chars[i]) {
            out.push(mirror(chars[i]));
            i += 1;
            continue;
        }
        // A left-to-right run: it reads correctly in visual order, so it is put back as
        // it was, with separators inside it.
        let mut end = i + 1;
        while end < chars.len()
            && (is_ltr(chars[end])
                || (joins_ltr(chars[end]) && chars.get(end + 1).is_some_and(|&c| is_ltr(c))))
        {
            end += 1;
        }
        out.extend(chars[i..end].iter().rev());
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn repaired(text: &str) -> Vec<String> {
        let p = DamageProfile::default();
        let mut edits = Vec::new();
        VisualOrderLines.apply(text, &Context::embedded(&p), &mut edits);
        edits.into_iter().map(|e| e.replacement).collect()
    }

    #[test]
    fn reversed_lines_come_back() {
        let logical = "قال الوزير إن الحكومة (الجديدة) ستنفق 2,000 مليون دولار في عام 2023.";
        let visual: String = logical_order(logical);
        assert_eq!(logical_order(&visual), logical);
        assert_eq!(repaired(&visual), [logical]);
        assert!(repaired(logical).is_empty());
        assert!(repaired("The ministry said 2023").is_empty());
    }

    #[test]
    fn short_lines_follow_a_document_in_visual_order() {
        let long = [
            "قال الوزير إن الحكومة الجديدة ستنفق الكثير على المدارس والمستشفيات",
            "وأكد المتحدث باسم الوزارة أن العمل جار على إنشاء مراكز صحية",
            "وفي سياق متصل قال رئيس الوزراء إن الاقتصاد الوطني حقق نموا ملحوظا",
        ];
        let short = "مراكز صحية.";
        let visual = |l: &str| logical_order(l);
        let mut doc: Vec<String> = long.iter().map(|l| visual(l)).collect();
        doc.push(visual(short));
        let out = repaired(&doc.join("\n"));
        assert_eq!(out.len(), 4, "{out:?}");
        assert_eq!(out[3], short);
        // Alone, or among lines that read forwards, a short line is left as it is.
        assert!(repaired(&visual(short)).is_empty());
        let mixed = [long[0], long[1], long[2], &visual(short)].join("\n");
        assert!(repaired(&mixed).is_empty());
    }

    /// The quick check as first written, on chars.
    fn has_backward_word_chars(line: &str) -> bool {
        const ENDS_ONLY: [char; 6] = ['ة', 'ى', '\u{FE93}', '\u{FE94}', '\u{FEEF}', '\u{FEF0}'];
        line.match_indices(ENDS_ONLY).any(|(i, _)| {
            line[..i].chars().next_back().map_or(true, |c| {
                c.is_whitespace() || crate::line_layout::is_edge_punct(c)
            })
        })
    }

    #[test]
    fn letters_and_harakat_are_no_word_start() {
        for c in '\u{0621}'..='\u{0652}' {
            assert!(
                !c.is_whitespace() && !crate::line_layout::is_edge_punct(c),
                "{c}"
            );
        }
    }

    proptest::proptest! {
        /// The byte scan answers as the char search it replaced, so it never skips a line
        /// the full vote would have judged.
        #[test]
        fn quick_check_is_the_char_search(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    // The letters sought, what may come before them, and near misses in
                    // bytes: ؉ is D8 89, ٩ D9 A9, ؠ D8 A0, ٓ D9 93, ﺒ EF BA 92.
                    proptest::sample::select(
                        "ةىﺓﺔﻯﻰ .«(،\t\u{00A0}بؠـْٓ؉٩ﺒa1".chars().collect::<Vec<_>>()
                    ),
                    proptest::char::range('\u{0600}', '\u{06FF}'),
                    proptest::char::range('\u{FE70}', '\u{FEFF}'),
                    proptest::char::range('\u{2000}', '\u{206F}'),
                    proptest::char::any(),
                ],
                0..150,
            )
        ) {
            let line: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(has_backward_word(&line), has_backward_word_chars(&line));
        }
    }
}
