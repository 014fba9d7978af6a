//! The claim stage's word lists, from `data/claims/` (provenance in
//! `data/README.md`), parsed once on first use.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::lexicon::{CUE_VERBS, lines};

/// Lines "class: a b c" of a data file as class -> words (lowercase).
fn classes(data: &'static str) -> FxHashMap<&'static str, Vec<&'static str>> {
    let mut m: FxHashMap<&'static str, Vec<&'static str>> = FxHashMap::default();
    for l in lines(data) {
        if let Some((class, words)) = l.split_once(':') {
            m.entry(class.trim())
                .or_default()
                .extend(words.split_whitespace());
        }
    }
    m
}

/// Lines "class: a b | c d" as class -> phrases (each a list of words).
fn phrase_classes(data: &'static str) -> FxHashMap<&'static str, Vec<Vec<&'static str>>> {
    let mut m: FxHashMap<&'static str, Vec<Vec<&'static str>>> = FxHashMap::default();
    for l in lines(data) {
        if let Some((class, rest)) = l.split_once(':') {
            let e = m.entry(class.trim()).or_default();
            if rest.contains('|') {
                e.extend(
                    rest.split('|')
                        .map(|p| p.split_whitespace().collect::<Vec<_>>())
                        .filter(|p| !p.is_empty()),
                );
            } else {
                let p: Vec<&str> = rest.split_whitespace().collect();
                if !p.is_empty() {
                    e.push(p);
                }
            }
        }
    }
    m
}

fn set(m: &FxHashMap<&'static str, Vec<&'static str>>, class: &str) -> FxHashSet<&'static str> {
    m.get(class).into_iter().flatten().copied().collect()
}

pub struct Words {
    pub determiner: FxHashSet<&'static str>,
    pub pronoun: FxHashSet<&'static str>,
    pub object_pronoun: FxHashSet<&'static str>,
    pub relative: FxHashSet<&'static str>,
    pub aux: FxHashSet<&'static str>,
    pub adverb: FxHashSet<&'static str>,
    pub boundary: FxHashSet<&'static str>,
    pub preposition: FxHashSet<&'static str>,
    pub time: FxHashSet<&'static str>,
    pub day: FxHashSet<&'static str>,
    pub bridge: FxHashSet<&'static str>,
    pub not_reporting: FxHashSet<&'static str>,
    pub addressee: FxHashSet<&'static str>,
    pub clause_opener: FxHashSet<&'static str>,
    pub plural: FxHashSet<&'static str>,
    pub not_adverb: FxHashSet<&'static str>,
}

pub static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let m = classes(include_str!("../../../data/claims/words.txt"));
    Words {
        determiner: set(&m, "determiner"),
        pronoun: set(&m, "pronoun"),
        object_pronoun: set(&m, "object_pronoun"),
        relative: set(&m, "relative"),
        aux: set(&m, "aux"),
        adverb: set(&m, "adverb"),
        boundary: set(&m, "boundary"),
        preposition: set(&m, "preposition"),
        time: set(&m, "time"),
        day: set(&m, "day"),
        bridge: set(&m, "bridge"),
        not_reporting: set(&m, "not_reporting"),
        addressee: set(&m, "addressee"),
        clause_opener: set(&m, "clause_opener"),
        plural: set(&m, "plural"),
        not_adverb: set(&m, "not_adverb"),
    }
});

/// Anonymity markers (phrases) and informant head nouns.
pub struct Anonymity {
    pub markers: Vec<Vec<&'static str>>,
    pub heads: FxHashSet<&'static str>,
}

pub static ANONYMITY: LazyLock<Anonymity> = LazyLock::new(|| {
    let p = phrase_classes(include_str!("../../../data/claims/anonymity.txt"));
    let heads = p
        .get("head")
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect();
    Anonymity {
        markers: p.get("marker").cloned().unwrap_or_default(),
        heads,
    }
});

/// Plan nouns, lowercase ("plan", "ceasefire", "road map").
pub static PLAN_NOUNS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    lines(include_str!("../../../data/claims/plan_nouns.txt"))
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect()
});

/// The first words of the plan nouns of two words ("road" of "road map").
pub static PLAN_NOUN_FIRSTS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    PLAN_NOUNS
        .iter()
        .filter_map(|p| p.split_once(' ').map(|(a, _)| a))
        .collect()
});

