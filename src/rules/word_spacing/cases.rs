//! The cases the word-spacing rule weighs: joining neighbours into one word, cutting a
//! word into known words, each with its gain in nats under the bigram model.

use super::{
    MIN_JOIN_COST, MIN_SPLIT_COST, MIN_STRONG, STRONG_GAIN, UNKNOWN_BASE_COST, UNKNOWN_LETTER_COST,
    WORDS_PER_STRONG,
};
use crate::joining::{joins_following, joins_preceding};
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::{Lexicon, WordId};
use crate::rules::readings::{As, Readings};
use crate::rules::Context;
use crate::simulate::damage;
use crate::token::{breaks_context, is_arabic_letter, lookup_form, Word};

/// A proposed change: join words `at..=end`, or cut word `at` (= `end`) at `cuts`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Case {
    pub at: usize,
    pub end: usize,
    /// Where word `at` is cut (bytes into it), empty for a join.
    pub cuts: Cuts,
    pub gain: f32,
    /// A join across a gap between letters that join: a kashida's, which its own kind of
    /// document shows (see [`Gap::Kashida`]).
    pub kashida: bool,
}

/// The gap after a word that may be a piece of a broken word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// One space after a letter that does not join forward: the gap such a letter leaves
    /// before the next one of its word, read as a space.
    Loose,
    /// A gap between letters that join: a kashida justification drew there, which some
    /// extractors write as a space or two (`المملك ة`, `العس  كرية`).
    Kashida,
}

/// Whether a document shows each kind of damage (see [`Scorer::open`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Gates {
    pub loose: bool,
    pub kashida: bool,
}

impl Gates {
    /// Whether the document shows either kind.
    pub(super) fn any(&self) -> bool {
        self.loose || self.kashida
    }

    /// Whether `case` is of a kind the document shows.
    pub(super) fn admit(&self, case: &Case) -> bool {
        if case.kashida {
            self.kashida
        } else {
            self.loose
        }
    }
}

/// The article and the proclitics before it: the lexicon lists them (web text has them
/// apart), but no word ends where they end.
const BOUND_PREFIXES: &[&str] = &["ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل"];

/// How many of a word's cuts the bigram model weighs, the likeliest by unigram frequency.
const MAX_SPLITS_WEIGHED: usize = 2;

/// A one-letter word cut short is cut from the word glued to it only if what it stands
/// for is this common (nats of unigram cost; في costs 3.5, لكي 8.6).
const MAX_HEAD_COST: f32 = 6.0;

/// The most pieces one word can have been broken into that a join puts together.
const MAX_PIECES: usize = 4;

/// Scores joins and cuts of a text's words with the bigram model.
pub(super) struct Scorer<'a, 't> {
    text: &'t str,
    ws: &'a [Word<'t>],
    cx: &'a Context<'a>,
    /// Each word's lexicon id.
    ids: Vec<Option<WordId>>,
    /// Whether a context break (sentence punctuation, a blank line) precedes each word.
    breaks_before: Vec<bool>,
}

