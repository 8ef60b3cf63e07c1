//! Line layout damage, as extractors that read right-to-left lines in visual order
//! produce it (see the damage model): trailing punctuation displaced to the line start,
//! reversed and mirrored; now and then a leading quote sent to the end; some lines with
//! their text runs in reverse order, the runs breaking where a word lost its final glyph;
//! a conjunction و written apart from its word.
//!
//! Deterministic: every choice is drawn from a hash of the line, so the same text always
//! comes out damaged the same way.

use super::{draw, dropped_ranges};
use crate::line_layout::{bracket, edges, is_edge_punct, mirror_reverse};
use crate::profile::DamageProfile;
use crate::token::{is_arabic_letter, words};

/// How often each kind of layout damage strikes.
///
/// ```
/// let d = tarmim::simulate::layout::LayoutDamage::default();
/// assert!(d.displaced_punctuation > 0.9 && d.reversed_runs < 0.1);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutDamage {
    /// Share of lines ending in punctuation after an Arabic letter whose punctuation goes
    /// to the line start.
    pub displaced_punctuation: f64,
    /// Share of lines opening with a quote or bracket (and ending in a letter) whose
    /// opening run goes to the line end.
    pub leading_quote_to_end: f64,
    /// Share of lines of two runs or more whose runs come out in reverse order.
    pub reversed_runs: f64,
    /// Share of lines in which one word starting with و has it written apart.
    pub split_waw: f64,
}

impl Default for LayoutDamage {
    /// The rates the sample article suggests.
    fn default() -> LayoutDamage {
        LayoutDamage {
            displaced_punctuation: 0.95,
            leading_quote_to_end: 0.1,
            reversed_runs: 0.05,
            split_waw: 0.03,
        }
    }
}

/// Wraps every line longer than `width` characters at spaces, as a PDF column would.
///
/// ```
/// use tarmim::simulate::layout::wrap;
/// assert_eq!(wrap("أ ب ج د", 3), "أ ب\nج د");
/// assert_eq!(wrap("قصير\r\nقصير", 80), "قصير\r\nقصير");
/// ```
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut len = 0;
        for (j, word) in line.split(' ').enumerate() {
            let n = word.chars().count();
            if j > 0 {
                if len > 0 && len + 1 + n > width {
                    out.push('\n');
                    len = 0;
                } else {
                    out.push(' ');
                    len += 1;
                }
            }
            out.push_str(word);
            len += n;
        }
    }
    out
}

/// `text` damaged by `profile` (glyphs) and by `layout` (line layout), line by line.
///
/// ```
/// use tarmim::profile::DamageProfile;
/// use tarmim::simulate::layout::{damage_layout, LayoutDamage};
/// let all = LayoutDamage { displaced_punctuation: 1.0, ..LayoutDamage::default() };
/// assert_eq!(damage_layout("للمرة الأولى منذ قرنين».", &DamageProfile::sample(), &all),
///            ".«للمرة الأول منذ قرنين");
/// // A line ending in digits keeps its punctuation.
/// assert_eq!(damage_layout("منذ فبراير 2022،", &DamageProfile::sample(), &all),
///            "منذ فبراير 2022،");
/// ```
pub fn damage_layout(text: &str, profile: &DamageProfile, layout: &LayoutDamage) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (content, cr) = match line.strip_suffix('\r') {
            Some(c) => (c, "\r"),
            None => (line, ""),
        };
        out.push_str(&damage_line(content, i, profile, layout));
        out.push_str(cr);
    }
    out
}

