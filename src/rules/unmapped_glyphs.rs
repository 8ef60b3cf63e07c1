//! `glyph/unmapped-glyphs`: where a font has no Unicode mapping for a glyph, some
//! extractors write a placeholder instead of dropping it: U+FFFD (العس�رية), a
//! private-use character the font's own encoding gave it, or pdfminer's `(cid:123)`. The
//! placeholder marks where the letter was, so the word is a pattern with a gap, and the
//! lexicon and the bigram model fill it.
//!
//! Some extractors write the glyph's code instead, as if it were a character (`ب1افة`);
//! which character stands in for a glyph is learnt from the document (see [`stand_ins`]).
//!
//! A private-use character, a cid or a stand-in names one glyph of the font, the same
//! wherever it stands, so each is read as the one letter (or lam-alef) that makes the
//! most sense of every word it occurs in, weighed together. U+FFFD stands for any unmapped glyph, so
//! each occurrence is filled on its own, and so is a named glyph whose words do not
//! settle its reading.

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::lexicon::{Lexicon, WordId};
use crate::token::{has_arabic, is_arabic_letter, is_word_char, lookup_form};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

mod stand_ins;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("glyph/unmapped-glyphs"),
    category: Category::Glyph,
    summary: "Fills the placeholders extractors write for glyphs the font does not map (U+FFFD, private-use characters, pdfminer's (cid:N), and the code a document writes as a character for a glyph, ب1افة) with the letter the lexicon and context choose; a private-use character, cid or code character is read the same way throughout the document.",
};

pub(super) struct UnmappedGlyphs;

/// What one glyph can stand for: any letter, or a lam-alef ligature.
const FILLERS: [&str; 40] = [
    "ء", "آ", "أ", "ؤ", "إ", "ئ", "ا", "ب", "ة", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س",
    "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ى", "ي", "لا", "لأ",
    "لإ", "لآ",
];

/// A filler that keeps the placeholder as it stands.
const KEEP: u8 = u8::MAX;
/// Words with more placeholders than this are left alone: their readings multiply.
const MAX_GAPS: usize = 2;
/// The most readings kept for one word.
const MAX_READINGS: usize = 256;
/// A private-use character or cid is read as one letter throughout when that reading is
/// this probable given all the words it stands in.
const MIN_MAPPING_CONFIDENCE: f64 = 0.9;

/// A placeholder: which glyph it names, if it names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Glyph {
    /// U+FFFD: any unmapped glyph.
    Any,
    /// A private-use character.
    Private(char),
    /// pdfminer's `(cid:N)`.
    Cid(u32),
    /// A character the document uses for one glyph (see [`stand_ins`]).
    StandIn(char),
}

/// A piece of a word with gaps: a letter (in lookup form), or a placeholder.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Piece {
    Letters(usize, usize),
    Gap(Glyph, usize, usize),
}

/// A word with at least one placeholder: its span and pieces, and whether it has a
/// letter besides (a placeholder alone may be a whole word: لا is one glyph).
struct Gapped {
    start: usize,
    end: usize,
    pieces: Vec<Piece>,
    letters: bool,
}

impl Gapped {
    /// An empty word starting at byte `at`.
    fn starting_at(at: usize) -> Gapped {
        Gapped {
            start: at,
            end: at,
            pieces: Vec::new(),
            letters: false,
        }
    }

    /// The glyph of each placeholder, in order.
    fn gaps(&self) -> impl Iterator<Item = Glyph> + '_ {
        self.pieces.iter().filter_map(|p| match *p {
            Piece::Gap(glyph, ..) => Some(glyph),
            Piece::Letters(..) => None,
        })
    }
}

impl Rule for UnmappedGlyphs {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Normalize
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        let placeholders = Placeholders {
            stand_ins: stand_ins::find(text, cx.lexicon),
        };
        if !placeholders.stand_ins.is_empty() || may_have_placeholders(text) {
            fill_gaps(text, &placeholders, cx, edits);
        }
    }
}

/// The quick check, on bytes: U+FFFD and the private-use area are EF BF BD and EE 80 80
/// to EF A3 BF in UTF-8; a cid is written `(cid:`.
fn may_have_placeholders(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xEE, 0xEF, bytes).any(|i| match bytes[i] {
        0xEE => true,
        _ => {
            matches!(bytes.get(i + 1), Some(0x80..=0xA3))
                || bytes.get(i + 1..i + 3) == Some(&[0xBF, 0xBD])
        }
    }) || memchr::memmem::find(bytes, b"(cid:").is_some()
}

