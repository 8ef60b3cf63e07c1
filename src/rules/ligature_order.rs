//! `glyph/ligature-order`: fonts draw some letter pairs and triples as one ligature glyph
//! (لا, لى, في, لله), and some PDF producers (Word exports, typically) map such a glyph
//! to its letters in visual order, so every word drawn with it comes out with those
//! letters reversed: عىل for على, يف for في, اهلل for الله, اإلسلام for الإسلام.
//!
//! Which ligatures a font has is the font's business, so the rule learns them from the
//! document. A token the lexicon does not know, which becomes a known word far more
//! likely by reversing two or three adjacent letters (at most two such spots), points at
//! the letters it reversed. A typo does that now and then (المكل for الملك); a reversing
//! producer does it in every word the ligature touches. So only a document with several
//! such words (and a share of its distinct words, for long documents) counts as written
//! by a reversing producer, and then every such repair is made.
//!
//! Some reversals make another word (صلاح → صالح, ثلاثة → ثالثة, لا → ال). In a document
//! that reverses the ligature, such a word is read both ways, and the bigram model
//! decides from its neighbours.

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::lexicon::WordId;
use crate::token::{breaks_context, is_arabic_letter, words, Word};
use foldhash::{HashMap, HashSet};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("glyph/ligature-order"),
    category: Category::Glyph,
    summary: "Puts back in order the letters of ligatures a PDF producer wrote reversed (عىل → على, يف → في, اهلل → الله), once enough distinct words of the document read far likelier so; words that read both ways go by their neighbours.",
};

pub(super) struct LigatureOrder;

/// Distinct words a document must have that reversing a few letters makes far likelier,
/// before it counts as written by a reversing producer. Typos do it in clean text: of
/// 3,004 clean training articles, 190 have one such word, 34 two, 2 three and 1 four.
const MIN_WORDS: usize = 5;
/// The same as a share of the document's distinct words, for long documents, where typos
/// add up (about 0.06% of distinct words in clean articles; a reversing producer's
/// documents show several percent).
const MIN_SHARE: f64 = 0.01;
/// Distinct words that must show a sequence reversed before known words are read with it
/// put back (صالح as صلاح).
const MIN_WORDS_FOR_READINGS: usize = 2;
/// Distinct words the quick check reads: a producer reverses throughout a document, so
/// its opening tells, and a long clean document costs no more than an article.
const QUICK_CHECK_WORDS: usize = 2000;
/// Longest word (letters) the quick check reads even when the lexicon knows it.
const MAX_SHORT_WORD: usize = 4;
/// How much more likely (nats) a known word's other reading must be in its context.
const MIN_CONTEXT_GAIN: f32 = 1.0;
/// How much more likely (nats) the repaired word must be than the token as it stands:
/// 1,000 times.
const MIN_GAIN: f32 = 6.9;
/// What a token the lexicon does not know counts as (nats): a repaired word then needs a
/// probability of at least one in a million (cost 13.8) to win by [`MIN_GAIN`].
const UNKNOWN_TOKEN_COST: f32 = 20.7;
/// Longest ligature considered, in letters.
const MAX_LIGATURE: usize = 3;

/// A repair of one distinct token: the word, the sequences it put back in order, and how
/// much more likely the word is.
struct Fix {
    word: String,
    sequences: Vec<String>,
    gain: f32,
}

