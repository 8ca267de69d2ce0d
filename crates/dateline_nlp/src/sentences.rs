//! Sentence boundaries: paragraph breaks, and `.?!` (with closing quotes)
//! that are not part of an abbreviation, an initial or a number.

use crate::lexicon::{is_abbreviation, is_numeric_abbreviation};
use dateline_core::Span;

/// Splits `text` into sentences; spans are trimmed of surrounding whitespace,
/// in order, and never overlap.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            if c == '\n' && start.is_some() && paragraph_break(text, i + 1) {
                close(&mut out, &mut start, last_end);
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        last_end = i + c.len_utf8();
        if !matches!(c, '.' | '?' | '!' | '…') {
            continue;
        }
        while let Some(&(j, d)) = iter.peek() {
            if matches!(d, '.' | '?' | '!' | '…') || is_closer(d) {
                last_end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let Some(next) = next_visible(text, last_end) else { continue };
        if last_end == next.0 || !starts_sentence(next.1) {
            continue;
        }
        if c == '.' && abbreviation_before(text, i, next.1) {
            continue;
        }
        close(&mut out, &mut start, last_end);
    }
    close(&mut out, &mut start, last_end);
    out
}

fn close(out: &mut Vec<Span>, start: &mut Option<usize>, end: usize) {
    if let Some(s) = start.take()
        && end > s
    {
        out.push(Span::new(s, end));
    }
}

/// Whether a blank line follows: only spaces and tabs up to another newline.
fn paragraph_break(text: &str, from: usize) -> bool {
    let rest = text.get(from..).unwrap_or("");
    rest.chars().take_while(|c| c.is_whitespace()).any(|c| c == '\n')
}

/// The first non-whitespace character at or after `from`.
fn next_visible(text: &str, from: usize) -> Option<(usize, char)> {
    let rest = text.get(from..)?;
    rest.char_indices().find(|(_, c)| !c.is_whitespace()).map(|(k, c)| (from + k, c))
}

pub(crate) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

/// Whether the period at byte `dot` ends an abbreviation or an initial.
fn abbreviation_before(text: &str, dot: usize, next: char) -> bool {
    let head = text.get(..dot).unwrap_or("");
    let word_start =
        head.char_indices().rev().take_while(|(_, c)| c.is_alphanumeric() || *c == '.').last().map_or(dot, |(k, _)| k);
    let word = head.get(word_start..).unwrap_or("");
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        return first.is_uppercase();
    }
    is_abbreviation(word) || (next.is_ascii_digit() && is_numeric_abbreviation(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| text.get(s.range()).unwrap_or("")).collect()
    }

    #[test]
    fn splits_on_terminators_and_paragraphs() {
        assert_eq!(texts("One here. Two there!  Three?\n\nFour"), ["One here.", "Two there!", "Three?", "Four"]);
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        let t = "Mr. Smith met Lt. Gen. Jones on Oct. 7 in the U.S. capital. John J. Catherine wrote 2.3 million. No. 5 won.";
        assert_eq!(
            texts(t),
            [
                "Mr. Smith met Lt. Gen. Jones on Oct. 7 in the U.S. capital.",
                "John J. Catherine wrote 2.3 million.",
                "No. 5 won."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let t = "“It will begin.\" On Thursday he spoke. “No,” they chanted. He said “go.” Then left.";
        assert_eq!(
            texts(t),
            ["“It will begin.\"", "On Thursday he spoke.", "“No,” they chanted.", "He said “go.”", "Then left."]
        );
    }

    #[test]
    fn lowercase_continuation_does_not_split() {
        assert_eq!(texts("Prices rose, e.g. rents. Fine"), ["Prices rose, e.g. rents.", "Fine"]);
        assert_eq!(texts("What? he asked."), ["What? he asked."]);
    }

    #[test]
    fn empty_and_blank_text() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n ").is_empty());
    }
}
