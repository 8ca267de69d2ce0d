//! Training the NER tagger: an averaged structured perceptron over the
//! features of [`crate::features`], Viterbi-decoded like at tagging time.
//!
//! Training documents are cut by our own sentence splitter and tokenizer, and
//! the gold names are aligned to those tokens by character offsets, so the
//! model learns exactly the token stream it sees in the pipeline. Sentence
//! order is shuffled with a fixed seed: the same data gives the same model.

use crate::error::{Error, Result};
use crate::features::{self, DocFeatures};
use crate::lexicon::Lexicon;
use crate::tagger::{self, Model, NTAGS, Part, START, Scores, TYPES};
use crate::{ner, sentences, tokens};
use dateline_core::{EntityLabel, Span, Token};
use serde::Deserialize;
use std::collections::HashMap;

/// A document with its gold names.
#[derive(Clone, Debug, Default)]
pub struct LabelledDoc {
    /// Document id (for messages).
    pub id: String,
    /// The text.
    pub text: String,
    /// Gold names: byte spans into `text` with their labels.
    pub entities: Vec<(Span, EntityLabel)>,
}

fn parse_label(label: &str) -> Option<EntityLabel> {
    match label {
        "PER" => Some(EntityLabel::Per),
        "ORG" => Some(EntityLabel::Org),
        "LOC" => Some(EntityLabel::Loc),
        "MISC" => Some(EntityLabel::Misc),
        "NORP" => Some(EntityLabel::Norp),
        _ => None,
    }
}

/// Reads CoNLL-2003 columns (`word POS chunk tag`, IOB1 or IOB2, `-DOCSTART-`
/// between documents) into documents whose sentences are lines and whose
/// tokens are joined by spaces, as the CoNLL evaluation sets are converted.
pub fn read_conll(data: &str) -> Result<Vec<LabelledDoc>> {
    let mut docs = Vec::new();
    let mut doc = LabelledDoc::default();
    let mut open: Option<(usize, EntityLabel)> = None;
    let mut prev_end = 0;
    let mut line_start = true;
    let close = |doc: &mut LabelledDoc, open: &mut Option<(usize, EntityLabel)>, end: usize| {
        if let Some((start, label)) = open.take() {
            doc.entities.push((Span::new(start, end), label));
        }
    };
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            close(&mut doc, &mut open, prev_end);
            if !doc.text.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            doc.id = format!("doc-{}", docs.len());
            line_start = true;
            continue;
        }
        if line.is_empty() {
            close(&mut doc, &mut open, prev_end);
            line_start = true;
            continue;
        }
        let mut cells = line.split_whitespace();
        let (Some(word), Some(tag)) = (cells.next(), cells.next_back()) else {
            return Err(Error::Data { file: "CoNLL input", line: n + 1, reason: "expected word ... tag".into() });
        };
        if !doc.text.is_empty() {
            doc.text.push(if line_start { '\n' } else { ' ' });
        }
        line_start = false;
        let start = doc.text.len();
        doc.text.push_str(word);
        let (prefix, label) = match tag.split_once('-') {
            Some((p, l)) => (p, parse_label(l)),
            None if tag == "O" => ("O", None),
            None => ("?", None),
        };
        let Some(label) = label.filter(|_| matches!(prefix, "B" | "I")) else {
            if tag != "O" {
                return Err(Error::Data { file: "CoNLL input", line: n + 1, reason: format!("unknown tag {tag:?}") });
            }
            close(&mut doc, &mut open, prev_end);
            prev_end = doc.text.len();
            continue;
        };
        let continues = prefix == "I" && open.is_some_and(|(_, l)| l == label);
        if !continues {
            close(&mut doc, &mut open, prev_end);
            open = Some((start, label));
        }
        prev_end = doc.text.len();
    }
    close(&mut doc, &mut open, prev_end);
    if !doc.text.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

#[derive(Deserialize)]
struct JsonDoc {
    id: String,
    text: String,
}

#[derive(Deserialize)]
struct JsonGold {
    id: String,
    entities: Vec<JsonEntity>,
}

#[derive(Deserialize)]
struct JsonEntity {
    start: usize,
    end: usize,
    label: String,
}

