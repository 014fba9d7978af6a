//! Word lists and patterns from `data/`, embedded at compile time and parsed
//! once on first use. Provenance of each file: `data/README.md`.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexBuilder};
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
    let patterns: Vec<Pattern> = lines(include_str!("../data/boilerplate.txt"))
        .map(|p| Pattern {
            source: p,
            cue: CUES
                .iter()
                .find(|(q, _)| *q == p)
                .map_or(Cue::Always, |&(_, c)| c),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        })
        .collect();
    // One automaton over every word a pattern needs somewhere, and the two
    // chars whose case folds into ASCII letters (see `Cue`).
    let mut needles: Vec<&[u8]> = vec!["\u{17F}".as_bytes(), "\u{212A}".as_bytes()];
    let mut owner = vec![usize::MAX, usize::MAX];
    for (i, p) in patterns.iter().enumerate() {
        if let Cue::Anywhere(words) = p.cue {
            for w in words {
                needles.push(w.as_bytes());
                owner.push(i);
            }
        }
    }
    let words = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&needles)
        .expect("a few short literal words build an automaton");
    Boilerplate {
        patterns,
        words,
        owner,
        non_ascii_word: OnceLock::new(),
    }
});

/// What every match of a boilerplate pattern holds (compared in ASCII
/// lowercase; the words as exact as the pattern allows, as each pattern
/// compiled costs 1 to 4 M instructions): checked first, so that a pattern's regex is compiled and run
/// only for a paragraph that could match it. Compiling the patterns as one
/// `RegexSet` (twice) was about a third of the instructions of a one-article
/// run, and running it over every short paragraph a tenth of the reader.
///
/// The regexes fold case by Unicode rules, under which only two non-ASCII
/// chars match an ASCII letter: `ſ` (`s`) and the Kelvin sign (`k`)
/// (`only_two_chars_fold_into_ascii_letters` checks it). A paragraph with
/// either runs every pattern.
#[derive(Clone, Copy, Debug)]
enum Cue {
    /// One of these words stands somewhere in every match.
    Anywhere(&'static [&'static str]),
    /// Every match starts the paragraph (after white space) with one of these.
    Start(&'static [&'static str]),
    /// No cue known: always run the regex.
    Always,
}

/// The cue of each pattern of `data/boilerplate.txt`, keyed by the pattern
/// as written; a pattern not listed here (a new line in the file) gets
/// `Cue::Always`, so that it stays correct, only slower.
const CUES: &[(&str, Cue)] = &[
    (
        r"\b(sign up|subscribe)\b.*\b(newsletter|updates|inbox|alerts|email)",
        Cue::Anywhere(&["sign up", "subscribe"]),
    ),
    (
        r"\b(our|weekly|daily|free|email)\s+newsletters?\b",
        Cue::Anywhere(&["newsletter"]),
    ),
    (
        r"\bdelivered (straight )?to your inbox\b",
        Cue::Anywhere(&["to your inbox"]),
    ),
    (
        r"\b(our|read|see|view|review)\b.{0,20}\bprivacy (policy|notice|statement)\b",
        Cue::Anywhere(&["privacy policy", "privacy notice", "privacy statement"]),
    ),
    (
        r"\bcookie(s)? (policy|settings|preferences)\b",
        Cue::Anywhere(&[
            "cookie policy",
            "cookie settings",
            "cookie preferences",
            "cookies policy",
            "cookies settings",
            "cookies preferences",
        ]),
    ),
    (r"\bwe use cookies\b", Cue::Anywhere(&["we use cookies"])),
    (
        r"\bterms (of (use|service)|and conditions)\b",
        Cue::Anywhere(&["terms of use", "terms of service", "terms and conditions"]),
    ),
    (
        r"(©|\(c\)|copyright)\s*(\d{4}|by\b)",
        Cue::Anywhere(&["©", "(c)", "copyright"]),
    ),
    (
        r"\ball rights reserved\b",
        Cue::Anywhere(&["all rights reserved"]),
    ),
    (
        r"^\s*(read|see) (more|the rest|the full story|full story|also)\b.{0,60}$",
        Cue::Start(&[
            "read more",
            "read the rest",
            "read the full story",
            "read full story",
            "read also",
            "see more",
            "see the rest",
            "see the full story",
            "see full story",
            "see also",
        ]),
    ),
    (
        r"^\s*(share|tweet|email|print) (this|on)\b.{0,80}$",
        Cue::Start(&[
            "share this",
            "share on",
            "tweet this",
            "tweet on",
            "email this",
            "email on",
            "print this",
            "print on",
        ]),
    ),
    (
        r"^\s*share this (article|story|post)",
        Cue::Start(&["share this "]),
    ),
    (r"^\s*click here\b", Cue::Start(&["click here"])),
    (
        r"^\s*(follow|like) us on\b",
        Cue::Start(&["follow us on", "like us on"]),
    ),
    (r"\bwe don.t spam\b", Cue::Anywhere(&["we don"])),
    (
        r"^\s*(advertisement|sponsored( content)?)\s*$",
        Cue::Start(&["advertisement", "sponsored"]),
    ),
    (
        r"^\s*(related|recommended)( (stories|articles|content|coverage))?:?\s*$",
        Cue::Start(&["related", "recommended"]),
    ),
    (r"^\s*--?\s*additional reporting\b", Cue::Start(&["-"])),
    (
        r"^\s*\(?(reporting|additional reporting|writing|editing) by\b",
        Cue::Start(&[
            "reporting by",
            "additional reporting by",
            "writing by",
            "editing by",
            "(reporting by",
            "(additional reporting by",
            "(writing by",
            "(editing by",
        ]),
    ),
    (r"^\s*<tweet\b", Cue::Start(&["<tweet"])),
    (r"^\s*pic\.twitter\.com/", Cue::Start(&["pic.twitter.com/"])),
];

