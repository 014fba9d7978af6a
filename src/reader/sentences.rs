//! Sentence boundaries inside a paragraph.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and
//! brackets after it) when white space and then a capital, a digit, a quote
//! mark or an opening bracket follow; or at a line break after such a mark.
//! A dot after a known abbreviation ("Gen.", "Jan.") or an initial ("J.",
//! "U.S.") does not end a sentence.

use std::ops::Range;

use crate::lexicon::ABBREVIATIONS;
use crate::reader::layout::trim;
use crate::reader::tokens::char_at;

const CLOSERS: [char; 7] = ['"', '”', '’', '\'', ')', ']', '»'];

/// Whether the dot at byte `dot` belongs to an abbreviation or an initial.
///
/// Most words before a dot are ASCII letters and digits without a dot of
/// their own ("said.", "2019."): those are decided on bytes, without the
/// char decoding and the `split`/`rsplit` searches of the general path
/// (which were about a fifth of the splitter in the profile).
fn abbreviation_before(text: &str, start: usize, dot: usize) -> bool {
    let b = text.as_bytes();
    let mut k = dot;
    while k > start && b.get(k - 1).is_some_and(u8::is_ascii_alphanumeric) {
        k -= 1;
    }
    // The word starts at `k` when the byte before is an ASCII char that is
    // not a letter, digit or dot (or the sentence starts there).
    let stop = if k > start {
        b.get(k - 1).copied()
    } else {
        None
    };
    if stop.is_none_or(|x| x.is_ascii() && x != b'.') {
        let Some(word) = text.get(k..dot) else {
            return false;
        };
        // One part, no dot: an initial when it is one capital; "a.m" and
        // "p.m" hold a dot.
        return match word.as_bytes() {
            [] => false,
            [x] if x.is_ascii_uppercase() => true,
            _ => ABBREVIATIONS.contains(word),
        };
    }
    abbreviation_before_chars(text, start, dot)
}