/// Whether `c` is a private-use character that may stand for a letter. U+F000–U+F0FF is
/// left out: symbol fonts (Symbol, Wingdings) put their glyphs there, and Word's bullets
/// come out as U+F0B7 or U+F0A7 before a list item.
fn is_private_glyph(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c) && !('\u{F000}'..='\u{F0FF}').contains(&c)
}

/// Whether `c` is a one-character placeholder: U+FFFD or a private-use glyph.
fn is_placeholder_char(c: char) -> bool {
    c == '\u{FFFD}' || is_private_glyph(c)
}

/// What stands for a glyph in one document: U+FFFD, private-use characters and cids
/// anywhere, and the document's stand-ins where they sit inside a word.
pub(super) struct Placeholders {
    stand_ins: Vec<stand_ins::StandIn>,
}

impl Placeholders {
    /// Only the placeholders every document may have.
    const BASIC: Placeholders = Placeholders {
        stand_ins: Vec::new(),
    };

    /// The placeholder starting at byte `at`, with its length.
    fn at(&self, text: &str, at: usize) -> Option<(Glyph, usize)> {
        placeholder_at(text, at).or_else(|| {
            let c = text[at..].chars().next()?;
            self.stands_in(text, at, c)
                .then_some((Glyph::StandIn(c), c.len_utf8()))
        })
    }

    /// Whether the `c` at byte `at` is one of the document's stand-ins where it reads as a
    /// glyph.
    fn stands_in(&self, text: &str, at: usize, c: char) -> bool {
        self.stand_ins.iter().any(|s| {
            s.c == c
                && match stand_ins::position(text, at, c) {
                    Some(stand_ins::Position::Inside) => true,
                    Some(stand_ins::Position::Edge) => s.edges != stand_ins::Edges::Never,
                    None => false,
                }
        })
    }

    /// Whether the placeholder at byte `at` is read only where it makes a known word.
    fn only_where_known(&self, text: &str, at: usize, glyph: Glyph) -> bool {
        let Glyph::StandIn(c) = glyph else {
            return false;
        };
        self.stand_ins.iter().any(|s| {
            s.c == c
                && s.edges == stand_ins::Edges::WhereKnown
                && stand_ins::position(text, at, c) == Some(stand_ins::Position::Edge)
        })
    }

    /// Whether the character ending at byte `end` is a one-character placeholder.
    fn char_before(&self, text: &str, end: usize) -> bool {
        text[..end]
            .chars()
            .next_back()
            .is_some_and(|c| is_placeholder_char(c) || self.stands_in(text, end - c.len_utf8(), c))
    }
}

/// The placeholder every document may have starting at byte `at`, with its length.
fn placeholder_at(text: &str, at: usize) -> Option<(Glyph, usize)> {
    let rest = &text[at..];
    let c = rest.chars().next()?;
    match c {
        '\u{FFFD}' => Some((Glyph::Any, c.len_utf8())),
        c if is_private_glyph(c) => Some((Glyph::Private(c), c.len_utf8())),
        '(' => {
            let digits = rest.strip_prefix("(cid:")?;
            let n = digits.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 || n > 9 || digits.as_bytes().get(n) != Some(&b')') {
                return None;
            }
            Some((Glyph::Cid(digits[..n].parse().ok()?), 5 + n + 1))
        }
        _ => None,
    }
}

/// Whether the text at `start..end` (a word) has a placeholder right before or after it:
/// then it is only part of a word.
pub(super) fn touches_placeholder(text: &str, start: usize, end: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(is_placeholder_char)
        || placeholder_at(text, end).is_some()
        || cid_ending_at(text, start).is_some()
}

