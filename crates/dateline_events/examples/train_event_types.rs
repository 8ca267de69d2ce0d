//! Trains the event-type classifier on a labelled set and writes its weights.
//!
//! usage: cargo run --release -p dateline_events --example train_event_types -- [--errors] DIR [OUT]
//!
//! DIR holds `docs.jsonl` (`{"id", "text"}`) and `gold.jsonl` (`{"id", "label"}`,
//! labels from `data/case_labels.tsv`), e.g. the CASE 2021 development half.
//! Prints 5-fold cross-validated and in-sample accuracy (class and PLOVER
//! type) and writes the model trained on all of DIR to OUT (default
//! `crates/dateline_events/data/type_model.tsv`). With `--errors`, each
//! cross-validated document whose PLOVER type is wrong is printed to stderr.

use anyhow::{Context, bail};
use dateline_core::EventType;
use dateline_events::{CASE_LABELS_TSV, Class, TrainOptions, TypeModel, parse_classes};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

const FOLDS: usize = 5;

fn read_jsonl(path: &std::path::Path) -> anyhow::Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| Ok(serde_json::from_str(l)?)).collect()
}

/// The PLOVER types besides its own that the CASE scorer
/// (`score_events.py --mode case`, table `CASE_TO_PLOVER`) also accepts for
/// a label whose ACLED class spans several PLOVER types: the
/// `accepted` figure is the one the pipeline's `type_acc` reports.
const ALSO_ACCEPTED: &[(&str, &[&str])] = &[
    ("FORCE_AGAINST_PROTEST", &["COERCE"]),
    ("MOB_VIOL", &["ASSAULT"]),
    ("CHANGE_TO_GROUP_ACT", &["RETREAT", "OTHER"]),
    ("PROPERTY_DISTRUCT", &["COERCE", "PROTEST"]),
    ("ORG_CRIME", &["COERCE", "ASSAULT"]),
    ("DIPLO", &["ACCUSE", "REQUEST", "THREATEN", "REJECT", "CONSULT"]),
    ("ATTRIB", &["AGREE", "REJECT", "ASSAULT"]),
];

/// Whether the scorer accepts PLOVER type `predicted` for the class `gold`.
fn accepted(gold: &Class, predicted: EventType) -> bool {
    predicted == gold.kind
        || ALSO_ACCEPTED.iter().any(|(label, also)| *label == gold.name && also.contains(&predicted.as_str()))
}

/// Counts of (gold PLOVER type, predicted PLOVER type) pairs.
type Confusion = BTreeMap<(&'static str, &'static str), usize>;

/// Accuracy of `model` on `data`: of the class, of the PLOVER type, and of
/// the PLOVER type as the scorer accepts it; each
/// prediction is also counted in `confusion`, and printed to stderr when its
/// type is wrong and `show_errors` is set.
fn accuracy(model: &TypeModel, data: &[(String, usize)], confusion: &mut Confusion, show_errors: bool) -> [f64; 3] {
    let (mut class_ok, mut type_ok, mut accepted_ok) = (0, 0, 0);
    for (text, y) in data {
        let gold = model.classes().get(*y);
        let predicted = model.classify(text).map(|(c, _)| c);
        class_ok += usize::from(gold.is_some() && gold == predicted);
        type_ok += usize::from(gold.is_some() && gold.map(|g| g.kind) == predicted.map(|c| c.kind));
        accepted_ok += usize::from(gold.zip(predicted).is_some_and(|(g, p)| accepted(g, p.kind)));
        if let Some(g) = gold {
            let predicted_kind = predicted.map_or("(none)", |c| c.kind.as_str());
            if show_errors && g.kind.as_str() != predicted_kind {
                let shown: String = text.chars().take(200).collect();
                eprintln!("{} -> {predicted_kind} ({}): {shown}", g.name, predicted.map_or("", |c| c.name.as_str()));
            }
            *confusion.entry((g.kind.as_str(), predicted.map_or("(none)", |c| c.kind.as_str()))).or_default() += 1;
        }
    }
    let n = data.len().max(1) as f64;
    [class_ok as f64 / n, type_ok as f64 / n, accepted_ok as f64 / n]
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
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let show_errors = args.first().is_some_and(|a| a == "--errors");
    if show_errors {
        args.remove(0);
    }
    let Some(dir) = args.first().map(std::path::PathBuf::from) else {
        bail!("usage: train_event_types [--errors] DIR [OUT]");
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
    let mut sums = [0.0; 3];
    let mut confusion = Confusion::new();
    for fold in 0..FOLDS {
        let (test, train): (Vec<_>, Vec<_>) = data.iter().enumerate().partition(|(i, _)| i % FOLDS == fold);
        let train: Vec<(String, usize)> = train.into_iter().map(|(_, d)| d.clone()).collect();
        let test: Vec<(String, usize)> = test.into_iter().map(|(_, d)| d.clone()).collect();
        let model = TypeModel::train(classes.clone(), &train, options);
        let fold_accuracy = accuracy(&model, &test, &mut confusion, show_errors);
        for (sum, a) in sums.iter_mut().zip(fold_accuracy) {
            *sum += a * test.len() as f64;
        }
    }
    let n = data.len() as f64;
    let model = TypeModel::train(classes, &data, options);
    let [c, t, a] = accuracy(&model, &data, &mut Confusion::new(), false);
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{} documents", data.len())?;
    let [class, kind, accepted] = sums.map(|s| s / n);
    writeln!(
        stdout,
        "{FOLDS}-fold cross-validated: class {class:.4}, PLOVER type {kind:.4} (as the scorer accepts it: {accepted:.4})"
    )?;
    write_confusion(&mut stdout, &confusion)?;
    writeln!(stdout, "in-sample: class {c:.4}, PLOVER type {t:.4} (accepted: {a:.4})")?;
    std::fs::write(out, model.to_tsv()).with_context(|| format!("writing {out}"))?;
    writeln!(stdout, "wrote {out}")?;
    Ok(())
}
