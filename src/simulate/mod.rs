//! The damage simulator: applies a [`DamageProfile`] to clean text exactly as a font with
//! missing ToUnicode entries would, for evaluation and property tests; [`layout`] adds
//! the line layout damage of visual-order extraction, and [`compare`] counts the tokens
//! a text gets wrong.

pub mod compare;
pub mod layout;

use crate::joining::forms;
use crate::profile::{lam_alef_form, DamageProfile, LAM_ALEF_ALEFS};
use std::borrow::Cow;

/// Byte ranges of the letters `profile` removes from `text`, in order.
///
/// Forms are those of the clean text: the glyphs were shaped before the font lost them.
/// A lam-alef ligature is lost whole: the lam and its alef (and marks between them).
pub(crate) fn dropped_ranges(text: &str, profile: &DamageProfile) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    if profile.is_empty() {
        return out;
    }
    let lam_alef = profile.has_lam_alef();
    let mut it = forms(text).peekable();
    while let Some((at, c, form)) = it.next() {
        if lam_alef && c == 'ل' {
            if let Some(&(alef_at, alef, _)) = it.peek() {
                let adjacent = text[at + c.len_utf8()..alef_at]
                    .chars()
                    .all(crate::joining::is_transparent);
                if adjacent
                    && LAM_ALEF_ALEFS.contains(&alef)
                    && profile.drops_lam_alef(lam_alef_form(form))
                {
                    out.push(at..alef_at + alef.len_utf8());
                    it.next();
                    continue;
                }
            }
        }
        if profile.drops(c, form) {
            out.push(at..at + c.len_utf8());
        }
    }
    out
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
    }
}
