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

use std::borrow::Cow;
use std::collections::HashMap;

/// Hash maps keyed by short names: the fast hasher.
type Map<K, V> = HashMap<K, V, FxBuild>;

/// A map sized for `n` keys: growing the tables one insert at a time
/// showed in the profile.
fn map_for<K, V>(n: usize) -> Map<K, V> {
    Map::with_capacity_and_hasher(n, FxBuild::default())
}
use std::ops::Range;

use crate::doc::{Document, Entity, EntityType, Mention, TokenKind};

use super::Found;
use super::gazetteer::{CITY, COUNTRY, FIRST, FxBuild, GAZETTEER, ORG, ORG_CUE, PLACE};
use super::tagger::DocContext;

/// Mentions with the same words. The key and the words borrow from the
/// text: a String per group and per word was most of the allocations of
/// this pass in the profile.
struct Group<'t> {
    key: Cow<'t, str>,
    words: Vec<&'t str>,
    /// How many mentions, the rule of the first and the first start; the
    /// mentions themselves are in one list for all groups (a vector per
    /// group showed in the profile).
    n_mentions: usize,
    first_rule: &'static str,
    first_start: usize,
    votes: [u32; 6],
    first_kind: EntityType,
}

impl Group<'_> {
    fn add_mention(&mut self, start: usize) {
        self.n_mentions += 1;
        self.first_start = self.first_start.min(start);
    }

    fn kind(&self) -> EntityType {
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
}

/// A name single-spaced: borrowed when it already is (most names).
fn single_spaced(text: &str) -> Cow<'_, str> {
    let spaced = if text.is_ascii() {
        // One pass over the bytes for ASCII names (the character scans, then
        // four byte scans, showed in the profile).
        let b = text.as_bytes();
        let mut prev = 0u8;
        b.first() != Some(&b' ')
            && b.last() != Some(&b' ')
            && b.iter().all(|&c| {
                let ok = c > b' '
                    || !(matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
                        || c == b' ' && prev == b' ');
                prev = c;
                ok
            })
    } else {
        !text.starts_with(' ')
            && !text.ends_with(' ')
            && !text.contains("  ")
            && !text.contains(|c: char| c.is_whitespace() && c != ' ')
    };
    if spaced {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The words of a mention as a key: single-spaced, without a leading "the".
fn key_of<'t>(doc: &Document<'t>, f: &Found) -> Cow<'t, str> {
    let mut text = doc.text.get(f.range.clone()).unwrap_or("");
    for the in ["the ", "The "] {
        if f.tokens.len() > 1 {
            text = text.strip_prefix(the).unwrap_or(text);
        }
    }
    single_spaced(text)
}

/// The words of a mention, without a leading "the".
fn words_of<'t>(doc: &Document<'t>, f: &Found) -> Vec<&'t str> {
    let mut words: Vec<&'t str> = Vec::with_capacity(f.tokens.len());
    for (n, t) in doc.tokens[f.tokens.clone()].iter().enumerate() {
        let w = doc.slice(&t.range);
        if n == 0 && f.tokens.len() > 1 && (w == "the" || w == "The") {
            continue;
        }
        words.push(w);
    }
    words
}

/// Company suffixes that a short form leaves out ("NationsBank Corp.").
fn is_company_suffix(w: &str) -> bool {
    // Compared without a lowercase copy of the word.
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
}

/// The groups that share a name part, where only a lone one is wanted:
/// the first and how many (a vector per name showed in the profile).
#[derive(Clone, Copy)]
struct Few {
    first: usize,
    count: usize,
}

impl Few {
    /// The group, when it is the only one.
    fn only(&self) -> Option<usize> {
        (self.count == 1).then_some(self.first)
    }
}

