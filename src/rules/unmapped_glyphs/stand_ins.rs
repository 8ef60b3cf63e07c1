//! Stand-ins: when a font's ToUnicode table lacks a glyph, many extractors write the
//! glyph's code in the font's own encoding as if it were a character, so a lost medial ك
//! comes out as `1` or `J` in every word it was in (`ب1افة` for بكافة), a final ي as `B`
//! at the end of every word that had it (`فB` for في). Which character depends on the
//! order the PDF producer met the glyphs in, so it is learnt from the document:
//!
//! - a character that sits inside Arabic words again and again, and that one letter turns
//!   into common words there, stands for that letter inside words;
//! - a character glued to the end (or the start) of Arabic words, where one letter in its
//!   place makes far likelier words than the words without it, stands for that letter
//!   there too. Real punctuation glued to words fails this: `العالم.` is likelier than
//!   any `العالم?`.
//!
//! Elsewhere the character is what it says.

use super::{gapped_words, readings, settle_named_glyphs, Glyph, Placeholders, FILLERS};
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::Lexicon;
use crate::token::{is_arabic_letter, is_arabic_mark, is_word_char, lookup_form};
use std::collections::HashMap;
use std::ops::Range;

/// Occurrences a character needs, inside words or at their edges, before it is weighed as
/// a stand-in there.
const MIN_OCCURRENCES: usize = 3;
/// Distinct common words its reading must make, of [`MIN_WORD_CHARS`] characters or
/// more: a character inside one name written again and again (كوين-تشيك) is no stand-in,
/// nor one between the letters of short abbreviations (ب+هـ, ج+هـ).
const MIN_DISTINCT_WORDS: usize = 2;
/// Letters and the stand-in together, in a word that counts towards
/// [`MIN_DISTINCT_WORDS`].
const MIN_WORD_CHARS: usize = 4;
/// The share of its occurrences inside words its reading must turn into common words.
const MIN_COMMON_SHARE: f64 = 0.6;
/// Occurrences at word edges a character needs before it is weighed as a stand-in there,
/// and the distinct common words (of three characters or more) its reading must make
/// there; far more for the punctuation that ends words anyway, so that a few words cut
/// short by dropped glyphs before full stops (`الروس. الت. عل. ف.`) do not make the full
/// stop a letter: in a real text most full stops follow whole words.
const MIN_EDGE_OCCURRENCES: usize = 3;
const MIN_EDGE_DISTINCT_WORDS: usize = 2;
const MIN_PUNCTUATION_OCCURRENCES: usize = 10;
const MIN_PUNCTUATION_DISTINCT_WORDS: usize = 4;
/// The punctuation that follows words.
const WORD_END_PUNCTUATION: &str = ".,:;!?";
/// How much likelier, on average, one letter in its place must make the words a character
/// is glued to than the words without it (nats per occurrence), for it to stand for that
/// letter at word edges. Words cut short by a lost glyph are rare or unknown (ف, الت,
/// عل), and whole ones common.
const MIN_EDGE_GAIN: f32 = 4.0;
/// The same for a control character, which no writer types: the bar above keeps real
/// punctuation from being read as a letter, and a control code is none. A final ي's code
/// is glued to words that are whole without it, too (اليابان, البرازيل for الياباني,
/// البرازيلي), so its average gain falls short of the bar for printable characters.
const MIN_CONTROL_EDGE_GAIN: f32 = 1.0;

/// How many times a bracket must outnumber its mirror (plus one) to be weighed as a
/// stand-in.
const MIN_UNPAIRED: usize = 4;

/// The most occurrences of one character weighed, inside words or at their edges.
const MAX_SAMPLE: usize = 256;

/// Where a document's stand-in is read as a glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct StandIn {
    pub(super) c: char,
    /// Where it is read at the edges of words (inside them it always is).
    pub(super) edges: Edges,
}

