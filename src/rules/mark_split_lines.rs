//! `layout/mark-split-lines`: pdftotext breaks a line at every mark a font raises above
//! the letters (tanween, shadda). The marks come out on a line of their own, and the
//! line's pieces each on its own line, from left to right: from the end of the sentence
//! back to its start.
//!
//! ```text
//! ً
//! أساسا، لكن ذلك من شروط التنافس الشديد.
//! رغم أن النصر لم يشارك في البطولة
//! ```
//!
//! stands for `رغم أن النصر لم يشارك في البطولة أساساً، لكن ذلك من شروط التنافس الشديد.`
//! Every piece that follows another (in reading order) starts with the word that bore a
//! mark; with some fonts the marks' line comes after the pieces instead of before. The
//! rule puts the pieces back on one line in reading order and each mark on the end of its
//! word, when the pieces fit on one line of the document and the bigram model reads the
//! words where they meet better so than as they stand.

use super::readings::{As, Readings};
use super::reversed_runs::{in_model, is_arabic, min, units};
use super::{Category, Context, Rule, RuleId, RuleInfo, Stage};
use crate::edit::Edit;
use crate::lexicon::WordId;
use crate::line_layout::lines;
use crate::token::{breaks_context, is_arabic_letter, is_arabic_mark, lookup_form, Word};
use crate::word_class::has_article;
use std::ops::Range;

pub(super) static INFO: RuleInfo = RuleInfo {
    id: RuleId("layout/mark-split-lines"),
    category: Category::Layout,
    summary: "Puts back together a line that an extractor broke at its raised marks (tanween, shadda): the marks alone on a line, the line's pieces on lines of their own from its end back to its start. The pieces are joined in reading order, each mark on its word, when they fit on one line and the bigram model reads the joins better.",
};

pub(super) struct MarkSplitLines;

/// The most the pieces may hold together, as a share of the document's full lines: the
/// pieces of one line, not a whole line and the next (pdfplumber writes a mark's line
/// before the whole line it came from). On the real-PDF texts, 1.05 to 1.15 join the same
/// pdftotext lines and none of pdfplumber's; 1.0 leaves a sixth of the joins undone.
const MAX_WIDTH_SHARE: f32 = 1.1;
/// The most marks matched to pieces in every order (4! orders).
const MAX_PERMUTED: usize = 4;
/// The share of the document's lines that are shorter than a full one (the last lines
/// of paragraphs): its full width is the length at this quantile.
const FULL_LINE_QUANTILE: f32 = 0.9;

impl Rule for MarkSplitLines {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn stage(&self) -> Stage {
        Stage::Lines
    }

    fn apply<'t>(&self, text: &'t str, cx: &Context<'_>, edits: &mut Vec<Edit<'t>>) {
        // Quick check, without allocating: most lines fail it at their first character.
        if !lines(text).any(|l| is_marks(&text[l])) {
            return;
        }
        let lines: Vec<Range<usize>> = lines(text).collect();
        let kinds: Vec<Kind> = lines.iter().map(|l| kind(&text[l.clone()])).collect();
        let doc = Document {
            text,
            width: full_width(text, &lines, &kinds),
            lines,
            kinds,
        };
        let mut readings = Readings::new(cx);
        let mut free_from = 0;
        let mut i = 0;
        while i < doc.lines.len() {
            if doc.kinds[i] != Kind::Marks {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < doc.lines.len() && doc.kinds[j] == Kind::Marks {
                j += 1;
            }
            let marks: Vec<&str> = doc.lines[i..j]
                .iter()
                .flat_map(|l| text[l.clone()].split_whitespace())
                .collect();
            let k = marks.len();
            // The pieces follow the marks' lines or come before them, one more than the
            // marks, or as many when a mark fell on the line's first word.
            let best = [(true, k + 1), (true, k), (false, k + 1), (false, k)]
                .into_iter()
                .filter_map(|(after, n)| match after {
                    true => Some(j..j + n),
                    false => i.checked_sub(n).map(|s| s..i),
                })
                .filter(|pieces| pieces.start >= free_from)
                .filter_map(|pieces| doc.candidate(i..j, pieces, &marks, &mut readings))
                .fold(None, |best: Option<Candidate>, c| match best {
                    Some(b) if b.gain >= c.gain => Some(b),
                    _ => Some(c),
                });
            let Some(c) = best else {
                i = j;
                continue;
            };
            let mut line = String::new();
            for (p, mark) in c.pieces.clone().zip(&c.marks).rev() {
                if !line.is_empty() {
                    line.push(' ');
                }
                push_marked(&mut line, doc.line(p), *mark);
            }
            let span = doc.lines[c.block.start].start..doc.lines[c.block.end - 1].end;
            edits.push(Edit {
                span: span.clone(),
                original: &text[span],
                replacement: line,
                rule: INFO.id,
                // The odds of the joined reading against the written one, by the model.
                confidence: (1.0 / (1.0 + (-c.gain).exp())).clamp(0.5, 0.99),
                reason: format!(
                    "a line broken at its raised marks joined back in reading order \
                     ({:.1} nats likelier)",
                    c.gain
                )
                .into(),
            });
            free_from = c.block.end;
            i = c.block.end;
        }
    }
}

