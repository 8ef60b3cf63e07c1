//! `layout/word-spacing`: spaces that an extractor put inside words or lost between them.
//!
//! Extractors that infer spaces from the gaps between glyphs get both wrong. A letter that
//! does not join forward (ا د ذ ر ز و) leaves a gap before the next letter of its word,
//! which a loose threshold reads as a space (`ا لمد رسة` for `المدرسة`); a tight one, or
//! a font whose space glyph is missing, glues words together (`فيالمدينة`).
//!
//! Up to four neighbours are joined when each but the last ends in a letter that does not
//! join forward (so that joining changes no letter's form), one of them is rare, and the
//! joined word is known. Two neighbours are also joined across a gap between letters that
//! join, where justification drew a kashida that the extractor wrote as a space or two
//! (`المملك ة`, `العس  كرية`); such cases open the rule on their own count, as a document
//! shows one kind of damage or the other. A rare or unknown word is cut into known words (two, or the
//! cheapest segmentation into up to eight). An unknown word is charged by its length when
//! weighed against its pieces: one string of fourteen letters is far less likely than any
//! one string of five. Either way the bigram model must prefer the new reading, context on
//! both sides included, by [`MARGIN`] nats. Under a damage profile every word counts as any of its restorations,
//! and pieces may join into a damaged word the lexicon lacks; a common word the profile
//! cut to one letter (ف for في) may have been glued to the next.
//!
//! Clean text has names the lexicon lacks and words an author wrote apart, so the rule
//! acts only in a document that shows the damage: at least [`MIN_STRONG`] distinct strong
//! cases (a gain of [`STRONG_GAIN`] or more), and at least one per [`WORDS_PER_STRONG`]
//! words. A lone و is joined only in a document that otherwise attaches و; some writers
//! set it apart throughout. Texts over [`SAMPLE_ABOVE`] bytes are first judged on evenly
//! spread stretches, which keeps the rule's cost on long clean texts small.

mod cases;

use super::readings::Readings;
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::token::{words, Word};
use cases::{Case, Scorer};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/word-spacing"),
    category: Category::Layout,
    summary: "Removes a space extraction put inside a word (ا لمد رسة → المدرسة) and restores one it lost between words (فيالمدينة → في المدينة), in documents that show such damage, where the bigram model prefers it by a wide margin.",
};

pub(super) struct WordSpacing;

/// How much cheaper (nats) the new reading must be than the text as it stands.
const MARGIN: f32 = 4.0;
/// A case this much cheaper is strong evidence that the document has spacing damage.
const STRONG_GAIN: f32 = 10.0;
/// The fewest strong cases that open the rule in a document.
const MIN_STRONG: usize = 3;
/// And at least one strong case per this many words.
const WORDS_PER_STRONG: usize = 300;
/// A document whose lone و make more than this share of its words opening with و sets
/// و apart by habit.
const MAX_LONE_WAW_SHARE: f64 = 0.2;
/// A word is only cut when it is rarer than this (cost in nats; unknown words are 19):
/// a frequent word is what the author wrote.
const MIN_SPLIT_COST: f32 = 14.0;
/// The cost of an unknown word of n letters, when weighed against two known words: the
/// odds of meeting an unknown word at all (about 2% of news tokens), and about 2.5 nats
/// per letter for its spelling (Arabic letters carry about 4 bits each; neighbours make
/// them a little predictable). Above [`UNKNOWN_WORD_COST`] from seven letters on.
const UNKNOWN_BASE_COST: f32 = 4.0;
const UNKNOWN_LETTER_COST: f32 = 2.5;
/// Two neighbours are only joined when one of them is rarer than this.
const MIN_JOIN_COST: f32 = 9.0;

/// Texts longer than this (bytes) are first judged on a sample: the rule's scan costs
/// about as much as restoring letters, and a long text with spacing damage shows it
/// throughout.
const SAMPLE_ABOVE: usize = 32 * 1024;
/// The sample: this many stretches of text, spread evenly, of this many bytes each.
const SAMPLE_STRETCHES: usize = 64;
const SAMPLE_STRETCH_BYTES: usize = 512;

