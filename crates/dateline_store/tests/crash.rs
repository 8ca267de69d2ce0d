//! A process killed with SIGKILL in the middle of an ingest leaves a sound
//! database holding every committed batch exactly once, and re-running the
//! ingest adds only what is missing.
//!
//! The parent test runs this same test binary again as a child that ingests
//! batches until it is killed.

use dateline_core::{Document, Meta};
use dateline_store::{BatchOutcome, Store};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Where the child writes; set only in the child.
const CHILD_DB: &str = "DATELINE_STORE_CRASH_DB";
const BATCH: usize = 64;
const BATCHES: usize = 100_000;

fn batch(n: usize) -> Vec<Document> {
    (0..BATCH)
        .map(|i| {
            let text = format!("Batch {n}, document {i}. {}", "Protesters gathered in the square again. ".repeat(40));
            Document::new(format!("b{n}-{i}"), text, Meta::default())
        })
        .collect()
}

/// The child: ingests batches (until killed; at most 30 s if nobody kills it).
#[test]
fn child_ingests_until_killed() -> TestResult {
    let Some(path) = std::env::var_os(CHILD_DB) else { return Ok(()) };
    let mut store = Store::open(Path::new(&path))?;
    let started = Instant::now();
    for n in 0..BATCHES {
        store.insert_batch(&batch(n))?;
        if started.elapsed() > Duration::from_secs(30) {
            break;
        }
    }
    Ok(())
}

#[test]
fn kill_9_mid_ingest_loses_nothing_committed() -> TestResult {
    if std::env::var_os(CHILD_DB).is_some() {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("run.db");
    let mut child = Command::new(std::env::current_exe()?)
        .args(["--exact", "child_ingests_until_killed", "--test-threads=1", "--quiet"])
        .env(CHILD_DB, &path)
        .stdout(Stdio::null())
        .spawn()?;
    // Wait for a few committed batches, then kill it mid-way through another.
    let started = Instant::now();
    loop {
        let stored = Store::open_read_only(&path).and_then(|s| s.stats()).map(|s| s.documents).unwrap_or(0);
        if stored >= (5 * BATCH) as u64 {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill()?;
            return Err("the child stored nothing in 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(37));
    child.kill()?; // SIGKILL
    let status = child.wait()?;
    assert!(!status.success(), "the child finished before it was killed");

    let mut store = Store::open(&path)?;
    assert_eq!(store.integrity_check()?, Vec::<String>::new());
    // Whole batches only, each exactly once, and no gap.
    let mut per_batch: BTreeMap<usize, usize> = BTreeMap::new();
    for doc in store.documents() {
        let doc = doc?;
        let n = doc.id.trim_start_matches('b').split('-').next().and_then(|n| n.parse().ok());
        *per_batch.entry(n.ok_or("bad id")?).or_default() += 1;
    }
    let committed = per_batch.len();
    assert!(committed >= 5);
    assert!(per_batch.values().all(|&count| count == BATCH), "a batch was stored in part");
    assert_eq!(per_batch.keys().copied().collect::<Vec<_>>(), (0..committed).collect::<Vec<_>>());
    assert_eq!(store.search("protesters", 1_000_000)?.len(), committed * BATCH);

    // Re-running the same ingest adds only the missing batches.
    for n in 0..committed + 2 {
        let outcome = store.insert_batch(&batch(n))?;
        let expected = if n < committed {
            BatchOutcome { stored: 0, skipped_existing: BATCH }
        } else {
            BatchOutcome { stored: BATCH, skipped_existing: 0 }
        };
        assert_eq!(outcome, expected, "batch {n}");
    }
    assert_eq!(store.stats()?.documents, ((committed + 2) * BATCH) as u64);
    assert_eq!(store.integrity_check()?, Vec::<String>::new());
    Ok(())
}
