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
    class(c) == Class::Mark
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
    class(c) == Class::Letter
}

/// Whether `c` belongs inside an Arabic word: a letter, a mark or tatweel.
///
/// ```
/// assert!(tarmim::token::is_word_char('ـ'));
/// assert!(!tarmim::token::is_word_char(' '));
/// ```
pub fn is_word_char(c: char) -> bool {
    class(c) != Class::Other
}

/// What a character is to the tokenizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Letter,
    Mark,
    Tatweel,
    Other,
}

/// The class of `c`: by table in the Arabic block U+0600..U+06FF, where almost every
/// character of Arabic text lies, else by [`class_by_ranges`]. The tokenizer asks this of
/// every character of the input.
#[inline]
fn class(c: char) -> Class {
    match (c as u32).checked_sub(ARABIC_BLOCK) {
        Some(i) if i < 0x100 => CLASS_TABLE[i as usize],
        _ if c < '\u{0600}' => Class::Other,
        _ => class_by_ranges(c),
    }
}

const ARABIC_BLOCK: u32 = 0x0600;

static CLASS_TABLE: [Class; 0x100] = {
    let mut table = [Class::Other; 0x100];
    let mut i = 0;
    while i < 0x100 {
        if let Some(c) = char::from_u32(ARABIC_BLOCK + i as u32) {
            table[i] = class_by_ranges(c);
        }
        i += 1;
    }
    table
};

/// The definition: the Unicode ranges of Arabic letters and marks.
const fn class_by_ranges(c: char) -> Class {
    if matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
    {
        return Class::Mark;
    }
    if matches!(c,
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
    {
        return Class::Letter;
    }
    if c == crate::joining::TATWEEL {
        return Class::Tatweel;
    }
    Class::Other
}

/// The offsets of the characters of `text` that are neither in the two-byte Arabic block
/// (U+0600–U+06FF, led by D8–DB in UTF-8) nor ASCII white space: the punctuation, digits,
/// Latin and symbols among Arabic words, which the rules for extractors' stand-ins and
/// fillers look at. Bytes are tested 32 at a time into a bit mask, a loop the compiler
/// turns into vector compares, and Arabic text has few such characters.
pub(crate) fn other_char_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    const CHUNK: usize = 32;
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut pending = 0u32;
    let mut base = 0;
    std::iter::from_fn(move || loop {
        if pending != 0 {
            let i = base + pending.trailing_zeros() as usize;
            pending &= pending - 1;
            return Some(i);
        }
        if at >= bytes.len() {
            return None;
        }
        if let Some(chunk) = bytes.get(at..at + CHUNK) {
            pending = chunk
                .iter()
                .enumerate()
                .fold(0, |m, (i, &b)| m | u32::from(!is_boring(b)) << i);
            base = at;
            at += CHUNK;
        } else {
            let b = bytes[at];
            at += 1;
            if !is_boring(b) {
                return Some(at - 1);
            }
        }
    })
}

/// Whether byte `b` is one [`other_char_starts`] skips: a continuation byte, the lead
/// byte of a character in U+0600–U+06FF, or ASCII white space. Branch-free, so that a
/// loop over bytes vectorises.
#[inline(always)]
fn is_boring(b: u8) -> bool {
    // Continuation bytes are 0x80..=0xBF: below -64 as signed bytes.
    ((b as i8) < -64)
        | (b & 0xFC == 0xD8)
        | (b == b' ')
        | (b == b'\n')
        | (b == b'\r')
        | (b == b'\t')
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
        let start = find_class(self.text, self.pos, |c| {
            matches!(c, Class::Letter | Class::Mark)
        })?;
        let end = find_class(self.text, start, |c| c == Class::Other).unwrap_or(self.text.len());
        let len = end - start;
        self.pos = end;
        Some(Word {
            text: &self.text[start..start + len],
            offset: start,
        })
    }
}

