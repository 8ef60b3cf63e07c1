//! `glyph/fold-presentation-forms`: some extractors write what the PDF drew, a contextual
//! glyph per letter (ﺍﻟﻌﺮﺑﻴﺔ, U+FE70–U+FEFF), instead of the letters (العربية). Such text
//! looks right on screen, but search, sorting and every later rule read letters, so the
//! forms are folded to the letters they show (Unicode compatibility mapping, NFKC), the
//! lam-alef ligatures included (ﻻ → لا).
//!
//! Only the letter forms of Presentation Forms-B are folded. Forms-A (U+FB50–U+FDFF) also
//! holds word ligatures (ﷺ folds to a whole phrase) and slots some fonts reuse for other
//! glyphs, and the isolated harakat forms (U+FE70–U+FE7F) fold to a space and a mark.
//! Lines in visual order are put right before this stage, while each ligature is still
//! one character.

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use unicode_normalization::UnicodeNormalization;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("glyph/fold-presentation-forms"),
    category: Category::Glyph,
    summary: "Folds the contextual glyph forms some extractors emit (ﺍﻟﻌﺮﺑﻴﺔ, Presentation Forms-B) to the letters they show (العربية), lam-alef ligatures included, before the layout and glyph rules read the text.",
};

pub(super) struct FoldPresentationForms;

/// Whether `c` is a letter form of Presentation Forms-B (hamza to the lam-alef ligatures).
pub(super) fn is_letter_form(c: char) -> bool {
    ('\u{FE80}'..='\u{FEFC}').contains(&c)
}

/// The quick check, on bytes: the letter forms are EF BA 80 to EF BB BC in UTF-8, and
/// most text has none. Arabic letters are D8 to DB followed by one byte, so an EF is rare
/// and `memchr` skips to it (a byte-pair scan cost 1 ms per 2 MB).
fn may_have_letter_forms(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xEF, bytes).any(|i| matches!(bytes.get(i + 1), Some(0xBA | 0xBB)))
}

impl Rule for FoldPresentationForms {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Normalize
    }

    fn apply<'t>(&self, text: &'t str, _cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        if may_have_letter_forms(text) {
            fold_runs(text, edits);
        }
    }
}

/// The full scan: an edit for each run of letter forms.
fn fold_runs<'t>(text: &'t str, edits: &mut Vec<Edit<'t>>) {
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (run, is_letter_form(c)) {
            (None, true) => run = Some(i),
            (Some(start), false) => {
                let original = &text[start..i];
                edits.push(Edit {
                    span: start..i,
                    original,
                    replacement: original.nfkc().collect(),
                    rule: INFO.id,
                    confidence: 1.0,
                    reason: "presentation forms folded to letters".into(),
                });
                run = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn fold(text: &str) -> Vec<(String, String)> {
        let mut edits = Vec::new();
        let p = DamageProfile::default();
        FoldPresentationForms.apply(text, &Context::embedded(&p), &mut edits);
        edits
            .into_iter()
            .map(|e| (e.original.to_owned(), e.replacement))
            .collect()
    }

    #[test]
    fn folds_runs_of_letter_forms() {
        assert_eq!(
            fold("ﺍﻟﻌﺮﺑﻴﺔ و ﻻ"),
            [
                ("ﺍﻟﻌﺮﺑﻴﺔ".into(), "العربية".into()),
                ("ﻻ".into(), "لا".into())
            ]
        );
        assert!(fold("العربية ﷺ ﹰ").is_empty());
    }

    proptest::proptest! {
        /// The quick check says no only where the full scan finds no letter form, and it
        /// is the byte-pair test it replaced.
        #[test]
        fn quick_check_never_misses(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    // Letter forms and their neighbours in bytes: ﹰ is EF B9 B0, ﻼ EF BB
                    // BC, ﻿ EF BB BF, ＀ EF BC 80.
                    proptest::sample::select("ﺍﻟﻌﺮﺑﻴﺔﻻﺀﹰﻼ\u{FEFF}\u{FF00}ب a\n".chars().collect::<Vec<_>>()),
                    proptest::char::range('\u{FB50}', '\u{FFFD}'),
                    proptest::char::any(),
                ],
                0..40,
            )
        ) {
            let text: String = chars.into_iter().collect();
            let quick = may_have_letter_forms(&text);
            let pairs = text
                .as_bytes()
                .windows(2)
                .any(|w| w[0] == 0xEF && (w[1] == 0xBA || w[1] == 0xBB));
            proptest::prop_assert_eq!(quick, pairs);
            if !quick {
                proptest::prop_assert!(!text.chars().any(is_letter_form));
                let mut edits = Vec::new();
                fold_runs(&text, &mut edits);
                proptest::prop_assert!(edits.is_empty());
            }
        }
    }
}
