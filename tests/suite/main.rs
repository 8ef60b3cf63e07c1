//! The test suite: one binary, fed by the data files under `fixtures/`.

mod cases;
mod cli;
mod extracted;
mod layout;
mod properties;
mod readme;

use std::path::{Path, PathBuf};

/// A path under the repository's `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// The sample article extracted from a PDF.
pub fn sample() -> String {
    std::fs::read_to_string(fixture("000_9bef6b7cce3c4a10.txt")).unwrap()
}
