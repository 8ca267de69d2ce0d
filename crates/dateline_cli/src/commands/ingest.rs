//! `dateline ingest`: read, analyse, store and link, batch by batch.

use crate::Outcome;
use crate::analysis::{Analyzer, DocError};
use anyhow::Context;
use dateline_core::Document;
use dateline_ingest::{Content, IngestConfig, Input, RawDoc};
use dateline_link::{LinkConfig, Linker};
use dateline_store::Store;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Arguments of `dateline ingest`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to store into (created if absent)
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
    /// Documents analysed and stored per transaction
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub(crate) batch_size: u32,
    /// Reject documents whose raw content is larger than this many megabytes
    #[arg(long, default_value_t = 8.0)]
    pub(crate) max_doc_mb: f64,
    /// Worker threads for the analysis (default: one per core)
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// No progress bar
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Files or directories to read; `-` reads JSONL from stdin
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
}

/// What an ingest did, for the closing summary and the benchmark.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    /// Documents newly stored.
    pub(crate) stored: usize,
    /// Documents skipped because their id was already stored.
    pub(crate) skipped: usize,
    /// Failed records by reason.
    pub(crate) failed: BTreeMap<&'static str, usize>,
    /// The failed records' messages, as printed (for `POST /api/documents`).
    pub(crate) errors: Vec<String>,
    /// Raw content bytes read.
    pub(crate) bytes: u64,
    /// Documents read (stored, skipped or failed at analysis).
    pub(crate) read: usize,
    /// Wall time.
    pub(crate) elapsed: Duration,
    /// Wall time per phase: analysis (parallel), storing, linking.
    pub(crate) phases: Phases,
}

/// Where an ingest spent its wall time.
#[derive(Debug, Default)]
pub(crate) struct Phases {
    /// Cleaning and the stage pipeline.
    pub(crate) analysis: Duration,
    /// SQLite writes of documents and links.
    pub(crate) store: Duration,
    /// The link stage.
    pub(crate) link: Duration,
}

impl Summary {
    fn failed_total(&self) -> usize {
        self.failed.values().sum()
    }

    /// One line for stderr.
    pub(crate) fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mut s = format!(
            "stored {} documents, skipped {} already present, failed {}",
            self.stored,
            self.skipped,
            self.failed_total()
        );
        if !self.failed.is_empty() {
            let reasons: Vec<String> = self.failed.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            s.push_str(&format!(" ({})", reasons.join(", ")));
        }
        s.push_str(&format!(
            " in {:.2} s ({:.0} docs/s, {:.2} MB/s)",
            secs,
            self.read as f64 / secs,
            self.bytes as f64 / 1e6 / secs
        ));
        s
    }
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("starting worker threads")?;
    }
    let cfg = IngestConfig { max_document_bytes: (args.max_doc_mb * 1e6) as usize };
    let analyzer = Analyzer::new(cfg)?;
    let mut store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let progress = Progress::new(args.quiet);
    let summary = ingest(&mut store, &analyzer, &args.inputs, args.batch_size as usize, &progress)?;
    progress.finish();
    eprintln!("dateline: {}", summary.line());
    Ok(if summary.failed.is_empty() { Outcome::Success } else { Outcome::BadInput })
}

