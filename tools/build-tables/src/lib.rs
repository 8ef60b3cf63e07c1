//! Builds tarmim's embedded tables from `../shared/data`. The output depends only on the
//! input files: every map is sorted before it is written, so rebuilds are byte-identical.

mod false_restorations;
mod glyph_rates;

pub use false_restorations::false_restoration_rates_source;

use std::collections::HashMap;
use tarmim::tables::{
    quantise_cost, quantise_count, BIGRAMS_MAGIC, BOUNDARIES_MAGIC, CLASSES_MAGIC, COUNT_BITS,
    LOG_RATIO_SCALE, WORDS_MAGIC,
};
use tarmim::token::{
    breaks_context, is_arabic_letter, lookup_form, number_span, words, NUMBER_KEY,
};
use tarmim::word_class::{class_of, opens_with_proclitic, CLASSES, ODDS, PROCLITIC_BIT};

/// The table files, as bytes.
pub struct Tables {
    /// `data/lexicon.fst`.
    pub lexicon_fst: Vec<u8>,
    /// `data/words.bin`.
    pub words: Vec<u8>,
    /// `data/bigrams.bin`.
    pub bigrams: Vec<u8>,
    /// `data/boundaries.bin`.
    pub boundaries: Vec<u8>,
    /// `data/classes.bin`.
    pub classes: Vec<u8>,

    /// `src/detect/expected_rates.rs`, generated Rust source.
    pub expected_rates: Vec<u8>,
}

/// Paths of the tables, relative to the repository root, in the order of [`Tables::files`].
pub const FILES: [&str; 6] = [
    "data/lexicon.fst",
    "data/words.bin",
    "data/bigrams.bin",
    "data/boundaries.bin",
    "data/classes.bin",
    "src/detect/expected_rates.rs",
];

impl Tables {
    /// The tables paired with their paths.
    pub fn files(&self) -> [(&'static str, &[u8]); 6] {
        [
            (FILES[0], &self.lexicon_fst),
            (FILES[1], &self.words),
            (FILES[2], &self.bigrams),
            (FILES[3], &self.boundaries),
            (FILES[4], &self.classes),
            (FILES[5], &self.expected_rates),
        ]
    }
}

/// Bigrams seen fewer times than this are left out of the table (their mass still counts
/// in each row's totals, so the model backs off to unigrams for them).
pub const MIN_BIGRAM_COUNT: u32 = 1;

/// Counts from the training split of the corpora.
struct Counts {
    unigrams: HashMap<String, u64>,
    bigrams: HashMap<(String, String), u32>,
    /// How often each word ends a sentence (sentence punctuation or the paragraph's end)…
    ends: HashMap<String, u64>,
    /// …and starts one.
    starts: HashMap<String, u64>,
    tokens: u64,
}

fn count_training_split(training: &[corpus::Article]) -> Counts {
    let mut c = Counts {
        unigrams: HashMap::new(),
        bigrams: HashMap::new(),
        ends: HashMap::new(),
        starts: HashMap::new(),
        tokens: 0,
    };
    for article in training {
        for line in article.text.lines() {
            // The word before, and where it ends.
            let mut prev: Option<(String, usize)> = None;
            for w in words(line) {
                let key = lookup_form(w.text);
                if key.is_empty() {
                    continue;
                }
                let key = key.into_owned();
                let from = prev.as_ref().map_or(0, |(_, end)| *end);
                let left = prev.take().map(|(p, _)| p);
                let (left, between) = c.through_number(left, &line[from..w.offset]);
                c.junction(left, between, &key);
                prev = Some((key, w.offset + w.text.len()));
            }
            if let Some((p, end)) = prev {
                let (p, rest) = c.through_number(Some(p), &line[end..]);
                if let Some(p) = p.filter(|_| !rest.chars().any(char::is_alphanumeric)) {
                    *c.ends.entry(p).or_default() += 1;
                }
            }
        }
    }
    c
}

impl Counts {
    /// Counts the number in `between` (the text after `left`), if it holds one, as a word
    /// of its own; returns what then stands before the rest of `between`, and that rest.
    fn through_number<'b>(
        &mut self,
        left: Option<String>,
        between: &'b str,
    ) -> (Option<String>, &'b str) {
        match number_span(between) {
            Some(num) => {
                self.junction(left, &between[..num.start], NUMBER_KEY);
                (Some(NUMBER_KEY.to_owned()), &between[num.end..])
            }
            None => (left, between),
        }
    }

