//! The reader: text in, a [`Document`] with its layout out.
//!
//! 1. [`layout`] cuts the text into paragraphs at blank lines (and at a line
//!    break after a sentence end) and gives each a section: headline,
//!    headings, summary, context, byline, body, boilerplate.
//! 2. [`sentences`] cuts each paragraph into sentences; abbreviations and
//!    initials do not end a sentence.
//! 3. [`tokens`] cuts each sentence into words, numbers, quote marks and
//!    punctuation.
//!
//! Every rule is general to news layout: none is keyed to one article.

pub mod layout;
pub mod sentences;
pub mod tokens;

use crate::doc::{Document, Lower, Sentence};
use crate::span::CharMap;

pub fn read(text: &str) -> Document<'_> {
    let (paragraphs, sections, headline) = layout::layout(text);
    let mut doc = Document {
        text,
        chars: CharMap::new(text),
        sections,
        paragraphs,
        // About one token per five bytes of news text, one sentence per
        // hundred: reserved once, as growing the vectors showed in the
        // profile (reallocs and copies).
        sentences: Vec::with_capacity(text.len() / 100 + 4),
        tokens: Vec::with_capacity(text.len() / 5 + 16),
        lower: Lower::default(),
        headline,
        entities: Vec::new(),
        quotes: Vec::new(),
        quoted_terms: Vec::new(),
        claims: Vec::new(),
    };
    let mut ranges = Vec::new();
    for pi in 0..doc.paragraphs.len() {
        let first = doc.sentences.len();
        ranges.clear();
        sentences::split_into(text, doc.paragraphs[pi].range.clone(), &mut ranges);
        for range in ranges.drain(..) {
            let si = doc.sentences.len();
            let t0 = doc.tokens.len();
            tokens::tokenize(text, range.clone(), si, &mut doc.tokens);
            doc.sentences.push(Sentence {
                range,
                paragraph: pi,
                tokens: t0..doc.tokens.len(),
            });
        }
        doc.paragraphs[pi].sentences = first..doc.sentences.len();
    }
    doc.lower = Lower::new(text, &doc.tokens, &doc.chars);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::SectionKind;

    const ARTICLE: &str = "Envoy Plans Talks With Leaders\n\nSummary\n\nThe envoy will meet leaders.\n\nWhy this matters\n\nThe talks could matter.\n\nThe envoy said on Monday that Gen. Smith would attend. He left.\n\nGet Our Daily Updates\n\nNews delivered to your inbox\n\nWe don't spam! Read our privacy policy.";

    #[test]
    fn sections_in_order() {
        let doc = read(ARTICLE);
        let kinds: Vec<_> = doc.sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![
                SectionKind::Headline,
                SectionKind::Summary,
                SectionKind::Context,
                SectionKind::Body,
                SectionKind::Boilerplate
            ]
        );
        assert_eq!(
            doc.slice(doc.headline.as_ref().unwrap()),
            "Envoy Plans Talks With Leaders"
        );
        let bp = doc.sections.last().unwrap();
        assert!(doc.slice(&bp.range).starts_with("Get Our Daily Updates"));
        assert!(doc.slice(&bp.range).ends_with("privacy policy."));
    }

    #[test]
    fn sentences_and_tokens_nest() {
        let doc = read(ARTICLE);
        for s in &doc.sentences {
            let p = &doc.paragraphs[s.paragraph];
            assert!(p.range.start <= s.range.start && s.range.end <= p.range.end);
            for t in &doc.tokens[s.tokens.clone()] {
                assert!(s.range.start <= t.range.start && t.range.end <= s.range.end);
            }
        }
        let said: Vec<_> = doc
            .sentences
            .iter()
            .map(|s| doc.slice(&s.range))
            .filter(|s| s.contains("Smith"))
            .collect();
        assert_eq!(
            said,
            vec!["The envoy said on Monday that Gen. Smith would attend."]
        );
    }

    #[test]
    fn lowercase_forms_of_every_token() {
        let text = "ÉCOLE Officials Said the Straße plan, „Über“ and ΣΟΦΊΑ cost £5 MILLION.\n\nİstanbul's ΌΣΟΣ plain WORDS.";
        let doc = read(text);
        assert_eq!(doc.lower.spans.len(), doc.tokens.len());
        for (i, t) in doc.tokens.iter().enumerate() {
            assert_eq!(doc.lower.get(i), doc.slice(&t.range).to_lowercase());
        }
        assert_eq!(doc.lower.get(doc.tokens.len()), "");
    }

    const PIECES: &[&str] = &[
        "A",
        "b",
        "Σ",
        "ΌΣ",
        "İ",
        "ß",
        "É",
        "£5",
        "“",
        "”",
        " ",
        "\n\n",
        ".",
        "K\u{212a}",
        "x\u{301}",
        "😀",
        "Ab",
        "CD",
    ];

    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn lowercase_forms_of_any_text(
            t in pieces()
        ) {
            let doc = read(&t);
            proptest::prop_assert_eq!(doc.lower.spans.len(), doc.tokens.len());
            for (i, tok) in doc.tokens.iter().enumerate() {
                proptest::prop_assert_eq!(doc.lower.get(i), doc.slice(&tok.range).to_lowercase());
            }
        }
    }

    #[test]
    fn empty_and_blank_text() {
        for t in ["", "   ", "\n\n\r\n", "\u{feff}"] {
            let doc = read(t);
            assert!(doc.sentences.iter().all(|s| !s.range.is_empty()));
        }
    }
}
