//! The word bigram model: Witten-Bell interpolation of corpus bigram counts with the
//! lexicon's unigram frequencies, reweighted by how the context shifts the odds of each
//! word class ([`crate::word_class`]).

use crate::lexicon::{Lexicon, WordId};
use crate::tables::{dequantise_count, u32_at, BIGRAMS_MAGIC, COUNT_BITS};
use crate::word_class::{ClassOdds, WordClasses};
use once_cell::sync::Lazy;

static BIGRAM_BYTES: &[u8] = crate::tables::embedded_table!("bigrams.bin");

static EMBEDDED: Lazy<BigramModel> = Lazy::new(|| {
    BigramModel::from_bytes(BIGRAM_BYTES, WordClasses::embedded())
        .expect("embedded bigram table is valid")
});

/// Cost (`-ln p`) of a word the lexicon does not know: above the rarest word it lists
/// (wordfreq's floor, 1.0e-8, costs 18.4). The lexicon holds 600k forms, so one
/// particular string outside it is less likely than any of them. At 17, a damaged token
/// outside the lexicon beat its rare restoration (بريسيت over بريكسيت, 2.4e-8): on the
/// tuning slice, 19 restored 95.81% instead of 95.45% (sample profile) and 96.36%
/// instead of 95.25% (medial ك), with false edits up by at most 0.002 points.
pub const UNKNOWN_WORD_COST: f32 = 19.0;

/// Word bigram counts from the news corpora (evaluation split excluded).
///
/// ```
/// use tarmim::{language_model::BigramModel, lexicon::Lexicon};
/// let (lm, lex) = (BigramModel::embedded(), Lexicon::embedded());
/// let id = |w| lex.id(w);
/// // "وقف إطلاق النار": the seen continuation is far cheaper than an unseen one.
/// assert!(lm.cost(lex, id("إطلاق"), id("النار")) < lm.cost(lex, id("إطلاق"), id("الماضي")));
/// ```
pub struct BigramModel {
    rows: usize,
    offsets: &'static [u8],
    totals: &'static [u8],
    followers: &'static [u8],
    entries: &'static [u8],
    /// Every quantised count dequantised, so that a lookup costs no `exp` (16 KB).
    counts: Box<[f32]>,
    classes: &'static WordClasses,
}

/// A left context looked up once for all the words that may follow it: the decoder
/// scores every choice at one position against every choice at the next.
#[derive(Clone, Copy)]
pub(crate) struct After<'m> {
    /// The context's row of packed entries, sorted; `None` when the model falls back to
    /// the unigram cost (unknown word, no row, or a row never followed by anything).
    row: Option<Row<'m>>,
    counts: &'m [f32],
    /// How the context shifts the odds of the classes after it; `None` for an unknown word.
    odds: Option<ClassOdds<'m>>,
}

#[derive(Clone, Copy)]
struct Row<'m> {
    entries: &'m [u8],
    total: f32,
    types: f32,
}

impl BigramModel {
    /// The model compiled into the crate. Loading is zero-copy.
    pub fn embedded() -> &'static BigramModel {
        &EMBEDDED
    }

    /// A model over a table in memory (as the builder writes it), backing off through
    /// `classes` (built over the same lexicon).
    pub fn from_bytes(
        bytes: &'static [u8],
        classes: &'static WordClasses,
    ) -> Result<BigramModel, String> {
        let body = bytes
            .strip_prefix(BIGRAMS_MAGIC.as_slice())
            .ok_or("bigrams.bin: bad magic")?;
        if body.len() < 8 {
            return Err("bigrams.bin: truncated header".into());
        }
        let rows = u32_at(body, 0) as usize;
        let entries = u32_at(body, 1) as usize;
        let body = &body[8..];
        let need = 4 * ((rows + 1) + rows + rows + entries);
        if body.len() != need {
            return Err(format!(
                "bigrams.bin: {} bytes, expected {need}",
                body.len()
            ));
        }
        let (offsets, rest) = body.split_at(4 * (rows + 1));
        let (totals, rest) = rest.split_at(4 * rows);
        let (followers, entries) = rest.split_at(4 * rows);
        let counts = (0..1 << COUNT_BITS).map(dequantise_count).collect();
        Ok(BigramModel {
            rows,
            offsets,
            totals,
            followers,
            entries,
            counts,
            classes,
        })
    }

    /// How often the pair `prev next` was seen (quantised), 0 if never.
    pub fn count(&self, prev: WordId, next: WordId) -> f32 {
        let prev = prev as usize;
        if prev >= self.rows {
            return 0.0;
        }
        let q = find(self.row_entries(prev), next).unwrap_or(0);
        self.counts[q as usize]
    }

    /// The packed entries of row `prev` (which must be below `rows`).
    fn row_entries(&self, prev: usize) -> &[u8] {
        let start = u32_at(self.offsets, prev) as usize;
        let end = u32_at(self.offsets, prev + 1) as usize;
        &self.entries[4 * start..4 * end]
    }

    /// The context `prev` (None: unknown word), for scoring what may follow it.
    pub(crate) fn after(&self, prev: Option<WordId>) -> After<'_> {
        let row = prev
            .map(|p| p as usize)
            .filter(|&p| p < self.rows)
            .and_then(|p| {
                let total = u32_at(self.totals, p) as f32;
                let types = u32_at(self.followers, p) as f32;
                (total != 0.0).then(|| Row {
                    entries: self.row_entries(p),
                    total,
                    types,
                })
            });
        After {
            row,
            counts: &self.counts,
            odds: prev.map(|p| self.classes.after(p)),
        }
    }

    /// Cost `-ln P(next | prev)`; either word may be unknown (`None`).
    ///
    /// Witten-Bell: `P = (c(prev,next) + T(prev) Q(next)) / (c(prev) + T(prev))`, where
    /// `T(prev)` is the number of distinct words seen after `prev`, and the backoff `Q` is
    /// the unigram `P(next)` times the class ratio `P(class(next) | prev) / P(class(next))`.
    pub fn cost(&self, lex: &Lexicon, prev: Option<WordId>, next: Option<WordId>) -> f32 {
        self.after(prev).cost(lex, next)
    }
}

