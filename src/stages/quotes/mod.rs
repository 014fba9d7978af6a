//! Quotes: every quotation and its speaker.
//!
//! 1. [`marks`] finds the quoted runs: double marks of every shape, the
//!    doubled apostrophe, single marks where they quote, quotations over
//!    several paragraphs (one piece a paragraph) and unbalanced marks.
//! 2. A short quoted run used as a name, label or title ("what officials
//!    call the “X”", "the so-called “X”", a “Title” in running text with no
//!    speech around it) is not speech: it goes to `Document::quoted_terms`.
//! 3. [`attribution`] names the speaker of each remaining run: a cue verb
//!    with its subject next to the quote, a colon or dash intro, a pronoun
//!    or a role resolved to a person, or the speaker of the quote before.
//!    A quote nobody can be named for is kept with no speaker.

mod attribution;
pub mod marks;

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::doc::{Document, Entity};
use crate::lexicon::lines;

/// Role nouns that can stand for a named speaker ("the spokesman").
pub(crate) static ROLES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| lines(include_str!("../../../data/quotes/roles.txt")).collect());

/// A quick test that rules out most words before a set lookup: for each
/// first byte, and for each last byte, the lengths (up to 31) of the set's
/// words that start (end) with it, and which two-byte starts occur.
/// Hashing every token for the cue and role sets led the profile.
pub struct FirstByteLen {
    first: [u32; 256],
    last: [u32; 256],
    /// One bit for each pair of first two bytes (a one-byte word counts as
    /// its byte and 0).
    starts: Vec<u64>,
    /// Likewise for the last two bytes (a one-byte word: 0 and its byte).
    /// With the starts alone, a quarter of all words still reached the
    /// cue set's hash lookup in the profile.
    ends: Vec<u64>,
}

fn start_bit(w: &[u8]) -> usize {
    usize::from(w.first().copied().unwrap_or(0)) << 8 | usize::from(w.get(1).copied().unwrap_or(0))
}

fn end_bit(w: &[u8]) -> usize {
    let n = w.len();
    let before_last = n
        .checked_sub(2)
        .and_then(|i| w.get(i))
        .copied()
        .unwrap_or(0);
    usize::from(before_last) << 8 | usize::from(w.last().copied().unwrap_or(0))
}

impl FirstByteLen {
    pub(crate) fn new<'a>(words: impl Iterator<Item = &'a str>) -> Self {
        let mut first = [0u32; 256];
        let mut last = [0u32; 256];
        let mut starts = vec![0u64; 65536 / 64];
        let mut ends = vec![0u64; 65536 / 64];
        for w in words {
            let k = start_bit(w.as_bytes());
            starts[k / 64] |= 1 << (k % 64);
            let k = end_bit(w.as_bytes());
            ends[k / 64] |= 1 << (k % 64);
            let bit = 1 << w.len().min(31);
            if let (Some(&a), Some(&z)) = (w.as_bytes().first(), w.as_bytes().last()) {
                first[a as usize] |= bit;
                last[z as usize] |= bit;
            }
        }
        FirstByteLen {
            first,
            last,
            starts,
            ends,
        }
    }

    /// False when `w` cannot be in the set.
    pub(crate) fn may_hold(&self, w: &str) -> bool {
        self.may_hold_bytes(w.as_bytes())
    }

    /// [`FirstByteLen::may_hold`] of a word's bytes.
    #[inline]
    pub(crate) fn may_hold_bytes(&self, w: &[u8]) -> bool {
        let bit = 1 << w.len().min(31);
        match (w.first(), w.last()) {
            (Some(&a), Some(&z)) => {
                let k = start_bit(w);
                self.first[a as usize] & bit != 0
                    && self.last[z as usize] & bit != 0
                    && self
                        .starts
                        .get(k / 64)
                        .is_some_and(|s| s & (1 << (k % 64)) != 0)
                    && {
                        let k = end_bit(w);
                        self.ends
                            .get(k / 64)
                            .is_some_and(|s| s & (1 << (k % 64)) != 0)
                    }
            }
            _ => false,
        }
    }
}

/// A fixed set of words with a lookup that costs a few instructions: a
/// length test by first byte, then one hash of at most sixteen bytes (the
/// first and last eight) into an open-addressed table, and a comparison
/// only when the slot is taken. Testing every word of a document against a
/// `FxHashSet` (hashing all its bytes, then a `memcmp`) was a fifth of the
/// stage in the profile.
pub(crate) struct WordTable {
    /// For each first byte, the lengths (up to 31) of the words that start
    /// with it.
    first: [u32; 256],
    /// Likewise by last byte.
    last: [u32; 256],
    /// Word index + 1, or 0 for an empty slot.
    slots: Vec<u32>,
    words: Vec<&'static str>,
    mask: usize,
}

