//! Reported statements: what the article attributes without quoting.
//!
//! Rules (ids in `rule`):
//! - `reported.cue`: "X said (that) CONTENT", "X told reporters CONTENT",
//!   "X confirmed that CONTENT"; "... and said CONTENT" and ", adding that
//!   CONTENT" keep the subject of the clause before.
//! - `reported.postposed`: "CONTENT, X said." and "CONTENT, said X."
//! - `reported.according_to`: "According to X, CONTENT", "CONTENT,
//!   according to X", "A, according to X, B".
//! - `reported.passive`: "Y was credited by sources with ...", "seen by
//!   many analysts as ...": the source follows "by".
//!
//! The claim's range is the content, what was said; `key` is the
//! attribution as written ("Interfax reported", "according to people
//! familiar with the matter"). A clause inside a quotation is the quote
//! stage's, and a cue with no clause after it ("...,” she said.") gives no
//! claim.

use std::ops::Range;

use super::lex::{WORDS, cls};
use super::phrase::{
    anonymous, content_start, cue_at, np_back, np_fwd, position_at, postposed_after, skip_aux_back,
    source, statement_end, tail_is_empty, trim_tail,
};
use super::{Ctx, Sent};
use crate::doc::{Claim, ClaimKind, TokenKind};

/// Fewest words a statement has.
const MIN_WORDS: usize = 3;

fn words(s: &Sent, a: usize, b: usize) -> usize {
    s.toks[a.min(b)..b.min(s.toks.len())]
        .iter()
        .filter(|t| t.is_word() || t.kind == TokenKind::Number)
        .count()
}

fn push(
    ctx: &Ctx,
    s: &Sent,
    content: Range<usize>,
    key: Range<usize>,
    src: Range<usize>,
    rule: &'static str,
    out: &mut Vec<Claim>,
) {
    let mut content = content.start..trim_tail(s, content.start, content.end);
    while content.start < content.end && s.toks[content.start].kind == TokenKind::Punct {
        content.start += 1;
    }
    if words(s, content.start, content.end) < MIN_WORDS {
        return;
    }
    // A direct quotation is the quote stage's.
    if s.toks
        .get(content.start)
        .is_some_and(|t| t.kind == TokenKind::Quote)
        && s.toks
            .get(content.end.saturating_sub(1))
            .is_some_and(|t| t.kind == TokenKind::Quote)
    {
        return;
    }
    let between = src.end..key.end.max(src.end);
    let Some(mut source) = source(ctx, s, src) else {
        return;
    };
    // "A senior regulator, who asked not to be named, said"
    if !source.anonymous && between.end > between.start && anonymous(s, &between) {
        source.anonymous = true;
    }
    out.push(Claim {
        kind: ClaimKind::Reported,
        range: s.span(content.start, content.end),
        key: s.span(key.start, key.end),
        source: Some(source),
        rule,
    });
}

/// Whether token `k` follows a closing quote mark after a comma in a
/// sentence that does not open with a quote: the end of a statement that
/// quotes only its last words (a mixed quote), its attribution after it.
fn mixed_close(s: &Sent, k: usize) -> bool {
    k >= 2
        && s.toks[k - 1].kind == TokenKind::Quote
        && s.toks[k - 2].low == ","
        && s.toks
            .first()
            .is_some_and(|t| t.kind != TokenKind::Quote && !t.quoted)
        && s.toks
            .get(1..k - 2)
            .is_some_and(|ts| ts.iter().any(|t| t.kind == TokenKind::Quote))
}

/// Whether a present-tense cue agrees with its subject: "sources say",
/// "Interfax reports", but not "Russian state news" (a noun). Past forms
/// and cues after an auxiliary always agree.
fn agrees(s: &Sent, subj: &Range<usize>, form: &str, lemma: &str) -> bool {
    if lemma.contains(' ') || (form != lemma && !form.ends_with('s')) {
        return true;
    }
    let head = s.low(subj.end.saturating_sub(1));
    let pronoun_plural = matches!(head, "they" | "we" | "i" | "you");
    let plural = pronoun_plural
        || s.has(subj.end.saturating_sub(1), cls::PLURAL)
        || (head.ends_with('s')
            && !head.ends_with("ss")
            && !head.ends_with("’s")
            && !head.ends_with("'s"))
        || (subj.start..subj.end).any(|k| s.low(k) == "and");
    if form == lemma {
        plural
    } else {
        !pronoun_plural && !(subj.start..subj.end).any(|k| s.low(k) == "and")
    }
}

