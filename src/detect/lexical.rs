//! Lexical evidence: how many words restoring a suspect glyph would repair.
//!
//! Counts alone need a long document: a glyph expected five times and seen never is
//! unusual but not damning. The words tell more. If the font lost medial ك, the text is
//! full of non-words (العسرية, موسو) that the lexicon and the bigram model restore with
//! confidence; if it did not, restoring medial ك finds almost nothing to do.
//!
//! Which tokens were restored tells more still. A clean text's few false restorations
//! change one common word into another (الرئيس → الرئيسي); a lost glyph leaves non-words
//! and rarities (العسرية, موسو, بشل). Call a restoration strong when the word it makes is
//! at least 150 times more frequent than the token it started from (a non-word always
//! is). Of the distinct restorations made on clean tuning articles with a profile forced
//! on, 0.4% to 3.1% (by profile) were strong; on the same articles damaged, 28% to 68%
//! were (counting non-words alone: 0.3–2.3% against 8–38%). So, given how many
//! restorations there were, how many of them were strong is a second, independent test.
//!
//! Restorations are counted once per distinct word: a name repeated through an article
//! (شيران → شيرخان six times) is one piece of evidence, not six. The expected counts are
//! scaled by the document's own share of distinct words, which falls as documents grow.

use super::false_restoration_rates::FALSE_RESTORATION_RATES;
use super::likelihood::{ln_poisson, ln_poisson_uniform_rate};
use crate::edit::Edit;
use crate::glyph::{glyphs, Glyph};
use crate::lexicon::Lexicon;
use crate::profile::DamageProfile;
use crate::token::lookup_form;

/// The least false-restoration rate (restorations per distinct word) assumed for any
/// glyph. The rates in [`FALSE_RESTORATION_RATES`] were measured on clean text; a damaged
/// text invites more, since its broken words can be "restored" with the wrong glyph too,
/// so rarely restored glyphs keep the rate detection assumed before rates were measured.
/// Chosen on the tuning slice (Auto, 9 damaged profiles and clean articles): with the
/// measured rates alone (floor 2e-4, twice the rate) wrongly added glyphs rose from 14%
/// to 20% of sample documents; this floor leaves every damaged profile within 0.1 point
/// of errors removed, and flags 1 clean article of 4,020 instead of 2 and 5 clean
/// snippets of 25 to 800 words instead of 8. 1.5 times the measured rates cost medial ك
/// 1.5 points: fewer false first glyphs opened the second round, where a ك with little
/// evidence is found.
const MIN_FALSE_RESTORATION_RATE: f64 = 0.003;
/// The share of lost glyphs that restoration brings back when they are lost.
const RECALL: f64 = 0.85;
/// The least share of the expected distinct restorations a lost glyph yields. Chosen on
/// the tuning slice: 0.25 let in twice as many wrong glyphs as 0.5 for no gain; 1 (a
/// fixed rate) missed final ى in a 180k-word document, whose few ى-words repeat.
const LOWEST_RECALL_SHARE: f64 = 0.5;
/// The share of a clean text's false restorations that are strong: about twice the
/// largest measured (3.1%, medial ك and ع), to stay on the safe side. If the glyph is
/// lost, the share is taken as unknown, anywhere from none to all.
const STRONG_SHARE_INTACT: f64 = 0.06;
/// A restoration is strong when the word it makes is at least e^this (150) times more
/// frequent than the token it started from. At e^4 the clean share reached 8% (final ن);
/// at e^6 the damaged share fell by a sixth.
const STRONG_GAIN: f32 = 5.0;
/// The confident restorations of `glyph` to expect among `distinct` distinct words of a
/// text that did not lose it.
fn false_restorations(glyph: Glyph, distinct: f64) -> f64 {
    let measured = FALSE_RESTORATION_RATES
        .iter()
        .find(|(g, _)| *g == glyph)
        .map_or(0.0, |&(_, rate)| rate);
    measured.max(MIN_FALSE_RESTORATION_RATE) * distinct
}

/// Only edits at least this confident count as evidence.
const MIN_EDIT_CONFIDENCE: f32 = 0.5;

