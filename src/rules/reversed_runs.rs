//! `layout/reversed-runs`: some extractors emit a line's text runs in reverse order. The
//! runs break where a word lost its final glyph (the glyph's absence splits the text
//! chunk), so in such a line every piece but the first ends in a word cut short, and so
//! does the line. The separators between pieces come out reversed too (`، ` as ` ،`).
//!
//! A reversed line is a choice of cuts: after every word cut short, and one more where
//! the line's first run ended. The rule scores every choice at once (dynamic programming
//! over consecutive cuts, cubic in the words of a line), summed into the log-odds of
//! "reversed" against "as it stands": the bigram cost of each order's cheapest reading
//! (the neighbouring lines included; where a sentence ends or starts, how readily the
//! word there ends or starts one), every word read the same way at both its junctions,
//! as itself or any of its restorations in the line as it stands, and reordered, as a
//! word cut short where it ends a run and a whole one elsewhere; plus how likely each
//! word is to be cut short or whole, by the frequencies of the words it may stand for.
//! Only when reversal wins by a clear margin is the line rewritten, in the best
//! choice's order; its letters are then restored by the glyph stage.

use super::readings::{log_add, As, Readings};
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::joining::Form;
use crate::lexicon::WordId;
use crate::line_layout::{is_edge_punct, lines, mirror_reverse};
use crate::profile::Glyph;
use crate::token::{breaks_context, is_number, is_word_char, Word};
use std::collections::HashMap;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/reversed-runs"),
    category: Category::Layout,
    summary: "Puts back in order a line whose text runs came out reversed (runs break where a word lost its final glyph), when the bigram model scores the restored order clearly better than the line as it stands.",
};

pub(super) struct ReversedRuns;

/// How much more likely (nats) the best reversal must be than the line as it stands:
/// reversed lines are rare (about one in twenty), and a bigram model finds small gains
/// in any reordering. Chosen on the tuning slice (`evaluate --layout --tuning`, tables
/// rebuilt without it): 6.25 reorders 13 of 65,700 lines in order (6: 16, 6.5: 13) and
/// puts back 1,612 of 2,536 reversed ones (6: 1,632, 6.5: 1,596).
const MARGIN: f32 = 6.25;
/// The same for the other lines of a document once one line in it is put in order: the
/// extractor that reversed it reverses runs. Chosen on the tuning slice (margin 6.25 for
/// the first): 3 puts back 1,740 of the 2,536 reversed lines and reorders 34 in order,
/// with 15,323 tokens wrong (6.25: 1,656, 10, 16,098; 4: 1,717, 21, 15,445; 2: 1,750, 62,
/// 15,421). Asking two sure lines first does worse (3: 15,872), articles being short.
const MARGIN_IN_REVERSING: f32 = 3.0;
/// Longest line (in words) considered: extracted lines are a column wide; longer ones
/// are paragraphs of running text, which no visual-order extractor produced.
pub(super) const MAX_WORDS: usize = 40;
/// Cost (nats) of a first run that does not end in a word cut short.
const C0_COST: f32 = 1.0;
/// Nats a separator with its punctuation the wrong way round costs.
const ODD_SEPARATOR: f32 = 3.0;
/// Added to the log-odds of a word being cut short (`Reading::end_gain`).
const BIAS: f32 = 0.0;

