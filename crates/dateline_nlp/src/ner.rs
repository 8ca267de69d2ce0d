//! Entity mentions, simplest honest form: capitalised token sequences
//! (lowercase connectors such as `al`, `bin`, `of` allowed inside), titles
//! split off, labelled by the shipped lexicons and a few context cues.
//! The trained tagger of a later issue replaces this module.

use crate::canonical::heavy_key;
use crate::lexicon::Lexicon;
use dateline_core::{EntityLabel, Span, Token};
use std::collections::HashSet;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A capitalised word (or `al-Sadr`, or an acronym).
    Name,
    /// A lowercase word that may join names (`al`, `bin`, `of`).
    Connector,
    /// Anything else.
    Other,
}

/// Words before an unknown name that make it a place.
const PLACE_PREPOSITIONS: [&str; 7] = ["in", "near", "outside", "across", "around", "towards", "toward"];

/// Finds the entity mentions of a tokenized text.
pub(crate) fn mentions(text: &str, tokens: &[Token], lex: &Lexicon) -> Vec<Mention> {
    let words: Vec<&str> = tokens.iter().map(|t| text.get(t.span.range()).unwrap_or("")).collect();
    let mut lower = String::new();
    let kinds: Vec<Kind> = words.iter().map(|w| kind(w, lex, &mut lower)).collect();
    let initial: Vec<bool> = (0..tokens.len()).map(|i| initial_like(tokens, &words, i)).collect();
    let capitalised: HashSet<&str> = (0..tokens.len())
        .filter(|&i| kinds[i] == Kind::Name && !initial[i])
        .flat_map(|i| [words[i], hyphen_tail(words[i])])
        .collect();
    let ctx = Ctx { text, tokens, words: &words, kinds: &kinds, lex };

    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if kinds[i] != Kind::Name {
            i += 1;
            continue;
        }
        let end = ctx.run_end(i);
        let mut start = i;
        if initial[i] && !ctx.known(i, &capitalised, &mut lower) {
            start += 1;
            while start < end && kinds[start] != Kind::Name {
                start += 1;
            }
        }
        if start < end {
            ctx.split_titles(start, end, &mut lower, &mut out);
        }
        i = end;
    }
    out
}

fn lowercase_into<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    buf.extend(word.chars().filter(|c| *c != '.').flat_map(char::to_lowercase));
    buf
}

/// What follows the last hyphen (`al-Sadr` → `Sadr`), or the whole word.
fn hyphen_tail(word: &str) -> &str {
    word.rsplit(['-', '‐']).next().unwrap_or(word)
}

fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

fn kind(word: &str, lex: &Lexicon, buf: &mut String) -> Kind {
    let Some(first) = word.chars().next() else { return Kind::Other };
    if first.is_uppercase() {
        let tail_lower = hyphen_tail(word).starts_with(char::is_lowercase);
        if tail_lower || (!is_all_caps(word) && lex.is_stopword(lowercase_into(word, buf))) {
            return Kind::Other;
        }
        return Kind::Name;
    }
    if first.is_lowercase() {
        if let Some((prefix, rest)) = word.split_once('-')
            && lex.is_connector(prefix)
            && rest.starts_with(char::is_uppercase)
        {
            return Kind::Name;
        }
        if lex.is_connector(word) {
            return Kind::Connector;
        }
    }
    Kind::Other
}

/// Whether a token is where a capital letter says nothing: a sentence's
/// first word, or the first word after an opening quote, a colon or a dash.
fn initial_like(tokens: &[Token], words: &[&str], i: usize) -> bool {
    let s = tokens[i].sentence;
    if i == 0 || tokens[i - 1].sentence != s {
        return true;
    }
    if matches!(words[i - 1], "“" | "\"" | "‘" | "'" | ":" | "(" | "[" | "–" | "—" | "-") {
        return true;
    }
    (0..i).rev().take_while(|&k| tokens[k].sentence == s).all(|k| !words[k].starts_with(char::is_alphanumeric))
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    words: &'a [&'a str],
    kinds: &'a [Kind],
    lex: &'a Lexicon,
}

