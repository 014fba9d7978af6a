//! Builds the gazetteer's tables from `data/gazetteers/`, with std only.
//!
//! Compiled twice: by `build.rs`, which writes the tables as Rust source
//! that `gazetteer.rs` embeds, and into the crate, where the tests check
//! that the embedded tables are what this builds. Building them at run time
//! (43,000 inserts into a 1 MB table, 7,400 names tokenized and sorted) was
//! about half the CPU time of a one-article run, mostly cache misses and
//! page faults; embedded, a run reads only the slots it looks at.
//!
//! Nothing here may name `crate::` or `super::`: `build.rs` includes the
//! file as a module of its own.

use std::collections::BTreeMap;

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

/// Words of up to this many bytes are held in the table's slots.
pub const INLINE: usize = 12;
/// The bits of a slot's second number that hold the key (bytes 8..12 and
/// the length plus one); the value (28 bits) is above them.
pub const KEY_BITS: u64 = (1 << VALUE_SHIFT) - 1;
pub const LEN_BITS: u64 = 0xf << 32;
pub const VALUE_SHIFT: u32 = 36;
/// A word's value in the tables: its flags in the low bits, then 1 + the
/// index of the multi-word names that start with it, if any.
pub const FLAG_BITS: u32 = 10;
pub const ALL_FLAGS: u16 =
    COUNTRY | CITY | TOWN | ORG | NATIONALITY | FIRST | SURNAME | ORG_CUE | TITLE | FUNCTION;
const _: () = assert!((ALL_FLAGS as u32) >> FLAG_BITS == 0);
/// The most groups of multi-word names the values can point to.
pub const MAX_GROUPS: usize = (1 << (64 - VALUE_SHIFT - FLAG_BITS)) - 1;

