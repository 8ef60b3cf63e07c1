//! Edits: what changed, where in the input, by which rule and how sure.

use crate::profile::DamageProfile;
use crate::rules::RuleId;
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// One change to the input: replace `input[span]` (which is `original`) by `replacement`.
///
/// ```
/// use tarmim::{ProfileChoice, Repairer};
/// let sample = Repairer::new().profile(ProfileChoice::Given("sample".parse().unwrap()));
/// let r = sample.repair("كان ف البيت");
/// let e = &r.edits[0];
/// assert_eq!((e.span.clone(), e.original, e.replacement.as_str()), (7..9, "ف", "في"));
/// assert_eq!(e.rule.as_str(), "glyph/restore-dropped-letters");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Edit<'t> {
    /// Byte range in the input.
    pub span: Range<usize>,
    /// The input text in `span`.
    pub original: &'t str,
    /// What replaces it.
    pub replacement: String,
    /// The rule that made the edit.
    pub rule: RuleId,
    /// How sure the rule is, from 0 to 1.
    pub confidence: f32,
    /// Why, in words (for example "restored final ي").
    pub reason: Cow<'static, str>,
}

impl Edit<'_> {
    /// A one-line explanation in words.
    ///
    /// ```
    /// use tarmim::{ProfileChoice, Repairer};
    /// let sample = Repairer::new().profile(ProfileChoice::Given("sample".parse().unwrap()));
    /// let r = sample.repair("كان ف البيت");
    /// let edit = &r.edits[0];
    /// assert_eq!(
    ///     edit.explain(),
    ///     format!(
    ///         "bytes 7..9: «ف» → «في» (glyph/restore-dropped-letters, confidence {:.2}): \
    ///          restored final ي",
    ///         edit.confidence
    ///     )
    /// );
    /// ```
    pub fn explain(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Edit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bytes {}..{}: «{}» → «{}» ({}, confidence {:.2}): {}",
            self.span.start,
            self.span.end,
            self.original,
            self.replacement,
            self.rule,
            self.confidence,
            self.reason
        )
    }
}

/// The result of a repair: the text, and the edits that turn the input into it.
///
/// ```
/// let r = tarmim::repair("plain Latin text");
/// assert!(matches!(r.text, std::borrow::Cow::Borrowed(_)));
/// assert!(r.edits.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Repair<'t> {
    /// The repaired text; borrowed from the input when nothing changed.
    pub text: Cow<'t, str>,
    /// The edits, sorted by position and never overlapping.
    pub edits: Vec<Edit<'t>>,
    /// The damage profile the glyph rules applied: detected from the text, or given.
    pub profile: DamageProfile,
}

impl<'t> Repair<'t> {
    /// Builds the result from the input and sorted, non-overlapping edits.
    pub(crate) fn from_edits(input: &'t str, edits: Vec<Edit<'t>>) -> Repair<'t> {
        let text = if edits.is_empty() {
            Cow::Borrowed(input)
        } else {
            Cow::Owned(apply_edits(input, &edits))
        };
        Repair {
            text,
            edits,
            profile: DamageProfile::default(),
        }
    }

    /// Whether anything changed.
    ///
    /// ```
    /// assert!(!tarmim::repair("").changed());
    /// ```
    pub fn changed(&self) -> bool {
        !self.edits.is_empty()
    }
}

/// Replays `edits` on `input`. The edits must be sorted by `span.start` and must not
/// overlap, as every [`Repair`]'s are; `apply_edits(input, &repair.edits) == repair.text`.
///
/// ```
/// let input = "قال ف البيت عل الطاولة";
/// let r = tarmim::repair(input);
/// assert_eq!(tarmim::apply_edits(input, &r.edits), r.text);
/// ```
pub fn apply_edits(input: &str, edits: &[Edit<'_>]) -> String {
    let grow: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(input.len() + grow);
    let mut last = 0;
    for e in edits {
        debug_assert!(e.span.start >= last, "edits overlap or are unsorted");
        out.push_str(&input[last..e.span.start]);
        out.push_str(&e.replacement);
        last = e.span.end;
    }
    out.push_str(&input[last..]);
    out
}

/// Sorts edits by position and drops any that overlap an earlier, wider edit: a rule that
/// rewrites a whole line has already folded the word edits inside it into its own.
pub(crate) fn normalize(mut edits: Vec<Edit<'_>>) -> Vec<Edit<'_>> {
    // Insertions first at a shared position, then wider edits before narrower ones.
    edits.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then((!a.span.is_empty()).cmp(&!b.span.is_empty()))
            .then(b.span.len().cmp(&a.span.len()))
    });
    let mut out: Vec<Edit<'_>> = Vec::with_capacity(edits.len());
    for e in edits {
        if out.last().is_some_and(|prev| e.span.start < prev.span.end) {
            continue;
        }
        out.push(e);
    }
    out
}

