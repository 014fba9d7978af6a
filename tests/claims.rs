//! Claims on the briefs of the fixture articles, through the real binary.
//!
//! Each fixture (`fixtures/claims-*.txt`, written for these tests) pins the
//! claim kinds and the anonymous sources; the seed article pins the claims
//! of its reference reading.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn brief(name: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .arg("analyze")
        .arg(fixture(name))
        .output()
        .expect("the brief binary runs");
    assert!(out.status.success(), "brief failed on {name}");
    serde_json::from_slice(&out.stdout).expect("one JSON brief")
}

fn claims(b: &Value) -> &Vec<Value> {
    b["claims"].as_array().expect("claims is an array")
}

/// The first claim of `kind` whose key is `key`.
fn find<'a>(b: &'a Value, kind: &str, key: &str) -> &'a Value {
    claims(b)
        .iter()
        .find(|c| c["kind"] == kind && c["key"] == key)
        .unwrap_or_else(|| panic!("no {kind} claim keyed {key:?} in {:#?}", claims(b)))
}

/// The first claim of `kind` whose text contains `words`.
fn find_text<'a>(b: &'a Value, kind: &str, words: &str) -> &'a Value {
    claims(b)
        .iter()
        .find(|c| c["kind"] == kind && c["text"].as_str().is_some_and(|t| t.contains(words)))
        .unwrap_or_else(|| panic!("no {kind} claim with {words:?} in {:#?}", claims(b)))
}

fn source_text(c: &Value) -> &str {
    c["source"]["text"].as_str().unwrap_or("")
}

fn anonymous(c: &Value) -> bool {
    c["source"]["anonymous"] == true
}

/// Every claim's text, key and source slice the input at their code point
/// offsets, and every claim names its rule.
fn check_offsets(name: &str, b: &Value) {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture reads");
    let chars: Vec<char> = text.chars().collect();
    let slice = |v: &Value, s: &str, e: &str| -> String {
        let (s, e) = (
            v[s].as_u64().unwrap_or(0) as usize,
            v[e].as_u64().unwrap_or(0) as usize,
        );
        chars[s..e].iter().collect()
    };
    for c in claims(b) {
        assert_eq!(c["text"].as_str(), Some(slice(c, "start", "end").as_str()));
        assert_eq!(
            c["key"].as_str(),
            Some(slice(c, "key_start", "key_end").as_str())
        );
        if c["source"].is_object() {
            assert_eq!(
                c["source"]["text"].as_str(),
                Some(slice(&c["source"], "start", "end").as_str())
            );
        }
        assert!(c["rule"].as_str().is_some_and(|r| !r.is_empty()));
    }
}

#[test]
fn ceasefire_article_pins_every_kind() {
    let name = "claims-ceasefire.txt";
    let b = brief(name);
    check_offsets(name, &b);

    let plan = find(&b, "plan", "12-point ceasefire framework");
    assert!(
        plan["text"]
            .as_str()
            .unwrap_or("")
            .contains("aimed at ending the fighting")
    );
    let zone = find(&b, "plan", "demilitarized zone");
    assert_eq!(source_text(zone), "the United Nations");

    let term = find(&b, "term", "river formula");
    assert_eq!(source_text(term), "diplomats");
    assert!(
        term["text"]
            .as_str()
            .unwrap_or("")
            .contains("Under that formula")
    );

    assert_eq!(
        find(&b, "quantity", "third year")["rule"],
        "quantity.ordinal_time"
    );
    assert_eq!(
        find(&b, "quantity", "three hours")["rule"],
        "quantity.duration"
    );

    let wants = find(&b, "position", "The northern government wants");
    assert_eq!(wants["text"], "international monitors along the border");
    let rejected = find(&b, "position", "The rebels have rejected");
    assert_eq!(rejected["text"], "calls to disarm before elections");
    assert_eq!(source_text(find(&b, "position", "seek")), "The rebels");

    let met = find_text(&b, "reported", "met for three hours");
    assert_eq!(source_text(met), "people familiar with the talks");
    assert!(anonymous(met));
    let ready = find_text(&b, "reported", "is ready to sign");
    assert!(anonymous(ready));
    let credited = find_text(&b, "reported", "credited by sources");
    assert!(anonymous(credited));
    let norway = find(&b, "reported", "Mediators from Norway said");
    assert_eq!(
        norway["text"],
        "both sides had agreed to meet in Oslo next week"
    );
    assert!(!anonymous(norway));

    // Nothing from the newsletter footer.
    assert!(
        claims(&b)
            .iter()
            .all(|c| !c["text"].as_str().unwrap_or("").contains("privacy"))
    );
}

