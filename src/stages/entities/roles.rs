//! Roles of people: the title before a name ("Kremlin spokesman Dmitry
//! Peskov", "Foreign Minister Sergei Lavrov", "aide Kirill Dmitriev") and an
//! apposition after it ("Hugh Hill, a doctor at the hospital, said").
//!
//! A title ends on a title word right before the name and reaches back over
//! title words, capitalized words and a few modifiers ("chief", "former").
//! An apposition is a comma-closed run of at most twelve words after the name
//! that opens with an article, a title or a capitalized word and holds a
//! title word.

use crate::doc::{Document, Entity, EntityType, TokenKind};

use super::gazetteer::{GAZETTEER, TITLE};
use super::is_honorific;
use super::tagger::DocContext;

const MODIFIERS: [&str; 22] = [
    "chief",
    "deputy",
    "senior",
    "former",
    "top",
    "acting",
    "interim",
    "state",
    "national",
    "vice",
    "press",
    "campaign",
    "board",
    "party",
    "assistant",
    "executive",
    "presidential",
    "industry",
    "banking",
    "team",
    "foreign",
    "news",
];

const NOT_APPOSITION: [&str; 12] = [
    "who", "which", "that", "said", "says", "told", "and", "but", "he", "she", "it", "they",
];

fn word<'t>(doc: &Document<'t>, k: usize) -> &'t str {
    doc.tokens.get(k).map_or("", |t| doc.slice(&t.range))
}

fn is_word(doc: &Document<'_>, k: usize) -> bool {
    doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
}

/// The gazetteer flags of token `k`, looked up here: the tagger looks up
/// only the words near capitalized ones.
fn flag(doc: &Document<'_>, k: usize) -> u16 {
    doc.tokens
        .get(k)
        .filter(|t| t.kind == TokenKind::Word)
        .map_or(0, |t| GAZETTEER.word(doc.slice(&t.range)))
}

/// The title right before the name that starts at token `m`.
fn title_before(doc: &Document<'_>, ctx: &DocContext<'_>, m: usize) -> Option<String> {
    let ss = doc.tokens.get(m)?.sentence;
    let start = doc.sentences.get(ss)?.tokens.start;
    if m <= start {
        return None;
    }
    let mut j = m - 1;
    if is_honorific(word(doc, j)) {
        if j <= start {
            return None;
        }
        j -= 1;
    }
    if !is_word(doc, j) || flag(doc, j) & TITLE == 0 || is_honorific(word(doc, j)) {
        return None;
    }
    let mut k = j;
    while k > start && j - k < 5 {
        let p = k - 1;
        let w = word(doc, p);
        // The reader's lowercase form: a String per word showed in the profile.
        let lower = doc.lower.get(p);
        if (w == "'s" || w == "’s") && p > start && is_word(doc, p - 1) {
            let owner = word(doc, p - 1);
            if owner.chars().next().is_some_and(char::is_uppercase) {
                k = p - 1;
                continue;
            }
            break;
        }
        if !is_word(doc, p) || is_honorific(w) || matches!(lower, "the" | "a" | "an") {
            break;
        }
        let title = flag(doc, p) & TITLE != 0;
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        let initial_common = p == start && ctx.lower_seen(lower);
        if title || MODIFIERS.contains(&lower) || (cap && !initial_common) {
            k = p;
        } else {
            break;
        }
    }
    let (a, b) = (doc.tokens.get(k)?, doc.tokens.get(j)?);
    let role = doc.text.get(a.range.start..b.range.end)?;
    Some(single_spaced(role))
}

