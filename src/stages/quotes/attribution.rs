//! Who said it: the speaker of each quoted run.
//!
//! Rules, tried in order for each run (the id goes to `Quote::rule`):
//! - `quotes.transcript`: a run that opens with an upper-case name and a
//!   colon ("PENCE: Well, ...") is that person's line.
//! - `quotes.cue_after`: a cue verb right after the quote, its subject on
//!   either side ("…,” Smith said", "…,” said Smith, the mayor", "…,” the
//!   spokesman told reporters", "…,” according to Smith").
//! - `quotes.dash`: "…” — Jane Smith".
//! - `quotes.cue_before`: the nearest cue before the quote in its sentence
//!   ("Smith said: “…”", "Smith called the plan “a disgrace”").
//! - `quotes.colon`: a colon intro with no verb ("Smith to the board: “…”"),
//!   also from the sentence before when it ends with a colon.
//! - `quotes.continued`: no cue of its own, so the speaker of the quote
//!   before (the same quotation's earlier piece, an earlier quote of the
//!   paragraph, the next quote of the sentence, the paragraph's reported
//!   speaker, or the last quote of the previous paragraph).
//!
//! A subject that is a pronoun ("he said") goes to the most recent person of
//! fitting gender; a role ("the mayor said") to the person with that title.

use std::cell::{Cell, OnceCell, RefCell};
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::marks::Run;
use super::{FIRST_NAMES, Gender, ROLES, ROLES_QUICK, TERM_CUES, WordTable, is_role};
use crate::doc::{Attribution, Document, Entity, EntityType, Mention, Quote, Sentence, TokenKind};
use crate::lexicon::{ABBREVIATIONS, CUE_VERBS};

/// Words after which a cue form is a noun ("a call", "her report").
const DETERMINERS: [&str; 10] = [
    "a", "an", "the", "his", "her", "their", "its", "our", "my", "your",
];

/// The longest subject phrase, in tokens, looked at on either side of a cue.
const MAX_PHRASE: usize = 16;

/// Words that may stand between a subject and its cue ("Smith also said",
/// "she has said", "he would later add").
const BETWEEN: [&str; 22] = [
    "also",
    "later",
    "then",
    "has",
    "have",
    "had",
    "would",
    "will",
    "was",
    "is",
    "again",
    "previously",
    "recently",
    "once",
    "further",
    "simply",
    "just",
    "now",
    "reportedly",
    "repeatedly",
    "flatly",
    "quickly",
];

/// Words after a name that do not make it a modifier ("Smith of Acme said").
const AFTER_HEAD: [&str; 14] = [
    "of", "for", "at", "from", "in", "on", "with", "and", "who", "to", "by", "said", "says", "also",
];

/// Words that end a subject phrase when walking away from its cue.
const CLAUSE_WORDS: [&str; 19] = [
    "that", "and", "but", "while", "as", "because", "when", "if", "which", "where", "so", "or",
    "though", "although", "since", "after", "before", "yet", "however",
];

/// Cue forms that are also common nouns: trusted only right next to the
/// quote or before a colon.
const NOUN_LIKE: [&str; 20] = [
    "state",
    "states",
    "report",
    "reports",
    "post",
    "note",
    "notes",
    "claim",
    "claims",
    "charge",
    "charges",
    "counter",
    "stress",
    "remark",
    "remarks",
    "estimate",
    "estimates",
    "repeat",
    "tweet",
    "tweets",
];

/// Capitalized words at a sentence start that are not names.
const NOT_NAMES: [&str; 24] = [
    "the", "a", "an", "this", "that", "these", "those", "but", "and", "in", "on", "at", "as", "so",
    "then", "also", "still", "his", "her", "their", "its", "our", "my", "some",
];

/// Subject pronouns and the gender they ask for.
const PRONOUNS: [(&str, Option<Gender>); 6] = [
    ("he", Some(Gender::Male)),
    ("she", Some(Gender::Female)),
    ("they", None),
    ("i", None),
    ("we", None),
    ("it", None),
];

#[derive(Clone, Debug)]
struct Found {
    speaker: Option<usize>,
    mention: Option<Range<usize>>,
    cue: Option<Range<usize>>,
    how: Attribution,
    rule: &'static str,
}

struct Ctx<'a, 't> {
    doc: &'a Document<'t>,
    runs: &'a [Run],
    /// Every mention outside the runs: (range, entity), by start.
    mentions: Vec<(Range<usize>, usize)>,
    /// Each entity's gender ([`gender_of`]), worked out when first asked
    /// for. This, the titles and the reported speakers are only needed to
    /// resolve a pronoun or a role, which most documents never do: built
    /// for every document up front they were a third of the stage in the
    /// profile.
    gender: Vec<OnceCell<Option<Gender>>>,
    /// Role word -> (position, entity): titles and appositions seen in the
    /// text, in text order ([`Ctx::titles`]).
    titles: OnceCell<FxHashMap<String, Vec<(usize, usize)>>>,
    /// The buffers for the titles.
    roles: RefCell<RoleScratch>,
    /// Whether subjects found are resolved to a person: not while the
    /// reported speakers are gathered, which keep named subjects only.
    resolve: Cell<bool>,
    /// Entities the stage adds (indexes follow `doc.entities`).
    added: Vec<Entity>,
    speakers: FxHashSet<usize>,
    /// (position, entity) of each speaker named so far, in text order.
    said: Vec<(usize, usize)>,
    /// For each sentence, once worked out: the (position, entity) of the
    /// subject of its reported speech ("Smith said the plan ..."), if any
    /// ([`Ctx::reported`]).
    reported: Vec<Reported>,
    /// For each run, the first token at or after its start and at or after
    /// its end ([`Ctx::tok_at`] of each): looked up once, not at each of
    /// the half dozen places that ask (the binary searches showed in the
    /// profile).
    run_toks: Vec<(usize, usize)>,
    /// For each token, once worked out, the lengths of the cues starting
    /// there as bits (bit n - 1: an n-word cue; see [`cue_mask`]), else
    /// [`CUE_UNKNOWN`]. Looking the forms up at every call was the stage's
    /// top entry in the profile; then working them out for every token of
    /// the text was a quarter of the stage, while only about one token in
    /// ten (those near quotes and before pronouns) is ever asked about.
    cues: Vec<Cell<u8>>,
}

/// A sentence's reported speaker ([`Ctx::reported`]): `None` until worked
/// out, then the (position, entity) found, if any.
type Reported = Cell<Option<Option<(usize, usize)>>>;

/// A token's cue mask not yet worked out.
const CUE_UNKNOWN: u8 = 0x80;

/// The cue forms of [`CUE_VERBS`] by their first word, for [`cue_masks`]
/// and the lemma of a cue found: matching the next words against the few
/// forms of a first word, not a `String` of each candidate form hashed into
/// `CUE_VERBS` (that, and the set lookup of every word, were a fifth of the
/// stage in the profile).
struct CueIndex {
    /// The first word of every form.
    firsts: WordTable,
    /// By the first word's index in `firsts`.
    entries: Vec<CueEntry>,
}

#[derive(Default)]
struct CueEntry {
    /// The lemma of the first word alone, when it is a form.
    one: Option<&'static str>,
    /// Forms of two words: the second word and the lemma.
    two: Vec<(&'static str, &'static str)>,
    /// Forms of three words: the second and third words and the lemma.
    three: Vec<(&'static str, &'static str, &'static str)>,
}

static CUES: LazyLock<CueIndex> = LazyLock::new(|| {
    let mut forms: Vec<(&'static str, &'static str)> =
        CUE_VERBS.iter().map(|(f, l)| (*f, *l)).collect();
    forms.sort_unstable();
    let mut firsts: Vec<&'static str> = Vec::new();
    let mut index: FxHashMap<&'static str, usize> = FxHashMap::default();
    let mut entries: Vec<CueEntry> = Vec::new();
    for (form, lemma) in forms {
        let mut words = form.split(' ');
        let Some(first) = words.next() else { continue };
        let i = *index.entry(first).or_insert_with(|| {
            firsts.push(first);
            entries.push(CueEntry::default());
            entries.len() - 1
        });
        let e = &mut entries[i];
        match (words.next(), words.next(), words.next()) {
            (None, _, _) => e.one = Some(lemma),
            (Some(b), None, _) => e.two.push((b, lemma)),
            (Some(b), Some(c), None) => e.three.push((b, c, lemma)),
            // Forms of four words and more are never matched.
            _ => {}
        }
    }
    CueIndex {
        firsts: WordTable::new(firsts),
        entries,
    }
});

impl CueIndex {
    fn entry(&self, w: &[u8]) -> Option<&CueEntry> {
        self.firsts.get(w).and_then(|i| self.entries.get(i))
    }

