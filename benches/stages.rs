//! One article through each stage: decoding, the reader, entities, quotes,
//! claims, the brief and its JSON. `cargo bench --bench stages`; set
//! BRIEF_BENCH_ARTICLE=path to measure another article.

use std::hint::black_box;

use brief::{brief::Brief, input, reader, stages};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn article() -> (String, Vec<u8>) {
    let path = std::env::var("BRIEF_BENCH_ARTICLE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/witkoff-kushner-moscow.txt"
        )
        .to_string()
    });
    let bytes = std::fs::read(&path).expect("read the bench article");
    (path, bytes)
}

fn stages(c: &mut Criterion) {
    let (path, bytes) = article();
    let text = input::decode(bytes.clone()).expect("an article").text;
    let text = text.as_str();
    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("decode", |b| {
        b.iter_batched(
            || bytes.clone(),
            |v| input::decode(black_box(v)),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("reader", |b| b.iter(|| reader::read(black_box(text))));
    g.bench_function("entities", |b| {
        b.iter_batched(
            || reader::read(text),
            |mut d| {
                stages::entities::annotate(&mut d);
                d
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("quotes", |b| {
        b.iter_batched(
            || {
                let mut d = reader::read(text);
                stages::entities::annotate(&mut d);
                d
            },
            |mut d| {
                stages::quotes::annotate(&mut d);
                d
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("claims", |b| {
        b.iter_batched(
            || {
                let mut d = reader::read(text);
                stages::entities::annotate(&mut d);
                stages::quotes::annotate(&mut d);
                d
            },
            |mut d| {
                stages::claims::annotate(&mut d);
                d
            },
            BatchSize::SmallInput,
        )
    });
    let doc = brief::analyze(text);
    g.bench_function("brief", |b| {
        b.iter(|| Brief::from_doc(black_box(&doc), &path, "utf-8"))
    });
    let br = Brief::from_doc(&doc, &path, "utf-8");
    g.bench_function("json", |b| b.iter(|| serde_json::to_vec(black_box(&br))));
    g.bench_function("all", |b| {
        b.iter(|| {
            let br = brief::brief_of(black_box(text), &path, "utf-8");
            serde_json::to_vec(&br)
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
