//! Deciding one chain of words (a stretch between sentence breaks): which restoration each
//! token gets, and which gaps get back the word that vanished from them.

use super::readings::{Reading, Readings};
use super::vanished::{GapKind, Vanished};
use super::{restore_in_place, INFO};
use crate::candidates::Generator;
use crate::decode::Decoder;
use crate::edit::Edit;
use crate::lexicon::WordId;
use crate::rules::Context;
use crate::token::Word;

/// How many times a chain is re-decoded after its own restorations. A restoration can be
/// the damaged form of a longer word (ومحي is ومحيي without its final ي), so one pass
/// is not always a fixed point; real text settles in one or two.
const MAX_ROUNDS: usize = 4;

/// Where a word may have vanished before a token of a chain.
#[derive(Clone, Copy, Debug)]
pub(super) struct Gap {
    /// Index of the token after the gap.
    pub before: usize,
    /// Byte offset of what the word left, and what it is.
    pub at: usize,
    pub kind: GapKind,
}

/// The tokens of one chain and the gaps between them.
#[derive(Default)]
pub(super) struct Chain<'t> {
    pub tokens: Vec<(Word<'t>, Reading)>,
    pub gaps: Vec<Gap>,
}

/// What stands at one position of the chain being decoded.
#[derive(Clone, Copy)]
enum Source {
    /// The chain's token `i`.
    Token(usize),
    /// Vanished word `k` put back into gap `g`.
    Filled { gap: usize, word: usize },
}

/// A position as restored so far.
struct Restored {
    text: String,
    reading: Reading,
    confidence: f32,
    reason: String,
}

impl<'t> Chain<'t> {
    pub(super) fn clear(&mut self) {
        self.tokens.clear();
        self.gaps.clear();
    }

    /// Decides the chain and emits an edit for every word restored and every gap filled.
    ///
    /// The result is a fixed point: decoding the output again changes nothing, so
    /// repairing repaired text is a no-op. The chain is re-decoded with the restored
    /// words' own readings until no word changes, and gaps are filled one decision at a
    /// time, each judged between the words its neighbours finally became, until no
    /// further gap is filled (filling only ever adds words, so this ends).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn decide(
        &self,
        text: &'t str,
        cx: &Context<'_>,
        gen: &Generator<'_>,
        decoder: &mut Decoder,
        readings: &mut Readings<'t>,
        vanished: &Vanished,
        edits: &mut Vec<Edit<'t>>,
    ) {
        let ambiguous = self.tokens.iter().any(|&(_, r)| r.is_ambiguous());
        if !ambiguous && self.gaps.is_empty() {
            // The fast path: nothing in the chain could have lost a letter.
            return;
        }
        let mut filled: Vec<Option<(usize, f32)>> = vec![None; self.gaps.len()];
        for round in 0.. {
            let sources = self.sources(&filled);
            let initial: Vec<Reading> = (sources.iter())
                .map(|&s| match s {
                    Source::Token(i) => self.tokens[i].1,
                    Source::Filled { word, .. } => vanished.reading(word),
                })
                .collect();
            let word = |s: Source| match s {
                Source::Token(i) => self.tokens[i].0,
                Source::Filled { gap, word } => Word {
                    text: vanished.word(word),
                    offset: self.gaps[gap].at,
                },
            };
            let Some(restored) = settle(cx, gen, decoder, readings, &sources, &initial, word)
            else {
                return;
            };
            // The word each position finally is; in the first round, the tokens as they
            // stand, so that a restoration made to bridge the gap (إنه  يزال → لايزال)
            // does not stand in the way of the word that fills it.
            let id = |p: usize| -> Option<WordId> {
                let r = match &restored[p] {
                    Some(r) if round > 0 => r.reading,
                    _ => initial[p],
                };
                readings.choices(r)[0]
            };
            let mut more = false;
            // Gaps are in text order, at most one before each token: walk them alongside.
            let mut next_gap = 0;
            for (p, s) in sources.iter().enumerate() {
                let Source::Token(i) = *s else { continue };
                while self.gaps.get(next_gap).is_some_and(|g| g.before < i) {
                    next_gap += 1;
                }
                let g = next_gap;
                if self.gaps.get(g).map_or(true, |gap| gap.before != i) {
                    continue;
                }
                if filled[g].is_some() {
                    continue;
                }
                let before = p.checked_sub(1).and_then(id);
                if let Some(fill) = vanished.fill(cx, before, id(p), self.gaps[g].kind) {
                    filled[g] = Some(fill);
                    more = true;
                }
            }
            if !more && (round > 0 || self.gaps.is_empty()) {
                self.emit(text, vanished, &sources, restored, &filled, edits);
                return;
            }
        }
    }

    /// The positions to decode: the tokens, with the filled gaps' words between them.
    fn sources(&self, filled: &[Option<(usize, f32)>]) -> Vec<Source> {
        let mut out = Vec::with_capacity(self.tokens.len() + self.gaps.len());
        let mut gaps = self.gaps.iter().zip(filled).enumerate().peekable();
        for i in 0..self.tokens.len() {
            while let Some((g, (_, fill))) = gaps.next_if(|(_, (gap, _))| gap.before == i) {
                if let Some((word, _)) = *fill {
                    out.push(Source::Filled { gap: g, word });
                }
            }
            out.push(Source::Token(i));
        }
        out
    }

    fn emit(
        &self,
        text: &'t str,
        vanished: &Vanished,
        sources: &[Source],
        restored: Vec<Option<Restored>>,
        filled: &[Option<(usize, f32)>],
        edits: &mut Vec<Edit<'t>>,
    ) {
        for (&s, r) in sources.iter().zip(restored) {
            match s {
                Source::Token(i) => {
                    let Some(r) = r else { continue };
                    let word = self.tokens[i].0;
                    edits.push(Edit {
                        span: word.span(),
                        original: &text[word.span()],
                        replacement: r.text,
                        rule: INFO.id,
                        confidence: r.confidence,
                        reason: r.reason.into(),
                    });
                }
                Source::Filled { gap, word } => {
                    let Gap { at, kind, .. } = self.gaps[gap];
                    let len = kind.len();
                    let confidence = filled[gap].map_or(0.0, |(_, c)| c);
                    // The filled word itself may have been restored further.
                    let (fill, reason) = match r {
                        Some(r) => (r.text, format!("{}, then {}", vanished.reason(), r.reason)),
                        None => (vanished.word(word).to_owned(), vanished.reason()),
                    };
                    let replacement = kind.filled(&fill);
                    edits.push(Edit {
                        span: at..at + len,
                        original: &text[at..at + len],
                        replacement,
                        rule: INFO.id,
                        confidence,
                        reason: reason.into(),
                    });
                }
            }
        }
    }
}