/// One stance verb form: its words and whether it is also a common noun.
#[derive(Clone, Debug)]
pub struct VerbForm {
    pub words: Vec<&'static str>,
    pub noun_too: bool,
}

/// Stance verb forms, longest first.
pub static POSITION_VERBS: LazyLock<Vec<VerbForm>> = LazyLock::new(|| {
    let mut v = Vec::new();
    for l in lines(include_str!("../../../data/claims/position_verbs.txt")) {
        if let Some((_, forms)) = l.split_once(':') {
            for f in forms.split(',') {
                let f = f.trim();
                let noun_too = f.ends_with('*');
                let f = f.trim_end_matches('*');
                let words: Vec<&str> = f.split_whitespace().collect();
                if !words.is_empty() {
                    v.push(VerbForm { words, noun_too });
                }
            }
        }
    }
    v.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
    v
});

/// A cue form (its words) and its lemma.
pub type CueForm = (Vec<&'static str>, &'static str);

/// Cue verb forms of `data/cue_verbs.txt` and `data/claims/cues.txt` as word lists, longest first,
/// with their lemma.
pub static CUES: LazyLock<Vec<(Vec<&'static str>, &'static str)>> = LazyLock::new(|| {
    let mut v: Vec<(Vec<&'static str>, &'static str)> = CUE_VERBS
        .iter()
        .map(|(f, l)| (f.split_whitespace().collect(), *l))
        .collect();
    for l in lines(include_str!("../../../data/claims/cues.txt")) {
        if let Some((lemma, forms)) = l.split_once(':') {
            for f in forms.split(',') {
                let words: Vec<&'static str> = f.split_whitespace().collect();
                if !words.is_empty() && !v.iter().any(|(w, _)| *w == words) {
                    v.push((words, lemma.trim()));
                }
            }
        }
    }
    // Longest first, then alphabetical, so that matching is deterministic.
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    v
});

pub struct Units {
    pub scale: FxHashSet<&'static str>,
    pub percent: FxHashSet<&'static str>,
    pub currency: FxHashSet<&'static str>,
    pub symbol: FxHashSet<&'static str>,
    pub time: FxHashSet<&'static str>,
    pub ordinal: FxHashSet<&'static str>,
    pub number: FxHashSet<&'static str>,
    pub fraction: FxHashSet<&'static str>,
    pub month: FxHashSet<&'static str>,
    pub qualifier: Vec<Vec<&'static str>>,
    pub after: Vec<Vec<&'static str>>,
}

pub static UNITS: LazyLock<Units> = LazyLock::new(|| {
    let data = include_str!("../../../data/claims/units.txt");
    let m = classes(data);
    let p = phrase_classes(data);
    Units {
        scale: set(&m, "scale"),
        percent: set(&m, "percent"),
        currency: set(&m, "currency"),
        symbol: set(&m, "symbol"),
        time: set(&m, "time"),
        ordinal: set(&m, "ordinal"),
        number: set(&m, "number"),
        fraction: set(&m, "fraction"),
        month: set(&m, "month"),
        qualifier: p.get("qualifier").cloned().unwrap_or_default(),
        after: p.get("after").cloned().unwrap_or_default(),
    }
});

pub struct Terms {
    pub call: FxHashSet<&'static str>,
    pub intro: Vec<Vec<&'static str>>,
    pub gloss: Vec<Vec<&'static str>>,
}

pub static TERMS: LazyLock<Terms> = LazyLock::new(|| {
    let data = include_str!("../../../data/claims/terms.txt");
    let m = classes(data);
    let p = phrase_classes(data);
    Terms {
        call: set(&m, "call"),
        intro: p.get("intro").cloned().unwrap_or_default(),
        gloss: p.get("gloss").cloned().unwrap_or_default(),
    }
});

pub struct Sources {
    pub passive: FxHashSet<&'static str>,
    pub plan_verb: FxHashSet<&'static str>,
    pub plan_by: FxHashSet<&'static str>,
}

pub static SOURCES: LazyLock<Sources> = LazyLock::new(|| {
    let m = classes(include_str!("../../../data/claims/sources.txt"));
    Sources {
        passive: set(&m, "passive"),
        plan_verb: set(&m, "plan_verb"),
        plan_by: set(&m, "plan_by"),
    }
});

