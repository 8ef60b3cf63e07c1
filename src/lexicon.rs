//! The embedded Arabic lexicon: about 650k word forms with quantised frequencies.
//!
//! Built by `tools/build-tables` from wordfreq (CC-BY-SA 4.0) and the ANT news corpora;
//! stored as an `fst` map (compact, zero-copy, and walkable letter by letter, which the
//! candidate generator needs) plus one cost byte per word.

use crate::tables::{COST_SCALE, WORDS_MAGIC};
use crate::word_map::WordMap;
use fst::Streamer;
use once_cell::sync::{Lazy, OnceCell};

/// A word's index in the lexicon. Smaller ids are more frequent in the training corpora.
pub type WordId = u32;

static FST_BYTES: &[u8] = crate::tables::embedded_table!("lexicon.fst");
static WORDS_BYTES: &[u8] = crate::tables::embedded_table!("words.bin");

static EMBEDDED: Lazy<Lexicon> = Lazy::new(|| {
    Lexicon::from_bytes(FST_BYTES, WORDS_BYTES).expect("embedded lexicon tables are valid")
});

/// The unigram cost (`-ln p`, frequency about 8e-7) up to which a word counts as common,
/// where the rules that read extractors' junk ask whether removing or replacing a
/// character leaves real words: the lexicon also lists damaged and misspelt forms (الحومة,
/// عل), at the rarest frequencies.
pub(crate) const COMMON_WORD_COST: f32 = 14.0;

/// The word list with frequencies.
///
/// ```
/// let lex = tarmim::lexicon::Lexicon::embedded();
/// let fi = lex.id("في").unwrap();
/// assert!(lex.cost(fi) < lex.cost(lex.id("ف").unwrap()));
/// assert!(lex.id("xyz").is_none());
/// ```
pub struct Lexicon {
    map: fst::Map<&'static [u8]>,
    costs: &'static [u8],
    /// `exp(-cost)` for every cost byte, so that the bigram model needs no `exp` per word.
    probabilities: [f32; 256],
    /// The most frequent words' ids by hash, once [`Lexicon::index_frequent_words`] has
    /// run: a large input looks up tens of thousands of distinct words, and a walk of the
    /// automaton costs several hundred nanoseconds (cache misses over 6 MB).
    frequent: OnceCell<WordMap<Box<str>, WordId>>,
}

/// Words with smaller ids than this are indexed by [`Lexicon::index_frequent_words`]:
/// about four in five of the distinct words of a news text.
const FREQUENT_WORDS: WordId = 1 << 17;

