//! The tagger's model file, `data/ner_model.bin`, read as the dense table
//! the tagger sums rows of. Std only: compiled into the crate and by
//! `build.rs`, which embeds the table it gives, so both read the file the
//! same way. Nothing here may name `crate::` or `super::`.
//!
//! The file: the magic `BNR1`, `BITS`, `N_LABELS`, two zero bytes, then one
//! record per non-zero row: its bucket (u32) and `N_LABELS` i16, all
//! little-endian.

/// Features are hashed into 2^BITS buckets.
pub const BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BITS;
/// O, then B- and I- of PER, ORG, LOC and MISC.
pub const N_LABELS: usize = 9;
pub const MAGIC: &[u8; 4] = b"BNR1";
/// Bytes per row of the dense table: `N_LABELS` little-endian i16.
pub const ROW: usize = 2 * N_LABELS;

/// The model file `b` as the dense table, `BUCKETS` rows; a missing or
/// damaged file gives all zeros (an empty model: every token `O`).
pub fn dense(b: &[u8]) -> Vec<[u8; ROW]> {
    let mut rows = vec![[0u8; ROW]; BUCKETS];
    if b.len() < 8 || &b[..4] != MAGIC || b[4] as u32 != BITS || b[5] as usize != N_LABELS {
        return rows;
    }
    for r in b[8..].chunks_exact(4 + ROW) {
        let k = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize;
        if let Some(w) = rows.get_mut(k) {
            w.copy_from_slice(&r[4..]);
        }
    }
    rows
}
