//! Ligature letters written in reverse, as some PDF producers (Word exports, typically)
//! map a ligature glyph to its letters in visual order: عىل for على, يف for في, اهلل for
//! الله, اإلسلام for الإسلام.

use crate::token::is_arabic_letter;
use std::borrow::Cow;

/// Ligatures a font draws everywhere in a word (the lam-alef forms are obligatory).
pub const ANYWHERE: [&str; 5] = ["لا", "لأ", "لإ", "لآ", "لله"];
/// Ligatures a font draws only at a word's end (their isolated and final forms).
pub const WORD_FINAL: [&str; 4] = ["لى", "لي", "في", "فى"];

/// `text` with every ligature of [`ANYWHERE`] reversed wherever it occurs in a word, and
/// every one of [`WORD_FINAL`] reversed where it ends a word. Borrowed when nothing
/// changes.
///
/// ```
/// use tarmim::simulate::ligatures::reverse_ligatures;
/// assert_eq!(reverse_ligatures("قال إن الله على الإسلام في"), "قال إن اهلل عىل اإلسالم يف");
/// ```
pub fn reverse_ligatures(text: &str) -> Cow<'_, str> {
    let touched = ANYWHERE.iter().chain(&WORD_FINAL).any(|l| text.contains(l));
    if !touched {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_arabic_letter) {
        out.push_str(&rest[..start]);
        let word = &rest[start..];
        let end = word.find(|c| !is_arabic_letter(c)).unwrap_or(word.len());
        out.push_str(&reverse_in_word(&word[..end]));
        rest = &word[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Each ligature is found in the word as shaped, left to right, the longest first: a
/// letter belongs to one glyph only (خلالها has a lam-alef, not a لله).
fn reverse_in_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut rest = word;
    while let Some(c) = rest.chars().next() {
        let mut ligatures: Vec<&str> = ANYWHERE.to_vec();
        ligatures.extend(WORD_FINAL.iter().filter(|&&l| rest == l));
        ligatures.sort_by_key(|l| std::cmp::Reverse(l.len()));
        match ligatures.iter().find(|l| rest.starts_with(**l)) {
            Some(l) => {
                out.extend(l.chars().rev());
                rest = &rest[l.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_letter_in_one_ligature() {
        assert_eq!(reverse_ligatures("خلالها"), "خاللها");
        assert_eq!(reverse_ligatures("فيه"), "فيه");
        assert_eq!(reverse_ligatures("وفي الله"), "ويف اهلل");
        assert!(matches!(reverse_ligatures("من هنا"), Cow::Borrowed(_)));
    }
}
