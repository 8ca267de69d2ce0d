//! API errors: a status and a message, sent as `{"error": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A failed request.
#[derive(Debug, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the client.
    pub message: String,
}

impl ApiError {
    /// A 400 for a bad parameter.
    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    /// A 404 for an unknown id.
    pub(crate) fn not_found(what: &str, id: &str) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, message: format!("no {what} with id {id:?}") }
    }

    /// A 500 for a failure that is not the client's.
    pub(crate) fn internal(message: impl std::fmt::Display) -> ApiError {
        tracing::error!("{message}");
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, message: message.to_string() }
    }
}

impl From<dateline_store::Error> for ApiError {
    fn from(err: dateline_store::Error) -> ApiError {
        if err.is_interrupted() {
            ApiError { status: StatusCode::SERVICE_UNAVAILABLE, message: "the query took too long; narrow it".into() }
        } else if err.is_user_error() {
            ApiError::bad_request(err.to_string())
        } else {
            ApiError::internal(err)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}
