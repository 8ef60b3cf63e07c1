//! The rule registry: every rule tarmim can apply, each with a stable id and a one-line
//! description. The README's rule table is generated from [`RULES`].

mod bidi_embeddings;
mod boxed_runs;
mod fold_presentation_forms;
mod glued_numbers;
mod justification_fillers;
mod kashida_pieces;
mod ligature_order;
mod line_end_punctuation;
mod mark_split_lines;
mod offset_glyph_pieces;
mod readings;
mod restore_dropped_letters;
mod reversed_runs;
mod split_proclitic;
mod stand_in_pieces;
mod unmapped_glyphs;
mod visual_order_lines;
mod word_spacing;

use crate::edit::Edit;
use crate::error::Error;
use crate::language_model::BigramModel;
use crate::lexicon::Lexicon;
use crate::profile::DamageProfile;
use std::fmt;
use std::str::FromStr;

/// A rule's stable identifier, such as `glyph/restore-dropped-letters`.
///
/// ```
/// use tarmim::rules::RuleId;
/// let id: RuleId = "glyph/restore-dropped-letters".parse().unwrap();
/// assert_eq!(id.as_str(), "glyph/restore-dropped-letters");
/// assert!("glyph/nonsense".parse::<RuleId>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(&'static str);

impl RuleId {
    /// The id as a string.
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// What the rule repairs.
    ///
    /// ```
    /// use tarmim::rules::{Category, RuleId};
    /// let id: RuleId = "layout/reversed-runs".parse().unwrap();
    /// assert_eq!(id.category(), Category::Layout);
    /// ```
    pub fn category(self) -> Category {
        RULES
            .iter()
            .find(|r| r.id == self)
            .map_or(Category::Glyph, |r| r.category)
    }

    /// Where the rule runs among [`RULES`] (an unknown id last).
    pub(crate) fn run_order(self) -> usize {
        RULES
            .iter()
            .position(|r| r.id == self)
            .unwrap_or(RULES.len())
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so that `{:<36}` lines the rule list up.
        f.pad(self.0)
    }
}

impl FromStr for RuleId {
    type Err = Error;

    fn from_str(s: &str) -> Result<RuleId, Error> {
        RULES
            .iter()
            .map(|r| r.id)
            .find(|id| id.0 == s)
            .ok_or_else(|| Error::UnknownRule(s.to_owned()))
    }
}

/// What a rule repairs.
///
/// ```
/// use tarmim::rules::{Category, RULES};
/// assert_eq!(RULES[0].category, Category::Layout);
/// assert_eq!(RULES.last().unwrap().category, Category::Glyph);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Category {
    /// Letters lost or garbled inside words.
    Glyph,
    /// Line layout: punctuation, run order, spacing.
    Layout,
}

/// A registered rule's public description.
///
/// ```
/// for rule in tarmim::rules::RULES {
///     assert!(rule.id.as_str().contains('/'));
///     assert!(!rule.summary.is_empty());
/// }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    /// The stable id.
    pub id: RuleId,
    /// What it repairs.
    pub category: Category,
    /// One line on what the rule does.
    pub summary: &'static str,
}

/// Every rule, in the order they run: an extractor's directional embeddings resolved,
/// lines written as boxes around a number or Latin run joined, justified lines written
/// piece by piece put in order and justification fillers removed, lines in visual order
/// put right and presentation forms folded first, then layout, since the glyph rule reads
/// the text the layout rules repaired.
pub static RULES: &[RuleInfo] = &[
    bidi_embeddings::INFO,
    boxed_runs::INFO,
    kashida_pieces::INFO,
    stand_in_pieces::INFO,
    justification_fillers::INFO,
    visual_order_lines::INFO,
    fold_presentation_forms::INFO,
    ligature_order::INFO,
    unmapped_glyphs::INFO,
    line_end_punctuation::INFO,
    split_proclitic::INFO,
    word_spacing::INFO,
    glued_numbers::INFO,
    offset_glyph_pieces::INFO,
    mark_split_lines::INFO,
    reversed_runs::INFO,
    restore_dropped_letters::INFO,
];

