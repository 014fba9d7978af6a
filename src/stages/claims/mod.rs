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
    /// Borrowed from the document's lowercase buffer: a plain `&str`, as a
    /// `Cow` cost a branch at every read and a drop check per token. The
    /// rules compare punctuation, quote marks and numbers here too: those
    /// read the same in lowercase (no other character lowercases to one of
    /// them), and a token carries no slice of its text as written, whose
    /// slicing was a tenth of building the tokens.
    pub low: &'t str,
    /// Inside the words of a quotation found by the quote stage.
    pub quoted: bool,
    /// A word with an uppercase first letter ([`Tok::capitalized`]).
    cap: bool,
    /// Word-list classes of `low` ([`lex::cls`] bits).
    pub cls: u64,
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
    /// The context of `doc`, its mention index in `mentions` (emptied;
    /// the vector of the last document, so that nothing is allocated).
    fn new(doc: &'d Document<'t>, mut mentions: Vec<(usize, usize, usize)>) -> Self {
        mentions.clear();
        // Sized once: growing it showed in the profile.
        mentions.reserve(doc.entities.iter().map(|e| e.mentions.len()).sum());
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
        // Read backward twice rather than collected (a vector per source
        // showed in the profile).
        let within = self.mentions.get(a..b).unwrap_or(&[]);
        let inside = |m: &&(usize, usize, usize)| {
            m.1 <= r.end && self.kind(m.2) != Some(EntityType::Nationality)
        };
        within
            .iter()
            .rev()
            .filter(inside)
            .find(|m| self.kind(m.2) == Some(EntityType::Person))
            .or_else(|| within.iter().rev().find(inside))
            .map(|m| m.2)
    }
}

