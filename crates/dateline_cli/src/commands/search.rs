//! `dateline search QUERY`: FTS5 full-text search over titles and texts.

use crate::Outcome;
use crate::output;
use dateline_store::Store;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `dateline search`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to read
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
    /// Most hits to print
    #[arg(long, default_value_t = 20)]
    pub(crate) limit: usize,
    /// FTS5 query: words, "phrases", AND/OR/NOT, prefix*
    pub(crate) query: String,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let hits = store.search(&args.query, args.limit)?;
    let mut out = output::writer(None)?;
    for hit in &hits {
        let snippet = hit.snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(out, "{}\t{}\t{snippet}", hit.id, hit.title.as_deref().unwrap_or("-"))?;
    }
    out.flush()?;
    if hits.is_empty() {
        eprintln!("dateline: no document matches {:?}", args.query);
    }
    Ok(Outcome::Success)
}