/// What a rule sees besides the text.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub profile: &'a DamageProfile,
    pub lexicon: &'static Lexicon,
    pub model: &'static BigramModel,
    /// The input bears the signature of visual-order extraction (see
    /// [`crate::line_layout::shows_visual_order`]); set from the input, since later
    /// stages read text whose punctuation is already back in place.
    pub visual_order: bool,
    /// The walks for candidates made earlier in the same repair, to reuse.
    pub walks: Option<&'a crate::candidates::Walks>,
}

impl<'a> Context<'a> {
    /// The embedded lexicon and model with `profile`.
    pub(crate) fn embedded(profile: &'a DamageProfile) -> Context<'a> {
        Context {
            profile,
            lexicon: Lexicon::embedded(),
            model: BigramModel::embedded(),
            visual_order: false,
            walks: None,
        }
    }
}

/// The letter-restoration rule, whose edits detection also computes.
pub(crate) const LETTER_RESTORATION: RuleId = restore_dropped_letters::INFO.id;

/// The word-spacing rule, whose joins and cuts change the words every later rule reads.
pub(crate) const WORD_SPACING: RuleId = word_spacing::INFO.id;

/// The layout rules whose decisions read the words around them, so that a repaired text
/// (its letters restored, or read with another profile) must be asked again.
pub(crate) const WORD_READING_LAYOUT: [RuleId; 4] = [
    word_spacing::INFO.id,
    glued_numbers::INFO.id,
    mark_split_lines::INFO.id,
    offset_glyph_pieces::INFO.id,
];

/// Whether the enabled rules of [`WORD_READING_LAYOUT`] would change `text`, read as
/// their stages read it. Restored letters can complete a case the damaged text hid (الر
/// وسي is الكر وسي once الر is read as الكر), so a repaired text is asked again.
pub(crate) fn would_relayout(
    text: &str,
    cx: &Context<'_>,
    enabled: impl Fn(RuleId) -> bool,
) -> bool {
    let cx = layout_context(text, cx);
    let mut edits = Vec::new();
    if enabled(WORD_SPACING) {
        word_spacing::WordSpacing.apply(text, &cx, &mut edits);
    }
    if edits.is_empty() && enabled(glued_numbers::INFO.id) {
        glued_numbers::GluedNumbers.apply(text, &cx, &mut edits);
    }
    if edits.is_empty() && enabled(mark_split_lines::INFO.id) {
        mark_split_lines::MarkSplitLines.apply(text, &cx, &mut edits);
    }
    if edits.is_empty() && enabled(offset_glyph_pieces::INFO.id) {
        offset_glyph_pieces::OffsetGlyphPieces.apply(text, &cx, &mut edits);
    }
    !edits.is_empty()
}

/// `cx` as the layout stage sets it for `text` (the repairer's `run_stages`).
fn layout_context<'a>(text: &str, cx: &Context<'a>) -> Context<'a> {
    Context {
        visual_order: crate::line_layout::shows_visual_order(text),
        ..*cx
    }
}

/// `text` as detection reads it: with the spacing the word-spacing rule would give it read
/// without a profile. Extractors write a kashida that justification drew as a space
/// inside the word (`المملك ة`), which turns the letters before it into final forms: a
/// text whose few medial ك were all stretched would look as if it had lost medial ك.
pub(crate) fn spaced_for_detection(text: &str) -> std::borrow::Cow<'_, str> {
    let profile = DamageProfile::default();
    let cx = layout_context(text, &Context::embedded(&profile));
    let mut edits = Vec::new();
    word_spacing::WordSpacing.apply(text, &cx, &mut edits);
    if edits.is_empty() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(crate::edit::apply_edits(
            text,
            &crate::edit::normalize(edits),
        ))
    }
}

