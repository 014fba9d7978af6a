//! Batch runs: many articles analysed on several threads, their records
//! written in input order.
//!
//! Inputs are walked lazily (folders one listing at a time, `--jsonl` one
//! line at a time). Each worker, the calling thread among them, takes the
//! next input, reads, decodes, analyses and serializes it into its own
//! buffer, then hands the buffer to the writer, which writes every record
//! whose turn has come. The bytes written are the same whatever the number
//! of workers, and threads meet only at a lock, never in a hand-over per
//! article (with one worker there are no threads at all).
//!
//! Memory stays bounded: a worker may not start an article more than
//! `window` places ahead of the last one written, so at most `window`
//! articles and records are held at once, however long the run.
//!
//! Errors: an input that cannot be analysed becomes an error record in its
//! place and a message on stderr; the run carries on. An output that cannot
//! be written (a closed pipe, a full disk, an unwritable `--out-dir`) stops
//! the run with [`RunError`].

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::brief::{ErrorRecord, ErrorSource, Record};
use crate::input::{self, Input};

/// Where a job's text comes from.
#[derive(Debug)]
pub enum Source {
    /// A file or standard input, read by the worker.
    Input(Input),
    /// Text already in hand (a `--jsonl` record).
    Text(String),
    /// An input that gave no text, and why.
    Failed(String),
}

/// One article to analyse.
#[derive(Debug)]
pub struct Job {
    /// The name the output gives it: the path as given, or a record's id.
    pub name: String,
    /// Where `--out-dir` writes its brief, relative to that folder.
    pub out_rel: PathBuf,
    pub source: Source,
}

impl Job {
    /// A job for an input found on the command line or in a folder.
    pub fn from_found(f: input::Found) -> Job {
        let out_rel = f.rel.with_extension("json");
        match f.input {
            Ok(inp) => Job {
                name: inp.display(),
                out_rel,
                source: Source::Input(inp),
            },
            Err((name, why)) => Job {
                name,
                out_rel,
                source: Source::Failed(why),
            },
        }
    }

    /// A job for a `--jsonl` record; its brief's `source.path` is the id.
    pub fn from_record(r: input::JsonlRecord) -> Job {
        let out_rel = PathBuf::from(format!("{}.json", file_stem_for_id(&r.id)));
        Job {
            name: r.id,
            out_rel,
            source: match r.text {
                Ok(t) => Source::Text(t),
                Err(why) => Source::Failed(why),
            },
        }
    }
}

/// A file name for a record id: letters, digits, `.`, `_`, `-` kept, the
/// rest (path separators included) turned into `_`, so an id never writes
/// outside `--out-dir`.
pub fn file_stem_for_id(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        s.insert(0, '_');
    }
    s
}

