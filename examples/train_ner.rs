//! Trains the entity tagger's weights (`data/ner_model.bin`) on CoNLL-2003
//! train, reproducibly (fixed epochs, fixed shuffling seed):
//!
//!   cargo run --release --example train_ner -- ../shared/eval/conll2003/train.jsonl [data/ner_model.bin]
//!
//! Each article is read by the same reader as at run time; a token is labelled
//! B-/I- TYPE when it starts inside a gold span (PER, ORG, LOC, MISC). The
//! gazetteer features come from the embedded `data/gazetteers/`, so retrain
//! after changing them.

use std::io::{BufRead, BufReader};

use brief::stages::entities::tagger::{
    BUCKETS, DocContext, LABELS, Model, N_LABELS, SentenceFeatures, allowed, bucket,
    dynamic_features, sentence_features,
};

const EPOCHS: usize = 12;

struct Example {
    sf: SentenceFeatures,
    gold: Vec<usize>,
}

fn label_of(ty: &str, begin: bool) -> usize {
    let t = match ty {
        "PER" => 0,
        "ORG" => 1,
        "LOC" => 2,
        _ => 3,
    };
    1 + 2 * t + usize::from(!begin)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let input = args
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("usage: train_ner TRAIN.jsonl [OUT.bin]"))?;
    let out = args.get(2).map_or("data/ner_model.bin", |s| s.as_str());
    let mut examples = Vec::new();
    let (mut lost, mut total) = (0usize, 0usize);
    for line in BufReader::new(std::fs::File::open(input)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = v["text"].as_str().unwrap_or("");
        let doc = brief::reader::read(text);
        let mut spans: Vec<(usize, usize, String)> = v["entities"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        Some((
                            e["bstart"].as_u64()? as usize,
                            e["bend"].as_u64()? as usize,
                            e["type"].as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        spans.sort();
        let ctx = DocContext::new(text, &doc.tokens);
        for s in &doc.sentences {
            let toks = &doc.tokens[s.tokens.clone()];
            if toks.is_empty() {
                continue;
            }
            let sf = sentence_features(text, toks, s.tokens.start, &ctx);
            let mut gold = Vec::with_capacity(toks.len());
            for t in toks {
                let at = t.range.start;
                let i = spans.partition_point(|x| x.1 <= at);
                let l = match spans.get(i) {
                    Some((a, _, ty)) if *a <= at => label_of(ty, *a == at),
                    _ => 0,
                };
                let l = match gold.last() {
                    Some(&p) if !allowed(p, l) => l - 1,
                    _ if gold.is_empty() && l != 0 && l % 2 == 0 => l - 1,
                    _ => l,
                };
                gold.push(l);
            }
            for (i, &g) in gold.iter().enumerate() {
                if g != 0 {
                    total += 1;
                    let p1 = if i > 0 { gold[i - 1] } else { 0 };
                    if !sf.candidate[i] && p1 == 0 {
                        lost += 1;
                    }
                }
            }
            examples.push(Example { sf, gold });
        }
    }
    eprintln!(
        "{} sentences; {} entity tokens, {} not candidates",
        examples.len(),
        total,
        lost
    );

    let mut w = vec![0f32; BUCKETS * N_LABELS];
    let mut u = vec![0f64; BUCKETS * N_LABELS];
    let mut c: f64 = 1.0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut dynf = [0u64; 4];
    for epoch in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let (mut errs, mut seen) = (0usize, 0usize);
        for &e in &order {
            let ex = &examples[e];
            let sf = &ex.sf;
            let mut pred: Vec<usize> = Vec::with_capacity(ex.gold.len());
            for i in 0..ex.gold.len() {
                let p1 = if i > 0 { pred[i - 1] } else { 0 };
                let p2 = if i > 1 { pred[i - 2] } else { 0 };
                if !sf.candidate[i] && p1 == 0 {
                    pred.push(0);
                    continue;
                }
                dynamic_features(sf.seeds[i], p1, p2, &mut dynf);
                let feats = sf.feats[sf.offsets[i]..sf.offsets[i + 1]]
                    .iter()
                    .chain(dynf.iter());
                let mut scores = [0f32; N_LABELS];
                for &h in feats.clone() {
                    let b = bucket(h) * N_LABELS;
                    for l in 0..N_LABELS {
                        scores[l] += w[b + l];
                    }
                }
                let mut best = 0;
                for l in 1..N_LABELS {
                    if allowed(p1, l) && scores[l] > scores[best] {
                        best = l;
                    }
                }
                let g = ex.gold[i];
                seen += 1;
                if best != g {
                    errs += 1;
                    for &h in feats {
                        let b = bucket(h) * N_LABELS;
                        w[b + g] += 1.0;
                        u[b + g] += c;
                        w[b + best] -= 1.0;
                        u[b + best] -= c;
                    }
                }
                c += 1.0;
                pred.push(best);
            }
        }
        eprintln!(
            "epoch {}: {} errors in {} scored tokens",
            epoch + 1,
            errs,
            seen
        );
    }
    let avg: Vec<f32> = w
        .iter()
        .zip(&u)
        .map(|(w, u)| (*w as f64 - u / c) as f32)
        .collect();
    let bytes = Model::to_bytes(&avg);
    std::fs::write(out, &bytes)?;
    eprintln!("wrote {} ({} bytes, labels {:?})", out, bytes.len(), LABELS);
    Ok(())
}