    /// Whether the word alone is a form (`CUE_VERBS.contains_key(w)`).
    fn is_form(&self, w: &str) -> bool {
        self.entry(w.as_bytes()).is_some_and(|e| e.one.is_some())
    }
}

/// The stage's per-document buffers, kept per thread from one document to
/// the next: allocating them anew (each as large as the text) for every
/// document cost a tenth of the stage in malloc in the profile.
#[derive(Default)]
struct Scratch {
    cues: Vec<Cell<u8>>,
    reported: Vec<Reported>,
    roles: RoleScratch,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Which cue forms of 1 to 3 words start at token `i` (bit n - 1 for n
/// words): only words, and none right after a determiner ("a call for",
/// "his report": after a determiner the word is a noun). Only a word that
/// begins some form (about one in fifty) goes past the byte test.
fn cue_mask(doc: &Document<'_>, i: usize) -> u8 {
    let cues: &CueIndex = &CUES;
    let tokens = &doc.tokens;
    let is_word = |k: usize| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word);
    let low = doc.lower.text.as_bytes();
    // The byte test first, the token's kind only for the few words that
    // pass it.
    let Some(w) = doc.lower.spans.get(i).and_then(|&(a, b)| low.get(a..b)) else {
        return 0;
    };
    if !cues.firsts.may_hold(w) || !is_word(i) {
        return 0;
    }
    let Some(e) = cues.entry(w) else {
        return 0;
    };
    if i > 0 && is_word(i - 1) && DETERMINERS.contains(&doc.lower.get(i - 1)) {
        return 0;
    }
    let mut mask = u8::from(e.one.is_some());
    if is_word(i + 1) {
        let w2 = doc.lower.get(i + 1);
        if e.two.iter().any(|&(x, _)| x == w2) {
            mask |= 2;
        }
        if is_word(i + 2) {
            let w3 = doc.lower.get(i + 2);
            if e.three.iter().any(|&(x, y, _)| x == w2 && y == w3) {
                mask |= 4;
            }
        }
    }
    mask
}

/// A party and state tag ("D-Ohio", "R-N.C").
fn is_party_tag(s: &str) -> bool {
    let mut c = s.chars();
    matches!(
        (c.next(), c.next(), c.next()),
        (Some(p), Some('-'), Some(st)) if p.is_ascii_uppercase() && st.is_uppercase()
    ) && s.len() <= 16
}

fn is_dash(s: &str) -> bool {
    matches!(s, "—" | "–" | "--" | "―")
}

impl<'a, 't> Ctx<'a, 't> {
    /// The gender of entity `e` (none for an entity the stage adds).
    fn gender(&self, e: usize) -> Option<Gender> {
        let cell = self.gender.get(e)?;
        *cell.get_or_init(|| {
            self.doc
                .entities
                .get(e)
                .and_then(|ent| gender_of(self.doc, ent))
        })
    }

    /// The titles by role word, gathered on first use.
    fn titles(&self) -> &FxHashMap<String, Vec<(usize, usize)>> {
        self.titles.get_or_init(|| {
            let mut map: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
            let mut fresh = RoleScratch::default();
            let mut kept = self.roles.try_borrow_mut();
            let scratch = match kept.as_mut() {
                Ok(s) => &mut **s,
                Err(_) => &mut fresh,
            };
            for (p, w, e) in titles(self.doc, &self.mentions, scratch) {
                map.entry(w).or_default().push((p, e));
            }
            map
        })
    }

    /// The reported speaker of sentence `i` ([`reported_speaker`]), worked
    /// out on first use (with no resolving of pronouns and roles, which it
    /// does not keep).
    fn reported(&self, i: usize) -> Option<(usize, usize)> {
        let cell = self.reported.get(i)?;
        if let Some(r) = cell.get() {
            return r;
        }
        let was = self.resolve.replace(false);
        let r = self
            .doc
            .sentences
            .get(i)
            .and_then(|s| reported_speaker(self, s));
        self.resolve.set(was);
        cell.set(Some(r));
        r
    }

    /// The latest reported speaker before byte `at` of whom `fits` holds,
    /// walking back no further than the first one before `from`.
    ///
    /// The same as walking back the list of every content sentence's
    /// reported speaker (each lies inside its sentence, so the list is in
    /// text order), but only the sentences walked are worked out:
    /// gathering the speakers of the whole document on the first pronoun
    /// was an eighth of the stage in the profile.
    fn latest_reported(
        &self,
        at: usize,
        from: usize,
        fits: impl Fn(usize) -> bool,
    ) -> Option<(usize, usize)> {
        let last = self.doc.sentences.partition_point(|s| s.range.start < at);
        for i in (0..last).rev() {
            if self.doc.sentences[i].range.end <= from {
                // Every speaker from here back lies before `from`.
                return None;
            }
            let Some((p, e)) = self.reported(i) else {
                continue;
            };
            if p >= at {
                continue;
            }
            if p < from {
                return None;
            }
            if fits(e) {
                return Some((p, e));
            }
        }
        None
    }

    fn tok(&self, i: usize) -> &'t str {
        self.doc
            .tokens
            .get(i)
            .map_or("", |t| self.doc.slice(&t.range))
    }

    /// The lowercase form of token `i` ("" past the end, as `tok`).
    fn low(&self, i: usize) -> &'a str {
        self.doc.lower.get(i)
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.doc.tokens.get(i).map(|t| t.kind)
    }

