//! One span type for every annotation: byte offsets for working on the
//! `&str`, Unicode code point offsets for the output contract (so that
//! Python's `text[start:end]` returns the span).
//!
//! Stages work in byte ranges, which are cheap to slice; [`CharMap`] turns a
//! byte offset into a code point offset in `O(log n)` where `n` is the number
//! of non-ASCII characters, and in `O(1)` for ASCII text.

use std::ops::Range;

/// The offset of the first byte of `b` that is not ASCII, eight bytes at a
/// time.
fn first_non_ascii(b: &[u8]) -> Option<usize> {
    let mut chunks = b.chunks_exact(8);
    for (n, chunk) in chunks.by_ref().enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let hi = u64::from_le_bytes(bytes) & 0x8080_8080_8080_8080;
        if hi != 0 {
            return Some(n * 8 + hi.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&x| x >= 0x80)
        .map(|k| b.len() - tail.len() + k)
}

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
        // From one non-ASCII lead byte to the next, eight bytes at a time,
        // not a `char_indices` walk over all text with a pound sign or a
        // curly quote (a few percent of the reader's profile).
        let b = text.as_bytes();
        let mut checkpoints = Vec::new();
        let (mut byte, mut chars) = (0, 0);
        while let Some(off) = b.get(byte..).and_then(first_non_ascii) {
            let w = match b[byte + off] {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            byte += off + w;
            chars += off + 1;
            checkpoints.push((byte, chars));
        }
        CharMap {
            checkpoints,
            len_bytes: text.len(),
        }
    }

    /// The number of multi-byte characters.
    pub fn multibyte_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The last byte of the `k`-th multi-byte character, if any. A range on
    /// char boundaries holds a non-ASCII byte exactly when it holds one of
    /// these (the lowercase forms use them rather than scan the text
    /// again).
    #[inline]
    pub fn multibyte_end(&self, k: usize) -> Option<usize> {
        self.checkpoints.get(k).map(|&(b, _)| b - 1)
    }

    /// How many multi-byte characters have their last byte before byte
    /// `at`.
    pub fn multibyte_before(&self, at: usize) -> usize {
        self.checkpoints.partition_point(|&(b, _)| b - 1 < at)
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

    #[test]
    fn checkpoints_as_char_indices_give_them() {
        let text = "£5 “x” é\u{10348}a\u{7ff}\u{800}\u{ffff}b";
        let mut want = Vec::new();
        for (chars, (byte, ch)) in text.char_indices().enumerate() {
            if ch.len_utf8() > 1 {
                want.push((byte + ch.len_utf8(), chars + 1));
            }
        }
        assert_eq!(CharMap::new(text).checkpoints, want);
        assert!(CharMap::new("ascii").checkpoints.is_empty());
        for k in 0..20 {
            let t = "a".repeat(k) + "é" + &"b".repeat(k);
            assert_eq!(first_non_ascii(t.as_bytes()), Some(k));
            assert_eq!(first_non_ascii(&t.as_bytes()[..k]), None);
        }
    }
}
