//! Views of a brief for a person: [`text`] for the terminal, [`html`] for a
//! browser.
//!
//! Both are made from the same [`Brief`] that `brief analyze` prints as
//! JSON, never from a second analysis, so what a person sees is what jq
//! sees. The HTML view also needs the article text, to mark the spans up in
//! place; the text view uses it only for the summary's words.
//!
//! [`main`] is the command line's entry for `analyze --format text|html`
//! and `render`: it reads the inputs, makes each brief with
//! [`crate::brief_of`] and prints the view.

pub mod html;
pub mod text;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use crate::brief::{Brief, ClaimOut};
use crate::input;

/// What `brief analyze` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The JSON brief (NDJSON for several inputs).
    Json,
    /// A compact brief to read in the terminal.
    Text,
    /// One self-contained HTML page with the article marked up.
    Html,
}

/// How the text view is printed: colour (ANSI escapes) or not, and the
/// width to wrap to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextStyle {
    pub color: bool,
    pub width: usize,
}

impl TextStyle {
    /// Plain text wrapped to 80 columns: what a pipe or a file gets.
    pub const PLAIN: TextStyle = TextStyle {
        color: false,
        width: 80,
    };

    /// The style for standard output: colour only on a terminal and only
    /// when `NO_COLOR` is unset or empty (no-color.org); the terminal's
    /// width, or 80 columns when stdout is not a terminal.
    pub fn for_stdout() -> TextStyle {
        let stdout = io::stdout();
        if !stdout.is_terminal() {
            return TextStyle::PLAIN;
        }
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = terminal_size::terminal_size_of(&stdout)
            .map(|(w, _)| usize::from(w.0))
            .unwrap_or(80);
        TextStyle {
            color: !no_color,
            // Very narrow terminals still get readable lines; very wide ones
            // do not get lines too long to read.
            width: width.clamp(40, 120),
        }
    }
}

/// The sources behind a brief's quotes and claims, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sourcing {
    pub quotes: usize,
    /// Quotes with a named speaker.
    pub quotes_attributed: usize,
    /// Claims that name a source, named or anonymous.
    pub claims_sourced: usize,
    /// Of those, the ones on anonymous sources.
    pub claims_anonymous: usize,
    /// Claims of kind `reported`.
    pub reported: usize,
    /// Reported claims on anonymous sources.
    pub reported_anonymous: usize,
    /// Named sources (speakers and claim sources), in order of first use.
    pub named: Vec<String>,
}

impl Sourcing {
    /// Counts what the brief says about its sources.
    pub fn of(brief: &Brief) -> Sourcing {
        let mut s = Sourcing {
            quotes: brief.quotes.len(),
            ..Sourcing::default()
        };
        let add_named = |name: &str, named: &mut Vec<String>| {
            if !name.is_empty() && !named.iter().any(|n| n == name) {
                named.push(name.to_string());
            }
        };
        for q in &brief.quotes {
            if let Some(sp) = &q.speaker {
                s.quotes_attributed += 1;
                add_named(sp, &mut s.named);
            }
        }
        for c in &brief.claims {
            let anon = c.source.as_ref().is_some_and(|src| src.anonymous);
            if c.kind == "reported" {
                s.reported += 1;
                s.reported_anonymous += usize::from(anon);
            }
            if let Some(src) = &c.source {
                s.claims_sourced += 1;
                if src.anonymous {
                    s.claims_anonymous += 1;
                } else {
                    let name = source_name(brief, c).unwrap_or(&src.text);
                    add_named(name, &mut s.named);
                }
            }
        }
        s
    }
}

/// `part` of `whole` in percent, rounded; 0 of nothing.
pub fn percent(part: usize, whole: usize) -> usize {
    part.saturating_mul(100)
        .saturating_add(whole / 2)
        .checked_div(whole)
        .unwrap_or(0)
}

/// The canonical name of a claim's source when it is a known entity.
pub fn source_name<'b>(brief: &'b Brief, claim: &ClaimOut) -> Option<&'b str> {
    let id = claim.source.as_ref()?.entity_id.as_deref()?;
    brief
        .entities
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.name.as_str())
}

/// Claim kinds in the order the views list them; kinds not named here
/// follow in order of first appearance.
pub const CLAIM_KINDS: [&str; 5] = ["plan", "term", "quantity", "position", "reported"];

/// The brief's claims grouped by kind, in [`CLAIM_KINDS`] order.
pub fn claims_by_kind(brief: &Brief) -> Vec<(&str, Vec<&ClaimOut>)> {
    let mut kinds: Vec<&str> = CLAIM_KINDS.to_vec();
    for c in &brief.claims {
        if !kinds.contains(&c.kind.as_str()) {
            kinds.push(&c.kind);
        }
    }
    kinds
        .into_iter()
        .map(|k| (k, brief.claims.iter().filter(|c| c.kind == k).collect()))
        .filter(|(_, v): &(&str, Vec<&ClaimOut>)| !v.is_empty())
        .collect()
}

/// A quote's speaker: `(entity id or None, display name)`, grouped in order
/// of first quote; unattributed quotes come last.
pub fn quotes_by_speaker(brief: &Brief) -> Vec<(Option<&str>, Vec<&crate::brief::QuoteOut>)> {
    let mut groups: Vec<(Option<&str>, Vec<&crate::brief::QuoteOut>)> = Vec::new();
    for q in &brief.quotes {
        let key = q.speaker_id.as_deref();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(q),
            None => groups.push((key, vec![q])),
        }
    }
    // A stable sort keeps the speakers in order of first quote.
    groups.sort_by_key(|(k, _)| k.is_none());
    groups
}

/// The command line's `analyze --format text|html` and `render`: prints
/// the view of each input and says how the run ended. Exit codes are those
/// of `analyze`: 0 every input gave a brief, 1 some failed, 2 usage error
/// or output that cannot be written; a closed pipe ends quietly with 0.
pub fn main(paths: &[String], format: Format, max_bytes: u64) -> ExitCode {
    match run(paths, format, max_bytes) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            eprintln!("brief: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("brief: cannot write the output: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints the views; `Ok(false)` when some input gave no brief.
fn run(paths: &[String], format: Format, max_bytes: u64) -> io::Result<bool> {
    let plan = input::plan(paths);
    if format == Format::Html && plan.len() != 1 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the HTML view is one page for one article, and {} name {} articles: give one file",
                paths.join(" "),
                plan.len()
            ),
        ));
    }
    let style = TextStyle::for_stdout();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut all_ok = true;
    let mut first = true;
    for planned in &plan {
        let loaded = match planned {
            Err((path, why)) => Err((path.clone(), why.clone())),
            Ok(inp) => {
                let path = inp.display();
                input::load(inp, max_bytes)
                    .map(|t| (path.clone(), t))
                    .map_err(|why| (path, why))
            }
        };
        let (path, t) = match loaded {
            Ok(x) => x,
            Err((path, why)) => {
                all_ok = false;
                eprintln!("brief: {path}: {why}");
                continue;
            }
        };
        let brief = crate::brief_of(&t.text, &path, t.encoding);
        match format {
            Format::Html => out.write_all(html::render(&brief, &t.text).as_bytes())?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &brief)?;
                out.write_all(b"\n")?;
            }
            Format::Text => {
                if !first {
                    out.write_all(b"\n")?;
                }
                out.write_all(text::render(&brief, &t.text, style).as_bytes())?;
            }
        }
        first = false;
    }
    out.flush()?;
    Ok(all_ok)
}
