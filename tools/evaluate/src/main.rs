//! Evaluates tarmim on the held-out split of the news corpora.
//!
//! For each damage profile, every evaluation article is damaged with the simulator and
//! repaired with that profile given, and the clean article is repaired with the profile
//! forced on as well (which measures edits on text that needs none). Words are compared
//! piece by piece and summarised as a Markdown table, followed by the most frequent
//! confusions.
//!
//! With `--auto`, nothing is given: each document's profile is detected, as in tarmim's
//! default, and the report adds how well detection did. `--detection-curve` measures how
//! detection depends on document length.
//!
//! ```text
//! evaluate [--profile P]... [--limit N] [--confusions K] [--clean-only] [--auto]
//!          [--layout] [--spacing] [--tuning] [--ligatures]
//! evaluate --detection-curve [--profile P]... [--limit N]
//! ```
//!
//! With `--layout`, the articles are wrapped into lines and damaged in their layout as
//! well, and token error rates (punctuation and order counted) are reported instead
//! (see `layout.rs`). `--spacing` does the same for spaces put inside words and lost
//! between them (see `spacing.rs`).
//!
//! `--write-articles` and `--extracted` measure what real extractors wrote for real PDFs
//! of held-out articles (see `tools/real-pdfs/` and `extracted.rs`).
//!
//! `--tuning` reads a slice of training articles (indices 5, 15, 25, …, as many as the
//! held-out split) instead, for tuning thresholds without touching the held-out split.
//! Its tables must leave that slice out too, or the figures flatter the model:
//! `cargo run --release -p build-tables -- --tuning`, then run this tool with
//! `--features tarmim/tuning-tables` (it refuses `--tuning` otherwise).

mod detection_curve;
mod extracted;
mod layout;
mod parallel;
mod score;
mod spacing;

use score::{top, Stats, Texts};
use std::borrow::Cow;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tarmim::detect::{detect, Verdict};
use tarmim::glyph::Glyph;
use tarmim::profile::DamageProfile;
use tarmim::simulate::ligatures::reverse_ligatures;
use tarmim::simulate::{damage, damage_unmapped, Placeholder};
use tarmim::{ProfileChoice, Repair, Repairer};

const USAGE: &str = "\
usage: evaluate [--profile P]... [--limit N] [--confusions K] [--clean-only] [--auto]
                [--layout] [--spacing] [--tuning] [--ligatures]
       evaluate --detection-curve [--profile P]... [--limit N]
       evaluate --write-articles DIR [--limit N]
       evaluate --extracted DIR

  --profile P        damage profile, e.g. sample, final-yeh,final-alef-maksura, none
                     (repeatable; default: sample)
  --limit N          only the first N evaluation articles
  --confusions K     how many confusions to list per profile (default 25)
  --clean-only       only repair the clean text with the profile forced on
  --auto             detect each document's profile instead of giving it
  --detection-curve  detection accuracy by document length (first N words of each
                     article), for every profile and for clean text
  --tuning           use the tuning slice of the training articles instead of the
                     held-out split (for choosing thresholds); needs the tables built by
                     `build-tables --tuning`, embedded with --features tarmim/tuning-tables
  --layout           wrap into lines, add line layout damage, report token error rates
  --spacing          add spacing damage (spaces inside words, spaces lost between
                     them) after the glyph damage, report token error rates
  --ligatures        also reverse ligature letters as some PDF producers do (عىل, اهلل)
  --unmapped KIND    write a placeholder for each lost glyph instead of dropping it, as
                     extractors do for glyphs a font does not map: fffd (U+FFFD),
                     pua (a private-use character per glyph), cid (pdfminer's (cid:N)),
                     code (an ASCII character per glyph, its code in the font's encoding)
  --write-articles DIR  write N held-out articles (default 20) to render as PDFs
                     (tools/real-pdfs/run.sh)
  --extracted DIR    repair what real extractors wrote for those PDFs
                     (DIR/text/ARTICLE-FONT-ALIGN.TOOL.txt) and report token error rates";

/// Worker threads: the machine this runs on has two cores.
const THREADS: usize = 2;

/// Command-line options.
#[derive(Debug)]
struct Options {
    profiles: Vec<(String, DamageProfile)>,
    limit: Option<usize>,
    confusions: usize,
    clean_only: bool,
    auto: bool,
    detection_curve: bool,
    tuning: bool,
    layout: bool,
    spacing: bool,
    ligatures: bool,
    unmapped: Option<Placeholder>,
    write_articles: Option<std::path::PathBuf>,
    extracted: Option<std::path::PathBuf>,
}

/// Parses the arguments; `Ok(None)` means help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut opts = Options {
        profiles: Vec::new(),
        limit: None,
        confusions: 25,
        clean_only: false,
        auto: false,
        detection_curve: false,
        tuning: false,
        layout: false,
        spacing: false,
        ligatures: false,
        unmapped: None,
        write_articles: None,
        extracted: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--profile" => {
                let name = value()?;
                let profile = name.parse().map_err(|e| format!("{name:?}: {e}"))?;
                opts.profiles.push((name, profile));
            }
            "--limit" => opts.limit = Some(number(&value()?)?),
            "--confusions" => opts.confusions = number(&value()?)?,
            "--clean-only" => opts.clean_only = true,
            "--auto" => opts.auto = true,
            "--tuning" => opts.tuning = true,
            "--detection-curve" => opts.detection_curve = true,
            "--layout" => opts.layout = true,
            "--spacing" => opts.spacing = true,
            "--ligatures" => opts.ligatures = true,
            "--unmapped" => {
                opts.unmapped = Some(match value()?.as_str() {
                    "fffd" => Placeholder::Replacement,
                    "pua" => Placeholder::PrivateUse,
                    "cid" => Placeholder::Cid,
                    "code" => Placeholder::Code,
                    other => {
                        return Err(format!(
                            "--unmapped: {other:?} is not fffd, pua, cid or code"
                        ))
                    }
                })
            }
            "--write-articles" => opts.write_articles = Some(value()?.into()),
            "--extracted" => opts.extracted = Some(value()?.into()),
            "-h" | "--help" => return Ok(None),
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    if opts.profiles.is_empty() {
        opts.profiles
            .push(("sample".to_owned(), DamageProfile::sample()));
    }
    Ok(Some(opts))
}

