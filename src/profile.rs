//! Damage profiles: which contextual glyph forms a broken font lost.

use crate::error::Error;
use crate::joining::Form;
use std::fmt;
use std::str::FromStr;

/// One glyph a font can fail to map back to text.
///
/// ```
/// use tarmim::{joining::Form, profile::Glyph};
/// let g: Glyph = "final-yeh".parse().unwrap();
/// assert_eq!(g, Glyph::Letter('ي', Form::Final));
/// assert_eq!(g.to_string(), "final-yeh");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Glyph {
    /// A letter in one contextual form.
    Letter(char, Form),
    /// The lam-alef ligature (لا لأ لإ لآ) in one form (isolated or final). Losing it
    /// removes both letters.
    LamAlef(Form),
}

/// The alef variants that form a ligature after lam.
pub const LAM_ALEF_ALEFS: [char; 4] = ['ا', 'أ', 'إ', 'آ'];

/// The form of a lam-alef ligature whose lam takes `lam_form` on its own: the ligature
/// joins backward exactly when the lam does, and never forward.
///
/// ```
/// use tarmim::{joining::Form, profile::lam_alef_form};
/// assert_eq!(lam_alef_form(Form::Initial), Form::Isolated);
/// assert_eq!(lam_alef_form(Form::Medial), Form::Final);
/// ```
pub fn lam_alef_form(lam_form: Form) -> Form {
    match lam_form {
        Form::Medial | Form::Final => Form::Final,
        _ => Form::Isolated,
    }
}

/// Latin names of the letters that take contextual forms, for profile strings.
const LETTER_NAMES: &[(char, &str)] = &[
    ('ا', "alef"),
    ('أ', "alef-hamza-above"),
    ('إ', "alef-hamza-below"),
    ('آ', "alef-madda"),
    ('ب', "beh"),
    ('ت', "teh"),
    ('ث', "theh"),
    ('ج', "jeem"),
    ('ح', "hah"),
    ('خ', "khah"),
    ('د', "dal"),
    ('ذ', "thal"),
    ('ر', "reh"),
    ('ز', "zain"),
    ('س', "seen"),
    ('ش', "sheen"),
    ('ص', "sad"),
    ('ض', "dad"),
    ('ط', "tah"),
    ('ظ', "zah"),
    ('ع', "ain"),
    ('غ', "ghain"),
    ('ف', "feh"),
    ('ق', "qaf"),
    ('ك', "kaf"),
    ('ل', "lam"),
    ('م', "meem"),
    ('ن', "noon"),
    ('ه', "heh"),
    ('و', "waw"),
    ('ؤ', "waw-hamza"),
    ('ي', "yeh"),
    ('ى', "alef-maksura"),
    ('ئ', "yeh-hamza"),
    ('ة', "teh-marbuta"),
];

fn letter_name(c: char) -> Option<&'static str> {
    LETTER_NAMES.iter().find(|(l, _)| *l == c).map(|(_, n)| *n)
}

fn letter_by_name(name: &str) -> Option<char> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if crate::joining::takes_forms(c) {
            return Some(c);
        }
    }
    LETTER_NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(l, _)| *l)
}

impl Glyph {
    /// The letters this glyph stands for (one, or lam and an alef for the ligature).
    ///
    /// ```
    /// use tarmim::{joining::Form, profile::Glyph};
    /// assert_eq!(Glyph::Letter('ك', Form::Medial).letter(), Some('ك'));
    /// assert_eq!(Glyph::LamAlef(Form::Isolated).letter(), None);
    /// ```
    pub fn letter(self) -> Option<char> {
        match self {
            Glyph::Letter(c, _) => Some(c),
            Glyph::LamAlef(_) => None,
        }
    }

    /// The contextual form of the glyph.
    ///
    /// ```
    /// use tarmim::{joining::Form, profile::Glyph};
    /// assert_eq!(Glyph::LamAlef(Form::Final).form(), Form::Final);
    /// ```
    pub fn form(self) -> Form {
        match self {
            Glyph::Letter(_, f) | Glyph::LamAlef(f) => f,
        }
    }

    /// A human description in Arabic script: `final ي`, `isolated لا`.
    ///
    /// ```
    /// use tarmim::{joining::Form, profile::Glyph};
    /// assert_eq!(Glyph::Letter('ى', Form::Final).describe(), "final ى");
    /// ```
    pub fn describe(self) -> String {
        match self {
            Glyph::Letter(c, f) => format!("{f} {c}"),
            Glyph::LamAlef(f) => format!("{f} لا"),
        }
    }
}

impl fmt::Display for Glyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Glyph::Letter(c, form) => match letter_name(c) {
                Some(name) => write!(f, "{form}-{name}"),
                None => write!(f, "{form}-{c}"),
            },
            Glyph::LamAlef(form) => write!(f, "{form}-lam-alef"),
        }
    }
}

impl FromStr for Glyph {
    type Err = Error;

    /// Accepts `final-yeh`, `final:ي`, `ي:final`, `final ي`, `isolated-lam-alef`.
    fn from_str(s: &str) -> Result<Glyph, Error> {
        let bad = || {
            Error::InvalidProfile(format!(
                "cannot read glyph {s:?}; expected e.g. \"final-yeh\" or \"medial ك\""
            ))
        };
        let s = s.trim();
        let (a, b) = s.split_once([' ', ':', '-', '/']).ok_or_else(bad)?;
        let (form, rest) = match Form::parse(a) {
            Some(f) => (f, b.trim()),
            None => (Form::parse(b).ok_or_else(bad)?, a.trim()),
        };
        if matches!(rest, "lam-alef" | "lamalef" | "لا") {
            return match form {
                Form::Isolated | Form::Final => Ok(Glyph::LamAlef(form)),
                _ => Err(Error::InvalidProfile(format!(
                    "the lam-alef ligature has only isolated and final forms, not {form}"
                ))),
            };
        }
        let letter = letter_by_name(rest).ok_or_else(bad)?;
        Ok(Glyph::Letter(letter, form))
    }
}

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

/// Orders letters as in [`LETTER_NAMES`] so profiles print in alphabetical order.
fn letter_order(c: char) -> usize {
    LETTER_NAMES
        .iter()
        .position(|(l, _)| *l == c)
        .unwrap_or(usize::MAX)
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
    fn parses_every_spelling() {
        for s in ["final-yeh", "final:ي", "ي:final", "final ي", "f-yeh"] {
            assert_eq!(
                s.parse::<Glyph>().unwrap(),
                Glyph::Letter('ي', Form::Final),
                "{s}"
            );
        }
        assert_eq!(
            "isolated-lam-alef".parse::<Glyph>().unwrap(),
            Glyph::LamAlef(Form::Isolated)
        );
        assert!("medial-lam-alef".parse::<Glyph>().is_err());
        assert!("final-xyz".parse::<Glyph>().is_err());
        assert!("final".parse::<Glyph>().is_err());
    }

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
