//! The terminal view: a compact brief to read, wrapped to a width, in
//! colour when asked.
//!
//! It shows the headline, the summary, the people, organizations and
//! places with their roles and mention counts, each speaker with their
//! quotes, the claims grouped by kind with their sources, and a sourcing
//! summary. Everything comes from the [`Brief`]; the article text is read
//! only for the summary section's words.

use crate::brief::{Brief, EntityOut};

use super::{Sourcing, TextStyle, claims_by_kind, percent, quotes_by_speaker, source_name};

/// How a run of words is painted on a colour terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Paint {
    Plain,
    Bold,
    Dim,
    Heading,
    Person,
    Organization,
    Location,
    OtherName,
    Quote,
    Anonymous,
}

impl Paint {
    /// The ANSI SGR parameters; empty for plain.
    fn sgr(self) -> &'static str {
        match self {
            Paint::Plain => "",
            Paint::Bold => "1",
            Paint::Dim => "2",
            Paint::Heading => "1;4",
            Paint::Person => "1;36",
            Paint::Organization => "1;35",
            Paint::Location => "1;32",
            Paint::OtherName => "1;33",
            Paint::Quote => "3",
            Paint::Anonymous => "33",
        }
    }

    fn of_entity(kind: &str) -> Paint {
        match kind {
            "person" => Paint::Person,
            "organization" => Paint::Organization,
            "location" => Paint::Location,
            _ => Paint::OtherName,
        }
    }
}

/// One word of a paragraph, and whether a space stands before it (words
/// glued to the one before, such as a closing quote mark, never wrap apart).
struct Atom<'a> {
    paint: Paint,
    word: &'a str,
    space_before: bool,
}

/// The view being written.
struct Out {
    style: TextStyle,
    buf: String,
}

