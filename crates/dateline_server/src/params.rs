//! Query-string parameters, checked: an unknown name or a bad value is a 400
//! that says what was expected.

use crate::error::ApiError;
use dateline_core::EventType;
use dateline_store::{BBox, Bucket, EventFilter};
use jiff::civil::Date;

/// The parameters of one request, each name at most once.
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

/// Filter parameters every event endpoint takes.
pub(crate) const EVENT_FILTERS: &[&str] =
    &["type", "subtype", "from", "to", "bbox", "country", "actor", "q", "background"];

impl Params {
    /// Checks that every name is one of `known` and appears once.
    pub(crate) fn new(pairs: Vec<(String, String)>, known: &[&[&str]]) -> Result<Params, ApiError> {
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !known.iter().any(|k| k.contains(&name.as_str())) {
                let all: Vec<&str> = known.iter().flat_map(|k| k.iter().copied()).collect();
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {name:?}; this endpoint takes {}",
                    if all.is_empty() { "none".to_owned() } else { all.join(", ") }
                )));
            }
            if pairs.iter().skip(i + 1).any(|(other, _)| other == name) {
                return Err(ApiError::bad_request(format!("parameter {name:?} given twice")));
            }
        }
        Ok(Params { pairs })
    }

    /// The value of `name`, if given and not empty.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// `limit`: 1 to `max`, `default` when absent.
    pub(crate) fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get("limit") {
            None => Ok(default.min(max)),
            Some(v) => v.parse::<usize>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                ApiError::bad_request(format!("limit must be a whole number from 1 to {max}, not {v:?}"))
            }),
        }
    }

    /// A boolean flag: `true`/`false`/`1`/`0`.
    pub(crate) fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!("{name} must be true or false, not {v:?}"))),
        }
    }

    /// A number within `range`.
    pub(crate) fn number(
        &self,
        name: &str,
        default: f64,
        range: std::ops::RangeInclusive<f64>,
    ) -> Result<f64, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.parse::<f64>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{name} must be a number from {} to {}, not {v:?}",
                    range.start(),
                    range.end()
                ))
            }),
        }
    }

    /// The event types in `type` (comma-separated), none for all.
    pub(crate) fn event_types(&self, name: &str) -> Result<Vec<EventType>, ApiError> {
        let Some(v) = self.get(name) else { return Ok(Vec::new()) };
        v.split(',')
            .map(|t| {
                EventType::parse(t.trim()).ok_or_else(|| {
                    let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
                    ApiError::bad_request(format!("unknown event type {t:?}; use one of {}", names.join(", ")))
                })
            })
            .collect()
    }

    /// The timeline `bucket`.
    pub(crate) fn bucket(&self) -> Result<Bucket, ApiError> {
        match self.get("bucket") {
            None | Some("day") => Ok(Bucket::Day),
            Some("month") => Ok(Bucket::Month),
            Some("year") => Ok(Bucket::Year),
            Some(v) => Err(ApiError::bad_request(format!("bucket must be day, month or year, not {v:?}"))),
        }
    }

    /// The event filter of [`EVENT_FILTERS`].
    pub(crate) fn event_filter(&self) -> Result<EventFilter, ApiError> {
        let date = |name: &str| -> Result<Option<Date>, ApiError> {
            self.get(name)
                .map(|v| {
                    v.parse::<Date>()
                        .map_err(|_| ApiError::bad_request(format!("{name} must be a date like 2020-01-24, not {v:?}")))
                })
                .transpose()
        };
        let (from, to) = (date("from")?, date("to")?);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(ApiError::bad_request(format!("from ({f}) is after to ({t})")));
        }
        let country = self.get("country").map(str::to_owned);
        if let Some(c) = &country
            && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
        {
            return Err(ApiError::bad_request(format!("country must be a two-letter ISO code, not {c:?}")));
        }
        Ok(EventFilter {
            types: self.event_types("type")?,
            subtype: self.get("subtype").map(str::to_owned),
            from,
            to,
            bbox: self.get("bbox").map(parse_bbox).transpose()?,
            country,
            actor: self.get("actor").map(str::to_owned),
            text: self.get("q").map(str::to_owned),
            exclude_background: !self.flag("background", true)?,
        })
    }
}

/// `west,south,east,north` in degrees.
fn parse_bbox(v: &str) -> Result<BBox, ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "bbox must be west,south,east,north in degrees (longitudes -180..180, latitudes -90..90, south <= north), not {v:?}"
        ))
    };
    let n: Vec<f64> = v.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    let [west, south, east, north] = n[..] else { return Err(bad()) };
    let lon = -180.0..=180.0;
    let lat = -90.0..=90.0;
    if !(lon.contains(&west) && lon.contains(&east) && lat.contains(&south) && lat.contains(&north) && south <= north) {
        return Err(bad());
    }
    Ok(BBox { west, south, east, north })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &[(&str, &str)], known: &[&str]) -> Result<Params, ApiError> {
        Params::new(q.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect(), &[known])
    }

    #[test]
    fn filters_parse_and_bad_values_say_why() -> Result<(), ApiError> {
        let p = params(
            &[("type", "protest,ASSAULT"), ("from", "2020-01-01"), ("bbox", "170,-10,-170,10"), ("background", "0")],
            EVENT_FILTERS,
        )?;
        let f = p.event_filter()?;
        assert_eq!(f.types, [EventType::Protest, EventType::Assault]);
        assert_eq!(f.bbox.map(|b| (b.west, b.east)), Some((170.0, -170.0)));
        assert!(f.exclude_background);
        for (name, value, says) in [
            ("type", "RIOT", "unknown event type"),
            ("from", "2020-13-01", "must be a date"),
            ("bbox", "1,2,3", "bbox must be"),
            ("bbox", "0,10,1,5", "bbox must be"),
            ("country", "Iraq", "two-letter"),
            ("background", "maybe", "true or false"),
        ] {
            let err = params(&[(name, value)], EVENT_FILTERS)?.event_filter().err();
            assert!(err.is_some_and(|e| e.message.contains(says)), "{name}={value}");
        }
        let err = params(&[("from", "2020-02-01"), ("to", "2020-01-01")], EVENT_FILTERS)?.event_filter().err();
        assert!(err.is_some_and(|e| e.message.contains("after")));
        Ok(())
    }

    #[test]
    fn unknown_and_repeated_names_are_refused() {
        let err = params(&[("colour", "red")], &["limit"]).err();
        assert!(err.is_some_and(|e| e.message.contains("unknown parameter \"colour\"") && e.message.contains("limit")));
        assert!(params(&[("limit", "1"), ("limit", "2")], &["limit"]).is_err());
    }

    #[test]
    fn limit_is_bounded() -> Result<(), ApiError> {
        assert_eq!(params(&[], &["limit"])?.limit(100, 1000)?, 100);
        assert_eq!(params(&[("limit", "1000")], &["limit"])?.limit(100, 1000)?, 1000);
        for bad in ["0", "1001", "-1", "ten"] {
            assert!(params(&[("limit", bad)], &["limit"])?.limit(100, 1000).is_err(), "{bad}");
        }
        Ok(())
    }
}
