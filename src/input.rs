//! Inputs: which files a run reads, and reading each into text.
//!
//! A path is a file, a folder (its article files, recursively, in sorted
//! path order) or `-` for standard input. Folders are walked lazily, one
//! directory listing at a time, so a run over a million files does not hold
//! a million paths. Every input ends as text or as an error message that
//! says what went wrong; the caller names the path.
//!
//! Decoding: UTF-8 (with or without a byte-order mark), UTF-16 with a
//! byte-order mark, and otherwise legacy single-byte text (Windows-1252, of
//! which Latin-1 is a subset for printable text). [`Text::encoding`] names
//! what was read with a label that Python's `open(path, encoding=...)`
//! accepts and that gives back exactly the decoded text, so offsets can be
//! checked against it (with `newline=""`, to keep `\r` as it is).

use std::fs;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// File names that count as articles inside a folder when no `--glob` is given.
pub const ARTICLE_EXTENSIONS: [&str; 1] = ["txt"];

/// Default for `--max-bytes`: larger inputs are refused.
pub const DEFAULT_MAX_BYTES: u64 = 100 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The path as the output names it ("-" for standard input).
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.to_string_lossy().into_owned(),
        }
    }
}

/// One input to analyse, or a path that gave none (with why).
pub type Planned = Result<Input, (String, String)>;

/// Which files inside a folder count as articles: `*.txt` by default, or
/// the `--glob` patterns (a leading `!` excludes). Patterns match the path
/// relative to the folder given, and a pattern without `/` matches at any
/// depth. Files named on the command line always count.
#[derive(Clone, Debug, Default)]
pub struct Selector {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Selector {
    pub fn new(globs: &[String]) -> Result<Selector, String> {
        let mut inc = GlobSetBuilder::new();
        let mut exc = GlobSetBuilder::new();
        let (mut n_inc, mut n_exc) = (0, 0);
        for g in globs {
            let (neg, pat) = match g.strip_prefix('!') {
                Some(p) => (true, p),
                None => (false, g.as_str()),
            };
            // "*.txt" should match "a/b.txt" too, as in ripgrep.
            let pat = if pat.contains('/') {
                pat.to_string()
            } else {
                format!("**/{pat}")
            };
            let glob = Glob::new(&pat).map_err(|e| format!("bad --glob {g:?}: {e}"))?;
            if neg {
                exc.add(glob);
                n_exc += 1;
            } else {
                inc.add(glob);
                n_inc += 1;
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("bad --glob: {e}"));
        Ok(Selector {
            include: if n_inc > 0 { Some(build(inc)?) } else { None },
            exclude: if n_exc > 0 { Some(build(exc)?) } else { None },
        })
    }

    /// Whether a file at `rel` (relative to its folder) is an article.
    pub fn matches(&self, rel: &Path) -> bool {
        if self.exclude.as_ref().is_some_and(|e| e.is_match(rel)) {
            return false;
        }
        match &self.include {
            Some(inc) => inc.is_match(rel),
            None => rel
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e))),
        }
    }
}

/// An input found on the command line or in a folder, with the path that
/// `--out-dir` mirrors: relative to the folder given, or the file's name.
#[derive(Debug)]
pub struct Found {
    pub input: Planned,
    pub rel: PathBuf,
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
        _ => e.to_string(),
    }
}

fn describe_walk(e: &walkdir::Error) -> String {
    if let Some(anc) = e.loop_ancestor() {
        return format!(
            "symbolic link loop: leads back to {} (skipped)",
            anc.display()
        );
    }
    match e.io_error() {
        Some(io) if io.kind() == io::ErrorKind::NotFound => {
            "no such file or folder (a broken link, or removed during the run)".to_string()
        }
        Some(io) => describe_io(io),
        None => e.to_string(),
    }
}

fn file_name_of(p: &Path) -> PathBuf {
    p.file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("stdin"))
}

