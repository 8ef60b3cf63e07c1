//! How detection depends on document length: each held-out article cut to its first N
//! words, damaged with each profile (or left clean), and detected.

use tarmim::detect::{detect, Verdict};
use tarmim::profile::DamageProfile;
use tarmim::simulate::damage;

/// Document lengths tried, in words.
const LENGTHS: [usize; 9] = [25, 50, 100, 150, 200, 300, 400, 600, 800];

/// The first `n` whitespace-separated words of `text`, or `None` if it is shorter.
fn first_words(text: &str, n: usize) -> Option<&str> {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return Some(&text[..i]);
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    (in_word && seen + 1 == n).then_some(text)
}

/// Prints, per length, the share of articles whose damaged profile is detected exactly,
/// and the verdicts on the clean articles.
pub fn report(texts: &[&str], profiles: &[(String, DamageProfile)]) {
    print!("| words | articles | clean: flagged | clean: too short |");
    for (name, _) in profiles {
        print!(" {name}: exact |");
    }
    println!();
    print!("|---:|---:|---:|---:|");
    for _ in profiles {
        print!("---:|");
    }
    println!();
    let mut false_flags = Vec::new();
    for n in LENGTHS {
        let cut: Vec<&str> = texts.iter().filter_map(|t| first_words(t, n)).collect();
        if cut.is_empty() {
            continue;
        }
        let detections: Vec<_> = cut.iter().map(|t| detect(t)).collect();
        let verdicts: Vec<Verdict> = detections.iter().map(|d| d.verdict).collect();
        let flagged = verdicts.iter().filter(|v| **v == Verdict::Damaged).count();
        for d in detections.iter().filter(|d| d.verdict == Verdict::Damaged) {
            false_flags.push((n, d.profile().to_string()));
        }
        let short = verdicts.iter().filter(|v| **v == Verdict::TooShort).count();
        print!("| {n} | {} | {flagged} | {short} |", cut.len());
        for (_, p) in profiles {
            let exact = cut
                .iter()
                .filter(|t| detect(&damage(t, p)).profile() == *p)
                .count();
            print!(" {:.1}% |", 100.0 * exact as f64 / cut.len() as f64);
        }
        println!();
    }
    if !false_flags.is_empty() {
        println!();
        println!("Clean articles flagged damaged (words, glyphs reported):");
        for (n, p) in false_flags {
            println!("- {n}: {p}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_word_boundaries() {
        assert_eq!(first_words("a b  c d", 3), Some("a b  c"));
        assert_eq!(first_words("a b", 2), Some("a b"));
        assert_eq!(first_words("a b", 3), None);
    }
}
