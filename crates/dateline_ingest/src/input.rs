//! Finding inputs and opening them: files by extension, directories, stdin, gzip.

use crate::decode;
use crate::error::{ErrorKind, IngestError};
use crate::{Content, RawDoc, jsonl, warc};
use dateline_core::Origin;
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Read buffer size for every input.
const BUFFER_BYTES: usize = 256 * 1024;

/// Limits for reading and preparing documents.
#[derive(Clone, Debug)]
pub struct IngestConfig {
    /// Raw content bytes one document may have (text, HTML page or WARC payload); more is an error.
    pub max_document_bytes: usize,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { max_document_bytes: 8 * 1024 * 1024 }
    }
}

/// The shape of an input's content (gzip is separate: see [`Input::gzip`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One plain-text article (`.txt`); its text is kept unchanged.
    Text,
    /// One HTML page (`.html`, `.htm`).
    Html,
    /// JSON Lines, one record a line (`.jsonl`), as in the record format.
    Jsonl,
    /// A WARC file; its HTML `response` records are the documents (`.warc`).
    Warc,
}

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The file; `-` is standard input.
    pub path: PathBuf,
    /// Its content's shape.
    pub format: Format,
    /// Whether it is gzip-compressed (`.gz`, several members allowed).
    pub gzip: bool,
}

impl Input {
    /// The input that `path` names, by its extension (`None` for an unknown one).
    pub fn from_path(path: &Path) -> Option<Input> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let (base, gzip) = match name.strip_suffix(".gz") {
            Some(base) => (base, true),
            None => (name.as_str(), false),
        };
        let format = match base.rsplit_once('.')?.1 {
            "txt" => Format::Text,
            "html" | "htm" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "warc" => Format::Warc,
            _ => return None,
        };
        Some(Input { path: path.to_path_buf(), format, gzip })
    }

    /// JSON Lines on standard input.
    pub fn stdin() -> Input {
        Input { path: PathBuf::from("-"), format: Format::Jsonl, gzip: false }
    }

    fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    /// The path as error messages show it.
    fn display(&self) -> String {
        self.path.display().to_string()
    }

    /// The file name without its input extension (`000_7d32` for `000_7d32.txt.gz`).
    fn stem(&self) -> Option<String> {
        let name = self.path.file_name()?.to_str()?;
        let name = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".GZ")).unwrap_or(name);
        Some(name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_string())
    }
}

/// Expands paths into inputs: files by extension (`.txt .html .htm .jsonl .warc`, each
/// optionally `.gz`), directories recursively (sorted; files with other extensions
/// skipped), `-` for JSON Lines on standard input. A missing path, or a file named
/// explicitly whose extension is unknown, is an error; the rest still comes back.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<IngestError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::stdin());
            continue;
        }
        let origin = Origin { path: path.display().to_string(), record: None };
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(IngestError::new(origin, ErrorKind::MissingFile));
            }
            Err(e) => errors.push(IngestError::new(origin, ErrorKind::Io(e))),
            Ok(m) if m.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => match Input::from_path(path) {
                Some(input) => inputs.push(input),
                None => errors.push(IngestError::new(origin, ErrorKind::UnsupportedFile)),
            },
        }
    }
    (inputs, errors)
}

/// Adds the inputs under `dir`, sorted by path, to `inputs`.
fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<IngestError>) {
    let io_error = |e| IngestError::new(Origin { path: dir.display().to_string(), record: None }, ErrorKind::Io(e));
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(io_error(e)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => errors.push(io_error(e)),
        }
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, inputs, errors);
        } else if let Some(input) = Input::from_path(&path) {
            inputs.push(input);
        }
    }
}

/// Streams the raw records of one input, one at a time: memory stays flat whatever
/// the file's size. Errors name the file and line or record; after a record-level
/// error the next record follows, after a broken stream (truncated gzip or WARC) the
/// iterator ends.
pub fn read_input(input: &Input, cfg: &IngestConfig) -> Box<dyn Iterator<Item = Result<RawDoc, IngestError>> + Send> {
    let path = input.display();
    let reader = match open(input) {
        Ok(reader) => reader,
        Err(kind) => return Box::new(std::iter::once(Err(IngestError::new(Origin { path, record: None }, kind)))),
    };
    match input.format {
        Format::Jsonl => Box::new(jsonl::JsonlReader::new(reader, path, input.gzip, cfg)),
        Format::Warc => Box::new(warc::WarcReader::new(reader, path, input.gzip, cfg)),
        Format::Text | Format::Html => Box::new(std::iter::once(read_whole(input, reader, cfg))),
    }
}

