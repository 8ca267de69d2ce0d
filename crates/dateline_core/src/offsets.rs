//! Byte offsets (internal) to Unicode code point offsets (the record format).

use crate::span::Span;

/// Maps byte offsets of one text to code point offsets in O(log n).
pub struct CharIndex {
    /// Byte offset of every non-ASCII character start; empty for ASCII text.
    wide: Vec<u32>,
    /// Extra bytes (beyond one) contributed by each of `wide`, cumulative.
    extra: Vec<u32>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        let mut extra = Vec::new();
        let mut total = 0u32;
        if !text.is_ascii() {
            for (at, c) in text.char_indices() {
                let n = c.len_utf8() as u32;
                if n > 1 {
                    total += n - 1;
                    wide.push(at as u32);
                    extra.push(total);
                }
            }
        }
        CharIndex { wide, extra }
    }

    /// The code point offset of byte offset `byte` (a character boundary).
    pub fn char_offset(&self, byte: u32) -> u32 {
        let i = self.wide.partition_point(|&w| w < byte);
        byte - if i == 0 { 0 } else { self.extra[i - 1] }
    }

    /// `(start, end)` in code points.
    pub fn span(&self, span: Span) -> (u32, u32) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn curly_quotes() {
        let text = "“No,” he said";
        let idx = CharIndex::new(text);
        let he = text.find("he").unwrap_or_default() as u32;
        assert_eq!(idx.char_offset(he), 6);
    }

    proptest! {
        #[test]
        fn matches_char_count(text in "\\PC{0,60}") {
            let idx = CharIndex::new(&text);
            for (at, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let expected = text.get(..at).map_or(0, |t| t.chars().count()) as u32;
                prop_assert_eq!(idx.char_offset(at as u32), expected);
            }
        }
    }
}
