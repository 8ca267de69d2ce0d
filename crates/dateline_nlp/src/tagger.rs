//! The trained sequence labeller: a linear model over hashed features
//! ([`crate::features`]) and first-order tag transitions, decoded with Viterbi
//! over BILOU tags, so every output is a well-formed set of spans.
//!
//! Model file (`data/ner.model.gz`, gzip): magic `DLNER1`, the hash width in
//! bits, the tag count, the weight scale (f32), the transition scores (f32),
//! then the non-zero weight rows as delta-coded bucket numbers followed by
//! their quantised weights (i16, one per tag). All numbers little-endian.

use crate::error::{Error, Result};
use dateline_core::EntityLabel;
use std::io::{Read, Write};

/// Entity types the tagger labels; NORP is told apart from MISC after tagging.
pub(crate) const TYPES: [EntityLabel; 4] = [EntityLabel::Per, EntityLabel::Org, EntityLabel::Loc, EntityLabel::Misc];
/// `O` plus `B`, `I`, `L`, `U` of each type.
pub(crate) const NTAGS: usize = 1 + 4 * TYPES.len();
/// The tag before the first token, in the transition table.
pub(crate) const START: usize = NTAGS;
const MAGIC: &[u8; 6] = b"DLNER1";

/// Part of a name a tag marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Outside any name.
    O,
    /// First of several tokens.
    B,
    /// Inside.
    I,
    /// Last of several tokens.
    L,
    /// A one-token name.
    U,
}

/// The tag number of a part of a type (`type_index` into [`TYPES`]; ignored for `O`).
pub(crate) fn tag(part: Part, type_index: usize) -> usize {
    match part {
        Part::O => 0,
        Part::B => 1 + 4 * type_index,
        Part::I => 2 + 4 * type_index,
        Part::L => 3 + 4 * type_index,
        Part::U => 4 + 4 * type_index,
    }
}

fn part(tag: usize) -> (Part, usize) {
    if tag == 0 {
        return (Part::O, 0);
    }
    let part = match (tag - 1) % 4 {
        0 => Part::B,
        1 => Part::I,
        2 => Part::L,
        _ => Part::U,
    };
    (part, (tag - 1) / 4)
}

/// Whether `cur` may follow `prev` (`START` before the first token).
pub(crate) fn allowed(prev: usize, cur: usize) -> bool {
    let (cp, ct) = part(cur);
    if prev == START {
        return matches!(cp, Part::O | Part::B | Part::U);
    }
    match part(prev) {
        (Part::B | Part::I, pt) => matches!(cp, Part::I | Part::L) && ct == pt,
        _ => matches!(cp, Part::O | Part::B | Part::U),
    }
}

/// Whether a sentence may end on `tag`.
fn may_end(tag: usize) -> bool {
    matches!(part(tag).0, Part::O | Part::L | Part::U)
}

/// The token ranges `[a, b)` and type indexes of the names a well-formed tag sequence marks.
pub(crate) fn spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &t) in tags.iter().enumerate() {
        match part(t) {
            (Part::U, ty) => out.push((i, i + 1, ty)),
            (Part::B, _) => open = Some(i),
            (Part::L, ty) => {
                if let Some(a) = open.take() {
                    out.push((a, i + 1, ty));
                }
            }
            _ => {}
        }
    }
    out
}

/// Scores a sequence model gives: per-token emissions and tag transitions.
pub(crate) trait Scores {
    /// Adds the emission scores of a token's features to `out`.
    fn emit(&self, features: &[u32], out: &mut [f32; NTAGS]);
    /// The score of `cur` after `prev` (`START` for the first token).
    fn transition(&self, prev: usize, cur: usize) -> f32;
}

/// The best well-formed tag sequence of a sentence whose token `i` has the features `features(i)`.
pub(crate) fn viterbi<'f>(model: &impl Scores, n: usize, features: impl Fn(usize) -> &'f [u32]) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let mut best = vec![[f32::NEG_INFINITY; NTAGS]; n];
    let mut back = vec![[0u8; NTAGS]; n];
    let mut emission = [0f32; NTAGS];
    for i in 0..n {
        emission.fill(0.0);
        model.emit(features(i), &mut emission);
        for cur in 0..NTAGS {
            let (score, from) = if i == 0 {
                (if allowed(START, cur) { model.transition(START, cur) } else { f32::NEG_INFINITY }, 0)
            } else {
                let mut top = (f32::NEG_INFINITY, 0);
                for prev in (0..NTAGS).filter(|&p| allowed(p, cur)) {
                    let s = best[i - 1][prev] + model.transition(prev, cur);
                    if s > top.0 {
                        top = (s, prev);
                    }
                }
                top
            };
            best[i][cur] = score + emission[cur];
            back[i][cur] = u8::try_from(from).unwrap_or(0);
        }
    }
    let mut last = (0..NTAGS)
        .filter(|&t| may_end(t))
        .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut tags = vec![0; n];
    for i in (0..n).rev() {
        tags[i] = last;
        last = usize::from(back[i][last]);
    }
    tags
}

/// A trained model, weights quantised, as shipped.
pub(crate) struct Model {
    bits: u32,
    scale: f32,
    /// `NTAGS` weights per bucket.
    weights: Vec<i16>,
    /// `(NTAGS + 1) × NTAGS` transition scores, the row `START` last.
    transitions: Vec<f32>,
}

