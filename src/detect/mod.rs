//! Detection: which glyphs a document's font lost, told from the text alone.
//!
//! Every glyph (a letter in one contextual form, or a lam-alef ligature) occurs at a rate
//! the language fixes within limits: final ي makes about 2% of the glyphs of news text. A
//! document of a few thousand glyphs that shows no final ي at all was extracted from a
//! font that lost it. The test for each glyph compares two explanations of its count:
//! the document is intact (a negative binomial around the training rate, whose spread
//! was measured per glyph across the training articles), or the glyph is lost (almost
//! none survive). The words add their own evidence ([`lexical`]): restoring a lost glyph
//! repairs many words, restoring an intact one almost none. A glyph is reported missing
//! when loss is far more probable than not.
//!
//! Writers interchange some letters by convention (فى for في, اعلن for أعلن, Persian ی and ک). A glyph of
//! such a group counts as missing only if the whole group is short of it too.

mod counts;
#[rustfmt::skip]
mod expected_rates;
#[rustfmt::skip]
mod false_restoration_rates;
mod lexical;
mod likelihood;

pub use counts::GlyphCounts;

use crate::edit::Edit;
use crate::glyph::Glyph;
use crate::joining::Form;
use crate::profile::DamageProfile;
use expected_rates::{FORM_SHIFTS, GLYPH_RATES, VARIANT_RATES};
use likelihood::{ln_negative_binomial, ln_poisson_uniform_rate};

/// Letters that writers use for one another in the same form; the builder and the test
/// both read this list.
///
/// ```
/// assert!(tarmim::detect::SPELLING_VARIANTS.iter().any(|g| g.contains(&'ى')));
/// ```
pub const SPELLING_VARIANTS: &[&[char]] =
    &[&['ي', 'ى', 'ی'], &['ك', 'ک'], &['ا', 'أ', 'إ', 'آ', 'ٱ']];

/// How often a glyph (or a variant group in one form) occurs in intact text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    /// Occurrences per glyph of text.
    pub per_glyph: f64,
    /// The negative binomial's shape: how much the rate varies between documents (large
    /// is steady, small is topical).
    pub shape: f64,
}

/// The prior probability that any one glyph is lost in a document.
const PRIOR_LOST: f64 = 0.01;
/// The same once another glyph of the document is known to be lost.
const PRIOR_LOST_IN_DAMAGED: f64 = 0.1;
/// The most of a lost glyph that still shows up (a heading or quotation in another
/// font); the share itself is taken as unknown between none and this.
const SURVIVING_SHARE: f64 = 0.01;
/// A glyph is only judged when the document should show it at least this often. Below
/// that its count says little, but its words can still tell (tuning slice: at 1 rather
/// than 2, medial ك 86.2 → 86.4% of word errors removed, lam-alef 85.6 → 86.2%).
pub const MIN_EXPECTED: f64 = 1.0;
/// The posterior probability of loss at which a glyph is reported missing, and the
/// document damaged. Chosen on the tuning slice by the clean snippets it flags (of
/// about 4,000 per length; 25, 50, 100, 200, 300 words): 1, 2, 2, 1, 0 at 0.98, about as
/// many as 0.99 flagged; 2, 5, 2, 2, 1 at 0.97; 7, 6, 3, 2, 1 at 0.95. Clean articles
/// flagged: 2 of 4,020 at each. Word errors removed, 0.99 → 0.98: sample 92.95 → 93.37%,
/// medial ك 87.52 → 88.56%, ه 76.54 → 77.06%.
pub const MIN_CONFIDENCE: f64 = 0.98;
/// The same for further glyphs once the document is damaged. Lower, because the costs
/// are lopsided: restoring a glyph that was not lost costs a few false edits (about
/// 0.06% of words per glyph), while missing a lost one leaves all its words broken.
pub const MIN_CONFIDENCE_IN_DAMAGED: f64 = 0.5;
/// More glyphs than this found missing make the text [`Verdict::Atypical`]: broken fonts
/// seen in practice lose a few forms, not dozens.
pub const MAX_LOST_GLYPHS: usize = 8;
/// Likewise when the missing glyphs would have made more than this share of the text.
pub const MAX_LOST_SHARE: f64 = 0.2;
/// Below this many glyphs, a document with nothing missing is "too short to tell" rather
/// than clean. Measured with `tools/evaluate --detection-curve` (see the README): at this
/// length every test profile was detected in at least 99% of held-out articles.
pub const MIN_GLYPHS_FOR_CLEAN: usize = 600;

