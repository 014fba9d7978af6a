//! A small Chrome DevTools Protocol client over `--remote-debugging-pipe`,
//! enough to drive the HTML view in Debian's chromium: open a page, run
//! JavaScript, click with the mouse, take a screenshot.
//!
//! With `--remote-debugging-pipe` the browser reads commands from file
//! descriptor 3 and writes replies and events to descriptor 4, each message
//! a JSON text ended by a NUL byte. That needs no WebSocket and no crate:
//! the browser is started through `sh`, which hands it our pipes as 3 and 4.
//! Every wait has a deadline, so a browser that hangs fails the test
//! instead of stalling it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Where Debian installs chromium; `BRIEF_CHROMIUM` may name another.
pub const DEBIAN_CHROMIUM: &str = "/usr/bin/chromium";

/// The browser to run: `BRIEF_CHROMIUM`, else Debian's chromium, which is
/// installed with apt-get when missing (CI runs as root on a fresh Debian
/// machine). Never skips: a browser that cannot be had fails the test with
/// the reason.
pub fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("BRIEF_CHROMIUM") {
        return PathBuf::from(p);
    }
    let path = Path::new(DEBIAN_CHROMIUM);
    if path.exists() {
        return path.to_path_buf();
    }
    eprintln!("browser test: {DEBIAN_CHROMIUM} is missing, installing Debian's chromium");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    let installed = apt(&["install", "-y", "-q", "--no-install-recommends", "chromium"])
        || (apt(&["update", "-q"])
            && apt(&["install", "-y", "-q", "--no-install-recommends", "chromium"]));
    assert!(
        installed && path.exists(),
        "the browser test needs Debian's chromium at {DEBIAN_CHROMIUM}: `apt-get install chromium` \
         failed (run it as root, or set BRIEF_CHROMIUM to a Chromium binary)"
    );
    path.to_path_buf()
}

pub struct Browser {
    child: Child,
    to: ChildStdin,
    from: Receiver<Value>,
    next_id: u64,
    session: Option<String>,
    _profile: TempDir,
}

/// A folder removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const TIMEOUT: Duration = Duration::from_secs(30);

impl Browser {
    /// Starts a headless browser with a fresh profile, the window
    /// `width` x `height` CSS pixels.
    pub fn launch(bin: &Path, width: u32, height: u32) -> Browser {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let profile =
            std::env::temp_dir().join(format!("brief-chromium-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&profile).expect("a profile folder");
        let mut child = Command::new("sh")
            .arg("-c")
            // The browser reads our stdin pipe as fd 3 and writes fd 4 to our
            // stdout pipe; its own stdin and stdout are closed off.
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-pipe",
                &format!("--window-size={width},{height}"),
                &format!("--user-data-dir={}", profile.display()),
                "about:blank",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let to = child.stdin.take().expect("the browser's command pipe");
        let out = child.stdout.take().expect("the browser's reply pipe");
        // The browser's own log, kept quiet unless something goes wrong.
        if let Some(err) = child.stderr.take() {
            std::thread::spawn(move || {
                let mut sink = Vec::new();
                let _ = BufReader::new(err).take(1 << 20).read_to_end(&mut sink);
                if std::env::var_os("BRIEF_BROWSER_LOG").is_some() {
                    eprintln!("{}", String::from_utf8_lossy(&sink));
                }
            });
        }
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(out);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match r.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if buf.last() == Some(&0) {
                            buf.pop();
                        }
                        if let Ok(v) = serde_json::from_slice::<Value>(&buf)
                            && tx.send(v).is_err()
                        {
                            break;
                        }
                    }
                }
            }
        });
        Browser {
            child,
            to,
            from: rx,
            next_id: 0,
            session: None,
            _profile: TempDir(profile),
        }
    }

    /// Sends a command (to the attached page, once there is one) and waits
    /// for its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = &self.session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("a command");
        bytes.push(0);
        self.to
            .write_all(&bytes)
            .and_then(|_| self.to.flush())
            .unwrap_or_else(|e| panic!("cannot send {method} to the browser: {e}"));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from.recv_timeout(left) {
                Ok(v) if v["id"] == json!(id) => {
                    if let Some(err) = v.get("error") {
                        panic!("{method} failed in the browser: {err}");
                    }
                    return v["result"].clone();
                }
                Ok(_) => continue, // an event, or another session's reply
                Err(RecvTimeoutError::Timeout) => panic!("no reply to {method} in {TIMEOUT:?}"),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the browser closed its pipe while waiting for {method}")
                }
            }
        }
    }

    /// Opens `url` in a new page and makes it the target of later calls.
    pub fn open(&mut self, url: &str) {
        self.session = None;
        let target = self.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].clone();
        let attached = self.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        self.session = attached["sessionId"].as_str().map(str::to_string);
        assert!(self.session.is_some(), "no session for the new page");
        self.call("Page.enable", json!({}));
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete'");
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("JavaScript failed: {expr}\n{ex}");
        }
        r["result"]["value"].clone()
    }

    /// Waits until a JavaScript expression is true.
    pub fn wait_for(&mut self, expr: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while self.eval(expr) != json!(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {expr}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clicks with the mouse in the middle of the first element that
    /// `selector` matches, after scrolling it into view: a real click, with
    /// the hit-testing a person's click gets.
    pub fn click(&mut self, selector: &str) {
        let sel = serde_json::to_string(selector).expect("a selector");
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({sel}); if (!e) return null; \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ));
        let (x, y) = match (at[0].as_f64(), at[1].as_f64()) {
            (Some(x), Some(y)) => (x, y),
            _ => panic!("nothing on the page matches {selector}"),
        };
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Moves the mouse, e.g. away from what it hovers.
    pub fn move_mouse(&mut self, x: f64, y: f64) {
        self.call(
            "Input.dispatchMouseEvent",
            json!({"type": "mouseMoved", "x": x, "y": y}),
        );
    }

    /// A PNG of the visible page.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = r["data"].as_str().expect("screenshot data");
        base64_decode(data).expect("a base64 screenshot")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.session = None;
        self.next_id += 1;
        let msg = format!("{{\"id\":{},\"method\":\"Browser.close\"}}\0", self.next_id);
        let _ = self.to.write_all(msg.as_bytes());
        let _ = self.to.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 (with padding), as CDP sends binary data.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = if i >= chunk.len() - pad { 0 } else { val(c)? };
            n |= v << (18 - 6 * i);
        }
        let got = chunk.len().checked_sub(1 + pad)?;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + got]);
    }
    Some(out)
}