impl Rule for ReversedRuns {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Order
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        // Only where visual-order extraction left its signature: a reordering needs the
        // evidence that the extractor reordered.
        if !cx.visual_order {
            return;
        }
        // Runs break only where a word-final glyph (final or isolated form) was lost.
        let loses_ends = cx.profile.glyphs().iter().any(|g| match g {
            Glyph::Letter(_, f) => matches!(f, Form::Final | Form::Isolated),
            _ => true,
        });
        if !loses_ends {
            return;
        }
        let all = units(text);
        let mut readings = Readings::new(cx);
        // The lines worth scoring, as ranges of `all`.
        let mut spans = Vec::new();
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
            // The line ends where its first run ended: in a word cut short.
            if readings.of(&all[last - 1].key()).end_gain.is_none() {
                continue;
            }
            spans.push(first..last);
        }
        // The neighbouring words of a line, if the sentence runs on into them; `moved`
        // maps a unit to the one that takes its place once its line is put in order.
        let neighbours = |r: &std::ops::Range<usize>, moved: &HashMap<usize, usize>| {
            let before = r
                .start
                .checked_sub(1)
                .filter(|&i| !breaks_context(&text[all[i].span().end..all[r.start].offset]))
                .map(|i| all[moved.get(&i).copied().unwrap_or(i)]);
            let after = Some(r.end)
                .filter(|&i| i < all.len())
                .filter(|&i| !breaks_context(&text[all[r.end - 1].span().end..all[i].offset]))
                .map(|i| all[moved.get(&i).copied().unwrap_or(i)]);
            (before, after)
        };
        let none = HashMap::new();
        let mut found: Vec<_> = spans
            .iter()
            .map(|r| {
                let (before, after) = neighbours(r, &none);
                reorder(text, &all[r.clone()], before, after, &mut readings, MARGIN)
            })
            .collect();
        // An extractor that reversed one line's runs reversed others: once a line is
        // surely reversed, the rest need less evidence.
        let margin = if found.iter().any(Option::is_some) {
            for (r, f) in spans.iter().zip(found.iter_mut()) {
                if f.is_none() {
                    let (before, after) = neighbours(r, &none);
                    *f = reorder(
                        text,
                        &all[r.clone()],
                        before,
                        after,
                        &mut readings,
                        MARGIN_IN_REVERSING,
                    );
                }
            }
            MARGIN_IN_REVERSING
        } else {
            MARGIN
        };
        // A line next to one put in order is scored again against the words that now
        // end the line before it and open the line after it.
        let mut moved = HashMap::new();
        for (r, f) in spans.iter().zip(&found) {
            if let Some((_, new_first, new_last)) = f {
                moved.insert(r.start, r.start + new_first);
                moved.insert(r.end - 1, r.start + new_last);
            }
        }
        if !moved.is_empty() {
            for (r, f) in spans.iter().zip(found.iter_mut()) {
                let touched = r
                    .start
                    .checked_sub(1)
                    .is_some_and(|i| moved.contains_key(&i))
                    || moved.contains_key(&r.end);
                if touched {
                    let (before, after) = neighbours(r, &moved);
                    *f = reorder(text, &all[r.clone()], before, after, &mut readings, margin);
                }
            }
        }
        edits.extend(found.into_iter().flatten().map(|(e, _, _)| e));
    }
}

/// The units a line's runs are made of: Arabic words, and runs of other letters and
/// digits (`2013`, `MBC`), which can end a run too.
pub(super) fn units(text: &str) -> Vec<Word<'_>> {
    let class = |c: char| {
        if is_word_char(c) {
            1
        } else if c.is_alphanumeric() {
            2
        } else {
            0
        }
    };
    let mut out = Vec::new();
    let mut start: Option<(usize, u8)> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let k = class(c);
        match start {
            Some((_, sk)) if sk == k => continue,
            Some((s, _)) => {
                out.push(Word {
                    text: &text[s..i],
                    offset: s,
                });
                start = None;
            }
            None => {}
        }
        if k != 0 {
            start = Some((i, k));
        }
    }
    out
}

/// Whether a unit is an Arabic word.
pub(super) fn is_arabic(unit: &str) -> bool {
    unit.chars().any(is_word_char)
}

/// Whether the bigram model knows a unit: an Arabic word or a number, not a Latin word.
pub(super) fn in_model(unit: &str) -> bool {
    is_arabic(unit) || is_number(unit)
}

