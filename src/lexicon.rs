//! Word lists and patterns from `data/`, embedded at compile time and parsed
//! once on first use. Provenance of each file: `data/README.md`.

use std::sync::LazyLock;

use regex::{Regex, RegexSet, RegexSetBuilder};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::doc::SectionKind;

/// The meaningful lines of a data file: trimmed, without blanks and `#` comments.
pub fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Words whose final dot does not end a sentence ("Mr", "Gen", "Jan").
pub static ABBREVIATIONS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| lines(include_str!("../data/abbreviations.txt")).collect());

/// Heading lines and the kind of section they open, keyed in lowercase.
pub static HEADINGS: LazyLock<FxHashMap<String, SectionKind>> = LazyLock::new(|| {
    lines(include_str!("../data/headings.tsv"))
        .filter_map(|l| {
            let (h, k) = l.split_once('\t')?;
            let kind = match k.trim() {
                "summary" => SectionKind::Summary,
                "context" => SectionKind::Context,
                _ => SectionKind::Body,
            };
            Some((h.trim().to_lowercase(), kind))
        })
        .collect()
});

/// Boilerplate paragraph patterns.
pub static BOILERPLATE: LazyLock<Boilerplate> = LazyLock::new(|| {
    let patterns: Vec<&str> = lines(include_str!("../data/boilerplate.txt")).collect();
    let set = |ps: &[String]| {
        RegexSetBuilder::new(ps)
            .case_insensitive(true)
            .build()
            .expect("data/boilerplate.txt holds valid regular expressions")
    };
    let unicode: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
    let ascii: Vec<String> = patterns.iter().map(|p| ascii_boundaries(p)).collect();
    Boilerplate {
        unicode: set(&unicode),
        ascii: set(&ascii),
        non_ascii_word: re(r"[\w&&[^\x00-\x7F]]"),
    }
});

/// The boilerplate patterns, compiled twice: as written, and with ASCII word
/// boundaries. A Unicode `\b` keeps the regex crate off its DFA on any
/// non-ASCII byte (a slow PikeVM scan of every paragraph with a curly quote
/// or a pound sign: a profile's top entry); the two agree on every text
/// without a non-ASCII word character, which is nearly all news.
pub struct Boilerplate {
    unicode: RegexSet,
    ascii: RegexSet,
    non_ascii_word: Regex,
}

impl Boilerplate {
    /// Whether any pattern matches somewhere in `s`.
    pub fn is_match(&self, s: &str) -> bool {
        if s.is_ascii() || !self.non_ascii_word.is_match(s) {
            self.ascii.is_match(s)
        } else {
            self.unicode.is_match(s)
        }
    }
}

/// `pattern` with each `\b` made an ASCII word boundary, `(?-u:\b)`.
fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(d) => {
                out.push(c);
                out.push(d);
            }
            None => out.push(c),
        }
    }
    out
}

/// Speech cues: each form as written (lowercase, maybe several words) and
/// its lemma ("said" -> "say", "according to" -> "according to").
pub static CUE_VERBS: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m = FxHashMap::default();
    for l in lines(include_str!("../data/cue_verbs.txt")) {
        if let Some((lemma, forms)) = l.split_once(':') {
            // Multi-word forms are listed whole after the colon when the
            // lemma has several words; single-word forms are split.
            if lemma.contains(' ') {
                for f in forms.split(',').flat_map(|f| {
                    let ws: Vec<&str> = f.split_whitespace().collect();
                    let n = lemma.split_whitespace().count();
                    ws.chunks(n).map(|c| c.join(" ")).collect::<Vec<_>>()
                }) {
                    // Leaked to live with the table, only when new (a
                    // repeated form would leak a copy nothing points to).
                    if let Some(l) = m.get_mut(f.as_str()) {
                        *l = lemma.trim();
                    } else {
                        m.insert(&*Box::leak(f.into_boxed_str()), lemma.trim());
                    }
                }
            } else {
                for f in forms.split_whitespace() {
                    m.insert(f, lemma.trim());
                }
            }
        }
    }
    m
});

/// The first word of every speech cue form ("according" of "according to").
pub static CUE_FIRST_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    CUE_VERBS
        .keys()
        .filter_map(|f| f.split(' ').next())
        .collect()
});

/// Builds a regex from a literal pattern in the source; a bad pattern is a
/// programming error caught by the unit tests.
pub fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        assert!(ABBREVIATIONS.contains("Gen"));
        assert_eq!(
            HEADINGS.get("why this matters"),
            Some(&SectionKind::Context)
        );
        assert!(BOILERPLATE.is_match("Read our privacy policy for more info."));
        assert!(!BOILERPLATE.is_match("The policy was debated in the Senate."));
        // A non-ASCII word character next to a cue word: the Unicode patterns
        // decide ("énewsletter" has no word boundary before "newsletter").
        assert!(!BOILERPLATE.is_match("Une énewsletter “gratuite”."));
        assert!(BOILERPLATE.is_match("Get our newsletter “free”, £5 off."));
        assert_eq!(ascii_boundaries(r"\bx\\b\d"), r"(?-u:\b)x\\b\d");
        assert_eq!(CUE_VERBS.get("said"), Some(&"say"));
        assert_eq!(CUE_VERBS.get("according to"), Some(&"according to"));
        assert_eq!(CUE_VERBS.get("pointed out"), Some(&"point out"));
    }
}
