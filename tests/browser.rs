//! The HTML view in a real browser: Debian's chromium, headless, driven
//! over the DevTools protocol ([`cdp`]). The set-up installs chromium with
//! apt-get when it is missing; the test never skips.
//!
//! It renders the seed article, clicks an entity in the side panel with the
//! mouse, checks that exactly that entity's mentions are highlighted and
//! scrolled into view, and saves a screenshot (target/tmp/seed-brief.png;
//! docs/seed-brief.png is a copy of it). Set BRIEF_UPDATE_DOCS=1 to write
//! the copy in docs/ too.

#[path = "browser/cdp.rs"]
mod cdp;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

const SEED: &str = "fixtures/witkoff-kushner-moscow.txt";

fn brief_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_brief"))
}

/// The JSON brief of an article, as `brief analyze` prints it.
fn brief_json(path: &Path) -> Value {
    let out = brief_bin()
        .arg("analyze")
        .arg(path)
        .output()
        .expect("brief runs");
    assert!(out.status.success(), "brief analyze failed: {out:?}");
    serde_json::from_slice(&out.stdout).expect("a JSON brief")
}

/// Renders an article to an HTML file in target/tmp, returning its path.
fn render_to(article: &Path, name: &str) -> PathBuf {
    let out = brief_bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("render")
        .arg(article)
        .output()
        .expect("brief runs");
    assert!(out.status.success(), "brief render failed: {out:?}");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, &out.stdout).expect("the page is written");
    path
}

fn file_url(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).expect("an absolute path");
    format!("file://{}", abs.display())
}

#[test]
fn clicking_an_entity_highlights_its_mentions() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    let text = std::fs::read_to_string(&seed).expect("the seed article");
    let brief = brief_json(&seed);
    // The relative path, as the page shows it.
    let page = render_to(Path::new(SEED), "seed-brief.html");

    // The entity to click: the most mentioned one naming Witkoff, whom the
    // article is about, whatever the entity stage merges.
    let entities = brief["entities"].as_array().expect("entities");
    let witkoff = entities
        .iter()
        .filter(|e| e["name"].as_str().is_some_and(|n| n.contains("Witkoff")))
        .max_by_key(|e| e["mentions"].as_array().map_or(0, Vec::len))
        .expect("the seed brief names Witkoff");
    let id = witkoff["id"].as_str().expect("an entity id");
    let mentions = witkoff["mentions"].as_array().map_or(0, Vec::len);
    assert!(mentions >= 1);

    let mut b = cdp::Browser::launch(&cdp::chromium(), 1400, 900);
    b.open(&file_url(&page));

    // The page shows the article exactly, and fetched nothing.
    assert_eq!(
        b.eval("document.getElementById('article').textContent"),
        json!(text)
    );
    assert_eq!(
        b.eval("performance.getEntriesByType('resource').length"),
        json!(0)
    );
    assert_eq!(b.eval("document.querySelectorAll('.hl').length"), json!(0));

    b.click(&format!(r#"#panel .entry[data-sel="ent:{id}"]"#));

    // Every mention of the entity is highlighted, and nothing else.
    let hl = b.eval(
        "Array.from(document.querySelectorAll('#article .hl')).map(e => [e.dataset.ent || '', e.dataset.mention || ''])",
    );
    let hl = hl.as_array().expect("highlighted elements");
    assert!(
        hl.iter().all(|p| p[0] == json!(id)),
        "only {id} is highlighted: {hl:?}"
    );
    let highlighted: BTreeSet<&str> = hl.iter().filter_map(|p| p[1].as_str()).collect();
    let expected: BTreeSet<String> = (0..mentions).map(|i| format!("{id}.{i}")).collect();
    assert_eq!(
        highlighted,
        expected.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    // The panel entry is marked, the page says what it selected and how
    // many mentions, and the first mention is on screen.
    let status = b.eval("document.getElementById('status').textContent");
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.ends_with(&format!(": {mentions} highlighted in the article"))),
        "{status}"
    );
    assert_eq!(
        b.eval("document.body.dataset.selected"),
        json!(format!("ent:{id}"))
    );
    assert_eq!(
        b.eval(&format!(
            r#"document.querySelector('#panel .entry[data-sel="ent:{id}"]').classList.contains('active')"#
        )),
        json!(true)
    );
    assert_eq!(
        b.eval(
            "(() => { const r = document.querySelector('#article .hl').getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= innerHeight; })()"
        ),
        json!(true)
    );

    b.move_mouse(0.0, 0.0);
    let png = b.screenshot();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG screenshot");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("seed-brief.png");
    std::fs::write(&shot, &png).expect("the screenshot is written");
    if std::env::var_os("BRIEF_UPDATE_DOCS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/seed-brief.png");
        std::fs::write(docs, &png).expect("docs/seed-brief.png is written");
    }

    // Clicking the same entry again clears the selection.
    b.click(&format!(r#"#panel .entry[data-sel="ent:{id}"]"#));
    assert_eq!(b.eval("document.querySelectorAll('.hl').length"), json!(0));

    // A quote's speaker label in the article selects the speaker: the
    // quotes and the mentions.
    let quotes = brief["quotes"].as_array().expect("quotes");
    if let Some(q) = quotes.iter().find(|q| q["speaker_id"].is_string()) {
        let speaker = q["speaker_id"].as_str().unwrap_or_default();
        b.click(&format!(r#"#article .who[data-sel="speaker:{speaker}"]"#));
        assert_eq!(
            b.eval("document.body.dataset.selected"),
            json!(format!("speaker:{speaker}"))
        );
        assert_eq!(
            b.eval(&format!(
                r#"document.querySelectorAll('#article .quote.hl[data-speaker="{speaker}"]').length > 0"#
            )),
            json!(true)
        );
    }

    // An article holding markup shows it as text and runs none of it.
    let hostile = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile.txt");
    let hostile_text = "Markup in the Text\n\nMayor Jane Doe said \"<script>window.pwned = 1</script>\" \
        and <img src=x onerror=\"window.pwned = 2\"> on Monday.\n";
    std::fs::write(&hostile, hostile_text).expect("the article is written");
    let page = render_to(&hostile, "hostile.html");
    b.open(&file_url(&page));
    assert_eq!(b.eval("typeof window.pwned"), json!("undefined"));
    assert_eq!(
        b.eval("document.getElementById('article').textContent"),
        json!(hostile_text)
    );
    assert_eq!(
        b.eval("document.querySelectorAll('#article script, #article img').length"),
        json!(0)
    );
}