/// Every word of `text` with a placeholder in it: runs of Arabic word characters and
/// placeholders.
fn gapped_words(text: &str, placeholders: &Placeholders) -> Vec<Gapped> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut current: Option<Gapped> = None;
    let finish = |g: Option<Gapped>, out: &mut Vec<Gapped>| {
        out.extend(g.filter(|g| g.gaps().next().is_some()));
    };
    while at < text.len() {
        if let Some((glyph, len)) = placeholders.at(text, at) {
            let g = current.get_or_insert_with(|| Gapped::starting_at(at));
            g.pieces.push(Piece::Gap(glyph, at, at + len));
            g.end = at + len;
            at += len;
            continue;
        }
        let c = text[at..].chars().next().expect("at a char boundary");
        let len = c.len_utf8();
        if is_word_char(c) {
            let g = current.get_or_insert_with(|| Gapped::starting_at(at));
            if is_arabic_letter(c) || c >= '\u{FB50}' {
                g.letters = true;
                match g.pieces.last_mut() {
                    Some(Piece::Letters(_, end)) if *end == at => *end = at + len,
                    _ => g.pieces.push(Piece::Letters(at, at + len)),
                }
            }
            g.end = at + len;
        } else {
            finish(current.take(), &mut out);
        }
        at += len;
    }
    finish(current.take(), &mut out);
    out
}

/// One way of filling a word's gaps: the word's id, and the filler of each gap.
struct Reading {
    /// None for a word the lexicon lacks (only where every gap's glyph is settled).
    id: Option<WordId>,
    fillers: Vec<u8>,
}

/// Every lexicon word the pieces can be, each gap filled from `allowed(gap)`.
fn readings(
    text: &str,
    pieces: &[Piece],
    lexicon: &Lexicon,
    allowed: &dyn Fn(Glyph) -> Vec<u8>,
) -> Vec<Reading> {
    let fst = lexicon.fst();
    let mut out = Vec::new();
    let mut fillers = Vec::new();
    let start = (fst.root(), fst::raw::Output::zero());
    walk(text, pieces, fst, start, &mut fillers, allowed, &mut out);
    out
}

/// Follows `pieces` from `node` (reached with `output`), `fillers` holding the gaps
/// filled so far.
fn walk(
    text: &str,
    pieces: &[Piece],
    fst: &fst::raw::Fst<&'static [u8]>,
    (node, output): (fst::raw::Node<'_>, fst::raw::Output),
    fillers: &mut Vec<u8>,
    allowed: &dyn Fn(Glyph) -> Vec<u8>,
    out: &mut Vec<Reading>,
) {
    if out.len() >= MAX_READINGS {
        return;
    }
    let Some((&piece, rest)) = pieces.split_first() else {
        if node.is_final() {
            out.push(Reading {
                id: Some(output.cat(node.final_output()).value() as WordId),
                fillers: fillers.clone(),
            });
        }
        return;
    };
    // Follows `letters` from `node`, or gives up.
    let follow = |letters: &str| {
        let (mut node, mut output) = (node, output);
        for b in letters.bytes() {
            let t = node.transition(node.find_input(b)?);
            output = output.cat(t.out);
            node = fst.node(t.addr);
        }
        Some((node, output))
    };
    match piece {
        Piece::Letters(start, end) => {
            let letters = lookup_form(&text[start..end]);
            if let Some(next) = follow(&letters) {
                walk(text, rest, fst, next, fillers, allowed, out);
            }
        }
        Piece::Gap(glyph, ..) => {
            for k in allowed(glyph) {
                let filler = FILLERS[k as usize];
                if let Some(next) = follow(filler) {
                    fillers.push(k);
                    walk(text, rest, fst, next, fillers, allowed, out);
                    fillers.pop();
                }
            }
        }
    }
}

/// The word that stands right before `start` (only spaces between, on the same line), or
/// after `end`, if any: word characters and placeholders, as [`gapped_words`] reads them
/// (so that the answer is the same once its placeholders are filled).
fn neighbour<'t>(
    text: &'t str,
    placeholders: &Placeholders,
    start: usize,
    end: usize,
    after: bool,
) -> Option<&'t str> {
    let word = if after {
        let from = end + (text[end..].len() - text[end..].trim_start_matches(' ').len());
        if from == end {
            return None;
        }
        let mut at = from;
        while at < text.len() {
            if let Some((_, len)) = placeholders.at(text, at) {
                at += len;
                continue;
            }
            match text[at..].chars().next() {
                Some(c) if is_word_char(c) => at += c.len_utf8(),
                _ => break,
            }
        }
        &text[from..at]
    } else {
        let to = text[..start].trim_end_matches(' ').len();
        if to == start {
            return None;
        }
        let mut at = to;
        while let Some(c) = text[..at].chars().next_back() {
            if is_word_char(c) || placeholders.char_before(text, at) {
                at -= c.len_utf8();
            } else if let Some(cid) = cid_ending_at(text, at) {
                at = cid;
            } else {
                break;
            }
        }
        &text[at..to]
    };
    (!word.is_empty()).then_some(word)
}