impl After<'_> {
    /// Cost `-ln P(next | context)`, exactly as [`BigramModel::cost`] defines it.
    #[inline]
    pub(crate) fn cost(&self, lex: &Lexicon, next: Option<WordId>) -> f32 {
        let mut cost = 0.0;
        self.costs(lex, &[next], |_, c| cost = c);
        cost
    }

    /// The cost of each of `nexts` after this context, passed to `emit` with its index:
    /// the same figures as [`After::cost`].
    ///
    /// The row is searched for all of them at once, step by step: each step of a binary
    /// search waits on a load from a table too large for the nearer caches, and the
    /// searches' loads then wait together rather than one after another.
    pub(crate) fn costs(
        &self,
        lex: &Lexicon,
        nexts: &[Option<WordId>],
        mut emit: impl FnMut(usize, f32),
    ) {
        let Some(row) = self.row else {
            for (j, &next) in nexts.iter().enumerate() {
                let cost = match (next, self.odds) {
                    (None, _) => UNKNOWN_WORD_COST,
                    (Some(id), None) => lex.cost(id),
                    (Some(id), Some(odds)) => lex.cost(id) - odds.ratio(id).ln(),
                };
                emit(j, cost);
            }
            return;
        };
        let odds = self.odds.expect("a context with a row is a known word");
        for (chunk_no, chunk) in nexts.chunks(LANES).enumerate() {
            let emit = |j: usize, cost: f32| emit(chunk_no * LANES + j, cost);
            // As many lanes as there are searches, rounded up to a power of two.
            match chunk.len() {
                1 => row.costs::<1>(lex, (self.counts, odds), chunk, emit),
                2 => row.costs::<2>(lex, (self.counts, odds), chunk, emit),
                3 | 4 => row.costs::<4>(lex, (self.counts, odds), chunk, emit),
                _ => row.costs::<LANES>(lex, (self.counts, odds), chunk, emit),
            }
        }
    }
}

impl Row<'_> {
    /// [`After::costs`] for at most `N` words, searched side by side.
    #[inline]
    fn costs<const N: usize>(
        &self,
        lex: &Lexicon,
        (counts, odds): (&[f32], ClassOdds<'_>),
        nexts: &[Option<WordId>],
        mut emit: impl FnMut(usize, f32),
    ) {
        let mut keys = [0; N];
        for (key, next) in keys.iter_mut().zip(nexts) {
            *key = next.and_then(search_key).unwrap_or(0);
        }
        let found = last_at_most(self.entries, &keys);
        for (j, &next) in nexts.iter().enumerate() {
            let cost = match next {
                // Unseen after this context like any word it never preceded: `T P(unknown)
                // / (c + T)`. Without the backoff factor an unknown token would be cheaper
                // after a frequent word than a rare known one (ناغورن over ناغورني).
                None => UNKNOWN_WORD_COST - (self.types / (self.total + self.types)).ln(),
                Some(id) => {
                    let q = found[j]
                        .map(|at| u32_at(self.entries, at))
                        .filter(|e| e >> COUNT_BITS == id)
                        .map_or(0, |e| e & COUNT_MASK);
                    self.cost(counts[q as usize], lex.probability(id) * odds.ratio(id))
                }
            };
            emit(j, cost);
        }
    }

    /// Witten-Bell, given the pair's count `c` and the backoff probability `q`.
    #[inline]
    fn cost(&self, c: f32, q: f32) -> f32 {
        let p = (c + self.types * q) / (self.total + self.types);
        -p.ln()
    }
}

const COUNT_MASK: u32 = (1 << COUNT_BITS) - 1;

/// Searches run side by side (a position rarely has more choices).
const LANES: usize = 8;

/// The largest packed entry `next` can have, if its id fits an entry.
#[inline]
fn search_key(next: WordId) -> Option<u32> {
    (next < 1 << (32 - COUNT_BITS)).then_some(next << COUNT_BITS | COUNT_MASK)
}

/// The quantised count stored for `next` in a row of packed entries, if any.
fn find(row: &[u8], next: WordId) -> Option<u32> {
    let at = last_at_most(row, &[search_key(next)?])[0]?;
    let e = u32_at(row, at);
    (e >> COUNT_BITS == next).then_some(e & COUNT_MASK)
}

/// For each key, the index of the last entry of `row` (sorted packed entries) at most
/// that key, if any.
///
/// Entries are sorted by id, so as integers too. The searches run side by side, so that
/// their loads from a table too large for the nearer caches overlap. (Branch-free
/// variants measured slower: a predicted branch lets the processor load ahead.)
#[inline]
fn last_at_most<const N: usize>(row: &[u8], keys: &[u32; N]) -> [Option<usize>; N] {
    let mut size = row.len() / 4;
    if size == 0 {
        return [None; N];
    }
    let mut base = [0; N];
    while size > 1 {
        let half = size / 2;
        for (b, &key) in base.iter_mut().zip(keys) {
            if u32_at(row, *b + half) <= key {
                *b += half;
            }
        }
        size -= half;
    }
    let mut out = [None; N];
    for ((o, &b), &key) in out.iter_mut().zip(&base).zip(keys) {
        *o = (u32_at(row, b) <= key).then_some(b);
    }
    out
}
