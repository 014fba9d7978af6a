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

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&' | ',' | ':' | '/')
}

pub fn tokenize(text: &str, range: Range<usize>, sentence: usize, out: &mut Vec<Token>) {
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
                    let digits = chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit();
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
                let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
                let single_cap = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
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
}
