//! Gazetteers: place names, organizations, nationalities, first names,
//! surnames, organization cue words and titles, all from `data/gazetteers/`
//! (provenance in `data/README.md`).
//!
//! Single words are looked up in one hash map of flag bits; names of two or
//! more words are looked up by their first word, at the tokens that can
//! start one, and count only where they end on a token boundary. The flags
//! feed the tagger's features and the typing rules.

use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, OnceLock};

use rustc_hash::FxHashMap;

use crate::doc::{Token, TokenKind};

/// The tables' construction, shared with `build.rs`, which runs it at
/// compile time (the tables are embedded, see [`GAZETTEER`]).
#[allow(dead_code)]
#[path = "gazetteer_build.rs"]
mod build;

pub(crate) use build::tail_u64;
pub use build::{CITY, COUNTRY, FIRST, FUNCTION, NATIONALITY, ORG, ORG_CUE, SURNAME, TITLE, TOWN};
use build::{FLAG_BITS, KEY_BITS, LEN_BITS, VALUE_SHIFT, pack};

/// The tables `build.rs` made from `data/gazetteers/`.
mod tables {
    include!(concat!(env!("OUT_DIR"), "/gazetteer_tables.rs"));
}

/// Any kind of place: a country or region, a city or a town.
pub const PLACE: u16 = COUNTRY | CITY | TOWN;
/// Set on the tokens after the first of a multi-word gazetteer match.
pub const INSIDE: u16 = 1 << 15;
/// Not a flag: "not looked up yet" (no word has every bit).
pub const UNKNOWN: u16 = u16::MAX;

pub const ALL_KINDS: [u16; 9] = [
    COUNTRY,
    CITY,
    TOWN,
    ORG,
    NATIONALITY,
    FIRST,
    SURNAME,
    ORG_CUE,
    TITLE,
];

/// A small fast hasher for short words (FxHash's mixing); the keys are our
/// own data and the article's words, so flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.0 = (self.0.rotate_left(5) ^ tail_u64(rest)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = BuildHasherDefault<Fx>;

/// The flag bits of a word's value in [`Words`].
const FLAG_MASK: u32 = (1 << FLAG_BITS) - 1;

/// A map from words to small numbers (up to 28 bits; 0 is "absent") for
/// the look-ups that run for every name token. Words of up to [`build::INLINE`]
/// bytes live in an open-addressing table whose 16-byte slots hold the
/// word's bytes, its length and the value, so that a look-up reads one
/// cache line (linear probing, the table at most 5/8 full); longer words,
/// rare, are in a sorted list. Built at compile time (`gazetteer_build.rs`). Chosen for speed: in hashbrown, a look-up in
/// the 40,000 names cost up to three cache misses (control bytes, bucket,
/// then the key's text), about 5% of the pipeline's cycles.
struct WordTable {
    /// Per slot: the key's bytes 0..8 zero-padded, as a little-endian
    /// number; then bytes 8..12 zero-padded, the length plus one in bits
    /// 32..36 (0: an empty slot) and the value in bits 36..64.
    slots: &'static [[u64; 2]],
    /// 64 minus log2 of the number of slots (a power of two).
    shift: u32,
    long: LongWords,
}

/// Words longer than [`build::INLINE`] bytes and their values, sorted by
/// word: few, and rarely looked up. Each is a range of one string (a `&str`
/// each was a relocation at every start).
struct LongWords {
    text: &'static str,
    /// Start, end, value.
    words: &'static [(u32, u32, u32)],
}

impl LongWords {
    fn word(&self, (s, e, _): (u32, u32, u32)) -> &'static str {
        self.text.get(s as usize..e as usize).unwrap_or_default()
    }

    fn get(&self, w: &str) -> Option<&u32> {
        let i = self.words.binary_search_by(|&k| self.word(k).cmp(w)).ok()?;
        self.words.get(i).map(|(_, _, v)| v)
    }
}

impl WordTable {
    #[inline]
    fn index(&self, head: u64, tail: u64) -> usize {
        build::slot_index(head, tail, self.shift)
    }

