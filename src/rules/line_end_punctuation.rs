//! `layout/line-end-punctuation`: extractors that read a right-to-left line in visual
//! order put its trailing punctuation at its start, reversed and mirrored (`.«الأولى`
//! for `الأولى».`), and now and then send a leading quote to the end (`الخليج» ‐ وكالات»`
//! for `«الخليج» ‐ وكالات`). This rule moves such runs back.
//!
//! Each line offers a few readings: as it stands, a prefix of its leading punctuation
//! moved to the end, or a suffix of its trailing quotes moved to the start. A line must
//! not start with sentence punctuation or a closing bracket, moves cost a little, and
//! every quote or bracket left unmatched costs a lot; the readings of all lines are
//! chosen together (a beam over the stack of open brackets), because quotations run over
//! several lines. So in `.««أنّ … تطأها` one « moves and the other, a real opening quote,
//! stays. Lines whose last letter or digit is not Arabic (`2022،`) keep their punctuation.

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::line_layout::{
    bracket, edges, is_movable, lead_is_glued, lines, mirror, mirror_reverse, never_leads,
};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/line-end-punctuation"),
    category: Category::Layout,
    summary: "Moves a line's trailing punctuation that extraction put at its start, reversed and mirrored, back to its end (.«الأولى → الأولى».), and a leading quote sent to the end back to the start; the balance of quotes and brackets over the text decides what moves.",
};

pub(super) struct LineEndPunctuation;

/// Cost of a quote or bracket left unmatched.
const UNMATCHED: u32 = 100;
/// Cost of a line that starts with sentence punctuation or a closing bracket.
const BAD_START: u32 = 100;
/// Cost of each character moved: without evidence, a line stays as it is.
const MOVED: u32 = 10;
/// Cost of a quote or bracket staying open over one more non-blank line: quotations run
/// over lines, but a real opening quote that a displaced one could close is rarely far.
const OPEN_PER_LINE: u32 = 15;
/// Readings kept per line.
const BEAM: usize = 8;

/// One reading of a line.
#[derive(Clone, Debug)]
struct Reading {
    /// Characters moved: from the leading run to the end, or from the trailing run to the
    /// start.
    moved: Move,
    /// Quotes and brackets in reading order: the opening form, and whether it opens
    /// (None: a straight quote that could do either).
    brackets: Vec<(char, Option<bool>)>,
    cost: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Move {
    Keep,
    /// This many bytes of the leading run go to the end.
    LeadToEnd(usize),
    /// This many bytes of the trailing run go to the start.
    TrailToStart(usize),
}

impl Rule for LineEndPunctuation {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Layout
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        if !cx.visual_order {
            return;
        }
        let spans: Vec<_> = lines(text).collect();
        let readings: Vec<Vec<Reading>> =
            spans.iter().map(|r| readings(&text[r.clone()])).collect();
        let blanks: Vec<bool> = spans
            .iter()
            .map(|r| text[r.clone()].trim().is_empty())
            .collect();
        let chosen = choose(&readings, &blanks);
        for ((span, rs), &pick) in spans.iter().zip(&readings).zip(&chosen) {
            let line = &text[span.clone()];
            let e = edges(line);
            let at = |i: usize| span.start + i;
            match rs[pick].moved {
                Move::Keep => {}
                Move::LeadToEnd(n) => {
                    let run = &line[e.lead.start..e.lead.start + n];
                    let moved = mirror_reverse(run);
                    let confidence = confidence(run);
                    let reason = format!(
                        "«{run}» at the line start is its end punctuation «{moved}», displaced"
                    );
                    push(
                        edits,
                        text,
                        at(e.lead.start)..at(e.lead.start + n),
                        String::new(),
                        confidence,
                        &reason,
                    );
                    push(
                        edits,
                        text,
                        at(e.trail.end)..at(e.trail.end),
                        moved,
                        confidence,
                        &reason,
                    );
                }
                Move::TrailToStart(n) => {
                    let run = &line[e.trail.end - n..e.trail.end];
                    let moved = mirror_reverse(run);
                    let reason = format!(
                        "«{run}» at the line end is its opening quote «{moved}», displaced"
                    );
                    push(
                        edits,
                        text,
                        at(e.lead.start)..at(e.lead.start),
                        moved,
                        0.8,
                        &reason,
                    );
                    push(
                        edits,
                        text,
                        at(e.trail.end - n)..at(e.trail.end),
                        String::new(),
                        0.8,
                        &reason,
                    );
                }
            }
        }
    }
}