/// Where a stand-in is read at the edges of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Edges {
    Never,
    /// Only where that makes a known word: a code that can be no punctuation, read inside
    /// words, while the test for edges did not hold (`)ا` is لا, but the one real
    /// `(نيويورك)` stays).
    WhereKnown,
    Always,
}

/// How a character touches the Arabic word beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Position {
    /// Arabic on both sides.
    Inside,
    /// Glued to the end of a word, or to its start.
    Edge,
}

/// The characters `text` uses as stand-ins for glyphs.
pub(super) fn find(text: &str, lexicon: &Lexicon) -> Vec<StandIn> {
    // Each candidate's offsets inside words and at word edges.
    let mut seen: HashMap<char, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (at, c) in candidates(text) {
        match position(text, at, c) {
            Some(Position::Inside) => seen.entry(c).or_default().0.push(at),
            Some(Position::Edge) => seen.entry(c).or_default().1.push(at),
            None => {}
        }
    }
    let mut found: Vec<StandIn> = seen
        .into_iter()
        .filter(|&(c, _)| !is_bracket(c) || is_unpaired(text, c))
        .filter_map(|(c, (inside, edge))| {
            let (least, _) = edge_bars(c);
            let edges = edge.len() >= least && edges_read_as_a_letter(text, c, &edge, lexicon);
            let inside =
                inside.len() >= MIN_OCCURRENCES && reads_as_a_letter(text, c, &inside, lexicon);
            let never_punctuation = c.is_control() || is_bracket(c);
            let edges = match (edges, inside && never_punctuation) {
                (true, _) => Edges::Always,
                (false, true) => Edges::WhereKnown,
                (false, false) => Edges::Never,
            };
            (edges != Edges::Never || inside).then_some(StandIn { c, edges })
        })
        .collect();
    found.sort_unstable_by_key(|s| s.c);
    found
}

/// Whether `c` could stand for a glyph: a character an encoding can give a code that is
/// not part of an Arabic word, not white space and not a placeholder already. Control
/// codes count: PyMuPDF and pypdf write a glyph's code below 32 as it is, the vertical tab
/// (code 11) too, which no text uses as white space. Quotes are left out: a proclitic is
/// written glued to a quoted word (و"فلانة", و«داعش»), so they stand between
/// letters in any news text. Brackets are glued to words too (و(داعش)), but they come in
/// pairs, so [`find`] weighs one only where it far outnumbers its mirror
/// ([`is_unpaired`]).
fn is_candidate(c: char) -> bool {
    (!c.is_whitespace() || c == '\u{B}')
        && !is_word_char(c)
        && !super::is_placeholder_char(c)
        && !matches!(
            c,
            '"' | '\'' | '«' | '»' | '“' | '”' | '‘' | '’'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
        )
}

fn is_bracket(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '{' | '}')
}

/// Whether bracket `c` is written far more often than its mirror in `text`: then most of
/// its occurrences pair with nothing, and it may be a glyph's code (a lam-alef's was `)`
/// in a real Noto Naskh PDF, 35 against one `(`). Lines in visual order mirror brackets,
/// but in pairs.
fn is_unpaired(text: &str, c: char) -> bool {
    // Brackets are ASCII and rare: memchr skips to each one, where decoding every
    // character of a long document cost a fifth of its repair.
    let count =
        |c: char| u8::try_from(c).map_or(0, |b| memchr::memchr_iter(b, text.as_bytes()).count());
    count(c) >= MIN_UNPAIRED * (count(crate::line_layout::mirror(c)) + 1)
}

fn arabic(c: Option<char>) -> bool {
    c.is_some_and(|c| is_arabic_letter(c) || is_arabic_mark(c))
}