/// Reads, analyses, stores and links every input; bad records are reported
/// and counted, never fatal.
pub(crate) fn ingest(
    store: &mut Store,
    analyzer: &Analyzer,
    paths: &[PathBuf],
    batch_size: usize,
    progress: &Progress,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let (inputs, errors) = dateline_ingest::discover(paths);
    for err in errors {
        progress.report(&DocError::from(err), &mut summary);
    }
    let mut linker = restore_linker(store, progress)?;
    for input in &inputs {
        let mut batch = Vec::with_capacity(batch_size);
        for item in dateline_ingest::read_input(input, analyzer.ingest_config()) {
            match item {
                Ok(raw) => batch.push(raw),
                Err(err) => progress.report(&DocError::from(err), &mut summary),
            }
            if batch.len() >= batch_size {
                store_batch(store, analyzer, &mut linker, std::mem::take(&mut batch), &mut summary, progress)?;
            }
        }
        store_batch(store, analyzer, &mut linker, batch, &mut summary, progress)?;
        progress.input_done(input);
    }
    if linker.dirty {
        progress.message("linking");
        let started = Instant::now();
        linker.linker.reconsider_undated();
        reanchor_undated(store, analyzer, &mut linker.linker, &mut summary, progress)?;
        let links = linker.linker.links();
        let state = serde_json::to_vec(linker.linker.state()).context("serializing the linker state")?;
        summary.phases.link += started.elapsed();
        let started = Instant::now();
        store.write_links(&links, &state).context("storing links")?;
        summary.phases.store += started.elapsed();
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Re-analyses the undated documents their stories have just dated, against
/// that date ("on Friday" becomes a day), stores the new analysis and hands it
/// to the linker. A document whose re-analysis fails keeps its first one.
fn reanchor_undated(
    store: &mut Store,
    analyzer: &Analyzer,
    linker: &mut Linker,
    summary: &mut Summary,
    progress: &Progress,
) -> anyhow::Result<()> {
    let dated: Vec<(String, jiff::civil::Date)> =
        linker.inferred_dates().into_iter().map(|(id, date)| (id.to_owned(), date)).collect();
    if dated.is_empty() {
        return Ok(());
    }
    let started = Instant::now();
    let mut docs = Vec::with_capacity(dated.len());
    for (id, date) in dated {
        let Some(mut doc) = store.document(&id).with_context(|| format!("reading stored document {id}"))? else {
            continue;
        };
        match analyzer.reanchor(&mut doc, date) {
            Ok(()) => docs.push(doc),
            Err(err) => progress.note(&format!("{id}: keeping its undated analysis: {err}")),
        }
    }
    summary.phases.analysis += started.elapsed();
    let started = Instant::now();
    store.replace_analysis(&docs).context("storing re-analysed documents")?;
    summary.phases.store += started.elapsed();
    for doc in &docs {
        linker.reanchor(doc);
    }
    Ok(())
}

/// The linker as the last run left it, plus any documents a killed run stored
/// but never linked.
fn restore_linker(store: &Store, progress: &Progress) -> anyhow::Result<TrackedLinker> {
    let cfg = LinkConfig::default();
    let saved = store.linker_state().context("reading the linker state")?;
    let (linker, fresh) = match saved.map(|b| serde_json::from_slice(&b)) {
        Some(Ok(state)) => (Linker::from_state(cfg, state), false),
        Some(Err(err)) => {
            progress.note(&format!("linker state unreadable ({err}); relinking every stored document"));
            let mut linker = TrackedLinker { linker: Linker::new(cfg), dirty: true };
            feed(&mut linker, store.documents())?;
            return Ok(linker);
        }
        None => (Linker::new(cfg), true),
    };
    let mut linker = TrackedLinker { linker, dirty: fresh };
    feed(&mut linker, store.unlinked_documents())?;
    Ok(linker)
}

/// Adds the stored documents the linker has not seen yet, a chunk at a time.
fn feed(linker: &mut TrackedLinker, docs: dateline_store::DocumentIter<'_>) -> anyhow::Result<()> {
    let mut chunk = Vec::new();
    for doc in docs {
        let doc = doc.context("reading stored documents")?;
        if !linker.linker.contains(&doc.id) {
            chunk.push(doc);
        }
        if chunk.len() >= 256 {
            linker.add(&chunk);
            chunk.clear();
        }
    }
    linker.add(&chunk);
    Ok(())
}

/// The linker and whether its links differ from the stored ones.
struct TrackedLinker {
    linker: Linker,
    dirty: bool,
}

impl TrackedLinker {
    /// Links the documents not linked yet (the linker skips known ids itself);
    /// the stored links go stale only when one of them is new.
    fn add(&mut self, docs: &[Document]) {
        if docs.iter().any(|d| !self.linker.contains(&d.id)) {
            self.linker.add(docs);
            self.dirty = true;
        }
    }
}

fn raw_len(raw: &RawDoc) -> u64 {
    match &raw.content {
        Content::Text(s) | Content::Html(s) => s.len() as u64,
    }
}

/// Analyses one batch in parallel, stores it in one transaction and links it.
fn store_batch(
    store: &mut Store,
    analyzer: &Analyzer,
    linker: &mut TrackedLinker,
    batch: Vec<RawDoc>,
    summary: &mut Summary,
    progress: &Progress,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let bytes: u64 = batch.iter().map(raw_len).sum();
    summary.bytes += bytes;
    summary.read += batch.len();
    let given: Vec<&str> = batch.iter().filter_map(|r| r.id.as_deref()).collect();
    let known = store.existing_ids(&given).context("looking up stored ids")?;
    let (old, todo): (Vec<RawDoc>, Vec<RawDoc>) =
        batch.into_iter().partition(|r| r.id.as_deref().is_some_and(|id| known.contains(id)));
    summary.skipped += old.len();
    let started = Instant::now();
    let results: Vec<Result<Document, DocError>> = todo.into_par_iter().map(|raw| analyzer.analyse(raw)).collect();
    summary.phases.analysis += started.elapsed();
    let mut docs = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(err) => progress.report(&err, summary),
        }
    }
    let started = Instant::now();
    let outcome = store.insert_batch(&docs).context("storing a batch")?;
    summary.phases.store += started.elapsed();
    summary.stored += outcome.stored;
    summary.skipped += outcome.skipped_existing;
    let started = Instant::now();
    linker.add(&docs);
    summary.phases.link += started.elapsed();
    progress.advance(summary);
    Ok(())
}

/// The progress bar (hidden when stderr is not a terminal or with `--quiet`)
/// and the error reporter that prints around it.
pub(crate) struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    pub(crate) fn new(quiet: bool) -> Progress {
        let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
        if !quiet {
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
        }
        let style = ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} docs ({per_sec}) {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        Progress { bar, started: Instant::now() }
    }

    fn report(&self, err: &DocError, summary: &mut Summary) {
        *summary.failed.entry(err.label()).or_default() += 1;
        summary.errors.push(err.to_string());
        self.bar.suspend(|| eprintln!("dateline: {err}"));
    }

    fn note(&self, msg: &str) {
        self.bar.suspend(|| eprintln!("dateline: {msg}"));
    }

    fn message(&self, msg: &'static str) {
        self.bar.set_message(msg);
    }

    fn advance(&self, summary: &Summary) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        self.bar.set_position(summary.read as u64);
        self.bar.set_message(format!(
            "{:.2} MB/s, stored {}, skipped {}, failed {}",
            summary.bytes as f64 / 1e6 / secs,
            summary.stored,
            summary.skipped,
            summary.failed_total()
        ));
    }

    fn input_done(&self, input: &Input) {
        self.bar.set_message(format!("done {}", input.path.display()));
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