fn push<'t>(
    edits: &mut Vec<Edit<'t>>,
    text: &'t str,
    span: std::ops::Range<usize>,
    replacement: String,
    confidence: f32,
    reason: &str,
) {
    edits.push(Edit {
        original: &text[span.clone()],
        span,
        replacement,
        rule: INFO.id,
        confidence,
        reason: reason.to_owned().into(),
    });
}

/// Sentence punctuation cannot start a line: moving it is near certain. Quotes alone are
/// moved on the balance of the text, a weaker argument.
fn confidence(run: &str) -> f32 {
    if run
        .chars()
        .any(|c| never_leads(mirror(c)) && bracket(c).is_none())
    {
        0.95
    } else {
        0.8
    }
}

/// The readings of one line, as it stands first.
fn readings(line: &str) -> Vec<Reading> {
    let e = edges(line);
    let body = &line[e.lead.start..e.trail.end];
    let starts_badly = |s: &str| s.chars().next().is_some_and(never_leads);
    let mut out = vec![Reading {
        moved: Move::Keep,
        brackets: brackets_in(body),
        cost: if starts_badly(body) { BAD_START } else { 0 },
    }];
    if !e.rtl {
        return out;
    }
    let lead = &line[e.lead.clone()];
    if e.ends_arabic && !lead.is_empty() && lead_is_glued(line, &e) {
        for (i, c) in lead.char_indices() {
            if !is_movable(c) {
                break;
            }
            let n = i + c.len_utf8();
            let rest = &line[e.lead.start + n..e.trail.end];
            let moved = mirror_reverse(&lead[..n]);
            // After what already ends the line (`للغاية"` + `.`).
            out.push(Reading {
                moved: Move::LeadToEnd(n),
                brackets: brackets_in(&format!("{rest}{moved}")),
                cost: MOVED * moved.chars().count() as u32
                    + if starts_badly(rest) { BAD_START } else { 0 },
            });
        }
    }
    let trail = &line[e.trail.clone()];
    if e.starts_arabic && e.lead.is_empty() && !trail.is_empty() {
        // Only quotes and brackets that open once mirrored: a leading quote sent to the end.
        for (i, c) in trail.char_indices().rev() {
            let opens = bracket(mirror(c)).is_some_and(|(_, o)| o != Some(false));
            if !opens {
                break;
            }
            let n = trail.len() - i;
            let moved = mirror_reverse(&trail[i..]);
            let rest = &line[e.lead.start..e.trail.start + i];
            out.push(Reading {
                moved: Move::TrailToStart(n),
                brackets: brackets_in(&format!("{moved}{rest}")),
                cost: MOVED * moved.chars().count() as u32,
            });
        }
    }
    out
}

/// The quotes and brackets of a line. A straight quote opens when it stands before a
/// word (`"فيسبوك`), closes when it stands after one (`فيسبوك"،`), and is undecided
/// otherwise (`بـ"ذا`).
fn brackets_in(line: &str) -> Vec<(char, Option<bool>)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<(char, Option<bool>)> = Vec::new();
    let mut opened_at = usize::MAX;
    for (i, &c) in chars.iter().enumerate() {
        let Some((open, opens)) = bracket(c) else {
            continue;
        };
        let role = opens.or_else(|| {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let space = |c: Option<char>| c.map_or(true, char::is_whitespace);
            // After an opening bracket or quote, or after a proclitic (بـ"ذا فويس", و"حول).
            let word_start = chars[..i]
                .iter()
                .rposition(|c| c.is_whitespace())
                .map_or(0, |p| p + 1);
            let prefix: String = chars[word_start..i].iter().collect();
            let opening = (i > 0 && opened_at == i - 1)
                || before
                    .and_then(bracket)
                    .is_some_and(|(_, o)| o == Some(true))
                || before == Some(crate::joining::TATWEEL)
                || matches!(
                    prefix.as_str(),
                    "و" | "ب" | "ل" | "ك" | "ف" | "وب" | "ول" | "فب" | "لل"
                );
            // Glued to what comes before, a quote opens only if a word follows: in `ل".`
            // the ل is a word cut short (لن), not a proclitic.
            let word_after = after.is_some_and(char::is_alphanumeric);
            if (space(before) && !space(after)) || (opening && word_after) {
                Some(true)
            } else if !space(before)
                && (space(after) || after.is_some_and(crate::line_layout::is_edge_punct))
            {
                Some(false)
            } else {
                None
            }
        });
        if role == Some(true) {
            opened_at = i;
        }
        out.push((open, role));
    }
    out
}

