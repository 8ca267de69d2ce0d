//! `dateline serve`: the HTTP API and the web page over one store.

use crate::Outcome;
use crate::analysis::Analyzer;
use crate::commands::ingest::{Progress, ingest};
use crate::output::UsageError;
use anyhow::Context;
use dateline_ingest::IngestConfig;
use dateline_server::{Ingest, IngestAccess, IngestReport, ServerConfig};
use dateline_store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Arguments of `dateline serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to serve (opened read-only unless --allow-ingest)
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
    /// Address to listen on (port 0 picks a free port; the bound address is printed)
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub(crate) addr: SocketAddr,
    /// Accept JSONL documents on POST /api/documents (needs --token)
    #[arg(long)]
    pub(crate) allow_ingest: bool,
    /// Bearer token that POST /api/documents must carry
    #[arg(long, env = "DATELINE_TOKEN", hide_env_values = true)]
    pub(crate) token: Option<String>,
    /// Largest POST body, in megabytes
    #[arg(long, default_value_t = 16.0)]
    pub(crate) max_body_mb: f64,
    /// Stop a query after this many milliseconds (503)
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub(crate) query_timeout_ms: u64,
}

/// Shortest token accepted, so that a guessable one is refused.
const MIN_TOKEN_CHARS: usize = 8;

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let mut config = ServerConfig::new(args.db.clone());
    config.query_timeout = Duration::from_millis(args.query_timeout_ms);
    if args.allow_ingest {
        let token = args.token.clone().ok_or_else(|| UsageError("--allow-ingest needs --token TOKEN".into()))?;
        if token.chars().count() < MIN_TOKEN_CHARS {
            return Err(UsageError(format!("--token must be at least {MIN_TOKEN_CHARS} characters")).into());
        }
        if !(args.max_body_mb > 0.0 && args.max_body_mb.is_finite()) {
            return Err(UsageError("--max-body-mb must be positive".into()).into());
        }
        let max_body_bytes = (args.max_body_mb * 1e6) as usize;
        let store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
        let analyzer = Analyzer::new(IngestConfig::default())?;
        let ingest = Arc::new(PipelineIngest { store: Mutex::new(store), analyzer });
        config.ingest = Some(IngestAccess { token, max_body_bytes, ingest });
    } else if args.token.is_some() {
        return Err(UsageError("--token only applies with --allow-ingest".into()).into());
    }
    let router = dateline_server::router(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    runtime.block_on(async {
        let listener =
            tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
        let bound = listener.local_addr()?;
        let mode = if args.allow_ingest { "read-write" } else { "read-only" };
        eprintln!("dateline: serving {} ({mode}) on http://{bound}/", args.db.display());
        dateline_server::serve(listener, router).await.context("serving")
    })?;
    Ok(Outcome::Success)
}

/// `POST /api/documents` through the same read, analyse, store and link
/// steps as `dateline ingest`, one request at a time.
struct PipelineIngest {
    store: Mutex<Store>,
    analyzer: Analyzer,
}

impl Ingest for PipelineIngest {
    fn ingest_jsonl(&self, body: &[u8]) -> Result<IngestReport, String> {
        // The ingest pipeline reads inputs by path: the body becomes one JSONL file.
        let dir = tempfile::tempdir().map_err(|e| format!("creating a temporary directory: {e}"))?;
        let path = dir.path().join("request.jsonl");
        std::fs::write(&path, body).map_err(|e| format!("spooling the request body: {e}"))?;
        let mut store = self.store.lock().map_err(|_| "the store lock is poisoned".to_owned())?;
        let summary = ingest(&mut store, &self.analyzer, std::slice::from_ref(&path), 256, &Progress::new(true))
            .map_err(|e| format!("{e:#}"))?;
        let shown = path.display().to_string();
        Ok(IngestReport {
            stored: summary.stored,
            skipped: summary.skipped,
            failed: summary.failed.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            errors: summary.errors.iter().map(|e| e.replace(&shown, "request")).collect(),
        })
    }
}
