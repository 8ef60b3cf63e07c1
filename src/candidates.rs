//! Candidate restorations: every lexicon word that a damage profile would turn into a
//! given token.
//!
//! The lexicon's automaton is walked along the token, and at every point the walk may
//! also take one of the profile's letters (or a lam-alef pair) that is not in the token.
//! Each word reached is then damaged by the simulator and kept only if that gives back
//! the token exactly, so a letter is restored only where its contextual form is one the
//! font lost. Nothing here is a hand list.

use crate::joining::{form_between, joins_following, joins_preceding};
use crate::lexicon::{follow, Lexicon, WordId};
use crate::profile::{lam_alef_form, DamageProfile, LAM_ALEF_ALEFS};
use crate::simulate::dropped_ranges;
use crate::word_map::WordMap;
use fst::raw::{Fst, Node, Output};
use fst::Streamer;
use once_cell::sync::Lazy;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
    index: Option<Arc<DamageIndex>>,
    walks: Option<&'a Walks>,
    letters: Vec<Letter>,
    lam_alef: bool,
    /// Whether the lam-alef may be lost after a letter that joins it (`[1]`) or not.
    lam_alef_drops: [bool; 2],
}

/// The walks of one repair, for the first profile that walked in it, kept before their
/// last filter. Detection restores with the suspect glyphs, then repair with the detected
/// ones, then detection looks again at the result with what is still suspect: the later
/// profiles are usually within the first, and for such a profile the walk's words for a
/// token are the first walk's words that it would reach and that it damages into the
/// token, so they are filtered rather than walked again.
#[derive(Default)]
pub(crate) struct Walks {
    first: RefCell<Option<FirstWalks>>,
}

struct FirstWalks {
    profile: DamageProfile,
    /// Per token, every word the walk reached, sorted by id.
    reached: foldhash::HashMap<Box<str>, Vec<Candidate>>,
}

/// A letter of the profile, UTF-8 encoded, with where it may be lost.
#[derive(Clone, Copy)]
struct Letter {
    c: char,
    enc: [u8; 4],
    len: usize,
    /// `drops[a][b]`: lost between a letter that joins it (`a`) or not, and a letter it
    /// joins (`b`) or not. A letter's form depends on its neighbours only so far
    /// (`form_between`), and the walk asks this at every node, for every letter.
    drops: [[bool; 2]; 2],
}

/// A neighbour standing for "joins" (`true`, a dual-joining letter) or "does not" (none).
fn neighbour(joins: bool) -> Option<char> {
    joins.then_some('ب')
}

