//! Cross-document event clusters: events in different documents that report
//! the same happening.
//!
//! A new event is compared with the events an index returns: those of its
//! document's story and those sharing an actor. Two events are compatible
//! when their types match (PROTEST and MOBILIZE pair), their dates agree
//! given their precision, their places are within the distance limit, in one
//! admin1, or one contains the other, and they share an actor or a story;
//! besides, at least one of date or place must be known on both sides and
//! agree, so that two vague events never merge on type alone. The event joins
//! the best cluster it is compatible with as a whole (every member), which
//! never holds an event of its own document, or starts one.

use crate::LinkConfig;
use crate::calendar;
use dateline_core::{Count, DatePrecision, Document, Event, EventDate, EventType, GeoPrecision, Place};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A count claim as the document words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CountClaim {
    pub(crate) value: u64,
    pub(crate) at_least: bool,
    pub(crate) text: String,
}

impl CountClaim {
    fn of(doc: &Document, c: &Count) -> CountClaim {
        CountClaim { value: c.value, at_least: c.at_least, text: doc.slice(c.span).to_string() }
    }
}

/// A crowd size claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RangeClaim {
    pub(crate) min: u64,
    pub(crate) max: u64,
    pub(crate) text: String,
}

/// What linking keeps of one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct EventState {
    pub(crate) id: String,
    pub(crate) doc: u32,
    pub(crate) kind: EventType,
    pub(crate) date: Option<EventDate>,
    pub(crate) place: Option<Place>,
    pub(crate) actors: Vec<String>,
    /// Entity ids of the targets (victims, addressees), sorted; absent in state written before they were kept.
    #[serde(default)]
    pub(crate) targets: Vec<String>,
    pub(crate) crowd: Option<RangeClaim>,
    pub(crate) fatalities: Option<CountClaim>,
    pub(crate) injuries: Option<CountClaim>,
    pub(crate) cluster: u32,
}

impl EventState {
    /// The summary of `event` of `doc` (document number `doc_index`), not yet in a cluster.
    pub(crate) fn of(doc: &Document, doc_index: u32, event: &Event) -> EventState {
        let ids = |ps: &[dateline_core::Participant]| {
            let mut ids: Vec<String> = ps.iter().filter_map(|a| a.entity_id.clone()).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let (actors, targets) = (ids(&event.actors), ids(&event.targets));
        EventState {
            id: event.id.clone(),
            doc: doc_index,
            kind: event.kind,
            date: event.date.clone(),
            place: event.place.clone(),
            actors,
            targets,
            crowd: event.crowd_size.as_ref().map(|c| RangeClaim {
                min: c.min,
                max: c.max,
                text: doc.slice(c.span).to_string(),
            }),
            fatalities: event.fatalities.as_ref().map(|c| CountClaim::of(doc, c)),
            injuries: event.injuries.as_ref().map(|c| CountClaim::of(doc, c)),
            cluster: u32::MAX,
        }
    }

    /// The day interval of the date and whether it is the publication-date fallback.
    pub(crate) fn days(&self) -> Option<(i32, i32, bool)> {
        let d = self.date.as_ref()?;
        calendar::interval(&d.value, d.precision).map(|(a, b)| (a, b, d.source.is_none()))
    }
}

/// The cluster of an event replaced by a re-analysis of its document: in no cluster.
pub(crate) const RETIRED: u32 = u32::MAX;

/// Member events of one cluster, in the order they joined.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ClusterState {
    pub(crate) events: Vec<u32>,
}

/// Whether two date intervals agree: two days must match (within the
/// tolerance when either fell back to the publication date), coarser values
/// must overlap.
pub(crate) fn dates_agree(a: (i32, i32, bool), b: (i32, i32, bool), tolerance: i32) -> bool {
    let (a_day, b_day) = (a.0 == a.1, b.0 == b.1);
    if a_day && b_day {
        let slack = if a.2 || b.2 { tolerance } else { 0 };
        (a.0 - b.0).abs() <= slack
    } else {
        a.0 <= b.1 && b.0 <= a.1
    }
}

/// Whether two places can be the same location: near, in one admin1, or
/// one is the country or admin1 that holds the other.
pub(crate) fn places_agree(a: &Place, b: &Place, max_km: f64) -> bool {
    if a.distance_km(b) <= max_km {
        return true;
    }
    if a.country_code != b.country_code {
        return false;
    }
    let contains = |outer: &Place, inner: &Place| match outer.precision {
        GeoPrecision::Country => true,
        GeoPrecision::Admin1 => outer.admin1.is_some() && outer.admin1 == inner.admin1,
        GeoPrecision::Point | GeoPrecision::City => false,
    };
    (a.admin1.is_some() && a.admin1 == b.admin1) || contains(a, b) || contains(b, a)
}

fn types_agree(a: EventType, b: EventType) -> bool {
    let protest = |t| matches!(t, EventType::Protest | EventType::Mobilize);
    a == b || (protest(a) && protest(b))
}

