//! The brief: the JSON wire format, version [`VERSION`].
//!
//! These types are the contract that downstream tools rely on, and the JSON
//! Schema that `brief schema` prints is generated from them, so the schema
//! cannot drift from the code. Within a version, fields are only added,
//! never renamed or removed.
//!
//! Offsets: `start`/`end` count Unicode code points into the input text as
//! read (after decoding), half-open, so Python's `text[start:end]` returns
//! the span's `text`. `byte_start`/`byte_end` are the same span in bytes of
//! the UTF-8 text. Every extraction carries `rule`, the id of the rule that
//! made it.

use schemars::JsonSchema;
use serde::Serialize;

use crate::doc::{ClaimKind, Document};

pub const VERSION: &str = "1";

/// One line of `brief analyze` output: a brief, or an error record for an
/// input that could not be analysed.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Record {
    Brief(Box<Brief>),
    Error(ErrorRecord),
}

/// An input that gave no brief, in its place in the output.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ErrorRecord {
    pub source: ErrorSource,
    /// What went wrong, in words.
    pub error: String,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ErrorSource {
    /// The path as given ("-" for standard input).
    pub path: String,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct Brief {
    /// The version of this format: "1".
    pub version: String,
    pub source: Source,
    /// The headline, when the article has one.
    pub headline: Option<String>,
    /// The article's parts in text order.
    pub sections: Vec<SectionOut>,
    /// People, organizations, places and nationalities, in order of first mention.
    pub entities: Vec<EntityOut>,
    /// Quotations in text order.
    pub quotes: Vec<QuoteOut>,
    /// Plans, terms, figures, positions and reported statements, in text order.
    pub claims: Vec<ClaimOut>,
    /// Who the reported claims rest on: named and anonymous sources.
    pub sourcing: Sourcing,
}

/// How much of the story rests on whom: the sources of the claims of kind
/// `reported` (statements the article attributes without quoting), split
/// into named and anonymous ("people familiar with the matter"). Quotes
/// are not counted here.
#[derive(Serialize, JsonSchema, Debug, Clone, PartialEq, Default)]
pub struct Sourcing {
    /// Reported claims in the brief.
    pub reported: usize,
    /// Reported claims whose source is not anonymous (a name, a title, a
    /// pronoun, an organization).
    pub named: usize,
    /// Reported claims whose source is anonymous.
    pub anonymous: usize,
    /// `named / reported`, rounded to 3 decimals; 0 when there are none.
    pub named_share: f64,
    /// `anonymous / reported`, rounded to 3 decimals; 0 when there are none.
    pub anonymous_share: f64,
    /// Each named source once, in order of first use.
    pub named_sources: Vec<SourceTally>,
    /// Each anonymous source phrase once (compared in lowercase), in order
    /// of first use.
    pub anonymous_sources: Vec<SourceTally>,
}

/// One source and how many reported claims rest on it.
#[derive(Serialize, JsonSchema, Debug, Clone, PartialEq)]
pub struct SourceTally {
    /// The entity's name when the source is a known entity, otherwise the
    /// words as first written ("people familiar with the matter").
    pub name: String,
    /// The source's entity id, or null.
    pub entity_id: Option<String>,
    /// Reported claims with this source.
    pub claims: usize,
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 / whole as f64 * 1000.0).round() / 1000.0
    }
}