/// When a rule runs. Each stage reads the text the stages before it repaired, so the
/// glyph rule sees words in their order and without displaced punctuation between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Stage {
    /// Directional embeddings an extractor wrote resolved into the order they stand for.
    Controls,
    /// Lines an extractor wrote as boxes, a number or Latin run cut out of their middle,
    /// joined back.
    Boxes,
    /// Justified lines that an extractor wrote piece by piece, cut at every kashida, put
    /// back in order.
    Pieces,
    /// Characters that stand for nothing (justification fillers) removed, so that every
    /// later rule reads whole words.
    Fillers,
    /// Lines written in visual order put back in logical order, read from the input
    /// (before presentation forms are folded: a ligature's letters keep their order).
    Direction,
    /// Characters to the letters they stand for.
    Normalize,
    /// Punctuation and spacing at line level.
    Layout,
    /// Lines an extractor cut at glyphs placed off the baseline put back in order, read
    /// with their words spaced.
    Offsets,
    /// Lines an extractor broke apart put back together, read with their words spaced.
    Lines,
    /// Run order within a line, scored with the punctuation in place.
    Order,
    /// Letters inside words.
    Glyph,
}

/// Every stage, in the order they run.
pub(crate) const STAGES: [Stage; 11] = [
    Stage::Controls,
    Stage::Boxes,
    Stage::Pieces,
    Stage::Fillers,
    Stage::Direction,
    Stage::Normalize,
    Stage::Layout,
    Stage::Offsets,
    Stage::Lines,
    Stage::Order,
    Stage::Glyph,
];

/// The stages that turn characters into the letters they stand for, with no profile:
/// detection reads their output.
pub(crate) const CHARACTER_STAGES: &[Stage] = &[
    Stage::Controls,
    Stage::Boxes,
    Stage::Pieces,
    Stage::Fillers,
    Stage::Direction,
    Stage::Normalize,
];

/// A rule: reads the whole text of its stage and proposes edits against it.
pub(crate) trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn stage(&self) -> Stage;
    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>);
}

/// The implementations, in the order of [`RULES`].
pub(crate) static IMPLEMENTATIONS: &[&dyn Rule] = &[
    &bidi_embeddings::BidiEmbeddings,
    &boxed_runs::BoxedRuns,
    &kashida_pieces::KashidaPieces,
    &stand_in_pieces::StandInPieces,
    &justification_fillers::JustificationFillers,
    &visual_order_lines::VisualOrderLines,
    &fold_presentation_forms::FoldPresentationForms,
    &ligature_order::LigatureOrder,
    &unmapped_glyphs::UnmappedGlyphs,
    &line_end_punctuation::LineEndPunctuation,
    &split_proclitic::SplitProclitic,
    &word_spacing::WordSpacing,
    &glued_numbers::GluedNumbers,
    &offset_glyph_pieces::OffsetGlyphPieces,
    &mark_split_lines::MarkSplitLines,
    &reversed_runs::ReversedRuns,
    &restore_dropped_letters::RestoreDroppedLetters,
];

/// The edits of the letter-restoration rule alone, with `profile`: detection weighs them
/// as evidence.
pub(crate) fn restore_letters<'t>(
    text: &'t str,
    profile: &DamageProfile,
    walks: Option<&crate::candidates::Walks>,
) -> Vec<Edit<'t>> {
    let mut edits = Vec::new();
    let cx = Context {
        walks,
        ..Context::embedded(profile)
    };
    restore_dropped_letters::RestoreDroppedLetters.apply(text, &cx, &mut edits);
    edits
}

/// The registry as a Markdown table (the README's rule table).
///
/// ```
/// assert!(tarmim::rules::markdown_table().contains("glyph/restore-dropped-letters"));
/// ```
pub fn markdown_table() -> String {
    let mut s = String::from("| rule | category | what it does |\n|---|---|---|\n");
    for r in RULES {
        s.push_str(&format!(
            "| `{}` | {:?} | {} |\n",
            r.id, r.category, r.summary
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_and_implementations_agree() {
        assert_eq!(RULES.len(), IMPLEMENTATIONS.len());
        for (info, imp) in RULES.iter().zip(IMPLEMENTATIONS) {
            assert_eq!(info.id, imp.info().id);
        }
    }
}
