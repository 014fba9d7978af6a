//! Gazetteers: place names, organizations, nationalities, first names,
//! surnames, organization cue words and titles, all from `data/gazetteers/`
//! (provenance in `data/README.md`).
//!
//! Single words are looked up in one hash map of flag bits; names of two or
//! more words are looked up by their first word, at the tokens that can
//! start one, and count only where they end on a token boundary. The flags
//! feed the tagger's features and the typing rules.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::doc::{Token, TokenKind};
use crate::lexicon::lines;

/// A country, state, continent or region.
pub const COUNTRY: u16 = 1 << 0;
/// A city of 100,000 people or more, or a capital.
pub const CITY: u16 = 1 << 1;
/// A smaller town (15,000 people or more).
pub const TOWN: u16 = 1 << 2;
/// A well-known organization or its acronym.
pub const ORG: u16 = 1 << 3;
/// A nationality or group adjective ("Russian", "West Indian").
pub const NATIONALITY: u16 = 1 << 4;
/// A first name (US Census).
pub const FIRST: u16 = 1 << 5;
/// A common surname (US Census).
pub const SURNAME: u16 = 1 << 6;
/// A word that makes a name an organization ("Bank", "Inc", "Ministry").
pub const ORG_CUE: u16 = 1 << 7;
/// A title or role word ("minister", "spokesman"), any case.
pub const TITLE: u16 = 1 << 8;
/// A closed-class word ("the", "but"), any case.
pub const FUNCTION: u16 = 1 << 9;
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

/// Up to eight bytes as a little-endian number, as if zero-padded: two
/// overlapping reads instead of a loop or a copy.
pub(crate) fn tail_u64(r: &[u8]) -> u64 {
    let n = r.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as u64;
        let hi = u32::from_le_bytes([r[n - 4], r[n - 3], r[n - 2], r[n - 1]]) as u64;
        lo | hi << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u16::from_le_bytes([r[0], r[1]]) as u64;
        let hi = u16::from_le_bytes([r[n - 2], r[n - 1]]) as u64;
        lo | hi << (8 * (n - 2))
    } else {
        r.first().map_or(0, |&b| b as u64)
    }
}

/// Words of up to this many bytes are held in the table's slots.
const INLINE: usize = 12;
/// The bits of a slot's second number that hold the key (bytes 8..12 and
/// the length plus one); the value (28 bits) is above them.
const KEY_BITS: u64 = (1 << VALUE_SHIFT) - 1;
const LEN_BITS: u64 = 0xf << 32;
const VALUE_SHIFT: u32 = 36;
/// A word's value in [`Words`]: its flags in the low bits, then 1 + the
/// index of the multi-word names that start with it, if any.
const FLAG_BITS: u32 = 10;
const FLAG_MASK: u32 = (1 << FLAG_BITS) - 1;
const ALL_FLAGS: u16 =
    COUNTRY | CITY | TOWN | ORG | NATIONALITY | FIRST | SURNAME | ORG_CUE | TITLE | FUNCTION;
const _: () = assert!((ALL_FLAGS as u32) >> FLAG_BITS == 0);
/// The most groups of multi-word names the values can point to.
const MAX_GROUPS: usize = (1 << (64 - VALUE_SHIFT - FLAG_BITS)) - 1;

/// A map from words to small numbers (up to 28 bits; 0 is "absent") for
/// the look-ups that run for every name token. Words of up to [`INLINE`]
/// bytes live in an open-addressing table whose 16-byte slots hold the
/// word's bytes, its length and the value, so that a look-up reads one
/// cache line (linear probing, the table at most 5/8 full); longer words,
/// rare, are in a hash map. Chosen for speed: in hashbrown, a look-up in
/// the 40,000 names cost up to three cache misses (control bytes, bucket,
/// then the key's text), about 5% of the pipeline's cycles.
struct WordTable {
    /// Per slot: the key's bytes 0..8 zero-padded, as a little-endian
    /// number; then bytes 8..12 zero-padded, the length plus one in bits
    /// 32..36 (0: an empty slot) and the value in bits 36..64.
    slots: Vec<[u64; 2]>,
    /// 64 minus log2 of the number of slots (a power of two).
    shift: u32,
    len: usize,
    long: HashMap<Cow<'static, str>, u32, FxBuild>,
}

/// A word as two numbers, as the slots hold it; `None` if it is too long.
#[inline]
fn pack(w: &[u8]) -> Option<(u64, u64)> {
    let n = w.len();
    if n > INLINE {
        return None;
    }
    let (head, rest) = match w.first_chunk::<8>() {
        Some(h) if n > 8 => (
            u64::from_le_bytes(*h),
            tail_u64(w.get(8..).unwrap_or_default()),
        ),
        _ => (tail_u64(w), 0),
    };
    Some((head, rest | (n as u64 + 1) << 32))
}