/// The word of `text` that the letter or mark at `at` (a char boundary) belongs to, as
/// [`words`] yields it, found without reading the text before that word; None for any
/// other character. A word is a run of letters, marks and tatweel that does not open
/// with tatweel.
pub(crate) fn word_around(text: &str, at: usize) -> Option<Word<'_>> {
    let c = text[at..].chars().next()?;
    if matches!(class(c), Class::Other | Class::Tatweel) {
        // Not in a word, or a tatweel, which may open the run without opening a word.
        return None;
    }
    let mut start = at;
    for c in text[..at].chars().rev() {
        if class(c) == Class::Other {
            break;
        }
        start -= c.len_utf8();
    }
    // `at` holds a letter or mark, so the tatweels skipped end before it.
    start += text[start..]
        .chars()
        .take_while(|&c| class(c) == Class::Tatweel)
        .map(char::len_utf8)
        .sum::<usize>();
    let end = find_class(text, at, |c| c == Class::Other).unwrap_or(text.len());
    Some(Word {
        text: &text[start..end],
        offset: start,
    })
}

/// The offset of the first character of `text` at or after `from` (a char boundary) whose
/// class is `wanted`.
///
/// The tokenizer reads every byte of the input: ASCII and the Arabic block (two bytes led
/// by D8 to DB) are classed from their bytes, without decoding characters.
#[inline]
fn find_class(text: &str, from: usize, wanted: impl Fn(Class) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        let (class, len) = match b {
            0..=0x7F => (Class::Other, 1),
            0xD8..=0xDB => {
                // A valid str: the continuation byte is there.
                let low = usize::from(b & 0x03) << 6 | usize::from(bytes[i + 1] & 0x3F);
                (CLASS_TABLE[low], 2)
            }
            _ => {
                let c = text[i..].chars().next()?;
                (class(c), c.len_utf8())
            }
        };
        if wanted(class) {
            return Some(i);
        }
        i += len;
    }
    None
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
    // Asked between every two words, where the text is nearly always a space: test the
    // bytes, and decode only the non-ASCII characters.
    let mut newlines = 0;
    for (i, &b) in between.as_bytes().iter().enumerate() {
        let breaks = match b {
            b'\n' => {
                newlines += 1;
                newlines >= 2
            }
            b'.' | b'!' | b'?' | b';' | b':' => true,
            _ if b.is_ascii() => b.is_ascii_alphanumeric(),
            // A leading byte: the character it begins.
            _ if b >= 0xC0 => between[i..]
                .chars()
                .next()
                .is_some_and(|c| matches!(c, '؟' | '؛' | '\u{06D4}') || c.is_alphanumeric()),
            _ => false,
        };
        if breaks {
            return true;
        }
    }
    false
}

/// The key the lexicon and the language model hold for a number, any number: the words
/// around numbers (في 5 نيسان, عام 2020) are counted as the words around a word are.
/// No Arabic word's lookup form can be it.
///
/// ```
/// use tarmim::{language_model::BigramModel, lexicon::Lexicon, token::NUMBER_KEY};
/// let (lm, lex) = (BigramModel::embedded(), Lexicon::embedded());
/// let number = lex.id(NUMBER_KEY);
/// assert!(number.is_some());
/// // عام 2020 is common, الذي 2020 is not.
/// assert!(lm.cost(lex, lex.id("عام"), number) + 3.0 < lm.cost(lex, lex.id("الذي"), number));
/// ```
pub const NUMBER_KEY: &str = "0";

