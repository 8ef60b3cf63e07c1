//! Lexical evidence: how many words restoring a suspect glyph would repair.
//!
//! Counts alone need a long document: a glyph expected five times and seen never is
//! unusual but not damning. The words tell more. If the font lost medial ك, the text is
//! full of non-words (العسرية, موسو) that the lexicon and the bigram model restore with
//! confidence; if it did not, restoring medial ك finds almost nothing to do.
//!
//! Restorations are counted once per distinct word: a name repeated through an article
//! (شيران → شيرخان six times) is one piece of evidence, not six. The expected counts are
//! scaled by the document's own share of distinct words, which falls as documents grow.

use super::likelihood::{ln_poisson, ln_poisson_uniform_rate};
use crate::edit::Edit;
use crate::glyph::{glyphs, Glyph};
use crate::profile::DamageProfile;

/// Confident restorations per word when the glyph is not lost (the model's false edit
/// rate on clean text with a profile forced on is about 0.06% of words per glyph; this is
/// five times that, to stay on the safe side for glyphs whose rate was not measured).
const FALSE_RESTORATIONS_PER_WORD: f64 = 0.003;
/// The share of lost glyphs that restoration brings back when they are lost.
const RECALL: f64 = 0.85;
/// The least share of the expected distinct restorations a lost glyph yields. Chosen on
/// the tuning slice: 0.25 let in twice as many wrong glyphs as 0.5 for no gain; 1 (a
/// fixed rate) missed final ى in a 180k-word document, whose few ى-words repeat.
const LOWEST_RECALL_SHARE: f64 = 0.5;
/// Only edits at least this confident count as evidence.
const MIN_EDIT_CONFIDENCE: f32 = 0.5;

/// About the largest ratio [`log_likelihood_ratios`] could give a glyph expected
/// `expected` times in `words` words, probed at a few counts around the bound (the ratio
/// peaks there), so that glyphs which could never reach the threshold skip the
/// restoration pass.
pub(super) fn max_log_likelihood_ratio(expected: f64, words: usize) -> f64 {
    let intact = FALSE_RESTORATIONS_PER_WORD * words as f64;
    let lost = (RECALL * expected).max(intact);
    // The ratio peaks near the upper rate; far more restorations are unlikely either way.
    [1.0, 1.5, 2.0, 3.0]
        .iter()
        .map(|f| ratio((f * lost + 3.0).ceil() as u64, intact, lost))
        .fold(0.0, f64::max)
}

/// ln P(k | lost) − ln P(k | intact). Restorations are Poisson: at the false-restoration
/// rate if the glyph is intact; if it is lost, at a rate somewhere between that and what
/// restoring every expected glyph would give, and at least [`LOWEST_RECALL_SHARE`] of
/// that: documents repeat their words (a closed class like على إلى حتى saturates), so a
/// long document restores far fewer distinct words than its glyph count suggests.
fn ratio(k: u64, intact: f64, lost: f64) -> f64 {
    ln_poisson_uniform_rate(k, (LOWEST_RECALL_SHARE * lost).max(intact), lost)
        - ln_poisson(k, intact)
}

/// How many distinct words `text` has.
pub(super) fn distinct_words(text: &str) -> usize {
    crate::token::words(text)
        .map(|w| w.key())
        .collect::<std::collections::HashSet<_>>()
        .len()
}

/// For each suspect glyph of `profile`, ln P(restorations | lost) − ln P(restorations |
/// intact), given the restoration edits made with the whole suspect profile. Both counts
/// are Poisson: rare false restorations if intact, most of the expected glyphs if lost.
pub(super) fn log_likelihood_ratios(
    edits: &[Edit<'_>],
    profile: &DamageProfile,
    expected: impl Fn(Glyph) -> f64,
    words: usize,
    distinct_share: f64,
) -> Vec<(Glyph, f64)> {
    let mut restored = vec![0u64; profile.glyphs().len()];
    let mut seen = std::collections::HashSet::new();
    for e in edits.iter().filter(|e| e.confidence >= MIN_EDIT_CONFIDENCE) {
        if !seen.insert((e.original, e.replacement.as_str())) {
            continue;
        }
        // The glyphs the replacement has and the original lacks.
        for (_, g) in glyphs(&e.replacement) {
            if let Some(i) = profile.glyphs().iter().position(|p| *p == g) {
                restored[i] += 1;
            }
        }
        for (_, g) in glyphs(e.original) {
            if let Some(i) = profile.glyphs().iter().position(|p| *p == g) {
                restored[i] = restored[i].saturating_sub(1);
            }
        }
    }
    let intact = FALSE_RESTORATIONS_PER_WORD * distinct_share * words as f64;
    profile
        .glyphs()
        .iter()
        .zip(restored)
        .map(|(&g, k)| {
            let lost = (RECALL * distinct_share * expected(g)).max(intact);
            (g, ratio(k, intact, lost))
        })
        .collect()
}
