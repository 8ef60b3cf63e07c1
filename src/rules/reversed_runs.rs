//! `layout/reversed-runs`: some extractors emit a line's text runs in reverse order. The
//! runs break where a word lost its final glyph (the glyph's absence splits the text
//! chunk), so in such a line every piece but the first ends in a word cut short, and so
//! does the line. The separators between pieces come out reversed too (`، ` as ` ،`).
//!
//! For each line whose last word may have lost its end, the rule tries the orders this
//! mechanism could have produced: a cut after every word that is surely cut short (not a
//! lexicon word), after any choice of those that only may be, and one cut at or before
//! the first of them. Each order is scored with the bigram model over the junctions it
//! creates, the neighbouring lines included, every word read as itself or any of its
//! restorations; the line is rewritten only when the best order beats the line as it
//! stands by a clear margin. Its letters are then restored by the glyph stage.

use super::readings::Readings;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::joining::Form;
use crate::line_layout::{is_edge_punct, lines, mirror_reverse};
use crate::profile::Glyph;
use crate::token::{breaks_context, words, Word};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/reversed-runs"),
    category: Category::Layout,
    summary: "Puts back in order a line whose text runs came out reversed (runs break where a word lost its final glyph), when the bigram model scores the restored order clearly better than the line as it stands.",
};

pub(super) struct ReversedRuns;

/// How much cheaper (nats) the best order must be than the line as it stands: reversed
/// lines are rare, and a bigram model finds small gains in any reordering.
const MARGIN: f32 = 6.0;
/// Longest line (in words) considered: extracted lines are a column wide; longer ones
/// are paragraphs of running text, which no visual-order extractor produced.
const MAX_WORDS: usize = 40;
/// Most uncertain cut points tried in all combinations.
const MAX_UNCERTAIN: usize = 6;
/// A word whose cut-short reading is this much more frequent (nats) surely lost its end.
const SURE: f32 = 3.0;
/// A word whose cut-short reading is at most this much rarer may have lost its end.
const MAYBE: f32 = -4.0;

/// Whether a word's readings say it surely lost its last letter.
fn is_sure_cut(r: &super::readings::Reading) -> bool {
    r.end_gain.is_some_and(|g| g >= SURE)
}

/// Whether a word's readings say it may have lost its last letter.
fn may_be_cut(r: &super::readings::Reading) -> bool {
    r.end_gain.is_some_and(|g| g >= MAYBE)
}

impl Rule for ReversedRuns {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Order
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        // Runs break only where a word-final glyph (final or isolated form) was lost.
        let loses_ends = cx.profile.glyphs().iter().any(|g| match g {
            Glyph::Letter(_, f) => matches!(f, Form::Final | Form::Isolated),
            _ => true,
        });
        if !loses_ends {
            return;
        }
        let all: Vec<Word<'t>> = words(text).collect();
        let mut readings = Readings::new(cx);
        let mut first = 0;
        for span in lines(text) {
            // The words of this line: all[first..last].
            while first < all.len() && all[first].offset < span.start {
                first += 1;
            }
            let mut last = first;
            while last < all.len() && all[last].offset < span.end {
                last += 1;
            }
            if last - first < 3 || last - first > MAX_WORDS {
                continue;
            }
            let line = &all[first..last];
            // The line ends where its first run ended: in a word surely cut short.
            if !is_sure_cut(readings.of(&line[line.len() - 1].key())) {
                continue;
            }
            let before = first
                .checked_sub(1)
                .map(|i| all[i])
                .filter(|p| !breaks_context(&text[p.span().end..line[0].offset]));
            let after = all
                .get(last)
                .copied()
                .filter(|n| !breaks_context(&text[line[line.len() - 1].span().end..n.offset]));
            if let Some(edit) = reorder(text, line, before, after, &mut readings) {
                edits.push(edit);
            }
        }
    }
}

