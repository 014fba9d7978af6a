//! Helpers for the integration tests: run the real binary, make scratch
//! folders, parse NDJSON.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_brief");

/// A scratch folder removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "brief-test-{}-{}-{}",
            name,
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// Writes a file (making its folders) and returns its path as a string.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    pub fn s(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `brief ARGS` with `stdin` as its standard input.
pub fn run_with(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run brief");
    let mut si = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = si.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

pub fn run(args: &[&str]) -> Output {
    run_with(args, b"")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The records of NDJSON output.
pub fn ndjson(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {e}: {l}")))
        .collect()
}

pub fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// Every span of a brief slices `text` (by code points) to its `text`.
pub fn check_spans(brief: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |v: &Value| -> String {
        let s = v["start"].as_u64().unwrap() as usize;
        let e = v["end"].as_u64().unwrap() as usize;
        assert!(
            s <= e && e <= chars.len(),
            "span {s}..{e} of {}",
            chars.len()
        );
        chars[s..e].iter().collect()
    };
    for sec in brief["sections"].as_array().unwrap() {
        slice(sec);
    }
    for ent in brief["entities"].as_array().unwrap() {
        for m in ent["mentions"].as_array().unwrap() {
            assert_eq!(slice(m), m["text"].as_str().unwrap());
        }
    }
    for q in brief["quotes"].as_array().unwrap() {
        assert_eq!(slice(q), q["text"].as_str().unwrap());
    }
    for c in brief["claims"].as_array().unwrap() {
        assert_eq!(slice(c), c["text"].as_str().unwrap());
    }
}

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A short article of our own.
pub const ARTICLE: &str = "Council Backs Harbour Plan\n\nThe city council voted on Tuesday to back the harbour plan, officials said.\n\n\"We have waited long enough,\" said Ann Lee, the mayor. \"Now we build.\"\n\nBo Chan, a council member, told reporters the plan would cost $2 billion.\n";
