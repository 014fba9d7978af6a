//! A linear BIO tagger: an averaged perceptron over hashed token features,
//! decoded greedily left to right with the previous two tags as features.
//!
//! The weights (`data/ner_model.bin`) are trained on CoNLL-2003 train by
//! `cargo run --release --example train_ner -- ../shared/eval/conll2003/train.jsonl`
//! (see `examples/train_ner.rs`). Features are hashed into 2^BITS buckets, so
//! the model is a dense table of `BITS` x labels 16-bit weights, stored
//! sparsely (only non-zero rows) in the file.
//!
//! Only candidate tokens are scored: a word with a capital letter (but not a
//! function word such as "The" or "But" before a lowercase word), a token
//! right after an entity token, or a number before a capitalized word
//! ("1860 Munich"). Every other token is `O` without a look at the weights,
//! in training as at run time, which keeps the stage fast.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use crate::doc::{Token, TokenKind};

use super::gazetteer::{self, ALL_KINDS, FUNCTION, GAZETTEER, INSIDE, tail_u64};

pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
#[path = "model_file.rs"]
mod model_file;
pub use model_file::{BITS, BUCKETS, N_LABELS};
use model_file::{MAGIC, ROW};
const _: () = assert!(LABELS.len() == N_LABELS);

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

/// A fast multiplicative hash, fed a template id and then bytes eight at a
/// time; `done` mixes the state so that the top bits (the bucket) depend on
/// every byte.
#[derive(Clone, Copy)]
struct H(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl H {
    fn new(template: u8) -> H {
        H((0xcbf2_9ce4_8422_2325u64 ^ template as u64).wrapping_mul(K))
    }
    fn bytes(mut self, b: &[u8]) -> H {
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(23) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        // The last bytes, little-endian as if zero-padded to eight; a loop,
        // not a variable-length copy, which compiled to a memmove call
        // (1% of the pipeline).
        let last = tail_u64(chunks.remainder());
        // The length goes in too, so "ab" + "" and "a" + "b" differ.
        self.0 = (self.0.rotate_left(23) ^ last ^ ((b.len() as u64) << 56)).wrapping_mul(K);
        self
    }
    fn done(self) -> u64 {
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

/// The shape of one character (see [`shape`]).
fn shape_char(c: char) -> char {
    if c == '’' {
        '\''
    } else if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        c
    }
}

/// Word shape: X for a capital, x for a small letter, d for a digit, other
/// characters as they are; `short` collapses runs ("Xx", "X.X.", "d-d").
fn shape(w: &str, long: &mut String, short: &mut String) {
    long.clear();
    short.clear();
    for c in w.chars().take(12) {
        let s = shape_char(c);
        long.push(s);
        if !short.ends_with(s) {
            short.push(s);
        }
    }
}

/// The features of a lowercase word's first letters (2 to 4) and last
/// letters (1 to 4); returns its length in chars.
fn affix_features(lw: &str, f: &mut Vec<u64>) -> usize {
    let lb = lw.as_bytes();
    if lw.is_ascii() {
        // Byte offsets are char offsets: the same prefixes and suffixes
        // as below without decoding (char_indices showed in the profile).
        let n = lb.len();
        for end in 1..n.min(4) {
            f.push(H::new(5 + end as u8).bytes(&lb[..end]).done());
        }
        for k in 0..4 {
            if n > k + 1 {
                f.push(H::new(9 + k as u8).bytes(&lb[n - 1 - k..]).done());
            }
        }
        n
    } else {
        let nchars = lw.chars().count();
        for (k, (end, _)) in lw.char_indices().skip(1).take(3).enumerate() {
            f.push(H::new(6 + k as u8).bytes(&lb[..end]).done());
        }
        for (k, (start, _)) in lw.char_indices().rev().take(4).enumerate() {
            if nchars > k + 1 {
                f.push(H::new(9 + k as u8).bytes(&lb[start..]).done());
            }
        }
        nchars
    }
}

/// [`shape`] of an ASCII word, into byte buffers: the lengths of the short
/// and the long shape.
fn ascii_shape(w: &[u8], short: &mut [u8; 12], long: &mut [u8; 12]) -> (usize, usize) {
    let (mut sn, mut ln) = (0, 0);
    for (&b, l) in w.iter().zip(long.iter_mut()) {
        let c = if b.is_ascii_uppercase() {
            b'X'
        } else if b.is_ascii_lowercase() {
            b'x'
        } else if b.is_ascii_digit() {
            b'd'
        } else {
            b
        };
        *l = c;
        ln += 1;
        if sn == 0 || short[sn - 1] != c {
            short[sn] = c;
            sn += 1;
        }
    }
    (sn, ln)
}

/// The part of a word before a hyphen and a lowercase ending ("Louis" of
/// "Louis-based"), or the word.
pub fn name_part(w: &str) -> &str {
    if let Some(h) = w.bytes().rposition(|b| b == b'-')
        && h > 0
        && w[h + 1..].chars().next().is_some_and(char::is_lowercase)
        && w[h + 1..].chars().all(char::is_lowercase)
        && w[..h].chars().next().is_some_and(char::is_uppercase)
    {
        &w[..h]
    } else {
        w
    }
}

fn has_upper(w: &str) -> bool {
    // Bytes for ASCII words (most of them): decoding chars showed in the
    // profile.
    if w.is_ascii() {
        w.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        w.chars().any(char::is_uppercase)
    }
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A hash of a word's bytes, the unit the features are made of.
fn word_hash(b: &[u8]) -> u64 {
    H::new(0).bytes(b).done()
}

/// A feature: template `t` over the value `x` (a [`word_hash`], several
/// combined by [`pair`], or a small number). One multiply: the bucket is
/// the top bits, which depend on every bit of `x`.
fn mix(t: u64, x: u64) -> u64 {
    (x ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(K)
}

/// Two values as one, order kept.
fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(23) ^ b
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type IdBuild = std::hash::BuildHasherDefault<IdHasher>;

/// Facts about the whole document that the features look at, and each
/// token's word as the features see it, made in one pass over the tokens.
/// (Made per sentence, the words, their capitals and their hashes were a
/// fifth of the stage, and the document pass hashed most words again.)
pub struct DocContext<'t> {
    /// Words seen written with a small first letter somewhere in the
    /// document, as [`word_hash`]es: one hash per word, where a set of
    /// strings hashed and compared them (3% of the pipeline).
    lower_seen: HashSet<u64, IdBuild>,
    /// Per token of the document: its word ([`TokWord`]).
    words: Vec<TokWord>,
    /// The text in ASCII lowercase (an ASCII word's lowercase form sits at
    /// its own offsets), then the lowercase forms of the other words.
    lower: String,
    text: std::marker::PhantomData<&'t str>,
}

/// One token's word as the features see it.
#[derive(Clone, Copy, Default)]
struct TokWord {
    /// The length in bytes of the word's name part ([`name_part`]), which
    /// starts where the token starts.
    part: usize,
    /// Bit 0: the part starts with a capital; bit 1: it has one.
    caps: u8,
    /// The part's lowercase form, a range of [`DocContext::lower`].
    lower: (usize, usize),
    hash: TokHash,
}

impl<'t> DocContext<'t> {
    pub fn new(text: &'t str, tokens: &[Token]) -> DocContext<'t> {
        let mut lower_seen =
            HashSet::with_capacity_and_hasher(tokens.len() / 2, Default::default());
        let mut lower = String::with_capacity(text.len() + 16);
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let mut words = Vec::with_capacity(tokens.len());
        let (mut long, mut short) = (String::new(), String::new());
        for t in tokens {
            let w = text.get(t.range.clone()).unwrap_or("");
            // One pass over the bytes of a word (most are ASCII): whether it
            // has a hyphen, a capital, a non-ASCII byte. (Separate scans
            // and a memchr call per word showed in the profile.)
            let b = w.as_bytes();
            // One pass over the bytes of a word, a table look-up each: its
            // classes, any byte's and every byte's after the first (byte
            // tests and a second scan for the tail showed in the profile).
            let first = b.first().map_or(0, |&c| BYTE_CLASS[c as usize]);
            let (mut any, mut every) = (first, LOW);
            for &c in b.iter().skip(1) {
                let k = BYTE_CLASS[c as usize];
                any |= k;
                every &= k;
            }
            let word = if any & HIGH == 0 {
                // "Louis-based", "Kremlin-backed": the name is the part
                // before the hyphen, and the features look at that part.
                let (part, caps, upper, tail_lower) = if any & HYPHEN != 0 {
                    let part = name_part(w).as_bytes();
                    let first = part.first().is_some_and(u8::is_ascii_uppercase);
                    let any = first || part.iter().any(u8::is_ascii_uppercase);
                    let tail = part.iter().skip(1).all(u8::is_ascii_lowercase);
                    (part, u8::from(first) | u8::from(any) << 1, any, tail)
                } else {
                    let first = first & UP != 0;
                    let upper = any & UP != 0;
                    (
                        b,
                        u8::from(first) | u8::from(upper) << 1,
                        upper,
                        every & LOW != 0,
                    )
                };
                let at = t.range.start;
                let span = (at, at + part.len());
                let low = lower.as_bytes().get(span.0..span.1).unwrap_or(&[]);
                TokWord {
                    part: part.len(),
                    caps,
                    lower: span,
                    hash: ascii_hash(part, low, upper, tail_lower),
                }
            } else {
                let part = name_part(w);
                let a = lower.len();
                for c in part.chars() {
                    // The training text writes its apostrophes straight:
                    // "O’Dowd" is seen as "O'Dowd" (so in the shapes, and
                    // in the word itself).
                    if c == '’' {
                        lower.push('\'');
                    } else {
                        lower.extend(c.to_lowercase());
                    }
                }
                shape(part, &mut long, &mut short);
                let word = if part.contains('’') {
                    word_hash(part.replace('’', "'").as_bytes())
                } else {
                    word_hash(part.as_bytes())
                };
                TokWord {
                    part: part.len(),
                    caps: u8::from(starts_upper(part)) | u8::from(has_upper(part)) << 1,
                    lower: (a, lower.len()),
                    hash: TokHash {
                        word,
                        lower: word_hash(&lower.as_bytes()[a..]),
                        long: word_hash(long.as_bytes()),
                        short: word_hash(short.as_bytes()),
                    },
                }
            };
            if t.kind == TokenKind::Word {
                let small = match b.first() {
                    Some(c) if c.is_ascii() => c.is_ascii_lowercase(),
                    Some(_) => w.chars().next().is_some_and(char::is_lowercase),
                    None => false,
                };
                if small {
                    // A word with a small first letter is its own name part
                    // (a part is cut only from a capitalized word), so its
                    // hash is the one above, but for curly apostrophes.
                    lower_seen.insert(if any & HIGH == 0 || !w.contains('’') {
                        word.hash.word
                    } else {
                        word_hash(b)
                    });
                }
            }
            words.push(word);
        }
        DocContext {
            lower_seen,
            words,
            lower,
            text: std::marker::PhantomData,
        }
    }

    /// Whether `w` is written, exactly so, with a small first letter
    /// somewhere in the document.
    pub fn lower_seen(&self, w: &str) -> bool {
        self.lower_seen.contains(&word_hash(w.as_bytes()))
    }
}

/// The classes of a byte ([`BYTE_CLASS`]).
const UP: u8 = 1;
const LOW: u8 = 2;
const HYPHEN: u8 = 4;
const HIGH: u8 = 8;

/// Each byte's class: an ASCII capital, small letter or hyphen, or a byte
/// of a non-ASCII character.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b >= 0x80 {
            HIGH
        } else if b.is_ascii_uppercase() {
            UP
        } else if b.is_ascii_lowercase() {
            LOW
        } else if b == b'-' {
            HYPHEN
        } else {
            0
        };
        c += 1;
    }
    t
};

/// The hashes of an ASCII word `b` (`low` its lowercase form, `upper`
/// whether it has a capital, `tail_lower` whether all its bytes after the
/// first are small letters).
fn ascii_hash(b: &[u8], low: &[u8], upper: bool, tail_lower: bool) -> TokHash {
    let n = b.len().min(12);
    match b.first() {
        // "said", "Putin": the shapes of a word of small letters,
        // capitalized or not, depend only on its length, and its
        // lowercase form is itself or one hash away. (Most words; the
        // shape scans and four hashes each showed in the profile.)
        Some(c) if c.is_ascii_lowercase() && tail_lower => {
            let h = word_hash(b);
            let s = &*SHAPES;
            TokHash {
                word: h,
                lower: h,
                long: s.lower_long[n],
                short: s.lower_short,
            }
        }
        Some(c) if c.is_ascii_uppercase() && tail_lower => {
            let s = &*SHAPES;
            TokHash {
                word: word_hash(b),
                lower: word_hash(low),
                long: s.cap_long[n],
                short: if n == 1 { s.cap_long[1] } else { s.cap_short },
            }
        }
        // ",", "(": a mark is its own lowercase form and its own shapes.
        Some(c) if b.len() == 1 && !c.is_ascii_alphanumeric() => {
            let h = word_hash(b);
            TokHash {
                word: h,
                lower: h,
                long: h,
                short: h,
            }
        }
        _ => {
            // Bytes for ASCII words, the same shapes as [`shape`] (its
            // String pushes showed in the profile).
            let (mut sb, mut lb) = ([0u8; 12], [0u8; 12]);
            let (sn, ln) = ascii_shape(b, &mut sb, &mut lb);
            let word = word_hash(b);
            TokHash {
                word,
                lower: if upper { word_hash(low) } else { word },
                long: word_hash(&lb[..ln]),
                short: word_hash(&sb[..sn]),
            }
        }
    }
}

/// The hashes of one token's strings, made once per token; the features
/// combine them. (Each feature hashing its strings anew, a word once for
/// every template that looks at it, was most of the features' time.)
#[derive(Clone, Copy, Default)]
struct TokHash {
    /// The word as written (curly apostrophes straight).
    word: u64,
    lower: u64,
    long: u64,
    short: u64,
}

/// The shape hashes of words of letters only, by length (up to 12, as
/// [`shape`] reads): "x", "xxxx"; "Xx", "Xxxx".
struct Shapes {
    lower_short: u64,
    lower_long: [u64; 13],
    cap_short: u64,
    cap_long: [u64; 13],
}

static SHAPES: LazyLock<Shapes> = LazyLock::new(|| {
    let mut s = Shapes {
        lower_short: word_hash(b"x"),
        lower_long: [0; 13],
        cap_short: word_hash(b"Xx"),
        cap_long: [0; 13],
    };
    for n in 1..13 {
        let mut long = vec![b'x'; n];
        s.lower_long[n] = word_hash(&long);
        long[0] = b'X';
        s.cap_long[n] = word_hash(&long);
    }
    s
});

/// Before the first token and after the last.
const BOS: TokHash = TokHash {
    word: 0x5eed_0000_0000_0001,
    lower: 0x5eed_0000_0000_0001,
    long: 0x5eed_0000_0000_0001,
    short: 0x5eed_0000_0000_0001,
};
const EOS: TokHash = TokHash {
    word: 0x5eed_0000_0000_0002,
    lower: 0x5eed_0000_0000_0002,
    long: 0x5eed_0000_0000_0002,
    short: 0x5eed_0000_0000_0002,
};

/// What the features of a sentence's tokens are made from: the document's
/// words ([`DocContext`]) and, per sentence, which tokens are scored and
/// their gazetteer flags.
pub struct Prep<'a> {
    text: &'a str,
    toks: &'a [Token],
    /// The sentence's words, a slice of [`DocContext::words`].
    info: &'a [TokWord],
    /// Where the words' lowercase ranges point ([`DocContext::lower`]).
    lower_text: &'a str,
    all_caps: bool,
    /// The gazetteer flags of each token.
    pub flags: Vec<u16>,
    /// Whether each token is a candidate (scored at all).
    pub candidate: Vec<bool>,
    /// Whether each token is near a candidate (its features are computed).
    need: Vec<bool>,
    /// Gazetteer entries already looked up ([`gazetteer::Gazetteer::word_entry`]),
    /// else flags [`gazetteer::UNKNOWN`].
    known: Vec<(u16, u32)>,
}

