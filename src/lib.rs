//! tarmim (ترميم, "restoration") repairs Arabic text damaged by PDF extraction and OCR.
//!
//! When a PDF font's ToUnicode table misses some contextual glyph forms, the extracted text
//! silently loses those letters, but only in that form: العسرية for العسكرية, ف for في.
//! tarmim restores them with an embedded lexicon and a bigram model, and reports every
//! change as an [`Edit`] with a byte span in the input, a rule id and a confidence.
//!
//! By default each document's damage profile is detected from its own glyph counts
//! ([`detect`]); a sentence is too short to tell, so this example gives the profile:
//!
//! ```
//! use tarmim::{profile::DamageProfile, ProfileChoice, Repairer};
//! let input = "عندما نشرت روسيا قواتها العسرية ف جيب ناغورن كارباخ";
//! let repairer = Repairer::new().profile(ProfileChoice::Given(DamageProfile::sample()));
//! let repair = repairer.repair(input);
//! assert_eq!(repair.text, "عندما نشرت روسيا قواتها العسكرية في جيب ناغورني كارباخ");
//! assert_eq!(tarmim::apply_edits(input, &repair.edits), repair.text);
//! for edit in &repair.edits {
//!     assert_eq!(&input[edit.span.clone()], edit.original);
//! }
//! ```
//!
//! Text with nothing to repair comes back borrowed:
//!
//! ```
//! use std::borrow::Cow;
//! assert!(matches!(tarmim::repair("no Arabic here").text, Cow::Borrowed(_)));
//! ```
#![deny(missing_docs)]

mod boundaries;
pub mod candidates;
mod decode;
pub mod detect;
pub mod diagnose;
pub mod edit;
pub mod error;
pub mod glyph;
pub mod joining;
pub mod language_model;
pub mod lexicon;
mod line_layout;
pub mod profile;
mod repairer;
pub mod rules;
pub mod simulate;
pub mod tables;
pub mod token;
pub mod word_class;
mod word_map;

pub use diagnose::Diagnosis;
pub use edit::{apply_edits, Edit, Repair};
pub use error::Error;
pub use repairer::{ProfileChoice, Repairer};

use once_cell::sync::Lazy;

static DEFAULT: Lazy<Repairer> = Lazy::new(Repairer::new);

/// Repairs `text` with the default settings: the damage profile is detected from the
/// text, so a short text, which cannot show what is missing, is left alone.
///
/// ```
/// assert_eq!(tarmim::repair("قال إن موسو تعان").text, "قال إن موسو تعان");
/// ```
pub fn repair(text: &str) -> Repair<'_> {
    DEFAULT.repair(text)
}

/// Repairs raw bytes with the default settings; fails with the offset of invalid UTF-8.
///
/// ```
/// assert_eq!(tarmim::repair_bytes(b"\xff").unwrap_err(),
///            tarmim::Error::InvalidUtf8 { offset: 0 });
/// ```
pub fn repair_bytes(bytes: &[u8]) -> Result<Repair<'_>, Error> {
    DEFAULT.repair_bytes(bytes)
}

/// Like [`repair`], returning the text and a line of explanation per edit
/// (python-ftfy's `fix_and_explain`).
///
/// ```
/// let (text, steps) = tarmim::fix_and_explain("نص سليم");
/// assert_eq!(text, "نص سليم");
/// assert!(steps.is_empty());
/// ```
pub fn fix_and_explain(text: &str) -> (String, Vec<String>) {
    let r = repair(text);
    let steps = r.edits.iter().map(Edit::explain).collect();
    (r.text.into_owned(), steps)
}
