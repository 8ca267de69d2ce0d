//! Stories: single-pass online clustering of documents.
//!
//! A document is two sparse vectors: its canonical entities (weighted by label,
//! people and organisations above places and countries, times IDF; the most
//! common entities of a large corpus are dropped) and its content words (TF-IDF,
//! title words counted twice, the strongest few kept). Each vector is
//! normalised with the document frequencies known when the document arrives,
//! and added to its story's centroid, whose norm is kept up to date
//! incrementally. A new document is scored against the stories that an
//! inverted index (entity id or top term → stories) returns and whose dates
//! lie within the window (the ones sharing most keys first, at most
//! `story_candidates`); it joins the best one above the threshold or
//! starts a story.
//!
//! Two happenings of the same kind (two earthquakes on one island, two
//! players of one team arrested) share most of their vocabulary and many
//! entities, but a report of the other happening leads with names and words
//! the story has never given weight to. So the score loses a share of the
//! weight of the document's strongest entities and terms that are new to the
//! story (see [`Centroid::novelty`]). And when one side has no publication
//! date, so that the window cannot apply, the calendar years the texts state
//! do the window's work: a document and a story that both name years but no
//! year in common lose [`LinkConfig::story_year_penalty`]. A dated document
//! joins a story of undated ones only when it is far more similar than the
//! threshold asks ([`LinkConfig::story_undated_margin`]): an archive of undated
//! reports is as likely to be an earlier happening of the same kind.

use crate::LinkConfig;
use dateline_core::{Document, EntityLabel, GeoPrecision, TimexType};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A sparse vector, sorted by key.
pub(crate) type Vector = Vec<(String, f64)>;

/// A unit vector in fixed point, keyed by [`key_of`]: integers keep centroids
/// exact through any number of additions and through a JSON round trip, and
/// integer keys make the centroid lookups of scoring cheap.
pub(crate) type Quantized = Vec<(u64, i64)>;

/// The 64-bit key of an entity id or term in centroids and the story index.
fn key_of(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// Fixed-point scale of unit vector components.
const SCALE: f64 = 1_048_576.0;

/// The sum of the (fixed-point) unit vectors of a story's documents, with its squared norm.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Centroid {
    #[serde(serialize_with = "sorted", deserialize_with = "unsorted")]
    weights: KeyMap<i64>,
    norm2: i128,
    /// Vectors added (0 in state saved before it was counted).
    #[serde(default)]
    members: u32,
}

impl Centroid {
    fn dot(&self, v: &[(u64, i64)]) -> i128 {
        v.iter().map(|(k, w)| i128::from(*w) * i128::from(self.weights.get(k).copied().unwrap_or(0))).sum()
    }

    /// Cosine with a document vector.
    fn cosine(&self, v: &[(u64, i64)]) -> f64 {
        let own = norm2(v);
        if self.norm2 <= 0 || own <= 0 {
            return 0.0;
        }
        self.dot(v) as f64 / ((self.norm2 as f64).sqrt() * (own as f64).sqrt())
    }

    /// The mean cosine of a document vector with the member vectors: unlike
    /// [`Centroid::cosine`], it does not grow as more members of a broad
    /// story average out their own words, so a large story does not outrank
    /// a small one by its mass alone.
    fn mean_cosine(&self, v: &[(u64, i64)]) -> f64 {
        let own = norm2(v);
        if self.members == 0 || own <= 0 {
            return self.cosine(v);
        }
        self.dot(v) as f64 / (f64::from(self.members) * own as f64)
    }

    fn add(&mut self, v: &[(u64, i64)]) {
        self.norm2 += 2 * self.dot(v) + norm2(v);
        for (k, w) in v {
            *self.weights.entry(*k).or_insert(0) += w;
        }
        self.members += 1;
    }

    /// Takes back a vector added before; the integer sums come out exactly as without it.
    fn remove(&mut self, v: &[(u64, i64)]) {
        for (k, w) in v {
            if let Some(x) = self.weights.get_mut(k) {
                *x -= w;
                if *x == 0 {
                    self.weights.remove(k);
                }
            }
        }
        self.norm2 -= 2 * self.dot(v) + norm2(v);
        self.members = self.members.saturating_sub(1);
    }

    fn keys(&self) -> impl Iterator<Item = &u64> {
        self.weights.keys()
    }

