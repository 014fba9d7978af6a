//! The command line, run as a user runs it: inputs good and bad, exit
//! codes, the closed pipe, batch options. Every test parses the JSON.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

#[test]
fn one_file_gives_one_pretty_brief() {
    let d = Scratch::new("one");
    let p = d.write("story.txt", ARTICLE);
    let o = run(&["analyze", &p]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "no summary for one file: {}",
        stderr(&o)
    );
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(text.lines().count() > 1, "pretty by default for one file");
    let b = json(&o.stdout);
    assert_eq!(b["version"], "1");
    assert_eq!(b["source"]["path"], p.as_str());
    assert_eq!(b["source"]["encoding"], "utf-8");
    check_spans(&b, ARTICLE);
    // --compact: the same brief on one line.
    let c = run(&["analyze", "--compact", &p]);
    assert_eq!(ndjson(&c.stdout), vec![b]);
}

#[test]
fn missing_file_is_an_error_record_and_exit_1() {
    let d = Scratch::new("missing");
    let good = d.write("good.txt", ARTICLE);
    let missing = d.path("nope.txt").to_string_lossy().into_owned();
    let o = run(&["analyze", &missing, &good]);
    assert_eq!(code(&o), 1);
    let recs = ndjson(&o.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["source"]["path"], missing.as_str());
    assert!(recs[0]["error"].as_str().unwrap().contains("no such file"));
    assert_eq!(recs[1]["source"]["path"], good.as_str());
    assert_eq!(recs[1]["version"], "1", "the run carries on");
    let err = stderr(&o);
    assert!(
        err.contains(&format!("brief: {missing}: no such file")),
        "{err}"
    );
    // Alone, too: the error record is the whole output.
    let o = run(&["analyze", &missing]);
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o.stdout)["source"]["path"], missing.as_str());
}

/// A folder with every kind of bad input beside good ones: each bad one is
/// an error record in its sorted place, named on stderr; the rest are briefs.
#[test]
fn folder_with_bad_inputs_carries_on() {
    let d = Scratch::new("folder");
    d.write("a-good.txt", ARTICLE);
    d.write("b-empty.txt", "");
    d.write("c-blank.txt", " \n\t\r\n\u{a0}\u{200b}\n");
    d.write("d-binary.txt", b"PK\x03\x04\x00\x00\x08\x00binary\x00data");
    d.write(
        "e-latin1.txt",
        b"Caf\xe9 owner Ann Lee said \x93no\x94 on Monday.\n",
    );
    d.write("sub/f-nested.txt", "A nested story, said Bo Chan.\n");
    d.write("sub/notes.md", "not an article by default");
    let o = run(&["analyze", &d.s()]);
    assert_eq!(code(&o), 1);
    let recs = ndjson(&o.stdout);
    let names: Vec<&str> = recs
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    let want: Vec<String> = [
        "a-good.txt",
        "b-empty.txt",
        "c-blank.txt",
        "d-binary.txt",
        "e-latin1.txt",
        "sub/f-nested.txt",
    ]
    .iter()
    .map(|n| d.path(n).to_string_lossy().into_owned())
    .collect();
    assert_eq!(names, want);
    let err_of = |i: usize| recs[i]["error"].as_str().unwrap_or("").to_string();
    assert!(recs[0]["error"].is_null());
    assert_eq!(err_of(1), "empty file");
    assert!(err_of(2).contains("white space"));
    assert!(err_of(3).contains("binary"));
    assert!(recs[4]["error"].is_null());
    assert_eq!(recs[4]["source"]["encoding"], "windows-1252");
    assert!(recs[5]["error"].is_null());
    let err = stderr(&o);
    for (i, w) in want.iter().enumerate().take(4).skip(1) {
        assert!(err.contains(&format!("brief: {w}: {}", err_of(i))), "{err}");
    }
    assert!(
        err.contains("brief: 6 articles, 3 failed"),
        "summary: {err}"
    );
}

