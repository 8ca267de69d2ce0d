//! Near-duplicate pairs over a whole corpus at once, found as the linker
//! finds copies (MinHash signatures, LSH band candidates, estimated Jaccard at
//! the threshold), with the time of each phase: what `dateline bench`
//! compares with datasketch's MinHashLSH on the same articles.

use crate::LinkConfig;
use crate::dedup::LshIndex;
use crate::minhash::{self, MinHasher, Signature};
use std::time::{Duration, Instant};

/// The near-duplicate pairs of a corpus and how long each phase took.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearDuplicatePairs {
    /// Unordered pairs `(i, j)`, `i < j`, of texts whose estimated Jaccard reaches the threshold.
    pub pairs: Vec<(u32, u32)>,
    /// Unordered pairs the LSH bands proposed.
    pub candidates: usize,
    /// Shingling and signatures.
    pub signatures: Duration,
    /// Filing every signature in the LSH buckets.
    pub index: Duration,
    /// Looking every text up and verifying its candidates.
    pub query: Duration,
}

/// Every near-duplicate pair among `texts` under `cfg` (shingle size,
/// bands and rows, Jaccard threshold).
pub fn near_duplicate_pairs(texts: &[&str], cfg: &LinkConfig) -> NearDuplicatePairs {
    let hasher = MinHasher::new(cfg.shingle_words);
    let started = Instant::now();
    let signatures: Vec<Option<Signature>> = texts.iter().map(|t| hasher.signature(t)).collect();
    let signatures_took = started.elapsed();

    let started = Instant::now();
    let (bands, rows) = cfg.banding();
    let mut index = LshIndex::new(bands, rows);
    for (i, sig) in (0u32..).zip(&signatures) {
        if let Some(sig) = sig {
            index.insert(i, sig);
        }
    }
    let index_took = started.elapsed();

    let started = Instant::now();
    let mut pairs = Vec::new();
    let mut candidates = 0;
    for (i, sig) in (0u32..).zip(&signatures) {
        let Some(sig) = sig else { continue };
        for j in index.candidates(sig).into_iter().filter(|&j| j > i) {
            candidates += 1;
            if signatures
                .get(j as usize)
                .and_then(Option::as_ref)
                .is_some_and(|o| o.jaccard(sig) >= cfg.duplicate_jaccard)
            {
                pairs.push((i, j));
            }
        }
    }
    NearDuplicatePairs { pairs, candidates, signatures: signatures_took, index: index_took, query: started.elapsed() }
}

/// The exact Jaccard similarity of the shingle sets of two texts (to check
/// the estimated pairs; not fast).
pub fn exact_jaccard(a: &str, b: &str, cfg: &LinkConfig) -> f64 {
    minhash::exact(a, b, cfg.shingle_words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_copies_and_only_them() {
        let story = "Tens of thousands of Iraqis marched through central Baghdad on Friday to demand the \
                     withdrawal of US troops, answering a call by the cleric Muqtada al-Sadr, whose supporters \
                     filled the Jadriya district waving flags and chanting slogans against America.";
        let edited = format!("{story} Reuters");
        let other = "Hundreds of supporters of paramilitary groups gathered at the border crossing with Jordan \
                     to express solidarity with Gaza and call for an end to the blockade of the strip.";
        let texts = [story, other, story, edited.as_str(), ""];
        let cfg = LinkConfig::default();
        let found = near_duplicate_pairs(&texts, &cfg);
        assert_eq!(found.pairs, [(0, 2), (0, 3), (2, 3)]);
        assert!(found.candidates >= found.pairs.len());
        assert!(found.pairs.iter().all(|&(i, j)| exact_jaccard(texts[i as usize], texts[j as usize], &cfg) >= 0.8));
        assert!(exact_jaccard(story, other, &cfg) < 0.1);
    }
}
