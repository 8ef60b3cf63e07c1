//! Scoring what real extractors wrote for real PDFs (`tools/real-pdfs/run.sh`):
//! `--write-articles DIR` writes held-out articles for rendering, and `--extracted DIR`
//! repairs each extracted text and compares it, token by token, with its article.

use std::collections::BTreeMap;
use std::path::Path;
use tarmim::simulate::compare::{token_errors, tokens};
use tarmim::Repairer;

/// Articles this short hardly fill a page.
const MIN_WORDS: usize = 250;

/// Writes `n` held-out articles of at least [`MIN_WORDS`] words, evenly spread over the
/// split, as `DIR/000.txt`, `DIR/001.txt`, ….
pub fn write_articles(texts: &[&str], n: usize, dir: &Path) -> Result<(), String> {
    let long: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| t.split_whitespace().count() > MIN_WORDS)
        .collect();
    if long.is_empty() || n == 0 {
        return Err("no articles to write".into());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let step = (long.len() / n).max(1);
    for (k, text) in long.iter().step_by(step).take(n).enumerate() {
        let path = dir.join(format!("{k:03}.txt"));
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Token counts for one group of extracted texts.
#[derive(Default)]
struct Tally {
    documents: usize,
    tokens: usize,
    before: usize,
    after: usize,
    /// Errors before with the directional controls pdftotext writes taken out of the
    /// extracted text: what the text says, apart from how it is marked up.
    before_uncontrolled: usize,
}

/// Repairs every `DIR/text/ARTICLE-FONT-ALIGN.TOOL.txt` and prints token error rates by
/// extractor and by font and alignment.
pub fn report(dir: &Path) -> Result<(), String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let text_dir = dir.join("text");
    let mut names: Vec<String> = std::fs::read_dir(&text_dir)
        .map_err(|e| format!("{}: {e}", text_dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let repairer = Repairer::new();
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for name in &names {
        let Some((stem, tool)) = name.trim_end_matches(".txt").split_once('.') else {
            continue;
        };
        let mut parts = stem.splitn(3, '-');
        let (Some(article), Some(font), Some(align)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let want = read(&dir.join("articles").join(format!("{article}.txt")))?;
        let got = read(&text_dir.join(name))?;
        let want = tokens(&want);
        let repaired = repairer.repair(&got);
        let uncontrolled: String = got
            .chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
            .collect();
        let before = token_errors(&want, &tokens(&got));
        let after = token_errors(&want, &tokens(&repaired.text));
        let before_uncontrolled = token_errors(&want, &tokens(&uncontrolled));
        for key in [
            "all".to_owned(),
            format!("extractor {tool}"),
            format!("font {font}, {align}"),
        ] {
            let t = by.entry(key).or_default();
            t.documents += 1;
            t.tokens += want.len();
            t.before += before;
            t.after += after;
            t.before_uncontrolled += before_uncontrolled;
        }
    }
    if by.is_empty() {
        return Err(format!("no extracted texts in {}", text_dir.display()));
    }
    println!(
        "| texts | documents | tokens | token errors before | before, bidi controls taken out | after |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let pct = |x: usize, t: &Tally| 100.0 * x as f64 / t.tokens as f64;
    for (key, t) in &by {
        println!(
            "| {key} | {} | {} | {:.2}% | {:.2}% | {:.2}% |",
            t.documents,
            t.tokens,
            pct(t.before, t),
            pct(t.before_uncontrolled, t),
            pct(t.after, t),
        );
    }
    Ok(())
}