/// Cue forms by their first word, longest first within each.
pub static CUES_BY_FIRST: LazyLock<FxHashMap<&'static str, Vec<CueForm>>> = LazyLock::new(|| {
    let mut m: FxHashMap<&'static str, Vec<CueForm>> = FxHashMap::default();
    for (f, l) in CUES.iter() {
        if let Some(first) = f.first() {
            m.entry(*first).or_default().push((f.clone(), *l));
        }
    }
    m
});

/// Stance verb forms by their first word, longest first within each.
pub static POSITIONS_BY_FIRST: LazyLock<FxHashMap<&'static str, Vec<&'static VerbForm>>> =
    LazyLock::new(|| {
        let mut m: FxHashMap<&'static str, Vec<&'static VerbForm>> = FxHashMap::default();
        for f in POSITION_VERBS.iter() {
            if let Some(first) = f.words.first() {
                m.entry(*first).or_default().push(f);
            }
        }
        m
    });

/// Class bits of a lowercase word: one bit per word list above. Each token
/// looks its word up once ([`INFO`]) and the rules test bits: the claims
/// profile was topped by hashing the same token again for each list and
/// each rule that asks.
pub mod cls {
    pub const DETERMINER: u64 = 1 << 0;
    pub const PRONOUN: u64 = 1 << 1;
    pub const OBJECT_PRONOUN: u64 = 1 << 2;
    pub const RELATIVE: u64 = 1 << 3;
    pub const AUX: u64 = 1 << 4;
    pub const ADVERB: u64 = 1 << 5;
    pub const BOUNDARY: u64 = 1 << 6;
    pub const PREPOSITION: u64 = 1 << 7;
    pub const TIME: u64 = 1 << 8;
    pub const DAY: u64 = 1 << 9;
    pub const BRIDGE: u64 = 1 << 10;
    pub const NOT_REPORTING: u64 = 1 << 11;
    pub const ADDRESSEE: u64 = 1 << 12;
    pub const CLAUSE_OPENER: u64 = 1 << 13;
    pub const PLURAL: u64 = 1 << 14;
    pub const NOT_ADVERB: u64 = 1 << 15;
    /// `ANONYMITY.heads`.
    pub const ANON_HEAD: u64 = 1 << 16;
    /// The first word of an anonymity marker.
    pub const MARKER_FIRST: u64 = 1 << 17;
    /// `PLAN_NOUNS` (one-word entries).
    pub const PLAN_NOUN: u64 = 1 << 18;
    /// `PLAN_NOUN_FIRSTS`.
    pub const PLAN_FIRST: u64 = 1 << 19;
    pub const U_SCALE: u64 = 1 << 20;
    pub const U_PERCENT: u64 = 1 << 21;
    pub const U_CURRENCY: u64 = 1 << 22;
    pub const U_SYMBOL: u64 = 1 << 23;
    pub const U_TIME: u64 = 1 << 24;
    pub const U_ORDINAL: u64 = 1 << 25;
    pub const U_NUMBER: u64 = 1 << 26;
    pub const U_FRACTION: u64 = 1 << 27;
    pub const U_MONTH: u64 = 1 << 28;
    /// `TERMS.call`.
    pub const CALL: u64 = 1 << 29;
    /// The first word of a `TERMS.intro` phrase.
    pub const INTRO_FIRST: u64 = 1 << 30;
    pub const PASSIVE: u64 = 1 << 31;
    pub const PLAN_VERB: u64 = 1 << 32;
    pub const PLAN_BY: u64 = 1 << 33;
    /// The first word of a cue form (`CUES_BY_FIRST`).
    pub const CUE_FIRST: u64 = 1 << 34;
    /// The first word of a stance verb form (`POSITIONS_BY_FIRST`).
    pub const POSITION_FIRST: u64 = 1 << 35;
    /// "according" (of "according to").
    pub const ACCORDING: u64 = 1 << 36;
    /// "what" (of "what X call").
    pub const WHAT: u64 = 1 << 37;
    /// Not a list: the word has a hyphen (set by [`super::classify`]).
    pub const HYPHEN: u64 = 1 << 38;
    /// "one".
    pub const ONE: u64 = 1 << 39;
    /// Not a list: a number token (set when the sentence is built).
    pub const NUMBER: u64 = 1 << 40;
    /// Not a list: four bytes starting with a digit or "+", which may read
    /// as a year (set when the sentence is built).
    pub const YEARISH: u64 = 1 << 41;
    /// Not a list: ends with "fold" (set when the sentence is built).
    pub const FOLD: u64 = 1 << 42;
    /// Whatever can start a figure ([`super::super::quantity`]).
    pub const FIGURE: u64 =
        U_SYMBOL | U_NUMBER | U_FRACTION | U_ORDINAL | HYPHEN | ONE | NUMBER | YEARISH | FOLD;
}