/// Candidate characters with an Arabic letter or mark right before or after them, with
/// their offsets. Only bytes that start a character outside the two-byte Arabic block
/// (led by D8–DB) next to a multi-byte character are looked at, which news text has few
/// of.
fn candidates(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    crate::token::other_char_starts(text).filter_map(move |at| {
        // An Arabic letter or mark ends in a continuation byte and starts with D8–DB.
        let after_multibyte = at > 0 && matches!(bytes[at - 1], 0x80..=0xBF);
        let c = text[at..].chars().next()?;
        if !after_multibyte && !matches!(bytes.get(at + c.len_utf8()), Some(0xD8..=0xDB)) {
            return None;
        }
        let touches = arabic(text[..at].chars().next_back())
            || arabic(text[at + c.len_utf8()..].chars().next());
        (is_candidate(c) && touches).then_some((at, c))
    })
}

/// How the run of `c` at byte `at` touches Arabic words: inside one (an Arabic letter or
/// mark right before the run and right after it), or glued to one edge with nothing of a
/// word on the other side.
pub(super) fn position(text: &str, at: usize, c: char) -> Option<Position> {
    let before = text[..at].trim_end_matches(c).chars().next_back();
    let after = text[at..].trim_start_matches(c).chars().next();
    let loose = |x: Option<char>| !x.is_some_and(is_word_char);
    match (arabic(before), arabic(after)) {
        (true, true) => Some(Position::Inside),
        (true, false) if loose(after) => Some(Position::Edge),
        (false, true) if loose(before) => Some(Position::Edge),
        _ => None,
    }
}

/// The stretch of `text` around `from..to` (char boundaries) that `part` holds: back from
/// `from` and on from `to` while the characters are part of it.
fn extent(text: &str, from: usize, to: usize, part: impl Fn(char) -> bool) -> Range<usize> {
    let start = text[..from]
        .char_indices()
        .rev()
        .take_while(|&(_, x)| part(x))
        .last()
        .map_or(from, |(i, _)| i);
    let end = text[to..]
        .char_indices()
        .find(|&(_, x)| !part(x))
        .map_or(text.len(), |(i, _)| to + i);
    start..end
}

/// Whether the words `c` sits inside (at the offsets `inside`) settle it as one letter,
/// and that letter turns most of them into common words, several distinct. The words are
/// read apart from the text, a space between each, so that a long text is not scanned
/// again for every candidate.
fn reads_as_a_letter(text: &str, c: char, inside: &[usize], lexicon: &Lexicon) -> bool {
    let part = |x: char| is_word_char(x) || x == c;
    let mut words = String::new();
    for &at in inside.iter().step_by(inside.len().div_ceil(MAX_SAMPLE)) {
        words.push_str(&text[extent(text, at, at, part)]);
        words.push(' ');
    }
    let text = words.as_str();
    let placeholders = Placeholders {
        stand_ins: vec![StandIn {
            c,
            edges: Edges::Never,
        }],
    };
    let words: Vec<_> = gapped_words(text, &placeholders)
        .into_iter()
        .filter(|g| g.gaps().all(|glyph| glyph == Glyph::StandIn(c)))
        .collect();
    let mapping = settle_named_glyphs(text, &words, lexicon);
    let Some(&(letter, _)) = mapping.get(&Glyph::StandIn(c)) else {
        return false;
    };
    let only = |_| vec![letter];
    let mut common = 0;
    let mut distinct = Vec::new();
    for g in &words {
        let reading = readings(text, &g.pieces, lexicon, &only)
            .into_iter()
            .filter_map(|r| r.id)
            .find(|&id| lexicon.is_common_id(id));
        if let Some(id) = reading {
            common += 1;
            if lookup_form(&text[g.start..g.end]).chars().count() >= MIN_WORD_CHARS {
                distinct.push(id);
            }
        }
    }
    distinct.sort_unstable();
    distinct.dedup();
    common as f64 >= MIN_COMMON_SHARE * words.len() as f64 && distinct.len() >= MIN_DISTINCT_WORDS
}