fn damage_line(
    clean: &str,
    index: usize,
    profile: &DamageProfile,
    layout: &LayoutDamage,
) -> String {
    let split = split_waw(clean, index, layout);
    let line = split.as_str();
    let e = edges(line);
    let body = &line[e.lead.end..e.trail.start];
    // Pieces of the body between cuts, in clean text, and what separates them.
    let mut pieces: Vec<&str> = Vec::new();
    let mut seps: Vec<&str> = Vec::new();
    let dropped = dropped_ranges(body, profile);
    let ends: Vec<usize> = words(body)
        .filter(|w| {
            let last = w
                .text
                .char_indices()
                .rev()
                .find(|&(_, c)| is_arabic_letter(c))
                .map(|(i, _)| w.offset + i);
            last.is_some_and(|at| dropped.iter().any(|r| r.contains(&at)))
        })
        .map(|w| w.offset + w.text.len())
        .collect();
    let mut start = 0;
    for end in ends {
        let sep_len = body[end..]
            .char_indices()
            .find(|&(_, c)| !(c == ' ' || is_edge_punct(c)))
            .map_or(body.len() - end, |(i, _)| i);
        if end + sep_len >= body.len() || sep_len == 0 {
            continue;
        }
        pieces.push(&body[start..end]);
        seps.push(&body[end..end + sep_len]);
        start = end + sep_len;
    }
    pieces.push(&body[start..]);
    let glyphs = |s: &str| super::damage(s, profile).into_owned();
    let body = if pieces.len() >= 2 && draw(line, index, "runs") < layout.reversed_runs {
        let mut out = String::new();
        for k in (0..pieces.len()).rev() {
            out.push_str(&glyphs(pieces[k]));
            if k > 0 {
                out.push_str(&mirror_reverse(seps[k - 1]));
            }
        }
        out
    } else {
        glyphs(body)
    };
    let (before, lead) = (&line[..e.lead.start], &line[e.lead.clone()]);
    let (trail, after) = (&line[e.trail.clone()], &line[e.trail.end..]);
    let lead = glyphs(lead);
    if e.rtl && e.ends_arabic && !trail.is_empty() {
        if draw(line, index, "punctuation") < layout.displaced_punctuation {
            return format!("{before}{}{lead}{body}{after}", mirror_reverse(trail));
        }
    } else if e.rtl
        && e.ends_arabic
        && !lead.is_empty()
        && lead
            .chars()
            .all(|c| bracket(c).is_some_and(|(_, o)| o == Some(true)))
        && draw(line, index, "quote") < layout.leading_quote_to_end
    {
        return format!("{before}{body}{}{after}", mirror_reverse(&lead));
    }
    format!("{before}{lead}{body}{trail}{after}")
}

/// The line with one word's leading و written apart, now and then.
fn split_waw(line: &str, index: usize, layout: &LayoutDamage) -> String {
    if draw(line, index, "waw") >= layout.split_waw {
        return line.to_owned();
    }
    let candidates: Vec<usize> = words(line)
        .filter(|w| w.text.starts_with('و') && w.text.chars().count() >= 4)
        .map(|w| w.offset)
        .collect();
    if candidates.is_empty() {
        return line.to_owned();
    }
    let pick = candidates[(draw(line, index, "which") * candidates.len() as f64) as usize];
    let at = pick + 'و'.len_utf8();
    format!("{} {}", &line[..at], &line[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn always() -> LayoutDamage {
        LayoutDamage {
            displaced_punctuation: 1.0,
            leading_quote_to_end: 1.0,
            reversed_runs: 1.0,
            split_waw: 0.0,
        }
    }

    #[test]
    fn reproduces_the_sample_lines() {
        let p = DamageProfile::sample();
        assert_eq!(
            damage_layout(
                "وانتهت هذه الحرب، التي سبقتها أخرى في تسعينيات القرن الماضي، بهزيمة كبرى للقوات الأرمنية، التي اضطرت إلى",
                &p,
                &always()
            ),
            "اضطرت إل بهزيمة كبرى للقوات الأرمنية، الت ،تسعينيات القرن الماض سبقتها أخرى ف وانتهت هذه الحرب، الت"
        );
        assert_eq!(
            damage_layout(
                "على كل حال، لم تعد روسيا التي يتقدم عليها الاتحاد الأوروبي والولايات المتحدة، في طليعة القوى التي تسعى إلى",
                &p,
                &always()
            ),
            "إل تسع طليعة القوى الت والولايات المتحدة، ف يتقدم عليها الاتحاد الأوروب كل حال، لم تعد روسيا الت عل"
        );
        let in_order = LayoutDamage {
            reversed_runs: 0.0,
            ..always()
        };
        assert_eq!(
            damage_layout("«أنّ الأقدام لا تغادر أبداً الأراضي التي تطأها».", &p, &in_order),
            ".««أنّ الأقدام لا تغادر أبداً الأراض الت تطأها"
        );
        assert_eq!(
            damage_layout("«الخليج» ‐ وكالات", &p, &in_order),
            "الخليج» ‐ وكالات»"
        );
        let waw = LayoutDamage {
            split_waw: 1.0,
            ..LayoutDamage::default()
        };
        assert_eq!(damage_layout("واقتربت باكو", &p, &waw), "و اقتربت باكو");
    }

    #[test]
    fn deterministic_and_rare_enough() {
        let p = DamageProfile::sample();
        let d = LayoutDamage::default();
        let line = "قال الرئيس في كلمته إن البلاد تعاني من أزمة.";
        assert_eq!(damage_layout(line, &p, &d), damage_layout(line, &p, &d));
        let hits = (0..2000).filter(|&i| draw(line, i, "runs") < 0.05).count();
        assert!((60..140).contains(&hits), "{hits}");
    }
}
