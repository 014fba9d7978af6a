//! Terms: coined or quoted terms (`data/claims/terms.txt`).
//!
//! Rules: `term.quoted` takes the quote stage's `quoted_terms` (quoted runs
//! judged not speech); `term.what_call` reads "what X call(s) [the] “T”"
//! and takes X as the source; `term.intro` reads "so-called T", "known as
//! “T”", "dubbed “T”". The key is the term without its quote marks; the
//! range is its sentence, and reaches over the next sentence when that one
//! says what the term means ("Under that proposal, ...").

use super::lex::{TERMS, cls};
use super::phrase::{source, trim_end};
use super::{Ctx, Sent};
use crate::doc::{Claim, ClaimKind, ClaimSource, TokenKind};
use std::ops::Range;

/// A term starting at token `i`: a quoted run, or up to four words without
/// marks (capitalized, or lowercase up to a function word). Returns the
/// token range of the term's words.
fn term_at(s: &Sent, mut i: usize) -> Option<Range<usize>> {
    let n = s.toks.len();
    if matches!(s.low(i), "the" | "a" | "an") {
        i += 1;
    }
    let t = s.toks.get(i)?;
    if t.kind == TokenKind::Quote {
        let a = i + 1;
        let mut b = a;
        while b < n && s.toks[b].kind != TokenKind::Quote && b - a < 12 {
            b += 1;
        }
        if b >= n || s.toks[b].kind != TokenKind::Quote {
            return None;
        }
        let b = trim_end(s, a, b);
        return (b > a).then_some(a..b);
    }
    let mut b = i;
    while b < n && b - i < 4 {
        let u = &s.toks[b];
        let l = u.low;
        if !(u.is_word() || u.low == "-")
            || u.has(cls::BOUNDARY | cls::PREPOSITION | cls::AUX)
            || l == "and"
        {
            break;
        }
        b += 1;
    }
    (b > i).then_some(i..b)
}

/// The sentence holding byte offset `at`.
fn sent_of(sents: &[Sent], at: usize) -> Option<usize> {
    let k = sents.partition_point(|s| s.toks.last().is_none_or(|t| t.range.end <= at));
    (k < sents.len()).then_some(k)
}

/// The term claim's range: its sentence, with the next one when that one
/// glosses the term.
fn range_of(sents: &[Sent], k: usize) -> Range<usize> {
    let s = &sents[k];
    let n = s.toks.len();
    let mut r = s.span(0, trim_end(s, 0, n));
    if let Some(next) = sents.get(k + 1)
        && next.index == s.index + 1
        && TERMS.gloss.iter().any(|g| next.words_at(0, g))
    {
        let m = next.toks.len();
        r.end = next.span(0, trim_end(next, 0, m)).end;
    }
    r
}

/// "what X call" right before token `at`: X.
fn what_call_source(ctx: &Ctx, s: &Sent, at: usize) -> Option<ClaimSource> {
    let lo = at.saturating_sub(10);
    let w = (lo..at).rev().find(|&k| s.low(k) == "what")?;
    let verb = call_after(s, w)?;
    (verb < at).then(|| source(ctx, s, w + 1..verb)).flatten()
}

/// In "what X call(s)" with "what" at token `w`: the index of the verb.
fn call_after(s: &Sent, w: usize) -> Option<usize> {
    let v = (w + 2..(w + 8).min(s.toks.len())).find(|&k| s.has(k, cls::CALL))?;
    (w + 1..v).all(|k| s.toks[k].is_word()).then_some(v)
}

pub fn find(ctx: &Ctx, sents: &[Sent], out: &mut Vec<Claim>) {
    let mut keys: Vec<Range<usize>> = Vec::new();
    let text = ctx.doc.text;
    for r in &ctx.doc.quoted_terms {
        // The words inside the marks, without a comma or stop the text
        // puts inside them (“Anchorage understandings,”).
        let Some(inner) = text.get(r.clone()) else {
            continue;
        };
        let lead = inner.len() - inner.trim_start().len();
        let kept = inner
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':'))
            .len();
        if kept <= lead {
            continue;
        }
        let r = &(r.start + lead..r.start + kept);
        let Some(k) = sent_of(sents, r.start) else {
            continue;
        };
        let s = &sents[k];
        if s.toks.first().is_none_or(|t| t.range.start > r.start) {
            continue;
        }
        let first = s.toks.partition_point(|t| t.range.start < r.start);
        let src = what_call_source(ctx, s, first);
        keys.push(r.clone());
        out.push(Claim {
            kind: ClaimKind::Term,
            range: range_of(sents, k),
            key: r.clone(),
            source: src,
            rule: "term.quoted",
        });
    }
    for (k, s) in sents.iter().enumerate() {
        // Neither "what" nor the first word of an intro phrase.
        if s.any & (cls::WHAT | cls::INTRO_FIRST) == 0 {
            continue;
        }
        let n = s.toks.len();
        for i in 0..n {
            // "what officials call the “Anchorage understandings”"
            let mut found: Option<(Range<usize>, Option<ClaimSource>, &'static str)> = None;
            if s.has(i, cls::WHAT)
                && let Some(v) = call_after(s, i)
                && let Some(t) = term_at(s, v + 1)
            {
                found = Some((t, source(ctx, s, i + 1..v), "term.what_call"));
            }
            if found.is_none()
                && s.has(i, cls::INTRO_FIRST)
                && let Some(intro) = TERMS.intro.iter().find(|p| s.words_at(i, p))
            {
                let at = i + intro.len();
                let quoted = s.toks.get(at).is_some_and(|t| t.kind == TokenKind::Quote)
                    || s.toks
                        .get(at + 1)
                        .is_some_and(|t| t.kind == TokenKind::Quote);
                // Only "so-called" may introduce a term without marks.
                if (quoted || intro == &["so-called"])
                    && let Some(t) = term_at(s, at)
                {
                    found = Some((t, None, "term.intro"));
                }
            }
            let Some((t, src, rule)) = found else {
                continue;
            };
            let key = s.span(t.start, t.end);
            if keys.iter().any(|r| r.start < key.end && key.start < r.end) {
                continue;
            }
            keys.push(key.clone());
            out.push(Claim {
                kind: ClaimKind::Term,
                range: range_of(sents, k),
                key,
                source: src,
                rule,
            });
        }
    }
}