    /// Counts `word`, and its junction with the word before it (None: it opens the line)
    /// across `between`.
    fn junction(&mut self, left: Option<String>, between: &str, word: &str) {
        *self.unigrams.entry(word.to_owned()).or_default() += 1;
        self.tokens += 1;
        let starts = match left {
            Some(p) => {
                let edge = sentence_edge(between);
                if edge {
                    *self.ends.entry(p).or_default() += 1;
                } else if !breaks_context(between) {
                    *self.bigrams.entry((p, word.to_owned())).or_default() += 1;
                }
                edge
            }
            None => !between.chars().any(char::is_alphanumeric),
        };
        if starts {
            *self.starts.entry(word.to_owned()).or_default() += 1;
        }
    }
}

/// Whether the text between two words ends a sentence: punctuation that breaks the
/// context, with no number or Latin word in between (those break it too, but not the
/// sentence).
fn sentence_edge(between: &str) -> bool {
    breaks_context(between) && !between.chars().any(char::is_alphanumeric)
}

fn is_lexicon_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| is_arabic_letter(c) && c < '\u{FB50}')
}

/// The share of wordfreq in a word's unigram probability; the rest is its frequency in
/// the news corpora (training split). wordfreq alone counts web text, where و stands
/// alone and ان, احد spell أن, أحد; in news they are rare, and as damaged tokens they
/// kept ولا and الآن, الأحد from being restored. On the tuning slice, with the profile
/// given, one half cut the WER left by 4–13% (sample 0.82 → 0.77%, lam-alef 0.86 →
/// 0.80%, ه 1.31 → 1.25%) with false edits within 0.01 points; one fifth was no better.
const WORDFREQ_WEIGHT: f64 = 0.5;

/// Builds all tables from the shared data.
pub fn build() -> std::io::Result<Tables> {
    build_from(|index| !corpus::is_evaluation(index))
}

/// Builds the tables from the training articles minus the tuning slice, for comparing
/// thresholds and models on articles the tables never saw (`build-tables --tuning`).
pub fn build_for_tuning() -> std::io::Result<Tables> {
    build_from(|index| !corpus::is_evaluation(index) && !corpus::is_tuning(index))
}

fn build_from(keep: impl Fn(usize) -> bool) -> std::io::Result<Tables> {
    let mut training = corpus::articles()?;
    training.retain(|a| keep(a.index));
    let counts = count_training_split(&training);
    let freq: HashMap<String, f64> = corpus::wordfreq()?
        .into_iter()
        .filter(|(w, _)| is_lexicon_word(w))
        .collect();

    // Ids: corpus words by count, then words known only to wordfreq by frequency.
    let mut corpus_words: Vec<(&String, u64)> = counts
        .unigrams
        .iter()
        .filter(|(w, _)| is_lexicon_word(w) || w.as_str() == NUMBER_KEY)
        .map(|(w, &n)| (w, n))
        .collect();
    corpus_words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut other: Vec<(&String, f64)> = freq
        .iter()
        .filter(|(w, _)| !counts.unigrams.contains_key(*w))
        .map(|(w, &f)| (w, f))
        .collect();
    other.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));

    let rows = corpus_words.len();
    let vocab: Vec<(&String, f64)> = corpus_words
        .iter()
        .map(|&(w, n)| {
            let news = n as f64 / counts.tokens as f64;
            (
                w,
                freq.get(w).map_or(news, |&f| {
                    WORDFREQ_WEIGHT * f + (1.0 - WORDFREQ_WEIGHT) * news
                }),
            )
        })
        .chain(other.into_iter().map(|(w, f)| (w, WORDFREQ_WEIGHT * f)))
        .collect();
    assert!(
        vocab.len() < 1 << (32 - COUNT_BITS),
        "vocabulary too large for packed ids"
    );
    let id_of: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32))
        .collect();

    let mut words = WORDS_MAGIC.to_vec();
    words.extend(vocab.iter().map(|&(_, p)| quantise_cost(p)));

    let mut sorted_keys: Vec<(&str, u32)> = id_of.iter().map(|(w, &i)| (*w, i)).collect();
    sorted_keys.sort_unstable();
    let mut fst_builder = fst::MapBuilder::memory();
    for (w, i) in sorted_keys {
        fst_builder.insert(w, i as u64).expect("sorted keys");
    }
    let lexicon_fst = fst_builder.into_inner().expect("fst");

    Ok(Tables {
        lexicon_fst,
        words,
        bigrams: bigram_table(&counts, &id_of, rows),
        boundaries: boundary_table(&counts, &corpus_words),
        classes: class_table(&counts, &vocab, &id_of, &corpus_words),
        expected_rates: glyph_rates::expected_rates_source(
            training.iter().map(|a| a.text.as_str()),
        )
        .into_bytes(),
    })
}

