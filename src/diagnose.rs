//! Diagnosis: what damage a document shows, with the evidence, changing nothing.

use crate::detect::{detect_with_counts, expected_counts, GlyphCounts, GlyphEvidence, Verdict};
use crate::glyph::Glyph;
use crate::profile::DamageProfile;
use std::fmt;

/// How often one glyph occurs in the document, and how often it would in intact text.
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
    /// How many times a document of this length would show it (0 for glyphs too rare in
    /// the training text to have a rate).
    pub expected: f64,
}

/// The damage a document shows.
///
/// ```
/// use tarmim::{detect::Verdict, ProfileChoice, Repairer};
/// let d = Repairer::new().diagnose("ذهب إل الت");
/// assert_eq!(d.words, 3);
/// assert_eq!(d.verdict, Verdict::TooShort);
/// let given = Repairer::new().profile(ProfileChoice::Given("final-yeh".parse().unwrap()));
/// assert_eq!(given.diagnose("ذهب إل الت").profile.to_string(), "final-yeh");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Diagnosis {
    /// Arabic words in the document.
    pub words: usize,
    /// Glyphs in them.
    pub glyphs: usize,
    /// Detection's verdict.
    pub verdict: Verdict,
    /// The glyphs detection found missing, with the evidence.
    pub missing: Vec<GlyphEvidence>,
    /// The profile repair applies: the detected one, unless one was given.
    pub profile: DamageProfile,
    /// Whether [`Diagnosis::profile`] was given rather than detected.
    pub profile_given: bool,
    /// Every glyph the document shows or should show, in a fixed order.
    pub glyph_counts: Vec<GlyphCount>,
}

pub(crate) fn diagnose(text: &str, given: Option<DamageProfile>) -> Diagnosis {
    let counts = GlyphCounts::of(text);
    let (detection, _) = detect_with_counts(text, &counts, None);
    let mut glyph_counts: Vec<GlyphCount> = expected_counts(counts.glyphs())
        .map(|(glyph, expected)| GlyphCount {
            glyph,
            observed: counts.get(glyph),
            expected,
        })
        .collect();
    for (glyph, observed) in counts.iter() {
        if !glyph_counts.iter().any(|g| g.glyph == glyph) {
            glyph_counts.push(GlyphCount {
                glyph,
                observed,
                expected: 0.0,
            });
        }
    }
    glyph_counts.sort_by_key(|g| g.glyph);
    Diagnosis {
        words: detection.words,
        glyphs: detection.glyphs,
        verdict: detection.verdict,
        profile_given: given.is_some(),
        profile: given.unwrap_or_else(|| detection.profile()),
        missing: detection.missing,
        glyph_counts,
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "words: {}, glyphs: {}", self.words, self.glyphs)?;
        writeln!(f, "verdict: {}", self.verdict.name())?;
        if self.verdict == Verdict::TooShort {
            writeln!(
                f,
                "  (nothing found missing, but {} glyphs are too few to call it clean; \
                 detection needs about {})",
                self.glyphs,
                crate::detect::MIN_GLYPHS_FOR_CLEAN
            )?;
        }
        for e in &self.missing {
            writeln!(
                f,
                "  missing {}: {} seen, about {:.0} expected (confidence {:.4})",
                e.glyph.describe(),
                e.observed,
                e.expected,
                e.confidence
            )?;
        }
        let source = if self.profile_given {
            "given"
        } else {
            "detected"
        };
        if self.profile.is_empty() {
            writeln!(f, "profile: none ({source})")
        } else {
            writeln!(
                f,
                "profile: {} ({}; {source})",
                self.profile,
                self.profile.describe()
            )
        }
    }
}
