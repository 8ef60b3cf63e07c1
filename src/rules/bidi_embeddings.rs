//! `layout/bidi-embeddings`: pdftotext writes each right-to-left line inside a
//! right-to-left embedding (U+202B … U+202C) and wraps every stretch it placed left to
//! right in a left-to-right embedding (U+202A … U+202C): numbers, Latin, and often the
//! punctuation and spaces beside them. Inside such a stretch the characters are in the
//! order they sit on the page, left to right, so the neutral ones at its edges are in
//! reverse: `الفقد<LRE> ،<PDF>أو` for `الفقد، أو`, `الاثنين <LRE> 8<PDF>أشخاص` for `الاثنين 8 أشخاص`.
//!
//! On a line that opens with U+202B, each embedded stretch is put in logical order (its
//! numbers and Latin as they read, the neutrals on either side reversed), spaces doubled
//! by the move are dropped, and the embedding characters are removed. Other lines, and
//! embeddings an author wrote, are left alone.

use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::line_layout::lines;
use unicode_bidi::{bidi_class, BidiClass};

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/bidi-embeddings"),
    category: Category::Layout,
    summary: "Resolves the directional embeddings pdftotext writes around each right-to-left line and each stretch it placed left to right (`الفقد<LRE> ،<PDF>أو` → الفقد، أو), putting the stretch's edge punctuation and spaces back in logical order.",
};

pub(super) struct BidiEmbeddings;

const RLE: char = '\u{202B}';
const LRE: char = '\u{202A}';
const PDF: char = '\u{202C}';

impl Rule for BidiEmbeddings {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Controls
    }

    fn apply<'t>(&self, text: &'t str, _cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        if memchr::memmem::find(text.as_bytes(), "\u{202B}".as_bytes()).is_none() {
            return;
        }
        let resolved: Vec<_> = lines(text)
            .filter_map(|span| resolve_line(&text[span.clone()]).map(|e| (span, e)))
            .collect();
        // pdftotext's signature: stretches embedded inside embedded lines. An author's
        // embedding around a title or a paragraph has none, and is left as written.
        let stretches = resolved.iter().filter(|(_, e)| e.len() > 2).count();
        if stretches < MIN_LINES_WITH_STRETCHES {
            return;
        }
        for (span, line_edits) in resolved {
            edits.extend(line_edits.into_iter().map(|(range, replacement)| {
                let range = span.start + range.start..span.start + range.end;
                Edit {
                    original: &text[range.clone()],
                    span: range,
                    replacement,
                    rule: INFO.id,
                    confidence: 0.99,
                    reason: "directional embedding resolved".into(),
                }
            }));
        }
    }
}

/// Embedded lines with a left-to-right stretch inside that a document needs before its
/// embeddings are taken for an extractor's.
const MIN_LINES_WITH_STRETCHES: usize = 2;

/// The edits for one line, as byte ranges in it and replacements, if it is a line
/// pdftotext embedded: it opens with U+202B, and its embeddings pair up without nesting
/// beyond one left-to-right stretch inside the line's own embedding.
fn resolve_line(line: &str) -> Option<Vec<(std::ops::Range<usize>, String)>> {
    let lead = line.len() - line.trim_start().len();
    if !line[lead..].starts_with(RLE) {
        return None;
    }
    let mut out = vec![(lead..lead + RLE.len_utf8(), String::new())];
    let mut open: Option<usize> = None;
    let mut closed_line = false;
    for (i, c) in line.char_indices().skip_while(|&(i, _)| i <= lead) {
        match (c, open) {
            _ if closed_line && !c.is_whitespace() => return None,
            (LRE, None) => open = Some(i),
            (PDF, Some(start)) => {
                let inner = &line[start + LRE.len_utf8()..i];
                let before = line[..start].chars().next_back();
                let after = line[i + PDF.len_utf8()..].chars().next();
                out.push((start..i + PDF.len_utf8(), logical(inner, before, after)));
                open = None;
            }
            (PDF, None) => {
                out.push((i..i + PDF.len_utf8(), String::new()));
                closed_line = true;
            }
            (LRE | RLE, _) | ('\u{202D}' | '\u{202E}', _) => return None,
            _ => {}
        }
    }
    (open.is_none()).then_some(out)
}

/// A left-to-right stretch in logical order within a right-to-left line: its strong
/// middle (numbers, Latin) as it reads, the neutrals before and after it each reversed
/// and swapped. A space the move puts beside one already there is dropped.
fn logical(inner: &str, before: Option<char>, after: Option<char>) -> String {
    let strong = |c: char| {
        matches!(
            bidi_class(c),
            BidiClass::L | BidiClass::R | BidiClass::AL | BidiClass::EN | BidiClass::AN
        )
    };
    let first = inner
        .char_indices()
        .find(|&(_, c)| strong(c))
        .map(|(i, _)| i);
    let mut s: String = match first {
        None => inner.chars().rev().collect(),
        Some(first) => {
            let last = inner
                .char_indices()
                .rev()
                .find(|&(_, c)| strong(c))
                .map_or(first, |(i, c)| i + c.len_utf8());
            let (left, rest) = inner.split_at(first);
            let (middle, right) = rest.split_at(last - first);
            right
                .chars()
                .rev()
                .chain(middle.chars())
                .chain(left.chars().rev())
                .collect()
        }
    };
    let spaced = |c: Option<char>| c.map_or(true, |c| c.is_whitespace() || c == PDF || c == RLE);
    if spaced(after) {
        s.truncate(s.trim_end().len());
    }
    if spaced(before) {
        s = s.trim_start().to_owned();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn resolve(text: &str) -> String {
        let mut edits = Vec::new();
        let p = DamageProfile::default();
        BidiEmbeddings.apply(text, &Context::embedded(&p), &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    #[test]
    fn puts_embedded_stretches_in_logical_order() {
        let pdftotext = [
            "\u{202B}للضياع والإهمال وربما الفقد\u{202A} ،\u{202C}أو أقله\u{202C}\n",
            "\u{202B}قتل انتحاري الاثنين \u{202A} 8\u{202C}أشخاص\u{202C}\n",
            "\u{202B}عام \u{202A} ،1981\u{202C} تقديرا\u{202C}\r\n",
            "\u{202B}تأليفه\u{202A}.\u{202C}\u{202C}\n",
            "\u{202B}وقال\u{202A}\" :\u{202C}نعم\u{202C}",
        ];
        assert_eq!(
            resolve(&pdftotext.concat()),
            "للضياع والإهمال وربما الفقد، أو أقله\nقتل انتحاري الاثنين 8 أشخاص\n\
             عام 1981، تقديرا\r\nتأليفه.\nوقال: \"نعم"
        );
    }

    #[test]
    fn leaves_lines_pdftotext_did_not_embed() {
        for text in [
            "الفقد\u{202A} ،\u{202C}أو",
            "نص عادي 2022، وبعد.",
            "\u{202B}متداخل \u{202A}a\u{202B}b\u{202C}\u{202C}\u{202C}",
            "\u{202B}سطر\u{202C} وبعده نص",
            // An author's embedding around a line, as news sites write titles.
            "\u{202B}حدث في 8 سبتمبر.. قصف لندن\u{202C}\nدبي (CNN) -- في 8 سبتمبر",
        ] {
            assert_eq!(resolve(text), text);
        }
    }
}
