//! Claims: plans, terms, figures, positions and reported statements, each
//! with its source.
//!
//! The stage reads the content sentences (no boilerplate, no heading lines),
//! the entities (to name a source) and the quotes (a statement inside quote
//! marks is the quote stage's, not a reported claim). Each kind has its own
//! rules, in its own module; every rule reads word lists from
//! `data/claims/` and `data/cue_verbs.txt`:
//!
//! - [`reported`]: statements attributed without quoting ("X said (that)
//!   ...", "..., X said", "according to X", "was credited by sources with").
//!   The claim's range is the *content*, what was said; the source is the
//!   words naming who said it.
//! - [`position`]: an actor wants, seeks, opposes ... something. The range is
//!   what is wanted; the key is the actor and the verb ("Russia wants").
//! - [`plan`]: named or specific plans, drafts, deals, bills, zones. The key
//!   is the noun with its modifiers ("20-point draft plan").
//! - [`term`]: coined or quoted terms: the quote stage's `quoted_terms` and
//!   "what X call “T”", "so-called T"; the range reaches into the next
//!   sentence when that one says what the term means ("Under that ...").
//! - [`quantity`]: figures with what they measure ("24 percent of the
//!   contributors", "two hours", "fourth year").
//!
//! Sources: `source.text` is always the words in the text ("he",
//! "people familiar with the matter", "Interfax"), so that a reader can
//! find them; when those words are a pronoun or a name of a known entity,
//! `entity` points to the entity it resolves to. `anonymous` is set for
//! unnamed informants (data/claims/anonymity.txt).

mod lex;
mod phrase;
mod plan;
mod position;
mod quantity;
mod reported;
mod term;

use std::cell::Cell;
use std::ops::Range;

use crate::doc::{Claim, ClaimKind, Document, EntityType, TokenKind};
use lex::cls;

/// A token of a content sentence with its lowercase text.
#[derive(Debug)]
pub(crate) struct Tok<'t> {
    pub range: Range<usize>,
    pub kind: TokenKind,
    pub text: &'t str,
    /// Borrowed from the document's lowercase buffer (or from `text`):
    /// a plain `&str`, as a `Cow` cost a branch at every read and a drop
    /// check per token.
    pub low: &'t str,
    /// Inside the words of a quotation found by the quote stage.
    pub quoted: bool,
    /// A word with an uppercase first letter ([`Tok::capitalized`]).
    cap: bool,
    /// Word-list classes of `low` ([`lex::cls`] bits).
    pub cls: u64,
    /// What the word lists know of `low` when it starts a cue or stance
    /// verb form ([`lex::NO_INFO`] otherwise).
    pub info: &'static lex::WordInfo,
    /// The cue verb starting here ([`phrase::cue_at`]), found once per token:
    /// the rules ask for it again and again while walking phrases.
    pub cue: Option<&'static lex::CueForm>,
    /// The stance verb starting here ([`phrase::position_at`]), likewise.
    pub position: Option<&'static lex::VerbForm>,
}

impl Tok<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
    pub fn capitalized(&self) -> bool {
        self.cap
    }
    pub fn is(&self, w: &str) -> bool {
        self.low == w
    }
    /// Whether the word is in any of the classes `c` ([`lex::cls`] bits).
    pub fn has(&self, c: u64) -> bool {
        self.cls & c != 0
    }
}

/// A content sentence as the rules see it.
pub(crate) struct Sent<'t> {
    pub index: usize,
    pub toks: &'t [Tok<'t>],
    /// Most words capitalized (a headline): capitals say nothing of names.
    pub title: bool,
    /// The classes of all its words (`cls` of the tokens or-ed): a rule
    /// whose words are all missing skips the sentence.
    pub any: u64,
}

impl Sent<'_> {
    /// Byte range from token `a` to the end of token `b - 1`; empty at `a`
    /// when `b <= a`.
    pub fn span(&self, a: usize, b: usize) -> Range<usize> {
        match (
            self.toks.get(a),
            b.checked_sub(1).and_then(|l| self.toks.get(l)),
        ) {
            (Some(x), Some(y)) if b > a => x.range.start..y.range.end,
            (Some(x), _) => x.range.start..x.range.start,
            _ => 0..0,
        }
    }

    /// Whether the words starting at token `i` are `ws` (lowercase).
    pub fn words_at(&self, i: usize, ws: &[&str]) -> bool {
        words_at(self.toks, i, ws)
    }

    pub fn low(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.low)
    }

    /// Whether token `i` exists and its word is in any of the classes `c`
    /// ([`lex::cls`] bits): `WORDS.aux.contains(s.low(i))` and the like.
    pub fn has(&self, i: usize, c: u64) -> bool {
        self.toks.get(i).is_some_and(|t| t.cls & c != 0)
    }
}