/// Maps `second`, edits made on `text1 = apply_edits(input, first)`, back onto `input`,
/// and returns the edits that turn `input` into the result of both.
///
/// A second edit that lies in text `first` left alone maps by offset and keeps its rule.
/// One that touches a replacement of `first` (overlaps it, or sits strictly inside a
/// deletion or an insertion point) is merged into it: the merged edit keeps the rule of
/// [`merged_rule`], the lower confidence and both reasons. Both lists must be sorted and
/// non-overlapping; so is the result.
pub(crate) fn compose<'t>(
    input: &'t str,
    first: Vec<Edit<'t>>,
    text1: &str,
    second: Vec<Edit<'_>>,
) -> Vec<Edit<'t>> {
    if second.is_empty() {
        return first;
    }
    // Output regions of the first edits in text1.
    let mut regions = Vec::with_capacity(first.len());
    let mut shift: isize = 0;
    for e in &first {
        let start = (e.span.start as isize + shift) as usize;
        regions.push(start..start + e.replacement.len());
        shift += e.replacement.len() as isize - e.span.len() as isize;
    }
    let touches = |r: &Range<usize>, e: &Range<usize>, first_input_empty: bool| {
        if r.is_empty() || e.is_empty() {
            let (p, q) = if r.is_empty() {
                (r.start, e)
            } else {
                (e.start, r)
            };
            // A point strictly inside a range, or two points together (their order
            // would be ambiguous), or an insertion next to a pure insertion.
            (q.start < p && p < q.end)
                || (q.is_empty() && p == q.start)
                || (first_input_empty && (p == q.start || p == q.end))
        } else {
            e.start < r.end && r.start < e.end
        }
    };
    // For each second edit: the first edits it touches (an index range), or none.
    let mut attached: Vec<Option<(usize, usize)>> = Vec::with_capacity(second.len());
    for s in &second {
        let lo = regions.partition_point(|r| r.end < s.span.start);
        let mut hit: Option<(usize, usize)> = None;
        let mut i = lo;
        while i < regions.len() && regions[i].start <= s.span.end {
            if touches(&regions[i], &s.span, first[i].span.is_empty()) {
                hit = Some(hit.map_or((i, i), |(a, _)| (a, i)));
            }
            i += 1;
        }
        attached.push(hit);
    }
    // Groups of first edits joined through second edits that touch several of them.
    let mut group_of: Vec<Option<usize>> = vec![None; first.len()];
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut spans: Vec<(usize, usize)> = attached.iter().flatten().copied().collect();
    spans.sort_unstable();
    for (a, b) in spans {
        match groups.last_mut() {
            Some(g) if a <= g.1 => g.1 = g.1.max(b),
            _ => groups.push((a, b)),
        }
    }
    for (gi, &(a, b)) in groups.iter().enumerate() {
        for slot in &mut group_of[a..=b] {
            *slot = Some(gi);
        }
    }
    // Input position of a text1 position in unchanged text after region `i - 1`.
    let to_input = |p: usize, gap: usize| -> usize {
        if gap == 0 {
            p
        } else {
            first[gap - 1].span.end + (p - regions[gap - 1].end)
        }
    };
    let mut out: Vec<Edit<'t>> = Vec::with_capacity(first.len() + second.len());
    let mut members: Vec<Vec<&Edit<'_>>> = vec![Vec::new(); groups.len()];
    for (s, hit) in second.iter().zip(&attached) {
        match hit {
            Some((a, _)) => members[group_of[*a].expect("grouped")].push(s),
            None => {
                let gap = regions.partition_point(|r| r.end <= s.span.start);
                let start = to_input(s.span.start, gap);
                let end = start + s.span.len();
                out.push(Edit {
                    span: start..end,
                    original: &input[start..end],
                    replacement: s.replacement.clone(),
                    rule: s.rule,
                    confidence: s.confidence,
                    reason: s.reason.clone(),
                });
            }
        }
    }
    for (i, e) in first.iter().enumerate() {
        if group_of[i].is_none() {
            out.push(e.clone());
        }
    }
    for (gi, &(a, b)) in groups.iter().enumerate() {
        let inner = &members[gi];
        let t0 = inner
            .iter()
            .map(|s| s.span.start)
            .fold(regions[a].start, usize::min);
        let t1 = inner
            .iter()
            .map(|s| s.span.end)
            .fold(regions[b].end, usize::max);
        let start = first[a].span.start - (regions[a].start - t0);
        let end = first[b].span.end + (t1 - regions[b].end);
        let mut replacement = String::new();
        let mut last = t0;
        for s in inner {
            replacement.push_str(&text1[last..s.span.start]);
            replacement.push_str(&s.replacement);
            last = s.span.end;
        }
        replacement.push_str(&text1[last..t1]);
        let mut reasons: Vec<&str> = first[a..=b].iter().map(|e| e.reason.as_ref()).collect();
        reasons.extend(inner.iter().map(|s| s.reason.as_ref()));
        let mut seen = std::collections::HashSet::new();
        reasons.retain(|r| seen.insert(*r));
        let confidence = first[a..=b]
            .iter()
            .map(|e| e.confidence)
            .chain(inner.iter().map(|s| s.confidence))
            .fold(1.0, f32::min);
        out.push(Edit {
            span: start..end,
            original: &input[start..end],
            replacement,
            rule: merged_rule(
                (first[a..=b].iter().map(|e| e.rule)).chain(inner.iter().map(|s| s.rule)),
            ),
            confidence,
            reason: reasons.join("; ").into(),
        });
    }
    normalize(out)
}