/// The apposition after the name that ends before token `e`.
fn apposition_after(doc: &Document<'_>, e: usize) -> Option<String> {
    let ss = doc.tokens.get(e)?.sentence;
    let end = doc.sentences.get(ss)?.tokens.end;
    if word(doc, e) != "," {
        return None;
    }
    let mut p = e + 1;
    if doc
        .tokens
        .get(p)
        .is_some_and(|t| t.kind == TokenKind::Number)
        && word(doc, p + 1) == ","
    {
        p += 2;
    }
    if !is_word(doc, p) {
        return None;
    }
    let mut q = p;
    // Whether a word before token `to` is a title, looked up only when
    // asked and only until one is found: the gazetteer lookups were most
    // of this pass in the profile, and most runs fail on their words or
    // their end first.
    let (mut checked, mut has_title) = (p, false);
    let mut title_before = |to: usize| {
        while !has_title && checked < to {
            has_title = flag(doc, checked) & TITLE != 0 && !is_honorific(word(doc, checked));
            checked += 1;
        }
        has_title
    };
    while q < end && q - p < 12 {
        let t = doc.tokens.get(q)?;
        let w = doc.slice(&t.range);
        if t.kind == TokenKind::Quote
            || t.kind == TokenKind::Punct
                && matches!(w, "," | ";" | ":" | "(" | ")" | "." | "!" | "?")
        {
            break;
        }
        let lw = doc.lower.get(q);
        // "a Denver lawyer who has ...": the relative clause ends the role.
        if q > p && matches!(lw, "who" | "which" | "that" | "whose") && title_before(q) {
            break;
        }
        if (q == p || !matches!(lw, "and")) && NOT_APPOSITION.contains(&lw) {
            return None;
        }
        q += 1;
    }
    // Closed by a comma, or the sentence's end.
    let closer = word(doc, q);
    let relative = matches!(doc.lower.get(q), "who" | "which" | "that" | "whose");
    // "analyst at Keller & Co.": the sentence ends on an abbreviation
    // that holds its period.
    let abbreviation_end = q >= end && word(doc, q - 1).ends_with('.');
    if q == p
        || !(closer == ","
            || relative
            || abbreviation_end
            || (q + 1 >= end && matches!(closer, "." | "!")))
        || !title_before(q)
    {
        return None;
    }
    let (a, b) = (doc.tokens.get(p)?, doc.tokens.get(q - 1)?);
    let role = doc.text.get(a.range.start..b.range.end)?;
    Some(single_spaced(role))
}

/// The singular of a plural title ("Sens." -> "Sen.", "Senators" ->
/// "Senator"), when the singular is a title.
fn singular_title(w: &str) -> Option<String> {
    // Most words walked over are names: no copy for them.
    if !w.chars().next()?.is_uppercase() || !(w.ends_with("s.") || w.ends_with('s')) {
        return None;
    }
    let one = if let Some(stem) = w.strip_suffix("s.") {
        format!("{stem}.")
    } else {
        w.strip_suffix('s')?.to_string()
    };
    (one.len() > 1 && GAZETTEER.word(&one) & TITLE != 0).then_some(one)
}

/// "Sens. Ann Kowal (D-Ore.) and Tom Brandt (R-Ohio)": a plural title
/// before a list of names is the role of each, in the singular. Reaches
/// back from the name that starts at token `m` over the names, commas,
/// "and" and parentheses before it, within its sentence.
fn list_title_before(doc: &Document<'_>, m: usize) -> Option<String> {
    let ss = doc.tokens.get(m)?.sentence;
    let start = doc.sentences.get(ss)?.tokens.start;
    let mut k = m;
    while k > start && m - k < 40 {
        let w = word(doc, k - 1);
        if let Some(one) = singular_title(w) {
            return Some(one);
        }
        if w == ")" {
            // Back to the "(" within a few tokens.
            let open = (k.saturating_sub(8).max(start)..k - 1)
                .rev()
                .find(|&p| word(doc, p) == "(")?;
            k = open;
        } else if matches!(w, "," | "and")
            || (is_word(doc, k - 1) && w.chars().next().is_some_and(char::is_uppercase))
        {
            k -= 1;
        } else {
            return None;
        }
    }
    None
}

fn token_at(doc: &Document<'_>, byte: usize) -> Option<usize> {
    let i = doc.tokens.partition_point(|t| t.range.start < byte);
    (doc.tokens.get(i)?.range.start == byte).then_some(i)
}

fn token_ending(doc: &Document<'_>, byte: usize) -> Option<usize> {
    let i = doc.tokens.partition_point(|t| t.range.end < byte);
    (doc.tokens.get(i)?.range.end == byte).then_some(i)
}

/// As [`token_ending`], for a name that starts at token `s`: the tokens
/// are in text order, so the one ending at `byte` is at or after `s`, a
/// few tokens on (a second binary search per mention showed in the
/// profile).
fn token_ending_from(doc: &Document<'_>, s: usize, byte: usize) -> Option<usize> {
    let i = s + doc
        .tokens
        .get(s..)?
        .iter()
        .position(|t| t.range.end >= byte)?;
    (doc.tokens.get(i)?.range.end == byte).then_some(i)
}

