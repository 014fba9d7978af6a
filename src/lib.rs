//! brief: a news-brief analyzer.
//!
//! The pipeline is [`reader`] (text to a [`doc::Document`] with sections,
//! paragraphs, sentences and tokens), then the [`stages`] (entities, quotes,
//! claims), each adding one kind of annotation, then [`brief`], which turns
//! the document into the versioned JSON wire format. [`input`] reads files
//! and folders; [`batch`] runs many articles on several threads in input
//! order; [`cli`] is the command line.

pub mod batch;
pub mod brief;
pub mod cli;
pub mod doc;
pub mod input;
pub mod lexicon;
pub mod reader;
pub mod render;
pub mod span;
pub mod stages;

use doc::Document;

/// Runs the whole pipeline over one text.
pub fn analyze(text: &str) -> Document<'_> {
    let mut doc = reader::read(text);
    stages::entities::annotate(&mut doc);
    stages::quotes::annotate(&mut doc);
    stages::claims::annotate(&mut doc);
    doc
}

/// The brief of one text, as the command line prints it.
pub fn brief_of(text: &str, path: &str, encoding: &str) -> brief::Brief {
    brief::Brief::from_doc(&analyze(text), path, encoding)
}
