//! The persistent link state: per-document and per-event summaries, stories,
//! clusters and document frequencies. Indexes (LSH buckets, id lookup,
//! inverted indexes) are derived from it and rebuilt when a linker is restored.

use crate::cluster::{ClusterState, EventState};
use crate::minhash::Signature;
use crate::published::DateHints;
use crate::story::{DocFreq, StoryState, Weighted};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What linking keeps of one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct DocState {
    pub(crate) id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) published: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) signature: Option<Signature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) duplicate_of: Option<u32>,
    pub(crate) story: u32,
    /// Its events, by index into [`LinkState::events`].
    pub(crate) events: Vec<u32>,
    /// Relative-date hints, kept for undated documents only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) hints: Option<DateHints>,
    /// Story vectors, kept for undated documents only: their story is
    /// reconsidered once the batch is in ([`crate::Linker::reconsider_undated`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) vectors: Option<Weighted>,
    /// The date its story gave an undated document when it was last
    /// re-analysed ([`crate::Linker::reanchor`]); it is re-analysed again
    /// when its story comes to give another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reanchored: Option<Date>,
    /// The events and hints of its analysis without a date, kept (the events
    /// retired) once it is re-analysed against the date its story gave it: a
    /// document that then moves to another story goes back to them, since
    /// events dated against the old story's date would not cluster in the new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) undated: Option<UndatedAnalysis>,
}

/// The events (by index into [`LinkState::events`]) and relative-date hints
/// of a document's analysis without a publication date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct UndatedAnalysis {
    pub(crate) events: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) hints: Option<DateHints>,
}

/// Everything needed to continue linking later: per-document summaries
/// (MinHash signature, story, duplicate link, events, relative-date hints of
/// undated documents), per-event summaries (type, date, place, actor ids,
/// claims), stories with their entity and term centroids, cluster membership
/// and document frequencies. Whole documents are not kept. Serialize it with
/// serde (JSON is deterministic: maps are ordered) and restore it with
/// [`crate::Linker::from_state`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkState {
    format: u32,
    pub(crate) docs: Vec<DocState>,
    pub(crate) events: Vec<EventState>,
    pub(crate) stories: Vec<StoryState>,
    pub(crate) clusters: Vec<ClusterState>,
    pub(crate) freq: DocFreq,
}

impl Default for LinkState {
    fn default() -> Self {
        LinkState {
            format: 1,
            docs: Vec::new(),
            events: Vec::new(),
            stories: Vec::new(),
            clusters: Vec::new(),
            freq: DocFreq::default(),
        }
    }
}

impl LinkState {
    /// Number of documents linked so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was linked yet.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub(crate) fn doc_id(&self, doc: u32) -> &str {
        self.docs.get(doc as usize).map_or("", |d| d.id.as_str())
    }

    pub(crate) fn is_duplicate(&self, doc: u32) -> bool {
        self.docs.get(doc as usize).is_some_and(|d| d.duplicate_of.is_some())
    }

    pub(crate) fn story_of(&self, doc: u32) -> Option<u32> {
        self.docs.get(doc as usize).map(|d| d.story)
    }
}

/// The record-format id of story `index` (`s-1` is the first).
pub(crate) fn story_id(index: u32) -> String {
    format!("s-{}", u64::from(index) + 1)
}
