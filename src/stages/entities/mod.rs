//! Entities: people, organizations, places and nationalities, typed, merged
//! into one entity per referent, with their roles.
//!
//! 1. [`tagger`]: a BIO tagger (averaged perceptron over token, context,
//!    shape and gazetteer features) marks name spans with PER, ORG, LOC or
//!    MISC over the content paragraphs (headline, byline and dateline
//!    included, boilerplate and heading lines left out).
//! 2. Span rules: a title the tagger took into a person's span is cut off;
//!    MISC spans that are nationalities become `nationality`, the rest
//!    `other`; a capitalized nationality word the tagger missed is added;
//!    context votes on a one-word name ("in Davos", "a Denver lawyer" are
//!    places, "the Kowalczyk administration" a person); a run of capitalized
//!    words that ends in an organization word ("Federal Water Quality
//!    Office") is one organization where the tagger split or mistyped it;
//!    "Democrat of Oregon" gives the place.
//! 3. [`merge`]: mentions with the same name, a person's surname or first
//!    name, an acronym and its expansion, "the Kremlin" and "Kremlin" become
//!    one entity; the entity's type is the vote of its mentions, so a name is
//!    typed the same everywhere in the article; names found once are found
//!    everywhere they occur.
//! 4. [`roles`]: titles before a person's name and appositions after it.

pub mod gazetteer;
mod merge;
mod roles;
pub mod tagger;

use std::ops::Range;

use crate::doc::{Document, EntityType, TokenKind};

use gazetteer::{NATIONALITY, TITLE};
use tagger::{DocContext, MODEL, Prep, label_type};

/// A name span found in one sentence, in global token indices.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub tokens: Range<usize>,
    pub range: Range<usize>,
    pub kind: EntityType,
    pub rule: &'static str,
}

/// Honorifics are cut from names and kept out of roles.
pub(crate) fn is_honorific(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    ["mr", "mrs", "ms", "miss", "mme", "mlle", "messrs"]
        .iter()
        .any(|h| w.eq_ignore_ascii_case(h))
}

/// Whether a sentence is a Title Case headline: most of its words, function
/// words aside, start with a capital, and it is not all in capitals.
pub(crate) fn is_title_case(text: &str, toks: &[crate::doc::Token]) -> bool {
    let (mut words, mut caps, mut lower_letters) = (0, 0, false);
    for t in toks {
        let w = text.get(t.range.clone()).unwrap_or("");
        if t.kind != TokenKind::Word || !w.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        lower_letters |= w.chars().any(char::is_lowercase);
        if matches!(
            w,
            "a" | "an"
                | "the"
                | "of"
                | "in"
                | "on"
                | "at"
                | "to"
                | "for"
                | "and"
                | "or"
                | "with"
                | "by"
                | "from"
                | "as"
                | "vs"
                | "is"
                | "'s"
                | "’s"
        ) {
            continue;
        }
        words += 1;
        caps += usize::from(w.chars().next().is_some_and(char::is_uppercase));
    }
    lower_letters && words >= 4 && caps * 10 >= words * 9
}

fn type_of(label_type: usize) -> EntityType {
    match label_type {
        0 => EntityType::Person,
        1 => EntityType::Organization,
        2 => EntityType::Location,
        _ => EntityType::Other,
    }
}

/// Tags every content sentence and applies the span rules.
/// The most tokens in one name.
const MAX_NAME_TOKENS: usize = 12;