    /// The share of the squared weight of `strongest` (a document's leading
    /// components) that falls on keys this centroid of `members` documents
    /// barely knows: on average under [`NEW_KEY_WEIGHT`] per member.
    fn novelty(&self, strongest: &[(u64, i64)], members: usize) -> Option<f64> {
        let total: i128 = norm2(strongest);
        if total <= 0 {
            return None;
        }
        let known = (NEW_KEY_WEIGHT * SCALE * members as f64) as i64;
        let new: i128 = strongest
            .iter()
            .filter(|(k, _)| self.weights.get(k).copied().unwrap_or(0) <= known)
            .map(|(_, w)| i128::from(*w) * i128::from(*w))
            .sum();
        Some(new as f64 / total as f64)
    }
}

/// Mean unit-vector weight per member below which a story does not know a key.
const NEW_KEY_WEIGHT: f64 = 0.05;

/// A map over [`key_of`] keys: they are hashes already, so the map does not hash them again.
type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Passes a [`key_of`] key through as its own hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Serializes a [`KeyMap`] in key order, so that the saved state is the same on every run.
fn sorted<S: serde::Serializer>(map: &KeyMap<i64>, serializer: S) -> Result<S::Ok, S::Error> {
    map.iter().collect::<BTreeMap<_, _>>().serialize(serializer)
}

fn unsorted<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<KeyMap<i64>, D::Error> {
    Ok(BTreeMap::<u64, i64>::deserialize(deserializer)?.into_iter().collect())
}

fn norm2(v: &[(u64, i64)]) -> i128 {
    v.iter().map(|(_, w)| i128::from(*w) * i128::from(*w)).sum()
}

/// One story of the link state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoryState {
    /// The first document's title or lead.
    pub(crate) label: String,
    /// Member documents, in the order they were added.
    pub(crate) docs: Vec<u32>,
    /// Earliest publication day (day number) of a dated member.
    pub(crate) first_day: Option<i32>,
    /// Latest publication day of a dated member.
    pub(crate) last_day: Option<i32>,
    entities: Centroid,
    terms: Centroid,
    /// Calendar years named by the member documents' explicit dates, with
    /// the number of members naming each (a member that leaves takes its years along).
    #[serde(default, deserialize_with = "year_counts")]
    years: BTreeMap<i32, u32>,
}

/// Reads year counts, or the plain year list of state saved before they were
/// counted. A visitor rather than an untagged enum: an untagged enum buffers
/// the value first, and a buffered JSON map key (`"2023"`) no longer reads as
/// an integer, so saved counts would not load and every later run would
/// relink from scratch.
fn year_counts<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<i32, u32>, D::Error> {
    struct Years;
    impl<'de> serde::de::Visitor<'de> for Years {
        type Value = BTreeMap<i32, u32>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map from year to count, or a list of years")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut counts = BTreeMap::new();
            while let Some((year, n)) = map.next_entry::<i32, u32>()? {
                counts.insert(year, n);
            }
            Ok(counts)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut counts = BTreeMap::new();
            while let Some(year) = seq.next_element::<i32>()? {
                counts.insert(year, 1);
            }
            Ok(counts)
        }
    }
    deserializer.deserialize_any(Years)
}

impl StoryState {
    /// A story started by one document.
    pub(crate) fn new(label: String) -> StoryState {
        StoryState { label, ..StoryState::default() }
    }

    /// Whether a document published on `day` may join (undated: always).
    fn in_window(&self, day: Option<i32>, window: i32) -> bool {
        match (day, self.first_day, self.last_day) {
            (Some(d), Some(first), Some(last)) => d >= first - window && d <= last + window,
            _ => true,
        }
    }

    fn score(&self, doc: &Weighted, day: Option<i32>, cfg: &LinkConfig) -> f64 {
        self.score_by(doc, day, cfg, Centroid::cosine)
    }

    /// The score with the size-neutral [`Centroid::mean_cosine`]: how an
    /// undated document, which no window confines to the stories of its
    /// time, ranks the dated stories it may move to (one of another year must
    /// not win by the mass of its reports alone).
    fn rank(&self, doc: &Weighted, day: Option<i32>, cfg: &LinkConfig) -> f64 {
        self.score_by(doc, day, cfg, Centroid::mean_cosine)
    }

