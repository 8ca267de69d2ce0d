//! The trigger lexicon (`data/triggers.tsv`): words and phrases that signal
//! an event, with their PLOVER type and subtype, matched with one
//! Aho–Corasick automaton over the lowercased text at word boundaries.

use crate::error::{Error, Result};
use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};
use dateline_core::EventType;
use std::collections::HashMap;

/// The lexicon shipped with the crate.
pub(crate) const TRIGGERS_TSV: &str = include_str!("../data/triggers.tsv");

/// What one surface form of a trigger means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// PLOVER type.
    pub(crate) kind: EventType,
    /// Stable subtype.
    pub(crate) subtype: String,
    /// Whether the form is a noun (`the rally`), which can be anaphoric.
    pub(crate) noun: bool,
}

/// A trigger found in a text: byte range and its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) entry: usize,
}

/// The compiled lexicon.
pub(crate) struct Lexicon {
    automaton: DoubleArrayAhoCorasick<u32>,
    entries: Vec<Entry>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon").field("forms", &self.entries.len()).finish()
    }
}

impl Lexicon {
    /// Reads a lexicon in the `triggers.tsv` format and expands inflections.
    pub(crate) fn parse(tsv: &str) -> Result<Lexicon> {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut entries = Vec::new();
        for (i, line) in tsv.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| Error::Lexicon { line: i + 1, reason: reason.to_owned() };
            let cols: Vec<&str> = line.split('\t').collect();
            let [phrase, kind, subtype, forms] = cols[..] else {
                return Err(bad("expected 4 tab-separated columns"));
            };
            let kind = EventType::parse(kind).ok_or_else(|| bad("unknown event type"))?;
            let phrase = phrase.to_ascii_lowercase();
            for (form, noun) in expand(&phrase, forms).ok_or_else(|| bad("unknown forms code"))? {
                if index.contains_key(&form) {
                    continue;
                }
                let id = u32::try_from(entries.len()).map_err(|_| bad("too many forms"))?;
                index.insert(form, id);
                entries.push(Entry { kind, subtype: subtype.to_owned(), noun });
            }
        }
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values(index.iter().map(|(k, v)| (k.as_str(), *v)))
            .map_err(|e| Error::Automaton(e.to_string()))?;
        Ok(Lexicon { automaton, entries })
    }

    /// The entry of a hit.
    pub(crate) fn entry(&self, hit: Hit) -> Option<&Entry> {
        self.entries.get(hit.entry)
    }

    /// Triggers in `text` at word boundaries, longest first where they
    /// overlap, in text order.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let is_word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
        let mut hits: Vec<Hit> = self
            .automaton
            .find_overlapping_iter(&lower)
            .filter(|m| (m.start() == 0 || !is_word(m.start() - 1)) && !is_word(m.end()))
            .map(|m| Hit { start: m.start(), end: m.end(), entry: m.value() as usize })
            .collect();
        hits.sort_by_key(|h| (std::cmp::Reverse(h.end - h.start), h.start));
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if kept.iter().all(|k| h.end <= k.start || k.end <= h.start) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.start);
        kept
    }
}

/// Surface forms of a phrase, each with whether it is a noun form.
fn expand(phrase: &str, forms: &str) -> Option<Vec<(String, bool)>> {
    let (first, rest) = phrase.split_once(' ').map_or((phrase, ""), |(a, b)| (a, b));
    let join = |w: &str| {
        if rest.is_empty() { w.to_owned() } else { format!("{w} {rest}") }
    };
    let mut out = vec![(phrase.to_owned(), forms == "n")];
    if forms.starts_with('v') {
        let double = forms.starts_with("vv");
        out.extend(verb_forms(first, double).into_iter().map(|w| (join(&w), false)));
    }
    if forms.ends_with('n') {
        let (head, last) = phrase.rsplit_once(' ').map_or(("", phrase), |(a, b)| (a, b));
        let plural = plural(last);
        out.push((if head.is_empty() { plural } else { format!("{head} {plural}") }, true));
        out[0].1 = true;
    }
    match forms {
        "=" | "v" | "vv" | "n" | "vn" | "vvn" => Some(out),
        _ => None,
    }
}

/// Third person, past and present participle of a regular verb.
fn verb_forms(verb: &str, double: bool) -> Vec<String> {
    let last = verb.chars().last().unwrap_or('x');
    let stem = verb.strip_suffix('e').filter(|_| !verb.ends_with("ee"));
    let consonant_y = verb.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']));
    let third = match consonant_y {
        Some(s) => format!("{s}ies"),
        None if verb.ends_with(['s', 'x', 'z', 'o']) || verb.ends_with("sh") || verb.ends_with("ch") => {
            format!("{verb}es")
        }
        None => format!("{verb}s"),
    };
    let (past, ing) = if double {
        (format!("{verb}{last}ed"), format!("{verb}{last}ing"))
    } else if let Some(s) = consonant_y {
        (format!("{s}ied"), format!("{verb}ing"))
    } else if let Some(s) = stem {
        (format!("{verb}d"), format!("{s}ing"))
    } else {
        (format!("{verb}ed"), format!("{verb}ing"))
    };
    vec![third, past, ing]
}

fn plural(noun: &str) -> String {
    if let Some(s) = noun.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u'])) {
        format!("{s}ies")
    } else if noun.ends_with(['s', 'x', 'z']) || noun.ends_with("sh") || noun.ends_with("ch") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        assert_eq!(verb_forms("gather", false), ["gathers", "gathered", "gathering"]);
        assert_eq!(verb_forms("rally", false), ["rallies", "rallied", "rallying"]);
        assert_eq!(verb_forms("urge", false), ["urges", "urged", "urging"]);
        assert_eq!(verb_forms("ban", true), ["bans", "banned", "banning"]);
        assert_eq!(verb_forms("march", false), ["marches", "marched", "marching"]);
        assert_eq!(plural("sit-in"), "sit-ins");
        assert_eq!(plural("rally"), "rallies");
    }

    #[test]
    fn shipped_lexicon_covers_every_plover_type() -> Result<()> {
        let lex = Lexicon::parse(TRIGGERS_TSV)?;
        for kind in EventType::ALL.iter().filter(|k| **k != EventType::Other) {
            assert!(lex.entries.iter().any(|e| e.kind == *kind), "{kind:?}");
        }
        Ok(())
    }

    #[test]
    fn finds_longest_forms_at_word_boundaries() -> Result<()> {
        let lex = Lexicon::parse(TRIGGERS_TSV)?;
        let text = "Sadr called for a sit-in; skills; a US drone strike killed him; they gathered.";
        let found: Vec<(&str, EventType)> =
            lex.find(text).into_iter().filter_map(|h| Some((text.get(h.start..h.end)?, lex.entry(h)?.kind))).collect();
        assert_eq!(
            found,
            [
                ("called for", EventType::Request),
                ("sit-in", EventType::Protest),
                ("drone strike", EventType::Assault),
                ("killed", EventType::Assault),
                ("gathered", EventType::Protest),
            ]
        );
        Ok(())
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = Lexicon::parse("# c\ngather\tPROTEST\tx\tv\nfoo\tNOPE\tx\t=\n").err();
        assert!(matches!(err, Some(Error::Lexicon { line: 3, .. })));
    }
}