/// Whether two events cannot be one happening: one document, other types,
/// dates or places that disagree.
fn conflict(a: &EventState, b: &EventState, cfg: &LinkConfig) -> bool {
    a.doc == b.doc
        || !types_agree(a.kind, b.kind)
        || matches!((a.days(), b.days()), (Some(x), Some(y)) if !dates_agree(x, y, cfg.anchor_day_tolerance))
        || matches!((&a.place, &b.place), (Some(x), Some(y)) if !places_agree(x, y, cfg.cluster_place_km))
}

/// How well two events of different documents match; `None` when they cannot be one event
/// or nothing shows that they are.
pub(crate) fn affinity(a: &EventState, b: &EventState, same_story: bool, cfg: &LinkConfig) -> Option<f64> {
    if a.doc == b.doc || !types_agree(a.kind, b.kind) {
        return None;
    }
    let shared = |x: &[String], y: &[String]| x.iter().any(|id| y.binary_search(id).is_ok());
    let shared_actor = shared(&a.actors, &b.actors);
    // The same doer and the same victim (`the US strike that killed
    // Soleimani`); not for statements, which the same people repeat.
    let same_parties = !a.kind.is_verbal() && shared_actor && shared(&a.targets, &b.targets);
    let mut evidence = if same_parties { 1.0 } else { 0.0 };
    match (a.days(), b.days()) {
        (Some(x), Some(y)) => {
            if !dates_agree(x, y, cfg.anchor_day_tolerance) {
                return None;
            }
            evidence += if x.0 == x.1 && y.0 == y.1 { 2.0 } else { 1.0 };
        }
        // An undated event has no time to check against: only its story or
        // the same doer and victim can vouch for it.
        _ if !same_story && !same_parties => return None,
        _ => {}
    }
    if let (Some(x), Some(y)) = (&a.place, &b.place) {
        if !places_agree(x, y, cfg.cluster_place_km) {
            return None;
        }
        evidence += 1.0;
    }
    if evidence == 0.0 || !(shared_actor || same_story) {
        return None;
    }
    Some(evidence + f64::from(u8::from(shared_actor)) + f64::from(u8::from(same_story)))
}

/// Event indexes: story → events, actor entity → events.
#[derive(Debug, Default)]
pub(crate) struct EventIndex {
    by_story: HashMap<u32, Vec<u32>>,
    by_actor: HashMap<String, Vec<u32>>,
}

impl EventIndex {
    /// Files event `id` of story `story`.
    pub(crate) fn insert(&mut self, id: u32, story: u32, event: &EventState) {
        self.by_story.entry(story).or_default().push(id);
        for a in &event.actors {
            self.by_actor.entry(a.clone()).or_default().push(id);
        }
    }

    /// Files event `id` under story `new` instead of `old`, which its document
    /// has left, and under its actors if it was not there (an event back from
    /// retirement, which a restored index leaves out).
    pub(crate) fn move_story(&mut self, id: u32, old: u32, new: u32, event: &EventState) {
        if let Some(list) = self.by_story.get_mut(&old) {
            list.retain(|&e| e != id);
        }
        self.by_story.entry(new).or_default().push(id);
        for a in &event.actors {
            let list = self.by_actor.entry(a.clone()).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }

    /// Chooses the cluster for `event` of story `story`: the best compatible
    /// existing cluster, or `None` for a new one.
    pub(crate) fn assign(
        &self,
        event: &EventState,
        story: u32,
        events: &[EventState],
        clusters: &[ClusterState],
        story_of: impl Fn(u32) -> u32,
        cfg: &LinkConfig,
    ) -> Option<u32> {
        let mut candidates: Vec<u32> = self
            .by_story
            .get(&story)
            .into_iter()
            .chain(event.actors.iter().filter_map(|a| self.by_actor.get(a)))
            .flatten()
            .filter_map(|&e| events.get(e as usize).map(|ev| ev.cluster))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(u32, f64)> = None;
        for c in candidates {
            let Some(cluster) = clusters.get(c as usize) else {
                continue;
            };
            // Every member must be compatible and one must vouch for the
            // event: a report that names the victim but not the day still
            // joins a cluster that some other report dates.
            let mut total = 0.0;
            let mut vouched = false;
            let mut ok = !cluster.events.is_empty();
            for &m in &cluster.events {
                let Some(member) = events.get(m as usize) else {
                    continue;
                };
                if conflict(event, member, cfg) {
                    ok = false;
                    break;
                }
                if let Some(a) = affinity(event, member, story_of(member.doc) == story, cfg) {
                    total += a;
                    vouched = true;
                }
            }
            let score = total / cluster.events.len().max(1) as f64;
            if ok && vouched && best.is_none_or(|(_, b)| score > b) {
                best = Some((c, score));
            }
        }
        best.map(|(c, _)| c)
    }
}

/// The precision rank used to prefer finer values (lower is finer).
pub(crate) fn date_rank(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 0,
        DatePrecision::Week => 1,
        DatePrecision::Month => 2,
        DatePrecision::Year => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, lat: f64, lon: f64, admin1: &str, precision: GeoPrecision) -> Place {
        Place {
            name: name.into(),
            geonameid: None,
            lat,
            lon,
            country_code: "IQ".into(),
            admin1: Some(admin1.into()),
            feature_code: "PPL".into(),
            precision,
        }
    }