/// The subject noun phrase read forward from the sentence start ("The
/// Republican National Committee is filing ..., claiming that").
fn initial_subject(s: &Sent) -> Option<Range<usize>> {
    let r = np_fwd(s, 0, true)?;
    let t = &s.toks[r.start];
    (t.capitalized() || t.has(cls::DETERMINER)).then_some(r)
}

/// "Poll: Voters Abandon Party": a headline that opens with its source and
/// a colon.
fn headline_colon(ctx: &Ctx, s: &Sent, out: &mut Vec<Claim>) {
    let Some(h) = &ctx.doc.headline else {
        return;
    };
    let Some(first) = s.toks.first() else {
        return;
    };
    if !(h.start <= first.range.start && first.range.start < h.end) {
        return;
    }
    let Some(colon) = s.toks.iter().take(7).position(|t| t.low == ":") else {
        return;
    };
    if colon == 0 || !s.toks[..colon].iter().all(|t| t.is_word()) || !first.capitalized() {
        return;
    }
    push(
        ctx,
        s,
        colon + 1..s.toks.len(),
        0..colon + 1,
        0..colon,
        "reported.headline_colon",
        out,
    );
}

pub fn find(ctx: &Ctx, s: &Sent, out: &mut Vec<Claim>) {
    let n = s.toks.len();
    headline_colon(ctx, s, out);
    // No "according to", passive or cue verb: nothing more to find.
    if s.any & (cls::ACCORDING | cls::PASSIVE | cls::CUE_FIRST) == 0 {
        return;
    }
    let mut last_src: Option<Range<usize>> = None;
    let mut i = 0;
    while i < n {
        // Quoted words, and words that start no rule below.
        if s.toks[i].quoted || !s.has(i, cls::ACCORDING | cls::PASSIVE | cls::CUE_FIRST) {
            i += 1;
            continue;
        }
        if s.has(i, cls::ACCORDING) && s.words_at(i, &["according", "to"]) {
            i = according_to(ctx, s, i, out);
            continue;
        }
        if s.has(i, cls::PASSIVE)
            && s.low(i + 1) == "by"
            && i > 0
            && let Some(done) = passive(ctx, s, i, out)
        {
            i = done;
            continue;
        }
        let Some((len, lemma)) = cue_at(s, i) else {
            i += 1;
            continue;
        };
        let after = i + len;
        if WORDS.not_reporting.contains(lemma)
            || s.low(after) == "not"
            || position_at(s, i).is_some()
            || s.low(after) == "by"
            || s.low(after) == "for"
            || (i > 0 && s.low(i - 1) == "to")
        {
            i = after;
            continue;
        }
        let form = s.low(i);
        // "Health worries have dogged", "any criminal charges might": a
        // present form before an auxiliary is a noun.
        if (form == lemma || form.ends_with('s'))
            && !(i > 0 && s.has(i - 1, cls::PRONOUN))
            && s.toks
                .get(after)
                .is_some_and(|t| t.has(cls::AUX) && !matches!(t.low, "’s" | "'s"))
        {
            i = after;
            continue;
        }
        let prev = i.checked_sub(1).map(|k| s.toks[k].low).unwrap_or("");
        // ", said the spokesman." (inverted)
        if (prev == "," || i > 0 && mixed_close(s, i))
            && !form.ends_with("ing")
            && let Some((src, cue)) = postposed_after(s, i - 1)
        {
            let content = if prev == "," { 0..i - 1 } else { 0..i };
            push(
                ctx,
                s,
                content,
                cue.start..src.end.max(cue.end),
                src,
                "reported.postposed",
                out,
            );
            i = after;
            continue;
        }
        let sub_end = skip_aux_back(s, i);
        let conj = sub_end > 0 && matches!(s.low(sub_end - 1), "and" | "but");
        // "the activist seeking", "only reporting": a participle, not a verb.
        if form.ends_with("ing") && sub_end == i && prev != "," && !conj {
            i = after;
            continue;
        }
        let subj = if form.ends_with("ing") && (prev == "," || conj) {
            last_src.clone().or_else(|| initial_subject(s))
        } else if conj && last_src.is_some() {
            last_src.clone()
        } else {
            np_back(s, sub_end)
        };
        let Some(subj) = subj else {
            i = after;
            continue;
        };
        if sub_end == i && !agrees(s, &subj, form, lemma) {
            i = after;
            continue;
        }
        // "what officials call the ..." is a term, not a statement.
        if lemma == "call" && subj.start > 0 && s.low(subj.start - 1) == "what" {
            i = after;
            continue;
        }
        let key = if subj.end <= i {
            subj.start..after
        } else {
            i..after
        };
        if let Some(cs) = content_start(s, after, lemma) {
            let ce = statement_end(s, cs);
            push(ctx, s, cs..ce, key, subj.clone(), "reported.cue", out);
        } else if subj.start > 0 && mixed_close(s, subj.start) {
            // 'Not paying taxes “makes me smart,” Trump said.'
            if tail_is_empty(s, after) {
                push(
                    ctx,
                    s,
                    0..subj.start,
                    key,
                    subj.clone(),
                    "reported.postposed",
                    out,
                );
            }
        } else if subj.start > 0 && s.toks[subj.start - 1].low == "," {
            // "A, officials said." / "A, experts say, including B": the
            // statement is before; "A, he said, B": it is the sentence.
            let next = s.toks.get(after);
            let tail = next.is_some_and(|t| t.low == ",")
                && s.toks.get(after + 1).is_some_and(|t| {
                    t.is_word() && (t.low.ends_with("ing") || t.has(cls::CLAUSE_OPENER))
                });
            if tail_is_empty(s, after) || tail {
                push(
                    ctx,
                    s,
                    0..subj.start - 1,
                    key,
                    subj.clone(),
                    "reported.postposed",
                    out,
                );
            } else if next.is_some_and(|t| t.low == ",")
                && s.toks
                    .get(after + 1)
                    .is_some_and(|t| t.kind != TokenKind::Quote)
                && s.toks.first().is_some_and(|t| t.kind != TokenKind::Quote)
            {
                // Each side of five words or more is a part of the
                // statement (as PolNeAR marks them); a short side ("The
                // average benefit, it says, would be $300") joins the other.
                let before = 0..subj.start - 1;
                let rest = after + 1..statement_end(s, after + 1);
                let (b, r) = (
                    words(s, before.start, before.end),
                    words(s, rest.start, rest.end),
                );
                if b >= 5 && r >= 5 {
                    push(
                        ctx,
                        s,
                        before,
                        key.clone(),
                        subj.clone(),
                        "reported.parenthetical",
                        out,
                    );
                    push(
                        ctx,
                        s,
                        rest,
                        key,
                        subj.clone(),
                        "reported.parenthetical",
                        out,
                    );
                } else {
                    push(
                        ctx,
                        s,
                        0..rest.end,
                        key,
                        subj.clone(),
                        "reported.parenthetical",
                        out,
                    );
                }
            }
        }
        last_src = Some(subj);
        i = after;
    }
}

