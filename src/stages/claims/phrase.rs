//! Phrase edges without a parser: the noun phrase before a verb (its
//! subject), the noun phrase after a preposition ("according to X"), the end
//! of a clause, cue verbs, and sources with their anonymity.
//!
//! All positions are token indices into one [`Sent`]; ranges are half-open.

use std::ops::Range;

use super::lex::{ANONYMITY, CueForm, VerbForm, WORDS, WordInfo, cls};
use super::{Ctx, Sent, Tok, words_at};
use crate::doc::{ClaimSource, TokenKind};

/// The longest noun phrase walked over, in tokens.
const MAX_NP: usize = 12;

/// A cue verb at token `i`: its length in tokens and lemma.
pub fn cue_at(s: &Sent, i: usize) -> Option<(usize, &'static str)> {
    s.toks
        .get(i)
        .and_then(|t| t.cue)
        .map(|(f, l)| (f.len(), *l))
}

/// A stance verb at token `i`.
pub fn position_at(s: &Sent, i: usize) -> Option<&'static VerbForm> {
    s.toks.get(i).and_then(|t| t.position)
}

/// The cue verb and the stance verb starting at token `i` of a sentence's
/// tokens (with its `title` flag and the document's `text`), whose word
/// the lists know as `info`: what [`cue_at`] and [`position_at`] return,
/// worked out once per token when the sentence is built.
pub(super) fn verbs_at(
    toks: &[Tok],
    text: &str,
    title: bool,
    i: usize,
    info: &'static WordInfo,
) -> (Option<&'static CueForm>, Option<&'static VerbForm>) {
    let Some(t) = toks.get(i) else {
        return (None, None);
    };
    if info.cues.is_empty() && info.positions.is_empty() {
        return (None, None);
    }
    if !t.is_word() || mid_capital(toks, text, title, i) {
        return (None, None);
    }
    // The forms were found by this token's word, their first: only the
    // words after it are compared (in the whole pipeline, reading each
    // form's first word again missed the cache).
    let cue = info.cues.iter().find(|(f, _)| rest_at(toks, i, f));
    let position = info
        .positions
        .iter()
        .find(|f| rest_at(toks, i, &f.words))
        .copied();
    (cue, position)
}

/// Whether the words of `form` after its first follow token `i`.
fn rest_at(toks: &[Tok], i: usize, form: &[&str]) -> bool {
    form.get(1..)
        .is_some_and(|rest| rest.is_empty() || words_at(toks, i + 1, rest))
}

/// A capitalized word inside a sentence is part of a name ("United
/// States"), not a verb; a line in capitals says nothing either way.
fn mid_capital(toks: &[Tok], text: &str, title: bool, i: usize) -> bool {
    let t = &toks[i];
    !title
        && i > 0
        && t.capitalized()
        && toks[i - 1].kind != TokenKind::Quote
        && text
            .get(t.range.clone())
            .is_some_and(|w| w.chars().any(char::is_lowercase))
}

/// Whether token `i` is a word that cannot stand inside a noun phrase.
fn stops_np(s: &Sent, i: usize) -> bool {
    s.has(i, cls::BOUNDARY | cls::AUX | cls::RELATIVE | cls::PRONOUN)
        || s.has(i, cls::OBJECT_PRONOUN) && s.low(i) != "her"
        || cue_at(s, i).is_some()
        || position_at(s, i).is_some_and(|f| !f.noun_too)
}

/// Whether a token's word is an adverb or looks like one ("-ly", but not
/// "family").
pub fn adverb_like_tok(t: &Tok) -> bool {
    t.has(cls::ADVERB) || (t.low.len() > 4 && t.low.ends_with("ly") && !t.has(cls::NOT_ADVERB))
}

/// Skips auxiliaries and adverbs backward from `end` (exclusive): the
/// index where the subject ends ("Russia has also" -> after "Russia").
pub fn skip_aux_back(s: &Sent, end: usize) -> usize {
    let mut i = end;
    while i > 0 {
        let t = &s.toks[i - 1];
        let l = t.low;
        if t.is_word() && (t.has(cls::AUX) && l != "’s" && l != "'s" || adverb_like_tok(t)) {
            i -= 1;
        } else {
            break;
        }
    }
    i
}

