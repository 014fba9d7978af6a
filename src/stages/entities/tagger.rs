//! A linear BIO tagger: an averaged perceptron over hashed token features,
//! decoded greedily left to right with the previous two tags as features.
//!
//! The weights (`data/ner_model.bin`) are trained on CoNLL-2003 train by
//! `cargo run --release --example train_ner -- ../shared/eval/conll2003/train.jsonl`
//! (see `examples/train_ner.rs`). Features are hashed into 2^BITS buckets, so
//! the model is a dense table of `BITS` x labels 16-bit weights, stored
//! sparsely (only non-zero rows) in the file.
//!
//! Only candidate tokens are scored: a word with a capital letter, a token
//! right after an entity token, or a number before a capitalized word
//! ("1860 Munich"). Every other token is `O` without a look at the weights,
//! in training as at run time, which keeps the stage fast.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::doc::{Token, TokenKind};

use super::gazetteer::{ALL_KINDS, GAZETTEER, INSIDE};

pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
pub const N_LABELS: usize = LABELS.len();
pub const BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BITS;
const MAGIC: &[u8; 4] = b"BNR1";

/// Whether label `l` may follow label `prev` (I-X only after B-X or I-X).
pub fn allowed(prev: usize, l: usize) -> bool {
    if l == 0 || l % 2 == 1 {
        return true;
    }
    prev == l || prev + 1 == l
}

/// The type index of a label: 0 PER, 1 ORG, 2 LOC, 3 MISC; None for O.
pub fn label_type(l: usize) -> Option<usize> {
    (l > 0).then(|| (l - 1) / 2)
}

/// FNV-1a, fed a template id and then bytes.
#[derive(Clone, Copy)]
struct H(u64);