/// Words seen fewer times than this get the overall boundary rates.
pub const MIN_BOUNDARY_COUNT: u64 = 20;
/// Weight (in occurrences) of the overall rate in each word's smoothed rate.
const BOUNDARY_PRIOR: f64 = 10.0;

/// `boundaries.bin`: how likely each frequent word (a prefix of the ids) is to end and to
/// start a context, smoothed towards the overall rates.
fn boundary_table(counts: &Counts, corpus_words: &[(&String, u64)]) -> Vec<u8> {
    let total = |m: &HashMap<String, u64>| m.values().sum::<u64>() as f64;
    let tokens = counts.tokens as f64;
    let (p_end, p_start) = (total(&counts.ends) / tokens, total(&counts.starts) / tokens);
    let n = corpus_words
        .iter()
        .take_while(|&&(_, c)| c >= MIN_BOUNDARY_COUNT)
        .count();
    let mut out = BOUNDARIES_MAGIC.to_vec();
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend([quantise_cost(p_end), quantise_cost(p_start)]);
    let rate = |m: &HashMap<String, u64>, w: &String, c: u64, p: f64| {
        let k = m.get(w).copied().unwrap_or(0) as f64;
        (k + BOUNDARY_PRIOR * p) / (c as f64 + BOUNDARY_PRIOR)
    };
    for &(w, c) in &corpus_words[..n] {
        out.push(quantise_cost(rate(&counts.ends, w, c, p_end)));
        out.push(quantise_cost(rate(&counts.starts, w, c, p_start)));
    }
    out
}

/// Words seen fewer times than this get the odds of their class as a context.
pub const MIN_CLASS_CONTEXT_COUNT: u64 = 50;
/// Weight (in bigrams) of the overall class distribution in each context's smoothed one.
const CLASS_PRIOR: f64 = 100.0;
/// The power the class ratios are raised to. At full strength they changed more undamaged
/// words than they restored damaged ones: on the tuning slice (sample profile) false
/// edits rose from 0.224% to 0.326% of undamaged words for 0.14 points more restored; at
/// one half, 0.227% for 0.18 points more (weights 0.3–0.5, priors 20–100 and minimum
/// counts 50–200 were within 0.03 points of each other).
const CLASS_WEIGHT: f64 = 0.5;

