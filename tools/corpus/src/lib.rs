//! Access to `../shared/data` for tarmim's tools, and the one definition of the fixed
//! evaluation split that every derived table leaves out.

use flate2::read::GzDecoder;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The news corpora, in the order the tools read them.
pub const CORPORA: [&str; 2] = ["ant-news-v2.1.txt.gz", "ant-news-v1.1.txt.gz"];
/// The word frequency list.
pub const WORDFREQ: &str = "wordfreq-ar-large.tsv.gz";

/// Every `EVAL_STRIDE`th article of each corpus (indices 0, 10, 20, …) is held out.
pub const EVAL_STRIDE: usize = 10;

/// Whether the article at `index` (0-based, per corpus file) is in the evaluation split.
pub fn is_evaluation(index: usize) -> bool {
    index.is_multiple_of(EVAL_STRIDE)
}

/// Whether the article at `index` is in the tuning slice: training articles (counted into
/// the tables) set aside for choosing thresholds, so that the evaluation split is never
/// used to tune anything. Indices 5, 15, 25, …
pub fn is_tuning(index: usize) -> bool {
    index % EVAL_STRIDE == EVAL_STRIDE / 2
}

/// One article of a corpus.
#[derive(Clone, Debug)]
pub struct Article {
    /// The corpus file it came from.
    pub corpus: &'static str,
    /// Its 0-based position in that file.
    pub index: usize,
    /// Title line and paragraphs, one per line, without a trailing newline.
    pub text: String,
}

/// The data directory: `$TARMIM_DATA`, else `../shared/data` from the workspace root.
pub fn data_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("TARMIM_DATA") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// Whether the shared data is present (it is not on a user's machine).
pub fn data_available() -> bool {
    data_dir().join(WORDFREQ).is_file()
}

/// Reads a gzip-compressed UTF-8 file from the data directory.
pub fn read_gz(name: &str) -> io::Result<String> {
    let file = std::fs::File::open(data_dir().join(name))?;
    let mut text = String::new();
    GzDecoder::new(file).read_to_string(&mut text)?;
    Ok(text)
}

/// All articles of every corpus, training and evaluation alike.
pub fn articles() -> io::Result<Vec<Article>> {
    let mut out = Vec::new();
    for corpus in CORPORA {
        let text = read_gz(corpus)?;
        let arts = text
            .split("\n\n")
            .map(|a| a.trim_matches('\n'))
            .filter(|a| !a.is_empty());
        for (index, a) in arts.enumerate() {
            out.push(Article {
                corpus,
                index,
                text: a.to_owned(),
            });
        }
    }
    Ok(out)
}

/// `(word, frequency)` rows of the wordfreq list, most frequent first.
pub fn wordfreq() -> io::Result<Vec<(String, f64)>> {
    let text = read_gz(WORDFREQ)?;
    let mut rows = Vec::new();
    for line in text.lines() {
        let Some((w, f)) = line.split_once('\t') else {
            continue;
        };
        let f: f64 = f
            .trim()
            .parse()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{line:?}: {e}")))?;
        rows.push((w.to_owned(), f));
    }
    Ok(rows)
}
