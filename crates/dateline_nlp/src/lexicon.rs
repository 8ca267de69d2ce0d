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

/// A known entity from `aliases.tsv` or the actor dictionary `actors.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Known {
    pub(crate) canonical: &'static str,
    pub(crate) label: EntityLabel,
    /// CAMEO role (`GOV`, `MIL`, `REB`, `REL`, `PTY`, `IGO`, `NGO`, ...).
    pub(crate) actor_type: Option<&'static str>,
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
            known: known(include_str!("../data/aliases.tsv"), include_str!("../data/actors.tsv"))?,
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

fn parse_label(label: &str) -> Option<EntityLabel> {
    match label.trim() {
        "PER" => Some(EntityLabel::Per),
        "ORG" => Some(EntityLabel::Org),
        "LOC" => Some(EntityLabel::Loc),
        "NORP" => Some(EntityLabel::Norp),
        "MISC" => Some(EntityLabel::Misc),
        _ => None,
    }
}

/// Non-comment, non-blank lines with their 1-based numbers.
fn numbered(data: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    data.lines().enumerate().map(|(n, l)| (n + 1, l)).filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The known entities: the curated `aliases.tsv` first, then the actor
/// dictionary. An actor sharing a spelling with a curated entity of its label
/// lends it its other spellings and its type under the curated name; a
/// spelling that two actors claim is dropped, so neither absorbs the other.
fn known(curated: &'static str, actors: &'static str) -> Result<HashMap<String, Known>> {
    let mut map = HashMap::new();
    let mut curated_types: HashMap<&'static str, &'static str> = HashMap::new();
    for (n, line) in numbered(curated) {
        let bad = |reason: &str| Error::Data { file: "aliases.tsv", line: n, reason: reason.to_string() };
        let cells: Vec<&'static str> = line.split('\t').collect();
        let (&[canonical, alias, label] | &[canonical, alias, label, _]) = cells.as_slice() else {
            return Err(bad("expected canonical<TAB>alias<TAB>label[<TAB>actor type]"));
        };
        let label = parse_label(label).ok_or_else(|| bad(&format!("unknown label {label:?}")))?;
        if let Some(&kind) = cells.get(3).filter(|t| !t.trim().is_empty()) {
            curated_types.insert(canonical, kind.trim());
        }
        map.insert(heavy_key(alias), Known { canonical, label, actor_type: None });
    }
    let mut claimed: HashMap<String, &'static str> = HashMap::new();
    let mut dropped: HashSet<String> = HashSet::new();
    let mut entries = Vec::new();
    for (n, line) in numbered(actors) {
        let bad = |reason: &str| Error::Data { file: "actors.tsv", line: n, reason: reason.to_string() };
        let &[canonical, label, kind, _code, aliases] = line.split('\t').collect::<Vec<_>>().as_slice() else {
            return Err(bad("expected canonical<TAB>label<TAB>actor_type<TAB>cameo_code<TAB>aliases"));
        };
        let label = parse_label(label).ok_or_else(|| bad(&format!("unknown label {label:?}")))?;
        let kind = Some(kind).filter(|k| !k.is_empty());
        let keys: Vec<String> =
            std::iter::once(canonical).chain(aliases.split('|').filter(|a| !a.is_empty())).map(heavy_key).collect();
        let curated_match = keys.iter().find_map(|k| map.get(k).copied()).filter(|k| k.label == label);
        if let Some(curated) = curated_match {
            if let Some(kind) = kind {
                curated_types.entry(curated.canonical).or_insert(kind);
            }
            for key in keys {
                map.entry(key).or_insert(curated);
            }
            continue;
        }
        for key in &keys {
            if map.contains_key(key) {
                continue;
            }
            match claimed.get(key.as_str()) {
                Some(&other) if other != canonical => {
                    dropped.insert(key.clone());
                }
                _ => {
                    claimed.insert(key.clone(), canonical);
                }
            }
        }
        entries.push((keys, Known { canonical, label, actor_type: kind }));
    }
    for (keys, actor) in entries {
        for key in keys {
            if !dropped.contains(&key) {
                map.entry(key).or_insert(actor);
            }
        }
    }
    for known in map.values_mut() {
        if let Some(&kind) = curated_types.get(known.canonical) {
            known.actor_type = Some(kind);
        }
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

    fn canonical_of(map: &HashMap<String, Known>, name: &str) -> Option<&'static str> {
        map.get(&heavy_key(name)).map(|k| k.canonical)
    }

    #[test]
    fn actors_join_curated_names_and_drop_shared_spellings() -> Result<()> {
        let curated = "Ali Khamenei\tAli Khamenei\tPER\nAli Khamenei\tSayyid Ali Khamenei\tPER\nQuds Force\tQuds Force\tORG\tMIL\n";
        let actors = "# comment\n\
            Sayyid Ali Khamenei\tPER\tGOV\tIRNGOV\tAli Hoseini Khamenei\n\
            Bashar al-Assad\tPER\tGOV\tSYRGOV\tBashar Assad\n\
            Hafez al-Assad\tPER\tGOV\tSYRGOV\tBashar Assad\n\
            Revolutionary Guard\tORG\tMIL\tIRNMIL\tRevolutionary Guards\n";
        let map = known(curated, actors)?;
        assert_eq!(canonical_of(&map, "Ali Hoseini Khamenei"), Some("Ali Khamenei"), "curated name wins");
        assert_eq!(map.get(&heavy_key("Ali Khamenei")).and_then(|k| k.actor_type), Some("GOV"));
        assert_eq!(map.get(&heavy_key("Quds Force")).and_then(|k| k.actor_type), Some("MIL"));
        assert_eq!(canonical_of(&map, "Bashar al-Assad"), Some("Bashar al-Assad"));
        assert_eq!(canonical_of(&map, "Hafez Al Assad"), Some("Hafez al-Assad"));
        assert_eq!(canonical_of(&map, "Bashar Assad"), None, "a spelling two actors claim names neither");
        assert_eq!(canonical_of(&map, "Revolutionary Guards"), Some("Revolutionary Guard"));
        Ok(())
    }

    #[test]
    fn bad_dictionary_lines_are_errors() {
        assert!(known("A\tA\tPER\n", "Only two\tcells\n").is_err());
        assert!(known("A\tA\tXYZ\n", "").is_err());
        assert!(known("A\tA\tPER\n", "B\tPER\tGOV\tX\tB b\n").is_ok());
    }

    #[test]
    fn shipped_actor_dictionary_types_and_spellings() -> Result<()> {
        let lex = Lexicon::load()?;
        let khamenei = lex.known(&heavy_key("Ali Hoseini Khamenei"));
        assert_eq!(khamenei.map(|k| (k.canonical, k.actor_type)), Some(("Ali Khamenei", Some("GOV"))));
        let hezbollah = lex.known(&heavy_key("Hizbullah"));
        assert_eq!(
            hezbollah.map(|k| (k.canonical, k.label, k.actor_type)),
            Some(("Hezbollah", EntityLabel::Org, Some("REB")))
        );
        assert_ne!(lex.known(&heavy_key("Ali al-Sistani")), lex.known(&heavy_key("Ali Khamenei")));
        Ok(())
    }
}