impl Ctx<'_> {
    fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.tokens[a].sentence == self.tokens[b].sentence
    }

    /// End of the run of names (with inner connectors) that starts at `i`.
    fn run_end(&self, i: usize) -> usize {
        let mut end = i + 1;
        loop {
            let mut k = end;
            while k < self.tokens.len() && self.kinds[k] == Kind::Connector && self.same_sentence(i, k) {
                k += 1;
            }
            if k < self.tokens.len() && self.kinds[k] == Kind::Name && self.same_sentence(i, k) {
                end = k + 1;
            } else {
                return end;
            }
        }
    }

    /// Whether a sentence-initial capitalised word is a name for other reasons.
    fn known(&self, i: usize, capitalised: &HashSet<&str>, buf: &mut String) -> bool {
        let w = self.words[i];
        if capitalised.contains(w) || capitalised.contains(hyphen_tail(w)) || is_all_caps(w) {
            return true;
        }
        let lower = lowercase_into(w, buf);
        if self.lex.is_title(lower) || self.lex.is_first_name(lower) {
            return true;
        }
        let key = heavy_key(w);
        self.lex.norp(&key).is_some() || self.lex.place(&key).is_some() || self.lex.known(&key).is_some()
    }

    /// Length of the title that starts at token `p` (0 when none), at most up to `end`.
    fn title_at(&self, p: usize, end: usize, buf: &mut String) -> usize {
        for len in (1..=self.lex.max_title_words().min(end - p)).rev() {
            buf.clear();
            for (n, w) in self.words[p..p + len].iter().enumerate() {
                if n > 0 {
                    buf.push(' ');
                }
                buf.extend(w.chars().filter(|c| *c != '.').flat_map(char::to_lowercase));
            }
            if self.lex.is_title(buf) {
                return len;
            }
        }
        0
    }

    fn has_head(&self, a: usize, b: usize, buf: &mut String) -> bool {
        (a..b).any(|k| self.lex.is_org_head(lowercase_into(self.words[k], buf)))
    }

    /// Splits a run at titles (`US President Donald Trump` → `US`, `Donald Trump`).
    fn split_titles(&self, start: usize, end: usize, buf: &mut String, out: &mut Vec<Mention>) {
        let mut seg = start;
        let mut titled = self.role_before(start, buf);
        let mut p = start;
        while p < end {
            let len = self.title_at(p, end, buf);
            if len == 0 || self.has_head(p + len, end, buf) {
                p += 1;
                continue;
            }
            if seg < p {
                self.segment(seg, p, titled, out, buf);
            }
            p += len;
            while p < end && self.title_at(p, end, buf) > 0 {
                p += self.title_at(p, end, buf);
            }
            while p < end && self.kinds[p] == Kind::Connector {
                p += 1;
            }
            seg = p;
            titled = true;
        }
        if seg < end {
            self.segment(seg, end, titled, out, buf);
        }
    }

    /// Whether a lowercase role word (`cleric`, `spokesman`, `prime minister`) comes just before.
    fn role_before(&self, i: usize, buf: &mut String) -> bool {
        (1..=2.min(i)).any(|len| {
            let a = i - len;
            self.same_sentence(a, i) && self.words[a].starts_with(char::is_lowercase) && self.title_at(a, i, buf) == len
        })
    }

    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.tokens[a].span.start as usize, self.tokens[b - 1].span.end as usize)
    }

    fn word_after(&self, b: usize) -> Option<&str> {
        (b < self.tokens.len() && self.same_sentence(b - 1, b)).then(|| self.words[b])
    }

    fn place_before(&self, a: usize, buf: &mut String) -> bool {
        if a == 0 || !self.same_sentence(a - 1, a) {
            return false;
        }
        let prev = self.words[a - 1];
        if PLACE_PREPOSITIONS.contains(&prev) {
            return true;
        }
        prev == "of"
            && a >= 2
            && self.same_sentence(a - 2, a)
            && self.lex.is_loc_head(lowercase_into(self.words[a - 2], buf))
    }

    /// Labels the name tokens `[a, b)` and pushes the mention(s).
    fn segment(&self, a: usize, b: usize, titled: bool, out: &mut Vec<Mention>, buf: &mut String) {
        let span = self.span(a, b);
        let surface = self.text.get(span.range()).unwrap_or("");
        let push = |out: &mut Vec<Mention>, label, strong| out.push(Mention { span, label, strong });
        let key = heavy_key(surface);
        if let Some(k) = self.lex.known(&key) {
            return push(out, k.label, true);
        }
        let single = b - a == 1;
        if single && surface.split(['-', '‐']).all(|p| self.lex.norp(&heavy_key(p)).is_some()) {
            return push(out, EntityLabel::Norp, true);
        }
        if self.lex.place(&key).is_some() {
            return push(out, EntityLabel::Loc, true);
        }
        if self.has_head(a, b, buf) {
            return push(out, EntityLabel::Org, true);
        }
        if !single && self.split_norp_edges(a, b, out, buf) {
            return;
        }
        let last = lowercase_into(self.words[b - 1], buf);
        if !single && self.lex.is_loc_head(last) {
            return push(out, EntityLabel::Loc, true);
        }
        if let Some(next) = self.word_after(b) {
            let next = lowercase_into(next, buf);
            if next.starts_with(char::is_alphabetic) && self.lex.is_loc_head(next) {
                return push(out, EntityLabel::Loc, true);
            }
            if next.starts_with(char::is_alphabetic) && self.lex.is_org_head(next) && !titled {
                return push(out, EntityLabel::Org, true);
            }
        }
        if titled {
            return push(out, EntityLabel::Per, true);
        }
        if single && is_all_caps(surface) && surface.chars().count() <= 5 && surface.chars().all(char::is_alphabetic) {
            return push(out, EntityLabel::Org, true);
        }
        let first = lowercase_into(self.words[a], buf);
        let particle = (a..b).any(|k| {
            self.kinds[k] == Kind::Connector
                || self.words[k].split_once('-').is_some_and(|(p, _)| p.eq_ignore_ascii_case("al"))
        });
        if !single && (self.lex.is_first_name(first) || particle) {
            return push(out, EntityLabel::Per, true);
        }
        if self.place_before(a, buf) {
            return push(out, EntityLabel::Loc, false);
        }
        push(out, EntityLabel::Misc, false);
    }

    /// `Iraqi Kurdistan`, `Influential Iraqi Shia`: nationality words at either
    /// edge of an unknown name are mentions of their own.
    fn split_norp_edges(&self, a: usize, b: usize, out: &mut Vec<Mention>, buf: &mut String) -> bool {
        let norp = |k: usize| self.kinds[k] == Kind::Name && self.lex.norp(&heavy_key(self.words[k])).is_some();
        let mut lead = a;
        while lead < b && norp(lead) {
            lead += 1;
        }
        let mut tail = b;
        while tail > lead && norp(tail - 1) {
            tail -= 1;
        }
        if lead == a && tail == b {
            return false;
        }
        for k in a..lead {
            out.push(Mention { span: self.span(k, k + 1), label: EntityLabel::Norp, strong: true });
        }
        if lead < tail {
            let (mut s, mut e) = (lead, tail);
            while s < e && self.kinds[s] != Kind::Name {
                s += 1;
            }
            while e > s && self.kinds[e - 1] != Kind::Name {
                e -= 1;
            }
            if s < e {
                self.segment(s, e, false, out, buf);
            }
        }
        for k in tail..b {
            out.push(Mention { span: self.span(k, k + 1), label: EntityLabel::Norp, strong: true });
        }
        true
    }
}
