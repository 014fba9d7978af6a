//! Prints the sentences the reader finds, one a line: a tool for checking
//! sentence boundaries by eye (`cargo run --release --example sentences FILE`).
fn main() {
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        let doc = brief::reader::read(&text);
        for s in &doc.sentences {
            println!("{}", doc.slice(&s.range).replace('\n', "⏎"));
        }
    }
}
