//! The command line: `brief analyze PATH...`, `brief render FILE` and
//! `brief schema`.
//!
//! One place turns the outcome into an exit code: 0 when every input gave a
//! brief, 1 when some input failed (its error record is in the output and a
//! message naming it is on stderr), 2 on usage errors and when the output
//! itself cannot be written. A closed pipe (`brief analyze DIR | head -1`)
//! is not an error: the run stops quietly with 0.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::brief::{self, ErrorRecord, ErrorSource, Record};
use crate::input::{self, Input};

const EXAMPLES: &str = "\
Examples:
  brief analyze article.txt                 one article, one pretty JSON brief
  brief analyze articles/ > briefs.ndjson   a folder: NDJSON, one brief a line
  cat article.txt | brief analyze -         standard input
  brief analyze article.txt | jq '.entities[] | {name, type, roles}'
  brief analyze article.txt | jq '.quotes[] | select(.speaker == \"Jane Doe\") | .text'
  brief analyze articles/ | jq -c 'select(.error) | .source.path'
  brief analyze --format text article.txt   a brief to read in the terminal
  brief render article.txt > brief.html     the article marked up, one HTML page
  brief schema > brief.schema.json

Exit codes: 0 every input gave a brief; 1 some input failed (an error record
stands in its place); 2 usage error or output that cannot be written.";

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
    /// in sorted path order; files named *.txt count as articles.
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
    /// What to print (html takes one file).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "json")]
    pub format: crate::render::Format,
}

/// What a run ended with.
enum Outcome {
    Ok,
    SomeFailed,
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
            writeln!(out, "{}", brief::schema_json())
                .and_then(|_| out.flush())
                .map(|_| Outcome::Ok)
        }
    };
    match res {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("brief: cannot write the output: {e}");
            ExitCode::from(2)
        }
    }
}

/// The record for one planned input.
fn record_of(planned: &input::Planned, max_bytes: u64) -> Record {
    let (path, err) = match planned {
        Err((path, why)) => (path.clone(), why.clone()),
        Ok(inp) => {
            let path = inp.display();
            match input::load(inp, max_bytes) {
                Ok(t) => {
                    return Record::Brief(Box::new(crate::brief_of(&t.text, &path, t.encoding)));
                }
                Err(why) => (path, why),
            }
        }
    };
    Record::Error(ErrorRecord {
        source: ErrorSource { path },
        error: err,
    })
}

fn analyze(args: &AnalyzeArgs) -> io::Result<Outcome> {
    let plan = input::plan(&args.paths);
    let single = args.paths.len() == 1
        && matches!(
            plan.as_slice(),
            [Ok(Input::File(_)) | Ok(Input::Stdin)] | [Err(_)]
        )
        && !std::path::Path::new(&args.paths[0]).is_dir();
    let pretty = args.pretty || (single && !args.compact);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for p in &plan {
        let rec = record_of(p, args.max_bytes);
        if let Record::Error(e) = &rec {
            failed += 1;
            eprintln!("brief: {}: {}", e.source.path, e.error);
        }
        if pretty {
            serde_json::to_writer_pretty(&mut out, &rec)?;
        } else {
            serde_json::to_writer(&mut out, &rec)?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}