/// The noun phrase ending right before token `end`: a pronoun, a name with
/// its titles ("Kremlin spokesman Dmitry Peskov"), a common noun phrase
/// ("U.S. and Ukrainian officials"). Skips back over a parenthetical
/// between commas ("Trump, speaking to veterans, said"). `None` when the
/// word before is not the end of a noun phrase.
pub fn np_back(s: &Sent, end: usize) -> Option<Range<usize>> {
    let np = np_back_depth(s, end, 0)?;
    // "Wells Fargo just this month announced": the time is not the subject.
    let time = (np.start..np.end).all(|k| {
        let l = s.low(k);
        s.has(k, cls::TIME | cls::DAY)
            || matches!(l, "this" | "last" | "next" | "earlier" | "later")
    });
    if time && np.start > 0 {
        return np_back_depth(s, skip_aux_back(s, np.start), 0);
    }
    Some(np)
}

fn np_back_depth(s: &Sent, end: usize, depth: u8) -> Option<Range<usize>> {
    let last = s.toks.get(end.checked_sub(1)?)?;
    // "X, who ..., said": the subject is before the parenthetical.
    if last.kind == TokenKind::Punct && last.low == "," && depth == 0 {
        let mut k = end - 1;
        while k > 0 && end - k < 40 {
            k -= 1;
            let t = &s.toks[k];
            if t.low == "," {
                return np_back_depth(s, k, depth + 1);
            }
            if t.kind == TokenKind::Quote || matches!(t.low, ";" | ":") {
                return None;
            }
        }
        return None;
    }
    if !last.is_word() {
        return (last.kind == TokenKind::Number).then(|| end - 1..end);
    }
    if last.has(cls::PRONOUN) {
        return Some(end - 1..end);
    }
    if last.has(cls::RELATIVE) {
        // "..., who said" / "a man who said": the antecedent.
        let before = end.checked_sub(1)?;
        let before = if s.toks.get(before.checked_sub(1)?)?.low == "," {
            before - 1
        } else {
            before
        };
        return (depth == 0)
            .then(|| np_back_depth(s, before, depth + 1))
            .flatten();
    }
    // "Gov. Pat McCrory (R) said": step over the brackets.
    if last.low == ")" && depth < 2 {
        let open = (end.saturating_sub(8)..end - 1)
            .rev()
            .find(|&k| s.toks[k].low == "(")?;
        let np = np_back_depth(s, open, depth + 1)?;
        return Some(np.start..end);
    }
    let mut i = end;
    while i > 0 && end - i < MAX_NP {
        let k = i - 1;
        let t = &s.toks[k];
        match t.kind {
            TokenKind::Number => {}
            TokenKind::Quote | TokenKind::Punct => {
                if !matches!(t.low, "&" | "-") || i == end {
                    break;
                }
            }
            TokenKind::Word => {
                let l = t.low;
                if l == "’s" || l == "'s" {
                    if i == end {
                        return None;
                    }
                } else if t.has(cls::DETERMINER) {
                    // "the head of the agency", "a spokesman for the city"
                    let of =
                        k >= 2 && matches!(s.low(k - 1), "of" | "for" | "at") && np_word(s, k - 2);
                    if !of {
                        i = k;
                        break;
                    }
                } else if t.has(cls::PREPOSITION) {
                    // Inside a phrase only: "the head of the agency".
                    if i == end || k == 0 || !np_word(s, k - 1) {
                        break;
                    }
                } else if l == "and" {
                    if i == end || k == 0 || !s.toks[k - 1].capitalized() {
                        break;
                    }
                } else if t.capitalized() {
                    if k == 0 && (stops_np(s, k) || t.has(cls::PREPOSITION)) {
                        break;
                    }
                } else if stops_np(s, k)
                    || adverb_like_tok(t)
                    || (l.ends_with("ed") || l.ends_with("ing"))
                        && !(k == 0 || s.has(k - 1, cls::DETERMINER))
                {
                    break;
                }
            }
        }
        i = k;
    }
    // Trim a leading preposition, conjunction or stray word class.
    while i < end {
        let l = s.low(i);
        if s.has(i, cls::PREPOSITION)
            || l == "and"
            || l == "’s"
            || l == "'s"
            || s.toks[i].kind == TokenKind::Punct
        {
            i += 1;
        } else {
            break;
        }
    }
    if i >= end {
        return None;
    }
    let has_noun = (i..end).any(|k| {
        let t = &s.toks[k];
        t.capitalized() || t.kind == TokenKind::Number || t.is_word() && !t.has(cls::DETERMINER)
    });
    let ends_ok = !s.has(end - 1, cls::PREPOSITION | cls::DETERMINER) && s.low(end - 1) != "and";
    (has_noun && ends_ok).then_some(i..end)
}

