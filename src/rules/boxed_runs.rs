//! `layout/boxed-runs`: pdfminer.six's `extract_text` groups a page's glyphs into boxes,
//! and a run drawn left to right inside a right-to-left line (a number, a Latin name, a
//! handle) comes out as a box of its own. The line's two pieces are written as boxes too,
//! in visual order, left piece first, each followed by a blank line:
//!
//! ```text
//! ؟وه نمف ةيبرعلل ةحفص فلأ
//!
//! 43
//!
//!  زجنأ يرصمل يسايق مقر
//! ```
//!
//! The three are one line drawn left to right, `؟وه نمف … فلأ 43 زجنأ … مقر`, which
//! `layout/visual-order-lines` then puts in logical order (رقم قياسي لمصري أنجز 43 ألف
//! صفحة للعربية فمن هو؟). Read apart, the pieces come out in the wrong order.
//!
//! The pieces face the boxes with a space or punctuation, since the run was cut out
//! between them; the boxes hold a digit or a Latin letter; and the joined line must read
//! backwards by the lexicon's vote, as a line in visual order does (a short one, where the
//! document's other lines do). Lines that read forwards are left alone.
//!
//! A quote drawn in a line is a box of its own too, written after the line, which keeps a
//! double space where it stood. Where the quote boxes after a line match its double
//! spaces in number, they go back in; elsewhere pdfminer writes them too far from their
//! place to tell which is which.

use super::visual_order_lines::{confidence, in_visual_order, Bar, Votes};
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::line_layout::{is_space_or_edge_punct, lines};
use crate::token::is_arabic_letter;
use std::ops::Range;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/boxed-runs"),
    category: Category::Layout,
    summary: "Joins a line in visual order that pdfminer wrote as boxes, a blank line between each, because a number or a Latin run was drawn inside it (فلأ ⏎⏎ 43 ⏎⏎ زجنأ → فلأ 43 زجنأ), and puts quotes it wrote as boxes after a line back into the double spaces the line left for them; only where the pieces face the boxes with a space or punctuation, or the quotes match the double spaces in number, and the line reads backwards.",
};

pub(super) struct BoxedRuns;

impl Rule for BoxedRuns {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Boxes
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        // Quick check: a blank line followed by something other than Arabic.
        if !text
            .match_indices('\n')
            .any(|(i, _)| starts_box(&text[i + 1..]))
        {
            return;
        }
        let spans: Vec<Range<usize>> = lines(text).collect();
        let junctions: Vec<Junction> = (0..spans.len())
            .filter_map(|i| junction(text, &spans, i))
            .collect();
        let mut votes = Votes::default();
        let mut visual = None;
        let mut joined = vec![false; spans.len()];
        let mut chain_start = 0;
        while chain_start < junctions.len() {
            // Junctions that share a piece: one line, cut at two runs.
            let mut end = chain_start + 1;
            while end < junctions.len() && junctions[end].before == junctions[end - 1].after {
                end += 1;
            }
            let chain = &junctions[chain_start..end];
            chain_start = end;
            let pieces = std::iter::once(chain[0].before)
                .chain(chain.iter().map(|j| j.after))
                .map(|k| &text[spans[k].clone()]);
            let Some((forward, backward)) = backwards(text, pieces, cx, &mut votes, &mut visual)
            else {
                continue;
            };
            let confidence = confidence(forward, backward);
            for j in chain {
                joined[j.before..=j.after].fill(true);
            }
            for j in chain {
                let boxes: Vec<&str> = (j.before..=j.after)
                    .step_by(2)
                    .map(|k| &text[spans[k].clone()])
                    .filter(|line| !is_piece(line))
                    .collect();
                let inside = boxes.join(" ");
                // The line breaks around each box go; the boxes stay as they were drawn.
                let mut at = j.before;
                for k in (j.before + 2..=j.after).step_by(2) {
                    let gap = spans[at].end..spans[k].start;
                    edits.push(Edit {
                        original: &text[gap.clone()],
                        span: gap,
                        replacement: String::new(),
                        rule: INFO.id,
                        confidence,
                        reason: format!(
                            "{inside:?} was written as a box of its own beside the rest of a \
                             line in visual order ({backward} of its words are words only \
                             backwards, {forward} only as they stand)"
                        )
                        .into(),
                    });
                    at = k;
                }
            }
        }
        for i in (0..spans.len()).filter(|&i| !joined[i]) {
            let Some(q) = quoted(text, &spans, i) else {
                continue;
            };
            let line = &text[spans[i].clone()];
            let Some((forward, backward)) = backwards(text, [line], cx, &mut votes, &mut visual)
            else {
                continue;
            };
            let start = spans[i].start + q.slots[0];
            let mut replacement = String::new();
            let mut last = q.slots[0];
            // From the right, as the line reads: an opening quote then a closing one,
            // each glued to the quoted words.
            for (n, &slot) in q.slots.iter().enumerate() {
                replacement.push_str(&line[last..slot]);
                let opening = (q.slots.len() - 1 - n) % 2 == 0;
                replacement.push_str(if opening { "\" " } else { " \"" });
                last = slot + 2;
            }
            replacement.push_str(&line[last..]);
            let span = start..spans[q.last].end;
            edits.push(Edit {
                original: &text[span.clone()],
                span,
                replacement,
                rule: INFO.id,
                confidence: confidence(forward, backward),
                reason: format!(
                    "{} quotes written as boxes of their own after a line in visual order, \
                     put back where it left a double space for each",
                    q.slots.len()
                )
                .into(),
            });
        }
    }
}

