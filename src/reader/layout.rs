//! Paragraphs and sections.
//!
//! A paragraph is a run of non-blank lines; a line break right after a
//! sentence end also starts a paragraph (wire copy often puts one sentence a
//! line). Line ends may be `\n`, `\r\n` or a lone `\r`; offsets always point
//! into the text as given.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::doc::{Paragraph, Section, SectionKind};
use crate::lexicon::{BOILERPLATE, HEADINGS, re};

/// Characters that count as blank besides Unicode white space.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

/// The range of `text[r]` without blank characters at either end.
pub fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    // Nearly every line and sentence starts and ends with an ASCII char
    // that is not white space: nothing to trim, and no char decoding (a
    // few percent of the reader in the profile). Blank chars that are not
    // white space are all non-ASCII.
    let solid = |x: &u8| x.is_ascii() && !x.is_ascii_whitespace() && *x != 0x0b;
    if s.as_bytes().first().is_some_and(solid) && s.as_bytes().last().is_some_and(solid) {
        return r;
    }
    let lead = s.len() - s.trim_start_matches(is_blank).len();
    let trail = s.len() - s.trim_end_matches(is_blank).len();
    if lead == s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// Trimmed lines of the text (empty ones too: they end paragraphs), one at
/// a time: the one loop that uses them needs no Vec of them (which grew
/// by reallocation for every article).
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        // memchr from one line end to the next: a byte loop here was about
        // a tenth of the reader in the profile.
        match b.get(from..).and_then(|r| memchr::memchr2(b'\n', b'\r', r)) {
            Some(off) => {
                let i = from + off;
                let mut next = i + 1;
                if b.get(i) == Some(&b'\r') && b.get(next) == Some(&b'\n') {
                    next += 1;
                }
                start = Some(next);
                Some(trim(text, from..i))
            }
            None => {
                start = None;
                Some(trim(text, from..b.len()))
            }
        }
    })
}

/// Whether a line ends a sentence: `.`, `!` or `?`, maybe inside closing
/// quotes or brackets.
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    t.ends_with(['.', '!', '?', '…'])
}

/// The most words a boilerplate paragraph has.
const MAX_BOILERPLATE_WORDS: usize = 60;

fn word_count(s: &str) -> usize {
    words_upto(s, usize::MAX)
}

/// Whether `s` has more than `n` words; stops counting after `n + 1` (the
/// checks below ran a full count over every paragraph).
fn more_words_than(s: &str, n: usize) -> bool {
    // n + 1 words need at least 2n + 1 bytes (a char each, white space
    // between): shorter text needs no count.
    if s.len() <= n.saturating_mul(2) {
        return false;
    }
    words_upto(s, n.saturating_add(1)) > n
}

/// The number of words of `s` as `split_whitespace` cuts them, or `limit`
/// if there are more. Eight bytes at a time where they are ASCII: the
/// `split_whitespace` count over every paragraph was a fifth of the
/// reader's profile, a byte loop still a sixth.
fn words_upto(s: &str, limit: usize) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    const fn splat(x: u8) -> u64 {
        u64::from_ne_bytes([x; 8])
    }
    let b = s.as_bytes();
    let mut words = 0;
    // Whether the char before `i` is white space.
    let mut after_space = true;
    let mut i = 0;
    while i < b.len() && words < limit {
        if let Some(chunk) = b.get(i..i + 8) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            let w = u64::from_le_bytes(bytes);
            if w & HI == 0 {
                // All ASCII, so no byte carries into the next below. The
                // high bit of each byte says: it is ' ', or in '\t'..='\r'.
                let is_space = !((w ^ splat(b' ')) + splat(0x7f)) & HI;
                let ge_tab = (w + splat(0x80 - 9)) & HI;
                let le_cr = !(w + splat(0x80 - 14)) & HI;
                let space = is_space | (ge_tab & le_cr);
                let before = (space << 8) | if after_space { 0x80 } else { 0 };
                // One bit at the top of each byte that starts a word: the
                // multiply sums them into the top byte (no popcnt needed).
                let starts = (!space & before & HI) >> 7;
                words += (starts.wrapping_mul(splat(1)) >> 56) as usize;
                after_space = space >> 63 == 1;
                i += 8;
                continue;
            }
        }
        // A non-ASCII byte in the next eight, or the last few bytes: one
        // char at a time.
        let stop = (i + 8).min(b.len());
        while i < stop {
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                return words.min(limit);
            };
            let space = c.is_whitespace();
            if !space && after_space {
                words += 1;
            }
            after_space = space;
            i += c.len_utf8();
        }
    }
    words.min(limit)
}