/// Whether token `k` can end the left part of "X of Y".
fn np_word(s: &Sent, k: usize) -> bool {
    let t = &s.toks[k];
    t.is_word() && !stops_np(s, k) && !t.has(cls::PREPOSITION | cls::DETERMINER)
        || t.kind == TokenKind::Number
}

/// The source phrase starting at token `start` and reading forward, as after
/// "according to" or "by": up to a comma, a clause word or the sentence
/// end; informant tails ("familiar with the matter", "who spoke on
/// condition of anonymity") stay in. With `stop_prep`, a preposition other
/// than "of" ends it ("by sources with ..." -> "sources").
pub fn np_fwd(s: &Sent, start: usize, stop_prep: bool) -> Option<Range<usize>> {
    let n = s.toks.len();
    let mut i = start;
    while i < n && i - start < 18 {
        let t = &s.toks[i];
        let l = t.low;
        if t.kind == TokenKind::Quote
            || t.kind == TokenKind::Punct && !matches!(t.low, "&" | "-" | "(" | ")")
        {
            break;
        }
        if i > start && informant_tail(s, i) {
            // Keep "familiar with the matter", "who spoke on condition ...".
            let mut j = i;
            while j < n && j - i < 14 {
                let t = &s.toks[j];
                if t.kind == TokenKind::Punct && t.low != "-" || t.kind == TokenKind::Quote {
                    break;
                }
                if j > i + 1 && s.has(j, cls::BOUNDARY) {
                    break;
                }
                j += 1;
            }
            i = j;
            break;
        }
        if t.has(cls::BOUNDARY | cls::AUX | cls::RELATIVE) {
            break;
        }
        if stop_prep && i > start && t.has(cls::PREPOSITION) && l != "of" {
            break;
        }
        // "by the regional powers took hold": a lowercase word after a
        // plural head is a verb.
        if stop_prep && i > start && t.is_word() && !t.capitalized() && l != "and" {
            let p = s.low(i - 1);
            if p.ends_with('s')
                && !p.ends_with("ss")
                && !s.toks[i - 1].capitalized()
                && !s.has(i - 1, cls::DETERMINER)
            {
                break;
            }
        }
        i += 1;
    }
    while i > start && (s.has(i - 1, cls::PREPOSITION | cls::DETERMINER) || s.low(i - 1) == "and") {
        i -= 1;
    }
    (i > start).then_some(start..i)
}

/// "familiar with", "with knowledge of", "close to the", "who spoke on
/// condition of anonymity" at token `i`.
fn informant_tail(s: &Sent, i: usize) -> bool {
    let l = s.low(i);
    if matches!(
        l,
        "who" | "familiar" | "knowledgeable" | "briefed" | "close" | "involved"
    ) {
        return l != "who" || (i..(i + 12).min(s.toks.len())).any(|k| marker_at(s, k));
    }
    s.has(i, cls::MARKER_FIRST)
        && ANONYMITY
            .markers
            .iter()
            .any(|m| m.first() == Some(&l) && s.words_at(i, m))
}

/// Whether an anonymity marker starts at token `k` (the class bit of its
/// first word spares most tokens the walk over the markers).
fn marker_at(s: &Sent, k: usize) -> bool {
    s.has(k, cls::MARKER_FIRST) && ANONYMITY.markers.iter().any(|m| s.words_at(k, m))
}