    fn score_by(
        &self,
        doc: &Weighted,
        day: Option<i32>,
        cfg: &LinkConfig,
        cosine: fn(&Centroid, &[(u64, i64)]) -> f64,
    ) -> f64 {
        let share = cfg.story_entity_share;
        let similarity = match (doc.entities.is_empty(), doc.terms.is_empty()) {
            (false, false) => {
                share * cosine(&self.entities, &doc.entities) + (1.0 - share) * cosine(&self.terms, &doc.terms)
            }
            (false, true) => cosine(&self.entities, &doc.entities),
            (true, false) => cosine(&self.terms, &doc.terms),
            (true, true) => 0.0,
        };
        let novelty = cfg.story_novelty_penalty * (self.novelty(doc) - cfg.story_novelty_allowance).max(0.0);
        let other_years = if self.years_differ(doc, day) { cfg.story_year_penalty } else { 0.0 };
        similarity - novelty - other_years
    }

    /// Whether the document and the story name only different years while
    /// one of them has no publication day (two dated ones are kept apart by
    /// the window already; a dated report's background years must not count).
    fn years_differ(&self, doc: &Weighted, day: Option<i32>) -> bool {
        let undated = day.is_none() || self.first_day.is_none();
        undated
            && !doc.years.is_empty()
            && !self.years.is_empty()
            && !doc.years.iter().any(|y| self.years.contains_key(y))
    }

    /// How new the document's leading entities and terms are to this story
    /// (the mean of both shares; 0 for a story of one document, whose
    /// centroid is a single document and says nothing about what its story keeps).
    fn novelty(&self, doc: &Weighted) -> f64 {
        let members = self.docs.len();
        if members < 2 {
            return 0.0;
        }
        let shares: Vec<f64> = [
            self.entities.novelty(&doc.strongest_entities, members),
            self.terms.novelty(&doc.strongest_terms, members),
        ]
        .into_iter()
        .flatten()
        .collect();
        if shares.is_empty() { 0.0 } else { shares.iter().sum::<f64>() / shares.len() as f64 }
    }

    /// Adds a member document; duplicates pass `None` and leave the centroids alone.
    pub(crate) fn add(&mut self, doc: u32, day: Option<i32>, vectors: Option<&Weighted>) {
        self.docs.push(doc);
        if let Some(d) = day {
            self.first_day = Some(self.first_day.map_or(d, |f| f.min(d)));
            self.last_day = Some(self.last_day.map_or(d, |l| l.max(d)));
        }
        if let Some(v) = vectors {
            self.entities.add(&v.entities);
            self.terms.add(&v.terms);
            for y in &v.years {
                *self.years.entry(*y).or_insert(0) += 1;
            }
        }
    }

    /// Takes out an undated member added with `vectors`.
    pub(crate) fn remove(&mut self, doc: u32, vectors: &Weighted) {
        self.docs.retain(|&d| d != doc);
        self.entities.remove(&vectors.entities);
        self.terms.remove(&vectors.terms);
        for y in &vectors.years {
            if let Some(n) = self.years.get_mut(y) {
                *n -= 1;
                if *n == 0 {
                    self.years.remove(y);
                }
            }
        }
    }
}

/// Raw per-document features, before corpus weighting.
#[derive(Clone, Debug, Default)]
pub(crate) struct Features {
    /// Entity id → label weight × (1 + ln mentions).
    entities: Vector,
    /// Content word → 1 + ln count.
    terms: Vector,
    /// Years named by the document's explicit dates.
    years: BTreeSet<i32>,
}

/// A document's unit vectors under the current document frequencies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Weighted {
    entities: Quantized,
    terms: Quantized,
    /// Keys looked up in the inverted index: entities, then the top terms.
    lookup_entities: Vec<u64>,
    lookup_terms: Vec<u64>,
    /// The strongest components (at most [`STRONGEST_ENTITIES`] and
    /// [`STRONGEST_TERMS`]), whose novelty to a story counts against it.
    strongest_entities: Quantized,
    strongest_terms: Quantized,
    years: BTreeSet<i32>,
}

impl Weighted {
    /// The keys the document is looked up by: its entities, then its top terms.
    pub(crate) fn lookup_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.lookup_entities.iter().chain(&self.lookup_terms).copied()
    }
}

/// Leading entities of a document whose novelty to a story is measured.
const STRONGEST_ENTITIES: usize = 5;
/// Leading content words of a document whose novelty to a story is measured.
const STRONGEST_TERMS: usize = 10;

/// The `n` largest components of a unit vector, largest first.
fn strongest(v: &[(u64, i64)], n: usize) -> Quantized {
    let mut top = v.to_vec();
    top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(n);
    top
}

