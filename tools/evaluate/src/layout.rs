//! Layout evaluation: each held-out article is wrapped into lines as a PDF column would
//! be, damaged with the glyph profile and the layout damage of visual-order extraction,
//! and repaired; tokens (words and punctuation marks, in order) are aligned with the
//! clean article before and after. The clean wrapped article and the glyph-damaged one
//! (no layout damage) are repaired too, to count layout edits where none is due.

use std::ops::AddAssign;
use std::time::{Duration, Instant};
use tarmim::profile::DamageProfile;
use tarmim::rules::{Category, RULES};
use tarmim::simulate::compare::{token_errors, tokens};
use tarmim::simulate::layout::{damage_layout, wrap, LayoutDamage};
use tarmim::{Edit, ProfileChoice, Repairer};

/// Column width, in characters, articles are wrapped to (the sample's lines are 60 to 110).
pub const WIDTH: usize = 100;

/// Sums over articles.
#[derive(Debug, Default)]
pub struct LayoutStats {
    pub docs: usize,
    pub lines: usize,
    /// Lines the simulator gave reversed runs.
    pub reversed_lines: usize,
    /// Reversed lines the repair put back in the clean order (words compared under the
    /// glyph damage, so glyph choices do not count here).
    pub reversed_put_right: usize,
    /// Lines with runs in order that the repair reordered anyway.
    pub normal_lines_reordered: usize,
    /// Tokens of the clean articles.
    pub tokens: usize,
    /// Token edit distance of the damaged text from the clean text.
    pub errors_before: usize,
    /// Token edit distance of the repaired text from the clean text.
    pub errors_after: usize,
    /// Layout edits made on the damaged text, by rule.
    pub layout_edits: Vec<(&'static str, usize)>,
    /// Layout edits made on the clean wrapped text.
    pub clean_layout_edits: usize,
    /// Token edit distance of the repaired clean text from the clean text.
    pub clean_errors: usize,
    /// Layout edits made on text with glyph damage only.
    pub glyph_only_layout_edits: usize,
    /// Token edit distance of the repaired glyph-only damage from the clean text: what
    /// remains when the layout is not damaged at all.
    pub glyph_only_errors: usize,
    pub time: Duration,
}

impl AddAssign for LayoutStats {
    fn add_assign(&mut self, o: LayoutStats) {
        self.docs += o.docs;
        self.lines += o.lines;
        self.reversed_lines += o.reversed_lines;
        self.reversed_put_right += o.reversed_put_right;
        self.normal_lines_reordered += o.normal_lines_reordered;
        self.tokens += o.tokens;
        self.errors_before += o.errors_before;
        self.errors_after += o.errors_after;
        for (rule, n) in o.layout_edits {
            add_rule(&mut self.layout_edits, rule, n);
        }
        self.clean_layout_edits += o.clean_layout_edits;
        self.clean_errors += o.clean_errors;
        self.glyph_only_layout_edits += o.glyph_only_layout_edits;
        self.glyph_only_errors += o.glyph_only_errors;
        self.time += o.time;
    }
}

fn add_rule(v: &mut Vec<(&'static str, usize)>, rule: &'static str, n: usize) {
    match v.iter_mut().find(|(r, _)| *r == rule) {
        Some(e) => e.1 += n,
        None => v.push((rule, n)),
    }
}

fn is_layout(e: &Edit<'_>) -> bool {
    RULES
        .iter()
        .any(|r| r.id == e.rule && r.category == Category::Layout)
}

/// Evaluates every article in `threads` threads.
pub fn evaluate(texts: &[&str], profile: &DamageProfile, threads: usize) -> LayoutStats {
    let repairer = Repairer::new().profile(ProfileChoice::Given(profile.clone()));
    repairer.repair("ف");
    let damage = LayoutDamage::default();
    crate::parallel::sum_over(texts, threads, |text, st| {
        article(&repairer, profile, &damage, text, st)
    })
}

fn article(
    repairer: &Repairer,
    profile: &DamageProfile,
    damage: &LayoutDamage,
    clean: &str,
    st: &mut LayoutStats,
) {
    let wrapped = wrap(clean, WIDTH);
    let damaged = damage_layout(&wrapped, profile, damage);
    let start = Instant::now();
    let repaired = repairer.repair(&damaged);
    let clean_repaired = repairer.repair(&wrapped);
    let glyph_only = tarmim::simulate::damage(&wrapped, profile);
    let glyph_repaired = repairer.repair(&glyph_only);
    st.time += start.elapsed();
    let want = tokens(clean);
    // The same damage without reversal differs exactly on the reversed lines.
    let in_order = LayoutDamage {
        reversed_runs: 0.0,
        ..damage.clone()
    };
    let unreversed = damage_layout(&wrapped, profile, &in_order);
    let reordered: Vec<usize> = repaired
        .edits
        .iter()
        .filter(|e| e.rule.as_str() == "layout/reversed-runs")
        .map(|e| damaged[..e.span.start].matches('\n').count())
        .collect();
    let lines = damaged
        .lines()
        .zip(unreversed.lines())
        .zip(wrapped.lines().zip(repaired.text.lines()));
    for (i, ((d, u), (c, r))) in lines.enumerate() {
        if d != u {
            st.reversed_lines += 1;
            let under = |t: &str| tarmim::simulate::damage(t, profile).into_owned();
            st.reversed_put_right += usize::from(under(c) == under(r));
        } else if reordered.contains(&i) {
            st.normal_lines_reordered += 1;
        }
    }
    st.docs += 1;
    st.lines += wrapped.lines().count();
    st.tokens += want.len();
    st.errors_before += token_errors(&want, &tokens(&damaged));
    st.errors_after += token_errors(&want, &tokens(&repaired.text));
    for e in repaired.edits.iter().filter(|e| is_layout(e)) {
        add_rule(&mut st.layout_edits, e.rule.as_str(), 1);
    }
    st.clean_layout_edits += clean_repaired.edits.iter().filter(|e| is_layout(e)).count();
    st.clean_errors += token_errors(&want, &tokens(&clean_repaired.text));
    st.glyph_only_errors += token_errors(&want, &tokens(&glyph_repaired.text));
    st.glyph_only_layout_edits += glyph_repaired.edits.iter().filter(|e| is_layout(e)).count();
}

/// The sample article against its hand-corrected reference: `(wrong tokens, tokens)`.
pub fn sample_article() -> Option<(usize, usize)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let input = std::fs::read_to_string(dir.join("000_9bef6b7cce3c4a10.txt")).ok()?;
    let expected = std::fs::read_to_string(dir.join("000_9bef6b7cce3c4a10.expected.txt")).ok()?;
    let repaired = tarmim::repair(&input);
    let want = tokens(&expected);
    Some((token_errors(&want, &tokens(&repaired.text)), want.len()))
}

/// Prints the layout table.
pub fn report(results: &[(&str, LayoutStats)]) {
    let pct = |n: usize, of: usize| {
        if of == 0 {
            "–".to_owned()
        } else {
            format!("{:.2}%", 100.0 * n as f64 / of as f64)
        }
    };
    println!("| profile + layout damage | articles | lines | tokens | token errors before | token errors after | errors removed | layout edits on clean text | layout edits, glyph damage only | repair time (3 texts per article) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, s) in results {
        println!(
            "| {name} | {} | {} | {} | {} ({}) | {} ({}) | {} | {} | {} | {:.1} s |",
            s.docs,
            s.lines,
            s.tokens,
            s.errors_before,
            pct(s.errors_before, s.tokens),
            s.errors_after,
            pct(s.errors_after, s.tokens),
            pct(
                s.errors_before.saturating_sub(s.errors_after),
                s.errors_before
            ),
            s.clean_layout_edits,
            s.glyph_only_layout_edits,
            s.time.as_secs_f64()
        );
    }
    for (name, s) in results {
        let edits: Vec<String> = s
            .layout_edits
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        println!();
        println!(
            "{name}: {} lines with reversed runs, {} put back in order; {} lines in order reordered; layout edits on the damaged text: {}; token errors in the repaired clean text: {} ({}); in the repaired text with glyph damage only: {} ({}).",
            s.reversed_lines,
            s.reversed_put_right,
            s.normal_lines_reordered,
            if edits.is_empty() { "none".to_owned() } else { edits.join(", ") },
            s.clean_errors,
            pct(s.clean_errors, s.tokens),
            s.glyph_only_errors,
            pct(s.glyph_only_errors, s.tokens)
        );
    }
    if let Some((wrong, of)) = sample_article() {
        println!();
        println!(
            "Sample article (fixtures/000_9bef6b7cce3c4a10.txt) against its hand-corrected reference: {wrong} wrong tokens of {of} ({}).",
            pct(wrong, of)
        );
    }
}