impl<'a, 't> Scorer<'a, 't> {
    pub(super) fn new(text: &'t str, ws: &'a [Word<'t>], cx: &'a Context<'a>) -> Scorer<'a, 't> {
        let ids = ws.iter().map(|w| cx.lexicon.id(&w.key())).collect();
        let breaks_before = (0..ws.len())
            .map(|i| i == 0 || breaks_context(&text[ws[i - 1].span().end..ws[i].offset]))
            .collect();
        Scorer {
            text,
            ws,
            cx,
            ids,
            breaks_before,
        }
    }

    /// Every join and cut worth weighing, read plainly (each word as itself).
    pub(super) fn cases(&self) -> Vec<Case> {
        let mut cases = Vec::new();
        for i in 0..self.ws.len() {
            self.joins(i, &mut cases);
            cases.extend(self.split(i));
        }
        cases
    }

    /// Whether `cases` show spacing damage, of each kind: enough distinct strong cases,
    /// for the text's length. Gaps between joined letters are counted apart: a document
    /// whose extractor reads loose gaps as spaces need not break words at kashidas.
    pub(super) fn open(&self, cases: &[Case]) -> Gates {
        let shows = |kashida: bool| {
            let of_kind: Vec<Case> = cases
                .iter()
                .filter(|c| c.kashida == kashida)
                .copied()
                .collect();
            let strong = self.strong_cases(&of_kind);
            strong >= MIN_STRONG && strong * WORDS_PER_STRONG >= self.ws.len()
        };
        Gates {
            loose: shows(false),
            kashida: shows(true),
        }
    }

    /// The distinct strong cases among `cases`, a lone و joined to its word aside: some
    /// writers set و apart throughout, and a name repeated through a text is one case.
    ///
    /// Cases are told apart by their text as the profile would damage it, so that a piece
    /// the letter rule restored (الر → الكر, of الروسي split) is the same case again.
    pub(super) fn strong_cases(&self, cases: &[Case]) -> usize {
        let mut seen = std::collections::HashSet::new();
        cases
            .iter()
            .filter(|c| c.gain >= STRONG_GAIN)
            .filter(|c| !c.cuts.is_empty() || self.ws[c.at].text != "و")
            .filter(|c| {
                let text = &self.text[self.ws[c.at].offset..self.ws[c.end].span().end];
                seen.insert(damage(&lookup_form(text), self.cx.profile).into_owned())
            })
            .count()
    }

    /// The cost of word `id` after `prev` (None: a context break or an unknown word).
    fn step(&self, prev: Option<WordId>, id: Option<WordId>) -> f32 {
        self.cx.model.cost(self.cx.lexicon, prev, id)
    }

    /// The word before `i` as context, None after a break.
    fn before(&self, i: usize) -> Option<WordId> {
        if self.breaks_before[i] {
            None
        } else {
            self.ids[i - 1]
        }
    }

    /// The cost of the word after `last` following `id`, 0 after a break or at the end.
    fn onward(&self, last: usize, id: Option<WordId>) -> f32 {
        match self.ids.get(last + 1) {
            Some(&next) if !self.breaks_before[last + 1] => self.step(id, next),
            _ => 0.0,
        }
    }

    fn own_cost(&self, i: usize) -> f32 {
        self.ids[i].map_or(UNKNOWN_WORD_COST, |id| self.cx.lexicon.cost(id))
    }

    /// The gap after word `i`, if the word may be a piece of a word broken there: it ends
    /// in a letter that does not join forward (so joining changes no form; ة only ends a
    /// word) and one space follows it on the same line, as an extractor writes it; or it
    /// ends in a letter that joins the next word's first, and a space or more follow.
    fn gap_after(&self, i: usize) -> Option<Gap> {
        let w = self.ws[i];
        let next = self.ws.get(i + 1)?;
        let gap = &self.text[w.span().end..next.offset];
        let last = w.text.chars().rev().find(|&c| is_arabic_letter(c))?;
        if !joins_following(last) {
            (last != 'ة' && gap == " ").then_some(Gap::Loose)
        } else {
            (!gap.is_empty()
                && gap.bytes().all(|b| b == b' ')
                && next.text.chars().next().is_some_and(joins_preceding))
            .then_some(Gap::Kashida)
        }
    }

    /// The kind of gap that words `i..=end` may be pieces of one word across: a loose gap
    /// after each but the last, or, for two pieces only, a kashida's (justification
    /// stretches a word once).
    fn join_gap(&self, i: usize, end: usize) -> Option<Gap> {
        let first = self.gap_after(i)?;
        if end == i + 1 {
            return Some(first);
        }
        (first == Gap::Loose && self.gap_after(end - 1) == Some(Gap::Loose)).then_some(Gap::Loose)
    }

    /// Joining word `i` to the one to three words after it, into `cases`.
    fn joins(&self, i: usize, cases: &mut Vec<Case>) {
        // A lone و is the proclitic rule's in text read in visual order.
        if self.gap_after(i).is_none() || (self.ws[i].text == "و" && self.cx.visual_order) {
            return;
        }
        let mut rare = self.own_cost(i) >= MIN_JOIN_COST || self.ws[i].text == "و";
        let mut joined = String::new();
        for end in i + 1..(i + MAX_PIECES).min(self.ws.len()) {
            let Some(gap) = self.join_gap(i, end) else {
                return;
            };
            let kashida = gap == Gap::Kashida;
            rare |= self.own_cost(end) >= MIN_JOIN_COST;
            if !rare {
                continue;
            }
            if joined.is_empty() {
                (i..end).for_each(|k| joined.push_str(&self.ws[k].key()));
            }
            joined.push_str(&self.ws[end].key());
            // Costs only for a join that makes a word: most make none.
            let Some(id) = self.cx.lexicon.id(&joined) else {
                continue;
            };
            let prev = self.before(i);
            let mut apart = self.step(prev, self.ids[i]) + self.onward(end, self.ids[end]);
            for k in i + 1..=end {
                apart += self.step(self.ids[k - 1], self.ids[k]);
            }
            let together = self.step(prev, Some(id)) + self.onward(end, Some(id));
            cases.push(Case {
                at: i,
                end,
                cuts: Cuts::default(),
                gain: apart - together,
                kashida,
            });
        }
    }

    /// Joins of word `i` to the words after it whose joined form the lexicon lacks but
    /// the damage profile restores, into `cases` (their gain is set by [`Self::rescore`]).
    pub(super) fn damaged_joins(&self, i: usize, r: &mut Readings<'_>, cases: &mut Vec<Case>) {
        let mut joined = String::from(self.ws[i].key());
        let mut rare = self.own_cost(i) >= MIN_JOIN_COST;
        for end in i + 1..(i + MAX_PIECES).min(self.ws.len()) {
            let Some(gap) = self.join_gap(i, end) else {
                return;
            };
            let kashida = gap == Gap::Kashida;
            joined.push_str(&self.ws[end].key());
            rare |= self.own_cost(end) >= MIN_JOIN_COST;
            if rare && self.cx.lexicon.id(&joined).is_none() && r.of(&joined).ids.len() > 1 {
                cases.push(Case {
                    at: i,
                    end,
                    cuts: Cuts::default(),
                    gain: 0.0,
                    kashida,
                });
            }
        }
    }

    /// The cut of word `i` after its first letter, where that letter alone is a word the
    /// profile cut short (ف for في) and the rest is a word: glued after the damage, as an
    /// extractor glues what it draws (its gain is set by [`Self::rescore`]).
    pub(super) fn damaged_head(&self, i: usize, r: &mut Readings<'_>) -> Option<Case> {
        let w = self.ws[i];
        let key = w.key();
        let first = key.chars().next()?;
        let (head, rest) = key.split_at(first.len_utf8());
        if rest.chars().count() < 2 {
            return None;
        }
        // Only a common word cut short (في, من) is likelier than the proclitic (ب ل ف ك)
        // that the letter usually is.
        let lex = self.cx.lexicon;
        let common = r.of(head).ids[1..]
            .iter()
            .any(|id| id.is_some_and(|id| lex.cost(id) <= MAX_HEAD_COST));
        if !common {
            return None;
        }
        if self.cx.lexicon.id(rest).is_none() && r.of(rest).ids.len() < 2 {
            return None;
        }
        // The cut goes before the second letter as the text has it (marks stay behind).
        let cut = w
            .text
            .char_indices()
            .filter(|&(_, c)| is_arabic_letter(c))
            .nth(1)
            .map(|(k, _)| k)?;
        Some(Case {
            at: i,
            end: i,
            cuts: Cuts::new(&[cut]),
            gain: 0.0,
            kashida: false,
        })
    }

    /// The gain of `c` with every word read as any of its readings under the profile.
    pub(super) fn rescore(&self, c: &Case, r: &mut Readings<'_>) -> f32 {
        let set = |r: &mut Readings<'_>, key: &str| r.set(key, As::Any);
        let prev = (!self.breaks_before[c.at]).then(|| set(r, &self.ws[c.at - 1].key()));
        let next = self
            .ws
            .get(c.end + 1)
            .filter(|_| !self.breaks_before[c.end + 1])
            .map(|w| set(r, &w.key()));
        let as_is: Vec<Vec<Option<WordId>>> =
            (c.at..=c.end).map(|k| set(r, &self.ws[k].key())).collect();
        let w = self.ws[c.at];
        let new: Vec<Vec<Option<WordId>>> = if c.cuts.is_empty() {
            let joined: String = (c.at..=c.end).map(|k| self.ws[k].key()).collect();
            vec![set(r, &joined)]
        } else {
            let cuts = c.cuts.as_slice();
            let starts = std::iter::once(0).chain(cuts.iter().copied());
            let ends = cuts.iter().copied().chain([w.text.len()]);
            (starts.zip(ends))
                .map(|(a, b)| set(r, &lookup_form(&w.text[a..b])))
                .collect()
        };
        let (prev, next) = (prev.as_deref(), next.as_deref());
        let mut kept = self.path(prev, &as_is, next);
        if !c.cuts.is_empty() && as_is[0].contains(&None) {
            // The word read as an unknown word is charged by its length, as in
            // [`Self::split`]; read as a restoration, as the restoration.
            let n = lookup_form(w.text).chars().count() as f32;
            let longer = (UNKNOWN_BASE_COST + UNKNOWN_LETTER_COST * n - UNKNOWN_WORD_COST).max(0.0);
            let restorations: Vec<Option<WordId>> =
                as_is[0].iter().copied().filter(Option::is_some).collect();
            let unknown = self.path(prev, &[vec![None]], next) + longer;
            kept = if restorations.is_empty() {
                unknown
            } else {
                unknown.min(self.path(prev, &[restorations], next))
            };
        }
        kept - self.path(prev, &new, next)
    }

    /// The cost of the cheapest reading of `pieces` between `prev` and `next` (None: a
    /// context break or the text's edge), each a set of readings.
    fn path(
        &self,
        prev: Option<&[Option<WordId>]>,
        pieces: &[Vec<Option<WordId>>],
        next: Option<&[Option<WordId>]>,
    ) -> f32 {
        let (lm, lex) = (self.cx.model, self.cx.lexicon);
        let mut cost: Vec<f32> = pieces[0]
            .iter()
            .map(|&x| match prev {
                Some(p) => p
                    .iter()
                    .map(|&a| lm.cost(lex, a, x))
                    .fold(f32::INFINITY, f32::min),
                None => lm.cost(lex, None, x),
            })
            .collect();
        let mut last = &pieces[0];
        for set in pieces[1..].iter().chain(next.map(|n| n.to_vec()).as_ref()) {
            cost = set
                .iter()
                .map(|&y| {
                    last.iter()
                        .zip(&cost)
                        .map(|(&x, &c)| c + lm.cost(lex, x, y))
                        .fold(f32::INFINITY, f32::min)
                })
                .collect();
            last = set;
        }
        cost.into_iter().fold(f32::INFINITY, f32::min)
    }

    /// The best cut of word `i` into known words, if there is a case to weigh.
    fn split(&self, i: usize) -> Option<Case> {
        let w = self.ws[i];
        if w.text.len() < 8 || self.own_cost(i) < MIN_SPLIT_COST {
            return None;
        }
        // Pieces are looked up in lookup form; a cut goes into the text before the letter
        // that opens the next piece, so that marks stay with the letter they follow.
        let key = w.key();
        let mut bounds: Vec<usize> = key.char_indices().map(|(k, _)| k).collect();
        let n = bounds.len();
        bounds.push(key.len());
        let letters_at: Vec<usize> = w
            .text
            .char_indices()
            .filter(|&(_, c)| is_arabic_letter(c))
            .map(|(k, _)| k)
            .collect();
        if letters_at.len() != n {
            // Presentation forms, folded into other letters: leave such a word be.
            return None;
        }
        let text_cut = |k: usize| letters_at[k];
        let w = Word {
            text: &key,
            offset: w.offset,
        };
        let lex = self.cx.lexicon;
        // Every piece has two letters or more: a one-letter word is a proclitic, which
        // Arabic writes joined.
        let last_cut = n.saturating_sub(2);
        let mut heads = known_prefixes(lex, w.text, &bounds, 0, 2, last_cut);
        // The article with its proclitics is bound to its word, never a word of its own.
        heads.retain(|&(k, _)| !BOUND_PREFIXES.contains(&&w.text[..bounds[k]]));
        if heads.is_empty() {
            return None;
        }
        let tail = |k: usize| lex.id(&w.text[bounds[k]..]);
        // Two pieces, the likeliest few by their words' frequencies; failing any, the
        // likeliest cut into more.
        let mut splits: Vec<(Vec<WordId>, Vec<usize>)> = Vec::new();
        for &(h, head) in &heads {
            if let Some(t) = tail(h) {
                splits.push((vec![head, t], vec![h]));
            }
        }
        let unigrams = |ids: &[WordId]| ids.iter().map(|&id| lex.cost(id)).sum::<f32>();
        splits.sort_by(|a, b| unigrams(&a.0).total_cmp(&unigrams(&b.0)));
        splits.truncate(MAX_SPLITS_WEIGHED);
        if splits.is_empty() {
            splits.extend(segment(lex, w.text, &bounds));
        }
        if splits.is_empty() {
            return None;
        }
        let prev = self.before(i);
        let mut whole = self.step(prev, self.ids[i]) + self.onward(i, self.ids[i]);
        if self.ids[i].is_none() {
            // What the model charges any unknown word is too little for a long one: each
            // letter of it is a guess.
            whole +=
                (UNKNOWN_BASE_COST + UNKNOWN_LETTER_COST * n as f32 - UNKNOWN_WORD_COST).max(0.0);
        }
        splits
            .into_iter()
            .map(|(pieces, cuts)| {
                let mut apart = self.step(prev, Some(pieces[0]));
                for pair in pieces.windows(2) {
                    apart += self.step(Some(pair[0]), Some(pair[1]));
                }
                apart += self.onward(i, pieces.last().copied());
                let at: Vec<usize> = cuts.iter().map(|&k| text_cut(k)).collect();
                Case {
                    at: i,
                    end: i,
                    cuts: Cuts::new(&at),
                    gain: whole - apart,
                    kashida: false,
                }
            })
            .max_by(|a, b| a.gain.total_cmp(&b.gain))
    }
}

/// The cut of `word` (letters starting at `bounds`) into known words of two letters or
/// more, none of them a bound prefix, with the fewest nats of unigram cost; at most
/// [`MAX_CUTS`] cuts. The pieces' ids and where each piece after the first starts.
fn segment(lex: &Lexicon, word: &str, bounds: &[usize]) -> Option<(Vec<WordId>, Vec<usize>)> {
    let n = bounds.len() - 1;
    // Every known piece, by where it ends: (start, id).
    let mut by_end: Vec<Vec<(usize, WordId)>> = vec![Vec::new(); n + 1];
    for start in 0..n.saturating_sub(1) {
        for (end, id) in known_prefixes(lex, word, bounds, start, start + 2, n) {
            let piece = &word[bounds[start]..bounds[end]];
            if (start, end) != (0, n) && !BOUND_PREFIXES.contains(&piece) {
                by_end[end].push((start, id));
            }
        }
    }
    // The cheapest way to each letter: (cost, where its last piece starts, that piece).
    let mut best: Vec<(f32, usize, WordId)> = vec![(f32::INFINITY, 0, 0); n + 1];
    best[0].0 = 0.0;
    for end in 1..=n {
        for &(start, id) in &by_end[end] {
            let cost = best[start].0 + lex.cost(id);
            if cost < best[end].0 {
                best[end] = (cost, start, id);
            }
        }
    }
    if best[n].0.is_infinite() {
        return None;
    }
    let (mut pieces, mut cuts) = (Vec::new(), Vec::new());
    let mut end = n;
    while end > 0 {
        let (_, start, id) = best[end];
        pieces.push(id);
        if start > 0 {
            cuts.push(start);
        }
        end = start;
    }
    if cuts.len() > MAX_CUTS {
        return None;
    }
    pieces.reverse();
    cuts.reverse();
    Some((pieces, cuts))
}

/// The most cuts one word gets: eight glued words.
const MAX_CUTS: usize = 7;

/// Where a word is cut, in bytes into it: up to [`MAX_CUTS`], in order.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Cuts {
    at: [usize; MAX_CUTS],
    len: usize,
}

