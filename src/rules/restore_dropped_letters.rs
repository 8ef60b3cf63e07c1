//! `glyph/restore-dropped-letters`: puts back letters a font lost in some contextual form,
//! choosing among the words the profile could have damaged into each token with the
//! bigram model, across each stretch of words between sentence breaks.

mod readings;

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::candidates::{note_walks, shared_index, Generator};
use crate::decode::Decoder;
use crate::edit::Edit;
use crate::joining::{forms, TATWEEL};
use crate::lexicon::Lexicon;
use crate::lexicon::WordId;
use crate::profile::{lam_alef_form, DamageProfile};
use crate::simulate::dropped_ranges;
use crate::token::{breaks_context, words, Word};
pub(super) use readings::PRUNE_MARGIN;
use readings::{Reading, Readings};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("glyph/restore-dropped-letters"),
    category: Category::Glyph,
    summary: "Restores letters lost in the contextual forms of the damage profile (العسرية → العسكرية, ف → في), choosing by word frequency and bigram context.",
};

pub(super) struct RestoreDroppedLetters;

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
        let mut readings = Readings::default();
        let mut decoder = Decoder::default();
        let mut chain: Vec<(Word<'t>, Reading)> = Vec::new();
        let mut last_end = 0;
        for w in words(text) {
            if !chain.is_empty() && breaks_context(&text[last_end..w.offset]) {
                decide(text, cx, &gen, &mut decoder, &mut readings, &chain, edits);
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
                readings.add(&gen, cx, w, false)
            } else {
                readings.get(&gen, cx, w)
            };
            chain.push((w, r));
        }
        decide(text, cx, &gen, &mut decoder, &mut readings, &chain, edits);
        if indexed {
            note_walks(cx.profile, readings.distinct_tokens());
        }
    }
}

/// Restorations of one token, each handed to `f` with its id.
///
/// A token whose letters look like lost forms may still be damaged: in البلجي (from
/// البلجيكي) the visible ي was medial before its neighbour was lost. So every token gets
/// its restorations, and the token itself stays the first choice.
fn restorations(gen: &Generator<'_>, text: &str, key: &str, f: impl FnMut(&str, WordId)) {
    if key.is_empty() || text.chars().any(|c| c >= '\u{FB50}') {
        // Presentation forms: the letters-to-text mapping is not one to one.
        return;
    }
    if text.ends_with(TATWEEL) && is_proclitic(key) {
        // بـ, الـ, لـ: a prefix written apart from its host, not a word that lost its end.
        return;
    }
    gen.each_restoration(key, f)
}

/// Whether `key` is only proclitics: a conjunction, a preposition, the article.
fn is_proclitic(key: &str) -> bool {
    let rest = key.strip_prefix(['و', 'ف']).unwrap_or(key);
    let rest = rest.strip_prefix(['ب', 'ك', 'ل']).unwrap_or(rest);
    let rest = rest.strip_prefix("ال").unwrap_or(rest);
    rest.is_empty() && !key.is_empty()
}

/// How many times a chain is re-decoded after its own restorations. A restoration can be
/// the damaged form of a longer word (ومحي is ومحيي without its final ي), so one pass
/// is not always a fixed point; real text settles in one or two.
const MAX_ROUNDS: usize = 4;

/// One position of a chain while it is decided: the word as restored so far.
struct Restored {
    text: String,
    reading: Reading,
    confidence: f32,
    reason: String,
}

/// Decodes one chain of words and emits an edit for every word restored.
///
/// The result is a fixed point: decoding the output again changes nothing, so repairing
/// repaired text is a no-op. A chain is re-decoded with the restored words' own readings
/// until no word changes. When no restored word has restorations of its own, the second
/// decode is skipped: its lattice is then the first one with the restored positions
/// fixed to the choices already made, so it has the same best path.
fn decide<'t>(
    text: &'t str,
    cx: &Context<'_>,
    gen: &Generator<'_>,
    decoder: &mut Decoder,
    readings: &mut Readings<'t>,
    chain: &[(Word<'t>, Reading)],
    edits: &mut Vec<Edit<'t>>,
) {
    // The fast path: nothing in the chain could have lost a letter.
    if !chain.iter().any(|&(_, r)| r.is_ambiguous()) {
        return;
    }
    let mut restored: Vec<Option<Restored>> = Vec::new();
    let mut changes: Vec<(usize, usize, f32)> = Vec::new();
    for round in 0.. {
        let reading = |restored: &[Option<Restored>], i: usize| match restored.get(i) {
            Some(Some(r)) => r.reading,
            _ => chain[i].1,
        };
        changes.clear();
        let decisions = decoder.decode(cx.lexicon, cx.model, chain.len(), |i| {
            readings.choices(reading(&restored, i))
        });
        changes.extend(
            (decisions.iter().enumerate())
                .filter(|(_, d)| d.choice != 0)
                .map(|(i, d)| (i, d.choice, d.confidence)),
        );
        if changes.is_empty() {
            break;
        }
        if round == MAX_ROUNDS {
            // Never settled: leave the chain as it was rather than emit a result that a
            // second repair would change.
            return;
        }
        restored.resize_with(chain.len(), || None);
        let mut settled = true;
        for &(i, choice, confidence) in &changes {
            let word = chain[i].0;
            let before = restored[i].take();
            let current = before.as_ref().map_or(word.text, |r| &r.text);
            let to =
                readings.restoration(before.as_ref().map_or(chain[i].1, |r| r.reading), choice);
            let (new, why) = restore_in_place(current, to, cx.profile);
            let r = readings.add(gen, cx, Word { text: &new, ..word }, true);
            settled &= !r.is_ambiguous();
            restored[i] = Some(match before {
                None => Restored {
                    text: new,
                    reading: r,
                    confidence,
                    reason: why,
                },
                Some(before) => Restored {
                    text: new,
                    reading: r,
                    confidence: before.confidence * confidence,
                    reason: format!("{}, then {}", before.reason, why),
                },
            });
        }
        if settled {
            break;
        }
    }
    for (&(word, _), r) in chain.iter().zip(restored) {
        if let Some(r) = r {
            edits.push(Edit {
                span: word.span(),
                original: &text[word.span()],
                replacement: r.text,
                rule: INFO.id,
                confidence: r.confidence,
                reason: r.reason.into(),
            });
        }
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
    let mut reason = String::from("restored ");
    // Ranges come in order, so one pass over the forms serves them all.
    let mut forms = forms(restored).peekable();
    for (k, r) in dropped_ranges(restored, profile).into_iter().enumerate() {
        while forms.next_if(|&(i, _, _)| i < r.start).is_some() {}
        let form = forms
            .peek()
            .filter(|&&(i, _, _)| i == r.start)
            .map_or(crate::joining::Form::Isolated, |&(_, _, f)| f);
        let letters = &restored[r];
        // Two letters are a lam-alef ligature; `form` is then its lam's.
        let form = if letters.chars().count() > 1 {
            lam_alef_form(form)
        } else {
            form
        };
        if k > 0 {
            reason.push_str(" and ");
        }
        reason.push_str(form.name());
        reason.push(' ');
        reason.push_str(letters);
    }
    (out, reason)
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
