//! The real binary on the articles in `fixtures/`: the seed article and
//! short articles written to pin one hard case each. Briefs are parsed and
//! compared as JSON values.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Runs `brief analyze` on one fixture and checks the spans of its brief.
fn brief(name: &str) -> Value {
    let path = fixture(name);
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["analyze", &path])
        .output()
        .expect("brief runs");
    assert!(
        out.status.success(),
        "brief failed on {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON brief");
    check_spans(
        &v,
        &std::fs::read_to_string(&path).expect("fixture is UTF-8"),
    );
    v
}

/// Every span, in code points and in bytes, slices the text to its `text`.
fn check_spans(b: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let by_char = |s: u64, e: u64| -> String { chars[s as usize..e as usize].iter().collect() };
    let mut spans: Vec<(&Value, &str)> = Vec::new();
    for e in b["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            spans.push((m, "text"));
        }
    }
    for q in b["quotes"].as_array().unwrap() {
        spans.push((q, "text"));
    }
    for c in b["claims"].as_array().unwrap() {
        spans.push((c, "text"));
    }
    for (v, key) in spans {
        let (s, e) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
        assert!(
            s <= e && (e as usize) <= chars.len(),
            "span {s}..{e} outside the text"
        );
        assert_eq!(
            by_char(s, e),
            v[key].as_str().unwrap(),
            "char span {s}..{e}"
        );
        let (bs, be) = (
            v["byte_start"].as_u64().unwrap() as usize,
            v["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text[bs..be],
            v[key].as_str().unwrap(),
            "byte span {bs}..{be}"
        );
    }
    for s in b["sections"].as_array().unwrap() {
        let (st, en) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        assert!(st <= en && (en as usize) <= chars.len());
    }
}

