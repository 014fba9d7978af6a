//! The HTML view: one self-contained page (no network, no external asset)
//! with the article marked up and a side panel to find things in it.
//!
//! The article is shown as written (`white-space: pre-wrap`), with every
//! span of the brief marked in place: sections (boilerplate greyed, the
//! headline and heading lines set apart), claims underlined by kind, claim
//! keys and sources, quotes linked to their speaker, and entity mentions
//! coloured by type. The panel lists entities, speakers with their quotes,
//! claims by kind and the sourcing summary; clicking an entry highlights
//! (class `hl`) and scrolls to its spans, and clicking a span in the article
//! selects what it belongs to.
//!
//! Spans may overlap in any way (a mention inside a quote inside a claim,
//! or a claim that starts inside a quote and ends after it), so the text is
//! cut at every span boundary and the elements are opened outermost first;
//! where a span ends while spans opened inside it are still open, those are
//! closed and opened again after it, so the elements always nest. Text and
//! attributes are escaped, and the article element's text content is the
//! article text exactly (labels such as a quote's speaker are drawn by CSS).
//! Spans whose offsets do not fall on the text's character boundaries are
//! left out rather than trusted.

use std::fmt::Write as _;

use crate::brief::{Brief, EntityOut};

use super::{Sourcing, claims_by_kind, percent, quotes_by_speaker, source_name};

/// Escapes text for an HTML text node or a quoted attribute value. A
/// carriage return becomes a character reference, because the HTML parser
/// would turn a raw one into a line feed.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// A value fit for a class name: lower-case letters, digits and hyphens.
fn class_word(s: &str) -> String {
    let w: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if w.is_empty() { "other".to_string() } else { w }
}

/// One marked span of the article: byte offsets and the opening tag. The
/// rank orders spans that start and end at the same places, outermost
/// first.
struct Mark {
    start: usize,
    end: usize,
    rank: u8,
    open: String,
    /// Markup to put right after the span's last closing tag.
    after: Option<String>,
}

/// Code point offsets to byte offsets, for the spans the brief gives only
/// in code points: found in one pass over the text.
struct CharIndex {
    pairs: Vec<(usize, usize)>,
}

impl CharIndex {
    fn new(text: &str, mut wanted: Vec<usize>) -> CharIndex {
        wanted.sort_unstable();
        wanted.dedup();
        let mut pairs = Vec::with_capacity(wanted.len());
        let mut want = wanted.into_iter().peekable();
        let bytes = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()));
        for (ci, bi) in bytes.enumerate() {
            while let Some(&w) = want.peek() {
                if w > ci {
                    break;
                }
                if w == ci {
                    pairs.push((w, bi));
                }
                want.next();
            }
            if want.peek().is_none() {
                break;
            }
        }
        CharIndex { pairs }
    }

    fn byte(&self, ch: usize) -> Option<usize> {
        self.pairs
            .binary_search_by_key(&ch, |&(c, _)| c)
            .ok()
            .and_then(|i| self.pairs.get(i))
            .map(|&(_, b)| b)
    }
}

