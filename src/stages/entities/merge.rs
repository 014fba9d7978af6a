//! Merging: one entity per referent.
//!
//! Mentions with the same words form a group ("the Kremlin" and "Kremlin"
//! alike). A group's words are then looked for everywhere else in the
//! content, token by token through a hash map of first words (a name tagged
//! once is a name wherever it stands). Groups join:
//! a surname or first name alone joins the person whose full name it ends or
//! starts; an acronym joins the name it abbreviates (written "X Y Z (XYZ)",
//! spelled by the initials, or known to the gazetteer). The type of an entity
//! is the vote of its mentions, taken for all of them.
//!
//! Speed: the groups' keys and first and last words are numbered once in one
//! string table ([`Strings`]), and the tables of this pass (people by first
//! or last name, organizations by first word, the names to look for) are
//! vectors by that number in one [`Slot`] per string. A hash map (and a
//! vector) per table and per name was most of this pass in the profile,
//! with its allocations.

use std::borrow::Cow;
use std::collections::HashMap;

/// Hash maps keyed by short names: the fast hasher.
type Map<K, V> = HashMap<K, V, FxBuild>;

use std::ops::Range;

use crate::doc::{Document, Entity, EntityType, Mention, Token, TokenKind};

use super::Found;
use super::gazetteer::{CITY, COUNTRY, FIRST, FxBuild, GAZETTEER, ORG, ORG_CUE, PLACE, tail_u64};
use super::tagger::DocContext;

/// No group, no string, no mention.
const NONE: usize = usize::MAX;

/// Mentions with the same words. The key and the words borrow from the
/// text: a String per group and per word was most of the allocations of
/// this pass in the profile.
struct Group<'t> {
    key: Cow<'t, str>,
    /// The key's number in [`Strings`].
    key_id: usize,
    /// Its words: a range of the one list of all groups' words.
    words: Range<usize>,
    /// The numbers of its first and last words in [`Strings`] (NONE
    /// without words).
    first_id: usize,
    last_id: usize,
    /// How many mentions, the rule of the first and the first start; the
    /// mentions themselves are in one list for all groups (a vector per
    /// group showed in the profile).
    n_mentions: usize,
    first_rule: &'static str,
    first_start: usize,
    votes: [u32; 6],
    first_kind: EntityType,
    /// The vote, taken once all mentions are in ([`Group::vote`]).
    vote: EntityType,
    /// Whether the key has a lowercase letter.
    has_lower: bool,
    /// The gazetteer's flags of the key, looked up for places and others.
    name_flags: u16,
    /// The person before it with the same last word (see [`Slot::last`]).
    last_next: usize,
}

impl Group<'_> {
    fn add_mention(&mut self, start: usize) {
        self.n_mentions += 1;
        self.first_start = self.first_start.min(start);
    }

    fn vote(&self) -> EntityType {
        let mut best = self.first_kind;
        for k in [
            EntityType::Person,
            EntityType::Organization,
            EntityType::Location,
            EntityType::Nationality,
            EntityType::Event,
            EntityType::Other,
        ] {
            if self.votes[k as usize] > self.votes[best as usize] {
                best = k;
            }
        }
        best
    }

    fn start(&self) -> usize {
        if self.n_mentions == 0 {
            0
        } else {
            self.first_start
        }
    }
}

/// One mention: its group, range, tokens and rule. `is_key` when its text
/// is its group's key as written (no "the" cut off), so that its alias is
/// the key without single-spacing the text again.
struct Ment {
    g: usize,
    range: Range<usize>,
    tokens: Range<usize>,
    rule: &'static str,
    is_key: bool,
}

/// The strings of this pass, numbered: the groups' keys and the first and
/// last words of their names. An open-addressing table of numbers, its
/// vectors kept from one document to the next: a hash map of `Cow` keys
/// made anew per document (its allocation, the hashing through `Hasher`
/// and the key compares) was about a sixth of this pass in the profile.
struct Strings<'t> {
    /// By number: the string and its hash.
    strs: Vec<Cow<'t, str>>,
    hashes: Vec<u64>,
    /// The table: (a tag of the hash, number), EMPTY where free; its
    /// length a power of two, at least twice the count of strings.
    table: Vec<(u32, u32)>,
    /// By number: the group whose key it is, or NONE.
    group: Vec<usize>,
}

/// A free place in [`Strings::table`].
const EMPTY: (u32, u32) = (0, u32::MAX);

/// The hash of a string for [`Strings`]: eight bytes at a time (as the
/// gazetteer's Fx), seeded with the length.
fn str_hash(b: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (b.len() as u64).wrapping_mul(K);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ tail_u64(rest)).wrapping_mul(K);
    }
    h
}

impl<'t> Strings<'t> {
    /// Emptied, with room for about `n` strings.
    fn reset(&mut self, n: usize) {
        self.strs.clear();
        self.hashes.clear();
        self.group.clear();
        self.table.clear();
        self.table
            .resize((2 * n).next_power_of_two().max(16), EMPTY);
    }

