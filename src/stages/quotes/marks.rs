//! Finding quoted runs: the text between an opening and a closing mark.
//!
//! Double marks of every shape count: curly `“ ”`, low `„`, guillemets
//! `« »`, straight `"`, and the doubled apostrophe `''` (with its opener
//! ` `` `) of some wire and archive texts. A straight mark is an opener or a
//! closer by what flanks it: white space (or an opening bracket or dash)
//! before and a letter after opens; a letter or punctuation before and white
//! space or punctuation after closes. Single marks inside a double quotation
//! are nested quotes and stay inside the outer run; outside one, only a curly
//! `‘…’` pair at word edges (or straight `'…'` in the headline) is a quote,
//! so apostrophes ("don’t", "Russia’s", "’90s") never open or close a run.
//!
//! A quotation over several paragraphs reopens the mark at each paragraph
//! and closes it only at the end: each paragraph gives one piece, and the
//! pieces share a `group`. A mark left open at a paragraph end that the next
//! paragraph does not reopen is closed there (`quotes.unclosed`), so one
//! missing mark never swallows the rest of the article. When the next
//! paragraph is one line further (wire copy that breaks lines inside a
//! quote) and starts with text that a closing mark then ends, the run goes
//! on across the line break.

use std::ops::Range;

use crate::doc::Document;

/// One quoted run, or one paragraph's piece of a longer quotation.
#[derive(Clone, Debug)]
pub struct Run {
    /// The words inside the marks (trimmed).
    pub inner: Range<usize>,
    /// With the marks: from the opening mark to the closing mark (or to the
    /// paragraph end when the run is not closed there).
    pub outer: Range<usize>,
    /// The paragraph holding the opening mark.
    pub paragraph: usize,
    /// Pieces of one quotation over several paragraphs share a group.
    pub group: usize,
    /// Whether the run ends at a closing mark.
    pub closed: bool,
    /// Between single marks (a headline's 'quote' or a ‘quote’).
    pub single: bool,
    pub rule: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

#[derive(Clone, Debug)]
struct Mark {
    range: Range<usize>,
    dir: Dir,
    double: bool,
    /// Only white space between the paragraph start and the mark.
    at_start: bool,
}

fn is_open_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '«' | '„'
    )
}

fn is_close_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '—'
            | '–'
            | '-'
            | '…'
            | '”'
            | '’'
            | '»'
    )
}

/// Whether a mark with `prev` before and `next` after may open a run.
fn left_flanking(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || is_open_punct(p) || p == '"' || p == '\'')
        && next.is_some_and(|n| !n.is_whitespace())
}

/// Whether a mark with `prev` before and `next` after may close a run.
fn right_flanking(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| !p.is_whitespace())
        && next.is_none_or(|n| n.is_whitespace() || is_close_punct(n) || n == '"' || n == '\'')
}

fn flank_dir(prev: Option<char>, next: Option<char>) -> Dir {
    match (left_flanking(prev, next), right_flanking(prev, next)) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => Dir::Either,
    }
}