/// Whether a source phrase names an unnamed informant.
pub fn anonymous(s: &Sent, r: &Range<usize>) -> bool {
    if (r.start..r.end).any(|k| marker_at(s, k)) {
        return true;
    }
    // The head: the last word before a preposition, relative or comma.
    let mut head = None;
    for k in r.clone() {
        let t = &s.toks[k];
        let l = t.low;
        if k > r.start && (t.has(cls::PREPOSITION | cls::RELATIVE) || t.kind == TokenKind::Punct) {
            break;
        }
        if t.is_word() && l != "’s" && l != "'s" {
            head = Some(k);
        }
    }
    head.is_some_and(|h| s.has(h, cls::ANON_HEAD))
}

/// A source from token range `r` of the sentence. "they" right after
/// another source stands for it (its entity, its anonymity); so does "it"
/// after a source that is a known entity other than a person.
pub fn source(ctx: &Ctx, s: &Sent, r: Range<usize>) -> Option<ClaimSource> {
    if r.is_empty() || r.end > s.toks.len() {
        return None;
    }
    let range = s.span(r.start, r.end);
    let one = r.end - r.start == 1;
    let they = one && matches!(s.low(r.start), "they" | "them");
    let it = one && s.low(r.start) == "it";
    let (entity, anonymous) = match ctx.last_source.get() {
        Some((e, anon, at)) if they && at <= range.start && range.start - at < 1200 => (e, anon),
        // "Russia opposes X. It is also requesting Y": a country or an
        // organization named as the source just before.
        Some((Some(e), false, at))
            if it
                && at <= range.start
                && range.start - at < 600
                && ctx
                    .doc
                    .entities
                    .get(e)
                    .is_some_and(|x| x.kind != crate::doc::EntityType::Person) =>
        {
            (Some(e), false)
        }
        _ => (ctx.resolve(&range), anonymous(s, &r)),
    };
    ctx.last_source.set(Some((entity, anonymous, range.end)));
    Some(ClaimSource {
        entity,
        anonymous,
        range,
    })
}

/// Where the clause that starts at token `from` ends (exclusive): the
/// sentence end, a semicolon or dash, ", according to", ", adding",
/// "..., officials said" (an attribution after the clause), or "and" with a
/// new cue or stance verb.
pub fn clause_end(s: &Sent, from: usize) -> usize {
    clause_end_with(s, from, true)
}

/// [`clause_end`] for what was said: "and refused to ..." goes on with the
/// statement's own subject ("Police say he posed a threat and refused to
/// drop the gun"), so only a new cue ends it.
pub fn statement_end(s: &Sent, from: usize) -> usize {
    clause_end_with(s, from, false)
}

fn clause_end_with(s: &Sent, from: usize, stance: bool) -> usize {
    let n = s.toks.len();
    let mut j = from;
    while j < n {
        let t = &s.toks[j];
        if t.kind == TokenKind::Punct && matches!(t.low, ";" | "—" | "–") && j > from {
            return j;
        }
        if t.low == "," && j > from {
            let next = s.low(j + 1);
            // ", adding that ...": a new attribution.
            let participle = next.ends_with("ing") && cue_at(s, j + 1).is_some();
            if s.words_at(j + 1, &["according", "to"])
                || participle
                || postposed_after(s, j).is_some()
                || matches!(next, "and" | "but") && new_subject_clause(s, j + 2)
            {
                return j;
            }
        }
        if (t.low == "and" || t.low == "but") && j > from {
            let mut k = j + 1;
            while k < n && (adverb_like_tok(&s.toks[k]) || s.toks[k].has(cls::AUX)) {
                k += 1;
            }
            if (cue_at(s, k).is_some_and(|(_, l)| !WORDS.not_reporting.contains(l))
                && !s.low(k).ends_with("ing"))
                || stance && position_at(s, k).is_some_and(|f| !f.noun_too || k > j + 1)
                || new_subject_clause(s, j + 1)
            {
                return j;
            }
        }
        j += 1;
    }
    trim_end(s, from, n)
}