fn number(s: &str) -> Result<usize, String> {
    s.parse().map_err(|_| format!("{s:?} is not a number"))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("evaluate: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let Some(opts) = parse_args(std::env::args().skip(1))? else {
        println!("{USAGE}");
        return Ok(());
    };
    if let Some(dir) = &opts.extracted {
        return extracted::report(dir);
    }
    if !corpus::data_available() {
        return Err(format!(
            "the shared data is missing: no {} in {} (set TARMIM_DATA to its directory)",
            corpus::WORDFREQ,
            corpus::data_dir().display()
        ));
    }
    let mut articles = corpus::articles().map_err(|e| format!("reading the corpora: {e}"))?;
    if opts.tuning && !tarmim::tables::TUNING_TABLES {
        return Err(
            "--tuning needs tables that never saw the tuning slice: run \
             `cargo run --release -p build-tables -- --tuning`, then build this tool with \
             `--features tarmim/tuning-tables`"
                .into(),
        );
    }
    if opts.tuning {
        articles.retain(|a| corpus::is_tuning(a.index));
    } else {
        articles.retain(|a| corpus::is_evaluation(a.index));
    }
    if let Some(dir) = &opts.write_articles {
        let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
        return extracted::write_articles(&texts, opts.limit.unwrap_or(20), dir);
    }
    if let Some(n) = opts.limit {
        articles.truncate(n);
    }
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    if opts.layout {
        let mut results = Vec::new();
        for (name, profile) in &opts.profiles {
            eprintln!("evaluating layout, {name}, on {} articles…", texts.len());
            results.push((name.as_str(), layout::evaluate(&texts, profile, THREADS)));
        }
        layout::report(&results);
        return Ok(());
    }
    if opts.spacing {
        let mut results = Vec::new();
        for (name, profile) in &opts.profiles {
            eprintln!("evaluating spacing, {name}, on {} articles…", texts.len());
            let stats = spacing::evaluate(&texts, profile, opts.auto, THREADS);
            results.push((name.as_str(), stats));
        }
        spacing::report(&results);
        return Ok(());
    }
    if opts.detection_curve {
        detection_curve::report(&texts, &opts.profiles);
        return Ok(());
    }

    let mut results = Vec::new();
    for (name, profile) in &opts.profiles {
        eprintln!("evaluating {name} on {} articles…", texts.len());
        let start = Instant::now();
        let stats = evaluate(&texts, profile, &opts);
        results.push((name.as_str(), stats, start.elapsed()));
    }
    report(&results, &opts);
    Ok(())
}

/// Damages, repairs and scores every article in `THREADS` threads.
fn evaluate(texts: &[&str], profile: &DamageProfile, opts: &Options) -> Stats {
    let choice = if opts.auto {
        ProfileChoice::Auto
    } else {
        ProfileChoice::Given(profile.clone())
    };
    let repairer = Repairer::new().profile(choice);
    // Load the embedded lexicon and model now, so the first article's timing excludes it.
    repairer.repair("ف");
    parallel::sum_over(texts, THREADS, |text, stats| {
        score_article(&repairer, profile, text, opts, stats)
    })
}