/// The spans of a brief to mark in the article.
fn marks(brief: &Brief, article: &str) -> Vec<Mark> {
    let mut marks = Vec::new();
    let valid = |s: usize, e: usize| s < e && article.get(s..e).is_some();
    let push = |marks: &mut Vec<Mark>, s: usize, e: usize, rank: u8, open: String| {
        if valid(s, e) {
            marks.push(Mark {
                start: s,
                end: e,
                rank,
                open,
                after: None,
            });
        }
    };

    for (i, s) in brief.sections.iter().enumerate() {
        push(
            &mut marks,
            s.byte_start,
            s.byte_end,
            0,
            format!(
                r#"<span class="sec sec-{}" data-sec="{i}">"#,
                class_word(&s.kind)
            ),
        );
        // The heading line opens the section.
        if let Some(h) = &s.heading
            && let Some(rest) = article.get(s.byte_start..s.byte_end)
            && rest.starts_with(h.as_str())
        {
            push(
                &mut marks,
                s.byte_start,
                s.byte_start + h.len(),
                1,
                r#"<span class="heading">"#.to_string(),
            );
        }
    }

    let wanted: Vec<usize> = brief
        .claims
        .iter()
        .flat_map(|c| {
            let mut v = vec![c.key_start, c.key_end];
            if let Some(s) = &c.source {
                v.extend([s.start, s.end]);
            }
            v
        })
        .collect();
    let index = CharIndex::new(article, wanted);
    for c in &brief.claims {
        let id = escape(&c.id);
        push(
            &mut marks,
            c.byte_start,
            c.byte_end,
            2,
            format!(
                r#"<span class="claim claim-{}" data-claim="{id}" title="{} claim: {}">"#,
                class_word(&c.kind),
                escape(&c.kind),
                escape(&c.key)
            ),
        );
        if let Some(src) = &c.source
            && let (Some(s), Some(e)) = (index.byte(src.start), index.byte(src.end))
        {
            let anon = if src.anonymous { "anon" } else { "named" };
            push(
                &mut marks,
                s,
                e,
                3,
                format!(
                    r#"<span class="src src-{anon}" data-claim-src="{id}" title="source of {id}{}">"#,
                    if src.anonymous { " (anonymous)" } else { "" }
                ),
            );
        }
        if let (Some(s), Some(e)) = (index.byte(c.key_start), index.byte(c.key_end)) {
            push(
                &mut marks,
                s,
                e,
                5,
                format!(r#"<span class="key" data-claim-key="{id}">"#),
            );
        }
    }

    for q in &brief.quotes {
        let id = escape(&q.id);
        let speaker = q.speaker_id.as_deref().map(escape);
        let who = q.speaker.as_deref().unwrap_or("no speaker named");
        let how = [q.attribution.as_str()]
            .into_iter()
            .chain(q.cue.as_deref())
            .collect::<Vec<_>>()
            .join(", ");
        let open = format!(
            r#"<span class="quote{}" data-quote="{id}"{} title="{}">"#,
            if speaker.is_some() {
                ""
            } else {
                " unattributed"
            },
            speaker
                .as_deref()
                .map(|s| format!(r#" data-speaker="{s}""#))
                .unwrap_or_default(),
            escape(&format!("{id}: {who} ({how})"))
        );
        if valid(q.byte_start, q.byte_end) {
            // The speaker's label, drawn by CSS so that the article's text
            // stays the article's; clicking it selects the speaker.
            let after = speaker.as_deref().map(|s| {
                format!(
                    r#"<span class="who" data-sel="speaker:{s}" data-who="{}"></span>"#,
                    escape(who)
                )
            });
            marks.push(Mark {
                start: q.byte_start,
                end: q.byte_end,
                rank: 4,
                open,
                after,
            });
        }
    }

    for e in &brief.entities {
        let id = escape(&e.id);
        let kind = class_word(&e.kind);
        let title = escape(&format!("{} · {}", e.name, e.kind));
        for (i, m) in e.mentions.iter().enumerate() {
            push(
                &mut marks,
                m.byte_start,
                m.byte_end,
                6,
                format!(
                    r#"<span class="ent ent-{kind}" data-ent="{id}" data-mention="{id}.{i}" title="{title}">"#
                ),
            );
        }
    }
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.rank));
    marks
}

/// The article text with the marks in place, properly nested.
fn marked_text(article: &str, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(article.len() * 2);
    let mut bounds: Vec<usize> = marks.iter().flat_map(|m| [m.start, m.end]).collect();
    bounds.push(article.len());
    bounds.sort_unstable();
    bounds.dedup();
    // Indices into `marks` of the open elements, outermost first.
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut pos = 0;
    for b in bounds {
        if let Some(t) = article.get(pos..b) {
            out.push_str(&escape(t));
        }
        pos = b;
        // Close the spans that end here; spans opened inside them that go
        // on are closed with them and opened again.
        if let Some(lowest) = stack.iter().position(|&i| marks[i].end <= b) {
            let popped: Vec<usize> = stack.drain(lowest..).collect();
            for &i in popped.iter().rev() {
                out.push_str("</span>");
                if marks[i].end <= b
                    && let Some(a) = &marks[i].after
                {
                    out.push_str(a);
                }
            }
            for i in popped {
                if marks[i].end > b {
                    out.push_str(&marks[i].open);
                    stack.push(i);
                }
            }
        }
        while let Some(m) = marks.get(next) {
            if m.start != b {
                break;
            }
            out.push_str(&m.open);
            stack.push(next);
            next += 1;
        }
    }
    for &i in stack.iter().rev() {
        out.push_str("</span>");
        if let Some(a) = &marks[i].after {
            out.push_str(a);
        }
    }
    out
}

/// `s` cut to at most `n` characters, with an ellipsis when cut.
fn snippet(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(n) {
        Some((b, _)) => format!("{}…", s.get(..b).unwrap_or(&s).trim_end()),
        None => s,
    }
}

const ENTITY_GROUPS: [(&str, &str); 6] = [
    ("person", "People"),
    ("organization", "Organizations"),
    ("location", "Places"),
    ("nationality", "Nationalities"),
    ("event", "Events"),
    ("other", "Other"),
];

fn entity_entry(out: &mut String, e: &EntityOut) {
    let id = escape(&e.id);
    let _ = write!(
        out,
        r#"<li><button class="entry" data-sel="ent:{id}"><span class="sw ent-{}"></span><span class="name">{}</span> <span class="n" title="mentions">{}</span></button>"#,
        class_word(&e.kind),
        escape(&e.name),
        e.mentions.len()
    );
    let aliases: Vec<&str> = e
        .aliases
        .iter()
        .filter(|a| **a != e.name)
        .map(String::as_str)
        .collect();
    if !e.roles.is_empty() {
        let _ = write!(
            out,
            r#"<div class="roles">{}</div>"#,
            escape(&e.roles.join("; "))
        );
    }
    if !aliases.is_empty() {
        let _ = write!(
            out,
            r#"<div class="aliases">also {}</div>"#,
            escape(&aliases.join(", "))
        );
    }
    out.push_str("</li>");
}

fn panel(brief: &Brief) -> String {
    let mut out = String::new();
    out.push_str(r#"<section id="p-entities"><h2>Entities</h2>"#);
    if brief.entities.is_empty() {
        out.push_str(r#"<p class="none">None found.</p>"#);
    }
    let mut groups: Vec<(String, String)> = ENTITY_GROUPS
        .iter()
        .map(|(k, t)| (k.to_string(), t.to_string()))
        .collect();
    for e in &brief.entities {
        if !groups.iter().any(|(k, _)| *k == e.kind) {
            groups.push((e.kind.clone(), e.kind.clone()));
        }
    }
    for (kind, title) in groups {
        let mut es: Vec<&EntityOut> = brief.entities.iter().filter(|e| e.kind == kind).collect();
        if es.is_empty() {
            continue;
        }
        es.sort_by_key(|e| std::cmp::Reverse(e.mentions.len()));
        let _ = write!(out, r#"<h3>{}</h3><ul class="entities">"#, escape(&title));
        for e in es {
            entity_entry(&mut out, e);
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");

    out.push_str(r#"<section id="p-speakers"><h2>Speakers</h2>"#);
    if brief.quotes.is_empty() {
        out.push_str(r#"<p class="none">No quotes.</p>"#);
    }
    out.push_str(r#"<ul class="speakers">"#);
    for (id, quotes) in quotes_by_speaker(brief) {
        let n = quotes.len();
        let count = format!("{n} quote{}", if n == 1 { "" } else { "s" });
        match id {
            Some(id) => {
                let name = brief
                    .entities
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.name.as_str())
                    .or_else(|| quotes.first().and_then(|q| q.speaker.as_deref()))
                    .unwrap_or(id);
                let _ = write!(
                    out,
                    r#"<li><button class="entry speaker" data-sel="speaker:{}"><span class="name">{}</span> <span class="n">{count}</span></button><ul class="quotes">"#,
                    escape(id),
                    escape(name)
                );
            }
            None => {
                let _ = write!(
                    out,
                    r#"<li><div class="nobody">No speaker named <span class="n">{count}</span></div><ul class="quotes">"#
                );
            }
        }
        for q in quotes {
            let how = [q.attribution.as_str()]
                .into_iter()
                .chain(q.cue.as_deref())
                .collect::<Vec<_>>()
                .join(", ");
            let _ = write!(
                out,
                r#"<li><button class="entry" data-sel="quote:{}">“{}” <span class="how">{}</span></button></li>"#,
                escape(&q.id),
                escape(&snippet(&q.text, 90)),
                escape(&how)
            );
        }
        out.push_str("</ul></li>");
    }
    out.push_str("</ul></section>");

    out.push_str(r#"<section id="p-claims"><h2>Claims</h2>"#);
    let groups = claims_by_kind(brief);
    if groups.is_empty() {
        out.push_str(r#"<p class="none">None found.</p>"#);
    }
    for (kind, claims) in groups {
        let _ = write!(
            out,
            r#"<h3><span class="u claim-{}">{}</span> <span class="n">{}</span></h3><ul class="claims">"#,
            class_word(kind),
            escape(kind),
            claims.len()
        );
        for c in claims {
            let key = if c.key.trim().is_empty() {
                snippet(&c.text, 60)
            } else {
                c.key.clone()
            };
            let _ = write!(
                out,
                r#"<li><button class="entry" data-sel="claim:{}"><span class="name">{}</span>"#,
                escape(&c.id),
                escape(&key)
            );
            if let Some(s) = &c.source {
                let name = source_name(brief, c).unwrap_or(s.text.as_str());
                let _ = write!(
                    out,
                    r#" <span class="source{}">— {}{}</span>"#,
                    if s.anonymous { " anon" } else { "" },
                    escape(name),
                    if s.anonymous { " (anonymous)" } else { "" }
                );
            }
            out.push_str("</button></li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");

    let s = Sourcing::of(brief);
    let _ = write!(
        out,
        r#"<section id="p-sourcing"><h2>Sourcing</h2><dl class="sourcing"><dt>Quotes</dt><dd>{} ({} with a named speaker)</dd><dt>Claims with a source</dt><dd>{}: {} named, {} anonymous ({}%)</dd>"#,
        s.quotes,
        s.quotes_attributed,
        s.claims_sourced,
        s.claims_sourced - s.claims_anonymous,
        s.claims_anonymous,
        percent(s.claims_anonymous, s.claims_sourced)
    );
    if s.reported > 0 {
        let _ = write!(
            out,
            r#"<dt>Reported claims</dt><dd>{}, {} on anonymous sources ({}%)</dd>"#,
            s.reported,
            s.reported_anonymous,
            percent(s.reported_anonymous, s.reported)
        );
    }
    if !s.named.is_empty() {
        let _ = write!(
            out,
            r#"<dt>Named sources</dt><dd>{}</dd>"#,
            escape(&s.named.join(", "))
        );
    }
    out.push_str("</dl></section>");
    out
}

const LEGEND: &str = r#"<div class="legend"><span class="ent ent-person">person</span> <span class="ent ent-organization">organization</span> <span class="ent ent-location">place</span> <span class="ent ent-nationality">nationality</span> <span class="ent ent-event">event</span> <span class="quote">quote</span> <span class="claim claim-plan">plan</span> <span class="claim claim-term">term</span> <span class="claim claim-quantity">quantity</span> <span class="claim claim-position">position</span> <span class="claim claim-reported">reported</span> <span class="sec-boilerplate">boilerplate</span></div>"#;

const STYLE: &str = r#"
:root{--ink:#1f2328;--muted:#656d76;--line:#d0d7de;--panel:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;background:#fff}
header{padding:.8rem 1.5rem;border-bottom:1px solid var(--line);background:var(--panel)}
header .app{font-weight:700;letter-spacing:.02em}
header .meta{color:var(--muted);font-size:.85rem;margin:.15rem 0 .5rem}
.legend{font-size:.8rem;line-height:2}
.legend .claim{margin:0 .2em}
main{display:grid;grid-template-columns:minmax(0,1fr) 25rem;align-items:start}
#article{white-space:pre-wrap;overflow-wrap:anywhere;font:17px/1.75 Georgia,"DejaVu Serif",serif;padding:1.5rem 2.5rem 40vh;max-width:50rem;margin:0 auto;width:100%}
#panel{position:sticky;top:0;height:100vh;overflow:auto;border-left:1px solid var(--line);background:var(--panel);padding:0 1rem 2rem;font-size:.9rem}
@media (max-width:900px){main{grid-template-columns:1fr}#panel{position:static;height:auto;border-left:0;border-top:1px solid var(--line)}}
#panel h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:1rem 0 .3rem}
#panel h3{font-size:.85rem;margin:.6rem 0 .2rem}
#panel ul{list-style:none;margin:0;padding:0}
#panel ul.quotes{margin:0 0 .4rem .8rem}
.entry{display:block;width:100%;text-align:left;font:inherit;color:inherit;background:none;border:1px solid transparent;border-radius:6px;padding:.15rem .4rem;cursor:pointer}
.entry:hover{background:#eaeef2}
.entry.active{background:#fff8c5;border-color:#d4a72c}
.entry .n,.n{color:var(--muted);font-size:.8em}
.entry .how,.entry .source{color:var(--muted);font-size:.85em}
.entry .source.anon{color:#9a3412}
.roles,.aliases{color:var(--muted);font-size:.8rem;margin:0 0 .2rem 1.6rem}
.nobody{padding:.15rem .4rem;font-style:italic}
.none{color:var(--muted)}
.sw{display:inline-block;width:.75em;height:.75em;border-radius:3px;margin-right:.4em;vertical-align:-.05em}
dl.sourcing{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem}
dl.sourcing dt{color:var(--muted)}
dl.sourcing dd{margin:0}
#status{position:sticky;top:0;z-index:1;font-size:.85rem;color:var(--ink);background:var(--panel);min-height:2.2em;margin:0 -1rem;padding:.5rem 1rem .3rem;border-bottom:1px solid var(--line)}
#status:empty{border-bottom-color:transparent}
.ent{border-radius:.3em;padding:.05em .2em;cursor:pointer}
.ent-person{background:#ddd5fe}
.ent-organization{background:#b9f2f2}
.ent-location{background:#fee2b3}
.ent-nationality{background:#ecd5fd}
.ent-event{background:#fff1a8}
.ent-other{background:#e4e7d2}
.sw.ent-person{background:#9d8af5}.sw.ent-organization{background:#3fc9c9}.sw.ent-location{background:#f5b041}
.sw.ent-nationality{background:#c084fc}.sw.ent-event{background:#eab308}.sw.ent-other{background:#a3a88a}
.quote{background:#e8f1fb;color:#0b3a6e;cursor:pointer}
.quote.unattributed{background:#f1f1f1;color:#3d3d3d}
.who::after{content:attr(data-who);font:600 .62em/1 system-ui,sans-serif;color:#0b3a6e;background:#cfe2f7;border-radius:.5em;padding:.1em .4em;margin-left:.25em;vertical-align:.35em;cursor:pointer;white-space:nowrap}
.claim{text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:.3em;text-decoration-skip-ink:none;cursor:pointer}
.claim-plan{text-decoration-color:#1f6feb;text-decoration-style:solid}
.claim-term{text-decoration-color:#8250df;text-decoration-style:double}
.claim-quantity{text-decoration-color:#1a7f37;text-decoration-style:dotted}
.claim-position{text-decoration-color:#cf222e;text-decoration-style:wavy}
.claim-reported{text-decoration-color:#9a6700;text-decoration-style:dashed}
.u{text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:.25em}
.key{font-weight:600}
.src-anon{font-style:italic;color:#9a3412}
.sec-headline{font-size:1.55em;font-weight:700;line-height:1.3}
.sec-byline{font-style:italic;color:var(--muted)}
.heading{font:700 .8em system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
.sec-boilerplate,.sec-boilerplate *{color:#a0a7b0 !important;background:none !important;text-decoration:none !important}
#article .hl{background:#ffe066 !important;color:#000 !important;outline:2px solid #e8590c;outline-offset:1px;border-radius:.2em}
"#;

const SCRIPT: &str = r#"
(function(){
  var article = document.getElementById('article');
  var status = document.getElementById('status');
  function selector(key){
    var i = key.indexOf(':'); if (i < 0) return null;
    var kind = key.slice(0, i), id = CSS.escape(key.slice(i + 1));
    switch (kind) {
      case 'ent': return '[data-ent="' + id + '"]';
      case 'quote': return '[data-quote="' + id + '"]';
      case 'claim': return '[data-claim="' + id + '"]';
      case 'speaker': return '[data-speaker="' + id + '"],[data-ent="' + id + '"]';
    }
    return null;
  }
  function clear(){
    document.querySelectorAll('.hl').forEach(function(e){ e.classList.remove('hl'); });
    document.querySelectorAll('.entry.active').forEach(function(e){ e.classList.remove('active'); });
    delete document.body.dataset.selected;
    status.textContent = '';
  }
  function select(key, scroll){
    var again = document.body.dataset.selected === key;
    clear();
    if (again) return;
    var sel = selector(key); if (!sel) return;
    var hits = article.querySelectorAll(sel);
    hits.forEach(function(e){ e.classList.add('hl'); });
    var entry = null;
    document.querySelectorAll('.entry').forEach(function(b){
      if (b.dataset.sel === key) { b.classList.add('active'); entry = entry || b; }
    });
    document.body.dataset.selected = key;
    var n = new Set(Array.prototype.map.call(hits, function(e){
      return e.dataset.mention || e.dataset.quote || e.dataset.claim || '';
    })).size;
    var label = entry && entry.querySelector('.name');
    status.textContent = (label ? label.textContent + ': ' : '') + n + ' highlighted in the article';
    if (scroll && hits.length) hits[0].scrollIntoView({block: 'center'});
    if (!scroll && entry) entry.scrollIntoView({block: 'nearest'});
  }
  document.addEventListener('click', function(ev){
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var entry = t.closest('[data-sel]');
    if (entry) { ev.preventDefault(); select(entry.dataset.sel, !article.contains(entry)); return; }
    var m = t.closest('[data-ent],[data-quote],[data-claim]');
    if (!m || !article.contains(m)) return;
    var d = m.dataset;
    select(d.ent ? 'ent:' + d.ent : d.quote ? (d.speaker ? 'speaker:' + d.speaker : 'quote:' + d.quote) : 'claim:' + d.claim, false);
  });
  document.addEventListener('keydown', function(ev){ if (ev.key === 'Escape') clear(); });
})();
"#;

/// The HTML page of a brief over its article text.
pub fn render(brief: &Brief, article: &str) -> String {
    let title = brief
        .headline
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .unwrap_or(&brief.source.path);
    let mut out = String::with_capacity(article.len() * 3 + STYLE.len() + SCRIPT.len() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing on the page may reach the network: inline style and script only.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{} — brief</title>", escape(title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = write!(
        out,
        r#"<header><div class="app">brief</div><div class="meta">{} · {} characters · {} entities · {} quotes · {} claims · brief format {}</div>{LEGEND}</header>"#,
        escape(&brief.source.path),
        brief.source.chars,
        brief.entities.len(),
        brief.quotes.len(),
        brief.claims.len(),
        escape(&brief.version)
    );
    out.push_str("\n<main>\n<article id=\"article\">");
    out.push_str(&marked_text(article, &marks(brief, article)));
    out.push_str("</article>\n<aside id=\"panel\"><p id=\"status\"></p>");
    out.push_str(&panel(brief));
    out.push_str("</aside>\n</main>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, rank: u8, name: &str) -> Mark {
        Mark {
            start,
            end,
            rank,
            open: format!("<span class=\"{name}\">"),
            after: None,
        }
    }

    fn nest(text: &str, mut ms: Vec<Mark>) -> String {
        ms.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.rank));
        marked_text(text, &ms)
    }

    /// Removes the tags, leaving the (escaped) text.
    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// Whether every `</span>` closes an open `<span`.
    fn balanced(html: &str) -> bool {
        let mut depth: i64 = 0;
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i..];
            if rest.starts_with("</span>") {
                depth -= 1;
            } else if rest.starts_with("<span") {
                depth += 1;
            }
            if depth < 0 {
                return false;
            }
            rest = &rest[1..];
        }
        depth == 0
    }

    #[test]
    fn nested_spans_open_outermost_first() {
        // A mention inside a quote inside a claim.
        let html = nest(
            "He said Bob won.",
            vec![
                mark(8, 11, 6, "m"),
                mark(0, 16, 2, "c"),
                mark(8, 15, 4, "q"),
            ],
        );
        assert_eq!(
            html,
            r#"<span class="c">He said <span class="q"><span class="m">Bob</span> won</span>.</span>"#
        );
    }

    #[test]
    fn crossing_spans_are_closed_and_reopened() {
        // "abcdef": x = [0,4), y = [2,6) cross.
        let html = nest("abcdef", vec![mark(0, 4, 2, "x"), mark(2, 6, 4, "y")]);
        assert_eq!(
            html,
            r#"<span class="x">ab<span class="y">cd</span></span><span class="y">ef</span>"#
        );
        assert!(balanced(&html));
    }

    #[test]
    fn same_range_spans_nest_by_rank() {
        let html = nest("Bob", vec![mark(0, 3, 6, "m"), mark(0, 3, 3, "s")]);
        assert_eq!(html, r#"<span class="s"><span class="m">Bob</span></span>"#);
    }

    #[test]
    fn many_overlaps_stay_balanced_and_keep_the_text() {
        let text = "one two three four five six seven eight nine ten";
        let mut ms = Vec::new();
        for s in 0..text.len() {
            for len in [1, 3, 7, 20] {
                if s % 3 == 0 && s + len <= text.len() {
                    ms.push(mark(s, s + len, (len % 7) as u8, "z"));
                }
            }
        }
        let html = nest(text, ms);
        assert!(balanced(&html));
        assert_eq!(strip_tags(&html), text);
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("a\r\nb"), "a&#13;\nb");
        let html = nest("<b>&", vec![mark(0, 3, 6, "m")]);
        assert_eq!(html, r#"<span class="m">&lt;b&gt;</span>&amp;"#);
    }

    #[test]
    fn code_points_map_to_bytes() {
        // "€" is 3 bytes, "😀" 4.
        let idx = CharIndex::new("a€b😀c", vec![0, 1, 2, 3, 4, 5, 9]);
        assert_eq!(idx.byte(0), Some(0));
        assert_eq!(idx.byte(1), Some(1));
        assert_eq!(idx.byte(2), Some(4));
        assert_eq!(idx.byte(3), Some(5));
        assert_eq!(idx.byte(4), Some(9));
        assert_eq!(idx.byte(5), Some(10));
        assert_eq!(idx.byte(9), None);
    }

    #[test]
    fn snippets_cut_on_characters() {
        assert_eq!(snippet("a  b\nc", 10), "a b c");
        assert_eq!(snippet("€€€€€", 3), "€€€…");
        assert_eq!(class_word("Plan X!"), "plan-x-");
        assert_eq!(class_word(""), "other");
    }
}
