//! Entities end to end: the real binary on fixture articles, JSON compared
//! as values.

use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn brief(name: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["analyze", &fixture(name)])
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn entity<'a>(b: &'a Value, name: &str) -> &'a Value {
    b["entities"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["name"] == name))
        .unwrap_or_else(|| panic!("no entity {name}: {}", b["entities"]))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn person_with_surname_first_name_and_roles() {
    let b = brief("entities-basic.txt");
    let e = entity(&b, "Miriam Castell");
    assert_eq!(e["type"], "person");
    let aliases = strings(&e["aliases"]);
    assert!(aliases.contains(&"Castell".to_string()), "{aliases:?}");
    assert!(aliases.contains(&"Miriam".to_string()), "{aliases:?}");
    let roles = strings(&e["roles"]);
    assert!(roles.contains(&"Trade envoy".to_string()), "{roles:?}");
    assert!(
        roles.iter().any(|r| r.starts_with("a former diplomat")),
        "{roles:?}"
    );
    // Mention spans are the bare name, and slice the text in code points.
    let text = std::fs::read_to_string(fixture("entities-basic.txt")).expect("fixture");
    let chars: Vec<char> = text.chars().collect();
    for m in e["mentions"].as_array().expect("mentions") {
        let s = m["start"].as_u64().expect("start") as usize;
        let t = m["end"].as_u64().expect("end") as usize;
        let got: String = chars[s..t].iter().collect();
        assert_eq!(Value::String(got), m["text"]);
        assert!(!m["text"].as_str().unwrap_or("").contains("envoy"));
    }
}

#[test]
fn acronym_joins_its_expansion() {
    let b = brief("entities-basic.txt");
    let e = entity(&b, "International Energy Agency");
    assert_eq!(e["type"], "organization");
    assert_eq!(strings(&e["aliases"]), vec!["IEA".to_string()]);
    assert_eq!(e["mentions"].as_array().map(Vec::len), Some(3));
}

#[test]
fn dateline_places_and_nationalities() {
    let b = brief("entities-basic.txt");
    assert_eq!(entity(&b, "Madrid")["type"], "location");
    assert_eq!(entity(&b, "Spanish")["type"], "nationality");
    let lisbon = entity(&b, "Lisbon");
    assert_eq!(lisbon["type"], "location");
    // The headline, the all-caps dateline and the body: one entity.
    assert_eq!(strings(&lisbon["aliases"]), vec!["LISBON".to_string()]);
    assert_eq!(lisbon["mentions"].as_array().map(Vec::len), Some(3));
}

#[test]
fn entities_are_sorted_by_first_mention() {
    let b = brief("entities-basic.txt");
    let firsts: Vec<u64> = b["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["mentions"][0]["start"].as_u64())
        .collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted);
}

#[test]
fn seed_article_people_roles_and_merges() {
    let b = brief("witkoff-kushner-moscow.txt");
    let e = entity(&b, "Jared Kushner");
    assert_eq!(e["type"], "person");
    assert!(strings(&e["aliases"]).contains(&"Jared".to_string()));
    let nato = entity(&b, "North Atlantic Treaty Organization");
    assert_eq!(strings(&nato["aliases"]), vec!["NATO".to_string()]);
    assert_eq!(
        strings(&entity(&b, "Dmitry Peskov")["roles"]),
        vec!["Kremlin spokesman".to_string()]
    );
    assert_eq!(entity(&b, "Kremlin")["type"], "organization");
    assert_eq!(entity(&b, "Russian")["type"], "nationality");
}

/// Agency names the tagger alone splits or mistypes, a plural title before a
/// list of senators, "Democrat of Maine", a dateline in capitals, a
/// company's short form and a name written with both apostrophes.
#[test]
fn agencies_lists_of_senators_and_datelines() {
    let b = brief("entities-agencies.txt");
    for name in [
        "Coastal Border Security Investigations",
        "Federal Audit Accountability Office",
        "United Kingdom Visas and Immigration Services",
    ] {
        assert_eq!(entity(&b, name)["type"], "organization", "{name}");
    }
    assert_eq!(entity(&b, "WASHINGTON")["type"], "location");
    assert_eq!(entity(&b, "Maine")["type"], "location");
    for name in ["Ruth Calloway", "Peter Hask"] {
        assert_eq!(strings(&entity(&b, name)["roles"]), vec!["Sen."], "{name}");
    }
    assert_eq!(entity(&b, "Kowalczyk")["type"], "person");
    let company = entity(&b, "Harlow Valley Trust Systems Inc.");
    assert_eq!(strings(&company["aliases"]), vec!["Harlow Valley"]);
    let port = entity(&b, "Sean O’Farrell");
    assert_eq!(port["type"], "person");
    assert_eq!(strings(&port["aliases"]), vec!["O'Farrell"]);
    assert_eq!(strings(&port["roles"]), vec!["Port director"]);
    // No party label or "of Maine" is a name.
    for e in b["entities"].as_array().expect("entities") {
        let n = e["name"].as_str().unwrap_or("");
        assert!(
            !n.starts_with("D-") && !n.starts_with("R-") && !n.contains(" of Maine"),
            "{n}"
        );
    }
}