/// The quote marks of one paragraph, in order.
///
/// A byte search: only `"`, `` ` ``, `'` and the lead bytes of the curly
/// marks and guillemets (0xE2, 0xC2) can start a mark, and the characters
/// around one are decoded where it stands (collecting the paragraph's chars into a
/// vector first was a quarter of the stage in the profile).
///
/// The marks go to the end of `out` (one vector for all the paragraphs of
/// a document: a vector for each showed in the profile).
///
/// `high` is the offset in `text` of the next byte 0xE2 or 0xC2 at or
/// after where one was last looked for (`text.len()` if none): the
/// paragraphs come in text order, so the search for those bytes goes on
/// from one paragraph to the next, and the text is read once. (A search in
/// each paragraph, which most often found none, showed in the profile.)
fn marks(text: &str, para: Range<usize>, headline: bool, out: &mut Vec<Mark>, high: &mut usize) {
    let Some(s) = text.get(para.clone()) else {
        return;
    };
    let bytes = s.as_bytes();
    // Bytes of white space before the paragraph's first other character.
    let lead = s.len() - s.trim_start().len();
    let prev_of = |i: usize| s.get(..i).and_then(|p| p.chars().next_back());
    let next_of = |i: usize| s.get(i..).and_then(|p| p.chars().next());
    let mark = |a: usize, b: usize, dir: Dir, double: bool, at_start: bool| Mark {
        range: para.start + a..para.start + b,
        dir,
        double,
        at_start,
    };
    let mut i = 0;
    // The next '"', '\'' or '`', and the next 0xE2 or 0xC2 (the lead bytes
    // of the curly marks and guillemets), at or after where each was last
    // looked for: `memchr` finds them, and each search goes on from the
    // last one, so the paragraph is read once. (Eight bytes at a time with
    // a byte loop wherever an apostrophe stood was most of this function in
    // the profile.) These bytes are never inside a multi-byte character,
    // so `i` is a character boundary whenever one matches.
    let find = |from: usize| {
        let rest = bytes.get(from..).unwrap_or(&[]);
        memchr::memchr3(b'"', b'\'', b'`', rest).map_or(bytes.len(), |k| from + k)
    };
    // The next lead byte in the paragraph, from `from` on (`bytes.len()`
    // for none).
    let mut find_high = |from: usize| {
        let from = para.start + from;
        if *high < from {
            let rest = text.as_bytes().get(from..).unwrap_or(&[]);
            *high = memchr::memchr2(0xE2, 0xC2, rest).map_or(text.len(), |k| from + k);
        }
        if *high < para.end {
            *high - para.start
        } else {
            bytes.len()
        }
    };
    let mut next_ascii = find(0);
    let mut next_high = find_high(0);
    loop {
        if next_ascii < i {
            next_ascii = find(i);
        }
        if next_high < i {
            next_high = find_high(i);
        }
        i = next_ascii.min(next_high);
        if i >= bytes.len() {
            break;
        }
        // A lone straight apostrophe is a mark only in a headline: the
        // characters around the many apostrophes of running text ("don't",
        // "the Smiths' car") are not decoded (that showed in the profile).
        if !headline && bytes[i] == b'\'' && bytes.get(i + 1) != Some(&b'\'') {
            i += 1;
            continue;
        }
        let Some(c) = next_of(i) else { break };
        let end = i + c.len_utf8();
        // The characters around the mark, decoded only for the marks that
        // read them (not for dashes and other characters of the lead
        // bytes).
        let prev = || prev_of(i);
        let next = || next_of(end);
        // Only white space between the paragraph start and the mark.
        let at_start = i <= lead;
        match c {
            '“' | '„' | '«' => {
                let next = next();
                // A “ with only white space after it is a misplaced closer.
                let dir = if next.is_none_or(char::is_whitespace) {
                    Dir::Close
                } else {
                    Dir::Open
                };
                out.push(mark(i, end, dir, true, at_start));
            }
            '”' | '»' => {
                // Some texts use ” for both marks: a ” before a word after a
                // space opens.
                let dir = match flank_dir(prev(), next()) {
                    Dir::Open => Dir::Open,
                    _ => Dir::Close,
                };
                out.push(mark(i, end, dir, true, at_start));
            }
            '"' => out.push(mark(i, end, flank_dir(prev(), next()), true, at_start)),
            '`' if next() == Some('`') => {
                out.push(mark(i, i + 2, Dir::Open, true, at_start));
                i += 2;
                continue;
            }
            '\'' => {
                // A run of straight apostrophes: '' is a double mark; a third
                // one is a nested single mark, inside the pair when opening
                // (''' = '' + ') and outside when closing (' + '').
                let mut j = i;
                while bytes.get(j) == Some(&b'\'') {
                    j += 1;
                }
                let len = j - i;
                let after = next_of(j);
                let prev = prev();
                let dir = flank_dir(prev, after);
                if len >= 2 {
                    let doubles = len / 2;
                    let single_first = len % 2 == 1 && dir == Dir::Close;
                    let start = if single_first { i + 1 } else { i };
                    for d in 0..doubles {
                        let k = start + 2 * d;
                        out.push(mark(
                            k,
                            k + 2,
                            dir,
                            true,
                            at_start && d == 0 && !single_first,
                        ));
                    }
                } else if headline && dir != Dir::Either && !apostrophe_like(prev, after) {
                    out.push(mark(i, end, dir, false, at_start));
                }
                i = j;
                continue;
            }
            '‘' if left_flanking(prev(), next()) && !next().is_some_and(|c| c.is_ascii_digit()) =>
            {
                out.push(mark(i, end, Dir::Open, false, at_start));
            }
            // The letter after an apostrophe ("don’t") first: the cheaper
            // test, and the one that fails most often.
            '’' if !next().is_some_and(char::is_alphanumeric) && right_flanking(prev(), next()) =>
            {
                out.push(mark(i, end, Dir::Close, false, at_start));
            }
            _ => {}
        }
        i = end;
    }
}

