//! Tables built at compile time, so that a run does not build them (a
//! one-article run spent most of its CPU time on that): the entity
//! tagger's dense weight table and the gazetteer's tables. Std only.
//!
//! Outputs, in OUT_DIR:
//! - `ner_dense.bin`: `data/ner_model.bin` (sparse rows) as the dense table
//!   the tagger reads, made by `src/stages/entities/model_file.rs`, which
//!   `Model::from_bytes` uses too;
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

#[allow(dead_code)]
#[path = "src/stages/entities/model_file.rs"]
mod model_file;

fn main() {
    for f in [
        "data/ner_model.bin",
        "data/abbreviations.txt",
        "data/gazetteers",
        "src/reader/tokens.rs",
        "src/stages/entities/gazetteer_build.rs",
        "src/stages/entities/model_file.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let model = std::fs::read("data/ner_model.bin").expect("data/ner_model.bin is readable");
    std::fs::write(
        out.join("ner_dense.bin"),
        model_file::dense(&model).as_flattened(),
    )
    .expect("OUT_DIR is writable");

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