/// Adds the claims of `doc`, in text order.
pub fn annotate(doc: &mut Document<'_>) {
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let claims = {
        let ctx = Ctx::new(doc, std::mem::take(&mut scratch.mentions));
        // The token and sentence vectors of the last document, empty:
        // `Tok<'static>` reads as any `Tok<'_>`.
        let mut toks: Vec<Tok> = std::mem::take(&mut scratch.toks);
        let mut sents: Vec<Sent> = std::mem::take(&mut scratch.sents);
        let mut spans = std::mem::take(&mut scratch.spans);
        tokens(doc, &mut toks, &mut scratch, &mut spans);
        sents.clear();
        sents.extend(spans.drain(..).map(|(index, r, title, any)| Sent {
            index,
            toks: toks.get(r).unwrap_or(&[]),
            title,
            any,
        }));
        scratch.spans = spans;
        // Kept from one document to the next (its growth showed in the
        // profile).
        let mut claims = std::mem::take(&mut scratch.claims);
        claims.clear();
        for s in &sents {
            let from = claims.len();
            reported::find(&ctx, s, &mut claims);
            position::find(&ctx, s, &mut claims);
            plan::find(&ctx, s, &mut claims);
            quantity::find(&ctx, s, &mut claims);
            clip_to_statements(&mut claims[from..]);
        }
        term::find(&ctx, &sents, &mut claims);
        // Back to `Tok<'static>` and `Sent<'static>` for the next
        // document, keeping the allocations (an empty in-place collect).
        // (`filter_map`, not `filter`: the item type changes lifetime.)
        sents.clear();
        #[allow(clippy::unnecessary_filter_map)]
        {
            scratch.sents = sents.into_iter().filter_map(|_| None).collect();
            toks.clear();
            scratch.toks = toks.into_iter().filter_map(|_| None).collect();
        }
        let out = tidy(doc, &mut claims, &mut scratch.seen, &mut scratch.sourced);
        scratch.claims = claims;
        scratch.mentions = ctx.mentions;
        out
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
    /// Where the text's hyphens are ([`tokens`]).
    hyphens: Vec<usize>,
    /// A sentence's tokens that may start a verb form ([`tokens`]).
    verbs: Vec<(usize, &'static lex::WordInfo)>,
    /// The claims found, before [`tidy`].
    claims: Vec<Claim>,
    /// The content sentences, as [`tokens`] lists them and as the rules
    /// read them.
    spans: Tokens,
    sents: Vec<Sent<'static>>,
    /// [`Ctx::mentions`].
    mentions: Vec<(usize, usize, usize)>,
    /// The sets of [`tidy`].
    seen: rustc_hash::FxHashSet<(u8, usize, usize, usize, usize)>,
    sourced: rustc_hash::FxHashSet<(usize, usize)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A figure or plan inside a reported statement keeps to that statement:
/// its range does not reach back over the attribution ("officials said").
/// (The statements are read in place: a vector of them collected for every
/// sentence showed in the profile.)
fn clip_to_statements(claims: &mut [Claim]) {
    if !claims.iter().any(|c| c.kind == ClaimKind::Reported) {
        return;
    }
    for i in 0..claims.len() {
        let Some(c) = claims.get(i) else {
            break;
        };
        if !matches!(c.kind, ClaimKind::Quantity | ClaimKind::Plan) {
            continue;
        }
        let key = c.key.clone();
        // The shortest statement holding the key, the first of equals (as
        // `min_by_key` picks).
        let mut best: Option<Range<usize>> = None;
        for r in claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Reported)
            .map(|c| &c.range)
        {
            if r.start <= key.start
                && key.end <= r.end
                && best
                    .as_ref()
                    .is_none_or(|b| r.end - r.start < b.end - b.start)
            {
                best = Some(r.clone());
            }
        }
        if let (Some(r), Some(c)) = (best, claims.get_mut(i)) {
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
///
/// This runs once per token of the corpus and was most of the stage in the
/// profile: the loop over a sentence's tokens ([`sentence_tokens`]) does
/// only what every token needs, and hyphens and quotations, a few per
/// document, mark their tokens afterwards from their own positions.
fn tokens<'a>(
    doc: &'a Document<'_>,
    toks: &mut Vec<Tok<'a>>,
    scratch: &mut Scratch,
    sents: &mut Tokens,
) {
    let table = lex::table();
    // At most every token of the document: one allocation, no growth.
    toks.clear();
    toks.reserve(doc.tokens.len());
    sents.clear();
    sents.reserve(doc.sentences.len());
    let verbs = &mut scratch.verbs;
    for (si, s) in doc.content_sentences() {
        let from = toks.len();
        verbs.clear();
        let (words, caps, any) = sentence_tokens(doc, table, s.tokens.clone(), toks, verbs);
        let title = words >= 3 && caps * 10 >= words * 6;
        // Cue and stance verbs, once per token (see `Tok::cue`).
        let st = toks.get_mut(from..).unwrap_or(&mut []);
        for &(i, info) in verbs.iter() {
            let (cue, position) = phrase::verbs_at(st, doc.text, title, i, info);
            if let Some(t) = st.get_mut(i) {
                t.cue = cue;
                t.position = position;
            }
        }
        sents.push((si, from..toks.len(), title, any));
    }
    mark_hyphens(doc, toks, sents, &mut scratch.hyphens);
    mark_quoted(doc, toks);
}

/// Appends the tokens `range` of the document (one sentence's) to `out`,
/// and to `verbs` those that may start a cue or stance verb (index in the
/// sentence, what the lists know of the word); returns the sentence's
/// counts of words and of capitalized words and its classes or-ed.
/// (Not inlined: in the stage's body its loop ran short of registers.)
#[inline(never)]
fn sentence_tokens<'a>(
    doc: &'a Document<'_>,
    table: &lex::WordTable,
    range: Range<usize>,
    out: &mut Vec<Tok<'a>>,
    verbs: &mut Vec<(usize, &'static lex::WordInfo)>,
) -> (usize, usize, u64) {
    let text = doc.text.as_bytes();
    let low_text = doc.lower.text.as_str();
    let low_bytes = low_text.as_bytes();
    let tokens = doc.tokens.get(range.clone()).unwrap_or(&[]);
    // The reader gives every token a lowercase span; were one missing, its
    // form would be "" (what `Lower::get` gives).
    let spans = match doc.lower.spans.get(range) {
        Some(s) => s,
        None => &[],
    };
    let (mut words, mut caps, mut any) = (0, 0, 0);
    for (k, t) in tokens.iter().enumerate() {
        let (la, lb) = spans.get(k).copied().unwrap_or((0, 0));
        let low = low_text.get(la..lb).unwrap_or("");
        let (mut classes, info) = table.classes(low_bytes, la, low);
        if let Some(info) = info {
            verbs.push((k, info));
        }
        let start = t.range.start;
        let first = if t.range.end > start {
            text.get(start).copied().unwrap_or(0)
        } else {
            0
        };
        let word = t.kind == TokenKind::Word;
        // The first letter, from the text as written: an ASCII one needs
        // no decoding.
        let cap = word
            && if first.is_ascii() {
                first.is_ascii_uppercase()
            } else {
                doc.text
                    .get(t.range.clone())
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
            };
        // What a figure may start with, beyond the lists (see
        // `quantity::find`): a number, four bytes starting with a digit or
        // "+" (a year?), a word ending in "fold".
        if t.kind == TokenKind::Number {
            classes |= cls::NUMBER;
        }
        if t.range.end.wrapping_sub(start) == 4 && (first.is_ascii_digit() || first == b'+') {
            classes |= cls::YEARISH;
        }
        if low.ends_with("fold") {
            classes |= cls::FOLD;
        }
        words += usize::from(word);
        caps += usize::from(cap);
        any |= classes;
        out.push(Tok {
            range: t.range.clone(),
            kind: t.kind,
            low,
            quoted: false,
            cap,
            cls: classes,
            cue: None,
            position: None,
        });
    }
    (words, caps, any)
}

/// Sets [`cls::HYPHEN`] on the tokens holding a hyphen (and in their
/// sentence's classes): each of the text's hyphens finds its token by a
/// binary search (a token's lowercase form has its hyphens where the token
/// has them: no other character lowercases to one). A byte scan of every
/// token's word was a tenth of building the tokens. `toks` are in text
/// order.
fn mark_hyphens(
    doc: &Document<'_>,
    toks: &mut [Tok<'_>],
    sents: &mut Tokens,
    hyphens: &mut Vec<usize>,
) {
    hyphens.clear();
    hyphens.extend(memchr::memchr_iter(b'-', doc.text.as_bytes()));
    for &p in hyphens.iter() {
        let k = toks.partition_point(|t| t.range.end <= p);
        let Some(t) = toks.get_mut(k) else {
            break;
        };
        if t.range.start <= p {
            t.cls |= cls::HYPHEN;
            let j = sents.partition_point(|s| s.1.end <= k);
            if let Some(s) = sents.get_mut(j) {
                s.3 |= cls::HYPHEN;
            }
        }
    }
}

/// Sets `Tok::quoted`: a token is quoted when the last quotation starting
/// at or before it (by start, stable) holds it. Each quotation marks the
/// tokens from its start to the next quotation's start or its own end,
/// found by a binary search: a cursor per token was a tenth of building
/// the tokens. `toks` are in text order.
fn mark_quoted(doc: &Document<'_>, toks: &mut [Tok<'_>]) {
    if doc.quotes.is_empty() {
        return;
    }
    let mut quoted: Vec<Range<usize>> = doc.quotes.iter().map(|q| q.range.clone()).collect();
    quoted.sort_by_key(|r| r.start);
    for (j, q) in quoted.iter().enumerate() {
        let until = quoted.get(j + 1).map_or(usize::MAX, |n| n.start);
        let first = toks.partition_point(|t| t.range.start < q.start);
        for t in toks.iter_mut().skip(first) {
            if t.range.start >= until || t.range.start > q.end {
                break;
            }
            if t.range.end <= q.end {
                t.quoted = true;
            }
        }
    }
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

fn tidy(
    doc: &Document<'_>,
    claims: &mut Vec<Claim>,
    seen: &mut rustc_hash::FxHashSet<(u8, usize, usize, usize, usize)>,
    sourced: &mut rustc_hash::FxHashSet<(usize, usize)>,
) -> Vec<Claim> {
    for c in claims.iter_mut() {
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
    // Sized once, and kept from one document to the next: growing these
    // sets, then allocating them, showed in the profile.
    seen.clear();
    seen.reserve(claims.len());
    sourced.clear();
    sourced.reserve(claims.len());
    for c in claims.drain(..) {
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
