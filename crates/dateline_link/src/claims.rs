//! Claims per cluster, the attributes sources disagree on, and consensus values.
//!
//! Only events of documents that are not near-duplicates are sources, so a
//! syndicated copy never counts twice. Claims are incompatible when crowd
//! ranges do not overlap, counts differ (an "at least" count only conflicts
//! with a smaller one), dates do not agree given their precision (the same
//! test as clustering), or places are neither within the distance limit nor
//! inside one another.

use crate::LinkConfig;
use crate::cluster::{self, CountClaim, EventState};
use crate::state::LinkState;
use dateline_core::{Claim, ClaimValue, Claims, ClusterRecord, CrowdRange, DatePrecision, EventDate, EventType};

/// How the consensus values of a cluster record are chosen.
pub(crate) const CONSENSUS_RULE: &str = "date: explicit over publication-date fallback, then most precise, \
then agreed by most sources, then earliest; place: most precise, then agreed by most sources, then earliest; \
type: most frequent; crowd size: median of the sources' lower bounds to median of their upper bounds; \
fatalities and injuries: median of the sources' counts (the lower middle one when even); duplicates are not sources";

/// The export record of cluster `index`.
pub(crate) fn record(state: &LinkState, index: usize, cfg: &LinkConfig) -> ClusterRecord {
    let cluster = state.clusters.get(index).cloned().unwrap_or_default();
    let members: Vec<&EventState> = cluster.events.iter().filter_map(|&e| state.events.get(e as usize)).collect();
    let mut sources: Vec<&EventState> = members.iter().copied().filter(|e| !state.is_duplicate(e.doc)).collect();
    if sources.is_empty() {
        sources.clone_from(&members);
    }
    let claim = |e: &EventState, value: ClaimValue| Claim {
        document: state.doc_id(e.doc).to_string(),
        event: e.id.clone(),
        value,
    };
    let count = |c: &CountClaim| ClaimValue::Count { value: c.value, text: c.text.clone() };
    let claims = Claims {
        crowd_size: sources
            .iter()
            .filter_map(|e| {
                e.crowd.as_ref().map(|c| claim(e, ClaimValue::Range { min: c.min, max: c.max, text: c.text.clone() }))
            })
            .collect(),
        fatalities: sources.iter().filter_map(|e| e.fatalities.as_ref().map(|c| claim(e, count(c)))).collect(),
        injuries: sources.iter().filter_map(|e| e.injuries.as_ref().map(|c| claim(e, count(c)))).collect(),
        date: sources
            .iter()
            .filter_map(|e| {
                e.date.as_ref().map(|d| claim(e, ClaimValue::Date { date: d.value.clone(), precision: d.precision }))
            })
            .collect(),
        place: sources
            .iter()
            .filter_map(|e| {
                e.place.as_ref().map(|p| {
                    claim(e, ClaimValue::Place { name: p.name.clone(), geonameid: p.geonameid, lat: p.lat, lon: p.lon })
                })
            })
            .collect(),
    };
    let (date, date_precision) = consensus_date(&sources, cfg)
        .and_then(|e| e.date.as_ref())
        .map(|d| (Some(d.value.clone()), Some(d.precision)))
        .unwrap_or((None, None));
    ClusterRecord {
        cluster_id: cluster_id(index),
        kind: most_frequent(members.iter().map(|e| e.kind)).unwrap_or(EventType::Other),
        date,
        date_precision,
        place: consensus_place(&sources, cfg).and_then(|e| e.place.clone()),
        crowd_size: consensus_crowd(&sources),
        fatalities: lower_median(sources.iter().filter_map(|e| e.fatalities.as_ref().map(|c| c.value)).collect()),
        injuries: lower_median(sources.iter().filter_map(|e| e.injuries.as_ref().map(|c| c.value)).collect()),
        events: members.iter().map(|e| e.id.clone()).collect(),
        documents: unique(members.iter().map(|e| state.doc_id(e.doc).to_string())),
        story_id: most_frequent(members.iter().filter_map(|e| state.story_of(e.doc))).map(crate::state::story_id),
        claims,
        disagreements: disagreements(&sources, cfg),
        consensus_rule: CONSENSUS_RULE.to_string(),
    }
}