/// Decodes the positions `sources` until the restorations settle; None if they never do
/// (the chain is then left as it was rather than emit a result that a second repair
/// would change). Per position: its restoration, if any.
///
/// When no restored word has restorations of its own, the confirming decode is skipped:
/// its lattice is the last one with the restored positions fixed to the choices already
/// made, so it has the same best path.
fn settle<'w>(
    cx: &Context<'_>,
    gen: &Generator<'_>,
    decoder: &mut Decoder,
    readings: &mut Readings<'_>,
    sources: &[Source],
    initial: &[Reading],
    word: impl Fn(Source) -> Word<'w>,
) -> Option<Vec<Option<Restored>>> {
    let mut restored: Vec<Option<Restored>> = Vec::new();
    restored.resize_with(sources.len(), || None);
    let mut changes: Vec<(usize, usize, f32)> = Vec::new();
    for round in 0.. {
        let reading = |restored: &[Option<Restored>], i: usize| {
            restored[i].as_ref().map_or(initial[i], |r| r.reading)
        };
        changes.clear();
        let decisions = decoder.decode(
            cx.lexicon,
            cx.model,
            sources.len(),
            |i| readings.choices(reading(&restored, i)),
            |i| readings.bias(reading(&restored, i)),
        );
        changes.extend(
            (decisions.iter().enumerate())
                .filter(|(_, d)| d.choice != 0)
                .map(|(i, d)| (i, d.choice, d.confidence)),
        );
        if changes.is_empty() {
            break;
        }
        if round == MAX_ROUNDS {
            return None;
        }
        let mut settled = true;
        for &(i, choice, confidence) in &changes {
            let w = word(sources[i]);
            let before = restored[i].take();
            let current = before.as_ref().map_or(w.text, |r| &r.text);
            let from = before.as_ref().map_or(initial[i], |r| r.reading);
            let to = readings.restoration(from, choice);
            let (new, why) = restore_in_place(current, to, cx.profile);
            let r = readings.get_restored(gen, cx, Word { text: &new, ..w });
            // A respelled word reads as itself from now on, not as the word it stood for:
            // the lattice changed, so the decision needs confirming.
            settled &=
                !r.is_ambiguous() && readings.choices(r)[0] == readings.choices(from)[choice];
            restored[i] = Some(match before {
                None => Restored {
                    text: new,
                    reading: r,
                    confidence,
                    reason: why,
                },
                Some(before) => Restored {
                    text: new,
                    reading: r,
                    confidence: before.confidence * confidence,
                    reason: format!("{}, then {}", before.reason, why),
                },
            });
        }
        if settled {
            break;
        }
    }
    Some(restored)
}