/// Whether the words starting at token `i` of `toks` are `ws` (lowercase).
pub(crate) fn words_at(toks: &[Tok], i: usize, ws: &[&str]) -> bool {
    !ws.is_empty()
        && ws
            .iter()
            .enumerate()
            .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.low == *w))
}

/// The document, the sentences and an index of entity mentions.
pub(crate) struct Ctx<'d, 't> {
    pub doc: &'d Document<'t>,
    /// `(start, end, entity)` of every mention, sorted by start.
    mentions: Vec<(usize, usize, usize)>,
    /// The last person named as a source, and where: "he said" in the next
    /// sentences most often means that person.
    last_person: Cell<Option<(usize, usize)>>,
    /// The last source (entity, anonymous, where it ends): "they say" right
    /// after "analysts said" speaks for the same unnamed people.
    pub last_source: Cell<Option<(Option<usize>, bool, usize)>>,
}

impl<'d, 't> Ctx<'d, 't> {
    fn new(doc: &'d Document<'t>) -> Self {
        // Sized once: growing it showed in the profile.
        let mut mentions: Vec<(usize, usize, usize)> =
            Vec::with_capacity(doc.entities.iter().map(|e| e.mentions.len()).sum());
        for (e, ent) in doc.entities.iter().enumerate() {
            mentions.extend(ent.mentions.iter().map(|m| (m.range.start, m.range.end, e)));
        }
        mentions.sort_unstable();
        Ctx {
            doc,
            mentions,
            last_person: Cell::new(None),
            last_source: Cell::new(None),
        }
    }

    fn kind(&self, e: usize) -> Option<EntityType> {
        self.doc.entities.get(e).map(|e| e.kind)
    }

    /// The entity a source phrase names: the last mention inside it (a
    /// person's preferred; a nationality is never a source), or for
    /// "he"/"she" the person last named as a source in the sentences just
    /// before, else the last person mentioned before it.
    pub fn resolve(&self, r: &Range<usize>) -> Option<usize> {
        let found = self.resolve_inner(r);
        if let Some(e) = found
            && self.kind(e) == Some(EntityType::Person)
        {
            self.last_person.set(Some((e, r.end)));
        }
        found
    }

    fn resolve_inner(&self, r: &Range<usize>) -> Option<usize> {
        // `to_lowercase` is one of these words only for these letters in
        // any case (no other character lowercases to them): compared
        // without a lowercase copy.
        let words = self.doc.slice(r);
        if ["he", "she", "him", "her"]
            .iter()
            .any(|p| words.eq_ignore_ascii_case(p))
        {
            if let Some((e, at)) = self.last_person.get()
                && at <= r.start
                && r.start - at < 1200
            {
                return Some(e);
            }
            let i = self.mentions.partition_point(|m| m.0 < r.start);
            return self.mentions[..i]
                .iter()
                .rev()
                .take(200)
                .find(|m| {
                    self.doc
                        .entities
                        .get(m.2)
                        .is_some_and(|e| e.kind == EntityType::Person)
                })
                .map(|m| m.2);
        }
        let a = self.mentions.partition_point(|m| m.0 < r.start);
        let b = self.mentions.partition_point(|m| m.0 < r.end);
        let inside: Vec<&(usize, usize, usize)> = self.mentions[a..b]
            .iter()
            .filter(|m| m.1 <= r.end && self.kind(m.2) != Some(EntityType::Nationality))
            .collect();
        inside
            .iter()
            .rev()
            .find(|m| {
                self.doc
                    .entities
                    .get(m.2)
                    .is_some_and(|e| e.kind == EntityType::Person)
            })
            .or(inside.last())
            .map(|m| m.2)
    }
}

