//! Tokens: words (hyphenated words and `al-Sadr` whole), numbers (`1,400`,
//! `2.3`), abbreviations with their period (`Mr.`, `U.S.`), the possessive
//! `'s` apart (`Iraq's` → `Iraq` `'s`), and punctuation.

use crate::lexicon::is_abbreviation;
use dateline_core::{Span, Token};

/// Tokenizes the text of each sentence; every token lies inside its sentence.
pub fn tokens(text: &str, sentences: &[Span]) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    for (n, s) in sentences.iter().enumerate() {
        let sentence = u32::try_from(n).unwrap_or(u32::MAX);
        let Some(part) = text.get(s.range()) else { continue };
        let base = s.start as usize;
        for (a, b) in TokenIter::new(part) {
            out.push(Token { span: Span::new(base + a, base + b), sentence });
        }
    }
    out
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐')
}

/// Byte ranges of the tokens of one piece of text.
struct TokenIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> TokenIter<'a> {
    fn new(text: &'a str) -> Self {
        TokenIter { text, pos: 0 }
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// End of the word or number that starts at `start`.
    fn word_end(&self, start: usize) -> usize {
        let mut end = start;
        while let Some(c) = self.char_at(end) {
            let after = end + c.len_utf8();
            if c.is_alphanumeric() {
                end = after;
                continue;
            }
            let prev = self.text.get(..end).and_then(|s| s.chars().next_back());
            let next = self.char_at(after);
            let joins = match (prev, next) {
                (Some(p), Some(n)) if is_hyphen(c) => p.is_alphanumeric() && n.is_alphanumeric(),
                (Some(p), Some(n)) if matches!(c, '.' | ',' | ':') => p.is_ascii_digit() && n.is_ascii_digit(),
                (Some(p), Some(n)) if is_apostrophe(c) => {
                    p.is_alphabetic() && n.is_alphabetic() && !self.possessive_at(end)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            end = after;
        }
        end
    }

    /// Whether `'s` (any apostrophe) at `i` ends a word.
    fn possessive_at(&self, i: usize) -> bool {
        let Some(a) = self.char_at(i) else { return false };
        let s = i + a.len_utf8();
        is_apostrophe(a)
            && matches!(self.char_at(s), Some('s' | 'S'))
            && !self.char_at(s + 1).is_some_and(char::is_alphanumeric)
    }

    /// Extends a word by its period when it is an abbreviation or an initial
    /// (`Mr.`, `J.`), and over dotted initials (`U.S.`, `e.g.`).
    fn abbreviation_end(&self, start: usize, end: usize) -> usize {
        let word = self.text.get(start..end).unwrap_or("");
        if self.char_at(end) != Some('.') {
            return end;
        }
        let last = word.rsplit(['-', '‐']).next().unwrap_or(word);
        let single = last.chars().nth(1).is_none() && last.chars().all(char::is_alphabetic);
        if !single && !is_abbreviation(word) {
            return end;
        }
        let mut end = end + 1;
        while let (Some(l), Some('.')) = (self.char_at(end), self.char_at(end + 1)) {
            if !l.is_ascii_alphabetic() || self.char_at(end + 2).is_some_and(char::is_alphanumeric) {
                break;
            }
            end += 2;
        }
        end
    }
}

impl Iterator for TokenIter<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let (start, c) = loop {
            let c = self.char_at(self.pos)?;
            if !c.is_whitespace() {
                break (self.pos, c);
            }
            self.pos += c.len_utf8();
        };
        let end = if c.is_alphanumeric() {
            let end = self.word_end(start);
            self.abbreviation_end(start, end)
        } else if self.possessive_at(start) {
            start + c.len_utf8() + 1
        } else {
            let mut end = start + c.len_utf8();
            if matches!(c, '.' | '-' | '!' | '?') {
                while self.char_at(end) == Some(c) {
                    end += 1;
                }
            }
            end
        };
        self.pos = end;
        Some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        TokenIter::new(text).map(|(a, b)| text.get(a..b).unwrap_or("")).collect()
    }

    #[test]
    fn words_numbers_and_hyphens() {
        assert_eq!(
            words("Some 1,400 of 2.3 million Iranian-backed al-Sadr sit-in 26-year-old"),
            ["Some", "1,400", "of", "2.3", "million", "Iranian-backed", "al-Sadr", "sit-in", "26-year-old"]
        );
    }

    #[test]
    fn possessives_and_apostrophes() {
        assert_eq!(words("Iraq's Shi'ite Kata’ib Iran’s"), ["Iraq", "'s", "Shi'ite", "Kata’ib", "Iran", "’s"]);
        assert_eq!(words("Americans’ exit"), ["Americans", "’", "exit"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(words("Mr. Al Sadr, Lt. Gen. Soleimani"), ["Mr.", "Al", "Sadr", ",", "Lt.", "Gen.", "Soleimani"]);
        assert_eq!(words("the U.S. embassy"), ["the", "U.S.", "embassy"]);
        assert_eq!(words("John J. Catherine"), ["John", "J.", "Catherine"]);
        assert_eq!(words("anti-US. Sentiment"), ["anti-US", ".", "Sentiment"]);
        assert_eq!(words("the anti-U.S. rally"), ["the", "anti-U.S.", "rally"]);
    }

    #[test]
    fn punctuation_and_curly_quotes() {
        assert_eq!(
            words("“No to Israel,” they chanted... (PMF) – yes?!"),
            ["“", "No", "to", "Israel", ",", "”", "they", "chanted", "...", "(", "PMF", ")", "–", "yes", "?", "!"]
        );
    }

    #[test]
    fn tokens_carry_their_sentence() {
        let text = "One two. Three";
        let toks = tokens(text, &[Span::new(0, 8), Span::new(9, 14)]);
        let got: Vec<_> = toks.iter().map(|t| (t.span.start, t.span.end, t.sentence)).collect();
        assert_eq!(got, [(0, 3, 0), (4, 7, 0), (7, 8, 0), (9, 14, 1)]);
    }
}