/// Scores the orders of one line and returns the edit for the best, if it is clearly
/// better than the line as it stands.
fn reorder<'t>(
    text: &'t str,
    line: &[Word<'t>],
    before: Option<Word<'t>>,
    after: Option<Word<'t>>,
    readings: &mut Readings<'_>,
) -> Option<Edit<'t>> {
    let n = line.len();
    let keys: Vec<String> = line.iter().map(|w| w.key().into_owned()).collect();
    let seps: Vec<&str> = (0..n - 1)
        .map(|i| &text[line[i].span().end..line[i + 1].offset])
        .collect();
    // A cut needs a separator of spaces and punctuation only.
    let cuttable: Vec<bool> = seps
        .iter()
        .map(|s| !s.is_empty() && s.chars().all(|c| c == ' ' || is_edge_punct(c)))
        .collect();
    let mut sure = Vec::new();
    let mut maybe = Vec::new();
    for i in 0..n - 1 {
        let r = readings.of(&keys[i]);
        if !(may_be_cut(r) && cuttable[i]) {
            continue;
        }
        if is_sure_cut(r) {
            sure.push(i);
        } else {
            maybe.push(i);
        }
    }
    if maybe.len() > MAX_UNCERTAIN {
        // Keep the likeliest.
        let gain = |i: usize, r: &mut Readings<'_>| r.of(&keys[i]).end_gain.unwrap_or(f32::MIN);
        let mut scored: Vec<(f32, usize)> = maybe.iter().map(|&i| (gain(i, readings), i)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        maybe = scored[..MAX_UNCERTAIN].iter().map(|&(_, i)| i).collect();
        maybe.sort_unstable();
    }
    // Junction cost between word i (left) and word j (right) across separator `sep`.
    let mut memo = vec![None; n * n];
    let mut junction = |i: usize, j: usize, sep: &str, r: &mut Readings<'_>| -> f32 {
        if breaks_context(sep) {
            return r.bigram(None, &keys[j]);
        }
        *memo[i * n + j].get_or_insert_with(|| r.bigram(Some(&keys[i]), &keys[j]))
    };
    let before_key = before.map(|w| w.key().into_owned());
    let after_key = after.map(|w| w.key().into_owned());
    let edge_cost = |first: usize, last: usize, r: &mut Readings<'_>| -> f32 {
        let start = r.bigram(before_key.as_deref(), &keys[first]);
        let end = after_key
            .as_deref()
            .map_or(0.0, |a| r.bigram(Some(&keys[last]), a));
        start + end
    };
    let mut best: Option<(f32, Vec<usize>)> = None;
    for mask in 0u32..(1 << maybe.len()) {
        let mut cuts: Vec<usize> = sure.clone();
        cuts.extend(
            maybe
                .iter()
                .enumerate()
                .filter(|(b, _)| mask & (1 << b) != 0)
                .map(|(_, &i)| i),
        );
        cuts.sort_unstable();
        let limit = cuts.first().copied().unwrap_or(n - 2);
        let firsts = (0..=limit).filter(|&c| cuttable[c]);
        for c0 in firsts {
            let mut cs = cuts.clone();
            if cs.first() != Some(&c0) {
                cs.insert(0, c0);
            }
            // As it stands: junctions at the cuts, in reading order.
            let mut kept = edge_cost(0, n - 1, readings);
            for &c in &cs {
                kept += junction(c, c + 1, seps[c], readings);
            }
            // Reordered: pieces [start_k..=cut_k] in reverse, each cut's separator with it.
            let starts: Vec<usize> = std::iter::once(0).chain(cs.iter().map(|c| c + 1)).collect();
            let ends: Vec<usize> = cs.iter().copied().chain(std::iter::once(n - 1)).collect();
            let pieces = starts.len();
            let mut moved = edge_cost(starts[pieces - 1], ends[0], readings);
            for k in (1..pieces).rev() {
                // Piece k is followed by piece k-1, across the separator of cut k-1.
                moved += junction(ends[k], starts[k - 1], seps[cs[k - 1]], readings);
            }
            let gain = kept - moved;
            if best.as_ref().map_or(true, |b| gain > b.0) {
                best = Some((gain, cs));
            }
        }
    }
    let (gain, cuts) = best?;
    if gain < MARGIN {
        return None;
    }
    let start = line[0].offset;
    let end = line[n - 1].span().end;
    let starts: Vec<usize> = std::iter::once(0)
        .chain(cuts.iter().map(|c| c + 1))
        .collect();
    let ends: Vec<usize> = cuts.iter().copied().chain(std::iter::once(n - 1)).collect();
    let mut out = String::with_capacity(end - start);
    for k in (0..starts.len()).rev() {
        out.push_str(&text[line[starts[k]].offset..line[ends[k]].span().end]);
        if k > 0 {
            out.push_str(&mirror_reverse(seps[cuts[k - 1]]));
        }
    }
    Some(Edit {
        span: start..end,
        original: &text[start..end],
        replacement: out,
        rule: INFO.id,
        confidence: (1.0 / (1.0 + (-(gain - MARGIN + 1.0)).exp())).clamp(0.5, 0.99),
        reason: format!("{} text runs came out in reverse order", starts.len()).into(),
    })
}