/// The rule a merged edit keeps: a layout rule's, if one took part (it moved things),
/// else the one that runs first (a glyph read before the letters around it were restored,
/// even when a later repair round read it).
fn merged_rule(rules: impl Iterator<Item = RuleId>) -> RuleId {
    rules
        .min_by_key(|r| {
            (
                r.category() != crate::rules::Category::Layout,
                r.run_order(),
            )
        })
        .expect("a merged edit has rules")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit<'t>(input: &'t str, span: Range<usize>, replacement: &str) -> Edit<'t> {
        Edit {
            original: &input[span.clone()],
            span,
            replacement: replacement.to_owned(),
            rule: crate::rules::RULES[0].id,
            confidence: 0.9,
            reason: "test".into(),
        }
    }

    /// Composing must give what running the stages one after the other gives.
    fn check(input: &str, first: Vec<Edit<'_>>, second: &[(Range<usize>, &str)]) -> usize {
        let text1 = apply_edits(input, &first);
        let second: Vec<Edit<'_>> = second
            .iter()
            .map(|(r, s)| edit(&text1, r.clone(), s))
            .collect();
        let want = apply_edits(&text1, &second);
        let composed = compose(input, first, &text1, second);
        assert_eq!(apply_edits(input, &composed), want);
        let mut last = 0;
        for e in &composed {
            assert!(e.span.start >= last);
            assert_eq!(&input[e.span.clone()], e.original);
            last = e.span.end;
        }
        composed.len()
    }

    #[test]
    fn second_edits_map_by_offset_or_merge() {
        // ".ab" → "ab." then "ab" → "abc": three edits, the middle one by offset.
        let input = ".ab";
        let first = vec![edit(input, 0..1, ""), edit(input, 3..3, ".")];
        assert_eq!(check(input, first, &[(0..2, "abc")]), 3);
        // A second edit inside a replaced stretch merges into it.
        let input = "xy ba zz";
        let first = vec![edit(input, 3..5, "ab")];
        assert_eq!(check(input, first.clone(), &[(3..4, "A")]), 1);
        assert_eq!(check(input, first.clone(), &[(0..1, "X"), (4..6, "B!")]), 2);
        // A second edit across a deletion point merges; insertions at one point merge.
        let input = "w x";
        let first = vec![edit(input, 1..2, "")];
        assert_eq!(check(input, first, &[(0..2, "wx!")]), 1);
        let input = "ab";
        let first = vec![edit(input, 1..1, "-")];
        assert_eq!(check(input, first.clone(), &[(1..1, "+")]), 1);
        assert_eq!(check(input, first, &[(0..1, "A"), (2..2, "+")]), 2);
    }
}
