//! The shipped GeoNames gazetteer (`data/gazetteer.tsv.gz`, built by
//! `data/build_gazetteer.py`; GeoNames data, CC BY 4.0).

use crate::error::{Error, Result};
use dateline_core::{GeoPrecision, Place};
use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::io::Read;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// The name index: folded name → entry indices, [`ALTERNATE`] set where the name is only an alternate.
type NameIndex = HashMap<String, Vec<u32>, Xxh3DefaultBuilder>;

/// Marks an index hit made through an alternate name rather than the place's own (preferred or ASCII) name.
const ALTERNATE: u32 = 1 << 31;

static DATA: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");

/// One gazetteer place.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// GeoNames id; 0 for the few admin1 areas known only from their cities.
    pub geonameid: u32,
    /// Preferred name.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// GeoNames feature code (`PPLC`, `PPL`, `ADM1`, `PCLI`, ...).
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 country code; empty for continents.
    pub country_code: String,
    /// Name of the first-level administrative area; empty when unknown.
    pub admin1: String,
    /// Population (0 when unknown).
    pub population: u64,
}

impl Entry {
    /// How precise a point for this kind of place is.
    pub fn precision(&self) -> GeoPrecision {
        match self.feature_code.as_str() {
            "PCLI" | "CONT" => GeoPrecision::Country,
            // A county or district is known to within its first-level area, not to a city.
            "ADM1" | "ADM2" => GeoPrecision::Admin1,
            "PPLX" => GeoPrecision::Point,
            _ => GeoPrecision::City,
        }
    }

    /// The entry as the place of a resolved toponym.
    pub fn to_place(&self) -> Place {
        Place {
            name: self.name.clone(),
            geonameid: (self.geonameid != 0).then_some(self.geonameid),
            lat: self.lat,
            lon: self.lon,
            country_code: self.country_code.clone(),
            admin1: (!self.admin1.is_empty()).then(|| self.admin1.clone()),
            feature_code: self.feature_code.clone(),
            precision: self.precision(),
        }
    }
}

/// A gazetteer hit: the entry and whether the name is the place's own rather than one of its alternates.
#[derive(Clone, Copy, Debug)]
pub struct Match<'a> {
    /// The place.
    pub entry: &'a Entry,
    /// Whether the looked-up name is the place's preferred or ASCII name.
    pub own_name: bool,
}

/// The gazetteer: entries, an index from folded names to them and one from abbreviations as written.
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_name: NameIndex,
    by_abbreviation: HashMap<String, Vec<u32>, Xxh3DefaultBuilder>,
}

/// Words that names abbreviate, spelled out in keys: `St. Petersburg` and `Saint Petersburg` are one name.
const KEY_WORDS: [(&str, &str); 5] =
    [("st", "saint"), ("ste", "sainte"), ("mt", "mount"), ("ft", "fort"), ("pt", "port")];

/// The index key of a name: lowercase, apostrophes and periods dropped, hyphens as spaces, and the
/// abbreviated words of [`KEY_WORDS`] spelled out.
pub(crate) fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\'' | '’' | '‘' | 'ʼ' | 'ʿ' | 'ʾ' | '`' | '.' => {}
            '-' | '‐' => key.push(' '),
            c => key.extend(c.to_lowercase()),
        }
    }
    if key.split(' ').any(|w| KEY_WORDS.iter().any(|(short, _)| *short == w)) {
        let words: Vec<&str> = key
            .split(' ')
            .map(|w| KEY_WORDS.iter().find(|(short, _)| *short == w).map_or(w, |(_, long)| long))
            .collect();
        key = words.join(" ");
    }
    key
}

/// Whether an alternate name is an abbreviation (`Calif.`, `N.J.`): matched only as written.
fn is_abbreviation(name: &str) -> bool {
    name.ends_with('.') && !name.contains(' ')
}

/// Whether a code is written like a US postal abbreviation: two capital letters.
pub(crate) fn is_postal_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The dotted initials of a first-level area's name of several capitalised words, the way the press
/// abbreviates it: `B.C.` (British Columbia), `P.E.I.`, `N.S.W.` (New South Wales); `None` for one word.
fn dotted_initials(name: &str) -> Option<String> {
    let initials: Vec<char> =
        name.split([' ', '-']).filter_map(|w| w.chars().next()).filter(|c| c.is_ascii_uppercase()).collect();
    (initials.len() >= 2).then(|| initials.iter().map(|c| format!("{c}.")).collect())
}