/// Whether `c` is a decimal digit: ASCII, Arabic-Indic or extended Arabic-Indic.
///
/// ```
/// use tarmim::token::is_digit;
/// assert!(is_digit('7') && is_digit('٣') && is_digit('۴'));
/// assert!(!is_digit('x') && !is_digit('²'));
/// ```
pub fn is_digit(c: char) -> bool {
    matches!(c, '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// Whether `c` is punctuation that stands inside a number, between its digits
/// (`2,500`, `15/3/2020`, `٣٫٥`).
pub(crate) fn is_number_punct(c: char) -> bool {
    matches!(c, '.' | ',' | ':' | '/' | '٫' | '٬')
}

/// Whether a unit of text is a number: digits only. The language model reads every
/// number as [`NUMBER_KEY`].
pub(crate) fn is_number(unit: &str) -> bool {
    !unit.is_empty() && unit.chars().all(is_digit)
}

/// The numbers in the text between two words, as one byte range from the first digit to
/// the last, when the text holds digits and nothing else that [`breaks_context`] would
/// break at between them: no letter, and sentence punctuation only inside a number
/// (`2.5`, `15/3/2020`, `10:30`). The context runs on through such numbers unless the text
/// before or after them breaks it.
///
/// ```
/// use tarmim::token::number_span;
/// assert_eq!(number_span(" 2020 "), Some(1..5));
/// assert_eq!(number_span(" 15/3/2020، "), Some(1..10));
/// assert_eq!(number_span(" 10 - 12 "), Some(1..8));
/// assert_eq!(number_span(". 5 "), Some(2..3));
/// assert_eq!(number_span(" ٣ "), Some(1..3));
/// assert_eq!(number_span(" "), None);
/// assert_eq!(number_span(" COVID-19 "), None);
/// assert_eq!(number_span(" 5. 6 "), None);
/// ```
pub fn number_span(between: &str) -> Option<std::ops::Range<usize>> {
    let first = between.find(is_digit)?;
    let last = between.rfind(is_digit)?;
    let last_end = last + between[last..].chars().next().map_or(1, char::len_utf8);
    if between.chars().any(|c| c.is_alphanumeric() && !is_digit(c)) {
        return None;
    }
    // Inside the span, punctuation that would break the context must sit between digits.
    let mut prev_digit = false;
    let mut newlines = 0;
    let mut chars = between[first..last_end].chars().peekable();
    while let Some(c) = chars.next() {
        if is_digit(c) {
            prev_digit = true;
            continue;
        }
        let inside = prev_digit && chars.peek().is_some_and(|&n| is_digit(n));
        prev_digit = false;
        if inside && (is_number_punct(c) || c == '-') {
            continue;
        }
        newlines += usize::from(c == '\n');
        if newlines >= 2 || matches!(c, '.' | '!' | '?' | ';' | ':' | '؟' | '؛' | '\u{06D4}') {
            return None;
        }
    }
    Some(first..last_end)
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// The eight-bytes-at-a-time scan finds exactly what a byte-by-byte one does.
        #[test]
        fn other_char_starts_equals_the_plain_scan(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => proptest::sample::select("العاصمة \n\r\t".chars().collect::<Vec<_>>()),
                    2 => proptest::sample::select(vec!['.', '1', 'B', '«', '\u{FFFD}', '\u{FEF3}', '\u{0651}', '\u{0640}', 'é', '\u{202A}', '\u{1F600}', '\u{0700}']),
                    1 => proptest::char::any(),
                ],
                0..80,
            )
        ) {
            let text: String = chars.into_iter().collect();
            let plain: Vec<usize> = text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| !matches!(b, 0x80..=0xBF | 0xD8..=0xDB | b' ' | b'\n' | b'\r' | b'\t'))
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(other_char_starts(&text).collect::<Vec<_>>(), plain);
        }
    }

    use super::*;

    #[test]
    fn the_word_around_a_character_is_the_word_tokenized() {
        let sample = include_str!("../fixtures/000_9bef6b7cce3c4a10.txt");
        let text = format!("ـكتاب ـ ـ{sample} كـتـاب، أنّ\u{FEF3}\u{FEE8} x");
        let mut in_word = vec![None; text.len()];
        for w in words(&text) {
            for (i, _) in w.text.char_indices() {
                in_word[w.offset + i] = Some(w);
            }
        }
        for (i, c) in text.char_indices() {
            let expected = in_word[i].filter(|_| c != crate::joining::TATWEEL);
            assert_eq!(word_around(&text, i), expected, "at {i}");
        }
    }
}