/// The sourcing summary of a document's reported claims.
pub fn sourcing(doc: &Document<'_>) -> Sourcing {
    let mut named: Vec<(String, SourceTally)> = Vec::new();
    let mut anonymous: Vec<(String, SourceTally)> = Vec::new();
    let mut reported = 0;
    for c in doc.claims.iter().filter(|c| c.kind == ClaimKind::Reported) {
        reported += 1;
        let Some(src) = &c.source else {
            continue;
        };
        let entity = src.entity.filter(|&e| e < doc.entities.len());
        let text = doc.slice(&src.range);
        // An anonymous source is tallied by its words, even when they
        // name the organization it speaks for ("a White House official").
        let (key, name) = match entity {
            Some(e) if !src.anonymous => (numbered('e', e), doc.entities[e].name.clone()),
            _ => (text.to_lowercase(), text.to_string()),
        };
        let list = if src.anonymous {
            &mut anonymous
        } else {
            &mut named
        };
        match list.iter_mut().find(|(k, _)| *k == key) {
            Some((_, t)) => t.claims += 1,
            None => list.push((
                key,
                SourceTally {
                    name,
                    entity_id: entity.map(entity_id),
                    claims: 1,
                },
            )),
        }
    }
    let n_named: usize = named.iter().map(|(_, t)| t.claims).sum();
    let n_anon: usize = anonymous.iter().map(|(_, t)| t.claims).sum();
    Sourcing {
        reported,
        named: n_named,
        anonymous: n_anon,
        named_share: share(n_named, reported),
        anonymous_share: share(n_anon, reported),
        named_sources: named.into_iter().map(|(_, t)| t).collect(),
        anonymous_sources: anonymous.into_iter().map(|(_, t)| t).collect(),
    }
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct Source {
    /// The path as given ("-" for standard input).
    pub path: String,
    /// The encoding the input was read in ("utf-8").
    pub encoding: String,
    /// Length of the decoded text in bytes of UTF-8.
    pub bytes: usize,
    /// Length of the decoded text in Unicode code points.
    pub chars: usize,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct SectionOut {
    /// headline, summary, context, byline, body or boilerplate.
    pub kind: String,
    /// The heading line that opens the section ("Why this matters"), or null.
    pub heading: Option<String>,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct EntityOut {
    /// "e1", "e2", ... in order of first mention.
    pub id: String,
    /// The fullest form of the name in the text.
    pub name: String,
    /// person, organization, location, nationality, event or other.
    #[serde(rename = "type")]
    pub kind: String,
    /// The other forms the text uses.
    pub aliases: Vec<String>,
    /// Titles and appositions as written ("Kremlin spokesman").
    pub roles: Vec<String>,
    /// Every occurrence, in text order.
    pub mentions: Vec<MentionOut>,
    /// The rule that decided the type.
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct MentionOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct QuoteOut {
    /// "q1", "q2", ... in text order.
    pub id: String,
    /// The words inside the quote marks.
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The speaker's canonical name (the entity's `name`), or null.
    pub speaker: Option<String>,
    /// The speaker's entity id, or null.
    pub speaker_id: Option<String>,
    /// The words that name the speaker where the quote is attributed ("he",
    /// "the spokesman", "Witkoff"), or null.
    pub speaker_text: Option<String>,
    /// The cue as written ("said", "according to"), or null.
    pub cue: Option<String>,
    /// explicit, continued, pronoun, role or none.
    pub attribution: String,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ClaimOut {
    /// "c1", "c2", ... in text order.
    pub id: String,
    /// plan, term, quantity, reported or position.
    pub kind: String,
    /// The claim as it stands in the text: a clause or a sentence.
    pub text: String,
    /// The short phrase that names the claim ("20-point draft plan").
    pub key: String,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Where `key` stands, in code points.
    pub key_start: usize,
    pub key_end: usize,
    /// Who the text says the claim comes from, or null.
    pub source: Option<ClaimSourceOut>,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ClaimSourceOut {
    /// The words naming the source ("people familiar with the matter").
    pub text: String,
    /// The source's entity id when it is a known entity, or null.
    pub entity_id: Option<String>,
    /// True for unnamed informants ("sources", "a senior official").
    pub anonymous: bool,
    pub start: usize,
    pub end: usize,
}

fn entity_id(i: usize) -> String {
    numbered('e', i + 1)
}

/// `prefix` then `n` in decimal ("e12"): ids are made for every entity,
/// quote and claim, and `format!` was a quarter of `from_doc` in the profile.
fn numbered(prefix: char, mut n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut s = String::with_capacity(1 + digits.len() - k);
    s.push(prefix);
    for &d in &digits[k..] {
        s.push(d as char);
    }
    s
}

impl Brief {
    /// The brief of an analysed document.
    pub fn from_doc(doc: &Document<'_>, path: &str, encoding: &str) -> Brief {
        let sections = doc
            .sections
            .iter()
            .map(|s| {
                let sp = doc.span(&s.range);
                SectionOut {
                    kind: s.kind.as_str().to_string(),
                    heading: s.heading.as_ref().map(|h| doc.slice(h).to_string()),
                    start: sp.char.start,
                    end: sp.char.end,
                    byte_start: sp.byte.start,
                    byte_end: sp.byte.end,
                    rule: s.rule,
                }
            })
            .collect();
        let entities = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| EntityOut {
                id: entity_id(i),
                name: e.name.clone(),
                kind: e.kind.as_str().to_string(),
                aliases: e.aliases.clone(),
                roles: e.roles.clone(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let sp = doc.span(&m.range);
                        MentionOut {
                            start: sp.char.start,
                            end: sp.char.end,
                            text: doc.slice(&m.range).to_string(),
                            byte_start: sp.byte.start,
                            byte_end: sp.byte.end,
                            rule: m.rule,
                        }
                    })
                    .collect(),
                rule: e.rule,
            })
            .collect();
        let quotes = doc
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let sp = doc.span(&q.range);
                // The contract ties speaker and attribution together: no
                // speaker means attribution "none".
                let speaker = q.speaker.filter(|&s| s < doc.entities.len());
                QuoteOut {
                    id: numbered('q', i + 1),
                    text: doc.slice(&q.range).to_string(),
                    start: sp.char.start,
                    end: sp.char.end,
                    byte_start: sp.byte.start,
                    byte_end: sp.byte.end,
                    speaker: speaker.map(|s| doc.entities[s].name.clone()),
                    speaker_id: speaker.map(entity_id),
                    speaker_text: q.speaker_mention.as_ref().map(|r| doc.slice(r).to_string()),
                    cue: q.cue.as_ref().map(|r| doc.slice(r).to_string()),
                    attribution: if speaker.is_some() {
                        q.attribution.as_str()
                    } else {
                        "none"
                    }
                    .to_string(),
                    rule: q.rule,
                }
            })
            .collect();
        let claims = doc
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let sp = doc.span(&c.range);
                let key = doc.span(&c.key);
                ClaimOut {
                    id: numbered('c', i + 1),
                    kind: c.kind.as_str().to_string(),
                    text: doc.slice(&c.range).to_string(),
                    key: doc.slice(&c.key).to_string(),
                    start: sp.char.start,
                    end: sp.char.end,
                    byte_start: sp.byte.start,
                    byte_end: sp.byte.end,
                    key_start: key.char.start,
                    key_end: key.char.end,
                    source: c.source.as_ref().map(|s| {
                        let ss = doc.span(&s.range);
                        ClaimSourceOut {
                            text: doc.slice(&s.range).to_string(),
                            entity_id: s.entity.filter(|&e| e < doc.entities.len()).map(entity_id),
                            anonymous: s.anonymous,
                            start: ss.char.start,
                            end: ss.char.end,
                        }
                    }),
                    rule: c.rule,
                }
            })
            .collect();
        Brief {
            version: VERSION.to_string(),
            source: Source {
                path: path.to_string(),
                encoding: encoding.to_string(),
                bytes: doc.text.len(),
                chars: doc.chars.char_of(doc.text.len()),
            },
            headline: doc.headline.as_ref().map(|h| doc.slice(h).to_string()),
            sections,
            entities,
            quotes,
            claims,
            sourcing: sourcing(doc),
        }
    }
}

/// The JSON Schema of one output record, pretty-printed.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Record);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(numbered('e', n), format!("e{n}"));
        }
    }
}
