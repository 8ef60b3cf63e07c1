//! Errors: every failure is a value with a clear message, never a panic.

use std::fmt;

/// What can go wrong.
///
/// ```
/// let e = tarmim::repair_bytes(b"ok \xff").unwrap_err();
/// assert_eq!(e.to_string(), "invalid UTF-8 at byte offset 3");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is not valid UTF-8; `offset` is the byte where decoding failed.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A damage profile string could not be read.
    InvalidProfile(String),
    /// A rule id that the registry does not know.
    UnknownRule(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte offset {offset}"),
            Error::InvalidProfile(msg) => write!(f, "invalid damage profile: {msg}"),
            Error::UnknownRule(id) => {
                write!(f, "unknown rule {id:?}; `tarmim rules` lists the rule ids")
            }
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The error for bytes that fail UTF-8 decoding.
    pub(crate) fn from_utf8(e: std::str::Utf8Error) -> Error {
        Error::InvalidUtf8 {
            offset: e.valid_up_to(),
        }
    }
}