/// Whether the nearest word before `start` (or after `end`) that is not placeholders
/// alone is Arabic, looking past placeholders standing alone: so the answer is the same
/// once they are filled.
fn among_arabic(
    text: &str,
    placeholders: &Placeholders,
    mut start: usize,
    mut end: usize,
    after: bool,
) -> bool {
    while let Some(w) = neighbour(text, placeholders, start, end, after) {
        if has_arabic(w) {
            return true;
        }
        if !w.chars().any(is_word_char) && gapped_words(w, &Placeholders::BASIC).len() == 1 {
            start = w.as_ptr() as usize - text.as_ptr() as usize;
            end = start + w.len();
            continue;
        }
        return false;
    }
    false
}

/// Where a `(cid:N)` that ends at byte `end` starts, if one does.
fn cid_ending_at(text: &str, end: usize) -> Option<usize> {
    if !text[..end].ends_with(')') {
        return None;
    }
    let at = text[..end].rfind("(cid:")?;
    placeholder_at(text, at)
        .is_some_and(|(_, len)| at + len == end)
        .then_some(at)
}

fn fill_gaps<'t>(
    text: &'t str,
    placeholders: &Placeholders,
    cx: &Context<'_>,
    edits: &mut Vec<Edit<'t>>,
) {
    let words: Vec<Gapped> = gapped_words(text, placeholders)
        .into_iter()
        .filter(|g| g.gaps().count() <= MAX_GAPS)
        .collect();
    let mapping = settle_named_glyphs(text, &words, cx.lexicon);
    for g in &words {
        if let Some(edit) = fill_word(text, g, placeholders, &mapping, cx) {
            edits.push(edit);
        }
    }
}

/// The reading of each private-use character or cid that the words it stands in settle,
/// with its probability: the sum over each word's readings of their probabilities,
/// multiplied over the words.
fn settle_named_glyphs(text: &str, words: &[Gapped], lex: &Lexicon) -> HashMap<Glyph, (u8, f64)> {
    let any = |_| (0..FILLERS.len() as u8).collect();
    // A word no filler makes a word says nothing; unknown fillers get the probability of
    // an unknown word.
    let floor = f64::from(-crate::language_model::UNKNOWN_WORD_COST).exp();
    let mut evidence: HashMap<Glyph, Vec<f64>> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for g in words {
        // A placeholder alone could be any one-glyph word: no evidence of which glyph.
        if !g.letters || !seen.insert(&text[g.start..g.end]) {
            continue;
        }
        let gaps: Vec<Glyph> = g.gaps().collect();
        if gaps.iter().all(|&glyph| glyph == Glyph::Any) {
            continue;
        }
        let rs = readings(text, &g.pieces, lex, &any);
        for &glyph in gaps.iter().filter(|&&glyph| glyph != Glyph::Any) {
            let mut mass = vec![0.0f64; FILLERS.len()];
            for r in &rs {
                for (gap, &k) in gaps.iter().zip(&r.fillers) {
                    if *gap == glyph {
                        let id = r.id.expect("a lexicon walk finds known words");
                        mass[k as usize] += f64::from(-lex.cost(id)).exp();
                    }
                }
            }
            let total = evidence
                .entry(glyph)
                .or_insert_with(|| vec![0.0; FILLERS.len()]);
            if mass.iter().any(|&m| m > 0.0) {
                for (t, m) in total.iter_mut().zip(&mass) {
                    *t += (m + floor).ln();
                }
            }
        }
    }
    (evidence.into_iter())
        .filter_map(|(glyph, ln_p)| {
            let top = ln_p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let z: f64 = ln_p.iter().map(|&x| (x - top).exp()).sum();
            let (k, _) = ln_p.iter().enumerate().find(|(_, &x)| x == top)?;
            let confidence = 1.0 / z;
            (confidence >= MIN_MAPPING_CONFIDENCE).then_some((glyph, (k as u8, confidence)))
        })
        .collect()
}