/// Whether a clause with its own subject and a cue or stance verb starts
/// at token `k` (", and Republicans want ...").
fn new_subject_clause(s: &Sent, k: usize) -> bool {
    let n = s.toks.len();
    let mut j = k;
    while j < n && j - k < 8 {
        if j > k
            && (cue_at(s, j).is_some_and(|(_, l)| l != "according to")
                || position_at(s, j).is_some_and(|f| !f.noun_too))
        {
            return np_back(s, skip_aux_back(s, j)).is_some_and(|np| np.start == k);
        }
        let t = &s.toks[j];
        if !t.is_word() || t.has(cls::BOUNDARY) {
            return false;
        }
        j += 1;
    }
    false
}

/// `end` moved back over a trailing time or setting ("on Tuesday", "in a
/// statement") and closing punctuation.
pub fn trim_tail(s: &Sent, from: usize, end: usize) -> usize {
    let mut end = trim_end(s, from, end);
    loop {
        let before = end;
        // Only days: "next week" and "in June" say when the thing happens.
        if end > from + 3 && s.has(end - 1, cls::DAY) {
            end -= 1;
            if end > from && s.low(end - 1) == "on" {
                end -= 1;
            }
        }
        for tail in [["in", "a", "statement"], ["in", "an", "interview"]] {
            if end >= from + 6 && s.words_at(end - 3, &tail) {
                end -= 3;
            }
        }
        end = trim_end(s, from, end);
        if end == before {
            return end;
        }
    }
}

