//! Entities: capitalized name sequences, typed and merged.
//!
//! A first, simple stage: runs of capitalized words (with the connectors
//! "of", "de", "van", "al-") outside sentence starts are names; a name whose
//! last word was seen as the last word of a longer name joins that entity.

use crate::doc::{Document, Entity, EntityType, Mention, TokenKind};

const CONNECTORS: [&str; 6] = ["of", "de", "van", "von", "der", "la"];

fn capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

pub fn annotate(doc: &mut Document<'_>) {
    let mut found: Vec<std::ops::Range<usize>> = Vec::new();
    for (si, s) in doc.content_sentences() {
        let toks = doc.sentence_tokens(si);
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if t.kind != TokenKind::Word || !capitalized(doc.slice(&t.range)) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            loop {
                if j < toks.len()
                    && toks[j].kind == TokenKind::Word
                    && capitalized(doc.slice(&toks[j].range))
                {
                    j += 1;
                } else if j + 1 < toks.len()
                    && CONNECTORS.contains(&doc.slice(&toks[j].range))
                    && capitalized(doc.slice(&toks[j + 1].range))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let sentence_start = toks[i].range.start == s.range.start;
            if !(sentence_start && j == i + 1) {
                found.push(toks[i].range.start..toks[j - 1].range.end);
            }
            i = j;
        }
    }
    let mut entities: Vec<Entity> = Vec::new();
    for r in found {
        let text = doc.slice(&r);
        let last = text.rsplit(' ').next().unwrap_or(text);
        let hit = entities.iter().position(|e| {
            e.name == text
                || e.aliases.iter().any(|a| a == text)
                || (e.name.ends_with(&format!(" {last}")) && last == text)
        });
        let m = Mention {
            range: r.clone(),
            rule: "entities.capitalized",
        };
        match hit {
            Some(k) => {
                if entities[k].name != text && !entities[k].aliases.iter().any(|a| a == text) {
                    entities[k].aliases.push(text.to_string());
                }
                entities[k].mentions.push(m);
            }
            None => entities.push(Entity {
                name: text.to_string(),
                kind: if text.contains(' ') {
                    EntityType::Person
                } else {
                    EntityType::Other
                },
                aliases: Vec::new(),
                roles: Vec::new(),
                mentions: vec![m],
                rule: "entities.capitalized",
            }),
        }
    }
    doc.entities = entities;
}
