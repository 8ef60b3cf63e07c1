//! Word classes by ending, so that the language model generalises over words it never saw
//! together. Dropped final letters turn one ending into another (الروسي → الروس, الأولى →
//! الأول, مدرسة → مدرس), and which ending fits is largely agreement: after النفوذ an
//! adjective in ـي is common whatever the adjective; after a feminine noun, one in ـة or ـى.
//! The bigram model backs off to `P(next) × P(class(next) | prev) / P(class(next))`
//! instead of `P(next)` alone, times the same ratio for whether `next` opens with a
//! one-letter proclitic (و ف ب ل ك): a noun in construct (لوجود, خلال) is seldom followed
//! by one, and a line whose runs are put back in order turns on junctions the corpus
//! never saw.

use crate::lexicon::WordId;
use crate::tables::{u32_at, CLASSES_MAGIC, LOG_RATIO_SCALE};
use once_cell::sync::Lazy;

static CLASS_BYTES: &[u8] = crate::tables::embedded_table!("classes.bin");

static EMBEDDED: Lazy<WordClasses> =
    Lazy::new(|| WordClasses::from_bytes(CLASS_BYTES).expect("embedded class table is valid"));

/// The letters a word can end in, in class order (class 0 is any other ending).
const LETTERS: &str = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي";

/// Two-letter endings that mark agreement and get classes of their own: the feminine
/// nisba, the sound plurals and duals.
const SUFFIXES: [&str; 5] = ["ية", "ين", "ون", "ان", "ات"];

/// Endings: any other, each letter, each suffix.
const ENDINGS: usize = 1 + 36 + SUFFIXES.len();

/// The number of word classes: each ending, with and without the definite article.
pub const CLASSES: usize = 2 * ENDINGS;

/// Log ratios stored per context: one per class, then one each for a next word without
/// and with a leading proclitic ([`opens_with_proclitic`]).
pub const ODDS: usize = CLASSES + 2;

/// Set in a word's stored class byte when it opens with a proclitic.
pub const PROCLITIC_BIT: u8 = 0x80;

/// The class of a word in lookup form: its ending, and whether it carries the article.
///
/// ```
/// use tarmim::word_class::class_of;
/// assert_ne!(class_of("الروسي"), class_of("الروس"));
/// assert_eq!(class_of("الروسي"), class_of("الأمريكي"));
/// assert_ne!(class_of("الروسي"), class_of("روسي"));
/// assert_eq!(class_of("للعربية"), class_of("السورية"));
/// ```
pub fn class_of(word: &str) -> u8 {
    let definite = has_article(word);
    let ending = SUFFIXES
        .iter()
        .position(|s| word.ends_with(s) && word.len() > s.len())
        .map(|k| 1 + 36 + k)
        .or_else(|| {
            let last = word.chars().next_back()?;
            LETTERS.chars().position(|c| c == last).map(|k| 1 + k)
        })
        .unwrap_or(0);
    (ending + if definite { ENDINGS } else { 0 }) as u8
}

/// Whether a word in lookup form opens with a one-letter proclitic (the conjunctions و ف,
/// the prepositions ب ل ك), as far as its letters tell: any word of four letters or more
/// that starts with one (وزير and لندن are counted too).
///
/// ```
/// use tarmim::word_class::opens_with_proclitic;
/// assert!(opens_with_proclitic("وتابع") && opens_with_proclitic("بالشعب"));
/// assert!(!opens_with_proclitic("تابع") && !opens_with_proclitic("وقع"));
/// ```
pub fn opens_with_proclitic(word: &str) -> bool {
    word.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) && word.chars().count() >= 4
}

/// Whether a word in lookup form carries the definite article (alone or after و ف ب ك ل)
/// before at least two letters.
///
/// ```
/// use tarmim::word_class::has_article;
/// assert!(has_article("والروسي") && has_article("للعربية"));
/// assert!(!has_article("الى") && !has_article("روسي"));
/// ```
pub fn has_article(word: &str) -> bool {
    ["ال", "وال", "فال", "بال", "كال", "لل"]
        .iter()
        .any(|p| word.starts_with(p) && word.chars().count() > p.chars().count() + 1)
}