/// Counts `i` under `key`.
fn add_few<K: std::hash::Hash + Eq>(map: &mut Map<K, Few>, key: K, i: usize) {
    map.entry(key)
        .and_modify(|f| f.count += 1)
        .or_insert(Few { first: i, count: 1 });
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Letters of an acronym ("NATO", "U.N."), when the word is one.
fn acronym_letters(w: &str) -> Option<String> {
    // Most words are not: no copy for them.
    if w.len() > 12 || !w.bytes().all(|b| b.is_ascii_uppercase() || b == b'.') {
        return None;
    }
    let letters: String = w.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=6).contains(&n) && letters.chars().all(|c| c.is_ascii_uppercase())).then_some(letters)
}

/// Initials of the capitalized words of a name ("North Atlantic Treaty
/// Organization" -> "NATO").
fn initials(words: &[&str]) -> String {
    words
        .iter()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

pub(crate) fn merge<'t>(
    doc: &Document<'t>,
    ctx: &DocContext<'_>,
    found: Vec<Found>,
) -> Vec<Entity> {
    let mut groups: Vec<Group<'t>> = Vec::new();
    let mut by_key: Map<Cow<'t, str>, usize> = map_for(found.len());
    let mut covered = vec![false; doc.tokens.len()];
    // Token index just after each mention -> its group, for "X (XYZ)": a
    // table by token rather than a hash map, whose inserts showed in the
    // profile. NONE where no mention ends.
    const NONE: usize = usize::MAX;
    let mut ends_at: Vec<usize> = vec![NONE; doc.tokens.len() + 1];
    let mut mention_tokens: Vec<(usize, Range<usize>)> = Vec::with_capacity(found.len());
    // Every mention: its group, range and rule.
    let mut all: Vec<(usize, Range<usize>, &'static str)> = Vec::with_capacity(found.len());
    for f in &found {
        let key = key_of(doc, f);
        let range = f.range.clone();
        if key.is_empty() {
            continue;
        }
        // The key and the words are copied only for a new group.
        let g = match by_key.get(key.as_ref()) {
            Some(&g) => g,
            None => {
                by_key.insert(key.clone(), groups.len());
                groups.push(Group {
                    key,
                    words: words_of(doc, f),
                    n_mentions: 0,
                    first_rule: f.rule,
                    first_start: usize::MAX,
                    votes: [0; 6],
                    first_kind: f.kind,
                });
                groups.len() - 1
            }
        };
        groups[g].add_mention(range.start);
        all.push((g, range, f.rule));
        groups[g].votes[f.kind as usize] += 1;
        for c in covered.iter_mut().take(f.tokens.end).skip(f.tokens.start) {
            *c = true;
        }
        if let Some(e) = ends_at.get_mut(f.tokens.end) {
            *e = g;
        }
        mention_tokens.push((g, f.tokens.clone()));
    }

    // A name tagged once is found wherever else it stands.
    propagate(
        doc,
        ctx,
        &mut groups,
        &mut covered,
        &mut all,
        &mut mention_tokens,
    );
    for (g, t) in &mention_tokens {
        if let Some(e) = ends_at.get_mut(t.end) {
            *e = *g;
        }
    }

    let n = groups.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let kinds: Vec<EntityType> = groups
        .iter()
        .map(|g| {
            let k = g.kind();
            // A known organization stays one ("White House", "Kremlin").
            if matches!(k, EntityType::Location | EntityType::Other)
                && GAZETTEER.name(&g.key) & ORG != 0
                && GAZETTEER.name(&g.key) & (COUNTRY | CITY) == 0
            {
                EntityType::Organization
            } else if matches!(
                k,
                EntityType::Person | EntityType::Location | EntityType::Other
            ) && g.words.len() >= 2
                && g.words
                    .last()
                    .is_some_and(|w| is_company_suffix(w) && *w != "&")
            {
                // "Roosevelt Financial Group Inc": a company, whatever it looked like.
                EntityType::Organization
            } else if k == EntityType::Other
                && g.words.len() >= 2
                && g.words.iter().any(|w| GAZETTEER.word(w) & ORG_CUE != 0)
            {
                // "World Economic Forum", "Republican National Committee".
                EntityType::Organization
            } else {
                k
            }
        })
        .collect();
    let first_start: Vec<usize> = groups
        .iter()
        .map(|g| if g.n_mentions == 0 { 0 } else { g.first_start })
        .collect();

    // People: a surname or first name alone joins the full name.
    let mut by_last: Map<&str, Vec<usize>> = map_for(n);
    let mut by_first: Map<&str, Few> = map_for(n);
    for (i, g) in groups.iter().enumerate() {
        if kinds[i] == EntityType::Person && g.words.len() >= 2 {
            if let Some(l) = g.words.last() {
                by_last.entry(*l).or_default().push(i);
            }
            if let Some(f) = g.words.first() {
                add_few(&mut by_first, *f, i);
            }
        }
    }
    // Longer ends of names too ("De Blasio" of "Bill de Blasio"), in lowercase.
    let mut by_end: Map<String, Few> = Map::default();
    for (i, g) in groups.iter().enumerate() {
        if kinds[i] == EntityType::Person && g.words.len() >= 3 {
            for k in 1..g.words.len() - 1 {
                add_few(&mut by_end, g.words[k..].join(" ").to_lowercase(), i);
            }
        }
    }
    for i in 0..n {
        let g = &groups[i];
        if g.words.len() >= 2 && kinds[i] == EntityType::Person {
            // No lowercase copy of the name when no longer name has ends.
            if !by_end.is_empty()
                && let Some(c) = by_end.get(&g.words.join(" ").to_lowercase())
                && let Some(t) = c.only()
                && t != i
            {
                let (a, b) = (find(&mut parent, i), find(&mut parent, t));
                if a != b {
                    parent[a] = b;
                }
            }
            continue;
        }
        if g.words.len() != 1 || matches!(kinds[i], EntityType::Nationality) {
            continue;
        }
        let w = g.key.as_ref();
        // "O'Dowd" after "Sarah O’Dowd": either apostrophe.
        let other_apostrophe = (w.contains('\'') || w.contains('’')).then(|| {
            w.chars()
                .map(|c| match c {
                    '\'' => '’',
                    '’' => '\'',
                    c => c,
                })
                .collect::<String>()
        });
        let last = by_last
            .get(w)
            .or_else(|| other_apostrophe.as_deref().and_then(|a| by_last.get(a)));
        let target = if let Some(c) = last {
            // The full name mentioned last before this one, else the first.
            c.iter()
                .filter(|&&c| first_start[c] <= first_start[i])
                .max_by_key(|&&c| first_start[c])
                .or(c.first())
                .copied()
        } else if let Some(c) = by_first.get(w) {
            let person = kinds[i] == EntityType::Person || GAZETTEER.word(w) & FIRST != 0;
            c.only().filter(|_| person)
        } else {
            None
        };
        if let Some(t) = target {
            let (a, b) = (find(&mut parent, i), find(&mut parent, t));
            if a != b {
                parent[a] = b;
            }
        }
    }

    // An all-caps form (a dateline's "LISBON") joins the same name as
    // written in the text ("Lisbon").
    // The lowercase table is made only when there are such forms: a
    // lowercase copy of every key showed in the profile.
    let has_lower: Vec<bool> = groups
        .iter()
        .map(|g| g.key.chars().any(char::is_lowercase))
        .collect();
    let all_caps: Vec<usize> = (0..n)
        .filter(|&i| !has_lower[i] && groups[i].key.chars().any(char::is_uppercase))
        .collect();
    let caps_lower: Vec<String> = all_caps
        .iter()
        .map(|&i| groups[i].key.to_lowercase())
        .collect();
    // Acronyms are all-caps too, so the table is made in most articles:
    // an ASCII key is lowercased only when its length and first letter
    // are those of an all-caps form (its lowercase keeps both).
    let shapes: Map<(usize, u8), ()> = caps_lower
        .iter()
        .filter_map(|l| Some(((l.len(), *l.as_bytes().first()?), ())))
        .collect();
    let mut by_lower: Map<String, usize> = Map::default();
    if !all_caps.is_empty() {
        for (i, g) in groups.iter().enumerate() {
            let k = g.key.as_ref();
            let may_match = || {
                !k.is_ascii()
                    || k.as_bytes()
                        .first()
                        .is_some_and(|b| shapes.contains_key(&(k.len(), b.to_ascii_lowercase())))
            };
            if has_lower[i] && may_match() {
                by_lower.entry(k.to_lowercase()).or_insert(i);
            }
        }
    }
    for (&i, lower) in all_caps.iter().zip(&caps_lower) {
        if let Some(&t) = by_lower.get(lower) {
            let (a, b) = (find(&mut parent, i), find(&mut parent, t));
            if a != b {
                parent[a] = b;
            }
        }
    }

    // Organizations: "NationsBank" joins "NationsBank Corp.", "Wells" joins
    // "Wells Fargo" when no other organization starts with it.
    let mut by_stem: Map<String, Few> = Map::default();
    let mut by_head: Map<&str, Few> = Map::default();
    for (i, g) in groups.iter().enumerate() {
        if kinds[i] != EntityType::Organization || g.words.len() < 2 {
            continue;
        }
        let mut w: &[&str] = &g.words;
        while w.len() > 1 && w.last().is_some_and(|x| is_company_suffix(x)) {
            w = &w[..w.len() - 1];
        }
        if w.len() < g.words.len() {
            // "Harlow Valley" of "Harlow Valley Trust Systems Inc.": a company's short
            // form may also drop the words after its first two.
            for k in 2..=w.len() {
                if w[k - 1].chars().next().is_some_and(char::is_uppercase) {
                    add_few(&mut by_stem, w[..k].join(" "), i);
                }
            }
        }
        if let Some(h) = g.words.first() {
            add_few(&mut by_head, *h, i);
        }
    }
    for i in 0..n {
        // A word the tagger took for a place joins too, unless it is one
        // ("Alder" of "Alder Bancorp Inc."; not "Chicago").
        let mistyped_place =
            kinds[i] == EntityType::Location && GAZETTEER.name(groups[i].key.as_ref()) & PLACE == 0;
        if !mistyped_place
            && !matches!(
                kinds[i],
                EntityType::Organization | EntityType::Person | EntityType::Other
            )
        {
            continue;
        }
        let stem = (!by_stem.is_empty())
            .then(|| by_stem.get(&groups[i].words.join(" ")))
            .flatten()
            .and_then(Few::only);
        let key = groups[i].key.as_ref();
        let person_name = by_first.contains_key(key) || by_last.contains_key(key);
        let head = (groups[i].words.len() == 1 && !(kinds[i] == EntityType::Person && person_name))
            .then(|| by_head.get(groups[i].key.as_ref()))
            .flatten()
            .and_then(Few::only);
        if let Some(t) = stem.or(head)
            && t != i
        {
            let (a, b) = (find(&mut parent, i), find(&mut parent, t));
            if a != b {
                parent[a] = b;
            }
        }
    }

    // Acronyms: "North Atlantic Treaty Organization (NATO)", initials, gazetteer.
    // The initials table is made at the first acronym (most groups are none).
    let mut by_initials: Option<Map<String, usize>> = None;
    let initials_table = || {
        let mut m: Map<String, usize> = Map::default();
        for (i, g) in groups.iter().enumerate() {
            if g.words.len() >= 2
                && matches!(kinds[i], EntityType::Organization | EntityType::Location)
            {
                m.entry(initials(&g.words)).or_insert(i);
            }
        }
        m
    };
    for (g, t) in &mention_tokens {
        let Some(letters) = groups[*g].words.first().and_then(|w| acronym_letters(w)) else {
            continue;
        };
        if groups[*g].words.len() != 1 {
            continue;
        }
        let mut target = None;
        if t.start >= 2
            && doc
                .tokens
                .get(t.start - 1)
                .is_some_and(|x| doc.slice(&x.range) == "(")
            && let Some(b) = ends_at.get(t.start - 1).copied().filter(|&b| b != NONE)
            && initials(&groups[b].words).contains(letters.chars().next().unwrap_or(' '))
        {
            target = Some(b);
        }
        if target.is_none() {
            target = by_initials
                .get_or_insert_with(initials_table)
                .get(&letters)
                .copied();
        }
        if target.is_none()
            && let Some(exp) = GAZETTEER.expansion(&groups[*g].key)
        {
            target = by_key.get(exp).copied();
        }
        if let Some(b) = target
            && b != *g
        {
            let (x, y) = (find(&mut parent, *g), find(&mut parent, b));
            if x != y {
                parent[x] = y;
            }
        }
    }

    // Build the entities.
    // Groups ordered by their root, then by index: each root's members in
    // one run (a sort rather than a hash map of vectors).
    let roots: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by_key(|&i| (roots[i], i));
    // The mentions in the same order: by root, then in text order, ties
    // in group order, then as found.
    let mut by_root: Vec<usize> = (0..all.len()).collect();
    by_root.sort_unstable_by_key(|&m| {
        let (g, r, _) = &all[m];
        (roots[*g], r.start, r.end, *g, m)
    });
    let mut next = 0;
    let mut entities: Vec<Entity> = Vec::new();
    for ms in order.chunk_by(|&a, &b| roots[a] == roots[b]) {
        let r = roots[ms[0]];
        let mut end = next;
        while by_root
            .get(end)
            .and_then(|&m| all.get(m))
            .is_some_and(|(g, _, _)| roots[*g] == r)
        {
            end += 1;
        }
        let mut mentions: Vec<Mention> = by_root[next..end]
            .iter()
            .filter_map(|&m| all.get(m))
            .map(|(_, range, rule)| Mention {
                range: range.clone(),
                rule,
            })
            .collect();
        next = end;
        mentions.dedup_by_key(|m| m.range.clone());
        // The fullest form: most words, then most letters, then first used.
        let name_group = ms
            .iter()
            .copied()
            .max_by_key(|&g| {
                (
                    groups[g].words.len(),
                    has_lower[g],
                    groups[g].key.len(),
                    std::cmp::Reverse(first_start[g]),
                )
            })
            .unwrap_or(r);
        let name = String::from(groups[name_group].key.as_ref());
        let mut aliases: Vec<String> = Vec::new();
        for m in &mentions {
            let t = single_spaced(doc.slice(&m.range));
            if t != name.as_str() && !aliases.iter().any(|a| a.as_str() == t) {
                aliases.push(t.into_owned());
            }
        }
        let kind = kinds[name_group];
        let rule = if ms.len() > 1 {
            "entities.merge"
        } else if groups[r].n_mentions > 1 {
            "entities.vote"
        } else if groups[r].n_mentions == 0 {
            "entities.tagger"
        } else {
            groups[r].first_rule
        };
        if mentions.is_empty() {
            continue;
        }
        entities.push(Entity {
            name,
            kind,
            aliases,
            roles: Vec::new(),
            mentions,
            rule,
        });
    }
    entities.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.range.start));
    entities
}

