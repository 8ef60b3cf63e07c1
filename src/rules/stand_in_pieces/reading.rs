//! How a line cut into pieces reads as written and with its pieces reversed, and which
//! letter a code stands for: the words each way makes, scored by the lexicon.

use super::super::kashida_pieces::{cheapest_reading, MARGIN};
use super::super::readings::Readings;
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::Lexicon;
use crate::line_layout::{is_edge_punct, mirror_reverse};
use crate::token::{is_arabic_letter, is_arabic_mark, is_word_char, lookup_form};
use std::ops::Range;

/// Letters and the code together, in a word that tells which letter the code is or
/// counts towards the distinct words the kashida rule's tests ask for.
const MIN_WORD_CHARS: usize = 4;
/// How much likelier (nats) a word with the code at its end must become with the code
/// read as a letter, for it to tell which letter the code is: a final glyph's code ends
/// words cut short (عل, ف, الت), which the letter makes far likelier, while nearly any
/// whole word takes ه, ي or ة at its end and stays about as likely.
const MIN_END_GAIN: f32 = 2.0;

/// Letters and the code together in a word that counts towards the distinct words: a code
/// inside a word must make a long one, while a final glyph's commonest words are short
/// (على, إلى) and its code at their end a test of its own ([`MIN_END_GAIN`]).
pub(super) fn min_chars(holds: Holds) -> usize {
    if holds == Holds::End {
        3
    } else {
        MIN_WORD_CHARS
    }
}

/// Where a scored word holds the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Holds {
    /// Nowhere, or at its start, where a code read as و or ب makes a word of nearly any
    /// word it is glued to.
    No,
    /// Between two of its letters.
    Inside,
    /// At its end, after two letters or more: where a final glyph's code sits.
    End,
    /// Next to one across spaces: scored only to choose how a piece's edges stood, so
    /// that each way is scored on the same stretch of text (`ا2 إنتاج` against
    /// `ا2إنتاج`).
    Beside,
}

/// A line cut into pieces, read as written and with its pieces reversed.
pub(super) struct Cut {
    /// The line's content, pieces and codes, with the spaces at its ends.
    span: Range<usize>,
    cuts: usize,
    /// The words the line as written is scored on (those holding a code, and the line's
    /// first and last words), in lookup form, and where each holds a code.
    as_written_words: Vec<(String, Holds)>,
    /// The line with its pieces in reverse order, the white space and punctuation at
    /// each piece's start read each way [`cut`] lists.
    reversed: [Order; 3],
}

/// One way of putting a cut line's pieces in reverse order.
struct Order {
    text: String,
    /// The words it is scored on, as for the line as written.
    words: Vec<(String, Holds)>,
}

/// A line cut into pieces, scored with each code read as the document's letter for it.
pub(super) struct Reading {
    pub(super) span: Range<usize>,
    pub(super) reversed: String,
    pub(super) cuts: usize,
    /// The words the reversal makes across cuts, the codes read as their letters,
    /// whether each is a common word, and where it holds a code.
    pub(super) joined: Vec<(String, bool, Holds)>,
    /// How many of those are known words.
    pub(super) known: usize,
    /// How much likelier (nats) the scored words are with the pieces reversed than as
    /// written.
    pub(super) gain: f32,
}

impl Reading {
    pub(super) fn is_likelier(&self) -> bool {
        self.gain > 0.0
    }

    /// Whether the line is surely written piece by piece: likelier by [`MARGIN`], and at
    /// least half the words joined across cuts known.
    pub(super) fn is_sure(&self) -> bool {
        self.gain >= MARGIN && 2 * self.known >= self.joined.len()
    }
}

/// How a piece's white space and punctuation at its edges stood in the line.
#[derive(Clone, Copy)]
enum Edges {
    /// Where they are.
    Kept,
    /// Its spaces on the other side of it.
    SpacesMoved,
    /// The punctuation at its start after it (it ended the piece), its spaces kept.
    PunctuationMoved,
}

