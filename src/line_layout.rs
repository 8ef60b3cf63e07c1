//! What the layout rules and the layout simulator share: lines with their byte ranges,
//! the punctuation at their edges (by Unicode bidi class), mirroring, and which end of a
//! line is Arabic.

use crate::token::is_arabic_letter;
use std::ops::Range;
use unicode_bidi::{bidi_class, BidiClass};

/// Byte ranges of the lines of `text`, without their `\n` or `\r\n`.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let s = start;
        start += l.len();
        let content = l.strip_suffix('\n').unwrap_or(l);
        let content = content.strip_suffix('\r').unwrap_or(content);
        s..s + content.len()
    })
}

/// Whether `c` is punctuation that the bidi algorithm treats as neutral or weak (and so
/// can land at the wrong end of a right-to-left line). The Arabic question mark,
/// semicolon and full stop are class AL, but punctuation all the same.
pub(crate) fn is_edge_punct(c: char) -> bool {
    if c.is_whitespace() {
        return false;
    }
    matches!(c, '؛' | '؟' | '۔' | '؞')
        || matches!(
            bidi_class(c),
            BidiClass::ON | BidiClass::CS | BidiClass::ES | BidiClass::ET
        )
}

/// Whether `c` is whitespace or edge punctuation: what stands at a word's edge.
pub(crate) fn is_space_or_edge_punct(c: char) -> bool {
    c.is_whitespace() || is_edge_punct(c)
}

/// The mirrored glyph of a bidi-mirrored bracket or quote, else `c`.
pub(crate) fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '<' => '>',
        '>' => '<',
        _ => c,
    }
}

/// `s` as it reads after being drawn at the other end of a right-to-left line: reversed,
/// brackets mirrored.
pub(crate) fn mirror_reverse(s: &str) -> String {
    s.chars().rev().map(mirror).collect()
}

/// Sentence punctuation and closing brackets: no well-formed line starts with them.
pub(crate) fn never_leads(c: char) -> bool {
    matches!(
        c,
        '.' | '،' | ',' | ':' | '؛' | ';' | '؟' | '?' | '!' | '…' | ')' | ']' | '}' | '»' | '›'
    )
}

/// Punctuation that ends lines (and so gets displaced): sentence punctuation, quotes and
/// brackets. Bullets, dashes, slashes and symbols are not moved.
pub(crate) fn is_movable(c: char) -> bool {
    never_leads(c) || matches!(c, '(' | '[' | '{' | '«' | '‹' | '"' | '“' | '”')
}

/// The bracket a quote or bracket opens or closes: `(opening form, opens)`; `"` and
/// curly double quotes toggle.
pub(crate) fn bracket(c: char) -> Option<(char, Option<bool>)> {
    Some(match c {
        '(' | '[' | '{' | '«' | '‹' => (c, Some(true)),
        ')' | ']' | '}' | '»' | '›' => (mirror(c), Some(false)),
        '"' | '“' | '”' => ('"', None),
        _ => return None,
    })
}

/// The edges of one line: where its words begin and end, and the punctuation runs
/// (no whitespace inside) just outside them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edges {
    /// Punctuation after the leading whitespace.
    pub lead: Range<usize>,
    /// Punctuation before the trailing whitespace.
    pub trail: Range<usize>,
    /// The first strong letter after `lead` is Arabic.
    pub rtl: bool,
    /// The first letter or digit after `lead` is an Arabic letter.
    pub starts_arabic: bool,
    /// The last letter or digit before `trail` is an Arabic letter.
    pub ends_arabic: bool,
}