/// `classes.bin`: each word's class (and whether it opens with a proclitic), and how each
/// frequent word (a prefix of the ids) and each class shift the odds of the classes after
/// them, and of a proclitic after them, smoothed towards the overall odds.
fn class_table(
    counts: &Counts,
    vocab: &[(&String, f64)],
    id_of: &HashMap<&str, u32>,
    corpus_words: &[(&String, u64)],
) -> Vec<u8> {
    let classes: Vec<u8> = vocab.iter().map(|(w, _)| class_of(w)).collect();
    let proclitics: Vec<bool> = vocab.iter().map(|(w, _)| opens_with_proclitic(w)).collect();
    let rows = corpus_words
        .iter()
        .take_while(|&&(_, c)| c >= MIN_CLASS_CONTEXT_COUNT)
        .count();
    // Per context: the count of each class after it, then of words without and with a
    // proclitic.
    let mut by_word = vec![[0u64; ODDS]; rows];
    let mut by_class = vec![[0u64; ODDS]; CLASSES];
    let mut overall = [0u64; ODDS];
    for ((a, b), &n) in &counts.bigrams {
        let (Some(&ia), Some(&ib)) = (id_of.get(a.as_str()), id_of.get(b.as_str())) else {
            continue;
        };
        let n = u64::from(n);
        let kb = classes[ib as usize] as usize;
        let cb = CLASSES + usize::from(proclitics[ib as usize]);
        for row in [Some(&mut overall), by_word.get_mut(ia as usize)]
            .into_iter()
            .flatten()
            .chain([&mut by_class[classes[ia as usize] as usize]])
        {
            row[kb] += n;
            row[cb] += n;
        }
    }
    let total = overall[..CLASSES].iter().sum::<u64>().max(1) as f64;
    let p: Vec<f64> = overall.iter().map(|&n| n as f64 / total).collect();
    let log_ratios = |row: &[u64; ODDS]| -> Vec<u8> {
        let seen = row[..CLASSES].iter().sum::<u64>() as f64;
        (0..ODDS)
            .map(|k| {
                if p[k] == 0.0 {
                    return 0;
                }
                let smoothed = (row[k] as f64 + CLASS_PRIOR * p[k]) / (seen + CLASS_PRIOR);
                let ln_ratio = CLASS_WEIGHT * (smoothed / p[k]).ln();
                let q = (ln_ratio * f64::from(LOG_RATIO_SCALE)).round();
                q.clamp(-127.0, 127.0) as i8 as u8
            })
            .collect()
    };
    let mut out = CLASSES_MAGIC.to_vec();
    out.extend_from_slice(&(classes.len() as u32).to_le_bytes());
    out.extend_from_slice(&(rows as u32).to_le_bytes());
    out.extend(
        classes
            .iter()
            .zip(&proclitics)
            .map(|(&k, &c)| k | if c { PROCLITIC_BIT } else { 0 }),
    );
    for row in by_word.iter().chain(&by_class) {
        out.extend(log_ratios(row));
    }
    out
}

fn bigram_table(counts: &Counts, id_of: &HashMap<&str, u32>, rows: usize) -> Vec<u8> {
    let mut by_row: Vec<Vec<(u32, u32)>> = vec![Vec::new(); rows];
    let mut totals = vec![0u32; rows];
    let mut followers = vec![0u32; rows];
    for ((a, b), &n) in &counts.bigrams {
        let (Some(&ia), Some(&ib)) = (id_of.get(a.as_str()), id_of.get(b.as_str())) else {
            continue;
        };
        let row = ia as usize;
        totals[row] += n;
        followers[row] += 1;
        if n >= MIN_BIGRAM_COUNT {
            by_row[row].push((ib, quantise_count(n as u64)));
        }
    }
    let entries: usize = by_row.iter().map(Vec::len).sum();
    let mut out = BIGRAMS_MAGIC.to_vec();
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    put(&mut out, rows as u32);
    put(&mut out, entries as u32);
    let mut offset = 0u32;
    put(&mut out, 0);
    for row in &by_row {
        offset += row.len() as u32;
        put(&mut out, offset);
    }
    for &t in &totals {
        put(&mut out, t);
    }
    for &f in &followers {
        put(&mut out, f);
    }
    for row in &mut by_row {
        row.sort_unstable();
        for &(id, q) in row.iter() {
            put(&mut out, (id << COUNT_BITS) | q);
        }
    }
    out
}