/// Whether one letter in place of `c` where it is glued to the edge of Arabic words (at
/// the offsets `edge`) makes them far likelier than they are without it, in several
/// distinct common words. A long text is judged on [`MAX_SAMPLE`] of them, evenly
/// spread: full stops glued to words run into thousands.
fn edges_read_as_a_letter(text: &str, c: char, edge: &[usize], lexicon: &Lexicon) -> bool {
    let cost = |w: &str| {
        lexicon
            .id(w)
            .map_or(UNKNOWN_WORD_COST, |id| lexicon.cost(id))
    };
    let step = edge.len().div_ceil(MAX_SAMPLE);
    // Each occurrence: the word without `c`, and whether `c` ends it (or starts it).
    let words: Vec<(String, bool)> = edge
        .iter()
        .step_by(step)
        .map(|&at| {
            let end = arabic(text[..at].chars().next_back());
            // The word on the side `c` is glued to: it ends at `c`, or starts after it.
            let side = if end { at } else { at + c.len_utf8() };
            let word = &text[extent(text, side, side, is_word_char)];
            (lookup_form(word).into_owned(), end)
        })
        .collect();
    // A letter is tried on a few of the words first: with real punctuation it makes them
    // less likely, not more.
    let as_they_stand: Vec<f32> = words.iter().map(|(w, _)| cost(w)).collect();
    let few: Vec<usize> = (0..words.len()).step_by(words.len().div_ceil(16)).collect();
    let letters: Vec<&str> = FILLERS
        .iter()
        .copied()
        .filter(|f| f.chars().count() == 1)
        .collect();
    // Each word's cost with each letter in place of `c`, worked out when first needed: a
    // word the letter ends is walked in the lexicon once for all the letters.
    let mut filled: Vec<Option<Vec<f32>>> = vec![None; words.len()];
    let mut gain = |chosen: &mut dyn Iterator<Item = usize>, letter: usize| -> f32 {
        chosen
            .map(|k| {
                let costs = filled[k].get_or_insert_with(|| {
                    let (w, end) = &words[k];
                    let mut costs = vec![UNKNOWN_WORD_COST; letters.len()];
                    let mut set = |i: usize, id: Option<crate::lexicon::WordId>| {
                        costs[i] = id.map_or(UNKNOWN_WORD_COST, |id| lexicon.cost(id));
                    };
                    if *end {
                        lexicon.each_ending(w, &letters, set);
                    } else {
                        for (i, letter) in letters.iter().enumerate() {
                            lexicon.each_ending(letter, &[w.as_str()], |_, id| set(i, id));
                        }
                    }
                    costs
                });
                as_they_stand[k] - costs[letter]
            })
            .sum()
    };
    let min_gain = if c.is_control() {
        MIN_CONTROL_EDGE_GAIN
    } else {
        MIN_EDGE_GAIN
    };
    (0..letters.len()).any(|i| {
        let letter = letters[i];
        if gain(&mut few.iter().copied(), i) <= 0.0
            || gain(&mut (0..words.len()), i) < min_gain * words.len() as f32
        {
            return false;
        }
        let mut distinct: Vec<String> = words
            .iter()
            .map(|(w, end)| {
                if *end {
                    format!("{w}{letter}")
                } else {
                    format!("{letter}{w}")
                }
            })
            .filter(|w| w.chars().count() >= MIN_WORD_CHARS - 1)
            .filter(|w| lexicon.is_common(w))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len() >= edge_bars(c).1
    })
}

/// The occurrences and distinct words `c` needs at word edges.
fn edge_bars(c: char) -> (usize, usize) {
    if WORD_END_PUNCTUATION.contains(c) {
        (MIN_PUNCTUATION_OCCURRENCES, MIN_PUNCTUATION_DISTINCT_WORDS)
    } else {
        (MIN_EDGE_OCCURRENCES, MIN_EDGE_DISTINCT_WORDS)
    }
}