/// What the claim rules know of one lowercase word.
#[derive(Debug)]
pub struct WordInfo {
    /// [`cls`] bits.
    pub cls: u64,
    /// `CUES_BY_FIRST` of the word (empty when none start with it).
    pub cues: &'static [CueForm],
    /// `POSITIONS_BY_FIRST` of the word.
    pub positions: &'static [&'static VerbForm],
}

/// The [`WordInfo`] of a word in no list.
#[cfg(test)]
pub static NO_INFO: WordInfo = WordInfo {
    cls: 0,
    cues: &[],
    positions: &[],
};

/// Every word of the lists above with its classes and the cue and stance
/// forms it starts.
pub static INFO: LazyLock<FxHashMap<&'static str, WordInfo>> = LazyLock::new(|| {
    fn add(m: &mut FxHashMap<&'static str, WordInfo>, w: &'static str, bit: u64) {
        m.entry(w)
            .or_insert(WordInfo {
                cls: 0,
                cues: &[],
                positions: &[],
            })
            .cls |= bit;
    }
    let mut m: FxHashMap<&'static str, WordInfo> = FxHashMap::default();
    let w = &*WORDS;
    let u = &*UNITS;
    let sets: [(&FxHashSet<&'static str>, u64); 32] = [
        (&w.determiner, cls::DETERMINER),
        (&w.pronoun, cls::PRONOUN),
        (&w.object_pronoun, cls::OBJECT_PRONOUN),
        (&w.relative, cls::RELATIVE),
        (&w.aux, cls::AUX),
        (&w.adverb, cls::ADVERB),
        (&w.boundary, cls::BOUNDARY),
        (&w.preposition, cls::PREPOSITION),
        (&w.time, cls::TIME),
        (&w.day, cls::DAY),
        (&w.bridge, cls::BRIDGE),
        (&w.not_reporting, cls::NOT_REPORTING),
        (&w.addressee, cls::ADDRESSEE),
        (&w.clause_opener, cls::CLAUSE_OPENER),
        (&w.plural, cls::PLURAL),
        (&w.not_adverb, cls::NOT_ADVERB),
        (&ANONYMITY.heads, cls::ANON_HEAD),
        (&PLAN_NOUNS, cls::PLAN_NOUN),
        (&PLAN_NOUN_FIRSTS, cls::PLAN_FIRST),
        (&u.scale, cls::U_SCALE),
        (&u.percent, cls::U_PERCENT),
        (&u.currency, cls::U_CURRENCY),
        (&u.symbol, cls::U_SYMBOL),
        (&u.time, cls::U_TIME),
        (&u.ordinal, cls::U_ORDINAL),
        (&u.number, cls::U_NUMBER),
        (&u.fraction, cls::U_FRACTION),
        (&u.month, cls::U_MONTH),
        (&TERMS.call, cls::CALL),
        (&SOURCES.passive, cls::PASSIVE),
        (&SOURCES.plan_verb, cls::PLAN_VERB),
        (&SOURCES.plan_by, cls::PLAN_BY),
    ];
    for (set, bit) in sets {
        for word in set.iter() {
            add(&mut m, word, bit);
        }
    }
    for marker in &ANONYMITY.markers {
        if let Some(first) = marker.first() {
            add(&mut m, first, cls::MARKER_FIRST);
        }
    }
    for intro in &TERMS.intro {
        if let Some(first) = intro.first() {
            add(&mut m, first, cls::INTRO_FIRST);
        }
    }
    add(&mut m, "according", cls::ACCORDING);
    add(&mut m, "what", cls::WHAT);
    add(&mut m, "one", cls::ONE);
    for (first, forms) in CUES_BY_FIRST.iter() {
        add(&mut m, first, cls::CUE_FIRST);
        if let Some(i) = m.get_mut(first) {
            i.cues = forms.as_slice();
        }
    }
    for (first, forms) in POSITIONS_BY_FIRST.iter() {
        add(&mut m, first, cls::POSITION_FIRST);
        if let Some(i) = m.get_mut(first) {
            i.positions = forms.as_slice();
        }
    }
    m
});

