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

use crate::edit::Edit;
use crate::glyph::{glyphs, Glyph};
use crate::profile::DamageProfile;

/// Confident restorations per word when the glyph is not lost (the model's false edit
/// rate on clean text with a profile forced on is about 0.06% of words per glyph; this is
/// five times that, to stay on the safe side for glyphs whose rate was not measured).
const FALSE_RESTORATIONS_PER_WORD: f64 = 0.003;
/// The share of lost glyphs that restoration brings back when they are lost.
const RECALL: f64 = 0.85;
/// Only edits at least this confident count as evidence.
const MIN_EDIT_CONFIDENCE: f32 = 0.5;

/// The largest ratio [`log_likelihood_ratios`] could give `glyph` expected `expected`
/// times in `words` words: an upper bound, so that glyphs which could never reach the
/// threshold skip the restoration pass.
pub(super) fn max_log_likelihood_ratio(expected: f64, words: usize) -> f64 {
    let intact = FALSE_RESTORATIONS_PER_WORD * words as f64;
    let lost = (RECALL * expected).max(intact);
    // Far more restorations than expected are as unlikely under loss as under no loss.
    let k = (3.0 * lost + 3.0).ceil();
    (k * (lost / intact).ln() - (lost - intact)).max(0.0)
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
            let k = k as f64;
            (g, k * (lost / intact).ln() - (lost - intact))
        })
        .collect()
}
