//! Spacing damage, as extractors that infer spaces from the gaps between glyphs produce
//! it: a space put inside a word where a letter that does not join forward leaves a gap
//! before the next letter (`المد رسة`), and a space between two words missed
//! (`فيالمدينة`).
//!
//! Deterministic: every choice is drawn from a hash of the word and its offset.

use super::draw;
use crate::joining::joins_following;
use crate::token::{is_arabic_letter, is_arabic_mark, words};

/// How often each kind of spacing damage strikes.
///
/// ```
/// let d = tarmim::simulate::spacing::SpacingDamage::default();
/// assert!(d.inner_space > 0.0 && d.missing_space > 0.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SpacingDamage {
    /// Share of the places inside a word, after a letter that does not join forward,
    /// that get a space.
    pub inner_space: f64,
    /// Share of the single spaces between two Arabic words that are lost.
    pub missing_space: f64,
}

impl Default for SpacingDamage {
    /// A space inside one word in about twenty, and one space lost in about thirty.
    fn default() -> SpacingDamage {
        SpacingDamage {
            inner_space: 0.03,
            missing_space: 0.03,
        }
    }
}

/// `text` with `damage`'s spacing damage: spaces put inside words and spaces between
/// words lost. Line breaks, other whitespace and non-Arabic text are left alone.
///
/// ```
/// use tarmim::simulate::spacing::{damage_spacing, SpacingDamage};
/// let inner = SpacingDamage { inner_space: 1.0, missing_space: 0.0 };
/// assert_eq!(damage_spacing("المدرسة", &inner), "ا لمد ر سة");
/// let glued = SpacingDamage { inner_space: 0.0, missing_space: 1.0 };
/// assert_eq!(damage_spacing("في المدينة\nقال", &glued), "فيالمدينة\nقال");
/// ```
pub fn damage_spacing(text: &str, damage: &SpacingDamage) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut last = 0;
    let mut prev_end: Option<usize> = None;
    for w in words(text) {
        let gap = &text[last..w.offset];
        let glue = prev_end == Some(last)
            && gap == " "
            && draw(w.text, w.offset, "missing space") < damage.missing_space;
        if !glue {
            out.push_str(gap);
        }
        push_with_inner_spaces(&mut out, w.text, w.offset, damage.inner_space);
        last = w.offset + w.text.len();
        prev_end = Some(last);
    }
    out.push_str(&text[last..]);
    out
}

/// `word` into `out`, with a space after some of its letters that do not join forward
/// (with their marks) when another letter follows.
fn push_with_inner_spaces(out: &mut String, word: &str, offset: usize, rate: f64) {
    let mut after_gap = false;
    for (i, c) in word.char_indices() {
        if after_gap && is_arabic_letter(c) {
            if draw(word, offset + i, "inner space") < rate {
                out.push(' ');
            }
            after_gap = false;
        }
        out.push(c);
        if is_arabic_letter(c) {
            after_gap = !joins_following(c);
        } else if !is_arabic_mark(c) {
            after_gap = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_non_arabic_and_line_structure_alone() {
        let all = SpacingDamage {
            inner_space: 1.0,
            missing_space: 1.0,
        };
        assert_eq!(damage_spacing("abc  def\r\n2022", &all), "abc  def\r\n2022");
        // Two spaces, a tab or a line break between words are never lost.
        let glued_only = SpacingDamage {
            inner_space: 0.0,
            ..all.clone()
        };
        assert_eq!(
            damage_spacing("في  البيت\tهنا", &glued_only),
            "في  البيت\tهنا"
        );
        // Marks stay with their letter; the space goes after them.
        assert_eq!(damage_spacing("دُب", &all), "دُ ب");
    }

    #[test]
    fn rates_are_near_their_settings() {
        let text = "قال الرئيس في كلمته إن البلاد تعاني من أزمة اقتصادية حادة ".repeat(300);
        let d = SpacingDamage::default();
        let damaged = damage_spacing(&text, &d);
        let words_before = text.split(' ').count();
        let words_after = damaged.split(' ').count();
        assert_ne!(damaged, text);
        // Spaces added and lost roughly balance at equal rates; both happen.
        assert!(
            (words_after as f64 / words_before as f64 - 1.0).abs() < 0.05,
            "{words_before} {words_after}"
        );
        assert_eq!(damage_spacing(&text, &d), damaged);
    }
}