/// The edit that fills word `g`'s placeholders, if any reading fills them.
fn fill_word<'t>(
    text: &'t str,
    g: &Gapped,
    placeholders: &Placeholders,
    mapping: &HashMap<Glyph, (u8, f64)>,
    cx: &Context<'_>,
) -> Option<Edit<'t>> {
    let (lex, lm) = (cx.lexicon, cx.model);
    if !g.letters {
        // A placeholder standing alone is an Arabic word only among Arabic words
        // (whether the lexicon knows them would change as they are restored), and a
        // named glyph only if the document's words settled it: a bullet from a
        // private-use slot stands alone at line starts, never inside a word.
        let unsettled = g
            .gaps()
            .any(|glyph| glyph != Glyph::Any && !mapping.contains_key(&glyph));
        let among = |after| among_arabic(text, placeholders, g.start, g.end, after);
        if unsettled || (!among(false) && !among(true)) {
            return None;
        }
    }
    // A named glyph whose reading the document does not settle (it stands in a word or
    // two: ا?ن is ابن or الآن) is filled word by word, as U+FFFD is.
    let allowed = |glyph: Glyph| match mapping.get(&glyph) {
        Some(&(k, _)) => vec![k],
        None => (0..FILLERS.len() as u8).collect(),
    };
    let mut rs = readings(text, &g.pieces, lex, &allowed);
    if rs.is_empty() {
        // A glyph the document settled is that letter even in a word the lexicon lacks
        // (a name); other gaps with no reading stay as they are. (Left unfilled, a settled
        // glyph would be read afresh on a second repair, once its other words no longer
        // hold it.)
        let fillers: Vec<u8> = (g.pieces.iter())
            .filter_map(|p| match *p {
                Piece::Gap(glyph, at, _) if placeholders.only_where_known(text, at, glyph) => {
                    Some(KEEP)
                }
                Piece::Gap(glyph, ..) => Some(mapping.get(&glyph).map_or(KEEP, |m| m.0)),
                Piece::Letters(..) => None,
            })
            .collect();
        if fillers.iter().all(|&k| k == KEEP) {
            return None;
        }
        rs.push(Reading { id: None, fillers });
    }
    let id = |after| {
        neighbour(text, placeholders, g.start, g.end, after).and_then(|w| lex.id(&lookup_form(w)))
    };
    let (before, after) = (id(false), id(true));
    let scores: Vec<f64> = (rs.iter())
        .map(|r| -f64::from(lm.cost(lex, before, r.id) + lm.cost(lex, r.id, after)))
        .collect();
    let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let z: f64 = scores.iter().map(|&s| (s - top).exp()).sum();
    let best = scores.iter().position(|&s| s == top).expect("a reading");
    let mapped = g
        .gaps()
        .filter_map(|glyph| mapping.get(&glyph).map(|m| m.1))
        .fold(1.0, f64::min);
    let r = &rs[best];
    let mut replacement = String::with_capacity(g.end - g.start);
    let mut last = g.start;
    let mut gap_no = 0;
    for p in &g.pieces {
        if let Piece::Gap(_, s, e) = *p {
            push_folded(&mut replacement, &text[last..s]);
            replacement.push_str(match r.fillers[gap_no] {
                KEEP => &text[s..e],
                k => FILLERS[k as usize],
            });
            gap_no += 1;
            last = e;
        }
    }
    push_folded(&mut replacement, &text[last..g.end]);
    let filled: Vec<&str> = (r.fillers.iter())
        .filter(|&&k| k != KEEP)
        .map(|&k| FILLERS[k as usize])
        .collect();
    Some(Edit {
        span: g.start..g.end,
        original: &text[g.start..g.end],
        replacement,
        rule: INFO.id,
        confidence: ((1.0 / z) * mapped) as f32,
        reason: format!("unmapped glyph read as {}", filled.join(" and ")).into(),
    })
}

