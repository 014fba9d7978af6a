//! One span type for every annotation: byte offsets for working on the
//! `&str`, Unicode code point offsets for the output contract (so that
//! Python's `text[start:end]` returns the span).
//!
//! Stages work in byte ranges, which are cheap to slice; [`CharMap`] turns a
//! byte offset into a code point offset in `O(log n)` where `n` is the number
//! of non-ASCII characters, and in `O(1)` for ASCII text.

use std::ops::Range;

/// A span of the input text in both units.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub byte: Range<usize>,
    pub char: Range<usize>,
}

/// Maps byte offsets to code point offsets.
///
/// It keeps a checkpoint after every multi-byte character: between two
/// checkpoints every character is one byte, so the code point offset is the
/// checkpoint's plus the distance in bytes.
#[derive(Clone, Debug, Default)]
pub struct CharMap {
    /// `(byte offset, char offset)` just after each multi-byte character.
    checkpoints: Vec<(usize, usize)>,
    len_bytes: usize,
}

impl CharMap {
    pub fn new(text: &str) -> CharMap {
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            for (chars, (byte, ch)) in text.char_indices().enumerate() {
                let w = ch.len_utf8();
                if w > 1 {
                    checkpoints.push((byte + w, chars + 1));
                }
            }
        }
        CharMap {
            checkpoints,
            len_bytes: text.len(),
        }
    }

    /// The code point offset of byte offset `byte`, which must be on a char
    /// boundary (every range a stage makes is).
    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.len_bytes);
        let i = self.checkpoints.partition_point(|&(b, _)| b <= byte);
        if i == 0 {
            byte
        } else {
            let (b, c) = self.checkpoints[i - 1];
            c + (byte - b)
        }
    }

    pub fn span(&self, byte: Range<usize>) -> Span {
        let char = self.char_of(byte.start)..self.char_of(byte.end);
        Span { byte, char }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        let m = CharMap::new("hello world");
        assert_eq!(m.char_of(0), 0);
        assert_eq!(m.char_of(5), 5);
        assert_eq!(m.char_of(11), 11);
    }

    #[test]
    fn multibyte_counts_code_points() {
        // "€" is 3 bytes, "😀" is 4 bytes and one code point (two in UTF-16).
        let text = "a€b😀c";
        let m = CharMap::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(m.char_of(bi), ci, "byte {bi}");
        }
        assert_eq!(m.char_of(text.len()), 5);
        let b = text.find('c').unwrap();
        assert_eq!(m.span(b..b + 1).char, 4..5);
    }
}
