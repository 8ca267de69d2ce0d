//! Near-duplicates, stories, cross-document event clusters, claims and disagreements.
//!
//! The link stage is the one corpus-level stage. A [`Linker`] takes batches
//! of analysed documents in input order and decides, incrementally:
//!
//! - **near-duplicates**: MinHash (128 hash functions, word 5-gram shingles)
//!   with LSH banding (16 bands × 8 rows) for candidates, verified at an
//!   estimated Jaccard similarity of 0.8; a copy points to the earliest one;
//! - **stories**: single-pass clustering on weighted canonical entities and
//!   content words, candidates from an inverted index, within a window of
//!   publication dates;
//! - **event clusters**: events of different documents that are the same
//!   happening (type, date, place, actors or story agree);
//! - **claims** per cluster, the attributes sources **disagree** on, and
//!   consensus date and place;
//! - **publication dates** for undated documents, from their story.
//!
//! Documents are never rewritten: [`Linker::links`] yields the [`Links`]
//! overlay, and [`Linker::state`] the [`LinkState`] to persist and restore
//! with [`Linker::from_state`]. The same documents in the same order give
//! the same ids and links, in one batch or many.
//!
//! # Example
//! ```
//! use dateline_core::{Document, Meta};
//! use dateline_link::{LinkConfig, Linker};
//!
//! let text = "Tens of thousands of Iraqis marched in Baghdad on Friday to demand the withdrawal of US troops.";
//! let docs = [
//!     Document::new("a", text, Meta::default()),
//!     Document::new("b", text, Meta::default()),
//! ];
//! let mut linker = Linker::new(LinkConfig::default());
//! linker.add(&docs);
//! let links = linker.links();
//! assert_eq!(links.documents[1].duplicate_of.as_deref(), Some("a"));
//! assert_eq!(links.documents[0].story_id, links.documents[1].story_id);
//! ```

mod calendar;
mod claims;
mod cluster;
mod dedup;
mod minhash;
mod pairs;
mod published;
mod state;
mod story;

pub use dateline_core::Links;
pub use pairs::{NearDuplicatePairs, exact_jaccard, near_duplicate_pairs};
pub use state::LinkState;

use cluster::{ClusterState, EventIndex, EventState};
use dateline_core::{DocLinks, Document, Span, Story};
use dedup::LshIndex;
use minhash::MinHasher;
use state::{DocState, UndatedAnalysis};
use std::collections::HashMap;
use story::{StoryIndex, StoryState, UndatedIndex, Weighted};