impl Scores for Model {
    fn emit(&self, features: &[u32], out: &mut [f32; NTAGS]) {
        let mut sum = [0i32; NTAGS];
        for &f in features {
            let row = f as usize * NTAGS;
            if let Some(w) = self.weights.get(row..row + NTAGS) {
                for (s, &w) in sum.iter_mut().zip(w) {
                    *s += i32::from(w);
                }
            }
        }
        for (o, s) in out.iter_mut().zip(sum) {
            *o += s as f32 * self.scale;
        }
    }

    fn transition(&self, prev: usize, cur: usize) -> f32 {
        self.transitions.get(prev * NTAGS + cur).copied().unwrap_or(0.0)
    }
}

fn bad(reason: impl Into<String>) -> Error {
    Error::Model { reason: reason.into() }
}

struct Reader<'a> {
    data: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N]> {
        let (head, rest) = self.data.split_first_chunk::<N>().ok_or_else(|| bad("truncated"))?;
        self.data = rest;
        Ok(*head)
    }

    fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let [b] = self.take::<1>()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(bad("varint too long"))
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

impl Model {
    /// Quantises float weights (`NTAGS` per bucket) to 16 bits; weights under `prune` (absolute) become zero.
    pub(crate) fn quantise(bits: u32, weights: &[f32], transitions: Vec<f32>, prune: f32) -> Model {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let weights = weights
            .iter()
            .map(|&w| if w.abs() < prune { 0 } else { (w / scale).round().clamp(-32767.0, 32767.0) as i16 })
            .collect();
        Model { bits, scale, weights, transitions }
    }

    /// Hash width the features must be extracted with.
    pub(crate) fn bits(&self) -> u32 {
        self.bits
    }

    /// Serialises the model (gzip).
    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.push(u8::try_from(self.bits).map_err(|_| bad("bits"))?);
        raw.push(NTAGS as u8);
        raw.extend_from_slice(&self.scale.to_le_bytes());
        for t in &self.transitions {
            raw.extend_from_slice(&t.to_le_bytes());
        }
        let rows: Vec<usize> = (0..self.weights.len() / NTAGS)
            .filter(|r| self.weights[r * NTAGS..(r + 1) * NTAGS].iter().any(|&w| w != 0))
            .collect();
        put_varint(&mut raw, rows.len() as u64);
        let mut prev = 0;
        for &r in &rows {
            put_varint(&mut raw, (r - prev) as u64);
            prev = r;
        }
        for &r in &rows {
            for w in &self.weights[r * NTAGS..(r + 1) * NTAGS] {
                raw.extend_from_slice(&w.to_le_bytes());
            }
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).map_err(|e| bad(e.to_string()))?;
        gz.finish().map_err(|e| bad(e.to_string()))
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub(crate) fn from_bytes(gz: &[u8]) -> Result<Model> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(gz).read_to_end(&mut raw).map_err(|e| bad(format!("not gzip: {e}")))?;
        let mut r = Reader { data: &raw };
        if &r.take::<6>()? != MAGIC {
            return Err(bad("not a dateline NER model"));
        }
        let [bits, ntags] = r.take::<2>()?;
        if usize::from(ntags) != NTAGS || !(8..=24).contains(&bits) {
            return Err(bad(format!("unsupported layout: {bits} bits, {ntags} tags")));
        }
        let bits = u32::from(bits);
        let scale = f32::from_le_bytes(r.take::<4>()?);
        let transitions =
            (0..(NTAGS + 1) * NTAGS).map(|_| r.take::<4>().map(f32::from_le_bytes)).collect::<Result<Vec<_>>>()?;
        let buckets = 1usize << bits;
        let count = usize::try_from(r.varint()?).map_err(|_| bad("row count"))?;
        let mut rows = Vec::with_capacity(count.min(buckets));
        let mut row = 0usize;
        for _ in 0..count {
            row += usize::try_from(r.varint()?).map_err(|_| bad("row"))?;
            if row >= buckets {
                return Err(bad("row out of range"));
            }
            rows.push(row);
        }
        let mut weights = vec![0i16; buckets * NTAGS];
        for row in rows {
            for w in &mut weights[row * NTAGS..(row + 1) * NTAGS] {
                *w = i16::from_le_bytes(r.take::<2>()?);
            }
        }
        Ok(Model { bits, scale, weights, transitions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_parts() {
        for ty in 0..TYPES.len() {
            for p in [Part::B, Part::I, Part::L, Part::U] {
                assert_eq!(part(tag(p, ty)), (p, ty));
            }
        }
        assert_eq!(part(tag(Part::O, 3)), (Part::O, 0));
    }

    #[test]
    fn bilou_constraints() {
        let (b_per, l_per, i_org, u_loc) = (tag(Part::B, 0), tag(Part::L, 0), tag(Part::I, 1), tag(Part::U, 2));
        assert!(allowed(START, b_per) && !allowed(START, l_per));
        assert!(allowed(b_per, l_per) && !allowed(b_per, i_org) && !allowed(b_per, 0));
        assert!(allowed(l_per, u_loc) && !may_end(b_per));
        assert_eq!(spans(&[0, b_per, l_per, u_loc]), [(1, 3, 0), (3, 4, 2)]);
    }

    #[test]
    fn model_round_trips_and_rejects_garbage() -> Result<()> {
        let mut weights = vec![0f32; 256 * NTAGS];
        weights[3 * NTAGS + 2] = 1.5;
        weights[9 * NTAGS] = -0.25;
        let m = Model::quantise(8, &weights, vec![0.5; (NTAGS + 1) * NTAGS], 0.0);
        let back = Model::from_bytes(&m.to_bytes()?)?;
        assert_eq!((back.bits, &back.weights, &back.transitions), (8, &m.weights, &m.transitions));
        assert!(Model::from_bytes(b"not a model").is_err());
        Ok(())
    }
}
