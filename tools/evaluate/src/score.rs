//! Word-level scoring of one article: clean, damaged and repaired text compared piece by
//! piece, with counts that add up across articles and threads.

use std::collections::HashMap;
use std::ops::AddAssign;
use std::time::Duration;
use tarmim::token::{has_arabic, is_word_char};

/// A wrong word as shown in the confusion list: expected, damaged, produced.
pub type Confusion = (String, String, String);

/// Counts over a set of articles; every field is a sum, so merging is order-independent.
#[derive(Debug, Default)]
pub struct Stats {
    /// Articles scored.
    pub docs: usize,
    /// Pieces of the clean text that contain Arabic.
    pub words: usize,
    /// Words the simulated damage changed.
    pub damaged: usize,
    /// Words whose repair differs from the clean text.
    pub wrong_after: usize,
    /// Damaged words that the repair brought back exactly.
    pub restored: usize,
    /// Undamaged words that the repair changed.
    pub false_edits: usize,
    /// Words that repairing the clean text (with the profile forced on) changed.
    pub clean_changed: usize,
    /// Damaged articles whose detected profile is exactly the simulated one (`--auto`).
    pub detected_exact: usize,
    /// Damaged articles where detection missed a simulated glyph (`--auto`).
    pub detected_too_few: usize,
    /// Damaged articles where detection reported a glyph that was not simulated (`--auto`).
    pub detected_extra: usize,
    /// Clean articles that detection called damaged (`--auto`).
    pub clean_flagged: usize,
    /// Clean articles that detection found too short to call clean (`--auto`).
    pub clean_too_short: usize,
    /// Articles left out of the scores because the whitespace pieces did not align.
    pub misaligned_docs: usize,
    /// Bytes passed to the repairer.
    pub bytes: usize,
    /// Time spent inside the repairer, summed over threads.
    pub repair_time: Duration,
    /// Per detection outcome (`--auto`): articles, damaged words, wrong words after.
    pub outcomes: HashMap<String, [usize; 3]>,
    /// Wrong words after repairing the damaged text.
    pub confusions: HashMap<Confusion, usize>,
    /// Words that repairing the clean text changed.
    pub clean_confusions: HashMap<Confusion, usize>,
}

impl AddAssign for Stats {
    fn add_assign(&mut self, other: Stats) {
        self.docs += other.docs;
        self.words += other.words;
        self.damaged += other.damaged;
        self.wrong_after += other.wrong_after;
        self.restored += other.restored;
        self.false_edits += other.false_edits;
        self.clean_changed += other.clean_changed;
        self.detected_exact += other.detected_exact;
        self.detected_too_few += other.detected_too_few;
        self.detected_extra += other.detected_extra;
        self.clean_flagged += other.clean_flagged;
        self.clean_too_short += other.clean_too_short;
        self.misaligned_docs += other.misaligned_docs;
        self.bytes += other.bytes;
        self.repair_time += other.repair_time;
        for (k, [d, w, e]) in other.outcomes {
            let o = self.outcomes.entry(k).or_default();
            o[0] += d;
            o[1] += w;
            o[2] += e;
        }
        merge(&mut self.confusions, other.confusions);
        merge(&mut self.clean_confusions, other.clean_confusions);
    }
}

fn merge(into: &mut HashMap<Confusion, usize>, from: HashMap<Confusion, usize>) {
    for (k, n) in from {
        *into.entry(k).or_default() += n;
    }
}

/// One article's texts. `damaged` and `repaired` are `None` when only the clean text
/// was repaired (`--clean-only`).
pub struct Texts<'a> {
    pub clean: &'a str,
    pub damaged: Option<&'a str>,
    pub repaired: Option<&'a str>,
    pub clean_repaired: &'a str,
}

/// Whitespace pieces. Damage and restoration only drop or add letters, so the pieces of
/// the versions of one text correspond one to one, even when a word vanishes entirely.
fn pieces(text: &str) -> Vec<&str> {
    text.split(char::is_whitespace).collect()
}

impl Stats {
    /// Scores one article into `self`.
    pub fn add_article(&mut self, t: &Texts) {
        let clean = pieces(t.clean);
        let damaged = t.damaged.map(pieces);
        let repaired = t.repaired.map(pieces);
        let clean_repaired = pieces(t.clean_repaired);
        let aligned = [&damaged, &repaired]
            .into_iter()
            .flatten()
            .chain([&clean_repaired])
            .all(|p| p.len() == clean.len());
        if !aligned {
            // Scoring misaligned pieces would blame the wrong words; report it instead.
            self.misaligned_docs += 1;
            return;
        }
        self.docs += 1;
        for (i, &c) in clean.iter().enumerate() {
            if !has_arabic(c) {
                continue;
            }
            self.words += 1;
            if clean_repaired[i] != c {
                self.clean_changed += 1;
                count(&mut self.clean_confusions, c, c, clean_repaired[i]);
            }
            let (Some(damaged), Some(repaired)) = (&damaged, &repaired) else {
                continue;
            };
            let (d, r) = (damaged[i], repaired[i]);
            let right = r == c;
            if d != c {
                self.damaged += 1;
                self.restored += usize::from(right);
            } else if !right {
                self.false_edits += 1;
            }
            if !right {
                self.wrong_after += 1;
                count(&mut self.confusions, c, d, r);
            }
        }
    }
}

fn count(map: &mut HashMap<Confusion, usize>, expected: &str, damaged: &str, produced: &str) {
    let key = (strip(expected), strip(damaged), strip(produced));
    *map.entry(key).or_default() += 1;
}

/// The piece without surrounding punctuation and quotes, for display.
fn strip(piece: &str) -> String {
    piece
        .trim_matches(|c: char| !(c.is_alphanumeric() || is_word_char(c)))
        .to_owned()
}

/// The `k` most frequent entries, ties broken by the words so output is reproducible.
pub fn top(map: &HashMap<Confusion, usize>, k: usize) -> Vec<(&Confusion, usize)> {
    let mut v: Vec<_> = map.iter().map(|(c, &n)| (c, n)).collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v.truncate(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_kind_of_word() {
        let mut s = Stats::default();
        s.add_article(&Texts {
            clean: "«في» البيت التي 12 على",
            damaged: Some("«ف» البيت الت 12 عل"),
            repaired: Some("«في» البيتي الت 12 على"),
            clean_repaired: "«في» البيت التي 12 علىي",
        });
        assert_eq!(s.docs, 1);
        assert_eq!(s.words, 4);
        assert_eq!(s.damaged, 3);
        assert_eq!(s.restored, 2);
        assert_eq!(s.false_edits, 1);
        assert_eq!(s.wrong_after, 2);
        assert_eq!(s.clean_changed, 1);
        let key = ("التي".to_owned(), "الت".to_owned(), "الت".to_owned());
        assert_eq!(s.confusions[&key], 1);
    }

    #[test]
    fn misaligned_articles_are_counted_not_scored() {
        let mut s = Stats::default();
        s.add_article(&Texts {
            clean: "في البيت",
            damaged: Some("ف البيت"),
            repaired: Some("في  البيت"),
            clean_repaired: "في البيت",
        });
        assert_eq!((s.docs, s.words, s.misaligned_docs), (0, 0, 1));
    }

    #[test]
    fn strips_punctuation_only() {
        assert_eq!(strip("«(الأولى)»."), "الأولى");
        assert_eq!(strip("2022،"), "2022");
        assert_eq!(strip("أنّ"), "أنّ");
    }
}