/// The inputs that the command-line paths name, in order, found lazily.
pub fn walk<'a>(paths: &'a [String], sel: &'a Selector) -> impl Iterator<Item = Found> + Send + 'a {
    paths
        .iter()
        .flat_map(move |p| -> Box<dyn Iterator<Item = Found> + Send + 'a> {
            if p == "-" {
                return Box::new(std::iter::once(Found {
                    input: Ok(Input::Stdin),
                    rel: PathBuf::from("stdin"),
                }));
            }
            let path = Path::new(p);
            match fs::metadata(path) {
                Ok(m) if m.is_dir() => Box::new(walk_dir(path, sel)),
                Ok(_) => Box::new(std::iter::once(Found {
                    input: Ok(Input::File(path.to_path_buf())),
                    rel: file_name_of(path),
                })),
                Err(e) => Box::new(std::iter::once(Found {
                    input: Err((p.clone(), describe_io(&e))),
                    rel: file_name_of(path),
                })),
            }
        })
}

fn walk_dir<'a>(root: &'a Path, sel: &'a Selector) -> impl Iterator<Item = Found> + Send + 'a {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(move |entry| match entry {
            Ok(e) => {
                if e.file_type().is_dir() {
                    return None;
                }
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                if !sel.matches(rel) {
                    return None;
                }
                Some(Found {
                    rel: rel.to_path_buf(),
                    input: Ok(Input::File(e.into_path())),
                })
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                // A dangling link or an unreadable entry is reported only
                // when its name would have counted as an article; a folder
                // that cannot be read or a loop is always reported.
                let is_dirish = err.loop_ancestor().is_some() || err.depth() == 0 || path.is_dir();
                if !is_dirish && !sel.matches(&rel) {
                    return None;
                }
                Some(Found {
                    input: Err((path.to_string_lossy().into_owned(), describe_walk(&err))),
                    rel,
                })
            }
        })
}

/// The inputs that the command-line paths name, in order (all at once;
/// [`walk`] is the lazy form).
pub fn plan(paths: &[String]) -> Vec<Planned> {
    let sel = Selector::default();
    walk(paths, &sel).map(|f| f.input).collect()
}

/// Text read from an input, and the encoding it was read in.
#[derive(Debug)]
pub struct Text {
    pub text: String,
    pub encoding: &'static str,
}

/// Reads an input's bytes, refusing more than `max_bytes`.
pub fn read_bytes(input: &Input, max_bytes: u64) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let limit = max_bytes.saturating_add(1);
    let res = match input {
        Input::Stdin => io::stdin().lock().take(limit).read_to_end(&mut buf),
        Input::File(p) => {
            // Open first, then ask the open file: one path lookup, and the
            // size sizes the buffer in one allocation.
            let f = fs::File::open(p).map_err(|e| describe_io(&e))?;
            let md = f.metadata().map_err(|e| describe_io(&e))?;
            if md.is_dir() {
                return Err("is a folder, not a file".to_string());
            }
            if md.len() > max_bytes {
                return Err(too_large(max_bytes));
            }
            buf.reserve_exact(usize::try_from(md.len()).unwrap_or(0).saturating_add(1));
            f.take(limit).read_to_end(&mut buf)
        }
    };
    res.map_err(|e| describe_io(&e))?;
    if buf.len() as u64 > max_bytes {
        return Err(too_large(max_bytes));
    }
    Ok(buf)
}

fn too_large(max_bytes: u64) -> String {
    format!("too large: over {max_bytes} bytes (raise --max-bytes to read it)")
}

/// Control characters other than tab, line feed, form feed and carriage
/// return (all ASCII): a text with many of them is not an article.
fn is_binary_control(x: u8) -> bool {
    (x < 0x20) & (x != b'\t') & (x != b'\n') & (x != 0x0c) & (x != b'\r') | (x == 0x7f)
}