/// The document's lines, what each holds, and how long a full line is.
struct Document<'t> {
    text: &'t str,
    lines: Vec<Range<usize>>,
    kinds: Vec<Kind>,
    width: f32,
}

/// Pieces of a line broken at its marks, as the rule would join them.
struct Candidate<'m> {
    /// How much likelier (nats) the words where the lines meet are joined than as written.
    gain: f32,
    /// The lines replaced: the pieces and the marks' lines.
    block: Range<usize>,
    /// The pieces' lines, in the order written (the line's end first).
    pieces: Range<usize>,
    /// The mark each piece bears, in the same order.
    marks: Vec<Option<&'m str>>,
}

impl<'t> Document<'t> {
    /// Line `at`, trimmed.
    fn line(&self, at: usize) -> &'t str {
        self.text[self.lines[at].clone()].trim()
    }

    /// The lines `pieces` as the pieces of the line broken at `marks` (written on lines
    /// `marked`), if they can be, and read better joined.
    fn candidate<'m>(
        &self,
        marked: Range<usize>,
        pieces: Range<usize>,
        marks: &[&'m str],
        readings: &mut Readings<'_>,
    ) -> Option<Candidate<'m>> {
        if pieces.len() < 2
            || pieces.end > self.lines.len()
            || !self.kinds[pieces.clone()].iter().all(|&k| k == Kind::Text)
        {
            return None;
        }
        let texts: Vec<&str> = pieces.clone().map(|p| self.line(p)).collect();
        let chars: usize = texts.iter().map(|t| t.chars().count() + 1).sum();
        if chars as f32 > MAX_WIDTH_SHARE * self.width
            || texts.iter().any(|t| t.starts_with(closes_sentence))
            || texts[1..].iter().any(|t| t.ends_with(ends_sentence))
        {
            return None;
        }
        let marks = assign(&texts, marks)?;
        let block = marked.start.min(pieces.start)..marked.end.max(pieces.end);
        let neighbour = |at: Option<usize>| match at.filter(|&a| a < self.lines.len()) {
            None => Neighbour::Edge,
            Some(a) => match self.kinds[a] {
                Kind::Text => Neighbour::Line(self.line(a)),
                // Another line's marks (its pieces follow in reverse order), or no words.
                Kind::Marks | Kind::Other => Neighbour::Unknown,
                Kind::Blank => Neighbour::Edge,
            },
        };
        let before = neighbour(block.start.checked_sub(1));
        let next = neighbour(Some(block.end));
        let as_written = cost(before, texts.iter().copied(), next, readings);
        let joined = cost(before, texts.iter().rev().copied(), next, readings);
        let gain = as_written - joined;
        (gain > 0.0).then_some(Candidate {
            gain,
            block,
            pieces,
            marks,
        })
    }
}

/// The mark each piece bears (pieces in the order written): the first pieces bear one
/// each. Marks on one line come out left to right like the pieces, but lines of marks
/// come out by height, so marks are matched in the order written if each first word can
/// bear its mark, else in the first order that fits.
fn assign<'m>(pieces: &[&str], marks: &[&'m str]) -> Option<Vec<Option<&'m str>>> {
    let k = marks.len();
    if k > pieces.len() || k > MAX_PERMUTED {
        return None;
    }
    let mut order: Vec<usize> = (0..k).collect();
    loop {
        if order
            .iter()
            .enumerate()
            .all(|(p, &m)| can_bear(pieces[p], marks[m]))
        {
            let mut out: Vec<Option<&str>> = order.iter().map(|&m| Some(marks[m])).collect();
            out.resize(pieces.len(), None);
            return Some(out);
        }
        if !next_permutation(&mut order) {
            return None;
        }
    }
}

/// The next permutation of `v` in lexicographic order; false after the last.
fn next_permutation(v: &mut [usize]) -> bool {
    let Some(i) = (1..v.len()).rev().find(|&i| v[i - 1] < v[i]) else {
        return false;
    };
    let j = (i..v.len()).rev().find(|&j| v[j] > v[i - 1]).unwrap_or(i);
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}