    fn is_lower_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
            && self.tok(i).chars().next().is_some_and(char::is_lowercase)
    }

    /// Whether a phrase starting at token `s` reads as an apposition: a
    /// lowercase word ("the senator", "head of") or an age ("82").
    fn appositive(&self, s: usize) -> bool {
        self.is_lower_word(s) || self.kind(s) == Some(TokenKind::Number)
    }

    /// [`Ctx::tok_at`] of the start of run `i`.
    fn run_start_tok(&self, i: usize) -> usize {
        self.run_toks.get(i).map_or(0, |t| t.0)
    }

    /// Index of the first token starting at or after byte `at`.
    fn tok_at(&self, at: usize) -> usize {
        self.doc.tokens.partition_point(|t| t.range.start < at)
    }

    fn boundary(&self, i: usize) -> bool {
        let s = self.tok(i);
        match self.kind(i) {
            Some(TokenKind::Quote) => true,
            Some(TokenKind::Punct) => {
                matches!(s, "," | ";" | ":" | "(" | ")" | "[" | "]" | "." | "!" | "?") || is_dash(s)
            }
            _ => false,
        }
    }

    fn entity_type(&self, e: usize) -> EntityType {
        if e < self.doc.entities.len() {
            self.doc.entities[e].kind
        } else {
            EntityType::Person
        }
    }

    /// Lower is better as a speaker.
    fn rank(&self, e: usize) -> u8 {
        match self.entity_type(e) {
            EntityType::Person => 0,
            EntityType::Other => 1,
            EntityType::Organization => 2,
            _ => 3,
        }
    }

    fn person_like(&self, e: usize) -> bool {
        match self.entity_type(e) {
            EntityType::Person => true,
            EntityType::Other => self.speakers.contains(&e) || self.gender(e).is_some(),
            _ => false,
        }
    }

    /// Mentions inside the byte range, in order.
    fn mentions_in(&self, r: &Range<usize>) -> &[(Range<usize>, usize)] {
        let a = self.mentions.partition_point(|(m, _)| m.start < r.start);
        let b = self.mentions.partition_point(|(m, _)| m.start < r.end);
        let b = b.max(a);
        let slice = &self.mentions[a..b];
        let end = slice.iter().take_while(|(m, _)| m.end <= r.end).count();
        &slice[..end]
    }

    /// Whether the mention ending before token `next` heads its phrase
    /// (not a modifier as in "Clinton campaign" or "Trump's aide").
    fn is_head(&self, next: usize, chunk_end: usize) -> bool {
        if next >= chunk_end {
            return true;
        }
        let w = self.tok(next);
        if self.kind(next) == Some(TokenKind::Word)
            && (w == "’s" || w == "'s" || w == "’" || w == "'")
        {
            return false;
        }
        !self.is_lower_word(next) || AFTER_HEAD.contains(&w) || CUES.is_form(self.low(next))
    }

    /// The best speaker mention among tokens [lo, hi): a head mention,
    /// persons first, then the first.
    fn head_in(&self, lo: usize, hi: usize) -> Option<(usize, Range<usize>)> {
        if lo >= hi {
            return None;
        }
        let r = self.doc.tokens[lo].range.start..self.doc.tokens[hi - 1].range.end;
        let mut best: Option<(u8, usize, Range<usize>)> = None;
        for (m, e) in self.mentions_in(&r) {
            let next = self.tok_at(m.end);
            if !self.is_head(next, hi) {
                continue;
            }
            let rank = self.rank(*e);
            if best.as_ref().is_none_or(|(b, _, _)| rank < *b) {
                best = Some((rank, *e, m.clone()));
            }
        }
        best.map(|(_, e, m)| (e, m))
    }

    /// The first token in [k, hi) where some cue starts: [`Ctx::cue_at`]
    /// of each token in turn, but with the byte test of [`cue_mask`] that
    /// most tokens fail made in the loop (a call for each token of each
    /// sentence walked for its reported speaker showed in the profile).
    fn next_cue(&self, k: usize, hi: usize) -> Option<usize> {
        let cues: &CueIndex = &CUES;
        let low = self.doc.lower.text.as_bytes();
        let hi = hi.min(self.cues.len());
        for i in k..hi {
            let cell = &self.cues[i];
            let mut mask = cell.get();
            if mask == CUE_UNKNOWN {
                let w = self
                    .doc
                    .lower
                    .spans
                    .get(i)
                    .and_then(|&(a, b)| low.get(a..b));
                mask = match w {
                    Some(w) if cues.firsts.may_hold(w) => cue_mask(self.doc, i),
                    _ => 0,
                };
                cell.set(mask);
            }
            if mask != 0 {
                return Some(i);
            }
        }
        None
    }

    /// The cue starting at token `i`: its length in tokens.
    fn cue_at(&self, i: usize, hi: usize) -> Option<usize> {
        let cell = self.cues.get(i)?;
        let mut mask = cell.get();
        if mask == CUE_UNKNOWN {
            mask = cue_mask(self.doc, i);
            cell.set(mask);
        }
        if mask == 0 {
            return None;
        }
        (1..=3)
            .rev()
            .find(|&n| i + n <= hi && mask & (1 << (n - 1)) != 0)
    }

    /// The lemma of the cue of `n` words at token `k` (as found by
    /// [`Ctx::cue_at`]), "" if there is none.
    fn lemma(&self, k: usize, n: usize) -> &'static str {
        let Some(e) = CUES.entry(self.low(k).as_bytes()) else {
            return "";
        };
        let (w2, w3) = (self.low(k + 1), self.low(k + 2));
        let found = match n {
            1 => e.one,
            2 => e.two.iter().find(|&&(x, _)| x == w2).map(|&(_, l)| l),
            3 => e
                .three
                .iter()
                .find(|&&(x, y, _)| x == w2 && y == w3)
                .map(|&(_, _, l)| l),
            _ => None,
        };
        found.unwrap_or("")
    }

    /// Whether tokens [k, k + n) are the words of `form`, one space
    /// between (their lowercase forms hold no spaces).
    fn form_is(&self, k: usize, n: usize, form: &str) -> bool {
        let mut words = form.split(' ');
        (k..k + n).all(|x| words.next() == Some(self.low(x))) && words.next().is_none()
    }

    /// Whether the cue of `n` words at token `k` is one that is also a
    /// common noun (all of those are one word).
    fn noun_like(&self, k: usize, n: usize) -> bool {
        n == 1 && NOUN_LIKE.contains(&self.low(k))
    }

    fn cue_range(&self, i: usize, n: usize) -> Range<usize> {
        self.doc.tokens[i].range.start..self.doc.tokens[i + n - 1].range.end
    }

    /// The subject before the cue at token `k`, not before token `lo`.
    fn subject_before(&self, k: usize, lo: usize, at: usize) -> Option<Found> {
        let lo = lo.max(k.saturating_sub(4 * MAX_PHRASE));
        let mut j = k;
        while j > lo && BETWEEN.contains(&self.low(j - 1)) {
            j -= 1;
        }
        // "Smith, who studies law at Yale, said": the name before ", who".
        if j > lo + 2
            && self.tok(j - 1) == ","
            && let Some(w) = (lo + 1..j - 1)
                .rev()
                .find(|&w| self.low(w) == "who" && self.tok(w - 1) == ",")
        {
            j = w;
        }
        // "Smith defended the plan, saying “…”": the clause's subject.
        if j > lo && self.tok(j - 1) == "," && self.low(k).ends_with("ing") {
            // The first person named in the clause, or a subject pronoun.
            let r = self.doc.tokens[lo].range.start..self.doc.tokens[j - 1].range.end;
            let first = self
                .mentions_in(&r)
                .iter()
                .filter(|(_, ent)| self.rank(*ent) <= 1)
                .min_by_key(|(m, _)| m.start);
            if let Some((m, ent)) = first {
                return Some(self.found(Some(*ent), Some(m.clone()), Attribution::Explicit));
            }
            if let Some(p) = (lo..j).find(|&i| matches!(self.low(i), "he" | "she")) {
                return self.nominal(p, p + 1, at);
            }
        }
        // The phrases before the cue, nearest first: "Smith (D-Ohio), the
        // senator from Ohio, said" gives "the senator from Ohio", "Smith".
        // At most twelve: an array, not a vector (its allocation showed in
        // the profile).
        let mut chunk_buf = [(0usize, 0usize); 12];
        let mut n_chunks = 0;
        for _ in 0..12 {
            j = self.skip_brackets(j, lo);
            if j > lo && self.low(j - 1) == "who" {
                // "Smith, who said": the antecedent before the comma.
                j -= 1;
                continue;
            }
            if j > lo + 1 && self.tok(j - 1) == "," {
                j -= 1;
                continue;
            }
            // "McConnell, R-Ky., said": a party tag after the name.
            if j > lo + 1 && is_party_tag(self.tok(j - 1)) {
                j -= 1;
                continue;
            }
            if j > lo + 2 && self.tok(j - 1) == "." && is_party_tag(self.tok(j - 2)) {
                j -= 2;
                continue;
            }
            let s = self.chunk_start(j, lo);
            if s >= j {
                break;
            }
            if let Some(c) = chunk_buf.get_mut(n_chunks) {
                *c = (s, j);
                n_chunks += 1;
            }
            let after_comma = s > lo + 1 && self.tok(s - 1) == ",";
            let after_bracket = s > lo && self.tok(s - 1) == ")";
            // ", an economist and tax expert,": "and" inside an apposition.
            let after_and = s > lo + 1
                && matches!(self.low(s - 1), "and" | "or")
                && self.appositive(s)
                && self.head_in(s, j).is_none();
            if after_and {
                j = s - 1;
                continue;
            }
            if !(after_comma || after_bracket) {
                break;
            }
            j = s;
        }
        let chunks = &chunk_buf[..n_chunks];
        let &(s0, j0) = chunks.first()?;
        // A person named in the nearest phrase, unless it is an apposition
        // after a name.
        for (n, &(s, j)) in chunks.iter().enumerate() {
            if let Some((e, m)) = self.head_in(s, j)
                && self.rank(e) == 0
                && (n == 0 || self.appositive(s0))
            {
                return Some(self.found(Some(e), Some(m), Attribution::Explicit));
            }
            if n == 0 && !self.appositive(s) {
                break;
            }
        }
        if let Some((e, m)) = self.head_in(s0, j0) {
            return Some(self.found(Some(e), Some(m), Attribution::Explicit));
        }
        if let Some(f) = self.nominal(s0, j0, at) {
            return Some(f);
        }
        // "Smith, the senator, said" where only the name is capitalized.
        chunks.iter().skip(1).find_map(|&(s, j)| {
            self.nominal(s, j, at)
                .filter(|f| f.how == Attribution::Explicit)
        })
    }

    /// The subject after the cue ending before token `k` ("said Smith",
    /// "according to Smith").
    fn subject_after(&self, k: usize, hi: usize, at: usize) -> Option<Found> {
        let mut e = k;
        let hi = hi.min(k + MAX_PHRASE);
        while e < hi && !self.boundary(e) && !CLAUSE_WORDS.contains(&self.low(e)) {
            e += 1;
        }
        if e == k {
            return None;
        }
        if let Some((ent, m)) = self.head_in(k, e) {
            return Some(self.found(Some(ent), Some(m), Attribution::Explicit));
        }
        self.nominal(k, e, at)
    }

    fn skip_brackets(&self, mut j: usize, lo: usize) -> usize {
        if j > lo && self.tok(j - 1) == ")" {
            let mut d = j - 1;
            while d > lo && self.tok(d) != "(" {
                d -= 1;
            }
            if self.tok(d) == "(" {
                j = d;
            }
        }
        j
    }

    /// Walking left from `j`, where the phrase starts.
    fn chunk_start(&self, j: usize, lo: usize) -> usize {
        let mut s = j;
        let lo = lo.max(j.saturating_sub(MAX_PHRASE));
        while s > lo && !self.boundary(s - 1) && !CLAUSE_WORDS.contains(&self.low(s - 1)) {
            s -= 1;
        }
        s
    }

    fn found(&self, e: Option<usize>, m: Option<Range<usize>>, how: Attribution) -> Found {
        Found {
            speaker: e,
            mention: m,
            cue: None,
            how,
            rule: "",
        }
    }

    /// A subject phrase with no known name in it: a pronoun, a role, or a
    /// capitalized name the entity stage missed.
    fn nominal(&self, s: usize, e: usize, at: usize) -> Option<Found> {
        let r = self.doc.tokens[s].range.start..self.doc.tokens[e - 1].range.end;
        // "he", or "Then he" at a sentence start.
        let w = self.low(e - 1);
        if let Some(&(_, g)) = PRONOUNS.iter().find(|(p, _)| *p == w) {
            let speaker = g
                .filter(|_| self.resolve.get())
                .and_then(|g| self.resolve_pronoun(g, at));
            let r = self.doc.tokens[e - 1].range.clone();
            return Some(self.found(speaker, Some(r), Attribution::Pronoun));
        }
        // A role: the last two words of the phrase, the last word, else any
        // word. (Without a vector of the words or a `join` for each try:
        // their allocations showed in the profile.)
        let is_word = |i: usize| self.kind(i) == Some(TokenKind::Word);
        let mut last_words = (s..e).rev().filter(|&i| is_word(i));
        let (last, before_last) = (last_words.next(), last_words.next());
        // The pair is built only when both its words are words of roles.
        let role_word = |w: &str| ROLE_WORDS.get(w.as_bytes()).is_some();
        let role = before_last
            .zip(last)
            .filter(|&(p, l)| role_word(self.low(p)) && role_word(self.low(l)))
            .map(|(p, l)| format!("{} {}", self.low(p), self.low(l)))
            .filter(|w| is_role(w))
            .or_else(|| {
                last.map(|l| self.low(l))
                    .filter(|w| is_role(w))
                    .map(str::to_string)
            })
            .or_else(|| {
                (s..e)
                    .filter(|&i| is_word(i))
                    .map(|i| self.low(i))
                    .find(|w| is_role(w))
                    .map(str::to_string)
            });
        if let Some(role) = role {
            let speaker = if self.resolve.get() {
                self.resolve_role(&role, at)
            } else {
                None
            };
            return Some(self.found(speaker, Some(r), Attribution::Role));
        }
        // A capitalized name the entity stage missed: the first and last
        // such word, and how many.
        let mut caps: (Option<usize>, Option<usize>, usize) = (None, None, 0);
        for i in (s..e).filter(|&i| {
            is_word(i)
                && self.tok(i).chars().next().is_some_and(char::is_uppercase)
                && !ABBREVIATIONS.contains(self.tok(i).trim_end_matches('.'))
                && !is_role(self.low(i))
        }) {
            caps.0.get_or_insert(i);
            caps.1 = Some(i);
            caps.2 += 1;
        }
        let n_caps = caps.2;
        if let (Some(a), Some(b)) = (caps.0, caps.1) {
            let function_word =
                a == s && self.sentence_initial(a) && NOT_NAMES.contains(&self.low(a));
            if b - a + 1 == n_caps && n_caps <= 4 && !function_word {
                let m = self.doc.tokens[a].range.start..self.doc.tokens[b].range.end;
                return Some(Found {
                    speaker: None,
                    mention: Some(m),
                    cue: None,
                    how: Attribution::Explicit,
                    rule: "new_name",
                });
            }
        }
        None
    }

    fn sentence_initial(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| {
            self.doc
                .sentences
                .get(t.sentence)
                .is_some_and(|s| s.range.start == t.range.start)
        })
    }

    /// The person a pronoun before `at` stands for, within a few
    /// paragraphs: the last one named as a speaker (of a quote or of
    /// reported speech), unless a person of the pronoun's gender has since
    /// been the subject of a sentence; else the nearest person of that
    /// gender, else the nearest person of unknown gender.
    fn resolve_pronoun(&self, g: Gender, at: usize) -> Option<usize> {
        let para = self.doc.paragraph_at(at).unwrap_or(0);
        let from = self
            .doc
            .paragraphs
            .get(para.saturating_sub(4))
            .map_or(0, |p| p.range.start)
            .max(at.saturating_sub(4000));
        let fits = |e: usize| self.gender(e).is_none_or(|x| x == g);
        let latest = |v: &[(usize, usize)]| {
            let end = v.partition_point(|(p, _)| *p < at);
            v[..end]
                .iter()
                .rev()
                .take_while(|(p, _)| *p >= from)
                .find(|(_, e)| fits(*e))
                .copied()
        };
        let said = latest(&self.said);
        // A reported speaker at or before the latest quote's speaker loses
        // to it, so the walk back through the sentences (the larger part
        // of resolving a pronoun in the profile) stops there: past it,
        // finding a fitting one or none gives the same answer.
        let floor = said.map_or(from, |(p, _)| from.max(p + 1));
        let speaker = match (said, self.latest_reported(at, floor, fits)) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let mut known_subject = None;
        let end = self.mentions.partition_point(|(m, _)| m.start < at);
        let mut known = None;
        let mut unknown = None;
        for (m, e) in self.mentions[..end].iter().rev() {
            if m.start < from || (known.is_some() && unknown.is_some()) {
                break;
            }
            if m.end > at || !self.person_like(*e) {
                continue;
            }
            match self.gender(*e) {
                Some(x) if x == g => {
                    known.get_or_insert((m.start, *e));
                    if known_subject.is_none()
                        && (self.subject_position(m.start) || self.introduced(m.end))
                    {
                        known_subject = Some((m.start, *e));
                    }
                }
                Some(_) => {}
                None => {
                    unknown.get_or_insert((m.start, *e));
                }
            }
        }
        match (speaker, known_subject, known) {
            (Some((ps, s)), Some((pk, k)), _) => Some(if pk > ps { k } else { s }),
            (Some((_, s)), None, _) => Some(s),
            (None, Some((_, k)), _) | (None, None, Some((_, k))) => Some(k),
            (None, None, None) => unknown.map(|(_, e)| e),
        }
    }

    /// Whether a name ending at byte `end` is followed by an apposition
    /// (", president of the caucus"): the way news introduces a speaker.
    fn introduced(&self, end: usize) -> bool {
        let k = self.tok_at(end);
        self.tok(k) == "," && self.is_lower_word(k + 1) && !CUES.is_form(self.tok(k + 1))
    }

    /// Whether a name at byte `at` is among the first words of its sentence.
    fn subject_position(&self, at: usize) -> bool {
        let k = self.tok_at(at);
        let Some(t) = self.doc.tokens.get(k) else {
            return false;
        };
        let lo = self
            .doc
            .sentences
            .get(t.sentence)
            .map_or(k, |s| s.tokens.start);
        // "Smith said Jones ...": Jones is the object of the speech, not a subject.
        k - lo.min(k) <= 3 && !(lo..k).any(|i| self.cue_at(i, k).is_some())
    }

    /// The most recent entity carrying the role before `at`, else the first
    /// after it.
    fn resolve_role(&self, role: &str, at: usize) -> Option<usize> {
        let last = role.rsplit(' ').next().unwrap_or(role);
        let titles = self.titles();
        let hits = |w: &str| titles.get(w).map_or(&[][..], Vec::as_slice);
        let pick = |v: &[(usize, usize)]| {
            let end = v.partition_point(|(p, _)| *p < at);
            v[..end].last().or(v.first()).copied()
        };
        match (pick(hits(role)), pick(hits(last))) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 || b.0 > at { a.1 } else { b.1 }),
            (a, b) => a.or(b).map(|x| x.1),
        }
    }

    fn in_any_run(&self, at: usize) -> bool {
        let i = self.runs.partition_point(|r| r.outer.end <= at);
        self.runs.get(i).is_some_and(|r| r.outer.start <= at)
    }
}

