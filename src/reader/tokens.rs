//! Tokens: words, numbers, quote marks, punctuation.
//!
//! A word is a run of letters and digits joined by inner apostrophes,
//! hyphens and dots ("don't", "al-Assad", "U.S."); a trailing possessive
//! ("Putin's") is its own token so that a name's span ends before it. Dotted
//! abbreviations and known abbreviations keep their final dot ("U.S.",
//! "Gen.").

use std::ops::Range;

use crate::doc::{Token, TokenKind};
use crate::lexicon::ABBREVIATIONS;

pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '\'' | '‘' | '’' | '‚' | '«' | '»' | '‹' | '›' | '`'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

const fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&' | ',' | ':' | '/')
}

/// The char starting at byte `b` of `s`, if any (`b` is a char boundary).
#[inline]
pub(crate) fn char_at(s: &str, b: usize) -> Option<char> {
    match s.as_bytes().get(b) {
        Some(&x) if x < 0x80 => Some(x as char),
        Some(_) => s.get(b..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// Whether a word (without its final dot or possessive) is a number: digits
/// and joiners only.
fn is_number(word: &str) -> bool {
    // A word starts with a letter or digit: most start with a letter.
    word.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && word.chars().all(|c| c.is_ascii_digit() || is_joiner(c))
}

/// Byte classes for the tokenizer's ASCII paths.
const ALNUM: u8 = 1;
const JOINER: u8 = 2;
const SPACE: u8 = 4;
/// A lead or continuation byte of a non-ASCII char: decode it.
const NON_ASCII: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut x = 0;
    while x < 256 {
        let b = x as u8;
        t[x] = if b >= 0x80 {
            NON_ASCII
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(b, b' ' | b'\t'..=b'\r') {
            SPACE
        } else if is_joiner(b as char) {
            JOINER
        } else {
            0
        };
        x += 1;
    }
    t
};

/// The end of the run of ASCII letters and digits at `j`. Eight bytes at a
/// time: a byte loop mispredicted its exit at the end of every word, the
/// hottest spot of the tokenizer in the profile.
fn ascii_alnum_end(b: &[u8], mut j: usize) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    const fn splat(x: u8) -> u64 {
        u64::from_ne_bytes([x; 8])
    }
    // The high bit of each byte of `x` (all below 0x80) that is in lo..=hi;
    // no byte carries into the next.
    fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
        (x + splat(0x80 - lo)) & !(x + splat(0x7f - hi)) & HI
    }
    while let Some(chunk) = b.get(j..j + 8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(bytes);
        let ascii = !x & HI;
        let low7 = x & !HI;
        // `| 0x20` takes 'A'..='Z' onto 'a'..='z' and no other byte into
        // that range: one range test for both cases.
        let alnum = ascii & (in_range(low7, b'0', b'9') | in_range(low7 | splat(0x20), b'a', b'z'));
        let stop = !alnum & HI;
        if stop != 0 {
            return j + stop.trailing_zeros() as usize / 8;
        }
        j += 8;
    }
    while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
        j += 1;
    }
    j
}

