use dateline_core::Origin;
use thiserror::Error;

/// A document or input that could not be read or prepared; the batch goes on without it.
#[derive(Debug, Error)]
#[error("{origin}: {kind}")]
pub struct IngestError {
    /// The file, and the line or record inside it.
    pub origin: Origin,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl IngestError {
    /// An error at `origin`.
    pub fn new(origin: Origin, kind: ErrorKind) -> Self {
        IngestError { origin, kind }
    }
}

/// Why an input or a document was rejected.
#[derive(Debug, Error)]
pub enum ErrorKind {
    /// The path does not exist.
    #[error("no such file or directory")]
    MissingFile,
    /// A file named on the command line whose extension is not a known input shape.
    #[error("unsupported file type (expected .txt, .html, .htm, .jsonl, .jsonl.gz, .warc or .warc.gz)")]
    UnsupportedFile,
    /// Reading failed.
    #[error("read error: {0}")]
    Io(#[source] std::io::Error),
    /// A JSONL line that is not a JSON object of the record format.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// Bytes that are not UTF-8 where UTF-8 is required.
    #[error("invalid UTF-8 at byte {0}")]
    InvalidUtf8(usize),
    /// A JSONL record with neither `text` nor `html`.
    #[error("record has no `text` or `html` field")]
    MissingText,
    /// A gzip stream that ends before its end.
    #[error("truncated gzip stream: {0}")]
    TruncatedGzip(String),
    /// A WARC record cut short.
    #[error("truncated WARC record: {0}")]
    TruncatedWarc(String),
    /// A WARC record whose header cannot be read.
    #[error("invalid WARC record: {0}")]
    InvalidWarc(String),
    /// Nothing left after cleaning.
    #[error("empty document (no text left after cleaning)")]
    EmptyDocument,
    /// More raw content than `IngestConfig::max_document_bytes`.
    #[error("document too large: {} over the {} limit", megabytes(*.size), megabytes(*.limit))]
    TooLarge {
        /// Bytes the document has (or at least has).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// NUL bytes or mostly control characters.
    #[error("binary content (NUL bytes or mostly control characters)")]
    Binary,
}

impl ErrorKind {
    /// A short stable name for summary counts.
    pub fn label(&self) -> &'static str {
        match self {
            ErrorKind::MissingFile => "missing-file",
            ErrorKind::UnsupportedFile => "unsupported-file",
            ErrorKind::Io(_) => "io",
            ErrorKind::InvalidJson(_) => "invalid-json",
            ErrorKind::InvalidUtf8(_) => "invalid-utf8",
            ErrorKind::MissingText => "missing-text",
            ErrorKind::TruncatedGzip(_) => "truncated-gzip",
            ErrorKind::TruncatedWarc(_) => "truncated-warc",
            ErrorKind::InvalidWarc(_) => "invalid-warc",
            ErrorKind::EmptyDocument => "empty-document",
            ErrorKind::TooLarge { .. } => "too-large",
            ErrorKind::Binary => "binary",
        }
    }
}

/// `20.0 MB` for 20 MiB.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// The crate's result type.
pub type Result<T, E = IngestError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_message_and_display() {
        let err = IngestError::new(
            Origin { path: "big.jsonl".into(), record: Some(3) },
            ErrorKind::TooLarge { size: 20 * 1024 * 1024, limit: 8 * 1024 * 1024 },
        );
        assert_eq!(err.to_string(), "big.jsonl:3: document too large: 20.0 MB over the 8.0 MB limit");
        assert_eq!(err.kind.label(), "too-large");
    }
}