/// The named subject of the first cue verb outside quotes in sentence `s`
/// (none for a sentence outside the content paragraphs).
fn reported_speaker(ctx: &Ctx<'_, '_>, s: &Sentence) -> Option<(usize, usize)> {
    let p = ctx.doc.paragraphs.get(s.paragraph)?;
    if p.boilerplate || p.heading {
        return None;
    }
    let (lo, hi) = (s.tokens.start, s.tokens.end);
    let mut from = lo;
    while let Some(k) = ctx.next_cue(from, hi) {
        from = k + 1;
        let Some(n) = ctx.cue_at(k, hi) else { continue };
        if ctx.in_any_run(ctx.doc.tokens[k].range.start) {
            continue;
        }
        if ctx.noun_like(k, n) || ctx.form_is(k, n, "according to") {
            continue;
        }
        if let Some(f) = ctx.subject_before(k, lo, ctx.doc.tokens[k].range.start)
            && let (Some(e), Some(m), Attribution::Explicit) = (f.speaker, f.mention, f.how)
        {
            return Some((m.start, e));
        }
        return None;
    }
    None
}

/// The gender of one entity: honorifics and titles give one; so do
/// given names.
fn gender_of(doc: &Document<'_>, e: &Entity) -> Option<Gender> {
    for m in &e.mentions {
        // A quick no: the last character before the name (after
        // ASCII white space) is ASCII and cannot end an honorific
        // (decoding the word before every mention showed in the
        // profile).
        let bytes = doc.text.as_bytes();
        let mut k = m.range.start.min(bytes.len());
        while k > 0 && matches!(bytes[k - 1], b' ' | b'\t'..=b'\r') {
            k -= 1;
        }
        if k > 0 && bytes[k - 1] < 0x80 && !matches!(bytes[k - 1], b'r' | b's' | b'.') {
            continue;
        }
        let before = doc.text[..m.range.start].trim_end();
        let w = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        match w.trim_end_matches('.') {
            "Mr" => return Some(Gender::Male),
            "Mrs" | "Ms" | "Miss" => return Some(Gender::Female),
            _ => {}
        }
    }
    let first = |s: &str| {
        s.split_whitespace()
            .find(|w| !w.ends_with('.'))
            .and_then(|w| FIRST_NAMES.get(w).copied())
    };
    std::iter::once(e.name.as_str())
        .chain(e.aliases.iter().map(String::as_str))
        .filter(|n| n.contains(' '))
        .find_map(first)
        .or_else(|| {
            e.roles.iter().find_map(|r| {
                let r = r.to_lowercase();
                if r.contains("woman") || r.contains("mother") || r.contains("wife") {
                    Some(Gender::Female)
                } else if r.contains("man") && !r.contains("woman") {
                    Some(Gender::Male)
                } else {
                    None
                }
            })
        })
}

/// The role words (and two-word roles) among a few words: the pieces added
/// are split at characters other than letters, digits and hyphens, then
/// [`RoleScratch::hits`] gives the single words in order, then the pairs.
/// The lowercase words go into one scratch buffer, separated by spaces so
/// that a pair is a slice of it (a `String` per word was a third of the
/// stage in the profile). The buffer holds bytes (always UTF-8): a word is
/// read as a `str` only when the quick test lets it through.
#[derive(Default)]
struct RoleScratch {
    buf: Vec<u8>,
    spans: Vec<(usize, usize)>,
}

/// Letters, digits and hyphens: the bytes of words in ASCII text.
static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'-';
        b += 1;
    }
    t
};

/// The ASCII bytes `str::split_whitespace` splits at.
fn space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

impl RoleScratch {
    fn clear(&mut self) {
        self.buf.clear();
        self.spans.clear();
    }

    /// Adds the words of one piece of text.
    fn add(&mut self, piece: &str) {
        if piece.is_ascii() {
            self.add_ascii(piece.as_bytes());
            return;
        }
        for w in piece
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
        {
            if !self.buf.is_empty() {
                self.buf.push(b' ');
            }
            let start = self.buf.len();
            if w.is_ascii() {
                self.buf.extend(w.bytes().map(|c| c.to_ascii_lowercase()));
            } else {
                self.buf.extend_from_slice(w.to_lowercase().as_bytes());
            }
            self.spans.push((start, self.buf.len()));
        }
    }

    /// [`RoleScratch::add`] for ASCII bytes: the same words, split and
    /// lowercased byte by byte (splitting by `char`s and whitespace pieces
    /// was most of the titles' cost in the profile).
    fn add_ascii(&mut self, b: &[u8]) {
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && !WORD_BYTE[usize::from(b[i])] {
                i += 1;
            }
            if i == b.len() {
                break;
            }
            let from = i;
            while i < b.len() && WORD_BYTE[usize::from(b[i])] {
                i += 1;
            }
            if !self.buf.is_empty() {
                self.buf.push(b' ');
            }
            let start = self.buf.len();
            self.buf
                .extend(b[from..i].iter().map(|c| c.to_ascii_lowercase()));
            self.spans.push((start, self.buf.len()));
        }
    }

    /// The roles among the words added, then among adjacent pairs.
    fn hits(&self, mut hit: impl FnMut(String)) {
        let quick: &super::FirstByteLen = &ROLES_QUICK;
        let mut check = |a: usize, b: usize| {
            if let Some(w) = self.buf.get(a..b)
                && quick.may_hold_bytes(w)
                && let Ok(w) = std::str::from_utf8(w)
                && ROLES.contains(w)
            {
                hit(w.to_string());
            }
        };
        for &(a, b) in self.spans.iter() {
            check(a, b);
        }
        for p in self.spans.windows(2) {
            check(p[0].0, p[1].1);
        }
    }
}

