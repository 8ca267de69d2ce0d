//! Trains the event-type classifier on a labelled set and writes its weights.
//!
//! usage: cargo run --release -p dateline_events --example train_event_types -- DIR [OUT]
//!
//! DIR holds `docs.jsonl` (`{"id", "text"}`) and `gold.jsonl` (`{"id", "label"}`,
//! labels from `data/case_labels.tsv`), e.g. the CASE 2021 development half.
//! Prints 5-fold cross-validated and in-sample accuracy (class and PLOVER
//! type) and writes the model trained on all of DIR to OUT (default
//! `crates/dateline_events/data/type_model.tsv`).

use anyhow::{Context, bail};
use dateline_events::{CASE_LABELS_TSV, TrainOptions, TypeModel, parse_classes};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

const FOLDS: usize = 5;

fn read_jsonl(path: &std::path::Path) -> anyhow::Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| Ok(serde_json::from_str(l)?)).collect()
}

/// Counts of (gold PLOVER type, predicted PLOVER type) pairs.
type Confusion = BTreeMap<(&'static str, &'static str), usize>;

/// (class accuracy, PLOVER-type accuracy) of `model` on `data`; each
/// prediction is also counted in `confusion`.
fn accuracy(model: &TypeModel, data: &[(String, usize)], confusion: &mut Confusion) -> (f64, f64) {
    let (mut class_ok, mut type_ok) = (0, 0);
    for (text, y) in data {
        let gold = model.classes().get(*y);
        let predicted = model.classify(text).map(|(c, _)| c);
        class_ok += usize::from(gold.is_some() && gold == predicted);
        type_ok += usize::from(gold.is_some() && gold.map(|g| g.kind) == predicted.map(|c| c.kind));
        if let Some(g) = gold {
            *confusion.entry((g.kind.as_str(), predicted.map_or("(none)", |c| c.kind.as_str()))).or_default() += 1;
        }
    }
    let n = data.len().max(1) as f64;
    (class_ok as f64 / n, type_ok as f64 / n)
}

/// The confused pairs of `confusion`, most frequent first.
fn write_confusion(out: &mut impl Write, confusion: &Confusion) -> std::io::Result<()> {
    let mut wrong: Vec<(&(&str, &str), &usize)> = confusion.iter().filter(|((g, p), _)| g != p).collect();
    wrong.sort_by_key(|(pair, n)| (std::cmp::Reverse(**n), **pair));
    writeln!(out, "cross-validated PLOVER confusions (gold -> predicted: count):")?;
    for ((gold, predicted), n) in wrong {
        writeln!(out, "  {gold} -> {predicted}: {n}")?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(std::path::PathBuf::from) else {
        bail!("usage: train_event_types DIR [OUT]");
    };
    let out = args.get(1).map_or("crates/dateline_events/data/type_model.tsv", String::as_str);
    let classes = parse_classes(CASE_LABELS_TSV)?;
    let index: HashMap<&str, usize> = classes.iter().enumerate().map(|(i, c)| (c.name.as_str(), i)).collect();
    let labels: HashMap<String, usize> = read_jsonl(&dir.join("gold.jsonl"))?
        .iter()
        .filter_map(|g| Some((g["id"].as_str()?.to_owned(), *index.get(g["label"].as_str()?)?)))
        .collect();
    let data: Vec<(String, usize)> = read_jsonl(&dir.join("docs.jsonl"))?
        .iter()
        .filter_map(|d| Some((d["text"].as_str()?.to_owned(), *labels.get(d["id"].as_str()?)?)))
        .collect();
    if data.is_empty() {
        bail!("no labelled documents in {}", dir.display());
    }
    let options = TrainOptions::default();
    let (mut class_sum, mut type_sum) = (0.0, 0.0);
    let mut confusion = Confusion::new();
    for fold in 0..FOLDS {
        let (test, train): (Vec<_>, Vec<_>) = data.iter().enumerate().partition(|(i, _)| i % FOLDS == fold);
        let train: Vec<(String, usize)> = train.into_iter().map(|(_, d)| d.clone()).collect();
        let test: Vec<(String, usize)> = test.into_iter().map(|(_, d)| d.clone()).collect();
        let model = TypeModel::train(classes.clone(), &train, options);
        let (c, t) = accuracy(&model, &test, &mut confusion);
        class_sum += c * test.len() as f64;
        type_sum += t * test.len() as f64;
    }
    let n = data.len() as f64;
    let model = TypeModel::train(classes, &data, options);
    let (c, t) = accuracy(&model, &data, &mut Confusion::new());
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{} documents", data.len())?;
    writeln!(stdout, "{FOLDS}-fold cross-validated: class {:.4}, PLOVER type {:.4}", class_sum / n, type_sum / n)?;
    write_confusion(&mut stdout, &confusion)?;
    writeln!(stdout, "in-sample: class {c:.4}, PLOVER type {t:.4}")?;
    std::fs::write(out, model.to_tsv()).with_context(|| format!("writing {out}"))?;
    writeln!(stdout, "wrote {out}")?;
    Ok(())
}