impl H {
    fn new(template: u8) -> H {
        H((0xcbf2_9ce4_8422_2325u64 ^ template as u64).wrapping_mul(0x100_0000_01b3))
    }
    fn bytes(mut self, b: &[u8]) -> H {
        for &x in b {
            self.0 = (self.0 ^ x as u64).wrapping_mul(0x100_0000_01b3);
        }
        self
    }
    fn byte(self, b: u8) -> H {
        self.bytes(&[b])
    }
    fn done(self) -> u64 {
        // A final mix so that the top bits (the bucket) depend on every byte.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

pub fn bucket(h: u64) -> usize {
    (h >> (64 - BITS)) as usize
}

/// Word shape: X for a capital, x for a small letter, d for a digit, other
/// characters as they are; `short` collapses runs ("Xx", "X.X.", "d-d").
fn shape(w: &str, long: &mut String, short: &mut String) {
    long.clear();
    short.clear();
    for c in w.chars().take(12) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        long.push(s);
        if !short.ends_with(s) {
            short.push(s);
        }
    }
}

fn has_upper(w: &str) -> bool {
    w.chars().any(char::is_uppercase)
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Facts about the whole document that the features look at.
pub struct DocContext<'t> {
    /// Words seen written all in lowercase somewhere in the document.
    pub lower_seen: HashSet<&'t str>,
}

impl<'t> DocContext<'t> {
    pub fn new(text: &'t str, tokens: &[Token]) -> DocContext<'t> {
        let mut lower_seen = HashSet::new();
        for t in tokens {
            if t.kind != TokenKind::Word {
                continue;
            }
            if let Some(w) = text.get(t.range.clone())
                && w.chars().next().is_some_and(char::is_lowercase)
            {
                lower_seen.insert(w);
            }
        }
        DocContext { lower_seen }
    }
}

/// The static (tag-independent) features of one sentence's tokens.
pub struct SentenceFeatures {
    /// Feature hashes of token i: `feats[offsets[i]..offsets[i + 1]]`.
    pub feats: Vec<u64>,
    pub offsets: Vec<usize>,
    /// Seeds for the tag-dependent features of each token.
    pub seeds: Vec<(u64, u64)>,
    /// Whether each token is a candidate (scored at all).
    pub candidate: Vec<bool>,
    /// Whether the next token starts with a capital (for numbers).
    pub next_cap: Vec<bool>,
    /// The gazetteer flags of each token.
    pub flags: Vec<u16>,
}

fn lower_into(w: &str, out: &mut String) {
    out.clear();
    for c in w.chars() {
        out.extend(c.to_lowercase());
    }
}

/// Computes the features of a sentence's tokens. `flags` are the gazetteer
/// flags of each token; `initial` marks tokens that start a sentence or a
/// line-like run (after a quote mark or a colon at sentence start).
pub fn sentence_features(text: &str, toks: &[Token], ctx: &DocContext<'_>) -> SentenceFeatures {
    let flags = GAZETTEER.flags(text, toks);
    let n = toks.len();
    let words: Vec<&str> = toks
        .iter()
        .map(|t| text.get(t.range.clone()).unwrap_or(""))
        .collect();
    let mut lowers: Vec<String> = Vec::with_capacity(n);
    let mut shapes: Vec<String> = Vec::with_capacity(n);
    let mut long = String::new();
    let mut short = String::new();
    let mut buf = String::new();
    for w in &words {
        lower_into(w, &mut buf);
        lowers.push(buf.clone());
        shape(w, &mut long, &mut short);
        shapes.push(short.clone());
    }
    let letters: Vec<char> = words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    let all_caps = letters.len() > 3 && letters.iter().all(|c| c.is_uppercase());
    let mut out = SentenceFeatures {
        feats: Vec::with_capacity(n * 40),
        offsets: Vec::with_capacity(n + 1),
        seeds: Vec::with_capacity(n),
        candidate: Vec::with_capacity(n),
        next_cap: Vec::with_capacity(n),
        flags: Vec::new(),
    };
    for i in 0..n {
        out.offsets.push(out.feats.len());
        let w = words[i];
        let next_cap = words.get(i + 1).is_some_and(|x| starts_upper(x));
        out.next_cap.push(next_cap);
        let cand = has_upper(w) || (toks[i].kind == TokenKind::Number && next_cap);
        out.candidate.push(cand);
        let lw = lowers[i].as_str();
        let sh = shapes[i].as_str();
        let seed_shape = H::new(100).bytes(sh.as_bytes()).0;
        let seed_lower = H::new(101).bytes(lw.as_bytes()).0;
        out.seeds.push((seed_shape, seed_lower));
        let f = &mut out.feats;
        f.push(H::new(1).done());
        f.push(H::new(2).bytes(w.as_bytes()).done());
        f.push(H::new(3).bytes(lw.as_bytes()).done());
        shape(w, &mut long, &mut short);
        f.push(H::new(4).bytes(long.as_bytes()).done());
        f.push(H::new(5).bytes(sh.as_bytes()).done());
        let chars: Vec<(usize, char)> = lw.char_indices().collect();
        for k in 1..=3usize {
            if chars.len() > k {
                let end = chars.get(k).map_or(lw.len(), |c| c.0);
                f.push(H::new(5 + k as u8).bytes(&lw.as_bytes()[..end]).done());
            }
        }
        for k in 1..=4usize {
            if chars.len() > k {
                let start = chars[chars.len() - k].0;
                f.push(H::new(8 + k as u8).bytes(&lw.as_bytes()[start..]).done());
            }
        }
        let nb = |d: isize| -> &str {
            let j = i as isize + d;
            if j < 0 {
                "<s>"
            } else {
                lowers.get(j as usize).map_or("</s>", |s| s.as_str())
            }
        };
        let nbs = |d: isize| -> &str {
            let j = i as isize + d;
            if j < 0 {
                "<s>"
            } else {
                shapes.get(j as usize).map_or("</s>", |s| s.as_str())
            }
        };
        f.push(H::new(13).bytes(nb(-1).as_bytes()).done());
        f.push(H::new(14).bytes(nb(1).as_bytes()).done());
        f.push(H::new(15).bytes(nb(-2).as_bytes()).done());
        f.push(H::new(16).bytes(nb(2).as_bytes()).done());
        f.push(H::new(17).bytes(nbs(-1).as_bytes()).done());
        f.push(H::new(18).bytes(nbs(1).as_bytes()).done());
        f.push(
            H::new(25)
                .bytes(lw.as_bytes())
                .byte(0)
                .bytes(nb(1).as_bytes())
                .done(),
        );
        f.push(
            H::new(26)
                .bytes(nb(-1).as_bytes())
                .byte(0)
                .bytes(lw.as_bytes())
                .done(),
        );
        f.push(
            H::new(35)
                .bytes(nbs(-1).as_bytes())
                .byte(0)
                .bytes(sh.as_bytes())
                .byte(0)
                .bytes(nbs(1).as_bytes())
                .done(),
        );
        let initial = i == 0
            || matches!(toks[i - 1].kind, TokenKind::Quote)
                && (i == 1 || matches!(words[i - 2], ":" | "-" | "(" | "—"));
        if initial {
            f.push(H::new(19).done());
            f.push(H::new(36).bytes(lw.as_bytes()).done());
        }
        if all_caps {
            f.push(H::new(20).done());
            f.push(H::new(37).bytes(lw.as_bytes()).done());
        }
        let fl = flags[i];
        for (b, k) in ALL_KINDS.iter().enumerate() {
            if fl & k != 0 {
                f.push(
                    H::new(21)
                        .byte(b as u8)
                        .byte((fl & INSIDE != 0) as u8)
                        .done(),
                );
                f.push(H::new(38).byte(b as u8).bytes(sh.as_bytes()).done());
            }
            if i > 0 && flags[i - 1] & k != 0 {
                f.push(H::new(22).byte(b as u8).done());
            }
            if flags.get(i + 1).is_some_and(|x| x & k != 0) {
                f.push(H::new(23).byte(b as u8).done());
            }
        }
        if has_upper(w) && ctx.lower_seen.contains(lw) {
            f.push(H::new(24).byte(initial as u8).done());
        }
        f.push(H::new(27).byte(chars.len().min(8) as u8).done());
        if n <= 4 {
            f.push(H::new(29).byte(n as u8).done());
        }
    }
    out.offsets.push(out.feats.len());
    out.flags = flags;
    out
}

/// The tag-dependent features of a token, given the two labels before it.
pub fn dynamic_features(seeds: (u64, u64), p1: usize, p2: usize, out: &mut [u64; 4]) {
    out[0] = H::new(31).byte(p1 as u8).done();
    out[1] = H::new(32).byte(p2 as u8).byte(p1 as u8).done();
    out[2] = H(seeds.0).byte(p1 as u8).done();
    out[3] = H(seeds.1).byte(p1 as u8).done();
}

/// Weights of a trained model, 16-bit, dense.
pub struct Model {
    weights: Vec<i16>,
}

impl Model {
    /// Reads the model file; a missing or damaged file gives an empty model
    /// (every token `O`), which the unit tests would catch.
    pub fn from_bytes(b: &[u8]) -> Model {
        let mut weights = vec![0i16; BUCKETS * N_LABELS];
        if b.len() < 8 || &b[..4] != MAGIC || b[4] as u32 != BITS || b[5] as usize != N_LABELS {
            return Model { weights };
        }
        let row = 4 + 2 * N_LABELS;
        for r in b[8..].chunks_exact(row) {
            let k = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize;
            if k >= BUCKETS {
                continue;
            }
            for l in 0..N_LABELS {
                weights[k * N_LABELS + l] = i16::from_le_bytes([r[4 + 2 * l], r[5 + 2 * l]]);
            }
        }
        Model { weights }
    }

