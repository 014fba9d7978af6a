//! Claims: plans, terms, figures, positions and reported statements.
//!
//! Not yet written: the stage adds no claims.

use crate::doc::Document;

pub fn annotate(_doc: &mut Document<'_>) {}
