//! The routes and their handlers.

use crate::error::ApiError;
use crate::params::{EVENT_FILTERS, Params};
use crate::{AppState, IngestAccess, assets};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dateline_core::record::{EventOverlay, document_record};
use dateline_store::{EventSummary, Page, Store};
use serde_json::{Value, json};
use std::sync::Arc;

type Shared = State<Arc<AppState>>;
type QueryPairs = Query<Vec<(String, String)>>;

/// Rows per page when the request gives no `limit`.
const DEFAULT_PAGE: usize = 100;

pub(crate) fn routes(state: Arc<AppState>) -> Router {
    let documents_route = match &state.config.ingest {
        // The handler enforces the body limit itself, after the token check.
        Some(_) => get(documents).post(post_documents).layer(DefaultBodyLimit::disable()),
        None => get(documents).post(read_only),
    };
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/api/stats", get(stats))
        .route("/api/events", get(events))
        .route("/api/events.geojson", get(events_geojson))
        .route("/api/events.csv", get(events_csv))
        .route("/api/events/map", get(event_map))
        .route("/api/events/timeline", get(event_timeline))
        .route("/api/documents", documents_route)
        .route("/api/documents/{id}", get(document))
        .route("/api/clusters", get(clusters))
        .route("/api/clusters/{id}", get(cluster))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/entities", get(entities))
        .route("/api/search", get(search))
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError { status: StatusCode::NOT_FOUND, message: "no such endpoint; see /api/openapi.json".into() }
}

/// Runs `query` on a pooled read-only connection on a blocking thread,
/// interrupting it past the configured time limit.
async fn with_store<T: Send + 'static>(
    state: &Arc<AppState>,
    query: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let pooled = state.readers.lock().map_err(|_| ApiError::internal("reader pool poisoned"))?.pop();
    let store = match pooled {
        Some(store) => store,
        None => Store::open_read_only(&state.config.db)?,
    };
    let interrupter = store.interrupter();
    let mut task = tokio::task::spawn_blocking(move || {
        let result = query(&store);
        (store, result)
    });
    let (store, result) = match tokio::time::timeout(state.config.query_timeout, &mut task).await {
        Ok(done) => done,
        Err(_) => {
            interrupter.interrupt();
            task.await
        }
    }
    .map_err(ApiError::internal)?;
    if let Ok(mut readers) = state.readers.lock() {
        readers.push(store);
    }
    result
}

async fn stats(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    Params::new(q, &[])?;
    Ok(Json(json!(with_store(&state, |s| Ok(s.stats()?)).await?)))
}

/// The event page a request asks for.
async fn event_page(state: &Arc<AppState>, q: Vec<(String, String)>) -> Result<Page<EventSummary>, ApiError> {
    let p = Params::new(q, &[EVENT_FILTERS, &["after", "limit"]])?;
    let filter = p.event_filter()?;
    let limit = p.limit(DEFAULT_PAGE, state.config.max_page)?;
    let after = p.get("after").map(str::to_owned);
    with_store(state, move |s| Ok(s.event_page(&filter, after.as_deref(), limit)?)).await
}

async fn events(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Page<EventSummary>>, ApiError> {
    Ok(Json(event_page(&state, q).await?))
}

async fn events_geojson(State(state): Shared, Query(q): QueryPairs) -> Result<Response, ApiError> {
    let page = event_page(&state, q).await?;
    let features: Vec<Value> = page
        .items
        .into_iter()
        .map(|e| {
            let geometry = match (e.lat, e.lon) {
                (Some(lat), Some(lon)) => json!({"type": "Point", "coordinates": [lon, lat]}),
                _ => Value::Null,
            };
            json!({"type": "Feature", "id": e.id, "geometry": geometry, "properties": e})
        })
        .collect();
    let body = json!({"type": "FeatureCollection", "features": features, "next": page.next});
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body.to_string()).into_response())
}

async fn events_csv(State(state): Shared, Query(q): QueryPairs) -> Result<Response, ApiError> {
    let page = event_page(&state, q).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    for event in &page.items {
        out.serialize(event).map_err(ApiError::internal)?;
    }
    let body = out.into_inner().map_err(ApiError::internal)?;
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Some(next) = page.next.and_then(|n| HeaderValue::from_str(&n).ok()) {
        headers.insert("x-next-cursor", next);
    }
    Ok((headers, body).into_response())
}

async fn event_map(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    let key = format!("map?{q:?}");
    let p = Params::new(q, &[EVENT_FILTERS, &["cell"]])?;
    let filter = p.event_filter()?;
    let cell = p.number("cell", 2.0, 0.01..=90.0)?;
    let aggregate = move |s: &Store| Ok(json!({"cell": cell, "cells": s.event_map(&filter, cell)?}));
    Ok(Json(cached(&state, key, aggregate).await?))
}

async fn event_timeline(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    let key = format!("timeline?{q:?}");
    let p = Params::new(q, &[EVENT_FILTERS, &["bucket"]])?;
    let filter = p.event_filter()?;
    let bucket = p.bucket()?;
    let aggregate = move |s: &Store| Ok(json!({"buckets": s.event_timeline(&filter, bucket)?}));
    Ok(Json(cached(&state, key, aggregate).await?))
}

/// An aggregate over all events, computed once per store generation: the
/// page asks for the same map and timeline on every view.
async fn cached(
    state: &Arc<AppState>,
    key: String,
    aggregate: impl FnOnce(&Store) -> Result<Value, ApiError> + Send + 'static,
) -> Result<Value, ApiError> {
    let shared = Arc::clone(state);
    with_store(state, move |s| {
        let generation = s.generation()?;
        let lock = || shared.aggregates.lock().map_err(|_| ApiError::internal("aggregate cache poisoned"));
        if let Some((at, value)) = lock()?.get(&key)
            && *at == generation
        {
            return Ok(value.clone());
        }
        let value = aggregate(s)?;
        let mut cache = lock()?;
        if cache.len() >= crate::MAX_CACHED_AGGREGATES {
            cache.clear();
        }
        cache.insert(key, (generation, value.clone()));
        Ok(value)
    })
    .await
}