    /// The place of `s` (hash `h`) in the table: its own, or the free one
    /// where it would go.
    fn place(&self, s: &str, h: u64) -> usize {
        let mask = self.table.len() - 1;
        // The high bits of the hash place it; the next ones tag it.
        let mut i = (h >> 40) as usize & mask;
        let tag = (h >> 8) as u32;
        loop {
            let Some(&(t, id)) = self.table.get(i) else {
                return i;
            };
            if id == u32::MAX
                || t == tag && self.strs.get(id as usize).is_some_and(|x| x.as_ref() == s)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    fn get(&self, s: &str) -> Option<usize> {
        let i = self.place(s, str_hash(s.as_bytes()));
        self.table
            .get(i)
            .map(|&(_, id)| id as usize)
            .filter(|&id| id != u32::MAX as usize)
    }

    fn intern(&mut self, s: Cow<'t, str>) -> usize {
        let h = str_hash(s.as_bytes());
        let i = self.place(&s, h);
        match self.table.get(i) {
            Some(&(_, id)) if id != u32::MAX => return id as usize,
            _ => {}
        }
        let id = self.strs.len();
        if let Some(x) = self.table.get_mut(i) {
            *x = ((h >> 8) as u32, id as u32);
        }
        self.strs.push(s);
        self.hashes.push(h);
        self.group.push(NONE);
        if 2 * self.strs.len() > self.table.len() {
            self.grow();
        }
        id
    }

    /// Twice the room, every string placed again.
    fn grow(&mut self) {
        let n = self.table.len() * 2;
        self.table.clear();
        self.table.resize(n, EMPTY);
        let mask = n - 1;
        for (id, &h) in self.hashes.iter().enumerate() {
            let mut i = (h >> 40) as usize & mask;
            while self.table.get(i).is_some_and(|&(_, x)| x != u32::MAX) {
                i = (i + 1) & mask;
            }
            if let Some(x) = self.table.get_mut(i) {
                *x = ((h >> 8) as u32, id as u32);
            }
        }
    }

    /// The group whose key is `s`.
    fn group_of(&self, s: &str) -> Option<usize> {
        self.get(s)
            .and_then(|id| self.group.get(id).copied())
            .filter(|&g| g != NONE)
    }
}

/// What the tables of this pass hold for one string of [`Strings`].
#[derive(Clone, Copy)]
struct Slot {
    /// People with it as first or last word (propagation), and the index
    /// in the words list of the first such word.
    part: Few,
    part_word: usize,
    /// Whether a one-word group of it is looked for.
    own: bool,
    /// The last of the names looked for that start with it (they are
    /// chained, see [`propagate`]).
    pat: usize,
    /// People with it as first word.
    first: Few,
    /// The last person (by group index) with it as last word; the ones
    /// before are chained through [`Group::last_next`].
    last: usize,
    /// Organizations with it as first word.
    head: Few,
}

const EMPTY_SLOT: Slot = Slot {
    part: Few::NO,
    part_word: NONE,
    own: false,
    pat: NONE,
    first: Few::NO,
    last: NONE,
    head: Few::NO,
};

/// What an entity is made from: its root group's count of groups and of
/// mentions, its name's group and its place in the list.
#[derive(Clone, Copy)]
struct Root {
    members: usize,
    mentions: usize,
    name: usize,
    entity: usize,
}

/// The buffers of this pass, kept per thread from one document to the
/// next, empty: a dozen vectors allocated anew for every document (some of
/// a few kilobytes) were about a tenth of this pass in the profile. The
/// groups and the words borrow from the text: kept as `'static` and read
/// as any lifetime while empty (see [`merge`]).
#[derive(Default)]
struct Scratch {
    groups: Vec<Group<'static>>,
    words: Vec<&'static str>,
    strs: Vec<Cow<'static, str>>,
    hashes: Vec<u64>,
    table: Vec<(u32, u32)>,
    ids: Vec<usize>,
    covered: Vec<bool>,
    ments: Vec<Ment>,
    slots: Vec<Slot>,
    parent: Vec<usize>,
    kinds: Vec<EntityType>,
    per: Vec<Root>,
    in_order: Vec<usize>,
    firsts: Vec<(usize, usize)>,
    pats: Vec<(usize, usize, usize, usize)>,
    next: Vec<usize>,
    caps: Vec<usize>,
    ends: Vec<usize>,
    added: Vec<(usize, Range<usize>, Range<usize>)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A vector of the scratch, emptied.
fn reuse<T>(v: &mut Vec<T>) -> Vec<T> {
    let mut v = std::mem::take(v);
    v.clear();
    v
}

/// A name single-spaced: borrowed when it already is (most names).
fn single_spaced(text: &str) -> Cow<'_, str> {
    let spaced = ascii_spaced(text.as_bytes()).unwrap_or_else(|| {
        !text.starts_with(' ')
            && !text.ends_with(' ')
            && !text.contains("  ")
            && !text.contains(|c: char| c.is_whitespace() && c != ' ')
    });
    if spaced {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether ASCII text is single-spaced (no space at either end, no two in a
/// row, no other white space); None at the first non-ASCII byte before an
/// answer. One pass over the bytes: an `is_ascii` pass and then the check
/// showed in the profile.
fn ascii_spaced(b: &[u8]) -> Option<bool> {
    // A space "before" the text: a leading space is not single-spaced.
    let mut prev = b' ';
    for &c in b {
        if c > b' ' {
            if c >= 0x80 {
                return None;
            }
        } else if c == b' ' {
            if prev == b' ' {
                return Some(false);
            }
        } else if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            return Some(false);
        }
        prev = c;
    }
    Some(prev != b' ' || b.is_empty())
}

/// The words of a mention as a key: single-spaced, without a leading "the";
/// and whether a "the" was cut off.
fn key_of<'t>(doc: &Document<'t>, f: &Found) -> (Cow<'t, str>, bool) {
    let full = doc.text.get(f.range.clone()).unwrap_or("");
    let mut text = full;
    for the in ["the ", "The "] {
        if f.tokens.len() > 1 {
            text = text.strip_prefix(the).unwrap_or(text);
        }
    }
    let start = f.range.end - text.len();
    let key = if spaced_by_tokens(doc, &f.tokens, start..f.range.end) {
        Cow::Borrowed(text)
    } else {
        single_spaced(text)
    };
    (key, text.len() != full.len())
}

/// Whether the text of `range`, within the tokens `tokens`, is surely
/// single-spaced: it starts and ends in tokens, and what lies between two
/// of them is nothing or one space. Tokens hold no white space (the
/// reader's tokenizer skips every white-space character and makes words of
/// letters, digits and joiners), so this is the answer of [`single_spaced`]
/// wherever it says yes, a few steps a token: the byte scan of every
/// mention's text was a twentieth of the merging in the profile. No means
/// "ask [`single_spaced`]".
fn spaced_by_tokens(doc: &Document<'_>, tokens: &Range<usize>, range: Range<usize>) -> bool {
    let Some(toks) = doc.tokens.get(tokens.clone()) else {
        return false;
    };
    let bytes = doc.text.as_bytes();
    // Where the text is known to be fine up to.
    let mut at = range.start;
    for t in toks {
        let (s, e) = (t.range.start.max(range.start), t.range.end.min(range.end));
        if s >= e {
            continue;
        }
        // Nothing between, or one space after a token.
        if s > at && !(s == at + 1 && at > range.start && bytes.get(at) == Some(&b' ')) {
            return false;
        }
        at = e;
    }
    at == range.end && range.start < range.end
}

/// Adds the words of a mention, without a leading "the", to `words`.
fn push_words<'t>(doc: &Document<'t>, f: &Found, words: &mut Vec<&'t str>) {
    let toks = doc.tokens.get(f.tokens.clone()).unwrap_or(&[]);
    for (n, t) in toks.iter().enumerate() {
        let w = doc.slice(&t.range);
        if n == 0 && f.tokens.len() > 1 && (w == "the" || w == "The") {
            continue;
        }
        words.push(w);
    }
}

/// Company suffixes that a short form leaves out ("NationsBank Corp.").
fn is_company_suffix(w: &str) -> bool {
    // Compared without a lowercase copy of the word, and only with the
    // suffixes of its length (seventeen compares a word showed in the
    // profile).
    let w = w.trim_end_matches('.');
    let suffixes: &[&str] = match w.len() {
        1 => &["&"],
        2 => &["co", "ag", "sa", "nv"],
        3 => &["inc", "ltd", "plc", "llc"],
        4 => &["corp", "gmbh"],
        5 => &["group"],
        7 => &["company", "limited"],
        8 => &["holdings"],
        11 => &["corporation"],
        12 => &["incorporated"],
        _ => return false,
    };
    suffixes.iter().any(|s| w.eq_ignore_ascii_case(s))
}

/// The groups that share a name part, where only a lone one is wanted:
/// the first and how many (a vector per name showed in the profile).
#[derive(Clone, Copy)]
struct Few {
    first: usize,
    count: usize,
}

impl Few {
    const NO: Few = Few { first: 0, count: 0 };

    /// The group, when it is the only one.
    fn only(&self) -> Option<usize> {
        (self.count == 1).then_some(self.first)
    }

    fn add(&mut self, i: usize) {
        if self.count == 0 {
            self.first = i;
        }
        self.count += 1;
    }
}

/// Counts `i` under `key`.
fn add_few<K: std::hash::Hash + Eq>(map: &mut Map<K, Few>, key: K, i: usize) {
    map.entry(key).or_insert(Few::NO).add(i);
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], i: usize, t: usize) {
    let (a, b) = (find(parent, i), find(parent, t));
    if a != b {
        parent[a] = b;
    }
}

/// Letters of an acronym ("NATO", "U.N."), when the word is one, as one
/// number (one byte per letter: no String per acronym mention).
fn acronym_letters(w: &str) -> Option<u64> {
    if w.len() > 12 || !w.bytes().all(|b| b.is_ascii_uppercase() || b == b'.') {
        return None;
    }
    let (mut key, mut n) = (0u64, 0);
    for b in w.bytes().filter(|&b| b != b'.') {
        key = key << 8 | b as u64;
        n += 1;
    }
    (2..=6).contains(&n).then_some(key)
}

/// The first letter of [`acronym_letters`].
fn first_letter(mut key: u64) -> u8 {
    while key > 0xff {
        key >>= 8;
    }
    key as u8
}

/// Initials of the capitalized words of a name ("North Atlantic Treaty
/// Organization" -> "NATO") as [`acronym_letters`] numbers them, when they
/// could be an acronym's letters (two to six ASCII capitals).
fn initials(words: &[&str]) -> Option<u64> {
    let (mut key, mut n) = (0u64, 0);
    for c in words
        .iter()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
    {
        if !c.is_ascii() || n == 6 {
            return None;
        }
        key = key << 8 | c as u64;
        n += 1;
    }
    (n >= 2).then_some(key)
}

/// Lowercase `words` joined by spaces, into `buf`.
fn join_lower(buf: &mut String, words: &[&str]) {
    join(buf, words);
    if buf.is_ascii() {
        buf.make_ascii_lowercase();
    } else {
        *buf = buf.to_lowercase();
    }
}

/// `words` joined by spaces, into `buf` (a reused buffer: a String per
/// lookup showed in the profile).
fn join(buf: &mut String, words: &[&str]) {
    buf.clear();
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            buf.push(' ');
        }
        buf.push_str(w);
    }
}