/// The last three pieces between white space in bytes `lo..end` of `b`,
/// after the last punctuation mark there, nearest piece first, to `add`;
/// false (with some pieces given) when a byte that is not ASCII is met
/// first.
fn last_pieces_ascii(b: &[u8], lo: usize, end: usize, mut add: impl FnMut(&[u8])) -> bool {
    let stop = |c: u8| matches!(c, b'.' | b',' | b';' | b':' | b'\n' | b'"' | b'(' | b')');
    let Some(b) = b.get(..end) else {
        return false;
    };
    let mut end = end;
    for _ in 0..3 {
        while end > lo && space_byte(b[end - 1]) && b[end - 1] != b'\n' {
            end -= 1;
        }
        if end == lo || stop(b[end - 1]) {
            return true;
        }
        let mut start = end;
        while start > lo {
            let c = b[start - 1];
            if c >= 0x80 {
                return false;
            }
            if space_byte(c) || stop(c) {
                break;
            }
            start -= 1;
        }
        add(&b[start..end]);
        end = start;
    }
    true
}

/// Whether some word of ASCII bytes `b` (split as
/// [`RoleScratch::add_ascii`] splits them) may be a word of a role of one
/// or two words: when none is, the words give no role and no pair of them
/// does. May say yes wrongly, never no.
fn may_hold_role_word(b: &[u8]) -> bool {
    let table: &WordTable = &ROLE_WORDS;
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && !WORD_BYTE[usize::from(b[i])] {
            i += 1;
        }
        let from = i;
        while i < b.len() && WORD_BYTE[usize::from(b[i])] {
            i += 1;
        }
        if i > from && table.get_ascii_lower(&b[from..i]) {
            return true;
        }
    }
    false
}

/// Byte classes for [`role_word_before`]: a byte of words (ASCII letters,
/// digits, hyphen), white space but a line break, a mark that ends the
/// words before a name (a line break is one), a byte that is not ASCII.
const C_WORD: u8 = 1;
const C_SPACE: u8 = 2;
const C_STOP: u8 = 4;
const C_HIGH: u8 = 8;

static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            C_HIGH
        } else if c.is_ascii_alphanumeric() || c == b'-' {
            C_WORD
        } else if matches!(c, b'.' | b',' | b';' | b':' | b'\n' | b'"' | b'(' | b')') {
            C_STOP
        } else if matches!(c, b' ' | b'\t'..=b'\r') {
            C_SPACE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Whether [`last_pieces_ascii`] would give a word that may be a role word
/// ([`may_hold_role_word`]): `Some(false)` when it would give none and
/// meet only ASCII, else (a possible role word, or a byte that is not
/// ASCII) the words have to be gathered. One backward pass that tests
/// each word where it starts, with no copy.
fn role_word_before(b: &[u8], lo: usize, end: usize) -> Option<bool> {
    let table: &WordTable = &ROLE_WORDS;
    let class = |c: &u8| BYTE_CLASS[usize::from(*c)];
    let mut win = b.get(lo.min(end)..end)?;
    for _ in 0..3 {
        // White space (but a line break) before the piece, then the piece
        // back to white space or a mark, or to the window's start.
        let e = win
            .iter()
            .rposition(|c| class(c) & C_SPACE == 0)
            .map_or(0, |k| k + 1);
        win = win.get(..e)?;
        match win.last() {
            None => return Some(false),
            Some(c) if class(c) & C_STOP != 0 => return Some(false),
            _ => {}
        }
        let start = match win
            .iter()
            .rposition(|c| class(c) & (C_SPACE | C_STOP | C_HIGH) != 0)
        {
            Some(k) if class(&win[k]) & C_HIGH != 0 => return None,
            Some(k) => k + 1,
            None => 0,
        };
        let piece = win.get(start..)?;
        // Most pieces are one word; else its words one by one.
        if piece.iter().all(|c| class(c) == C_WORD) {
            if table.get_ascii_lower(piece) {
                return Some(true);
            }
        } else if piece
            .split(|c| class(c) != C_WORD)
            .any(|w| table.get_ascii_lower(w))
        {
            return Some(true);
        }
        win = win.get(..start)?;
    }
    Some(false)
}

/// The words of the roles of one or two words: a role (and a pair of
/// words that is one) is made of these only.
static ROLE_WORDS: LazyLock<WordTable> = LazyLock::new(|| {
    WordTable::new(
        ROLES
            .iter()
            .filter(|r| r.split(' ').count() <= 2)
            .flat_map(|r| r.split(' ')),
    )
});

/// Titles before a name ("Mayor Jane Doe", "Kremlin spokesman X"),
/// appositions after it ("X, the mayor,") and the entities' roles.
fn titles(
    doc: &Document<'_>,
    mentions: &[(Range<usize>, usize)],
    scratch: &mut RoleScratch,
) -> Vec<(usize, String, usize)> {
    let mut out = Vec::new();
    for (m, e) in mentions {
        // The few words before the name, back to a punctuation mark.
        let lo = (m.start.saturating_sub(40)..=m.start)
            .find(|&i| doc.text.is_char_boundary(i))
            .unwrap_or(m.start);
        // The last three pieces between white space, after the last
        // punctuation mark (or '“') before the name, nearest first (as they
        // have always been read: "Foreign Secretary X" gives the pair
        // "secretary foreign"). First by one backward byte scan that stops
        // at the third piece: scanning all forty bytes for the mark, then
        // splitting, was a fifth of the titles' cost in the profile. A
        // byte that is not ASCII sends the mention to the general way.
        // Most names have no role word before them: a first scan only
        // tests the words (no copy, no lowercase buffer), and the words
        // are gathered only when one may be a role word (gathering them
        // for every mention was a third of the stage in the profile).
        let gather = role_word_before(doc.text.as_bytes(), lo, m.start) != Some(false);
        scratch.clear();
        if gather && !last_pieces_ascii(doc.text.as_bytes(), lo, m.start, |p| scratch.add_ascii(p))
        {
            scratch.clear();
            let before = doc.text.as_bytes().get(lo..m.start).unwrap_or(&[]);
            let mut end = before.len();
            let start = loop {
                match before[..end].iter().rposition(|&b| {
                    matches!(
                        b,
                        b'.' | b',' | b';' | b':' | b'\n' | b'"' | b'(' | b')' | 0x9C
                    )
                }) {
                    Some(i)
                        if before[i] != 0x9C || (i >= 2 && before[i - 2..i] == [0xE2, 0x80]) =>
                    {
                        break lo + i + 1;
                    }
                    Some(i) => end = i,
                    None => break lo,
                }
            };
            let pre = doc.text.get(start..m.start).unwrap_or("");
            for p in pre.split_whitespace().rev().take(3) {
                scratch.add(p);
            }
        }
        scratch.hits(|w| out.push((m.start, w, *e)));
        // A title may be part of the mention itself ("Mayor Jane Doe").
        let own = &doc.text[m.clone()];
        scratch.clear();
        if own.is_ascii() {
            // Every piece but the last: the bytes before the last piece.
            let b = own.as_bytes();
            let mut end = b.len();
            while end > 0 && space_byte(b[end - 1]) {
                end -= 1;
            }
            while end > 0 && !space_byte(b[end - 1]) {
                end -= 1;
            }
            if may_hold_role_word(&b[..end]) {
                scratch.add_ascii(&b[..end]);
            }
        } else {
            let n_own = own.split_whitespace().count();
            for p in own.split_whitespace().take(n_own.saturating_sub(1)) {
                scratch.add(p);
            }
        }
        scratch.hits(|w| out.push((m.start, w, *e)));
        let after = &doc.text[m.end..];
        if let Some(rest) = after.strip_prefix(", ") {
            // ", the mayor of Springfield," closed by a comma: only a mark
            // within the first 81 bytes can close it, so the search stops
            // there (a search to the end of the text for every mention was
            // quadratic). The marks are ASCII: a byte search finds the same.
            let window = &rest.as_bytes()[..rest.len().min(81)];
            let end = window
                .iter()
                .position(|b| matches!(b, b',' | b'.' | b';' | b'('))
                .unwrap_or(rest.len());
            let closed = rest.as_bytes().get(end) == Some(&b',') && end <= 80;
            let app = &rest[..end];
            let first = app.split_whitespace().next().unwrap_or("");
            if closed
                && matches!(first, "the" | "a" | "an" | "his" | "her" | "its")
                && !app
                    .split_whitespace()
                    .any(|w| CUE_VERBS.contains_key(w.to_lowercase().as_str()))
            {
                scratch.clear();
                scratch.add(app);
                scratch.hits(|w| out.push((m.start, w, *e)));
            }
        }
    }
    for (i, e) in doc.entities.iter().enumerate() {
        let at = e.mentions.first().map_or(0, |m| m.range.start);
        for r in &e.roles {
            scratch.clear();
            scratch.add(r);
            scratch.hits(|w| out.push((at, w, i)));
        }
    }
    out.sort_by_key(|t| t.0);
    out
}

/// The last word of every term cue; `None` if some cue has no words (then
/// every list of words ends with it).
static TERM_CUE_LASTS: LazyLock<Option<FxHashSet<&'static str>>> =
    LazyLock::new(|| TERM_CUES.iter().map(|c| c.last().copied()).collect());

/// Whether a quoted run is a name, label or title rather than speech.
fn term_cue_before(ctx: &Ctx<'_, '_>, runs: &[Run], i: usize) -> bool {
    let Some(run) = runs.get(i) else {
        return false;
    };
    let k = ctx.run_start_tok(i);
    // Borrowed forms, not a `String` each, and the list built once, not
    // once per cue, in an array, not a vector (the allocations showed in
    // the profile).
    let mut buf = [""; 3];
    let mut n_words = 0;
    let mut i = k;
    let lo = ctx
        .doc
        .tokens
        .get(k)
        .and_then(|t| ctx.doc.sentences.get(t.sentence))
        .map_or(0, |s| s.tokens.start);
    while i > lo && n_words < 3 {
        i -= 1;
        if ctx.kind(i) != Some(TokenKind::Word) {
            break;
        }
        n_words += 1;
        buf[3 - n_words] = ctx.low(i);
    }
    // The (at most three) words before the run, in text order.
    let words: &[&str] = &buf[3 - n_words..];
    // "call the “X”": a determiner between the cue and the mark.
    let trimmed: &[&str] = match words.split_last() {
        Some((l, rest)) if matches!(*l, "the" | "a" | "an" | "its" | "their" | "his" | "her") => {
            rest
        }
        _ => words,
    };
    // A cue ends with one of a few words: when neither list does, no cue
    // matches (trying every cue for every quote showed in the profile).
    if let Some(lasts) = &*TERM_CUE_LASTS
        && !trimmed.last().is_some_and(|w| lasts.contains(w))
        && !words.last().is_some_and(|w| lasts.contains(w))
    {
        return false;
    }
    let ends_with =
        |ws: &[&str], cue: &[&str]| ws.len() >= cue.len() && ws[ws.len() - cue.len()..] == *cue;
    TERM_CUES.iter().any(|cue| {
        let is_call = matches!(cue.as_slice(), ["call"] | ["calls"] | ["called"]);
        if is_call {
            // "what officials call “X”" is a term; "called it “X”" is not reached.
            let n = trimmed.len();
            n >= 2 && ends_with(trimmed, cue) && {
                // Some subject word before the verb, and "what" before that
                // or the "so-called" sense: accept "what ... call".
                words.contains(&"what")
                    || ctx.doc.text[..run.outer.start]
                        .trim_end()
                        .rsplit(' ')
                        .nth(3)
                        .is_some_and(|w| w == "what")
            }
        } else {
            ends_with(trimmed, cue) || ends_with(words, cue)
        }
    })
}

/// Whether `s` has at most `n` words. Counts no further than needed: a
/// full count over every long quote showed in the profile.
fn at_most_words(s: &str, n: usize) -> bool {
    count_words(s, n + 1) <= n
}

/// The number of words of `s` (as `split_whitespace` gives them), or
/// `max` when there are `max` or more.
fn count_words(s: &str, max: usize) -> usize {
    // Counted by bytes while they are ASCII (the words of
    // `split_whitespace` there are the runs between ASCII white space);
    // decoding every quote's characters showed in the profile. The first
    // other byte sends the whole string to the `char` count (which gives
    // the same answer when the bytes before it already hold `max` words).
    // Eight bytes at a time: a byte loop was still a twentieth of the
    // stage in the profile.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ones = |b: u8| u64::from_le_bytes([b; 8]);
    let mut words = 0;
    let mut in_word = false;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(c);
        let x = u64::from_le_bytes(eight);
        if x & HIGH != 0 {
            return s.split_whitespace().take(max).count();
        }
        // The high bit of each byte that is ' ' or '\t'..='\r'. Every byte
        // is below 0x80, so no sum carries into the next byte.
        let space_20 = !((x ^ ones(b' ')) + ones(0x7F)) & HIGH;
        let from_tab = (x + ones(0x80 - b'\t')) & HIGH;
        let past_cr = (x + ones(0x80 - b'\r' - 1)) & HIGH;
        let space = space_20 | (from_tab & !past_cr);
        // A word starts at a byte that is not white space after one that
        // is (or after no byte at all).
        let space_before = (space << 8) | if in_word { 0 } else { 0x80 };
        // One bit (the high one) for each byte that starts a word; their
        // count, summed into the top byte by one multiplication (cheaper
        // than `count_ones` on a CPU with no POPCNT, the build's target).
        let starts = (!space & HIGH & space_before) >> 7;
        words += (starts.wrapping_mul(ones(1)) >> 56) as usize;
        if words >= max {
            return max;
        }
        in_word = space >> 63 == 0;
    }
    for &b in chunks.remainder() {
        if b >= 0x80 {
            return s.split_whitespace().take(max).count();
        }
        let space = matches!(b, b' ' | b'\t'..=b'\r');
        if !space && !in_word {
            words += 1;
            if words >= max {
                return max;
            }
        }
        in_word = !space;
    }
    words
}

