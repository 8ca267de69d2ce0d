//! The word lists shipped in `data/`, loaded once.

use crate::canonical::heavy_key;
use crate::error::{Error, Result};
use dateline_core::EntityLabel;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static ABBREVIATIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../data/abbreviations.txt")).collect());

/// Abbreviations that take a period only before a number (`No. 5`).
const NUMERIC_ABBREVIATIONS: [&str; 6] = ["no", "nos", "vol", "art", "pp", "fig"];

/// Whether `word` (without its final period) is a known abbreviation.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    word.len() <= 8 && ABBREVIATIONS.contains(word.to_lowercase().as_str())
}

/// Whether `word` is an abbreviation that takes a period before a number.
pub(crate) fn is_numeric_abbreviation(word: &str) -> bool {
    NUMERIC_ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Non-empty, non-comment lines.
fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn lowercase_set(data: &'static str) -> HashSet<String> {
    entries(data).map(str::to_lowercase).collect()
}

/// Lines `canonical|variant|...`: every folded spelling to its canonical.
fn variants(data: &'static str) -> HashMap<String, &'static str> {
    let mut map = HashMap::new();
    for line in entries(data) {
        let mut parts = line.split('|');
        let canonical = parts.next().unwrap_or(line);
        for v in std::iter::once(canonical).chain(parts) {
            map.entry(heavy_key(v)).or_insert(canonical);
        }
    }
    map
}

/// A known entity from `aliases.tsv`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Known {
    pub(crate) canonical: &'static str,
    pub(crate) label: EntityLabel,
}

/// Every list the recogniser and the canonicaliser use.
pub(crate) struct Lexicon {
    titles: HashSet<String>,
    max_title_words: usize,
    org_heads: HashSet<String>,
    loc_heads: HashSet<String>,
    connectors: HashSet<String>,
    stopwords: HashSet<String>,
    first_names: HashSet<String>,
    norp: HashMap<String, &'static str>,
    places: HashMap<String, &'static str>,
    known: HashMap<String, Known>,
}

impl Lexicon {
    /// Loads the shipped lists.
    pub(crate) fn load() -> Result<Lexicon> {
        let titles = lowercase_set(include_str!("../data/titles.txt"));
        let max_title_words = titles.iter().map(|t| t.split(' ').count()).max().unwrap_or(1);
        let mut places = variants(include_str!("../data/countries.txt"));
        for (k, v) in variants(include_str!("../data/places.txt")) {
            places.entry(k).or_insert(v);
        }
        Ok(Lexicon {
            titles,
            max_title_words,
            org_heads: lowercase_set(include_str!("../data/org_heads.txt")),
            loc_heads: lowercase_set(include_str!("../data/loc_heads.txt")),
            connectors: lowercase_set(include_str!("../data/connectors.txt")),
            stopwords: lowercase_set(include_str!("../data/stopwords.txt")),
            first_names: lowercase_set(include_str!("../data/first_names.txt")),
            norp: variants(include_str!("../data/norp.txt")),
            places,
            known: known(include_str!("../data/aliases.tsv"))?,
        })
    }

    /// Whether the lowercase words form a title (`lt gen`, `grand ayatollah`).
    pub(crate) fn is_title(&self, words: &str) -> bool {
        self.titles.contains(words)
    }

    /// The longest title has this many words.
    pub(crate) fn max_title_words(&self) -> usize {
        self.max_title_words
    }

    /// Whether the lowercase word makes a name an organisation.
    pub(crate) fn is_org_head(&self, lower: &str) -> bool {
        self.org_heads.contains(lower)
    }

    /// Whether the lowercase word makes a name a place.
    pub(crate) fn is_loc_head(&self, lower: &str) -> bool {
        self.loc_heads.contains(lower)
    }

    /// Whether the lowercase word may join capitalised words into one name.
    pub(crate) fn is_connector(&self, lower: &str) -> bool {
        self.connectors.contains(lower)
    }

    /// Whether the lowercase word never is a name.
    pub(crate) fn is_stopword(&self, lower: &str) -> bool {
        self.stopwords.contains(lower)
    }

    /// Whether the lowercase word is a given name.
    pub(crate) fn is_first_name(&self, lower: &str) -> bool {
        self.first_names.contains(lower)
    }

    /// The canonical nationality or group for a folded key (`shiite` → `Shiite`).
    pub(crate) fn norp(&self, key: &str) -> Option<&'static str> {
        self.norp.get(key).copied()
    }

    /// The canonical country or major place for a folded key.
    pub(crate) fn place(&self, key: &str) -> Option<&'static str> {
        self.places.get(key).copied()
    }

    /// The known entity for a folded key.
    pub(crate) fn known(&self, key: &str) -> Option<Known> {
        self.known.get(key).copied()
    }
}

fn known(data: &'static str) -> Result<HashMap<String, Known>> {
    let mut map = HashMap::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason: &str| Error::Data { file: "aliases.tsv", line: n + 1, reason: reason.to_string() };
        let mut cells = line.split('\t');
        let (Some(canonical), Some(alias), Some(label), None) =
            (cells.next(), cells.next(), cells.next(), cells.next())
        else {
            return Err(bad("expected canonical<TAB>alias<TAB>label"));
        };
        let label = match label.trim() {
            "PER" => EntityLabel::Per,
            "ORG" => EntityLabel::Org,
            "LOC" => EntityLabel::Loc,
            "NORP" => EntityLabel::Norp,
            "MISC" => EntityLabel::Misc,
            other => return Err(bad(&format!("unknown label {other:?}"))),
        };
        map.insert(heavy_key(alias), Known { canonical, label });
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() -> Result<()> {
        let lex = Lexicon::load()?;
        assert!(lex.is_title("grand ayatollah") && lex.is_title("lt gen"));
        assert!(lex.is_org_head("forces") && lex.is_first_name("muqtada"));
        assert_eq!(lex.norp(&heavy_key("Shi'ite")), Some("Shiite"));
        assert_eq!(lex.place(&heavy_key("U.S.")), Some("United States"));
        assert_eq!(lex.known(&heavy_key("Kata’ib Hezbollah")).map(|k| k.canonical), Some("Kataib Hezbollah"));
        assert!(is_abbreviation("U.S") && is_abbreviation("Lt") && !is_abbreviation("Iraq"));
        Ok(())
    }
}
