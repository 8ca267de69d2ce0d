//! The SQLite store: documents, annotations, links, full-text search.
