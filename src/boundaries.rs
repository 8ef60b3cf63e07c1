//! How likely a word is to end or to start a sentence (at its punctuation or a paragraph
//! edge): the boundary terms the bigram model leaves out. A line's runs put back in order
//! move words to and from such edges, and `في.` ends a sentence far less often than `الماضي.`.

use crate::lexicon::WordId;
use crate::tables::{u32_at, BOUNDARIES_MAGIC, COST_SCALE};
use once_cell::sync::Lazy;

static BOUNDARY_BYTES: &[u8] = crate::tables::embedded_table!("boundaries.bin");

static EMBEDDED: Lazy<Boundaries> =
    Lazy::new(|| Boundaries::from_bytes(BOUNDARY_BYTES).expect("embedded boundary table is valid"));

/// Per-word costs (`-ln p`) of ending and of starting a context; words outside the table
/// (rare or unknown) get the overall rates.
pub(crate) struct Boundaries {
    /// Pairs `(end, start)` of quantised costs, by word id.
    costs: &'static [u8],
    end: u8,
    start: u8,
}

impl Boundaries {
    pub(crate) fn embedded() -> &'static Boundaries {
        &EMBEDDED
    }

    fn from_bytes(bytes: &'static [u8]) -> Result<Boundaries, String> {
        let body = bytes
            .strip_prefix(BOUNDARIES_MAGIC.as_slice())
            .ok_or("boundaries.bin: bad magic")?;
        if body.len() < 6 {
            return Err("boundaries.bin: truncated header".into());
        }
        let n = u32_at(body, 0) as usize;
        let costs = &body[6..];
        if costs.len() != 2 * n {
            return Err(format!(
                "boundaries.bin: {} cost bytes for {n} words",
                costs.len()
            ));
        }
        Ok(Boundaries {
            costs,
            end: body[4],
            start: body[5],
        })
    }

    fn pair(&self, id: Option<WordId>) -> (u8, u8) {
        id.map(|id| 2 * id as usize)
            .filter(|&i| i < self.costs.len())
            .map_or((self.end, self.start), |i| {
                (self.costs[i], self.costs[i + 1])
            })
    }

    /// `-ln P(a context ends after the word)`.
    pub(crate) fn end_cost(&self, id: Option<WordId>) -> f32 {
        f32::from(self.pair(id).0) / COST_SCALE
    }

    /// `-ln P(another word of the context follows it)`, at most 5 (the quantised end
    /// cost of a word that nearly always ends one can round to 0).
    pub(crate) fn continue_cost(&self, id: Option<WordId>) -> f32 {
        (-(-(-self.end_cost(id)).exp()).ln_1p()).min(5.0)
    }

    /// How much more likely (as a cost difference) the word is to start a context than
    /// words overall: `-ln(P(start | word) / P(start))`.
    pub(crate) fn start_cost(&self, id: Option<WordId>) -> f32 {
        (f32::from(self.pair(id).1) - f32::from(self.start)) / COST_SCALE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    #[test]
    fn prepositions_rarely_end_a_sentence() {
        let (b, lex) = (Boundaries::embedded(), Lexicon::embedded());
        let end = |w| b.end_cost(lex.id(w));
        assert!(
            end("في") > end("الماضي") + 5.0,
            "{} {}",
            end("في"),
            end("الماضي")
        );
        assert!(b.start_cost(lex.id("وقال")) < 0.0);
        assert!(b.continue_cost(lex.id("في")) < 0.05);
    }
}