/// The quotes and terms of a document, and the speakers it adds.
pub fn attribute(doc: &Document<'_>, runs: &[Run]) -> (Vec<Quote>, Vec<Range<usize>>, Vec<Entity>) {
    // No runs, no quotes, terms or speakers: nothing to prepare.
    if runs.is_empty() {
        return (Vec::new(), Vec::new(), Vec::new());
    }
    // Sized once: growing it showed in the profile.
    let mut mentions: Vec<(Range<usize>, usize)> =
        Vec::with_capacity(doc.entities.iter().map(|e| e.mentions.len()).sum());
    for (i, e) in doc.entities.iter().enumerate() {
        mentions.extend(e.mentions.iter().map(|m| (m.range.clone(), i)));
    }
    // Unstable: equal keys are equal entries.
    mentions.sort_unstable_by_key(|(m, i)| (m.start, m.end, *i));
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let mut cues = std::mem::take(&mut scratch.cues);
    cues.clear();
    cues.resize(doc.tokens.len(), Cell::new(CUE_UNKNOWN));
    let mut reported = std::mem::take(&mut scratch.reported);
    reported.clear();
    reported.resize(doc.sentences.len(), Cell::new(None));
    let mut ctx = Ctx {
        doc,
        runs,
        mentions: Vec::new(),
        gender: (0..doc.entities.len()).map(|_| OnceCell::new()).collect(),
        titles: OnceCell::new(),
        roles: RefCell::new(std::mem::take(&mut scratch.roles)),
        resolve: Cell::new(true),
        added: Vec::new(),
        speakers: FxHashSet::default(),
        said: Vec::new(),
        reported,
        cues,
        run_toks: Vec::new(),
    };
    ctx.run_toks = runs
        .iter()
        .map(|r| (ctx.tok_at(r.outer.start), ctx.tok_at(r.outer.end)))
        .collect();
    // The mentions are in order of start and the runs (as `in_any_run`
    // reads them) in order of end: one walk along both, not a binary
    // search for each mention (which showed in the profile).
    if runs.windows(2).all(|w| w[0].outer.end <= w[1].outer.end) {
        let mut r = 0;
        mentions.retain(|(m, _)| {
            while runs.get(r).is_some_and(|x| x.outer.end <= m.start) {
                r += 1;
            }
            runs.get(r).is_none_or(|x| x.outer.start > m.start)
        });
    } else {
        mentions.retain(|(m, _)| !ctx.in_any_run(m.start));
    }
    ctx.mentions = mentions;

    let mut found: Vec<Option<Found>> = Vec::with_capacity(runs.len());
    let mut is_term = vec![false; runs.len()];
    for (i, run) in runs.iter().enumerate() {
        let f = own_attribution(&mut ctx, runs, i);
        // The words of the run, counted once up to nine.
        let words = count_words(doc.slice(&run.inner), 9);
        let short = words <= 5;
        let headline = doc
            .paragraphs
            .get(run.paragraph)
            .is_some_and(|p| p.section == 0)
            && doc
                .headline
                .as_ref()
                .is_some_and(|h| h.start <= run.outer.start && run.outer.end <= h.end);
        let mid_sentence = mid_sentence(&ctx, i);
        let own_cue = f
            .as_ref()
            .is_some_and(|f| f.cue.is_some() || f.rule == "quotes.colon");
        if short && term_cue_before(&ctx, runs, i) {
            is_term[i] = true;
        } else if short && mid_sentence && !headline && title_case(doc.slice(&run.inner)) {
            // A title in running text ("his film “The Long Night”").
            is_term[i] = true;
        } else if words <= 8
            && !own_cue
            && mid_sentence
            && !headline
            && run.closed
            && !ends_sentence(doc.slice(&run.inner))
        {
            is_term[i] = true;
        }
        if let Some(f) = &f
            && let Some(s) = f.speaker
        {
            ctx.speakers.insert(s);
            if f.how == Attribution::Explicit {
                let at = f.mention.as_ref().map_or(run.outer.start, |m| m.start);
                ctx.said.push((at, s));
            }
        }
        found.push(f);
    }
    // Continuations. The pieces of one quotation share the speaker of the
    // first piece that names one.
    let n = runs.len();
    let mut group_speaker: FxHashMap<usize, usize> = FxHashMap::default();
    for i in 0..n {
        if !is_term[i] && found[i].as_ref().is_some_and(|f| f.speaker.is_some()) {
            group_speaker.entry(runs[i].group).or_insert(i);
        }
    }
    for i in 0..n {
        if is_term[i] || found[i].as_ref().is_some_and(|f| f.speaker.is_some()) {
            continue;
        }
        let f = continued(&ctx, runs, &found, &is_term, &group_speaker, i);
        if f.is_some() {
            group_speaker.entry(runs[i].group).or_insert(i);
        }
        if let Some(f) = f {
            found[i] = Some(f);
        }
    }
    let mut quotes = Vec::new();
    let mut terms = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        if is_term[i] {
            // A term is the name without the comma or period that American
            // style puts inside the marks ("the “X,” which").
            let t = doc.slice(&run.inner);
            let kept = t.trim_end_matches([',', '.', ';', ':']).trim_end().len();
            if kept > 0 {
                terms.push(run.inner.start..run.inner.start + kept);
            }
            continue;
        }
        let f = found[i].clone();
        let (speaker, how, rule, cue, mention) = match f {
            Some(f) if f.speaker.is_some() => (f.speaker, f.how, f.rule, f.cue, f.mention),
            Some(f) => (None, Attribution::None, run.rule, f.cue, f.mention),
            None => (None, Attribution::None, run.rule, None, None),
        };
        // A transcript line's text starts after "NAME:".
        let range = match (&mention, rule) {
            (Some(m), "quotes.transcript") => {
                let from = (m.end + 1).min(run.inner.end);
                crate::reader::layout::trim(doc.text, from..run.inner.end)
            }
            _ => run.inner.clone(),
        };
        if range.is_empty() {
            continue;
        }
        quotes.push(Quote {
            range,
            speaker,
            speaker_mention: mention,
            cue,
            attribution: if speaker.is_some() {
                how
            } else {
                Attribution::None
            },
            rule: if rule.is_empty() { run.rule } else { rule },
        });
    }
    scratch.cues = ctx.cues;
    scratch.reported = ctx.reported;
    scratch.roles = ctx.roles.into_inner();
    SCRATCH.with(|s| *s.borrow_mut() = scratch);
    (quotes, terms, ctx.added)
}