/// Up to eight bytes as a little-endian number, as if zero-padded: two
/// overlapping reads instead of a loop or a copy.
pub fn tail_u64(r: &[u8]) -> u64 {
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

/// A word as two numbers, as the slots hold it; `None` if it is too long.
#[inline]
pub fn pack(w: &[u8]) -> Option<(u64, u64)> {
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

/// The slot where a look-up of a packed word starts, in a table of
/// 2^(64 - `shift`) slots.
#[inline]
pub fn slot_index(head: u64, tail: u64, shift: u32) -> usize {
    ((head ^ tail.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0x517c_c1b7_2722_0a95) >> shift)
        as usize
}

/// A word table being filled (see `WordTable` in `gazetteer.rs`, which
/// reads it): open addressing, linear probing, at most 5/8 full; words
/// longer than [`INLINE`] bytes in `long`.
pub struct TableBuilder {
    pub slots: Vec<[u64; 2]>,
    pub shift: u32,
    pub len: usize,
    pub long: BTreeMap<String, u32>,
}

impl TableBuilder {
    pub fn with_capacity(n: usize) -> Self {
        let slots = (n * 8 / 5 + 1).next_power_of_two().max(8);
        TableBuilder {
            slots: vec![[0; 2]; slots],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
            long: BTreeMap::new(),
        }
    }

    /// Adds `bits` to the word's value (inserting it if absent).
    pub fn or(&mut self, w: &str, bits: u32) {
        debug_assert!(bits < 1 << (64 - VALUE_SHIFT));
        let Some((head, tail)) = pack(w.as_bytes()) else {
            *self.long.entry(w.to_string()).or_default() |= bits;
            return;
        };
        if (self.len + 1) * 8 > self.slots.len() * 5 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = slot_index(head, tail, self.shift);
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
            let mut i = slot_index(s[0], s[1] & KEY_BITS, self.shift);
            while self.slots.get(i).is_some_and(|t| t[1] & LEN_BITS != 0) {
                i = (i + 1) & mask;
            }
            if let Some(t) = self.slots.get_mut(i) {
                *t = s;
            }
        }
    }
}

/// Every table of the gazetteer.
pub struct Tables {
    /// Single words (as written, titles also in lowercase) and the first
    /// tokens of multi-word names, split by whether they start with a
    /// lowercase ASCII letter.
    pub lower: TableBuilder,
    pub other: TableBuilder,
    /// Ranges of `phrase_list`, one per first token (see `gazetteer.rs`).
    pub phrase_groups: Vec<(u32, u32)>,
    /// Every multi-word name once, by group; any name without a first token
    /// after the groups.
    pub phrase_list: Vec<(&'static str, u16)>,
    /// Whether a multi-word name starts with this byte.
    pub phrase_start: [bool; 256],
    /// Every multi-word name and its flags, sorted by name.
    pub phrases: Vec<(&'static str, u16)>,
    /// Acronym -> expansion, sorted by acronym.
    pub acronyms: Vec<(&'static str, &'static str)>,
}

/// The meaningful lines of a data file: trimmed, without blanks and `#`
/// comments (as `lexicon::lines`).
fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn starts_lower_ascii(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

struct Words {
    lower: TableBuilder,
    other: TableBuilder,
}

impl Words {
    fn or(&mut self, w: &str, bits: u32) {
        let t = if starts_lower_ascii(w) {
            &mut self.lower
        } else {
            &mut self.other
        };
        t.or(w, bits);
    }
}

fn add(
    words: &mut Words,
    phrases: &mut BTreeMap<&'static str, u16>,
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

/// Builds the tables; `first_token` is the first token of a name as the
/// tokenizer cuts it (the look-ups find names by that token).
pub fn build(mut first_token: impl FnMut(&'static str) -> Option<&'static str>) -> Tables {
    // About the number of words in the lists (the tables grow if need be).
    let mut words = Words {
        lower: TableBuilder::with_capacity(256),
        other: TableBuilder::with_capacity(40_000),
    };
    let mut phrases: BTreeMap<&'static str, u16> = BTreeMap::new();
    let mut acronyms = BTreeMap::new();
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
                words.or(&v, TITLE as u32);
            }
        }
    }
    for l in lines(include_str!("../../../data/gazetteers/function_words.txt")) {
        let mut cs = l.chars();
        let cap: String = cs
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(cs).collect());
        words.or(l, FUNCTION as u32);
        words.or(&cap, FUNCTION as u32);
    }
    let pats: Vec<(&'static str, u16)> = phrases.into_iter().collect();
    // Keyed by the pattern's first token; longest first, so that the first
    // pattern the text starts with is the longest match there.
    let mut by_first: BTreeMap<&'static str, Vec<(&'static str, u16)>> = BTreeMap::new();
    let mut phrase_start = [false; 256];
    let mut ungrouped = Vec::new();
    for &(p, f) in &pats {
        if let Some(first) = first_token(p)
            && let Some(&b) = first.as_bytes().first()
        {
            by_first.entry(first).or_default().push((p, f));
            phrase_start[b as usize] = true;
        } else {
            ungrouped.push((p, f));
        }
    }
    let mut phrase_groups = Vec::with_capacity(by_first.len());
    let mut phrase_list = Vec::with_capacity(pats.len());
    for (first, mut v) in by_first {
        if phrase_groups.len() >= MAX_GROUPS {
            debug_assert!(false, "more groups of names than the values hold");
            ungrouped.extend(v);
            continue;
        }
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        let start = phrase_list.len() as u32;
        phrase_list.extend(v);
        phrase_groups.push((start, phrase_list.len() as u32));
        words.or(first, (phrase_groups.len() as u32) << FLAG_BITS);
    }
    phrase_list.extend(ungrouped);
    Tables {
        lower: words.lower,
        other: words.other,
        phrase_groups,
        phrase_list,
        phrase_start,
        phrases: pats,
        acronyms: acronyms.into_iter().collect(),
    }
}

/// The tables as Rust source: the statics `gazetteer.rs` includes. Few
/// `&str`s: each is a relocation the loader applies at every start (the
/// long words are ranges of one string).
pub fn to_rust(t: &Tables) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let table = |s: &mut String, name: &str, b: &TableBuilder| {
        let _ = writeln!(s, "pub(super) const {name}_SHIFT: u32 = {};", b.shift);
        let _ = write!(
            s,
            "pub(super) static {name}_SLOTS: [[u64; 2]; {}] = [",
            b.slots.len()
        );
        for (i, [h, t]) in b.slots.iter().enumerate() {
            if i % 8 == 0 {
                s.push('\n');
            }
            if *h == 0 && *t == 0 {
                s.push_str("[0, 0],");
            } else {
                let _ = write!(s, "[{h:#x}, {t:#x}],");
            }
        }
        let _ = writeln!(s, "\n];");
        let text: String = b.long.keys().map(String::as_str).collect();
        let _ = writeln!(s, "pub(super) static {name}_LONG_TEXT: &str = {text:?};");
        let _ = writeln!(
            s,
            "pub(super) static {name}_LONG: [(u32, u32, u32); {}] = [",
            b.long.len()
        );
        let mut at = 0;
        for (w, v) in &b.long {
            let _ = writeln!(s, "({at}, {}, {v}),", at + w.len());
            at += w.len();
        }
        let _ = writeln!(s, "];");
    };
    table(&mut s, "LOWER", &t.lower);
    table(&mut s, "OTHER", &t.other);
    let _ = writeln!(
        s,
        "pub(super) static PHRASE_GROUPS: [(u32, u32); {}] = [",
        t.phrase_groups.len()
    );
    for (a, b) in &t.phrase_groups {
        let _ = writeln!(s, "({a}, {b}),");
    }
    let _ = writeln!(s, "];");
    let _ = writeln!(
        s,
        "pub(super) static PHRASE_LIST: [(&str, u16); {}] = [",
        t.phrase_list.len()
    );
    for (p, f) in &t.phrase_list {
        let _ = writeln!(s, "({p:?}, {f}),");
    }
    let _ = writeln!(s, "];");
    let _ = writeln!(
        s,
        "pub(super) static PHRASE_START: [bool; 256] = {:?};",
        t.phrase_start
    );
    let _ = writeln!(
        s,
        "pub(super) static ACRONYMS: [(&str, &str); {}] = [",
        t.acronyms.len()
    );
    for (a, e) in &t.acronyms {
        let _ = writeln!(s, "({a:?}, {e:?}),");
    }
    let _ = writeln!(s, "];");
    s
}