/// An apostrophe between letters ("don't") or before a digit ("'90s").
fn apostrophe_like(prev: Option<char>, next: Option<char>) -> bool {
    (prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
        || next.is_some_and(|c| c.is_ascii_digit())
}

/// The range without white space at either end.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    crate::reader::layout::trim(text, r)
}

/// Whether at most one line break (no blank line) lies between two offsets.
fn one_line_apart(text: &str, end: usize, start: usize) -> bool {
    text.get(end..start)
        .is_some_and(|gap| gap.replace("\r\n", "\n").matches(['\n', '\r']).count() <= 1)
}

/// Every quoted run of the content paragraphs, in text order.
pub fn find(doc: &Document<'_>) -> Vec<Run> {
    let text = doc.text;
    let paras: Vec<usize> = doc.content_paragraphs().map(|(i, _)| i).collect();
    let headline = doc.headline.clone();
    // The marks of all the paragraphs in one vector; paragraph k's are
    // `flat[bounds[k]..bounds[k + 1]]`.
    // Kept from one document to the next (growing it showed in the
    // profile).
    let mut flat: Vec<Mark> = MARKS.with(|m| std::mem::take(&mut *m.borrow_mut()));
    flat.clear();
    // The first 0xE2 or 0xC2 byte ([`marks`]).
    let mut high = memchr::memchr2(0xE2, 0xC2, text.as_bytes()).unwrap_or(text.len());
    let mut bounds: Vec<usize> = Vec::with_capacity(paras.len() + 1);
    bounds.push(0);
    for &pi in &paras {
        let r = doc.paragraphs[pi].range.clone();
        let is_head = headline
            .as_ref()
            .is_some_and(|h| h.start <= r.start && r.end <= h.end)
            || doc.paragraphs[pi].section == 0
                && doc
                    .sections
                    .first()
                    .is_some_and(|s| s.kind == crate::doc::SectionKind::Headline);
        marks(text, r, is_head, &mut flat, &mut high);
        bounds.push(flat.len());
    }
    let all = |k: usize| -> &[Mark] {
        match (bounds.get(k), bounds.get(k + 1)) {
            (Some(&a), Some(&b)) => flat.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    };
    // About one run per two marks: sized once (growing it showed in the
    // profile).
    let mut runs: Vec<Run> = Vec::with_capacity(flat.len() / 2 + 1);
    let mut group = 0usize;
    // An open double mark carried over from the previous paragraph: its
    // start (after the mark), paragraph and the run's group.
    let mut carry: Option<(usize, usize, usize, usize)> = None; // (mark start, inner start, paragraph, group)
    let mut continuing_group: Option<usize> = None;
    for (k, &pi) in paras.iter().enumerate() {
        let pr = doc.paragraphs[pi].range.clone();
        let ms = all(k);
        // (mark start, inner start, group)
        let mut open: Option<(usize, usize, usize)> = None;
        let mut single_open: Option<(usize, usize)> = None;
        if let Some((ms0, is0, _, g)) = carry.take() {
            open = Some((ms0, is0, g));
        }
        let reopened = continuing_group.take();
        let mut first_double = true;
        for m in ms {
            if !m.double {
                if open.is_some() {
                    continue; // nested: stays inside the outer run
                }
                match (m.dir, single_open) {
                    (Dir::Open, _) => single_open = Some((m.range.start, m.range.end)),
                    (Dir::Close, Some((s0, i0))) => {
                        let inner = trim(text, i0..m.range.start);
                        if !inner.is_empty() {
                            group += 1;
                            runs.push(Run {
                                inner,
                                outer: s0..m.range.end,
                                paragraph: pi,
                                group,
                                closed: true,
                                single: true,
                                rule: "quotes.single_marks",
                            });
                        }
                        single_open = None;
                    }
                    _ => {}
                }
                continue;
            }
            single_open = None;
            let is_first = first_double;
            first_double = false;
            let dir = match (m.dir, open.is_some()) {
                (Dir::Either, true) => Dir::Close,
                (Dir::Either, false) => Dir::Open,
                (d, _) => d,
            };
            match (dir, open) {
                (Dir::Open, None) => {
                    let g = match reopened {
                        Some(g) if is_first && m.at_start => g,
                        _ => {
                            group += 1;
                            group
                        }
                    };
                    open = Some((m.range.start, m.range.end, g));
                }
                (Dir::Open, Some((s0, i0, g))) => {
                    // An opener while a run is open: the run lost its
                    // closing mark; it ends before this one.
                    push(
                        &mut runs,
                        text,
                        s0,
                        i0,
                        m.range.start,
                        pi,
                        g,
                        false,
                        "quotes.unclosed",
                    );
                    group += 1;
                    open = Some((m.range.start, m.range.end, group));
                }
                (Dir::Close, Some((s0, i0, g))) => {
                    let rule = if doc.paragraph_at(s0) != Some(pi) {
                        "quotes.across_line_break"
                    } else if reopened == Some(g) {
                        "quotes.multi_paragraph"
                    } else {
                        "quotes.double_marks"
                    };
                    let para = doc.paragraph_at(s0).unwrap_or(pi);
                    push(&mut runs, text, s0, i0, m.range.start, para, g, true, rule);
                    if let Some(r) = runs.last_mut() {
                        r.outer.end = m.range.end;
                    }
                    open = None;
                }
                (Dir::Close, None) => {} // a stray closer
                (Dir::Either, _) => {}
            }
        }
        if let Some((s0, i0, g)) = open {
            // Open at the paragraph end: does the next paragraph reopen it,
            // or close it after a single line break?
            let next = paras.get(k + 1).map(|&pj| (pj, all(k + 1)));
            let reopens = next.is_some_and(|(pj, nm)| {
                pj == pi + 1
                    && nm.first().is_some_and(|m| {
                        m.double && m.at_start && matches!(m.dir, Dir::Open | Dir::Either)
                    })
            });
            let closes_across = !reopens
                && next.is_some_and(|(pj, nm)| {
                    pj == pi + 1
                        && one_line_apart(text, pr.end, doc.paragraphs[pj].range.start)
                        && nm.iter().find(|m| m.double).is_some_and(|m| {
                            m.dir == Dir::Close || (m.dir == Dir::Either && !m.at_start)
                        })
                });
            if closes_across {
                carry = Some((s0, i0, pi, g));
            } else {
                let rule = if reopens || reopened == Some(g) {
                    "quotes.multi_paragraph"
                } else {
                    "quotes.unclosed"
                };
                push(&mut runs, text, s0, i0, pr.end, pi, g, false, rule);
                if reopens {
                    continuing_group = Some(g);
                }
            }
        }
    }
    MARKS.with(|m| *m.borrow_mut() = flat);
    runs
}

thread_local! {
    /// The buffer of [`find`]'s marks.
    static MARKS: std::cell::RefCell<Vec<Mark>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[allow(clippy::too_many_arguments)]
fn push(
    runs: &mut Vec<Run>,
    text: &str,
    mark_start: usize,
    inner_start: usize,
    end: usize,
    paragraph: usize,
    group: usize,
    closed: bool,
    rule: &'static str,
) {
    let inner = trim(text, inner_start..end);
    if inner.is_empty() {
        return;
    }
    runs.push(Run {
        inner: inner.clone(),
        outer: mark_start..if closed { end } else { inner.end },
        paragraph,
        group,
        closed,
        single: false,
        rule,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader;

    fn runs(t: &str) -> Vec<(String, &'static str, usize)> {
        let doc = reader::read(t);
        find(&doc)
            .into_iter()
            .map(|r| (doc.slice(&r.inner).to_string(), r.rule, r.group))
            .collect()
    }

    fn texts(t: &str) -> Vec<String> {
        runs(t).into_iter().map(|r| r.0).collect()
    }

    #[test]
    fn curly_and_straight_double_marks() {
        assert_eq!(
            texts("Body text here.\n\n“We are ready,” she said. \"It is time,\" he said."),
            vec!["We are ready,", "It is time,"]
        );
    }

    #[test]
    fn doubled_apostrophes() {
        assert_eq!(
            texts("Body text here.\n\n''It's anti-reform,'' he said. ''Isn't it?'' she asked."),
            vec!["It's anti-reform,", "Isn't it?"]
        );
    }

    #[test]
    fn nested_single_inside_double_stays_inside() {
        assert_eq!(
            texts(
                "Body text here.\n\n“You say you ‘accept responsibility,’ and that’s it,” he said."
            ),
            vec!["You say you ‘accept responsibility,’ and that’s it,"]
        );
        assert_eq!(
            texts("Body text here.\n\n''They call it 'reform.''' he said."),
            vec!["They call it 'reform.'"]
        );
    }

    #[test]
    fn apostrophes_are_not_marks() {
        assert!(
            texts("Body text here.\n\nRussia’s war, the ’90s and don’t: the voters’ choice.")
                .is_empty()
        );
        assert!(texts("Body text here.\n\nIt's the '90s and the Smiths' car.").is_empty());
    }

    #[test]
    fn curly_single_pair_at_top_level() {
        assert_eq!(
            texts("Body text here.\n\nHe promotes ‘oh so much’ hate, don’t you think."),
            vec!["oh so much"]
        );
    }

    #[test]
    fn headline_single_marks() {
        assert_eq!(
            texts("Mayor Calls Plan 'A Disgrace' After Vote\n\nThe mayor's plan failed."),
            vec!["A Disgrace"]
        );
    }

    #[test]
    fn multi_paragraph_quote_gives_one_piece_a_paragraph() {
        let r = runs(
            "Body text here.\n\nShe said: “We waited a long time.\n\n“Now the work can begin,” she said.\n\nOpponents said no.",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].0, "We waited a long time.");
        assert_eq!(r[1].0, "Now the work can begin,");
        assert_eq!(r[0].2, r[1].2, "one group");
        assert_eq!(r[0].1, "quotes.multi_paragraph");
        assert_eq!(r[1].1, "quotes.multi_paragraph");
    }

    #[test]
    fn unclosed_mark_ends_at_the_paragraph() {
        let r = runs(
            "Body text here.\n\n“We waited a long time, she said.\n\nOpponents said the cost was “too high.”",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].0, "We waited a long time, she said.");
        assert_eq!(r[0].1, "quotes.unclosed");
        assert_eq!(r[1].0, "too high.");
    }

    #[test]
    fn opener_inside_open_run_closes_it() {
        assert_eq!(
            texts("Body text here.\n\n“We are done, he said. “It is over.”"),
            vec!["We are done, he said.", "It is over."]
        );
    }

    #[test]
    fn run_across_a_single_line_break() {
        let r = runs("Body text here.\n\"How often has it been done?\nVery rarely,\" he said.\n");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, "How often has it been done?\nVery rarely,");
        assert_eq!(r[0].1, "quotes.across_line_break");
    }

    #[test]
    fn empty_and_odd_inputs() {
        for t in ["", "\"", "''", "“”", "‘", "\"\"\"", "a '' b", "’’’", "``"] {
            let _ = runs(t);
        }
    }
}