#[test]
fn invalid_utf8_is_read_as_legacy_text() {
    let d = Scratch::new("legacy");
    // Windows-1252: curly quotes 0x93/0x94, an en dash 0x96.
    let p = d.write(
        "cp1252.txt",
        b"Port Reopens\r\n\r\n\x93We are open again,\x94 said Ann Lee \x96 the harbour master.\r\n",
    );
    let o = run(&["analyze", &p]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let b = json(&o.stdout);
    assert_eq!(b["source"]["encoding"], "windows-1252");
    let text = "Port Reopens\r\n\r\n\u{201c}We are open again,\u{201d} said Ann Lee \u{2013} the harbour master.\r\n";
    check_spans(&b, text);
    assert_eq!(b["quotes"][0]["text"], "We are open again,");
}

#[test]
fn utf8_bom_and_utf16_are_decoded_and_named() {
    let d = Scratch::new("bom");
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(ARTICLE.as_bytes());
    let p8 = d.write("a.txt", bom);
    let mut le = vec![0xff, 0xfe];
    le.extend(ARTICLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let p16 = d.write("b.txt", le);
    let plain = json(&run(&["analyze", &d.write("c.txt", ARTICLE)]).stdout);
    for (p, enc) in [(p8, "utf-8-sig"), (p16, "utf-16")] {
        let o = run(&["analyze", &p]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let b = json(&o.stdout);
        assert_eq!(b["source"]["encoding"], enc);
        // The mark is not text: offsets are those of the plain file.
        assert_eq!(b["entities"], plain["entities"]);
        assert_eq!(b["quotes"], plain["quotes"]);
        check_spans(&b, ARTICLE);
    }
}

#[test]
fn standard_input_is_named_dash() {
    let o = run_with(&["analyze", "-"], ARTICLE.as_bytes());
    assert_eq!(code(&o), 0);
    let b = json(&o.stdout);
    assert_eq!(b["source"]["path"], "-");
    check_spans(&b, ARTICLE);
    let o = run_with(&["analyze", "-"], b"");
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o.stdout)["error"], "empty file");
    assert!(stderr(&o).contains("brief: -: empty file"));
}

/// `brief analyze DIR | head -1`: the reader goes away after one line.
#[test]
fn closed_pipe_ends_quietly_with_0() {
    let d = Scratch::new("pipe");
    for i in 0..400 {
        d.write(&format!("{i:04}.txt"), ARTICLE);
    }
    let mut child = Command::new(BIN)
        .args(["analyze", &d.s()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut first).unwrap();
    } // stdout closed here
    let out = child.wait_with_output().unwrap();
    let rec: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(rec["version"], "1");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "", "no noise on stderr");
}

#[test]
fn usage_errors_exit_2() {
    let d = Scratch::new("usage");
    let p = d.write("a.txt", ARTICLE);
    for args in [
        vec!["analyze"],
        vec!["analyze", "--no-such-flag", &p],
        vec!["analyze", "--jobs", "0", &p],
        vec!["analyze", "--glob", "a[", &p],
        vec!["analyze", "--force", &p],
        vec!["frobnicate"],
        vec![],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn schema_is_json_schema_of_both_records() {
    let o = run(&["schema"]);
    assert_eq!(code(&o), 0);
    let s = json(&o.stdout);
    assert!(s["$schema"].as_str().unwrap().contains("json-schema.org"));
    let text = serde_json::to_string(&s).unwrap();
    for field in [
        "version", "sections", "entities", "quotes", "claims", "error",
    ] {
        assert!(text.contains(&format!("\"{field}\"")), "{field} missing");
    }
    let alts = s["anyOf"].as_array().or(s["oneOf"].as_array()).unwrap();
    assert_eq!(alts.len(), 2, "a brief or an error record");
}

#[test]
fn help_has_examples_with_jq_and_exit_codes() {
    for args in [vec!["--help"], vec!["analyze", "--help"]] {
        let o = run(&args);
        assert_eq!(code(&o), 0);
        let h = String::from_utf8(o.stdout).unwrap();
        assert!(h.contains("Examples:") && h.contains("| jq"), "{h}");
        assert!(h.contains("Exit codes"), "{h}");
    }
    let o = run(&["analyze", "--help"]);
    let h = String::from_utf8(o.stdout).unwrap();
    for flag in [
        "--jobs",
        "--glob",
        "--jsonl",
        "--out-dir",
        "--force",
        "--quiet",
        "*.txt",
    ] {
        assert!(h.contains(flag), "{flag}");
    }
    let v = run(&["--version"]);
    assert_eq!(code(&v), 0);
    assert!(String::from_utf8(v.stdout).unwrap().starts_with("brief "));
}

fn corpus(d: &Scratch, n: usize) {
    for i in 0..n {
        // Uneven sizes so that threads finish out of order.
        let body = ARTICLE.repeat(1 + (i * 7) % 13);
        d.write(&format!("part{}/{i:03}.txt", i % 3), body);
    }
}

#[test]
fn same_bytes_for_any_number_of_jobs() {
    let d = Scratch::new("jobs");
    corpus(&d, 60);
    let one = run(&["analyze", "-j", "1", "-q", &d.s()]);
    let two = run(&["analyze", "-j", "2", "-q", &d.s()]);
    let five = run(&["analyze", "--jobs", "5", "-q", &d.s()]);
    assert_eq!(code(&one), 0);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, five.stdout);
    let recs = ndjson(&one.stdout);
    assert_eq!(recs.len(), 60);
    let paths: Vec<&str> = recs
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "sorted path order");
}