/// Document frequencies of entities and terms over the non-duplicate documents seen so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct DocFreq {
    docs: u32,
    entities: BTreeMap<String, u32>,
    terms: BTreeMap<String, u32>,
}

impl DocFreq {
    fn idf(&self, df: u32) -> f64 {
        // Counts the document being weighed as seen, so a new term has df 1.
        (f64::from(self.docs + 2) / f64::from(df + 2)).ln() + 1.0
    }

    /// Weighs and normalises `f` with the frequencies known now.
    pub(crate) fn weigh(&self, f: &Features, cfg: &LinkConfig) -> Weighted {
        let common = |df: u32| {
            self.docs >= cfg.common_entity_min_docs && f64::from(df) > cfg.common_entity_fraction * f64::from(self.docs)
        };
        let entities: Vector = f
            .entities
            .iter()
            .filter_map(|(k, w)| {
                let df = self.entities.get(k).copied().unwrap_or(0);
                (!common(df)).then(|| (k.clone(), w * self.idf(df)))
            })
            .collect();
        let mut terms: Vector =
            f.terms.iter().map(|(k, w)| (k.clone(), w * self.idf(self.terms.get(k).copied().unwrap_or(0)))).collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(cfg.story_terms);
        let lookup_terms = terms.iter().take(cfg.story_lookup_terms).map(|(k, _)| key_of(k)).collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let lookup_entities = entities.iter().map(|(k, _)| key_of(k)).collect();
        let (entities, terms) = (unit(entities), unit(terms));
        Weighted {
            strongest_entities: strongest(&entities, STRONGEST_ENTITIES),
            strongest_terms: strongest(&terms, STRONGEST_TERMS),
            entities,
            terms,
            lookup_entities,
            lookup_terms,
            years: f.years.clone(),
        }
    }

    /// Counts a document's entities and terms.
    pub(crate) fn add(&mut self, f: &Features) {
        self.docs += 1;
        for (k, _) in &f.entities {
            *self.entities.entry(k.clone()).or_insert(0) += 1;
        }
        for (k, _) in &f.terms {
            *self.terms.entry(k.clone()).or_insert(0) += 1;
        }
    }
}

/// The unit vector of `v` in fixed point, zero components dropped.
fn unit(v: Vector) -> Quantized {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm <= 0.0 {
        return Vec::new();
    }
    v.into_iter().map(|(k, w)| (key_of(&k), (w / norm * SCALE).round() as i64)).filter(|(_, w)| *w > 0).collect()
}

/// Entities and content words of a document.
pub(crate) fn features(doc: &Document) -> Features {
    let mut entities: BTreeMap<String, (f64, u32)> = BTreeMap::new();
    for m in &doc.entities {
        if m.entity_id.is_empty() {
            continue;
        }
        let country = m.label == EntityLabel::Loc
            && doc.places.iter().any(|p| p.span.overlaps(m.span) && p.place.precision == GeoPrecision::Country);
        let weight = match m.label {
            EntityLabel::Per | EntityLabel::Org => 2.0,
            EntityLabel::Loc if country => 0.5,
            EntityLabel::Loc | EntityLabel::Misc => 1.0,
            EntityLabel::Norp => 0.5,
        };
        let surname = if m.label == EntityLabel::Per { surname_key(&m.canonical) } else { None };
        for key in std::iter::once(m.entity_id.clone()).chain(surname) {
            let e = entities.entry(key).or_insert((0.0, 0));
            e.0 = e.0.max(weight);
            e.1 += 1;
        }
    }
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let title = doc.meta.title.as_deref().unwrap_or("");
    for (text, times) in [(doc.text(), 1), (title, 2)] {
        for word in content_words(text) {
            *counts.entry(word).or_insert(0) += times;
        }
    }
    Features {
        entities: entities.into_iter().map(|(k, (w, n))| (k, w * (1.0 + f64::from(n).ln()))).collect(),
        terms: counts.into_iter().map(|(k, n)| (k, 1.0 + f64::from(n).ln())).collect(),
        years: explicit_years(doc),
    }
}