/// Share of words (of letters) that start with a capital letter.
fn capitalized_share(s: &str) -> f64 {
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    caps as f64 / words.len() as f64
}

/// A known heading ("Why this matters", "ABSTRACT.") and its section kind.
fn known_heading(line: &str) -> Option<SectionKind> {
    if more_words_than(line, 6) {
        return None;
    }
    let key = line
        .trim_end_matches([':', '.', ' '])
        .trim_start_matches(['#', ' ']);
    // ASCII keys lowercased on the stack: a String per one-line paragraph
    // showed in the profile.
    let mut buf = [0u8; 64];
    if let Some(low) = buf.get_mut(..key.len())
        && key.is_ascii()
    {
        low.copy_from_slice(key.as_bytes());
        low.make_ascii_lowercase();
        return std::str::from_utf8(low)
            .ok()
            .and_then(|k| HEADINGS.get(k).copied());
    }
    HEADINGS.get(&key.to_lowercase()).copied()
}

/// A short line that reads as a heading: few words, no sentence end, most
/// words capitalized.
fn looks_like_heading(line: &str) -> bool {
    !line.ends_with(['.', '!', '?', ',', ';', ':', '"', '”'])
        && line.chars().next().is_some_and(char::is_alphabetic)
        && more_words_than(line, 0)
        && !more_words_than(line, 8)
        && capitalized_share(line) >= 0.5
}

