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
pub static BOILERPLATE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(lines(include_str!("../data/boilerplate.txt")))
        .case_insensitive(true)
        .build()
        .expect("data/boilerplate.txt holds valid regular expressions")
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
    }
}