/// 1 when punctuation in a separator sits the wrong way round (`الماضي ،بهزيمة`: a space
/// before it and none after), else 0.
fn backwards(sep: &str) -> f32 {
    let punct = |c: char| is_edge_punct(c) && crate::line_layout::bracket(c).is_none();
    let glued_after = sep.ends_with(punct);
    let spaced_before = sep.starts_with(' ') && sep.chars().any(punct);
    f32::from(u8::from(glued_after && spaced_before))
}

/// `ln(1 + e^x)`, without overflow.
fn softplus(x: f32) -> f32 {
    if x > 20.0 {
        x
    } else {
        x.exp().ln_1p()
    }
}

/// The cheapest of some costs.
pub(super) fn min(costs: &[f32]) -> f32 {
    costs.iter().copied().fold(f32::INFINITY, f32::min)
}

/// The cheapest of the sums of two lists of costs, item by item.
fn min_sum(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| x + y)
        .fold(f32::INFINITY, f32::min)
}

/// One step of a Viterbi search over readings: the cheapest cost of each reading of the
/// next word, from the costs of the readings of this one and `steps` between them.
fn forward_into(costs: &[f32], steps: &[f32], next: &mut [f32]) {
    let width = next.len();
    for (y, out) in next.iter_mut().enumerate() {
        *out = costs
            .iter()
            .enumerate()
            .map(|(x, c)| c + steps[x * width + y])
            .fold(f32::INFINITY, f32::min);
    }
}

/// As [`forward_into`], into a new list.
fn forward(costs: &[f32], steps: &[f32]) -> Vec<f32> {
    let mut next = vec![0.0; steps.len() / costs.len().max(1)];
    forward_into(costs, steps, &mut next);
    next
}