impl Rule for LigatureOrder {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Normalize
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        // The quick check: tokens the lexicon does not know. Most documents stop here;
        // only a reversing producer's pass the count.
        let mut fixes: HashMap<&'t str, Option<Fix>> = HashMap::default();
        let mut distinct: HashSet<&'t str> = HashSet::default();
        for w in words(text) {
            // Only plain letters: marks and tatweel would have to be carried along.
            if !w.text.chars().all(is_arabic_letter) || !distinct.insert(w.text) {
                continue;
            }
            // Short words too, known or not: the commonest words are short, and their
            // reversals (يف, عىل, إىل) are often rare words in the lexicon.
            if w.text.len() <= 2 * MAX_SHORT_WORD || cx.lexicon.id(w.text).is_none() {
                fixes.insert(w.text, fix(w.text, cx));
            }
            if distinct.len() == QUICK_CHECK_WORDS {
                break;
            }
        }
        let fixed = fixes.values().flatten().count();
        if fixed < MIN_WORDS || (fixed as f64) < MIN_SHARE * distinct.len() as f64 {
            return;
        }
        // Known tokens too, each distinct token tried once.
        for w in words(text) {
            if w.text.chars().all(is_arabic_letter) {
                fixes.entry(w.text).or_insert_with(|| fix(w.text, cx));
            }
        }
        // How many distinct words show each sequence reversed.
        let mut shown: HashMap<&str, usize> = HashMap::default();
        for f in fixes.values().flatten() {
            for s in &f.sequences {
                *shown.entry(s.as_str()).or_default() += 1;
            }
        }
        // The producer is known to reverse: a ligature the font uses in one word only
        // (لله in الله) is as real as any, and every repair is made.
        let established: HashSet<&str> = shown
            .iter()
            .filter(|&(_, &n)| n >= MIN_WORDS_FOR_READINGS)
            .map(|(s, _)| *s)
            .collect();
        let all: Vec<Word<'t>> = words(text).collect();
        // Each word as it reads once the sure repairs are made: the others' context.
        let reads = |w: &Word<'t>| -> Option<WordId> {
            match fixes.get(w.text) {
                Some(Some(f)) => cx.lexicon.id(&f.word),
                _ => cx.lexicon.id(w.text),
            }
        };
        let mut readings: HashMap<&'t str, Vec<(String, Option<WordId>)>> = HashMap::default();
        for (i, w) in all.iter().enumerate() {
            let span = w.offset..w.offset + w.text.len();
            if let Some(Some(f)) = fixes.get(w.text) {
                edits.push(Edit {
                    span,
                    original: w.text,
                    replacement: f.word.clone(),
                    rule: INFO.id,
                    confidence: (1.0 / (1.0 + (MIN_GAIN - f.gain - 2.0).exp())).clamp(0.5, 0.99),
                    reason: format!("ligature letters reversed ({})", f.sequences.join(", "))
                        .into(),
                });
                continue;
            }
            if !w.text.chars().all(is_arabic_letter) {
                continue;
            }
            let others = readings
                .entry(w.text)
                .or_insert_with(|| other_readings(w.text, &established, cx));
            if others.is_empty() {
                continue;
            }
            let prev = i
                .checked_sub(1)
                .map(|j| &all[j])
                .filter(|p| !breaks_context(&text[p.offset + p.text.len()..w.offset]))
                .and_then(reads);
            let next = all
                .get(i + 1)
                .filter(|n| !breaks_context(&text[span.end..n.offset]))
                .map(reads);
            let score = |id: Option<WordId>| {
                cx.model.cost(cx.lexicon, prev, id)
                    + next.map_or(0.0, |n| cx.model.cost(cx.lexicon, id, n))
            };
            let own = score(cx.lexicon.id(w.text));
            let Some((word, gain)) = others
                .iter()
                .map(|(word, id)| (word, own - score(*id)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
            else {
                continue;
            };
            if gain >= MIN_CONTEXT_GAIN {
                edits.push(Edit {
                    span,
                    original: w.text,
                    replacement: word.clone(),
                    rule: INFO.id,
                    confidence: (1.0 / (1.0 + (-gain).exp())).clamp(0.5, 0.99),
                    reason: "ligature letters reversed, as its neighbours tell".into(),
                });
            }
        }
    }
}

/// The known words `token` may stand for with one or two of the document's reversed
/// ligatures put back in order.
fn other_readings(
    token: &str,
    established: &HashSet<&str>,
    cx: &Context<'_>,
) -> Vec<(String, Option<WordId>)> {
    let letters: Vec<char> = token.chars().collect();
    let spans: Vec<(usize, usize)> = reversible_runs(&letters)
        .into_iter()
        .filter(|&(a, b)| {
            let sequence: String = letters[a..b].iter().rev().collect();
            established.contains(sequence.as_str())
        })
        .collect();
    let mut out = Vec::new();
    let mut push = |chosen: &[(usize, usize)]| {
        let word = reversed(&letters, chosen);
        if let Some(id) = cx.lexicon.id(&word) {
            out.push((word, Some(id)));
        }
    };
    for (i, &s) in spans.iter().enumerate() {
        push(&[s]);
        for &t in &spans[i + 1..] {
            if s.1 <= t.0 {
                push(&[s, t]);
            }
        }
    }
    out
}