/// One boilerplate pattern, compiled on first need, as written and with
/// ASCII word boundaries. A Unicode `\b` keeps the regex crate off its DFA
/// on any non-ASCII byte (a slow PikeVM scan of every paragraph with a
/// curly quote or a pound sign: a profile's top entry); the two agree on
/// every text without a non-ASCII word character, which is nearly all news.
struct Pattern {
    source: &'static str,
    cue: Cue,
    ascii: OnceLock<Regex>,
    unicode: OnceLock<Regex>,
}

impl Pattern {
    fn is_match(&self, s: &str, ascii: bool) -> bool {
        let build = |p: &str| {
            RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .expect("data/boilerplate.txt holds valid regular expressions")
        };
        if ascii {
            self.ascii
                .get_or_init(|| build(&ascii_boundaries(self.source)))
                .is_match(s)
        } else {
            self.unicode.get_or_init(|| build(self.source)).is_match(s)
        }
    }
}

/// The boilerplate patterns: whether a paragraph matches any of them.
pub struct Boilerplate {
    patterns: Vec<Pattern>,
    /// The words of every `Cue::Anywhere`, and `ſ` and `K` first.
    words: AhoCorasick,
    /// For each word of `words`, the pattern it is a cue of (`usize::MAX`
    /// for the two chars that make every pattern a candidate).
    owner: Vec<usize>,
    non_ascii_word: OnceLock<Regex>,
}

impl Boilerplate {
    /// Whether any pattern matches somewhere in `s`.
    pub fn is_match(&self, s: &str) -> bool {
        // Which patterns could match: a bit each (more than 64 patterns
        // are all candidates).
        let mut candidates: u64 = 0;
        let mut every = self.patterns.len() > 64;
        // Most paragraphs hold none of the words: one plain search says so
        // (about half the cost of the overlapping one, which names them all).
        if self.words.is_match(s) {
            for m in self.words.find_overlapping_iter(s) {
                match self.owner.get(m.pattern().as_usize()) {
                    Some(&i) if i < 64 => candidates |= 1 << i,
                    _ => every = true,
                }
            }
        }
        let head = s.trim_start().as_bytes();
        let mut ascii = None;
        for (i, p) in self.patterns.iter().enumerate() {
            let candidate = every
                || match p.cue {
                    Cue::Anywhere(_) => candidates & (1 << i) != 0,
                    Cue::Start(words) => words.iter().any(|w| {
                        head.get(..w.len())
                            .is_some_and(|h| h.eq_ignore_ascii_case(w.as_bytes()))
                    }),
                    Cue::Always => true,
                };
            if !candidate {
                continue;
            }
            let ascii = *ascii.get_or_insert_with(|| {
                s.is_ascii()
                    || !self
                        .non_ascii_word
                        .get_or_init(|| re(r"[\w&&[^\x00-\x7F]]"))
                        .is_match(s)
            });
            if p.is_match(s, ascii) {
                return true;
            }
        }
        false
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

    /// The assumption behind `Cue`: under the regexes' case folding, the
    /// only non-ASCII chars that match an ASCII letter are `ſ` and `K`.
    #[test]
    fn only_two_chars_fold_into_ascii_letters() {
        let letter = re(r"(?i)^[a-z]$");
        let mut buf = [0u8; 4];
        let folding: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| letter.is_match(c.encode_utf8(&mut buf)))
            .collect();
        assert_eq!(folding, vec!['\u{17F}', '\u{212A}']);
    }