/// How many chars of the text are binary controls. Each is one ASCII
/// byte, and an ASCII byte is always a char of its own, so the bytes are
/// counted, 64 at a time with branch-free tests the compiler turns into
/// vector code (the char walk was most of `decode` in the profile).
fn count_binary_controls(b: &[u8]) -> usize {
    let mut chunks = b.chunks_exact(64);
    let mut n = 0usize;
    for chunk in chunks.by_ref() {
        let mut k = 0u8;
        for &x in chunk {
            k += u8::from(is_binary_control(x));
        }
        n += usize::from(k);
    }
    n + chunks
        .remainder()
        .iter()
        .filter(|&&x| is_binary_control(x))
        .count()
}

/// Characters that carry no text: white space, byte-order marks, zero-width
/// spaces and joiners.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// Checks decoded text: no NUL, not mostly control characters, not blank.
fn check_text(text: String, encoding: &'static str) -> Result<Text, String> {
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err("binary file (contains NUL bytes), not text".to_string());
    }
    let controls = count_binary_controls(text.as_bytes());
    if controls > 8 && controls > text.len() / 100 {
        return Err(format!(
            "binary file ({controls} control characters), not text"
        ));
    }
    if text.chars().all(is_blank) {
        return Err("no text (only white space)".to_string());
    }
    Ok(Text { text, encoding })
}

/// Whether invalid UTF-8 looks like UTF-8 with a few damaged bytes (a
/// truncated or spliced scrape) rather than a legacy encoding: it has more
/// well-formed multi-byte sequences than bad bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        bad += chunk.invalid().len();
    }
    good > bad
}

/// Decodes bytes into text, or says why they are not an article.
pub fn decode(bytes: Vec<u8>) -> Result<Text, String> {
    if bytes.is_empty() {
        return Err("empty file".to_string());
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let body = &bytes[bom_len..];
        if enc == encoding_rs::UTF_8 {
            return match std::str::from_utf8(body) {
                Ok(s) => check_text(s.to_string(), "utf-8-sig"),
                Err(e) => Err(format!(
                    "not valid UTF-8 after its byte-order mark (first bad byte at offset {})",
                    bom_len + e.valid_up_to()
                )),
            };
        }
        // UTF-16LE or UTF-16BE: Python's "utf-16" reads either by its mark.
        let name = enc.name();
        return match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(s) => check_text(s.into_owned(), "utf-16"),
            None => Err(format!("not valid {name} after its byte-order mark")),
        };
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err("binary file (contains NUL bytes), not text".to_string());
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return check_text(text, "utf-8"),
        Err(e) => e.into_bytes(),
    };
    if mostly_utf8(&bytes) {
        // Python: bytes.decode("utf-8", errors="replace") gives the same text.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        return check_text(text, "utf-8-replaced");
    }
    // Legacy single-byte text. Bytes 0x80-0x9F are printable only in
    // Windows-1252 (curly quotes, dashes); without them the file reads the
    // same as Latin-1, and is named so.
    let has_c1 = bytes.iter().any(|&b| (0x80..0xa0).contains(&b));
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    check_text(
        text.into_owned(),
        if has_c1 { "windows-1252" } else { "iso-8859-1" },
    )
}

/// Reads and decodes one input.
pub fn load(input: &Input, max_bytes: u64) -> Result<Text, String> {
    decode(read_bytes(input, max_bytes)?)
}

/// One line of a `--jsonl` input: `{"id": ..., "text": ...}`.
#[derive(Debug)]
pub struct JsonlRecord {
    /// The record's id (a string, or a number written as one), or
    /// `FILE:LINE` when the line has none.
    pub id: String,
    /// The text, or why the line gave none.
    pub text: Result<String, String>,
}

#[derive(serde::Deserialize)]
struct RawRecord {
    id: Option<serde_json::Value>,
    text: Option<serde_json::Value>,
}

