//! Candidate restorations: every lexicon word that a damage profile would turn into a
//! given token.
//!
//! The lexicon's automaton is walked along the token, and at every point the walk may
//! also take one of the profile's letters (or a lam-alef pair) that is not in the token.
//! Each word reached is then damaged by the simulator and kept only if that gives back
//! the token exactly, so a letter is restored only where its contextual form is one the
//! font lost. Nothing here is a hand list.

use crate::joining::{form_between, Form};
use crate::lexicon::{Lexicon, WordId};
use crate::profile::{DamageProfile, LAM_ALEF_ALEFS};
use crate::simulate::damage;
use fst::raw::{Fst, Node, Output};

/// Most letters restored in one word (لكي → ل needs two).
pub const MAX_RESTORED: usize = 3;

/// One candidate: a lexicon word and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The word, in lookup form.
    pub word: String,
    /// Its id in the lexicon.
    pub id: WordId,
}

/// Generates candidates for one profile.
///
/// ```
/// use tarmim::{candidates::Generator, lexicon::Lexicon, profile::DamageProfile};
/// let profile = DamageProfile::sample();
/// let gen = Generator::new(Lexicon::embedded(), &profile);
/// let words: Vec<String> = gen.restorations("عل").into_iter().map(|c| c.word).collect();
/// assert!(words.contains(&"على".to_string()));
/// assert!(words.contains(&"علي".to_string()));
/// assert!(!words.contains(&"علم".to_string()));
/// ```
pub struct Generator<'a> {
    lexicon: &'a Lexicon,
    profile: &'a DamageProfile,
    letters: Vec<(char, [u8; 4], usize)>,
    lam_alef: bool,
}

impl<'a> Generator<'a> {
    /// A generator over `lexicon` for `profile`.
    pub fn new(lexicon: &'a Lexicon, profile: &'a DamageProfile) -> Generator<'a> {
        let letters = profile
            .letters()
            .into_iter()
            .map(|c| {
                let mut buf = [0u8; 4];
                let n = c.encode_utf8(&mut buf).len();
                (c, buf, n)
            })
            .collect();
        Generator {
            lexicon,
            profile,
            letters,
            lam_alef: profile.has_lam_alef(),
        }
    }

    /// The words (other than `token` itself) that the profile damages into `token`, which
    /// must be in lookup form. Sorted by id, without duplicates.
    pub fn restorations(&self, token: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        if self.profile.is_empty() {
            return out;
        }
        let fst = self.lexicon.fst();
        let mut walk = Walk {
            fst,
            gen: self,
            token: token.as_bytes(),
            buf: Vec::with_capacity(token.len() + 8),
            out: &mut out,
        };
        walk.step(fst.root(), Output::zero(), 0, 0);
        out.sort_by_key(|c| c.id);
        out.dedup_by_key(|c| c.id);
        out.retain(|c| damage(&c.word, self.profile) == token);
        out
    }

    /// Whether `letter` could be lost right after `prev` (None: word start), whatever
    /// follows it.
    fn may_drop_after(&self, prev: Option<char>, letter: char) -> bool {
        [None, Some('ب')]
            .into_iter()
            .any(|next| self.profile.drops(letter, form_between(prev, letter, next)))
    }

    fn may_drop_lam_alef_after(&self, prev: Option<char>) -> bool {
        let form = match form_between(prev, 'ل', Some('ا')) {
            Form::Medial | Form::Final => Form::Final,
            _ => Form::Isolated,
        };
        self.profile.drops_lam_alef(form)
    }
}

struct Walk<'g, 'o> {
    fst: &'g Fst<&'static [u8]>,
    gen: &'g Generator<'g>,
    token: &'g [u8],
    buf: Vec<u8>,
    out: &'o mut Vec<Candidate>,
}

impl Walk<'_, '_> {
    fn follow<'f>(
        fst: &'f Fst<&'static [u8]>,
        node: Node<'f>,
        out: Output,
        bytes: &[u8],
    ) -> Option<(Node<'f>, Output)> {
        let (mut node, mut out) = (node, out);
        for &b in bytes {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = fst.node(t.addr);
        }
        Some((node, out))
    }

    fn last_char(&self) -> Option<char> {
        std::str::from_utf8(&self.buf).ok()?.chars().next_back()
    }

    fn step(&mut self, node: Node<'_>, out: Output, pos: usize, restored: usize) {
        if pos == self.token.len() && restored > 0 && node.is_final() {
            let word = String::from_utf8(self.buf.clone()).expect("lexicon keys are UTF-8");
            let id = out.cat(node.final_output()).value() as WordId;
            self.out.push(Candidate { word, id });
        }
        let fst = self.fst;
        if pos < self.token.len() {
            let len = utf8_len(self.token[pos]);
            let bytes = &self.token[pos..pos + len];
            if let Some((n, o)) = Self::follow(fst, node, out, bytes) {
                let mark = self.buf.len();
                self.buf.extend_from_slice(bytes);
                self.step(n, o, pos + len, restored);
                self.buf.truncate(mark);
            }
        }
        if restored == MAX_RESTORED {
            return;
        }
        let prev = self.last_char();
        for i in 0..self.gen.letters.len() {
            let (c, enc, n) = self.gen.letters[i];
            if !self.gen.may_drop_after(prev, c) {
                continue;
            }
            if let Some((nn, o)) = Self::follow(fst, node, out, &enc[..n]) {
                let mark = self.buf.len();
                self.buf.extend_from_slice(&enc[..n]);
                self.step(nn, o, pos, restored + 1);
                self.buf.truncate(mark);
            }
        }
        if self.gen.lam_alef && self.gen.may_drop_lam_alef_after(prev) {
            for alef in LAM_ALEF_ALEFS {
                let mut enc = [0u8; 8];
                let a = 'ل'.encode_utf8(&mut enc[..4]).len();
                let b = alef.encode_utf8(&mut enc[a..]).len();
                if let Some((nn, o)) = Self::follow(fst, node, out, &enc[..a + b]) {
                    let mark = self.buf.len();
                    self.buf.extend_from_slice(&enc[..a + b]);
                    self.step(nn, o, pos, restored + 1);
                    self.buf.truncate(mark);
                }
            }
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(profile: &str, token: &str) -> Vec<String> {
        let p: DamageProfile = profile.parse().unwrap();
        let g = Generator::new(Lexicon::embedded(), &p);
        g.restorations(token).into_iter().map(|c| c.word).collect()
    }

    #[test]
    fn sample_profile_candidates() {
        assert!(words("sample", "ف").contains(&"في".into()));
        assert!(words("sample", "العسرية").contains(&"العسكرية".into()));
        assert!(words("sample", "تفك").contains(&"تفكك".into()));
        assert!(words("sample", "ل").contains(&"لكي".into()));
        assert!(words("sample", "الروس").contains(&"الروسي".into()));
        // ي after ر is isolated, never final: not a candidate.
        assert!(!words("sample", "الكبر").contains(&"الكبري".into()));
        // An initial ك is never lost.
        assert!(!words("sample", "تاب").contains(&"كتاب".into()));
    }

    #[test]
    fn lam_alef_candidates() {
        assert!(words("isolated-lam-alef", "ن").contains(&"لأن".into()));
        assert!(words("final-lam-alef", "كم").contains(&"كلام".into()));
    }
}