/// What detection concluded about a document.
///
/// ```
/// use tarmim::detect::{detect, Verdict};
/// assert_eq!(detect("قصير").verdict, Verdict::TooShort);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// Long enough to tell, and nothing is missing.
    Clean,
    /// At least one glyph is missing.
    Damaged,
    /// Nothing found missing, but too short to call clean.
    TooShort,
    /// The glyph statistics are too unlike Arabic prose to judge (far more glyphs would be
    /// missing than any broken font loses, or a few words repeated over and over);
    /// nothing is restored.
    Atypical,
}

impl Verdict {
    /// The verdict as a lower-case word: `clean`, `damaged`, `too-short`.
    ///
    /// ```
    /// assert_eq!(tarmim::detect::Verdict::TooShort.name(), "too-short");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Damaged => "damaged",
            Verdict::TooShort => "too-short",
            Verdict::Atypical => "atypical",
        }
    }
}

/// The evidence about one glyph.
///
/// ```
/// let text = "وقال المتحدث إن الحكومة ستعمل عل تحسين الخدمات المقدمة للمواطنين ف جميع المحافظات";
/// let d = tarmim::detect::detect(text);
/// assert!(d.missing.is_empty()); // too short to tell
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphEvidence {
    /// The glyph.
    pub glyph: Glyph,
    /// How often the document shows it.
    pub observed: usize,
    /// How often a document of this length would show it.
    pub expected: f64,
    /// The probability that the glyph is lost, given the counts (0 to 1).
    pub confidence: f64,
}

/// What detection found in one document.
///
/// ```
/// use tarmim::detect::{detect, Verdict};
/// let d = detect("قال إن العسرية ف موسو تعمل عل الحدود");
/// assert_eq!(d.verdict, Verdict::TooShort);
/// assert!(d.profile().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Detection {
    /// Arabic words in the document.
    pub words: usize,
    /// Glyphs in the document.
    pub glyphs: usize,
    /// The verdict.
    pub verdict: Verdict,
    /// The glyphs found missing, most confident first.
    pub missing: Vec<GlyphEvidence>,
}

impl Detection {
    /// The profile of the missing glyphs (empty unless the verdict is damaged).
    pub fn profile(&self) -> DamageProfile {
        DamageProfile::new(self.missing.iter().map(|e| e.glyph))
    }
}

/// Detects which glyphs `text` lost.
///
/// ```
/// let d = tarmim::detect::detect("ذهب الولد إلى المدرسة");
/// assert!(d.missing.is_empty());
/// ```
pub fn detect(text: &str) -> Detection {
    detect_with_counts(text, &GlyphCounts::of(text), None).0
}

/// How many distinct restorations of `glyph` restoring it alone in `text` makes, counted
/// as detection counts its lexical evidence (confident edits, each pair of token and
/// word once), and how many distinct words `text` has. On clean text their ratio is the
/// glyph's false-restoration rate, which `build-tables --false-restorations` measures.
///
/// ```
/// let glyph = "final-yeh".parse().unwrap();
/// let (restored, words) = tarmim::detect::restorations("ذهب ف الصباح ف المدينة", glyph);
/// assert_eq!((restored, words), (1, 4));
/// ```
pub fn restorations(text: &str, glyph: Glyph) -> (u64, usize) {
    let profile = DamageProfile::new([glyph]);
    let edits = crate::rules::restore_letters(text, &profile, None);
    let (restored, _) = lexical::count_restorations(&edits, &profile);
    (restored[0], lexical::distinct_words(text))
}

/// The letter restoration detection ran to weigh the words' evidence: the suspect
/// glyphs' profile and its edits. When the detected profile is that profile, repair
/// reuses the edits instead of restoring again.
pub(crate) type Trial<'t> = Option<(DamageProfile, Vec<Edit<'t>>)>;

