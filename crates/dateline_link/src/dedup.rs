//! Near-duplicate detection: LSH buckets over MinHash signatures give
//! candidates, the estimated Jaccard similarity verifies them.

use crate::minhash::Signature;
use std::collections::HashMap;

/// LSH buckets: band key → documents (by their index in the link state).
#[derive(Debug, Default)]
pub(crate) struct LshIndex {
    bands: usize,
    rows: usize,
    buckets: HashMap<u64, Vec<u32>>,
}

impl LshIndex {
    /// An empty index with `bands` bands of `rows` rows each.
    pub(crate) fn new(bands: usize, rows: usize) -> LshIndex {
        LshIndex { bands, rows, buckets: HashMap::new() }
    }

    /// Files `doc` under every band key of its signature.
    pub(crate) fn insert(&mut self, doc: u32, sig: &Signature) {
        for key in sig.band_keys(self.bands, self.rows) {
            self.buckets.entry(key).or_default().push(doc);
        }
    }

    /// Documents sharing at least one band with `sig`, ascending, each once.
    pub(crate) fn candidates(&self, sig: &Signature) -> Vec<u32> {
        let mut out: Vec<u32> =
            sig.band_keys(self.bands, self.rows).filter_map(|k| self.buckets.get(&k)).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The earliest verified near-duplicate of `sig` among the LSH candidates:
/// candidates are tried in the order they were added and the first whose
/// estimated Jaccard reaches `threshold` wins.
pub(crate) fn earliest_copy<'a>(
    index: &LshIndex,
    sig: &Signature,
    threshold: f64,
    signature_of: impl Fn(u32) -> Option<&'a Signature>,
) -> Option<u32> {
    index.candidates(sig).into_iter().find(|&c| signature_of(c).is_some_and(|other| other.jaccard(sig) >= threshold))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::MinHasher;

    #[test]
    fn finds_copies_not_strangers() {
        let h = MinHasher::new(5);
        let base = "Tens of thousands of Iraqis marched through central Baghdad on Friday to demand the \
                    withdrawal of US troops, answering a call by the cleric Muqtada al-Sadr, whose \
                    supporters filled the Jadriya district waving flags and chanting slogans against America.";
        let texts = [
            base.to_string(),
            "Hundreds of supporters of paramilitary groups gathered at the border crossing with Jordan \
             to express solidarity with Gaza and call for an end to the blockade."
                .to_string(),
            base.to_string(),
        ];
        let sigs: Vec<Signature> = texts.iter().filter_map(|t| h.signature(t)).collect();
        assert_eq!(sigs.len(), 3);
        let mut index = LshIndex::new(16, 8);
        index.insert(0, &sigs[0]);
        index.insert(1, &sigs[1]);
        assert_eq!(earliest_copy(&index, &sigs[2], 0.8, |i| sigs.get(i as usize)), Some(0));
        assert_eq!(earliest_copy(&index, &sigs[1], 0.8, |i| sigs.get(i as usize).filter(|_| i != 1)), None);
    }
}
