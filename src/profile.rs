//! Damage profiles: which contextual glyph forms a broken font lost.

pub use crate::glyph::{lam_alef_form, Glyph, LAM_ALEF_ALEFS};

use crate::error::Error;
use crate::glyph::letter_order;
use crate::joining::Form;
use std::fmt;
use std::str::FromStr;

/// The set of glyphs a document lost in extraction.
///
/// ```
/// use tarmim::profile::DamageProfile;
/// let p: DamageProfile = "medial-kaf,final-yeh,final-alef-maksura".parse().unwrap();
/// assert_eq!(p, DamageProfile::sample());
/// assert_eq!(p.to_string(), "medial-kaf,final-yeh,final-alef-maksura");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DamageProfile {
    glyphs: Vec<Glyph>,
}

impl DamageProfile {
    /// A profile from a list of glyphs (sorted and deduplicated).
    ///
    /// ```
    /// use tarmim::{joining::Form, profile::{DamageProfile, Glyph}};
    /// let p = DamageProfile::new([Glyph::Letter('ي', Form::Final)]);
    /// assert_eq!(p.glyphs().len(), 1);
    /// ```
    pub fn new(glyphs: impl IntoIterator<Item = Glyph>) -> DamageProfile {
        let mut glyphs: Vec<Glyph> = glyphs.into_iter().collect();
        glyphs.sort_unstable_by_key(|g| (g.letter().map(letter_order), *g));
        glyphs.dedup();
        DamageProfile { glyphs }
    }

    /// The profile of the sample article: medial ك, final ي and final ى lost.
    ///
    /// ```
    /// assert_eq!(tarmim::profile::DamageProfile::sample().glyphs().len(), 3);
    /// ```
    pub fn sample() -> DamageProfile {
        DamageProfile::new([
            Glyph::Letter('ك', Form::Medial),
            Glyph::Letter('ي', Form::Final),
            Glyph::Letter('ى', Form::Final),
        ])
    }

    /// The lost glyphs.
    ///
    /// ```
    /// assert!(tarmim::profile::DamageProfile::default().glyphs().is_empty());
    /// ```
    pub fn glyphs(&self) -> &[Glyph] {
        &self.glyphs
    }

    /// Whether nothing is lost.
    ///
    /// ```
    /// assert!(tarmim::profile::DamageProfile::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// Whether `letter` in `form` is lost.
    ///
    /// ```
    /// use tarmim::{joining::Form, profile::DamageProfile};
    /// assert!(DamageProfile::sample().drops('ك', Form::Medial));
    /// assert!(!DamageProfile::sample().drops('ك', Form::Initial));
    /// ```
    pub fn drops(&self, letter: char, form: Form) -> bool {
        self.glyphs.contains(&Glyph::Letter(letter, form))
    }

    /// Whether `glyph` is lost.
    ///
    /// ```
    /// use tarmim::{joining::Form, profile::{DamageProfile, Glyph}};
    /// assert!(DamageProfile::sample().loses(Glyph::Letter('ي', Form::Final)));
    /// ```
    pub fn loses(&self, glyph: Glyph) -> bool {
        self.glyphs.contains(&glyph)
    }

    /// Whether the lam-alef ligature in `form` is lost.
    ///
    /// ```
    /// use tarmim::{joining::Form, profile::DamageProfile};
    /// assert!(!DamageProfile::sample().drops_lam_alef(Form::Isolated));
    /// ```
    pub fn drops_lam_alef(&self, form: Form) -> bool {
        self.glyphs.contains(&Glyph::LamAlef(form))
    }

    /// Whether any lam-alef form is lost.
    pub(crate) fn has_lam_alef(&self) -> bool {
        self.glyphs.iter().any(|g| matches!(g, Glyph::LamAlef(_)))
    }

    /// The distinct single letters the profile can drop (lam-alef excluded).
    pub(crate) fn letters(&self) -> Vec<char> {
        let mut v: Vec<char> = self.glyphs.iter().filter_map(|g| g.letter()).collect();
        v.dedup();
        v
    }

    /// A human description: `medial ك, final ي, final ى`.
    ///
    /// ```
    /// assert_eq!(tarmim::profile::DamageProfile::sample().describe(), "medial ك, final ي, final ى");
    /// ```
    pub fn describe(&self) -> String {
        let v: Vec<String> = self.glyphs.iter().map(|g| g.describe()).collect();
        v.join(", ")
    }
}

impl fmt::Display for DamageProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, g) in self.glyphs.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{g}")?;
        }
        Ok(())
    }
}

impl FromStr for DamageProfile {
    type Err = Error;

    /// A comma-separated list of glyphs; `none` or an empty string is the empty profile.
    fn from_str(s: &str) -> Result<DamageProfile, Error> {
        let s = s.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("none") {
            return Ok(DamageProfile::default());
        }
        if s.eq_ignore_ascii_case("sample") {
            return Ok(DamageProfile::sample());
        }
        let glyphs = s
            .split([',', '+', '،'])
            .filter(|p| !p.trim().is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Glyph>, Error>>()?;
        Ok(DamageProfile::new(glyphs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_round_trips() {
        let p: DamageProfile = "final-lam-alef, medial ك, isolated-alef-maksura"
            .parse()
            .unwrap();
        assert_eq!(p.to_string().parse::<DamageProfile>().unwrap(), p);
        assert_eq!(
            "none".parse::<DamageProfile>().unwrap(),
            DamageProfile::default()
        );
    }
}
