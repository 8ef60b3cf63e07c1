//! Glyphs: what a font draws for the letters of a word. One letter in one contextual form,
//! or the lam-alef ligature, which fonts always draw as one glyph.

use crate::error::Error;
use crate::joining::{forms, Form, Forms};
use std::fmt;
use std::iter::Peekable;
use std::ops::Range;
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

/// Orders letters as in [`LETTER_NAMES`] so profiles print in alphabetical order.
pub(crate) fn letter_order(c: char) -> usize {
    LETTER_NAMES
        .iter()
        .position(|(l, _)| *l == c)
        .unwrap_or(usize::MAX)
}

/// Iterates over the glyphs of `text`: `(byte range, glyph)`. A lam directly followed by
/// an alef (marks between them allowed) is one lam-alef glyph, as every Arabic font draws
/// it; its range covers both letters.
///
/// ```
/// use tarmim::{glyph::{glyphs, Glyph}, joining::Form};
/// let v: Vec<_> = glyphs("كلا").map(|(_, g)| g).collect();
/// assert_eq!(v, [Glyph::Letter('ك', Form::Initial), Glyph::LamAlef(Form::Final)]);
/// ```
pub fn glyphs(text: &str) -> Glyphs<'_> {
    Glyphs {
        text,
        letters: forms(text).peekable(),
    }
}

/// Iterator returned by [`glyphs`].
#[derive(Clone, Debug)]
pub struct Glyphs<'t> {
    text: &'t str,
    letters: Peekable<Forms<'t>>,
}

impl Iterator for Glyphs<'_> {
    type Item = (Range<usize>, Glyph);

    fn next(&mut self) -> Option<Self::Item> {
        let (at, c, form) = self.letters.next()?;
        let end = at + c.len_utf8();
        if c == 'ل' {
            if let Some(&(alef_at, alef, _)) = self.letters.peek() {
                let adjacent = self.text[end..alef_at]
                    .chars()
                    .all(crate::joining::is_transparent);
                if adjacent && LAM_ALEF_ALEFS.contains(&alef) {
                    self.letters.next();
                    let range = at..alef_at + alef.len_utf8();
                    return Some((range, Glyph::LamAlef(lam_alef_form(form))));
                }
            }
        }
        Some((at..end, Glyph::Letter(c, form)))
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
    fn lam_before_alef_is_always_the_ligature() {
        let v: Vec<_> = glyphs("الأمر لا سلام").map(|(_, g)| g.to_string()).collect();
        assert_eq!(
            v,
            [
                "isolated-alef",
                "isolated-lam-alef",
                "initial-meem",
                "final-reh",
                "isolated-lam-alef",
                "initial-seen",
                "final-lam-alef",
                "isolated-meem"
            ]
        );
        // Tatweel between them prevents the ligature.
        assert_eq!(glyphs("لـا").count(), 2);
    }
}
