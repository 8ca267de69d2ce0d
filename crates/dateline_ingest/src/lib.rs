//! Reads articles (text, HTML, JSONL, WARC, gzip), cleans them and finds their metadata.