/// Reads `{"id", "text"}` records line by line, lazily; blank lines are
/// skipped. A line over `max_bytes` is skipped to its end and reported.
pub struct JsonlReader<R> {
    reader: R,
    name: String,
    line: usize,
    max_bytes: u64,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(reader: R, name: &str, max_bytes: u64) -> JsonlReader<R> {
        JsonlReader {
            reader,
            name: name.to_string(),
            line: 0,
            max_bytes,
            done: false,
        }
    }

    fn here(&self) -> String {
        format!("{}:{}", self.name, self.line)
    }

    fn parse(&self, buf: &[u8]) -> JsonlRecord {
        let raw: RawRecord = match serde_json::from_slice(buf) {
            Ok(r) => r,
            Err(e) => {
                return JsonlRecord {
                    id: self.here(),
                    text: Err(format!("not a JSON record: {e}")),
                };
            }
        };
        let id = match raw.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                return JsonlRecord {
                    id: self.here(),
                    text: Err("record has no \"id\" (a string or a number)".to_string()),
                };
            }
        };
        let text = match raw.text {
            Some(serde_json::Value::String(s)) => Ok(s),
            _ => Err("record has no \"text\" string".to_string()),
        };
        JsonlRecord { id, text }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = JsonlRecord;

    fn next(&mut self) -> Option<JsonlRecord> {
        let mut buf = Vec::new();
        while !self.done {
            buf.clear();
            self.line += 1;
            let limit = self.max_bytes.saturating_add(1);
            match (&mut self.reader).take(limit).read_until(b'\n', &mut buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    if buf.len() as u64 > self.max_bytes && buf.last() != Some(&b'\n') {
                        // Skip the rest of the long line.
                        let mut sink = Vec::new();
                        loop {
                            sink.clear();
                            match (&mut self.reader)
                                .take(1 << 20)
                                .read_until(b'\n', &mut sink)
                            {
                                Ok(0) => break,
                                Ok(_) if sink.last() == Some(&b'\n') => break,
                                Ok(_) => continue,
                                Err(_) => break,
                            }
                        }
                        return Some(JsonlRecord {
                            id: self.here(),
                            text: Err(too_large(self.max_bytes)),
                        });
                    }
                    if buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    return Some(self.parse(&buf));
                }
                Err(e) => {
                    self.done = true;
                    return Some(JsonlRecord {
                        id: self.here(),
                        text: Err(format!("cannot read: {}", describe_io(&e))),
                    });
                }
            }
        }
        None
    }
}