    /// Writes weights (floats, scaled to 16 bits) in the file format.
    pub fn to_bytes(w: &[f32]) -> Vec<u8> {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = 32767.0 / max;
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(BITS as u8);
        out.push(N_LABELS as u8);
        out.extend_from_slice(&[0, 0]);
        for k in 0..BUCKETS {
            let row: Vec<i16> = (0..N_LABELS)
                .map(|l| (w[k * N_LABELS + l] * scale).round() as i16)
                .collect();
            if row.iter().all(|&x| x == 0) {
                continue;
            }
            out.extend_from_slice(&(k as u32).to_le_bytes());
            for x in row {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    fn add(&self, h: u64, scores: &mut [i32; N_LABELS]) {
        let b = bucket(h) * N_LABELS;
        if let Some(row) = self.weights.get(b..b + N_LABELS) {
            for (s, w) in scores.iter_mut().zip(row) {
                *s += *w as i32;
            }
        }
    }

    /// Greedy decoding of one sentence: a label index per token.
    pub fn tag(&self, sf: &SentenceFeatures) -> Vec<usize> {
        let n = sf.candidate.len();
        let mut out = Vec::with_capacity(n);
        let mut dynf = [0u64; 4];
        for i in 0..n {
            let p1 = if i > 0 { out[i - 1] } else { 0 };
            let p2 = if i > 1 { out[i - 2] } else { 0 };
            if !sf.candidate[i] && p1 == 0 {
                out.push(0);
                continue;
            }
            let mut scores = [0i32; N_LABELS];
            for &h in &sf.feats[sf.offsets[i]..sf.offsets[i + 1]] {
                self.add(h, &mut scores);
            }
            dynamic_features(sf.seeds[i], p1, p2, &mut dynf);
            for &h in &dynf {
                self.add(h, &mut scores);
            }
            let mut best = 0;
            for l in 1..N_LABELS {
                if allowed(p1, l) && scores[l] > scores[best] {
                    best = l;
                }
            }
            out.push(best);
        }
        out
    }
}

pub static MODEL: LazyLock<Model> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("../../../data/ner_model.bin")));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i_tags_only_continue_their_type() {
        assert!(allowed(1, 2)); // B-PER I-PER
        assert!(allowed(2, 2)); // I-PER I-PER
        assert!(!allowed(0, 2)); // O I-PER
        assert!(!allowed(3, 2)); // B-ORG I-PER
        assert!(allowed(4, 1)); // anything may start
    }

    #[test]
    fn shapes_collapse_runs() {
        let (mut l, mut s) = (String::new(), String::new());
        shape("U.S.", &mut l, &mut s);
        assert_eq!((l.as_str(), s.as_str()), ("X.X.", "X.X."));
        shape("Witkoff", &mut l, &mut s);
        assert_eq!(s, "Xx");
        shape("1996-08-30", &mut l, &mut s);
        assert_eq!(s, "d-d-d");
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let mut w = vec![0f32; BUCKETS * N_LABELS];
        w[7 * N_LABELS + 3] = 2.0;
        w[9 * N_LABELS] = -1.0;
        let m = Model::from_bytes(&Model::to_bytes(&w));
        assert_eq!(m.weights[7 * N_LABELS + 3], 32767);
        assert_eq!(m.weights[9 * N_LABELS], -16384);
    }

    #[test]
    fn a_damaged_model_file_gives_an_empty_model() {
        let m = Model::from_bytes(b"nonsense");
        assert!(m.weights.iter().all(|&x| x == 0));
    }
}
