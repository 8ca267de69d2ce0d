//! Entity mentions: the trained tagger ([`crate::tagger`]) decides spans and
//! labels; a small post-pass applies what the lexicons know for certain.
//!
//! The post-pass: titles at the front of a person's name are split off (`Grand
//! Ayatollah Ali al-Sistani` → `Ali al-Sistani`), a curated alias
//! (`data/aliases.tsv`) gives its label, and a MISC name made only of
//! nationality or group words (`data/norp.txt`) is NORP (so is any name of
//! several such words: `Shi'ite Muslim`), a name that is only the start of a
//! title (`Grand` of `Grand Ayatollah`) or has no capital letter is dropped,
//! names are cut at separators (`/`, `;`, quotes), a leading
//! modifier (`PMU-affiliated`) is cut, and a capitalised word the tagger missed
//! that is elsewhere in the document a name is that name again. A one-word name the
//! lexicons do not know is a weak guess that coreference may relabel
//! (`Jordan` after `Michael Jordan`).

use crate::canonical::heavy_key;
use crate::features;
use crate::lexicon::Lexicon;
use crate::tagger::{self, Model, TYPES};
use dateline_core::{EntityLabel, Span, Token};
use std::collections::HashMap;

/// A recognised mention before canonicalisation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Mention {
    /// Where the name is (titles excluded).
    pub(crate) span: Span,
    /// Its label.
    pub(crate) label: EntityLabel,
    /// False when the label is only a default guess that coreference may change.
    pub(crate) strong: bool,
}

/// Token ranges `[a, b)` of the sentences of a token stream.
pub(crate) fn sentence_ranges(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || tokens[i].sentence != tokens[start].sentence {
            out.push((start, i));
            start = i;
        }
    }
    out
}

/// Finds the entity mentions of a tokenized text.
pub(crate) fn mentions(text: &str, tokens: &[Token], lex: &Lexicon, model: &Model) -> Vec<Mention> {
    let features = features::extract(text, tokens, lex, model.bits());
    let words: Vec<&str> = tokens.iter().map(|t| text.get(t.span.range()).unwrap_or("")).collect();
    let mut out = Vec::new();
    for (a, b) in sentence_ranges(tokens) {
        let tags = tagger::viterbi(model, b - a, |i| features.of(a + i));
        let mut spans = split_at_separators(&words[a..b], tagger::spans(&tags));
        join_particle_names(words.get(a..b).unwrap_or(&[]), lex, &mut spans);
        for (s, e, ty) in spans {
            out.extend(post_pass(text, tokens, &words, (a + s, a + e, b), TYPES[ty], lex));
        }
    }
    add_repeats(tokens, &words, lex, &mut out);
    out
}

/// Tokens that never sit inside a name (`West Asia News Agency / Reuters` is two names).
fn separator(word: &str) -> bool {
    matches!(word, "/" | "|" | ";" | "\"" | "“" | "”" | "•")
}

/// Cuts tagged names at separator tokens.
fn split_at_separators(words: &[&str], spans: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::with_capacity(spans.len());
    for (a, b, ty) in spans {
        let mut start = a;
        for k in (a..b).filter(|&k| separator(words[k])).chain([b]) {
            if start < k {
                out.push((start, k, ty));
            }
            start = k + 1;
        }
    }
    out
}

/// Whether a word is a lowercase particle joined to a name (`al-Muhandis`, `bin-Laden`).
fn particle_name(word: &str, lex: &Lexicon) -> bool {
    word.split_once(['-', '‐']).is_some_and(|(p, rest)| lex.is_connector(p) && rest.starts_with(char::is_uppercase))
}

/// A person's name runs on over particle names after it (`Abu Mahdi` + `al-Muhandis`),
/// which news English has and the training data hardly does.
fn join_particle_names(words: &[&str], lex: &Lexicon, spans: &mut Vec<(usize, usize, usize)>) {
    let per = TYPES.iter().position(|&t| t == EntityLabel::Per).unwrap_or(0);
    let mut i = 0;
    while i < spans.len() {
        let (start, mut end, ty) = spans[i];
        while ty == per && end < words.len() && particle_name(words[end], lex) {
            if spans.get(i + 1).is_some_and(|n| n.0 == end) {
                let next = spans.remove(i + 1);
                end = next.1;
            } else {
                end += 1;
            }
        }
        spans[i] = (start, end, ty);
        i += 1;
    }
}

/// What follows the last hyphen (`al-Sadr` → `Sadr`), or the whole word.
fn hyphen_tail(word: &str) -> &str {
    word.rsplit(['-', '‐']).next().unwrap_or(word)
}

