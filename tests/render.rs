//! The views of a brief: `analyze --format text` and `render` (HTML).
//!
//! Two kinds of test. Runs of the real binary on the seed article check
//! the views against the JSON brief of the same run, whatever the stages
//! find (so better extraction does not break them). Briefs made by hand
//! pin what today's stages do not produce yet: claims of every kind with
//! named and anonymous sources, spans that nest and cross, markup in names,
//! offsets that do not fit the text.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use brief::brief::{
    Brief, ClaimOut, ClaimSourceOut, EntityOut, MentionOut, QuoteOut, SectionOut, Source,
};
use brief::render::{TextStyle, html, text};
use serde_json::Value;

const SEED: &str = "fixtures/witkoff-kushner-moscow.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .current_dir(root())
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("brief runs")
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "brief {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn seed_json() -> Value {
    serde_json::from_str(&stdout(&["analyze", SEED])).expect("a JSON brief")
}

fn seed_text() -> String {
    std::fs::read_to_string(root().join(SEED)).expect("the seed article")
}

/// All runs of white space made one space: wrapping changes nothing else.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn tmp(name: &str, content: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&p, content).expect("a temporary article");
    p
}

// ---------------------------------------------------------------- text view

#[test]
fn text_view_of_the_seed_shows_what_the_json_brief_holds() {
    let json = seed_json();
    let out = stdout(&["analyze", "--format", "text", SEED]);
    let flat = squash(&out);

    // Not a terminal: no colour, wrapped to 80 columns.
    assert!(!out.contains('\x1b'), "no ANSI escapes in a pipe");
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80 || !line.trim().contains(' '),
            "line over 80 columns: {line:?}"
        );
    }

    // Headline first, then the source and counts.
    let headline = json["headline"].as_str().expect("the seed has a headline");
    assert_eq!(out.lines().next(), Some(headline));
    assert!(flat.contains(&format!("{SEED} · 4,465 characters")));

    // The summary's words.
    assert!(
        flat.contains("Summary U.S. envoys Witkoff and Kushner will meet with Putin in Moscow")
    );

    // Every entity, with its roles and mention count, in its group.
    for e in json["entities"].as_array().expect("entities") {
        let name = e["name"].as_str().expect("a name");
        let n = e["mentions"].as_array().map_or(0, Vec::len);
        let count = format!("{n} mention{}", if n == 1 { "" } else { "s" });
        let roles = strs(&e["roles"]).join("; ");
        let kind = e["type"].as_str().unwrap_or_default();
        let heading = match kind {
            "person" => "People",
            "organization" => "Organizations",
            "location" => "Places",
            _ => "Other names",
        };
        let mut line = name.to_string();
        if heading == "Other names" {
            line.push_str(&format!(" ({kind})"));
        }
        if !roles.is_empty() {
            line.push_str(&format!(" — {roles}"));
        }
        line.push_str(&format!(" · {count}"));
        assert!(flat.contains(&squash(&line)), "entity line {line:?}");
        let at_heading = out
            .find(&format!("\n{heading}\n"))
            .expect("the group heading");
        assert!(out[at_heading..].contains(name), "{name} under {heading}");
    }
    // Whatever the entity stage merges, Witkoff is among the people.
    let people = out.split("\nPeople\n").nth(1).expect("a People group");
    let people = people.split("\n\n").next().unwrap_or_default();
    assert!(people.contains("Witkoff"), "Witkoff is a person: {people}");

    // Each quote, under its speaker.
    let speakers = out.split("\nSpeakers\n").nth(1).expect("a Speakers part");
    let speakers = squash(speakers.split("\nClaims\n").next().unwrap_or_default());
    let quotes = json["quotes"].as_array().expect("quotes");
    assert!(!quotes.is_empty(), "the seed has quotes");
    for q in quotes {
        let words = squash(q["text"].as_str().unwrap_or_default());
        let shown = format!("“{words}”");
        let at = speakers
            .find(&shown)
            .unwrap_or_else(|| panic!("quote {shown}"));
        let who = q["speaker"].as_str().unwrap_or("No speaker named");
        let speaker_at = speakers.find(who).expect("the speaker is listed");
        assert!(speaker_at < at, "{who} is listed before the quote {shown}");
    }

    // Claims by kind, and the sourcing summary.
    let claims = out.split("\nClaims\n").nth(1).expect("a Claims part");
    for c in json["claims"].as_array().expect("claims") {
        let key = squash(c["key"].as_str().unwrap_or_default());
        assert!(squash(claims).contains(&key), "claim {key}");
    }
    assert!(out.contains("\nSourcing\n"));
    let q = quotes.len();
    let attributed = quotes.iter().filter(|q| q["speaker"].is_string()).count();
    assert!(flat.contains(&format!(
        "{q} quote{}, {attributed} with a named speaker.",
        if q == 1 { "" } else { "s" }
    )));
}