/// Feeds quotes and brackets to a stack of open ones; returns the cost of those that
/// close nothing or are closed over.
fn feed(stack: &mut Vec<char>, brackets: &[(char, Option<bool>)]) -> u32 {
    let mut cost = 0;
    for &(open, opens) in brackets {
        match opens {
            Some(true) => stack.push(open),
            None if stack.last() == Some(&open) => {
                stack.pop();
            }
            None => stack.push(open),
            Some(false) => match stack.iter().rposition(|&o| o == open) {
                Some(at) => {
                    cost += UNMATCHED * (stack.len() - at - 1) as u32;
                    stack.truncate(at);
                }
                None => cost += UNMATCHED,
            },
        }
    }
    cost
}

/// Picks a reading per line, minimising the total cost over the text.
fn choose(readings: &[Vec<Reading>], blanks: &[bool]) -> Vec<usize> {
    // Beam entries: open brackets, cost so far, index of the entry's history.
    let mut beam: Vec<(Vec<char>, u32, usize)> = vec![(Vec::new(), 0, 0)];
    // History as a tree: (parent, reading chosen).
    let mut history: Vec<(usize, usize)> = vec![(usize::MAX, 0)];
    for (rs, &blank) in readings.iter().zip(blanks) {
        if rs.len() == 1 && rs[0].brackets.is_empty() && rs[0].cost == 0 {
            // Nothing to decide: the beam stays, open brackets pay for the line.
            for entry in &mut beam {
                history.push((entry.2, 0));
                entry.2 = history.len() - 1;
                if !blank {
                    entry.1 += OPEN_PER_LINE * entry.0.len() as u32;
                }
            }
            continue;
        }
        let mut next: Vec<(Vec<char>, u32, usize)> = Vec::new();
        for (stack, cost, h) in &beam {
            for (ri, r) in rs.iter().enumerate() {
                let mut s = stack.clone();
                let mut c = cost + r.cost + feed(&mut s, &r.brackets);
                if !blank {
                    c += OPEN_PER_LINE * s.len() as u32;
                }
                match next.iter_mut().find(|e| e.0 == s) {
                    Some(e) if e.1 <= c => {}
                    Some(e) => {
                        history.push((*h, ri));
                        *e = (s, c, history.len() - 1);
                    }
                    None => {
                        history.push((*h, ri));
                        next.push((s, c, history.len() - 1));
                    }
                }
            }
        }
        next.sort_by_key(|e| e.1);
        next.truncate(BEAM);
        beam = next;
    }
    let best = beam
        .iter()
        .min_by_key(|e| e.1 + UNMATCHED * e.0.len() as u32)
        .map_or(0, |e| e.2);
    let mut out = vec![0; readings.len()];
    let mut h = best;
    for slot in out.iter_mut().rev() {
        let (parent, ri) = history[h];
        *slot = ri;
        h = parent;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> String {
        let cx_free = LineEndPunctuation;
        let mut edits = Vec::new();
        let profile = crate::profile::DamageProfile::default();
        let cx = Context {
            profile: &profile,
            lexicon: crate::lexicon::Lexicon::embedded(),
            model: crate::language_model::BigramModel::embedded(),
            visual_order: true,
            walks: None,
        };
        cx_free.apply(text, &cx, &mut edits);
        crate::edit::apply_edits(text, &crate::edit::normalize(edits))
    }

    #[test]
    fn moves_displaced_runs_back() {
        assert_eq!(
            fix("قال «نحن هنا للمرة\n.«الأولى منذ قرنين"),
            "قال «نحن هنا للمرة\nالأولى منذ قرنين»."
        );
        assert_eq!(fix(".««أنّ الأقدام لا تغادر"), "«أنّ الأقدام لا تغادر».");
        assert_eq!(
            fix(".«(كدليل على ما تسميه (الخارج منها"),
            "كدليل على ما تسميه (الخارج منها)»."
        );
        assert_eq!(fix("الخليج» ‐ وكالات»"), "«الخليج» ‐ وكالات");
        assert_eq!(fix(".اعتبرته خيانة\r\n"), "اعتبرته خيانة.\r\n");
    }

    #[test]
    fn leaves_sound_lines() {
        for line in [
            "منذ شباط / فبراير 2022،",
            "«في الأساس سياسياً» قال\nثم مضى",
            "القياصرة؟",
            "- بند أول",
            "Latin only.",
            ".NET framework",
            "«قال إنه\nسيعود» غداً.",
        ] {
            assert_eq!(fix(line), line);
        }
    }
}
