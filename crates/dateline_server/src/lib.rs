//! The dateline HTTP API and web page (`dateline serve`).
//!
//! [`router`] builds an axum router over one store: JSON endpoints under
//! `/api` (documented in `assets/openapi.json`, served at
//! `/api/openapi.json`) and a self-contained web page at `/` (map, timeline,
//! story and article views; assets embedded in the binary, no network).
//!
//! Reads go through a small pool of read-only connections, each query on a
//! blocking thread with a time limit. Writing (`POST /api/documents`) is off
//! unless the caller passes an [`IngestAccess`]: a bearer token and the
//! [`Ingest`] implementation, which the CLI provides with its own pipeline.

mod api;
mod assets;
mod error;
mod params;

pub use error::ApiError;

use axum::Router;
use dateline_store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Stores JSONL documents posted to `POST /api/documents`.
pub trait Ingest: Send + Sync {
    /// Analyses and stores the JSON Lines in `body` (one record a line, as
    /// `dateline ingest` reads them); bad lines are reported, not fatal.
    fn ingest_jsonl(&self, body: &[u8]) -> Result<IngestReport, String>;
}

/// What one `POST /api/documents` did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Documents newly stored.
    pub stored: usize,
    /// Documents skipped because their id was already stored.
    pub skipped: usize,
    /// Failed records by reason.
    pub failed: BTreeMap<String, usize>,
    /// One message per failed record (`request:LINE: reason`).
    pub errors: Vec<String>,
}

/// Write access: who may post documents, how much, and what stores them.
#[derive(Clone)]
pub struct IngestAccess {
    /// The bearer token a `POST` must carry.
    pub token: String,
    /// Largest request body accepted.
    pub max_body_bytes: usize,
    /// The pipeline that stores them.
    pub ingest: Arc<dyn Ingest>,
}

impl std::fmt::Debug for IngestAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestAccess").field("max_body_bytes", &self.max_body_bytes).finish_non_exhaustive()
    }
}

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The SQLite store, opened read-only for queries.
    pub db: PathBuf,
    /// Largest page a listing returns (`limit`).
    pub max_page: usize,
    /// Longest a query may run before it is stopped with a 503.
    pub query_timeout: Duration,
    /// Write access; `None` serves read-only.
    pub ingest: Option<IngestAccess>,
}

impl ServerConfig {
    /// Read-only serving of `db` with the default limits (pages of at most
    /// 1000 rows, queries of at most 2 s).
    pub fn new(db: PathBuf) -> ServerConfig {
        ServerConfig { db, max_page: 1000, query_timeout: Duration::from_secs(2), ingest: None }
    }
}

/// Shared by every handler.
struct AppState {
    config: ServerConfig,
    /// Idle read-only connections.
    readers: Mutex<Vec<Store>>,
    /// Map and timeline answers by request, with the store generation they were computed at.
    aggregates: Mutex<HashMap<String, (i64, serde_json::Value)>>,
}

/// Aggregates kept at most; the cache starts over when full.
const MAX_CACHED_AGGREGATES: usize = 512;

/// The router serving `config.db`; fails when the store cannot be opened
/// read-only (missing, foreign, or needing a migration).
pub fn router(config: ServerConfig) -> Result<Router, dateline_store::Error> {
    let first = Store::open_read_only(&config.db)?;
    let state = Arc::new(AppState { config, readers: Mutex::new(vec![first]), aggregates: Mutex::default() });
    Ok(api::routes(state))
}

/// Serves `router` on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