/// Where records go.
#[derive(Clone, Debug)]
pub enum Sink {
    /// To the writer given to [`run`]: pretty JSON or one record a line.
    Stream { pretty: bool },
    /// One `.json` file per brief under `dir`; nothing on the writer.
    OutDir {
        dir: PathBuf,
        force: bool,
        pretty: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Options {
    /// Worker threads (at least 1).
    pub jobs: usize,
    pub max_bytes: u64,
    pub sink: Sink,
    /// Show a progress bar on stderr (the caller checks it is a terminal).
    pub progress: bool,
    /// The number of inputs, when known, for the progress bar.
    pub total: Option<u64>,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Inputs handled, failed ones included.
    pub articles: usize,
    pub failed: usize,
    /// Bytes of text analysed (UTF-8).
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Stats {
    /// The one-line summary printed on stderr at the end of a run.
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let rate = if secs > 0.0 { mb / secs } else { 0.0 };
        format!(
            "brief: {} articles, {} failed, {:.2} MB in {:.2} s ({:.1} MB/s)",
            self.articles, self.failed, mb, secs, rate
        )
    }
}

/// Why a run stopped before its end.
#[derive(Debug)]
pub enum RunError {
    /// The reader of the output went away (`| head`): not an error to report.
    BrokenPipe,
    /// The output could not be written: the path, and why.
    Output { path: String, error: io::Error },
}

/// What a worker made of one job.
struct Done {
    name: String,
    bytes: u64,
    /// The serialized record for the stream, with its newline.
    record: Vec<u8>,
    /// Why the input gave no brief (or its brief could not be filed).
    error: Option<String>,
    /// An output failure that ends the run.
    fatal: Option<(String, io::Error)>,
}

fn error_record(name: &str, why: &str) -> Record {
    Record::Error(ErrorRecord {
        source: ErrorSource {
            path: name.to_string(),
        },
        error: why.to_string(),
    })
}

/// A record through serde_json: error records, and briefs with `--pretty`
/// (one-line briefs are written from the document, see [`Made`]).
fn serialize(rec: &Record, pretty: bool) -> Vec<u8> {
    let mut buf = Vec::with_capacity(4096);
    let res = if pretty {
        serde_json::to_writer_pretty(&mut buf, rec)
    } else {
        serde_json::to_writer(&mut buf, rec)
    };
    if res.is_err() {
        // Serializing these types to memory cannot fail; stay total anyway.
        buf.clear();
    }
    buf.push(b'\n');
    buf
}

/// What one job gave: a record, or for one-line output (a stream, or
/// `--out-dir`, without `--pretty`) its line already written (straight from the document by [`crate::brief::write_doc_json`]:
/// an owned String per mention, made and freed, was most of the brief's
/// cost in the profile, and building a borrowing brief still a third of
/// the serialization).
enum Made {
    Record(Record),
    Line(Vec<u8>),
}

thread_local! {
    /// Each worker's buffer for the JSON it writes, kept from one article
    /// to the next.
    static LINE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A brief's JSON line, written from the document.
///
/// The line is written into the worker's buffer, then copied out at its
/// exact size: a fresh buffer per article, sized by a guess, was grown
/// (reallocated and copied) for most articles, as a brief runs to about
/// five times its text.
fn brief_line(text: &str, name: &str, encoding: &str) -> Vec<u8> {
    let doc = crate::analyze(text);
    LINE.with_borrow_mut(|buf| {
        buf.clear();
        crate::brief::write_doc_json(&doc, name, encoding, buf);
        buf.push(b'\n');
        let line = buf.as_slice().to_vec();
        // No worker holds on to the buffer of one huge article.
        if buf.capacity() > 1 << 20 {
            *buf = Vec::new();
        }
        line
    })
}

/// Reads, decodes and analyses one job into its record (`line`: as a
/// one-line brief when it gives one).
fn analyse(job: &Job, max_bytes: u64, line: bool) -> (Made, u64, Option<String>) {
    let text = match &job.source {
        Source::Input(inp) => input::load(inp, max_bytes),
        Source::Text(t) => input::check_record_text(t.clone()),
        Source::Failed(why) => Err(why.clone()),
    };
    match text {
        Ok(t) => {
            let bytes = t.text.len() as u64;
            let made = catch_unwind(AssertUnwindSafe(|| {
                if line {
                    Made::Line(brief_line(&t.text, &job.name, t.encoding))
                } else {
                    Made::Record(Record::Brief(Box::new(crate::brief_of(
                        &t.text, &job.name, t.encoding,
                    ))))
                }
            }));
            match made {
                Ok(m) => (m, bytes, None),
                Err(_) => {
                    let why =
                        "internal error: the analysis failed on this input (please report it)";
                    (
                        Made::Record(error_record(&job.name, why)),
                        bytes,
                        Some(why.to_string()),
                    )
                }
            }
        }
        Err(why) => (Made::Record(error_record(&job.name, &why)), 0, Some(why)),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// so a failed write never leaves a truncated brief behind.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let res = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_data()))
        .and_then(|_| fs::rename(&tmp, path));
    if res.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    res
}

fn process(job: Job, opts: &Options) -> Done {
    let line = matches!(
        opts.sink,
        Sink::Stream { pretty: false } | Sink::OutDir { pretty: false, .. }
    );
    let (made, bytes, error) = analyse(&job, opts.max_bytes, line);
    let mut done = Done {
        name: job.name,
        bytes,
        record: Vec::new(),
        error,
        fatal: None,
    };
    match (&opts.sink, made) {
        (Sink::Stream { .. }, Made::Line(l)) => done.record = l,
        (Sink::Stream { pretty }, Made::Record(rec)) => done.record = serialize(&rec, *pretty),
        // Error records go to stderr only; each brief to its own file.
        (Sink::OutDir { .. }, Made::Record(Record::Error(_))) => {}
        (Sink::OutDir { dir, force, pretty }, made) => {
            let path = dir.join(&job.out_rel);
            if !force && fs::symlink_metadata(&path).is_ok() {
                done.error = Some(format!(
                    "{} exists (use --force to overwrite)",
                    path.display()
                ));
            } else {
                let bytes = match made {
                    Made::Line(l) => l,
                    Made::Record(rec) => serialize(&rec, *pretty),
                };
                if let Err(e) = write_file(&path, &bytes) {
                    done.fatal = Some((path.to_string_lossy().into_owned(), e));
                }
            }
        }
    }
    done
}

/// Runs every job and writes the records to `out` in input order.
///
/// `report` receives each message for stderr (an input that failed).
pub fn run<'a>(
    jobs: Box<dyn Iterator<Item = Job> + Send + 'a>,
    opts: &Options,
    out: &mut (dyn Write + Send),
    report: &mut (dyn FnMut(&str) + Send),
) -> Result<Stats, RunError> {
    let workers = opts.jobs.max(1);
    let mut w = Writer::new(out, report, progress_bar(opts));
    let res = if workers == 1 {
        // One worker: no threads and no hand-overs.
        jobs.enumerate()
            .try_for_each(|(i, job)| w.accept(i, process(job, opts)))
    } else {
        run_pool(jobs, opts, workers, &mut w)
    };
    w.finish(res)
}

/// The state the workers share.
struct Pool<'a, 'r, 'w> {
    /// The inputs and the index of the next one.
    jobs: Mutex<(Box<dyn Iterator<Item = Job> + Send + 'a>, usize)>,
    writer: Mutex<&'r mut Writer<'w>>,
    /// Signalled when records are written, for workers too far ahead.
    written: Condvar,
    stop: AtomicBool,
    error: Mutex<Option<RunError>>,
    window: usize,
}

/// N workers, the calling thread among them. Each takes the next input,
/// analyses it, and hands the result to the writer, which writes every
/// record whose turn has come: the worker that finishes the oldest pending
/// article writes it. No thread waits for another except to take an input,
/// to write, or when it has run `window` articles ahead of the output.
fn run_pool<'a, 'r, 'w>(
    jobs: Box<dyn Iterator<Item = Job> + Send + 'a>,
    opts: &Options,
    workers: usize,
    w: &'r mut Writer<'w>,
) -> Result<(), RunError> {
    let pool = Pool {
        jobs: Mutex::new((jobs, 0)),
        writer: Mutex::new(w),
        written: Condvar::new(),
        stop: AtomicBool::new(false),
        error: Mutex::new(None),
        window: workers * 8,
    };
    thread::scope(|s| {
        for _ in 1..workers {
            s.spawn(|| work(&pool, opts));
        }
        work(&pool, opts);
    });
    match pool.error.into_inner() {
        Ok(Some(e)) => Err(e),
        _ => Ok(()),
    }
}

fn work(pool: &Pool<'_, '_, '_>, opts: &Options) {
    loop {
        if pool.stop.load(Ordering::Relaxed) {
            return;
        }
        let next = match pool.jobs.lock() {
            Ok(mut g) => {
                let (iter, n) = &mut *g;
                iter.next().map(|job| {
                    *n += 1;
                    (*n - 1, job)
                })
            }
            Err(_) => None,
        };
        let Some((i, job)) = next else { return };
        // Bounded memory: wait while the output is `window` records behind.
        {
            let Ok(mut g) = pool.writer.lock() else {
                return;
            };
            while i >= g.next + pool.window && !pool.stop.load(Ordering::Relaxed) {
                g = match pool.written.wait(g) {
                    Ok(g) => g,
                    Err(_) => return,
                };
            }
        }
        let done = process(job, opts);
        let res = match pool.writer.lock() {
            Ok(mut g) => g.accept(i, done),
            Err(_) => return,
        };
        pool.written.notify_all();
        if let Err(e) = res {
            pool.stop.store(true, Ordering::Relaxed);
            if let Ok(mut slot) = pool.error.lock() {
                slot.get_or_insert(e);
            }
            pool.written.notify_all();
            return;
        }
    }
}

fn progress_bar(opts: &Options) -> Option<ProgressBar> {
    if !opts.progress {
        return None;
    }
    let bar = ProgressBar::with_draw_target(opts.total, ProgressDrawTarget::stderr());
    let template = if opts.total.is_some() {
        "{bar:30} {pos}/{len} articles  {msg}  [{elapsed}, {eta} left]"
    } else {
        "{spinner} {pos} articles  {msg}  [{elapsed}]"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    Some(bar)
}

/// Writes records in input order, holding those that come early.
struct Writer<'w> {
    out: &'w mut (dyn Write + Send),
    report: &'w mut (dyn FnMut(&str) + Send),
    bar: Option<ProgressBar>,
    start: Instant,
    stats: Stats,
    pending: BTreeMap<usize, Done>,
    next: usize,
}

fn out_err(e: io::Error) -> RunError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        RunError::BrokenPipe
    } else {
        RunError::Output {
            path: "standard output".to_string(),
            error: e,
        }
    }
}