impl<'a> Prep<'a> {
    /// A Prep with no sentence, to be filled by [`Prep::fill`].
    pub fn empty() -> Prep<'a> {
        Prep {
            text: "",
            toks: &[],
            info: &[],
            lower_text: "",
            all_caps: false,
            flags: Vec::new(),
            candidate: Vec::new(),
            need: Vec::new(),
            known: Vec::new(),
        }
    }

    /// Prepares the features of one sentence, `toks`, the document's tokens
    /// from index `base` on, reusing the buffers of the sentence before
    /// (one Prep serves a whole document: the per-sentence vectors were a
    /// tenth of the stage's time in allocation).
    pub fn fill(&mut self, text: &'a str, toks: &'a [Token], ctx: &'a DocContext<'_>, base: usize) {
        let n = toks.len();
        self.text = text;
        self.toks = toks;
        self.info = ctx.words.get(base..base + n).unwrap_or(&[]);
        self.lower_text = &ctx.lower;
        // The capitalized words are looked up below: their table slots are
        // fetched first, all at once.
        for (i, w) in self.info.iter().enumerate() {
            if w.caps & 1 != 0 {
                GAZETTEER.prefetch(self.word(i));
            }
        }
        self.candidate.clear();
        // Gazetteer flags looked up here are kept for the flags below: the
        // look-ups are a large share of this stage.
        self.known.clear();
        self.known.resize(n, (gazetteer::UNKNOWN, 0));
        for (i, t) in toks.iter().enumerate() {
            let caps = self.caps(i);
            let next_cap = self.caps(i + 1) & 1 != 0;
            // "The talks", "But he": a capitalized function word before a
            // lowercase word opens no name ("The Hague" is still scored).
            let function = !next_cap
                && t.kind == TokenKind::Word
                && caps & 1 != 0
                && if self.info.get(i).is_some_and(|w| w.part == t.range.len()) {
                    // The whole token: its flags carry the raw FUNCTION bit.
                    let e = GAZETTEER.word_entry(self.word(i));
                    self.known[i] = e;
                    e.0 & FUNCTION != 0
                } else {
                    GAZETTEER.word_raw(self.word(i)) & FUNCTION != 0
                };
            self.candidate
                .push(!function && (caps & 2 != 0 || (t.kind == TokenKind::Number && next_cap)));
        }
        // Only tokens near a candidate are looked at by the features (the
        // window is wider than the features' reach, for tokens scored after
        // an entity token); the others are left blank.
        const REACH: usize = 4;
        self.need.clear();
        self.need.resize(n, false);
        for (i, _) in self.candidate.iter().enumerate().filter(|(_, c)| **c) {
            for x in self
                .need
                .iter_mut()
                .take((i + REACH + 1).min(n))
                .skip(i.saturating_sub(REACH))
            {
                *x = true;
            }
        }
        let mut letters = 0usize;
        let mut lower_letter = false;
        'scan: for i in 0..n {
            for c in self.word(i).chars() {
                if c.is_lowercase() {
                    lower_letter = true;
                    break 'scan;
                }
                letters += usize::from(c.is_alphabetic());
            }
        }
        self.all_caps = !lower_letter && letters > 3;
        GAZETTEER.flags_into(text, toks, &self.need, &mut self.known, &mut self.flags);
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Whether the sentence is written in capitals (a wire headline).
    pub fn all_caps(&self) -> bool {
        self.all_caps
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The name part of token `i` ([`name_part`]; "" past the end).
    fn word(&self, i: usize) -> &'a str {
        let (Some(t), Some(w)) = (self.toks.get(i), self.info.get(i)) else {
            return "";
        };
        self.text
            .get(t.range.start..t.range.start + w.part)
            .unwrap_or("")
    }

    /// The capitals of token `i` ([`TokWord::caps`]; none past the end).
    fn caps(&self, i: usize) -> u8 {
        self.info.get(i).map_or(0, |w| w.caps)
    }

    /// The lowercase form of token `i`, if it is near a candidate.
    fn lower(&self, i: usize) -> &str {
        match self.info.get(i) {
            Some(w) if self.need[i] => self.lower_text.get(w.lower.0..w.lower.1).unwrap_or(""),
            _ => "",
        }
    }

    /// The hashes of token `i` (blank if it is not near a candidate), or
    /// the sentence's edges.
    fn at(&self, i: isize) -> TokHash {
        if i < 0 {
            return BOS;
        }
        let i = i as usize;
        match self.info.get(i) {
            Some(w) if self.need[i] => w.hash,
            Some(_) => TokHash::default(),
            None if i < self.len() => TokHash::default(),
            None => EOS,
        }
    }

    /// Seeds for the tag-dependent features of token `i`.
    pub fn seeds(&self, i: usize) -> (u64, u64) {
        let t = self.at(i as isize);
        (t.short, t.lower)
    }

    /// The static (tag-independent) feature hashes of token `i`.
    pub fn features(&self, i: usize, ctx: &DocContext<'_>, f: &mut Vec<u64>) {
        let n = self.len();
        let ii = i as isize;
        let t = self.at(ii);
        let (p1, p2, n1, n2) = (
            self.at(ii - 1),
            self.at(ii - 2),
            self.at(ii + 1),
            self.at(ii + 2),
        );
        f.extend_from_slice(&[
            mix(1, 0),
            mix(2, t.word),
            mix(3, t.lower),
            mix(4, t.long),
            mix(5, t.short),
            mix(13, p1.lower),
            mix(14, n1.lower),
            mix(15, p2.lower),
            mix(16, n2.lower),
            mix(17, p1.short),
            mix(18, n1.short),
            mix(25, pair(t.lower, n1.lower)),
            mix(26, pair(p1.lower, t.lower)),
            mix(35, pair(pair(p1.short, t.short), n1.short)),
        ]);
        let nchars = affix_features(self.lower(i), f);
        let initial = i == 0
            || matches!(self.toks[i - 1].kind, TokenKind::Quote)
                && (i == 1 || matches!(self.word(i - 2), ":" | "-" | "(" | "—"));
        if initial {
            f.push(mix(19, 0));
            f.push(mix(36, t.lower));
        }
        if self.all_caps {
            f.push(mix(20, 0));
            f.push(mix(37, t.lower));
        }
        let fl = self.flags[i];
        let prev = if i > 0 { self.flags[i - 1] } else { 0 };
        let next = self.flags.get(i + 1).copied().unwrap_or(0);
        if fl | prev | next != 0 {
            for (b, k) in ALL_KINDS.iter().enumerate() {
                let b = b as u64;
                if fl & k != 0 {
                    f.push(mix(21, b << 1 | u64::from(fl & INSIDE != 0)));
                    f.push(mix(38, pair(b, t.short)));
                }
                if prev & k != 0 {
                    f.push(mix(22, b));
                }
                if next & k != 0 {
                    f.push(mix(23, b));
                }
            }
        }
        if self.caps(i) & 2 != 0 && ctx.lower_seen.contains(&t.lower) {
            f.push(mix(24, initial as u64));
        }
        f.push(mix(27, nchars.min(8) as u64));
        if n <= 4 {
            f.push(mix(29, n as u64));
        }
    }
}