    fn event(doc: u32, date: Option<&str>, place: Option<Place>) -> EventState {
        EventState {
            id: format!("{doc}#ev1"),
            doc,
            kind: EventType::Protest,
            date: date.and_then(|v| {
                DatePrecision::of_timex(v).map(|precision| EventDate {
                    value: v.into(),
                    precision,
                    source: Some(dateline_core::Span::new(0, 1)),
                })
            }),
            place,
            actors: vec!["e-1".into()],
            targets: Vec::new(),
            crowd: None,
            fatalities: None,
            injuries: None,
            cluster: 0,
        }
    }

    #[test]
    fn date_agreement_respects_precision() {
        let d = |v: &str, anchor: bool| {
            DatePrecision::of_timex(v).and_then(|p| calendar::interval(v, p)).map(|(a, b)| (a, b, anchor))
        };
        let ok = |a: Option<(i32, i32, bool)>, b: Option<(i32, i32, bool)>| match (a, b) {
            (Some(a), Some(b)) => dates_agree(a, b, 1),
            _ => false,
        };
        assert!(ok(d("2020-01-24", false), d("2020-W04", false)));
        assert!(ok(d("2020-01-24", false), d("2020-01", false)));
        assert!(!ok(d("2020-01-24", false), d("2020-01-25", false)));
        assert!(ok(d("2020-01-24", false), d("2020-01-25", true)));
        assert!(!ok(d("2020-01-24", false), d("2020-02", false)));
    }

    #[test]
    fn places_near_or_contained_agree() {
        let baghdad = place("Baghdad", 33.34, 44.40, "Baghdad", GeoPrecision::City);
        let jadriya = place("Jadriya", 33.28, 44.38, "Baghdad", GeoPrecision::Point);
        let basra = place("Basra", 30.51, 47.78, "Basra", GeoPrecision::City);
        let iraq = place("Iraq", 33.0, 44.0, "", GeoPrecision::Country);
        assert!(places_agree(&baghdad, &jadriya, 50.0));
        assert!(!places_agree(&baghdad, &basra, 50.0));
        assert!(places_agree(&iraq, &basra, 50.0));
        assert!((baghdad.distance_km(&basra) - 445.0).abs() < 15.0);
    }

    #[test]
    fn affinity_needs_evidence_and_other_documents() {
        let cfg = LinkConfig::default();
        let a = event(0, Some("2020-01-24"), None);
        assert!(affinity(&a, &event(1, Some("2020-01-24"), None), false, &cfg).is_some());
        assert!(affinity(&a, &event(0, Some("2020-01-24"), None), false, &cfg).is_none());
        assert!(affinity(&a, &event(1, None, None), true, &cfg).is_none());
        assert!(affinity(&a, &event(1, Some("2020-01-20"), None), true, &cfg).is_none());
    }

    #[test]
    fn an_undated_event_joins_only_within_its_story() {
        let cfg = LinkConfig::default();
        let baghdad = || Some(place("Baghdad", 33.34, 44.40, "Baghdad", GeoPrecision::City));
        let dated = event(0, Some("2020-01-25"), baghdad());
        let undated = event(1, None, baghdad());
        assert!(affinity(&dated, &undated, false, &cfg).is_none(), "shared actor and place, other story");
        assert!(affinity(&dated, &undated, true, &cfg).is_some());
    }

    #[test]
    fn the_same_doer_and_victim_vouch_for_an_undated_event_across_stories() {
        let cfg = LinkConfig::default();
        let strike =
            |doc, date| EventState { kind: EventType::Assault, targets: vec!["e-9".into()], ..event(doc, date, None) };
        let dated = strike(0, Some("2020-01-03"));
        assert!(affinity(&dated, &strike(1, None), false, &cfg).is_some());
        let other_victim = EventState { targets: vec!["e-8".into()], ..strike(1, None) };
        assert!(affinity(&dated, &other_victim, false, &cfg).is_none());
        let other_doer = EventState { actors: vec!["e-2".into()], ..strike(1, None) };
        assert!(affinity(&dated, &other_doer, false, &cfg).is_none());
        assert!(affinity(&dated, &strike(1, Some("2020-01-20")), false, &cfg).is_none(), "dates still decide");
        let call = |doc, date| EventState { kind: EventType::Request, ..strike(doc, date) };
        assert!(affinity(&call(0, Some("2020-01-03")), &call(1, None), false, &cfg).is_none(), "calls recur");
    }
}
