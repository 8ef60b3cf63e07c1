//! The damage simulator: applies a [`DamageProfile`] to clean text exactly as a font with
//! missing ToUnicode entries would, for evaluation and property tests; [`layout`] adds
//! the line layout damage of visual-order extraction, [`ligatures`] the reversed ligature
//! letters of some PDF producers, and [`compare`] counts the tokens a text gets wrong.

pub mod compare;
pub mod layout;
pub mod ligatures;

use crate::glyph::glyphs;
use crate::profile::DamageProfile;
use std::borrow::Cow;

/// Byte ranges of the glyphs `profile` removes from `text`, in order.
///
/// Forms are those of the clean text: the glyphs were shaped before the font lost them.
/// A lam-alef ligature is lost whole: the lam and its alef (and marks between them).
pub(crate) fn dropped_ranges(text: &str, profile: &DamageProfile) -> Vec<std::ops::Range<usize>> {
    if profile.is_empty() {
        return Vec::new();
    }
    glyphs(text)
        .filter(|(_, g)| profile.loses(*g))
        .map(|(range, _)| range)
        .collect()
}

/// `text` as a PDF extractor would return it from a font that lost `profile`'s glyphs.
/// Borrowed when nothing is lost.
///
/// ```
/// use tarmim::{profile::DamageProfile, simulate::damage};
/// assert_eq!(damage("العسكرية في موسكو على الذي", &DamageProfile::sample()),
///            "العسرية ف موسو عل الذي");
/// ```
pub fn damage<'t>(text: &'t str, profile: &DamageProfile) -> Cow<'t, str> {
    let ranges = dropped_ranges(text, profile);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in ranges {
        out.push_str(&text[last..r.start]);
        last = r.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_model_examples() {
        let p = DamageProfile::sample();
        for (clean, damaged) in [
            ("العسكرية", "العسرية"),
            ("تفكك", "تفك"),
            ("لكي", "ل"),
            ("التي", "الت"),
            ("الذي", "الذي"),
            ("كبرى", "كبرى"),
            ("أنهى", "أنه"),
            ("يشكل", "يشل"),
            ("جندي", "جندي"),
        ] {
            assert_eq!(damage(clean, &p), damaged, "{clean}");
        }
    }

    #[test]
    fn lam_alef() {
        let p: DamageProfile = "isolated-lam-alef,final-lam-alef".parse().unwrap();
        assert_eq!(damage("قال لا أحد", &p), "قال  أحد");
        assert_eq!(damage("كلام الأمر", &p), "كم امر");
        assert_eq!(damage("الله", &p), "الله");
        let iso: DamageProfile = "isolated-lam-alef".parse().unwrap();
        assert_eq!(damage("كلا لأن", &iso), "كلا ن");
        // The lam of a ligature is not a lam glyph of its own.
        let lam: DamageProfile = "medial-lam".parse().unwrap();
        assert_eq!(damage("كلام تملك", &lam), "كلام تمك");
    }
}
