//! The writer's ي/ى convention, read from the document itself.
//!
//! Many writers spell word-final ي as ى (فى, الذى, التى) and some spell final ى as ي
//! (علي for على). When a font loses both final forms, the letter put back is a guess, and
//! the lexicon's more frequent spelling would overrule the writer's own. But a final ي/ى
//! after a letter that does not join forward is in a form the damage keeps (الذى after
//! ذ, الكبري after ر): those words show, against the lexicon's frequencies of both
//! spellings, which letter this writer uses. Where the other letter is the likelier, a
//! restored final ي/ى is also offered respelled with it, scored by the language model as
//! the word it stands for, and its own spelling costs the odds against it. Tokens that
//! lost nothing are never touched: only the choice between restorations changes.

use crate::joining::{forms, Form};
use crate::lexicon::Lexicon;
use crate::profile::DamageProfile;
use crate::token::{word_around, Word};

const YEH: char = 'ي';
const ALEF_MAKSURA: char = 'ى';

/// How much more frequent (in nats of unigram cost) one spelling of a word must be than
/// the other for the word to show a convention: الذي/الذى does, لدي/لدى (two words) not.
const LOPSIDED: f32 = 2.0;

/// Beta prior on a writer's rate of respelling, in distinct words: (respelled, standard).
/// A document takes the other letter once its respelled words outnumber its standard
/// ones by three. Chosen on the tuning slice, where about one article in three hundred
/// writes فى for في throughout. Wrong words there (sample profile; final ي and ى only):
/// 7,903 and 6,225 without the convention; with a margin of one 8,260 and 6,119 (an
/// article with one respelled word and no standard one is often not the writer's habit),
/// two 7,769 and 6,110, three 7,782 and 6,103: as good as two, further from the cliff.
const PRIOR: (f32, f32) = (0.3, 3.0);

/// The other letter of the pair, for ي and ى.
fn swap(c: char) -> Option<char> {
    match c {
        YEH => Some(ALEF_MAKSURA),
        ALEF_MAKSURA => Some(YEH),
        _ => None,
    }
}

/// `word` (in lookup form) with its final ي/ى replaced by the other letter.
pub(super) fn respelled(word: &str) -> Option<String> {
    let last = word.chars().next_back()?;
    let other = swap(last)?;
    let mut out = String::with_capacity(word.len());
    out.push_str(&word[..word.len() - last.len_utf8()]);
    out.push(other);
    Some(out)
}

/// The words of `text` whose lookup form may end in ي or ى ([`may_end_in_yeh`]), in
/// order. Most words do not, so rather than tokenize the whole text, the words are found
/// around the bytes that such a word must hold: ي (D9 8A), ى (D9 89), or the lead byte
/// of a presentation form (EF).
fn words_maybe_ending_in_yeh(text: &str) -> impl Iterator<Item = Word<'_>> {
    let bytes = text.as_bytes();
    // The end of the last word found: later hits within it are the same word.
    let mut done = 0;
    memchr::memchr3_iter(0x89, 0x8A, 0xEF, bytes).filter_map(move |i| {
        let at = match bytes[i] {
            0xEF => i,
            // A continuation byte: only after D9 is it ي or ى.
            _ if i > 0 && bytes[i - 1] == 0xD9 => i - 1,
            _ => return None,
        };
        if at < done {
            return None;
        }
        let w = word_around(text, at)?;
        done = w.offset + w.text.len();
        may_end_in_yeh(w.text).then_some(w)
    })
}

/// Whether the lookup form of `word` may end in ي or ى: most words do not, and are told
/// apart before their lookup form is built. Marks and tatweel leave the lookup form;
/// presentation forms (U+FB50 on, three bytes led by EF) are folded into it, so a word
/// with one is always looked at.
fn may_end_in_yeh(word: &str) -> bool {
    let last = word
        .chars()
        .rev()
        .find(|&c| !crate::token::is_arabic_mark(c) && c != crate::joining::TATWEEL);
    matches!(last, Some(YEH | ALEF_MAKSURA)) || word.as_bytes().contains(&0xEF)
}

/// A document's ي/ى convention: for each letter, the probability that this writer writes
/// it (word-finally) as the other one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Convention {
    /// Rate of final ي written as ى, and of final ى written as ي.
    rates: [f32; 2],
}

fn slot(c: char) -> Option<usize> {
    match c {
        YEH => Some(0),
        ALEF_MAKSURA => Some(1),
        _ => None,
    }
}

