//! The web page and the OpenAPI document, embedded in the binary.

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

const INDEX: &str = include_str!("../assets/index.html");
const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Files under `/assets/`: name, content type, bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    // world-atlas 2.0.2 (ISC), vendored by scripts/vendor-world-atlas.sh.
    ("countries-110m.json", "application/json", include_bytes!("../assets/countries-110m.json")),
];

pub(crate) async fn index() -> Html<&'static str> {
    Html(INDEX)
}

pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub(crate) async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (_, kind, bytes) =
        ASSETS.iter().find(|(n, _, _)| *n == name).ok_or_else(|| ApiError::not_found("asset", &name))?;
    Ok(([(header::CONTENT_TYPE, *kind), (header::CACHE_CONTROL, "max-age=3600")], *bytes).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_is_json_and_lists_every_api_route() -> Result<(), serde_json::Error> {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI)?;
        let paths = doc["paths"].as_object().map(|p| p.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        let routes = include_str!("api.rs");
        for line in routes.lines().filter(|l| l.contains(".route(\"/api/")) {
            let route = line.split('"').nth(1).unwrap_or_default();
            assert!(paths.iter().any(|p| p == route), "{route} missing from openapi.json");
        }
        assert!(paths.len() >= 14);
        Ok(())
    }

    #[test]
    fn the_page_uses_no_network() {
        for (name, _, bytes) in ASSETS.iter().filter(|(n, _, _)| !n.ends_with(".json")) {
            let text = String::from_utf8_lossy(bytes).replace("\"http://www.w3.org/2000/svg\"", "");
            assert!(!text.contains("http://") && !text.contains("https://"), "{name} reaches out");
        }
        assert!(!INDEX.contains("http://") && !INDEX.contains("https://"));
    }
}
