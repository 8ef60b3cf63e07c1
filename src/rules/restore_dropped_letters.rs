//! `glyph/restore-dropped-letters`: puts back letters a font lost in some contextual form,
//! choosing among the words the profile could have damaged into each token with the
//! bigram model, across each stretch of words between sentence breaks.

mod chain;
mod convention;
mod readings;
mod vanished;

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::candidates::{note_walks, shared_index, Generator};
use crate::decode::Decoder;
use crate::edit::Edit;
use crate::glyph::glyphs;
use crate::joining::TATWEEL;
use crate::lexicon::Lexicon;
use crate::lexicon::WordId;
use crate::profile::DamageProfile;
use crate::token::{breaks_context, has_arabic, is_number, number_span, words, Word};
use chain::{Chain, Gap};
use convention::Convention;
use readings::Readings;
pub(super) use readings::PRUNE_MARGIN;
use vanished::Vanished;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("glyph/restore-dropped-letters"),
    category: Category::Glyph,
    summary: "Restores letters lost in the contextual forms of the damage profile (العسرية → العسكرية, ف → في) and words it erased whole (a double space where لا was), choosing by word frequency and bigram context.",
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
        let mut gen = Generator::new(cx.lexicon, cx.profile).with_walks(cx.walks);
        let indexed = std::ptr::eq(cx.lexicon, Lexicon::embedded());
        if let Some(index) = indexed.then(|| shared_index(cx.profile)).flatten() {
            gen = gen.with_index(index);
        }
        let convention = Convention::estimate(text, cx.lexicon, cx.profile);
        let mut readings = Readings::new(convention);
        let vanished = Vanished::new(&gen, cx, &mut readings, text);
        let mut decoder = Decoder::default();
        let mut chain = Chain::default();
        let mut last_end = 0;
        for w in words(text) {
            // A number between the words stands in the chain as a word of its own, unless
            // the context breaks on both sides of it.
            let between = &text[last_end..w.offset];
            let number = number_span(between).map(|num| Word {
                text: &between[num.clone()],
                offset: last_end + num.start,
            });
            for stop in number.into_iter().chain([w]) {
                if !chain.tokens.is_empty() && breaks_context(&text[last_end..stop.offset]) {
                    chain.decide(
                        text,
                        cx,
                        &gen,
                        &mut decoder,
                        &mut readings,
                        &vanished,
                        edits,
                    );
                    chain.clear();
                }
                if stop.offset != w.offset {
                    chain.tokens.push((stop, readings.number(cx)));
                    last_end = stop.span().end;
                }
            }
            let between = &text[last_end..w.offset];
            let gap = vanished
                .gap_in(between, last_end == 0)
                .filter(|&(k, kind)| {
                    // After a break, only a gap right before the word opens the new chain; and
                    // only Arabic words lose Arabic words between them.
                    (!chain.tokens.is_empty() || k + kind.len() == between.len())
                        && has_arabic(w.text)
                        && chain
                            .tokens
                            .last()
                            .map_or(true, |(p, _)| has_arabic(p.text) || is_number(p.text))
                });
            if let Some((k, kind)) = gap {
                chain.gaps.push(Gap {
                    before: chain.tokens.len(),
                    at: last_end + k,
                    kind,
                });
            }
            last_end = w.offset + w.text.len();
            let glued = w.text.ends_with(TATWEEL)
                && text[last_end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            let r =
                if glued || super::unmapped_glyphs::touches_placeholder(text, w.offset, last_end) {
                    // الـCNN: the tatweel joins the word to what follows; nothing was lost. A
                    // word a placeholder cuts (ف in �ف) is only part of one.
                    readings.add(&gen, cx, w, false)
                } else {
                    readings.get(&gen, cx, w)
                };
            chain.tokens.push((w, r));
        }
        chain.decide(
            text,
            cx,
            &gen,
            &mut decoder,
            &mut readings,
            &vanished,
            edits,
        );
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

/// Inserts the letters that `restored` (lookup form) has and `original` lacks into
/// `original`, keeping its harakat and tatweel in place. Returns the new word and a
/// description of what was restored: exactly the glyphs `profile` drops from `restored`.
pub(super) fn restore_in_place(
    original: &str,
    restored: &str,
    profile: &DamageProfile,
) -> (String, String) {
    let mut out = String::with_capacity(restored.len() + original.len());
    let mut want = restored.chars().peekable();
    // Where the marks after the last letter written so far begin.
    let mut marks_from = 0;
    for c in original.chars() {
        if !crate::token::is_arabic_mark(c) && c != crate::joining::TATWEEL {
            let missing: String = std::iter::from_fn(|| want.next_if(|&r| r != c)).collect();
            insert_among_marks(&mut out, marks_from, &missing);
            want.next();
            out.push(c);
            marks_from = out.len();
        } else {
            out.push(c);
        }
    }
    let missing: String = want.collect();
    insert_among_marks(&mut out, marks_from, &missing);
    let mut reason = String::with_capacity(64);
    reason.push_str("restored ");
    // One pass over the glyphs gives both what was lost and the form it was lost in (a
    // lam-alef's is the ligature's).
    let lost = glyphs(restored).filter(|&(_, g)| profile.loses(g));
    for (k, (r, g)) in lost.enumerate() {
        if k > 0 {
            reason.push_str(" and ");
        }
        reason.push_str(g.form().name());
        reason.push(' ');
        reason.push_str(&restored[r]);
    }
    (out, reason)
}

/// Inserts lost `letters` into the marks that follow the last letter of `out` (from byte
/// `marks_from`). The lost letters' own marks were kept, so the run holds the visible
/// letter's marks and then theirs: the lost letters go before the first mark the visible
/// letter cannot carry, a tanween (it ends a word: قائلاً lost its لا as قائً) or a second
/// mark of a kind it already has (a second vowel, a second shadda).
fn insert_among_marks(out: &mut String, marks_from: usize, letters: &str) {
    if letters.is_empty() {
        return;
    }
    let kind = |c: char| match c {
        '\u{064B}'..='\u{064D}' => 0,              // tanween
        '\u{064E}'..='\u{0650}' | '\u{0652}' => 1, // vowels, sukun
        '\u{0651}' => 2,                           // shadda
        _ => 3,
    };
    let mut seen = [false; 4];
    let split = out[marks_from..]
        .char_indices()
        .find(|&(_, c)| {
            let k = kind(c);
            let foreign = k == 0 || (k < 3 && seen[k]);
            seen[k] = true;
            foreign
        })
        .map_or(out.len(), |(at, _)| marks_from + at);
    out.insert_str(split, letters);
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

    #[test]
    fn lost_letters_take_back_their_marks() {
        let lam_alef: DamageProfile = "final-lam-alef".parse().unwrap();
        // The tanween was the ligature's; it ends the word.
        assert_eq!(restore_in_place("قائً", "قائلا", &lam_alef).0, "قائلاً");
        let p = DamageProfile::sample();
        // A second vowel is the lost letter's; a single one stays where it is.
        assert_eq!(
            restore_in_place("م\u{64E}\u{64E}\u{651}ة", "مكة", &p).0,
            "مَكَّة"
        );
        assert_eq!(restore_in_place("أنّه", "أنهى", &p).0, "أنّهى");
        assert_eq!(restore_in_place("فِ", "في", &p).0, "فِي");
        // Tatweel is kept where it stands.
        assert_eq!(restore_in_place("العسـرية", "العسكرية", &p).0, "العسـكرية");
    }
}
