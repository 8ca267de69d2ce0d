//! `dateline export`: documents, events, clusters or stories as JSONL, CSV or Parquet.

use crate::Outcome;
use crate::output;
use crate::table::{Cell, CsvSink, Kind, ParquetSink, TableSink};
use anyhow::Context;
use dateline_core::record::{self, EventOverlay, EventRow};
use dateline_core::{ClusterRecord, Document, Story};
use dateline_store::Store;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum What {
    /// One record per document with every annotation layer
    Documents,
    /// One record per event
    Events,
    /// One record per cross-document event cluster, with claims and disagreements
    Clusters,
    /// One record per story
    Stories,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// JSON Lines (record-format.md)
    Jsonl,
    /// Comma-separated values with a header; events in ACLED-like columns
    Csv,
    /// Apache Parquet (Snappy)
    Parquet,
}

/// Arguments of `dateline export`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to read
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
    /// What to export
    #[arg(long, value_enum, default_value_t = What::Documents)]
    pub(crate) what: What,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub(crate) format: Format,
    /// Add each document's clean text (`text`) to JSONL document records
    #[arg(long)]
    pub(crate) with_text: bool,
    /// Write to this file instead of stdout
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let mut out = output::writer(args.output.as_deref())?;
    export(&store, args.what, args.format, args.with_text, &mut out)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// Writes the export to `out`.
pub(crate) fn export(
    store: &Store,
    what: What,
    format: Format,
    with_text: bool,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    let links = store.doc_links()?;
    let (event_clusters, event_dates) = (store.event_clusters()?, store.event_dates()?);
    let overlay = EventOverlay::new(&event_clusters, &event_dates);
    let schema = schema(what);
    let mut sink: Box<dyn TableSink + '_> = match format {
        Format::Jsonl => return export_jsonl(store, what, with_text, &links, &overlay, out),
        Format::Csv => Box::new(CsvSink::new(&mut *out, &schema)?),
        Format::Parquet => Box::new(ParquetSink::new(&mut *out, table_name(what), &schema)?),
    };
    match what {
        What::Documents => for_each_document(store, |doc| sink.row(document_row(&doc, &links))),
        What::Events => for_each_document(store, |doc| {
            record::event_rows(&doc, &overlay).into_iter().try_for_each(|r| sink.row(event_row(r)))
        }),
        What::Clusters => store.clusters()?.iter().try_for_each(|c| sink.row(cluster_row(c))),
        What::Stories => store.stories()?.iter().try_for_each(|s| sink.row(story_row(s))),
    }?;
    sink.finish()
}

/// The JSON Lines records of `record-format.md`.
fn export_jsonl(
    store: &Store,
    what: What,
    with_text: bool,
    links: &HashMap<String, dateline_core::DocLinks>,
    overlay: &EventOverlay<'_>,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    match what {
        What::Documents => for_each_document(store, |doc| {
            let rec = record::document_record(&doc, links.get(&doc.id), overlay, with_text);
            writeln!(out, "{}", serde_json::to_string(&rec)?)?;
            Ok(())
        }),
        What::Events => for_each_document(store, |doc| {
            let rec = record::document_record(&doc, links.get(&doc.id), overlay, false);
            for mut event in rec["events"].as_array().cloned().unwrap_or_default() {
                event["document_id"] = rec["id"].clone();
                writeln!(out, "{}", serde_json::to_string(&event)?)?;
            }
            Ok(())
        }),
        What::Clusters => {
            store.clusters()?.iter().try_for_each(|c| Ok(writeln!(out, "{}", serde_json::to_string(c)?)?))
        }
        What::Stories => store.stories()?.iter().try_for_each(|s| Ok(writeln!(out, "{}", serde_json::to_string(s)?)?)),
    }
}

fn for_each_document(store: &Store, mut f: impl FnMut(Document) -> anyhow::Result<()>) -> anyhow::Result<()> {
    for doc in store.documents() {
        f(doc.context("reading a stored document")?)?;
    }
    Ok(())
}

