//! Tables built at compile time, so that a run does not build them (a
//! one-article run spent most of its CPU time on that): the entity
//! tagger's dense weight table and the gazetteer's tables. Std only.
//!
//! Outputs, in OUT_DIR:
//! - `ner_dense.bin`: `data/ner_model.bin` (sparse rows) as the dense table
//!   the tagger reads, 2^18 rows of 9 little-endian i16 (an empty model,
//!   all zeros, if the file is damaged, as `Model::from_bytes` reads it);
//! - `gazetteer_tables.rs`: the gazetteer's word tables and name lists
//!   (`src/stages/entities/gazetteer_build.rs` builds them; the tests check
//!   that the embedded tables are what the crate's own build gives).

use std::path::PathBuf;

/// The tokenizer finds the first token of each multi-word name: it is
/// included as it is, with the two things it uses from the crate.
#[allow(dead_code)]
mod doc {
    use std::ops::Range;

    #[derive(Clone, Debug)]
    pub struct Token {
        pub range: Range<usize>,
        pub kind: TokenKind,
        pub sentence: usize,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum TokenKind {
        Word,
        Number,
        Quote,
        Punct,
    }
}

mod lexicon {
    use std::collections::HashSet;
    use std::sync::LazyLock;

    /// As `ABBREVIATIONS` in `src/lexicon.rs`.
    pub static ABBREVIATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        include_str!("data/abbreviations.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });
}

#[allow(dead_code)]
#[path = "src/reader/tokens.rs"]
mod tokens;

#[allow(dead_code)]
#[path = "src/stages/entities/gazetteer_build.rs"]
mod gazetteer_build;

const BITS: u32 = 18;
const N_LABELS: usize = 9;
const MAGIC: &[u8; 4] = b"BNR1";

/// The sparse model file as a dense table (see `Model::from_bytes`).
fn dense_model(b: &[u8]) -> Vec<u8> {
    let row = 2 * N_LABELS;
    let mut out = vec![0u8; (1 << BITS) * row];
    if b.len() < 8 || &b[..4] != MAGIC || b[4] as u32 != BITS || b[5] as usize != N_LABELS {
        return out;
    }
    for r in b[8..].chunks_exact(4 + row) {
        let k = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize;
        if let Some(w) = out.get_mut(k * row..(k + 1) * row) {
            w.copy_from_slice(&r[4..]);
        }
    }
    out
}

fn main() {
    for f in [
        "data/ner_model.bin",
        "data/abbreviations.txt",
        "data/gazetteers",
        "src/reader/tokens.rs",
        "src/stages/entities/gazetteer_build.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let model = std::fs::read("data/ner_model.bin").expect("data/ner_model.bin is readable");
    std::fs::write(out.join("ner_dense.bin"), dense_model(&model)).expect("OUT_DIR is writable");

    let mut toks = Vec::new();
    let tables = gazetteer_build::build(|p| {
        toks.clear();
        tokens::tokenize(p, 0..p.len(), 0, &mut toks);
        toks.first().and_then(|t| p.get(t.range.clone()))
    });
    std::fs::write(
        out.join("gazetteer_tables.rs"),
        gazetteer_build::to_rust(&tables),
    )
    .expect("OUT_DIR is writable");
}