#[test]
fn text_view_lists_claims_by_kind_with_their_sources() {
    let (article, b) = hand_made();
    let out = text::render(&b, &article, TextStyle::PLAIN);
    let claims = out.split("\nClaims\n").nth(1).expect("a Claims part");
    let claims = claims.split("\nSourcing\n").next().unwrap_or_default();
    // Kinds in their fixed order, each with its count.
    let plan = claims.find("Plan (1)").expect("plans");
    let quantity = claims.find("Quantity (1)").expect("quantities");
    let reported = claims.find("Reported (2)").expect("reported claims");
    assert!(plan < quantity && quantity < reported, "{claims}");
    // A key with its source: named by the entity's name, or anonymous.
    let flat = squash(claims);
    assert!(
        flat.contains("• ten-point plan — source: Mayor Ann Lee"),
        "{flat}"
    );
    assert!(flat.contains("• The bridge would close — source: officials (anonymous)"));
    assert!(flat.contains("• 40 percent"));
    // The claim as it stands, under its key.
    assert!(flat.contains("The <b>council</b> backs a ten-point plan"));

    let sourcing = squash(out.split("\nSourcing\n").nth(1).expect("a Sourcing part"));
    assert_eq!(
        sourcing,
        "2 quotes, 1 with a named speaker. \
         3 claims name a source: 2 named, 1 anonymous (33%). \
         2 reported claims, 1 on anonymous sources (50%). \
         Named sources: Mayor Ann Lee, Tom O\"Neil <b>."
    );
    // Roles and aliases beside the names.
    assert!(squash(&out).contains("Mayor Ann Lee — mayor · 2 mentions · also Lee"));
}

