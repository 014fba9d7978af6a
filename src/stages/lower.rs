//! Lowercase forms of words without an allocation per word.

use std::borrow::Cow;

/// `s.to_lowercase()`, borrowed when `s` is already lowercase ASCII (most
/// words of a text: a per-token `to_lowercase` was a top profile entry).
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_to_lowercase() {
        for w in ["said", "Said", "U.S.", "ÉCOLE", "Straße", "ΟΔΟΣ", "", "x-Y"] {
            assert_eq!(lower(w), w.to_lowercase());
        }
        assert!(matches!(lower("said"), Cow::Borrowed(_)));
    }
}
