//! Time expressions normalized to TIMEX3 values against the publication date.
//!
//! [`normalize`] finds absolute dates (`January 24, 2020`, `24 January 2020`,
//! `2020-01-24`, `1/24/2020`), year-less dates (`Oct. 7`), months and years,
//! weekdays (`on Friday`), deictic words (`yesterday`, `last week`,
//! `earlier this month`), expressions relative to another one (`two days
//! after`), durations (`three years`) and `recently`/`now`, and resolves
//! them against an anchor date, the publication date. [`Time`] is the
//! pipeline stage that fills `Document::times` with it.
//!
//! # Example
//! ```
//! use dateline_time::normalize;
//! let anchor = jiff::civil::date(2023, 10, 20);
//! let times = normalize("Hundreds gathered on Friday, after the Oct. 7 attack.", Some(anchor));
//! let values: Vec<&str> = times.iter().map(|t| t.value.as_str()).collect();
//! assert_eq!(values, ["2023-10-20", "2023-10-07"]);
//! ```

mod error;
mod relative;
mod stage;
mod timex;

pub use error::{Error, Result};
pub use stage::{Time, TimeConfig};
pub use timex::normalize;
