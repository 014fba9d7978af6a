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

// The batch runner does not build these: it writes one-line briefs straight
// from the document (`write_doc_json`, held to the same bytes by tests).
// Plain comments: doc comments here would go into the schema.
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

/// One source of reported claims as tallied, borrowed from the document.
struct Tally<'d> {
    key: Key<'d>,
    /// The entity's name, or the words as first written.
    name: &'d str,
    entity: Option<usize>,
    claims: usize,
}

/// What tells two sources apart: the source entity (a named source that
/// is an entity), else the words in lowercase. (The tally compared Strings
/// made for every reported claim, about a tenth of the writer in the
/// profile; the keys are compared in place.)
#[derive(Clone, Copy)]
enum Key<'d> {
    Entity(usize),
    Text(&'d str),
}

impl Key<'_> {
    fn same(self, other: Key<'_>) -> bool {
        match (self, other) {
            (Key::Entity(a), Key::Entity(b)) => a == b,
            (Key::Text(a), Key::Text(b)) => {
                if a.is_ascii() && b.is_ascii() {
                    a.eq_ignore_ascii_case(b)
                } else {
                    a.to_lowercase() == b.to_lowercase()
                }
            }
            // A source entity is never the same as words that name no
            // entity, whatever they say ("E3" is not entity 3: the string
            // keys this replaced, `e{i}` against the lowercase words, ran
            // the two together).
            (Key::Entity(_), Key::Text(_)) | (Key::Text(_), Key::Entity(_)) => false,
        }
    }
}

/// The sources of a document's reported claims, in order of first use.
struct Tallies<'d> {
    reported: usize,
    named: Vec<Tally<'d>>,
    anonymous: Vec<Tally<'d>>,
}

impl<'d> Tallies<'d> {
    fn of(doc: &'d Document<'_>) -> Tallies<'d> {
        let mut t = Tallies {
            reported: 0,
            named: Vec::new(),
            anonymous: Vec::new(),
        };
        for c in doc.claims.iter().filter(|c| c.kind == ClaimKind::Reported) {
            t.reported += 1;
            let Some(src) = &c.source else {
                continue;
            };
            let entity = src.entity.filter(|&e| e < doc.entities.len());
            let text = doc.slice(&src.range);
            // An anonymous source is tallied by its words, even when they
            // name the organization it speaks for ("a White House official").
            let (key, name) = match entity {
                Some(e) if !src.anonymous => (Key::Entity(e), doc.entities[e].name.as_str()),
                _ => (Key::Text(text), text),
            };
            let list = if src.anonymous {
                &mut t.anonymous
            } else {
                &mut t.named
            };
            match list.iter_mut().find(|t| t.key.same(key)) {
                Some(t) => t.claims += 1,
                None => list.push(Tally {
                    key,
                    name,
                    entity,
                    claims: 1,
                }),
            }
        }
        t
    }

    fn named(&self) -> usize {
        self.named.iter().map(|t| t.claims).sum()
    }

    fn anonymous(&self) -> usize {
        self.anonymous.iter().map(|t| t.claims).sum()
    }
}

