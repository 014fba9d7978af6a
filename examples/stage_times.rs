//! CPU time per stage over a folder (default ../shared/bench/bbc), one
//! thread: `cargo run --release --example stage_times [DIR]`. Each stage is
//! timed over the whole corpus, so the numbers add up to the run's work
//! apart from reading files and writing output. The clock is the thread's
//! CPU time, so that other processes on a busy machine count less.

use std::time::Duration;

/// The calling thread's CPU time so far.
#[derive(Clone, Copy)]
struct Instant(Duration);

impl Instant {
    fn now() -> Instant {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec through a valid pointer.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        Instant(Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
    }
}

impl std::ops::Sub for Instant {
    type Output = Duration;
    fn sub(self, o: Instant) -> Duration {
        self.0.saturating_sub(o.0)
    }
}

use brief::{input, reader, stages};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/bench/bbc".to_string());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| input::decode(std::fs::read(p).ok()?).ok().map(|d| d.text))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let names = ["reader", "entities", "quotes", "claims", "json"];
    let mut t = [Duration::ZERO; 5];
    let mut out = 0usize;
    for _ in 0..3 {
        for text in &texts {
            let s = Instant::now();
            let mut d = reader::read(text);
            let s1 = Instant::now();
            stages::entities::annotate(&mut d);
            let s2 = Instant::now();
            stages::quotes::annotate(&mut d);
            let s3 = Instant::now();
            stages::claims::annotate(&mut d);
            let s4 = Instant::now();
            // The path `brief analyze` takes: the JSON written straight
            // from the document (no `Brief` in between).
            let mut v = Vec::with_capacity(4096 + 2 * text.len());
            brief::brief::write_doc_json(&d, "x", "utf-8", &mut v);
            out += v.len();
            let s5 = Instant::now();
            for (i, (a, z)) in [(s, s1), (s1, s2), (s2, s3), (s3, s4), (s4, s5)]
                .into_iter()
                .enumerate()
            {
                t[i] += z - a;
            }
        }
    }
    let total: Duration = t.iter().sum();
    println!(
        "{} articles, {:.2} MB, 3 passes, {} bytes of JSON",
        texts.len(),
        bytes as f64 / 1e6,
        out / 3
    );
    for (n, d) in names.iter().zip(t) {
        println!(
            "{n:10} {:7.3} s/pass {:5.1}%",
            d.as_secs_f64() / 3.0,
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!(
        "{:10} {:7.3} s/pass = {:.1} MB/s",
        "total",
        total.as_secs_f64() / 3.0,
        bytes as f64 / 1e6 / (total.as_secs_f64() / 3.0)
    );
}