#[test]
fn budget_article_pins_figures_and_named_sources() {
    let name = "claims-budget.txt";
    let b = brief(name);
    check_offsets(name, &b);

    let shortfall = find_text(&b, "reported", "shortfall");
    assert_eq!(source_text(shortfall), "Mayor Ana Ruiz");
    assert_eq!(shortfall["rule"], "reported.postposed");
    assert!(shortfall["source"]["entity_id"].is_string());

    assert_eq!(
        find(&b, "quantity", "5 percent cut")["rule"],
        "quantity.percent"
    );
    assert_eq!(
        find(&b, "quantity", "about $18 million")["rule"],
        "quantity.money"
    );
    assert_eq!(
        find(&b, "quantity", "4,300 drivers")["rule"],
        "quantity.count"
    );
    assert_eq!(
        find(&b, "quantity", "two weeks")["rule"],
        "quantity.duration"
    );

    let office = find(&b, "reported", "According to the finance office");
    assert_eq!(
        office["text"],
        "the tax would raise about $18 million a year"
    );

    let spared = find_text(&b, "reported", "police budget would be spared");
    assert_eq!(source_text(spared), "She");

    let opposes = find(&b, "position", "Council member Tom Hale opposes");
    assert!(!anonymous(opposes));
    assert_eq!(
        source_text(find(&b, "position", "supports")),
        "Council member Tom Hale"
    );

    let transit = find(&b, "reported", "Transit officials say");
    assert!(anonymous(transit));

    let s = &b["sourcing"];
    assert_eq!(s["reported"], 5);
    assert_eq!(s["anonymous"], 1);
    assert_eq!(s["named"], 4);
    assert_eq!(s["anonymous_share"], 0.2);
}

#[test]
fn merger_article_pins_anonymous_analysts() {
    let name = "claims-merger.txt";
    let b = brief(name);
    check_offsets(name, &b);

    assert!(anonymous(find(&b, "reported", "Analysts said")));
    assert!(anonymous(find(&b, "reported", "Some analysts questioned")));
    // "They" right after the analysts speaks for them.
    let they = find(&b, "reported", "They said");
    assert!(anonymous(they));
    // Anonymity stated in a parenthetical.
    let regulator = find_text(&b, "reported", "the review could take six months");
    assert_eq!(source_text(regulator), "A senior regulator");
    assert!(anonymous(regulator));
    // A named executive is not anonymous.
    assert!(!anonymous(find_text(
        &b,
        "reported",
        "the deal would close"
    )));

    find(&b, "term", "branch overlap");
    find(&b, "plan", "proposed acquisition");
    find(&b, "quantity", "62 percent of the combined company");

    let s = &b["sourcing"];
    let anon: Vec<&str> = s["anonymous_sources"]
        .as_array()
        .expect("anonymous_sources")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        anon.contains(&"Analysts") && anon.contains(&"A senior regulator"),
        "{anon:?}"
    );
    assert_eq!(
        s["named"].as_u64().unwrap_or(0) + s["anonymous"].as_u64().unwrap_or(0),
        s["reported"].as_u64().unwrap_or(1)
    );
}

#[test]
fn seed_article_claims_of_its_reading() {
    let name = "witkoff-kushner-moscow.txt";
    let b = brief(name);
    check_offsets(name, &b);

    find(&b, "plan", "20-point draft plan");
    let term = find(&b, "term", "Anchorage understandings");
    assert!(
        term["text"]
            .as_str()
            .unwrap_or("")
            .contains("Under that proposal, Russia wants")
    );
    find(&b, "quantity", "90% done");
    find(&b, "quantity", "fourth year");
    find(&b, "quantity", "two hours");

    for (words, source) in [
        (
            "Putin received a draft of the plan",
            "people familiar with the matter",
        ),
        ("the Kremlin views U.S. openness", "Sources"),
        (
            "is proceeding cautiously",
            "one person with knowledge of the matter",
        ),
        ("helping to structure negotiations", "sources"),
    ] {
        let c = find_text(&b, "reported", words);
        assert_eq!(source_text(c), source);
        assert!(anonymous(c), "{words}");
    }
    let peskov = find(&b, "reported", "Kremlin spokesman Dmitry Peskov confirmed");
    assert_eq!(peskov["text"], "Putin would meet with Witkoff and Kushner");
    let lavrov = find_text(&b, "reported", "had not received updated documents");
    assert_eq!(source_text(lavrov), "Foreign Minister Sergei Lavrov");

    find(&b, "position", "Russia wants");
    find(&b, "position", "Ukraine has rejected");
    find(&b, "position", "Russia continues to oppose");
    find(&b, "position", "Kyiv is also pursuing");

    // Four anonymous statements, and the summary counts them.
    assert!(b["sourcing"]["anonymous"].as_u64().unwrap_or(0) >= 4);
}

#[test]
fn schema_declares_the_sourcing_summary() {
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .arg("schema")
        .output()
        .expect("the brief binary runs");
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    let text = schema.to_string();
    assert!(text.contains("anonymous_share") && text.contains("named_sources"));
}
