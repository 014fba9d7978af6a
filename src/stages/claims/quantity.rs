//! Figures with what they measure (`data/claims/units.txt`).
//!
//! Rules: `quantity.percent` ("24 percent of the contributors", "90%
//! done"), `quantity.money` ("$200 or less", "$9.5 billion"),
//! `quantity.duration` ("for two hours", "at least five years"),
//! `quantity.count` ("5,300 employees", "Twenty-nine people", "ages 55 to
//! 65"), `quantity.years` ("from 1919 to 1921"),
//! `quantity.ordinal_time` ("now in its fourth year", "his first full
//! day"), `quantity.fraction` ("nearly a third of those"). Years, dates and
//! clock times are not figures; nor is "one" without a unit ("one of the").
//!
//! The key is the figure with its qualifier, unit and what it counts; the
//! range is the clause around it (between commas, semicolons, dashes and
//! quote marks). A figure carries no source of its own: when it stands in a
//! reported statement, that statement's claim (whose range holds the
//! figure's) carries the source, so that one statement counts once.

use super::lex::{UNITS, cls};
use super::{Ctx, Sent, Tok};
use crate::doc::{Claim, ClaimKind, TokenKind};

fn spelled(l: &str) -> bool {
    let u = &UNITS;
    !l.is_empty() && l.split('-').all(|p| u.number.contains(p))
}

/// [`spelled`] of a token's word: a class bit unless it has a hyphen.
fn spelled_tok(t: &Tok) -> bool {
    if t.has(cls::HYPHEN) {
        spelled(t.low)
    } else {
        t.has(cls::U_NUMBER)
    }
}

fn multiplier(l: &str) -> bool {
    l.strip_suffix("fold").is_some_and(|p| {
        spelled(p.trim_end_matches('-'))
            || p.trim_end_matches('-').chars().all(|c| c.is_ascii_digit()) && !p.is_empty()
    })
}

/// A lowercase word that can be what a figure counts ("employees").
fn noun_like(s: &Sent, k: usize) -> bool {
    let Some(t) = s.toks.get(k) else {
        return false;
    };
    let l = t.low;
    if t.capitalized() && k + 1 < s.toks.len() && !s.toks[k + 1].capitalized() {
        // "10 American workers"
        return k > 0 && noun_like(s, k + 1);
    }
    t.is_word()
        && !t.capitalized()
        && !(t.has(
            cls::BOUNDARY
                | cls::AUX
                | cls::PREPOSITION
                | cls::DETERMINER
                | cls::PRONOUN
                | cls::OBJECT_PRONOUN
                | cls::RELATIVE
                | cls::ADVERB
                | cls::TIME,
        ) || l == "and"
            || matches!(l, "next" | "last")
            || super::phrase::adverb_like_tok(t)
            || super::phrase::cue_at(s, k).is_some() && (!l.ends_with('s') || l == "says"))
}

fn year(txt: &str) -> bool {
    txt.len() == 4 && txt.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
}

/// Whether a number token is a year, a date part or a clock time.
fn date_like(s: &Sent, i: usize) -> bool {
    let t = &s.toks[i];
    let txt = t.low;
    if txt.contains([':', '/'])
        || txt.matches('-').count() >= 1 && txt.chars().filter(|c| c.is_ascii_digit()).count() >= 6
    {
        return true;
    }
    let next = s.low(i + 1);
    if i > 0 && s.has(i - 1, cls::U_MONTH)
        || s.has(i + 1, cls::U_MONTH)
        || s.has(i + 2, cls::U_MONTH) && next == ","
    {
        return true;
    }
    if matches!(next, "a.m." | "p.m." | "am" | "pm" | "a.m" | "p.m") {
        return true;
    }
    let year = txt.len() == 4
        && txt.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
        && !(i > 0 && s.has(i - 1, cls::U_SYMBOL));
    year && !s.has(i + 1, cls::U_SCALE | cls::U_PERCENT | cls::U_CURRENCY)
}