/// Every word capitalized (short words like "of" aside), no sentence end.
fn title_case(s: &str) -> bool {
    let t = s.trim_end_matches([',', '.', '’', '\'']);
    // The words walked twice, not collected (the vector's allocation
    // showed in the profile).
    let first = t.split_whitespace().next();
    first.is_some()
        && !t.ends_with(['!', '?'])
        && t.split_whitespace().enumerate().all(|(i, w)| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                || (i > 0
                    && matches!(
                        w,
                        "of" | "the"
                            | "a"
                            | "an"
                            | "and"
                            | "in"
                            | "on"
                            | "to"
                            | "for"
                            | "with"
                            | "at"
                            | "by"
                            | "from"
                            | "or"
                            | "as"
                            | "vs."
                    ))
        })
        && first.is_some_and(|w| !matches!(w, "I" | "I'm" | "I’m"))
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', '\'', ','])
        .ends_with(['.', '!', '?', '…'])
        && !at_most_words(s, 2)
}

/// Whether words of the sentence stand before the run.
fn mid_sentence(ctx: &Ctx<'_, '_>, i: usize) -> bool {
    let k = ctx.run_start_tok(i);
    let Some(t) = ctx.doc.tokens.get(k) else {
        return false;
    };
    let lo = ctx
        .doc
        .sentences
        .get(t.sentence)
        .map_or(k, |s| s.tokens.start);
    (lo..k).any(|i| ctx.kind(i) == Some(TokenKind::Word))
}

/// The tokens of the sentence holding byte `at`.
fn sentence_tokens(ctx: &Ctx<'_, '_>, at: usize) -> Range<usize> {
    ctx.doc
        .sentence_at(at)
        .and_then(|s| ctx.doc.sentences.get(s))
        .map_or(0..0, |s| s.tokens.clone())
}

/// An attribution of the run's own: cue, dash, colon, transcript.
fn own_attribution(ctx: &mut Ctx<'_, '_>, runs: &[Run], i: usize) -> Option<Found> {
    let run = &runs[i];
    if let Some(f) = transcript(ctx, run) {
        return Some(f);
    }
    let prev_end = if i > 0 { runs[i - 1].outer.end } else { 0 };
    let at = run.outer.start;

    // After the quote.
    let a = ctx.run_toks.get(i).map_or(0, |t| t.1);
    let close_sent = sentence_tokens(ctx, run.outer.end.saturating_sub(1));
    let same_para = |k: usize| {
        ctx.doc
            .tokens
            .get(k)
            .and_then(|t| ctx.doc.sentences.get(t.sentence))
            .is_some_and(|s| {
                Some(s.paragraph) == ctx.doc.paragraph_at(run.outer.end.saturating_sub(1))
            })
    };
    let mut after: Option<(usize, Found)> = None;
    if a < ctx.doc.tokens.len() && same_para(a) {
        let sent = ctx.doc.tokens[a].sentence;
        let new_sentence = !close_sent.contains(&a);
        let s_end = ctx.doc.sentences.get(sent).map_or(a, |s| s.tokens.end);
        // The first token at or after the next run's start.
        let next_tok = ctx
            .run_toks
            .get(i + 1)
            .map_or(ctx.doc.tokens.len(), |t| t.0);
        let hi = s_end.min(next_tok).max(a);
        let mut lo = a;
        while lo < hi
            && ctx.kind(lo) == Some(TokenKind::Punct)
            && matches!(ctx.tok(lo), "," | "." | "?" | "!")
        {
            lo += 1;
        }
        // "…” — Jane Smith"
        if lo < hi
            && is_dash(ctx.tok(lo))
            && let Some(mut f) = ctx.subject_after(lo + 1, hi, at)
        {
            f.cue = Some(ctx.doc.tokens[lo].range.clone());
            f.rule = "quotes.dash";
            return finish(ctx, f);
        }
        let limit = if new_sentence { 6 } else { 30 };
        let mut k = lo;
        while k < hi && k < lo + limit {
            if ctx.tok(k) == ";" {
                break;
            }
            if let Some(n) = ctx
                .cue_at(k, hi)
                .filter(|_| k - lo <= 3 || !NOUN_LIKE.contains(&ctx.low(k)))
            {
                let lemma = ctx.lemma(k, n);
                let mut f = if k == lo || lemma == "according to" {
                    if lemma == "tell" {
                        None
                    } else {
                        ctx.subject_after(k + n, hi, at)
                    }
                } else {
                    ctx.subject_before(k, lo, at)
                };
                if let Some(f) = f.as_mut() {
                    f.cue = Some(ctx.cue_range(k, n));
                    f.rule = "quotes.cue_after";
                }
                if let Some(f) = f {
                    after = Some((k - lo, f));
                    break;
                }
                if k > lo {
                    break;
                }
            }
            k += 1;
        }
    }

    // A cue right after the quote wins; a far one yields to a cue before.
    let after = match after {
        Some((d, f)) if d <= 8 => return finish(ctx, f),
        other => other.map(|(_, f)| f),
    };

    // Before the quote, in its sentence.
    let b = ctx.run_start_tok(i);
    // The first token at or after the previous run's end.
    let prev_tok = if i > 0 { ctx.run_toks[i - 1].1 } else { 0 };
    let sent = sentence_tokens(ctx, run.outer.start);
    let lo = sent.start.max(prev_tok).min(b);
    if let Some(f) = before(ctx, lo, b, at) {
        return finish(ctx, f);
    }
    // A colon ending the sentence (or paragraph) before.
    if !(lo..b).any(|k| ctx.kind(k) == Some(TokenKind::Word)) && sent.start > 0 {
        let prev_sent = ctx.doc.tokens.get(sent.start - 1).map(|t| t.sentence);
        if let Some(ps) = prev_sent.and_then(|s| ctx.doc.sentences.get(s)) {
            let last = ps.tokens.end;
            let close = ps.paragraph + 1 >= ctx.doc.paragraph_at(at).unwrap_or(0);
            if close
                && last > ps.tokens.start
                && ctx.tok(last - 1) == ":"
                && ps.range.end <= prev_end.max(ps.range.end)
            {
                let plo = ps.tokens.start.max(prev_tok).min(last);
                if let Some(mut f) = before(ctx, plo, last, at) {
                    f.rule = "quotes.colon";
                    return finish(ctx, f);
                }
            }
        }
    }
    after.and_then(|f| finish(ctx, f))
}

/// A cue or colon in tokens [lo, b) before a quote.
fn before(ctx: &Ctx<'_, '_>, lo: usize, b: usize, at: usize) -> Option<Found> {
    if lo >= b {
        return None;
    }
    let colon = ctx.tok(b - 1) == ":";
    let adjacent = colon || ctx.tok(b - 1) == ",";
    let mut k = b;
    while k > lo {
        k -= 1;
        let Some(n) = ctx.cue_at(k, b) else { continue };
        let near = b - (k + n) <= 6;
        if ctx.noun_like(k, n) && !(adjacent && near) {
            continue;
        }
        let lemma = ctx.lemma(k, n);
        let mut f = if lemma == "according to" {
            ctx.subject_after(k + n, b, at)
        } else {
            ctx.subject_before(k, lo, at).or_else(|| {
                if near && k == lo {
                    ctx.subject_after(k + n, b, at)
                } else {
                    None
                }
            })
        };
        if let Some(f) = f.as_mut() {
            f.cue = Some(ctx.cue_range(k, n));
            f.rule = "quotes.cue_before";
            return f.clone().into();
        }
    }
    if colon {
        // "Smith to the board: “…”": the first name of the intro.
        if let Some((e, m)) = ctx.head_in(lo, b - 1) {
            let mut f = ctx.found(Some(e), Some(m), Attribution::Explicit);
            f.cue = Some(ctx.doc.tokens[b - 1].range.clone());
            f.rule = "quotes.colon";
            return Some(f);
        }
    }
    None
}

/// Turns a found subject into a speaker, adding a missed name as a person.
fn finish(ctx: &mut Ctx<'_, '_>, mut f: Found) -> Option<Found> {
    if f.rule.is_empty() {
        f.rule = "quotes.cue_after";
    }
    if f.speaker.is_none()
        && f.how == Attribution::Explicit
        && let Some(m) = f.mention.clone()
    {
        f.speaker = Some(name_entity(ctx, m));
    }
    if f.how == Attribution::Pronoun && f.speaker.is_some() {
        f.rule = "quotes.pronoun";
    } else if f.how == Attribution::Role && f.speaker.is_some() {
        f.rule = "quotes.role";
    }
    Some(f)
}

