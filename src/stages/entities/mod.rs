//! Entities: people, organizations, places and nationalities, typed, merged
//! into one entity per referent, with their roles.
//!
//! 1. [`tagger`]: a BIO tagger (averaged perceptron over token, context,
//!    shape and gazetteer features) marks name spans with PER, ORG, LOC or
//!    MISC over the content paragraphs (headline, byline and dateline
//!    included, boilerplate and heading lines left out).
//! 2. Span rules: a title the tagger took into a person's span is cut off;
//!    MISC spans that are nationalities become `nationality`, the rest
//!    `other`; a capitalized nationality word the tagger missed is added.
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
        sf.fill(text, toks);
        MODEL.tag_into(&sf, ctx, &mut labels);
        // A Title Case headline capitalizes every word: its names are left
        // to the names found in the body (see merge::propagate).
        let in_headline = doc.headline.as_ref().is_some_and(|h| {
            h.start <= doc.sentences[si].range.start && doc.sentences[si].range.end <= h.end
        });
        let title_case = in_headline && is_title_case(text, toks);
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
            // A trailing possessive is not part of the name ("Trump 's").
            while e > s + 1 && matches!(text.get(toks[e - 1].range.clone()), Some("'s" | "’s")) {
                e -= 1;
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
                let place =
                    sf.flags[s] & (gazetteer::COUNTRY | gazetteer::CITY | gazetteer::TOWN) != 0;
                if (locative
                    && (kind == EntityType::Person || place && kind == EntityType::Organization))
                    || (after_place && kind == EntityType::Organization)
                {
                    kind = EntityType::Location;
                    rule = "entities.context.place";
                }
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
            // Two person spans side by side are one name the tagger split
            // ("Charles" "E. Grassley").
            // "Boatmen" "'s" "Bancshares Inc.": a company's possessive name.
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
                    let people = kind == EntityType::Person
                        && f.kind == EntityType::Person
                        && f.tokens.end == base + s;
                    let join = whole && (people || (company && f.tokens.end + 1 == base + s));
                    if join {
                        f.tokens.end = base + e;
                        f.range.end = end;
                        f.kind = kind;
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
            if !honorific_only && !title_case && !adverb && !joined {
                found.push(Found {
                    tokens: base + s..base + e,
                    range: toks[s].range.start..end,
                    kind,
                    rule,
                });
            }
            i = j;
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

/// Builds the gazetteer and loads the model now (about half of the start-up
/// time): the batch runner does this on a thread of its own while the
/// workers read their first articles.
pub fn warm_up() {
    std::sync::LazyLock::force(&gazetteer::GAZETTEER);
    std::sync::LazyLock::force(&MODEL);
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
