//! `dateline show ID`: one document, readable, with its annotations.

use crate::Outcome;
use crate::output::{self, UsageError};
use dateline_store::Store;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `dateline show`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to read
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
    /// Document id
    pub(crate) id: String,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let doc = store
        .document(&args.id)?
        .ok_or_else(|| UsageError(format!("no document with id {:?} in {}", args.id, args.db.display())))?;
    let links = store.doc_links()?;
    let mut out = output::writer(None)?;
    out.write_all(dateline_core::annotate(&doc, links.get(&doc.id)).as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}
