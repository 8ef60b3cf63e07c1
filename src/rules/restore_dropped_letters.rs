//! `glyph/restore-dropped-letters`: puts back letters a font lost in some contextual form,
//! choosing among the words the profile could have damaged into each token with the
//! bigram model, across each stretch of words between sentence breaks.

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::candidates::{note_walks, shared_index, Candidate, Generator};
use crate::decode::decode;
use crate::edit::Edit;
use crate::joining::{forms, TATWEEL};
use crate::language_model::UNKNOWN_WORD_COST;
use crate::lexicon::Lexicon;
use crate::lexicon::WordId;
use crate::profile::{lam_alef_form, DamageProfile};
use crate::simulate::dropped_ranges;
use crate::token::{breaks_context, words, Word};
use std::collections::HashMap;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("glyph/restore-dropped-letters"),
    category: Category::Glyph,
    summary: "Restores letters lost in the contextual forms of the damage profile (العسرية → العسكرية, ف → في), choosing by word frequency and bigram context.",
};

pub(super) struct RestoreDroppedLetters;

/// How much rarer (in nats of unigram cost) than the token a restoration may be.
/// (`layout/split-proclitic` relies on it to know which words this rule cannot change.)
pub(super) const PRUNE_MARGIN: f32 = 7.0;

/// What a distinct token can be: the token itself first, then its restorations.
struct Reading {
    choices: Vec<Option<WordId>>,
    restorations: Vec<Candidate>,
}