impl Convention {
    /// The convention of `text`, or None when `profile` does not lose ي and ى in a
    /// word-final form (restoration then never has to choose between them).
    pub(super) fn estimate(
        text: &str,
        lexicon: &Lexicon,
        profile: &DamageProfile,
    ) -> Option<Convention> {
        let lost = |f: Form| profile.drops(YEH, f) && profile.drops(ALEF_MAKSURA, f);
        if !lost(Form::Final) && !lost(Form::Isolated) {
            return None;
        }
        // Per letter, as the standard spelling of a word: (written with the other, with it).
        let mut seen = [(0u32, 0u32); 2];
        let kept = |f: Form| !profile.drops(YEH, f) && !profile.drops(ALEF_MAKSURA, f);
        let mut counted = foldhash::HashSet::default();
        for w in words_maybe_ending_in_yeh(text) {
            let key = w.key();
            let Some(other) = respelled(&key) else {
                continue;
            };
            // The form of the last letter: transparent marks were removed with the key.
            let Some((_, _, form)) = forms(&key).last() else {
                continue;
            };
            if !kept(form) || !counted.insert(key.clone()) {
                continue;
            }
            let (Some(id), Some(other_id)) = (lexicon.id(&key), lexicon.id(&other)) else {
                continue;
            };
            let margin = lexicon.cost(id) - lexicon.cost(other_id);
            let Some(k) = key.chars().next_back().and_then(slot) else {
                continue;
            };
            if margin >= LOPSIDED {
                // الذى: the standard has the other letter, written as this one.
                seen[1 - k].0 += 1;
            } else if margin <= -LOPSIDED {
                // الذي: the standard spelling, as it is.
                seen[k].1 += 1;
            }
        }
        let rate = |(respelled, standard): (u32, u32)| {
            (respelled as f32 + PRIOR.0) / ((respelled + standard) as f32 + PRIOR.0 + PRIOR.1)
        };
        Some(Convention {
            rates: [rate(seen[0]), rate(seen[1])],
        })
    }

    /// For a restored word ending in `last` (ي or ى), if this writer more likely writes
    /// it as the other letter: the cost of keeping its spelling, in nats (respelling it
    /// costs nothing). None where the spelling the lexicon gives is the likelier one, so
    /// that a document showing no other convention is restored exactly as without one.
    pub(super) fn keep_cost(&self, last: char) -> Option<f32> {
        let p = self.rates[slot(last)?];
        // Only the spelling is the convention's to decide: how readily a letter is
        // restored at all is the language model's.
        (p > 0.5).then(|| (p / (1.0 - p)).ln())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(text: &str) -> Convention {
        Convention::estimate(text, Lexicon::embedded(), &DamageProfile::sample()).unwrap()
    }

    #[test]
    fn respells_the_final_letter_only() {
        assert_eq!(respelled("في").as_deref(), Some("فى"));
        assert_eq!(respelled("على").as_deref(), Some("علي"));
        assert_eq!(respelled("بيت"), None);
    }

    #[test]
    fn only_for_profiles_losing_both_final_letters() {
        let lex = Lexicon::embedded();
        let yeh_only: DamageProfile = "final-yeh".parse().unwrap();
        assert!(Convention::estimate("الذى", lex, &yeh_only).is_none());
        let both: DamageProfile = "final-yeh,final-alef-maksura".parse().unwrap();
        assert!(Convention::estimate("الذى", lex, &both).is_some());
    }

    #[test]
    fn surviving_isolated_forms_show_the_convention() {
        let egyptian = estimate("الذى قال إن الرأى الذى قدمه الكبرى أى الذى");
        assert!(
            egyptian.keep_cost(YEH).is_some_and(|c| c > 0.0),
            "{egyptian:?}"
        );
        // الكبرى is the standard spelling: no sign of writing ى as ي.
        assert_eq!(egyptian.keep_cost(ALEF_MAKSURA), None);
        let standard = estimate("الذي قال إن الرأي الذي قدمه الكبرى الذي");
        assert_eq!(standard.keep_cost(YEH), None);
        let other = estimate("الكبري وأخري في مستوي");
        assert!(other.keep_cost(ALEF_MAKSURA).is_some(), "{other:?}");
        assert_eq!(other.keep_cost(YEH), None);
    }

    #[test]
    fn one_word_is_not_a_convention() {
        assert_eq!(estimate("الذى قال").keep_cost(YEH), None);
        assert_eq!(estimate("قال إن").keep_cost(YEH), None);
        // Respelled words must outnumber standard ones.
        assert_eq!(estimate("الذى الرأى أي السوري").keep_cost(YEH), None);
    }

    #[test]
    fn final_forms_are_no_evidence_when_lost() {
        // في and على have their letter in the final form, which the sample loses: a
        // document showing them was not damaged that way, and they say nothing.
        assert_eq!(estimate("فى على"), estimate(""));
    }

    #[test]
    fn words_with_two_spellings_are_no_evidence() {
        // لدي and لدى are both common words.
        assert_eq!(estimate("لدي لدى"), estimate(""));
    }

    #[test]
    fn restores_in_the_writers_spelling() {
        use crate::{ProfileChoice, Repairer};
        let r = Repairer::new().profile(ProfileChoice::Given(DamageProfile::sample()));
        let egyptian = "قال الرجل الذى يعمل ف المدينة إن الرأى العام لا يرى أى مشلة ف الت يعيشها";
        let repaired = r.repair(egyptian).text;
        assert_eq!(
            repaired,
            "قال الرجل الذى يعمل فى المدينة إن الرأى العام لا يرى أى مشكلة فى التى يعيشها"
        );
        assert!(r.repair(&repaired).edits.is_empty());
        let standard = "قال الرجل الذي يعمل ف المدينة إن الرأي العام لا يرى أي مشلة ف الت يعيشها";
        assert_eq!(
            r.repair(standard).text,
            "قال الرجل الذي يعمل في المدينة إن الرأي العام لا يرى أي مشكلة في التي يعيشها"
        );
    }
}