/// Reads an evaluation set: `docs.jsonl` (`{"id", "text"}`) and `gold.jsonl`
/// (`{"id", "entities": [{"start", "end", "label"}]}`, offsets in code points).
pub fn read_eval_set(docs_jsonl: &str, gold_jsonl: &str) -> Result<Vec<LabelledDoc>> {
    let bad = |file: &'static str, line: usize, e: String| Error::Data { file, line, reason: e };
    let mut gold = HashMap::new();
    for (n, line) in gold_jsonl.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let g: JsonGold = serde_json::from_str(line).map_err(|e| bad("gold.jsonl", n + 1, e.to_string()))?;
        gold.insert(g.id, g.entities);
    }
    let mut out = Vec::new();
    for (n, line) in docs_jsonl.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let d: JsonDoc = serde_json::from_str(line).map_err(|e| bad("docs.jsonl", n + 1, e.to_string()))?;
        let byte_at: Vec<usize> = d.text.char_indices().map(|(i, _)| i).chain([d.text.len()]).collect();
        let mut entities = Vec::new();
        for e in gold.remove(&d.id).unwrap_or_default() {
            let (Some(&a), Some(&b), Some(label)) = (byte_at.get(e.start), byte_at.get(e.end), parse_label(&e.label))
            else {
                return Err(bad("gold.jsonl", n + 1, format!("bad entity {}..{} {}", e.start, e.end, e.label)));
            };
            entities.push((Span::new(a, b), label));
        }
        out.push(LabelledDoc { id: d.id, text: d.text, entities });
    }
    Ok(out)
}

/// Settings of a training run.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Feature hash width: `2^bits` buckets.
    pub bits: u32,
    /// Seed of the sentence shuffle.
    pub seed: u64,
    /// Averaged weights smaller than this (absolute) are dropped from the shipped model.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, bits: 20, seed: 2003, prune: 0.0 }
    }
}

/// A document cut and featurised for training.
struct Prepared {
    features: DocFeatures,
    gold: Vec<usize>,
    /// Token ranges of the sentences.
    sentences: Vec<(usize, usize)>,
}

fn type_index(label: EntityLabel) -> usize {
    let label = if label == EntityLabel::Norp { EntityLabel::Misc } else { label };
    TYPES.iter().position(|&t| t == label).unwrap_or(TYPES.len() - 1)
}

/// Gold BILOU tags of our tokens; a name cut by a sentence boundary becomes one name per piece.
fn gold_tags(tokens: &[Token], entities: &[(Span, EntityLabel)]) -> Vec<usize> {
    let mut tags = vec![0; tokens.len()];
    for &(span, label) in entities {
        let inside: Vec<usize> =
            (0..tokens.len()).filter(|&i| span.start < tokens[i].span.end && tokens[i].span.start < span.end).collect();
        let ty = type_index(label);
        for piece in inside.chunk_by(|&a, &b| tokens[a].sentence == tokens[b].sentence && b == a + 1) {
            match piece {
                [one] => tags[*one] = tagger::tag(Part::U, ty),
                [first, .., last] => {
                    for &k in piece {
                        tags[k] = tagger::tag(Part::I, ty);
                    }
                    tags[*first] = tagger::tag(Part::B, ty);
                    tags[*last] = tagger::tag(Part::L, ty);
                }
                [] => {}
            }
        }
    }
    tags
}

fn prepare(doc: &LabelledDoc, lex: &Lexicon, bits: u32) -> Prepared {
    let sentences = sentences(&doc.text);
    let tokens = tokens(&doc.text, &sentences);
    let features = features::extract(&doc.text, &tokens, lex, bits);
    let gold = gold_tags(&tokens, &doc.entities);
    let sentences = ner::sentence_ranges(&tokens);
    Prepared { features, gold, sentences }
}

/// Perceptron weights with running sums for averaging.
struct Perceptron {
    weights: Vec<f32>,
    sums: Vec<f64>,
    transitions: Vec<f32>,
    transition_sums: Vec<f64>,
    /// Updates are weighted by the number of sentences seen so far.
    step: f64,
}

impl Scores for Perceptron {
    fn emit(&self, features: &[u32], out: &mut [f32; NTAGS]) {
        for &f in features {
            let row = f as usize * NTAGS;
            for (o, w) in out.iter_mut().zip(&self.weights[row..row + NTAGS]) {
                *o += w;
            }
        }
    }

    fn transition(&self, prev: usize, cur: usize) -> f32 {
        self.transitions[prev * NTAGS + cur]
    }
}

impl Perceptron {
    fn add(&mut self, features: &[u32], tag: usize, delta: f32) {
        for &f in features {
            let k = f as usize * NTAGS + tag;
            self.weights[k] += delta;
            self.sums[k] += self.step * f64::from(delta);
        }
    }