/// The static features of all of a sentence's tokens, for training.
pub struct SentenceFeatures {
    /// Feature hashes of token i: `feats[offsets[i]..offsets[i + 1]]`.
    pub feats: Vec<u64>,
    pub offsets: Vec<usize>,
    /// Seeds for the tag-dependent features of each token.
    pub seeds: Vec<(u64, u64)>,
    /// Whether each token is a candidate (scored at all).
    pub candidate: Vec<bool>,
    /// The gazetteer flags of each token.
    pub flags: Vec<u16>,
}

/// Computes the features of every token of a sentence, `toks`, the
/// document's tokens from index `base` on (training).
pub fn sentence_features(
    text: &str,
    toks: &[Token],
    base: usize,
    ctx: &DocContext<'_>,
) -> SentenceFeatures {
    let mut p = Prep::empty();
    p.fill(text, toks, ctx, base);
    let mut out = SentenceFeatures {
        feats: Vec::with_capacity(p.len() * 40),
        offsets: Vec::with_capacity(p.len() + 1),
        seeds: Vec::with_capacity(p.len()),
        candidate: p.candidate.clone(),
        flags: p.flags.clone(),
    };
    for i in 0..p.len() {
        out.offsets.push(out.feats.len());
        out.seeds.push(p.seeds(i));
        p.features(i, ctx, &mut out.feats);
    }
    out.offsets.push(out.feats.len());
    out
}