/// A line and the quote boxes pdfminer wrote after it, one for each double space the
/// line left where a quote was drawn.
struct Quoted {
    /// The double spaces, as byte offsets in the line, left to right.
    slots: Vec<usize>,
    /// The last quote box, as a line index.
    last: usize,
}

/// The most quotes put back into one line.
const MAX_QUOTES: usize = 6;

/// Line `i` with as many double spaces between words as quote boxes (`"` alone, a blank
/// line before and after each) follow it, an even number: pdfminer writes a quote drawn
/// in a line as a box of its own, and the line keeps a double space where it stood. An
/// odd count, or any other quote, leaves which quote opens unknown.
fn quoted(text: &str, spans: &[Range<usize>], i: usize) -> Option<Quoted> {
    let line = |k: usize| spans.get(k).map(|s| &text[s.clone()]);
    let first = line(i)?;
    // Quick check: a quote box follows (most lines are followed by the next line).
    if !is_piece(first) || line(i + 1) != Some("") || line(i + 2) != Some("\"") {
        return None;
    }
    let slots: Vec<usize> = first
        .match_indices("  ")
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = first[..at].chars().next_back();
            let after = first[at + 2..].chars().next();
            before.is_some_and(|c| !c.is_whitespace()) && after.is_some_and(|c| !c.is_whitespace())
        })
        .collect();
    if slots.is_empty() || slots.len() % 2 == 1 || slots.len() > MAX_QUOTES {
        return None;
    }
    let mut k = i;
    for _ in 0..slots.len() {
        if !line(k + 1)?.is_empty() || line(k + 2)? != "\"" {
            return None;
        }
        k += 2;
    }
    // No more quote boxes: they would not match the double spaces.
    if line(k + 2) == Some("\"") && line(k + 1) == Some("") {
        return None;
    }
    Some(Quoted { slots, last: k })
}

/// The votes on `pieces`, read as one line, if it reads backwards: surely, or as a short
/// line in a document whose other lines are in visual order (`visual` keeps whether it
/// is, once asked).
fn backwards<'t>(
    text: &'t str,
    pieces: impl IntoIterator<Item = &'t str>,
    cx: &Context<'_>,
    votes: &mut Votes<'t>,
    visual: &mut Option<bool>,
) -> Option<(usize, usize)> {
    votes.clear();
    for piece in pieces {
        votes.add_words(piece, cx);
    }
    let (forward, backward) = votes.tally(cx);
    let sure = Bar::Sure.passed(forward, backward);
    if !sure && !Bar::InVisualDocument.passed(forward, backward) {
        return None;
    }
    if !sure && !*visual.get_or_insert_with(|| in_visual_order(text, cx, votes)) {
        return None;
    }
    Some((forward, backward))
}

/// Lines of one line drawn, as line indices, every other line from `before` to `after`:
/// two pieces with boxes between them, or at a line's edge a piece and its boxes.
struct Junction {
    before: usize,
    after: usize,
}

/// The most boxes between two pieces of a line (`CNN` and `(` for `(CNN)`).
const MAX_BOXES: usize = 3;
/// The longest box, in bytes: a number, a name or a handle, not a line of Latin text.
const MAX_BOX_LEN: usize = 64;