    fn add_transition(&mut self, prev: usize, cur: usize, delta: f32) {
        let k = prev * NTAGS + cur;
        self.transitions[k] += delta;
        self.transition_sums[k] += self.step * f64::from(delta);
    }

    fn averaged(&self, bits: u32, prune: f32) -> Model {
        let avg = |w: &[f32], s: &[f64]| -> Vec<f32> {
            w.iter().zip(s).map(|(&w, &s)| (f64::from(w) - s / self.step) as f32).collect()
        };
        Model::quantise(bits, &avg(&self.weights, &self.sums), avg(&self.transitions, &self.transition_sums), prune)
    }
}

/// A small deterministic generator for the shuffle (xorshift64*).
struct Shuffle(u64);

impl Shuffle {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// A trained tagger, ready to be evaluated or written.
pub struct TrainedModel {
    model: Model,
}

impl TrainedModel {
    /// The model file's bytes (gzip), as `Nlp` loads them.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.model.to_bytes()
    }

    /// Tags the documents the way the pipeline does and scores exact spans and labels (NORP counts as MISC).
    pub fn evaluate(&self, docs: &[LabelledDoc]) -> Result<Evaluation> {
        let lex = Lexicon::load()?;
        Ok(evaluate_with(&self.model, &lex, docs))
    }
}

/// Per-epoch progress of a training run.
#[derive(Clone, Debug)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Training sentences whose best tag sequence was wrong before the update.
    pub mistakes: usize,
    /// Training sentences.
    pub sentences: usize,
    /// Score on the development documents with the weights averaged so far, when some were given.
    pub dev: Option<Evaluation>,
}

/// Trains a tagger on `train`; after each epoch `report` gets the progress (and dev scores when `dev` is non-empty).
pub fn train(
    train: &[LabelledDoc],
    dev: &[LabelledDoc],
    options: &TrainOptions,
    mut report: impl FnMut(&EpochReport),
) -> Result<TrainedModel> {
    if !(8..=24).contains(&options.bits) {
        return Err(Error::Model { reason: format!("bits must be 8..=24, not {}", options.bits) });
    }
    let lex = Lexicon::load()?;
    let docs: Vec<Prepared> = train.iter().map(|d| prepare(d, &lex, options.bits)).collect();
    let mut order: Vec<(usize, usize)> =
        docs.iter().enumerate().flat_map(|(d, p)| (0..p.sentences.len()).map(move |s| (d, s))).collect();
    let size = (1usize << options.bits) * NTAGS;
    let mut p = Perceptron {
        weights: vec![0.0; size],
        sums: vec![0.0; size],
        transitions: vec![0.0; (NTAGS + 1) * NTAGS],
        transition_sums: vec![0.0; (NTAGS + 1) * NTAGS],
        step: 1.0,
    };
    let mut rng = Shuffle(options.seed | 1);
    let mut model = p.averaged(options.bits, options.prune);
    for epoch in 1..=options.epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut mistakes = 0;
        for &(d, s) in &order {
            let doc = &docs[d];
            let (a, b) = doc.sentences[s];
            let predicted = tagger::viterbi(&p, b - a, |i| doc.features.of(a + i));
            let gold = &doc.gold[a..b];
            if predicted != gold {
                mistakes += 1;
                for i in 0..b - a {
                    let (gp, pp) = if i == 0 { (START, START) } else { (gold[i - 1], predicted[i - 1]) };
                    if gold[i] != predicted[i] {
                        p.add(doc.features.of(a + i), gold[i], 1.0);
                        p.add(doc.features.of(a + i), predicted[i], -1.0);
                    }
                    if (gp, gold[i]) != (pp, predicted[i]) {
                        p.add_transition(gp, gold[i], 1.0);
                        p.add_transition(pp, predicted[i], -1.0);
                    }
                }
            }
            p.step += 1.0;
        }
        model = p.averaged(options.bits, options.prune);
        let dev = (!dev.is_empty()).then(|| evaluate_with(&model, &lex, dev));
        report(&EpochReport { epoch, mistakes, sentences: order.len(), dev });
    }
    Ok(TrainedModel { model })
}

/// Exact-match counts of one label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and gold.
    pub true_positives: usize,
    /// Predicted, not gold.
    pub false_positives: usize,
    /// Gold, not predicted.
    pub false_negatives: usize,
}