/// The most likely word `token` becomes by reversing a run of two or three adjacent
/// letters (two such runs if one will not do), if it is far more likely than `token`.
fn fix(token: &str, cx: &Context<'_>) -> Option<Fix> {
    let letters: Vec<char> = token.chars().collect();
    let cost = |w: &str| {
        cx.lexicon
            .id(w)
            .map_or(UNKNOWN_TOKEN_COST, |id| cx.lexicon.cost(id))
    };
    let own = cost(token);
    if own < MIN_GAIN {
        // A word this common is what it says.
        return None;
    }
    let spans = reversible_runs(&letters);
    let consider = |chosen: &[(usize, usize)], best: &mut Option<Fix>| {
        let word = reversed(&letters, chosen);
        let gain = own - cost(&word);
        if gain >= MIN_GAIN && best.as_ref().map_or(true, |f| gain > f.gain) {
            let sequences = chosen
                .iter()
                .map(|&(a, b)| letters[a..b].iter().rev().collect())
                .collect();
            *best = Some(Fix {
                word,
                sequences,
                gain,
            });
        }
    };
    let mut best = None;
    for &s in &spans {
        consider(&[s], &mut best);
    }
    // Two reversals only in longer words: a short one has room for one ligature.
    if best.is_none() && letters.len() > MAX_SHORT_WORD {
        for (i, &s) in spans.iter().enumerate() {
            for &t in &spans[i + 1..] {
                if s.1 <= t.0 || t.1 <= s.0 {
                    consider(&[s, t], &mut best);
                }
            }
        }
    }
    best
}

/// The runs of two to [`MAX_LIGATURE`] adjacent letters that read differently reversed,
/// as `(start, end)` letter indices, shortest first.
fn reversible_runs(letters: &[char]) -> Vec<(usize, usize)> {
    (2..=MAX_LIGATURE.min(letters.len()))
        .flat_map(|len| (0..=letters.len() - len).map(move |i| (i, i + len)))
        .filter(|&(a, b)| (a..b).any(|k| letters[k] != letters[a + b - 1 - k]))
        .collect()
}

/// `letters` with each of the `chosen` runs reversed.
fn reversed(letters: &[char], chosen: &[(usize, usize)]) -> String {
    let mut word = letters.to_vec();
    for &(a, b) in chosen {
        word[a..b].reverse();
    }
    word.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn repair(text: &str) -> String {
        let profile = DamageProfile::default();
        let mut edits = Vec::new();
        LigatureOrder.apply(text, &Context::embedded(&profile), &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    #[test]
    fn puts_reversed_ligatures_back() {
        let damaged = "وقال رئيس الوزراء يف بيان إن الحكومة عازمة عىل المضي يف اإلصالحات \
                       وإن اهلل ويل التوفيق، وأكد عىل أن اإلعالم شريك يف ذلك، ودعا إىل \
                       زيادة اإلنتاج ويف األمن األول";
        let repaired = repair(damaged);
        assert!(repaired.contains("في بيان"), "{repaired}");
        assert!(repaired.contains("على المضي"), "{repaired}");
        assert!(repaired.contains("الإصلاحات"), "{repaired}");
        assert!(repaired.contains("الله"), "{repaired}");
        assert!(repaired.contains("الإعلام"), "{repaired}");
        assert!(repaired.contains("إلى زيادة الإنتاج وفي الأمن"), "{repaired}");
    }

    #[test]
    fn a_typo_or_two_is_left_alone() {
        // Two distinct transposition typos: no sequence is shown by enough words.
        let text = "وقال المكل في بيان إن الحكومة اللبناينة عازمة على المضي في الإصلاحات";
        assert_eq!(repair(text), text);
    }
}
