//! WARC input, streamed record by record: the HTML pages of `response` records.
//!
//! A small reader over `BufRead`: WARC header lines, then `Content-Length` bytes of
//! block. Other record types and non-HTML or non-2xx responses are skipped without
//! being kept in memory.

use crate::decode::{charset_param, decode_html};
use crate::error::{ErrorKind, IngestError};
use crate::input::{IngestConfig, read_error};
use crate::{Content, RawDoc};
use dateline_core::Origin;
use flate2::read::{MultiGzDecoder, ZlibDecoder};
use std::io::{BufRead, Read};

/// A WARC header line longer than this is not a header.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Bytes a payload's HTTP headers may take beyond the document limit.
const HTTP_HEADER_ROOM: u64 = 64 * 1024;

/// Streams the HTML documents of a WARC input.
pub(crate) struct WarcReader {
    reader: Box<dyn BufRead + Send>,
    path: String,
    gzip: bool,
    record: u64,
    max_document: u64,
    header_line: Vec<u8>,
    done: bool,
}

/// The WARC header fields used here.
#[derive(Default)]
struct WarcHeader {
    kind: String,
    record_id: Option<String>,
    target_uri: Option<String>,
    content_type: String,
    length: Option<u64>,
}

/// Why a record gave no document.
enum Skip {
    /// Not a page (another record type, a redirect, an image): silently passed over.
    Silently,
    /// A bad record, reported; the stream goes on.
    Report(ErrorKind),
    /// The stream is broken; reported, and reading stops.
    Stop(ErrorKind),
}

impl WarcReader {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, path: String, gzip: bool, cfg: &IngestConfig) -> Self {
        WarcReader {
            reader,
            path,
            gzip,
            record: 0,
            max_document: cfg.max_document_bytes as u64,
            header_line: Vec::with_capacity(256),
            done: false,
        }
    }

    /// One header line into `self.header_line`, line end removed; `false` at end of input.
    fn read_header_line(&mut self) -> Result<bool, Skip> {
        self.header_line.clear();
        let n = (&mut self.reader)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut self.header_line)
            .map_err(|e| Skip::Stop(read_error(e, self.gzip)))?;
        if n == MAX_HEADER_LINE && !self.header_line.ends_with(b"\n") {
            return Err(Skip::Stop(ErrorKind::InvalidWarc("header line too long".into())));
        }
        while self.header_line.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            self.header_line.pop();
        }
        Ok(n > 0)
    }

    /// The next record's header, or `None` at the end of input.
    fn read_header(&mut self) -> Result<Option<WarcHeader>, Skip> {
        // Blank lines end each record; skip them to the version line.
        loop {
            if !self.read_header_line()? {
                return Ok(None);
            }
            if !self.header_line.is_empty() {
                break;
            }
        }
        self.record += 1;
        if !self.header_line.starts_with(b"WARC/") {
            let line =
                String::from_utf8_lossy(self.header_line.get(..40.min(self.header_line.len())).unwrap_or_default());
            return Err(Skip::Stop(ErrorKind::InvalidWarc(format!("expected a WARC/ version line, found {line:?}"))));
        }
        let mut header = WarcHeader::default();
        loop {
            if !self.read_header_line()? {
                return Err(Skip::Stop(ErrorKind::TruncatedWarc("the input ends inside the record header".into())));
            }
            if self.header_line.is_empty() {
                return Ok(Some(header));
            }
            let line = String::from_utf8_lossy(&self.header_line);
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim();
            let value_of = |v: &str| v.trim_matches(['<', '>']).to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => header.kind = value.to_ascii_lowercase(),
                "warc-record-id" => header.record_id = Some(value_of(value)),
                "warc-target-uri" => header.target_uri = Some(value_of(value)),
                "content-type" => header.content_type = value.to_ascii_lowercase(),
                "content-length" => header.length = value.parse().ok(),
                _ => {}
            }
        }
    }

    /// Passes over `length` bytes of block without keeping them.
    fn skip_block(&mut self, length: u64) -> Result<(), Skip> {
        let copied = std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())
            .map_err(|e| Skip::Stop(read_error(e, self.gzip)))?;
        if copied < length {
            return Err(Skip::Stop(truncated(copied, length)));
        }
        Ok(())
    }

    /// The document in the next record, or why there is none.
    fn next_record(&mut self) -> Result<Option<RawDoc>, Skip> {
        let Some(header) = self.read_header()? else { return Ok(None) };
        let Some(length) = header.length else {
            return Err(Skip::Stop(ErrorKind::InvalidWarc("no valid Content-Length".into())));
        };
        let is_http_response = header.kind == "response" && header.content_type.starts_with("application/http");
        if !is_http_response {
            self.skip_block(length)?;
            return Err(Skip::Silently);
        }
        if length > self.max_document + HTTP_HEADER_ROOM {
            self.skip_block(length)?;
            return Err(Skip::Report(ErrorKind::TooLarge { size: length, limit: self.max_document }));
        }
        let mut block = Vec::with_capacity(length as usize);
        let got = (&mut self.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| Skip::Stop(read_error(e, self.gzip)))?;
        if (got as u64) < length {
            return Err(Skip::Stop(truncated(got as u64, length)));
        }
        let html = http_html(block, self.max_document)?;
        let origin = Origin { path: self.path.clone(), record: Some(self.record) };
        let mut raw = RawDoc::new(origin, header.record_id.as_deref().map(doc_id), Content::Html(html));
        raw.url = header.target_uri;
        Ok(Some(raw))
    }
}

