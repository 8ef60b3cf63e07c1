//! Zero-copy tokenizing of Arabic words, and the normal form used to look them up.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// An Arabic word in a text: the slice and its byte offset.
///
/// ```
/// use tarmim::token::words;
/// let w: Vec<_> = words("Hi في البيت.").collect();
/// assert_eq!(w[0].text, "في");
/// assert_eq!(w[0].offset, 3);
/// assert_eq!(w[1].span(), 8..18);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'t> {
    /// The word as it stands in the text, harakat and tatweel included.
    pub text: &'t str,
    /// Byte offset of the word in the text.
    pub offset: usize,
}

impl<'t> Word<'t> {
    /// Byte range of the word in the text.
    ///
    /// ```
    /// let w = tarmim::token::Word { text: "في", offset: 5 };
    /// assert_eq!(w.span(), 5..9);
    /// ```
    pub fn span(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.text.len()
    }

    /// The lookup form of the word: see [`lookup_form`].
    ///
    /// ```
    /// let w = tarmim::token::Word { text: "أنّ", offset: 0 };
    /// assert_eq!(w.key(), "أن");
    /// ```
    pub fn key(&self) -> Cow<'t, str> {
        lookup_form(self.text)
    }
}

/// Whether `c` is an Arabic combining mark (harakat, shadda, superscript alef, Quranic marks).
///
/// ```
/// assert!(tarmim::token::is_arabic_mark('\u{0651}'));
/// assert!(!tarmim::token::is_arabic_mark('ب'));
/// ```
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
}

/// Whether `c` is an Arabic-script letter (presentation forms included).
///
/// ```
/// assert!(tarmim::token::is_arabic_letter('ء'));
/// assert!(tarmim::token::is_arabic_letter('\u{FEF3}'));
/// assert!(!tarmim::token::is_arabic_letter('٣'));
/// assert!(!tarmim::token::is_arabic_letter('،'));
/// ```
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FBB1}'
        | '\u{FBD3}'..='\u{FD3D}'
        | '\u{FD50}'..='\u{FDC7}'
        | '\u{FDF0}'..='\u{FDFB}'
        | '\u{FE70}'..='\u{FE74}'
        | '\u{FE76}'..='\u{FEFC}')
}

/// Whether `c` belongs inside an Arabic word: a letter, a mark or tatweel.
///
/// ```
/// assert!(tarmim::token::is_word_char('ـ'));
/// assert!(!tarmim::token::is_word_char(' '));
/// ```
pub fn is_word_char(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c) || c == crate::joining::TATWEEL
}

/// Whether the text contains any Arabic letter: the quick check before any real work.
///
/// ```
/// assert!(tarmim::token::has_arabic("abc في"));
/// assert!(!tarmim::token::has_arabic("abc ١٢٣"));
/// ```
pub fn has_arabic(text: &str) -> bool {
    // Every Arabic letter's UTF-8 encoding starts with a byte in D8..=DF (U+0600..U+07FF),
    // E0 (U+08xx) or EF (U+FBxx..U+FEFF); scan bytes before decoding anything.
    let bytes = text.as_bytes();
    bytes
        .iter()
        .position(|&b| matches!(b, 0xD8..=0xDF | 0xE0 | 0xEF))
        .is_some_and(|start| text[start..].chars().any(is_arabic_letter))
}

/// The Arabic words of `text`, in order.
///
/// ```
/// let v: Vec<&str> = tarmim::token::words("«قال» 3 مرات").map(|w| w.text).collect();
/// assert_eq!(v, ["قال", "مرات"]);
/// ```
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator returned by [`words`].
#[derive(Clone, Debug)]
pub struct Words<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Iterator for Words<'t> {
    type Item = Word<'t>;

    fn next(&mut self) -> Option<Word<'t>> {
        let rest = &self.text[self.pos..];
        let (start_rel, _) = rest
            .char_indices()
            .find(|&(_, c)| is_arabic_letter(c) || is_arabic_mark(c))?;
        let start = self.pos + start_rel;
        let len = self.text[start..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len() - start, |(i, _)| i);
        self.pos = start + len;
        Some(Word {
            text: &self.text[start..start + len],
            offset: start,
        })
    }
}

/// The form a word is looked up in: harakat and tatweel removed, presentation forms
/// folded by NFKC. Borrowed when there is nothing to change, which is almost always.
///
/// ```
/// use tarmim::token::lookup_form;
/// assert!(matches!(lookup_form("كتاب"), std::borrow::Cow::Borrowed(_)));
/// assert_eq!(lookup_form("كـتـاب"), "كتاب");
/// assert_eq!(lookup_form("\u{FEF3}\u{FEE8}"), "ين");
/// ```
pub fn lookup_form(word: &str) -> Cow<'_, str> {
    let needs_work = word
        .chars()
        .any(|c| is_arabic_mark(c) || c == crate::joining::TATWEEL || c >= '\u{FB50}');
    if !needs_work {
        return Cow::Borrowed(word);
    }
    let folded: String = if word.chars().any(|c| c >= '\u{FB50}') {
        word.nfkc().collect()
    } else {
        word.to_owned()
    };
    Cow::Owned(
        folded
            .chars()
            .filter(|&c| !is_arabic_mark(c) && c != crate::joining::TATWEEL && c != ' ')
            .collect(),
    )
}

/// Whether the text between two words breaks the context a language model conditions on:
/// sentence punctuation, a blank line, digits or Latin letters. A single line break does
/// not: PDF extractors wrap paragraphs into lines mid-sentence. The table builder counts
/// bigrams with the same test, so training and decoding agree.
///
/// ```
/// use tarmim::token::breaks_context;
/// assert!(!breaks_context(" "));
/// assert!(!breaks_context("، «"));
/// assert!(!breaks_context("\n"));
/// assert!(breaks_context("\n\n"));
/// assert!(breaks_context(". "));
/// assert!(breaks_context(" 2020 "));
/// ```
pub fn breaks_context(between: &str) -> bool {
    between.bytes().filter(|&b| b == b'\n').count() >= 2
        || between.chars().any(|c| {
            matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | ':' | '\u{06D4}') || c.is_alphanumeric()
        })
}