impl Rule for RestoreDroppedLetters {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Glyph
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        if cx.profile.is_empty() {
            return;
        }
        let mut gen = Generator::new(cx.lexicon, cx.profile);
        let indexed = std::ptr::eq(cx.lexicon, Lexicon::embedded());
        if let Some(index) = indexed.then(|| shared_index(cx.profile)).flatten() {
            gen = gen.with_index(index);
        }
        // Tokens repeat (Zipf): look each distinct one up once per document.
        let mut seen: HashMap<&'t str, usize> = HashMap::new();
        let mut readings: Vec<Reading> = Vec::new();
        let mut chain: Vec<(Word<'t>, usize)> = Vec::new();
        let mut last_end = 0;
        for w in words(text) {
            if !chain.is_empty() && breaks_context(&text[last_end..w.offset]) {
                decide(text, cx, &readings, &chain, edits);
                chain.clear();
            }
            last_end = w.offset + w.text.len();
            let glued = w.text.ends_with(TATWEEL)
                && text[last_end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            let r = if glued {
                // الـCNN: the tatweel joins the word to what follows; nothing was lost.
                readings.push(reading(&gen, cx, w, false));
                readings.len() - 1
            } else {
                *seen.entry(w.text).or_insert_with(|| {
                    readings.push(reading(&gen, cx, w, true));
                    readings.len() - 1
                })
            };
            chain.push((w, r));
        }
        decide(text, cx, &readings, &chain, edits);
        if indexed {
            note_walks(cx.profile, seen.len());
        }
    }
}

fn reading(gen: &Generator<'_>, cx: &Context<'_>, w: Word<'_>, restore: bool) -> Reading {
    let key = w.key();
    let id = cx.lexicon.id(&key);
    let mut restorations = if restore {
        restorations(gen, w.text, &key)
    } else {
        Vec::new()
    };
    // A restoration far rarer than the token itself can only win on bigram evidence so
    // strong that it would make it frequent; dropping it keeps the lattice small.
    let ceiling = id.map_or(UNKNOWN_WORD_COST, |id| cx.lexicon.cost(id)) + PRUNE_MARGIN;
    restorations.retain(|c| cx.lexicon.cost(c.id) <= ceiling);
    let choices = std::iter::once(id)
        .chain(restorations.iter().map(|c| Some(c.id)))
        .collect();
    Reading {
        choices,
        restorations,
    }
}

/// Restorations of one token.
///
/// A token whose letters look like lost forms may still be damaged: in البلجي (from
/// البلجيكي) the visible ي was medial before its neighbour was lost. So every token gets
/// its restorations, and the token itself stays the first choice.
fn restorations(gen: &Generator<'_>, text: &str, key: &str) -> Vec<Candidate> {
    if key.is_empty() || text.chars().any(|c| c >= '\u{FB50}') {
        // Presentation forms: the letters-to-text mapping is not one to one.
        return Vec::new();
    }
    if text.ends_with(TATWEEL) && is_proclitic(key) {
        // بـ, الـ, لـ: a prefix written apart from its host, not a word that lost its end.
        return Vec::new();
    }
    gen.restorations(key)
}

/// Whether `key` is only proclitics: a conjunction, a preposition, the article.
fn is_proclitic(key: &str) -> bool {
    let rest = key.strip_prefix(['و', 'ف']).unwrap_or(key);
    let rest = rest.strip_prefix(['ب', 'ك', 'ل']).unwrap_or(rest);
    let rest = rest.strip_prefix("ال").unwrap_or(rest);
    rest.is_empty() && !key.is_empty()
}

/// Decodes one chain of words and emits an edit for every word restored.
fn decide<'t>(
    text: &'t str,
    cx: &Context<'_>,
    readings: &[Reading],
    chain: &[(Word<'t>, usize)],
    edits: &mut Vec<Edit<'t>>,
) {
    if chain
        .iter()
        .all(|&(_, r)| readings[r].restorations.is_empty())
    {
        return;
    }
    let choices: Vec<&[Option<WordId>]> = chain
        .iter()
        .map(|&(_, r)| readings[r].choices.as_slice())
        .collect();
    let decisions = decode(cx.lexicon, cx.model, &choices);
    for (&(word, r), d) in chain.iter().zip(&decisions) {
        if d.choice == 0 {
            continue;
        }
        let restored = &readings[r].restorations[d.choice - 1].word;
        let (replacement, reason) = restore_in_place(word.text, restored, cx.profile);
        edits.push(Edit {
            span: word.span(),
            original: &text[word.span()],
            replacement,
            rule: INFO.id,
            confidence: d.confidence,
            reason: reason.into(),
        });
    }
}

/// Inserts the letters that `restored` (lookup form) has and `original` lacks into
/// `original`, keeping its harakat and tatweel in place. Returns the new word and a
/// description of what was restored: exactly the glyphs `profile` drops from `restored`.
fn restore_in_place(original: &str, restored: &str, profile: &DamageProfile) -> (String, String) {
    let mut out = String::with_capacity(restored.len() + original.len());
    let mut want = restored.chars().peekable();
    for c in original.chars() {
        if !crate::token::is_arabic_mark(c) && c != crate::joining::TATWEEL {
            while let Some(r) = want.next_if(|&r| r != c) {
                out.push(r);
            }
            want.next();
        }
        out.push(c);
    }
    out.extend(want);
    let lost: Vec<String> = dropped_ranges(restored, profile)
        .into_iter()
        .map(|r| {
            let at = r.start;
            let letters = &restored[r];
            let form = forms(restored)
                .find(|&(i, _, _)| i == at)
                .map_or(crate::joining::Form::Isolated, |(_, _, f)| f);
            // Two letters are a lam-alef ligature; `form` is then its lam's.
            let form = if letters.chars().count() > 1 {
                lam_alef_form(form)
            } else {
                form
            };
            format!("{form} {letters}")
        })
        .collect();
    (out, format!("restored {}", lost.join(" and ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores_keeping_marks() {
        let p = DamageProfile::sample();
        assert_eq!(
            restore_in_place("ف", "في", &p),
            ("في".into(), "restored final ي".into())
        );
        assert_eq!(restore_in_place("أنّه", "أنهى", &p).0, "أنّهى");
        assert_eq!(
            restore_in_place("ل", "لكي", &p),
            ("لكي".into(), "restored medial ك and final ي".into())
        );
        assert_eq!(
            restore_in_place("العسرية", "العسكرية", &p).1,
            "restored medial ك"
        );
        assert_eq!(restore_in_place("تفك", "تفكك", &p).1, "restored medial ك");
        let lam_alef: DamageProfile = "isolated-lam-alef,final-lam-alef".parse().unwrap();
        assert_eq!(
            restore_in_place("ن", "لأن", &lam_alef).1,
            "restored isolated لأ"
        );
        assert_eq!(
            restore_in_place("كم", "كلام", &lam_alef).1,
            "restored final لا"
        );
    }
}