/// Adds the untagged occurrences of each group's name, on token boundaries,
/// outside other mentions. A one-word name at a sentence start that the
/// article also writes in lowercase is left alone ("Will", "Rose").
fn propagate<'t>(
    doc: &Document<'t>,
    ctx: &DocContext<'_>,
    groups: &mut [Group<'t>],
    covered: &mut [bool],
    all: &mut Vec<(usize, Range<usize>, &'static str)>,
    mention_tokens: &mut Vec<(usize, Range<usize>)>,
) {
    // Each group's words, keyed by the first word; longest first.
    let mut pats: Map<&'t str, Vec<(usize, &[&'t str])>> = map_for(groups.len());
    for (i, g) in groups.iter().enumerate() {
        if g.key.chars().next().is_some_and(char::is_uppercase)
            && g.key.chars().count() >= 2
            && g.kind() != EntityType::Other
            && let Some(first) = g.words.first()
        {
            pats.entry(*first).or_default().push((i, &g.words));
        }
    }
    // A person's first or last name alone ("Jared", "Witkoff") is found
    // too, when no group has that name of its own and only one person has it.
    let mut parts: Map<&&'t str, Few> = map_for(groups.len());
    for (i, g) in groups.iter().enumerate() {
        if g.kind() == EntityType::Person && g.words.len() >= 2 {
            for w in [g.words.first(), g.words.last()].into_iter().flatten() {
                if w.chars().count() >= 2 && w.chars().next().is_some_and(char::is_uppercase) {
                    add_few(&mut parts, w, i);
                }
            }
        }
    }
    for (w, c) in parts {
        let own = pats
            .get(*w)
            .is_some_and(|v| v.iter().any(|(_, ws)| ws.len() == 1));
        if let Some(p) = c.only()
            && !own
        {
            pats.entry(*w)
                .or_default()
                .push((p, std::slice::from_ref(w)));
        }
    }
    if pats.is_empty() {
        return;
    }
    for v in pats.values_mut() {
        v.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    }
    // The first bytes the names start with: most words (lowercase ones)
    // are passed over without hashing them, which was most of this pass.
    let mut starts = [false; 256];
    for k in pats.keys() {
        if let Some(&b) = k.as_bytes().first() {
            starts[b as usize] = true;
        }
    }
    let mut added: Vec<(usize, Range<usize>, Range<usize>)> = Vec::new();
    let mut lower = String::new();
    for (si, s) in doc.content_sentences() {
        let toks = doc.sentence_tokens(si);
        let base = s.tokens.start;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let w = doc.slice(&t.range);
            let Some(cands) = (t.kind == TokenKind::Word
                && w.as_bytes().first().is_some_and(|&b| starts[b as usize]))
            .then(|| pats.get(w))
            .flatten() else {
                i += 1;
                continue;
            };
            let hit = cands.iter().find(|(_, ws)| {
                ws.len() <= toks.len() - i
                    && ws
                        .iter()
                        .zip(&toks[i..])
                        .all(|(w, t)| doc.slice(&t.range) == *w)
            });
            let Some((g, ws)) = hit else {
                i += 1;
                continue;
            };
            let j = i + ws.len();
            let initial = i == 0 || toks[i - 1].kind == TokenKind::Quote;
            let common = initial && ws.len() == 1 && {
                // ASCII words lowercased into one buffer: a String per
                // sentence-initial name showed in the profile.
                if w.is_ascii() {
                    lower.clear();
                    lower.push_str(w);
                    lower.make_ascii_lowercase();
                    ctx.lower_seen(&lower)
                } else {
                    ctx.lower_seen(&w.to_lowercase())
                }
            };
            if !common && !(base + i..base + j).any(|k| covered.get(k).copied().unwrap_or(true)) {
                added.push((*g, t.range.start..toks[j - 1].range.end, base + i..base + j));
            }
            i = j;
        }
    }
    for (g, range, t) in added {
        for c in covered.iter_mut().take(t.end).skip(t.start) {
            *c = true;
        }
        if let Some(gr) = groups.get_mut(g) {
            gr.add_mention(range.start);
        }
        all.push((g, range, "entities.propagated"));
        mention_tokens.push((g, t));
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
        ] {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(single_spaced(t), want, "{t:?}");
        }
        assert!(matches!(single_spaced("Ann Lee"), Cow::Borrowed(_)));
    }

    #[test]
    fn acronym_letters_and_initials() {
        assert_eq!(acronym_letters("U.N."), Some("UN".to_string()));
        assert_eq!(acronym_letters("Nato"), None);
        assert_eq!(initials(&["Bank", "of", "England"]), "BE");
    }
}