/// `text` single-spaced, as `split_whitespace` and `join(" ")` make it,
/// without the vector between them.
fn single_spaced(text: &str) -> String {
    // Most roles are ASCII and single-spaced already: copied as they are
    // (`split_whitespace` decodes every character).
    let b = text.as_bytes();
    if b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.is_ascii()
        && !b.windows(2).any(|p| p == b"  ")
        && !b
            .iter()
            .any(|c| matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

pub(crate) fn assign(doc: &Document<'_>, ctx: &DocContext<'_>, entities: &mut [Entity]) {
    for e in entities.iter_mut() {
        if e.kind != EntityType::Person {
            continue;
        }
        let mut roles: Vec<String> = Vec::new();
        for m in &e.mentions {
            let first = token_at(doc, m.range.start);
            let before =
                first.and_then(|s| title_before(doc, ctx, s).or_else(|| list_title_before(doc, s)));
            let last = match first {
                Some(s) if m.range.end > m.range.start => token_ending_from(doc, s, m.range.end),
                _ => token_ending(doc, m.range.end),
            };
            let after = last.and_then(|l| apposition_after(doc, l + 1));
            for r in [before, after].into_iter().flatten() {
                if !roles.contains(&r) {
                    roles.push(r);
                }
            }
        }
        e.roles = roles;
    }
}

#[cfg(test)]
mod tests {
    use crate::doc::EntityType;

    fn roles_of(text: &str, name: &str) -> Vec<String> {
        let doc = crate::analyze(text);
        doc.entities
            .iter()
            .find(|e| e.name == name && e.kind == EntityType::Person)
            .map(|e| e.roles.clone())
            .unwrap_or_else(|| panic!("no person {name} in {:?}", doc.entities))
    }

    #[test]
    fn title_with_its_organization_before_the_name() {
        assert_eq!(
            roles_of(
                "Talks resumed, Kremlin spokesman Anton Orlov said.\n",
                "Anton Orlov"
            ),
            vec!["Kremlin spokesman"]
        );
        assert_eq!(
            roles_of(
                "It was a setback, Foreign Minister Elena Varga told reporters.\n",
                "Elena Varga"
            ),
            vec!["Foreign Minister"]
        );
    }

    #[test]
    fn a_lowercase_word_before_the_title_stops_it() {
        assert_eq!(
            roles_of(
                "The letter came through aide Pavel Morozov last week.\n",
                "Pavel Morozov"
            ),
            vec!["aide"]
        );
    }

    #[test]
    fn apposition_after_the_name() {
        assert_eq!(
            roles_of(
                "Brian Kell, a doctor at the city hospital, said the wards were full.\n",
                "Brian Kell"
            ),
            vec!["a doctor at the city hospital"]
        );
    }

    #[test]
    fn a_relative_clause_ends_the_apposition() {
        assert_eq!(
            roles_of(
                "The rules are weak, said Nora Bell, a Boston lawyer who has studied them.\n",
                "Nora Bell"
            ),
            vec!["a Boston lawyer"]
        );
    }

    #[test]
    fn a_relative_clause_is_not_a_role() {
        let r = roles_of(
            "Brian Kell, who runs the city hospital, said the wards were full.\n",
            "Brian Kell",
        );
        assert!(r.is_empty(), "{r:?}");
    }

    #[test]
    fn a_plural_title_before_a_list_is_each_one_s_role() {
        let text = "The vote led Sens. Ann Kowal (D-Ore.), Tom Brandt (R-Ohio) and Lee Varga \
                    (D-N.J.) to object.\n";
        for name in ["Ann Kowal", "Tom Brandt", "Lee Varga"] {
            assert_eq!(roles_of(text, name), vec!["Sen."], "{name}");
        }
    }

    #[test]
    fn an_apposition_may_end_on_an_abbreviation() {
        assert_eq!(
            roles_of(
                "It was slow, said Mark Dunning, analyst at Keller & Co.\n",
                "Mark Dunning"
            ),
            vec!["analyst at Keller & Co."]
        );
    }

    #[test]
    fn roles_are_single_spaced() {
        for t in [
            "a doctor",
            " a doctor",
            "a doctor ",
            "a  doctor",
            "a\ndoctor",
            "a\u{a0}doctor",
            "",
        ] {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(super::single_spaced(t), want, "{t:?}");
        }
    }

    #[test]
    fn honorifics_are_not_roles() {
        let r = roles_of(
            "The deal was signed by Mr. Daniel Frost on Friday.\n",
            "Daniel Frost",
        );
        assert!(r.is_empty(), "{r:?}");
    }
}