/// The entity for a name the entity stage missed: an existing one with the
/// same last word, or a new person.
fn name_entity(ctx: &mut Ctx<'_, '_>, m: Range<usize>) -> usize {
    let name = ctx.doc.slice(&m).to_string();
    let last = name.rsplit(' ').next().unwrap_or(&name).to_string();
    let same = |e: &Entity| {
        e.name == name
            || e.aliases.contains(&name)
            || e.name.rsplit(' ').next() == Some(last.as_str())
    };
    if let Some(i) = ctx
        .doc
        .entities
        .iter()
        .position(|e| same(e) && e.kind == EntityType::Person)
    {
        return i;
    }
    let base = ctx.doc.entities.len();
    if let Some(i) = ctx.added.iter().position(same) {
        return base + i;
    }
    ctx.added.push(Entity {
        name,
        kind: EntityType::Person,
        aliases: Vec::new(),
        roles: Vec::new(),
        mentions: vec![Mention {
            range: m,
            rule: "quotes.speaker_name",
        }],
        rule: "quotes.speaker_name",
    });
    base + ctx.added.len() - 1
}

/// "PENCE: Well, ..." in an interview transcript.
fn transcript(ctx: &mut Ctx<'_, '_>, run: &Run) -> Option<Found> {
    let s = ctx.doc.slice(&run.inner);
    // A name is at most 30 bytes: the first colon is looked for no further
    // (a search through every quote showed in the profile).
    let colon = memchr::memchr(b':', s.as_bytes().get(..31).unwrap_or(s.as_bytes()))?;
    let name = s.get(..colon)?;
    if name.len() < 2
        || name.len() > 30
        || !name
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\'')
        || name.chars().filter(|c| c.is_alphabetic()).count() < 2
    {
        return None;
    }
    let m = run.inner.start..run.inner.start + colon;
    let last = name.rsplit(' ').next().unwrap_or(name).to_lowercase();
    let speaker = ctx
        .doc
        .entities
        .iter()
        .position(|e| {
            e.kind == EntityType::Person
                && std::iter::once(&e.name).chain(e.aliases.iter()).any(|n| {
                    n.rsplit(' ')
                        .next()
                        .is_some_and(|w| w.to_lowercase() == last)
                })
        })
        .unwrap_or_else(|| name_entity(ctx, m.clone()));
    Some(Found {
        speaker: Some(speaker),
        mention: Some(m.clone()),
        cue: Some(m.end..m.end + 1),
        how: Attribution::Explicit,
        rule: "quotes.transcript",
    })
}

/// The speaker a run with no cue of its own continues.
fn continued(
    ctx: &Ctx<'_, '_>,
    runs: &[Run],
    found: &[Option<Found>],
    is_term: &[bool],
    group_speaker: &FxHashMap<usize, usize>,
    i: usize,
) -> Option<Found> {
    let run = &runs[i];
    let spoken = |j: usize| -> Option<&Found> {
        if is_term[j] {
            return None;
        }
        found[j].as_ref().filter(|f| f.speaker.is_some())
    };
    let cont = |f: &Found, rule: &'static str| Found {
        speaker: f.speaker,
        mention: None,
        cue: None,
        how: Attribution::Continued,
        rule,
    };
    // The same quotation's other pieces.
    if let Some(&j) = group_speaker.get(&run.group)
        && let Some(f) = spoken(j)
    {
        return Some(cont(f, "quotes.continued"));
    }
    // An earlier quote of the paragraph.
    for j in (0..i).rev().take(64) {
        if runs[j].paragraph != run.paragraph {
            break;
        }
        if let Some(f) = spoken(j) {
            return Some(cont(f, "quotes.continued"));
        }
    }
    // The next quote of the paragraph, when only its cue stands between.
    if let Some(j) = (i + 1..runs.len()).find(|&j| !is_term[j])
        && runs[j].paragraph == run.paragraph
    {
        let gap = ctx
            .doc
            .text
            .get(run.outer.end..runs[j].outer.start)
            .unwrap_or("x");
        if (gap.trim().is_empty() || at_most_words(gap, 0))
            && let Some(f) = spoken(j)
        {
            return Some(cont(f, "quotes.continued"));
        }
    }
    // The paragraph's reported speaker: a cue with its subject before.
    let para = ctx.doc.paragraphs.get(run.paragraph)?;
    let p_lo = ctx.tok_at(para.range.start);
    let b = ctx.run_start_tok(i);
    if b > p_lo {
        // The nearest of the (at most three) sentences before the quote.
        let this = ctx
            .doc
            .sentence_at(run.outer.start)
            .unwrap_or(para.sentences.start);
        let lo_s = this.saturating_sub(3).max(para.sentences.start);
        for s in (lo_s..=this).rev() {
            let Some(st) = ctx.doc.sentences.get(s) else {
                continue;
            };
            if st.range.start >= run.outer.start {
                continue;
            }
            let hi = st.tokens.end.min(b);
            for k in st.tokens.start..hi {
                let Some(n) = ctx.cue_at(k, hi) else { continue };
                if ctx.in_any_run(ctx.doc.tokens[k].range.start) {
                    continue;
                }
                if ctx.noun_like(k, n) {
                    continue;
                }
                if let Some(f) = ctx.subject_before(k, st.tokens.start, run.outer.start)
                    && f.speaker.is_some()
                {
                    return Some(cont(&f, "quotes.paragraph_speaker"));
                }
            }
        }
    }
    // The last quote of the previous paragraph.
    let prev_para = (0..i)
        .rev()
        .take(64)
        .find(|&j| runs[j].paragraph != run.paragraph);
    if let Some(j) = prev_para {
        // Only headings or boilerplate between the two paragraphs.
        let between = runs[j].paragraph + 1..run.paragraph;
        let close = between.len() <= 8
            && ctx
                .doc
                .paragraphs
                .get(between)
                .is_some_and(|ps| ps.iter().all(|p| p.boilerplate || p.heading));
        if close
            && b == p_lo
            && let Some(f) = spoken(j)
        {
            return Some(cont(f, "quotes.continued"));
        }
    }
    None
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// The words (and pairs) of the general way: the last three pieces
    /// after the last mark, by `char`s.
    fn general(text: &str, lo: usize, end: usize) -> (String, Vec<(usize, usize)>) {
        let before = &text[lo..end];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '.' | ',' | ';' | ':' | '\n' | '“' | '"' | '(' | ')'))
            .map_or(lo, |(i, c)| lo + i + c.len_utf8());
        let mut s = RoleScratch::default();
        for p in text[start..end].split_whitespace().rev().take(3) {
            s.add(p);
        }
        (String::from_utf8(s.buf).unwrap_or_default(), s.spans)
    }

    #[test]
    fn last_pieces_agree_with_the_general_way() {
        for text in [
            "said Foreign Secretary X",
            "He met   the Kremlin\tspokesman X",
            "one, two three four five X",
            "(deputy  mayor X",
            "a line\nChief Executive X",
            "the “Prime Minister X",
            "über-Chef Jean X",
            "x\u{a0}Foreign Secretary X",
            "the U.S. Secretary of-State X",
            "X",
            "   X",
        ] {
            let end = text.len() - 1;
            let lo = (end.saturating_sub(40)..=end)
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(end);
            let mut s = RoleScratch::default();
            if last_pieces_ascii(text.as_bytes(), lo, end, |p| s.add_ascii(p)) {
                let fast = (String::from_utf8(s.buf).unwrap_or_default(), s.spans);
                assert_eq!(fast, general(text, lo, end), "{text:?}");
            }
        }
    }

    #[test]
    fn at_most_words_agrees_with_split_whitespace() {
        for s in [
            "",
            " ",
            "one",
            "one two",
            " one  two\tthree\n",
            "a b c d e f g h i",
            "très bien mon ami",
            "one\u{a0}two three",
            "x\u{0b}y",
        ] {
            for n in 0..6 {
                assert_eq!(
                    at_most_words(s, n),
                    s.split_whitespace().nth(n).is_none(),
                    "{s:?} {n}"
                );
            }
        }
    }

    #[test]
    fn count_words_agrees_with_split_whitespace() {
        let pieces = [
            "a", "bb", " ", "  ", "\t", "\n", "\r\n", "\u{0b}", "\u{0c}", "\u{1f}", "x.", "é",
            "\u{a0}", "\u{2009}", "words", "-", "“", "\u{0}", "\u{7f}",
        ];
        // Every string of up to four pieces, and longer ones built by a
        // simple generator (so that runs cross the eight-byte chunks).
        let mut texts: Vec<String> = vec![String::new()];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                    for d in ["", " ", "ab", "\t", "é"] {
                        texts.push(format!("{a}{b}{c}{d}{a}{c}"));
                    }
                }
            }
        }
        let mut seed = 12345u64;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            texts.push(t);
        }
        for t in &texts {
            for max in 0..12 {
                assert_eq!(
                    count_words(t, max),
                    t.split_whitespace().take(max).count(),
                    "{t:?} {max}"
                );
            }
        }
    }

    #[test]
    fn ascii_role_words_agree_with_the_char_split() {
        for piece in [
            "Foreign",
            "vice-president,",
            "U.S.",
            "CEO/founder",
            "--",
            "a1b2",
        ] {
            let mut fast = RoleScratch::default();
            fast.add_ascii(piece.as_bytes());
            let mut slow = RoleScratch::default();
            for w in piece
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.is_empty())
            {
                if !slow.buf.is_empty() {
                    slow.buf.push(b' ');
                }
                let start = slow.buf.len();
                slow.buf.extend_from_slice(w.to_lowercase().as_bytes());
                slow.spans.push((start, slow.buf.len()));
            }
            assert_eq!((fast.buf, fast.spans), (slow.buf, slow.spans), "{piece:?}");
        }
    }
}
