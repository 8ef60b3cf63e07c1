//! `glyph/restore-dropped-letters`: puts back letters a font lost in some contextual form,
//! choosing among the words the profile could have damaged into each token with the
//! bigram model, across each stretch of words between sentence breaks.

use super::{Category, Context, Rule, RuleId, RuleInfo};
use crate::candidates::Generator;
use crate::decode::{decode, Choice};
use crate::edit::Edit;
use crate::joining::forms;
use crate::profile::DamageProfile;
use crate::simulate::{damage, dropped_ranges};
use crate::token::{breaks_context, words, Word};
use std::collections::HashMap;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("glyph/restore-dropped-letters"),
    category: Category::Glyph,
    summary: "Restores letters lost in the contextual forms of the damage profile (العسرية → العسكرية, ف → في), choosing by word frequency and bigram context.",
};

pub(super) struct RestoreDroppedLetters;

/// A word in the chain and its alternatives (the first is the word as it stands).
struct Slot<'t> {
    word: Word<'t>,
    alternatives: Vec<String>,
}

impl Rule for RestoreDroppedLetters {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        if cx.profile.is_empty() {
            return;
        }
        let gen = Generator::new(cx.lexicon, cx.profile);
        let mut cache: HashMap<&'t str, Vec<String>> = HashMap::new();
        let mut slots: Vec<Slot<'t>> = Vec::new();
        let mut choices: Vec<Vec<Choice>> = Vec::new();
        let mut last_end = 0;
        for w in words(text) {
            if !slots.is_empty() && breaks_context(&text[last_end..w.offset]) {
                flush(text, cx, &mut slots, &mut choices, edits);
            }
            last_end = w.offset + w.text.len();
            let alternatives = cache
                .entry(w.text)
                .or_insert_with(|| alternatives_for(&gen, cx, w))
                .clone();
            let key = w.key();
            let mut c: Vec<Choice> = vec![Choice {
                id: cx.lexicon.id(&key),
                penalty: 0.0,
            }];
            c.extend(alternatives.iter().map(|a| Choice {
                id: cx.lexicon.id(a),
                penalty: 0.0,
            }));
            choices.push(c);
            slots.push(Slot {
                word: w,
                alternatives,
            });
        }
        flush(text, cx, &mut slots, &mut choices, edits);
    }
}

/// Restorations of one token (empty when it cannot be a damaged word).
fn alternatives_for(gen: &Generator<'_>, cx: &Context<'_>, w: Word<'_>) -> Vec<String> {
    if w.text.chars().any(|c| c >= '\u{FB50}') {
        // Presentation forms: the letters-to-text mapping is not one to one.
        return Vec::new();
    }
    let key = w.key();
    if key.is_empty() || damage(&key, cx.profile) != key {
        // A token showing a lost form was not damaged by this profile.
        return Vec::new();
    }
    gen.restorations(&key).into_iter().map(|c| c.word).collect()
}

fn flush<'t>(
    text: &'t str,
    cx: &Context<'_>,
    slots: &mut Vec<Slot<'t>>,
    choices: &mut Vec<Vec<Choice>>,
    edits: &mut Vec<Edit<'t>>,
) {
    let decisions = decode(cx.lexicon, cx.model, choices);
    for (slot, d) in slots.iter().zip(&decisions) {
        if d.choice == 0 {
            continue;
        }
        let restored = &slot.alternatives[d.choice - 1];
        let (replacement, reason) = restore_in_place(slot.word.text, restored, cx.profile);
        edits.push(Edit {
            span: slot.word.span(),
            original: &text[slot.word.span()],
            replacement,
            rule: INFO.id,
            confidence: d.confidence,
            reason: reason.into(),
        });
    }
    slots.clear();
    choices.clear();
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
            let form = if letters.chars().count() > 1 && form != crate::joining::Form::Isolated {
                crate::joining::Form::Final // a lam-alef ligature joined backward
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
    }
}