pub(crate) fn merge<'t>(
    doc: &Document<'t>,
    ctx: &DocContext<'_>,
    found: Vec<Found>,
) -> Vec<Entity> {
    let mut sc = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    // Empty vectors of `'static` borrows read as vectors of `'t` ones.
    let mut groups: Vec<Group<'t>> = reuse(&mut sc.groups);
    let mut words: Vec<&'t str> = reuse(&mut sc.words);
    let mut strings = Strings {
        strs: reuse(&mut sc.strs),
        hashes: reuse(&mut sc.hashes),
        table: reuse(&mut sc.table),
        group: reuse(&mut sc.ids),
    };
    strings.reset(2 * found.len());
    let mut covered = reuse(&mut sc.covered);
    covered.resize(doc.tokens.len(), false);
    // Every mention: its group, range, tokens and rule.
    let mut ments: Vec<Ment> = reuse(&mut sc.ments);
    for f in &found {
        let (key, cut) = key_of(doc, f);
        if key.is_empty() {
            continue;
        }
        // The words are copied only for a new group.
        let key_id = strings.intern(key.clone());
        let g = match strings.group.get(key_id).copied() {
            Some(g) if g != NONE => g,
            _ => {
                let g = groups.len();
                if let Some(s) = strings.group.get_mut(key_id) {
                    *s = g;
                }
                let start = words.len();
                push_words(doc, f, &mut words);
                // A one-word name's word is its key (most often): no second
                // lookup. The last words are numbered for people only, below.
                let first_id = match words.get(start..) {
                    Some([only]) if *only == key.as_ref() => key_id,
                    Some([first, ..]) => strings.intern(Cow::Borrowed(*first)),
                    _ => NONE,
                };
                let has_lower = key.chars().any(char::is_lowercase);
                groups.push(Group {
                    key,
                    key_id,
                    words: start..words.len(),
                    first_id,
                    last_id: NONE,
                    n_mentions: 0,
                    first_rule: f.rule,
                    first_start: usize::MAX,
                    votes: [0; 6],
                    first_kind: f.kind,
                    vote: f.kind,
                    has_lower,
                    name_flags: 0,
                    last_next: NONE,
                });
                g
            }
        };
        let range = f.range.clone();
        groups[g].add_mention(range.start);
        groups[g].votes[f.kind as usize] += 1;
        for c in covered.iter_mut().take(f.tokens.end).skip(f.tokens.start) {
            *c = true;
        }
        ments.push(Ment {
            g,
            range,
            tokens: f.tokens.clone(),
            rule: f.rule,
            is_key: !cut,
        });
    }
    drop(found);
    // The votes are all in: taken once (it was taken three times a group).
    // The last words of people's names are wanted (and numbered) only
    // when they have two words or more.
    for g in groups.iter_mut() {
        g.vote = g.vote();
        if g.vote == EntityType::Person
            && g.words.len() >= 2
            && let Some(w) = words.get(g.words.end - 1)
        {
            g.last_id = strings.intern(Cow::Borrowed(*w));
        }
    }
    let mut slots = reuse(&mut sc.slots);
    slots.resize(strings.group.len(), EMPTY_SLOT);

    // A name tagged once is found wherever else it stands.
    propagate(
        doc,
        ctx,
        &mut groups,
        &words,
        &strings,
        &mut slots,
        &mut covered,
        &mut ments,
        &mut sc,
    );

    let n = groups.len();
    let mut parent = reuse(&mut sc.parent);
    parent.extend(0..n);
    let mut kinds = reuse(&mut sc.kinds);
    kinds.extend(groups.iter_mut().map(|g| {
        let k = g.vote;
        if matches!(k, EntityType::Location | EntityType::Other) {
            // Looked up once: the places' flags are wanted again below.
            g.name_flags = GAZETTEER.name(&g.key);
        }
        let ws = &words[g.words.clone()];
        // A known organization stays one ("White House", "Kremlin").
        if matches!(k, EntityType::Location | EntityType::Other)
            && g.name_flags & ORG != 0
            && g.name_flags & (COUNTRY | CITY) == 0
        {
            EntityType::Organization
        } else if matches!(
            k,
            EntityType::Person | EntityType::Location | EntityType::Other
        ) && ws.len() >= 2
            && ws.last().is_some_and(|w| is_company_suffix(w) && *w != "&")
        {
            // "Roosevelt Financial Group Inc": a company, whatever it looked like.
            EntityType::Organization
        } else if k == EntityType::Other
            && ws.len() >= 2
            && ws.iter().any(|w| GAZETTEER.word(w) & ORG_CUE != 0)
        {
            // "World Economic Forum", "Republican National Committee".
            EntityType::Organization
        } else {
            k
        }
    }));

    // People: a surname or first name alone joins the full name.
    for i in 0..n {
        let g = &groups[i];
        if kinds[i] == EntityType::Person && g.words.len() >= 2 {
            let (f, l) = (g.first_id, g.last_id);
            if let Some(s) = slots.get_mut(l) {
                let before = s.last;
                s.last = i;
                groups[i].last_next = before;
            }
            if let Some(s) = slots.get_mut(f) {
                s.first.add(i);
            }
        }
    }
    // Longer ends of names too ("De Blasio" of "Bill de Blasio"), in lowercase.
    let mut by_end: Map<String, Few> = Map::default();
    for (i, g) in groups.iter().enumerate() {
        if kinds[i] == EntityType::Person && g.words.len() >= 3 {
            let ws = &words[g.words.clone()];
            for k in 1..ws.len() - 1 {
                add_few(&mut by_end, ws[k..].join(" ").to_lowercase(), i);
            }
        }
    }
    let mut buf = String::new();
    for i in 0..n {
        let g = &groups[i];
        if g.words.len() >= 2 && kinds[i] == EntityType::Person {
            // No lowercase copy of the name when no longer name has ends.
            if !by_end.is_empty() {
                join_lower(&mut buf, &words[g.words.clone()]);
                if let Some(c) = by_end.get(buf.as_str())
                    && let Some(t) = c.only()
                    && t != i
                {
                    union(&mut parent, i, t);
                }
            }
            continue;
        }
        if g.words.len() != 1 || matches!(kinds[i], EntityType::Nationality) {
            continue;
        }
        let w = g.key.as_ref();
        let has_last = |id: usize| slots.get(id).is_some_and(|s| s.last != NONE);
        // "O'Dowd" after "Sarah O’Dowd": either apostrophe.
        // The bytes are looked at before the characters: the search for
        // '’' showed in the profile.
        let last = if has_last(g.key_id) {
            Some(g.key_id)
        } else if w.bytes().any(|b| b == b'\'' || b == 0xe2)
            && (w.contains('\'') || w.contains('’'))
        {
            let other: String = w
                .chars()
                .map(|c| match c {
                    '\'' => '’',
                    '’' => '\'',
                    c => c,
                })
                .collect();
            strings.get(&other).filter(|&id| has_last(id))
        } else {
            None
        };
        let first = slots.get(g.key_id).map_or(Few::NO, |s| s.first);
        let target = if let Some(id) = last {
            // The full name mentioned last before this one, else the first:
            // the chain runs from the last person back to the first.
            let at = g.start();
            let (mut best, mut earliest) = (None, None);
            let mut c = slots.get(id).map_or(NONE, |s| s.last);
            while let Some(p) = groups.get(c) {
                let s = p.start();
                if s <= at && best.is_none_or(|(_, b)| s > b) {
                    best = Some((c, s));
                }
                earliest = Some(c);
                c = p.last_next;
            }
            best.map(|(c, _)| c).or(earliest)
        } else if first.count > 0 {
            let person = kinds[i] == EntityType::Person || GAZETTEER.word(w) & FIRST != 0;
            first.only().filter(|_| person)
        } else {
            None
        };
        if let Some(t) = target {
            union(&mut parent, i, t);
        }
    }

    // An all-caps form (a dateline's "LISBON") joins the same name as
    // written in the text ("Lisbon").
    // The lowercase table is made only when there are such forms: a
    // lowercase copy of every key showed in the profile.
    let mut all_caps = reuse(&mut sc.caps);
    all_caps.extend(
        (0..n).filter(|&i| !groups[i].has_lower && groups[i].key.chars().any(char::is_uppercase)),
    );
    if !all_caps.is_empty() {
        let caps_lower: Vec<String> = all_caps
            .iter()
            .map(|&i| groups[i].key.to_lowercase())
            .collect();
        // Acronyms are all-caps too, so the table is made in most articles:
        // an ASCII key is lowercased only when its length and first letter
        // are those of an all-caps form (its lowercase keeps both). The
        // shapes as bits (first letter modulo 32, length modulo 64): a
        // filter, where a hash map of them showed in the profile.
        let mut shapes = [0u64; 32];
        for l in &caps_lower {
            if let Some(&b) = l.as_bytes().first() {
                shapes[(b & 31) as usize] |= 1 << (l.len() & 63);
            }
        }
        let mut by_lower: Map<String, usize> = Map::default();
        for (i, g) in groups.iter().enumerate() {
            let k = g.key.as_ref();
            let may_match = || {
                !k.is_ascii()
                    || k.as_bytes().first().is_some_and(|b| {
                        shapes[(b.to_ascii_lowercase() & 31) as usize] >> (k.len() & 63) & 1 != 0
                    })
            };
            if g.has_lower && may_match() {
                by_lower.entry(k.to_lowercase()).or_insert(i);
            }
        }
        for (&i, lower) in all_caps.iter().zip(&caps_lower) {
            if let Some(&t) = by_lower.get(lower) {
                union(&mut parent, i, t);
            }
        }
    }

    // Organizations: "NationsBank" joins "NationsBank Corp.", "Wells" joins
    // "Wells Fargo" when no other organization starts with it.
    let mut by_stem: Map<String, Few> = Map::default();
    for (i, g) in groups.iter().enumerate() {
        if kinds[i] != EntityType::Organization || g.words.len() < 2 {
            continue;
        }
        let all_words = &words[g.words.clone()];
        let mut w: &[&str] = all_words;
        while w.len() > 1 && w.last().is_some_and(|x| is_company_suffix(x)) {
            w = &w[..w.len() - 1];
        }
        if w.len() < all_words.len() {
            // "Harlow Valley" of "Harlow Valley Trust Systems Inc.": a company's short
            // form may also drop the words after its first two.
            for k in 2..=w.len() {
                if w[k - 1].chars().next().is_some_and(char::is_uppercase) {
                    add_few(&mut by_stem, w[..k].join(" "), i);
                }
            }
        }
        if let Some(s) = slots.get_mut(g.first_id) {
            s.head.add(i);
        }
    }
    for i in 0..n {
        let g = &groups[i];
        // A word the tagger took for a place joins too, unless it is one
        // ("Alder" of "Alder Bancorp Inc."; not "Chicago").
        let mistyped_place = kinds[i] == EntityType::Location && g.name_flags & PLACE == 0;
        if !mistyped_place
            && !matches!(
                kinds[i],
                EntityType::Organization | EntityType::Person | EntityType::Other
            )
        {
            continue;
        }
        let stem = if by_stem.is_empty() {
            None
        } else {
            join(&mut buf, &words[g.words.clone()]);
            by_stem.get(buf.as_str()).and_then(Few::only)
        };
        let slot = slots.get(g.key_id).copied().unwrap_or(EMPTY_SLOT);
        let person_name = slot.first.count > 0 || slot.last != NONE;
        let head = (g.words.len() == 1 && !(kinds[i] == EntityType::Person && person_name))
            .then(|| slot.head.only())
            .flatten();
        if let Some(t) = stem.or(head)
            && t != i
        {
            union(&mut parent, i, t);
        }
    }

    // Acronyms: "North Atlantic Treaty Organization (NATO)", initials, gazetteer.
    // The initials table is made at the first acronym (most groups are none).
    let mut by_initials: Option<Map<u64, usize>> = None;
    let initials_table = || {
        let mut m: Map<u64, usize> = Map::default();
        for (i, g) in groups.iter().enumerate() {
            if g.words.len() >= 2
                && matches!(kinds[i], EntityType::Organization | EntityType::Location)
                && let Some(k) = initials(&words[g.words.clone()])
            {
                m.entry(k).or_insert(i);
            }
        }
        m
    };
    // The group of the last mention ending at each token, for "X (XYZ)":
    // made at the first acronym after a parenthesis.
    let mut ends_at: Option<Vec<usize>> = None;
    for m in &ments {
        let g = &groups[m.g];
        if g.words.len() != 1 {
            continue;
        }
        let Some(letters) = words.get(g.words.start).and_then(|w| acronym_letters(w)) else {
            continue;
        };
        let t = &m.tokens;
        let mut target = None;
        if t.start >= 2
            && doc
                .tokens
                .get(t.start - 1)
                .is_some_and(|x| doc.slice(&x.range) == "(")
        {
            // A vector of the scratch: one per document showed in the profile.
            let ends = ends_at.get_or_insert_with(|| {
                let mut e = reuse(&mut sc.ends);
                e.resize(doc.tokens.len() + 1, NONE);
                for m in &ments {
                    if let Some(x) = e.get_mut(m.tokens.end) {
                        *x = m.g;
                    }
                }
                e
            });
            let first = first_letter(letters);
            if let Some(b) = ends.get(t.start - 1).copied().filter(|&b| b != NONE)
                && words[groups[b].words.clone()]
                    .iter()
                    .any(|w| w.as_bytes().first() == Some(&first))
            {
                target = Some(b);
            }
        }
        if target.is_none() {
            target = by_initials
                .get_or_insert_with(initials_table)
                .get(&letters)
                .copied();
        }
        if target.is_none()
            && let Some(exp) = GAZETTEER.expansion(&g.key)
        {
            target = strings.group_of(exp);
        }
        if let Some(b) = target
            && b != m.g
        {
            union(&mut parent, m.g, b);
        }
    }

    // Build the entities, each from its root's groups: the fullest name,
    // the type of that name, the mentions in text order (ties in group
    // order, then as found). One pass over the mentions in text order
    // makes each entity at its first mention (a sort of all the mentions
    // by root and by text order, then one of the entities, showed in the
    // profile).
    // Each group's root, in place of its parent.
    for i in 0..n {
        parent[i] = find(&mut parent, i);
    }
    let roots = parent;
    let mut per = reuse(&mut sc.per);
    per.resize(
        n,
        Root {
            members: 0,
            mentions: 0,
            name: NONE,
            entity: NONE,
        },
    );
    // The fullest form: most words, then most letters, then first used;
    // the last of equals, as `max_by_key` takes it.
    let fullness = |g: usize| {
        let g = &groups[g];
        (
            g.words.len(),
            g.has_lower,
            g.key.len(),
            std::cmp::Reverse(g.start()),
        )
    };
    for (i, &r) in roots.iter().enumerate() {
        let p = &mut per[r];
        p.members += 1;
        if p.name == NONE || fullness(i) >= fullness(p.name) {
            p.name = i;
        }
    }
    for m in &ments {
        per[roots[m.g]].mentions += 1;
    }
    let mut in_order = reuse(&mut sc.in_order);
    in_order.extend(0..ments.len());
    // Stable: ties as found. The mentions found and then those propagated
    // are each mostly in text order, which this sort takes as runs.
    in_order.sort_by_key(|&m| {
        let x = &ments[m];
        (x.range.start, x.range.end, x.g)
    });
    let mut entities: Vec<Entity> = Vec::with_capacity(n);
    // Each entity's first start and root: the entities go in that order.
    let mut firsts = reuse(&mut sc.firsts);
    for &mi in &in_order {
        let m = &ments[mi];
        let r = roots[m.g];
        let p = &mut per[r];
        if p.entity == NONE {
            p.entity = entities.len();
            let name_group = if p.name == NONE { r } else { p.name };
            let rule = if p.members > 1 {
                "entities.merge"
            } else if groups[r].n_mentions > 1 {
                "entities.vote"
            } else if groups[r].n_mentions == 0 {
                "entities.tagger"
            } else {
                groups[r].first_rule
            };
            entities.push(Entity {
                name: String::from(groups[name_group].key.as_ref()),
                kind: kinds[name_group],
                aliases: Vec::new(),
                roles: Vec::new(),
                mentions: Vec::with_capacity(p.mentions),
                rule,
            });
            firsts.push((m.range.start, r));
        }
        let Some(e) = entities.get_mut(p.entity) else {
            continue;
        };
        if e.mentions.last().is_some_and(|l| l.range == m.range) {
            continue;
        }
        e.mentions.push(Mention {
            range: m.range.clone(),
            rule: m.rule,
        });
        // The name as written: no alias, nothing to compare.
        if m.is_key && m.g == p.name {
            continue;
        }
        let t = if m.is_key {
            Cow::Borrowed(groups[m.g].key.as_ref())
        } else {
            let t = doc.slice(&m.range);
            if spaced_by_tokens(doc, &m.tokens, m.range.clone()) {
                Cow::Borrowed(t)
            } else {
                single_spaced(t)
            }
        };
        if t != e.name.as_str() && !e.aliases.iter().any(|a| a.as_str() == t) {
            e.aliases.push(t.into_owned());
        }
    }
    // Entities whose first mentions start together go in root order.
    if !firsts.is_sorted() {
        let mut keyed: Vec<((usize, usize), Entity)> =
            firsts.iter().copied().zip(entities).collect();
        keyed.sort_unstable_by_key(|(k, _)| *k);
        entities = keyed.into_iter().map(|(_, e)| e).collect();
    }
    // The buffers back, the borrowing ones as `'static` again, keeping
    // their allocations (an empty in-place collect; `filter_map`, not
    // `filter`: the item type changes lifetime).
    groups.clear();
    words.clear();
    #[allow(clippy::unnecessary_filter_map)]
    {
        sc.groups = groups.into_iter().filter_map(|_| None).collect();
        sc.words = words.into_iter().filter_map(|_| None).collect();
        strings.strs.clear();
        sc.strs = strings.strs.into_iter().filter_map(|_| None).collect();
    }
    sc.hashes = strings.hashes;
    sc.table = strings.table;
    sc.ids = strings.group;
    sc.covered = covered;
    sc.ments = ments;
    sc.slots = slots;
    sc.parent = roots;
    sc.kinds = kinds;
    sc.per = per;
    sc.in_order = in_order;
    sc.firsts = firsts;
    sc.caps = all_caps;
    if let Some(e) = ends_at {
        sc.ends = e;
    }
    SCRATCH.with(|s| *s.borrow_mut() = sc);
    entities
}

