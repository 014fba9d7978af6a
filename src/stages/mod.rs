//! The stages of the pipeline, in order. Each reads the layout and the
//! annotations of the stages before it and adds one kind of annotation:
//!
//! 1. [`entities`]: people, organizations, places, nationalities, with
//!    merged name variants and roles;
//! 2. [`quotes`]: quotations and their speakers (needs entities);
//! 3. [`claims`]: plans, terms, figures, positions and reported statements
//!    with their sources (needs entities and quotes).
//!
//! Boilerplate paragraphs and heading lines are skipped by every stage.

pub mod claims;
pub mod entities;
pub mod quotes;