    /// Starts loading the slot where a look-up of `w` begins.
    #[inline]
    fn prefetch(&self, w: &str) {
        if let Some((head, tail)) = pack(w.as_bytes())
            && let Some(slot) = self.slots.get(self.index(head, tail))
        {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a prefetch is a hint: it reads nothing into the
            // program and cannot fault; the pointer is to a slot in any case.
            unsafe {
                use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                _mm_prefetch::<_MM_HINT_T0>(slot.as_ptr().cast::<i8>());
            }
            #[cfg(not(target_arch = "x86_64"))]
            std::hint::black_box(slot[0]);
        }
    }

    /// The value of a word, 0 if absent.
    #[inline]
    fn get(&self, w: &str) -> u32 {
        let Some((head, tail)) = pack(w.as_bytes()) else {
            return self.long.get(w).copied().unwrap_or(0);
        };
        let mask = self.slots.len() - 1;
        let mut i = self.index(head, tail);
        // Ends: the table always has empty slots.
        loop {
            let Some(&[h, t]) = self.slots.get(i) else {
                return 0;
            };
            if h == head && t & KEY_BITS == tail {
                return (t >> VALUE_SHIFT) as u32;
            }
            if t & LEN_BITS == 0 {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Single words, as written (titles in lowercase), and the first tokens of
/// multi-word names, split by whether they start with a lowercase ASCII
/// letter: most words looked up do, and their small table stays in cache.
/// One table for both, so that the look-up for names finds the line in
/// cache (a table of their own cost a cache miss a look-up).
struct Words {
    lower: WordTable,
    other: WordTable,
}

impl Words {
    /// The word's value: flags and phrase group (see [`FLAG_BITS`]).
    #[inline]
    fn value(&self, w: &str) -> u32 {
        let t = if starts_lower_ascii(w) {
            &self.lower
        } else {
            &self.other
        };
        t.get(w)
    }

    #[inline]
    fn get(&self, w: &str) -> u16 {
        (self.value(w) & FLAG_MASK) as u16
    }
}

pub struct Gazetteer {
    words: Words,
    /// Multi-word names by their first word (as the tokenizer cuts it):
    /// the word's value in `words` has 1 + the index of their range in
    /// `phrase_groups`, a range of `phrase_list` (longest first, with their
    /// flags).
    phrase_groups: &'static [(u32, u32)],
    /// Every multi-word name once (those in no group after the groups).
    phrase_list: &'static [(&'static str, u16)],
    /// Whether a phrase starts with this byte: most tokens are passed over
    /// without a hash look-up.
    phrase_start: [bool; 256],
    /// Every multi-word name and its flags, made from `phrase_list` on the
    /// first look-up of a name (a run that finds no multi-word name never
    /// needs it).
    phrase_map: OnceLock<FxHashMap<&'static str, u16>>,
    /// Acronym -> expansion, from `organizations.tsv`, sorted by acronym.
    acronyms: &'static [(&'static str, &'static str)],
}

/// Built at compile time by `build.rs` (`gazetteer_build.rs`): nothing is
/// built here, and a run reads only the slots it looks at.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer {
    words: Words {
        lower: WordTable {
            slots: &tables::LOWER_SLOTS,
            shift: tables::LOWER_SHIFT,
            long: LongWords {
                text: tables::LOWER_LONG_TEXT,
                words: &tables::LOWER_LONG,
            },
        },
        other: WordTable {
            slots: &tables::OTHER_SLOTS,
            shift: tables::OTHER_SHIFT,
            long: LongWords {
                text: tables::OTHER_LONG_TEXT,
                words: &tables::OTHER_LONG,
            },
        },
    },
    phrase_groups: &tables::PHRASE_GROUPS,
    phrase_list: &tables::PHRASE_LIST,
    phrase_start: tables::PHRASE_START,
    phrase_map: OnceLock::new(),
    acronyms: &tables::ACRONYMS,
});

