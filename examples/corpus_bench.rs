//! The corpus benchmark: `brief analyze DIR > /dev/null` timed over a folder
//! of articles, beside the floor of merely reading it (`cat | wc -w`), with
//! peak memory, a determinism check (--jobs 1 vs 2) and a memory check over
//! ten copies of the folder.
//!
//! ```sh
//! cargo build --release && cargo run --release --example corpus_bench
//! cargo run --release --example corpus_bench -- DIR --runs 5 --copies 10
//! ```
//!
//! DIR defaults to `$BRIEF_BENCH_DIR`, else the first of
//! `../shared/bench/bbc` and `../../shared/bench/bbc` (from the repository)
//! that exists. The binary is `target/release/brief` (`--bin` for another).
//! Wall times are medians over the runs; CPU is user + system time of the
//! child, which shows the cost even when other work shares the machine.
//! Peak RSS comes from `wait4`'s `ru_maxrss` of the child alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

struct RunStat {
    wall: f64,
    cpu: f64,
    max_rss_kb: i64,
    code: i32,
}

/// Runs a command with stdout to `out` (or /dev/null), waiting with wait4
/// to read the child's own peak RSS and CPU time.
fn measure(cmd: &mut Command, out: Option<&Path>) -> RunStat {
    let stdout = match out {
        Some(p) => Stdio::from(std::fs::File::create(p).expect("create output file")),
        None => Stdio::null(),
    };
    let t0 = Instant::now();
    let child = cmd
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value to be filled in.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet waited for; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall = t0.elapsed().as_secs_f64();
    assert_eq!(r, pid, "wait4 failed");
    std::mem::forget(child); // already reaped
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    RunStat {
        wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        max_rss_kb: ru.ru_maxrss,
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn default_dir(manifest: &Path) -> PathBuf {
    if let Ok(d) = std::env::var("BRIEF_BENCH_DIR") {
        return PathBuf::from(d);
    }
    for rel in ["../shared/bench/bbc", "../../shared/bench/bbc"] {
        let p = manifest.join(rel);
        if p.is_dir() {
            return p;
        }
    }
    manifest.join("../shared/bench/bbc")
}

fn corpus_size(dir: &Path) -> (usize, u64) {
    let (mut n, mut bytes) = (0, 0);
    for e in walkdir::WalkDir::new(dir).follow_links(true) {
        let Ok(e) = e else { continue };
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt") {
            n += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    (n, bytes)
}

/// Whether two files hold the same bytes; the first one's lines and length.
fn same_files(a: &Path, b: &Path) -> (bool, usize, u64) {
    use std::io::Read;
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return (false, 0, 0);
    };
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    let (mut same, mut lines, mut len) = (true, 0usize, 0u64);
    loop {
        let na = fa.read(&mut ba).unwrap_or(0);
        let mut nb = 0;
        while nb < na {
            match fb.read(&mut bb[nb..na]) {
                Ok(0) | Err(_) => break,
                Ok(n) => nb += n,
            }
        }
        if na == 0 {
            let mut rest = [0u8; 1];
            same &= matches!(fb.read(&mut rest), Ok(0));
            return (same, lines, len);
        }
        same &= nb == na && ba[..na] == bb[..na];
        lines += ba[..na].iter().filter(|&&c| c == b'\n').count();
        len += na as u64;
    }
}

fn git_commit(manifest: &Path) -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(manifest)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dir = None;
    let mut runs = 5usize;
    let mut copies = 10usize;
    let mut bin = manifest.join("target/release/brief");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--copies" => {
                copies = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--copies N")
            }
            "--bin" => bin = PathBuf::from(args.next().expect("--bin PATH")),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(|| default_dir(manifest));
    assert!(dir.is_dir(), "no folder {}", dir.display());
    assert!(
        bin.is_file(),
        "no binary at {} (run `cargo build --release` first)",
        bin.display()
    );
    let (articles, bytes) = corpus_size(&dir);
    let mb = bytes as f64 / 1e6;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("# corpus benchmark");
    println!();
    println!("- commit: {}", git_commit(manifest));
    println!(
        "- corpus: {} ({articles} articles, {mb:.2} MB)",
        dir.display()
    );
    println!("- cores: {cores}; runs: {runs} (median wall time)");
    if let Ok(l) = std::fs::read_to_string("/proc/loadavg") {
        println!("- load average before: {}", l.trim());
    }
    println!();
    println!("| what | wall s | MB/s | articles/s | CPU s | MB per CPU-s | peak RSS MB |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");

    // The floor: read every file and count words.
    let floor_cmd = format!(
        "find '{}' -name '*.txt' -print0 | sort -z | xargs -0 cat | wc -w",
        dir.display()
    );
    let floor: Vec<RunStat> = (0..runs)
        .map(|_| measure(Command::new("sh").args(["-c", &floor_cmd]), None))
        .collect();
    let fw = median(floor.iter().map(|r| r.wall).collect());
    let fc = median(floor.iter().map(|r| r.cpu).collect());
    println!(
        "| floor: cat \\| wc -w | {fw:.3} | {:.1} | {:.0} | {fc:.3} | {:.1} | - |",
        mb / fw,
        articles as f64 / fw,
        mb / fc.max(1e-9)
    );

    let dir_s = dir.to_string_lossy().into_owned();
    let mut one_copy_rss = 0i64;
    for jobs in [None, Some(1), Some(2)] {
        let label = match jobs {
            None => "brief analyze (all cores)".to_string(),
            Some(j) => format!("brief analyze --jobs {j}"),
        };
        let stats: Vec<RunStat> = (0..runs)
            .map(|_| {
                let mut c = Command::new(&bin);
                c.args(["analyze", "--quiet"]);
                if let Some(j) = jobs {
                    c.args(["--jobs", &j.to_string()]);
                }
                c.arg(&dir_s);
                measure(&mut c, None)
            })
            .collect();
        let w = median(stats.iter().map(|r| r.wall).collect());
        let cpu = median(stats.iter().map(|r| r.cpu).collect());
        let rss = stats.iter().map(|r| r.max_rss_kb).max().unwrap_or(0);
        if jobs.is_none() {
            one_copy_rss = rss;
        }
        let bad = stats.iter().filter(|r| r.code != 0).count();
        println!(
            "| {label}{} | {w:.3} | {:.1} | {:.0} | {cpu:.3} | {:.1} | {:.1} |",
            if bad > 0 { " (non-zero exit!)" } else { "" },
            mb / w,
            articles as f64 / w,
            mb / cpu.max(1e-9),
            rss as f64 / 1024.0
        );
    }

    // Determinism and the ten-copies memory check, in a scratch folder.
    let tmp = std::env::temp_dir().join(format!("brief-corpus-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("scratch folder");
    let out1 = tmp.join("j1.ndjson");
    let out2 = tmp.join("j2.ndjson");
    measure(
        Command::new(&bin).args(["analyze", "-q", "-j", "1", &dir_s]),
        Some(&out1),
    );
    measure(
        Command::new(&bin).args(["analyze", "-q", "-j", "2", &dir_s]),
        Some(&out2),
    );
    // Compared in chunks: this process must stay small, since a child's
    // ru_maxrss starts from its parent's peak (the spawn shares memory
    // until exec).
    let (same, lines, len) = same_files(&out1, &out2);
    let _ = std::fs::remove_file(&out1);
    let _ = std::fs::remove_file(&out2);
    println!();
    println!(
        "- NDJSON with --jobs 1 and --jobs 2: {} ({} lines, {} bytes)",
        if same && len > 0 {
            "identical"
        } else {
            "DIFFERENT"
        },
        lines,
        len
    );
    let many = tmp.join("copies");
    std::fs::create_dir_all(&many).expect("scratch folder");
    for i in 0..copies {
        let link = many.join(format!("copy{i:02}"));
        std::os::unix::fs::symlink(&dir, &link).expect("symlink");
    }
    let r = measure(
        Command::new(&bin).args(["analyze", "-q", &many.to_string_lossy()]),
        None,
    );
    let ratio = r.max_rss_kb as f64 / one_copy_rss.max(1) as f64;
    println!(
        "- {copies} copies ({} articles, {:.1} MB): {:.2} s, {:.1} MB/s, peak RSS {:.1} MB = {:.2} x one copy ({:.1} MB)",
        articles * copies,
        mb * copies as f64,
        r.wall,
        mb * copies as f64 / r.wall,
        r.max_rss_kb as f64 / 1024.0,
        ratio,
        one_copy_rss as f64 / 1024.0
    );
    if let Ok(l) = std::fs::read_to_string("/proc/loadavg") {
        println!("- load average after: {}", l.trim());
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