fn section_kinds(b: &Value) -> Vec<&str> {
    b["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect()
}

fn section_text(b: &Value, text: &str, kind: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    b["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == kind)
        .map(|s| {
            chars[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect()
}

fn quotes_of(b: &Value) -> Vec<&Value> {
    b["quotes"].as_array().unwrap().iter().collect()
}

fn entity<'a>(b: &'a Value, name: &str) -> &'a Value {
    b["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no entity named {name}"))
}

/// No entity mention, quote or claim lies in a boilerplate section.
fn nothing_in_boilerplate(b: &Value) {
    let bp: Vec<(u64, u64)> = b["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "boilerplate")
        .map(|s| (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
        .collect();
    let inside = |v: &Value| {
        let s = v["start"].as_u64().unwrap();
        bp.iter().any(|&(a, z)| a <= s && s < z)
    };
    for e in b["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            assert!(!inside(m), "entity mention in boilerplate: {m}");
        }
    }
    for q in quotes_of(b) {
        assert!(!inside(q), "quote in boilerplate: {q}");
    }
    for c in b["claims"].as_array().unwrap() {
        assert!(!inside(c), "claim in boilerplate: {c}");
    }
}

#[test]
fn seed_sections_and_headline() {
    let b = brief("witkoff-kushner-moscow.txt");
    let text = std::fs::read_to_string(fixture("witkoff-kushner-moscow.txt")).unwrap();
    assert_eq!(b["version"], "1");
    assert_eq!(
        b["headline"],
        "Witkoff, Kushner to Discuss Ukraine Peace Plan With Putin"
    );
    assert_eq!(
        section_kinds(&b),
        vec!["headline", "summary", "context", "body", "boilerplate"]
    );
    let headings: Vec<&Value> = b["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["heading"])
        .collect();
    assert_eq!(headings[1], "Summary");
    assert_eq!(headings[2], "Why this matters");
    let body = &section_text(&b, &text, "body")[0];
    assert!(body.starts_with("U.S. envoy Steve Witkoff said"));
    assert!(body.ends_with("European non-discrimination standards."));
    let bp = &section_text(&b, &text, "boilerplate")[0];
    assert!(bp.starts_with("Get Camp Lejeune"), "{bp}");
    assert!(bp.ends_with("Read our privacy policy for more info."));
    nothing_in_boilerplate(&b);
}

#[test]
fn seed_quotes_all_to_the_envoy() {
    let b = brief("witkoff-kushner-moscow.txt");
    let quotes = quotes_of(&b);
    let speech: Vec<_> = quotes.iter().filter(|q| !q["speaker"].is_null()).collect();
    assert_eq!(speech.len(), 4, "{quotes:#?}");
    for q in &speech {
        assert_eq!(q["speaker"], "Steve Witkoff", "{q}");
    }
    let how: Vec<&str> = speech
        .iter()
        .map(|q| q["attribution"].as_str().unwrap())
        .collect();
    assert_eq!(how, vec!["explicit", "continued", "explicit", "continued"]);
    assert!(
        speech[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("The Russians have invited us")
    );
    // A quoted term is not speech: no speaker, and a claim of kind term.
    assert!(
        quotes
            .iter()
            .all(|q| !q["text"].as_str().unwrap().contains("Anchorage") || q["speaker"].is_null())
    );
    let terms: Vec<&Value> = b["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "term")
        .collect();
    assert!(
        terms.iter().any(|c| c["key"]
            .as_str()
            .unwrap()
            .contains("Anchorage understandings")),
        "{terms:#?}"
    );
}

#[test]
fn seed_entities_merged_with_roles() {
    let b = brief("witkoff-kushner-moscow.txt");
    let w = entity(&b, "Steve Witkoff");
    assert_eq!(w["type"], "person");
    assert!(
        w["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Witkoff")
    );
    assert!(
        w["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "U.S. envoy"),
        "{w}"
    );
    // "Witkoff" appears 9 times in the article, every one a mention.
    assert_eq!(w["mentions"].as_array().unwrap().len(), 9);
    let nato = entity(&b, "North Atlantic Treaty Organization");
    assert_eq!(nato["type"], "organization");
    assert!(
        nato["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "NATO")
    );
    let peskov = entity(&b, "Dmitry Peskov");
    assert!(
        peskov["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "Kremlin spokesman")
    );
    for weekday in ["Thursday", "Wednesday", "Tuesday", "August", "Summary"] {
        assert!(
            b["entities"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["name"] != weekday),
            "{weekday} taken for a name"
        );
    }
}

#[test]
fn seed_plan_claim() {
    let b = brief("witkoff-kushner-moscow.txt");
    let plans: Vec<&Value> = b["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "plan")
        .collect();
    assert!(
        plans
            .iter()
            .any(|c| c["key"].as_str().unwrap().contains("20-point draft plan")),
        "{plans:#?}"
    );
}

#[test]
fn quote_over_two_paragraphs_keeps_its_speaker() {
    let b = brief("layout-multiparagraph-quote.txt");
    let quotes = quotes_of(&b);
    let joined: String = quotes
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains("We have waited a long time"), "{joined}");
    assert!(joined.contains("Now the work can begin"), "{joined}");
    // The quote must not swallow the next paragraph.
    assert!(!joined.contains("Opponents"));
    for q in &quotes {
        assert_eq!(q["speaker"], "Maria Lopez", "{q}");
    }
}

#[test]
fn straight_quotes_with_speaker_after() {
    let b = brief("layout-straight-quotes.txt");
    let quotes = quotes_of(&b);
    assert_eq!(quotes.len(), 2, "{quotes:#?}");
    assert_eq!(
        quotes[0]["text"],
        "Students asked us for more evening hours, and we listened,"
    );
    for q in &quotes {
        assert_eq!(q["speaker"], "Tom Becker");
    }
    assert_eq!(quotes[1]["cue"], "added");
}

#[test]
fn no_headline_when_the_article_opens_with_its_lead() {
    let b = brief("layout-no-headline.txt");
    assert!(b["headline"].is_null());
    assert_eq!(section_kinds(&b), vec!["body"]);
}

#[test]
fn boilerplate_footer_is_kept_apart() {
    let b = brief("layout-boilerplate-footer.txt");
    let text = std::fs::read_to_string(fixture("layout-boilerplate-footer.txt")).unwrap();
    assert_eq!(section_kinds(&b), vec!["headline", "body", "boilerplate"]);
    let bp = &section_text(&b, &text, "boilerplate")[0];
    assert!(bp.starts_with("Sign up for our weekly newsletter"));
    assert!(bp.ends_with("All rights reserved."));
    nothing_in_boilerplate(&b);
    assert!(
        b["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Sam Ortiz")
    );
}

#[test]
fn crlf_line_ends() {
    let b = brief("layout-crlf.txt");
    let text = std::fs::read_to_string(fixture("layout-crlf.txt")).unwrap();
    assert!(
        text.contains("\r\n"),
        "the fixture keeps its CRLF line ends"
    );
    assert_eq!(b["headline"], "Ferry Service Resumes After Repairs");
    assert_eq!(section_kinds(&b), vec!["headline", "body"]);
    let quotes = quotes_of(&b);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0]["text"], "The boat is safe and ready,");
    assert_eq!(quotes[0]["speaker"], "Ana Silva");
}

#[test]
fn same_input_same_bytes() {
    let path = fixture("witkoff-kushner-moscow.txt");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["analyze", &path])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}