/// A person's second story key, beside the entity id: the surname, so that "Comeaux",
/// "Arcade Joseph Comeaux Jr" and "Arcade Comeaux", which the entity stage may leave apart
/// across documents, still share a name. Within a story's reports one surname is nearly always
/// one person; the id keeps full-name matches stronger than surname-only ones.
fn surname_key(canonical: &str) -> Option<String> {
    const SUFFIXES: [&str; 6] = ["jr", "sr", "ii", "iii", "iv", "junior"];
    let surname = canonical
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .rfind(|w| !SUFFIXES.contains(&w.to_lowercase().as_str()))?;
    Some(format!("per:{}", surname.to_lowercase()))
}

/// Years of the document's dates that its text states ("in 2008", "January 24, 2020"), not ones
/// computed from an anchor ("last year") or flagged as implausible.
fn explicit_years(doc: &Document) -> BTreeSet<i32> {
    doc.times
        .iter()
        .filter(|t| {
            matches!(t.kind, TimexType::Date | TimexType::Time) && !t.relative && !t.implausible && t.value.len() >= 7
        })
        .filter_map(|t| t.value.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())))
        .filter_map(|y| y.parse().ok())
        .collect()
}

/// Lower-cased words of three or more letters that are not stop words.
fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && w.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|w| STOP_WORDS.binary_search(&w.as_str()).is_err())
}

/// English function words and reporting verbs, sorted.
const STOP_WORDS: &[&str] = &[
    "about", "above", "after", "again", "against", "all", "also", "among", "and", "another", "any", "are", "around",
    "because", "been", "before", "being", "between", "both", "but", "can", "could", "did", "does", "during", "each",
    "either", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "her", "here",
    "hers", "him", "his", "how", "however", "into", "its", "itself", "just", "last", "like", "made", "many", "may",
    "more", "most", "much", "must", "near", "never", "new", "not", "now", "off", "once", "one", "only", "other", "our",
    "out", "over", "own", "part", "said", "same", "say", "says", "she", "should", "since", "some", "still", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "though", "three",
    "through", "told", "too", "two", "under", "until", "upon", "very", "was", "way", "week", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would",
    "year", "years", "yet", "you", "your",
];

/// Inverted index: entity id or term → stories that contain it.
#[derive(Debug, Default)]
pub(crate) struct StoryIndex {
    entities: HashMap<u64, Vec<u32>>,
    terms: HashMap<u64, Vec<u32>>,
}

impl StoryIndex {
    /// The index of existing stories.
    pub(crate) fn build(stories: &[StoryState]) -> StoryIndex {
        let mut index = StoryIndex::default();
        for (id, s) in (0u32..).zip(stories) {
            for k in s.entities.keys() {
                post(&mut index.entities, *k, id);
            }
            for k in s.terms.keys() {
                post(&mut index.terms, *k, id);
            }
        }
        index
    }

    /// Files the keys a document brings to story `id`; call it before the
    /// document is added to `story`, so keys already filed are skipped.
    pub(crate) fn file(&mut self, id: u32, story: &StoryState, doc: &Weighted) {
        for (k, _) in &doc.entities {
            if !story.entities.weights.contains_key(k) {
                post(&mut self.entities, *k, id);
            }
        }
        for (k, _) in &doc.terms {
            if !story.terms.weights.contains_key(k) {
                post(&mut self.terms, *k, id);
            }
        }
    }

    /// The best story for a document (published on `day`), if any scores above the threshold.
    pub(crate) fn best(
        &self,
        stories: &[StoryState],
        doc: &Weighted,
        day: Option<i32>,
        cfg: &LinkConfig,
    ) -> Option<u32> {
        let mut best: Option<(u32, f64)> = None;
        for (id, story) in self.candidates(stories, doc, day, cfg) {
            let score = story.score(doc, day, cfg);
            let margin = if day.is_some() && story.first_day.is_none() { cfg.story_undated_margin } else { 0.0 };
            if score >= cfg.story_threshold + margin && best.is_none_or(|(_, b)| score > b) {
                best = Some((id, score));
            }
        }
        best.map(|(id, _)| id)
    }

    /// The story an undated document that sits in story `own` fits best
    /// among `own` and the dated stories above the threshold, ranked by
    /// [`StoryState::rank`] so that a story does not win by its mass alone;
    /// another story must outrank `own` by [`LinkConfig::story_move_margin`].
    pub(crate) fn best_dated(&self, stories: &[StoryState], doc: &Weighted, own: u32, cfg: &LinkConfig) -> Option<u32> {
        let mut best: Option<(u32, f64)> = None;
        for (id, story) in self.candidates(stories, doc, None, cfg) {
            if id != own && story.first_day.is_none() {
                continue;
            }
            let handicap = if id == own { cfg.story_move_margin } else { 0.0 };
            let rank = story.rank(doc, None, cfg) + handicap;
            if story.score(doc, None, cfg) >= cfg.story_threshold && best.is_none_or(|(_, b)| rank > b) {
                best = Some((id, rank));
            }
        }
        best.map(|(id, _)| id)
    }