/// The tag-dependent features of a token, given the two labels before it.
pub fn dynamic_features(seeds: (u64, u64), p1: usize, p2: usize, out: &mut [u64; 4]) {
    let (p1, p2) = (p1 as u64, p2 as u64);
    out[0] = mix(31, p1);
    out[1] = mix(32, p2 << 8 | p1);
    out[2] = mix(100, pair(seeds.0, p1));
    out[3] = mix(101, pair(seeds.1, p1));
}

/// Weights of a trained model, 16-bit, dense: one row of label weights
/// per bucket, `N_LABELS` little-endian i16 (a fixed-size row, which the
/// sums below add as one vector).
pub struct Model {
    weights: Cow<'static, [[u8; ROW]]>,
}

impl Model {
    /// Reads the model file; a missing or damaged file gives an empty model
    /// (every token `O`), which the unit tests would catch.
    pub fn from_bytes(b: &[u8]) -> Model {
        Model {
            weights: Cow::Owned(model_file::dense(b)),
        }
    }

    /// The weights of bucket `k`.
    #[inline]
    fn row(&self, k: usize) -> Option<&[u8; ROW]> {
        self.weights.get(k)
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
        if let Some(row) = self.row(bucket(h)) {
            for (l, s) in scores.iter_mut().enumerate() {
                *s += i16::from_le_bytes([row[2 * l], row[2 * l + 1]]) as i32;
            }
        }
    }