impl WordTable {
    fn with_capacity(n: usize) -> Self {
        let slots = (n * 8 / 5 + 1).next_power_of_two().max(8);
        WordTable {
            slots: vec![[0; 2]; slots],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
            long: HashMap::default(),
        }
    }

    #[inline]
    fn index(&self, head: u64, tail: u64) -> usize {
        ((head ^ tail.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0x517c_c1b7_2722_0a95)
            >> self.shift) as usize
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

    /// Adds `bits` to the word's value (inserting it if absent).
    fn or(&mut self, w: Cow<'static, str>, bits: u32) {
        debug_assert!(bits < 1 << (64 - VALUE_SHIFT));
        let Some((head, tail)) = pack(w.as_bytes()) else {
            *self.long.entry(w).or_default() |= bits;
            return;
        };
        if (self.len + 1) * 8 > self.slots.len() * 5 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.index(head, tail);
        while let Some(s) = self.slots.get_mut(i) {
            if s[0] == head && s[1] & KEY_BITS == tail {
                s[1] |= (bits as u64) << VALUE_SHIFT;
                return;
            }
            if s[1] & LEN_BITS == 0 {
                *s = [head, tail | (bits as u64) << VALUE_SHIFT];
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let n = old.len() * 2;
        self.slots = vec![[0; 2]; n];
        self.shift = 64 - n.trailing_zeros();
        let mask = n - 1;
        for s in old.into_iter().filter(|s| s[1] & LEN_BITS != 0) {
            let mut i = self.index(s[0], s[1] & KEY_BITS);
            while self.slots.get(i).is_some_and(|t| t[1] & LEN_BITS != 0) {
                i = (i + 1) & mask;
            }
            if let Some(t) = self.slots.get_mut(i) {
                *t = s;
            }
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

    fn or(&mut self, w: impl Into<Cow<'static, str>>, bits: u32) {
        let w = w.into();
        let t = if starts_lower_ascii(&w) {
            &mut self.lower
        } else {
            &mut self.other
        };
        t.or(w, bits);
    }
}

pub struct Gazetteer {
    words: Words,
    /// Multi-word names by their first word (as the tokenizer cuts it):
    /// the word's value in `words` has 1 + the index of their range in
    /// `phrase_groups`, a range of `phrase_list` (longest first, with their
    /// flags).
    phrase_groups: Vec<(u32, u32)>,
    phrase_list: Vec<(&'static str, u16)>,
    /// Whether a phrase starts with this byte: most tokens are passed over
    /// without a hash look-up.
    phrase_start: [bool; 256],
    phrase_map: FxHashMap<&'static str, u16>,
    /// Acronym -> expansion, from `organizations.tsv`.
    pub acronyms: FxHashMap<&'static str, &'static str>,
}

fn add(
    words: &mut Words,
    phrases: &mut FxHashMap<&'static str, u16>,
    name: &'static str,
    flag: u16,
) {
    let name = name.trim();
    if name.is_empty() {
        return;
    }
    if name.contains(' ') {
        *phrases.entry(name).or_default() |= flag;
    } else {
        words.or(name, flag as u32);
    }
}

pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    // About the number of words in the lists (the tables grow if need be).
    let mut words = Words {
        lower: WordTable::with_capacity(256),
        other: WordTable::with_capacity(40_000),
    };
    let mut phrases: FxHashMap<&'static str, u16> = FxHashMap::default();
    let mut acronyms = FxHashMap::default();
    let locs = lines(include_str!("../../../data/gazetteers/locations.tsv")).chain(lines(
        include_str!("../../../data/gazetteers/locations_extra.tsv"),
    ));
    for l in locs {
        let (name, kind) = l.split_once('\t').unwrap_or((l, "city"));
        let flag = match kind.trim() {
            "country" | "state" | "continent" | "region" => COUNTRY,
            "city" => CITY,
            _ => TOWN,
        };
        add(&mut words, &mut phrases, name, flag);
    }
    for l in lines(include_str!("../../../data/gazetteers/organizations.tsv")) {
        let (name, acr) = l.split_once('\t').unwrap_or((l, ""));
        add(&mut words, &mut phrases, name, ORG);
        let acr = acr.trim();
        if !acr.is_empty() {
            add(&mut words, &mut phrases, acr, ORG);
            acronyms.insert(acr, name.trim());
        }
    }
    for l in lines(include_str!("../../../data/gazetteers/nationalities.txt")) {
        add(&mut words, &mut phrases, l, NATIONALITY);
    }
    for l in lines(include_str!("../../../data/gazetteers/first_names.txt")) {
        add(&mut words, &mut phrases, l, FIRST);
    }
    for l in lines(include_str!("../../../data/gazetteers/surnames.txt")) {
        add(&mut words, &mut phrases, l, SURNAME);
    }
    for l in lines(include_str!("../../../data/gazetteers/org_cues.txt")) {
        add(&mut words, &mut phrases, l, ORG_CUE);
    }
    for l in lines(include_str!("../../../data/gazetteers/titles.txt")) {
        // Titles are matched in lowercase; multi-word titles are found by
        // the role rules word by word, so only their words are listed.
        for w in l.split(' ') {
            if matches!(w, "of" | "the" | "and" | "for" | "to") {
                continue;
            }
            let lower = w.to_lowercase();
            // Also as capitalized at the start ("President"), so that most
            // words need one look-up.
            let mut cs = lower.chars();
            let cap: String = cs
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(cs).collect());
            for v in [lower, cap] {
                words.or(v, TITLE as u32);
            }
        }
    }
    for l in lines(include_str!("../../../data/gazetteers/function_words.txt")) {
        let mut cs = l.chars();
        let cap: String = cs
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(cs).collect());
        words.or(l, FUNCTION as u32);
        words.or(cap, FUNCTION as u32);
    }
    let mut pats: Vec<(&'static str, u16)> = phrases.into_iter().collect();
    pats.sort_unstable();
    let phrase_map = pats.iter().copied().collect();
    // Keyed by the pattern's first token; longest first, so that the first
    // pattern the text starts with is the longest match there.
    let mut by_first: FxHashMap<&'static str, Vec<(&'static str, u16)>> = FxHashMap::default();
    let mut phrase_start = [false; 256];
    let mut toks = Vec::new();
    for &(p, f) in &pats {
        toks.clear();
        crate::reader::tokens::tokenize(p, 0..p.len(), 0, &mut toks);
        if let Some(first) = toks.first().and_then(|t| p.get(t.range.clone())) {
            by_first.entry(first).or_default().push((p, f));
            phrase_start[first.as_bytes()[0] as usize] = true;
        }
    }
    let mut phrase_groups = Vec::with_capacity(by_first.len());
    let mut phrase_list = Vec::with_capacity(pats.len());
    for (first, mut v) in by_first {
        if phrase_groups.len() >= MAX_GROUPS {
            debug_assert!(false, "more groups of names than the values hold");
            break;
        }
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        let start = phrase_list.len() as u32;
        phrase_list.extend(v);
        phrase_groups.push((start, phrase_list.len() as u32));
        words.or(first, (phrase_groups.len() as u32) << FLAG_BITS);
    }
    Gazetteer {
        words,
        phrase_groups,
        phrase_list,
        phrase_start,
        phrase_map,
        acronyms,
    }
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
            self.phrase_map.get(name).copied().unwrap_or(0)
        } else {
            self.word(name)
        }
    }

    /// The expansion of a known acronym ("NATO").
    pub fn expansion(&self, acronym: &str) -> Option<&'static str> {
        self.acronyms.get(acronym).copied()
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
            let b: Vec<u8> = (1..=n as u8).map(|x| x * 37).collect();
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
        for (&p, &f) in &g.phrase_map {
            toks.clear();
            crate::reader::tokens::tokenize(p, 0..p.len(), 0, &mut toks);
            let first = &p[toks[0].range.clone()];
            let cands = g.phrases(first).unwrap_or_default();
            assert!(cands.contains(&(p, f)), "{p}");
            // The word's own flags are not changed by the names it starts.
            assert_eq!(g.word_raw(first) & !((1 << FLAG_BITS) - 1), 0);
        }
    }

    #[test]
    fn tables_answer_as_a_hash_map() {
        // Words of every length around the inline limit, through growth.
        let mut t = WordTable::with_capacity(4);
        let mut m = HashMap::new();
        for i in 0..3000u32 {
            let w = format!("{}{}", "ab\u{e9}".repeat(i as usize % 7), i % 1000);
            t.or(Cow::Owned(w.clone()), i % 5 + 1);
            *m.entry(w).or_insert(0) |= i % 5 + 1;
        }
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
        assert_eq!(t.len, m.keys().filter(|w| w.len() <= INLINE).count());
    }

    #[test]
    fn acronyms_know_their_expansion() {
        assert_eq!(
            GAZETTEER.expansion("NATO"),
            Some("North Atlantic Treaty Organization")
        );
    }
}