/// The median of the sources' lower bounds to the median of their upper
/// bounds: `thousands` and `tens of thousands` and `tens of thousands` give
/// tens of thousands; one outlier never sets the figure.
fn consensus_crowd(sources: &[&EventState]) -> Option<CrowdRange> {
    let crowds: Vec<_> = sources.iter().filter_map(|e| e.crowd.as_ref()).collect();
    let min = lower_median(crowds.iter().map(|c| c.min).collect())?;
    let max = lower_median(crowds.iter().map(|c| c.max).collect())?;
    Some(CrowdRange { min, max: max.max(min) })
}

/// The middle value, the lower of the two middle ones for an even count.
fn lower_median(mut values: Vec<u64>) -> Option<u64> {
    values.sort_unstable();
    values.get(values.len().checked_sub(1)? / 2).copied()
}

/// The record-format id of cluster `index` (`c-1` is the first).
pub(crate) fn cluster_id(index: usize) -> String {
    format!("c-{}", index + 1)
}

fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The most frequent item; ties go to the one seen first.
fn most_frequent<T: PartialEq + Copy>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for i in items {
        match counts.iter_mut().find(|(x, _)| *x == i) {
            Some((_, n)) => *n += 1,
            None => counts.push((i, 1)),
        }
    }
    let top = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == top).map(|(x, _)| x)
}

fn any_pair<T>(items: &[T], conflict: impl Fn(&T, &T) -> bool) -> bool {
    items.iter().enumerate().any(|(i, a)| items.iter().skip(i + 1).any(|b| conflict(a, b)))
}

fn counts_conflict(a: &CountClaim, b: &CountClaim) -> bool {
    match (a.at_least, b.at_least) {
        (false, false) => a.value != b.value,
        (true, false) => b.value < a.value,
        (false, true) => a.value < b.value,
        (true, true) => false,
    }
}

fn disagreements(sources: &[&EventState], cfg: &LinkConfig) -> Vec<String> {
    let crowds: Vec<_> = sources.iter().filter_map(|e| e.crowd.as_ref()).collect();
    let fatalities: Vec<_> = sources.iter().filter_map(|e| e.fatalities.as_ref()).collect();
    let injuries: Vec<_> = sources.iter().filter_map(|e| e.injuries.as_ref()).collect();
    let dates: Vec<_> = sources.iter().filter_map(|e| e.days()).collect();
    let places: Vec<_> = sources.iter().filter_map(|e| e.place.as_ref()).collect();
    let checks = [
        ("crowd_size", any_pair(&crowds, |a, b| a.max < b.min || b.max < a.min)),
        ("fatalities", any_pair(&fatalities, |a, b| counts_conflict(a, b))),
        ("injuries", any_pair(&injuries, |a, b| counts_conflict(a, b))),
        ("date", any_pair(&dates, |a, b| !cluster::dates_agree(*a, *b, cfg.anchor_day_tolerance))),
        ("place", any_pair(&places, |a, b| !cluster::places_agree(a, b, cfg.cluster_place_km))),
    ];
    checks.into_iter().filter(|(_, conflict)| *conflict).map(|(name, _)| name.to_string()).collect()
}

/// The day cluster `index` gives each member event whose own text fixes no
/// day: the consensus date, when a time expression of another document gave
/// it at day precision, replaces a missing date, a publication-date fallback,
/// or a coarser date that holds it ("last week" → that Friday).
pub(crate) fn member_dates(state: &LinkState, index: usize, cfg: &LinkConfig) -> Vec<(String, EventDate)> {
    let Some(cluster) = state.clusters.get(index) else { return Vec::new() };
    let members: Vec<&EventState> = cluster.events.iter().filter_map(|&e| state.events.get(e as usize)).collect();
    let sources: Vec<&EventState> = members.iter().copied().filter(|e| !state.is_duplicate(e.doc)).collect();
    let Some(consensus) = consensus_date(&sources, cfg) else { return Vec::new() };
    let Some(date) = consensus.date.as_ref().filter(|d| d.source.is_some() && d.precision == DatePrecision::Day) else {
        return Vec::new();
    };
    let Some((day, _, _)) = consensus.days() else { return Vec::new() };
    members
        .iter()
        .filter(|e| e.doc != consensus.doc)
        .filter(|e| match (&e.date, e.days()) {
            (None, _) => true,
            (Some(own), _) if own.source.is_none() => true,
            (Some(own), Some((from, to, _))) => own.precision != DatePrecision::Day && from <= day && day <= to,
            (Some(_), None) => false,
        })
        .map(|e| (e.id.clone(), EventDate { value: date.value.clone(), precision: DatePrecision::Day, source: None }))
        .collect()
}

