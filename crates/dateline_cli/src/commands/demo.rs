//! `dateline demo`: the bundled seed articles through the whole pipeline,
//! printed as an event table. Needs nothing outside the binary.

use crate::Outcome;
use crate::analysis::Analyzer;
use crate::commands::ingest::{self, Progress};
use crate::output;
use anyhow::Context;
use dateline_core::record::{self, EventOverlay};
use dateline_ingest::IngestConfig;
use dateline_store::Store;
use std::io::Write;
use std::path::PathBuf;

/// The seed articles, embedded so that the demo runs from any directory.
const SEEDS: [(&str, &str); 5] = [
    ("000_7d32de2e1b87edd5.txt", include_str!("../../resources/seeds/000_7d32de2e1b87edd5.txt")),
    ("001_76dcea6e98bd051b.txt", include_str!("../../resources/seeds/001_76dcea6e98bd051b.txt")),
    ("002_97b6f26d02a9d695.txt", include_str!("../../resources/seeds/002_97b6f26d02a9d695.txt")),
    ("003_339f728686f94fd6.txt", include_str!("../../resources/seeds/003_339f728686f94fd6.txt")),
    ("004_9af599180e7d21e3.txt", include_str!("../../resources/seeds/004_9af599180e7d21e3.txt")),
];

/// Arguments of `dateline demo`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Keep the database here (default: a temporary one, removed afterwards)
    #[arg(long)]
    pub(crate) db: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let mut paths = Vec::new();
    for (name, text) in SEEDS {
        let path = dir.path().join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        paths.push(path);
    }
    let db = args.db.clone().unwrap_or_else(|| dir.path().join("demo.db"));
    let analyzer = Analyzer::new(IngestConfig::default())?;
    let mut store = Store::open(&db)?;
    let progress = Progress::new(true);
    let summary = ingest::ingest(&mut store, &analyzer, &paths, 256, &progress)?;
    eprintln!("dateline: {}", summary.line());
    let mut out = output::writer(None)?;
    print_tables(&store, &mut out)?;
    out.flush()?;
    if args.db.is_some() {
        eprintln!("dateline: database kept at {}", db.display());
    }
    Ok(if summary.failed.is_empty() { Outcome::Success } else { Outcome::BadInput })
}

/// The event table, then the stories and the clusters whose sources disagree.
pub(crate) fn print_tables(store: &Store, out: &mut dyn Write) -> anyhow::Result<()> {
    let (event_clusters, event_dates) = (store.event_clusters()?, store.event_dates()?);
    let overlay = EventOverlay::new(&event_clusters, &event_dates);
    writeln!(
        out,
        "{:<22} {:<10} {:<24} {:<11} {:<22} {:<13} {:<9} {:<8} actors",
        "document", "type", "subtype", "date", "place", "crowd", "killed", "cluster"
    )?;
    for doc in store.documents() {
        let doc = doc?;
        for row in record::event_rows(&doc, &overlay) {
            let crowd = match (row.crowd_min, row.crowd_max) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}-{b}"),
                _ => "-".into(),
            };
            let date = match &row.event_date {
                Some(d) if row.background => format!("{d}*"),
                Some(d) => d.clone(),
                None => "-".into(),
            };
            writeln!(
                out,
                "{:<22} {:<10} {:<24} {:<11} {:<22} {:<13} {:<9} {:<8} {}",
                truncate(&doc.id, 22),
                row.event_type,
                truncate(&row.sub_event_type, 24),
                date,
                truncate(
                    &row.location.map(|l| format!("{l} ({})", row.country.unwrap_or_default())).unwrap_or("-".into()),
                    22
                ),
                crowd,
                row.fatalities.map_or("-".into(), |n| n.to_string()),
                row.cluster_id.unwrap_or_default(),
                row.actor1.unwrap_or_else(|| "-".into()),
            )?;
        }
    }
    writeln!(out, "(* background: reported as earlier context)\n")?;
    for story in store.stories()? {
        writeln!(out, "story {}: {} [{}]", story.story_id, truncate(&story.label, 70), story.documents.join(", "))?;
    }
    for cluster in store.clusters()?.iter().filter(|c| !c.disagreements.is_empty()) {
        writeln!(
            out,
            "cluster {} ({}, {}): sources disagree on {}",
            cluster.cluster_id,
            cluster.kind.as_str(),
            cluster.date.as_deref().unwrap_or("undated"),
            cluster.disagreements.join(", ")
        )?;
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