#[test]
fn text_view_in_colour_and_narrow() {
    let (article, b) = hand_made();
    let narrow = text::render(
        &b,
        &article,
        TextStyle {
            color: false,
            width: 40,
        },
    );
    assert!(narrow.lines().all(|l| l.chars().count() <= 40), "{narrow}");
    assert_eq!(
        squash(&narrow),
        squash(&text::render(&b, &article, TextStyle::PLAIN))
    );

    let colour = text::render(
        &b,
        &article,
        TextStyle {
            color: true,
            width: 80,
        },
    );
    assert!(colour.contains("\x1b[1mCouncil\x1b[0m"), "a bold headline");
    assert!(
        colour.contains("\x1b[1;36mMayor\x1b[0m"),
        "a person in cyan"
    );
    // Without the escapes, it is the plain view.
    let mut plain = String::new();
    let mut rest = colour.as_str();
    while let Some(i) = rest.find('\x1b') {
        plain.push_str(&rest[..i]);
        rest = &rest[i..];
        rest = &rest[rest.find('m').map_or(rest.len(), |m| m + 1)..];
    }
    plain.push_str(rest);
    assert_eq!(plain, text::render(&b, &article, TextStyle::PLAIN));
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    // `script` (util-linux, in every Debian) gives the run a terminal.
    let cmd = format!(
        "{} analyze --format text {SEED}",
        env!("CARGO_BIN_EXE_brief")
    );
    let on_tty = |no_color: Option<&str>| {
        let mut c = Command::new("script");
        c.args(["-qec", &cmd, "/dev/null"])
            .current_dir(root())
            .env("COLUMNS", "100")
            .env("LINES", "40")
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = c.output().expect("script runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = on_tty(None);
    assert!(coloured.contains("\x1b[1m"), "colour on a terminal");
    let plain = on_tty(Some("1"));
    assert!(!plain.contains("\x1b["), "NO_COLOR turns colour off");
    assert!(plain.contains("Speakers"));
    // An empty NO_COLOR is unset (no-color.org).
    assert!(on_tty(Some("")).contains("\x1b[1m"));
}

#[test]
fn text_view_of_several_files_and_a_missing_one() {
    let a = tmp(
        "render-a.txt",
        "First Headline Here\n\nMary Smith said she would go.\n",
    );
    let out = run(&[
        "analyze",
        "--format",
        "text",
        a.to_str().unwrap_or_default(),
        "no-such-file.txt",
        SEED,
    ]);
    assert_eq!(out.status.code(), Some(1), "one input failed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
    assert!(stdout.starts_with("First Headline Here\n"));
    assert!(stdout.contains("\n\nWitkoff, Kushner to Discuss Ukraine Peace Plan With Putin\n"));
}

// ---------------------------------------------------------------- HTML view

/// The article element's inner HTML.
fn article_part(page: &str) -> &str {
    let start = page
        .find("<article id=\"article\">")
        .expect("the article element");
    let inner = &page[start + "<article id=\"article\">".len()..];
    &inner[..inner.find("</article>").expect("the article ends")]
}

/// The text of some HTML: tags removed, character references read.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            rest = &rest[rest.find('>').map_or(rest.len(), |j| j + 1)..];
        } else {
            let end = rest.find(';').expect("a character reference ends");
            out.push_str(match &rest[..=end] {
                "&amp;" => "&",
                "&lt;" => "<",
                "&gt;" => ">",
                "&quot;" => "\"",
                "&#39;" => "'",
                "&#13;" => "\r",
                other => panic!("unexpected reference {other}"),
            });
            rest = &rest[end + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether the `<span>` elements nest: every close matches an open.
fn spans_nest(html: &str) -> bool {
    let mut depth = 0i64;
    for (i, _) in html.match_indices('<') {
        let tag = &html[i..];
        if tag.starts_with("</span>") {
            depth -= 1;
        } else if tag.starts_with("<span") {
            depth += 1;
        } else if !tag.starts_with("</span") {
            return false; // nothing but spans in the article
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// The text right after the opening tag that holds `attr`, up to the next tag.
fn text_after<'h>(html: &'h str, attr: &str) -> Option<&'h str> {
    let at = html.find(attr)?;
    let rest = &html[at..];
    let rest = &rest[rest.find('>')? + 1..];
    Some(&rest[..rest.find('<').unwrap_or(rest.len())])
}

#[test]
fn html_of_the_seed_marks_every_span_of_the_brief() {
    let json = seed_json();
    let page = stdout(&["render", SEED]);
    assert_eq!(
        page,
        stdout(&["analyze", "--format", "html", SEED]),
        "render = analyze --format html"
    );

    // One self-contained page.
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for external in [
        "<link", "<img", " src=", "http://", "https://", "@import", "url(",
    ] {
        assert!(!page.contains(external), "no external asset: {external}");
    }
    assert_eq!(page.matches("<script").count(), 1, "one inline script");
    assert!(page.contains(
        "<title>Witkoff, Kushner to Discuss Ukraine Peace Plan With Putin — brief</title>"
    ));

    // The article as written, its spans nested.
    let art = article_part(&page);
    assert_eq!(text_of(art), seed_text());
    assert!(spans_nest(art));

    // Every mention of every entity is an element with the entity's id and
    // type, holding the mention's text; every entity is in the panel.
    let entities = json["entities"].as_array().expect("entities");
    assert!(
        entities
            .iter()
            .any(|e| e["name"].as_str().is_some_and(|n| n.contains("Putin")))
    );
    for e in entities {
        let id = e["id"].as_str().expect("an id");
        let kind = e["type"].as_str().expect("a type");
        for (i, m) in e["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .enumerate()
        {
            let attr = format!("data-ent=\"{id}\" data-mention=\"{id}.{i}\"");
            let open = format!("<span class=\"ent ent-{kind}\" {attr}");
            assert!(art.contains(&open), "mention {id}.{i}");
            let shown = text_of(text_after(art, &attr).expect("the mention's text"));
            let written = m["text"].as_str().unwrap_or_default();
            assert!(
                !shown.is_empty() && written.starts_with(&shown),
                "{shown:?} in {written:?}"
            );
        }
        assert!(
            page.contains(&format!("data-sel=\"ent:{id}\"")),
            "{id} in the panel"
        );
    }

    // Quotes: marked, tied to their speaker, listed in the panel.
    for q in json["quotes"].as_array().expect("quotes") {
        let id = q["id"].as_str().expect("an id");
        let open = art
            .find(&format!("data-quote=\"{id}\""))
            .expect("the quote is marked");
        let tag = &art[art[..open].rfind('<').unwrap_or(0)..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        match q["speaker_id"].as_str() {
            Some(s) => {
                assert!(tag.contains(&format!("data-speaker=\"{s}\"")), "{tag}");
                assert!(art.contains(&format!("class=\"who\" data-sel=\"speaker:{s}\"")));
                assert!(page.contains(&format!("data-sel=\"speaker:{s}\"")));
            }
            None => assert!(tag.contains("unattributed"), "{tag}"),
        }
        assert!(page.contains(&format!("data-sel=\"quote:{id}\"")));
    }
    for c in json["claims"].as_array().expect("claims") {
        let id = c["id"].as_str().expect("an id");
        assert!(art.contains(&format!("data-claim=\"{id}\"")));
        assert!(page.contains(&format!("data-sel=\"claim:{id}\"")));
    }

    // Sections: the boilerplate footer greyed, the headings set apart.
    let boiler = art
        .find("sec sec-boilerplate")
        .expect("the boilerplate section");
    assert!(text_of(&art[boiler..]).contains("Read our privacy policy"));
    assert!(art.contains("<span class=\"heading\">Why this matters</span>"));
    assert!(page.contains("id=\"p-sourcing\""));
}

#[test]
fn html_shows_markup_in_the_article_as_text() {
    let article = "Markup <b>Test</b> & More\n\n\
        Mayor Jane Doe said \"<script>alert('x')</script>\" on Monday.\n\n\
        The \"Doe & Sons\" <img src=x onerror=alert(1)> firm agreed.\n";
    let path = tmp("render-markup.txt", article);
    let page = stdout(&["render", path.to_str().unwrap_or_default()]);
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>"));
    let art = article_part(&page);
    assert_eq!(text_of(art), article);
    assert!(spans_nest(art));
    assert!(page.contains("<title>Markup &lt;b&gt;Test&lt;/b&gt; &amp; More — brief</title>"));
}

#[test]
fn html_nests_overlapping_spans_and_escapes_every_name() {
    let (article, b) = hand_made();
    let page = html::render(&b, &article);
    // Kept for a look in a browser.
    let _ = std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("hand-made.html"),
        &page,
    );
    let art = article_part(&page);
    assert!(spans_nest(art), "{art}");
    assert_eq!(text_of(art), article);
    // No markup from the brief's strings gets through.
    for raw in ["<b>", "</b>", "O\"Neil"] {
        assert!(!page.contains(raw), "{raw} is escaped");
    }
    assert!(page.contains("Tom O&quot;Neil &lt;b&gt;"));
    // A mention inside a quote inside a claim nests in that order.
    assert!(art.contains(
        "<span class=\"claim claim-reported\" data-claim=\"c3\" title=\"reported claim: said\">"
    ));
    let claim = art.find("data-claim=\"c3\"").expect("c3");
    let quote = art.find("data-quote=\"q1\"").expect("q1");
    let mention = art.find("data-mention=\"e2.0\"").expect("e2.0");
    assert!(claim < quote && quote < mention);
    // A claim that starts inside a quote and ends after it: the quote is
    // closed and opened again, so both stay whole as elements.
    assert_eq!(art.matches("data-quote=\"q2\"").count(), 2, "{art}");
    // Each claim kind has its underline class; the anonymous source is marked.
    for kind in ["plan", "quantity", "reported"] {
        assert!(art.contains(&format!("class=\"claim claim-{kind}\"")));
    }
    assert!(art.contains("class=\"src src-anon\" data-claim-src=\"c4\""));
    assert!(art.contains("class=\"key\" data-claim-key=\"c1\">ten-point plan</span>"));
    // The multi-byte text before the spans did not shift them.
    assert_eq!(text_after(art, "data-mention=\"e1.1\""), Some("Lee"));
}

#[test]
fn html_leaves_out_spans_that_do_not_fit_the_text() {
    let (article, mut b) = hand_made();
    let len = article.len();
    let m = &mut b.entities[0].mentions[0];
    m.byte_start = len + 5;
    m.byte_end = len + 9;
    // Inside the two-byte "é": not a character boundary.
    let e_acute = article.find('é').expect("an é");
    b.quotes[0].byte_start = e_acute + 1;
    b.claims[0].byte_end = 0;
    b.claims[0].key_start = usize::MAX - 1;
    b.claims[0].key_end = usize::MAX;
    b.sections[0].byte_end = len * 3;
    let page = html::render(&b, &article);
    let art = article_part(&page);
    assert!(spans_nest(art));
    assert_eq!(text_of(art), article);
    assert!(!art.contains("data-mention=\"e1.0\""));
    assert!(art.contains("data-mention=\"e1.1\""));
    assert!(!art.contains("data-quote=\"q1\""));
    assert!(!art.contains("data-claim=\"c1\""));
    // Text views of the same brief are fine too.
    assert!(text::render(&b, &article, TextStyle::PLAIN).contains("Council"));
}

#[test]
fn html_needs_one_article_and_names_a_failing_one() {
    let out = run(&["analyze", "--format", "html", SEED, SEED]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("one page for one article"));

    let out = run(&["render", "no-such-file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.txt"));

    let out = run(&["analyze", "--format", "yaml", SEED]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown format is a usage error"
    );
}

#[test]
fn html_of_an_article_read_from_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["render", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("brief runs");
    let article = "Stdin Headline\n\nJohn Roe said \"we will see.\"\r\n";
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(article.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("brief ends");
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).expect("UTF-8");
    // A carriage return survives as a reference, so the page's text is the
    // article's.
    assert_eq!(text_of(article_part(&page)), article);
    assert!(page.contains("<div class=\"meta\">- ·"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text gives both views without a panic, and the page shows the
    /// text exactly with its spans nested.
    #[test]
    fn any_text_renders(t in "(?s)[A-Za-z“”\"'<>&é€😀 .,:\n\r-]{0,300}") {
        let b = brief::brief_of(&t, "p.txt", "utf-8");
        let page = html::render(&b, &t);
        let art = article_part(&page);
        proptest::prop_assert!(spans_nest(art));
        proptest::prop_assert_eq!(text_of(art), t.clone());
        let view = text::render(&b, &t, TextStyle::PLAIN);
        proptest::prop_assert!(view.lines().count() >= 2);
    }
}

// ------------------------------------------------------- a brief by hand

/// Code point and byte offsets of the `nth` occurrence of `needle`.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize, usize, usize) {
    let (b, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} in the text"));
    let c = text[..b].chars().count();
    (c, c + needle.chars().count(), b, b + needle.len())
}

fn mention(text: &str, needle: &str, nth: usize) -> MentionOut {
    let (start, end, byte_start, byte_end) = find(text, needle, nth);
    MentionOut {
        start,
        end,
        text: needle.to_string(),
        byte_start,
        byte_end,
        rule: "hand",
    }
}

fn entity(id: &str, name: &str, kind: &str, mentions: Vec<MentionOut>) -> EntityOut {
    EntityOut {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        aliases: vec![],
        roles: vec![],
        mentions,
        rule: "hand",
    }
}

fn quote(text: &str, id: &str, words: &str, speaker: Option<(&str, &str)>) -> QuoteOut {
    let (start, end, byte_start, byte_end) = find(text, words, 0);
    QuoteOut {
        id: id.into(),
        text: words.into(),
        start,
        end,
        byte_start,
        byte_end,
        speaker: speaker.map(|s| s.1.into()),
        speaker_id: speaker.map(|s| s.0.into()),
        speaker_text: None,
        cue: Some("said".into()),
        attribution: if speaker.is_some() {
            "explicit"
        } else {
            "none"
        }
        .into(),
        rule: "hand",
    }
}

fn claim(
    text: &str,
    id: &str,
    kind: &str,
    words: &str,
    key: &str,
    source: Option<(&str, Option<&str>, bool)>,
) -> ClaimOut {
    let (start, end, byte_start, byte_end) = find(text, words, 0);
    let (key_start, key_end, _, _) = find(text, key, 0);
    ClaimOut {
        id: id.into(),
        kind: kind.into(),
        text: words.into(),
        key: key.into(),
        start,
        end,
        byte_start,
        byte_end,
        key_start,
        key_end,
        source: source.map(|(s, entity_id, anonymous)| {
            let (start, end, _, _) = find(text, s, 0);
            ClaimSourceOut {
                text: s.into(),
                entity_id: entity_id.map(str::to_string),
                anonymous,
                start,
                end,
            }
        }),
        rule: "hand",
    }
}

/// An article of my own and a brief of it with every kind of span, made by
/// hand: claims of three kinds, a named and an anonymous source, a mention
/// inside a quote inside a claim, a claim crossing a quote's end, markup
/// in a name, and multi-byte text before the spans.
fn hand_made() -> (String, Brief) {
    let t = "Council Backs Café Plan\n\n\
        The <b>council</b> backs a ten-point plan, Mayor Ann Lee said.\n\n\
        Lee said \"Tom O\"Neil <b> will lead it\" on Friday. \
        Costs rose 40 percent, \"the report said. It was late\" officials added.\n\n\
        The bridge would close, officials said.\n"
        .to_string();
    let lee = EntityOut {
        aliases: vec!["Lee".into()],
        roles: vec!["mayor".into()],
        ..entity(
            "e1",
            "Mayor Ann Lee",
            "person",
            vec![mention(&t, "Mayor Ann Lee", 0), mention(&t, "Lee", 1)],
        )
    };
    let tom = entity(
        "e2",
        "Tom O\"Neil <b>",
        "person",
        vec![mention(&t, "Tom O\"Neil <b>", 0)],
    );
    let council = entity(
        "e3",
        "council",
        "organization",
        vec![mention(&t, "council", 0)],
    );
    let (_, _, hb, he) = find(&t, "Council Backs Café Plan", 0);
    let (_, _, bb, _) = find(&t, "The <b>council</b>", 0);
    let brief = Brief {
        version: "1".into(),
        source: Source {
            path: "hand-made.txt".into(),
            encoding: "utf-8".into(),
            bytes: t.len(),
            chars: t.chars().count(),
        },
        headline: Some("Council Backs Café Plan".into()),
        sections: vec![
            SectionOut {
                kind: "headline".into(),
                heading: None,
                start: 0,
                end: 23,
                byte_start: hb,
                byte_end: he,
                rule: "hand",
            },
            SectionOut {
                kind: "body".into(),
                heading: None,
                start: 25,
                end: t.chars().count() - 1,
                byte_start: bb,
                byte_end: t.len() - 1,
                rule: "hand",
            },
        ],
        entities: vec![lee, tom, council],
        quotes: vec![
            quote(
                &t,
                "q1",
                "Tom O\"Neil <b> will lead it",
                Some(("e1", "Mayor Ann Lee")),
            ),
            quote(&t, "q2", "the report said. It was late", None),
        ],
        claims: vec![
            claim(
                &t,
                "c1",
                "plan",
                "The <b>council</b> backs a ten-point plan",
                "ten-point plan",
                Some(("Mayor Ann Lee", Some("e1"), false)),
            ),
            // Starts before q2 and ends inside it.
            claim(
                &t,
                "c2",
                "quantity",
                "Costs rose 40 percent, \"the report",
                "40 percent",
                None,
            ),
            claim(
                &t,
                "c3",
                "reported",
                "Lee said \"Tom O\"Neil <b> will lead it\" on Friday.",
                "said",
                Some(("Tom O\"Neil <b>", None, false)),
            ),
            claim(
                &t,
                "c4",
                "reported",
                "The bridge would close, officials said.",
                "The bridge would close",
                Some(("officials", None, true)),
            ),
        ],
        // The views count sources from the claims themselves.
        sourcing: Default::default(),
    };
    (t, brief)
}
