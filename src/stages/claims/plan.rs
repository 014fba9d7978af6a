//! Plans: named or specific plans, drafts, deals, agreements, proposals,
//! bills, ceasefires, zones, frameworks (`data/claims/plan_nouns.txt`).
//!
//! Rule `plan.noun`: a plan noun with modifiers before it ("a 20-point
//! draft plan", "a demilitarized or free economic zone") or a defining
//! phrase after it ("a bill designed to ...", "a plan to end the war"). A
//! bare "the plan" points back to one already named and gives no claim;
//! neither does a verb ("plans to", "to deal with"). The key is the
//! modifiers and the noun; the range runs from the noun phrase to the next
//! comma or the clause end. The source, when the sentence says it:
//! "backed by X" (`plan_by` participles), "X's plan", or the subject of a
//! verb like "proposed" right before the plan.

use std::ops::Range;

use super::lex::{PLAN_NOUN_PAIRS, cls};
use super::phrase::{clause_end, cue_at, np_back, np_fwd, position_at, skip_aux_back, source};
use super::{Ctx, Sent};
use crate::doc::{Claim, ClaimKind, ClaimSource, TokenKind};

/// Words after a plan noun that make it specific.
const POST: [&str; 10] = [
    "to", "that", "aimed", "designed", "calling", "for", "on", "between", "intended", "with",
];

/// The plan noun at token `i` and its length (one or two words).
fn noun_at(s: &Sent, i: usize) -> Option<usize> {
    let t = s.toks.get(i)?;
    if !t.is_word() {
        return None;
    }
    // Class bits and the few two-word nouns, not a `format!` and a set
    // lookup per token (a top entry of the claims profile).
    if t.has(cls::PLAN_FIRST)
        && let Some(u) = s.toks.get(i + 1)
        && PLAN_NOUN_PAIRS
            .iter()
            .any(|(a, b)| *a == t.low && *b == u.low)
    {
        return Some(2);
    }
    t.has(cls::PLAN_NOUN).then_some(1)
}

/// Whether token `k` can modify a plan noun.
fn modifier(s: &Sent, k: usize) -> bool {
    let t = &s.toks[k];
    let l = t.low;
    match t.kind {
        TokenKind::Number => true,
        TokenKind::Punct => t.low == "-",
        TokenKind::Quote => false,
        TokenKind::Word => {
            !(t.has(
                cls::BOUNDARY
                    | cls::AUX
                    | cls::PREPOSITION
                    | cls::PRONOUN
                    | cls::RELATIVE
                    | cls::ADVERB,
            ) || t.has(cls::OBJECT_PRONOUN) && l != "her"
                || super::phrase::adverb_like_tok(t)
                || cue_at(s, k).is_some() && !l.ends_with("ed")
                || position_at(s, k).is_some() && !l.ends_with("ed"))
        }
    }
}