/// Pushes `s` with its presentation letter forms folded, as
/// `glyph/fold-presentation-forms` would: that rule's edits inside the word give way to
/// this one's.
fn push_folded(out: &mut String, s: &str) {
    for c in s.chars() {
        if super::fold_presentation_forms::is_letter_form(c) {
            out.extend(std::iter::once(c).nfkc());
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn fill(text: &str) -> String {
        let p = DamageProfile::default();
        let cx = Context::embedded(&p);
        let mut edits = Vec::new();
        UnmappedGlyphs.apply(text, &cx, &mut edits);
        crate::edit::apply_edits(text, &crate::edit::normalize(edits))
    }

    #[test]
    fn the_replacement_character_is_filled_by_the_lexicon_and_context() {
        assert_eq!(fill("القوات العس\u{FFFD}رية"), "القوات العسكرية");
        assert_eq!(fill("وصل إلى موس\u{FFFD}و أمس"), "وصل إلى موسكو أمس");
        assert_eq!(fill("ذهب \u{FFFD}ي المساء"), "ذهب في المساء");
    }

    #[test]
    fn a_private_use_glyph_is_read_the_same_way_throughout() {
        let k = '\u{E011}';
        let text = format!("القوات العس{k}رية في موس{k}و و{k}ان الرملين {k}تب");
        let out = fill(&text);
        assert_eq!(out, "القوات العسكرية في موسكو وكان الرملين كتب");
    }

    #[test]
    fn a_character_the_document_writes_for_a_glyph_is_read_as_it() {
        // pdftotext wrote the code of the unmapped medial ك as "1".
        let text = "تعتبر متابعة مباراة الفريق ب1افة تفاصيلها في منطقة س1نية قرب \
                    الحدود، وقال ال1رملين إن الح1ومة ستعمل على ذلك في عام 2021.";
        assert_eq!(
            fill(text),
            "تعتبر متابعة مباراة الفريق بكافة تفاصيلها في منطقة سكنية قرب \
             الحدود، وقال الكرملين إن الحكومة ستعمل على ذلك في عام 2021."
        );
    }

    #[test]
    fn a_character_the_document_glues_to_words_for_a_final_glyph_is_read_as_it() {
        // The unmapped final ي written "B" and the final ى "@".
        let text = "قال الرئيس فB كلمته إن البلاد تعانB من أزمة منذ العام الماضB وأكد \
                    أن الشركة تسع@ إل@ زيادة الإنتاج فB المصانع التB تملكها عل@ الحدود \
                    حت@ تعود الأول@ إل@ مكانها.";
        assert_eq!(
            fill(text),
            "قال الرئيس في كلمته إن البلاد تعاني من أزمة منذ العام الماضي وأكد \
             أن الشركة تسعى إلى زيادة الإنتاج في المصانع التي تملكها على الحدود \
             حتى تعود الأولى إلى مكانها."
        );
    }

    #[test]
    fn a_control_code_is_read_on_less_evidence_than_a_printable_character() {
        // A final ي's code glued to nisba adjectives, whole words without it (اليابان,
        // البرازيل): reading it as ي gains less than a printable character needs, but a
        // control code is no one's punctuation.
        let damaged = "وصل الفريق اليابانX إلى نهائX البطولة بعد فوزه على المنتخب البرازيلX \
                       فX مباراة قال عنها المدرب البرازيلX إن اللاعب اليابانX كان الأفضل فX \
                       الشوط الثانX.";
        let with = |code: &str| damaged.replace('X', code);
        let whole = with("ي");
        assert_eq!(fill(&with("\u{E}")), whole);
        // The vertical tab is such a code too, not white space.
        assert_eq!(fill(&with("\u{B}")), whole);
        assert_eq!(fill(&with("~")), with("~"));
    }

    #[test]
    fn an_unpaired_bracket_is_read_as_a_glyph_and_paired_ones_stay() {
        // A lam-alef's code written `)`, as pdftotext wrote it for a Noto Naskh PDF: ten
        // of them against one `(`.
        let damaged = "قال مسؤول في اXأمم المتحدة (نيويورك) إن اXإمارات تدعم اXاجتماع واXاتفاق \
                       وإن Xا أحد يعرف اXأسباب، وإن اXأمن واXإعلام واXانتخابات تهم اXأطفال.";
        // Inside words and, where that makes a known word, at their edges (`)ا` is لا);
        // the one real pair stays.
        let whole = damaged.replace('X', "ل");
        assert_eq!(fill(&damaged.replace('X', ")")), whole);
        // Brackets in pairs are brackets, glued to words or not.
        let paired = "قال مسؤول في (الأمم) المتحدة و(نيويورك) إن (الإمارات) تدعم و(الاجتماع) \
                      و(الأسباب) و(الأمن) و(الإعلام) و(الانتخابات) و(الأطفال).";
        assert_eq!(fill(paired), paired);
    }

    #[test]
    fn characters_inside_words_that_stand_for_no_glyph_stay() {
        for text in [
            "شركة كوين-تشيك وعن كوين-تشيك ومن كوين-تشيك وإلى كوين-تشيك.",
            "رخصة \"ب+هـ\" أو \"ج+هـ\" أو \"د+هـ\" أو \"د\"",
            "قال:نعم ثم قال:لا ثم قال:ربما",
            "\"فلان\" و\"فلانة\" وورد \"فلاناً\" و\"فل\" و\"فلانة\"",
            "العدد 3 و5 والصفحة 12 من 20",
            // Punctuation glued to words: the words are likelier as they stand.
            "قال:نعم. وقال الرئيس: إن البلاد. وأكد العالم. وبيروت. ودمشق! ولندن؟",
            // Full stops after words, some of them cut short by dropped glyphs.
            "الروس. الت. الروس. عل. ف.",
            "قال الرئيس ف كلمته إن البلاد تعان من أزمة. وأكد المتحدث أن الشركة تسع إل \
             زيادة الإنتاج. وشارك ف المؤتمر ممثلون عن الاتحاد الأوروب. وقالت المنظمة إن \
             الأطفال تأثروا بالحرب الت. وحضر الحفل عدد كبير من الفنانين. وانتهى الاجتماع.",
        ] {
            assert_eq!(fill(text), text);
        }
    }

    #[test]
    fn a_settled_glyph_is_filled_beside_a_gap_with_no_reading() {
        // The private-use glyph is settled as ح by حظ; the word beside it has no reading
        // with ح, and its U+FFFD stays. Left whole, it would be read afresh on a second
        // repair, once حظ no longer held the glyph.
        let text = "ا\u{F8FF}\u{FFFD}إ \u{F8FF}ظ ";
        let once = fill(text);
        assert_eq!(once, "اح\u{FFFD}إ حظ ");
        assert_eq!(fill(&once), once);
    }

    #[test]
    fn a_settled_glyph_fills_a_word_the_lexicon_lacks() {
        let k = '\u{E011}';
        let text = format!("القوات العس{k}رية في موس{k}و و{k}ان {k}تب شو{k}زوف");
        assert_eq!(fill(&text), "القوات العسكرية في موسكو وكان كتب شوكزوف");
    }

    #[test]
    fn pdfminer_cids_are_glyphs_too() {
        let text = "قال الرئيس إن (cid:7)لحكومة ستعمل على (cid:7)لفور وأكد (cid:7)لتزامها";
        assert_eq!(
            fill(text),
            "قال الرئيس إن الحكومة ستعمل على الفور وأكد التزامها"
        );
    }

    #[test]
    fn a_placeholder_alone_is_a_one_glyph_word_among_arabic_words() {
        assert_eq!(
            fill("قال إنه \u{FFFD} يزال في المدينة"),
            "قال إنه لا يزال في المدينة"
        );
        assert_eq!(fill("say \u{FFFD} it"), "say \u{FFFD} it");
    }

    #[test]
    fn bullets_and_unsettled_glyphs_standing_alone_stay() {
        for text in [
            "\u{F0B7} وأعلنت الحكومة عن خطة جديدة",
            "\u{F0B7}وأعلنت الحكومة عن خطة جديدة",
            "\u{E123} وأعلنت الحكومة عن خطة جديدة",
        ] {
            assert_eq!(fill(text), text);
        }
    }

    #[test]
    fn text_without_placeholders_or_without_a_reading_is_left_alone() {
        assert!(!may_have_placeholders("قال الرئيس (انظر الصفحة 3)"));
        for text in [
            "\u{FFFD}\u{FFFD}",
            "abc\u{FFFD}def",
            "زززز\u{FFFD}ظظظ",
            "(cid:x)",
        ] {
            assert_eq!(fill(text), text);
        }
    }
}