/// The input's bytes, buffered and un-gzipped.
fn open(input: &Input) -> Result<Box<dyn BufRead + Send>, ErrorKind> {
    let raw: Box<dyn Read + Send> = if input.is_stdin() {
        Box::new(std::io::stdin())
    } else {
        match File::open(&input.path) {
            Ok(file) => Box::new(file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ErrorKind::MissingFile),
            Err(e) => return Err(ErrorKind::Io(e)),
        }
    };
    Ok(if input.gzip {
        Box::new(BufReader::with_capacity(
            BUFFER_BYTES,
            MultiGzDecoder::new(BufReader::with_capacity(BUFFER_BYTES, raw)),
        ))
    } else {
        Box::new(BufReader::with_capacity(BUFFER_BYTES, raw))
    })
}

/// The kind of a read error: a broken gzip stream, or plain I/O.
pub(crate) fn read_error(e: std::io::Error, gzip: bool) -> ErrorKind {
    use std::io::ErrorKind as Io;
    match e.kind() {
        Io::UnexpectedEof | Io::InvalidData | Io::InvalidInput if gzip => ErrorKind::TruncatedGzip(e.to_string()),
        _ => ErrorKind::Io(e),
    }
}

/// A `.txt` or `.html` file as one document, read up to the size limit.
fn read_whole(input: &Input, reader: Box<dyn BufRead + Send>, cfg: &IngestConfig) -> Result<RawDoc, IngestError> {
    let origin = Origin { path: input.display(), record: None };
    let limit = cfg.max_document_bytes as u64;
    let fail = |kind| Err(IngestError::new(origin.clone(), kind));
    if !input.gzip
        && let Ok(m) = std::fs::metadata(&input.path)
        && m.is_file()
        && m.len() > limit
    {
        return fail(ErrorKind::TooLarge { size: m.len(), limit });
    }
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(limit + 1).read_to_end(&mut bytes) {
        return fail(read_error(e, input.gzip));
    }
    if bytes.len() as u64 > limit {
        return fail(ErrorKind::TooLarge { size: bytes.len() as u64, limit });
    }
    let content = match input.format {
        Format::Html => decode::decode_html(bytes, None).map(Content::Html),
        _ => decode::decode(bytes, None).map(Content::Text),
    };
    match content {
        Ok(content) => Ok(RawDoc::new(origin, input.stem(), content)),
        Err(kind) => fail(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        let f = |p: &str| Input::from_path(Path::new(p)).map(|i| (i.format, i.gzip));
        assert_eq!(f("a/b.txt"), Some((Format::Text, false)));
        assert_eq!(f("b.HTM"), Some((Format::Html, false)));
        assert_eq!(f("b.jsonl.gz"), Some((Format::Jsonl, true)));
        assert_eq!(f("b.warc.gz"), Some((Format::Warc, true)));
        assert_eq!(f("b.json.gz"), None);
        assert_eq!(f("b.pdf"), None);
        assert_eq!(f("README"), None);
        let stem = Input::from_path(Path::new("x/000_7d32.txt.gz")).and_then(|i| i.stem());
        assert_eq!(stem.as_deref(), Some("000_7d32"));
    }

    #[test]
    fn discover_walks_sorted_and_reports_missing_and_unsupported() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("sub"))?;
        for name in ["b.txt", "a.jsonl", "sub/c.warc.gz", "notes.md", "sub/d.pdf"] {
            std::fs::write(dir.path().join(name), "x")?;
        }
        let named_pdf = dir.path().join("sub/d.pdf");
        let missing = dir.path().join("missing.txt");
        let (inputs, errors) = discover(&[dir.path().to_path_buf(), missing, named_pdf, PathBuf::from("-")]);
        let names: Vec<_> =
            inputs.iter().map(|i| i.path.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
        let names: Vec<_> = names.into_iter().flatten().collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "c.warc.gz", "-"]);
        let labels: Vec<_> = errors.iter().map(|e| e.kind.label()).collect();
        assert_eq!(labels, ["missing-file", "unsupported-file"]);
        assert!(errors[0].to_string().ends_with("missing.txt: no such file or directory"), "{}", errors[0]);
        Ok(())
    }
}