/// Cuts `text[range]` into tokens of sentence `sentence`, appended to `out`.
///
/// Works on byte offsets with table-driven paths for ASCII: the profile
/// showed the former per-sentence `Vec<(usize, char)>` collect and
/// char-by-char decoding as the reader's top cost.
pub fn tokenize(text: &str, range: Range<usize>, sentence: usize, out: &mut Vec<Token>) {
    let base = range.start;
    let s = &text[range];
    let b = s.as_bytes();
    let class = |k: usize| b.get(k).map_or(0, |&x| CLASS[x as usize]);
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        let cx = CLASS[x as usize];
        if cx & SPACE != 0 {
            i += 1;
            continue;
        }
        if cx & ALNUM != 0 {
            // Most tokens are a plain run of ASCII letters and digits that
            // neither a joiner nor a non-ASCII char carries on: such a run
            // has no possessive, so it is pushed here without the general
            // path's char decoding and checks (which were most of the
            // tokenizer's instructions in the profile). A joiner carries
            // the run on only when a letter or digit (or a non-ASCII char,
            // which may be one) follows it: a word before ", " or ". " is
            // taken here too, a third of all words.
            let j = ascii_alnum_end(b, i + 1);
            let cj = class(j);
            let carries = cj & NON_ASCII != 0
                || (cj & JOINER != 0 && class(j + 1) & (ALNUM | NON_ASCII) != 0);
            if !carries {
                let run = b.get(i..j).unwrap_or_default();
                // A final dot after an abbreviation belongs to the word, as
                // in the general path below (the run holds no dot, so it is
                // not a dotted one).
                let mut end = j;
                if b.get(j) == Some(&b'.') {
                    let single_cap = matches!(run, [c] if c.is_ascii_uppercase());
                    if single_cap || s.get(i..j).is_some_and(|w| ABBREVIATIONS.contains(w)) {
                        end += 1;
                    }
                }
                // Only a run that starts with a digit can be all digits (a
                // check of every byte of every word showed in the profile).
                let number = x.is_ascii_digit() && run.iter().all(u8::is_ascii_digit);
                out.push(Token {
                    range: base + i..base + end,
                    kind: if number {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    },
                    sentence,
                });
                // The one space that usually follows, skipped here rather
                // than by another turn of the loop.
                i = if b.get(end) == Some(&b' ') {
                    end + 1
                } else {
                    end
                };
                continue;
            }
        } else if cx & NON_ASCII == 0 {
            // ASCII punctuation (white space was skipped above): the same
            // kinds as the general path's, without decoding a char.
            let quote = match x {
                b'"' | b'`' => true,
                b'\'' => !b.get(i + 1).is_some_and(u8::is_ascii_digit),
                _ => false,
            };
            out.push(Token {
                range: base + i..base + i + 1,
                kind: if quote {
                    TokenKind::Quote
                } else {
                    TokenKind::Punct
                },
                sentence,
            });
            i += 1;
            continue;
        }
        let Some(c) = char_at(s, i) else {
            break;
        };
        let w = c.len_utf8();
        let alnum = cx & ALNUM != 0 || (cx & NON_ASCII != 0 && c.is_alphanumeric());
        if !alnum && c.is_whitespace() {
            i += w;
            continue;
        }
        if alnum {
            let mut j = i + w;
            loop {
                j = ascii_alnum_end(b, j);
                // Only a joiner or a non-ASCII char can carry the word on.
                if class(j) & (JOINER | NON_ASCII) == 0 {
                    break;
                }
                let Some(d) = char_at(s, j) else {
                    break;
                };
                if d.is_alphanumeric() {
                    j += d.len_utf8();
                    continue;
                }
                if !is_joiner(d) {
                    break;
                }
                let after = j + d.len_utf8();
                let Some(e) = char_at(s, after).filter(|e| e.is_alphanumeric()) else {
                    break;
                };
                // Commas, colons and slashes join only digits ("1,000",
                // "10:30"). The byte before `j` is an ASCII digit only if
                // the char before is one.
                let digits = b.get(j - 1).is_some_and(u8::is_ascii_digit) && e.is_ascii_digit();
                if matches!(d, ',' | ':' | '/') && !digits {
                    break;
                }
                j = after + e.len_utf8();
            }
            let mut word = s.get(i..j).unwrap_or_default();
            // Possessive 's / ’s split off.
            let mut poss = None;
            if matches!(b.get(j - 1), Some(b's' | b'S')) {
                for suf in ["'s", "’s", "'S", "’S"] {
                    if word.len() > suf.len() && word.ends_with(suf) {
                        let k = j - suf.len();
                        poss = Some(k);
                        word = s.get(i..k).unwrap_or_default();
                        break;
                    }
                }
            }
            let mut end = poss.unwrap_or(j);
            // A final dot after an abbreviation belongs to the word.
            if poss.is_none() && b.get(j) == Some(&b'.') {
                let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
                let mut cs = word.chars();
                let single_cap =
                    matches!((cs.next(), cs.next()), (Some(a), None) if a.is_uppercase());
                if dotted || single_cap || ABBREVIATIONS.contains(word) {
                    end += 1;
                    j += 1;
                }
            }
            let kind = if is_number(word) {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                range: base + i..base + end,
                kind,
                sentence,
            });
            if let Some(k) = poss {
                out.push(Token {
                    range: base + k..base + j,
                    kind: TokenKind::Word,
                    sentence,
                });
            }
            i = j;
            continue;
        }
        let kind = if is_quote_mark(c)
            && !(is_apostrophe(c) && b.get(i + w).is_some_and(u8::is_ascii_digit))
        {
            TokenKind::Quote
        } else {
            TokenKind::Punct
        };
        out.push(Token {
            range: base + i..base + i + w,
            kind,
            sentence,
        });
        i += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize(t, 0..t.len(), 0, &mut v);
        v.iter().map(|k| &t[k.range.clone()]).collect()
    }

    #[test]
    fn words_keep_inner_joiners() {
        assert_eq!(
            toks("al-Assad don’t U.S.-based"),
            vec!["al-Assad", "don’t", "U.S.", "-", "based"] // the name ends at "U.S."
        );
    }

    #[test]
    fn possessive_splits_off() {
        assert_eq!(toks("Putin’s demand"), vec!["Putin", "’s", "demand"]);
        assert_eq!(toks("Russia's war."), vec!["Russia", "'s", "war", "."]);
    }

    #[test]
    fn abbreviations_keep_their_dot() {
        assert_eq!(
            toks("the U.S. and Gen. Smith left."),
            vec!["the", "U.S.", "and", "Gen.", "Smith", "left", "."]
        );
    }

    #[test]
    fn numbers_and_quotes() {
        assert_eq!(
            toks("“90% done,” 1,000 and 1996-08-30"),
            vec![
                "“",
                "90",
                "%",
                "done",
                ",",
                "”",
                "1,000",
                "and",
                "1996-08-30"
            ]
        );
    }

    /// The tokenizer as it was before the byte-offset rewrite, kept to
    /// check that the two agree.
    fn tokenize_reference(text: &str, range: Range<usize>, sentence: usize, out: &mut Vec<Token>) {
        let s = &text[range.clone()];
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        let n = chars.len();
        let abs = |k: usize| -> usize { range.start + if k < n { chars[k].0 } else { s.len() } };
        while i < n {
            let c = chars[i].1;
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if c.is_alphanumeric() {
                let mut j = i + 1;
                while j < n {
                    let d = chars[j].1;
                    if d.is_alphanumeric() {
                        j += 1;
                    } else if is_joiner(d) && j + 1 < n && chars[j + 1].1.is_alphanumeric() {
                        // Commas, colons and slashes join only digits ("1,000", "10:30").
                        let digits =
                            chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit();
                        if matches!(d, ',' | ':' | '/') && !digits {
                            break;
                        }
                        j += 2;
                    } else {
                        break;
                    }
                }
                let mut word = &text[abs(i)..abs(j)];
                // Possessive 's / ’s split off.
                let mut poss = None;
                for suf in ["'s", "’s", "'S", "’S"] {
                    if word.len() > suf.len() && word.ends_with(suf) {
                        let k = j - 2;
                        poss = Some(k);
                        word = &text[abs(i)..abs(k)];
                        break;
                    }
                }
                let end = poss.unwrap_or(j);
                // A final dot after an abbreviation belongs to the word.
                let mut end_byte = abs(end);
                if poss.is_none() && j < n && chars[j].1 == '.' {
                    let dotted =
                        word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
                    let single_cap =
                        word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                    if dotted || single_cap || ABBREVIATIONS.contains(word) {
                        end_byte += 1;
                        j += 1;
                    }
                }
                let kind = if word.chars().all(|c| c.is_ascii_digit() || is_joiner(c)) {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                out.push(Token {
                    range: abs(i)..end_byte,
                    kind,
                    sentence,
                });
                if let Some(k) = poss {
                    out.push(Token {
                        range: abs(k)..abs(k + 2),
                        kind: TokenKind::Word,
                        sentence,
                    });
                }
                i = j;
                continue;
            }
            let kind = if is_quote_mark(c)
                && !(is_apostrophe(c) && i + 1 < n && chars[i + 1].1.is_ascii_digit())
            {
                TokenKind::Quote
            } else {
                TokenKind::Punct
            };
            out.push(Token {
                range: abs(i)..abs(i + 1),
                kind,
                sentence,
            });
            i += 1;
        }
    }

    /// Text built from words, numbers and the characters the tokenizer
    /// treats specially.
    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        const PARTS: &[&str] = &[
            "a", "U", "S", "s", "Gen", "Mr", "abc", "don", "1996", "3", "10", "é", "É", "ß", "١٢",
            "x\u{301}", ".", ".", ".", ".", " ", " ", ",", ":", "/", "'", "’", "‐", "-", "&", "!",
            "?", "`", "«", "\"", "“", "”", "‘", "'s", "’s", "'S", "\u{a0}", "\u{2003}", "\n", "\t",
        ];
        proptest::collection::vec(proptest::sample::select(PARTS), 0..24).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn ascii_runs(t in "[ -~é\t\n]{0,40}", from in 0usize..40) {
            let b = t.as_bytes();
            let from = from.min(b.len());
            let mut want = from;
            while b.get(want).is_some_and(u8::is_ascii_alphanumeric) {
                want += 1;
            }
            proptest::prop_assert_eq!(ascii_alnum_end(b, from), want);
        }

        #[test]
        fn same_tokens_as_before(t in tricky()) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            tokenize(&t, 0..t.len(), 3, &mut a);
            tokenize_reference(&t, 0..t.len(), 3, &mut b);
            let key = |v: &[Token]| v.iter().map(|k| (k.range.clone(), k.kind, k.sentence)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(key(&a), key(&b));
        }
    }
}