pub(crate) fn find_spans(doc: &Document<'_>, ctx: &DocContext<'_>) -> Vec<Found> {
    let text = doc.text;
    let mut found = Vec::new();
    let sentences: Vec<usize> = doc.content_sentences().map(|(i, _)| i).collect();
    let mut sf = Prep::empty();
    let mut labels = Vec::new();
    for si in sentences {
        let base = doc.sentences[si].tokens.start;
        let toks = doc.sentence_tokens(si);
        if toks.is_empty() {
            continue;
        }
        sf.fill(text, toks, ctx, base);
        MODEL.tag_into(&sf, ctx, &mut labels);
        // A Title Case headline capitalizes every word: its names are left
        // to the names found in the body (see merge::propagate).
        let in_headline = doc.headline.as_ref().is_some_and(|h| {
            h.start <= doc.sentences[si].range.start && doc.sentences[si].range.end <= h.end
        });
        let title_case = in_headline && is_title_case(text, toks);
        let first = found.len();
        let mut i = 0;
        while i < labels.len() {
            let Some(t) = label_type(labels[i]) else {
                // A nationality word the tagger left out.
                let w = text.get(toks[i].range.clone()).unwrap_or("");
                if sf.flags[i] & NATIONALITY != 0
                    && sf.flags[i] & gazetteer::INSIDE == 0
                    && toks[i].kind == TokenKind::Word
                    && w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().any(char::is_lowercase)
                {
                    found.push(Found {
                        tokens: base + i..base + i + 1,
                        range: toks[i].range.clone(),
                        kind: EntityType::Nationality,
                        rule: "entities.nationality.gazetteer",
                    });
                }
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < labels.len() && labels[j] == labels[i] + 1 {
                j += 1;
            }
            let mut s = i;
            let mut e = j;
            // A trailing possessive is not part of the name ("Trump 's"),
            // nor a weekday ("North Dakota Friday").
            while e > s + 1
                && text
                    .get(toks[e - 1].range.clone())
                    .is_some_and(|w| matches!(w, "'s" | "’s") || is_calendar_word(w))
            {
                e -= 1;
                // "Ledger on Saturday": the word before the weekday goes too.
                while e > s + 1
                    && text
                        .get(toks[e - 1].range.clone())
                        .is_some_and(|w| matches!(w, "on" | "of" | "and" | "the" | "last" | "this"))
                {
                    e -= 1;
                }
            }
            let mut kind = type_of(t);
            let mut rule = "entities.tagger";
            if kind == EntityType::Person {
                // "President Donald Trump", "Mr. Smith": the name starts after.
                while s + 1 < e {
                    let w = text.get(toks[s].range.clone()).unwrap_or("");
                    if is_honorific(w) || sf.flags[s] & TITLE != 0 {
                        s += 1;
                        rule = "entities.tagger.title_cut";
                    } else {
                        break;
                    }
                }
                // "Harel in Haifa": a preposition ends a person's name.
                if let Some(k) = (s + 1..e).find(|&k| {
                    matches!(
                        text.get(toks[k].range.clone()),
                        Some("in" | "at" | "from" | "on" | "to")
                    )
                }) {
                    e = k;
                    rule = "entities.tagger.preposition_cut";
                }
            }
            // "White House Press | Secretary Jo Doe": where a title goes on
            // after a name that is not a person's, its first words are the
            // title's, not the name's.
            if kind != EntityType::Person
                && sf.flags.get(e).is_some_and(|f| f & TITLE != 0)
                && text
                    .get(toks[e].range.clone())
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            {
                while e > s + 1 && sf.flags[e - 1] & TITLE != 0 {
                    e -= 1;
                    rule = "entities.tagger.title_cut";
                }
            }
            if kind == EntityType::Other {
                let single = e - s == 1 && sf.flags[s] & NATIONALITY != 0;
                let phrase = sf.flags[s] & NATIONALITY != 0
                    && (s + 1..e).all(|k| sf.flags[k] & gazetteer::INSIDE != 0);
                if single || phrase {
                    kind = EntityType::Nationality;
                    rule = "entities.nationality.tagger";
                }
            }
            // "Louis-based", "Kremlin-backed": the name ends at the hyphen.
            let end = toks[e - 1].range.start
                + tagger::name_part(text.get(toks[e - 1].range.clone()).unwrap_or("")).len();
            // "Denver-based": a place.
            if e - s == 1
                && text
                    .get(toks[s].range.clone())
                    .is_some_and(|w| w.ends_with("-based"))
                && kind != EntityType::Location
            {
                kind = EntityType::Location;
                rule = "entities.hyphen_place";
            }
            // Context votes: "in Davos" is a place; "Kherson and X" makes X
            // a place too, unless a gazetteer knows X as an organization.
            let prev = if s > 0 {
                text.get(toks[s - 1].range.clone()).unwrap_or("")
            } else {
                ""
            };
            if e - s == 1 && sf.flags[s] & gazetteer::ORG == 0 {
                let locative = matches!(prev, "in" | "near" | "outside" | "across" | "inside");
                let after_place = matches!(prev, "and" | "or" | ",")
                    && found.last().is_some_and(|f: &Found| {
                        f.kind == EntityType::Location && f.tokens.end + 1 == base + s
                    });
                let place = sf.flags[s] & gazetteer::PLACE != 0;
                // "a Denver lawyer", "the Oslo office": a known place before
                // a common noun is the place (a team would be "Denver beat").
                let next_noun = toks.get(e).is_some_and(|t| {
                    t.kind == TokenKind::Word
                        && text.get(t.range.clone()).is_some_and(|w| {
                            w.chars().next().is_some_and(char::is_lowercase)
                                && sf
                                    .flags
                                    .get(e)
                                    .is_some_and(|f| f & gazetteer::FUNCTION == 0)
                        })
                });
                let adjectival = place && matches!(prev, "a" | "an" | "the") && next_noun;
                // "the Kowalczyk administration", "the Varga campaign": a
                // person's name (a place's would be a local government).
                // (A small town of the same name does not count: GeoNames lists
                // many towns named like people.)
                let leader = sf.flags[s]
                    & (gazetteer::COUNTRY | gazetteer::CITY | gazetteer::NATIONALITY)
                    == 0
                    && kind != EntityType::Person
                    && toks
                        .get(e)
                        .and_then(|t| text.get(t.range.clone()))
                        .is_some_and(|w| matches!(w, "administration" | "campaign" | "presidency"));
                if leader {
                    kind = EntityType::Person;
                    rule = "entities.context.leader";
                }
                if (locative
                    && (kind == EntityType::Person || place && kind == EntityType::Organization))
                    || (after_place && kind == EntityType::Organization)
                    || (adjectival && kind != EntityType::Location)
                {
                    kind = EntityType::Location;
                    rule = "entities.context.place";
                }
            }
            // "WASHINGTON —", "NEW YORK (Reuters)": a dateline that opens a
            // paragraph is a place when the gazetteer knows it.
            if s == 0
                && kind != EntityType::Location
                && toks.get(e).is_some_and(|t| {
                    matches!(text.get(t.range.clone()), Some("—" | "–" | "-" | "(" | ","))
                })
                && dateline_place(text, &toks[s..e])
            {
                kind = EntityType::Location;
                rule = "entities.dateline";
            }
            // "Officially, ...": a sentence-opening adverb is no name.
            let adverb = s == 0
                && e == 1
                && text
                    .get(toks[s].range.clone())
                    .is_some_and(|w| w.ends_with("ly"))
                && sf.flags[s] == 0
                && toks
                    .get(1)
                    .is_some_and(|t| text.get(t.range.clone()) == Some(","));
            let honorific_only =
                e - s == 1 && is_honorific(text.get(toks[s].range.clone()).unwrap_or(""));
            // "(R-Kan.)", "(D-Ore.)": a party and a state, no name.
            let party_state = e - s == 1
                && s > 0
                && text.get(toks[s - 1].range.clone()) == Some("(")
                && text.get(toks[s].range.clone()).is_some_and(|w| {
                    let b = w.as_bytes();
                    b.len() > 2
                        && matches!(b[0], b'D' | b'R' | b'I')
                        && b[1] == b'-'
                        && b[2].is_ascii_uppercase()
                });
            // Two person spans side by side are one name the tagger split
            // ("Mary" "E. Hollis").
            // "Keller" "'s" "Bancshares Inc.": a company's possessive name.
            let company = kind == EntityType::Organization
                && sf.flags[e - 1] & gazetteer::ORG_CUE != 0
                && s >= 2
                && matches!(text.get(toks[s - 1].range.clone()), Some("'s" | "’s"));
            let joined = !title_case
                && found.last_mut().is_some_and(|f: &mut Found| {
                    // Not across "Denver-based": the earlier span was cut.
                    let whole = doc
                        .tokens
                        .get(f.tokens.end.wrapping_sub(1))
                        .is_some_and(|t| t.range.end == f.range.end);
                    // "Kevin" "Varga" (typed otherwise): a known first name
                    // alone before one more capitalized word, or an initial
                    // and one ("Kevin" "J. Varga"), is a person's.
                    let initial = text.get(toks[s].range.clone()).is_some_and(|w| {
                        let b = w.as_bytes();
                        b.len() == 2 && b[0].is_ascii_uppercase() && b[1] == b'.'
                    });
                    let first_name = f.tokens.len() == 1
                        && (e - s == 1 || (e - s == 2 && initial))
                        && f.tokens.start >= base
                        && sf
                            .flags
                            .get(f.tokens.start - base)
                            .is_some_and(|fl| fl & gazetteer::FIRST != 0)
                        && kind != EntityType::Nationality;
                    let people = (kind == EntityType::Person || first_name)
                        && f.kind == EntityType::Person
                        && f.tokens.end == base + s;
                    let join = whole && (people || (company && f.tokens.end + 1 == base + s));
                    if join {
                        f.tokens.end = base + e;
                        f.range.end = end;
                        f.kind = if people { EntityType::Person } else { kind };
                        f.rule = "entities.tagger.joined";
                    }
                    join
                });
            // "Minneapolis-based First Bank": the place and the name apart.
            if !joined && !title_case {
                let first = s;
                for k in first..e.saturating_sub(1) {
                    let w = text.get(toks[k].range.clone()).unwrap_or("");
                    let part = tagger::name_part(w);
                    if part.len() < w.len() {
                        found.push(Found {
                            tokens: base + s..base + k + 1,
                            range: toks[s].range.start..toks[k].range.start + part.len(),
                            kind: EntityType::Location,
                            rule: "entities.hyphen_place",
                        });
                        s = k + 1;
                    }
                }
            }
            if !honorific_only && !title_case && !adverb && !joined && !party_state {
                found.push(Found {
                    tokens: base + s..base + e,
                    range: toks[s].range.start..end,
                    kind,
                    rule,
                });
            }
            i = j;
        }
        if !title_case && !sf.all_caps() {
            organization_runs(text, toks, &sf.flags, base, &mut found, first);
            split_of_place(text, toks, &sf.flags, base, &mut found, first);
        }
    }
    // No name runs past a dozen tokens ("Department of Housing and Urban
    // Development" has six). A longer run (a page of capitalized words) is
    // cut into pieces of that size: merging compares every tail of a name,
    // and unbounded names made that quadratic.
    if found.iter().any(|f| f.tokens.len() > MAX_NAME_TOKENS) {
        found = found
            .into_iter()
            .flat_map(|f| {
                let pieces: Vec<Found> = if f.tokens.len() <= MAX_NAME_TOKENS {
                    vec![f]
                } else {
                    f.tokens
                        .clone()
                        .step_by(MAX_NAME_TOKENS)
                        .filter_map(|a| {
                            let z = (a + MAX_NAME_TOKENS).min(f.tokens.end);
                            let range =
                                doc.tokens.get(a)?.range.start..doc.tokens.get(z - 1)?.range.end;
                            Some(Found {
                                tokens: a..z,
                                range,
                                kind: f.kind,
                                rule: f.rule,
                            })
                        })
                        .collect()
                };
                pieces
            })
            .collect();
    }
    found
}

/// Whether tokens in capitals ("NEW YORK") name a place of the gazetteer
/// once written as a name ("New York").
fn dateline_place(text: &str, toks: &[crate::doc::Token]) -> bool {
    let mut name = String::new();
    for t in toks {
        let Some(w) = text.get(t.range.clone()) else {
            return false;
        };
        if w.chars().any(char::is_lowercase) || !w.chars().any(char::is_uppercase) {
            return false;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        let mut cs = w.chars();
        name.extend(cs.next());
        name.extend(cs.flat_map(char::to_lowercase));
    }
    gazetteer::GAZETTEER.name(&name) & gazetteer::PLACE != 0
}

/// Weekdays and months: capitalized, but no part of a name.
fn is_calendar_word(w: &str) -> bool {
    matches!(
        w,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// Words that join the capitalized words of one organization's name.
fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "and" | "for" | "the" | "&" | "on")
}

/// A capitalized word that can be part of a name: "Coastal", "U.S.",
/// "FBI"; not "Kremlin-backed" (its name ends at the hyphen).
fn is_name_word(w: &str) -> bool {
    if !w.chars().next().is_some_and(char::is_uppercase) || tagger::name_part(w).len() != w.len() {
        return false;
    }
    w.chars().any(char::is_lowercase)
        || (w.len() <= 5 && w.chars().all(|c| c.is_uppercase() || c == '.'))
}

/// "Federal Water Quality Office", "United Kingdom Visas and Immigration
/// Services", "Department of Coastal Security": a run of
/// capitalized words (with "of", "and", "for", "the" inside) that ends with
/// an organization word, or opens with one before "of", is one
/// organization. The tagger, trained on other news, often splits such
/// names or takes a place at their start for the whole: where its spans
/// lie inside such a run and do not already cover it as an organization,
/// they give way to one organization span. Spans that cross the run's
/// edges are left alone, and so is a run that names a place in the
/// gazetteer ("New York City") or has fewer than three words.
fn organization_runs(
    text: &str,
    toks: &[crate::doc::Token],
    flags: &[u16],
    base: usize,
    found: &mut Vec<Found>,
    first: usize,
) {
    let word = |k: usize| {
        toks.get(k)
            .filter(|t| t.kind == TokenKind::Word)
            .and_then(|t| text.get(t.range.clone()))
            .unwrap_or("")
    };
    let flag = |k: usize| flags.get(k).copied().unwrap_or(0);
    // Every run this makes holds an organization word: a sentence without
    // one is done at once (the scan of every word showed in the profile).
    if !flags.iter().any(|f| f & gazetteer::ORG_CUE != 0) {
        return;
    }
    let mut a = 0;
    while a < toks.len() {
        // A run starts at a name word that is not a function word ("The")
        // or a month ("August National Federation of ...").
        if !is_name_word(word(a)) || flag(a) & gazetteer::FUNCTION != 0 || is_calendar_word(word(a))
        {
            a += 1;
            continue;
        }
        let mut b = a + 1;
        loop {
            // "Lear Corp. and ...", "the FBI and ...": a name that has
            // ended joins no other.
            // So does a place before "and" ("the Union of Kansas and ...").
            let ended = (flag(b - 1) & (gazetteer::ORG_CUE | gazetteer::ORG) != 0
                && word(b) != "of")
                || (flag(b - 1) & (gazetteer::COUNTRY | gazetteer::CITY) != 0 && word(b) == "and");
            if is_name_word(word(b)) {
                b += 1;
            } else if !ended && is_connector(word(b)) && is_name_word(word(b + 1)) {
                b += 2;
            } else if word(b) == "of" && word(b + 1) == "the" && is_name_word(word(b + 2)) {
                // "Bank of the West"; not "Israel and the PLO".
                b += 3;
            } else {
                break;
            }
        }
        let next = b;
        // The run ends at its last organization word, unless that word
        // comes before "of" ("Department of Coastal Security", "National
        // Conference of Governors").
        let cue_of = (a..b).any(|k| {
            flag(k) & gazetteer::ORG_CUE != 0 && is_name_word(word(k)) && word(k + 1) == "of"
        });
        if !cue_of {
            while b > a && (flag(b - 1) & gazetteer::ORG_CUE == 0 || !is_name_word(word(b - 1))) {
                b -= 1;
            }
        }
        // "White House Press Secretary": the organization word is part of
        // a title.
        let title_next = flag(b) & gazetteer::TITLE != 0 && is_name_word(word(b));
        if b >= a + 3 && !title_next {
            replace_with_organization(text, toks, base, found, first, a..b);
        }
        a = next;
    }
}

/// Puts one organization span over tokens `run` of a sentence in place of
/// the spans inside it (see [`organization_runs`]).
fn replace_with_organization(
    text: &str,
    toks: &[crate::doc::Token],
    base: usize,
    found: &mut Vec<Found>,
    first: usize,
    run: Range<usize>,
) {
    let mut tokens = base + run.start..base + run.end;
    let spans = found.get(first..).unwrap_or(&[]);
    let within = |t: Range<usize>| {
        spans
            .iter()
            .filter(move |f| t.start <= f.tokens.start && f.tokens.end <= t.end)
    };
    // "Results of ...": a sentence's first word outside every span is no
    // part of the name.
    if run.start == 0 && !spans.iter().any(|f| f.tokens.start == tokens.start) {
        tokens.start += 1;
        while toks
            .get(tokens.start - base)
            .and_then(|t| text.get(t.range.clone()))
            .is_some_and(is_connector)
        {
            tokens.start += 1;
        }
    }
    // "German Foreign Ministry", "U.S. Energy Department": a place or
    // nationality before a name without connectors stays apart (as in
    // CoNLL); "United States Conference of Governors" is one name.
    if let Some(f) = within(tokens.clone()).next()
        && f.tokens.start == tokens.start
        && f.tokens.end < tokens.end
        && matches!(f.kind, EntityType::Location | EntityType::Nationality)
    {
        let rest = f.tokens.end - base..run.end;
        if !toks
            .get(rest)
            .unwrap_or(&[])
            .iter()
            .any(|t| text.get(t.range.clone()).is_some_and(is_connector))
        {
            tokens.start = f.tokens.end;
        }
    }
    if tokens.len() < 3 {
        return;
    }
    // People are not part of an organization's name ("Tom Reedley of
    // Harbor Trust Bank"; but "Edward D. Keller & Co." is a company, and a
    // person span over the whole run a mistyped name),
    // and a place at the end is the name's head ("Greek West Macedonia").
    let people = within(tokens.clone()).any(|f| {
        f.kind == EntityType::Person
            && f.tokens.len() < tokens.len()
            && toks
                .get(f.tokens.end - base)
                .and_then(|t| text.get(t.range.clone()))
                .is_some_and(|w| is_connector(w) && w != "&")
    });
    let place_head = within(tokens.clone()).any(|f| {
        f.tokens.end == tokens.end
            && f.kind == EntityType::Location
            && f.tokens.start > tokens.start
    });
    if people || place_head {
        return;
    }
    let (Some(start), Some(end)) = (
        toks.get(tokens.start - base),
        toks.get(tokens.end - base - 1),
    ) else {
        return;
    };
    let range = start.range.start..end.range.end;
    if text
        .get(range.clone())
        .is_some_and(|n| gazetteer::GAZETTEER.name(n) & gazetteer::PLACE != 0)
    {
        return;
    }
    let crossing = spans.iter().any(|f| {
        f.tokens.start < tokens.end
            && tokens.start < f.tokens.end
            && (f.tokens.start < tokens.start || f.tokens.end > tokens.end)
    });
    let inside: Vec<usize> = (first..found.len())
        .filter(|&k| tokens.start <= found[k].tokens.start && found[k].tokens.end <= tokens.end)
        .collect();
    let Some(&at) = inside.first() else {
        return;
    };
    let whole = inside.len() == 1 && found[at].tokens == tokens;
    if crossing || (whole && found[at].kind == EntityType::Organization) {
        return;
    }
    for &k in inside.iter().rev() {
        found.remove(k);
    }
    found.insert(
        at,
        Found {
            tokens,
            range,
            kind: EntityType::Organization,
            rule: "entities.organization_run",
        },
    );
}

/// "Republican of Kansas", "Democrat of Oregon": a name the tagger took as
/// one, of the form "X of <place>", where the place is in the gazetteer, is
/// the word X and the place apart.
fn split_of_place(
    text: &str,
    toks: &[crate::doc::Token],
    flags: &[u16],
    base: usize,
    found: &mut Vec<Found>,
    first: usize,
) {
    let mut k = first;
    while k < found.len() {
        if let Some(tail) = of_place(text, toks, flags, base, &found[k]) {
            let f = &mut found[k];
            let s = f.tokens.start;
            f.tokens.end = s + 1;
            f.range.end = toks.get(s - base).map_or(f.range.end, |t| t.range.end);
            f.rule = "entities.of_place";
            found.insert(k + 1, tail);
            k += 1;
        }
        k += 1;
    }
}

/// The place of a span "X of <place>" typed `other`, as a span of its own.
fn of_place(
    text: &str,
    toks: &[crate::doc::Token],
    flags: &[u16],
    base: usize,
    f: &Found,
) -> Option<Found> {
    let s = f.tokens.start.checked_sub(base)?;
    let e = f.tokens.end.checked_sub(base)?;
    if f.kind != EntityType::Other
        || e < s + 3
        || text.get(toks.get(s + 1)?.range.clone()) != Some("of")
        || !is_name_word(text.get(toks.get(s + 2)?.range.clone())?)
        || flags.get(s).is_some_and(|&fl| fl & gazetteer::PLACE != 0)
    {
        return None;
    }
    let range = toks.get(s + 2)?.range.start..toks.get(e - 1)?.range.end;
    let name = text.get(range.clone())?;
    (gazetteer::GAZETTEER.name(name) & gazetteer::PLACE != 0).then(|| Found {
        tokens: base + s + 2..base + e,
        range,
        kind: EntityType::Location,
        rule: "entities.of_place",
    })
}

pub fn annotate(doc: &mut Document<'_>) {
    let ctx = DocContext::new(doc.text, &doc.tokens);
    let found = find_spans(doc, &ctx);
    let mut entities = merge::merge(doc, &ctx, found);
    roles::assign(doc, &ctx, &mut entities);
    doc.entities = entities;
}

#[cfg(test)]
mod tests {
    use crate::doc::EntityType;
    use proptest::prelude::*;

    proptest! {
        /// Any text: no panic, mentions on char boundaries, in text order.
        #[test]
        fn any_text_gives_well_formed_entities(text in "(\\PC|[A-Z][a-z]+ |\n|U\\.S\\.-|'s |, a |\\(NATO\\) ){0,60}") {
            let doc = crate::analyze(&text);
            let mut last = 0;
            for e in &doc.entities {
                prop_assert!(!e.mentions.is_empty());
                prop_assert!(e.mentions[0].range.start >= last);
                last = e.mentions[0].range.start;
                for m in &e.mentions {
                    prop_assert!(text.get(m.range.clone()).is_some());
                }
            }
        }
    }

    /// Name, type, aliases, roles, number of mentions.
    type Row = (String, EntityType, Vec<String>, Vec<String>, usize);

    fn entities(text: &str) -> Vec<Row> {
        let doc = crate::analyze(text);
        doc.entities
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.kind,
                    e.aliases.clone(),
                    e.roles.clone(),
                    e.mentions.len(),
                )
            })
            .collect()
    }

    fn find<'a>(es: &'a [Row], name: &str) -> &'a Row {
        es.iter()
            .find(|e| e.0 == name)
            .unwrap_or_else(|| panic!("no entity {name} in {es:?}"))
    }

    #[test]
    fn people_places_and_organizations_are_typed() {
        let es = entities(
            "The finance minister of France, Marie Dupont, met officials of the World Bank in Geneva on Monday.\n",
        );
        assert_eq!(find(&es, "France").1, EntityType::Location);
        assert_eq!(find(&es, "Marie Dupont").1, EntityType::Person);
        assert_eq!(find(&es, "World Bank").1, EntityType::Organization);
        assert_eq!(find(&es, "Geneva").1, EntityType::Location);
        assert!(!es.iter().any(|e| e.0 == "Monday" || e.0 == "The"));
    }

    #[test]
    fn a_run_of_capitalized_words_ending_in_an_organization_word_is_one_name() {
        // The tagger alone splits the first name in two and takes the
        // second for a person.
        let es = entities(
            "United Kingdom Visas and Immigration Services, the agency that runs the scheme, \
             said it would act.\n\
             Canadian Food Inspection Services said the recall was widened.\n",
        );
        assert_eq!(
            find(&es, "United Kingdom Visas and Immigration Services").1,
            EntityType::Organization
        );
        assert_eq!(
            find(&es, "Food Inspection Services").1,
            EntityType::Organization
        );
        assert_eq!(find(&es, "Canadian").1, EntityType::Nationality);
    }

    #[test]
    fn organization_runs_do_not_swallow_people_or_other_names() {
        let es = entities(
            "Analyst Tom Reedley of Harbor Trust Bank said shares of Alder Corp. and Birch \
             Holdings Inc. rose after the German Foreign Ministry spoke.\n",
        );
        for e in &es {
            assert!(
                !e.0.contains(" of Harbor") && !e.0.contains(" and Birch"),
                "{es:?}"
            );
        }
        assert!(
            !es.iter().any(|e| e.0 == "German Foreign Ministry"),
            "{es:?}"
        );
    }

    #[test]
    fn span_edges_drop_weekdays_prepositions_and_party_labels() {
        let es = entities(
            "Storms hit North Dakota Friday, officials said.\n\
             Sen. Mara Quill (R-Kan.) met Yosef Harel in Haifa.\n",
        );
        assert!(!es.iter().any(|e| e.0.contains("Friday")), "{es:?}");
        assert!(!es.iter().any(|e| e.0.starts_with("R-")), "{es:?}");
        assert!(!es.iter().any(|e| e.0.contains(" in ")), "{es:?}");
        assert_eq!(find(&es, "Mara Quill").1, EntityType::Person);
        let es = entities("The Ledger on Saturday wrote that Kevin Varga’s claim was wrong.\n");
        assert!(
            !es.iter()
                .any(|e| e.0.contains(" on") || e.0.contains("Saturday")),
            "{es:?}"
        );
        assert_eq!(find(&es, "Kevin Varga").1, EntityType::Person);
    }

    #[test]
    fn a_first_name_joins_an_initial_and_a_surname() {
        let es = entities(
            "Senator Charles E. Wexford, Republican of Iowa, said the program was flawed.\n",
        );
        assert!(
            es.iter()
                .any(|e| e.0 == "Charles E. Wexford" && e.1 == EntityType::Person),
            "{es:?}"
        );
    }

    #[test]
    fn organization_runs_stop_at_titles_and_months() {
        let es = entities(
            "White House Press Secretary Dana Wolk spoke. In August National Federation of \
             Retail Grocers data showed a drop.\n",
        );
        assert!(
            !es.iter()
                .any(|e| e.0 == "White House Press" && e.1 == EntityType::Organization),
            "{es:?}"
        );
        assert!(!es.iter().any(|e| e.0.starts_with("August")), "{es:?}");
    }

    #[test]
    fn a_place_before_a_common_noun_is_a_place() {
        let es = entities("Karen Holt, a Denver lawyer, said the Oslo office would close.\n");
        assert_eq!(find(&es, "Denver").1, EntityType::Location);
        assert_eq!(find(&es, "Oslo").1, EntityType::Location);
    }

    #[test]
    fn a_name_before_administration_is_a_person() {
        let es = entities("Officials in the Kowalczyk administration declined to comment.\n");
        assert_eq!(find(&es, "Kowalczyk").1, EntityType::Person);
    }

    #[test]
    fn a_party_of_a_place_gives_the_place() {
        let es = entities("Maria Lopez, Democrat of Oregon, said the bill would pass.\n");
        assert_eq!(find(&es, "Oregon").1, EntityType::Location);
        assert!(!es.iter().any(|e| e.0.contains(" of Oregon")), "{es:?}");
    }

    #[test]
    fn nationalities_are_their_own_type() {
        let es = entities("Talks between Russian and Ukrainian officials resumed in Istanbul.\n");
        assert_eq!(find(&es, "Russian").1, EntityType::Nationality);
        assert_eq!(find(&es, "Ukrainian").1, EntityType::Nationality);
    }

    #[test]
    fn titles_stay_out_of_the_name() {
        let doc =
            crate::analyze("Officials said President Maria Lopez will visit Chile next week.\n");
        let e = doc
            .entities
            .iter()
            .find(|e| e.kind == EntityType::Person)
            .expect("a person");
        assert_eq!(e.name, "Maria Lopez");
        assert_eq!(doc.slice(&e.mentions[0].range), "Maria Lopez");
        assert_eq!(e.roles, vec!["President".to_string()]);
    }

    #[test]
    fn a_place_before_based_is_its_own_entity() {
        let es = entities("Shares of Denver-based Pine Ridge Bancorp Inc. rose on Tuesday.\n");
        assert_eq!(find(&es, "Denver").1, EntityType::Location);
        assert_eq!(
            find(&es, "Pine Ridge Bancorp Inc.").1,
            EntityType::Organization
        );
    }

    #[test]
    fn a_company_name_keeps_its_possessive() {
        let es = entities("Analysts said Walden's Holdings Inc. would buy the bank.\n");
        assert_eq!(
            find(&es, "Walden's Holdings Inc.").1,
            EntityType::Organization
        );
    }

    #[test]
    fn an_opening_adverb_is_not_a_name() {
        let es = entities("Officially, Peru is waiting for the results of the vote.\n");
        assert!(!es.iter().any(|e| e.0 == "Officially"), "{es:?}");
        assert_eq!(find(&es, "Peru").1, EntityType::Location);
    }

    #[test]
    fn a_place_after_in_is_a_location() {
        let es = entities("Bankers from the World Bank met officials in Madrid on Monday.\n");
        assert_eq!(find(&es, "Madrid").1, EntityType::Location);
    }

    #[test]
    fn title_case_headline_names_come_from_the_body() {
        let doc = crate::analyze(
            "Lopez Says Trade Talks Will Resume Soon\n\nMaria Lopez said on Monday that trade talks with Chile would resume.\n",
        );
        // "Says", "Trade Talks" are no names; "Lopez" in the headline joins
        // the person named in the body.
        let e = doc
            .entities
            .iter()
            .find(|e| e.name == "Maria Lopez")
            .expect("Maria Lopez");
        assert_eq!(doc.slice(&e.mentions[0].range), "Lopez");
        assert!(!doc.entities.iter().any(|e| e.name.contains("Says")));
    }

    #[test]
    fn entities_come_in_order_of_first_mention() {
        let doc = crate::analyze(
            "Karen Holt flew from Boston to Denver. Holt met the mayor of Denver, Tom Reyes.\n",
        );
        let starts: Vec<usize> = doc
            .entities
            .iter()
            .map(|e| e.mentions[0].range.start)
            .collect();
        let mut sorted = starts.clone();
        sorted.sort();
        assert_eq!(starts, sorted);
        assert_eq!(doc.entities[0].name, "Karen Holt");
        assert_eq!(doc.entities[0].mentions.len(), 2);
    }
}