    /// The stories in the window that share most index keys with a document, by id.
    fn candidates<'a>(
        &self,
        stories: &'a [StoryState],
        doc: &Weighted,
        day: Option<i32>,
        cfg: &LinkConfig,
    ) -> Vec<(u32, &'a StoryState)> {
        let window = i32::try_from(cfg.story_window_days).unwrap_or(i32::MAX);
        let mut shared: HashMap<u32, u32> = HashMap::new();
        let postings = doc
            .lookup_entities
            .iter()
            .filter_map(|k| self.entities.get(k))
            .chain(doc.lookup_terms.iter().filter_map(|k| self.terms.get(k)));
        for &id in postings.flat_map(|list| list.iter().rev().take(cfg.story_posting_scan)) {
            *shared.entry(id).or_insert(0) += 1;
        }
        let mut candidates: Vec<(u32, u32)> = shared
            .into_iter()
            .filter(|(id, _)| stories.get(*id as usize).is_some_and(|s| s.in_window(day, window)))
            .collect();
        candidates.sort_unstable_by_key(|&(id, n)| (std::cmp::Reverse(n), id));
        candidates.truncate(cfg.story_candidates);
        candidates.sort_unstable_by_key(|&(id, _)| id);
        candidates.into_iter().filter_map(|(id, _)| stories.get(id as usize).map(|s| (id, s))).collect()
    }
}

/// Inverted index: entity id or top term → documents without a publication
/// date of their own, whose story is reconsidered when a dated report near
/// them arrives ([`crate::Linker::reconsider_undated`]).
#[derive(Debug, Default)]
pub(crate) struct UndatedIndex {
    docs: HashMap<u64, Vec<u32>>,
}

impl UndatedIndex {
    /// Files undated document `id`.
    pub(crate) fn insert(&mut self, id: u32, doc: &Weighted) {
        for k in doc.lookup_keys() {
            post(&mut self.docs, k, id);
        }
    }

    /// The undated documents that share most lookup keys with `doc` (at most
    /// `story_candidates`, reading the `story_posting_scan` latest of each key), by id.
    pub(crate) fn near(&self, doc: &Weighted, cfg: &LinkConfig) -> Vec<u32> {
        let mut shared: HashMap<u32, u32> = HashMap::new();
        let postings = doc.lookup_keys().filter_map(|k| self.docs.get(&k));
        for &id in postings.flat_map(|list| list.iter().rev().take(cfg.story_posting_scan)) {
            *shared.entry(id).or_insert(0) += 1;
        }
        let mut near: Vec<(u32, u32)> = shared.into_iter().collect();
        near.sort_unstable_by_key(|&(id, n)| (std::cmp::Reverse(n), id));
        near.truncate(cfg.story_candidates);
        let mut ids: Vec<u32> = near.into_iter().map(|(id, _)| id).collect();
        ids.sort_unstable();
        ids
    }
}