/// About the largest ratio [`log_likelihood_ratios`] could give a glyph expected
/// `expected` times in `words` words, probed at a few counts around the bound (the ratio
/// peaks there), so that glyphs which could never reach the threshold skip the
/// restoration pass.
pub(super) fn max_log_likelihood_ratio(glyph: Glyph, expected: f64, words: usize) -> f64 {
    let intact = false_restorations(glyph, words as f64);
    let lost = (RECALL * expected).max(intact);
    // The ratio peaks near the upper rate; far more restorations are unlikely either way.
    [1.0, 1.5, 2.0, 3.0]
        .iter()
        .map(|f| {
            let k = (f * lost + 3.0).ceil() as u64;
            // Every restoration strong: the most the second test can add.
            ratio(k, intact, lost) + strong_ratio(k, k)
        })
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

/// Per glyph of `profile`: the distinct confident restorations among `edits` that put it
/// back, and how many of those were strong.
pub(super) fn count_restorations(
    edits: &[Edit<'_>],
    profile: &DamageProfile,
) -> (Vec<u64>, Vec<u64>) {
    let n = profile.glyphs().len();
    let (mut restored, mut strong) = (vec![0u64; n], vec![0u64; n]);
    let mut seen = std::collections::HashSet::new();
    let lexicon = Lexicon::embedded();
    let mut gained = vec![0i64; n];
    for e in edits.iter().filter(|e| e.confidence >= MIN_EDIT_CONFIDENCE) {
        // A word put back into a gap is evidence of its own at each gap: gaps do not
        // repeat the way a document's words do.
        let gap = e.original.trim().is_empty().then_some(e.span.start);
        if !seen.insert((e.original, e.replacement.as_str(), gap)) {
            continue;
        }
        gained_glyphs(e.original, &e.replacement, profile, &mut gained);
        let is_strong = is_strong(lexicon, e.original, &e.replacement);
        for i in 0..n {
            if gained[i] > 0 {
                restored[i] += gained[i] as u64;
                strong[i] += u64::from(is_strong);
            }
        }
    }
    (restored, strong)
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
    let (restored, strong) = count_restorations(edits, profile);
    let distinct = distinct_share * words as f64;
    profile
        .glyphs()
        .iter()
        .zip(restored.into_iter().zip(strong))
        .map(|(&g, (k, k_strong))| {
            let intact = false_restorations(g, distinct);
            let lost = (RECALL * distinct_share * expected(g)).max(intact);
            (g, ratio(k, intact, lost) + strong_ratio(k_strong, k))
        })
        .collect()
}

/// How many of each of `profile`'s glyphs restoring `original` to `replacement` put back,
/// into `gained`. A glyph counts only where its letter was inserted: restoring ف to في
/// also turns the isolated ف into an initial one, but that ف was never lost.
fn gained_glyphs(original: &str, replacement: &str, profile: &DamageProfile, gained: &mut [i64]) {
    gained.iter_mut().for_each(|g| *g = 0);
    for (_, g) in glyphs(replacement) {
        if let Some(i) = profile.glyphs().iter().position(|p| *p == g) {
            gained[i] += 1;
        }
    }
    for (_, g) in glyphs(original) {
        if let Some(i) = profile.glyphs().iter().position(|p| *p == g) {
            gained[i] -= 1;
        }
    }
    let letters = |word: &str, c: char| word.chars().filter(|&x| x == c).count() as i64;
    for (i, g) in profile.glyphs().iter().enumerate() {
        if gained[i] > 0 {
            // A lost lam-alef takes its lam with it.
            let letter = g.letter().unwrap_or('ل');
            let inserted = letters(replacement, letter) - letters(original, letter);
            gained[i] = gained[i].min(inserted);
        }
    }
}

/// Whether restoring `original` to `replacement` makes a word at least
/// e^[`STRONG_GAIN`] times more frequent (a non-word always qualifies).
fn is_strong(lexicon: &Lexicon, original: &str, replacement: &str) -> bool {
    let cost = |w: &str| lexicon.id(&lookup_form(w)).map(|id| lexicon.cost(id));
    match (cost(original), cost(replacement)) {
        (None, _) => true,
        (Some(from), Some(to)) => from - to >= STRONG_GAIN,
        (Some(_), None) => false,
    }
}

/// ln P(j | k, lost) − ln P(j | k, intact) for `j` of `k` restorations being strong:
/// binomial at [`STRONG_SHARE_INTACT`] if intact. If lost, some glyphs'
/// losses leave mostly real words (أنه → أن), so the share is as if intact or, as likely,
/// uniform on [0, 1], which makes every `j` equally likely, `1 / (k + 1)`.
fn strong_ratio(j: u64, k: u64) -> f64 {
    let p = STRONG_SHARE_INTACT;
    let ln_choose: f64 = (0..j).map(|i| ((k - i) as f64 / (i + 1) as f64).ln()).sum();
    let ln_binomial = ln_choose + j as f64 * p.ln() + (k - j) as f64 * (1.0 - p).ln();
    let uniform = -((k + 1) as f64).ln();
    let ln_lost = (0.5 * ln_binomial.exp() + 0.5 * uniform.exp()).ln();
    ln_lost - ln_binomial
}