impl Iterator for WarcReader {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let kind = match self.next_record() {
                Ok(Some(raw)) => return Some(Ok(raw)),
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(Skip::Silently) => continue,
                Err(Skip::Report(kind)) => kind,
                Err(Skip::Stop(kind)) => {
                    self.done = true;
                    kind
                }
            };
            let origin = Origin { path: self.path.clone(), record: Some(self.record.max(1)) };
            return Some(Err(IngestError::new(origin, kind)));
        }
        None
    }
}

fn truncated(got: u64, length: u64) -> ErrorKind {
    ErrorKind::TruncatedWarc(format!("the block has {got} of its {length} bytes"))
}

/// `warc-<uuid>` for `urn:uuid:<uuid>`; other ids keep their text after the last `:`.
fn doc_id(record_id: &str) -> String {
    let tail = record_id.rsplit(':').next().unwrap_or(record_id);
    let clean: String = tail.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    if clean.is_empty() {
        format!("warc-{:016x}", xxhash_rust::xxh3::xxh3_64(record_id.as_bytes()))
    } else {
        format!("warc-{clean}")
    }
}

/// The HTML page in an HTTP response block (status line, headers, body).
fn http_html(mut block: Vec<u8>, max_document: u64) -> Result<String, Skip> {
    let Some(head_end) = memchr::memmem::find(&block, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| memchr::memmem::find(&block, b"\n\n").map(|i| i + 2))
    else {
        return Err(Skip::Silently);
    };
    let head = String::from_utf8_lossy(block.get(..head_end).unwrap_or_default()).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .filter(|l| l.starts_with("HTTP/"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or(Skip::Silently)?;
    if !(200..300).contains(&status) {
        return Err(Skip::Silently);
    }
    let (mut content_type, mut chunked, mut encoding) = (None, false, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    block.drain(..head_end);
    let mut body = if chunked { dechunk(&block).unwrap_or(block) } else { block };
    match encoding.as_deref() {
        None | Some("identity" | "") => {}
        Some("gzip" | "x-gzip") => body = inflate(MultiGzDecoder::new(body.as_slice()), max_document)?,
        Some("deflate") => body = inflate(ZlibDecoder::new(body.as_slice()), max_document)?,
        Some(_) => return Err(Skip::Silently),
    }
    let is_html = match content_type {
        Some(ct) => {
            let ct = ct.to_ascii_lowercase();
            ct.contains("html")
        }
        None => looks_like_html(&body),
    };
    if !is_html {
        return Err(Skip::Silently);
    }
    if body.len() as u64 > max_document {
        return Err(Skip::Report(ErrorKind::TooLarge { size: body.len() as u64, limit: max_document }));
    }
    decode_html(body, content_type.and_then(charset_param)).map_err(Skip::Report)
}

/// A compressed body, decompressed up to the document limit.
fn inflate(mut reader: impl Read, max_document: u64) -> Result<Vec<u8>, Skip> {
    let mut out = Vec::new();
    let n = (&mut reader).take(max_document + 1).read_to_end(&mut out).map_err(|e| Skip::Report(ErrorKind::Io(e)))?;
    if n as u64 > max_document {
        return Err(Skip::Report(ErrorKind::TooLarge { size: n as u64, limit: max_document }));
    }
    Ok(out)
}

/// A body sent with `Transfer-Encoding: chunked`, joined; `None` when it is not well formed.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    loop {
        let line_end = at + memchr::memmem::find(body.get(at..)?, b"\r\n")?;
        let size_text = std::str::from_utf8(body.get(at..line_end)?).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        at = line_end + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(at..at + size)?);
        at += size + 2;
    }
}

/// Whether a body without a content type starts like an HTML page.
fn looks_like_html(body: &[u8]) -> bool {
    let head = body.get(..body.len().min(512)).unwrap_or_default();
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.trim_start().starts_with('<') && (head.contains("<html") || head.contains("<!doctype html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids() {
        assert_eq!(
            doc_id("urn:uuid:40b3b2a2-d75a-55a6-92c1-bd4fedcabdae"),
            "warc-40b3b2a2-d75a-55a6-92c1-bd4fedcabdae"
        );
        assert!(doc_id("::").starts_with("warc-"));
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n").as_deref(), Some(&b"Wikipedia"[..]));
        assert_eq!(dechunk(b"zz\r\n"), None);
    }

    #[test]
    fn http_payloads() {
        let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>caf\xe9</p>".to_vec();
        assert_eq!(http_html(ok, 1000).ok().as_deref(), Some("<p>café</p>"));
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n".to_vec();
        assert!(matches!(http_html(redirect, 1000), Err(Skip::Silently)));
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG".to_vec();
        assert!(matches!(http_html(image, 1000), Err(Skip::Silently)));
        let chunked =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n3\r\n<p>\r\n0\r\n\r\n"
                .to_vec();
        assert_eq!(http_html(chunked, 1000).ok().as_deref(), Some("<p>"));
    }
}
