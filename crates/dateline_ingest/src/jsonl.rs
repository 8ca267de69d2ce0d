//! JSON Lines input: one record-format object a line, read with one reused buffer.

use crate::error::{ErrorKind, IngestError};
use crate::input::{IngestConfig, read_error};
use crate::{Content, RawDoc};
use dateline_core::Origin;
use serde::Deserialize;
use std::io::BufRead;

/// One input record (`id`, `text` or `html`, `url`, `published`, `title`, `source`).
#[derive(Deserialize)]
struct Record {
    id: Option<Id>,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    published: Option<String>,
    title: Option<String>,
    source: Option<String>,
}

/// Ids are strings, though some producers write numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

/// Streams the records of a JSONL input.
pub(crate) struct JsonlReader {
    reader: Box<dyn BufRead + Send>,
    path: String,
    gzip: bool,
    line_number: u64,
    line: Vec<u8>,
    /// Longest line kept in memory: the document limit plus room for JSON escapes.
    max_line: usize,
    max_document: u64,
    done: bool,
}

/// What one bounded line read found.
enum Line {
    /// End of input.
    End,
    /// A line is in the buffer.
    Kept,
    /// A line longer than the cap was skipped; it had this many bytes.
    TooLong(u64),
}

impl JsonlReader {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, path: String, gzip: bool, cfg: &IngestConfig) -> Self {
        let max_line = cfg.max_document_bytes.saturating_add(cfg.max_document_bytes / 4).saturating_add(64 * 1024);
        JsonlReader {
            reader,
            path,
            gzip,
            line_number: 0,
            line: Vec::new(),
            max_line,
            max_document: cfg.max_document_bytes as u64,
            done: false,
        }
    }

    /// Reads the next line into `self.line` (without its end), keeping at most `max_line` bytes.
    fn read_line(&mut self) -> std::io::Result<Line> {
        self.line.clear();
        let mut total = 0u64;
        let mut too_long = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(match (total, too_long) {
                    (0, _) => Line::End,
                    (_, true) => Line::TooLong(total),
                    _ => Line::Kept,
                });
            }
            let (chunk, used, ended) = match memchr::memchr(b'\n', available) {
                Some(i) => (available.get(..i).unwrap_or_default(), i + 1, true),
                None => (available, available.len(), false),
            };
            total += chunk.len() as u64;
            if !too_long && self.line.len() + chunk.len() > self.max_line {
                too_long = true;
                self.line = Vec::new();
            }
            if !too_long {
                self.line.extend_from_slice(chunk);
            }
            self.reader.consume(used);
            if ended {
                return Ok(if too_long { Line::TooLong(total) } else { Line::Kept });
            }
        }
    }

    /// The record in `self.line`, or `None` for a blank line.
    fn parse(&self, origin: &Origin) -> Result<Option<RawDoc>, ErrorKind> {
        let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
        let line = std::str::from_utf8(line).map_err(|e| ErrorKind::InvalidUtf8(e.valid_up_to()))?;
        let line = line.trim();
        if line.is_empty() {
            return Ok(None);
        }
        if !line.starts_with('{') {
            return Err(ErrorKind::InvalidJson("not a JSON object".into()));
        }
        let record: Record = serde_json::from_str(line).map_err(|e| ErrorKind::InvalidJson(e.to_string()))?;
        let content = match (record.text, record.html) {
            (Some(text), _) if !text.trim().is_empty() => Content::Text(text),
            (_, Some(html)) if !html.trim().is_empty() => Content::Html(html),
            (None, None) => return Err(ErrorKind::MissingText),
            _ => return Err(ErrorKind::EmptyDocument),
        };
        let size = content.as_str().len() as u64;
        if size > self.max_document {
            return Err(ErrorKind::TooLarge { size, limit: self.max_document });
        }
        let id = record.id.map(|id| match id {
            Id::Text(s) => s,
            Id::Number(n) => n.to_string(),
        });
        let mut raw = RawDoc::new(origin.clone(), id, content);
        raw.url = record.url;
        raw.published = record.published;
        raw.title = record.title;
        raw.source = record.source;
        Ok(Some(raw))
    }
}

impl Iterator for JsonlReader {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line_number += 1;
            let origin = Origin { path: self.path.clone(), record: Some(self.line_number) };
            let fail = |kind| Some(Err(IngestError::new(origin.clone(), kind)));
            match self.read_line() {
                Ok(Line::End) => self.done = true,
                Ok(Line::TooLong(size)) => return fail(ErrorKind::TooLarge { size, limit: self.max_document }),
                Ok(Line::Kept) => match self.parse(&origin) {
                    Ok(Some(raw)) => return Some(Ok(raw)),
                    Ok(None) => {}
                    Err(kind) => return fail(kind),
                },
                Err(e) => {
                    self.done = true;
                    return fail(read_error(e, self.gzip));
                }
            }
        }
        None
    }
}