/// The junction that starts at line `i`: one to [`MAX_BOXES`] boxes without Arabic
/// letters, a blank line before and after each, between two pieces that face them with a
/// space or punctuation, and holding a digit or a Latin letter. At a line's edge a run is
/// a box beside one piece: pdfminer writes the boxes of a line and the next in visual
/// order, so a box after a piece that faces it, before one that does not, ends the first
/// line at its right (its logical start), and a box before a piece that faces it, after
/// one that does not, starts the second at its left. Boxes at an edge must each hold a
/// digit or a Latin letter.
fn junction(text: &str, spans: &[Range<usize>], i: usize) -> Option<Junction> {
    let line = |k: usize| spans.get(k).map(|s| &text[s.clone()]);
    let facing = |c: Option<char>| c.is_some_and(is_space_or_edge_punct);
    let piece_ending =
        |k: usize| line(k).is_some_and(|l| is_piece(l) && facing(l.chars().next_back()));
    let first = line(i)?;
    let left_edge = !is_piece(first);
    if left_edge {
        // The first of the boxes, after a blank line and something that does not face it.
        // (A quote box before it is written away from its place, and faces nothing.)
        let blank_before = i >= 1 && line(i - 1) == Some("");
        let faced = i >= 2 && (piece_ending(i - 2) || line(i - 2).is_some_and(is_drawn_box));
        if !blank_before || faced || !is_drawn_box(first) {
            return None;
        }
    } else if !facing(first.chars().next_back()) {
        return None;
    }
    let (mut k, mut drawn, mut all_drawn) = (i, left_edge, true);
    for boxes in usize::from(left_edge)..=MAX_BOXES {
        let next = line(k + 2)?;
        if !line(k + 1)?.is_empty() {
            return None;
        }
        if is_piece(next) {
            let faces = facing(next.chars().next());
            let joins = boxes > 0
                && drawn
                && (if left_edge {
                    faces && all_drawn
                } else {
                    faces || all_drawn
                });
            return joins.then_some(Junction {
                before: i,
                // A piece that does not face the boxes starts the next line.
                after: if faces { k + 2 } else { k },
            });
        }
        if boxes == MAX_BOXES || !is_box(next) {
            return None;
        }
        drawn |= is_drawn_box(next);
        all_drawn &= is_drawn_box(next);
        k += 2;
    }
    None
}

/// A box with a digit or a Latin letter: a run drawn in the line, where pdfminer put it.
fn is_drawn_box(line: &str) -> bool {
    is_box(line) && line.chars().any(char::is_alphanumeric)
}

/// A piece of a line: it has Arabic letters.
fn is_piece(line: &str) -> bool {
    line.chars().any(is_arabic_letter)
}

/// What a box between a line's pieces can hold: a short run without Arabic letters, with
/// nothing blank at its ends.
fn is_box(line: &str) -> bool {
    !line.is_empty() && line.len() <= MAX_BOX_LEN && line.trim() == line && !is_piece(line)
}