/// Scores the reversals of one line and returns the edit for the best, if it is clearly
/// more likely than the line as it stands, with the words (by index in `line`) that
/// open and end the line once put in order.
fn reorder<'t>(
    text: &'t str,
    line: &[Word<'t>],
    before: Option<Word<'t>>,
    after: Option<Word<'t>>,
    readings: &mut Readings<'_>,
    margin: f32,
) -> Option<(Edit<'t>, usize, usize)> {
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
    // Punctuation reads `، ` in Arabic text and ` ،` once reversed: a cut that turns a
    // separator the right way round is evidence for reversal, one that turns it the
    // wrong way, against.
    let flip: Vec<f32> = seps
        .iter()
        .map(|s| ODD_SEPARATOR * (backwards(s) - backwards(&mirror_reverse(s))))
        .collect();
    // Log-odds that each word lost its end (None: no reading says it could have).
    let odds: Vec<Option<f32>> = keys
        .iter()
        .map(|k| readings.of(k).end_gain.map(|g| g + BIAS))
        .collect();
    let arabic: Vec<bool> = keys.iter().map(|k| in_model(k)).collect();
    let breaks: Vec<bool> = seps.iter().map(|s| breaks_context(s)).collect();
    // The neighbouring lines' words, if the sentence runs on into them (None: a sentence
    // edge; Some(None): a Latin word).
    let key = |w: Word<'_>| in_model(w.text).then(|| w.key().into_owned());
    let (before_key, after_key) = (before.map(key), after.map(key));
    let (before_key, after_key) = (
        before_key.as_ref().map(Option::as_deref),
        after_key.as_ref().map(Option::as_deref),
    );
    // Each word's readings: any, whole, cut short.
    let sets: Vec<[Vec<Option<WordId>>; 3]> = keys
        .iter()
        .map(|k| {
            [
                readings.set(k, As::Any),
                readings.set(k, As::Whole),
                readings.set(k, As::Cut),
            ]
        })
        .collect();
    let set = |i: usize, s: As| sets[i][s as usize].as_slice();
    let step = |i: usize, si: As, j: usize, sj: As, breaks: bool, r: &Readings<'_>| {
        r.steps(set(i, si), set(j, sj), (arabic[i], arabic[j]), breaks)
    };
    // The line as it stands: the cheapest reading of the whole line, each word read the
    // same way at both its junctions (a word read one way before and another after
    // would flatter the line as it stands against any reordering).
    let mut costs = readings.starts(set(0, As::Any), arabic[0], before_key);
    for (i, &b) in breaks.iter().enumerate() {
        costs = forward(&costs, &step(i, As::Any, i + 1, As::Any, b, readings));
    }
    let ends = readings.ends(set(n - 1, As::Any), arabic[n - 1], after_key);
    let kept = min(&costs
        .iter()
        .zip(&ends)
        .map(|(c, e)| c + e)
        .collect::<Vec<_>>());
    // Reordered, every word that ends a run but the first is cut short, and every other
    // word but the one ending the first run is whole. cut_run(a, b): the cost of the
    // cheapest reading of the run a..=b for each reading of b cut short;
    // first_runs[b]: of the run 0..=b, for each reading of b whole.
    let whole_steps: Vec<Vec<f32>> = (0..n - 1)
        .map(|i| step(i, As::Whole, i + 1, As::Whole, breaks[i], readings))
        .collect();
    let cut_steps: Vec<Option<Vec<f32>>> = (0..n - 1)
        .map(|i| odds[i + 1].map(|_| step(i, As::Whole, i + 1, As::Cut, breaks[i], readings)))
        .collect();
    // cut_runs is flat: the readings of word b start at at[b] in each run's row.
    let mut at = Vec::with_capacity(n + 1);
    at.push(0);
    for i in 0..n {
        at.push(at[i] + set(i, As::Cut).len());
    }
    let row = at[n];
    let mut cut_runs = vec![f32::INFINITY; n * row];
    let mut first_runs: Vec<Vec<f32>> = Vec::with_capacity(n);
    let mut costs = Vec::new();
    let mut next = Vec::new();
    for a in 0..n {
        costs.clear();
        costs.resize(set(a, As::Whole).len(), 0.0);
        cut_runs[a * row + at[a]..a * row + at[a + 1]].fill(0.0);
        if a == 0 {
            first_runs.push(costs.clone());
        }
        for b in a + 1..n {
            if let Some(cut) = &cut_steps[b - 1] {
                forward_into(
                    &costs,
                    cut,
                    &mut cut_runs[a * row + at[b]..a * row + at[b + 1]],
                );
            }
            next.clear();
            next.resize(set(b, As::Whole).len(), 0.0);
            forward_into(&costs, &whole_steps[b - 1], &mut next);
            std::mem::swap(&mut costs, &mut next);
            if a == 0 {
                first_runs.push(costs.clone());
            }
        }
    }
    let cut_run = |a: usize, b: usize| &cut_runs[a * row + at[b]..a * row + at[b + 1]];
    // Cost of opening the clean line with word i (read whole, or cut short if it is the
    // last), looked up once for each.
    let opening: Vec<f32> = (0..n)
        .map(|i| {
            let s = if i == n - 1 { As::Cut } else { As::Whole };
            min(&readings.starts(set(i, s), arabic[i], before_key))
        })
        .collect();
    // The first run 0..=c and its junction with the next line, c read as `s` in both.
    let first_run = |c: usize, s: As, r: &mut Readings<'_>| {
        let ends = r.ends(set(c, s), arabic[c], after_key);
        let run = if s == As::Cut {
            cut_run(0, c)
        } else {
            &first_runs[c]
        };
        min_sum(run, &ends)
    };
    // How the run (p, c] starts: with a whole word, or with its only word, cut short
    // unless that ends the first run.
    let first_as = |p: isize, c: usize| {
        if (p + 1) as usize != c {
            As::Whole
        } else if p >= 0 {
            As::Cut
        } else {
            As::Any
        }
    };
    // Junction cost of the end of run (c, d] (cut short) before the run starting at a,
    // which follows it in the clean text across `sep`, memoised.
    // The run b..=d (d cut short) and its junction with the run starting at a (read as
    // `sa`), which follows it in the clean text across `sep`, d read the same way in
    // both; the junction's cost for each reading of d is memoised.
    let mut memo: Vec<Vec<f32>> = vec![Vec::new(); 3 * n * n];
    let mut join = |b: usize, d: usize, a: usize, sa: As, sep: &str, r: &Readings<'_>| -> f32 {
        let per_reading = |steps: Vec<f32>| -> Vec<f32> {
            let width = steps.len() / set(d, As::Cut).len().max(1);
            steps.chunks(width.max(1)).map(min).collect()
        };
        let run = cut_run(b, d);
        if breaks_context(sep) {
            return min_sum(run, &per_reading(step(d, As::Cut, a, sa, true, r)));
        }
        let m = sa as usize * n * n + d * n + a;
        if memo[m].is_empty() {
            memo[m] = per_reading(step(d, As::Cut, a, sa, false, r));
        }
        min_sum(run, &memo[m])
    };
    // Log-probability terms of each word's status, by the frequencies of its readings:
    // every word whole and the last cut short is the baseline; a cut at word i adds the
    // log-odds of i being cut short, except the first cut, which may also fall after a
    // whole word.
    let status_base: f32 = (0..n - 1)
        .filter_map(|i| odds[i])
        .map(|o| -softplus(o))
        .sum::<f32>()
        + odds[n - 1].map_or(f32::NEG_INFINITY, |o| -softplus(-o));
    // best[(p + 1) * n + c]: best score (log-probability, up to the line's) of cut
    // sequences ending with cuts (p, c), p = -1 for none before c; from[..] the previous
    // cut of p; sum[..] the log-sum over all of them: the decision weighs every way of
    // cutting, the edit takes the best.
    let idx = |p: isize, c: usize| (p + 1) as usize * n + c;
    let mut best = vec![f32::NEG_INFINITY; (n + 1) * n];
    let mut from = vec![usize::MAX; (n + 1) * n];
    let mut sum = vec![f32::NEG_INFINITY; (n + 1) * n];
    // The first run 0..=c ends the clean line.
    for c in 0..n - 1 {
        if !cuttable[c] {
            continue;
        }
        let whole = -first_run(c, As::Whole, readings) - C0_COST;
        let cut = odds[c].map_or(f32::NEG_INFINITY, |o| o - first_run(c, As::Cut, readings));
        best[idx(-1, c)] = whole.max(cut) + flip[c];
        sum[idx(-1, c)] = log_add(whole, cut) + flip[c];
    }
    for c in 0..n - 1 {
        for p in -1..c as isize {
            let v = best[idx(p, c)];
            if v == f32::NEG_INFINITY {
                continue;
            }
            let vs = sum[idx(p, c)];
            let (a, sa) = ((p + 1) as usize, first_as(p, c));
            for d in c + 1..n - 1 {
                let Some(o) = odds[d] else { continue };
                if !cuttable[d] {
                    continue;
                }
                // Run (c, d] comes before run (p, c] in the clean text, across c's
                // separator.
                let w = v + o + flip[d] - join(c + 1, d, a, sa, seps[c], readings);
                let ws = w - v + vs;
                sum[idx(c as isize, d)] = log_add(sum[idx(c as isize, d)], ws);
                if w > best[idx(c as isize, d)] {
                    best[idx(c as isize, d)] = w;
                    from[idx(c as isize, d)] = a;
                }
            }
        }
    }
    // Close: the last run (c, n-1] opens the clean line.
    let mut top: Option<(f32, isize, usize)> = None;
    let mut total = f32::NEG_INFINITY;
    for c in 0..n - 1 {
        for p in -1..c as isize {
            let v = best[idx(p, c)];
            if v == f32::NEG_INFINITY {
                continue;
            }
            let close = -join(
                c + 1,
                n - 1,
                (p + 1) as usize,
                first_as(p, c),
                seps[c],
                readings,
            ) - opening[c + 1];
            total = log_add(total, sum[idx(p, c)] + close);
            let w = v + close;
            if top.map_or(true, |t| w > t.0) {
                top = Some((w, p, c));
            }
        }
    }
    let (_, mut p, mut c) = top?;
    let gain = total + kept + status_base;
    // Written so that a NaN gain never reorders.
    if gain.is_nan() || gain < margin {
        return None;
    }
    let mut cuts = vec![c];
    while p >= 0 {
        let pp = from[idx(p, c)] as isize - 1;
        cuts.push(p as usize);
        c = p as usize;
        p = pp;
    }
    cuts.reverse();
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
    let edit = Edit {
        span: start..end,
        original: &text[start..end],
        replacement: out,
        rule: INFO.id,
        confidence: (1.0 / (1.0 + (-(gain - margin + 1.0)).exp())).clamp(0.5, 0.99),
        reason: format!("{} text runs came out in reverse order", starts.len()).into(),
    };
    Some((edit, starts[starts.len() - 1], ends[0]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language_model::BigramModel;
    use crate::lexicon::Lexicon;
    use crate::profile::DamageProfile;

    fn reorder_text(text: &str) -> String {
        let profile = DamageProfile::sample();
        let cx = Context {
            profile: &profile,
            lexicon: Lexicon::embedded(),
            model: BigramModel::embedded(),
            visual_order: true,
            walks: None,
        };
        let mut edits = Vec::new();
        ReversedRuns.apply(text, &cx, &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    #[test]
    fn separators_the_wrong_way_round() {
        assert_eq!(backwards(" ،"), 1.0);
        assert_eq!(backwards("، "), 0.0);
        assert_eq!(backwards(" "), 0.0);
        assert_eq!(backwards(" «"), 0.0);
    }

    #[test]
    fn puts_the_sample_lines_in_order_and_leaves_others() {
        let reversed = "إل تسع طليعة القوى الت والولايات المتحدة، ف يتقدم عليها الاتحاد الأوروب كل حال، لم تعد روسيا الت عل";
        assert_eq!(
            reorder_text(reversed),
            "عل كل حال، لم تعد روسيا الت يتقدم عليها الاتحاد الأوروب والولايات المتحدة، ف طليعة القوى الت تسع إل"
        );
        let normal = "وتحاول موسو وه لاعب رئيس ف المنطقة، الحفاظ عل سيطرتها منذ تفك الاتحاد السوفيات الذي كانت أرمينيا";
        assert_eq!(reorder_text(normal), normal);
    }

    /// A number is read as a word the model knows: the cut that keeps `إل 10 مفتشين`
    /// together wins over one that sends the numbers to the line's end.
    #[test]
    fn reads_numbers_with_their_words() {
        assert_eq!(
            reorder_text(
                "16 10 مفتشين ومراقبيها من ستة إل وكشف أن اللجنة ستزيد عدد مفتشيها من أربعة إل"
            ),
            "وكشف أن اللجنة ستزيد عدد مفتشيها من أربعة إل 10 مفتشين ومراقبيها من ستة إل 16"
        );
    }

    #[test]
    fn only_in_visual_order_documents() {
        let profile = DamageProfile::sample();
        let cx = Context {
            profile: &profile,
            lexicon: Lexicon::embedded(),
            model: BigramModel::embedded(),
            visual_order: false,
            walks: None,
        };
        let mut edits = Vec::new();
        ReversedRuns.apply("إل تسع طليعة القوى الت والولايات المتحدة، ف يتقدم عليها الاتحاد الأوروب كل حال، لم تعد روسيا الت عل", &cx, &mut edits);
        assert!(edits.is_empty());
    }
}