/// What a line holds, for this rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Nothing but white space.
    Blank,
    /// Arabic marks only (and white space).
    Marks,
    /// Text with an Arabic letter.
    Text,
    /// Anything else.
    Other,
}

/// Whether `line` holds Arabic marks and nothing else but white space.
fn is_marks(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && line.chars().all(|c| is_arabic_mark(c) || c.is_whitespace())
}

fn kind(line: &str) -> Kind {
    let line = line.trim();
    if line.is_empty() {
        Kind::Blank
    } else if is_marks(line) {
        Kind::Marks
    } else if line.chars().any(is_arabic_letter) {
        Kind::Text
    } else {
        Kind::Other
    }
}

/// The length (in characters) of the document's full lines: most lines of extracted
/// text are a column wide, and the last line of a paragraph is shorter.
fn full_width(text: &str, lines: &[Range<usize>], kinds: &[Kind]) -> f32 {
    let mut lengths: Vec<usize> = lines
        .iter()
        .zip(kinds)
        .filter(|(_, &k)| k == Kind::Text)
        .map(|(l, _)| text[l.clone()].trim().chars().count())
        .collect();
    if lengths.is_empty() {
        return 0.0;
    }
    lengths.sort_unstable();
    let at = ((lengths.len() - 1) as f32 * FULL_LINE_QUANTILE).round() as usize;
    lengths[at] as f32
}

/// What borders the lines a candidate replaces.
#[derive(Clone, Copy)]
enum Neighbour<'t> {
    /// A line of text.
    Line(&'t str),
    /// A paragraph's edge: a blank line, or the text's start or end.
    Edge,
    /// Another broken line's marks, whose pieces follow in reverse order: nothing to read.
    Unknown,
}

/// The cost (nats) of `pieces` in this order between `before` and `next`: the words where
/// consecutive lines meet, each word read as its cheapest reading under the profile, and
/// the words at a paragraph's edge as they open or close a sentence.
fn cost<'a>(
    before: Neighbour<'a>,
    pieces: impl Iterator<Item = &'a str>,
    next: Neighbour<'a>,
    readings: &mut Readings<'_>,
) -> f32 {
    let line = |n: Neighbour<'a>| match n {
        Neighbour::Line(l) => Some(l),
        _ => None,
    };
    let lines: Vec<&str> = line(before)
        .into_iter()
        .chain(pieces)
        .chain(line(next))
        .collect();
    let edge = |unit: Option<&Word<'a>>| unit.map(|u| (u.text, in_model(u.text)));
    let mut total = 0.0;
    if matches!(before, Neighbour::Edge) {
        if let Some((word, arabic)) = edge(units(lines[0]).first()) {
            let set = reading_set(readings, word, arabic);
            total += min(&readings.starts(&set, arabic, None));
        }
    }
    if matches!(next, Neighbour::Edge) {
        if let Some((word, arabic)) = edge(units(lines[lines.len() - 1]).last()) {
            let set = reading_set(readings, word, arabic);
            total += min(&readings.ends(&set, arabic, None));
        }
    }
    for pair in lines.windows(2) {
        let (a, b) = (units(pair[0]), units(pair[1]));
        let (Some(last), Some(first)) = (a.last(), b.first()) else {
            continue;
        };
        let between = format!(
            "{} {}",
            &pair[0][last.offset + last.text.len()..],
            &pair[1][..first.offset]
        );
        let arabic = (in_model(last.text), in_model(first.text));
        let l = reading_set(readings, last.text, arabic.0);
        let r = reading_set(readings, first.text, arabic.1);
        total += min(&readings.steps(&l, &r, arabic, breaks_context(&between)));
    }
    total
}

/// The readings of `unit` under the profile (a number reads as any number); a Latin
/// word reads as an unknown word.
fn reading_set(readings: &mut Readings<'_>, unit: &str, in_model: bool) -> Vec<Option<WordId>> {
    if in_model {
        readings.set(&lookup_form(unit), As::Any)
    } else {
        vec![None]
    }
}

/// Whether the first word of `piece` can bear `mark` on its end: tanween marks an
/// indefinite noun (no article), and tanween with fatha rides on a final alef (اً), ة,
/// ى or hamza, or on the letter before an alef that the break then set apart (`واضح ا`).
fn can_bear(piece: &str, mark: &str) -> bool {
    let units = units(piece);
    let Some(word) = units.first().filter(|u| u.offset == 0 && is_arabic(u.text)) else {
        return false;
    };
    let key = lookup_form(word.text);
    let tanween = |c: char| matches!(c, '\u{064B}'..='\u{064D}');
    if !mark.chars().any(tanween) {
        return true;
    }
    if has_article(&key) {
        return false;
    }
    if !mark.contains('\u{064B}') {
        return true;
    }
    let set_apart = units.get(1).is_some_and(|u| alef_set_apart(piece, word, u));
    set_apart || key.ends_with(['ا', 'ة', 'ى', 'ء', 'أ', 'ئ'])
}