/// Checks a `--jsonl` record's text as [`decode`] checks a file's.
pub fn check_record_text(text: String) -> Result<Text, String> {
    if text.is_empty() {
        return Err("empty text".to_string());
    }
    check_text(text, "utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_controls_counted_as_chars() {
        let all: String = (0u32..0x250).filter_map(char::from_u32).collect();
        let texts = [
            String::new(),
            all.clone(),
            all.repeat(3),
            "a\u{1}b\u{7f}\u{85}".into(),
        ];
        for t in &texts {
            for start in 0..t.len().min(70) {
                let Some(s) = t.get(start..) else { continue };
                let want = s
                    .chars()
                    .filter(|&c| {
                        (c < ' ' && !matches!(c, '\t' | '\n' | '\x0c' | '\r')) || c == '\x7f'
                    })
                    .count();
                assert_eq!(count_binary_controls(s.as_bytes()), want);
            }
        }
    }

    #[test]
    fn decode_refuses_what_is_not_an_article() {
        assert_eq!(decode(vec![]).unwrap_err(), "empty file");
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("binary"));
        assert!(
            decode(b" \n\t ".to_vec())
                .unwrap_err()
                .contains("white space")
        );
        assert!(
            decode("\u{200b}\u{feff} \u{a0}".as_bytes().to_vec())
                .unwrap_err()
                .contains("white space")
        );
        let controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 2 == 0 { 1 } else { b'a' })
            .collect();
        assert!(decode(controls).unwrap_err().contains("control"));
        assert_eq!(
            decode("caf\u{e9}".as_bytes().to_vec()).unwrap().text,
            "caf\u{e9}"
        );
    }

    #[test]
    fn encodings_are_detected_and_named() {
        let t = decode(b"\xef\xbb\xbfcaf\xc3\xa9".to_vec()).unwrap();
        assert_eq!((t.text.as_str(), t.encoding), ("caf\u{e9}", "utf-8-sig"));
        // Windows-1252 curly quotes 0x93/0x94 and an e-acute.
        let t = decode(b"\x93Caf\xe9,\x94 she said.".to_vec()).unwrap();
        assert_eq!(t.text, "\u{201c}Caf\u{e9},\u{201d} she said.");
        assert_eq!(t.encoding, "windows-1252");
        let t = decode(b"Caf\xe9 cr\xe8me".to_vec()).unwrap();
        assert_eq!(
            (t.text.as_str(), t.encoding),
            ("Caf\u{e9} cr\u{e8}me", "iso-8859-1")
        );
        let mut le = vec![0xff, 0xfe];
        le.extend("h\u{e9}!".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let t = decode(le).unwrap();
        assert_eq!((t.text.as_str(), t.encoding), ("h\u{e9}!", "utf-16"));
        let mut be = vec![0xfe, 0xff];
        be.extend(
            "\u{201c}x\u{201d}"
                .encode_utf16()
                .flat_map(|u| u.to_be_bytes()),
        );
        assert_eq!(decode(be).unwrap().text, "\u{201c}x\u{201d}");
        // UTF-8 with one damaged byte stays UTF-8, the byte replaced.
        let t = decode(b"\xe2\x80\x9cNa\xc3\xafve\xe2\x80\x9d \xff ok".to_vec()).unwrap();
        assert_eq!(t.encoding, "utf-8-replaced");
        assert_eq!(t.text, "\u{201c}Na\u{ef}ve\u{201d} \u{fffd} ok");
    }

    #[test]
    fn globs_select_files_at_any_depth() {
        let sel = Selector::new(&["*.md".into(), "!draft*".into()]).unwrap();
        assert!(sel.matches(Path::new("a/b/story.md")));
        assert!(!sel.matches(Path::new("a/draft-1.md")));
        assert!(!sel.matches(Path::new("a/story.txt")));
        let default = Selector::default();
        assert!(default.matches(Path::new("x/y.TXT")));
        assert!(!default.matches(Path::new("x/y.json")));
        assert!(Selector::new(&["a[".into()]).is_err());
    }

    #[test]
    fn jsonl_records_and_their_errors() {
        let data = b"{\"id\": \"a\", \"text\": \"One.\"}\n\n{\"id\": 7, \"text\": \"Two.\"}\nnot json\n{\"text\": \"x\"}\n{\"id\": \"b\"}\n";
        let recs: Vec<_> = JsonlReader::new(&data[..], "in.jsonl", 1000).collect();
        assert_eq!(recs.len(), 5);
        assert_eq!(
            (recs[0].id.as_str(), recs[0].text.as_deref()),
            ("a", Ok("One."))
        );
        assert_eq!(recs[1].id, "7");
        assert_eq!(recs[2].id, "in.jsonl:4");
        assert!(
            recs[2]
                .text
                .as_ref()
                .unwrap_err()
                .contains("not a JSON record")
        );
        assert_eq!(recs[3].id, "in.jsonl:5");
        assert_eq!(recs[4].id, "b");
        assert!(recs[4].text.is_err());
        let long = b"{\"id\": \"a\", \"text\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n{\"id\": \"b\", \"text\": \"ok\"}\n";
        let recs: Vec<_> = JsonlReader::new(&long[..], "-", 30).collect();
        assert_eq!(recs.len(), 2);
        assert!(recs[0].text.as_ref().unwrap_err().contains("too large"));
        assert_eq!(recs[1].text.as_deref(), Ok("ok"));
    }
}