/// The edges of `line` (offsets relative to it).
pub(crate) fn edges(line: &str) -> Edges {
    let body_start = line.len() - line.trim_start().len();
    let body_end = line.trim_end().len().max(body_start);
    let lead_end = line[body_start..body_end]
        .char_indices()
        .find(|&(_, c)| !is_edge_punct(c))
        .map_or(body_end, |(i, _)| body_start + i);
    let trail_start = line[lead_end..body_end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_edge_punct(c))
        .last()
        .map_or(body_end, |(i, _)| lead_end + i);
    let middle = &line[lead_end..trail_start];
    // Tatweel is not a letter here: the glyph rule puts letters after it (تـ → تـي), and
    // the edges must read the same before and after.
    let strong = |c: char| {
        is_arabic_letter(c)
            || matches!(bidi_class(c), BidiClass::L | BidiClass::R)
            || (bidi_class(c) == BidiClass::AL && c.is_alphabetic() && c != '\u{0640}')
    };
    let letter_or_digit = |c: char| strong(c) || c.is_numeric();
    Edges {
        lead: body_start..lead_end,
        trail: trail_start..body_end,
        rtl: middle
            .chars()
            .find(|&c| strong(c))
            .is_some_and(is_arabic_letter),
        starts_arabic: middle
            .chars()
            .find(|&c| letter_or_digit(c))
            .is_some_and(is_arabic_letter),
        ends_arabic: middle
            .chars()
            .rev()
            .find(|&c| letter_or_digit(c))
            .is_some_and(is_arabic_letter),
    }
}

/// Whether the movable part of `line`'s leading run is glued to what follows it, as a
/// displaced line end comes out (`.من جانب`); `، وفي` is the line's own start.
pub(crate) fn lead_is_glued(line: &str, e: &Edges) -> bool {
    let lead = &line[e.lead.clone()];
    let movable = lead
        .char_indices()
        .find(|&(_, c)| !is_movable(c))
        .map_or(lead.len(), |(i, _)| i);
    line[e.lead.start + movable..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace())
}

/// Whether `text` bears the signature of visual-order extraction, weighing right-to-left
/// lines that start with sentence punctuation or a closing bracket glued to their first
/// word (`.من جانب`) against lines that end with sentence punctuation after an Arabic
/// letter (`من جانب.`). Such an extractor displaces the punctuation of nearly every line
/// (say 95%); in text it did not touch, a displaced-looking start is a typo (say 1%).
pub(crate) fn shows_visual_order(text: &str) -> bool {
    let (mut displaced, mut proper) = (0usize, 0usize);
    for span in lines(text) {
        let line = &text[span];
        let e = edges(line);
        if !e.rtl || !e.ends_arabic {
            continue;
        }
        let lead = &line[e.lead.clone()];
        let trail = &line[e.trail.clone()];
        let glued = lead_is_glued(line, &e);
        let sentence = |c: char| never_leads(c) && bracket(c).is_none();
        if glued && lead.starts_with('.') {
            // A full stop glued to the first word is the commonest displacement and a
            // rare typo: it counts twice.
            displaced += 2;
        } else if glued && lead.chars().next().is_some_and(never_leads) {
            displaced += 1;
        } else if lead.is_empty() && trail.chars().any(sentence) {
            // Closing brackets alone at the end may be a leading quote sent there.
            proper += 1;
        }
    }
    // Log-likelihood ratio of the two explanations, line by line.
    let (displaced_llr, proper_llr) = ((0.95f64 / 0.01).ln(), (0.05f64 / 0.99).ln());
    // One displaced-looking start is a typo as often as not (`,أنت`, a title `!المنستير`):
    // it takes two, or a full stop.
    displaced >= 2 && displaced as f64 * displaced_llr + proper as f64 * proper_llr > 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_edges() {
        let text = "أ\r\n.«ب\n\nج»";
        let ls: Vec<&str> = lines(text).map(|r| &text[r]).collect();
        assert_eq!(ls, ["أ", ".«ب", "", "ج»"]);
        let e = edges(" .«الأول منذ قرنين ");
        assert_eq!((e.lead, e.trail.is_empty()), (1..4, true));
        assert!(e.rtl && e.ends_arabic && e.starts_arabic);
        let e = edges("فبراير 2022،");
        assert!(!e.ends_arabic && e.rtl);
        assert_eq!(mirror_reverse(".«("), ")».");
        assert!(edges("القياصرة؟").trail.len() == "؟".len());
        assert!(shows_visual_order(".من جانب واحد\nقال إنه\n.اعتبرته خيانة"));
        assert!(!shows_visual_order("!المنستير : احتجاجات\nقال إنه"));
        assert!(!shows_visual_order(
            "قال إنه جاء.\n، وفي نفس الوقت\nثم عاد."
        ));
    }
}