/// [`abbreviation_before`] on chars: any word.
fn abbreviation_before_chars(text: &str, start: usize, dot: usize) -> bool {
    let word_start = text[start..dot]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map_or(start, |i| {
            start + i + text[start + i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[word_start..dot];
    if word.is_empty() {
        return false;
    }
    // "U.S", "J", "a.m": initials and dotted abbreviations.
    let letters = word
        .split('.')
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    if letters && word.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    if word == "a.m" || word == "p.m" {
        return false; // usually ends a clause but the next word decides
    }
    let last = word.rsplit('.').next().unwrap_or(word);
    ABBREVIATIONS.contains(last)
}

/// Whether `c` ends a sentence.
fn is_end_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

pub fn split(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_into(text, para, &mut out);
    out
}

/// [`split`], the sentences appended to `out` (one Vec for the whole
/// document, not one made and dropped per paragraph).
pub fn split_into(text: &str, para: Range<usize>, out: &mut Vec<Range<usize>>) {
    let out = &mut *out;
    let mut start = para.start;
    let s = &text[para.clone()];
    let b = s.as_bytes();
    // Looks for the marks with memchr, not char by char (the char loop was
    // most of this function in the profile): `.`, `!`, `?` are ASCII, and
    // `…` (E2 80 A6) is rare, so paragraphs that may hold one (with an A6
    // byte: a cheaper test than a substring search) take a byte loop. A
    // lead byte never occurs inside another char.
    let ellipsis = memchr::memchr(0xA6, b).is_some();
    let next_mark = |from: usize| {
        let r = b.get(from..)?;
        if ellipsis {
            r.iter()
                .position(|&x| matches!(x, b'.' | b'!' | b'?' | 0xE2))
        } else {
            memchr::memchr3(b'.', b'!', b'?', r)
        }
    };
    let mut i = 0;
    while let Some(off) = next_mark(i) {
        i += off;
        let Some(c) = char_at(s, i) else {
            break;
        };
        let at = para.start + i;
        i += c.len_utf8();
        if !is_end_mark(c) {
            continue;
        }
        // Extend over repeated marks and closing quotes/brackets.
        while let Some(d) = char_at(s, i) {
            if is_end_mark(d) || CLOSERS.contains(&d) {
                i += d.len_utf8();
            } else {
                break;
            }
        }
        let end = para.start + i;
        let rest = &text[end..para.end];
        // The white space after the mark, ASCII bytes first (a `trim_start`
        // per mark showed in the profile).
        let rb = rest.as_bytes();
        let mut gap = 0;
        while rb
            .get(gap)
            .is_some_and(|&x| x.is_ascii_whitespace() || x == 0x0b)
        {
            gap += 1;
        }
        if rb.get(gap).is_some_and(|&x| !x.is_ascii()) {
            let tail = rest.get(gap..).unwrap_or_default();
            gap += tail.len() - tail.trim_start().len();
        }
        if gap == 0 {
            continue; // "U.S.-based", "3.5", "end.”The"
        }
        let next = char_at(rest, gap);
        let newline = rb
            .get(..gap)
            .is_some_and(|g| g.iter().any(|&x| x == b'\n' || x == b'\r'));
        let starts_new = next.is_some_and(|n| {
            n.is_uppercase()
                || n.is_numeric()
                || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '-')
        });
        if !(starts_new || newline) {
            continue;
        }
        if c == '.' && !newline && abbreviation_before(text, start, at) {
            continue;
        }
        push(text, start..end, out);
        start = end;
    }
    push(text, start..para.end, out);
}

/// The longest sentence the reader makes, in bytes. The longest real
/// sentence in the dev sets and the BBC corpus is about 2,300 bytes; text
/// with no sentence ends at all (a 20 MB paragraph, a page of quote marks)
/// is cut into pieces of this size at white space, which keeps every
/// stage's work per sentence bounded and the whole run linear.
pub const MAX_SENTENCE_BYTES: usize = 3000;

fn push(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut r = trim(text, r);
    while r.len() > MAX_SENTENCE_BYTES {
        let mut cut = r.start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // Cut at the last white space of the piece, else at a char boundary.
        if let Some(ws) = text[r.start..cut].rfind(char::is_whitespace)
            && ws > 0
        {
            cut = r.start + ws;
        }
        let piece = trim(text, r.start..cut);
        if !piece.is_empty() {
            out.push(piece);
        }
        r = trim(text, cut..r.end);
    }
    if !r.is_empty() {
        out.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split(t, 0..t.len()).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sents("Mr. Smith met Gen. Jones in the U.S. on Jan. 5. They talked."),
            vec![
                "Mr. Smith met Gen. Jones in the U.S. on Jan. 5.",
                "They talked."
            ]
        );
    }

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(
            sents("George W. Bush spoke. J. K. Rowling wrote."),
            vec!["George W. Bush spoke.", "J. K. Rowling wrote."]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            sents("“We are done,” he said. “It is over.” Then he left."),
            vec!["“We are done,” he said.", "“It is over.”", "Then he left."]
        );
    }

    #[test]
    fn lowercase_after_dot_continues() {
        assert_eq!(
            sents("It cost 3.5 million dollars. e.g. this stays."),
            vec!["It cost 3.5 million dollars. e.g. this stays."]
        );
    }

    #[test]
    fn endless_text_is_cut_at_white_space() {
        let t = "word ".repeat(2000) + "é".repeat(2000).as_str();
        let got = split(&t, 0..t.len());
        assert!(got.len() >= 4, "{}", got.len());
        for r in &got {
            assert!(r.len() <= MAX_SENTENCE_BYTES);
            assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
        }
        let words: usize = got
            .iter()
            .map(|r| t[r.clone()].matches("word").count())
            .sum();
        assert_eq!(words, 2000, "nothing lost at the cuts");
    }

    #[test]
    fn question_and_exclamation() {
        assert_eq!(
            sents("Who cares? Just stop! Now."),
            vec!["Who cares?", "Just stop!", "Now."]
        );
    }

    /// The splitter as it was before the byte scan, kept to check that the
    /// two agree.
    fn split_reference(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = para.start;
        let s = &text[para.clone()];
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let at = para.start + i;
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            // Extend over repeated marks and closing quotes/brackets.
            let mut end = at + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if matches!(d, '.' | '!' | '?' | '…') || CLOSERS.contains(&d) {
                    end = para.start + j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let rest = &text[end..para.end];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 {
                continue; // "U.S.-based", "3.5", "end.”The"
            }
            let next = rest[gap..].chars().next();
            let newline = rest[..gap].contains(['\n', '\r']);
            let starts_new = next.is_some_and(|n| {
                n.is_uppercase()
                    || n.is_numeric()
                    || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '-')
            });
            if !(starts_new || newline) {
                continue;
            }
            if c == '.' && !newline && abbreviation_before_chars(text, start, at) {
                continue;
            }
            push(text, start..end, &mut out);
            start = end;
        }
        push(text, start..para.end, &mut out);
        out
    }

    /// Text built from words and the characters the splitter treats
    /// specially.
    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        const PARTS: &[&str] = &[
            "a", "U", "S", "Gen", "Mr", "abc", "a.m", "p.m", "J", "x", "2", "1996", "æ", "É", "é",
            "ß", "١٢", ".", ".", ".", "!", "?", "…", "?!", " ", " ", " ", "\n", "\r\n", "\u{a0}",
            "\u{2003}", "\"", "”", "’", "'", ")", "]", "»", "“", "‘", "(", "[", "—", "-", ",",
        ];
        proptest::collection::vec(proptest::sample::select(PARTS), 0..32).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn same_sentences_as_before(t in tricky(), pre in 0usize..3) {
            // Also a paragraph that does not start at 0.
            let lead = "Xy. ".repeat(pre);
            let text = format!("{lead}{t}");
            let para = lead.len()..text.len();
            proptest::prop_assert_eq!(split(&text, para.clone()), split_reference(&text, para));
        }
    }
}
