//! Hash maps keyed by words that keep short words in the table itself.
//!
//! A lookup in a large map with string keys compares the word with a key that lives
//! elsewhere (on the heap, or in the text where the word was first seen): a load from
//! memory no nearer cache holds, often the largest part of the lookup. Most Arabic words
//! fit in 15 bytes (seven letters), and such a word is keyed by an integer holding its
//! bytes, compared in place.

use std::borrow::Borrow;
use std::hash::Hash;

/// Longest word (bytes) kept in place: one byte of the integer holds the length.
const MAX_PACKED: usize = 15;

/// `word` as an integer, if it is short enough: its bytes, then its length in the last
/// byte, so that no two words share one.
#[inline]
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_PACKED {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[MAX_PACKED] = bytes.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// A map from words (`K`: owned or borrowed strings) to `V`.
#[derive(Clone, Debug)]
pub(crate) struct WordMap<K, V> {
    short: foldhash::HashMap<u128, V>,
    long: foldhash::HashMap<K, V>,
}

impl<K, V> Default for WordMap<K, V> {
    fn default() -> WordMap<K, V> {
        WordMap {
            short: Default::default(),
            long: Default::default(),
        }
    }
}

impl<K: Borrow<str> + Hash + Eq, V> WordMap<K, V> {
    /// The value of `word`.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<&V> {
        match packed(word) {
            Some(k) => self.short.get(&k),
            None => self.long.get(word),
        }
    }

    /// The value of `word`, to change.
    #[inline]
    pub(crate) fn get_mut(&mut self, word: &str) -> Option<&mut V> {
        match packed(word) {
            Some(k) => self.short.get_mut(&k),
            None => self.long.get_mut(word),
        }
    }

    /// Sets the value of `word`.
    pub(crate) fn insert(&mut self, word: K, value: V) {
        match packed(word.borrow()) {
            Some(k) => self.short.insert(k, value),
            None => self.long.insert(word, value),
        };
    }

    /// Every value, in no order.
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.short.values_mut().chain(self.long.values_mut())
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_short_and_long_are_told_apart() {
        let mut m: WordMap<&str, usize> = WordMap::default();
        let words = [
            "",
            "a",
            "a\0",
            "في",
            "كتاب",
            "والاقتصادية",
            "123456789012345",
        ];
        let words = words.iter().copied().chain(["1234567890123456"]);
        for (i, w) in words.clone().enumerate() {
            m.insert(w, i);
        }
        for (i, w) in words.enumerate() {
            assert_eq!(m.get(w), Some(&i), "{w:?}");
        }
        assert_eq!(m.len(), 8);
        assert_eq!(m.get("ف"), None);
        assert_eq!(m.get("والاقتصادي"), None);
    }
}