impl<'w> Writer<'w> {
    fn new(
        out: &'w mut (dyn Write + Send),
        report: &'w mut (dyn FnMut(&str) + Send),
        bar: Option<ProgressBar>,
    ) -> Writer<'w> {
        Writer {
            out,
            report,
            bar,
            start: Instant::now(),
            stats: Stats::default(),
            pending: BTreeMap::new(),
            next: 0,
        }
    }

    /// Takes job `i`'s result; writes it and every held one that follows.
    fn accept(&mut self, i: usize, done: Done) -> Result<(), RunError> {
        self.pending.insert(i, done);
        while let Some(d) = self.pending.remove(&self.next) {
            self.next += 1;
            self.write(d)?;
        }
        Ok(())
    }

    fn write(&mut self, d: Done) -> Result<(), RunError> {
        if let Some((path, error)) = d.fatal {
            return Err(RunError::Output { path, error });
        }
        self.stats.articles += 1;
        self.stats.bytes += d.bytes;
        if let Some(why) = &d.error {
            self.stats.failed += 1;
            let msg = format!("brief: {}: {}", d.name, why);
            let report = &mut self.report;
            match &self.bar {
                Some(b) => b.suspend(|| report(&msg)),
                None => report(&msg),
            }
        }
        self.out.write_all(&d.record).map_err(out_err)?;
        if let Some(b) = &self.bar {
            b.inc(1);
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            let mb = self.stats.bytes as f64 / 1e6;
            b.set_message(format!(
                "{mb:.1} MB, {:.1} MB/s, {} failed",
                mb / secs,
                self.stats.failed
            ));
        }
        Ok(())
    }

    fn finish(mut self, res: Result<(), RunError>) -> Result<Stats, RunError> {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        res?;
        self.out.flush().map_err(out_err)?;
        self.stats.elapsed = self.start.elapsed();
        Ok(self.stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_jobs(texts: &[&str]) -> Vec<Job> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Job {
                name: format!("doc{i}"),
                out_rel: PathBuf::from(format!("doc{i}.json")),
                source: Source::Text(t.to_string()),
            })
            .collect()
    }

    fn run_texts(texts: &[&str], jobs: usize) -> (Vec<u8>, Stats, Vec<String>) {
        let opts = Options {
            jobs,
            max_bytes: 1 << 20,
            sink: Sink::Stream { pretty: false },
            progress: false,
            total: None,
        };
        let mut out = Vec::new();
        let mut msgs = Vec::new();
        let stats = run(
            Box::new(text_jobs(texts).into_iter()),
            &opts,
            &mut out,
            &mut |m| msgs.push(m.to_string()),
        )
        .unwrap();
        (out, stats, msgs)
    }

    #[test]
    fn order_and_bytes_do_not_depend_on_threads() {
        // Uneven sizes so that later jobs finish before earlier ones.
        let big = "The minister said the plan was ready. ".repeat(2000);
        let mut texts = Vec::new();
        for i in 0..60 {
            texts.push(if i % 7 == 0 {
                big.as_str()
            } else {
                "Short note, said Ann Lee."
            });
        }
        texts[5] = "   ";
        let (one, s1, m1) = run_texts(&texts, 1);
        let (four, s4, m4) = run_texts(&texts, 4);
        assert_eq!(one, four);
        assert_eq!((s1.articles, s1.failed), (60, 1));
        assert_eq!((s4.articles, s4.failed, s4.bytes), (60, 1, s1.bytes));
        assert_eq!(
            m1,
            vec!["brief: doc5: no text (only white space)".to_string()]
        );
        assert_eq!(m1, m4);
        let lines: Vec<serde_json::Value> = one
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        let names: Vec<String> = lines
            .iter()
            .map(|v| v["source"]["path"].as_str().unwrap().to_string())
            .collect();
        let want: Vec<String> = (0..60).map(|i| format!("doc{i}")).collect();
        assert_eq!(names, want);
        assert!(lines[5]["error"].is_string());
    }

    /// A writer that fails like a closed pipe after some records.
    struct ClosedPipe(usize);
    impl Write for ClosedPipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::from(io::ErrorKind::BrokenPipe));
            }
            self.0 -= 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_stops_the_run_without_hanging() {
        // Many more jobs than the window, so the feeder is blocked when the
        // writer stops.
        let texts: Vec<String> = (0..500)
            .map(|i| format!("Note {i} from Ann Lee."))
            .collect();
        let jobs: Vec<Job> = texts
            .iter()
            .map(|t| Job {
                name: "x".into(),
                out_rel: "x.json".into(),
                source: Source::Text(t.clone()),
            })
            .collect();
        let opts = Options {
            jobs: 2,
            max_bytes: 1 << 20,
            sink: Sink::Stream { pretty: false },
            progress: false,
            total: None,
        };
        let res = run(
            Box::new(jobs.into_iter()),
            &opts,
            &mut ClosedPipe(3),
            &mut |_| {},
        );
        assert!(matches!(res, Err(RunError::BrokenPipe)));
    }

    #[test]
    fn a_file_that_vanishes_before_it_is_read_is_an_error_in_its_place() {
        let dir = std::env::temp_dir().join(format!("brief-vanish-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.txt"), "Ann Lee spoke.").unwrap();
        fs::write(dir.join("b.txt"), "Bo Chan spoke.").unwrap();
        let paths = vec![dir.to_string_lossy().into_owned()];
        let sel = input::Selector::default();
        let jobs: Vec<Job> = input::walk(&paths, &sel).map(Job::from_found).collect();
        fs::remove_file(dir.join("a.txt")).unwrap();
        let opts = Options {
            jobs: 2,
            max_bytes: 1 << 20,
            sink: Sink::Stream { pretty: false },
            progress: false,
            total: None,
        };
        let mut out = Vec::new();
        let mut msgs = Vec::new();
        let stats = run(Box::new(jobs.into_iter()), &opts, &mut out, &mut |m| {
            msgs.push(m.to_string())
        })
        .unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!((stats.articles, stats.failed), (2, 1));
        assert!(
            msgs[0].contains("a.txt") && msgs[0].contains("no such file"),
            "{msgs:?}"
        );
        let first: serde_json::Value =
            serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
        assert!(first["error"].as_str().unwrap().contains("no such file"));
    }

    #[test]
    fn ids_become_safe_file_names() {
        assert_eq!(file_stem_for_id("a/../b"), "a_.._b");
        assert_eq!(file_stem_for_id("../x"), "_.._x");
        assert_eq!(file_stem_for_id(""), "_");
        assert_eq!(file_stem_for_id("doc-7_b.v2"), "doc-7_b.v2");
    }
}
