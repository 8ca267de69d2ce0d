//! Reads and prepares every document of the inputs given, on one thread, and reports
//! records per second for reading alone and for reading plus preparing.
//!
//! `cargo run --release -p dateline_ingest --example throughput -- FILE...`

use dateline_ingest::{IngestConfig, discover, prepare, read_input};
use std::time::Instant;

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let cfg = IngestConfig::default();
    let (inputs, errors) = discover(&paths);
    for e in &errors {
        eprintln!("{e}");
    }
    for input in &inputs {
        let start = Instant::now();
        let (mut read, mut bytes) = (0usize, 0usize);
        for raw in read_input(input, &cfg).flatten() {
            read += 1;
            bytes += raw.content.as_str().len();
        }
        let read_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let (mut docs, mut failed, mut dated, mut datelines) = (0usize, 0usize, 0usize, 0usize);
        for result in read_input(input, &cfg) {
            match result.and_then(|raw| prepare(raw, &cfg)) {
                Ok(doc) => {
                    docs += 1;
                    dated += usize::from(doc.meta.published.is_some());
                    datelines += usize::from(doc.meta.dateline.is_some());
                }
                Err(e) => {
                    failed += 1;
                    if failed <= 5 {
                        eprintln!("{e}");
                    }
                }
            }
        }
        let total_s = start.elapsed().as_secs_f64();
        eprintln!(
            "{}: read {read} records ({:.1} MB) in {read_s:.3} s = {:.0} records/s; read+prepare {docs} docs \
             ({failed} errors, {dated} dated, {datelines} datelines) in {total_s:.3} s = {:.0} docs/s",
            input.path.display(),
            bytes as f64 / 1e6,
            read as f64 / read_s,
            docs as f64 / total_s,
        );
    }
}