/// The key of the word `w`, which stands at byte `a` of `buf`, of 1 to 16
/// bytes: its first 8 bytes (zero past the word) and, for a word of more
/// than 8, its last 8. With the length, equal keys are equal words. The
/// first read takes 8 bytes at once from `buf` (the document's lowercase
/// text) even past the word's end, and masks them: one load and no branch
/// on the length for almost every token (a copy only at the end of `buf`).
#[inline]
fn key(buf: &[u8], a: usize, w: &[u8]) -> (u64, u64) {
    let n = w.len();
    let first = match buf.get(a..).and_then(|r| r.first_chunk::<8>()) {
        Some(c) => u64::from_le_bytes(*c),
        None => {
            let mut c = [0u8; 8];
            for (d, s) in c.iter_mut().zip(w) {
                *d = *s;
            }
            u64::from_le_bytes(c)
        }
    };
    let first = if n < 8 {
        first & !(u64::MAX << (8 * n as u32))
    } else {
        first
    };
    let last = match w.last_chunk::<8>() {
        Some(c) if n > 8 => u64::from_le_bytes(*c),
        _ => 0,
    };
    (first, last)
}

/// An open-addressing table of [`INFO`] by word key ([`key`]): a token's
/// lookup is one or two loads, a multiplication and a few compares, where
/// the general hash map took a quarter of building the tokens. Probes read
/// a small array of 8-bit fingerprints first: most tokens are in no list,
/// and their lookup then stays in that array; a found word's slot holds its
/// classes, so that the word's [`WordInfo`] is read only for cue and stance
/// verbs (in the whole pipeline these reads missed the cache).
pub struct WordTable {
    /// Per slot: 0 when empty, else a fingerprint of its word (never 0).
    tags: Vec<u8>,
    /// `(first, last, classes, index into infos, length)` of the word in
    /// each slot.
    slots: Vec<(u64, u64, u64, u32, u8)>,
    infos: Vec<&'static WordInfo>,
    shift: u32,
    /// Whether some word is longer than 16 bytes (looked up in [`INFO`]).
    long: bool,
}

impl WordTable {
    /// The first slot to probe and the fingerprint of a word key.
    #[inline]
    fn slot(&self, first: u64, last: u64, n: usize) -> (usize, u8) {
        let h = (first ^ last.rotate_left(29) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h >> self.shift) as usize, (h >> 16) as u8 | 1)
    }

    /// The slot of `w` (1 to 16 bytes), which stands at byte `a` of `buf`.
    #[inline]
    fn find(&self, buf: &[u8], a: usize, w: &[u8]) -> Option<&(u64, u64, u64, u32, u8)> {
        let n = w.len();
        let (first, last) = key(buf, a, w);
        let mask = self.tags.len().wrapping_sub(1);
        let (mut i, tag) = self.slot(first, last, n);
        loop {
            let found = *self.tags.get(i)?;
            if found == 0 {
                return None;
            }
            if found == tag
                && let Some(slot) = self.slots.get(i)
                && slot.0 == first
                && slot.1 == last
                && slot.4 as usize == n
            {
                return Some(slot);
            }
            i = (i + 1) & mask;
        }
    }

    /// The classes of the lowercase word `w`, which stands at byte `a` of
    /// `buf` (without [`cls::HYPHEN`], which the caller knows better), and
    /// what the lists know of it when it starts a cue or stance verb form.
    #[inline]
    pub fn classes(&self, buf: &[u8], a: usize, w: &str) -> (u64, Option<&'static WordInfo>) {
        const VERB: u64 = cls::CUE_FIRST | cls::POSITION_FIRST;
        let n = w.len();
        if n.wrapping_sub(1) < 16 {
            return match self.find(buf, a, w.as_bytes()) {
                Some(s) if s.2 & VERB != 0 => (s.2, self.infos.get(s.3 as usize).copied()),
                Some(s) => (s.2, None),
                None => (0, None),
            };
        }
        if self.long
            && let Some(i) = INFO.get(w)
        {
            return (i.cls, (i.cls & VERB != 0).then_some(i));
        }
        (0, None)
    }
}

