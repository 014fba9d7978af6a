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

// The wire types take their strings as `S`: owned `String`s (the default,
// for the renderers and tests), or `Cow<str>` borrowed from the document for
// the batch runner (`Brief::from_doc_as`): owning a String per mention and
// claim (malloc, copy, free) was most of `from_doc` and of dropping the
// brief in the profile. The schema names stay those of the types (`rename`).
// Plain comments: doc comments here would go into the schema.
#[derive(Serialize, JsonSchema, Debug, Clone)]
#[schemars(rename = "Brief")]
pub struct Brief<S = String> {
    /// The version of this format: "1".
    pub version: String,
    pub source: Source,
    /// The headline, when the article has one.
    pub headline: Option<S>,
    /// The article's parts in text order.
    pub sections: Vec<SectionOut<S>>,
    /// People, organizations, places and nationalities, in order of first mention.
    pub entities: Vec<EntityOut<S>>,
    /// Quotations in text order.
    pub quotes: Vec<QuoteOut<S>>,
    /// Plans, terms, figures, positions and reported statements, in text order.
    pub claims: Vec<ClaimOut<S>>,
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
#[schemars(rename = "SectionOut")]
pub struct SectionOut<S = String> {
    /// headline, summary, context, byline, body or boilerplate.
    pub kind: S,
    /// The heading line that opens the section ("Why this matters"), or null.
    pub heading: Option<S>,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
#[schemars(rename = "EntityOut")]
pub struct EntityOut<S = String> {
    /// "e1", "e2", ... in order of first mention.
    pub id: S,
    /// The fullest form of the name in the text.
    pub name: S,
    /// person, organization, location, nationality, event or other.
    #[serde(rename = "type")]
    pub kind: S,
    /// The other forms the text uses.
    pub aliases: Vec<S>,
    /// Titles and appositions as written ("Kremlin spokesman").
    pub roles: Vec<S>,
    /// Every occurrence, in text order.
    pub mentions: Vec<MentionOut<S>>,
    /// The rule that decided the type.
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
#[schemars(rename = "MentionOut")]
pub struct MentionOut<S = String> {
    pub start: usize,
    pub end: usize,
    pub text: S,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
#[schemars(rename = "QuoteOut")]
pub struct QuoteOut<S = String> {
    /// "q1", "q2", ... in text order.
    pub id: S,
    /// The words inside the quote marks.
    pub text: S,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The speaker's canonical name (the entity's `name`), or null.
    pub speaker: Option<S>,
    /// The speaker's entity id, or null.
    pub speaker_id: Option<S>,
    /// The words that name the speaker where the quote is attributed ("he",
    /// "the spokesman", "Witkoff"), or null.
    pub speaker_text: Option<S>,
    /// The cue as written ("said", "according to"), or null.
    pub cue: Option<S>,
    /// explicit, continued, pronoun, role or none.
    pub attribution: S,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
#[schemars(rename = "ClaimOut")]
pub struct ClaimOut<S = String> {
    /// "c1", "c2", ... in text order.
    pub id: S,
    /// plan, term, quantity, reported or position.
    pub kind: S,
    /// The claim as it stands in the text: a clause or a sentence.
    pub text: S,
    /// The short phrase that names the claim ("20-point draft plan").
    pub key: S,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Where `key` stands, in code points.
    pub key_start: usize,
    pub key_end: usize,
    /// Who the text says the claim comes from, or null.
    pub source: Option<ClaimSourceOut<S>>,
    pub rule: &'static str,
}

#[derive(Serialize, JsonSchema, Debug, Clone)]
#[schemars(rename = "ClaimSourceOut")]
pub struct ClaimSourceOut<S = String> {
    /// The words naming the source ("people familiar with the matter").
    pub text: S,
    /// The source's entity id when it is a known entity, or null.
    pub entity_id: Option<S>,
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
        Brief::from_doc_as(doc, path, encoding)
    }
}

impl<'d, S: From<&'d str> + From<String>> Brief<S> {
    /// The brief of an analysed document with its strings as `S`:
    /// `Brief::<Cow<str>>::from_doc_as` borrows them from the document.
    pub fn from_doc_as(doc: &'d Document<'_>, path: &str, encoding: &str) -> Brief<S> {
        let sections = doc
            .sections
            .iter()
            .map(|s| {
                let sp = doc.span(&s.range);
                SectionOut {
                    kind: S::from(s.kind.as_str()),
                    heading: s.heading.as_ref().map(|h| S::from(doc.slice(h))),
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
                id: S::from(entity_id(i)),
                name: S::from(e.name.as_str()),
                kind: S::from(e.kind.as_str()),
                aliases: e.aliases.iter().map(|a| S::from(a.as_str())).collect(),
                roles: e.roles.iter().map(|r| S::from(r.as_str())).collect(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let sp = doc.span(&m.range);
                        MentionOut {
                            start: sp.char.start,
                            end: sp.char.end,
                            text: S::from(doc.slice(&m.range)),
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
                    id: S::from(numbered('q', i + 1)),
                    text: S::from(doc.slice(&q.range)),
                    start: sp.char.start,
                    end: sp.char.end,
                    byte_start: sp.byte.start,
                    byte_end: sp.byte.end,
                    speaker: speaker.map(|s| S::from(doc.entities[s].name.as_str())),
                    speaker_id: speaker.map(|s| S::from(entity_id(s))),
                    speaker_text: q.speaker_mention.as_ref().map(|r| S::from(doc.slice(r))),
                    cue: q.cue.as_ref().map(|r| S::from(doc.slice(r))),
                    attribution: S::from(if speaker.is_some() {
                        q.attribution.as_str()
                    } else {
                        "none"
                    }),
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
                    id: S::from(numbered('c', i + 1)),
                    kind: S::from(c.kind.as_str()),
                    text: S::from(doc.slice(&c.range)),
                    key: S::from(doc.slice(&c.key)),
                    start: sp.char.start,
                    end: sp.char.end,
                    byte_start: sp.byte.start,
                    byte_end: sp.byte.end,
                    key_start: key.char.start,
                    key_end: key.char.end,
                    source: c.source.as_ref().map(|s| {
                        let ss = doc.span(&s.range);
                        ClaimSourceOut {
                            text: S::from(doc.slice(&s.range)),
                            entity_id: s
                                .entity
                                .filter(|&e| e < doc.entities.len())
                                .map(|e| S::from(entity_id(e))),
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
            headline: doc.headline.as_ref().map(|h| S::from(doc.slice(h))),
            sections,
            entities,
            quotes,
            claims,
            sourcing: sourcing(doc),
        }
    }
}

/// Compact JSON for the wire types, byte for byte what `serde_json::to_writer`
/// writes for them (the test `writer_matches_serde_json` holds it to that;
/// a field added to a type must be added here too). serde_json escaped
/// every key and every string byte by byte, and that was most of the
/// serialization in the profile; here keys are literals and strings are
/// scanned eight bytes at a time for the few bytes that need an escape.
mod json {
    pub struct Out<'a>(pub &'a mut Vec<u8>);

    impl Out<'_> {
        #[inline]
        pub fn raw(&mut self, b: &[u8]) {
            self.0.extend_from_slice(b);
        }

        /// `"name":`, for keys that need no escape.
        #[inline]
        pub fn key(&mut self, name: &str) {
            self.0.push(b'"');
            self.0.extend_from_slice(name.as_bytes());
            self.0.extend_from_slice(b"\":");
        }

        /// `,"name":`: a key after the first.
        #[inline]
        pub fn next_key(&mut self, name: &str) {
            self.0.push(b',');
            self.key(name);
        }

        /// Decimal digits pushed last first, then turned round (no copy
        /// of a digit buffer: a `memcpy` call per number showed).
        #[inline]
        pub fn usize(&mut self, mut n: usize) {
            let start = self.0.len();
            loop {
                self.0.push(b'0' + (n % 10) as u8);
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            if let Some(digits) = self.0.get_mut(start..) {
                digits.reverse();
            }
        }

        #[inline]
        pub fn bool(&mut self, b: bool) {
            self.raw(if b { b"true" } else { b"false" });
        }

        /// Floats go through serde_json itself (two a brief).
        pub fn f64(&mut self, x: f64) {
            if serde_json::to_writer(&mut *self.0, &x).is_err() {
                self.raw(b"null");
            }
        }

        #[inline]
        pub fn str(&mut self, s: &(impl AsRef<str> + ?Sized)) {
            let b = s.as_ref().as_bytes();
            if clean(b) {
                // Nearly every string: one copy.
                self.0.reserve(b.len() + 2);
                self.0.push(b'"');
                self.0.extend_from_slice(b);
                self.0.push(b'"');
            } else {
                self.escaped(b);
            }
        }

        fn escaped(&mut self, b: &[u8]) {
            self.0.push(b'"');
            let mut done = 0;
            while let Some(i) = next_escape(b, done) {
                self.0.extend_from_slice(&b[done..i]);
                let c = b[i];
                match c {
                    b'"' => self.raw(b"\\\""),
                    b'\\' => self.raw(b"\\\\"),
                    0x08 => self.raw(b"\\b"),
                    0x0c => self.raw(b"\\f"),
                    b'\n' => self.raw(b"\\n"),
                    b'\r' => self.raw(b"\\r"),
                    b'\t' => self.raw(b"\\t"),
                    _ => {
                        const HEX: &[u8; 16] = b"0123456789abcdef";
                        let hex = |d: u8| HEX[usize::from(d & 0xf)];
                        self.raw(&[b'\\', b'u', b'0', b'0', hex(c >> 4), hex(c)]);
                    }
                }
                done = i + 1;
            }
            self.0.extend_from_slice(&b[done..]);
            self.0.push(b'"');
        }

        #[inline]
        pub fn opt_str(&mut self, s: Option<&(impl AsRef<str> + ?Sized)>) {
            match s {
                Some(s) => self.str(s),
                None => self.raw(b"null"),
            }
        }

        /// `[a,b,...]` with `f` writing each item.
        pub fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
            self.0.push(b'[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    self.0.push(b',');
                }
                f(self, x);
            }
            self.0.push(b']');
        }
    }

    /// Whether a byte must be escaped in a JSON string: `"`, `\` and
    /// control characters below 0x20 (serde_json escapes no others).
    fn needs_escape(c: u8) -> bool {
        c < 0x20 || c == b'"' || c == b'\\'
    }

    /// Whether no byte of `b` needs an escape: eight bytes at a time, the
    /// tests of every chunk or-ed together without an early exit.
    #[inline]
    fn clean(b: &[u8]) -> bool {
        let mut chunks = b.chunks_exact(8);
        let mut flags = 0u64;
        for chunk in chunks.by_ref() {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            flags |= escapes(u64::from_le_bytes(w));
        }
        flags & HIGH == 0 && !chunks.remainder().iter().any(|&c| needs_escape(c))
    }

    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// A high bit in some byte when a byte of `v` is below 0x20, a '"' or a
    /// '\\' (exact for whether any byte is: the usual zero-byte tests).
    #[inline]
    fn escapes(v: u64) -> u64 {
        let below = v.wrapping_sub(ONES * 0x20) & !v;
        let q = v ^ (ONES * b'"' as u64);
        let quote = q.wrapping_sub(ONES) & !q;
        let s = v ^ (ONES * b'\\' as u64);
        let slash = s.wrapping_sub(ONES) & !s;
        (below | quote | slash) & HIGH
    }

    /// The first byte at or after `from` that needs an escape.
    fn next_escape(b: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        while let Some(chunk) = b.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            if escapes(u64::from_le_bytes(w)) != 0 {
                break;
            }
            i += 8;
        }
        b.get(i..)?
            .iter()
            .position(|&c| needs_escape(c))
            .map(|p| i + p)
    }
}

impl<S: AsRef<str>> Brief<S> {
    /// The brief as one line of compact JSON (no newline), appended to
    /// `out`: the same bytes as `serde_json::to_writer(out, self)`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let mut o = json::Out(out);
        o.raw(b"{");
        o.key("version");
        o.str(&self.version);
        o.next_key("source");
        o.source(&self.source);
        o.next_key("headline");
        o.opt_str(self.headline.as_ref());
        o.next_key("sections");
        o.list(&self.sections, |o, s| {
            o.raw(b"{");
            o.key("kind");
            o.str(&s.kind);
            o.next_key("heading");
            o.opt_str(s.heading.as_ref());
            o.span(s.start, s.end, s.byte_start, s.byte_end);
            o.next_key("rule");
            o.str(s.rule);
            o.raw(b"}");
        });
        o.next_key("entities");
        o.list(&self.entities, |o, e| {
            o.raw(b"{");
            o.key("id");
            o.str(&e.id);
            o.next_key("name");
            o.str(&e.name);
            o.next_key("type");
            o.str(&e.kind);
            o.next_key("aliases");
            o.list(&e.aliases, |o, a| o.str(a));
            o.next_key("roles");
            o.list(&e.roles, |o, r| o.str(r));
            o.next_key("mentions");
            o.list(&e.mentions, |o, m| {
                o.raw(b"{");
                o.key("start");
                o.usize(m.start);
                o.next_key("end");
                o.usize(m.end);
                o.next_key("text");
                o.str(&m.text);
                o.next_key("byte_start");
                o.usize(m.byte_start);
                o.next_key("byte_end");
                o.usize(m.byte_end);
                o.next_key("rule");
                o.str(m.rule);
                o.raw(b"}");
            });
            o.next_key("rule");
            o.str(e.rule);
            o.raw(b"}");
        });
        o.next_key("quotes");
        o.list(&self.quotes, |o, q| {
            o.raw(b"{");
            o.key("id");
            o.str(&q.id);
            o.next_key("text");
            o.str(&q.text);
            o.span(q.start, q.end, q.byte_start, q.byte_end);
            o.next_key("speaker");
            o.opt_str(q.speaker.as_ref());
            o.next_key("speaker_id");
            o.opt_str(q.speaker_id.as_ref());
            o.next_key("speaker_text");
            o.opt_str(q.speaker_text.as_ref());
            o.next_key("cue");
            o.opt_str(q.cue.as_ref());
            o.next_key("attribution");
            o.str(&q.attribution);
            o.next_key("rule");
            o.str(q.rule);
            o.raw(b"}");
        });
        o.next_key("claims");
        o.list(&self.claims, |o, c| {
            o.raw(b"{");
            o.key("id");
            o.str(&c.id);
            o.next_key("kind");
            o.str(&c.kind);
            o.next_key("text");
            o.str(&c.text);
            o.next_key("key");
            o.str(&c.key);
            o.span(c.start, c.end, c.byte_start, c.byte_end);
            o.next_key("key_start");
            o.usize(c.key_start);
            o.next_key("key_end");
            o.usize(c.key_end);
            o.next_key("source");
            match &c.source {
                None => o.raw(b"null"),
                Some(s) => {
                    o.raw(b"{");
                    o.key("text");
                    o.str(&s.text);
                    o.next_key("entity_id");
                    o.opt_str(s.entity_id.as_ref());
                    o.next_key("anonymous");
                    o.bool(s.anonymous);
                    o.next_key("start");
                    o.usize(s.start);
                    o.next_key("end");
                    o.usize(s.end);
                    o.raw(b"}");
                }
            }
            o.next_key("rule");
            o.str(c.rule);
            o.raw(b"}");
        });
        o.next_key("sourcing");
        let s = &self.sourcing;
        o.raw(b"{");
        o.key("reported");
        o.usize(s.reported);
        o.next_key("named");
        o.usize(s.named);
        o.next_key("anonymous");
        o.usize(s.anonymous);
        o.next_key("named_share");
        o.f64(s.named_share);
        o.next_key("anonymous_share");
        o.f64(s.anonymous_share);
        for (k, list) in [
            ("named_sources", &s.named_sources),
            ("anonymous_sources", &s.anonymous_sources),
        ] {
            o.next_key(k);
            o.list(list, |o, t| {
                o.raw(b"{");
                o.key("name");
                o.str(&t.name);
                o.next_key("entity_id");
                o.opt_str(t.entity_id.as_ref());
                o.next_key("claims");
                o.usize(t.claims);
                o.raw(b"}");
            });
        }
        o.raw(b"}}");
    }
}

impl json::Out<'_> {
    fn source(&mut self, s: &Source) {
        self.raw(b"{");
        self.key("path");
        self.str(&s.path);
        self.next_key("encoding");
        self.str(&s.encoding);
        self.next_key("bytes");
        self.usize(s.bytes);
        self.next_key("chars");
        self.usize(s.chars);
        self.raw(b"}");
    }

    /// `,"start":..,"end":..,"byte_start":..,"byte_end":..`
    fn span(&mut self, start: usize, end: usize, byte_start: usize, byte_end: usize) {
        self.next_key("start");
        self.usize(start);
        self.next_key("end");
        self.usize(end);
        self.next_key("byte_start");
        self.usize(byte_start);
        self.next_key("byte_end");
        self.usize(byte_end);
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

    /// The hand-made writer against serde_json on the fixtures and on text
    /// with every byte that needs an escape.
    #[test]
    fn writer_matches_serde_json() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("fixtures")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        let controls: String = (0u8..0x20).map(char::from).collect();
        texts.push(format!(
            "Quote \"Back\\slash\" Says\n\nAnn Lee said \"it is {controls} \u{7f}\u{e9}\" on Monday. \
             Officials said the Acme \"Group\" (AG) would pay 40 percent.\r\n"
        ));
        texts.push(String::new());
        for t in &texts {
            let b = crate::brief_of(t, "p\"\\\u{1}.txt", "utf-8");
            let mut mine = Vec::new();
            b.write_json(&mut mine);
            let theirs = serde_json::to_vec(&b).expect("json");
            assert_eq!(
                String::from_utf8_lossy(&mine),
                String::from_utf8_lossy(&theirs)
            );
        }
        let mut b = crate::brief_of("x", "p", "utf-8");
        b.sourcing.named_share = 0.333;
        b.sourcing.anonymous_share = 1.0;
        let mut mine = Vec::new();
        b.write_json(&mut mine);
        assert_eq!(mine, serde_json::to_vec(&b).expect("json"));
    }

    #[test]
    fn escapes_like_serde_json() {
        let mut s: String = (0u8..0x80).map(char::from).collect();
        s.push_str("é\"\\ plain text that is long enough for chunks \"");
        for start in 0..s.len() {
            let Some(t) = s.get(start..) else { continue };
            let mut mine = Vec::new();
            json::Out(&mut mine).str(t);
            assert_eq!(mine, serde_json::to_vec(t).expect("json"), "{t:?}");
        }
    }

    #[test]
    fn numbered_ids() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(numbered('e', n), format!("e{n}"));
        }
    }
}