/// The line cut into `pieces` at the `codes`, read as written and reversed. `line` is the
/// line's content; `pieces` leave out the white space at its ends.
///
/// Extractors write each piece in its own logical order, but put the neutral characters
/// between a piece and a code at the piece's start whichever side they stood on. So a
/// piece's edges are read where they are (`علJ` then ` أرض ...`: a final glyph's code
/// ends the word before it), with its spaces moved to its other side (` اقتصاد ... إنه`
/// between `ا2` and `2ا يزال`: the code of a lam-alef opens the word after it), and with
/// the punctuation at its start moved to its end (`] القصر المل` for ` القصر المل]`, `]`
/// a medial ك); the words decide.
pub(super) fn cut(text: &str, line: &Range<usize>, pieces: &[Range<usize>], codes: &[char]) -> Cut {
    let inner = pieces[0].start..pieces[pieces.len() - 1].end;
    let (before, after) = (&text[line.start..inner.start], &text[inner.end..line.end]);
    let span = inner.start - (before.len() - before.trim_end_matches(' ').len())
        ..inner.end + (after.len() - after.trim_start_matches(' ').len());
    // The first piece opens with the punctuation that ended the line, as in lines whose
    // runs were not cut (`.دوري أبطال آسيا`), and with the marks of its last letter
    // (`.ً ف الأرض فسادا`): they go back to the line's end.
    let first = &text[pieces[0].clone()];
    let lead = first.len()
        - first
            .trim_start_matches(|x| is_edge_punct(x) || is_arabic_mark(x))
            .len();
    let (head, tail) = (&text[span.start..inner.start], &text[inner.end..span.end]);
    let order = |edges: Edges| {
        let mut out = String::with_capacity(span.len());
        if matches!(edges, Edges::SpacesMoved) {
            out.push_str(head);
        }
        for (k, p) in pieces.iter().enumerate().rev() {
            let start = if k == 0 { p.start + lead } else { p.start };
            let piece = &text[start..p.end];
            // The line's edge spaces are its first and last piece's.
            let (open, close) = match edges {
                Edges::SpacesMoved => ("", ""),
                _ => (
                    if k == 0 { head } else { "" },
                    if k == pieces.len() - 1 { tail } else { "" },
                ),
            };
            match edges {
                Edges::Kept => {
                    out.push_str(open);
                    out.push_str(piece);
                }
                Edges::SpacesMoved => {
                    let body = piece.trim_matches(' ');
                    let before = piece.len() - piece.trim_start_matches(' ').len();
                    let after = piece.len() - piece.trim_end_matches(' ').len();
                    out.push_str(&" ".repeat(after));
                    out.push_str(body);
                    out.push_str(&" ".repeat(before));
                }
                Edges::PunctuationMoved => {
                    let body = piece.trim_start_matches(is_edge_punct);
                    out.push_str(open);
                    out.push_str(body);
                    out.push_str(&piece[..piece.len() - body.len()]);
                }
            }
            out.push_str(close);
            if k > 0 {
                // The code that cut before this piece.
                out.push_str(&text[pieces[k - 1].end..p.start]);
            }
        }
        out.push_str(&mirror_reverse(&first[..lead]));
        if matches!(edges, Edges::SpacesMoved) {
            out.push_str(tail);
        }
        Order {
            words: scored_words(&out, codes),
            text: out,
        }
    };
    Cut {
        as_written_words: scored_words(&text[span.clone()], codes),
        reversed: [
            order(Edges::Kept),
            order(Edges::PunctuationMoved),
            order(Edges::SpacesMoved),
        ],
        span,
        cuts: pieces.len() - 1,
    }
}

/// The words of `line` that hold one of the `codes` (with a letter), and its first and
/// last words, in lookup form, each with where it holds a code. Only words holding one
/// inside or at their end tell which letter it is, and whether the order is right.
fn scored_words(line: &str, codes: &[char]) -> Vec<(String, Holds)> {
    let is_code = |x: char| codes.contains(&x);
    let in_word = |x: char| is_word_char(x) || is_code(x);
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, x) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (start, i < line.len() && in_word(x)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter_map(|(k, w)| {
            let word = &line[w.clone()];
            let key = lookup_form(word).into_owned();
            let stem = key.trim_end_matches(is_code);
            let holds = if key.trim_matches(is_code).contains(is_code) {
                Holds::Inside
            } else if stem.len() < key.len()
                && !stem.starts_with(is_code)
                && stem.chars().count() >= 2
            {
                Holds::End
            } else {
                Holds::No
            };
            // A word the code cuts from its neighbour counts as much as one it holds:
            // each way of reading the edges is scored on the same stretch of text.
            let after_code = line[..w.start].trim_end_matches(' ').ends_with(is_code);
            let before_code = line[w.end..].trim_start_matches(' ').starts_with(is_code);
            let holds = if holds == Holds::No && (after_code || before_code) {
                Holds::Beside
            } else {
                holds
            };
            (word.contains(is_code) || holds == Holds::Beside || k == 0 || k == last)
                .then_some((key, holds))
        })
        .collect()
}

