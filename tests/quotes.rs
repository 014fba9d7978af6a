//! The quote stage through the real binary: fixtures written for it, each
//! pinning hard cases (a quotation over several paragraphs, straight marks,
//! pronoun and role speakers, colon and dash intros, continuations, a quoted
//! term, an unbalanced mark). Briefs are parsed and compared as JSON values.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn brief(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .arg("analyze")
        .arg(&path)
        .output()
        .expect("brief runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b: Value = serde_json::from_slice(&out.stdout).expect("one JSON brief");
    // Every quote's offsets slice the text to its `text`.
    let text: Vec<char> = std::fs::read_to_string(&path)
        .expect("fixture is UTF-8")
        .chars()
        .collect();
    for q in quotes(&b) {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        let slice: String = text[s..e].iter().collect();
        assert_eq!(slice, q["text"].as_str().unwrap());
    }
    b
}

fn quotes(b: &Value) -> Vec<&Value> {
    b["quotes"].as_array().expect("quotes").iter().collect()
}

/// (text, last word of the speaker or "-", attribution) of each quote.
fn rows(b: &Value) -> Vec<(String, String, String)> {
    quotes(b)
        .iter()
        .map(|q| {
            let speaker = q["speaker"]
                .as_str()
                .and_then(|s| s.rsplit(' ').next())
                .unwrap_or("-")
                .to_string();
            (
                q["text"].as_str().unwrap().to_string(),
                speaker,
                q["attribution"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn quotation_over_three_paragraphs_is_one_speakers() {
    let b = brief("quotes-multiparagraph.txt");
    let r = rows(&b);
    assert_eq!(r.len(), 3, "{r:#?}");
    assert!(
        r[0].0
            .starts_with("We heard from more than a hundred residents")
    );
    assert!(r[1].0.starts_with("The first ferry will now leave"));
    assert_eq!(r[2].0, "It is not perfect, but it is a start,");
    for row in &r {
        assert_eq!(row.1, "Marsh", "{row:?}");
    }
    // The last piece carries the cue; the first two continue it.
    assert_eq!(r[2].2, "pronoun");
    assert_eq!(quotes(&b)[2]["cue"], "said");
    assert_eq!(r[0].2, "continued");
    // No quote swallows the critics' paragraph.
    assert!(r.iter().all(|row| !row.0.contains("Critics")));
}

#[test]
fn straight_marks_pronoun_and_role() {
    let b = brief("quotes-straight-pronoun-role.txt");
    let r = rows(&b);
    assert_eq!(r.len(), 4, "{r:#?}");
    assert_eq!(
        r[0],
        (
            "Families asked us for weekend hours for years,".to_string(),
            "Lang".to_string(),
            "explicit".to_string()
        )
    );
    assert_eq!((r[1].1.as_str(), r[1].2.as_str()), ("Lang", "continued"));
    assert_eq!((r[2].1.as_str(), r[2].2.as_str()), ("Price", "pronoun"));
    assert_eq!(quotes(&b)[2]["speaker_text"], "she");
    assert_eq!((r[3].1.as_str(), r[3].2.as_str()), ("Okoro", "role"));
    assert_eq!(quotes(&b)[3]["speaker_text"], "the mayor");
    // speaker_id points at the entity whose name is the speaker.
    for q in quotes(&b) {
        let id = q["speaker_id"].as_str().unwrap();
        let e = b["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .expect("speaker entity");
        assert_eq!(e["name"], q["speaker"]);
    }
}

#[test]
fn colon_dash_terms_and_an_unbalanced_mark() {
    let b = brief("quotes-colon-dash-terms.txt");
    let r = rows(&b);
    let texts: Vec<&str> = r.iter().map(|row| row.0.as_str()).collect();
    // The quoted terms are not quotes.
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("blue ledger") || t.contains("rainy day")),
        "{texts:?}"
    );
    assert_eq!(r.len(), 4, "{r:#?}");
    assert_eq!(r[0].1, "Santos"); // "X said:" before the quote
    assert_eq!(quotes(&b)[0]["cue"], "said");
    assert_eq!(r[1].1, "Walsh"); // "X added:" in the paragraph before
    assert_eq!(r[2].1, "Santos"); // "— X" after the quote
    assert_eq!(quotes(&b)[2]["cue"], "—");
    // The unclosed mark ends at its paragraph, not at the article's end.
    assert_eq!(
        r[3].0,
        "We lost a year of work, said Kevin Walsh in a statement."
    );
    assert!(r.iter().all(|row| row.2 != "none" || row.1 == "-"));
    for row in &r[..3] {
        assert_eq!(row.2, "explicit", "{row:?}");
    }
}
