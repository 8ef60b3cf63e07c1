//! Spacing evaluation: each article is damaged with the glyph profile and then with the
//! spacing damage of extractors that infer spaces from glyph gaps (spaces inside words,
//! spaces between words lost), and repaired; tokens are aligned with the clean article
//! before and after. The clean article and the glyph-damaged one (spacing intact) are
//! repaired too, to count spacing edits where none is due.

use std::ops::AddAssign;
use std::time::{Duration, Instant};
use tarmim::profile::DamageProfile;
use tarmim::simulate::compare::{token_errors, tokens};
use tarmim::simulate::damage;
use tarmim::simulate::spacing::{damage_spacing, SpacingDamage};
use tarmim::{ProfileChoice, Repair, Repairer};

/// The rule whose edits are counted as spacing edits.
const RULE: &str = "layout/word-spacing";

/// Sums over articles.
#[derive(Debug, Default)]
pub struct SpacingStats {
    pub docs: usize,
    /// Tokens of the clean articles.
    pub tokens: usize,
    /// Token edit distance from the clean text: damaged, repaired.
    pub errors_before: usize,
    pub errors_after: usize,
    /// The same for the glyph damage alone, repaired (what spacing damage adds on top).
    pub glyph_only_errors: usize,
    /// Spacing edits on the damaged text, the clean text, and the glyph-only damage.
    pub edits: usize,
    pub clean_edits: usize,
    pub glyph_only_edits: usize,
    /// Clean articles with any spacing edit.
    pub clean_docs_edited: usize,
    pub time: Duration,
}

impl AddAssign for SpacingStats {
    fn add_assign(&mut self, o: SpacingStats) {
        self.docs += o.docs;
        self.tokens += o.tokens;
        self.errors_before += o.errors_before;
        self.errors_after += o.errors_after;
        self.glyph_only_errors += o.glyph_only_errors;
        self.edits += o.edits;
        self.clean_edits += o.clean_edits;
        self.glyph_only_edits += o.glyph_only_edits;
        self.clean_docs_edited += o.clean_docs_edited;
        self.time += o.time;
    }
}

fn spacing_edits(r: &Repair<'_>) -> usize {
    r.edits.iter().filter(|e| e.rule.as_str() == RULE).count()
}

/// Evaluates every article in `threads` threads, detecting each document's profile if
/// `auto`, else with `profile` given.
pub fn evaluate(
    texts: &[&str],
    profile: &DamageProfile,
    auto: bool,
    threads: usize,
) -> SpacingStats {
    let choice = if auto {
        ProfileChoice::Auto
    } else {
        ProfileChoice::Given(profile.clone())
    };
    let repairer = Repairer::new().profile(choice);
    repairer.repair("ف");
    let spacing = SpacingDamage::default();
    crate::parallel::sum_over(texts, threads, |text, st| {
        article(&repairer, profile, &spacing, text, st)
    })
}

fn article(
    repairer: &Repairer,
    profile: &DamageProfile,
    spacing: &SpacingDamage,
    clean: &str,
    st: &mut SpacingStats,
) {
    let glyph_only = damage(clean, profile);
    let damaged = damage_spacing(&glyph_only, spacing);
    let start = Instant::now();
    let repaired = repairer.repair(&damaged);
    let clean_repaired = repairer.repair(clean);
    let glyph_repaired = repairer.repair(&glyph_only);
    st.time += start.elapsed();
    let want = tokens(clean);
    st.docs += 1;
    st.tokens += want.len();
    st.errors_before += token_errors(&want, &tokens(&damaged));
    st.errors_after += token_errors(&want, &tokens(&repaired.text));
    st.glyph_only_errors += token_errors(&want, &tokens(&glyph_repaired.text));
    st.edits += spacing_edits(&repaired);
    let clean_edits = spacing_edits(&clean_repaired);
    st.clean_edits += clean_edits;
    st.clean_docs_edited += usize::from(clean_edits > 0);
    st.glyph_only_edits += spacing_edits(&glyph_repaired);
}

/// Prints the spacing table.
pub fn report(results: &[(&str, SpacingStats)]) {
    let pct = |n: usize, of: usize| {
        if of == 0 {
            "–".to_owned()
        } else {
            format!("{:.2}%", 100.0 * n as f64 / of as f64)
        }
    };
    let d = SpacingDamage::default();
    println!(
        "Spacing damage: a space after {:.0}% of the letters inside words that do not join forward, {:.0}% of the spaces between Arabic words lost.",
        100.0 * d.inner_space,
        100.0 * d.missing_space
    );
    println!();
    println!("| profile + spacing damage | articles | tokens | token errors before | after | errors removed | after, glyph damage only | spacing edits | on clean text (articles) | on glyph damage only | repair time (3 texts per article) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, s) in results {
        println!(
            "| {name} | {} | {} | {} ({}) | {} ({}) | {} | {} ({}) | {} | {} ({}) | {} | {:.1} s |",
            s.docs,
            s.tokens,
            s.errors_before,
            pct(s.errors_before, s.tokens),
            s.errors_after,
            pct(s.errors_after, s.tokens),
            pct(
                s.errors_before.saturating_sub(s.errors_after),
                s.errors_before
            ),
            s.glyph_only_errors,
            pct(s.glyph_only_errors, s.tokens),
            s.edits,
            s.clean_edits,
            s.clean_docs_edited,
            s.glyph_only_edits,
            s.time.as_secs_f64()
        );
    }
}