fn score_article(
    repairer: &Repairer,
    profile: &DamageProfile,
    clean: &str,
    opts: &Options,
    stats: &mut Stats,
) {
    let damaged = (!opts.clean_only).then(|| {
        let lost = match opts.unmapped {
            Some(placeholder) => damage_unmapped(clean, profile, placeholder),
            None => damage(clean, profile),
        };
        if opts.ligatures {
            Cow::Owned(reverse_ligatures(&lost).into_owned())
        } else {
            lost
        }
    });
    let repaired = damaged.as_deref().map(|d| timed_repair(repairer, d, stats));
    let clean_repaired = timed_repair(repairer, clean, stats);
    let mut outcome = None;
    if opts.auto {
        // The repair's own profile is what detection found: no second detection.
        if let Some(found) = repaired.as_ref().map(|r| &r.profile) {
            if !profile.is_empty() {
                let (lost, found) = (profile.glyphs(), found.glyphs());
                let missed: Vec<Glyph> = lost
                    .iter()
                    .filter(|g| !found.contains(g))
                    .copied()
                    .collect();
                let added: Vec<Glyph> = found
                    .iter()
                    .filter(|g| !lost.contains(g))
                    .copied()
                    .collect();
                stats.detected_exact += usize::from(missed.is_empty() && added.is_empty());
                stats.detected_too_few += usize::from(!missed.is_empty());
                stats.detected_extra += usize::from(!added.is_empty());
                outcome = Some(outcome_name(&missed, &added));
            }
        }
        // The verdict tells "too short" from "clean"; a clean article rarely has a
        // suspect glyph, so this detection is a count and little more.
        let verdict = detect(clean).verdict;
        stats.clean_flagged += usize::from(verdict == Verdict::Damaged);
        stats.clean_too_short += usize::from(verdict == Verdict::TooShort);
    }
    let (damaged_before, wrong_before) = (stats.damaged, stats.wrong_after);
    stats.add_article(&Texts {
        clean,
        damaged: damaged.as_deref(),
        repaired: repaired.as_ref().map(|r| r.text.as_ref()),
        clean_repaired: &clean_repaired.text,
    });
    if let Some(outcome) = outcome {
        let o = stats.outcomes.entry(outcome).or_default();
        o[0] += 1;
        o[1] += stats.damaged - damaged_before;
        o[2] += stats.wrong_after - wrong_before;
    }
}

/// Names a detection outcome by the glyphs it missed and the glyphs it added.
fn outcome_name(missed: &[Glyph], added: &[Glyph]) -> String {
    let list = |gs: &[Glyph]| {
        gs.iter()
            .map(|g| g.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (missed.is_empty(), added.is_empty()) {
        (true, true) => "exact".to_owned(),
        (false, true) => format!("missed {}", list(missed)),
        (true, false) => format!("added {}", list(added)),
        (false, false) => format!("missed {}; added {}", list(missed), list(added)),
    }
}

/// Repairs `text`, adding the time spent and its size to `stats`.
fn timed_repair<'t>(repairer: &Repairer, text: &'t str, stats: &mut Stats) -> Repair<'t> {
    let start = Instant::now();
    let repaired = repairer.repair(text);
    stats.repair_time += start.elapsed();
    stats.bytes += text.len();
    repaired
}