async fn documents(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    let p = Params::new(q, &[&["q", "after", "limit"]])?;
    let limit = p.limit(DEFAULT_PAGE, state.config.max_page)?;
    let text = p.get("q").map(str::to_owned);
    let after = p.get("after").map(str::to_owned);
    let page = with_store(&state, move |s| Ok(s.document_page(text.as_deref(), after.as_deref(), limit)?)).await?;
    Ok(Json(json!(page)))
}

/// The document's export record with its text (code point offsets).
async fn document(State(state): Shared, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let record = with_store(&state, move |s| {
        let doc = s.document(&id)?.ok_or_else(|| ApiError::not_found("document", &id))?;
        let links = s.document_links(&id)?;
        let overlay = EventOverlay::new(&links.clusters, &links.dates);
        Ok(document_record(&doc, links.links.as_ref(), &overlay, true))
    })
    .await?;
    Ok(Json(record))
}

async fn read_only() -> ApiError {
    ApiError {
        status: StatusCode::FORBIDDEN,
        message: "this server is read-only; start it with --allow-ingest --token TOKEN".into(),
    }
}

/// The token is checked, and a declared length over the limit refused,
/// before any of the body is read.
async fn post_documents(State(state): Shared, request: Request) -> Result<Response, ApiError> {
    let access = state.config.ingest.clone().ok_or_else(|| ApiError::internal("ingest route without access"))?;
    check_token(&access, request.headers())?;
    let too_large = || ApiError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message: format!("the body is larger than the limit of {} bytes (--max-body-mb)", access.max_body_bytes),
    };
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > access.max_body_bytes) {
        return Err(too_large());
    }
    let body = axum::body::to_bytes(request.into_body(), access.max_body_bytes).await.map_err(|_| too_large())?;
    if body.is_empty() {
        return Err(ApiError::bad_request("the body is empty; send JSON Lines, one document a line"));
    }
    let report = tokio::task::spawn_blocking(move || access.ingest.ingest_jsonl(&body))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let status = if report.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(report)).into_response())
}

/// `Authorization: Bearer TOKEN`, compared in constant time.
fn check_token(access: &IngestAccess, headers: &HeaderMap) -> Result<(), ApiError> {
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let unauthorized = |message: &str| ApiError { status: StatusCode::UNAUTHORIZED, message: message.to_owned() };
    let given = given.ok_or_else(|| unauthorized("send the token as `Authorization: Bearer TOKEN`"))?;
    let expected = access.token.as_bytes();
    let same =
        given.len() == expected.len() && given.bytes().zip(expected).fold(0_u8, |diff, (a, b)| diff | (a ^ b)) == 0;
    if same { Ok(()) } else { Err(unauthorized("wrong token")) }
}

async fn clusters(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    let p = Params::new(q, &[&["type", "disputed", "after", "limit"]])?;
    let limit = p.limit(DEFAULT_PAGE, state.config.max_page)?;
    let kind = p.event_types("type")?;
    if kind.len() > 1 {
        return Err(ApiError::bad_request("clusters take one type"));
    }
    let kind = kind.first().copied();
    let disputed = p.flag("disputed", false)?;
    let after = p.get("after").map(str::to_owned);
    let page = with_store(&state, move |s| Ok(s.cluster_page(kind, disputed, after.as_deref(), limit)?)).await?;
    Ok(Json(json!(page)))
}

async fn cluster(State(state): Shared, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let record =
        with_store(&state, move |s| s.cluster(&id)?.ok_or_else(|| ApiError::not_found("cluster", &id))).await?;
    Ok(Json(json!(record)))
}

async fn stories(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    let p = Params::new(q, &[&["after", "limit"]])?;
    let limit = p.limit(DEFAULT_PAGE, state.config.max_page)?;
    let after = p.get("after").map(str::to_owned);
    let page = with_store(&state, move |s| Ok(s.story_page(after.as_deref(), limit)?)).await?;
    Ok(Json(json!(page)))
}

/// A story with its documents (the sources) and its clusters (their claims
/// and disagreements), for the side-by-side view.
async fn story(State(state): Shared, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let body = with_store(&state, move |s| {
        let story = s.story(&id)?.ok_or_else(|| ApiError::not_found("story", &id))?;
        let documents = s.document_summaries(&story.documents)?;
        let mut clusters = Vec::with_capacity(story.clusters.len());
        for cluster_id in &story.clusters {
            clusters.extend(s.cluster(cluster_id)?);
        }
        Ok(json!({"story": story, "documents": documents, "clusters": clusters}))
    })
    .await?;
    Ok(Json(body))
}

async fn entities(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    let p = Params::new(q, &[&["limit"]])?;
    let limit = p.limit(DEFAULT_PAGE, state.config.max_page)?;
    Ok(Json(json!({"items": with_store(&state, move |s| Ok(s.entities(limit)?)).await?})))
}

async fn search(State(state): Shared, Query(q): QueryPairs) -> Result<Json<Value>, ApiError> {
    let p = Params::new(q, &[&["q", "limit"]])?;
    let limit = p.limit(20, state.config.max_page)?;
    let text = p.get("q").ok_or_else(|| ApiError::bad_request("q is required"))?.to_owned();
    Ok(Json(json!({"items": with_store(&state, move |s| Ok(s.search(&text, limit)?)).await?})))
}