/// Thresholds and sizes of the link stage.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkConfig {
    /// Estimated Jaccard similarity at which two documents are near-duplicates.
    pub duplicate_jaccard: f64,
    /// Words per shingle. Signatures in a saved state were made with the value then in force.
    pub shingle_words: usize,
    /// LSH bands; `lsh_bands × lsh_rows` is at most 128 (bands are dropped to fit).
    pub lsh_bands: usize,
    /// Signature rows per LSH band.
    pub lsh_rows: usize,
    /// A dated document joins a story only within this many days of the story's dated
    /// documents. The window reaches from the story's earliest to its latest report, so a
    /// developing story (a manhunt, its capture, the charges a month later) goes on.
    pub story_window_days: u32,
    /// Least similarity (0–1) between a document and a story for it to join.
    pub story_threshold: f64,
    /// Share of the similarity given by entities; the rest comes from content words.
    pub story_entity_share: f64,
    /// Similarity lost per unit of novelty above the allowance: the share of
    /// a document's leading entities and words that a story of two or more
    /// documents has not given weight to (a report of another happening of
    /// the same kind leads with names the story lacks).
    pub story_novelty_penalty: f64,
    /// Novelty (0–1) that costs nothing: every new report brings some new names.
    pub story_novelty_allowance: f64,
    /// Similarity lost when a document and a story, one of them undated, both
    /// name calendar years and share none: the day window cannot keep apart
    /// two happenings of the same kind years apart, but the years they name can.
    pub story_year_penalty: f64,
    /// Similarity a dated document needs above the threshold to join a story none of whose
    /// documents is dated: nothing shows that the story is not an earlier happening of the same kind.
    pub story_undated_margin: f64,
    /// Rank (mean cosine) by which a dated story must beat an undated document's own story
    /// for the document to move there when its story is reconsidered.
    pub story_move_margin: f64,
    /// Content words kept per document.
    pub story_terms: usize,
    /// Strongest content words looked up in the story index.
    pub story_lookup_terms: usize,
    /// Most candidate stories scored per document (those sharing most index keys).
    pub story_candidates: usize,
    /// Most recent stories read from one index key's postings: a key shared by
    /// thousands of stories says little, and old stories fall outside the window.
    pub story_posting_scan: usize,
    /// An entity in more than this fraction of the documents is ignored for stories...
    pub common_entity_fraction: f64,
    /// ...once the corpus has at least this many documents.
    pub common_entity_min_docs: u32,
    /// Places farther apart than this (km) are different places.
    pub cluster_place_km: f64,
    /// Days two dates may differ when one fell back to the publication date.
    pub anchor_day_tolerance: i32,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            duplicate_jaccard: 0.8,
            shingle_words: 5,
            lsh_bands: 16,
            lsh_rows: 8,
            story_window_days: 30,
            story_threshold: 0.15,
            story_entity_share: 0.4,
            story_novelty_penalty: 0.1,
            story_novelty_allowance: 0.2,
            story_year_penalty: 0.5,
            story_undated_margin: 0.5,
            story_move_margin: 0.0,
            story_terms: 100,
            story_lookup_terms: 10,
            story_candidates: 64,
            story_posting_scan: 256,
            common_entity_fraction: 0.3,
            common_entity_min_docs: 20,
            cluster_place_km: 50.0,
            anchor_day_tolerance: 1,
        }
    }
}

impl LinkConfig {
    /// Bands and rows that fit a signature.
    fn banding(&self) -> (usize, usize) {
        let rows = self.lsh_rows.clamp(1, minhash::NUM_PERM);
        (self.lsh_bands.clamp(1, minhash::NUM_PERM / rows), rows)
    }
}

/// Indexes derived from the state, rebuilt when a linker is restored.
#[derive(Debug, Default)]
struct Indexes {
    by_id: HashMap<String, u32>,
    lsh: LshIndex,
    stories: StoryIndex,
    events: EventIndex,
    undated: UndatedIndex,
}

impl Indexes {
    fn build(state: &LinkState, cfg: &LinkConfig) -> Indexes {
        let (bands, rows) = cfg.banding();
        let mut ix = Indexes {
            lsh: LshIndex::new(bands, rows),
            stories: StoryIndex::build(&state.stories),
            ..Indexes::default()
        };
        for (i, d) in (0u32..).zip(&state.docs) {
            ix.by_id.insert(d.id.clone(), i);
            if let Some(sig) = &d.signature {
                ix.lsh.insert(i, sig);
            }
            if let Some(vectors) = &d.vectors {
                ix.undated.insert(i, vectors);
            }
        }
        for (i, e) in (0u32..).zip(&state.events).filter(|(_, e)| e.cluster != cluster::RETIRED) {
            ix.events.insert(i, state.story_of(e.doc).unwrap_or(0), e);
        }
        ix
    }
}

/// The incremental linker: feed it batches, read the overlay, save its state.
#[derive(Debug)]
pub struct Linker {
    cfg: LinkConfig,
    state: LinkState,
    hasher: MinHasher,
    index: Indexes,
    /// Story vectors of the dated documents added since the undated ones
    /// were last reconsidered: the late evidence to weigh them against.
    fresh_dated: Vec<Weighted>,
}

impl Linker {
    /// A linker with nothing linked yet.
    pub fn new(cfg: LinkConfig) -> Linker {
        Linker::from_state(cfg, LinkState::default())
    }

