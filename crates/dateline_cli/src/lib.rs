//! The dateline command line: `ingest`, `export`, `show`, `search`, `stats`,
//! `entities`, `stories`, `serve`, `demo`, `bench` and `train`.
//!
//! Exit codes follow `record-format.md`: 0 success, 1 bad input or usage
//! (other documents still processed), 2 internal error. A closed pipe
//! (`dateline export | head`) is a success.

mod analysis;
mod commands;
mod output;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// news articles in, a linked event table out
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse articles (.txt, .html, .jsonl[.gz], .warc[.gz], directories, `-` for JSONL on stdin) and store them
    Ingest(commands::ingest::Args),
    /// Write documents, events, clusters or stories as JSONL, CSV or Parquet
    Export(commands::export::Args),
    /// Show one document with its annotations and events
    Show(commands::show::Args),
    /// Full-text search over the stored documents
    Search(commands::search::Args),
    /// Counts of what the store holds
    Stats(commands::stats::Args),
    /// Canonical entities with their aliases and document counts
    Entities(commands::entities::Args),
    /// Stories with their sources side by side, shared event clusters and where sources disagree
    Stories(commands::stories::Args),
    /// Serve the HTTP API and the web page (map, timeline, stories) over a store
    Serve(commands::serve::Args),
    /// Ingest the bundled seed articles and print their event table
    Demo(commands::demo::Args),
    /// Measure ingest speed on the bench corpus, beside the peers run in the same invocation
    Bench(commands::bench::Args),
    /// Train a model (`train ner`: the named-entity tagger) and report its dev scores
    Train(commands::train::Args),
}

/// How a command ended, mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went through.
    Success,
    /// Some input was bad (reported on stderr); the rest went through.
    BadInput,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 1 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    init_tracing();
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(&args),
        Command::Export(args) => commands::export::run(&args),
        Command::Show(args) => commands::show::run(&args),
        Command::Search(args) => commands::search::run(&args),
        Command::Stats(args) => commands::stats::run(&args),
        Command::Entities(args) => commands::entities::run(&args),
        Command::Stories(args) => commands::stories::run(&args),
        Command::Serve(args) => commands::serve::run(&args),
        Command::Demo(args) => commands::demo::run(&args),
        Command::Bench(args) => commands::bench::run(&args),
        Command::Train(args) => commands::train::run(&args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::BadInput) => ExitCode::from(1),
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dateline: error: {err:#}");
            ExitCode::from(if output::is_usage_error(&err) { 1 } else { 2 })
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DATELINE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