impl Out {
    /// Writes `pieces` as one paragraph wrapped to the width: the first
    /// line indented by `indent`, the others by `hang`.
    fn para(&mut self, indent: usize, hang: usize, pieces: &[(Paint, &str)]) {
        let mut atoms: Vec<Atom<'_>> = Vec::new();
        // Whether white space stands between the last word and the next.
        let mut space = false;
        for &(paint, piece) in pieces.iter().filter(|(_, p)| !p.is_empty()) {
            space |= piece.starts_with(char::is_whitespace);
            for word in piece.split_whitespace() {
                atoms.push(Atom {
                    paint,
                    word,
                    space_before: space,
                });
                space = true;
            }
            space = piece.ends_with(char::is_whitespace);
        }
        // Units: runs of atoms glued together, which wrap as one.
        let mut units: Vec<&[Atom<'_>]> = Vec::new();
        let mut start = 0;
        for i in 1..=atoms.len() {
            if i == atoms.len() || atoms[i].space_before {
                if i > start {
                    units.push(&atoms[start..i]);
                }
                start = i;
            }
        }
        let width = self.style.width.max(indent + 10).max(hang + 10);
        let mut col = indent;
        let mut line_empty = true;
        self.buf.push_str(&" ".repeat(indent));
        for unit in units {
            let w: usize = unit.iter().map(|a| a.word.chars().count()).sum();
            if !line_empty && col + 1 + w > width {
                self.buf.push('\n');
                self.buf.push_str(&" ".repeat(hang));
                col = hang;
                line_empty = true;
            }
            if !line_empty {
                self.buf.push(' ');
                col += 1;
            }
            for a in unit {
                self.word(a.paint, a.word);
            }
            col += w;
            line_empty = false;
        }
        self.buf.push('\n');
    }

    fn word(&mut self, paint: Paint, word: &str) {
        if self.style.color && paint != Paint::Plain {
            self.buf.push_str("\x1b[");
            self.buf.push_str(paint.sgr());
            self.buf.push('m');
            self.buf.push_str(word);
            self.buf.push_str("\x1b[0m");
        } else {
            self.buf.push_str(word);
        }
    }

    fn blank(&mut self) {
        self.buf.push('\n');
    }

    fn heading(&mut self, title: &str) {
        self.blank();
        self.para(0, 2, &[(Paint::Heading, title)]);
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `12345` as "12,345".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The summary sections' words, without their heading lines.
fn summary<'t>(brief: &Brief, article: &'t str) -> Vec<&'t str> {
    brief
        .sections
        .iter()
        .filter(|s| s.kind == "summary")
        .filter_map(|s| {
            let body = article.get(s.byte_start..s.byte_end)?.trim();
            let body = match &s.heading {
                Some(h) => body.strip_prefix(h.as_str()).unwrap_or(body).trim(),
                None => body,
            };
            (!body.is_empty()).then_some(body)
        })
        .collect()
}

/// The groups of the entity list, with their titles.
const ENTITY_GROUPS: [(&str, &[&str]); 4] = [
    ("People", &["person"]),
    ("Organizations", &["organization"]),
    ("Places", &["location"]),
    ("Other names", &[]),
];

fn in_group(kinds: &[&str], e: &EntityOut) -> bool {
    if kinds.is_empty() {
        // The last group takes every type the others do not.
        !ENTITY_GROUPS
            .iter()
            .any(|(_, ks)| ks.contains(&e.kind.as_str()))
    } else {
        kinds.contains(&e.kind.as_str())
    }
}

fn entity_line(out: &mut Out, e: &EntityOut, show_type: bool) {
    let mut pieces: Vec<(Paint, &str)> = vec![(Paint::of_entity(&e.kind), &e.name)];
    let typ;
    if show_type {
        typ = format!(" ({})", e.kind);
        pieces.push((Paint::Dim, &typ));
    }
    let roles = e.roles.join("; ");
    if !roles.is_empty() {
        pieces.push((Paint::Plain, " — "));
        pieces.push((Paint::Plain, &roles));
    }
    let count = format!(" · {}", plural(e.mentions.len(), "mention", "mentions"));
    pieces.push((Paint::Dim, &count));
    let aliases = e
        .aliases
        .iter()
        .filter(|a| **a != e.name)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let also = format!(" · also {aliases}");
    if !aliases.is_empty() {
        pieces.push((Paint::Dim, &also));
    }
    out.para(2, 6, &pieces);
}

/// The terminal view of a brief.
pub fn render(brief: &Brief, article: &str, style: TextStyle) -> String {
    let mut out = Out {
        style,
        buf: String::new(),
    };
    let title = brief
        .headline
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .unwrap_or("(no headline)");
    out.para(0, 0, &[(Paint::Bold, title)]);
    let meta = format!(
        "{} · {} characters",
        brief.source.path,
        thousands(brief.source.chars)
    );
    out.para(0, 0, &[(Paint::Dim, &meta)]);
    let meta = format!(
        "{} · {} · {}",
        plural(brief.entities.len(), "entity", "entities"),
        plural(brief.quotes.len(), "quote", "quotes"),
        plural(brief.claims.len(), "claim", "claims"),
    );
    out.para(0, 0, &[(Paint::Dim, &meta)]);

    let summ = summary(brief, article);
    if !summ.is_empty() {
        out.heading("Summary");
        for s in summ {
            out.para(2, 2, &[(Paint::Plain, s)]);
        }
    }

    if brief.entities.is_empty() {
        out.heading("Entities");
        out.para(2, 2, &[(Paint::Dim, "none found")]);
    }
    for (title, kinds) in ENTITY_GROUPS {
        let mut group: Vec<&EntityOut> = brief
            .entities
            .iter()
            .filter(|e| in_group(kinds, e))
            .collect();
        if group.is_empty() {
            continue;
        }
        // Most mentioned first; ties keep the order of first mention.
        group.sort_by_key(|e| std::cmp::Reverse(e.mentions.len()));
        out.heading(title);
        for e in group {
            entity_line(&mut out, e, kinds.is_empty());
        }
    }

    out.heading("Speakers");
    if brief.quotes.is_empty() {
        out.para(2, 2, &[(Paint::Dim, "no quotes")]);
    }
    for (id, quotes) in quotes_by_speaker(brief) {
        let name = id
            .and_then(|id| brief.entities.iter().find(|e| e.id == id))
            .map(|e| e.name.as_str())
            .or_else(|| quotes.first().and_then(|q| q.speaker.as_deref()));
        let count = format!(" · {}", plural(quotes.len(), "quote", "quotes"));
        match name {
            Some(n) => out.para(2, 6, &[(Paint::Person, n), (Paint::Dim, &count)]),
            None => out.para(
                2,
                6,
                &[(Paint::Bold, "No speaker named"), (Paint::Dim, &count)],
            ),
        }
        for q in quotes {
            let how = match (&q.cue, &q.speaker_text) {
                (Some(cue), Some(who)) => format!(" — {who} {cue}, {}", q.attribution),
                (Some(cue), None) => format!(" — {cue}, {}", q.attribution),
                (None, Some(who)) => format!(" — {who}, {}", q.attribution),
                (None, None) => format!(" — {}", q.attribution),
            };
            out.para(
                4,
                5,
                &[
                    (Paint::Quote, "“"),
                    (Paint::Quote, q.text.trim()),
                    (Paint::Quote, "”"),
                    (Paint::Dim, &how),
                ],
            );
        }
    }

    out.heading("Claims");
    let groups = claims_by_kind(brief);
    if groups.is_empty() {
        out.para(2, 2, &[(Paint::Dim, "none found")]);
    }
    for (kind, claims) in groups {
        let mut title = kind.to_string();
        if let Some(first) = title.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        let title = format!("{title} ({})", claims.len());
        out.para(2, 2, &[(Paint::Bold, &title)]);
        for c in claims {
            let key = if c.key.trim().is_empty() {
                c.text.trim()
            } else {
                c.key.trim()
            };
            let mut pieces: Vec<(Paint, &str)> = vec![(Paint::Plain, "• "), (Paint::Bold, key)];
            let src;
            if let Some(s) = &c.source {
                let name = source_name(brief, c).unwrap_or(s.text.as_str());
                src = format!(
                    " — source: {name}{}",
                    if s.anonymous { " (anonymous)" } else { "" }
                );
                let paint = if s.anonymous {
                    Paint::Anonymous
                } else {
                    Paint::Plain
                };
                pieces.push((paint, &src));
            }
            out.para(4, 6, &pieces);
            if c.text.trim() != key {
                out.para(6, 6, &[(Paint::Dim, c.text.trim())]);
            }
        }
    }

    let s = Sourcing::of(brief);
    out.heading("Sourcing");
    let quotes = format!(
        "{}, {} with a named speaker.",
        plural(s.quotes, "quote", "quotes"),
        s.quotes_attributed
    );
    out.para(2, 2, &[(Paint::Plain, &quotes)]);
    let claims = format!(
        "{} name a source: {} named, {} anonymous ({}%).",
        plural(s.claims_sourced, "claim", "claims"),
        s.claims_sourced - s.claims_anonymous,
        s.claims_anonymous,
        percent(s.claims_anonymous, s.claims_sourced),
    );
    out.para(2, 2, &[(Paint::Plain, &claims)]);
    if s.reported > 0 {
        let rep = format!(
            "{}, {} on anonymous sources ({}%).",
            plural(s.reported, "reported claim", "reported claims"),
            s.reported_anonymous,
            percent(s.reported_anonymous, s.reported),
        );
        out.para(2, 2, &[(Paint::Plain, &rep)]);
    }
    if !s.named.is_empty() {
        let names = format!("{}.", s.named.join(", "));
        out.para(
            2,
            4,
            &[(Paint::Plain, "Named sources: "), (Paint::Plain, &names)],
        );
    }
    out.buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(width: usize, indent: usize, hang: usize, pieces: &[(Paint, &str)]) -> String {
        let mut out = Out {
            style: TextStyle {
                color: false,
                width,
            },
            buf: String::new(),
        };
        out.para(indent, hang, pieces);
        out.buf
    }

    #[test]
    fn wraps_at_the_width_with_a_hanging_indent() {
        let s = wrap(
            20,
            2,
            4,
            &[(Paint::Plain, "one two three four five six seven eight")],
        );
        assert_eq!(s, "  one two three four\n    five six seven\n    eight\n");
        assert!(s.lines().all(|l| l.chars().count() <= 20));
    }

    #[test]
    fn glued_pieces_do_not_wrap_apart_and_long_words_stay_whole() {
        let s = wrap(
            14,
            0,
            0,
            &[
                (Paint::Plain, "“"),
                (Paint::Plain, "aaaa bbbbbbbbbb"),
                (Paint::Plain, "”"),
            ],
        );
        assert_eq!(s, "“aaaa\nbbbbbbbbbb”\n");
        let s = wrap(12, 0, 0, &[(Paint::Plain, "x averyveryverylongword y")]);
        assert_eq!(s, "x\naveryveryverylongword\ny\n");
    }

    #[test]
    fn colour_wraps_words_in_escapes_and_plain_has_none() {
        let mut out = Out {
            style: TextStyle {
                color: true,
                width: 80,
            },
            buf: String::new(),
        };
        out.para(0, 0, &[(Paint::Bold, "Hi there"), (Paint::Plain, " you")]);
        assert_eq!(out.buf, "\x1b[1mHi\x1b[0m \x1b[1mthere\x1b[0m you\n");
        assert!(!wrap(80, 0, 0, &[(Paint::Bold, "Hi")]).contains('\x1b'));
        // White space at the end of one piece parts it from the next.
        assert_eq!(
            wrap(
                80,
                0,
                0,
                &[(Paint::Plain, "Named: "), (Paint::Bold, "A, B.")]
            ),
            "Named: A, B.\n"
        );
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(plural(1, "quote", "quotes"), "1 quote");
        assert_eq!(plural(2, "quote", "quotes"), "2 quotes");
    }
}