static TABLE: LazyLock<WordTable> = LazyLock::new(|| {
    // At most a quarter full: most tokens are in no list, and a lookup
    // that misses probes until an empty slot (at half full, probes per
    // token were about 2 in the profile).
    let bits = (INFO.len() * 4)
        .next_power_of_two()
        .max(16)
        .trailing_zeros();
    let mut t = WordTable {
        tags: vec![0; 1 << bits],
        slots: vec![(0, 0, 0, 0, 0); 1 << bits],
        infos: Vec::new(),
        shift: 64 - bits,
        long: false,
    };
    let mask = t.slots.len() - 1;
    for (w, info) in INFO.iter() {
        let n = w.len();
        if !(1..=16).contains(&n) {
            t.long |= n > 0;
            continue;
        }
        let (first, last) = key(w.as_bytes(), 0, w.as_bytes());
        let (mut i, tag) = t.slot(first, last, n);
        while t.tags[i] != 0 {
            i = (i + 1) & mask;
        }
        t.tags[i] = tag;
        t.slots[i] = (first, last, info.cls, t.infos.len() as u32, n as u8);
        t.infos.push(info);
    }
    t
});

/// The word table, built on first use.
pub fn table() -> &'static WordTable {
    &TABLE
}

/// The classes of a lowercase word with its [`cls::HYPHEN`] bit, and what
/// the lists know of it when it starts a cue or stance verb form
/// ([`NO_INFO`] otherwise).
#[cfg(test)]
pub fn classify(w: &str) -> (u64, &'static WordInfo) {
    let hyphen = if w.contains('-') { cls::HYPHEN } else { 0 };
    let (classes, info) = TABLE.classes(w.as_bytes(), 0, w);
    (classes | hyphen, info.unwrap_or(&NO_INFO))
}

/// The plan nouns of two words, split ("road", "map").
pub static PLAN_NOUN_PAIRS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    PLAN_NOUNS
        .iter()
        .filter_map(|p| p.split_once(' '))
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        assert!(WORDS.determiner.contains("the"));
        assert!(WORDS.aux.contains("has"));
        assert!(ANONYMITY.heads.contains("officials"));
        assert!(ANONYMITY.markers.iter().any(|m| m == &["familiar", "with"]));
        assert!(PLAN_NOUNS.contains("ceasefire"));
        assert!(PLAN_NOUNS.contains("road map"));
        let wants = POSITION_VERBS.iter().find(|f| f.words == ["demands"]);
        assert!(wants.is_some_and(|f| f.noun_too));
        let called_for = POSITION_VERBS.iter().find(|f| f.words == ["called", "for"]);
        assert!(called_for.is_some_and(|f| !f.noun_too));
        assert!(UNITS.percent.contains("%"));
        assert!(UNITS.qualifier.iter().any(|q| q == &["at", "least"]));
        assert!(TERMS.intro.iter().any(|q| q == &["so-called"]));
        assert!(SOURCES.passive.contains("credited"));
        assert!(
            CUES.iter()
                .any(|(f, l)| f == &["according", "to"] && *l == "according to")
        );
    }

    #[test]
    fn classify_agrees_with_the_word_map() {
        let verb = cls::CUE_FIRST | cls::POSITION_FIRST;
        for (w, info) in INFO.iter() {
            let (classes, found) = classify(w);
            assert_eq!(classes & !cls::HYPHEN, info.cls, "{w}");
            assert_eq!(classes & cls::HYPHEN != 0, w.contains('-'), "{w}");
            let expected: &WordInfo = if info.cls & verb != 0 { info } else { &NO_INFO };
            assert!(std::ptr::eq(found, expected), "{w}");
        }
        let long = "a-very-long-hyphenated-word-indeed";
        for w in [
            "",
            "x",
            "xy",
            "-",
            "zzz",
            "saidx",
            "unknownword",
            "abcdefghijklmnop",
            long,
        ] {
            let (classes, found) = classify(w);
            assert!(INFO.get(w).is_none(), "{w}");
            assert_eq!(
                classes,
                if w.contains('-') { cls::HYPHEN } else { 0 },
                "{w}"
            );
            assert!(std::ptr::eq(found, &NO_INFO), "{w}");
        }
        assert!(classify("said").0 & cls::CUE_FIRST != 0);
        assert!(!classify("said").1.cues.is_empty());
        assert!(classify("the").0 & cls::DETERMINER != 0);
    }
}