impl Counts {
    /// Precision, recall and F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let tp = self.true_positives as f64;
        let p = tp / ((self.true_positives + self.false_positives) as f64).max(1.0);
        let r = tp / ((self.true_positives + self.false_negatives) as f64).max(1.0);
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }
}

/// Span-and-label scores per label (PER, ORG, LOC, MISC; NORP counted as MISC) and overall.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// Counts per label, in the order PER, ORG, LOC, MISC.
    pub labels: Vec<(EntityLabel, Counts)>,
}

impl Evaluation {
    /// Micro-averaged counts over all labels.
    pub fn overall(&self) -> Counts {
        self.labels.iter().fold(Counts::default(), |a, (_, c)| Counts {
            true_positives: a.true_positives + c.true_positives,
            false_positives: a.false_positives + c.false_positives,
            false_negatives: a.false_negatives + c.false_negatives,
        })
    }
}

fn evaluate_with(model: &Model, lex: &Lexicon, docs: &[LabelledDoc]) -> Evaluation {
    let mut counts = [Counts::default(); TYPES.len()];
    for doc in docs {
        let sentences = sentences(&doc.text);
        let tokens = tokens(&doc.text, &sentences);
        let key = |&(s, l): &(Span, EntityLabel)| (s.start, s.end, type_index(l));
        let predicted: Vec<_> =
            ner::mentions(&doc.text, &tokens, lex, model).iter().map(|m| key(&(m.span, m.label))).collect();
        let gold: Vec<_> = doc.entities.iter().map(key).collect();
        for p in &predicted {
            if gold.contains(p) {
                counts[p.2].true_positives += 1;
            } else {
                counts[p.2].false_positives += 1;
            }
        }
        for g in gold.iter().filter(|g| !predicted.contains(g)) {
            counts[g.2].false_negatives += 1;
        }
    }
    Evaluation { labels: TYPES.iter().copied().zip(counts).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "-DOCSTART- -X- -X- O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
visited VBD B-VP O
Paris NNP B-NP B-LOC
. . O O

Mary NNP B-NP B-PER
Smith NNP I-NP I-PER
joined VBD B-VP O
Acme NNP B-NP B-ORG
Corp NNP I-NP I-ORG
in IN O O
London NNP B-NP B-LOC
. . O O

-DOCSTART- -X- -X- O

German JJ B-NP B-MISC
farmers NNS I-NP O
met VBD B-VP O
John NNP B-NP B-PER
Brown NNP I-NP I-PER
in IN O O
Berlin NNP B-NP B-LOC
. . O O
";

    #[test]
    fn conll_documents_read_like_the_eval_sets() -> Result<()> {
        let docs = read_conll(TINY)?;
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "Peter Blackburn visited Paris .\nMary Smith joined Acme Corp in London .");
        let names: Vec<_> =
            docs[0].entities.iter().map(|(s, l)| (docs[0].text.get(s.range()).unwrap_or(""), *l)).collect();
        assert_eq!(names[..2], [("Peter Blackburn", EntityLabel::Per), ("Paris", EntityLabel::Loc)]);
        assert_eq!(names[3], ("Acme Corp", EntityLabel::Org));
        assert!(read_conll("word POS chunk B-WHAT\n").is_err());
        Ok(())
    }

    #[test]
    fn eval_sets_convert_code_points_to_bytes() -> Result<()> {
        let docs = read_eval_set(
            r#"{"id": "a", "text": "Café owner Jean Dupont left ."}"#,
            r#"{"id": "a", "entities": [{"text": "Jean Dupont", "start": 11, "end": 22, "label": "PER"}]}"#,
        )?;
        let (span, label) = docs[0].entities[0];
        assert_eq!((docs[0].text.get(span.range()), label), (Some("Jean Dupont"), EntityLabel::Per));
        Ok(())
    }

    #[test]
    fn a_tiny_model_learns_its_sentences() -> Result<()> {
        let docs = read_conll(TINY)?;
        let options = TrainOptions { epochs: 8, bits: 16, ..TrainOptions::default() };
        let mut epochs = 0;
        let trained = train(&docs, &docs, &options, |_| epochs += 1)?;
        assert_eq!(epochs, 8);
        let eval = trained.evaluate(&docs)?;
        assert_eq!(eval.overall().prf().2, 1.0, "{eval:?}");
        let again = train(&docs, &[], &options, |_| {})?;
        assert_eq!(again.to_bytes()?, trained.to_bytes()?, "training is deterministic");
        Ok(())
    }
}
