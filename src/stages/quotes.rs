//! Quotes: quotations between double quote marks and their speakers.
//!
//! A first, simple stage: pairs of double quote marks inside one paragraph;
//! the speaker is the entity named next to "said" in the sentence.

use crate::doc::{Attribution, Document, Quote};

pub fn annotate(doc: &mut Document<'_>) {
    let mut quotes = Vec::new();
    for (_, p) in doc.content_paragraphs() {
        let s = doc.slice(&p.range);
        let mut open: Option<usize> = None;
        for (i, c) in s.char_indices() {
            let at = p.range.start + i;
            match (c, open) {
                ('“', _) | ('"', None) => open = Some(at + c.len_utf8()),
                ('”', Some(o)) | ('"', Some(o)) => {
                    quotes.push(o..at);
                    open = None;
                }
                _ => {}
            }
        }
    }
    doc.quotes = quotes
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            let speaker = doc.sentence_at(r.end).and_then(|si| {
                let sr = doc.sentences[si].range.clone();
                doc.slice(&sr)
                    .contains(" said")
                    .then(|| doc.entity_within(&(r.end..sr.end)))
                    .flatten()
            });
            Quote {
                range: r,
                speaker: speaker.as_ref().map(|(e, _)| *e),
                attribution: if speaker.is_some() {
                    Attribution::Explicit
                } else {
                    Attribution::None
                },
                speaker_mention: speaker.map(|(_, m)| m),
                cue: None,
                rule: "quotes.double_marks",
            }
        })
        .collect();
}