    /// A linker that goes on from a saved state.
    pub fn from_state(cfg: LinkConfig, state: LinkState) -> Linker {
        let index = Indexes::build(&state, &cfg);
        Linker { hasher: MinHasher::new(cfg.shingle_words), cfg, state, index, fresh_dated: Vec::new() }
    }

    /// The state to persist (everything needed to go on later).
    pub fn state(&self) -> &LinkState {
        &self.state
    }

    /// Whether a document with this id was linked already.
    pub fn contains(&self, doc_id: &str) -> bool {
        self.index.by_id.contains_key(doc_id)
    }

    /// Adds documents in input order; they join existing stories and clusters
    /// or start new ones. Documents already linked are skipped.
    pub fn add(&mut self, docs: &[Document]) {
        for doc in docs {
            if !self.contains(&doc.id) {
                self.add_one(doc);
            }
        }
    }

    fn add_one(&mut self, doc: &Document) {
        let id = u32::try_from(self.state.docs.len()).unwrap_or(u32::MAX);
        let day = doc.meta.published.map(calendar::day_number);

        let signature = self.hasher.signature(doc.text());
        let duplicate_of = signature.as_ref().and_then(|sig| {
            let docs = &self.state.docs;
            dedup::earliest_copy(&self.index.lsh, sig, self.cfg.duplicate_jaccard, |c| {
                docs.get(c as usize).and_then(|d| d.signature.as_ref())
            })
            .map(|c| docs.get(c as usize).and_then(|d| d.duplicate_of).unwrap_or(c))
        });
        if let Some(sig) = &signature {
            self.index.lsh.insert(id, sig);
        }

        let (story, vectors) = match duplicate_of.and_then(|c| self.state.story_of(c)) {
            Some(s) => {
                if let Some(st) = self.state.stories.get_mut(s as usize) {
                    st.add(id, day, None);
                }
                (s, None)
            }
            None => {
                let (story, weighted) = self.place_in_story(doc, id, day);
                if day.is_some() {
                    self.fresh_dated.push(weighted);
                    (story, None)
                } else {
                    self.index.undated.insert(id, &weighted);
                    (story, Some(weighted))
                }
            }
        };

        let first_event = u32::try_from(self.state.events.len()).unwrap_or(u32::MAX);
        let events = self.link_events(doc, id, story);
        let hints = doc.meta.published.is_none().then(|| published::hints(doc, first_event));
        self.index.by_id.insert(doc.id.clone(), id);
        self.state.docs.push(DocState {
            id: doc.id.clone(),
            published: doc.meta.published,
            signature,
            duplicate_of,
            story,
            events,
            hints,
            vectors,
            reanchored: None,
            undated: None,
        });
    }

    /// Once every document of a batch is in, weighs the undated documents near
    /// the dated ones that came since the last call (sharing most index keys
    /// with them) against the stories those joined: a dated report that came
    /// later in the input (the one an undated report follows up) may fit an
    /// undated document better than the story it found on arrival. Such a
    /// document moves when a dated story outranks its own; between undated
    /// stories nothing new is known, so the choice made on arrival stands. A
    /// moved document's events are clustered again within its new story. Call
    /// it before [`Linker::inferred_dates`]; returns how many documents moved.
    pub fn reconsider_undated(&mut self) -> usize {
        let mut near: Vec<u32> =
            self.fresh_dated.iter().flat_map(|doc| self.index.undated.near(doc, &self.cfg)).collect();
        self.fresh_dated.clear();
        near.sort_unstable();
        near.dedup();
        near.into_iter().filter(|&id| self.reconsider(id)).count()
    }