/// The first of `toks` from `i` on that may start a name: a word whose
/// first byte and length (as `starts` holds them for the names) are those
/// of a name; `toks.len()` when none. A function of its own: inlined in
/// [`propagate`], this loop kept its variables on the stack, about thirty
/// instructions a token in the profile.
#[inline(never)]
fn next_candidate(toks: &[Token], bytes: &[u8], starts: &[u64; 64], i: usize) -> usize {
    let rest = toks.get(i..).unwrap_or(&[]);
    i + rest
        .iter()
        .position(|t| {
            // The length's bit modulo 64 (see `propagate`): no clamping.
            let n_bytes = t.range.end.wrapping_sub(t.range.start) as u32;
            t.kind == TokenKind::Word
                && bytes
                    .get(t.range.start)
                    .is_some_and(|&b| starts[(b & 63) as usize] >> (n_bytes & 63) & 1 != 0)
        })
        .unwrap_or(rest.len())
}

/// Adds the untagged occurrences of each group's name, on token boundaries,
/// outside other mentions. A one-word name at a sentence start that the
/// article also writes in lowercase is left alone ("Will", "Rose").
#[allow(clippy::too_many_arguments)]
fn propagate<'t>(
    doc: &Document<'t>,
    ctx: &DocContext<'_>,
    groups: &mut [Group<'t>],
    words: &[&'t str],
    strings: &Strings<'t>,
    slots: &mut [Slot],
    covered: &mut [bool],
    ments: &mut Vec<Ment>,
    sc: &mut Scratch,
) {
    // The names looked for: (number of the first word, how many words,
    // group, index of the first word in `words`), then chained by first
    // word (no sort, no vector per word).
    let pats = &mut sc.pats;
    pats.clear();
    for (i, g) in groups.iter().enumerate() {
        let mut cs = g.key.chars();
        if cs.next().is_some_and(char::is_uppercase)
            && cs.next().is_some()
            && g.vote != EntityType::Other
            && !g.words.is_empty()
        {
            pats.push((g.first_id, g.words.len(), i, g.words.start));
            if g.words.len() == 1
                && let Some(s) = slots.get_mut(g.first_id)
            {
                s.own = true;
            }
        }
    }
    // A person's first or last name alone ("Jared", "Witkoff") is found
    // too, when no group has that name of its own and only one person has it.
    for (i, g) in groups.iter().enumerate() {
        if g.vote == EntityType::Person && g.words.len() >= 2 {
            for (wi, id) in [(g.words.start, g.first_id), (g.words.end - 1, g.last_id)] {
                let w = words[wi];
                let mut cs = w.chars();
                if cs.next().is_some_and(char::is_uppercase)
                    && cs.next().is_some()
                    && let Some(s) = slots.get_mut(id)
                {
                    if s.part.count == 0 {
                        s.part_word = wi;
                    }
                    s.part.add(i);
                }
            }
        }
    }
    for (id, s) in slots.iter().enumerate() {
        if let Some(p) = s.part.only()
            && !s.own
        {
            pats.push((id, 1, p, s.part_word));
        }
    }
    if pats.is_empty() {
        return;
    }
    // Each name's next one with the same first word.
    let next = &mut sc.next;
    next.clear();
    next.resize(pats.len(), NONE);
    // The first bytes and lengths the names start with: most words
    // (lowercase ones) are passed over without hashing them, which was most
    // of this pass.
    let mut starts = [0u64; 64];
    for (k, &(id, _, _, wi)) in pats.iter().enumerate() {
        if let Some(s) = slots.get_mut(id) {
            next[k] = s.pat;
            s.pat = k;
        }
        if let Some(w) = words.get(wi)
            && let Some(&b) = w.as_bytes().first()
        {
            // A filter: a word of 64 bytes or more shares the bit of its
            // length modulo 64, and is then looked up (in vain or not).
            starts[(b & 63) as usize] |= 1 << (w.len() & 63);
        }
    }
    let added = &mut sc.added;
    added.clear();
    let bytes = doc.text.as_bytes();
    for (si, s) in doc.content_sentences() {
        let toks = doc.sentence_tokens(si);
        let base = s.tokens.start;
        let mut i = 0;
        loop {
            i = next_candidate(toks, bytes, &starts, i);
            let Some(t) = toks.get(i) else {
                break;
            };
            let w = doc.slice(&t.range);
            // The longest name that starts here, the first group of equals.
            let mut hit: Option<(usize, usize)> = None;
            let mut k = strings
                .get(w)
                .and_then(|id| slots.get(id))
                .map_or(NONE, |s| s.pat);
            while let Some(&(_, len, g, ws)) = pats.get(k) {
                if len <= toks.len() - i
                    && hit.is_none_or(|(l, h)| len > l || len == l && g < h)
                    // The first word is `w`: the chain is that of its
                    // number (compared anyway, the profile showed).
                    && words.get(ws + 1..ws + len).is_some_and(|rest| {
                        debug_assert_eq!(words.get(ws), Some(&w));
                        rest.iter()
                            .zip(&toks[i + 1..])
                            .all(|(w, t)| doc.slice(&t.range) == *w)
                    })
                {
                    hit = Some((len, g));
                }
                k = next[k];
            }
            let Some((len, g)) = hit else {
                i += 1;
                continue;
            };
            let j = i + len;
            let initial = i == 0 || toks[i - 1].kind == TokenKind::Quote;
            // The reader's lowercase form of the word.
            let common = initial && len == 1 && ctx.lower_seen(doc.lower.get(base + i));
            if !common && !(base + i..base + j).any(|k| covered.get(k).copied().unwrap_or(true)) {
                added.push((g, t.range.start..toks[j - 1].range.end, base + i..base + j));
            }
            i = j;
        }
    }
    for (g, range, t) in added.drain(..) {
        for c in covered.iter_mut().take(t.end).skip(t.start) {
            *c = true;
        }
        // Written as the key (most often): its alias needs no single-spacing.
        let mut is_key = false;
        if let Some(gr) = groups.get_mut(g) {
            gr.add_mention(range.start);
            is_key = doc.text.get(range.clone()) == Some(gr.key.as_ref());
        }
        ments.push(Ment {
            g,
            range,
            tokens: t,
            rule: "entities.propagated",
            is_key,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(text: &str) -> Vec<Entity> {
        crate::analyze(text).entities
    }

    #[test]
    fn surname_and_first_name_join_the_full_name() {
        let es = ents(
            "Ellen Marsh, the mayor, spoke on Monday.\nMarsh said the plan would work. On Friday, Ellen left the hall.\n",
        );
        let e = es
            .iter()
            .find(|e| e.name == "Ellen Marsh")
            .expect("Ellen Marsh");
        assert_eq!(e.kind, EntityType::Person);
        assert!(e.aliases.contains(&"Marsh".to_string()), "{es:?}");
        assert!(e.aliases.contains(&"Ellen".to_string()), "{es:?}");
        assert_eq!(e.mentions.len(), 3);
    }

    #[test]
    fn a_surname_with_a_particle_joins_in_any_case() {
        let es = ents("Mayor Carla van Dijk opened the bridge. Van Dijk said it was safe.\n");
        let e = es
            .iter()
            .find(|e| e.name == "Carla van Dijk")
            .expect("Carla van Dijk");
        assert!(e.aliases.contains(&"Van Dijk".to_string()), "{es:?}");
    }

    #[test]
    fn a_surname_before_the_full_name_still_joins() {
        let es = ents("Marsh wins vote\n\nCity leaders backed Ellen Marsh on Tuesday.\n");
        let e = es
            .iter()
            .find(|e| e.name == "Ellen Marsh")
            .expect("Ellen Marsh");
        assert!(e.aliases.contains(&"Marsh".to_string()), "{es:?}");
    }

    #[test]
    fn a_company_short_form_joins_its_full_name() {
        let es = ents(
            "Harlow Valley Trust Systems Inc. agreed to buy a rival, people said. Harlow Valley \
             will pay cash.\n",
        );
        let e = es
            .iter()
            .find(|e| e.name == "Harlow Valley Trust Systems Inc.")
            .unwrap_or_else(|| panic!("no full name in {es:?}"));
        assert_eq!(e.kind, EntityType::Organization);
        assert_eq!(e.aliases, vec!["Harlow Valley".to_string()]);
    }

    #[test]
    fn a_surname_joins_whatever_its_apostrophe() {
        let es = ents(
            "The report was written by Sarah O’Malley, a lawyer. O'Malley said it was fair.\n",
        );
        let e = es
            .iter()
            .find(|e| e.name == "Sarah O’Malley")
            .unwrap_or_else(|| panic!("no full name in {es:?}"));
        assert_eq!(e.aliases, vec!["O'Malley".to_string()]);
    }

    #[test]
    fn acronym_with_expansion_in_parentheses() {
        let es = ents(
            "Ministers met at the International Energy Agency (IEA) in Paris. The IEA said supply was tight.\n",
        );
        let e = es
            .iter()
            .find(|e| e.name == "International Energy Agency")
            .expect("IEA expanded");
        assert_eq!(e.kind, EntityType::Organization);
        assert_eq!(e.aliases, vec!["IEA".to_string()]);
        assert_eq!(e.mentions.len(), 3);
    }

    #[test]
    fn the_article_does_not_split_an_entity() {
        let es = ents("Kremlin officials spoke. Later the Kremlin denied it.\n");
        let k: Vec<&Entity> = es.iter().filter(|e| e.name == "Kremlin").collect();
        assert_eq!(k.len(), 1, "{es:?}");
        assert_eq!(k[0].mentions.len(), 2);
    }

    #[test]
    fn names_are_single_spaced() {
        for t in [
            "Ann Lee",
            " Ann",
            "Ann ",
            "Ann  Lee",
            "Ann\nLee",
            "Ann\x0bLee",
            "",
            "Zoë\u{a0}Lee",
            "Zoë Lee",
            "Ann  Zoë",
            "Zoë  Ann",
            " Zoë",
            "Zoë ",
            "Ann\u{2003}Lee",
            "A\x01B",
        ] {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(single_spaced(t), want, "{t:?}");
        }
        assert!(matches!(single_spaced("Ann Lee"), Cow::Borrowed(_)));
    }

    #[test]
    fn spacing_by_tokens_agrees_with_the_text() {
        for text in [
            "Ann  Lee met Bo\tKim and Zoë\u{a0}Lee in New York.\nThe U.S.-based  firm.",
            " Ann Lee ,  the O’Malley   family (NATO) said:  “Yes.”\r\nX",
        ] {
            let doc = crate::analyze(text);
            let n = doc.tokens.len();
            for i in 0..n {
                for j in i + 1..=n.min(i + 6) {
                    let (a, b) = (&doc.tokens[i].range, &doc.tokens[j - 1].range);
                    for range in [a.start..b.end, a.start..b.end - 1, a.start + 1..b.end] {
                        let Some(t) = text.get(range.clone()) else {
                            continue;
                        };
                        if spaced_by_tokens(&doc, &(i..j), range.clone()) {
                            assert!(matches!(single_spaced(t), Cow::Borrowed(_)), "{t:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn company_suffixes() {
        // The list compared in full, as it was before the lengths.
        let full = |w: &str| {
            let w = w.trim_end_matches('.');
            [
                "inc",
                "corp",
                "co",
                "ltd",
                "plc",
                "llc",
                "ag",
                "sa",
                "nv",
                "gmbh",
                "group",
                "holdings",
                "corporation",
                "company",
                "incorporated",
                "limited",
                "&",
            ]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
        };
        for w in [
            "Inc.",
            "inc",
            "CORP",
            "Corp.",
            "Co",
            "Ltd.",
            "PLC",
            "LLC",
            "AG",
            "S.A",
            "SA",
            "NV",
            "GmbH",
            "Group",
            "Holdings",
            "Corporation",
            "Company",
            "Incorporated",
            "Limited",
            "&",
            "Bank",
            "Inco",
            "",
            ".",
            "Groups",
            "İnc",
            "Co..",
            "&.",
        ] {
            assert_eq!(is_company_suffix(w), full(w), "{w}");
        }
    }

    #[test]
    fn acronym_letters_and_initials() {
        let key = |s: &str| s.bytes().fold(0u64, |k, b| k << 8 | b as u64);
        assert_eq!(acronym_letters("U.N."), Some(key("UN")));
        assert_eq!(acronym_letters("NATO"), Some(key("NATO")));
        assert_eq!(acronym_letters("Nato"), None);
        assert_eq!(acronym_letters("A"), None);
        assert_eq!(acronym_letters("ABCDEFG"), None);
        assert_eq!(first_letter(key("NATO")), b'N');
        assert_eq!(initials(&["Bank", "of", "England"]), Some(key("BE")));
        assert_eq!(initials(&["Bank"]), None);
        assert_eq!(initials(&["Ärzte", "Ohne", "Grenzen"]), None);
        assert_eq!(initials(&["A", "B", "C", "D", "E", "F", "G"]), None);
    }
}