impl Cuts {
    fn new(cuts: &[usize]) -> Cuts {
        let mut c = Cuts {
            len: cuts.len().min(MAX_CUTS),
            ..Cuts::default()
        };
        c.at[..c.len].copy_from_slice(&cuts[..c.len]);
        c
    }

    pub(super) fn as_slice(&self) -> &[usize] {
        &self.at[..self.len]
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The known words that start at `bounds[from]` in `word` and end at `bounds[k]` for
/// `k` in `min..=max`, with their ids: one walk down the lexicon automaton.
fn known_prefixes(
    lex: &Lexicon,
    word: &str,
    bounds: &[usize],
    from: usize,
    min: usize,
    max: usize,
) -> Vec<(usize, WordId)> {
    let fst = lex.fst();
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    let mut found = Vec::new();
    let mut k = from;
    for (i, &b) in word.as_bytes().iter().enumerate().skip(bounds[from]) {
        let Some(t) = node.find_input(b) else {
            break;
        };
        let t = node.transition(t);
        out = out.cat(t.out);
        node = fst.node(t.addr);
        if i + 1 == bounds[k + 1] {
            k += 1;
            if k > max {
                break;
            }
            if k >= min && node.is_final() {
                found.push((k, out.cat(node.final_output()).value() as WordId));
            }
        }
    }
    found
}
