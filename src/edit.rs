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
    /// assert_eq!(r.edits[0].explain(),
    ///     "bytes 7..9: «ف» → «في» (glyph/restore-dropped-letters, confidence 0.99): restored final ي");
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