/// Whether evenly spread stretches of `text` show spacing damage, as [`Scorer::open`]
/// judges a whole text.
fn sample_shows_damage(text: &str, cx: &Context<'_>) -> bool {
    let step = text.len() / SAMPLE_STRETCHES;
    let (mut words_seen, mut strong) = (0, 0);
    for k in 0..SAMPLE_STRETCHES {
        let mut start = k * step;
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (start + SAMPLE_STRETCH_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // Whole words only: drop the first and last, which the cuts may have broken.
        let mut ws: Vec<Word<'_>> = words(&text[start..end])
            .map(|w| Word {
                text: w.text,
                offset: start + w.offset,
            })
            .collect();
        if ws.len() < 3 {
            continue;
        }
        ws.pop();
        ws.remove(0);
        let scorer = Scorer::new(text, &ws, cx);
        let cases = scorer.cases();
        words_seen += ws.len();
        strong += scorer.strong_cases(&cases);
    }
    strong >= MIN_STRONG && strong * WORDS_PER_STRONG >= words_seen
}

impl Rule for WordSpacing {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Layout
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        if text.len() > SAMPLE_ABOVE && !sample_shows_damage(text, cx) {
            return;
        }
        let ws: Vec<Word<'t>> = words(text).collect();
        if ws.len() < 2 {
            return;
        }
        let scorer = Scorer::new(text, &ws, cx);
        let mut cases = scorer.cases();
        if scorer.strong_cases(&cases) == 0 {
            return;
        }
        let gates;
        if !cx.profile.is_empty() {
            // Words the profile damaged are not what they seem: every case is weighed
            // again with each word read as any of its restorations, and pieces of a
            // damaged word may join into a word the lexicon lacks. So the damaged text and
            // its repair (which the rule sees when run again) are judged alike. That costs
            // far more than the plain reading, and turns weak cases strong only where the
            // plain reading already finds some.
            let mut r = Readings::new(cx);
            for i in 0..ws.len() {
                scorer.damaged_joins(i, &mut r, &mut cases);
            }
            for c in &mut cases {
                c.gain = scorer.rescore(c, &mut r);
            }
            gates = scorer.open(&cases);
            if !gates.any() {
                return;
            }
            // A word cut short and glued is no evidence of spacing damage: في النادي reads
            // far likelier than فالنادي whether or not a space was lost.
            let first_head = cases.len();
            cases.extend((0..ws.len()).filter_map(|i| scorer.damaged_head(i, &mut r)));
            for c in &mut cases[first_head..] {
                c.gain = scorer.rescore(c, &mut r);
            }
        } else {
            gates = scorer.open(&cases);
            if !gates.any() {
                return;
            }
        }
        // A lone و before a common word is a writer's habit as often as damage: join it
        // only where the writer plainly attaches و, and then wherever the model prefers.
        let lone_waw = ws.iter().filter(|w| w.text == "و").count();
        let waw_words = ws.iter().filter(|w| w.text.starts_with('و')).count();
        let attaches_waw = lone_waw as f64 <= MAX_LONE_WAW_SHARE * waw_words as f64;
        let enough = |c: &Case| {
            if !gates.admit(c) {
                false
            } else if c.cuts.is_empty() && ws[c.at].text == "و" && c.gain < STRONG_GAIN {
                attaches_waw && c.gain >= 0.0
            } else {
                c.gain >= MARGIN
            }
        };
        // The surest first; a word takes part in one change at most.
        cases.sort_by(|a, b| b.gain.total_cmp(&a.gain));
        let mut used = vec![false; ws.len()];
        for c in cases.into_iter().filter(enough) {
            let words = c.at..=c.end;
            if used[words.clone()].iter().any(|&u| u) {
                continue;
            }
            used[words].iter_mut().for_each(|u| *u = true);
            let confidence = (1.0 / (1.0 + (-(c.gain - MARGIN)).exp())).clamp(0.5, 0.99);
            let w = ws[c.at];
            if !c.cuts.is_empty() {
                let cuts = c.cuts.as_slice().iter().copied();
                let ends: Vec<usize> = cuts.clone().chain([w.text.len()]).collect();
                let pieces: Vec<&str> = std::iter::once(0)
                    .chain(cuts.clone())
                    .zip(&ends)
                    .map(|(a, &b)| &w.text[a..b])
                    .collect();
                for at in cuts {
                    edits.push(Edit {
                        span: w.offset + at..w.offset + at,
                        original: "",
                        replacement: " ".to_owned(),
                        rule: INFO.id,
                        confidence,
                        reason: lost_spaces(&pieces).into(),
                    });
                }
                continue;
            }
            let whole: String = ws[c.at..=c.end].iter().map(|w| w.text).collect();
            for k in c.at..c.end {
                let span = ws[k].span().end..ws[k + 1].offset;
                edits.push(Edit {
                    original: &text[span.clone()],
                    span,
                    replacement: String::new(),
                    rule: INFO.id,
                    confidence,
                    reason: format!("space inside the word {whole}").into(),
                });
            }
        }
    }
}

