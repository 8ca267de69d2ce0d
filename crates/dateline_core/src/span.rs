use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `[start, end)` into a document's clean text.
///
/// Invariant: `start <= end`. Offsets are bytes internally (cheap slicing);
/// they become Unicode code points only at export ([`crate::CharIndex`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; the two ends are swapped if given backwards.
    pub fn new(start: usize, end: usize) -> Self {
        let (start, end) = if start <= end { (start, end) } else { (end, start) };
        Span { start: clamp_u32(start), end: clamp_u32(end) }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The byte range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The span moved right by `by` bytes.
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn start_never_exceeds_end(a in 0usize..10_000, b in 0usize..10_000) {
            let s = Span::new(a, b);
            prop_assert!(s.start <= s.end);
            prop_assert_eq!(s.len(), a.abs_diff(b));
        }

        #[test]
        fn cover_contains_both(a in 0usize..100, b in 0usize..100, c in 0usize..100, d in 0usize..100) {
            let (x, y) = (Span::new(a, b), Span::new(c, d));
            let u = x.cover(y);
            prop_assert!(u.contains(x) && u.contains(y));
        }
    }

    #[test]
    fn overlap_is_strict() {
        assert!(!Span::new(0, 5).overlaps(Span::new(5, 9)));
        assert!(Span::new(0, 6).overlaps(Span::new(5, 9)));
    }
}
