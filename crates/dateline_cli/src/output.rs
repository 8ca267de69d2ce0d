//! Writing to stdout, and telling user errors from internal ones.

use std::io::{self, BufWriter, Write};

/// A user-caused failure (exit code 1): bad arguments, a missing database, a bad query.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub(crate) String);

/// Whether `err` (or its cause) is a [`UsageError`] or a user-facing store error.
pub(crate) fn is_usage_error(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<UsageError>().is_some()
            || e.downcast_ref::<dateline_store::Error>().is_some_and(dateline_store::Error::is_user_error)
    })
}

/// Whether `err` comes from writing into a closed pipe.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Buffered stdout, or the file named by `--output`.
pub(crate) fn writer(path: Option<&std::path::Path>) -> anyhow::Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", p.display()))?,
        )),
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
    })
}