/// Detection of `text`, whose glyphs `counts` has counted, with its trial restoration.
/// `walks` holds the candidate walks of the repair this detection is part of.
pub(crate) fn detect_with_counts<'t>(
    text: &'t str,
    counts: &GlyphCounts,
    walks: Option<&crate::candidates::Walks>,
) -> (Detection, Trial<'t>) {
    let n = counts.glyphs() as f64;
    // The most a suspect's evidence could add up to, against what the document's first
    // lost glyph needs and what any further one needs.
    let best = |s: &Suspect| {
        s.count_ratio
            + lexical::max_log_likelihood_ratio(
                s.evidence.glyph,
                s.evidence.expected,
                counts.words(),
            )
    };
    let first_needs = logit(MIN_CONFIDENCE) - logit(PRIOR_LOST);
    let further_needs = logit(MIN_CONFIDENCE_IN_DAMAGED) - logit(PRIOR_LOST_IN_DAMAGED);
    let mut suspects: Vec<Suspect> = GLYPH_RATES
        .iter()
        .filter_map(|&(glyph, rate)| suspect(counts, n, glyph, rate))
        .filter(|s| best(s) >= further_needs)
        .collect();
    if !suspects.iter().any(|s| best(s) >= first_needs) {
        // No glyph could make the document damaged, so none is lost: skip the words.
        suspects.clear();
    }
    let mut trial = None;
    let distinct = (!suspects.is_empty()).then(|| lexical::distinct_words(text));
    // Prose of N words has far more than 2√N distinct words; a text that repeats a few
    // words over and over has letter statistics detection cannot judge.
    let atypical = distinct.is_some_and(|d| (d as f64) < 2.0 * (counts.words() as f64).sqrt());
    // An atypical text's verdict is settled; the words' evidence would not change it.
    if let Some(distinct) = distinct.filter(|_| !atypical) {
        let distinct_share = distinct as f64 / counts.words().max(1) as f64;
        let profile = DamageProfile::new(suspects.iter().map(|s| s.evidence.glyph));
        let edits = crate::rules::restore_letters(text, &profile, walks);
        let expected = |g: Glyph| {
            suspects
                .iter()
                .find(|s| s.evidence.glyph == g)
                .map_or(0.0, |s| s.evidence.expected)
        };
        let ratios = lexical::log_likelihood_ratios(
            &edits,
            &profile,
            expected,
            counts.words(),
            distinct_share,
        );
        for s in &mut suspects {
            if let Some(&(_, r)) = ratios.iter().find(|(g, _)| *g == s.evidence.glyph) {
                s.lexical_ratio = r;
            }
        }
        trial = Some((profile, edits));
    }
    let mut missing = find_lost(counts, &suspects, PRIOR_LOST, MIN_CONFIDENCE, &[]);
    if !missing.is_empty() {
        // A font that lost one glyph has usually lost others: judge again with the odds
        // that come with a damaged document, and with the counts those losses explain
        // (a text that lost final ي shows fewer initial ف: في became ف).
        for s in &mut suspects {
            s.expect_after_losses(&missing, n);
        }
        suspects.retain(|s| s.evidence.expected >= MIN_EXPECTED);
        missing = find_lost(
            counts,
            &suspects,
            PRIOR_LOST_IN_DAMAGED,
            MIN_CONFIDENCE_IN_DAMAGED,
            &missing,
        );
    }
    missing.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.expected.total_cmp(&a.expected))
    });
    let lost_share = missing.iter().map(|e| e.expected).sum::<f64>() / n.max(1.0);
    let verdict = if atypical || missing.len() > MAX_LOST_GLYPHS || lost_share > MAX_LOST_SHARE {
        // No font loses this much: the text (a list, a table, a repeated line, another
        // language in Arabic script) is too unlike the training text to judge.
        missing.clear();
        Verdict::Atypical
    } else if !missing.is_empty() {
        Verdict::Damaged
    } else if counts.glyphs() >= MIN_GLYPHS_FOR_CLEAN {
        Verdict::Clean
    } else {
        Verdict::TooShort
    };
    let detection = Detection {
        words: counts.words(),
        glyphs: counts.glyphs(),
        verdict,
        missing,
    };
    (detection, trial)
}

