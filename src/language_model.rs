//! The word bigram model: Witten-Bell interpolation of corpus bigram counts with the
//! lexicon's unigram frequencies.

use crate::lexicon::{Lexicon, WordId};
use crate::tables::{dequantise_count, u32_at, BIGRAMS_MAGIC, COUNT_BITS};
use once_cell::sync::Lazy;

static BIGRAM_BYTES: &[u8] = include_bytes!("../data/bigrams.bin");

static EMBEDDED: Lazy<BigramModel> =
    Lazy::new(|| BigramModel::from_bytes(BIGRAM_BYTES).expect("embedded bigram table is valid"));

/// Cost (`-ln p`) of a word the lexicon does not know.
pub const UNKNOWN_WORD_COST: f32 = 17.0;

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
}

impl BigramModel {
    /// The model compiled into the crate. Loading is zero-copy.
    pub fn embedded() -> &'static BigramModel {
        &EMBEDDED
    }

    /// A model over a table in memory (as the builder writes it).
    pub fn from_bytes(bytes: &'static [u8]) -> Result<BigramModel, String> {
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
        Ok(BigramModel {
            rows,
            offsets,
            totals,
            followers,
            entries,
        })
    }

    /// How often the pair `prev next` was seen (quantised), 0 if never.
    pub fn count(&self, prev: WordId, next: WordId) -> f32 {
        let prev = prev as usize;
        if prev >= self.rows {
            return 0.0;
        }
        let (mut lo, mut hi) = (
            u32_at(self.offsets, prev) as usize,
            u32_at(self.offsets, prev + 1) as usize,
        );
        while lo < hi {
            let mid = (lo + hi) / 2;
            let e = u32_at(self.entries, mid);
            let id = e >> COUNT_BITS;
            if id == next {
                return dequantise_count(e & ((1 << COUNT_BITS) - 1));
            }
            if id < next {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        0.0
    }

    /// Cost `-ln P(next | prev)`; either word may be unknown (`None`).
    ///
    /// Witten-Bell: `P = (c(prev,next) + T(prev) P(next)) / (c(prev) + T(prev))`, where
    /// `T(prev)` is the number of distinct words seen after `prev`.
    pub fn cost(&self, lex: &Lexicon, prev: Option<WordId>, next: Option<WordId>) -> f32 {
        let Some(next) = next else {
            // Unseen after `prev` like any word it never preceded: `T(prev) P(unknown) /
            // (c(prev) + T(prev))`. Without the backoff factor an unknown token would be
            // cheaper after a frequent word than a rare known one (ناغورن over ناغورني).
            if let Some(prev) = prev.filter(|&p| (p as usize) < self.rows) {
                let total = u32_at(self.totals, prev as usize) as f32;
                let types = u32_at(self.followers, prev as usize) as f32;
                if total > 0.0 {
                    return UNKNOWN_WORD_COST - (types / (total + types)).ln();
                }
            }
            return UNKNOWN_WORD_COST;
        };
        let unigram = lex.cost(next);
        let Some(prev) = prev.filter(|&p| (p as usize) < self.rows) else {
            return unigram;
        };
        let total = u32_at(self.totals, prev as usize) as f32;
        let types = u32_at(self.followers, prev as usize) as f32;
        if total == 0.0 {
            return unigram;
        }
        let p_uni = (-unigram).exp();
        let c = self.count(prev, next);
        let p = (c + types * p_uni) / (total + types);
        -p.ln()
    }
}