/// One name, one label per document: a capitalised word the tagger left out
/// that elsewhere is a whole one-word name, or the surname of a person
/// (`Sadr` after `Muqtada al-Sadr`), is that name again, weakly labelled.
fn add_repeats(tokens: &[Token], words: &[&str], lex: &Lexicon, out: &mut Vec<Mention>) {
    let mut names: HashMap<String, EntityLabel> = HashMap::new();
    let mut covered = vec![false; tokens.len()];
    let mut k = 0;
    for m in out.iter() {
        while k < tokens.len() && tokens[k].span.end <= m.span.start {
            k += 1;
        }
        let first = k;
        while k < tokens.len() && tokens[k].span.start < m.span.end {
            covered[k] = true;
            k += 1;
        }
        if k == first + 1 {
            names.entry(words[first].to_string()).or_insert(m.label);
        } else if k > first && m.label == EntityLabel::Per {
            let last = words[k - 1];
            let mut chars = last.chars();
            let capitalised = chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>());
            for name in [Some(last.to_string()), capitalised, Some(hyphen_tail(last).to_string())].into_iter().flatten()
            {
                names.entry(name).or_insert(m.label);
            }
        }
    }
    let before = out.len();
    for (i, w) in words.iter().enumerate() {
        if covered[i] || !hyphen_tail(w).starts_with(char::is_uppercase) {
            continue;
        }
        if lex.is_stopword(&w.to_lowercase()) {
            continue;
        }
        if let Some(&label) = names.get(*w) {
            out.push(Mention { span: tokens[i].span, label, strong: false });
        }
    }
    if out.len() > before {
        out.sort_by_key(|m| m.span.start);
    }
}

/// Length of the title that starts at token `p` (0 when none), at most up to `end`.
fn title_at(words: &[&str], p: usize, end: usize, lex: &Lexicon) -> usize {
    let mut buf = String::new();
    for len in (1..=lex.max_title_words().min(end - p)).rev() {
        buf.clear();
        for (n, w) in words[p..p + len].iter().enumerate() {
            if n > 0 {
                buf.push(' ');
            }
            buf.extend(w.chars().filter(|c| *c != '.').flat_map(char::to_lowercase));
        }
        if lex.is_title(&buf) {
            return len;
        }
    }
    0
}

/// Applies the lexicons to one tagged name of tokens `[a, b)`.
fn post_pass(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    (mut a, b, sentence_end): (usize, usize, usize),
    label: EntityLabel,
    lex: &Lexicon,
) -> Option<Mention> {
    let person = label == EntityLabel::Per;
    let title = title_at(words, a, sentence_end, lex);
    if title > b - a || (person && title == b - a) {
        return None;
    }
    while b - a > 1 && words[a].contains(['-', '‐']) && hyphen_tail(words[a]).starts_with(char::is_lowercase) {
        a += 1;
    }
    let mut titled = false;
    while person && a < b {
        let len = title_at(words, a, b, lex);
        if len == 0 {
            break;
        }
        a += len;
        titled = true;
        while a < b && words[a].starts_with(char::is_lowercase) && lex.is_connector(words[a]) {
            a += 1;
        }
    }
    if a >= b {
        return None;
    }
    let span = Span::new(tokens[a].span.start as usize, tokens[b - 1].span.end as usize);
    let surface = text.get(span.range())?;
    if !surface.chars().any(char::is_uppercase) {
        return None;
    }
    if let Some(known) = lex.known(&heavy_key(surface)) {
        return Some(Mention { span, label: known.label, strong: true });
    }
    let norp = surface.split([' ', '-', '‐']).all(|p| lex.norp(&heavy_key(p)).is_some());
    let label = if norp && (label == EntityLabel::Misc || b - a > 1) { EntityLabel::Norp } else { label };
    let strong = b - a > 1 || titled || norp || lex.place(&heavy_key(surface)).is_some();
    Some(Mention { span, label, strong })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_at_separators() {
        let words = ["West", "Asia", "News", "Agency", "/", "Reuters", "said"];
        assert_eq!(split_at_separators(&words, vec![(0, 6, 1)]), [(0, 4, 1), (5, 6, 1)]);
        assert_eq!(split_at_separators(&words, vec![(4, 5, 1)]), []);
    }

    #[test]
    fn person_names_run_on_over_particle_names() -> crate::Result<()> {
        let lex = Lexicon::load()?;
        let words = ["Abu", "Mahdi", "al-Muhandis", "and", "al-Qaeda"];
        let mut spans = vec![(0, 2, 0), (2, 3, 3), (4, 5, 1)];
        join_particle_names(&words, &lex, &mut spans);
        assert_eq!(spans, [(0, 3, 0), (4, 5, 1)], "only a person's name takes the particle name after it");
        Ok(())
    }
}
