//! The command line: `brief analyze PATH...`, `brief render FILE` and
//! `brief schema`.
//!
//! One place turns the outcome into an exit code: 0 when every input gave a
//! brief, 1 when some input failed (its error record is in the output and a
//! message naming it is on stderr), 2 on usage errors and when the output
//! itself cannot be written. A closed pipe (`brief analyze DIR | head -1`)
//! is not an error: the run stops quietly with 0.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::batch::{self, Job, RunError, Sink};
use crate::brief;
use crate::input::{self, JsonlReader};

const EXAMPLES: &str = "\
Examples:
  brief analyze article.txt                 one article, one pretty JSON brief
  brief analyze articles/ > briefs.ndjson   a folder: NDJSON, one brief a line
  cat article.txt | brief analyze -         standard input
  brief analyze articles/ --glob '*.md' --jobs 2 --quiet
  brief analyze articles/ --out-dir briefs/ one .json per article, same tree
  brief analyze --jsonl records.jsonl       {\"id\", \"text\"} lines in, NDJSON out
  brief analyze article.txt | jq '.entities[] | {name, type, roles}'
  brief analyze article.txt | jq '.quotes[] | select(.speaker == \"Jane Doe\") | .text'
  brief analyze articles/ | jq -c 'select(.error) | .source.path'
  brief analyze --format text article.txt   a brief to read in the terminal
  brief render article.txt > brief.html     the article marked up, one HTML page
  brief schema > brief.schema.json

Exit codes: 0 every input gave a brief; 1 some input failed (an error record
stands in its place and stderr names it); 2 usage error, or an output that
cannot be written (unwritable --out-dir, full disk). A closed pipe
(`brief analyze DIR | head -1`) ends quietly with 0.";

#[derive(Parser, Debug)]
#[command(
    name = "brief",
    version,
    about = "Who is in a news story, who said what, and what is being claimed: a JSON brief of each article.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Analyse articles and print their briefs as JSON.
    #[command(after_help = EXAMPLES)]
    Analyze(AnalyzeArgs),
    /// Print the JSON Schema of one output record (a brief or an error record).
    Schema,
    /// Print one self-contained HTML page of an article with its brief
    /// marked up (the same as `analyze --format html FILE`).
    Render(RenderArgs),
}

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The article file, or "-" (standard input).
    #[arg(value_name = "FILE")]
    pub path: String,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "N", default_value_t = input::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    /// Files, folders or "-" (standard input). Folders are read recursively,
    /// in sorted path order, following symbolic links; files named *.txt
    /// count as articles (see --glob). With --jsonl, JSONL files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "N", default_value_t = input::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// One brief per line (NDJSON) even for a single file.
    #[arg(long, conflicts_with = "pretty")]
    pub compact: bool,
    /// Indented JSON even for several files (then briefs are not one a line).
    #[arg(long)]
    pub pretty: bool,
    /// Worker threads [default: all cores]. The output is the same for any N.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Which files in a folder count as articles, replacing the default
    /// "*.txt"; repeat it for several; a leading "!" excludes. Matched
    /// against the path inside the folder.
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Read each PATH as JSON Lines, one {"id": ..., "text": ...} record a
    /// line ("-" for standard input); a brief's source.path is its id.
    #[arg(long)]
    pub jsonl: bool,
    /// Write one .json brief per article into DIR, mirroring the folders
    /// given (a record's id names its file), instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// With --out-dir: overwrite briefs that exist.
    #[arg(long, requires = "out_dir")]
    pub force: bool,
    /// No progress bar and no summary line on stderr (errors are still shown).
    #[arg(short, long)]
    pub quiet: bool,
    /// What to print (html takes one file).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "json")]
    pub format: crate::render::Format,
}

/// What a run ended with.
enum Outcome {
    Ok,
    SomeFailed,
}