fn consensus_date<'a>(sources: &[&'a EventState], cfg: &LinkConfig) -> Option<&'a EventState> {
    let dated: Vec<(&EventState, (i32, i32, bool))> =
        sources.iter().filter_map(|e| e.days().map(|d| (*e, d))).collect();
    let key = |i: usize, e: &EventState, d: (i32, i32, bool)| {
        let support = dated.iter().filter(|(_, o)| cluster::dates_agree(d, *o, cfg.anchor_day_tolerance)).count();
        let rank = e.date.as_ref().map_or(u8::MAX, |x| cluster::date_rank(x.precision));
        (d.2, rank, std::cmp::Reverse(support), i)
    };
    dated.iter().enumerate().min_by_key(|(i, (e, d))| key(*i, e, *d)).map(|(_, (e, _))| *e)
}

fn consensus_place<'a>(sources: &[&'a EventState], cfg: &LinkConfig) -> Option<&'a EventState> {
    let placed: Vec<&EventState> = sources.iter().copied().filter(|e| e.place.is_some()).collect();
    let key = |i: usize, e: &EventState| {
        let support = placed
            .iter()
            .filter(|o| match (&e.place, &o.place) {
                (Some(a), Some(b)) => cluster::places_agree(a, b, cfg.cluster_place_km),
                _ => false,
            })
            .count();
        (e.place.as_ref().map(|p| p.precision), std::cmp::Reverse(support), i)
    };
    placed.iter().enumerate().min_by_key(|(i, e)| key(*i, e)).map(|(_, e)| *e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(value: u64, at_least: bool) -> CountClaim {
        CountClaim { value, at_least, text: String::new() }
    }

    #[test]
    fn at_least_counts_conflict_only_with_smaller_ones() {
        assert!(!counts_conflict(&count(5, true), &count(7, false)));
        assert!(counts_conflict(&count(5, true), &count(3, false)));
        assert!(counts_conflict(&count(5, false), &count(6, false)));
        assert!(!counts_conflict(&count(5, true), &count(1, true)));
    }

    #[test]
    fn consensus_values_are_medians() {
        assert_eq!(lower_median(vec![7, 3, 5]), Some(5));
        assert_eq!(lower_median(vec![10, 4]), Some(4));
        assert_eq!(lower_median(Vec::new()), None);
        let source = |doc: u32, min: u64, max: u64| EventState {
            id: format!("d{doc}#ev1"),
            doc,
            kind: EventType::Protest,
            date: None,
            place: None,
            actors: Vec::new(),
            targets: Vec::new(),
            crowd: Some(cluster::RangeClaim { min, max, text: String::new() }),
            fatalities: None,
            injuries: None,
            cluster: 0,
        };
        let thousands = source(0, 1_000, 9_999);
        let tens = source(1, 10_000, 99_999);
        let tens_again = source(2, 10_000, 99_999);
        assert_eq!(consensus_crowd(&[&thousands, &tens, &tens_again]), Some(CrowdRange { min: 10_000, max: 99_999 }));
        assert_eq!(consensus_crowd(&[&thousands, &tens]), Some(CrowdRange { min: 1_000, max: 9_999 }));
        assert_eq!(consensus_crowd(&[]), None);
    }

    #[test]
    fn most_frequent_breaks_ties_by_first_seen() {
        assert_eq!(most_frequent([3, 1, 1, 3].into_iter()), Some(3));
        assert_eq!(most_frequent([3, 1, 1].into_iter()), Some(1));
        assert_eq!(most_frequent(std::iter::empty::<u8>()), None);
    }
}
