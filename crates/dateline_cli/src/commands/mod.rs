//! One module per subcommand.

pub(crate) mod bench;
pub(crate) mod demo;
pub(crate) mod entities;
pub(crate) mod export;
pub(crate) mod ingest;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod show;
pub(crate) mod stats;
pub(crate) mod stories;
pub(crate) mod train;