/// Adds the claims of `doc`, in text order.
pub fn annotate(doc: &mut Document<'_>) {
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let claims = {
        let ctx = Ctx::new(doc);
        // The token vector of the last document, empty: `Tok<'static>`
        // reads as any `Tok<'_>`.
        let mut toks: Vec<Tok> = std::mem::take(&mut scratch.toks);
        let spans = tokens(doc, &mut toks);
        let sents: Vec<Sent> = spans
            .into_iter()
            .map(|(index, r, title, any)| Sent {
                index,
                toks: toks.get(r).unwrap_or(&[]),
                title,
                any,
            })
            .collect();
        let mut claims = Vec::new();
        for s in &sents {
            let from = claims.len();
            reported::find(&ctx, s, &mut claims);
            position::find(&ctx, s, &mut claims);
            plan::find(&ctx, s, &mut claims);
            quantity::find(&ctx, s, &mut claims);
            clip_to_statements(&mut claims[from..]);
        }
        term::find(&ctx, &sents, &mut claims);
        drop(sents);
        // Back to `Tok<'static>` for the next document, keeping the
        // allocation (an empty in-place collect).
        // (`filter_map`, not `filter`: the item type changes lifetime.)
        toks.clear();
        #[allow(clippy::unnecessary_filter_map)]
        {
            scratch.toks = toks.into_iter().filter_map(|_| None).collect();
        }
        tidy(doc, claims)
    };
    SCRATCH.with(|s| *s.borrow_mut() = scratch);
    doc.claims = claims;
}

/// The stage's largest buffer, kept per thread from one document to the
/// next: allocating a token vector of about a hundred bytes a token anew for
/// every document cost malloc more than a twentieth of the stage in the
/// profile. (The lowercase text is the document's, `Document::lower`.)
#[derive(Default)]
struct Scratch {
    toks: Vec<Tok<'static>>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A figure or plan inside a reported statement keeps to that statement:
/// its range does not reach back over the attribution ("officials said").
fn clip_to_statements(claims: &mut [Claim]) {
    let statements: Vec<Range<usize>> = claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Reported)
        .map(|c| c.range.clone())
        .collect();
    for c in claims
        .iter_mut()
        .filter(|c| matches!(c.kind, ClaimKind::Quantity | ClaimKind::Plan))
    {
        if let Some(r) = statements
            .iter()
            .filter(|r| r.start <= c.key.start && c.key.end <= r.end)
            .min_by_key(|r| r.end - r.start)
        {
            c.range = c.range.start.max(r.start)..c.range.end.min(r.end);
        }
    }
}

/// The tokens of the content sentences, in one vector, and the sentences
/// as `(sentence index, token range, title, classes)`. One vector for the
/// document, not one per sentence: the allocations showed in the profile.
type Tokens = Vec<(usize, Range<usize>, bool, u64)>;

/// The content sentences' tokens, into `toks` (empty), each with its
/// lowercase form from the document's [`crate::doc::Lower`].
fn tokens<'a>(doc: &'a Document<'_>, toks: &mut Vec<Tok<'a>>) -> Tokens {
    let mut quoted: Vec<Range<usize>> = doc.quotes.iter().map(|q| q.range.clone()).collect();
    quoted.sort_by_key(|r| r.start);
    // Tokens come in text order: the count of quotations starting at or
    // before a token moves forward with a cursor instead of a binary search
    // per token (kept for a token out of order).
    let mut k = 0;
    let mut last_start = 0;
    // At most every token of the document: one allocation, no growth.
    toks.clear();
    toks.reserve(doc.tokens.len());
    let mut sents = Vec::with_capacity(doc.sentences.len());
    for (si, s) in doc.content_sentences() {
        let from = toks.len();
        let (mut words, mut caps, mut any) = (0, 0, 0);
        let sent_tokens = doc.sentence_tokens(si);
        let base = s.tokens.start;
        toks.extend(sent_tokens.iter().enumerate().map(|(ti, t)| {
            let text = doc.slice(&t.range);
            if t.range.start < last_start {
                k = quoted.partition_point(|q| q.start <= t.range.start);
            }
            last_start = t.range.start;
            while quoted.get(k).is_some_and(|q| q.start <= t.range.start) {
                k += 1;
            }
            let in_quote = k > 0
                && quoted
                    .get(k - 1)
                    .is_some_and(|q| t.range.start >= q.start && t.range.end <= q.end);
            let low = doc.lower.get(base + ti);
            let (classes, word) = lex::classify(low);
            // An ASCII first letter needs no decoding.
            let cap = t.kind == TokenKind::Word
                && match text.as_bytes().first() {
                    Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                    _ => text.chars().next().is_some_and(char::is_uppercase),
                };
            // What a figure may start with, beyond the lists (see
            // `quantity::find`).
            let mut figure = 0;
            if t.kind == TokenKind::Number {
                figure |= cls::NUMBER;
            }
            if text.len() == 4 && text.starts_with(|c: char| c.is_ascii_digit() || c == '+') {
                figure |= cls::YEARISH;
            }
            if low.ends_with("fold") {
                figure |= cls::FOLD;
            }
            words += usize::from(t.kind == TokenKind::Word);
            caps += usize::from(cap);
            any |= classes | figure;
            Tok {
                range: t.range.clone(),
                kind: t.kind,
                text,
                low,
                quoted: in_quote,
                cap,
                cls: classes | figure,
                info: word,
                cue: None,
                position: None,
            }
        }));
        let title = words >= 3 && caps * 10 >= words * 6;
        // Cue and stance verbs, once per token (see `Tok::cue`).
        if any & (cls::CUE_FIRST | cls::POSITION_FIRST) != 0 {
            let st = &mut toks[from..];
            for i in 0..st.len() {
                if st[i].has(cls::CUE_FIRST | cls::POSITION_FIRST) {
                    let (cue, position) = phrase::verbs_at(st, title, i);
                    st[i].cue = cue;
                    st[i].position = position;
                }
            }
        }
        sents.push((si, from..toks.len(), title, any));
    }
    sents
}