pub fn find(ctx: &Ctx, s: &Sent, out: &mut Vec<Claim>) {
    let n = s.toks.len();
    // A title-case line (a headline) has no phrase edges to read; a
    // sentence without a plan noun has nothing to find.
    if s.title || s.any & (cls::PLAN_NOUN | cls::PLAN_FIRST) == 0 {
        return;
    }
    let mut i = 0;
    while i < n {
        if !s.has(i, cls::PLAN_NOUN | cls::PLAN_FIRST) {
            i += 1;
            continue;
        }
        let Some(len) = noun_at(s, i) else {
            i += 1;
            continue;
        };
        let noun_end = i + len;
        let next = s.low(noun_end);
        // A modifier of another plan noun ("draft plan"), or part of a name
        // ("Treaty Organization").
        if noun_at(s, noun_end).is_some()
            || s.toks[i].capitalized() && s.toks.get(noun_end).is_some_and(|t| t.capitalized())
        {
            i = noun_end;
            continue;
        }
        // Verbs: "to draft", "plans to", "offers to".
        let prev = if i > 0 { s.low(i - 1) } else { "" };
        let possessive = matches!(prev, "’s" | "'s");
        if prev == "to"
            || i > 0 && s.has(i - 1, cls::AUX) && !possessive
            || s.toks[i].low.ends_with('s')
                && next == "to"
                && !(i > 0 && s.has(i - 1, cls::DETERMINER))
                && !possessive
        {
            i = noun_end;
            continue;
        }
        // Modifiers before the noun, back to a determiner.
        let mut k = i;
        let mut det = None;
        while k > 0 && i - k < 8 {
            let p = &s.toks[k - 1];
            let l = p.low;
            if p.is_word() && p.has(cls::DETERMINER) {
                det = Some(k - 1);
                break;
            }
            if matches!(l, "’s" | "'s") && k >= 2 {
                k -= 1;
                continue;
            }
            if (l == "or" || l == "and") && k >= 2 && k < i && modifier(s, k - 2) {
                k -= 1;
                continue;
            }
            if !modifier(s, k - 1) || noun_at(s, k - 1).is_some() && k == i && l.ends_with('s') {
                break;
            }
            k -= 1;
        }
        // Without a determiner, a leading participle is likely a verb ("signed deals").
        if det.is_none() {
            while k < i && (s.low(k).ends_with("ed") || s.low(k).ends_with("ing")) {
                k += 1;
            }
        }
        while k < i && matches!(s.low(k), "-" | "or" | "and") {
            k += 1;
        }
        let has_mod = (k..i).any(|j| s.toks[j].is_word() || s.toks[j].kind == TokenKind::Number);
        let post = (POST.contains(&next)
            || s.has(noun_end, cls::PLAN_BY) && s.low(noun_end + 1) == "by")
            && !(next == "to" && s.has(noun_end + 1, cls::DETERMINER));
        if !has_mod && !post {
            i = noun_end;
            continue;
        }
        let start = det.unwrap_or(k);
        // The phrase: to the next comma or the clause end.
        let ce = clause_end(s, noun_end);
        let end = (noun_end..ce)
            .find(|&j| s.toks[j].low == ",")
            .unwrap_or(ce)
            .max(noun_end);
        let key: Range<usize> = if has_mod {
            k..noun_end
        } else {
            i..end.min(noun_end + 6)
        };
        let src = plan_source(ctx, s, start, k..i, noun_end..end);
        out.push(Claim {
            kind: ClaimKind::Plan,
            range: s.span(start, end),
            key: s.span(key.start, key.end),
            source: src,
            rule: "plan.noun",
        });
        i = noun_end;
    }
}

/// Who backs the plan, when the sentence says it.
fn plan_source(
    ctx: &Ctx,
    s: &Sent,
    start: usize,
    mods: Range<usize>,
    after: Range<usize>,
) -> Option<ClaimSource> {
    // "backed by U.S. and Ukrainian officials"
    for j in after.clone() {
        if s.has(j, cls::PLAN_BY)
            && s.low(j + 1) == "by"
            && let Some(r) = np_fwd(s, j + 2, true)
        {
            return source(ctx, s, r);
        }
        if s.words_at(j, &["put", "forward", "by"])
            && let Some(r) = np_fwd(s, j + 3, true)
        {
            return source(ctx, s, r);
        }
    }
    // "Trump's plan"
    if let Some(p) = mods.clone().find(|&j| matches!(s.low(j), "’s" | "'s")) {
        if p > start {
            return source(ctx, s, start..p);
        }
        if let Some(r) = np_back(s, p) {
            return source(ctx, s, r);
        }
    }
    // "X proposed a plan", "X has unveiled a bill"
    if start > 0 && s.has(start - 1, cls::PLAN_VERB) {
        let sub_end = skip_aux_back(s, start - 1);
        if let Some(r) = np_back(s, sub_end) {
            return source(ctx, s, r);
        }
    }
    None
}