impl<'a> Generator<'a> {
    /// A generator over `lexicon` for `profile`.
    pub fn new(lexicon: &'a Lexicon, profile: &'a DamageProfile) -> Generator<'a> {
        let letters = profile
            .letters()
            .into_iter()
            .map(|c| {
                let mut enc = [0u8; 4];
                let len = c.encode_utf8(&mut enc).len();
                let drops = [false, true].map(|a| {
                    [false, true]
                        .map(|b| profile.drops(c, form_between(neighbour(a), c, neighbour(b))))
                });
                Letter { c, enc, len, drops }
            })
            .collect();
        let lam_alef_drops = [false, true].map(|a| {
            profile.drops_lam_alef(lam_alef_form(form_between(neighbour(a), 'ل', Some('ا'))))
        });
        Generator {
            lexicon,
            profile,
            index: None,
            walks: None,
            letters,
            lam_alef: profile.has_lam_alef(),
            lam_alef_drops,
        }
    }

    /// The words (other than `token` itself) that the profile damages into `token`, which
    /// must be in lookup form. Sorted by id, without duplicates.
    pub fn restorations(&self, token: &str) -> Vec<Candidate> {
        match &self.index {
            Some(index) => index.get(token).to_vec(),
            None => self.walk(token),
        }
    }

    /// Like [`Generator::restorations`], handing each word and its id to `f` rather than
    /// collecting them: from the index, this copies nothing.
    pub(crate) fn each_restoration(&self, token: &str, mut f: impl FnMut(&str, WordId)) {
        match (&self.index, self.walks) {
            (Some(index), _) => index.get(token).iter().for_each(|c| f(&c.word, c.id)),
            (None, Some(walks)) if !self.profile.is_empty() => self.each_walked(walks, token, f),
            (None, _) => self.walk(token).iter().for_each(|c| f(&c.word, c.id)),
        }
    }

    /// Shares `walks` (made within the same repair) with other generators: what this
    /// profile's walk would find, from an earlier walk for a profile that contains it.
    pub(crate) fn with_walks(mut self, walks: Option<&'a Walks>) -> Generator<'a> {
        self.walks = walks;
        self
    }

    fn each_walked(&self, walks: &Walks, token: &str, mut f: impl FnMut(&str, WordId)) {
        let mut first = walks.first.borrow_mut();
        let first = first.get_or_insert_with(|| FirstWalks {
            profile: self.profile.clone(),
            reached: Default::default(),
        });
        let own = first.profile == *self.profile;
        let within =
            own || (self.profile.glyphs().iter()).all(|g| first.profile.glyphs().contains(g));
        if let Some(reached) = within.then(|| first.reached.get(token)).flatten() {
            // The first profile's walk takes every step this one's does (its letters and
            // the forms they are lost in include these), so it reached every word this
            // walk would; `reaches` keeps exactly those.
            for c in reached {
                if (own || self.reaches(&c.word, token))
                    && damages_into(&c.word, self.profile, token)
                {
                    f(&c.word, c.id);
                }
            }
            return;
        }
        let reached = self.reach(token);
        for c in &reached {
            if damages_into(&c.word, self.profile, token) {
                f(&c.word, c.id);
            }
        }
        if own {
            first.reached.insert(token.into(), reached);
        }
    }

    /// Uses `index` (built for the same lexicon and profile) instead of walking.
    pub fn with_index(mut self, index: Arc<DamageIndex>) -> Generator<'a> {
        self.index = Some(index);
        self
    }

    /// The slow path: walks the lexicon automaton along the token.
    pub fn walk(&self, token: &str) -> Vec<Candidate> {
        let mut out = self.reach(token);
        out.retain(|c| damages_into(&c.word, self.profile, token));
        out
    }

    /// The words the walk reaches along `token`, sorted by id, before the check that
    /// the profile damages them into it.
    fn reach(&self, token: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        if self.profile.is_empty() {
            return out;
        }
        let fst = self.lexicon.fst();
        let mut walk = Walk {
            fst,
            gen: self,
            token,
            buf: Vec::with_capacity(token.len() + 8),
            out: &mut out,
        };
        walk.step(fst.root(), Output::zero(), 0, 0, None);
        out.sort_by_key(|c| c.id);
        out.dedup_by_key(|c| c.id);
        out
    }

    /// Whether the walk along `token` reaches `word`: the walk's own steps (see
    /// `Walk::step`), taken along one word instead of the lexicon.
    fn reaches(&self, word: &str, token: &str) -> bool {
        self.reaches_from(word.as_bytes(), token, 0, 0, 0, None)
    }

    fn reaches_from(
        &self,
        word: &[u8],
        token: &str,
        at: usize,
        pos: usize,
        restored: usize,
        prev: Option<char>,
    ) -> bool {
        if at == word.len() {
            return pos == token.len() && restored > 0;
        }
        let rest = &word[at..];
        let next = token[pos..].chars().next();
        if let Some(c) = next {
            let len = c.len_utf8();
            if rest.starts_with(&token.as_bytes()[pos..pos + len])
                && self.reaches_from(word, token, at + len, pos + len, restored, Some(c))
            {
                return true;
            }
        }
        if restored == MAX_RESTORED {
            return false;
        }
        let more = restored + 1 < MAX_RESTORED;
        let prev_joins = prev.is_some_and(joins_following);
        let next_joins = next.is_some_and(joins_preceding);
        for letter in &self.letters {
            let enc = &letter.enc[..letter.len];
            if Generator::may_drop_between(letter, prev_joins, next_joins, more)
                && rest.starts_with(enc)
                && self.reaches_from(
                    word,
                    token,
                    at + letter.len,
                    pos,
                    restored + 1,
                    Some(letter.c),
                )
            {
                return true;
            }
        }
        if self.lam_alef && self.lam_alef_drops[usize::from(prev_joins)] {
            for alef in LAM_ALEF_ALEFS {
                let mut enc = [0u8; 8];
                let a = 'ل'.encode_utf8(&mut enc[..4]).len();
                let b = alef.encode_utf8(&mut enc[a..]).len();
                if rest.starts_with(&enc[..a + b])
                    && self.reaches_from(word, token, at + a + b, pos, restored + 1, Some(alef))
                {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `letter` could be lost between `prev` and `next` (None: word edge); with
    /// `more`, another inserted letter may stand between it and `next`. `prev_joins` is
    /// whether `prev` joins a letter after it, `next_joins` whether `next` joins one
    /// before it.
    fn may_drop_between(letter: &Letter, prev_joins: bool, next_joins: bool, more: bool) -> bool {
        let drops = letter.drops[usize::from(prev_joins)];
        // A dual-joining stand-in covers "some inserted letter follows" (ب and ا both
        // join the letter before them).
        drops[usize::from(next_joins)] || (more && drops[1])
    }
}

/// Whether `profile` damages `word` into exactly `token`: `damage(word) == token`, without
/// building the damaged word.
fn damages_into(word: &str, profile: &DamageProfile, token: &str) -> bool {
    let mut rest = token;
    let mut last = 0;
    for r in dropped_ranges(word, profile) {
        match rest.strip_prefix(&word[last..r.start]) {
            Some(after) => rest = after,
            None => return false,
        }
        last = r.end;
    }
    rest == &word[last..]
}

/// Every lexicon word a profile changes (with at most [`MAX_RESTORED`] glyphs lost),
/// keyed by what it becomes: the fast path for large inputs. Building one costs a pass over
/// the whole lexicon, so [`shared_index`] builds it only once enough text asks for it.
pub struct DamageIndex {
    /// Probed once per distinct token of every document: a fast hash, not SipHash.
    by_damaged: WordMap<Box<str>, Vec<Candidate>>,
}

impl DamageIndex {
    /// Damages every word of `lexicon` with `profile`.
    ///
    /// ```
    /// use tarmim::{candidates::{DamageIndex, Generator}, lexicon::Lexicon, profile::DamageProfile};
    /// let p: DamageProfile = "final-alef-maksura".parse().unwrap();
    /// let index = DamageIndex::build(Lexicon::embedded(), &p);
    /// let walked = Generator::new(Lexicon::embedded(), &p).walk("عل");
    /// assert_eq!(index.get("عل"), walked.as_slice());
    /// ```
    pub fn build(lexicon: &Lexicon, profile: &DamageProfile) -> DamageIndex {
        let mut by_damaged = WordMap::<Box<str>, Vec<Candidate>>::default();
        let mut stream = lexicon.map().stream();
        let mut damaged = String::new();
        while let Some((key, id)) = stream.next() {
            let Ok(word) = std::str::from_utf8(key) else {
                continue;
            };
            let ranges = dropped_ranges(word, profile);
            if ranges.is_empty() || ranges.len() > MAX_RESTORED {
                continue;
            }
            damaged.clear();
            let mut last = 0;
            for r in ranges {
                damaged.push_str(&word[last..r.start]);
                last = r.end;
            }
            damaged.push_str(&word[last..]);
            let c = Candidate {
                word: word.to_owned(),
                id: id as WordId,
            };
            match by_damaged.get_mut(damaged.as_str()) {
                Some(v) => v.push(c),
                None => {
                    by_damaged.insert(damaged.as_str().into(), vec![c]);
                }
            }
        }
        for v in by_damaged.values_mut() {
            v.sort_by_key(|c| c.id);
        }
        DamageIndex { by_damaged }
    }

    /// The words that become `token`, sorted by id.
    pub fn get(&self, token: &str) -> &[Candidate] {
        self.by_damaged.get(token).map_or(&[], Vec::as_slice)
    }
}

/// Distinct tokens walked for a profile before its index is built: walking costs a few
/// microseconds a token, the index a few hundred milliseconds once.
pub const WALKS_BEFORE_INDEX: usize = 30_000;

enum IndexState {
    Walking(usize),
    Built(Arc<DamageIndex>),
}

static INDEXES: Lazy<Mutex<HashMap<DamageProfile, IndexState>>> = Lazy::new(Default::default);

/// The embedded lexicon's index for `profile`, once [`WALKS_BEFORE_INDEX`] walks have been
/// reported for it through [`note_walks`]; until then `None`.
pub(crate) fn shared_index(profile: &DamageProfile) -> Option<Arc<DamageIndex>> {
    let map = INDEXES.lock().unwrap_or_else(|e| e.into_inner());
    match map.get(profile) {
        Some(IndexState::Built(i)) => Some(Arc::clone(i)),
        _ => None,
    }
}

/// Records `n` walks for `profile`, building its index when they add up.
pub(crate) fn note_walks(profile: &DamageProfile, n: usize) {
    let mut map = INDEXES.lock().unwrap_or_else(|e| e.into_inner());
    let state = map.entry(profile.clone()).or_insert(IndexState::Walking(0));
    if let IndexState::Walking(done) = state {
        *done += n;
        if *done >= WALKS_BEFORE_INDEX {
            *state = IndexState::Built(Arc::new(DamageIndex::build(Lexicon::embedded(), profile)));
            // The same inputs look up as many distinct words' ids.
            Lexicon::embedded().index_frequent_words();
        }
    }
}

struct Walk<'g, 'o> {
    fst: &'g Fst<&'static [u8]>,
    gen: &'g Generator<'g>,
    token: &'g str,
    buf: Vec<u8>,
    out: &'o mut Vec<Candidate>,
}

impl Walk<'_, '_> {
    fn token_char(&self, pos: usize) -> Option<char> {
        // `pos` is always at a char boundary: the walk advances by whole chars.
        self.token.get(pos..)?.chars().next()
    }

    /// `prev` is the last letter taken so far (None at the start of the word).
    fn step(
        &mut self,
        node: Node<'_>,
        out: Output,
        pos: usize,
        restored: usize,
        prev: Option<char>,
    ) {
        if pos == self.token.len() && restored > 0 && node.is_final() {
            let word = String::from_utf8(self.buf.clone()).expect("lexicon keys are UTF-8");
            let id = out.cat(node.final_output()).value() as WordId;
            self.out.push(Candidate { word, id });
        }
        let fst = self.fst;
        let next = self.token_char(pos);
        // Arabic letters are two bytes, the first D8 to DB: the node after each lead byte
        // is found once per step, not once per letter tried.
        let mut leads: [Option<Option<(Node<'_>, Output)>>; 4] = [None; 4];
        let mut follow_letter = |bytes: &[u8]| match bytes {
            &[lead @ 0xD8..=0xDB, second] => {
                let (n, o) = (*leads[usize::from(lead - 0xD8)]
                    .get_or_insert_with(|| follow(fst, node, out, &[lead])))?;
                follow(fst, n, o, &[second])
            }
            _ => follow(fst, node, out, bytes),
        };
        if let Some(c) = next {
            let len = c.len_utf8();
            let bytes = &self.token.as_bytes()[pos..pos + len];
            if let Some((n, o)) = follow_letter(bytes) {
                let mark = self.buf.len();
                self.buf.extend_from_slice(bytes);
                self.step(n, o, pos + len, restored, Some(c));
                self.buf.truncate(mark);
            }
        }
        if restored == MAX_RESTORED {
            return;
        }
        // What can follow an inserted letter: the token's next letter, or (if another
        // insertion is allowed) any letter.
        let more = restored + 1 < MAX_RESTORED;
        let prev_joins = prev.is_some_and(joins_following);
        let next_joins = next.is_some_and(joins_preceding);
        for i in 0..self.gen.letters.len() {
            let letter = self.gen.letters[i];
            if !Generator::may_drop_between(&letter, prev_joins, next_joins, more) {
                continue;
            }
            let enc = &letter.enc[..letter.len];
            if let Some((nn, o)) = follow_letter(enc) {
                let mark = self.buf.len();
                self.buf.extend_from_slice(enc);
                self.step(nn, o, pos, restored + 1, Some(letter.c));
                self.buf.truncate(mark);
            }
        }
        if self.gen.lam_alef && self.gen.lam_alef_drops[usize::from(prev_joins)] {
            for alef in LAM_ALEF_ALEFS {
                let mut enc = [0u8; 8];
                let a = 'ل'.encode_utf8(&mut enc[..4]).len();
                let b = alef.encode_utf8(&mut enc[a..]).len();
                if let Some((nn, o)) = follow(fst, node, out, &enc[..a + b]) {
                    let mark = self.buf.len();
                    self.buf.extend_from_slice(&enc[..a + b]);
                    self.step(nn, o, pos, restored + 1, Some(alef));
                    self.buf.truncate(mark);
                }
            }
        }
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// A profile within the first one of a repair gets from the kept walks exactly
        /// what its own walk finds.
        #[test]
        fn walks_kept_for_a_profile_within(
            first in proptest::sample::subsequence(
                crate::detect::expected_counts(1).map(|(g, _)| g).collect::<Vec<_>>(),
                1..=6,
            ),
            keep in proptest::collection::vec(proptest::bool::ANY, 6),
            damage_all: bool,
        ) {
            let s = DamageProfile::new(first.iter().copied());
            let p = DamageProfile::new(
                first.iter().zip(&keep).filter(|(_, k)| **k).map(|(g, _)| *g),
            );
            proptest::prop_assume!(!p.is_empty());
            let sample = include_str!("../fixtures/000_9bef6b7cce3c4a10.txt");
            let text = crate::simulate::damage(sample, if damage_all { &s } else { &p });
            let mut tokens: Vec<String> =
                crate::token::words(&text).map(|w| w.key().into_owned()).collect();
            tokens.sort();
            tokens.dedup();
            let lexicon = Lexicon::embedded();
            let walks = Walks::default();
            let first_walk = Generator::new(lexicon, &s).with_walks(Some(&walks));
            let later = Generator::new(lexicon, &p).with_walks(Some(&walks));
            let own = Generator::new(lexicon, &p);
            for token in tokens.iter().take(150) {
                first_walk.each_restoration(token, |_, _| {});
                let mut kept = Vec::new();
                later.each_restoration(token, |w, id| kept.push(Candidate { word: w.into(), id }));
                proptest::prop_assert_eq!(kept, own.walk(token), "{} within {}: {}", p, s, token);
            }
        }
    }

    #[test]
    fn lam_alef_candidates() {
        assert!(words("isolated-lam-alef", "ن").contains(&"لأن".into()));
        assert!(words("final-lam-alef", "كم").contains(&"كلام".into()));
    }
}