    /// Moves undated document `id` to the dated story it fits best, if that is not its own; true when it moved.
    fn reconsider(&mut self, id: u32) -> bool {
        let Some(d) = self.state.docs.get(id as usize) else { return false };
        let (Some(vectors), None, None) = (&d.vectors, d.published, d.duplicate_of) else { return false };
        let (vectors, old) = (vectors.clone(), d.story);
        if self.has_other_undated(old, id) {
            return false;
        }
        let Some(current) = self.state.stories.get_mut(old as usize) else { return false };
        let mut without = current.clone();
        without.remove(id, &vectors);
        let with = std::mem::replace(current, without);
        match self.index.stories.best_dated(&self.state.stories, &vectors, old, &self.cfg) {
            Some(new) if new != old => {
                self.move_to_story(id, old, new, &vectors);
                true
            }
            _ => {
                if let Some(current) = self.state.stories.get_mut(old as usize) {
                    *current = with;
                }
                false
            }
        }
    }

    /// Whether story `story` holds an undated document other than `id`. Such
    /// documents found the story on their own and back each other in it, by
    /// evidence the ranking among dated stories does not see; moving one away
    /// pulls a report out of a group about one happening into a dated story of
    /// a like happening at another time (ECB+ story B3 0.924 -> 0.907 without
    /// this check). The reconsideration is for the undated report alone among
    /// dated ones, whose lead report may only come later.
    fn has_other_undated(&self, story: u32, id: u32) -> bool {
        self.state.stories.get(story as usize).is_some_and(|s| {
            s.docs.iter().any(|&d| d != id && self.state.docs.get(d as usize).is_some_and(|x| x.published.is_none()))
        })
    }

    /// Adds undated document `id`, already taken out of story `old`, to story `new`, and clusters its events again.
    fn move_to_story(&mut self, id: u32, old: u32, new: u32, vectors: &Weighted) {
        if let Some(st) = self.state.stories.get_mut(new as usize) {
            self.index.stories.file(new, st, vectors);
            st.add(id, None, Some(vectors));
        }
        let Some(d) = self.state.docs.get_mut(id as usize) else { return };
        d.story = new;
        if let Some(undated) = d.undated.take() {
            d.reanchored = None;
            d.hints = undated.hints;
            let dated = std::mem::replace(&mut d.events, undated.events);
            self.retire(&dated);
        }
        let events = self.state.docs.get(id as usize).map(|d| d.events.clone()).unwrap_or_default();
        for e in events {
            let Some(ev) = self.state.events.get(e as usize) else { continue };
            if let Some(c) = self.state.clusters.get_mut(ev.cluster as usize) {
                c.events.retain(|&x| x != e);
            }
            let docs = &self.state.docs;
            let chosen = self.index.events.assign(
                ev,
                new,
                &self.state.events,
                &self.state.clusters,
                |m| docs.get(m as usize).map_or(u32::MAX, |x| x.story),
                &self.cfg,
            );
            let cluster = self.join_cluster(chosen, e);
            if let Some(ev) = self.state.events.get_mut(e as usize) {
                ev.cluster = cluster;
                self.index.events.move_story(e, old, new, ev);
            }
        }
    }

    /// Adds event `event` to the cluster chosen for it, or to a new one when none was; returns the cluster.
    fn join_cluster(&mut self, chosen: Option<u32>, event: u32) -> u32 {
        let cluster = chosen.unwrap_or_else(|| {
            self.state.clusters.push(ClusterState::default());
            u32::try_from(self.state.clusters.len() - 1).unwrap_or(u32::MAX)
        });
        if let Some(c) = self.state.clusters.get_mut(cluster as usize) {
            c.events.push(event);
        }
        cluster
    }

    /// Takes events out of their clusters for good (a re-analysis replaced them).
    fn retire(&mut self, events: &[u32]) {
        for &e in events {
            if let Some(ev) = self.state.events.get_mut(e as usize) {
                if let Some(c) = self.state.clusters.get_mut(ev.cluster as usize) {
                    c.events.retain(|&x| x != e);
                }
                ev.cluster = cluster::RETIRED;
            }
        }
    }