/// Whether `s` starts with a blank line and then what may begin a box.
fn starts_box(s: &str) -> bool {
    let s = s.strip_prefix('\r').unwrap_or(s);
    s.strip_prefix('\n')
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| !c.is_whitespace() && !is_arabic_letter(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn joined(text: &str) -> String {
        let p = DamageProfile::default();
        let mut edits = Vec::new();
        BoxedRuns.apply(text, &Context::embedded(&p), &mut edits);
        crate::edit::apply_edits(text, &crate::edit::normalize(edits))
    }

    #[test]
    fn a_number_box_joins_its_line() {
        // pdfminer's output for a line of the tests' sentences (Amiri, right-aligned).
        let boxes = ".يضاملا )ويام( رهش لالخ رئاز \n\n2,500\n\n غلب راوزلا ددع نإ\n\nنايب";
        assert_eq!(
            joined(boxes),
            ".يضاملا )ويام( رهش لالخ رئاز 2,500 غلب راوزلا ددع نإ\n\nنايب"
        );
        // Two numbers in one line, the halves facing them with punctuation; CRLF.
        let two =
            "،ماعلا اذه ةياهن يف \r\n\r\n2022\r\n\r\n ماعو \r\n\r\n2021\r\n\r\n ماع يف ةكرشلا تحبر";
        assert_eq!(
            joined(two),
            "،ماعلا اذه ةياهن يف 2022 ماعو 2021 ماع يف ةكرشلا تحبر"
        );
        // A Latin name and its bracket, two boxes (pdfminer, Noto Sans Arabic).
        let latin = "ةيدوعسلا ةيبرعلا ةكلمملا ريفس لاق —)\n\nCNN\n\n(\n\n ةدحتملا ةيبرعلا تاراملإا ،يبد";
        assert_eq!(
            joined(latin),
            "ةيدوعسلا ةيبرعلا ةكلمملا ريفس لاق —)CNN( ةدحتملا ةيبرعلا تاراملإا ،يبد"
        );
    }

    #[test]
    fn a_number_box_at_a_line_edge_joins_the_piece_that_faces_it() {
        // At the right edge (the line's logical start): after its piece, before a line that
        // does not face it.
        let right = ".زيمملا اهراعشب ةكرشلا فرعتو ملاعلا لوح عرف \n\n300\n\nتداز تاعيبملا نإ ةكرشلا تلاقو";
        assert_eq!(
            joined(right),
            ".زيمملا اهراعشب ةكرشلا فرعتو ملاعلا لوح عرف 300\n\nتداز تاعيبملا نإ ةكرشلا تلاقو"
        );
        // At the left edge (its logical end): before its piece, after a line that does not
        // face it; a quote box there stays where pdfminer wrote it.
        let left = "تداز تاعيبملا نإ ةكرشلا تلاقو\n\n\"\n\n2017\n\n ماع ةكرشلا حابرأ نع ةلاقم يفو";
        assert_eq!(
            joined(left),
            "تداز تاعيبملا نإ ةكرشلا تلاقو\n\n\"\n\n2017 ماع ةكرشلا حابرأ نع ةلاقم يفو"
        );
    }

    #[test]
    fn quote_boxes_go_back_into_the_double_spaces_their_line_left() {
        // pdfminer's output for a line with a quoted name (Noto Naskh, right-aligned):
        // مجلة "مادموازيل" للأزياء.
        let boxes = "،ءايزألل  ليزاومدام  ةلجم سيئر بصنم قباسلا يف تلغش يتلا ،ديبس ترهتشاو\n\n\"\n\n\"\n\n.تاراوسسكإلل اهطخ ناك";
        assert_eq!(
            joined(boxes),
            "،ءايزألل \"ليزاومدام\" ةلجم سيئر بصنم قباسلا يف تلغش يتلا ،ديبس ترهتشاو\n\n.تاراوسسكإلل اهطخ ناك"
        );
    }

    #[test]
    fn logical_lines_quotes_and_lone_numbers_stay() {
        for text in [
            // Logical order: the lines read forwards.
            "وقال الوزير إن عدد الزوار بلغ \n\n2,500\n\n زائر خلال شهر مايو الماضي",
            // A number at a line's edge in logical order (a year between paragraphs).
            "وقال الوزير إن عدد الزوار ارتفع في العام \n\n2020\n\nوأضاف الوزير أن الحكومة",
            "وأضاف الوزير أن الحكومة\n\n2020\n\n وقال الوزير إن عدد الزوار ارتفع",
            // The pieces do not face the number (a page number between paragraphs).
            ".يضاملا رهش لالخ رئاز\n\n12\n\nغلب راوزلا ددع نإ",
            // No blank line on one side.
            ".يضاملا رهش لالخ رئاز \n2,500\n\n غلب راوزلا ددع نإ",
            // Quotes alone between two pieces, more than the double spaces before them.
            "قفاوي يذلا  ليئارسإ ةلود مايقل \n\n\"\n\n\"\n\n نيعبسلا ىركذلاب لافتحالا عم",
            // Fewer quote boxes than double spaces, or an odd number of them.
            "،ءايزألل  ليزاومدام  ةلجم سيئر بصنم قباسلا يف تلغش يتلا ،ديبس ترهتشاو\n\n\"\n\n.تاراوسسكإلل",
            "،ءايزألل ليزاومدام  ةلجم سيئر بصنم قباسلا يف تلغش يتلا ،ديبس ترهتشاو\n\n\"\n\n.تاراوسسكإلل",
            // In logical order.
            "واشتهرت سبيد، التي شغلت في السابق منصب رئيس مجلة  مادموازيل  للأزياء،\n\n\"\n\n\"\n\nولكن",
            // Not a box alone.
            ".يضاملا رهش لالخ رئاز \n\n2,500 ماع\n\n غلب راوزلا ددع نإ",
        ] {
            assert_eq!(joined(text), text);
        }
    }
}
