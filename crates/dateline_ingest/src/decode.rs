//! Bytes to text: byte-order marks, declared charsets, UTF-8, and `chardetng` for the rest.

use crate::error::ErrorKind;
use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
static META_CHARSET: LazyLock<Regex> =
    LazyLock::new(|| crate::bytes_regex(r#"(?i)<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#));

/// How far into a page a `<meta charset>` is looked for.
const META_SNIFF_BYTES: usize = 4096;

/// Decodes text bytes: a BOM wins, then valid UTF-8, then `declared` (a charset label),
/// then a `chardetng` guess. Bytes with NUL in them (and no UTF-16 BOM) are binary.
pub(crate) fn decode(bytes: Vec<u8>, declared: Option<&str>) -> Result<String, ErrorKind> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return Ok(encoding.decode_without_bom_handling(body).0.into_owned());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let declared = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())).filter(|e| *e != UTF_8);
            decode_legacy(&e.into_bytes(), declared)
        }
    }
}

/// Decodes an HTML payload: charset from the HTTP header, else `<meta charset>`, else guessed.
pub(crate) fn decode_html(bytes: Vec<u8>, header_charset: Option<&str>) -> Result<String, ErrorKind> {
    if header_charset.is_some() {
        return decode(bytes, header_charset);
    }
    let head = bytes.get(..bytes.len().min(META_SNIFF_BYTES)).unwrap_or_default();
    let meta = META_CHARSET.captures(head).and_then(|c| std::str::from_utf8(&c[1]).ok().map(str::to_owned));
    decode(bytes, meta.as_deref())
}

/// The `charset=` parameter of a `Content-Type` value.
pub(crate) fn charset_param(content_type: &str) -> Option<&str> {
    let lower_at = content_type.to_ascii_lowercase().find("charset=")?;
    let value = content_type.get(lower_at + "charset=".len()..)?;
    let value = value.split(';').next()?.trim().trim_matches(['"', '\'']);
    (!value.is_empty()).then_some(value)
}

fn decode_legacy(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<String, ErrorKind> {
    if memchr::memchr(0, bytes).is_some() {
        return Err(ErrorKind::Binary);
    }
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    });
    Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_legacy() {
        assert_eq!(decode("Ça va".as_bytes().to_vec(), None).ok().as_deref(), Some("Ça va"));
        assert_eq!(decode(b"\xef\xbb\xbfhi".to_vec(), None).ok().as_deref(), Some("hi"));
        assert_eq!(decode(b"\xff\xfeh\0i\0".to_vec(), None).ok().as_deref(), Some("hi"));
        let latin1 = b"Le caf\xe9 est ferm\xe9 \xe0 cause de la gr\xe8ve des employ\xe9s.".to_vec();
        assert_eq!(decode(latin1, None).ok().as_deref(), Some("Le café est fermé à cause de la grève des employés."));
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff".to_vec(), None), Err(ErrorKind::Binary)));
    }

    #[test]
    fn declared_charsets() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body>".to_vec();
        let text = decode_html(page, None).unwrap_or_default();
        assert!(text.contains("Привет"), "{text}");
        assert_eq!(charset_param("text/html; Charset=\"ISO-8859-1\""), Some("ISO-8859-1"));
        assert_eq!(charset_param("text/html"), None);
    }
}