    /// Puts the events of document `id` (of story `story`) in clusters and
    /// returns their indexes.
    fn link_events(&mut self, doc: &Document, id: u32, story: u32) -> Vec<u32> {
        let first_event = u32::try_from(self.state.events.len()).unwrap_or(u32::MAX);
        let mut events = Vec::with_capacity(doc.events.len());
        for (eid, event) in (first_event..).zip(&doc.events) {
            let mut ev = EventState::of(doc, id, event);
            let docs = &self.state.docs;
            let chosen = self.index.events.assign(
                &ev,
                story,
                &self.state.events,
                &self.state.clusters,
                |d| {
                    if d == id { story } else { docs.get(d as usize).map_or(u32::MAX, |x| x.story) }
                },
                &self.cfg,
            );
            let cluster = self.join_cluster(chosen, eid);
            ev.cluster = cluster;
            self.index.events.insert(eid, story, &ev);
            self.state.events.push(ev);
            events.push(eid);
        }
        events
    }

    /// The undated documents whose story now gives them a publication date
    /// other than the one they were last re-analysed against, with that date:
    /// the ones to re-analyse and hand to [`Linker::reanchor`].
    pub fn inferred_dates(&self) -> Vec<(&str, jiff::civil::Date)> {
        (0u32..)
            .zip(&self.state.docs)
            .filter(|(_, d)| d.published.is_none())
            .filter_map(|(i, d)| published::infer(&self.state, i).map(|p| (d, p)))
            .filter(|(d, p)| d.reanchored != Some(*p))
            .map(|(d, p)| (d.id.as_str(), p))
            .collect()
    }

    /// Takes the re-analysis of a document linked without a publication date,
    /// now analysed against the date its story gave it (`doc.meta.published`):
    /// its old events leave their clusters and the new ones are clustered.
    /// The date stays an inference: the document keeps its story for now, but
    /// a later dated report may still move it ([`Linker::reconsider_undated`])
    /// and so change its date. Returns false, changing nothing, when the
    /// document is unknown, has a date of its own, `doc` has no date, or it
    /// was re-analysed against that date already.
    pub fn reanchor(&mut self, doc: &Document) -> bool {
        let Some(&id) = self.index.by_id.get(&doc.id) else { return false };
        let Some(state) = self.state.docs.get(id as usize) else { return false };
        if state.published.is_some() || doc.meta.published.is_none() || state.reanchored == doc.meta.published {
            return false;
        }
        let (story, old) = (state.story, state.events.clone());
        self.retire(&old);
        let first_event = u32::try_from(self.state.events.len()).unwrap_or(u32::MAX);
        let events = self.link_events(doc, id, story);
        if let Some(state) = self.state.docs.get_mut(id as usize) {
            if state.undated.is_none() {
                state.undated = Some(UndatedAnalysis { events: old, hints: state.hints.take() });
            }
            state.reanchored = doc.meta.published;
            state.hints = Some(published::hints(doc, first_event));
            state.events = events;
        }
        true
    }

    /// Puts a new (not duplicate) document in the best story or a new one;
    /// returns the story and the document's story vectors.
    fn place_in_story(&mut self, doc: &Document, id: u32, day: Option<i32>) -> (u32, Weighted) {
        let features = story::features(doc);
        let weighted = self.state.freq.weigh(&features, &self.cfg);
        let story = self.index.stories.best(&self.state.stories, &weighted, day, &self.cfg).unwrap_or_else(|| {
            self.state.stories.push(StoryState::new(label(doc)));
            u32::try_from(self.state.stories.len() - 1).unwrap_or(u32::MAX)
        });
        if let Some(st) = self.state.stories.get_mut(story as usize) {
            self.index.stories.file(story, st, &weighted);
            st.add(id, day, Some(&weighted));
        }
        self.state.freq.add(&features);
        (story, weighted)
    }