pub fn find(_ctx: &Ctx, s: &Sent, out: &mut Vec<Claim>) {
    // No word or number that could start a figure.
    if s.any & cls::FIGURE == 0 {
        return;
    }
    let n = s.toks.len();
    let u = &UNITS;
    let mut i = 0;
    while i < n {
        let t = &s.toks[i];
        let l = t.low;
        // Most tokens cannot start a figure (a money sign, a year, a
        // number, a number word, fraction or ordinal, "one"): checked first,
        // from the class bits, as this loop runs over every token.
        if !t.has(cls::FIGURE) {
            i += 1;
            continue;
        }
        let money_sign = t.kind == TokenKind::Punct
            && t.has(cls::U_SYMBOL)
            && s.toks
                .get(i + 1)
                .is_some_and(|x| x.kind == TokenKind::Number);
        // "from 1919 to 1921": a span of years.
        if year(t.low)
            && matches!(s.low(i + 1), "to" | "through" | "until" | "-" | "–")
            && s.toks.get(i + 2).is_some_and(|u| year(u.low))
        {
            let start = if i > 0 && matches!(s.low(i - 1), "from" | "between") {
                i - 1
            } else {
                i
            };
            let (a, b) = clause_around(s, start, i + 3);
            out.push(Claim {
                kind: ClaimKind::Quantity,
                range: s.span(a, b),
                key: s.span(start, i + 3),
                source: None,
                rule: "quantity.years",
            });
            i += 3;
            continue;
        }
        let number = t.kind == TokenKind::Number && !date_like(s, i);
        let word_num = t.is_word() && (spelled_tok(t) || multiplier(l)) && l != "one";
        let fraction = t.is_word()
            && t.has(cls::U_FRACTION)
            && i > 0
            && matches!(s.low(i - 1), "a" | "one" | "two")
            && s.low(i + 1) == "of";
        let ordinal = t.is_word() && t.has(cls::U_ORDINAL) && !fraction;
        if !(money_sign
            || number
            || word_num
            || ordinal
            || fraction
            || l == "one" && s.has(i + 1, cls::U_TIME))
        {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if money_sign {
            j = i + 2;
        }
        let mut rule = "quantity.count";
        if ordinal {
            // "fourth year", "first full day"
            let unit = if s.has(i + 1, cls::U_TIME) && !s.has(i + 1, cls::U_ORDINAL) {
                Some(i + 2)
            } else if noun_like(s, i + 1) && s.has(i + 2, cls::U_TIME) {
                Some(i + 3)
            } else {
                None
            };
            let Some(e) = unit else {
                i += 1;
                continue;
            };
            // "the second quarter" is a time; "the second round" too.
            j = e;
            rule = "quantity.ordinal_time";
        } else if fraction {
            j = i + 1;
            rule = "quantity.fraction";
        } else {
            // Scale, ranges, units.
            if s.has(j, cls::U_SCALE) {
                j += 1;
            }
            if matches!(s.low(j), "to" | "and" | "-" | "or")
                && !u.after.iter().any(|a| s.words_at(j, a))
            {
                let k = j + 1;
                let sign = s.has(k, cls::U_SYMBOL);
                let k2 = if sign { k + 1 } else { k };
                if s.toks
                    .get(k2)
                    .is_some_and(|x| x.kind == TokenKind::Number || spelled_tok(x))
                {
                    j = k2 + 1;
                    if s.has(j, cls::U_SCALE) {
                        j += 1;
                    }
                }
            }
            if money_sign {
                rule = "quantity.money";
            }
            if s.words_at(j, &["per", "cent"]) || s.words_at(j, &["percentage", "points"]) {
                j += 2;
                rule = "quantity.percent";
            } else if s.has(j, cls::U_PERCENT) && !matches!(s.low(j), "point" | "points") {
                j += 1;
                rule = "quantity.percent";
            } else if s.has(j, cls::U_CURRENCY) {
                j += 1;
                rule = "quantity.money";
            } else if s.has(j, cls::U_TIME) {
                j += 1;
                rule = "quantity.duration";
            }
            if let Some(a) = u.after.iter().find(|a| s.words_at(j, a)) {
                j += a.len();
            }
            let ranged = j > i + 2 && !money_sign || j > i + 3;
            if rule == "quantity.count" && ranged {
                // "ages 55 to 65": a range is a figure on its own.
            } else if rule == "quantity.count"
                && word_num
                && s.low(j) == "of"
                && matches!(
                    l,
                    "hundreds" | "thousands" | "millions" | "billions" | "dozens"
                )
            {
                // "thousands of its citizens": counted below.
            } else if rule == "quantity.count" {
                // A count needs what it counts: "5,300 employees", "two hours".
                if (!noun_like(s, j)
                    || (word_num && (s.low(j).ends_with("ed") || s.low(j).ends_with("ing"))))
                    && !(number
                        && !money_sign
                        && (s.has(i + 1, cls::U_SCALE) || t.low.contains(['.', ','])))
                {
                    i = j.max(i + 1);
                    continue;
                }
            }
        }
        // What it measures: "of the contributors", or up to two words.
        if s.low(j) == "of" {
            let mut k = j + 1;
            if s.has(k, cls::DETERMINER) || matches!(s.low(k), "those" | "them" | "its" | "their") {
                k += 1;
            }
            let mut m = k;
            while m < n
                && m - k < 2
                && !(m > k && s.low(m).ends_with("ed"))
                && (noun_like(s, m) || matches!(s.low(m), "’s" | "'s") || s.toks[m].capitalized())
            {
                m += 1;
            }
            if m > k || matches!(s.low(k - 1), "those" | "them") {
                j = m.max(k);
            }
        } else if rule != "quantity.ordinal_time" {
            // One word ("5,300 employees"), two after a capitalized one
            // ("10 American workers").
            let mut m = j;
            let width = if s.toks.get(j).is_some_and(|t| t.capitalized()) {
                2
            } else {
                1
            };
            while m < n && m - j < width && noun_like(s, m) && !s.low(m).ends_with("ed") {
                m += 1;
            }
            j = m;
        }
        // A qualifier before: "at least", "more than", "nearly".
        let mut start = if fraction { i - 1 } else { i };
        if let Some(q) = u
            .qualifier
            .iter()
            .find(|q| start >= q.len() && s.words_at(start - q.len(), q))
        {
            start -= q.len();
        }
        let j = j.min(n);
        let (a, b) = clause_around(s, start, j);
        out.push(Claim {
            kind: ClaimKind::Quantity,
            range: s.span(a, b),
            key: s.span(start, j),
            source: None,
            rule,
        });
        i = j.max(i + 1);
    }
}

/// The clause holding tokens `a..b`: out to commas, semicolons, colons,
/// dashes, quote marks and the sentence edges.
fn clause_around(s: &Sent, a: usize, b: usize) -> (usize, usize) {
    let edge = |k: usize| {
        let t = &s.toks[k];
        t.kind == TokenKind::Quote && !matches!(t.low, "’" | "'")
            || t.kind == TokenKind::Punct
                && matches!(t.low, "," | ";" | ":" | "—" | "–" | "(" | ")")
    };
    let mut x = a;
    while x > 0 && !edge(x - 1) {
        x -= 1;
    }
    let mut y = b;
    while y < s.toks.len() && !edge(y) {
        y += 1;
    }
    (x, super::phrase::trim_end(s, x, y).max(b.min(y)))
}