/// Why a run could not go on.
enum Failure {
    /// Usage errors found after parsing (a bad glob): exit 2.
    Usage(String),
    /// The output cannot be written: exit 2.
    Output(String),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let res = match cli.command {
        Command::Analyze(args) if args.format != crate::render::Format::Json => {
            return crate::render::main(&args.paths, args.format, args.max_bytes);
        }
        Command::Render(args) => {
            return crate::render::main(&[args.path], crate::render::Format::Html, args.max_bytes);
        }
        Command::Analyze(args) => analyze(&args),
        Command::Schema => {
            let mut out = io::stdout().lock();
            match writeln!(out, "{}", brief::schema_json()).and_then(|_| out.flush()) {
                Ok(()) => Ok(Outcome::Ok),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Outcome::Ok),
                Err(e) => Err(Failure::Output(format!(
                    "cannot write to standard output: {e}"
                ))),
            }
        }
    };
    match res {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Err(Failure::Usage(msg)) | Err(Failure::Output(msg)) => {
            let _ = writeln!(io::stderr(), "brief: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The jobs for the `--jsonl` inputs: every record of every file, lazily.
fn jsonl_jobs<'a>(
    paths: &'a [String],
    max_bytes: u64,
) -> Box<dyn Iterator<Item = Job> + Send + 'a> {
    Box::new(
        paths
            .iter()
            .flat_map(move |p| -> Box<dyn Iterator<Item = Job> + Send> {
                if p == "-" {
                    let r = io::BufReader::new(io::stdin());
                    return Box::new(JsonlReader::new(r, "-", max_bytes).map(Job::from_record));
                }
                match std::fs::File::open(p) {
                    Ok(f) if f.metadata().is_ok_and(|m| m.is_dir()) => Box::new(std::iter::once(
                        failed_job(p, "is a folder, not a JSONL file"),
                    )),
                    Ok(f) => Box::new(
                        JsonlReader::new(io::BufReader::new(f), p, max_bytes).map(Job::from_record),
                    ),
                    Err(e) => {
                        let why = match e.kind() {
                            io::ErrorKind::NotFound => "no such file".to_string(),
                            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                            _ => e.to_string(),
                        };
                        Box::new(std::iter::once(failed_job(p, &why)))
                    }
                }
            }),
    )
}

fn failed_job(name: &str, why: &str) -> Job {
    Job {
        name: name.to_string(),
        out_rel: PathBuf::from(format!("{}.json", batch::file_stem_for_id(name))),
        source: batch::Source::Failed(why.to_string()),
    }
}

fn analyze(args: &AnalyzeArgs) -> Result<Outcome, Failure> {
    let sel = input::Selector::new(&args.globs).map_err(Failure::Usage)?;
    let first_is_file =
        args.paths.len() == 1 && !args.jsonl && !std::path::Path::new(&args.paths[0]).is_dir();
    let pretty = args.pretty || (first_is_file && !args.compact);
    let sink = match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::Output(format!("cannot write to --out-dir {}: {e}", dir.display()))
            })?;
            Sink::OutDir {
                dir: dir.clone(),
                force: args.force,
                pretty: !args.compact,
            }
        }
        None => Sink::Stream { pretty },
    };
    let progress = !args.quiet && !first_is_file && io::stderr().is_terminal();
    let total = if progress && !args.jsonl {
        Some(input::walk(&args.paths, &sel).count() as u64)
    } else {
        None
    };
    let jobs_n = match args.jobs {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let opts = batch::Options {
        jobs: jobs_n,
        max_bytes: args.max_bytes,
        sink,
        progress,
        total,
    };
    let jobs: Box<dyn Iterator<Item = Job> + Send + '_> = if args.jsonl {
        jsonl_jobs(&args.paths, args.max_bytes)
    } else {
        Box::new(input::walk(&args.paths, &sel).map(Job::from_found))
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout());
    let mut report = |msg: &str| {
        let _ = writeln!(io::stderr(), "{msg}");
    };
    let stats = match batch::run(jobs, &opts, &mut out, &mut report) {
        Ok(s) => s,
        Err(RunError::BrokenPipe) => return Ok(Outcome::Ok),
        Err(RunError::Output { path, error }) => {
            return Err(Failure::Output(format!("cannot write {path}: {error}")));
        }
    };
    if !args.quiet && !first_is_file {
        report(&stats.summary());
    }
    Ok(if stats.failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}