/// Whether `c` ends a sentence or clause, and so never starts a piece of a line broken
/// before a word (a line that does was left in visual order).
fn closes_sentence(c: char) -> bool {
    matches!(c, '.' | '،' | '؛' | '؟' | '!' | ':' | ',' | ';' | '?')
}

/// Whether `c` ends a sentence: the pieces before the line's last one (in reading order)
/// lead into the next piece, and one that ends a sentence is more likely a line of its
/// own (a paragraph's last line after the mark's whole line).
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '؟' | '!' | '?')
}

/// `piece` pushed onto `line`, with `mark` on the end of its first word; an alef the
/// break set apart from the word it ends (`واضح ا`, the mark written before the alef) is
/// joined back after the mark.
fn push_marked(line: &mut String, piece: &str, mark: Option<&str>) {
    let units = units(piece);
    let Some((mark, word)) = mark.zip(units.first().filter(|u| is_arabic(u.text))) else {
        line.push_str(piece);
        if let Some(mark) = mark {
            line.push(' ');
            line.push_str(mark);
        }
        return;
    };
    let end = word.offset + word.text.len();
    line.push_str(&piece[..end]);
    line.push_str(mark);
    match units.get(1) {
        Some(alef) if alef_set_apart(piece, word, alef) && mark.contains('\u{064B}') => {
            line.push_str(&piece[alef.offset..]);
        }
        _ => line.push_str(&piece[end..]),
    }
}

/// Whether `next`, the unit after `word` in `piece`, is a lone alef with only white space
/// between them: the rest of a word broken at a mark written before its final alef.
fn alef_set_apart(piece: &str, word: &Word<'_>, next: &Word<'_>) -> bool {
    next.text == "ا"
        && piece[word.offset + word.text.len()..next.offset]
            .trim()
            .is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::DamageProfile;

    fn repaired(text: &str) -> String {
        let profile = DamageProfile::default();
        let cx = Context::embedded(&profile);
        let mut edits = Vec::new();
        MarkSplitLines.apply(text, &cx, &mut edits);
        crate::edit::apply_edits(text, &edits)
    }

    const FULL: &str = "وقال المتحدث باسم الحكومة إن الوزارة ستعمل على تحسين الخدمات المقدمة للمواطنين في جميع المحافظات";

    #[test]
    fn joins_pieces_written_from_the_end_back() {
        let text = format!(
            "{FULL}\nً\nأساسا، لكن ذلك من شروط التنافس الشديد بين قطبي العاصمة السعودية.\nرغم أن النصر لم يشارك في البطولة\n{FULL}\n"
        );
        let want = format!(
            "{FULL}\nرغم أن النصر لم يشارك في البطولة أساساً، لكن ذلك من شروط التنافس الشديد بين قطبي العاصمة السعودية.\n{FULL}\n"
        );
        assert_eq!(repaired(&text), want);
    }

    #[test]
    fn joins_pieces_written_before_their_mark() {
        // KacstBook: the mark's line after the pieces, and the alef the mark sat before
        // set apart.
        let text = format!(
            "{FULL}\nواضح ا أنهم ليسوا من المدعوين، لذلك قلت لمن أقف جواره\nيفصلون بينهما. لقد كان\nً\n{FULL}\n"
        );
        let want = format!(
            "{FULL}\nيفصلون بينهما. لقد كان واضحًا أنهم ليسوا من المدعوين، لذلك قلت لمن أقف جواره\n{FULL}\n"
        );
        assert_eq!(repaired(&text), want);
    }

    #[test]
    fn keeps_the_line_ending_of_crlf_text() {
        let text = format!(
            "{FULL}\r\nً\r\nأساسا، لكن ذلك من شروط التنافس الشديد بين قطبي العاصمة السعودية.\r\nرغم أن النصر لم يشارك في البطولة\r\n{FULL}\r\n"
        );
        let want = format!(
            "{FULL}\r\nرغم أن النصر لم يشارك في البطولة أساساً، لكن ذلك من شروط التنافس الشديد بين قطبي العاصمة السعودية.\r\n{FULL}\r\n"
        );
        assert_eq!(repaired(&text), want);
    }

    #[test]
    fn leaves_whole_lines_after_a_mark_alone() {
        // pdfplumber writes the mark's line before the whole line it came from.
        let text = format!("ً\n{FULL}\n{FULL}\n");
        assert_eq!(repaired(&text), text);
    }
}
