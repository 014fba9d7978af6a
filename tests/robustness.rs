//! Text shapes and pathological inputs: every one gives a brief whose spans
//! slice the text, and the huge ones finish (no stage is superlinear).

mod common;

use brief::brief::Brief;
use common::*;

/// Every span of a brief inside the text and slicing to its `text`, in code
/// points and in bytes.
fn check(b: &Brief, text: &str) {
    let v = serde_json::to_value(b).unwrap();
    check_spans(&v, text);
    for e in &b.entities {
        for m in &e.mentions {
            assert_eq!(text.get(m.byte_start..m.byte_end), Some(m.text.as_str()));
        }
    }
    for q in &b.quotes {
        assert_eq!(text.get(q.byte_start..q.byte_end), Some(q.text.as_str()));
    }
    assert_eq!(b.source.chars, text.chars().count());
}

fn brief(text: &str) -> Brief {
    let b = brief::brief_of(text, "t", "utf-8");
    check(&b, text);
    b
}

/// What a reader of the brief sees, without offsets: kinds of sections,
/// entity names and types, quote texts and speakers.
type Gist = (
    Vec<String>,
    Vec<(String, String)>,
    Vec<(String, Option<String>)>,
);

fn gist(b: &Brief) -> Gist {
    (
        b.sections.iter().map(|s| s.kind.clone()).collect(),
        b.entities
            .iter()
            .map(|e| (e.name.clone(), e.kind.clone()))
            .collect(),
        b.quotes
            .iter()
            .map(|q| (q.text.clone(), q.speaker.clone()))
            .collect(),
    )
}

#[test]
fn line_ends_do_not_change_the_brief() {
    let lf = brief(ARTICLE);
    assert!(!lf.quotes.is_empty());
    let crlf_text = ARTICLE.replace('\n', "\r\n");
    let cr_text = ARTICLE.replace('\n', "\r");
    assert_eq!(gist(&brief(&crlf_text)), gist(&lf));
    assert_eq!(gist(&brief(&cr_text)), gist(&lf));
}

#[test]
fn tabs_nbsp_and_zero_width_characters() {
    let plain = brief(ARTICLE);
    let tabs = ARTICLE.replace(' ', "\t");
    assert_eq!(brief(&tabs).quotes.len(), plain.quotes.len());
    let nbsp = ARTICLE
        .replace(", ", ",\u{a0}")
        .replace("said ", "said\u{a0}");
    assert_eq!(brief(&nbsp).quotes.len(), plain.quotes.len());
    // Zero-width spaces, joiners and a mid-text byte-order mark.
    let zw = ARTICLE
        .replace("Ann", "A\u{200b}nn")
        .replace("harbour", "har\u{200d}bour\u{feff}")
        .replace("Tuesday", "Tues\u{ad}day");
    let b = brief(&zw);
    assert_eq!(b.quotes.len(), plain.quotes.len());
    // Multi-byte offsets: code points, not bytes.
    let wide = ARTICLE.replace("Council", "C\u{f6}uncil \u{1f600}");
    brief(&wide);
}

#[test]
fn no_paragraph_breaks_and_very_long_lines() {
    let one_line = ARTICLE.replace('\n', " ");
    let b = brief(&one_line);
    assert!(!b.quotes.is_empty());
    // 200 KB lines, blank lines between them.
    let long: String = (0..10)
        .map(|i| {
            format!(
                "Line {i}: {}",
                "Ann Lee said the plan was ready. ".repeat(6000)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let b = brief(&long);
    assert!(!b.entities.is_empty());
}

#[test]
fn unbalanced_and_mixed_quote_marks() {
    for text in [
        "\u{201c}Open and never closed, said Ann Lee.\n\nNext paragraph.",
        "Closed \u{201d} without opening \u{201d} twice.",
        "\"Straight \u{201d} mixed \u{201c} marks\" said Bo \"Chan.",
        "'Single' and \u{2018}curly\u{2019} and it\u{2019}s \u{ab}guillemets\u{bb} \u{201e}low\u{201c}",
        "\"",
        "\u{201c}\u{201d}",
    ] {
        brief(text);
    }
}

/// 100,000 quote marks of every shape, and a 20 MB paragraph of one
/// sentence run: both must finish (a quadratic stage would not, in test
/// time).
#[test]
fn pathological_quote_marks_and_a_20_mb_paragraph() {
    let marks = [
        "\"", "\u{201c}", "\u{201d}", "'", "\u{2018}", "\u{2019}", "\u{ab}", "\u{bb}",
    ];
    let mut q = String::with_capacity(1 << 20);
    for i in 0..100_000 {
        q.push_str(marks[i % marks.len()]);
        q.push_str(if i % 3 == 0 { "Word said " } else { " " });
    }
    brief(&q);
    let words = [
        "the", "minister", "said", "plan", "was", "ready", "and", "talks",
    ];
    let mut p = String::with_capacity(20 * 1024 * 1024 + 16);
    let mut i = 0usize;
    while p.len() < 20 * 1024 * 1024 {
        p.push_str(words[i % words.len()]);
        p.push(' ');
        i = i.wrapping_mul(31).wrapping_add(7) % 1_000_003;
    }
    p.push('.');
    let b = brief::brief_of(&p, "big", "utf-8");
    assert_eq!(b.source.bytes, p.len());
    assert_eq!(b.sections.last().map(|s| s.end), Some(p.chars().count()));
}

#[test]
fn a_million_capitalized_words() {
    let names = [
        "Ann", "Lee", "Harbour", "Council", "Bo", "Chan", "North", "Bank",
    ];
    let mut t = String::with_capacity(8 << 20);
    for i in 0..1_000_000usize {
        t.push_str(names[(i * 7 + i / 5) % names.len()]);
        t.push(if i % 40 == 39 { '.' } else { ' ' });
        if i % 40 == 39 {
            t.push(' ');
        }
    }
    let b = brief::brief_of(&t, "caps", "utf-8");
    assert!(!b.entities.is_empty());
    // Spans checked on a sample: every mention of the first entities.
    let chars: Vec<char> = t.chars().collect();
    for e in b.entities.iter().take(20) {
        for m in e.mentions.iter().take(1000) {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text);
        }
    }
}

/// The same inputs through the binary: a brief, exit 0.
#[test]
fn the_binary_reads_shapes_as_files() {
    let d = Scratch::new("shapes");
    let crlf = d.write("crlf.txt", ARTICLE.replace('\n', "\r\n"));
    let cr = d.write("cr.txt", ARTICLE.replace('\n', "\r"));
    let lf = d.write("lf.txt", ARTICLE);
    let base = json(&run(&["analyze", &lf]).stdout);
    for p in [crlf, cr] {
        let o = run(&["analyze", &p]);
        assert_eq!(code(&o), 0);
        let b = json(&o.stdout);
        let text = std::fs::read_to_string(&p).unwrap();
        check_spans(&b, &text);
        assert_eq!(
            b["quotes"].as_array().unwrap().len(),
            base["quotes"].as_array().unwrap().len()
        );
    }
}

/// Every fuzz seed and every input the fuzzer ever flagged (kept in
/// `fuzz/regressions/`) goes through decoding and the whole analysis.
#[test]
fn fuzz_seeds_and_regressions() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds/analyze", "regressions"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let bytes = std::fs::read(&p).unwrap();
            let text = match brief::input::decode(bytes.clone()) {
                Ok(t) => t.text,
                Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
            };
            brief(&text);
            n += 1;
        }
    }
    assert!(n >= 6, "the seeds are in the repo");
}