fn table_name(what: What) -> &'static str {
    match what {
        What::Documents => "document",
        What::Events => "event",
        What::Clusters => "cluster",
        What::Stories => "story",
    }
}

fn schema(what: What) -> Vec<(&'static str, Kind)> {
    use Kind::{Bool, Float, Int, Text};
    match what {
        What::Events => EventRow::COLUMNS
            .iter()
            .map(|&c| {
                let kind = match c {
                    "latitude" | "longitude" => Float,
                    "crowd_min" | "crowd_max" | "fatalities" | "injuries" => Int,
                    "background" => Bool,
                    _ => Text,
                };
                (c, kind)
            })
            .collect(),
        What::Documents => vec![
            ("id", Text),
            ("published", Text),
            ("published_from", Text),
            ("language", Text),
            ("title", Text),
            ("source", Text),
            ("url", Text),
            ("dateline", Text),
            ("story_id", Text),
            ("duplicate_of", Text),
            ("entities", Int),
            ("places", Int),
            ("times", Int),
            ("events", Int),
        ],
        What::Clusters => vec![
            ("cluster_id", Text),
            ("type", Text),
            ("date", Text),
            ("date_precision", Text),
            ("place", Text),
            ("latitude", Float),
            ("longitude", Float),
            ("events", Int),
            ("documents", Text),
            ("story_id", Text),
            ("disagreements", Text),
        ],
        What::Stories => vec![("story_id", Text), ("label", Text), ("documents", Text), ("clusters", Text)],
    }
}

fn event_row(r: EventRow) -> Vec<Cell> {
    vec![
        r.event_id.into(),
        r.event_date.into(),
        r.date_precision.into(),
        r.event_type.into(),
        r.sub_event_type.into(),
        r.actor1.into(),
        r.actor2.into(),
        r.country.into(),
        r.admin1.into(),
        r.location.into(),
        r.latitude.into(),
        r.longitude.into(),
        r.geo_precision.into(),
        r.crowd_min.into(),
        r.crowd_max.into(),
        r.fatalities.into(),
        r.injuries.into(),
        r.background.into(),
        r.cluster_id.into(),
        r.document_id.into(),
        r.source.into(),
        r.url.into(),
        r.notes.into(),
    ]
}

fn document_row(doc: &Document, links: &HashMap<String, dateline_core::DocLinks>) -> Vec<Cell> {
    let l = links.get(&doc.id);
    let (published, from) = record::published_of(doc, l);
    vec![
        doc.id.clone().into(),
        published.into(),
        from.to_string().into(),
        doc.meta.language.clone().into(),
        doc.meta.title.clone().into(),
        doc.meta.source.clone().into(),
        doc.meta.url.clone().into(),
        doc.meta.dateline.as_ref().map(|d| d.place.clone()).into(),
        l.and_then(|l| l.story_id.clone()).into(),
        l.and_then(|l| l.duplicate_of.clone()).into(),
        doc.entities.len().into(),
        doc.places.len().into(),
        doc.times.len().into(),
        doc.events.len().into(),
    ]
}

fn cluster_row(c: &ClusterRecord) -> Vec<Cell> {
    vec![
        c.cluster_id.clone().into(),
        c.kind.as_str().to_string().into(),
        c.date.clone().into(),
        c.date_precision.map(|p| p.as_str().to_string()).into(),
        c.place.as_ref().map(|p| p.name.clone()).into(),
        c.place.as_ref().map(|p| p.lat).into(),
        c.place.as_ref().map(|p| p.lon).into(),
        c.events.len().into(),
        c.documents.join(";").into(),
        c.story_id.clone().into(),
        c.disagreements.join(";").into(),
    ]
}

fn story_row(s: &Story) -> Vec<Cell> {
    vec![s.story_id.clone().into(), s.label.clone().into(), s.documents.join(";").into(), s.clusters.join(";").into()]
}