/// "according to X" at token `i`; returns where to go on.
fn according_to(ctx: &Ctx, s: &Sent, i: usize, out: &mut Vec<Claim>) -> usize {
    let n = s.toks.len();
    let Some(src) = np_fwd(s, i + 2, false) else {
        return i + 2;
    };
    let key = i..src.end;
    let next = s.toks.get(src.end).map_or("", |t| t.low);
    let lead = (0..i).all(|k| !s.toks[k].is_word() || k + 1 == i && s.toks[k].low == "and");
    if lead {
        if next == "," {
            let ce = statement_end(s, src.end + 1);
            push(
                ctx,
                s,
                src.end + 1..ce,
                key,
                src.clone(),
                "reported.according_to",
                out,
            );
        }
    } else if i > 0 && s.toks[i - 1].low == "," {
        if next == "," {
            // "A, according to X, B": the whole sentence.
            push(ctx, s, 0..n, key, src.clone(), "reported.according_to", out);
        } else {
            push(
                ctx,
                s,
                0..i - 1,
                key,
                src.clone(),
                "reported.according_to",
                out,
            );
        }
    } else {
        push(ctx, s, 0..i, key, src.clone(), "reported.according_to", out);
    }
    src.end
}

/// "... was credited by sources with ...": the sentence, sourced to the
/// agent after "by". `None` when the agent is not a source.
fn passive(ctx: &Ctx, s: &Sent, i: usize, out: &mut Vec<Claim>) -> Option<usize> {
    let src = np_fwd(s, i + 2, true)?;
    let named = ctx.resolve(&s.span(src.start, src.end)).is_some();
    if !named && !super::phrase::anonymous(s, &src) {
        return None;
    }
    // The clause: from the sentence start (or the last semicolon) on.
    let start = (0..i)
        .rev()
        .find(|&k| matches!(s.toks[k].low, ";" | "—"))
        .map_or(0, |k| k + 1);
    let end = statement_end(s, src.end);
    push(
        ctx,
        s,
        start..end,
        i..src.end,
        src.clone(),
        "reported.passive",
        out,
    );
    Some(src.end)
}