/// Each word's class and how each context shifts the odds of the classes after it.
///
/// ```
/// use tarmim::{lexicon::Lexicon, word_class::{class_of, WordClasses}};
/// let (classes, lex) = (WordClasses::embedded(), Lexicon::embedded());
/// let id = lex.id("الروسي").unwrap();
/// assert_eq!(classes.class(id), class_of("الروسي"));
/// ```
pub struct WordClasses {
    /// One class per lexicon id, with [`PROCLITIC_BIT`] set for a leading proclitic.
    classes: &'static [u8],
    /// The first `rows` ids have their own log ratios, `ODDS` each.
    rows: usize,
    by_word: &'static [u8],
    /// Log ratios after each class, `CLASSES × ODDS`, for the other words.
    by_class: &'static [u8],
    /// `exp` of each stored log ratio.
    ratios: [f32; 256],
}

impl WordClasses {
    /// The table compiled into the crate. Loading is zero-copy.
    pub fn embedded() -> &'static WordClasses {
        &EMBEDDED
    }

    /// A table in memory (as the builder writes it).
    pub fn from_bytes(bytes: &'static [u8]) -> Result<WordClasses, String> {
        let body = bytes
            .strip_prefix(CLASSES_MAGIC.as_slice())
            .ok_or("classes.bin: bad magic")?;
        if body.len() < 8 {
            return Err("classes.bin: truncated header".into());
        }
        let words = u32_at(body, 0) as usize;
        let rows = u32_at(body, 1) as usize;
        let body = &body[8..];
        if body.len() != words + (rows + CLASSES) * ODDS {
            return Err(format!(
                "classes.bin: {} bytes for {words} words and {rows} rows",
                body.len()
            ));
        }
        let (classes, rest) = body.split_at(words);
        if let Some(bad) = classes
            .iter()
            .find(|&&b| usize::from(b & !PROCLITIC_BIT) >= CLASSES)
        {
            return Err(format!("classes.bin: word class {bad} out of range"));
        }
        let (by_word, by_class) = rest.split_at(rows * ODDS);
        let mut ratios = [0.0; 256];
        for (byte, r) in ratios.iter_mut().enumerate() {
            *r = (f32::from(byte as u8 as i8) / LOG_RATIO_SCALE).exp();
        }
        Ok(WordClasses {
            classes,
            rows,
            by_word,
            by_class,
            ratios,
        })
    }

    /// The class of a lexicon word, as [`class_of`] gives it.
    #[inline]
    pub fn class(&self, id: WordId) -> u8 {
        self.classes[id as usize] & !PROCLITIC_BIT
    }

    /// The log ratios of the classes after `prev` (by the word when it is frequent enough,
    /// else by its class), as stored bytes.
    #[inline]
    pub(crate) fn after(&self, prev: WordId) -> ClassOdds<'_> {
        let prev = prev as usize;
        let at = if prev < self.rows {
            &self.by_word[prev * ODDS..(prev + 1) * ODDS]
        } else {
            let k = self.class(prev as WordId) as usize;
            &self.by_class[k * ODDS..(k + 1) * ODDS]
        };
        ClassOdds {
            odds: at,
            classes: self,
        }
    }
}

/// How one context shifts the odds of the classes after it.
#[derive(Clone, Copy)]
pub(crate) struct ClassOdds<'c> {
    odds: &'c [u8],
    classes: &'c WordClasses,
}

impl ClassOdds<'_> {
    /// `P(class(next) | context) / P(class(next))`, times the same for whether `next`
    /// opens with a proclitic.
    #[inline]
    pub(crate) fn ratio(&self, next: WordId) -> f32 {
        let stored = self.classes.classes[next as usize];
        let k = (stored & !PROCLITIC_BIT) as usize;
        let c = CLASSES + usize::from(stored & PROCLITIC_BIT != 0);
        let ratios = &self.classes.ratios;
        ratios[self.odds[k] as usize] * ratios[self.odds[c] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of one word with class byte `class`, no rows of its own.
    fn table(class: u8) -> &'static [u8] {
        let mut bytes = CLASSES_MAGIC.to_vec();
        bytes.extend(1u32.to_le_bytes());
        bytes.extend(0u32.to_le_bytes());
        bytes.push(class);
        bytes.extend(std::iter::repeat_n(0, CLASSES * ODDS));
        Box::leak(bytes.into_boxed_slice())
    }

    #[test]
    fn bad_tables_are_errors() {
        assert!(WordClasses::from_bytes(table(3 | PROCLITIC_BIT)).is_ok());
        let err = WordClasses::from_bytes(table(CLASSES as u8)).err().unwrap();
        assert!(err.contains("out of range"), "{err}");
        assert!(WordClasses::from_bytes(&table(0)[..20]).is_err());
    }
}
