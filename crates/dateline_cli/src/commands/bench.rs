//! `dateline bench`: ingest speed on the bench corpus, beside the Python peers
//! (warcio, trafilatura, spaCy NER, datasketch, dateparser) run in the same invocation on the same machine.

use crate::Outcome;
use crate::analysis::Analyzer;
use crate::commands::ingest::{self, Progress};
use crate::output::{self, UsageError};
use anyhow::Context;
use dateline_core::{Document, Meta, Stage};
use dateline_ingest::{Content, IngestConfig, Input};
use dateline_link::LinkConfig;
use dateline_nlp::{Nlp, NlpConfig};
use dateline_store::Store;
use rayon::prelude::*;
use serde_json::Value;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Arguments of `dateline bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Folder holding reuters21578.jsonl.gz, reuters-sample.warc.gz and peers/
    #[arg(long, default_value = "../shared/bench")]
    pub(crate) corpus_dir: PathBuf,
    /// Python virtual environment with the peers installed (`peers/setup.sh VENV`); peers are skipped without it
    #[arg(long, env = "DATELINE_PEERS_VENV")]
    pub(crate) peers_venv: Option<PathBuf>,
    /// Worker threads for dateline (the peers run on one core; 1 compares like with like)
    #[arg(long, default_value_t = 1)]
    pub(crate) threads: usize,
    /// Passes over the WARC for the read-only iteration figure
    #[arg(long, default_value_t = 5)]
    pub(crate) passes: usize,
    /// Measure only these rows (repeatable; default: all)
    #[arg(long, value_enum)]
    pub(crate) only: Vec<Section>,
    /// Articles of the JSONL corpus for the NER comparison with spaCy
    #[arg(long, default_value_t = 5000)]
    pub(crate) ner_articles: usize,
}

/// Groups of rows of the comparison table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Section {
    /// WARC iteration (warcio)
    Warc,
    /// HTML extraction (trafilatura)
    Html,
    /// Full ingest of the JSONL corpus and the WARC sample
    Ingest,
    /// Tokenisation + NER + canonical names against spaCy en_core_web_sm NER-only
    Ner,
    /// Near-duplicate pairs over the JSONL corpus against datasketch MinHashLSH
    Dedup,
    /// Relative date phrases against dateparser
    Dates,
    /// Each analysis stage's share of the per-article time, and the gazetteer's load time
    Stages,
}

/// One measured line of the comparison table.
struct Row {
    task: &'static str,
    ours: Throughput,
    peer_name: &'static str,
    peer: Option<Throughput>,
}

#[derive(Clone, Copy)]
struct Throughput {
    items_per_s: f64,
    mb_per_s: f64,
}

impl Throughput {
    fn of(items: usize, bytes: u64, secs: f64) -> Throughput {
        let secs = secs.max(1e-9);
        Throughput { items_per_s: items as f64 / secs, mb_per_s: bytes as f64 / 1e6 / secs }
    }
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let jsonl = args.corpus_dir.join("reuters21578.jsonl.gz");
    let warc = args.corpus_dir.join("reuters-sample.warc.gz");
    for f in [&jsonl, &warc] {
        if !f.exists() {
            return Err(UsageError(format!("{} not found (set --corpus-dir)", f.display())).into());
        }
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.max(1)).build()?;
    let analyzer = Analyzer::new(IngestConfig::default())?;
    let mut rows = Vec::new();
    let wanted = |s: Section| args.only.is_empty() || args.only.contains(&s);

    if wanted(Section::Warc) {
        eprintln!("dateline bench: WARC iteration ({} passes)", args.passes);
        let ours = warc_iteration(&warc, args.passes)?;
        let peer = peer_json(args, "bench_warcio.py", &[])?
            .map(|v| Throughput { items_per_s: num(&v, "records_per_s"), mb_per_s: num(&v, "payload_mb_per_s") });
        rows.push(Row {
            task: "WARC iteration, payloads read (records/s, payload MB/s)",
            ours,
            peer_name: "warcio",
            peer,
        });
    }
    if wanted(Section::Html) {
        html_rows(args, &pool, &analyzer, &warc, &mut rows)?;
    }
    if wanted(Section::Ingest) {
        ingest_rows(&pool, &analyzer, &jsonl, &warc, &mut rows)?;
    }
    if wanted(Section::Ner) {
        eprintln!("dateline bench: tokenisation + NER + canonical names, first {} articles", args.ner_articles);
        let ours = ner_throughput(&jsonl, args.ner_articles)?;
        let n = args.ner_articles.to_string();
        let peer = peer_json(args, "bench_spacy.py", &["--pipeline", "ner", "-n", &n])?
            .map(|v| Throughput { items_per_s: num(&v, "articles_per_s"), mb_per_s: num(&v, "mb_per_s") });
        rows.push(Row {
            task: "tokenise + NER (+ canonical names for dateline), one thread (articles/s, MB/s)",
            ours,
            peer_name: "spaCy en_core_web_sm, NER only",
            peer,
        });
    }
    if wanted(Section::Dedup) {
        eprintln!("dateline bench: near-duplicate pairs over the JSONL corpus");
        let (ours, pairs) = near_duplicates(&jsonl)?;
        let peer_run = peer_json(args, "bench_minhash.py", &[])?;
        let peer = peer_run
            .as_ref()
            .map(|v| Throughput { items_per_s: num(v, "articles_per_s"), mb_per_s: num(v, "mb_per_s") });
        if let Some(v) = &peer_run {
            eprintln!(
                "  datasketch: {} candidate pairs, {} with estimated Jaccard >= 0.8, {} of them exactly",
                num(v, "candidate_pairs"),
                num(v, "est_ge_pairs"),
                num(v, "exact_ge_among_candidates")
            );
        }
        eprintln!("  dateline:   {pairs}");
        rows.push(Row {
            task: "near-duplicate pairs, MinHash 128 + LSH at Jaccard 0.8 (articles/s, MB/s)",
            ours,
            peer_name: "datasketch",
            peer,
        });
    }
    let mut dates = None;
    if wanted(Section::Dates) {
        eprintln!("dateline bench: relative dates against 2020-01-24");
        dates = relative_dates(args)?;
        if let Some(d) = &dates {
            rows.push(Row {
                task: "relative date phrases normalized (phrases/s, MB/s)",
                ours: d.ours,
                peer_name: "dateparser",
                peer: Some(d.peer),
            });
        }
    }
    let stages = if wanted(Section::Stages) {
        eprintln!("dateline bench: time per analysis stage, first {} articles", args.ner_articles);
        Some(stage_times(&jsonl, args.ner_articles)?)
    } else {
        None
    };
    print_rows(args, &rows, dates.as_ref())?;
    if let Some(s) = stages {
        print_stage_times(&s)?;
    }
    Ok(Outcome::Success)
}

/// What each analysis stage costs per article, and how long the gazetteer takes to load.
struct StageTimes {
    articles: usize,
    gazetteer_load_s: f64,
    stages: Vec<(&'static str, f64)>,
}

/// Runs the analysis stages one by one over the `text` of the first `n` JSONL
/// articles on this thread, timing each: geoparsing's share of the pipeline and
/// event extraction against the NER (the stage that also tokenises).
fn stage_times(jsonl: &Path, n: usize) -> anyhow::Result<StageTimes> {
    let texts = corpus_texts(jsonl, n)?;
    let load = Instant::now();
    let geo = dateline_geo::Geo::new(&dateline_geo::GeoConfig::default())?;
    let gazetteer_load_s = load.elapsed().as_secs_f64();
    let stages: Vec<Box<dyn Stage>> = vec![
        Box::new(Nlp::new(&NlpConfig::default())?),
        Box::new(geo),
        Box::new(dateline_time::Time::new(&dateline_time::TimeConfig::default())?),
        Box::new(dateline_events::Events::new(&dateline_events::EventsConfig::default())?),
    ];
    let mut secs = vec![0.0; stages.len()];
    for (i, text) in texts.iter().enumerate() {
        let mut doc = Document::new(i.to_string(), text.as_str(), Meta::default());
        for (stage, total) in stages.iter().zip(secs.iter_mut()) {
            let started = Instant::now();
            stage.process(&mut doc)?;
            *total += started.elapsed().as_secs_f64();
        }
    }
    let stages = stages.iter().map(|s| s.name()).zip(secs).collect();
    Ok(StageTimes { articles: texts.len(), gazetteer_load_s, stages })
}

fn print_stage_times(t: &StageTimes) -> anyhow::Result<()> {
    let mut out = output::writer(None)?;
    let total: f64 = t.stages.iter().map(|(_, s)| s).sum();
    writeln!(
        out,
        "
analysis stages over {} articles, one thread (gazetteer load {:.2} s):
",
        t.articles, t.gazetteer_load_s
    )?;
    writeln!(out, "| stage | ms/article | share of the analysis |")?;
    writeln!(out, "|---|---|---|")?;
    for (name, secs) in &t.stages {
        let per_article = 1000.0 * secs / t.articles.max(1) as f64;
        writeln!(out, "| {name} | {per_article:.3} | {:.1}% |", 100.0 * secs / total.max(1e-9))?;
    }
    out.flush()?;
    Ok(())
}

fn html_rows(
    args: &Args,
    pool: &rayon::ThreadPool,
    analyzer: &Analyzer,
    warc: &Path,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    eprintln!("dateline bench: HTML extraction with metadata");
    let ours = pool.install(|| html_extraction(analyzer, warc))?;
    let peer = peer_json(args, "bench_trafilatura.py", &["--mode", "metadata"])?
        .map(|v| Throughput { items_per_s: num(&v, "pages_per_s"), mb_per_s: num(&v, "mb_per_s") });
    rows.push(Row { task: "HTML → text + title + date (pages/s, HTML MB/s)", ours, peer_name: "trafilatura", peer });
    let peer = peer_json(args, "bench_trafilatura.py", &["--mode", "text"])?
        .map(|v| Throughput { items_per_s: num(&v, "pages_per_s"), mb_per_s: num(&v, "mb_per_s") });
    rows.push(Row {
        task: "HTML → text + title + date, against text alone (pages/s, HTML MB/s)",
        ours,
        peer_name: "trafilatura (text only)",
        peer,
    });
    Ok(())
}

fn ingest_rows(
    pool: &rayon::ThreadPool,
    analyzer: &Analyzer,
    jsonl: &Path,
    warc: &Path,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    for (task, path) in [
        ("full ingest of the JSONL corpus (docs/s, MB/s)", jsonl),
        ("full ingest of the WARC sample (docs/s, MB/s)", warc),
    ] {
        let path = path.to_path_buf();
        eprintln!("dateline bench: {task}");
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("bench.db"))?;
        let summary = pool
            .install(|| ingest::ingest(&mut store, analyzer, std::slice::from_ref(&path), 256, &Progress::new(true)))?;
        eprintln!("  {}", summary.line());
        let p = &summary.phases;
        eprintln!(
            "  phases: analysis {:.2} s, store {:.2} s, link {:.2} s",
            p.analysis.as_secs_f64(),
            p.store.as_secs_f64(),
            p.link.as_secs_f64()
        );
        let ours = Throughput::of(summary.read, summary.bytes, summary.elapsed.as_secs_f64());
        rows.push(Row { task, ours, peer_name: "-", peer: None });
    }
    Ok(())
}

/// The `text` field of the first `n` articles of the JSONL corpus: what the
/// peers read (`common.load_corpus`), so both sides get the same strings.
fn corpus_texts(jsonl: &Path, n: usize) -> anyhow::Result<Vec<String>> {
    let file = std::fs::File::open(jsonl).with_context(|| format!("opening {}", jsonl.display()))?;
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines().take(n) {
        let v: Value = serde_json::from_str(&line?).context("a bench corpus line is not JSON")?;
        texts.push(v.get("text").and_then(Value::as_str).unwrap_or_default().to_string());
    }
    Ok(texts)
}

/// The nlp stage alone (sentences, tokens, tagger, canonical names) over the
/// `text` of the first `n` JSONL articles, the texts spaCy gets, on this thread.
fn ner_throughput(jsonl: &Path, n: usize) -> anyhow::Result<Throughput> {
    let texts = corpus_texts(jsonl, n)?;
    let nlp = Nlp::new(&NlpConfig::default())?;
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mut entities = 0;
    let started = Instant::now();
    for (i, text) in texts.iter().enumerate() {
        let mut doc = Document::new(i.to_string(), text.as_str(), Meta::default());
        nlp.process(&mut doc)?;
        entities += doc.entities.len();
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!("  {} articles, {entities} entities in {secs:.2} s", texts.len());
    Ok(Throughput::of(texts.len(), bytes, secs))
}

fn print_rows(args: &Args, rows: &[Row], dates: Option<&DatesComparison>) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut out = output::writer(None)?;
    writeln!(out, "\ndateline bench: {} dateline thread(s); peers on one core\n", args.threads)?;
    writeln!(out, "| task | dateline | peer | peer figure | dateline / peer |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for r in rows {
        let (peer, ratio) = match r.peer {
            Some(p) => (
                format!("{:.1}/s, {:.2} MB/s", p.items_per_s, p.mb_per_s),
                format!("{:.1}×", r.ours.items_per_s / p.items_per_s.max(1e-9)),
            ),
            None if r.peer_name == "-" => ("-".into(), "-".into()),
            None => ("not run (no --peers-venv)".into(), "-".into()),
        };
        writeln!(
            out,
            "| {} | {:.1}/s, {:.2} MB/s | {} | {} | {} |",
            r.task, r.ours.items_per_s, r.ours.mb_per_s, r.peer_name, peer, ratio
        )?;
    }
    if let Some(d) = dates {
        writeln!(out, "\nreference phrases at 2020-01-24 (dateparser with PREFER_DATES_FROM=past):\n")?;
        writeln!(out, "| phrase | right | dateline | dateparser |")?;
        writeln!(out, "|---|---|---|---|")?;
        for r in &d.reference {
            let mark = |got: &str| if got == r.want { format!("{got} ✓") } else { format!("{got} ✗") };
            writeln!(out, "| {} | {} | {} | {} |", r.phrase, r.want, mark(&r.ours), mark(&r.peer))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The anchor of the relative-date comparison (a Friday), as the peer's `--base`.
const DATES_BASE: jiff::civil::Date = jiff::civil::date(2020, 1, 24);

/// The relative-date comparison: both speeds and both answers on the peer's reference phrases.
struct DatesComparison {
    ours: Throughput,
    peer: Throughput,
    reference: Vec<ReferencePhrase>,
}

struct ReferencePhrase {
    phrase: String,
    want: String,
    ours: String,
    peer: String,
}

/// Times `dateline_time::normalize` on one thread over the peer's own phrase
/// list (10,000 phrases, read from its script), beside the peer's fastest way.
fn relative_dates(args: &Args) -> anyhow::Result<Option<DatesComparison>> {
    let Some(venv) = &args.peers_venv else { return Ok(None) };
    let Some(peer) = peer_json(args, "bench_dateparser.py", &["--base", "2020-01-24T12:00:00"])? else {
        return Ok(None);
    };
    let peers = args.corpus_dir.join("peers");
    let listing = Command::new(venv.join("bin/python"))
        .current_dir(&peers)
        .args(["-c", "import json, bench_dateparser as b; print(json.dumps(b.phrases()))"])
        .output()
        .context("listing the dateparser phrases")?;
    let distinct: Vec<String> = serde_json::from_slice(&listing.stdout).context("reading the dateparser phrases")?;
    let n = peer.get("phrases").and_then(Value::as_u64).unwrap_or(10_000) as usize;
    let items: Vec<&str> = distinct.iter().cycle().take(n).map(String::as_str).collect();
    let bytes: u64 = items.iter().map(|p| p.len() as u64).sum();
    let answer = |p: &str| dateline_time::normalize(p, Some(DATES_BASE)).first().map(|t| t.value.clone());
    answer(items.first().copied().unwrap_or_default());
    let started = Instant::now();
    let parsed = items.iter().filter(|p| answer(p).is_some()).count();
    let ours = Throughput::of(items.len(), bytes, started.elapsed().as_secs_f64());
    eprintln!("  dateline: {parsed}/{} phrases with a value", items.len());
    let timing = peer.pointer("/timings/ddp_en").cloned().unwrap_or_default();
    let peer_secs = num(&timing, "wall_s");
    let peer_speed = Throughput::of(items.len(), bytes, peer_secs);
    let mut reference = Vec::new();
    if let Some(Value::Object(rows)) = peer.get("reference_prefer_past") {
        for (phrase, row) in rows {
            let text = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or("-").to_owned();
            let ours = answer(phrase).unwrap_or_else(|| "-".into());
            reference.push(ReferencePhrase { phrase: phrase.clone(), want: text("want"), ours, peer: text("got") });
        }
    }
    Ok(Some(DatesComparison { ours, peer: peer_speed, reference }))
}

/// Every near-duplicate pair of the JSONL corpus as the linker finds them
/// (signatures, LSH index, queries timed; the exact check of the pairs not).
fn near_duplicates(path: &Path) -> anyhow::Result<(Throughput, String)> {
    let texts = corpus_texts(path, usize::MAX)?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let cfg = LinkConfig::default();
    let found = dateline_link::near_duplicate_pairs(&refs, &cfg);
    let secs = (found.signatures + found.index + found.query).as_secs_f64();
    let exact = found
        .pairs
        .iter()
        .filter(|&&(i, j)| {
            let text = |k: u32| refs.get(k as usize).copied().unwrap_or("");
            dateline_link::exact_jaccard(text(i), text(j), &cfg) >= cfg.duplicate_jaccard
        })
        .count();
    let summary = format!(
        "{} candidate pairs, {} with estimated Jaccard >= {}, {exact} of them exactly \
         (signatures {:.2} s, index {:.2} s, query {:.2} s)",
        found.candidates,
        found.pairs.len(),
        cfg.duplicate_jaccard,
        found.signatures.as_secs_f64(),
        found.index.as_secs_f64(),
        found.query.as_secs_f64()
    );
    Ok((Throughput::of(refs.len(), bytes, secs), summary))
}

fn warc_input(path: &Path) -> anyhow::Result<Input> {
    Input::from_path(path).with_context(|| format!("{} is not a WARC file", path.display()))
}

/// Streams every record (payload decoded) `passes` times, after one warm-up pass.
fn warc_iteration(path: &Path, passes: usize) -> anyhow::Result<Throughput> {
    let input = warc_input(path)?;
    let cfg = IngestConfig::default();
    let one_pass = || -> anyhow::Result<(usize, u64)> {
        let mut records = 0;
        let mut bytes = 0;
        for raw in dateline_ingest::read_input(&input, &cfg) {
            let raw = raw.context("reading the bench WARC")?;
            records += 1;
            bytes += match &raw.content {
                Content::Text(s) | Content::Html(s) => s.len() as u64,
            };
        }
        Ok((records, bytes))
    };
    one_pass()?;
    let started = Instant::now();
    let (mut records, mut bytes) = (0, 0);
    for _ in 0..passes.max(1) {
        let (r, b) = one_pass()?;
        records += r;
        bytes += b;
    }
    Ok(Throughput::of(records, bytes, started.elapsed().as_secs_f64()))
}

/// Cleaning and metadata of every WARC page (no later stages): the trafilatura comparison.
fn html_extraction(analyzer: &Analyzer, path: &Path) -> anyhow::Result<Throughput> {
    let input = warc_input(path)?;
    let raws: Vec<_> = dateline_ingest::read_input(&input, analyzer.ingest_config()).collect::<Result<_, _>>()?;
    let bytes: u64 = raws
        .iter()
        .map(|r| match &r.content {
            Content::Text(s) | Content::Html(s) => s.len() as u64,
        })
        .sum();
    let n = raws.len();
    let started = Instant::now();
    let ok =
        raws.into_par_iter().filter_map(|raw| dateline_ingest::prepare(raw, analyzer.ingest_config()).ok()).count();
    let secs = started.elapsed().as_secs_f64();
    eprintln!("  {ok} of {n} pages extracted");
    Ok(Throughput::of(n, bytes, secs))
}

/// Runs one peer script pinned to core 0 and returns its JSON line.
fn peer_json(args: &Args, script: &str, extra: &[&str]) -> anyhow::Result<Option<Value>> {
    let Some(venv) = &args.peers_venv else { return Ok(None) };
    let python = venv.join("bin/python");
    let script = args.corpus_dir.join("peers").join(script);
    eprintln!("  peer: {} {}", script.display(), extra.join(" "));
    let mut cmd = if Path::new("/usr/bin/taskset").exists() {
        let mut c = Command::new("/usr/bin/taskset");
        c.arg("-c").arg("0").arg(&python);
        c
    } else {
        Command::new(&python)
    };
    let out = cmd
        .arg(&script)
        .args(extra)
        .env("OMP_NUM_THREADS", "1")
        .output()
        .with_context(|| format!("running {}", python.display()))?;
    if !out.status.success() {
        eprintln!("  peer failed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
        return Ok(None);
    }
    let line = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("").to_string();
    Ok(serde_json::from_str(&line).ok())
}

fn num(v: &Value, key: &str) -> f64 {
    v.get(key).and_then(Value::as_f64).unwrap_or(0.0)
}
