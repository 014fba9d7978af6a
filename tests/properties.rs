//! Property tests over arbitrary and adversarial text: no panic, every span
//! inside the text and slicing to its `text` (in code points and in bytes),
//! and the same brief every time.

use brief::brief::Brief;
use proptest::prelude::*;

fn check(b: &Brief, text: &str) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| -> Result<String, TestCaseError> {
        prop_assert!(
            s <= e && e <= chars.len(),
            "span {s}..{e} of {}",
            chars.len()
        );
        Ok(chars[s..e].iter().collect())
    };
    let bytes = |s: usize, e: usize| text.get(s..e).map(str::to_string);
    for s in &b.sections {
        let t = slice(s.start, s.end)?;
        prop_assert_eq!(bytes(s.byte_start, s.byte_end), Some(t));
    }
    for e in &b.entities {
        prop_assert!(!e.mentions.is_empty());
        for m in &e.mentions {
            prop_assert_eq!(&slice(m.start, m.end)?, &m.text);
            prop_assert_eq!(bytes(m.byte_start, m.byte_end), Some(m.text.clone()));
        }
    }
    for q in &b.quotes {
        prop_assert_eq!(&slice(q.start, q.end)?, &q.text);
        prop_assert_eq!(bytes(q.byte_start, q.byte_end), Some(q.text.clone()));
        if let Some(id) = &q.speaker_id {
            prop_assert!(b.entities.iter().any(|e| &e.id == id));
        }
    }
    for c in &b.claims {
        prop_assert_eq!(&slice(c.start, c.end)?, &c.text);
        prop_assert_eq!(&slice(c.key_start, c.key_end)?, &c.key);
        if let Some(src) = &c.source {
            prop_assert_eq!(&slice(src.start, src.end)?, &src.text);
        }
    }
    prop_assert_eq!(b.source.chars, chars.len());
    Ok(())
}

fn run(text: &str) -> Result<(), TestCaseError> {
    let b = brief::brief_of(text, "p", "utf-8");
    check(&b, text)?;
    let again = serde_json::to_string(&brief::brief_of(text, "p", "utf-8")).unwrap();
    prop_assert_eq!(
        serde_json::to_string(&b).unwrap(),
        again,
        "not deterministic"
    );
    Ok(())
}

/// Pieces that stress the stages: quote marks of every shape, capitalized
/// words, titles and abbreviations, cue verbs, line ends, multi-byte and
/// invisible characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"",
            "\u{201c}",
            "\u{201d}",
            "'",
            "\u{2018}",
            "\u{2019}",
            "\u{ab}",
            "\u{bb}",
            "\u{201e}",
            " said ",
            " told ",
            " according to ",
            ": ",
            " \u{2014} ",
            ", ",
            ". ",
            "? ",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            "\t",
            "\u{a0}",
            "\u{200b}",
            "\u{feff}",
            "Mr. ",
            "Gen. ",
            "U.S. ",
            "Jan. ",
            "J. ",
            "Ann Lee",
            "Bo",
            "CHAN",
            "NATO",
            "the Council",
            "\u{e9}",
            "\u{20ac}",
            "\u{1f600}",
            "\u{5317}\u{4eac}",
            "Stra\u{df}e",
            "20-point plan",
            "$2 billion",
            "Summary\n\n",
            "Why this matters\n",
            "Sign up for our newsletter",
            "Read more",
            "\u{301}",
        ])
        .prop_map(str::to_string),
        "[A-Z][a-z]{0,8}",
        "[a-z]{1,8}",
        "[0-9]{1,4}",
    ]
}

fn adversarial() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

/// Mostly quote marks and capitals.
fn quote_and_capital_heavy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(vec!["\"", "\u{201c}", "\u{201d}", "'", "\u{2019}", " "]).prop_map(str::to_string),
            2 => "[A-Z][A-Za-z]{0,5} ",
            1 => prop::sample::select(vec![" said ", ". ", "\n\n"]).prop_map(str::to_string),
        ],
        0..300,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_string(text in any::<String>()) {
        run(&text)?;
    }

    #[test]
    fn adversarial_text(text in adversarial()) {
        run(&text)?;
    }

    #[test]
    fn quote_and_capital_heavy_text(text in quote_and_capital_heavy()) {
        run(&text)?;
    }

    /// Any bytes: decoding either refuses them with a message or gives
    /// text that the pipeline takes.
    #[test]
    fn any_bytes_decode_or_refuse(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match brief::input::decode(bytes) {
            Ok(t) => {
                prop_assert!(!t.text.is_empty());
                run(&t.text)?;
            }
            Err(why) => prop_assert!(!why.is_empty()),
        }
    }

    /// Legacy single-byte text decodes to the text that was encoded.
    #[test]
    fn windows_1252_round_trips(text in "[ -~\u{e0}-\u{ff}\u{201c}\u{201d}\u{2013}]{1,80}") {
        prop_assume!(!text.is_ascii() && !text.trim().is_empty());
        let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
        prop_assert!(!bad);
        // A few byte sequences are valid UTF-8 too ("\u{e1}\u{201c}\u{201d}"
        // is E1 93 94): those read as UTF-8, rightly.
        prop_assume!(std::str::from_utf8(&bytes).is_err());
        let t = brief::input::decode(bytes.into_owned()).unwrap();
        prop_assert_eq!(&t.text, &text);
        prop_assert!(t.encoding == "windows-1252" || t.encoding == "iso-8859-1");
    }
}