fn report(results: &[(&str, Stats, Duration)], opts: &Options) {
    println!("| profile | words | WER before | WER after | damaged words restored | false edits on undamaged words | words changed in clean text |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, s, _) in results {
        let undamaged = s.words - s.damaged;
        let damaged_cols = if opts.clean_only {
            [
                "–".to_owned(),
                "–".to_owned(),
                "–".to_owned(),
                "–".to_owned(),
            ]
        } else {
            [
                percent(s.damaged, s.words, 2),
                percent(s.wrong_after, s.words, 2),
                percent(s.restored, s.damaged, 2),
                percent(s.false_edits, undamaged, 3),
            ]
        };
        println!(
            "| {name} | {} | {} | {} |",
            s.words,
            damaged_cols.join(" | "),
            percent(s.clean_changed, s.words, 3)
        );
    }

    println!();
    println!("| profile | documents | misaligned documents | MB repaired | repair time (sum over {THREADS} threads) | MB/s per thread | wall time |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, s, wall) in results {
        let mb = s.bytes as f64 / 1e6;
        let secs = s.repair_time.as_secs_f64();
        println!(
            "| {name} | {} | {} | {mb:.2} | {secs:.1} s | {:.2} | {:.1} s |",
            s.docs,
            s.misaligned_docs,
            mb / secs,
            wall.as_secs_f64()
        );
    }
    if opts.auto {
        println!();
        println!("| profile | documents | detected exactly | a lost glyph missed | a glyph wrongly added | word errors removed | clean documents flagged damaged | clean documents too short |");
        println!("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (name, s, _) in results {
            let damaged = !s.damaged.eq(&0);
            let cell = |n: usize| {
                if damaged {
                    percent(n, s.docs, 2)
                } else {
                    "–".to_owned()
                }
            };
            let removed = if damaged {
                percent(s.damaged.saturating_sub(s.wrong_after), s.damaged, 2)
            } else {
                "–".to_owned()
            };
            println!(
                "| {name} | {} | {} | {} | {} | {removed} | {} of {} | {} |",
                s.docs,
                cell(s.detected_exact),
                cell(s.detected_too_few),
                cell(s.detected_extra),
                s.clean_flagged,
                s.docs,
                s.clean_too_short,
            );
        }
        println!();
        println!("Word errors removed: 1 − (wrong words after repair) / (words damaged).");
        for (name, s, _) in results {
            if s.outcomes.is_empty() {
                continue;
            }
            println!();
            println!("### {name}: wrong words after repair, by detection outcome");
            println!();
            println!("| detection | documents | damaged words | wrong after | share of all wrong words |");
            println!("|---|---:|---:|---:|---:|");
            let mut rows: Vec<_> = s.outcomes.iter().collect();
            rows.sort_by(|a, b| b.1[2].cmp(&a.1[2]).then(a.0.cmp(b.0)));
            for (outcome, [docs, damaged, wrong]) in rows.into_iter().take(12) {
                println!(
                    "| {outcome} | {docs} | {damaged} | {wrong} | {} |",
                    percent(*wrong, s.wrong_after, 1)
                );
            }
        }
    }

    let repaired = if opts.clean_only {
        "the clean text"
    } else {
        "the damaged and the clean text"
    };
    println!();
    println!("MB repaired counts {repaired} (1 MB = 10^6 bytes).");

    if opts.confusions == 0 {
        return;
    }
    for (name, s, _) in results {
        let (title, map) = if opts.clean_only {
            ("words changed in clean text", &s.clean_confusions)
        } else {
            ("confusions", &s.confusions)
        };
        println!();
        println!("### {name}: top {} {title}", opts.confusions);
        println!();
        println!("| count | expected | damaged | produced |");
        println!("|---:|---|---|---|");
        for ((expected, damaged, produced), n) in top(map, opts.confusions) {
            println!(
                "| {n} | {} | {} | {} |",
                cell(expected),
                cell(damaged),
                cell(produced)
            );
        }
    }
}

/// `n / of` as a percentage, or a dash when there is nothing to divide by.
fn percent(n: usize, of: usize, decimals: usize) -> String {
    if of == 0 {
        return "–".to_owned();
    }
    format!("{:.*}%", decimals, 100.0 * n as f64 / of as f64)
}

/// A word as a table cell: a vanished word shows as ∅.
fn cell(word: &str) -> Cow<'_, str> {
    if word.is_empty() {
        Cow::Borrowed("∅")
    } else {
        Cow::Owned(word.replace('|', "\\|"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Options>, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_repeated_profiles_and_defaults() {
        let o = parse(&[
            "--profile",
            "sample",
            "--profile",
            "final-yeh",
            "--limit",
            "5",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(o.profiles.len(), 2);
        assert_eq!(o.profiles[1].0, "final-yeh");
        assert_eq!((o.limit, o.confusions, o.clean_only), (Some(5), 25, false));
        assert!(!o.auto && !o.detection_curve);
        let o = parse(&[]).unwrap().unwrap();
        assert_eq!(o.profiles[0].1, DamageProfile::sample());
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse(&["--limit"]).is_err());
        assert!(parse(&["--limit", "x"]).is_err());
        assert!(parse(&["--profile", "final-xyz"]).is_err());
        assert!(parse(&["--frobnicate"]).is_err());
        assert!(parse(&["--help"]).unwrap().is_none());
        assert!(parse(&["--layout"]).unwrap().unwrap().layout);
    }

    #[test]
    fn formats_percentages() {
        assert_eq!(percent(1, 3, 2), "33.33%");
        assert_eq!(percent(1, 3000, 3), "0.033%");
        assert_eq!(percent(0, 0, 2), "–");
    }
}
