//! The whole analysis on any bytes: decoding, the reader, every stage and
//! the brief. A panic, a span outside the text or a span that does not
//! slice to its `text` is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Keep inputs small enough for many runs a second.
    if data.len() > 64 * 1024 {
        return;
    }
    let text = match brief::input::decode(data.to_vec()) {
        Ok(t) => t.text,
        // Not an article (binary, blank): the stages must still cope.
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let b = brief::brief_of(&text, "fuzz", "utf-8");
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| -> String {
        assert!(s <= e && e <= chars.len(), "span {s}..{e} outside {} chars", chars.len());
        chars[s..e].iter().collect()
    };
    for sec in &b.sections {
        slice(sec.start, sec.end);
        assert_eq!(&text[sec.byte_start..sec.byte_end], slice(sec.start, sec.end));
    }
    for e in &b.entities {
        for m in &e.mentions {
            assert_eq!(slice(m.start, m.end), m.text);
            assert_eq!(&text[m.byte_start..m.byte_end], m.text);
        }
    }
    for q in &b.quotes {
        assert_eq!(slice(q.start, q.end), q.text);
    }
    for c in &b.claims {
        assert_eq!(slice(c.start, c.end), c.text);
        assert_eq!(slice(c.key_start, c.key_end), c.key);
        if let Some(src) = &c.source {
            assert_eq!(slice(src.start, src.end), src.text);
        }
    }
    assert_eq!(b.source.chars, chars.len());
    // Deterministic: the same text gives the same brief.
    let again = brief::brief_of(&text, "fuzz", "utf-8");
    assert_eq!(
        serde_json_len(&b),
        serde_json_len(&again),
        "two runs on the same text differ"
    );
});

fn serde_json_len(b: &brief::brief::Brief) -> (usize, usize, usize, usize) {
    (b.sections.len(), b.entities.len(), b.quotes.len(), b.claims.len())
}