/// `end` moved back over closing punctuation (not quote marks).
pub fn trim_end(s: &Sent, from: usize, mut end: usize) -> usize {
    while end > from {
        let t = &s.toks[end - 1];
        if t.kind == TokenKind::Punct
            && matches!(t.low, "." | "," | ";" | ":" | "!" | "?" | "—" | "–" | "-")
        {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

/// "..., Interfax reported." / "..., he said Tuesday." / "..., said the
/// spokesman.": an attribution after the comma at token `comma` that closes
/// the sentence. Returns the source tokens, the cue tokens and where the
/// attribution ends.
pub fn postposed_after(s: &Sent, comma: usize) -> Option<(Range<usize>, Range<usize>)> {
    let n = s.toks.len();
    let start = comma + 1;
    // "said X" inverted.
    if let Some((len, lemma)) = cue_at(s, start)
        && lemma != "according to"
        && !WORDS.not_reporting.contains(lemma)
    {
        let src = np_fwd(s, start + len, true)?;
        let first = s.toks.get(src.start)?;
        let l = first.low;
        if first.has(cls::OBJECT_PRONOUN)
            || first.has(cls::PRONOUN) && src.end > src.start + 1
            || first.has(cls::TIME | cls::PREPOSITION)
            || l == "reporters"
        {
            return None;
        }
        let appositive = s.toks.get(src.end).is_some_and(|t| t.low == ",");
        return (appositive || tail_is_empty(s, src.end)).then(|| (src, start..start + len));
    }
    let mut k = start;
    while k < n && k - start <= MAX_NP {
        if let Some((len, lemma)) = cue_at(s, k) {
            if lemma == "according to" || WORDS.not_reporting.contains(lemma) {
                return None;
            }
            let sub_end = skip_aux_back(s, k);
            let np = np_back(s, sub_end)?;
            if np.start != start {
                return None;
            }
            return tail_is_empty(s, k + len).then(|| (np, k..k + len));
        }
        let t = &s.toks[k];
        if t.kind == TokenKind::Punct || t.kind == TokenKind::Quote {
            return None;
        }
        k += 1;
    }
    None
}

/// Whether what follows token `from` adds no statement: the sentence end, or
/// time words and a prepositional phrase ("on Tuesday in a statement").
pub fn tail_is_empty(s: &Sent, from: usize) -> bool {
    let n = s.toks.len();
    let mut k = from;
    while k < n {
        let t = &s.toks[k];
        let l = t.low;
        if t.kind == TokenKind::Punct {
            return matches!(t.low, "." | "!" | "?") || t.low == "," && k + 1 >= n;
        }
        if t.kind == TokenKind::Quote {
            return k + 1 >= n || s.toks[k + 1..].iter().all(|t| t.kind != TokenKind::Word);
        }
        if k == from
            && !(t.has(cls::TIME | cls::PREPOSITION) || t.kind == TokenKind::Number)
            && !(t.capitalized() && t.has(cls::TIME))
        {
            return false;
        }
        if l == "that" {
            return false;
        }
        k += 1;
    }
    true
}

/// Skips time words and a short prepositional phrase after a cue, up to a
/// "that" if one comes before the clause ends ("said Tuesday in an
/// interview that ..."). `None` when the cue has no clause after it.
pub fn content_start(s: &Sent, mut i: usize, lemma: &str) -> Option<usize> {
    let n = s.toks.len();
    let w = &WORDS;
    if w.addressee.contains(lemma) {
        // "told reporters (on Monday) that", "warned Congress that".
        if let Some(k) = (i..(i + 10).min(n)).find(|&k| s.low(k) == "that")
            && (i..k).all(|j| s.toks[j].kind != TokenKind::Punct || s.toks[j].low == "-")
        {
            return Some(k + 1);
        }
        // "told reporters the plan ...", "told the host, “...”"
        let t = s.toks.get(i)?;
        if t.has(cls::OBJECT_PRONOUN) || t.is("reporters") || t.is("journalists") {
            i += 1;
        } else if (t.capitalized() || t.has(cls::DETERMINER))
            && let Some(obj) = np_fwd(s, i, true)
        {
            if obj.end - obj.start <= 5
                && s.toks
                    .get(obj.end)
                    .is_some_and(|u| matches!(u.low, "," | ":" | ".") || u.kind == TokenKind::Quote)
            {
                return None;
            }
            if lemma == "tell" && t.capitalized() {
                i = obj.end;
            }
        }
    }
    // Time words: "said Tuesday", "said on Monday", "said last week".
    let mut k = i;
    while k < n {
        let l = s.low(k);
        if s.has(k, cls::TIME)
            || (matches!(l, "on" | "last" | "this" | "late" | "early") && s.has(k + 1, cls::TIME))
        {
            k += 1;
        } else {
            break;
        }
    }
    i = k;
    let t = s.toks.get(i)?;
    if t.low == "that" {
        return Some(i + 1);
    }
    if t.low == "to" {
        // "agreed to clean up ...", "promised to ..."; not "said to the TV".
        let next = s.toks.get(i + 1)?;
        let pp = next.capitalized()
            || next.has(cls::DETERMINER | cls::OBJECT_PRONOUN)
            || next.is("reporters");
        if !pp {
            return Some(i);
        }
    }
    // "showed up at", "declined slightly from": no statement follows.
    if adverb_like_tok(t) && s.low(i + 1) == "that" {
        return Some(i + 2);
    }
    if matches!(t.low, "up" | "out" | "off" | "down" | "back" | "away") || adverb_like_tok(t) {
        return None;
    }
    if matches!(
        t.low,
        "as" | "while" | "after" | "before" | "because" | "since" | "during" | "until" | "than"
    ) {
        return None;
    }
    if t.has(cls::PREPOSITION) && t.low != "about" {
        // "said in a statement that ...": only with "that" before the clause ends.
        let mut k = i;
        while k < n && k - i < 9 {
            let u = &s.toks[k];
            if u.kind == TokenKind::Punct && u.low != "-" || u.kind == TokenKind::Quote {
                return None;
            }
            if u.low == "that" {
                return Some(k + 1);
            }
            k += 1;
        }
        return None;
    }
    if t.kind == TokenKind::Punct
        || t.kind == TokenKind::Quote && !t.quoted && quote_run_ahead(s, i)
    {
        return None;
    }
    Some(i)
}

/// Whether a quote mark at token `i` opens a quotation that runs on to the
/// end of the clause (a direct quote, the quote stage's).
fn quote_run_ahead(s: &Sent, i: usize) -> bool {
    let quoted = s.toks[i + 1..]
        .iter()
        .take_while(|t| t.kind != TokenKind::Quote)
        .count();
    let words = s.toks[i + 1..].iter().filter(|t| t.is_word()).count();
    quoted >= 4 || words > 0 && quoted * 10 >= words * 6
}