impl Lexicon {
    /// The lexicon compiled into the crate. Loading is zero-copy.
    pub fn embedded() -> &'static Lexicon {
        &EMBEDDED
    }

    /// A lexicon over tables in memory (as the builder writes them).
    pub fn from_bytes(fst_bytes: &'static [u8], words: &'static [u8]) -> Result<Lexicon, String> {
        let map = fst::Map::new(fst_bytes).map_err(|e| format!("lexicon.fst: {e}"))?;
        let costs = words
            .strip_prefix(WORDS_MAGIC.as_slice())
            .ok_or("words.bin: bad magic")?;
        if costs.len() != map.len() {
            return Err(format!(
                "words.bin has {} costs for {} words",
                costs.len(),
                map.len()
            ));
        }
        let mut probabilities = [0.0; 256];
        for (byte, p) in probabilities.iter_mut().enumerate() {
            *p = (-cost_of_byte(byte as u8)).exp();
        }
        Ok(Lexicon {
            map,
            costs,
            probabilities,
            frequent: OnceCell::new(),
        })
    }

    /// The id of `word` (in lookup form), if known.
    #[inline]
    pub fn id(&self, word: &str) -> Option<WordId> {
        if let Some(&id) = self.frequent.get().and_then(|f| f.get(word)) {
            return Some(id);
        }
        self.map.get(word).map(|v| v as WordId)
    }

    /// Indexes the most frequent words by hash, so that [`Lexicon::id`] finds them without
    /// walking the automaton: worth it for large inputs only, as it takes one pass over the
    /// whole lexicon (tens of milliseconds) and a few megabytes. Idempotent.
    pub(crate) fn index_frequent_words(&self) {
        self.frequent.get_or_init(|| {
            let mut ids = WordMap::default();
            let mut stream = self.map.stream();
            while let Some((key, id)) = stream.next() {
                let id = id as WordId;
                if id < FREQUENT_WORDS {
                    if let Ok(word) = std::str::from_utf8(key) {
                        ids.insert(word.into(), id);
                    }
                }
            }
            ids
        });
    }

    /// The unigram cost `-ln p` of a word.
    #[inline]
    pub fn cost(&self, id: WordId) -> f32 {
        cost_of_byte(self.costs[id as usize])
    }

    /// Whether `word` (in lookup form) is a common word: listed, with a unigram cost of at
    /// most [`COMMON_WORD_COST`].
    #[inline]
    pub(crate) fn is_common(&self, word: &str) -> bool {
        self.id(word).is_some_and(|id| self.is_common_id(id))
    }

    /// Whether the word `id` is common (see [`Lexicon::is_common`]).
    #[inline]
    pub(crate) fn is_common_id(&self, id: WordId) -> bool {
        self.cost(id) <= COMMON_WORD_COST
    }

    /// The unigram probability `exp(-cost)` of a word, from a table.
    #[inline]
    pub(crate) fn probability(&self, id: WordId) -> f32 {
        self.probabilities[self.costs[id as usize] as usize]
    }

    /// Number of words.
    ///
    /// ```
    /// assert!(tarmim::lexicon::Lexicon::embedded().len() > 500_000);
    /// ```
    pub fn len(&self) -> usize {
        self.costs.len()
    }

    /// Whether the lexicon is empty (never, for the embedded one).
    pub fn is_empty(&self) -> bool {
        self.costs.is_empty()
    }

    /// The word → id map.
    pub(crate) fn map(&self) -> &fst::Map<&'static [u8]> {
        &self.map
    }

    /// The underlying automaton, for letter-by-letter walks.
    pub(crate) fn fst(&self) -> &fst::raw::Fst<&'static [u8]> {
        self.map.as_fst()
    }

    /// The id of `stem` followed by each of `endings`, each passed to `f` with its index:
    /// what [`Lexicon::id`] gives for each, with the stem walked once rather than once per
    /// ending.
    ///
    /// ```
    /// let lex = tarmim::lexicon::Lexicon::embedded();
    /// let mut ids = Vec::new();
    /// lex.each_ending("عل", &["ى", "م", "xyz"], |_, id| ids.push(id));
    /// assert_eq!(ids, [lex.id("على"), lex.id("علم"), None]);
    /// ```
    pub fn each_ending(
        &self,
        stem: &str,
        endings: &[&str],
        mut f: impl FnMut(usize, Option<WordId>),
    ) {
        let fst = self.map.as_fst();
        let stem = follow(fst, fst.root(), fst::raw::Output::zero(), stem.as_bytes());
        for (k, ending) in endings.iter().enumerate() {
            let id = stem
                .and_then(|(node, out)| follow(fst, node, out, ending.as_bytes()))
                .filter(|(node, _)| node.is_final())
                .map(|(node, out)| out.cat(node.final_output()).value() as WordId);
            f(k, id);
        }
    }
}

/// The node `bytes` lead to from `node` in the automaton, and the output gathered on the
/// way (added to `out`); None where no key goes on with them.
pub(crate) fn follow<'f>(
    fst: &'f fst::raw::Fst<&'static [u8]>,
    node: fst::raw::Node<'f>,
    out: fst::raw::Output,
    bytes: &[u8],
) -> Option<(fst::raw::Node<'f>, fst::raw::Output)> {
    bytes.iter().try_fold((node, out), |(node, out), &b| {
        let t = node.transition(node.find_input(b)?);
        Some((fst.node(t.addr), out.cat(t.out)))
    })
}

/// The cost a stored byte stands for.
#[inline]
fn cost_of_byte(byte: u8) -> f32 {
    byte as f32 / COST_SCALE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walking a stem once and then each ending finds what a whole lookup finds, for
    /// every split of a spread of lexicon words, and for endings that make no word.
    #[test]
    fn each_ending_equals_whole_lookups() {
        let lex = Lexicon::embedded();
        let mut stream = lex.map().stream();
        let mut words = Vec::new();
        let mut n = 0;
        while let Some((key, _)) = stream.next() {
            n += 1;
            if n % 397 == 0 {
                words.push(String::from_utf8(key.to_vec()).expect("UTF-8 keys"));
            }
        }
        assert!(words.len() > 1000);
        for word in &words {
            for (at, _) in word.char_indices() {
                let (stem, ending) = word.split_at(at);
                let endings = [ending, "ي", "x", ""];
                lex.each_ending(stem, &endings, |k, id| {
                    assert_eq!(
                        id,
                        lex.id(&format!("{stem}{}", endings[k])),
                        "{stem}+{}",
                        endings[k]
                    );
                });
            }
        }
    }
}