impl Gazetteer {
    /// Decompresses and indexes the shipped gazetteer.
    pub fn load() -> Result<Gazetteer> {
        let mut text = String::with_capacity(DATA.len() * 3);
        GzDecoder::new(DATA).read_to_string(&mut text)?;
        Gazetteer::parse(&text)
    }

    fn parse(text: &str) -> Result<Gazetteer> {
        let mut entries = Vec::with_capacity(210_000);
        let mut by_name = NameIndex::with_capacity_and_hasher(600_000, Xxh3DefaultBuilder);
        let mut by_abbreviation = HashMap::with_hasher(Xxh3DefaultBuilder);
        for (n, line) in text.lines().enumerate() {
            let bad = |reason: &str| Error::Row { line: n + 1, reason: reason.to_string() };
            let mut c = line.split('\t');
            let mut next = || c.next().ok_or_else(|| bad("expected 11 tab-separated columns"));
            let (gid, name, ascii, alts, lat, lon) = (next()?, next()?, next()?, next()?, next()?, next()?);
            let (fcode, cc, admin1_code, a1name, pop) = (next()?, next()?, next()?, next()?, next()?);
            let id = u32::try_from(entries.len()).map_err(|_| bad("too many rows"))?;
            for n in [name, ascii] {
                let ids = by_name.entry(name_key(n)).or_default();
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
            }
            for alt in alts.split(',').filter(|a| !a.is_empty()) {
                if is_abbreviation(alt) {
                    by_abbreviation.entry(alt.to_string()).or_insert_with(Vec::new).push(id);
                    continue;
                }
                let ids = by_name.entry(name_key(alt)).or_default();
                if ids.last().is_none_or(|&last| last & !ALTERNATE != id) {
                    ids.push(id | ALTERNATE);
                }
            }
            if fcode == "ADM1" {
                // A US state's code is its postal abbreviation ("Dudley, NC"), written without dots.
                let postal = (cc == "US" && is_postal_code(admin1_code)).then(|| admin1_code.to_string());
                for written in dotted_initials(name).into_iter().chain(postal) {
                    let ids = by_abbreviation.entry(written).or_insert_with(Vec::new);
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            entries.push(Entry {
                geonameid: gid.parse().map_err(|_| bad("bad geonameid"))?,
                name: name.to_string(),
                lat: lat.parse().map_err(|_| bad("bad latitude"))?,
                lon: lon.parse().map_err(|_| bad("bad longitude"))?,
                feature_code: fcode.to_string(),
                country_code: cc.to_string(),
                admin1: a1name.to_string(),
                population: pop.parse().map_err(|_| bad("bad population"))?,
            });
        }
        Ok(Gazetteer { entries, by_name, by_abbreviation })
    }

    /// Every entry with this name (preferred, ASCII or alternate), any case.
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        self.matches(name).into_iter().map(|m| m.entry).collect()
    }

    /// Every entry with this name, any case, each marked with whether the name is its own.
    pub fn matches(&self, name: &str) -> Vec<Match<'_>> {
        self.by_name
            .get(&name_key(name))
            .map(|ids| {
                ids.iter()
                    .filter_map(|&i| {
                        let entry = self.entries.get((i & !ALTERNATE) as usize)?;
                        Some(Match { entry, own_name: i & ALTERNATE == 0 })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The areas an abbreviation names, written exactly as in the text (`Calif.`, `N.J.`).
    pub fn abbreviation(&self, written: &str) -> Vec<&Entry> {
        self.by_abbreviation
            .get(written)
            .map(|ids| ids.iter().filter_map(|&i| self.entries.get(i as usize)).collect())
            .unwrap_or_default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_the_shipped_gazetteer() -> Result<()> {
        let t = std::time::Instant::now();
        let g = Gazetteer::load()?;
        eprintln!("gazetteer: {} entries in {:?}", g.len(), t.elapsed());
        assert!(g.len() > 200_000 && g.len() < 250_000);
        let baghdad = g.lookup("Baghdad");
        let capital = baghdad.iter().find(|e| e.geonameid == 98182);
        assert!(
            capital.is_some_and(|e| e.feature_code == "PPLC" && e.country_code == "IQ" && e.population > 5_000_000)
        );
        assert!(g.lookup("BAGHDAD").len() == baghdad.len() && g.lookup("Bagdad").iter().any(|e| e.geonameid == 98182));
        let anbar = g.lookup("Anbar");
        assert!(anbar.iter().any(|e| e.feature_code == "ADM1" && e.country_code == "IQ"));
        let jordan = g.lookup("Jordan");
        assert!(jordan.iter().any(|e| e.geonameid == 248816 && e.precision() == GeoPrecision::Country));
        Ok(())
    }

    #[test]
    fn counties_abbreviations_and_spelled_out_words() -> Result<()> {
        let g = Gazetteer::load()?;
        let suffolk = g.lookup("Suffolk");
        assert!(suffolk.iter().any(|e| e.geonameid == 2636561 && e.feature_code == "ADM2" && e.admin1 == "England"));
        assert!(suffolk.iter().all(|e| e.feature_code != "ADM2" || e.precision() == GeoPrecision::Admin1));
        assert!(g.abbreviation("Calif.").iter().any(|e| e.geonameid == 5332921));
        assert!(g.abbreviation("Calif").is_empty() && g.lookup("Calif.").is_empty(), "abbreviations only as written");
        for (initials, geonameid) in [("B.C.", 5909050), ("P.E.I.", 6113358), ("N.S.W.", 2155400)] {
            assert!(g.abbreviation(initials).iter().any(|e| e.geonameid == geonameid), "{initials}");
        }
        assert!(g.abbreviation("NC").iter().any(|e| e.name == "North Carolina" && e.feature_code == "ADM1"));
        assert!(g.abbreviation("OK").iter().all(|e| e.name == "Oklahoma"), "postal codes of US states only");
        assert_eq!(dotted_initials("Newfoundland and Labrador").as_deref(), Some("N.L."));
        assert_eq!(dotted_initials("Quebec"), None);
        let saint = g.matches("St. Petersburg");
        assert!(saint.iter().any(|m| m.entry.country_code == "RU"), "St. is Saint");
        assert!(saint.iter().any(|m| m.entry.country_code == "US" && m.own_name));
        let harare = g.matches("Salisbury");
        assert!(harare.iter().any(|m| m.entry.geonameid == 890299 && !m.own_name), "Harare's old name is an alternate");
        Ok(())
    }

    /// Country and admin1 rows carry GeoNames' own point (what GeoNames-based gold data uses), not
    /// another source's centre some hundred kilometres away.
    #[test]
    fn areas_carry_the_geonames_point() -> Result<()> {
        let g = Gazetteer::load()?;
        for (name, geonameid, lat, lon) in [
            ("United States", 6252001, 39.76, -98.5),
            ("Canada", 6251999, 60.10867, -113.64258),
            ("New York", 5128638, 43.00035, -75.4999),
        ] {
            let entry = g.lookup(name).into_iter().find(|e| e.geonameid == geonameid);
            assert!(
                entry.is_some_and(|e| (e.lat - lat).abs() < 0.01 && (e.lon - lon).abs() < 0.05),
                "{name}: {:?}",
                entry.map(|e| (e.lat, e.lon))
            );
        }
        Ok(())
    }

    #[test]
    fn keys_spell_out_abbreviated_words() {
        assert_eq!(name_key("St. Louis"), "saint louis");
        assert_eq!(name_key("Mt. Kenya"), "mount kenya");
        assert_eq!(name_key("Sault Ste. Marie"), "sault sainte marie");
        assert_eq!(name_key("Stanley"), "stanley");
    }

    #[test]
    fn malformed_rows_are_errors() {
        assert!(matches!(Gazetteer::parse("1\tX"), Err(Error::Row { line: 1, .. })));
        let row = "1\tX\tX\t\tnan?\t2\tPPL\tIQ\t01\tA\t5";
        assert!(matches!(Gazetteer::parse(row), Err(Error::Row { line: 1, .. })));
    }
}