    /// The whole overlay for every document seen so far, documents in the order added.
    pub fn links(&self) -> Links {
        let st = &self.state;
        let inferred: Vec<Option<jiff::civil::Date>> =
            (0u32..).zip(&st.docs).map(|(i, _)| published::infer(st, i)).collect();
        let documents = st
            .docs
            .iter()
            .zip(&inferred)
            .map(|(d, published)| DocLinks {
                doc_id: d.id.clone(),
                story_id: Some(state::story_id(d.story)),
                duplicate_of: d.duplicate_of.map(|c| st.doc_id(c).to_string()),
                published: *published,
            })
            .collect();
        let event_clusters = st
            .events
            .iter()
            .filter(|e| e.cluster != cluster::RETIRED)
            .map(|e| (e.id.clone(), claims::cluster_id(e.cluster as usize)))
            .collect();
        let clusters = (0..st.clusters.len())
            .filter(|&i| st.clusters.get(i).is_some_and(|c| !c.events.is_empty()))
            .map(|i| claims::record(st, i, &self.cfg))
            .collect();
        let event_dates = (0..st.clusters.len()).flat_map(|i| claims::member_dates(st, i, &self.cfg)).collect();
        let stories = (0u32..)
            .zip(&st.stories)
            .filter(|(_, s)| !s.docs.is_empty())
            .map(|(i, s)| {
                let mut docs = s.docs.clone();
                docs.sort_by_key(|&d| {
                    let date = st
                        .docs
                        .get(d as usize)
                        .and_then(|x| x.published)
                        .or_else(|| inferred.get(d as usize).copied().flatten());
                    (date.is_none(), date, d)
                });
                let mut in_story: Vec<u32> = docs
                    .iter()
                    .filter_map(|&d| st.docs.get(d as usize))
                    .flat_map(|d| d.events.iter().filter_map(|&e| st.events.get(e as usize)).map(|e| e.cluster))
                    .collect();
                in_story.sort_unstable();
                in_story.dedup();
                Story {
                    story_id: state::story_id(i),
                    label: s.label.clone(),
                    documents: docs.iter().map(|&d| st.doc_id(d).to_string()).collect(),
                    clusters: in_story.into_iter().map(|c| claims::cluster_id(c as usize)).collect(),
                }
            })
            .collect();
        Links { documents, event_clusters, event_dates, clusters, stories }
    }
}

/// A story label: the title, else the first line of the text, cut at 100 characters.
fn label(doc: &Document) -> String {
    let body = doc.slice(Span::new(doc.meta.body_start as usize, doc.text().len()));
    let source = doc.meta.title.as_deref().unwrap_or_else(|| body.lines().find(|l| !l.trim().is_empty()).unwrap_or(""));
    let trimmed = source.trim();
    if trimmed.chars().count() <= 100 {
        trimmed.to_string()
    } else {
        let mut cut: String = trimmed.chars().take(99).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::Meta;

    fn doc(id: &str, text: &str, published: Option<&str>) -> Document {
        let meta = Meta { published: published.and_then(|p| p.parse().ok()), ..Meta::default() };
        Document::new(id, text, meta)
    }

    fn story_of(links: &Links, id: &str) -> Option<String> {
        links.documents.iter().find(|d| d.doc_id == id).and_then(|d| d.story_id.clone())
    }

    #[test]
    fn an_undated_report_moves_to_the_dated_story_that_came_after_it() {
        let mut linker = Linker::new(LinkConfig::default());
        linker.add(&[
            doc(
                "march",
                "Protesters marched in Baghdad against American troops, demanding withdrawal",
                Some("2020-01-24"),
            ),
            doc("undated", "Supporters gathered at the border crossing for Gaza; protesters marched in Baghdad", None),
            doc("border", "Supporters gathered at the border crossing in solidarity with Gaza", Some("2023-10-20")),
        ]);
        let before = linker.links();
        assert_eq!(story_of(&before, "undated"), story_of(&before, "march"), "joins the only story on arrival");
        assert_eq!(linker.reconsider_undated(), 1);
        let after = linker.links();
        assert_eq!(story_of(&after, "undated"), story_of(&after, "border"));
        assert_ne!(story_of(&after, "undated"), story_of(&after, "march"));
        assert!(after.stories.iter().all(|s| !s.documents.is_empty()));
        let restored = Linker::from_state(LinkConfig::default(), linker.state().clone());
        assert_eq!(restored.links(), after, "the moved document's state round-trips");
    }
}
