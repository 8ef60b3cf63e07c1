//! Diagnosis: what damage a document shows, with the evidence, changing nothing.

use crate::joining::forms;
use crate::profile::{lam_alef_form, DamageProfile, Glyph, LAM_ALEF_ALEFS};
use crate::token::words;
use std::collections::BTreeMap;
use std::fmt;

/// How often one glyph occurs in the document.
///
/// ```
/// let d = tarmim::Repairer::new().diagnose("في كتاب");
/// let fin = d.glyph_counts.iter().find(|g| g.glyph.to_string() == "final-yeh").unwrap();
/// assert_eq!(fin.observed, 1);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphCount {
    /// The letter and form.
    pub glyph: Glyph,
    /// How many times the document shows it.
    pub observed: usize,
}

/// The damage a document shows.
///
/// ```
/// let d = tarmim::Repairer::new().diagnose("ذهب إل الت");
/// assert_eq!(d.words, 3);
/// assert_eq!(d.profile, tarmim::profile::DamageProfile::sample());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Diagnosis {
    /// Arabic words in the document.
    pub words: usize,
    /// The profile repair would apply.
    pub profile: DamageProfile,
    /// Every glyph the document shows, with its count, in a fixed order.
    pub glyph_counts: Vec<GlyphCount>,
}

/// Counts every letter-form and lam-alef glyph in `text`.
pub(crate) fn count_glyphs(text: &str) -> (usize, BTreeMap<Glyph, usize>) {
    let mut counts = BTreeMap::new();
    let mut n = 0;
    for w in words(text) {
        n += 1;
        let key = w.key();
        let mut it = forms(&key).peekable();
        while let Some((_, c, form)) = it.next() {
            if c == 'ل' {
                if let Some(&(_, a, _)) = it.peek() {
                    if LAM_ALEF_ALEFS.contains(&a) {
                        *counts
                            .entry(Glyph::LamAlef(lam_alef_form(form)))
                            .or_default() += 1;
                        it.next();
                        continue;
                    }
                }
            }
            *counts.entry(Glyph::Letter(c, form)).or_default() += 1;
        }
    }
    (n, counts)
}

pub(crate) fn diagnose(text: &str, profile: DamageProfile) -> Diagnosis {
    let (words, counts) = count_glyphs(text);
    Diagnosis {
        words,
        profile,
        glyph_counts: counts
            .into_iter()
            .map(|(glyph, observed)| GlyphCount { glyph, observed })
            .collect(),
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "words: {}", self.words)?;
        if self.profile.is_empty() {
            writeln!(f, "profile: none")?;
        } else {
            writeln!(f, "profile: {} ({})", self.profile, self.profile.describe())?;
        }
        for g in self.profile.glyphs() {
            let seen = self
                .glyph_counts
                .iter()
                .find(|c| c.glyph == *g)
                .map_or(0, |c| c.observed);
            writeln!(f, "  {}: {} seen", g.describe(), seen)?;
        }
        Ok(())
    }
}