/// The sourcing summary of a document's reported claims.
pub fn sourcing(doc: &Document<'_>) -> Sourcing {
    let t = Tallies::of(doc);
    let (n_named, n_anon) = (t.named(), t.anonymous());
    let owned = |list: &[Tally<'_>]| {
        list.iter()
            .map(|t| SourceTally {
                name: t.name.to_string(),
                entity_id: t.entity.map(entity_id),
                claims: t.claims,
            })
            .collect()
    };
    Sourcing {
        reported: t.reported,
        named: n_named,
        anonymous: n_anon,
        named_share: share(n_named, t.reported),
        anonymous_share: share(n_anon, t.reported),
        named_sources: owned(&t.named),
        anonymous_sources: owned(&t.anonymous),
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
                    kind: String::from(s.kind.as_str()),
                    heading: s.heading.as_ref().map(|h| String::from(doc.slice(h))),
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
                name: String::from(e.name.as_str()),
                kind: String::from(e.kind.as_str()),
                aliases: e.aliases.iter().map(|a| String::from(a.as_str())).collect(),
                roles: e.roles.iter().map(|r| String::from(r.as_str())).collect(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let sp = doc.span(&m.range);
                        MentionOut {
                            start: sp.char.start,
                            end: sp.char.end,
                            text: String::from(doc.slice(&m.range)),
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
                    text: String::from(doc.slice(&q.range)),
                    start: sp.char.start,
                    end: sp.char.end,
                    byte_start: sp.byte.start,
                    byte_end: sp.byte.end,
                    speaker: speaker.map(|s| String::from(doc.entities[s].name.as_str())),
                    speaker_id: speaker.map(entity_id),
                    speaker_text: q
                        .speaker_mention
                        .as_ref()
                        .map(|r| String::from(doc.slice(r))),
                    cue: q.cue.as_ref().map(|r| String::from(doc.slice(r))),
                    attribution: String::from(if speaker.is_some() {
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
                    id: numbered('c', i + 1),
                    kind: String::from(c.kind.as_str()),
                    text: String::from(doc.slice(&c.range)),
                    key: String::from(doc.slice(&c.key)),
                    start: sp.char.start,
                    end: sp.char.end,
                    byte_start: sp.byte.start,
                    byte_end: sp.byte.end,
                    key_start: key.char.start,
                    key_end: key.char.end,
                    source: c.source.as_ref().map(|s| {
                        let ss = doc.span(&s.range);
                        ClaimSourceOut {
                            text: String::from(doc.slice(&s.range)),
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
            headline: doc.headline.as_ref().map(|h| String::from(doc.slice(h))),
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

    /// Two decimal digits for each of 0..100.
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";

    impl Out<'_> {
        /// Bytes as they are: keys are written as one literal each, with
        /// their quotes, colon and leading comma (`,"start":`), so that the
        /// copy has a length known at compile time (a `memcpy` call per key
        /// and a push per punctuation byte were most of the writer).
        #[inline]
        pub fn raw(&mut self, b: &[u8]) {
            self.0.extend_from_slice(b);
        }

        /// Decimal digits. Offsets in news text are nearly all below
        /// 10,000: each of those lengths is one fixed-size copy (the digit
        /// loop and a copy of variable length, a `memcpy` call, took about
        /// 60 instructions a number in the profile); longer numbers go two
        /// digits at a time into a buffer on the stack.
        #[inline]
        pub fn usize(&mut self, n: usize) {
            let pair = |k: usize| {
                let k = (k % 100) * 2;
                [PAIRS[k], PAIRS[k + 1]]
            };
            if n < 10 {
                self.0.push(b'0' + n as u8);
            } else if n < 100 {
                self.raw(&pair(n));
            } else if n < 1000 {
                let [a, b] = pair(n);
                self.raw(&[b'0' + (n / 100) as u8, a, b]);
            } else if n < 10_000 {
                let ([a, b], [c, d]) = (pair(n / 100), pair(n));
                self.raw(&[a, b, c, d]);
            } else {
                self.long(n);
            }
        }

        #[cold]
        fn long(&mut self, mut n: usize) {
            let mut buf = [0u8; 20];
            let mut i = buf.len();
            // At most 20 digits: `i` stays in bounds.
            while n >= 100 {
                let d = (n % 100) * 2;
                n /= 100;
                i -= 2;
                buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
            }
            if n >= 10 {
                let d = n * 2;
                i -= 2;
                buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
            } else {
                i -= 1;
                buf[i] = b'0' + n as u8;
            }
            self.0.extend_from_slice(&buf[i..]);
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
            self.bytes(s.as_ref().as_bytes());
        }

        /// A JSON string of UTF-8 bytes.
        ///
        /// Four strings in five are at most 16 bytes (names, rules, kinds,
        /// ids). Such a string is read as two words that may overlap, tested
        /// for escapes, and written with its quotes through an 18-byte
        /// buffer of fixed size, then cut to length: the general path's
        /// three pushes and `memcpy` call were most of the writer's cost per
        /// string in the profile.
        #[inline]
        pub fn bytes(&mut self, b: &[u8]) {
            if let Some(short) = Short::read(b) {
                if short.clean() {
                    let len = self.0.len();
                    self.0.extend_from_slice(&short.quoted());
                    self.0.truncate(len + b.len() + 2);
                } else {
                    self.escaped(b);
                }
            } else if clean(b) {
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

        /// `prefix` then `n`, as a JSON string ("e12"): the ids.
        #[inline]
        pub fn id(&mut self, prefix: u8, n: usize) {
            self.raw(&[b'"', prefix]);
            self.usize(n);
            self.raw(b"\"");
        }

        /// `[a,b,...]` with `f` writing each item.
        #[inline]
        pub fn list<T>(
            &mut self,
            items: impl IntoIterator<Item = T>,
            mut f: impl FnMut(&mut Self, T),
        ) {
            self.0.push(b'[');
            for (i, x) in items.into_iter().enumerate() {
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

    /// A string of at most 16 bytes as two words: `lo` its first eight
    /// bytes (or four), `hi` its last eight (or four), which overlap when
    /// it is shorter than 16 (or 8); below four bytes, its first, middle
    /// and last byte.
    pub(super) struct Short {
        lo: [u8; 8],
        hi: [u8; 8],
        len: usize,
    }

    impl Short {
        #[inline]
        pub(super) fn read(b: &[u8]) -> Option<Short> {
            let n = b.len();
            // Padding with spaces, which need no escape.
            let (mut lo, mut hi) = ([b' '; 8], [b' '; 8]);
            if n > 16 {
                return None;
            } else if n >= 8 {
                lo.copy_from_slice(b.get(..8)?);
                hi.copy_from_slice(b.get(n - 8..)?);
            } else if n >= 4 {
                lo[..4].copy_from_slice(b.get(..4)?);
                hi[..4].copy_from_slice(b.get(n - 4..)?);
            } else if n > 0 {
                lo[..3].copy_from_slice(&[*b.first()?, *b.get(n / 2)?, *b.last()?]);
            }
            Some(Short { lo, hi, len: n })
        }

        #[inline]
        pub(super) fn clean(&self) -> bool {
            (escapes(u64::from_le_bytes(self.lo)) | escapes(u64::from_le_bytes(self.hi))) == 0
        }

        /// The string in quotes at the start of 18 bytes (the rest is
        /// padding).
        #[inline]
        pub(super) fn quoted(&self) -> [u8; 18] {
            let n = self.len;
            let mut q = [b'"'; 18];
            // Stores of fixed size at offsets below 18 - size: `n` is at
            // most 16, and at least the size of the word stored at n - size.
            if n >= 8 {
                q[1..9].copy_from_slice(&self.lo);
                q[n - 7..n + 1].copy_from_slice(&self.hi);
            } else if n >= 4 {
                q[1..5].copy_from_slice(&self.lo[..4]);
                q[n - 3..n + 1].copy_from_slice(&self.hi[..4]);
            } else if n > 0 {
                // First, middle and last byte: all of one to three bytes.
                q[1] = self.lo[0];
                q[1 + n / 2] = self.lo[1];
                q[n] = self.lo[2];
            }
            q[n + 1] = b'"';
            q
        }
    }

    /// Whether no byte of `b` needs an escape: eight bytes at a time, the
    /// tests of every chunk or-ed together without an early exit, and the
    /// last eight bytes once more (`b` is longer than 16 bytes).
    #[inline]
    fn clean(b: &[u8]) -> bool {
        let mut flags = 0u64;
        let mut chunks = b.chunks_exact(8);
        for chunk in chunks.by_ref() {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            flags |= escapes(u64::from_le_bytes(w));
        }
        if let Some(last) = b.len().checked_sub(8).and_then(|k| b.get(k..)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(last);
            flags |= escapes(u64::from_le_bytes(w));
        }
        flags & HIGH == 0
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

impl json::Out<'_> {
    /// `,"start":..,"end":..,"byte_start":..,"byte_end":..`
    #[inline]
    fn span(&mut self, start: usize, end: usize, byte_start: usize, byte_end: usize) {
        self.raw(br#","start":"#);
        self.usize(start);
        self.raw(br#","end":"#);
        self.usize(end);
        self.raw(br#","byte_start":"#);
        self.usize(byte_start);
        self.raw(br#","byte_end":"#);
        self.usize(byte_end);
    }

    /// One mention object.
    #[inline]
    fn mention(
        &mut self,
        start: usize,
        end: usize,
        text: &str,
        byte_start: usize,
        byte_end: usize,
        rule: &str,
    ) {
        self.raw(br#"{"start":"#);
        self.usize(start);
        self.raw(br#","end":"#);
        self.usize(end);
        self.raw(br#","text":"#);
        self.str(text);
        self.raw(br#","byte_start":"#);
        self.usize(byte_start);
        self.raw(br#","byte_end":"#);
        self.usize(byte_end);
        self.raw(br#","rule":"#);
        self.str(rule);
        self.raw(b"}");
    }

    /// The sourcing summary as [`Self::sourcing`] writes it, from the
    /// tallies (no `Sourcing` and its Strings in between).
    fn tallies(&mut self, t: &Tallies<'_>) {
        let (named, anonymous) = (t.named(), t.anonymous());
        self.raw(br#"{"reported":"#);
        self.usize(t.reported);
        self.raw(br#","named":"#);
        self.usize(named);
        self.raw(br#","anonymous":"#);
        self.usize(anonymous);
        self.raw(br#","named_share":"#);
        self.f64(share(named, t.reported));
        self.raw(br#","anonymous_share":"#);
        self.f64(share(anonymous, t.reported));
        for (k, list) in [
            (&br#","named_sources":"#[..], &t.named),
            (&br#","anonymous_sources":"#[..], &t.anonymous),
        ] {
            self.raw(k);
            self.list(list, |o, t| {
                o.raw(br#"{"name":"#);
                o.str(t.name);
                o.raw(br#","entity_id":"#);
                match t.entity {
                    Some(e) => o.id(b'e', e + 1),
                    None => o.raw(b"null"),
                }
                o.raw(br#","claims":"#);
                o.usize(t.claims);
                o.raw(b"}");
            });
        }
        self.raw(b"}");
    }

    #[cfg(test)]
    fn sourcing(&mut self, s: &Sourcing) {
        self.raw(br#"{"reported":"#);
        self.usize(s.reported);
        self.raw(br#","named":"#);
        self.usize(s.named);
        self.raw(br#","anonymous":"#);
        self.usize(s.anonymous);
        self.raw(br#","named_share":"#);
        self.f64(s.named_share);
        self.raw(br#","anonymous_share":"#);
        self.f64(s.anonymous_share);
        for (k, list) in [
            (&br#","named_sources":"#[..], &s.named_sources),
            (&br#","anonymous_sources":"#[..], &s.anonymous_sources),
        ] {
            self.raw(k);
            self.list(list, |o, t| {
                o.raw(br#"{"name":"#);
                o.str(&t.name);
                o.raw(br#","entity_id":"#);
                o.opt_str(t.entity_id.as_ref());
                o.raw(br#","claims":"#);
                o.usize(t.claims);
                o.raw(b"}");
            });
        }
        self.raw(b"}");
    }
}

/// Writes the brief of an analysed document as one line of compact JSON
/// (no newline), appended to `out`: the same bytes as serde_json gives for
/// `Brief::from_doc(doc, path, encoding)`, written straight from the
/// document. Building the brief (a Vec per entity and list, an id String
/// per entity, quote and claim) and dropping it again cost about a third
/// of the serialization in the profile. The tests `writer_matches_serde_json`
/// and `direct_writer_matches_brief` hold the two to the same bytes.
pub fn write_doc_json(doc: &Document<'_>, path: &str, encoding: &str, out: &mut Vec<u8>) {
    let mut o = json::Out(out);
    let n_entities = doc.entities.len();
    o.raw(br#"{"version":"#);
    o.str(VERSION);
    o.raw(br#","source":{"path":"#);
    o.str(path);
    o.raw(br#","encoding":"#);
    o.str(encoding);
    o.raw(br#","bytes":"#);
    o.usize(doc.text.len());
    o.raw(br#","chars":"#);
    o.usize(doc.chars.char_of(doc.text.len()));
    o.raw(b"}");
    o.raw(br#","headline":"#);
    o.opt_str(doc.headline.as_ref().map(|h| doc.slice(h)));
    o.raw(br#","sections":"#);
    o.list(&doc.sections, |o, s| {
        let sp = doc.span(&s.range);
        o.raw(br#"{"kind":"#);
        o.str(s.kind.as_str());
        o.raw(br#","heading":"#);
        o.opt_str(s.heading.as_ref().map(|h| doc.slice(h)));
        o.span(sp.char.start, sp.char.end, sp.byte.start, sp.byte.end);
        o.raw(br#","rule":"#);
        o.str(s.rule);
        o.raw(b"}");
    });
    o.raw(br#","entities":"#);
    o.list(doc.entities.iter().enumerate(), |o, (i, e)| {
        o.raw(br#"{"id":"#);
        o.id(b'e', i + 1);
        o.raw(br#","name":"#);
        o.str(&e.name);
        o.raw(br#","type":"#);
        o.str(e.kind.as_str());
        o.raw(br#","aliases":"#);
        o.list(&e.aliases, |o, a| o.str(a));
        o.raw(br#","roles":"#);
        o.list(&e.roles, |o, r| o.str(r));
        o.raw(br#","mentions":"#);
        o.list(&e.mentions, |o, m| {
            let sp = doc.span(&m.range);
            o.mention(
                sp.char.start,
                sp.char.end,
                doc.slice(&m.range),
                sp.byte.start,
                sp.byte.end,
                m.rule,
            )
        });
        o.raw(br#","rule":"#);
        o.str(e.rule);
        o.raw(b"}");
    });
    o.raw(br#","quotes":"#);
    o.list(doc.quotes.iter().enumerate(), |o, (i, q)| {
        let sp = doc.span(&q.range);
        // The contract ties speaker and attribution together: no speaker
        // means attribution "none" (as in `Brief::from_doc`).
        let speaker = q.speaker.filter(|&s| s < n_entities);
        o.raw(br#"{"id":"#);
        o.id(b'q', i + 1);
        o.raw(br#","text":"#);
        o.str(doc.slice(&q.range));
        o.span(sp.char.start, sp.char.end, sp.byte.start, sp.byte.end);
        o.raw(br#","speaker":"#);
        o.opt_str(speaker.map(|s| doc.entities[s].name.as_str()));
        o.raw(br#","speaker_id":"#);
        match speaker {
            Some(s) => o.id(b'e', s + 1),
            None => o.raw(b"null"),
        }
        o.raw(br#","speaker_text":"#);
        o.opt_str(q.speaker_mention.as_ref().map(|r| doc.slice(r)));
        o.raw(br#","cue":"#);
        o.opt_str(q.cue.as_ref().map(|r| doc.slice(r)));
        o.raw(br#","attribution":"#);
        o.str(if speaker.is_some() {
            q.attribution.as_str()
        } else {
            "none"
        });
        o.raw(br#","rule":"#);
        o.str(q.rule);
        o.raw(b"}");
    });
    o.raw(br#","claims":"#);
    o.list(doc.claims.iter().enumerate(), |o, (i, c)| {
        let sp = doc.span(&c.range);
        let key = doc.span(&c.key);
        o.raw(br#"{"id":"#);
        o.id(b'c', i + 1);
        o.raw(br#","kind":"#);
        o.str(c.kind.as_str());
        o.raw(br#","text":"#);
        o.str(doc.slice(&c.range));
        o.raw(br#","key":"#);
        o.str(doc.slice(&c.key));
        o.span(sp.char.start, sp.char.end, sp.byte.start, sp.byte.end);
        o.raw(br#","key_start":"#);
        o.usize(key.char.start);
        o.raw(br#","key_end":"#);
        o.usize(key.char.end);
        o.raw(br#","source":"#);
        match &c.source {
            None => o.raw(b"null"),
            Some(s) => {
                let ss = doc.span(&s.range);
                o.raw(br#"{"text":"#);
                o.str(doc.slice(&s.range));
                o.raw(br#","entity_id":"#);
                match s.entity.filter(|&e| e < n_entities) {
                    Some(e) => o.id(b'e', e + 1),
                    None => o.raw(b"null"),
                }
                o.raw(br#","anonymous":"#);
                o.bool(s.anonymous);
                o.raw(br#","start":"#);
                o.usize(ss.char.start);
                o.raw(br#","end":"#);
                o.usize(ss.char.end);
                o.raw(b"}");
            }
        }
        o.raw(br#","rule":"#);
        o.str(c.rule);
        o.raw(b"}");
    });
    o.raw(br#","sourcing":"#);
    o.tallies(&Tallies::of(doc));
    o.raw(b"}");
}

/// The JSON Schema of one output record, pretty-printed.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Record);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-made writer against serde_json on the brief: on the
    /// fixtures and on text with every byte that needs an escape (in the
    /// path too), non-ASCII offsets and out-of-range speaker and source
    /// indexes; and the `sourcing` shares as floats.
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
        texts.push("Élysée “Talks” Résumé\n\n“We will go,” said Zoë Müller, the £5 envoy. People familiar with the matter said the 20-point plan was ready, according to Reuters.".to_string());
        texts.push(String::new());
        for t in &texts {
            let mut doc = crate::analyze(t);
            for bad in [false, true] {
                if bad {
                    // Indexes past the entities are written as null.
                    let n = doc.entities.len();
                    for q in &mut doc.quotes {
                        q.speaker = Some(n + 3);
                    }
                    for c in &mut doc.claims {
                        if let Some(s) = &mut c.source {
                            s.entity = Some(n);
                        }
                    }
                }
                let path = "p\"\\\u{1}.txt";
                let want = serde_json::to_vec(&Brief::from_doc(&doc, path, "utf-8")).expect("json");
                let mut got = Vec::new();
                write_doc_json(&doc, path, "utf-8", &mut got);
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want)
                );
            }
        }
        let mut s = crate::brief_of("x", "p", "utf-8").sourcing;
        s.named_share = 0.333;
        s.anonymous_share = 1.0;
        let mut mine = Vec::new();
        json::Out(&mut mine).sourcing(&s);
        assert_eq!(mine, serde_json::to_vec(&s).expect("json"));
    }

    #[test]
    fn numbers_like_serde_json() {
        let mut n = 1usize;
        let mut all: Vec<usize> = (0..12_000).collect();
        all.extend([99_999, 100_000, usize::MAX]);
        while let Some(m) = n.checked_mul(7) {
            all.extend([m - 1, m, m + 1]);
            n = m;
        }
        for n in all {
            let mut mine = Vec::new();
            json::Out(&mut mine).usize(n);
            assert_eq!(mine, serde_json::to_vec(&n).expect("json"), "{n}");
        }
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
    fn every_slice_escapes_like_serde_json() {
        let s = "a\"b\\c\u{1}d\ne\u{1f}f\u{7f}g\u{e9}h\"\"i\tj plain words here k\\";
        let b = s.as_bytes();
        for start in 0..b.len() {
            for end in start..=b.len() {
                let Some(t) = s.get(start..end) else { continue };
                let mut mine = Vec::new();
                json::Out(&mut mine).str(t);
                assert_eq!(mine, serde_json::to_vec(t).expect("json"), "{t:?}");
            }
        }
    }

    /// Source keys compare as the Strings the tally once made: `e{i}` for
    /// an entity, the lowercase words for the rest.
    #[test]
    fn source_keys_tell_entities_from_words() {
        let texts = [
            "",
            "e",
            "E",
            "e3",
            "E3",
            "e03",
            "e30",
            "e12",
            "E12",
            "x12",
            "e1\u{212a}",
            "officials",
            "Officials",
            "OFFICIALS",
            "\u{212a}elvin",
            "kelvin",
            "ΟΔΟΣ",
            "οδος",
            "οδοσ",
            "İstanbul",
            "i\u{307}stanbul",
            "é",
            "É",
        ];
        // An entity's key is no lowercase text ("E3" is not entity 3).
        let string = |k: Key<'_>| match k {
            Key::Entity(e) => format!("\u{0}entity {e}"),
            Key::Text(t) => t.to_lowercase(),
        };
        let mut keys: Vec<Key<'_>> = texts.iter().map(|t| Key::Text(t)).collect();
        keys.extend([0, 3, 12, 30].map(Key::Entity));
        for &a in &keys {
            for &b in &keys {
                assert_eq!(
                    a.same(b),
                    string(a) == string(b),
                    "{} {}",
                    string(a),
                    string(b)
                );
            }
        }
    }

    #[test]
    fn numbered_ids() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(numbered('e', n), format!("e{n}"));
        }
    }
}
