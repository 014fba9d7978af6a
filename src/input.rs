//! Inputs: which files a run reads, and reading each into text.
//!
//! A path is a file, a folder (its article files, recursively, in sorted
//! path order) or `-` for standard input. Every input ends as text or as an
//! error message that names what went wrong; the caller names the path.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// File names that count as articles inside a folder.
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

fn is_article(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

/// Article files under `dir`, sorted by path. Unreadable subfolders become
/// errors in place; symlinked folders already visited are skipped, so a
/// symlink loop ends.
fn walk(dir: &Path, out: &mut Vec<Planned>, seen: &mut Vec<PathBuf>) {
    if let Ok(canon) = fs::canonicalize(dir) {
        if seen.contains(&canon) {
            return;
        }
        seen.push(canon);
    }
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Err((
                dir.to_string_lossy().into_owned(),
                format!("cannot read folder: {e}"),
            )));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, seen);
        } else if is_article(&p) {
            out.push(Ok(Input::File(p)));
        }
    }
}

/// The inputs that the command-line paths name, in order.
pub fn plan(paths: &[String]) -> Vec<Planned> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        let path = Path::new(p);
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut out, &mut Vec::new()),
            Ok(_) => out.push(Ok(Input::File(path.to_path_buf()))),
            Err(e) => out.push(Err((p.clone(), describe_io(&e)))),
        }
    }
    out
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
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
        Input::Stdin => std::io::stdin().lock().take(limit).read_to_end(&mut buf),
        Input::File(p) => {
            let md = fs::metadata(p).map_err(|e| describe_io(&e))?;
            if md.is_dir() {
                return Err("is a folder, not a file".to_string());
            }
            fs::File::open(p).and_then(|f| f.take(limit).read_to_end(&mut buf))
        }
    };
    res.map_err(|e| describe_io(&e))?;
    if buf.len() as u64 > max_bytes {
        return Err(format!(
            "too large: over {max_bytes} bytes (raise --max-bytes to read it)"
        ));
    }
    Ok(buf)
}

/// Decodes bytes into text, or says why they are not an article.
pub fn decode(bytes: Vec<u8>) -> Result<Text, String> {
    if bytes.is_empty() {
        return Err("empty file".to_string());
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), not text".to_string());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.chars().all(|c| c.is_whitespace() || c == '\u{feff}') {
        return Err("no text (only white space)".to_string());
    }
    Ok(Text {
        text,
        encoding: "utf-8",
    })
}

/// Reads and decodes one input.
pub fn load(input: &Input, max_bytes: u64) -> Result<Text, String> {
    decode(read_bytes(input, max_bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            decode(vec![0x66, 0xff, 0x66])
                .unwrap_err()
                .contains("UTF-8")
        );
        assert_eq!(
            decode("caf\u{e9}".as_bytes().to_vec()).unwrap().text,
            "caf\u{e9}"
        );
    }
}