/// The reason for cutting a word into `pieces`.
fn lost_spaces(pieces: &[&str]) -> String {
    match pieces {
        [a, b] => format!("space lost between {a} and {b}"),
        [rest @ .., last] => format!("spaces lost between {} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language_model::BigramModel;
    use crate::lexicon::Lexicon;
    use crate::profile::DamageProfile;

    fn respace(text: &str) -> String {
        let profile = DamageProfile::default();
        let cx = Context {
            profile: &profile,
            lexicon: Lexicon::embedded(),
            model: BigramModel::embedded(),
            visual_order: false,
            walks: None,
        };
        let mut edits = Vec::new();
        WordSpacing.apply(text, &cx, &mut edits);
        crate::edit::apply_edits(text, &crate::edit::normalize(edits))
    }

    #[test]
    fn joins_and_cuts_in_a_damaged_document() {
        let damaged =
            "وقال الوز ير إن الحكومة ستعمل علىتحسين الخدمات المقدمة للموا طنين فيجميع المحافظات";
        assert_eq!(
            respace(damaged),
            "وقال الوزير إن الحكومة ستعمل على تحسين الخدمات المقدمة للمواطنين في جميع المحافظات"
        );
    }

    #[test]
    fn cuts_three_words_apart_and_keeps_marks_with_their_letter() {
        let damaged = "وشاركفيالمؤتمر ممثلون عن الوز ير وا لسفير، وقال إن البلاد ستتجاوز الأزمةقريباً بفضل الإصلاحات";
        assert_eq!(
            respace(damaged),
            "وشارك في المؤتمر ممثلون عن الوزير والسفير، وقال إن البلاد ستتجاوز الأزمة قريباً بفضل الإصلاحات"
        );
    }

    #[test]
    fn a_lone_waw_is_joined_only_where_the_writer_attaches_waw() {
        // Three cases open the gate; the writer attaches و elsewhere, so و الحكومة is damage.
        let attached = "وقال الوز ير إن الحكومة و البرلمان والمجلس ووزارة المالية وافقوا علىتحسين الخدمات وتطوير المرافق المقدمة للموا طنين";
        assert_eq!(
            respace(attached),
            "وقال الوزير إن الحكومة والبرلمان والمجلس ووزارة المالية وافقوا على تحسين الخدمات وتطوير المرافق المقدمة للمواطنين"
        );
        // A writer who sets و apart throughout keeps it apart.
        let apart = "و قال الوز ير إن الحكومة و البرلمان وافقا علىتحسين الخدمات و المرافق المقدمة للموا طنين";
        assert_eq!(
            respace(apart),
            "و قال الوزير إن الحكومة و البرلمان وافقا على تحسين الخدمات و المرافق المقدمة للمواطنين"
        );
    }

    #[test]
    fn joins_the_gap_a_kashida_left_between_joined_letters() {
        // pdfminer writes a justified line's kashida as two spaces; a wide gap between
        // words stays.
        let damaged = "قال إن الطبيع  ة العس  كرية لبرنامج إيران لا تخفى على أحد، وأكد أن الحكومة  ستعمل على تحس  ين الخدمات";
        assert_eq!(
            respace(damaged),
            "قال إن الطبيعة العسكرية لبرنامج إيران لا تخفى على أحد، وأكد أن الحكومة  ستعمل على تحسين الخدمات"
        );
        // pdftotext and pdfplumber write it as one space.
        let damaged =
            "نقف مع المملك ة العربي ة الس عودية ضد الهجمات، وأكد أن الباكس تاني يقف مع الحكومة";
        assert_eq!(
            respace(damaged),
            "نقف مع المملكة العربية السعودية ضد الهجمات، وأكد أن الباكستاني يقف مع الحكومة"
        );
        // A document that shows kashida gaps need not show loose ones.
        let damaged = "قال إن الطبيع  ة العس  كرية الرس  مية في الو لايات المتحدة";
        assert_eq!(
            respace(damaged),
            "قال إن الطبيعة العسكرية الرسمية في الو لايات المتحدة"
        );
    }

    #[test]
    fn leaves_a_document_without_the_damage_alone() {
        // One doubtful case is no evidence of spacing damage.
        let clean =
            "وقال الوزير إن الحكومة ستعمل على تحسين الخدمات المقدمة للمواطنين في جميع المحافظات";
        assert_eq!(respace(clean), clean);
    }
}
