//! MinHash signatures over word shingles, and the LSH band keys that find
//! candidate near-duplicates without comparing all pairs.
//!
//! Shingles are word `k`-grams of the lower-cased text split on white space
//! (the datasketch peer's definition, so pair counts compare); a text shorter
//! than `k` words is one shingle. Each shingle is hashed once with xxh3; the
//! 128 hash functions are then multiply-add-shift hashes `(a·x + b) >> 32`
//! with odd `a` and `b` drawn from xxh3 with fixed seeds, so signatures are
//! the same in every run and every process.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashSet;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Number of hash functions (permutations) in a signature.
pub(crate) const NUM_PERM: usize = 128;

const SEED: u64 = 0x6461_7465_6c69_6e65;

/// A MinHash signature: the minimum of each hash function over the shingles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Signature(Vec<u32>);

impl Signature {
    /// The estimated Jaccard similarity of the two shingle sets.
    pub(crate) fn jaccard(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len().max(1) as f64
    }

    /// One key per LSH band: documents that share a key are candidates.
    /// The band number is the hash seed, so keys of different bands never meet.
    pub(crate) fn band_keys(&self, bands: usize, rows: usize) -> impl Iterator<Item = u64> + '_ {
        self.0.chunks_exact(rows).take(bands).enumerate().map(|(band, chunk)| {
            let mut bytes = [0u8; 4 * NUM_PERM];
            for (i, v) in chunk.iter().enumerate() {
                bytes[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
            }
            xxh3_64_with_seed(&bytes[..4 * chunk.len()], band as u64)
        })
    }
}

/// Signatures are stored as hex, 8 digits per hash value: compact in JSON.
impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hex: String = self.0.iter().map(|v| format!("{v:08x}")).collect();
        serializer.serialize_str(&hex)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hex = String::deserialize(deserializer)?;
        let bytes = hex.as_bytes();
        if bytes.len() != 8 * NUM_PERM {
            return Err(serde::de::Error::custom(format!("a signature has {} hex digits", 8 * NUM_PERM)));
        }
        bytes
            .chunks_exact(8)
            .map(|c| {
                std::str::from_utf8(c)
                    .ok()
                    .and_then(|s| u32::from_str_radix(s, 16).ok())
                    .ok_or_else(|| serde::de::Error::custom("a signature holds hex digits only"))
            })
            .collect::<Result<Vec<u32>, D::Error>>()
            .map(Signature)
    }
}

/// The 128 hash functions.
#[derive(Clone, Debug)]
pub(crate) struct MinHasher {
    a: [u64; NUM_PERM],
    b: [u64; NUM_PERM],
    shingle_words: usize,
}

impl MinHasher {
    /// Hash functions for shingles of `shingle_words` words.
    pub(crate) fn new(shingle_words: usize) -> MinHasher {
        let mut a = [0u64; NUM_PERM];
        let mut b = [0u64; NUM_PERM];
        for i in 0..NUM_PERM {
            a[i] = xxh3_64_with_seed(&(2 * i as u64).to_le_bytes(), SEED) | 1;
            b[i] = xxh3_64_with_seed(&(2 * i as u64 + 1).to_le_bytes(), SEED);
        }
        MinHasher { a, b, shingle_words: shingle_words.max(1) }
    }

    /// The signature of `text`; `None` when it has no words.
    pub(crate) fn signature(&self, text: &str) -> Option<Signature> {
        let mut mins = [u32::MAX; NUM_PERM];
        let mut any = false;
        for_each_shingle(text, self.shingle_words, |x| {
            any = true;
            for ((m, a), b) in mins.iter_mut().zip(&self.a).zip(&self.b) {
                let h = (a.wrapping_mul(x).wrapping_add(*b) >> 32) as u32;
                *m = (*m).min(h);
            }
        });
        any.then(|| Signature(mins.to_vec()))
    }
}

/// Calls `f` with the xxh3 hash of every word `k`-gram of the lower-cased text.
fn for_each_shingle(text: &str, k: usize, mut f: impl FnMut(u64)) {
    let lower = text.to_lowercase();
    let words: Vec<u64> = lower.split_whitespace().map(|w| xxh3_64(w.as_bytes())).collect();
    if words.is_empty() {
        return;
    }
    let k = k.min(words.len());
    let mut bytes = Vec::with_capacity(8 * k);
    for window in words.windows(k) {
        bytes.clear();
        for w in window {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        f(xxh3_64(&bytes));
    }
}

/// The set of shingle hashes of `text`, for exact Jaccard.
fn shingle_set(text: &str, k: usize) -> HashSet<u64> {
    let mut set = HashSet::new();
    for_each_shingle(text, k, |h| {
        set.insert(h);
    });
    set
}

/// The exact Jaccard similarity of the `k`-word shingle sets of two texts.
pub(crate) fn exact(a: &str, b: &str, k: usize) -> f64 {
    let (x, y) = (shingle_set(a, k), shingle_set(b, k));
    x.intersection(&y).count() as f64 / x.union(&y).count().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn identical_texts_have_identical_signatures() {
        let h = MinHasher::new(5);
        let a = h.signature("One two three four five six seven");
        assert!(a.is_some());
        assert_eq!(a, h.signature("one  TWO three four five six\nseven"));
        assert_eq!(h.signature("  \n"), None);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        assert_eq!(shingle_set("a b c", 5).len(), 1);
        assert_eq!(shingle_set("a b c d e f", 5).len(), 2);
    }

    #[test]
    fn signature_serializes_as_hex() -> Result<(), serde_json::Error> {
        let sig = MinHasher::new(5).signature("a b c d e f g").unwrap_or(Signature(vec![]));
        let json = serde_json::to_string(&sig)?;
        assert_eq!(json.len(), 8 * NUM_PERM + 2);
        assert_eq!(serde_json::from_str::<Signature>(&json)?, sig);
        assert!(serde_json::from_str::<Signature>("\"00ff\"").is_err());
        Ok(())
    }

    #[test]
    fn band_keys_differ_per_band() {
        let sig = Signature(vec![7; NUM_PERM]);
        let keys: HashSet<u64> = sig.band_keys(16, 8).collect();
        assert_eq!(keys.len(), 16);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn estimate_tracks_true_jaccard(n_a in 20usize..300, n_b in 20usize..300, shift in 0usize..300) {
            let words: Vec<String> = (0..700).map(|i| format!("w{i}")).collect();
            let a = words[..n_a].join(" ");
            let b = words[shift..shift + n_b].join(" ");
            let h = MinHasher::new(1);
            let (sa, sb) = (h.signature(&a), h.signature(&b));
            prop_assert!(sa.is_some() && sb.is_some());
            if let (Some(sa), Some(sb)) = (sa, sb) {
                let truth = exact(&a, &b, 1);
                prop_assert!((sa.jaccard(&sb) - truth).abs() < 0.2, "estimate {} truth {}", sa.jaccard(&sb), truth);
            }
        }
    }
}