fn starts_lower_ascii(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

impl Gazetteer {
    /// The flags of a word exactly as listed.
    #[inline]
    fn get(&self, w: &str) -> u16 {
        self.words.get(w)
    }

    /// Starts loading what a look-up of the capitalized word `w` reads
    /// first: the table is bigger than L2, and a sentence's look-ups one
    /// after another each waited for memory in the profile.
    pub fn prefetch(&self, w: &str) {
        if !starts_lower_ascii(w) {
            self.words.other.prefetch(w);
        }
    }

    /// Flags of one word as written (titles also in lowercase).
    pub fn word(&self, w: &str) -> u16 {
        self.word_entry(w).0
    }

    /// The flags of `w` as [`Gazetteer::word`] gives them, and the group of
    /// the multi-word names it starts (0 for none; see
    /// [`Gazetteer::phrases`]), from one look-up: the flags and then the
    /// names of each token, looked up apart, showed in the profile.
    pub fn word_entry(&self, w: &str) -> (u16, u32) {
        let v = self.words.value(w);
        (self.word_case((v & FLAG_MASK) as u16, w), v >> FLAG_BITS)
    }

    /// [`Gazetteer::word`] of `w`, given its flags as listed.
    fn word_case(&self, exact: u16, w: &str) -> u16 {
        // "president", "President": titles are listed in both forms, so a
        // word with no capital after its first letter is taken as listed.
        // (Byte tests for ASCII words, most of them: the same answers as by
        // char.)
        let inner_upper = if w.is_ascii() {
            w.as_bytes().iter().skip(1).any(u8::is_ascii_uppercase)
        } else {
            w.chars().skip(1).any(char::is_uppercase)
        };
        if !inner_upper {
            return exact;
        }
        // "PRESIDENT", "McDonald": titles match in lowercase.
        let mut f = exact & !TITLE;
        let mut buf = [0u8; 32];
        if w.len() <= buf.len() && w.is_ascii() {
            for (b, c) in buf.iter_mut().zip(w.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            if let Ok(lower) = std::str::from_utf8(&buf[..w.len()]) {
                f |= self.get(lower) & TITLE;
            }
        } else {
            let lower = w.to_lowercase();
            f |= self.get(&lower) & TITLE;
        }
        f
    }

    /// Flags for each token of a sentence: single-word flags, plus the flags
    /// of multi-word names that start and end on token boundaries (the first
    /// token gets the kind, the rest the kind and [`INSIDE`]).
    pub fn flags(&self, text: &str, toks: &[Token]) -> Vec<u16> {
        let mut out = Vec::with_capacity(toks.len());
        let mut known = vec![(UNKNOWN, 0); toks.len()];
        self.flags_into(text, toks, &vec![true; toks.len()], &mut known, &mut out);
        out
    }

    /// As [`Gazetteer::flags`], into a buffer that is cleared first, with
    /// single words looked up only where `need` is true (multi-word names
    /// are found everywhere); `known` holds the [`Gazetteer::word_entry`]
    /// of each token already looked up (else flags [`UNKNOWN`]), and gets
    /// those looked up here.
    pub fn flags_into(
        &self,
        text: &str,
        toks: &[Token],
        need: &[bool],
        known: &mut [(u16, u32)],
        out: &mut Vec<u16>,
    ) {
        out.clear();
        out.extend(toks.iter().zip(need).enumerate().map(|(i, (t, &need))| {
            if need && t.kind == TokenKind::Word {
                match known.get_mut(i) {
                    Some(k) if k.0 != UNKNOWN => k.0,
                    Some(k) => {
                        *k = text
                            .get(t.range.clone())
                            .map_or((0, 0), |w| self.word_entry(w));
                        k.0
                    }
                    None => text.get(t.range.clone()).map_or(0, |w| self.word(w)),
                }
            } else {
                0
            }
        }));
        // Multi-word names: at each token that can start one, the longest
        // name the text starts with; it counts if it ends where a token
        // ends, and the search goes on after it either way (the automaton
        // this replaced worked the same way, at a tenth of the stage's time).
        // Only where the features look (`need`): elsewhere the flags are
        // never read, and the look-ups were most of this function.
        let mut i = 0;
        while i < toks.len() {
            if !need.get(i).copied().unwrap_or(false) {
                i += 1;
                continue;
            }
            let t = &toks[i];
            let w = text.get(t.range.clone()).unwrap_or("");
            let longest = w
                .as_bytes()
                .first()
                .filter(|b| self.phrase_start[**b as usize])
                .and_then(|_| match known.get(i) {
                    // The word's names came with its flags.
                    Some(&(f, group)) if f != UNKNOWN => self.phrases_of(group),
                    _ => self.phrases(w),
                })
                .and_then(|cands| {
                    let rest = text.get(t.range.start..)?;
                    cands.iter().find(|(p, _)| rest.starts_with(p))
                });
            let Some(&(p, f)) = longest else {
                i += 1;
                continue;
            };
            let end = t.range.start + p.len();
            let mut j = i;
            while j + 1 < toks.len() && toks[j].range.end < end {
                j += 1;
            }
            if toks[j].range.end == end {
                for (k, o) in out.iter_mut().enumerate().take(j + 1).skip(i) {
                    *o |= if k == i { f } else { f | INSIDE };
                }
            }
            i = j + 1;
        }
    }

    /// The multi-word names whose first token is `w`, longest first.
    #[inline]
    fn phrases(&self, w: &str) -> Option<&[(&'static str, u16)]> {
        self.phrases_of(self.words.value(w) >> FLAG_BITS)
    }

    /// The multi-word names of a group ([`Gazetteer::word_entry`]).
    #[inline]
    fn phrases_of(&self, group: u32) -> Option<&[(&'static str, u16)]> {
        let g = group.checked_sub(1)?;
        let &(s, e) = self.phrase_groups.get(g as usize)?;
        self.phrase_list.get(s as usize..e as usize)
    }

    /// Flags of one word exactly as written, no case folding.
    pub fn word_raw(&self, w: &str) -> u16 {
        self.get(w)
    }

    /// Flags of a whole name, one word or several.
    pub fn name(&self, name: &str) -> u16 {
        if name.contains(' ') {
            self.phrase_map
                .get_or_init(|| self.phrase_list.iter().copied().collect())
                .get(name)
                .copied()
                .unwrap_or(0)
        } else {
            self.word(name)
        }
    }

    /// The expansion of a known acronym ("NATO").
    pub fn expansion(&self, acronym: &str) -> Option<&'static str> {
        let i = self
            .acronyms
            .binary_search_by(|(a, _)| (*a).cmp(acronym))
            .ok()?;
        self.acronyms.get(i).map(|&(_, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags_of(text: &str) -> Vec<(String, u16)> {
        let mut toks = Vec::new();
        crate::reader::tokens::tokenize(text, 0..text.len(), 0, &mut toks);
        let f = GAZETTEER.flags(text, &toks);
        toks.iter()
            .zip(f)
            .map(|(t, f)| (text[t.range.clone()].to_string(), f))
            .collect()
    }

    #[test]
    fn tails_read_as_zero_padded_numbers() {
        for n in 0..8 {
            let b: Vec<u8> = (1..=n as u8).map(|x| x.wrapping_mul(37)).collect();
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&b);
            assert_eq!(tail_u64(&b), u64::from_le_bytes(w), "{n} bytes");
        }
    }

    #[test]
    fn single_words_have_their_kinds() {
        let g = &*GAZETTEER;
        assert_ne!(g.word("France") & COUNTRY, 0);
        assert_ne!(g.word("Russian") & NATIONALITY, 0);
        assert_ne!(g.word("Michael") & FIRST, 0);
        assert_ne!(g.word("Johnson") & SURNAME, 0);
        assert_ne!(g.word("Ministry") & ORG_CUE, 0);
        assert_ne!(g.word("spokesman") & TITLE, 0);
        assert_ne!(g.word("President") & TITLE, 0);
        assert_eq!(g.word("table"), 0);
    }

    #[test]
    fn multi_word_names_match_on_token_boundaries() {
        let f = flags_of("He flew to the United Arab Emirates and New Yorkers cheered.");
        let uae: Vec<u16> = f[4..7].iter().map(|x| x.1).collect();
        assert!(uae[0] & COUNTRY != 0 && uae[0] & INSIDE == 0);
        assert!(uae[1] & COUNTRY != 0 && uae[1] & INSIDE != 0);
        assert!(uae[2] & COUNTRY != 0 && uae[2] & INSIDE != 0);
        // "New York" is a city, but "New Yorkers" does not end on its boundary.
        assert_eq!(f[8].0, "New");
        assert_eq!(f[8].1 & CITY, 0);
    }

    #[test]
    fn every_name_is_found_by_its_first_token() {
        let g = &*GAZETTEER;
        let mut toks = Vec::new();
        for &(p, f) in g.phrase_list {
            toks.clear();
            crate::reader::tokens::tokenize(p, 0..p.len(), 0, &mut toks);
            let first = &p[toks[0].range.clone()];
            let cands = g.phrases(first).unwrap_or_default();
            assert!(cands.contains(&(p, f)), "{p}");
            // The word's own flags are not changed by the names it starts.
            assert_eq!(g.word_raw(first) & !((1 << FLAG_BITS) - 1), 0);
        }
    }

    /// A built table as the look-ups read it (leaked: tests only).
    fn leak(b: build::TableBuilder) -> WordTable {
        let mut text = String::new();
        let mut words = Vec::new();
        for (w, v) in b.long {
            words.push((text.len() as u32, (text.len() + w.len()) as u32, v));
            text.push_str(&w);
        }
        WordTable {
            slots: Box::leak(b.slots.into_boxed_slice()),
            shift: b.shift,
            long: LongWords {
                text: Box::leak(text.into_boxed_str()),
                words: Box::leak(words.into_boxed_slice()),
            },
        }
    }

    #[test]
    fn tables_answer_as_a_hash_map() {
        // Words of every length around the inline limit, through growth.
        let mut b = build::TableBuilder::with_capacity(4);
        let mut m = std::collections::HashMap::new();
        for i in 0..3000u32 {
            let w = format!("{}{}", "ab\u{e9}".repeat(i as usize % 7), i % 1000);
            b.or(&w, i % 5 + 1);
            *m.entry(w).or_insert(0) |= i % 5 + 1;
        }
        assert_eq!(b.len, m.keys().filter(|w| w.len() <= build::INLINE).count());
        let t = leak(b);
        for (w, v) in &m {
            assert_eq!(t.get(w), *v, "{w}");
        }
        for w in [
            "",
            "x",
            "ab",
            "0ab",
            "abab",
            "ab\u{e9}ab\u{e9}ab\u{e9}ab\u{e9}",
        ] {
            assert_eq!(t.get(w), m.get(w).copied().unwrap_or(0), "{w}");
        }
    }

    /// The tables `build.rs` embedded are those the crate's own tokenizer
    /// and abbreviations give (its copies of them are stand-ins).
    #[test]
    fn embedded_tables_are_the_built_tables() {
        let mut toks = Vec::new();
        let t = build::build(|p| {
            toks.clear();
            crate::reader::tokens::tokenize(p, 0..p.len(), 0, &mut toks);
            toks.first().and_then(|t| p.get(t.range.clone()))
        });
        let g = &*GAZETTEER;
        for (built, embedded) in [(&t.lower, &g.words.lower), (&t.other, &g.words.other)] {
            assert_eq!(built.slots, embedded.slots);
            assert_eq!(built.shift, embedded.shift);
            let long: Vec<(&str, u32)> = built.long.iter().map(|(w, &v)| (w.as_str(), v)).collect();
            let embedded_long: Vec<(&str, u32)> = embedded
                .long
                .words
                .iter()
                .map(|&k| (embedded.long.word(k), k.2))
                .collect();
            assert_eq!(long, embedded_long);
        }
        assert_eq!(t.phrase_groups, g.phrase_groups);
        assert_eq!(t.phrase_list, g.phrase_list);
        assert_eq!(t.phrase_start, g.phrase_start);
        // Every name is listed once.
        let mut names = g.phrase_list.to_vec();
        names.sort_unstable();
        assert_eq!(t.phrases, names);
        assert_eq!(t.acronyms, g.acronyms);
    }

    #[test]
    fn every_listed_word_is_found() {
        let g = &*GAZETTEER;
        for (s, t) in [(&g.words.lower, "lower"), (&g.words.other, "other")] {
            assert!(!s.long.words.is_empty());
            for &k in s.long.words {
                assert_eq!(s.get(s.long.word(k)), k.2, "{t}");
            }
        }
        assert_ne!(g.word_raw("Paris") & CITY, 0);
        assert_eq!(g.name("United Arab Emirates") & COUNTRY, COUNTRY);
        assert_eq!(g.name("United Arab Nowhere"), 0);
        assert_eq!(g.expansion("XYZZY"), None);
    }

    #[test]
    fn acronyms_know_their_expansion() {
        assert_eq!(
            GAZETTEER.expansion("NATO"),
            Some("North Atlantic Treaty Organization")
        );
    }
}