/// A glyph rarer in the document than its rate suggests, with the evidence so far.
struct Suspect {
    evidence: GlyphEvidence,
    /// The negative binomial's shape for the glyph.
    shape: f64,
    /// ln P(count | lost) − ln P(count | intact).
    count_ratio: f64,
    /// ln P(restorations | lost) − ln P(restorations | intact).
    lexical_ratio: f64,
}

impl Suspect {
    /// Lowers the expected count by what losing the glyphs of `lost` (itself aside) takes
    /// away from this glyph, and judges the count again.
    fn expect_after_losses(&mut self, lost: &[GlyphEvidence], n: f64) {
        let taken = shifted_rate(self.evidence.glyph, lost) * n;
        if taken > 0.0 {
            self.evidence.expected = (self.evidence.expected - taken).max(0.0);
            self.count_ratio =
                count_ratio(self.evidence.observed, self.evidence.expected, self.shape);
        }
    }
}

/// The rate (per glyph of text) of `glyph` that losing the glyphs of `lost`, other than
/// `glyph` itself, takes away by changing its neighbours' forms.
fn shifted_rate(glyph: Glyph, lost: &[GlyphEvidence]) -> f64 {
    FORM_SHIFTS
        .iter()
        .filter(|&&(l, g, _)| g == glyph && l != glyph && lost.iter().any(|e| e.glyph == l))
        .map(|&(_, _, rate)| rate)
        .sum()
}

/// ln P(count | lost) − ln P(count | intact) for a glyph seen `observed` times where
/// intact text of this length shows `expected`.
fn count_ratio(observed: usize, expected: f64, shape: f64) -> f64 {
    let x = observed as u64;
    ln_poisson_uniform_rate(x, 0.0, SURVIVING_SHARE * expected)
        - ln_negative_binomial(x, expected, shape)
}

/// The glyphs whose loss is at least `threshold` probable with this prior, given that
/// the glyphs of `lost` are lost.
fn find_lost(
    counts: &GlyphCounts,
    suspects: &[Suspect],
    prior: f64,
    threshold: f64,
    lost: &[GlyphEvidence],
) -> Vec<GlyphEvidence> {
    let n = counts.glyphs() as f64;
    let judge = |count_ratio: f64, s: &Suspect| GlyphEvidence {
        confidence: posterior(prior, count_ratio + s.lexical_ratio),
        ..s.evidence.clone()
    };
    let alone: Vec<GlyphEvidence> = suspects
        .iter()
        .map(|s| judge(s.count_ratio, s))
        .filter(|e| e.confidence >= threshold)
        .collect();
    // A glyph of a spelling-variant group is lost only if the group as a whole is short
    // of the lost glyphs' share: otherwise the writer spells it with another member. The
    // count evidence is then the weaker of the glyph's and the group's.
    suspects
        .iter()
        .filter(|s| alone.iter().any(|e| e.glyph == s.evidence.glyph))
        .map(|s| {
            let Some((group, form, rate)) = variant_group(s.evidence.glyph) else {
                return judge(s.count_ratio, s);
            };
            let in_group =
                |g: Glyph| matches!(g, Glyph::Letter(c, f) if f == form && group.contains(&c));
            let lost_here: f64 = alone
                .iter()
                .filter(|o| in_group(o.glyph))
                .map(|o| o.expected)
                .sum();
            let taken: f64 = group
                .iter()
                .map(|&c| shifted_rate(Glyph::Letter(c, form), lost))
                .sum();
            let expected = (rate.per_glyph - taken).max(0.0) * n;
            let observed: usize = group
                .iter()
                .map(|&c| counts.get(Glyph::Letter(c, form)))
                .sum();
            let remaining = (expected - (1.0 - SURVIVING_SHARE) * lost_here).max(SURVIVING_SHARE);
            let y = observed as u64;
            let group_ratio = ln_negative_binomial(y, remaining, rate.shape)
                - ln_negative_binomial(y, expected, rate.shape);
            judge(s.count_ratio.min(group_ratio), s)
        })
        .filter(|e| e.confidence >= threshold)
        .collect()
}