/// The Arabic letter the code `c` stands for: the one whose words tell the most, in
/// either reading of every line. Words holding the code inside tell (of
/// [`MIN_WORD_CHARS`] or more: any letter makes a word of `1ن`) where the letter makes
/// them words the lexicon lists, by how much likelier than an unknown word; words holding
/// it at their end, where it makes them far likelier than without it ([`MIN_END_GAIN`]),
/// by how much. A glyph's code stands for one letter throughout a document, and only the
/// right order makes it words. (Read as they stand, not as the damage profile could
/// restore them: under a profile nearly any string is some word's damaged form.)
pub(super) fn letter_of(cuts: &[Cut], c: char, lex: &Lexicon) -> char {
    let mut best = ('\u{0644}', 0.0);
    let cost = |w: &str| lex.id(w).map_or(UNKNOWN_WORD_COST, |id| lex.cost(id));
    for letter in ('\u{0621}'..='\u{064A}').filter(|&l| is_arabic_letter(l)) {
        let mut told = 0.0;
        for cut in cuts {
            let reversed = cut.reversed.iter().flat_map(|o| &o.words);
            for (w, holds) in cut.as_written_words.iter().chain(reversed) {
                if matches!(holds, Holds::No | Holds::Beside)
                    || w.chars().count() < min_chars(*holds)
                {
                    continue;
                }
                let read = with_letters(w, &[(c, letter)]);
                let without = match holds {
                    Holds::End => cost(w.trim_end_matches(c)),
                    _ => UNKNOWN_WORD_COST,
                };
                let gain = without - cost(&read);
                if gain >= MIN_END_GAIN {
                    told += gain;
                }
            }
        }
        if told > best.1 {
            best = (letter, told);
        }
    }
    best.0
}

/// `key` with each code read as its letter.
fn with_letters(key: &str, letters: &[(char, char)]) -> String {
    key.chars()
        .map(|x| {
            letters
                .iter()
                .find(|&&(c, _)| c == x)
                .map_or(x, |&(_, l)| l)
        })
        .collect()
}

/// `cut` scored with each code read as its letter, reversed the likeliest way.
pub(super) fn read(cut: Cut, letters: &[(char, char)], r: &mut Readings<'_>) -> Reading {
    let total = |words: &[(String, Holds)], beside: bool, r: &mut Readings<'_>| -> f32 {
        words
            .iter()
            .filter(|(_, holds)| beside || *holds != Holds::Beside)
            .map(|(w, _)| cheapest_reading(r, &with_letters(w, letters)).1)
            .sum()
    };
    let mut best: Option<(Order, f32)> = None;
    for order in cut.reversed {
        let cost = total(&order.words, true, r);
        // Ties go to the later ways, spaces moved first: a lam-alef's or a medial
        // glyph's code sits inside its word, which leaves no edge to tell by.
        if best.as_ref().map_or(true, |(_, b)| cost <= *b) {
            best = Some((order, cost));
        }
    }
    let (reversed, _) = best.expect("three orders");
    let gain = total(&cut.as_written_words, false, r) - total(&reversed.words, false, r);
    let lex = r.lexicon();
    let mut known = 0;
    let mut joined = Vec::new();
    for (w, holds) in &reversed.words {
        if matches!(holds, Holds::No | Holds::Beside) {
            continue;
        }
        let word = with_letters(w, letters);
        let id = lex.id(&word);
        known += usize::from(id.is_some());
        joined.push((word, id.is_some_and(|id| lex.is_common_id(id)), *holds));
    }
    Reading {
        span: cut.span,
        reversed: reversed.text,
        cuts: cut.cuts,
        joined,
        known,
        gain,
    }
}
