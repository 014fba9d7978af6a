//! The document every stage reads and adds to.
//!
//! The reader ([`crate::reader`]) fills the layout: sections, paragraphs,
//! sentences and tokens. Each stage then adds one kind of annotation, in
//! order: entities, quotes, claims (see [`crate::pipeline`]). All ranges are
//! byte ranges into `text`; the printer turns them into code point offsets
//! through `chars`.

use std::ops::Range;

use crate::span::{CharMap, Span};

/// What part of an article a section is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Headline,
    /// A deck, "Summary", "Key points", an abstract.
    Summary,
    /// "Why this matters", "Background", "Context".
    Context,
    /// Byline and dateline lines ("By Jane Doe", "LONDON 1996-08-30").
    Byline,
    Body,
    /// Newsletter sign-ups, privacy and cookie notes, share prompts: kept
    /// out of every stage.
    Boilerplate,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Headline => "headline",
            SectionKind::Summary => "summary",
            SectionKind::Context => "context",
            SectionKind::Byline => "byline",
            SectionKind::Body => "body",
            SectionKind::Boilerplate => "boilerplate",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading line ("Why this matters"), when the section has one.
    pub heading: Option<Range<usize>>,
    /// From the heading (or first paragraph) to the end of the last paragraph.
    pub range: Range<usize>,
    /// Which reader rule decided the kind.
    pub rule: &'static str,
}

#[derive(Clone, Debug)]
pub struct Paragraph {
    pub range: Range<usize>,
    pub section: usize,
    /// Boilerplate paragraphs are kept in the layout but skipped by stages.
    pub boilerplate: bool,
    /// A heading line ("Summary"): part of the layout, not of the content.
    pub heading: bool,
    /// Index of its first sentence in `Document::sentences`.
    pub sentences: Range<usize>,
}

#[derive(Clone, Debug)]
pub struct Sentence {
    pub range: Range<usize>,
    pub paragraph: usize,
    /// Index of its first token in `Document::tokens`.
    pub tokens: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, with inner apostrophes, hyphens and abbreviation dots
    /// ("don't", "al-Assad", "U.S.").
    Word,
    /// Digits, with inner separators ("1996-08-30", "3.5", "1,000").
    Number,
    /// A quote mark of any shape: `"` `“` `”` `'` `‘` `’` `«` `»`.
    Quote,
    /// Any other single non-space character.
    Punct,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
    pub sentence: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Organization,
    Location,
    Nationality,
    Event,
    Other,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Nationality => "nationality",
            EntityType::Event => "event",
            EntityType::Other => "other",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Mention {
    pub range: Range<usize>,
    /// The rule that found (or typed) this mention.
    pub rule: &'static str,
}

/// One referent: every mention of every name variant.
#[derive(Clone, Debug)]
pub struct Entity {
    /// The fullest form in the text.
    pub name: String,
    pub kind: EntityType,
    /// The other forms used, in order of first use.
    pub aliases: Vec<String>,
    /// Titles and appositions as written ("Kremlin spokesman").
    pub roles: Vec<String>,
    /// In text order.
    pub mentions: Vec<Mention>,
    /// The rule that decided the type.
    pub rule: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribution {
    /// A cue verb with its subject next to the quote, a colon intro or a dash.
    Explicit,
    /// No cue of its own: continues the speaker of the quote before.
    Continued,
    /// "he said", resolved to a person.
    Pronoun,
    /// "the spokesman said", resolved to the entity holding the role.
    Role,
    /// No one can be named.
    None,
}

impl Attribution {
    pub fn as_str(self) -> &'static str {
        match self {
            Attribution::Explicit => "explicit",
            Attribution::Continued => "continued",
            Attribution::Pronoun => "pronoun",
            Attribution::Role => "role",
            Attribution::None => "none",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Quote {
    /// The words inside the quote marks.
    pub range: Range<usize>,
    /// Index into `Document::entities`.
    pub speaker: Option<usize>,
    /// The words naming the speaker where the quote is attributed ("he",
    /// "the spokesman", "Witkoff").
    pub speaker_mention: Option<Range<usize>>,
    /// The cue as written ("said", "according to").
    pub cue: Option<Range<usize>>,
    pub attribution: Attribution,
    pub rule: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimKind {
    Plan,
    Term,
    Quantity,
    Reported,
    Position,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Plan => "plan",
            ClaimKind::Term => "term",
            ClaimKind::Quantity => "quantity",
            ClaimKind::Reported => "reported",
            ClaimKind::Position => "position",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ClaimSource {
    /// The words naming the source ("people familiar with the matter").
    pub range: Range<usize>,
    /// Index into `Document::entities`, when the source is a known entity.
    pub entity: Option<usize>,
    pub anonymous: bool,
}

#[derive(Clone, Debug)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The claim as it stands in the text: a clause or a sentence.
    pub range: Range<usize>,
    /// The short phrase that names it ("20-point draft plan").
    pub key: Range<usize>,
    pub source: Option<ClaimSource>,
    pub rule: &'static str,
}

/// The lowercase form (`to_lowercase`) of every token, all in one buffer.
///
/// `text` starts with an ASCII-lowercased copy of the document's text, so an
/// ASCII token's form sits at the token's own range; a token with other
/// bytes gets its `to_lowercase` appended (lowercasing may change its byte
/// length), and `spans[i]` is token `i`'s range in `text`, which is not
/// always its range in the document. Built once per document: the quote and
/// the claim stages each built their own, about a tenth of each stage in
/// the profile.
#[derive(Clone, Debug, Default)]
pub struct Lower {
    pub text: String,
    pub spans: Vec<(usize, usize)>,
}

impl Lower {
    /// The lowercase forms of `tokens` of `text` (tokens in text order, as
    /// the reader makes them; any order works, only slower), given the
    /// text's [`CharMap`]: where the non-ASCII chars are comes from its
    /// checkpoints, not from another scan of the text (a fifth of this
    /// function in the profile).
    pub fn new(text: &str, tokens: &[Token], chars: &CharMap) -> Lower {
        let mut low = String::with_capacity(text.len() + 64);
        low.push_str(text);
        low.make_ascii_lowercase();
        // A token holds a non-ASCII char when the first multi-byte char
        // ending at or after its start ends before its end. (An `is_ascii`
        // per token cost more than the rest.)
        let mut spans = Vec::with_capacity(tokens.len());
        if chars.multibyte_count() == 0 {
            spans.extend(tokens.iter().map(|t| (t.range.start, t.range.end)));
            return Lower { text: low, spans };
        }
        // `next` is the first non-ASCII byte at or after the last token's
        // start: a token ending at or before it is ASCII, with one compare
        // (the cursor loop for every token was most of this function).
        let mut k = 0;
        let mut next = chars.multibyte_end(0).unwrap_or(usize::MAX);
        let mut last_start = 0;
        for t in tokens {
            if t.range.end <= next && t.range.start >= last_start {
                last_start = t.range.start;
                spans.push((t.range.start, t.range.end));
                continue;
            }
            if t.range.start < last_start {
                k = chars.multibyte_before(t.range.start);
            }
            last_start = t.range.start;
            while chars.multibyte_end(k).is_some_and(|p| p < t.range.start) {
                k += 1;
            }
            next = chars.multibyte_end(k).unwrap_or(usize::MAX);
            let span = match text.get(t.range.clone()) {
                Some(w) if next < t.range.end => {
                    let start = low.len();
                    low.push_str(&w.to_lowercase());
                    (start, low.len())
                }
                _ => (t.range.start, t.range.end),
            };
            spans.push(span);
        }
        Lower { text: low, spans }
    }

    /// The lowercase form of token `i` ("" past the end).
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|&(a, b)| self.text.get(a..b))
            .unwrap_or("")
    }
}

/// An article: its text, its layout, and the annotations the stages add.
#[derive(Debug)]
pub struct Document<'t> {
    pub text: &'t str,
    pub chars: CharMap,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// The lowercase form of every token ([`Lower`]), built once by the
    /// reader for the stages that compare words in lowercase.
    pub lower: Lower,
    /// The headline's range, when the article has one.
    pub headline: Option<Range<usize>>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    /// Quoted runs that the quote stage judged not to be speech: coined
    /// terms, scare quotes, titles ("what officials call the “X”"). The
    /// claim stage turns them into claims of kind `term`. Ranges are the
    /// words inside the marks.
    pub quoted_terms: Vec<Range<usize>>,
    pub claims: Vec<Claim>,
}

impl<'t> Document<'t> {
    pub fn slice(&self, r: &Range<usize>) -> &'t str {
        &self.text[r.clone()]
    }

