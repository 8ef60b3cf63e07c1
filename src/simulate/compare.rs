//! Token error counts for layout evaluation: words and punctuation marks in order, so a
//! displaced full stop or a reversed run counts as wrong tokens.

use crate::token::is_word_char;

/// The tokens of `text`: maximal runs of letters, digits and Arabic marks, and every other
/// non-space character on its own.
///
/// ```
/// use tarmim::simulate::compare::tokens;
/// assert_eq!(tokens("قال: «نعم» 2022."), ["قال", ":", "«", "نعم", "»", "2022", "."]);
/// ```
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || is_word_char(c);
        match (in_word, word) {
            (true, None) => word = Some(i),
            (true, Some(_)) => {}
            (false, Some(s)) => {
                out.push(&text[s..i]);
                word = None;
            }
            (false, None) => {}
        }
        if !in_word && !c.is_whitespace() {
            out.push(&text[i..i + c.len_utf8()]);
        }
    }
    if let Some(s) = word {
        out.push(&text[s..]);
    }
    out
}

/// The token edit distance between `expected` and `got`: the fewest insertions,
/// deletions and substitutions of tokens that turn one into the other.
///
/// ```
/// use tarmim::simulate::compare::{token_errors, tokens};
/// let want = tokens("الأولى منذ قرنين».");
/// assert_eq!(token_errors(&want, &tokens(".«الأول منذ قرنين")), 5);
/// assert_eq!(token_errors(&want, &want), 0);
/// ```
pub fn token_errors(expected: &[&str], got: &[&str]) -> usize {
    // Strip the common prefix and suffix: most of a repaired text is right.
    let pre = expected.iter().zip(got).take_while(|(a, b)| a == b).count();
    let (e, g) = (&expected[pre..], &got[pre..]);
    let suf = e
        .iter()
        .rev()
        .zip(g.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (e, g) = (&e[..e.len() - suf], &g[..g.len() - suf]);
    let mut row: Vec<usize> = (0..=g.len()).collect();
    for (i, a) in e.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, b) in g.iter().enumerate() {
            let next = if a == b {
                diag
            } else {
                1 + diag.min(row[j]).min(row[j + 1])
            };
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[g.len()]
}
