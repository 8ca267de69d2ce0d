//! `dateline train ner`: trains the NER tagger, prints its dev scores per
//! label and writes the model file that the nlp stage ships.

use crate::Outcome;
use crate::output::{self, UsageError};
use anyhow::Context;
use dateline_nlp::train::{self, Evaluation, LabelledDoc, TrainOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `dateline train`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Train the named-entity tagger (averaged perceptron, Viterbi over BILOU tags)
    Ner(NerArgs),
}

/// Arguments of `dateline train ner`.
#[derive(Debug, clap::Args)]
struct NerArgs {
    /// Training data in CoNLL-2003 columns (word ... tag, IOB1 or IOB2)
    #[arg(long)]
    data: PathBuf,
    /// Development set: a CoNLL file, or a folder with docs.jsonl and gold.jsonl (the eval-set layout)
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Where to write the model
    #[arg(long, default_value = "crates/dateline_nlp/data/ner.model.gz")]
    out: PathBuf,
    /// Passes over the training data
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Feature hash width (2^bits buckets)
    #[arg(long, default_value_t = TrainOptions::default().bits)]
    bits: u32,
    /// Seed of the sentence shuffle
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Drop averaged weights below this magnitude from the written model
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    prune: f32,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    match &args.what {
        What::Ner(ner) => run_ner(ner),
    }
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())).into())
}

fn read_set(path: &Path) -> anyhow::Result<Vec<LabelledDoc>> {
    let docs = if path.is_dir() {
        train::read_eval_set(&read(&path.join("docs.jsonl"))?, &read(&path.join("gold.jsonl"))?)
    } else {
        train::read_conll(&read(path)?)
    };
    docs.map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
}

fn f1_line(eval: &Evaluation) -> String {
    let (p, r, f) = eval.overall().prf();
    format!("P {p:.4} R {r:.4} F1 {f:.4}")
}

fn run_ner(args: &NerArgs) -> anyhow::Result<Outcome> {
    let data = read_set(&args.data)?;
    let dev = args.dev.as_deref().map(read_set).transpose()?.unwrap_or_default();
    eprintln!("dateline train ner: {} training documents, {} dev documents", data.len(), dev.len());
    let options = TrainOptions { epochs: args.epochs, bits: args.bits, seed: args.seed, prune: args.prune };
    let started = std::time::Instant::now();
    let trained = train::train(&data, &dev, &options, |r| {
        let dev = r.dev.as_ref().map(|e| format!(", dev {}", f1_line(e))).unwrap_or_default();
        eprintln!(
            "  epoch {:>2}: {} of {} sentences wrong{dev} ({:.1} s)",
            r.epoch,
            r.mistakes,
            r.sentences,
            started.elapsed().as_secs_f64()
        );
    })
    .map_err(|e| UsageError(e.to_string()))?;
    let bytes = trained.to_bytes()?;
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    let mut out = output::writer(None)?;
    writeln!(out, "model: {} ({:.2} MB)", args.out.display(), bytes.len() as f64 / 1e6)?;
    if !dev.is_empty() {
        let eval = trained.evaluate(&dev)?;
        writeln!(out, "dev: exact span + label (NORP as MISC)")?;
        writeln!(out, "| label | P | R | F1 | gold |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        let overall = eval.overall();
        for (label, c) in eval.labels.iter().map(|(l, c)| (l.as_str(), c)).chain([("ALL", &overall)]) {
            let (p, r, f) = c.prf();
            writeln!(out, "| {label} | {p:.4} | {r:.4} | {f:.4} | {} |", c.true_positives + c.false_negatives)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}