    pub fn span(&self, r: &Range<usize>) -> Span {
        self.chars.span(r.clone())
    }

    /// Paragraphs that stages analyse: not boilerplate, not heading lines.
    pub fn content_paragraphs(&self) -> impl Iterator<Item = (usize, &Paragraph)> {
        self.paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.boilerplate && !p.heading)
    }

    /// Sentences of the content paragraphs, in text order.
    pub fn content_sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.content_paragraphs()
            .flat_map(move |(_, p)| p.sentences.clone().map(move |i| (i, &self.sentences[i])))
    }

    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        &self.tokens[self.sentences[sentence].tokens.clone()]
    }

    /// The sentence holding byte offset `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.range.end <= at);
        (i < self.sentences.len() && self.sentences[i].range.start <= at).then_some(i)
    }

    /// The paragraph holding byte offset `at`, if any.
    pub fn paragraph_at(&self, at: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.range.end <= at);
        (i < self.paragraphs.len() && self.paragraphs[i].range.start <= at).then_some(i)
    }

    /// Whether byte offset `at` lies in boilerplate (or outside every paragraph).
    pub fn is_boilerplate(&self, at: usize) -> bool {
        self.paragraph_at(at)
            .is_none_or(|p| self.paragraphs[p].boilerplate)
    }

    /// The entity with a mention covering `range` exactly, if any.
    pub fn entity_at(&self, range: &Range<usize>) -> Option<usize> {
        self.entities
            .iter()
            .position(|e| e.mentions.iter().any(|m| m.range == *range))
    }

    /// The entity with a mention inside `range` (the last such), if any.
    pub fn entity_within(&self, range: &Range<usize>) -> Option<(usize, Range<usize>)> {
        let mut best: Option<(usize, Range<usize>)> = None;
        for (i, e) in self.entities.iter().enumerate() {
            for m in &e.mentions {
                if m.range.start >= range.start
                    && m.range.end <= range.end
                    && best.as_ref().is_none_or(|(_, r)| m.range.start > r.start)
                {
                    best = Some((i, m.range.clone()));
                }
            }
        }
        best
    }
}
