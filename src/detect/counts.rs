//! How often each glyph occurs in a text: one pass, a fixed array, no map.

use crate::glyph::{glyphs, Glyph};
use crate::joining::Form;
use crate::token::words;

/// Letters counted: the Arabic block, U+0600 to U+06FF.
const BLOCK_START: u32 = 0x0600;
const BLOCK_LEN: usize = 0x100;
/// Four forms per letter, then the two lam-alef forms.
const SLOTS: usize = BLOCK_LEN * 4 + 2;

fn form_index(f: Form) -> usize {
    match f {
        Form::Isolated => 0,
        Form::Initial => 1,
        Form::Medial => 2,
        Form::Final => 3,
    }
}

fn slot(g: Glyph) -> Option<usize> {
    match g {
        Glyph::Letter(c, f) => {
            let i = (c as u32).checked_sub(BLOCK_START)? as usize;
            (i < BLOCK_LEN).then_some(i * 4 + form_index(f))
        }
        Glyph::LamAlef(f) => Some(BLOCK_LEN * 4 + usize::from(f == Form::Final)),
    }
}

fn glyph_of(slot: usize) -> Glyph {
    if slot >= BLOCK_LEN * 4 {
        let f = if slot == BLOCK_LEN * 4 {
            Form::Isolated
        } else {
            Form::Final
        };
        return Glyph::LamAlef(f);
    }
    let c = char::from_u32(BLOCK_START + (slot / 4) as u32).expect("Arabic block");
    Glyph::Letter(c, Form::ALL[slot % 4])
}

/// The glyph counts of a text's words.
///
/// ```
/// use tarmim::{detect::GlyphCounts, joining::Form, profile::Glyph};
/// let c = GlyphCounts::of("في الذي قال لا");
/// assert_eq!(c.words(), 4);
/// assert_eq!(c.get(Glyph::Letter('ي', Form::Final)), 1);
/// assert_eq!(c.get(Glyph::LamAlef(Form::Isolated)), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlyphCounts {
    words: usize,
    glyphs: usize,
    slots: Box<[u32; SLOTS]>,
}

impl GlyphCounts {
    /// Counts the glyphs of every word of `text` (in its lookup form: harakat and tatweel
    /// removed, presentation forms folded).
    pub fn of(text: &str) -> GlyphCounts {
        let mut c = GlyphCounts {
            words: 0,
            glyphs: 0,
            slots: Box::new([0; SLOTS]),
        };
        for w in words(text) {
            c.words += 1;
            for (_, g) in glyphs(&w.key()) {
                if let Some(s) = slot(g) {
                    c.slots[s] += 1;
                    c.glyphs += 1;
                }
            }
        }
        c
    }

    /// Arabic words counted.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Glyphs counted (a lam-alef counts once).
    pub fn glyphs(&self) -> usize {
        self.glyphs
    }

    /// How many times `glyph` occurs.
    pub fn get(&self, glyph: Glyph) -> usize {
        slot(glyph).map_or(0, |s| self.slots[s] as usize)
    }

    /// Every glyph that occurs, with its count, in a fixed order.
    ///
    /// ```
    /// let c = tarmim::detect::GlyphCounts::of("بب");
    /// assert_eq!(c.iter().count(), 2);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Glyph, usize)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(s, &n)| (glyph_of(s), n as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_round_trip() {
        for s in 0..SLOTS {
            assert_eq!(slot(glyph_of(s)), Some(s));
        }
    }

    #[test]
    fn marks_and_presentation_forms_are_folded() {
        let plain = GlyphCounts::of("كتب على");
        assert_eq!(GlyphCounts::of("كَتَبَ عَلَى"), plain);
        assert_eq!(GlyphCounts::of("\u{FEDB}\u{FE98}\u{FE90} على"), plain);
    }
}