/// The expected count of every glyph the training text shows, for a document of
/// `glyphs` glyphs, in a fixed order.
///
/// ```
/// let mut e = tarmim::detect::expected_counts(1000);
/// assert!(e.any(|(g, x)| g.to_string() == "final-yeh" && x > 5.0));
/// ```
pub fn expected_counts(glyphs: usize) -> impl Iterator<Item = (Glyph, f64)> {
    GLYPH_RATES
        .iter()
        .map(move |&(g, r)| (g, r.per_glyph * glyphs as f64))
}

/// `glyph` as a suspect, if the document shows it less often than its rate suggests:
/// its count is likelier if the glyph was lost than if not.
fn suspect(counts: &GlyphCounts, n: f64, glyph: Glyph, rate: Rate) -> Option<Suspect> {
    let expected = rate.per_glyph * n;
    let observed = counts.get(glyph);
    // Quick check: a glyph that should be rare, or that shows at half its rate or more,
    // is not lost; the likelihoods below would say so too.
    if expected < MIN_EXPECTED || observed as f64 >= expected / 2.0 {
        return None;
    }
    let count_ratio = count_ratio(observed, expected, rate.shape);
    (count_ratio > 0.0).then_some(Suspect {
        evidence: GlyphEvidence {
            glyph,
            observed,
            expected,
            confidence: 0.0,
        },
        shape: rate.shape,
        count_ratio,
        lexical_ratio: 0.0,
    })
}

/// The letters of `glyph`'s spelling-variant group, its form, and the group's rate.
fn variant_group(glyph: Glyph) -> Option<(&'static [char], Form, Rate)> {
    let Glyph::Letter(c, form) = glyph else {
        return None;
    };
    let (index, group) = SPELLING_VARIANTS
        .iter()
        .enumerate()
        .find(|(_, g)| g.contains(&c))?;
    let &(_, _, rate) = VARIANT_RATES
        .iter()
        .find(|&&(g, f, _)| g == index && f == form)?;
    Some((*group, form, rate))
}

/// ln(p / (1 − p)).
fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// P(lost | evidence) from the prior and ln P(evidence | lost) − ln P(evidence | intact).
fn posterior(prior: f64, ln_ratio: f64) -> f64 {
    let odds = logit(prior) + ln_ratio;
    1.0 / (1.0 + (-odds).exp())
}

/// The groups' forms that the builder measures rates for.
///
/// ```
/// assert!(tarmim::detect::variant_forms().count() > 4);
/// ```
pub fn variant_forms() -> impl Iterator<Item = (usize, Form)> {
    SPELLING_VARIANTS.iter().enumerate().flat_map(|(i, g)| {
        Form::ALL.into_iter().filter_map(move |f| {
            g.iter()
                .any(|&c| crate::joining::form_exists(c, f))
                .then_some((i, f))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost(glyph: Glyph) -> GlyphEvidence {
        GlyphEvidence {
            glyph,
            observed: 0,
            expected: 10.0,
            confidence: 1.0,
        }
    }

    #[test]
    fn losing_final_yeh_takes_initial_feh_away() {
        let initial_feh = Glyph::Letter('ف', Form::Initial);
        let rate = GLYPH_RATES
            .iter()
            .find(|(g, _)| *g == initial_feh)
            .unwrap()
            .1;
        // في is the commonest word; without its final ي it reads ف, an isolated ف.
        let taken = shifted_rate(initial_feh, &[lost(Glyph::Letter('ي', Form::Final))]);
        assert!(
            taken > rate.per_glyph / 3.0,
            "{taken} of {}",
            rate.per_glyph
        );
        // A glyph's own loss is not a shift, and nothing shifts when nothing is lost.
        assert_eq!(shifted_rate(initial_feh, &[lost(initial_feh)]), 0.0);
        assert_eq!(shifted_rate(initial_feh, &[]), 0.0);
    }
}
