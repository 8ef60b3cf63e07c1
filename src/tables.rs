//! The binary layout of the embedded tables, shared by the loader and the table builder.
//!
//! `data/lexicon.fst` maps every word (lookup form) to its id. Ids count from the words
//! seen in the training corpora (most frequent first) to the words known only from the
//! frequency list, so that the bigram table needs rows only for the first ids.
//!
//! `data/words.bin`: magic, then one byte per id, the word's unigram cost
//! `-ln p` quantised by [`COST_SCALE`].
//!
//! `data/bigrams.bin`: magic, `rows` and `entries` (u32 LE), then `rows + 1` row offsets,
//! `rows` left-context totals, `rows` follower counts, and `entries` packed entries
//! `(next_id << COUNT_BITS) | quantised count`, each row sorted by `next_id`.
//!
//! `data/boundaries.bin`: magic, `n` (u32 LE), the overall costs of ending and of
//! starting a sentence (at its punctuation or a paragraph edge), then for each of the first
//! `n` ids the costs of that word ending one and starting one; all `-ln p` quantised by
//! [`COST_SCALE`].
//!
//! `data/classes.bin`: magic, `words` and `rows` (u32 LE), one class byte per id (see
//! [`crate::word_class`]), then for each of the first `rows` ids and then for each class,
//! one byte per class after it: `ln(P(class | context) / P(class))` as an `i8` scaled by
//! [`LOG_RATIO_SCALE`].

/// The bytes of a table file, embedded: from `data/`, or with the `tuning-tables` feature
/// from `data/tuning/`, where `build-tables --tuning` writes tables that leave out the
/// tuning slice too (so that thresholds and models are compared on unseen articles).
#[cfg(not(feature = "tuning-tables"))]
macro_rules! embedded_table {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $name))
    };
}
/// Whether the embedded tables are the tuning tables (the `tuning-tables` feature).
pub const TUNING_TABLES: bool = cfg!(feature = "tuning-tables");
#[cfg(feature = "tuning-tables")]
macro_rules! embedded_table {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tuning/", $name))
    };
}
pub(crate) use embedded_table;

/// Magic bytes opening `words.bin`.
pub const WORDS_MAGIC: &[u8; 8] = b"TRMWRD01";
/// Magic bytes opening `bigrams.bin`.
pub const BIGRAMS_MAGIC: &[u8; 8] = b"TRMBIG01";
/// Magic bytes opening `boundaries.bin`.
pub const BOUNDARIES_MAGIC: &[u8; 8] = b"TRMBND01";
/// Magic bytes opening `classes.bin`.
pub const CLASSES_MAGIC: &[u8; 8] = b"TRMCLS02";
/// Class log ratios are stored as `round(ln r * LOG_RATIO_SCALE)`, clamped to an `i8`.
pub const LOG_RATIO_SCALE: f32 = 16.0;
/// Unigram costs are stored as `round(-ln p * COST_SCALE)`, saturating at 255.
pub const COST_SCALE: f32 = 10.0;
/// Bits of a bigram entry that hold its quantised count.
pub const COUNT_BITS: u32 = 12;
/// Counts below this are stored exactly; above, on a log scale.
const EXACT_COUNTS: u32 = 2048;
/// Steps per unit of natural log above [`EXACT_COUNTS`].
const LOG_STEPS: f64 = 128.0;

/// Quantises a unigram probability to a cost byte.
pub fn quantise_cost(p: f64) -> u8 {
    let cost = (-p.ln() * COST_SCALE as f64).round();
    cost.clamp(0.0, 255.0) as u8
}

/// Quantises a bigram count to [`COUNT_BITS`] bits.
pub fn quantise_count(count: u64) -> u32 {
    let max = (1u32 << COUNT_BITS) - 1;
    if count < EXACT_COUNTS as u64 {
        count as u32
    } else {
        let steps = ((count as f64 / EXACT_COUNTS as f64).ln() * LOG_STEPS).round() as u32;
        (EXACT_COUNTS + steps).min(max)
    }
}

/// The count a quantised value stands for.
pub fn dequantise_count(q: u32) -> f32 {
    if q < EXACT_COUNTS {
        q as f32
    } else {
        (EXACT_COUNTS as f64 * ((q - EXACT_COUNTS) as f64 / LOG_STEPS).exp()) as f32
    }
}

/// Reads the `i`th little-endian u32 of `bytes`.
#[inline]
pub(crate) fn u32_at(bytes: &[u8], i: usize) -> u32 {
    let b = &bytes[i * 4..i * 4 + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_quantisation_is_close() {
        for c in [0u64, 1, 7, 2047, 2048, 5000, 100_000, 3_000_000] {
            let back = dequantise_count(quantise_count(c)) as f64;
            assert!(
                (back - c as f64).abs() <= c as f64 * 0.01 + 0.5,
                "{c} -> {back}"
            );
        }
    }
}
