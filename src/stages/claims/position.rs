//! Positions: an actor wants, seeks, demands, opposes, rejects, supports,
//! pursues, requests ... something (`data/claims/position_verbs.txt`).
//!
//! Rule `position.verb`: SUBJECT [bridge words] VERB WHAT. The range is what
//! is wanted (the clause after the verb), the key the actor and the verb as
//! written ("Russia continues to oppose"), the source the actor. A verb form
//! that is also a noun ("demands", "calls for") counts only after a name, a
//! pronoun or an auxiliary; a participle before "by" ("a plan backed by")
//! is not a stance. "... and seeks X" keeps the actor of the clause before
//! (`position.coordinated`).

use std::ops::Range;

use super::lex::cls;
use super::phrase::{clause_end, np_back, position_at, source};
use super::{Ctx, Sent};
use crate::doc::{Claim, ClaimKind, TokenKind};

/// The noun phrase that opens the sentence, when it is a name or starts
/// with a determiner.
fn initial_subject(s: &Sent) -> Option<Range<usize>> {
    let r = super::phrase::np_fwd(s, 0, true)?;
    let t = &s.toks[r.start];
    (t.capitalized() || t.has(cls::DETERMINER)).then_some(r)
}

/// Skips bridge words backward ("is also expected to", "continues to").
fn skip_bridge(s: &Sent, end: usize) -> usize {
    let mut i = end;
    while i > 0 {
        let t = &s.toks[i - 1];
        if t.is_word() && (t.has(cls::BRIDGE | cls::ADVERB) || super::phrase::adverb_like_tok(t)) {
            i -= 1;
        } else {
            break;
        }
    }
    i
}

pub fn find(ctx: &Ctx, s: &Sent, out: &mut Vec<Claim>) {
    // No stance verb starts at any word.
    if s.any & cls::POSITION_FIRST == 0 {
        return;
    }
    let n = s.toks.len();
    let mut last: Option<Range<usize>> = None;
    let mut i = 0;
    while i < n {
        let Some(f) = (!s.toks[i].quoted).then(|| position_at(s, i)).flatten() else {
            i += 1;
            continue;
        };
        let after = i + f.words.len();
        if s.low(after) == "by"
            || (i > 0 && s.toks[i - 1].kind == TokenKind::Punct && s.toks[i - 1].low == "-")
        {
            i = after;
            continue;
        }
        let sub_end = skip_bridge(s, i);
        // A bare infinitive ("his inability to resist") has no actor here;
        // "continues to", "is expected to" are bridges.
        if sub_end < i && (sub_end..i).any(|k| s.low(k) == "to") {
            let licensed = (sub_end..i).any(|k| {
                s.low(k + 1) == "to"
                    && matches!(
                        s.low(k),
                        "continue" | "continues" | "continued" | "expected"
                    )
            });
            if !licensed {
                i = after;
                continue;
            }
        }
        // Nouns: "Republican support was", "demands, ...".
        let next = s.toks.get(after);
        if f.noun_too
            && next.is_some_and(|t| {
                t.kind != TokenKind::Word
                    || t.has(cls::AUX)
                    || matches!(
                        t.low,
                        "such" | "of" | "who" | "that" | "which" | "and" | "or"
                    )
            })
        {
            i = after;
            continue;
        }
        if next.is_none_or(|t| t.kind == TokenKind::Punct || matches!(t.low, "and" | "but" | "or"))
        {
            i = after;
            continue;
        }
        let bridged = sub_end < i;
        let prev = if i > 0 { s.low(i - 1) } else { "" };
        if s.low(i).ends_with("ing") && !bridged && !matches!(prev, "," | "and" | "but") {
            i = after;
            continue;
        }
        let conj = sub_end > 0 && matches!(s.low(sub_end - 1), "and" | "but");
        let (subj, rule) = if conj && last.is_some() {
            (last.clone(), "position.coordinated")
        } else if conj {
            // "Mr. Trump has attacked X, and has called for Y": the subject
            // of the sentence.
            (initial_subject(s), "position.coordinated")
        } else {
            (np_back(s, sub_end), "position.verb")
        };
        let Some(subj) = subj else {
            i = after;
            continue;
        };
        // "Key demands remain": a lone capitalized first word is a name only
        // when the entity stage knows it.
        if f.noun_too
            && !bridged
            && subj.start == 0
            && subj.end == 1
            && !s.has(0, cls::PRONOUN)
            && ctx.resolve(&s.span(0, 1)).is_none()
        {
            i = after;
            continue;
        }
        if f.noun_too && !bridged && rule == "position.verb" {
            let head = &s.toks[subj.end - 1];
            let pronoun = head.has(cls::PRONOUN | cls::RELATIVE);
            if !(head.capitalized() || pronoun) || subj.end != i {
                i = after;
                continue;
            }
        }
        let ce = clause_end(s, after);
        let words = s.toks[after..ce.max(after)]
            .iter()
            .filter(|t| t.is_word())
            .count();
        if words >= 2
            && let Some(src) = source(ctx, s, subj.clone())
        {
            let key = if rule == "position.verb" {
                subj.start..after
            } else {
                i..after
            };
            out.push(Claim {
                kind: ClaimKind::Position,
                range: s.span(after, ce),
                key: s.span(key.start, key.end),
                source: Some(src),
                rule,
            });
        }
        last = Some(subj);
        i = after;
    }
}