    /// Greedy decoding of one sentence: a label index per token. Features
    /// are computed only for the tokens that are scored.
    pub fn tag(&self, p: &Prep<'_>, ctx: &DocContext<'_>) -> Vec<usize> {
        let mut out = Vec::with_capacity(p.len());
        self.tag_into(p, ctx, &mut out);
        out
    }

    /// As [`Model::tag`], into a buffer that is cleared first.
    pub fn tag_into(&self, p: &Prep<'_>, ctx: &DocContext<'_>, out: &mut Vec<usize>) {
        out.clear();
        let n = p.len();
        let mut dynf = [0u64; 4];
        let (mut cur, mut next) = (Vec::with_capacity(64), Vec::with_capacity(64));
        // The candidate whose static features `next` holds, if any, and
        // where the search for the next one goes on (each token is looked
        // at once: the search is linear in the sentence).
        let mut ahead = None;
        let mut scan = 0;
        for i in 0..n {
            let p1 = if i > 0 { out[i - 1] } else { 0 };
            let p2 = if i > 1 { out[i - 2] } else { 0 };
            if !p.candidate[i] && p1 == 0 {
                out.push(0);
                continue;
            }
            if ahead == Some(i) {
                std::mem::swap(&mut cur, &mut next);
                ahead = None;
            } else {
                cur.clear();
                p.features(i, ctx, &mut cur);
                self.prefetch(&cur);
            }
            // The weight rows are scattered over a table bigger than L2,
            // and the profile showed the sums stalled on them. The static
            // features of the next candidate, wherever it is, do not depend
            // on this token's label: its rows are fetched now, while this
            // token is summed.
            if ahead.is_none() {
                scan = scan.max(i + 1);
                match (scan..n).find(|&j| p.candidate[j]) {
                    Some(j) => {
                        next.clear();
                        p.features(j, ctx, &mut next);
                        self.prefetch(&next);
                        ahead = Some(j);
                        scan = j + 1;
                    }
                    None => scan = n,
                }
            }
            dynamic_features(p.seeds(i), p1, p2, &mut dynf);
            self.prefetch(&dynf);
            let mut scores = [0i32; N_LABELS];
            for &h in cur.iter().chain(&dynf) {
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
    }

    /// Starts loading the weight rows of features `f` into the cache.
    fn prefetch(&self, f: &[u64]) {
        for &h in f {
            if let Some(row) = self.row(bucket(h)) {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: a prefetch is a hint: it reads nothing into the
                // program and cannot fault; the pointer is to a row of the
                // table in any case.
                unsafe {
                    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                    _mm_prefetch::<_MM_HINT_T0>(row.as_ptr().cast::<i8>());
                }
                #[cfg(not(target_arch = "x86_64"))]
                std::hint::black_box(row[0]);
            }
        }
    }
}

/// The table aligned to a cache line (rows do not start at line bounds,
/// but the table is as the tests saw it).
#[repr(C, align(64))]
struct Aligned<T: ?Sized>(T);

/// `data/ner_model.bin` as the dense table, made at compile time by
/// `build.rs`: the binary maps it from its file, so that a run faults in
/// only the pages it reads, and nothing is zeroed or copied. (Made at run
/// time, the 4.7 MB table was a fifth of a one-article run's CPU time,
/// mostly page faults.)
static DENSE: &Aligned<[u8]> =
    &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/ner_dense.bin")));

pub static MODEL: LazyLock<Model> = LazyLock::new(|| Model {
    // By rows, so that a look-up checks the row index as the `Vec` of rows
    // did (an offset and a length checked cost 2.5% more instructions).
    weights: Cow::Borrowed(DENSE.0.as_chunks().0),
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` on the Prep of `toks`, a document of one sentence.
    fn with_prep<R>(text: &str, toks: &[Token], f: impl FnOnce(&Prep<'_>) -> R) -> R {
        let ctx = DocContext::new(text, toks);
        let mut p = Prep::empty();
        p.fill(text, toks, &ctx, 0);
        f(&p)
    }

    #[test]
    fn ascii_hashes_match_the_shape_scans() {
        // Each short cut of `ascii_hash` (small letters, a capital and small
        // letters, a mark, no capital) gives the hashes of the full scan.
        for w in [
            "said",
            "Putin",
            "A",
            ",",
            "(",
            "-",
            "5",
            "1996-08-30",
            "x1",
            "U.S.",
            "e-mail",
            "McDONALD's",
            "",
        ] {
            let b = w.as_bytes();
            let low = w.to_ascii_lowercase();
            let (mut sb, mut lb) = ([0u8; 12], [0u8; 12]);
            let (sn, ln) = ascii_shape(b, &mut sb, &mut lb);
            let t = ascii_hash(
                b,
                low.as_bytes(),
                b.iter().any(u8::is_ascii_uppercase),
                b.iter().skip(1).all(u8::is_ascii_lowercase),
            );
            assert_eq!(t.word, word_hash(b), "{w}");
            assert_eq!(t.lower, word_hash(low.as_bytes()), "{w}");
            assert_eq!(t.long, word_hash(&lb[..ln]), "{w}");
            assert_eq!(t.short, word_hash(&sb[..sn]), "{w}");
        }
    }

    #[test]
    fn i_tags_only_continue_their_type() {
        assert!(allowed(1, 2)); // B-PER I-PER
        assert!(allowed(2, 2)); // I-PER I-PER
        assert!(!allowed(0, 2)); // O I-PER
        assert!(!allowed(3, 2)); // B-ORG I-PER
        assert!(allowed(4, 1)); // anything may start
    }

    #[test]
    fn hyphenated_endings_are_cut_from_names() {
        assert_eq!(name_part("Louis-based"), "Louis");
        assert_eq!(name_part("U.S.-led"), "U.S.");
        assert_eq!(name_part("al-Assad"), "al-Assad");
        assert_eq!(name_part("Guinea-Bissau"), "Guinea-Bissau");
        assert_eq!(name_part("well-known"), "well-known");
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
    fn ascii_shapes_match_the_char_shapes() {
        let (mut l, mut s) = (String::new(), String::new());
        for w in [
            "U.S.",
            "Witkoff",
            "1996-08-30",
            "a",
            "McDONALD's",
            "ABCDEFGHIJKLMNOP",
            "--",
            "x1y2",
        ] {
            shape(w, &mut l, &mut s);
            let (mut sb, mut lb) = ([0u8; 12], [0u8; 12]);
            let (sn, ln) = ascii_shape(w.as_bytes(), &mut sb, &mut lb);
            assert_eq!(std::str::from_utf8(&sb[..sn]), Ok(s.as_str()), "{w}");
            assert_eq!(std::str::from_utf8(&lb[..ln]), Ok(l.as_str()), "{w}");
        }
    }

    #[test]
    fn ascii_affixes_match_the_char_affixes() {
        // The char loops the ASCII path stands for, as the oracle.
        for w in ["a", "ab", "abc", "abcd", "abcdef", "putin", "u.s."] {
            let mut oracle = Vec::new();
            let nchars = w.chars().count();
            for (k, (end, _)) in w.char_indices().skip(1).take(3).enumerate() {
                oracle.push(H::new(6 + k as u8).bytes(&w.as_bytes()[..end]).done());
            }
            for (k, (start, _)) in w.char_indices().rev().take(4).enumerate() {
                if nchars > k + 1 {
                    oracle.push(H::new(9 + k as u8).bytes(&w.as_bytes()[start..]).done());
                }
            }
            let mut got = Vec::new();
            assert_eq!(affix_features(w, &mut got), nchars, "{w}");
            assert_eq!(got, oracle, "{w}");
        }
        // A non-ASCII word takes the char loops: "ö" is one letter.
        let mut got = Vec::new();
        assert_eq!(affix_features("öl", &mut got), 2);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn letter_words_take_the_shape_tables() {
        // The hashes of the table paths ("said", "Putin") are those of the
        // scans they stand for.
        for w in [
            "a",
            "said",
            "Putin",
            "I",
            "Ab",
            "abcdefghijklmnopq",
            "Abcdefghijklmnopq",
        ] {
            // After a capitalized word, so that the word is looked at.
            let text = format!("Zed {w}");
            let toks = [0..3, 4..text.len()].map(|range| Token {
                range,
                kind: TokenKind::Word,
                sentence: 0,
            });
            let t = with_prep(&text, &toks, |p| p.at(1));
            let (mut sb, mut lb) = ([0u8; 12], [0u8; 12]);
            let (sn, ln) = ascii_shape(w.as_bytes(), &mut sb, &mut lb);
            assert_eq!(t.short, word_hash(&sb[..sn]), "{w}");
            assert_eq!(t.long, word_hash(&lb[..ln]), "{w}");
            assert_eq!(t.word, word_hash(w.as_bytes()), "{w}");
            assert_eq!(t.lower, word_hash(w.to_lowercase().as_bytes()), "{w}");
        }
    }

    #[test]
    fn curly_apostrophes_are_seen_straight() {
        let w = "O’Dowd";
        let one = |range| {
            [Token {
                range,
                kind: TokenKind::Word,
                sentence: 0,
            }]
        };
        let (need, lower, a) = with_prep(w, &one(0..w.len()), |p| {
            (p.need[0], p.lower(0).to_string(), p.at(0))
        });
        assert!(need);
        assert_eq!(lower, "o'dowd");
        let b = with_prep("O'Dowd", &one(0..6), |p| p.at(0));
        assert_eq!((a.word, a.lower, a.short), (b.word, b.lower, b.short));
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let mut w = vec![0f32; BUCKETS * N_LABELS];
        w[7 * N_LABELS + 3] = 2.0;
        w[9 * N_LABELS] = -1.0;
        let m = Model::from_bytes(&Model::to_bytes(&w));
        let weight = |k: usize, l: usize| {
            let r = m.row(k).unwrap();
            i16::from_le_bytes([r[2 * l], r[2 * l + 1]])
        };
        assert_eq!(weight(7, 3), 32767);
        assert_eq!(weight(9, 0), -16384);
        let mut scores = [0; N_LABELS];
        m.add(7 << (64 - BITS), &mut scores);
        assert_eq!(scores, [0, 0, 0, 32767, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn a_damaged_model_file_gives_an_empty_model() {
        for b in [&b"nonsense"[..], b"", b"BNR1\x12\x08\0\0"] {
            let m = Model::from_bytes(b);
            assert_eq!(m.weights.len(), BUCKETS);
            assert!(m.weights.iter().flatten().all(|&x| x == 0));
        }
        // A cut row is left out.
        let mut w = vec![0f32; BUCKETS * N_LABELS];
        w[5 * N_LABELS] = 1.0;
        let b = Model::to_bytes(&w);
        let m = Model::from_bytes(&b[..b.len() - 1]);
        assert!(m.weights.iter().flatten().all(|&x| x == 0));
    }

    /// The table `build.rs` embedded is the model file as read here.
    #[test]
    fn the_embedded_model_is_the_model_file() {
        let m = Model::from_bytes(include_bytes!("../../../data/ner_model.bin"));
        assert!(m.weights.iter().flatten().any(|&x| x != 0));
        assert_eq!(MODEL.weights.len(), BUCKETS);
        assert!(*m.weights == *MODEL.weights);
        assert_eq!(DENSE.0.as_ptr() as usize % 64, 0);
    }
}
