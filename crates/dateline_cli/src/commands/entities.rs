//! `dateline entities`: canonical entities with their label, actor type,
//! aliases and document counts, most documents first.

use crate::Outcome;
use crate::output;
use dateline_store::Store;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `dateline entities`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to read
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
    /// How many entities to list, most documents first
    #[arg(long, default_value_t = 50)]
    pub(crate) top: usize,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let mut out = output::writer(None)?;
    writeln!(out, "{:<5} {:<8} {:<5} {:<5} {:<32} aliases", "docs", "mentions", "label", "type", "canonical")?;
    for e in store.entities(args.top)? {
        writeln!(
            out,
            "{:<5} {:<8} {:<5} {:<5} {:<32} {}",
            e.documents,
            e.mentions,
            e.label.as_str(),
            e.actor_type.as_deref().unwrap_or("-"),
            e.canonical,
            e.aliases.join(" | ")
        )?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