fn kind_rank(k: ClaimKind) -> u8 {
    match k {
        ClaimKind::Reported => 0,
        ClaimKind::Position => 1,
        ClaimKind::Term => 2,
        ClaimKind::Plan => 3,
        ClaimKind::Quantity => 4,
    }
}

/// Text order; a sourced claim with the same range as an earlier one is
/// dropped (two rules saw the same statement); empty ranges are dropped.
/// The most a claim's text reaches beyond its key on either side, in bytes.
/// Real claims stay well inside it; text with no sentence ends (a page of
/// quoted words) would otherwise give every claim its whole run-on
/// "sentence", and the output would grow with the square of the input.
const MAX_REACH_BYTES: usize = 600;

/// Clips `range` to at most `MAX_REACH_BYTES` around `key`, at white space.
fn clip_reach(text: &str, range: &Range<usize>, key: &Range<usize>) -> Range<usize> {
    let mut start = range.start;
    if key.start.saturating_sub(start) > MAX_REACH_BYTES {
        let mut at = key.start - MAX_REACH_BYTES;
        while !text.is_char_boundary(at) {
            at += 1;
        }
        start = text[at..key.start]
            .find(char::is_whitespace)
            .map_or(key.start, |i| at + i + 1);
    }
    let mut end = range.end;
    if end.saturating_sub(key.end) > MAX_REACH_BYTES {
        let mut at = key.end + MAX_REACH_BYTES;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        end = text[key.end..at]
            .rfind(char::is_whitespace)
            .map_or(key.end, |i| key.end + i);
    }
    start.min(key.start)..end.max(key.end)
}

fn tidy(doc: &Document<'_>, mut claims: Vec<Claim>) -> Vec<Claim> {
    for c in &mut claims {
        if c.key.start >= c.range.start && c.key.end <= c.range.end && c.range.end <= doc.text.len()
        {
            c.range = clip_reach(doc.text, &c.range, &c.key);
        }
    }
    claims.retain(|c| {
        !c.range.is_empty()
            && !c.key.is_empty()
            && doc.text.is_char_boundary(c.range.start)
            && doc.text.is_char_boundary(c.range.end)
            && doc.text.is_char_boundary(c.key.start)
            && doc.text.is_char_boundary(c.key.end)
            && c.range.end <= doc.text.len()
            && c.key.end <= doc.text.len()
    });
    claims.sort_by(|a, b| {
        (a.range.start, kind_rank(a.kind), a.range.end, a.key.start).cmp(&(
            b.range.start,
            kind_rank(b.kind),
            b.range.end,
            b.key.start,
        ))
    });
    let mut out: Vec<Claim> = Vec::with_capacity(claims.len());
    // Sized once: growing these sets showed in the profile.
    let mut seen: rustc_hash::FxHashSet<(u8, usize, usize, usize, usize)> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(claims.len(), Default::default());
    let mut sourced: rustc_hash::FxHashSet<(usize, usize)> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(claims.len(), Default::default());
    for c in claims {
        let k = (
            kind_rank(c.kind),
            c.range.start,
            c.range.end,
            c.key.start,
            c.key.end,
        );
        if !seen.insert(k) {
            continue;
        }
        if matches!(c.kind, ClaimKind::Reported | ClaimKind::Position)
            && !sourced.insert((c.range.start, c.range.end))
        {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