#[test]
fn summary_on_stderr_and_quiet_silences_it() {
    let d = Scratch::new("summary");
    corpus(&d, 5);
    let o = run(&["analyze", &d.s()]);
    assert_eq!(code(&o), 0);
    // stderr is a pipe here: no progress bar, only the summary line.
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err:?}");
    assert!(
        lines[0].starts_with("brief: 5 articles, 0 failed, "),
        "{err}"
    );
    assert!(
        lines[0].contains(" MB in ") && lines[0].ends_with(" MB/s)"),
        "{err}"
    );
    assert!(
        !err.contains('\r') && !err.contains('\x1b'),
        "no bar drawing"
    );
    let q = run(&["analyze", "--quiet", &d.s()]);
    assert_eq!(q.stderr, b"");
    assert_eq!(q.stdout, o.stdout);
}

#[test]
fn glob_chooses_files() {
    let d = Scratch::new("glob");
    d.write("a.txt", ARTICLE);
    d.write("b.md", ARTICLE);
    d.write("drafts/c.md", ARTICLE);
    d.write("drafts/skip-d.md", ARTICLE);
    let o = run(&[
        "analyze",
        "-q",
        "--glob",
        "*.md",
        "--glob",
        "!skip-*",
        &d.s(),
    ]);
    assert_eq!(code(&o), 0);
    let names: Vec<String> = ndjson(&o.stdout)
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        vec![
            d.path("b.md").to_string_lossy().into_owned(),
            d.path("drafts/c.md").to_string_lossy().into_owned()
        ]
    );
}

#[test]
fn max_bytes_refuses_large_inputs() {
    let d = Scratch::new("max");
    let small = d.write("a.txt", ARTICLE);
    let big = d.write("b.txt", ARTICLE.repeat(10));
    let o = run(&["analyze", "--max-bytes", "1000", &small, &big]);
    assert_eq!(code(&o), 1);
    let recs = ndjson(&o.stdout);
    assert_eq!(recs[0]["version"], "1");
    assert!(recs[1]["error"].as_str().unwrap().contains("too large"));
    assert!(stderr(&o).contains(&format!("brief: {big}: too large")));
    let o = run_with(
        &["analyze", "--max-bytes", "1000", "-"],
        ARTICLE.repeat(10).as_bytes(),
    );
    assert_eq!(code(&o), 1);
    assert!(
        json(&o.stdout)["error"]
            .as_str()
            .unwrap()
            .contains("too large")
    );
}

/// --jsonl gives the same briefs as the files, with ids in place of paths.
#[test]
fn jsonl_records_match_files() {
    let d = Scratch::new("jsonl");
    let texts = [
        ARTICLE.to_string(),
        "Short Note\n\n\u{201c}Fine,\u{201d} she said. Caf\u{e9} \u{20ac}5.\n".to_string(),
        ARTICLE.repeat(3),
    ];
    let mut lines = String::new();
    let mut files = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        files.push(d.write(&format!("files/doc-{i}.txt"), t));
        lines.push_str(&serde_json::json!({"id": format!("doc-{i}"), "text": t}).to_string());
        lines.push('\n');
    }
    let jl = d.write("in.jsonl", &lines);
    let from_files = ndjson(&run(&["analyze", "-q", &d.path("files").to_string_lossy()]).stdout);
    for args in [
        vec!["analyze", "-q", "--jsonl", &jl],
        vec!["analyze", "-q", "--jsonl", "-"],
    ] {
        let o = run_with(&args, lines.as_bytes());
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let recs = ndjson(&o.stdout);
        assert_eq!(recs.len(), 3);
        for (i, (r, f)) in recs.iter().zip(&from_files).enumerate() {
            assert_eq!(r["source"]["path"], format!("doc-{i}"));
            let mut r = r.clone();
            r["source"]["path"] = f["source"]["path"].clone();
            assert_eq!(&r, f);
        }
    }
    // Bad lines are error records named by id or by FILE:LINE.
    let bad = d.write(
        "bad.jsonl",
        "{\"id\": \"x\", \"text\": \"\"}\nnot json\n{\"id\": 3, \"text\": \"Ann Lee spoke.\"}\n",
    );
    let o = run(&["analyze", "-q", "--jsonl", &bad]);
    assert_eq!(code(&o), 1);
    let recs = ndjson(&o.stdout);
    assert_eq!(recs[0]["source"]["path"], "x");
    assert_eq!(recs[1]["source"]["path"], format!("{bad}:2"));
    assert_eq!(recs[2]["source"]["path"], "3");
    assert_eq!(recs[2]["version"], "1");
    // A folder where a JSONL file is expected.
    let o = run(&["analyze", "--jsonl", &d.s()]);
    assert_eq!(code(&o), 1);
    assert!(
        json(&o.stdout)["error"]
            .as_str()
            .unwrap()
            .contains("folder")
    );
}

