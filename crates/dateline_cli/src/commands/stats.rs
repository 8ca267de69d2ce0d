//! `dateline stats`: what the store holds.

use crate::Outcome;
use crate::output;
use dateline_store::Store;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `dateline stats`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to read
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let s = store.stats()?;
    let mut out = output::writer(None)?;
    let range = match (s.published_first, s.published_last) {
        (Some(a), Some(b)) => format!("{a} … {b}"),
        _ => "-".into(),
    };
    writeln!(
        out,
        "documents        {} ({} undated, {} near-duplicates, {} not yet linked)",
        s.documents, s.undated, s.duplicates, s.unlinked
    )?;
    writeln!(out, "published        {range}")?;
    let langs: Vec<String> = s.languages.iter().map(|(l, n)| format!("{l} {n}")).collect();
    writeln!(out, "languages        {}", if langs.is_empty() { "-".into() } else { langs.join(", ") })?;
    writeln!(out, "entities         {} distinct, {} mentions", s.entities, s.entity_mentions)?;
    writeln!(out, "places           {} mentions", s.places)?;
    writeln!(out, "time expressions {}", s.times)?;
    writeln!(out, "events           {} ({} background)", s.events, s.background_events)?;
    for (kind, n) in &s.events_by_type {
        writeln!(out, "  {:<14} {n}", kind.as_str())?;
    }
    writeln!(out, "event clusters   {}", s.clusters)?;
    writeln!(out, "stories          {}", s.stories)?;
    out.flush()?;
    Ok(Outcome::Success)
}