    #[test]
    fn every_boilerplate_pattern_has_a_cue() {
        for p in &BOILERPLATE.patterns {
            assert!(!matches!(p.cue, Cue::Always), "no cue for {}", p.source);
        }
    }

    /// The patterns as one set, as they were matched before the cues.
    fn reference(s: &str) -> bool {
        static SETS: LazyLock<(regex::RegexSet, regex::RegexSet, Regex)> = LazyLock::new(|| {
            let ps: Vec<&str> = lines(include_str!("../data/boilerplate.txt")).collect();
            let set = |ps: &[String]| {
                regex::RegexSetBuilder::new(ps)
                    .case_insensitive(true)
                    .build()
                    .unwrap()
            };
            let unicode: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
            let ascii: Vec<String> = ps.iter().map(|p| ascii_boundaries(p)).collect();
            (set(&unicode), set(&ascii), re(r"[\w&&[^\x00-\x7F]]"))
        });
        let (unicode, ascii, non_ascii_word) = &*SETS;
        if s.is_ascii() || !non_ascii_word.is_match(s) {
            ascii.is_match(s)
        } else {
            unicode.is_match(s)
        }
    }

    /// Text built from the patterns' words, their near misses, and the
    /// chars that fold into ASCII letters.
    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        const PARTS: &[&str] = &[
            "sign up",
            "SIGN UP",
            "ſign up",
            "subscribe",
            "newsletter",
            "NEWSLETTERS",
            "our",
            "daily",
            "free",
            "email",
            "inbox",
            "to your inbox",
            "delivered",
            "straight",
            "privacy",
            "policy",
            "notice",
            "read",
            "see",
            "view",
            "review",
            "cookie",
            "cookies",
            "cooKie",
            "settings",
            "we use",
            "terms",
            "of",
            "use",
            "service",
            "and conditions",
            "©",
            "(c)",
            "(C)",
            "copyright",
            "2024",
            "by",
            "all rights reserved",
            "more",
            "the rest",
            "full story",
            "also",
            "share",
            "tweet",
            "print",
            "this",
            "on",
            "article",
            "click here",
            "follow",
            "like",
            "us",
            "we don't spam",
            "we don’t spam",
            "advertisement",
            "sponsored",
            "content",
            "related",
            "recommended",
            "stories",
            ":",
            "-",
            "--",
            "additional",
            "reporting",
            "writing",
            "editing",
            "(",
            "<tweet",
            "pic.twitter.com/",
            "é",
            "£",
            "“",
            "\u{212A}",
            "\u{17F}",
            " ",
            " ",
            " ",
            "\n",
            "\u{a0}",
            "\u{2003}",
            ".",
            "x",
            "preferences",
            "statement",
            "the full story",
            "(reporting by",
            "Read more",
        ];
        proptest::collection::vec(proptest::sample::select(PARTS), 0..16).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn cues_miss_no_match(t in tricky()) {
            proptest::prop_assert_eq!(BOILERPLATE.is_match(&t), reference(&t), "{:?}", t);
        }
    }

    #[test]
    fn cues_miss_no_match_on_footers() {
        for t in [
            "Read more about it here",
            "  SEE ALSO: the archive",
            "Share this article",
            "\u{2003}Tweet this",
            "(Reporting by Ann Lee; Editing by Bo Chan)",
            "-- Additional reporting by Ann Lee",
            "Advertisement",
            "Related stories:",
            "<tweet id=1>",
            "pic.twitter.com/abc",
            "Copyright 2024 Acme",
            "© 2024",
            "We use cookies.",
            "Terms of Service",
            "All rights reserved.",
            "Sign up for our daily newsletter",
            "ſhare this story",
            "Follow us on the web",
            "Click here",
            "We don’t spam!",
            "Sponsored content",
            "The terms of the deal were not disclosed.",
            "He said he would read more books.",
        ] {
            assert_eq!(BOILERPLATE.is_match(t), reference(t), "{t:?}");
        }
    }
}