fn post(map: &mut HashMap<u64, Vec<u32>>, key: u64, id: u32) {
    map.entry(key).or_default().push(id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{EntityMention, Meta, Span, TimeAnchor, TimeExpr, entity_id_for};

    fn doc(text: &str, people: &[&str]) -> Document {
        let mut d = Document::new("d", text, Meta::default());
        for p in people {
            d.entities.push(EntityMention {
                span: Span::new(0, 1),
                label: EntityLabel::Per,
                canonical: (*p).to_string(),
                entity_id: entity_id_for(EntityLabel::Per, p),
                actor_type: None,
            });
        }
        d
    }

    #[test]
    fn content_words_drop_stop_words_and_numbers() {
        let words: Vec<String> = content_words("The protesters said 2020 they would march, Baghdad.").collect();
        assert_eq!(words, ["protesters", "march", "baghdad"]);
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn centroid_norm_is_incremental() {
        let mut c = Centroid::default();
        let a = unit(vec![("x".into(), 1.0), ("y".into(), 1.0)]);
        let b = unit(vec![("y".into(), 1.0), ("z".into(), 2.0)]);
        c.add(&a);
        c.add(&b);
        let direct: i128 = c.weights.values().map(|w| i128::from(*w) * i128::from(*w)).sum();
        assert_eq!(c.norm2, direct);
        let mut only_a = Centroid::default();
        only_a.add(&a);
        assert!((only_a.cosine(&a) - 1.0).abs() < 1e-6);
        assert!(only_a.cosine(&b) > 0.2 && only_a.cosine(&b) < 0.4);
    }

    #[test]
    fn removing_a_vector_undoes_adding_it() {
        let a = unit(vec![("x".into(), 1.0), ("y".into(), 1.0)]);
        let b = unit(vec![("y".into(), 1.0), ("z".into(), 2.0)]);
        let mut only_a = Centroid::default();
        only_a.add(&a);
        let mut both = only_a.clone();
        both.add(&b);
        both.remove(&b);
        assert_eq!(both, only_a);
    }

    #[test]
    fn the_mean_cosine_does_not_grow_with_the_members() {
        let a = unit(vec![("x".into(), 1.0)]);
        let b = unit(vec![("y".into(), 1.0)]);
        let mut one = Centroid::default();
        one.add(&a);
        assert!((one.mean_cosine(&a) - one.cosine(&a)).abs() < 1e-9);
        let mut two = one.clone();
        two.add(&b);
        assert!((two.cosine(&a) - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert!((two.mean_cosine(&a) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn year_counts_survive_the_json_round_trip() -> Result<(), serde_json::Error> {
        let mut story = StoryState::new("a".into());
        story.years.insert(2023, 2);
        story.years.insert(2020, 1);
        let back: StoryState = serde_json::from_slice(&serde_json::to_vec(&story)?)?;
        assert_eq!(back.years, story.years);
        Ok(())
    }

    #[test]
    fn old_state_with_a_year_list_still_loads() -> Result<(), serde_json::Error> {
        let mut story = StoryState::new("a".into());
        story.years.insert(2020, 2);
        let mut json = serde_json::to_value(&story)?;
        json["years"] = serde_json::json!([2019, 2020]);
        let old: StoryState = serde_json::from_value(json)?;
        assert_eq!(old.years.into_iter().collect::<Vec<_>>(), [(2019, 1), (2020, 1)]);
        Ok(())
    }

    #[test]
    fn similar_documents_share_a_story_and_others_do_not() {
        let cfg = LinkConfig::default();
        let mut df = DocFreq::default();
        let a = features(&doc("Protesters marched against troops in the capital", &["Muqtada al-Sadr"]));
        let b = features(&doc("Protesters marched again against troops in the capital", &["Muqtada al-Sadr"]));
        let c = features(&doc("The central bank raised interest rates", &["Janet Yellen"]));
        let mut stories = vec![StoryState::new("a".into())];
        let wa = df.weigh(&a, &cfg);
        stories[0].add(0, None, Some(&wa));
        df.add(&a);
        let index = StoryIndex::build(&stories);
        assert_eq!(index.best(&stories, &df.weigh(&b, &cfg), None, &cfg), Some(0));
        assert_eq!(index.best(&stories, &df.weigh(&c, &cfg), None, &cfg), None);
    }

    #[test]
    fn a_dated_report_needs_a_margin_to_join_an_undated_story() {
        let mut df = DocFreq::default();
        let a = features(&doc("Protesters marched against troops in the capital", &["Muqtada al-Sadr"]));
        let b = features(&doc("Protesters marched in the capital on Friday", &["Muqtada al-Sadr"]));
        let base = LinkConfig::default();
        let wa = df.weigh(&a, &base);
        df.add(&a);
        let wb = df.weigh(&b, &base);
        let mut undated = vec![StoryState::new("a".into())];
        undated[0].add(0, None, Some(&wa));
        let score = undated[0].score(&wb, Some(19_000), &base);
        let cfg = LinkConfig { story_threshold: score - 0.1, story_undated_margin: 0.2, ..base };
        let index = StoryIndex::build(&undated);
        assert_eq!(index.best(&undated, &wb, Some(19_000), &cfg), None, "dated report, undated story");
        assert_eq!(index.best(&undated, &wb, None, &cfg), Some(0), "both undated");
        let mut dated = vec![StoryState::new("a".into())];
        dated[0].add(0, Some(19_000), Some(&wa));
        assert_eq!(StoryIndex::build(&dated).best(&dated, &wb, Some(19_001), &cfg), Some(0), "both dated");
    }

    #[test]
    fn a_report_leading_with_names_new_to_the_story_scores_lower() {
        let cfg = LinkConfig::default();
        let mut df = DocFreq::default();
        let mut story = StoryState::new("jackson".into());
        for text in
            ["Chargers receiver arrested on drunk driving charge", "Chargers receiver arrested, will play Sunday"]
        {
            let f = features(&doc(text, &["Vincent Jackson", "Norv Turner"]));
            story.add(u32::try_from(story.docs.len()).unwrap_or(0), None, Some(&df.weigh(&f, &cfg)));
            df.add(&f);
        }
        let same = df.weigh(&features(&doc("Chargers receiver arrested on charge", &["Vincent Jackson"])), &cfg);
        let other =
            df.weigh(&features(&doc("Chargers lineman arrested on drunk driving charge", &["Jamal Williams"])), &cfg);
        assert!(story.novelty(&same) < cfg.story_novelty_allowance);
        assert!(story.novelty(&other) > 0.5);
        let unpenalized = LinkConfig { story_novelty_penalty: 0.0, ..cfg.clone() };
        assert!(story.score(&other, None, &cfg) < story.score(&other, None, &unpenalized));
        assert!((story.score(&same, None, &cfg) - story.score(&same, None, &unpenalized)).abs() < 1e-9);
    }

    #[test]
    fn a_story_of_one_document_sees_no_novelty() {
        let cfg = LinkConfig::default();
        let df = DocFreq::default();
        let mut story = StoryState::new("a".into());
        story.add(0, None, Some(&df.weigh(&features(&doc("Quake hits island", &["Qeshm"])), &cfg)));
        let other = df.weigh(&features(&doc("Jewellery heist in Paris", &["Harry Winston"])), &cfg);
        assert!(story.novelty(&other).abs() < f64::EPSILON);
    }

    #[test]
    fn persons_share_a_story_key_by_surname() {
        assert_eq!(surname_key("Arcade Joseph Comeaux Jr.").as_deref(), Some("per:comeaux"));
        let short = features(&doc("x", &["Comeaux"]));
        let full = features(&doc("x", &["Arcade Joseph Comeaux Jr"]));
        let other = features(&doc("x", &["Arcade Joseph Thibodeaux"]));
        let shared = |a: &Features, b: &Features| {
            a.entities.iter().filter(|(k, _)| b.entities.iter().any(|(j, _)| j == k)).count()
        };
        assert_eq!(shared(&short, &full), 1);
        assert_eq!(shared(&other, &full), 0);
    }

    fn dated(text: &str, values: &[&str]) -> Document {
        let mut d = doc(text, &["Ahmed Nasser"]);
        for v in values {
            d.times.push(TimeExpr {
                span: Span::new(0, 1),
                value: (*v).to_string(),
                kind: TimexType::Date,
                anchor: TimeAnchor::Absolute,
                implausible: false,
                relative: false,
            });
        }
        d
    }

    #[test]
    fn explicit_years_skip_bare_years_and_computed_dates() {
        let mut d = dated("x", &["2008-11-26", "2003", "2012-05"]);
        if let Some(t) = d.times.last_mut() {
            t.relative = true;
        }
        assert_eq!(explicit_years(&d).into_iter().collect::<Vec<_>>(), [2008]);
    }

    #[test]
    fn an_undated_report_naming_other_years_scores_lower() {
        let cfg = LinkConfig::default();
        let df = DocFreq::default();
        let text = "Gunmen attacked hotels in Mumbai, killing dozens";
        let mut story = StoryState::new("mumbai".into());
        story.add(0, Some(14_209), Some(&df.weigh(&features(&dated(text, &["2008-11-26"])), &cfg)));
        let same_year = df.weigh(&features(&dated(text, &["2008-11-27"])), &cfg);
        let other_year = df.weigh(&features(&dated(text, &["2011-07-13"])), &cfg);
        let no_year = df.weigh(&features(&dated(text, &[])), &cfg);
        let base = story.score(&no_year, None, &cfg);
        assert!((story.score(&same_year, None, &cfg) - base).abs() < 1e-9);
        assert!((base - story.score(&other_year, None, &cfg) - cfg.story_year_penalty).abs() < 1e-9);
        assert!(
            (story.score(&other_year, Some(14_210), &cfg) - base).abs() < 1e-9,
            "two dated sides: the window decides"
        );
    }
}
