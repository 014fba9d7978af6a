//! Word lists and patterns from `data/`, embedded at compile time and parsed
//! once on first use. Provenance of each file: `data/README.md`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::{Regex, RegexSet, RegexSetBuilder};

use crate::doc::SectionKind;

/// The meaningful lines of a data file: trimmed, without blanks and `#` comments.
pub fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Words whose final dot does not end a sentence ("Mr", "Gen", "Jan").
pub static ABBREVIATIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| lines(include_str!("../data/abbreviations.txt")).collect());

/// Heading lines and the kind of section they open, keyed in lowercase.
pub static HEADINGS: LazyLock<HashMap<String, SectionKind>> = LazyLock::new(|| {
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
///
/// `\b` is read as an ASCII word boundary: with Unicode boundaries the set
/// cannot run on the lazy DFA and every paragraph of every article went
/// through the slow PikeVM (a third of the whole run's time; 35x slower on
/// the BBC corpus). The patterns are English phrases, so nothing is lost.
pub static BOILERPLATE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(
        lines(include_str!("../data/boilerplate.txt")).map(|p| p.replace(r"\b", r"(?-u:\b)")),
    )
    .case_insensitive(true)
    .build()
    .expect("data/boilerplate.txt holds valid regular expressions")
});

/// Speech cues: each form as written (lowercase, maybe several words) and
/// its lemma ("said" -> "say", "according to" -> "according to").
pub static CUE_VERBS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for l in lines(include_str!("../data/cue_verbs.txt")) {
        if let Some((lemma, forms)) = l.split_once(':') {
            // Multi-word forms are listed whole after the colon when the
            // lemma has several words; single-word forms are split.
            if lemma.contains(' ') {
                for f in forms.split(|c| c == ',').flat_map(|f| {
                    let ws: Vec<&str> = f.split_whitespace().collect();
                    let n = lemma.split_whitespace().count();
                    ws.chunks(n).map(|c| c.join(" ")).collect::<Vec<_>>()
                }) {
                    m.insert(&*Box::leak(f.into_boxed_str()), lemma.trim());
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
        assert_eq!(CUE_VERBS.get("said"), Some(&"say"));
        assert_eq!(CUE_VERBS.get("according to"), Some(&"according to"));
        assert_eq!(CUE_VERBS.get("pointed out"), Some(&"point out"));
    }
}
