//! Writes a generated corpus of realistic submissions as JSON Lines to standard output, for
//! trying batch review at scale: `cargo run --release --example corpus -- 10000 > batch.jsonl`
//! (optional second argument: the seed). The generator is `benches/corpus`.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    corpus::write_jsonl(&mut out, seed, n)?;
    out.flush()
}
