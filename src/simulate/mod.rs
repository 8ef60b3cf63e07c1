//! The damage simulator: applies a [`DamageProfile`] to clean text exactly as a font with
//! missing ToUnicode entries would, for evaluation and property tests; [`layout`] adds
//! the line layout damage of visual-order extraction, [`ligatures`] the reversed ligature
//! letters of some PDF producers, and [`compare`] counts the tokens a text gets wrong.

pub mod compare;
pub mod layout;
pub mod ligatures;
pub mod spacing;

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

/// What an extractor writes for a glyph its font does not map, instead of dropping it.
///
/// ```
/// use tarmim::{profile::DamageProfile, simulate::{damage_unmapped, Placeholder}};
/// let p = DamageProfile::sample();
/// assert_eq!(damage_unmapped("في موسكو", &p, Placeholder::Replacement), "ف\u{FFFD} موس\u{FFFD}و");
/// assert_eq!(damage_unmapped("في موسكو", &p, Placeholder::Cid), "ف(cid:104) موس(cid:100)و");
/// assert_eq!(damage_unmapped("في موسكو", &p, Placeholder::Code), "فB موس1و");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Placeholder {
    /// U+FFFD for every unmapped glyph.
    Replacement,
    /// A private-use character of its own for each glyph: U+E000 + 4k + v for the
    /// profile's k-th glyph, v telling the four lam-alef ligatures apart (لا لأ لإ لآ are
    /// four glyphs of a font).
    PrivateUse,
    /// pdfminer's `(cid:N)`, N of its own for each glyph (100 + 4k + v).
    Cid,
    /// The glyph's code in the font's own encoding, written as if it were a character, as
    /// pdftotext and PyMuPDF write a glyph without a mapping from a simple font: an ASCII
    /// character of its own for each glyph (the (4k + v)-th of [`CODE_CHARACTERS`]).
    Code,
}

/// The characters [`Placeholder::Code`] writes, in turn: codes a PDF producer gave glyphs
/// in the order it met them, as seen in LibreOffice's PDFs (`1` and `<` for medial ك).
pub const CODE_CHARACTERS: &str = "1<J5B%D$@7K^X;=Q";

/// `text` as an extractor that writes `placeholder` for each of `profile`'s glyphs would
/// return it (a lam-alef ligature is one glyph). Borrowed when nothing is lost.
pub fn damage_unmapped<'t>(
    text: &'t str,
    profile: &DamageProfile,
    placeholder: Placeholder,
) -> Cow<'t, str> {
    if profile.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, glyph) in glyphs(text) {
        let Some(k) = profile.glyphs().iter().position(|&g| g == glyph) else {
            continue;
        };
        out.push_str(&text[last..range.start]);
        let alef = match glyph {
            crate::glyph::Glyph::LamAlef(_) => text[range.clone()]
                .chars()
                .find_map(|c| "اأإآ".chars().position(|a| a == c))
                .unwrap_or(0),
            _ => 0,
        };
        let code = 4 * k as u32 + alef as u32;
        match placeholder {
            Placeholder::Replacement => out.push('\u{FFFD}'),
            Placeholder::PrivateUse => {
                out.push(char::from_u32(0xE000 + code).expect("a private-use character"))
            }
            Placeholder::Cid => out.push_str(&format!("(cid:{})", 100 + code)),
            Placeholder::Code => out.push(
                CODE_CHARACTERS
                    .chars()
                    .nth(code as usize)
                    .expect("a code character"),
            ),
        }
        last = range.end;
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// A number in [0, 1) drawn from a piece of text, an index and what it is for: the
/// simulators' only source of chance, so the same text is always damaged the same way.
pub(crate) fn draw(line: &str, index: usize, what: &str) -> f64 {
    // FNV-1a: stable across platforms and releases, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let index = index.to_le_bytes();
    let bytes = line.as_bytes().iter().chain(&index).chain(what.as_bytes());
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Finish with a multiply-xorshift so that nearby inputs spread out.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h >> 11) as f64 / (1u64 << 53) as f64
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
