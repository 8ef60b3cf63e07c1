//! `layout/split-proclitic`: a one-letter proclitic that extraction wrote apart from its
//! word (`و اقتربت` for `واقتربت`; a gap follows و because it never joins forward) is
//! joined back, before the glyph rule reads the words.
//!
//! A lone letter that the damage profile could have cut short (ف for في under a profile
//! that loses final ي) is left to the glyph rule. Otherwise و is joined to any word; ب ل
//! ف ك only when the joined form is a word and the bigram model prefers it to the letter
//! standing alone, and only next to a word the glyph rule cannot change, so that
//! repairing the repaired text decides the same way.

use super::readings::Readings;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::language_model::UNKNOWN_WORD_COST;
use crate::token::{words, Word};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/split-proclitic"),
    category: Category::Layout,
    summary: "Joins a one-letter proclitic written apart back to its word (و اقتربت → واقتربت); ب ل ف ك only when the joined form is a word the bigram model prefers.",
};

pub(super) struct SplitProclitic;

/// How much cheaper (nats) joining ب ل ف ك must be than the letter standing alone.
const MARGIN: f32 = 2.0;

impl Rule for SplitProclitic {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Layout
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        // Only where visual-order extraction left its signature: authors write `و كان`
        // too, and a reordering needs the evidence that the extractor reordered.
        if !cx.visual_order {
            return;
        }
        let ws: Vec<Word<'t>> = words(text).collect();
        let mut readings: Option<Readings<'_>> = None;
        for pair in ws.windows(2) {
            let (w, next) = (pair[0], pair[1]);
            if !matches!(w.text, "و" | "ب" | "ل" | "ف" | "ك") {
                continue;
            }
            let gap = &text[w.span().end..next.offset];
            let next_key = next.key();
            if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\t') {
                // A proclitic attaches to the next word on the same line.
                continue;
            }
            let r = readings.get_or_insert_with(|| Readings::new(cx));
            if !r.glyph_stable(w.text) {
                continue;
            }
            // ل before the article writes لل: ل البيت is للبيت.
            let lam_article = w.text == "ل" && next.text.starts_with("ال");
            let confidence = if w.text == "و" {
                0.9
            } else {
                if !r.glyph_stable(&next_key) || next_key.chars().count() < 2 {
                    continue;
                }
                let joined = if lam_article {
                    format!("ل{}", &next_key["ا".len()..])
                } else {
                    format!("{}{}", w.text, next_key)
                };
                let Some(joined_id) = cx.lexicon.id(&joined) else {
                    continue;
                };
                let (letter, word) = (cx.lexicon.id(w.text), cx.lexicon.id(&next_key));
                let apart = letter.map_or(UNKNOWN_WORD_COST, |id| cx.lexicon.cost(id))
                    + cx.model.cost(cx.lexicon, letter, word);
                let gain = apart - cx.lexicon.cost(joined_id);
                if gain < MARGIN {
                    continue;
                }
                (1.0 / (1.0 + (-(gain - MARGIN)).exp())).clamp(0.5, 0.99)
            };
            // The gap goes; before the article, so does its alef (ل البيت → للبيت).
            let span = if lam_article {
                w.span().end..next.offset + "ا".len()
            } else {
                w.span().end..next.offset
            };
            edits.push(Edit {
                original: &text[span.clone()],
                span,
                replacement: String::new(),
                rule: INFO.id,
                confidence,
                reason: format!("proclitic {} written apart from its word", w.text).into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language_model::BigramModel;
    use crate::lexicon::Lexicon;
    use crate::profile::DamageProfile;

    fn join(text: &str, profile: &str) -> String {
        let profile: DamageProfile = profile.parse().unwrap();
        let cx = Context {
            profile: &profile,
            lexicon: Lexicon::embedded(),
            model: BigramModel::embedded(),
            visual_order: true,
            walks: None,
        };
        let mut edits = Vec::new();
        SplitProclitic.apply(text, &cx, &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    #[test]
    fn joins_proclitics_the_glyph_rule_leaves_alone() {
        assert_eq!(join("و اقتربت باكو", "sample"), "واقتربت باكو");
        assert_eq!(join("ذهب ب السيارة", "medial-kaf"), "ذهب بالسيارة");
        assert_eq!(join("عاد ل البيت", "medial-kaf"), "عاد للبيت");
        // Under a profile that loses final ي, a lone ف is في cut short.
        assert_eq!(join("ف المنطقة", "sample"), "ف المنطقة");
        // Across a line break, never.
        assert_eq!(join("و\nاقتربت", "sample"), "و\nاقتربت");
    }
}