/// "LONDON 1996-08-30", "MILWAUKEE, Wisconsin 1996-08-29": a place in
/// capitals, maybe a region, and an ISO date.
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[A-Z][A-Z .'()/-]*[A-Z.)](,\s*[\w .'()/-]+)?\s+\d{4}-\d{2}-\d{2}$"));
/// A reporter's name on a line of its own: two to four capitalized words.
static NAME_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){1,3}$"));
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?i:by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,4}(\s*[,|/]\s*[\w .'’-]+)?$")
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^([-•*–▪●]|\d+[.)])\s"));

fn is_byline(line: &str) -> bool {
    could_be_dateline(line) && DATELINE.is_match(line)
        || (could_be_byline(line) && !more_words_than(line, 8) && BYLINE.is_match(line))
}

/// What every [`DATELINE`] match has: a first letter in `A-Z` and an end
/// like "9-30" (`\d` is any decimal digit, which `is_numeric` includes).
/// Checked first because running the regex over every one-line paragraph
/// showed in the profile.
fn could_be_dateline(line: &str) -> bool {
    let mut end = line.chars().rev();
    line.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && end.next().is_some_and(char::is_numeric)
        && end.next().is_some_and(char::is_numeric)
        && end.next() == Some('-')
}

/// What every [`BYLINE`] match has: "by" at the start, in any case (no
/// other character case-folds to `b` or `y`), then white space and a
/// capital `A-Z`. The regex (its `\w` classes repeated) took 13 M
/// instructions to compile: a line that cannot match does not build it.
fn could_be_byline(line: &str) -> bool {
    let Some(rest) = line
        .get(..2)
        .filter(|p| p.eq_ignore_ascii_case("by"))
        .and_then(|_| line.get(2..))
    else {
        return false;
    };
    let name = rest.trim_start();
    name.len() < rest.len() && name.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Role {
    Headline,
    Heading(SectionKind),
    Deck,
    Byline,
    Content,
    Boilerplate,
}

/// Cuts the text into paragraphs and sections; returns them with the headline.
pub fn layout(text: &str) -> (Vec<Paragraph>, Vec<Section>, Option<Range<usize>>) {
    // 1. paragraphs: runs of non-blank lines, cut after a sentence end.
    let mut paras: Vec<(Range<usize>, usize)> = Vec::new(); // (range, line count)
    let mut cur: Option<(Range<usize>, usize)> = None;
    for l in lines(text) {
        if l.is_empty() {
            paras.extend(cur.take());
            continue;
        }
        // In the first block, a line ending in ";" is a headline with its
        // deck on the next line ("Candidates vie for support;\nBoth point...").
        let headline_break = paras.is_empty()
            && cur
                .as_ref()
                .is_some_and(|(r, n)| *n == 1 && text[r.clone()].ends_with(';'));
        match cur.as_mut() {
            Some((r, n)) if !ends_sentence(&text[r.clone()]) && !headline_break => {
                r.end = l.end;
                *n += 1;
            }
            _ => {
                paras.extend(cur.take());
                cur = Some((l, 1));
            }
        }
    }
    paras.extend(cur.take());

    // 2. what each paragraph is.
    let n = paras.len();
    let mut roles: Vec<Role> = paras
        .iter()
        .map(|(r, lines)| {
            let s = &text[r.clone()];
            // Boilerplate is short: a long paragraph that mentions a
            // newsletter or a privacy policy is news about them.
            if !more_words_than(s, MAX_BOILERPLATE_WORDS) && BOILERPLATE.is_match(s) {
                Role::Boilerplate
            } else if *lines == 1 && is_byline(s) {
                Role::Byline
            } else if let Some(k) = (*lines == 1).then(|| known_heading(s)).flatten() {
                Role::Heading(k)
            } else {
                Role::Content
            }
        })
        .collect();
    if n > 1 && roles[0] == Role::Content && paras[0].1 == 1 {
        let s = &text[paras[0].0.clone()];
        let w = word_count(s);
        if w <= 30
            && (!ends_sentence(s)
                || w <= 20
                || capitalized_share(s) >= 0.5
                || s.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase))
        {
            roles[0] = Role::Headline;
        }
    }
    // A deck: one short sentence between the headline and a longer lead.
    if n > 2 && roles[0] == Role::Headline && roles[1] == Role::Content && roles[2] == Role::Content
    {
        let deck = &text[paras[1].0.clone()];
        let lead = &text[paras[2].0.clone()];
        let w = word_count(deck);
        let after_semicolon = text[paras[0].0.clone()].ends_with(';');
        // Decks are headline-ese: short, no first or second person.
        let personal = deck
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "I" | "you" | "You" | "we" | "We"));
        let short = (4..=14).contains(&w) && word_count(lead) > w && !personal;
        if paras[1].1 == 1
            && (after_semicolon || short)
            && !deck.contains(" - ")
            && !DATELINE.is_match(deck)
        {
            roles[1] = Role::Deck;
        }
    }
    // A reporter's name on its own line just before a dateline is a byline.
    for i in 0..n.saturating_sub(1) {
        if roles[i] == Role::Content
            && roles[i + 1] == Role::Byline
            && paras[i].1 == 1
            && NAME_LINE.is_match(&text[paras[i].0.clone()])
        {
            roles[i] = Role::Byline;
        }
    }
    // Generic headings: short capitalized lines between two paragraphs.
    for i in 1..n.saturating_sub(1) {
        if roles[i] == Role::Content
            && paras[i].1 == 1
            && looks_like_heading(&text[paras[i].0.clone()])
        {
            roles[i] = Role::Heading(SectionKind::Body);
        }
    }
    // Boilerplate grows backwards over heading-like lines that lead into it
    // ("Get Our Daily Updates" above a sign-up line), and fills short gaps
    // between two boilerplate paragraphs.
    for i in (0..n).rev() {
        if roles[i] == Role::Boilerplate && i > 0 {
            let prev = &text[paras[i - 1].0.clone()];
            let heading_like =
                paras[i - 1].1 == 1 && !ends_sentence(prev) && word_count(prev) <= 15;
            if heading_like && matches!(roles[i - 1], Role::Heading(_) | Role::Content) && i - 1 > 0
            {
                roles[i - 1] = Role::Boilerplate;
            }
        }
    }
    for i in 1..n.saturating_sub(1) {
        if roles[i] != Role::Boilerplate
            && roles[i - 1] == Role::Boilerplate
            && roles[i + 1] == Role::Boilerplate
            && word_count(&text[paras[i].0.clone()]) <= 30
        {
            roles[i] = Role::Boilerplate;
        }
    }

    // 3. sections.
    let mut paragraphs = Vec::with_capacity(n);
    let mut sections: Vec<Section> = Vec::new();
    let mut headline = None;
    // Summary and context sections hold their first paragraph and the bullet
    // lines after it; the body resumes after that.
    let mut open_intro = false;
    for (i, ((range, _), role)) in paras.iter().zip(&roles).enumerate() {
        let s = &text[range.clone()];
        let (kind, rule, new_section, heading) = match *role {
            Role::Headline => {
                headline = Some(range.clone());
                (SectionKind::Headline, "layout.headline", true, false)
            }
            Role::Heading(k) => (k, "layout.heading", true, true),
            Role::Deck => (SectionKind::Summary, "layout.deck", true, false),
            Role::Byline => {
                let cont = sections
                    .last()
                    .is_some_and(|s| s.kind == SectionKind::Byline);
                (SectionKind::Byline, "layout.byline", !cont, false)
            }
            Role::Boilerplate => {
                let cont = sections
                    .last()
                    .is_some_and(|s| s.kind == SectionKind::Boilerplate);
                (SectionKind::Boilerplate, "layout.boilerplate", !cont, false)
            }
            Role::Content => match sections.last() {
                Some(last) if matches!(last.kind, SectionKind::Summary | SectionKind::Context) => {
                    if open_intro || BULLET.is_match(s) {
                        (last.kind, last.rule, false, false)
                    } else {
                        (SectionKind::Body, "layout.body", true, false)
                    }
                }
                Some(last) if last.kind == SectionKind::Body => {
                    (SectionKind::Body, last.rule, false, false)
                }
                _ => (SectionKind::Body, "layout.body", true, false),
            },
        };
        open_intro = heading && matches!(kind, SectionKind::Summary | SectionKind::Context);
        if new_section {
            sections.push(Section {
                kind,
                heading: heading.then(|| range.clone()),
                range: range.clone(),
                rule,
            });
        } else if let Some(last) = sections.last_mut() {
            last.range.end = range.end;
        }
        paragraphs.push(Paragraph {
            range: range.clone(),
            section: sections.len() - 1,
            boilerplate: *role == Role::Boilerplate,
            heading,
            sentences: 0..0,
        });
        let _ = i;
    }
    (paragraphs, sections, headline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        layout(text).1.iter().map(|s| s.kind.as_str()).collect()
    }

    #[test]
    fn crlf_and_lone_cr_are_line_ends() {
        let t = "Headline Here\r\n\r\nFirst para one.\r\n\r\nSecond para.\rThird para.";
        let (p, _, h) = layout(t);
        assert_eq!(&t[h.unwrap()], "Headline Here");
        let texts: Vec<_> = p.iter().map(|p| &t[p.range.clone()]).collect();
        assert_eq!(
            texts,
            vec![
                "Headline Here",
                "First para one.",
                "Second para.",
                "Third para."
            ]
        );
    }

    #[test]
    fn wrapped_lines_stay_one_paragraph() {
        let t = "A long sentence that\nwraps onto a second line.\nA new sentence line.";
        let (p, _, _) = layout(t);
        assert_eq!(p.len(), 2);
        assert_eq!(
            &t[p[0].range.clone()],
            "A long sentence that\nwraps onto a second line."
        );
    }

    #[test]
    fn no_headline_when_first_paragraph_is_a_lead() {
        let t = "The committee met on Tuesday to discuss the budget, and members said that the talks had gone well and would continue.\n\nMore talks follow.";
        assert_eq!(kinds(t), vec!["body"]);
    }

    #[test]
    fn dateline_is_byline_not_boilerplate() {
        let t = "SOCCER - CLUB WINS.\n\nLONDON 1996-08-30\n\nThe club won.";
        assert_eq!(kinds(t), vec!["headline", "byline", "body"]);
    }

    #[test]
    fn reporter_and_dateline_are_bylines() {
        let t = "TENNIS - SEEDS ADVANCE.\n\nJane Roe\n\nNEW YORK, New York 1996-08-30\n\nThe seeds advanced.";
        assert_eq!(kinds(t), vec!["headline", "byline", "body"]);
    }

    #[test]
    fn headline_with_deck_after_semicolon() {
        let t = "Senators trade barbs on budget; \nBoth sides say talks will go on.\n\nThe Senate debated the budget on Monday for many hours.";
        let (p, s, h) = layout(t);
        assert_eq!(&t[h.unwrap()], "Senators trade barbs on budget;");
        assert_eq!(
            s.iter().map(|s| s.kind.as_str()).collect::<Vec<_>>(),
            vec!["headline", "summary", "body"]
        );
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn colon_intro_is_not_a_heading() {
        let t =
            "Title Line\n\nThe senator spoke at length.\n\nSmith continued:\n\n\"We will win.\"";
        let (p, _, _) = layout(t);
        assert!(p.iter().all(|p| !p.heading));
    }

    #[test]
    fn short_lede_is_not_a_deck() {
        let t = "Storm Hits Coast\n\nMr. Smith, I have a question for you today.\n\nThe storm hit the coast on Monday and left thousands without power for days.";
        assert_eq!(kinds(t), vec!["headline", "body"]);
    }

    #[test]
    fn known_headings_open_sections() {
        let t = "Title Of Story\n\nABSTRACT.\n\nA short abstract here.\n\nFULL TEXT.\n\nThe body starts here.";
        let (p, s, _) = layout(t);
        assert_eq!(
            s.iter().map(|s| s.kind.as_str()).collect::<Vec<_>>(),
            vec!["headline", "summary", "body"]
        );
        assert!(p[1].heading && p[3].heading);
        assert_eq!(&t[s[2].heading.clone().unwrap()], "FULL TEXT.");
    }

    #[test]
    fn news_about_a_privacy_policy_is_not_boilerplate() {
        let long = "The company said on Monday that it would change its privacy policy after regulators in several countries opened inquiries into how it shares the data of its users with advertisers, and it promised to publish a plain-language summary of the new rules, which take effect next month, to every user.";
        let t = format!("Title Here\n\n{long}\n\nMore news.");
        assert_eq!(kinds(&t), vec!["headline", "body"]);
    }

    #[test]
    fn read_more_footer_is_boilerplate() {
        let t = "Title\n\nBody text here.\n\nRead the rest here.";
        assert_eq!(kinds(t), vec!["headline", "body", "boilerplate"]);
    }

    proptest::proptest! {
        #[test]
        fn word_counts_match_split_whitespace(
            t in "([a-zé£ ]|\t|\n|\r|\u{0b}|\u{0c}|\u{85}|\u{a0}|\u{1680}|\u{2003}|\u{2028}|\u{202f}|\u{3000}|\u{200b}|\u{feff}|  |abc){0,100}",
            n in 0usize..8,
        ) {
            let all = t.split_whitespace().count();
            proptest::prop_assert_eq!(word_count(&t), all);
            proptest::prop_assert_eq!(more_words_than(&t, n), t.split_whitespace().nth(n).is_some());
        }
    }

    #[test]
    fn prefilters_admit_every_match() {
        for l in [
            "LONDON 1996-08-30",
            "MILWAUKEE, Wisconsin 1996-08-29",
            "A. 1996-08-3\u{0663}",
        ] {
            assert!(DATELINE.is_match(l) && could_be_dateline(l), "{l}");
        }
        for l in [
            "By Jane Doe",
            "BY JANE DOE",
            "bY Jane Doe, Reuters",
            "By\u{a0}\u{2003}Jane Doe",
        ] {
            assert!(BYLINE.is_match(l) && could_be_byline(l), "{l}");
        }
        for l in [
            "By",
            "By ",
            "Byron Lee",
            "By jane",
            "By  1996",
            "ByJane",
            "By é",
        ] {
            assert!(!BYLINE.is_match(l) && !could_be_byline(l), "{l}");
        }
    }
}
