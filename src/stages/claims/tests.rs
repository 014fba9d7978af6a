//! Unit tests: each rule's hard cases, on sentences written for them.

use crate::doc::{ClaimKind, Document};

fn claims(
    text: &str,
) -> Vec<(
    ClaimKind,
    String,
    String,
    Option<(String, bool)>,
    &'static str,
)> {
    let doc: Document = crate::analyze(text);
    doc.claims
        .iter()
        .map(|c| {
            (
                c.kind,
                doc.slice(&c.range).to_string(),
                doc.slice(&c.key).to_string(),
                c.source
                    .as_ref()
                    .map(|s| (doc.slice(&s.range).to_string(), s.anonymous)),
                c.rule,
            )
        })
        .collect()
}

#[test]
fn empty_text_has_no_claims() {
    assert!(claims("").is_empty());
}