#[test]
fn out_dir_mirrors_the_tree_and_does_not_overwrite() {
    let d = Scratch::new("outdir");
    let src = d.path("in");
    d.write("in/a.txt", ARTICLE);
    d.write("in/x/b.txt", ARTICLE);
    d.write("in/x/c.txt", "");
    let out = d.path("out");
    let (src_s, out_s) = (src.to_string_lossy(), out.to_string_lossy());
    let o = run(&["analyze", "-q", "--out-dir", &out_s, &src_s]);
    assert_eq!(code(&o), 1, "c.txt is empty");
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("c.txt: empty file"));
    let a = json(&std::fs::read(out.join("a.json")).unwrap());
    assert_eq!(
        a["source"]["path"],
        src.join("a.txt").to_string_lossy().as_ref()
    );
    let b = json(&std::fs::read(out.join("x/b.json")).unwrap());
    assert_eq!(b["entities"], a["entities"]);
    assert!(!out.join("x/c.json").exists());
    // Again: the briefs exist, nothing is overwritten, exit 1.
    std::fs::write(out.join("a.json"), "keep").unwrap();
    let o = run(&[
        "analyze",
        "-q",
        "--out-dir",
        &out_s,
        &d.path("in/a.txt").to_string_lossy(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("exists (use --force to overwrite)"));
    assert_eq!(std::fs::read(out.join("a.json")).unwrap(), b"keep");
    let o = run(&[
        "analyze",
        "-q",
        "--force",
        "--out-dir",
        &out_s,
        &d.path("in/a.txt").to_string_lossy(),
    ]);
    assert_eq!(code(&o), 0);
    assert_eq!(json(&std::fs::read(out.join("a.json")).unwrap()), a);
}

#[test]
fn unwritable_out_dir_is_an_error_naming_it_with_exit_2() {
    let d = Scratch::new("unwritable");
    let p = d.write("a.txt", ARTICLE);
    let blocker = d.write("file", "a file, not a folder");
    let bad = format!("{blocker}/briefs");
    let o = run(&["analyze", "--out-dir", &bad, &p]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains(&bad) && err.contains("cannot write"), "{err}");
}

#[test]
fn symlink_loop_in_a_folder_is_reported_and_the_rest_read() {
    let d = Scratch::new("loop");
    d.write("a.txt", ARTICLE);
    d.write("sub/b.txt", ARTICLE);
    std::os::unix::fs::symlink(&d.0, d.path("sub/loop")).unwrap();
    let o = run(&["analyze", &d.s()]);
    assert_eq!(code(&o), 1);
    let recs = ndjson(&o.stdout);
    assert_eq!(recs.len(), 3, "{recs:?}");
    let loop_path = d.path("sub/loop").to_string_lossy().into_owned();
    let looped: Vec<&Value> = recs.iter().filter(|r| r["error"].is_string()).collect();
    assert_eq!(looped.len(), 1);
    assert_eq!(looped[0]["source"]["path"], loop_path.as_str());
    assert!(looped[0]["error"].as_str().unwrap().contains("loop"));
    assert!(stderr(&o).contains(&format!("brief: {loop_path}: symbolic link loop")));
    assert_eq!(recs.iter().filter(|r| r["version"] == "1").count(), 2);
}

#[test]
fn unreadable_files_are_reported() {
    let d = Scratch::new("unreadable");
    d.write("a.txt", ARTICLE);
    // Reading /proc/self/mem from offset 0 fails (EIO) even for root.
    std::os::unix::fs::symlink("/proc/self/mem", d.path("b.txt")).unwrap();
    // A dangling link.
    std::os::unix::fs::symlink(d.path("gone.txt"), d.path("c.txt")).unwrap();
    let locked = d.write("d.txt", ARTICLE);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::read(&locked).is_ok();
    let o = run(&["analyze", &d.s()]);
    assert_eq!(code(&o), 1);
    let recs = ndjson(&o.stdout);
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[0]["version"], "1");
    assert!(recs[1]["error"].is_string(), "{}", recs[1]);
    assert!(recs[2]["error"].as_str().unwrap().contains("no such file"));
    if privileged {
        // Running as root: permissions do not stop the read.
        assert_eq!(recs[3]["version"], "1");
    } else {
        assert_eq!(recs[3]["error"], "permission denied");
    }
    let err = stderr(&o);
    assert!(err.contains(&format!("brief: {}: ", d.path("b.txt").display())));
    assert!(err.contains(&format!(
        "brief: {}: no such file",
        d.path("c.txt").display()
    )));
}

/// A full disk: standard output on /dev/full fails with "no space left".
#[test]
fn full_disk_on_stdout_is_an_error_with_exit_2() {
    let d = Scratch::new("full");
    corpus(&d, 5);
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let o = Command::new(BIN)
        .args(["analyze", &d.s()])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("cannot write standard output"), "{err}");
    assert!(err.to_lowercase().contains("no space"), "{err}");
}