fn word_hash(w: &[u8]) -> usize {
    let n = w.len();
    let read8 = |i: usize| {
        w.get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let read4 = |i: usize| {
        w.get(i..i + 4)
            .and_then(|c| <[u8; 4]>::try_from(c).ok())
            .map_or(0, |c| u64::from(u32::from_le_bytes(c)))
    };
    let byte = |i: usize| u64::from(w.get(i).copied().unwrap_or(0));
    let (a, b) = if n >= 8 {
        (read8(0), read8(n - 8))
    } else if n >= 4 {
        (read4(0), read4(n - 4))
    } else if n > 0 {
        (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0)
    } else {
        (0, 0)
    };
    let h = (a ^ b.rotate_left(29) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 40) as usize
}

impl WordTable {
    /// The table of `words` (duplicates keep their first index).
    pub(crate) fn new(words: impl IntoIterator<Item = &'static str>) -> WordTable {
        let mut words: Vec<&'static str> = words.into_iter().collect();
        let mut seen = FxHashSet::default();
        words.retain(|w| seen.insert(*w));
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![0u32; size];
        let mut first = [0u32; 256];
        let mut last = [0u32; 256];
        for (i, w) in words.iter().enumerate() {
            if let (Some(&a), Some(&z)) = (w.as_bytes().first(), w.as_bytes().last()) {
                first[usize::from(a)] |= 1 << w.len().min(31);
                last[usize::from(z)] |= 1 << w.len().min(31);
            }
            let mut k = word_hash(w.as_bytes()) & mask;
            while slots[k] != 0 {
                k = (k + 1) & mask;
            }
            slots[k] = i as u32 + 1;
        }
        WordTable {
            first,
            last,
            slots,
            words,
            mask,
        }
    }

    /// Whether the ASCII lowercase form of `w` is one of the words. A
    /// word too long for any of them (or over 32 bytes) is not one.
    pub(crate) fn get_ascii_lower(&self, w: &[u8]) -> bool {
        let Some(&a) = w.first() else {
            return false;
        };
        if self.first[usize::from(a.to_ascii_lowercase())] & (1 << w.len().min(31)) == 0
            || w.len() > 32
        {
            return false;
        }
        let mut buf = [0u8; 32];
        let Some(low) = buf.get_mut(..w.len()) else {
            return false;
        };
        for (d, s) in low.iter_mut().zip(w) {
            *d = s.to_ascii_lowercase();
        }
        self.get(low).is_some()
    }

    /// A quick test: false when `w` is none of the words (by its first
    /// and last bytes and its length).
    #[inline]
    pub(crate) fn may_hold(&self, w: &[u8]) -> bool {
        let bit = 1 << w.len().min(31);
        match (w.first(), w.last()) {
            (Some(&a), Some(&z)) => {
                self.first[usize::from(a)] & bit != 0 && self.last[usize::from(z)] & bit != 0
            }
            _ => false,
        }
    }

    /// The index of `w` among the words, if it is one.
    #[inline]
    pub(crate) fn get(&self, w: &[u8]) -> Option<usize> {
        let &a = w.first()?;
        if self.first[usize::from(a)] & (1 << w.len().min(31)) == 0 {
            return None;
        }
        let mut k = word_hash(w) & self.mask;
        loop {
            let s = *self.slots.get(k)? as usize;
            let word = self.words.get(s.checked_sub(1)?)?;
            if word.as_bytes() == w {
                return Some(s - 1);
            }
            k = (k + 1) & self.mask;
        }
    }
}

/// The first byte and length of every role.
pub(crate) static ROLES_QUICK: LazyLock<FirstByteLen> =
    LazyLock::new(|| FirstByteLen::new(ROLES.iter().copied()));

/// Whether `w` is a role.
pub(crate) fn is_role(w: &str) -> bool {
    ROLES_QUICK.may_hold(w) && ROLES.contains(w)
}

/// Words right before a quoted run that make it a name or title.
pub(crate) static TERM_CUES: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    lines(include_str!("../../../data/quotes/term_cues.txt"))
        .map(|l| l.split_whitespace().collect())
        .collect()
});

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
}

/// Given names and their usual pronoun.
pub(crate) static FIRST_NAMES: LazyLock<FxHashMap<&'static str, Gender>> = LazyLock::new(|| {
    lines(include_str!("../../../data/quotes/first_names.tsv"))
        .filter_map(|l| {
            let (n, g) = l.split_once('\t')?;
            let g = match g.trim() {
                "f" => Gender::Female,
                "m" => Gender::Male,
                _ => return None,
            };
            Some((n.trim(), g))
        })
        .collect()
});

pub fn annotate(doc: &mut Document<'_>) {
    let runs = marks::find(doc);
    let (quotes, terms, added) = attribution::attribute(doc, &runs);
    doc.quoted_terms = terms;
    doc.quotes = quotes;
    if !added.is_empty() {
        add_entities(doc, added);
    }
}

/// Adds the speakers named next to a cue that the entity stage missed, then
/// keeps `doc.entities` in order of first mention, remapping the quotes'
/// speaker indexes (no later stage has read the entities yet).
fn add_entities(doc: &mut Document<'_>, added: Vec<Entity>) {
    doc.entities.extend(added);
    let mut order: Vec<usize> = (0..doc.entities.len()).collect();
    let first = |e: &Entity| e.mentions.first().map_or(usize::MAX, |m| m.range.start);
    order.sort_by_key(|&i| (first(&doc.entities[i]), i));
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut old: Vec<Option<Entity>> = std::mem::take(&mut doc.entities)
        .into_iter()
        .map(Some)
        .collect();
    doc.entities = order.iter().filter_map(|&i| old[i].take()).collect();
    for q in &mut doc.quotes {
        q.speaker = q.speaker.and_then(|s| new_index.get(s).copied());
    }
}

#[cfg(test)]
mod tests;
