//! End-to-end runs of the `dateline` binary on the seed articles and on bad input.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.env_remove("DATELINE_LOG");
    cmd
}

fn run(args: &[&str]) -> std::io::Result<Output> {
    bin().args(args).output()
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dateline_cli/resources/seeds")
}

fn seed_paths() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(seeds_dir())
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path().display().to_string()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Result<Vec<Value>, serde_json::Error> {
    String::from_utf8_lossy(&o.stdout).lines().map(serde_json::from_str).collect()
}

fn ingest(db: &Path, inputs: &[String]) -> std::io::Result<Output> {
    let mut args = vec!["ingest".to_string(), "--quiet".into(), "--db".into(), db.display().to_string()];
    args.extend(inputs.iter().cloned());
    bin().args(&args).output()
}

fn export(db: &Path, extra: &[&str]) -> std::io::Result<Output> {
    let mut args = vec!["export", "--db", db.to_str().unwrap_or_default()];
    args.extend_from_slice(extra);
    run(&args)
}

fn by_id(records: &[Value]) -> std::collections::HashMap<String, Value> {
    records.iter().map(|r| (r["id"].as_str().unwrap_or_default().to_string(), r.clone())).collect()
}

#[test]
fn seeds_publication_dates_and_datelines() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("seeds.db");
    let out = ingest(&db, &seed_paths())?;
    assert!(out.status.success(), "ingest failed: {}", stderr(&out));
    assert!(stderr(&out).contains("stored 5 documents"), "{}", stderr(&out));
    let docs = by_id(&jsonl(&export(&db, &["--format", "jsonl"])?)?);
    assert_eq!(docs.len(), 5);
    let get = |id: &str, field: &str| docs[id][field].clone();
    assert_eq!(get("000_7d32de2e1b87edd5", "published"), "2023-10-20");
    assert_eq!(get("000_7d32de2e1b87edd5", "published_from"), "header");
    assert_eq!(docs["000_7d32de2e1b87edd5"]["dateline"]["place"], "Baghdad");
    assert_eq!(get("002_97b6f26d02a9d695", "published"), "2020-01-24");
    assert_eq!(get("002_97b6f26d02a9d695", "dateline"), Value::Null);
    let p003 = get("003_339f728686f94fd6", "published");
    assert!(p003 == "2020-01-25" || p003 == "2020-01-24", "003 published {p003}");
    assert_eq!(docs["003_339f728686f94fd6"]["dateline"]["place"], "Erbil");
    assert_eq!(get("003_339f728686f94fd6", "source").as_str().map(str::to_lowercase), Some("kurdistan 24".into()));
    assert_eq!(get("004_9af599180e7d21e3", "published"), "2020-01-24");
    assert_eq!(get("004_9af599180e7d21e3", "dateline"), Value::Null);
    assert_eq!(get("001_76dcea6e98bd051b", "dateline"), Value::Null);
    // Undated: the border gathering it calls "last week" is 000's Friday 2023-10-20, and it
    // names a Friday itself, so the story puts it on the Friday after.
    assert_eq!(get("001_76dcea6e98bd051b", "published"), "2023-10-27");
    assert_eq!(get("001_76dcea6e98bd051b", "published_from"), "story");
    // Once dated, 001 is re-analysed against that day: "on Friday" is that Friday...
    let times = docs["001_76dcea6e98bd051b"]["times"].as_array().cloned().unwrap_or_default();
    let on_friday = times.iter().find(|t| t["text"] == "on Friday").map(|t| t["value"].clone());
    assert_eq!(on_friday, Some(Value::from("2023-10-27")));
    // ...and an event whose own text fixes no day takes its cluster's: 001's
    // "last week" border gathering is 000's sit-in of Friday 2023-10-20, and
    // 003's march (no day in its text) is 002's Friday march.
    let event = |doc: &str, trigger: &str| {
        docs[doc]["events"].as_array().and_then(|es| es.iter().find(|e| e["trigger"]["text"] == trigger).cloned())
    };
    let gathered = event("001_76dcea6e98bd051b", "gathered").unwrap_or_default();
    assert_eq!((&gathered["date"], &gathered["date_from"]), (&Value::from("2023-10-20"), &Value::from("cluster")));
    let march = event("003_339f728686f94fd6", "march").unwrap_or_default();
    assert_eq!((&march["date"], &march["date_from"]), (&Value::from("2020-01-24"), &Value::from("cluster")));
    // Offsets are code points into the unchanged text of a plain-text input.
    let text = std::fs::read_to_string(seeds_dir().join("003_339f728686f94fd6.txt"))?;
    let dl = &docs["003_339f728686f94fd6"]["dateline"];
    let (s, e) = (dl["start"].as_u64().unwrap_or(0) as usize, dl["end"].as_u64().unwrap_or(0) as usize);
    assert_eq!(text.chars().skip(s).take(e - s).collect::<String>().to_lowercase(), "erbil");
    Ok(())
}

#[test]
fn seeds_records_snapshot() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("seeds.db");
    assert!(ingest(&db, &seed_paths())?.status.success());
    for record in jsonl(&export(&db, &["--format", "jsonl"])?)? {
        let name = record["id"].as_str().unwrap_or("unknown").to_string();
        insta::assert_json_snapshot!(name, record);
    }
    let clusters = jsonl(&export(&db, &["--what", "clusters"])?)?;
    insta::assert_json_snapshot!("clusters", clusters);
    Ok(())
}

/// The documents of each story, as sorted id lists, sorted.
fn story_groups(db: &Path) -> Result<Vec<Vec<String>>, Box<dyn std::error::Error>> {
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for record in jsonl(&export(db, &["--format", "jsonl"])?)? {
        let story = record["story_id"].as_str().unwrap_or_default().to_string();
        groups.entry(story).or_default().push(record["id"].as_str().unwrap_or_default().to_string());
    }
    let mut groups: Vec<Vec<String>> = groups.into_values().collect();
    groups.iter_mut().for_each(|g| g.sort());
    groups.sort();
    Ok(groups)
}

#[test]
fn story_grouping_does_not_depend_on_input_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (normal, reversed, two_runs) =
        (dir.path().join("normal.db"), dir.path().join("reversed.db"), dir.path().join("two_runs.db"));
    let paths = seed_paths();
    let backwards: Vec<String> = paths.iter().rev().cloned().collect();
    assert!(ingest(&normal, &paths)?.status.success());
    assert!(ingest(&reversed, &backwards)?.status.success());
    let (later, earlier) = backwards.split_at(backwards.len() / 2);
    assert!(ingest(&two_runs, later)?.status.success());
    assert!(ingest(&two_runs, earlier)?.status.success());
    let expected = story_groups(&normal)?;
    assert_eq!(expected.len(), 2, "{expected:?}");
    assert_eq!(story_groups(&reversed)?, expected, "reversed input");
    assert_eq!(story_groups(&two_runs)?, expected, "two runs, later reports first");
    let docs = by_id(&jsonl(&export(&reversed, &["--format", "jsonl"])?)?);
    assert_eq!(docs["001_76dcea6e98bd051b"]["published"], "2023-10-27");
    Ok(())
}

#[test]
fn ingesting_twice_adds_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("twice.db");
    assert!(ingest(&db, &seed_paths())?.status.success());
    let first = export(&db, &["--format", "jsonl"])?.stdout;
    let again = ingest(&db, &seed_paths())?;
    assert!(again.status.success());
    assert!(stderr(&again).contains("stored 0 documents, skipped 5 already present"), "{}", stderr(&again));
    assert_eq!(export(&db, &["--format", "jsonl"])?.stdout, first);
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<String> {
    std::fs::write(path, bytes)?;
    Ok(path.display().to_string())
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes)?;
    enc.finish()
}

fn warc_record(n: u32, uri: &str, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2020-01-24T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title><meta property=\"article:published_time\" content=\"2020-01-24\"></head><body><article><p>{body}</p><p>{body}</p></article></body></html>"
    )
}

/// Every kind of bad input in one batch: each is reported with file, line or
/// record and reason; every good document still goes in; exit code 1.
#[test]
fn bad_input_is_reported_and_good_input_stored() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    let good = "Thousands of protesters gathered in Baghdad on Friday to demand that US troops leave Iraq.";
    let mut lines = Vec::new();
    lines.extend_from_slice(
        format!("{{\"id\": \"good-1\", \"text\": \"{good}\", \"published\": \"2020-01-24\"}}\n").as_bytes(),
    );
    lines.extend_from_slice(b"{\"id\": \"broken\", \"text\": \n");
    lines.extend_from_slice(b"{\"id\": \"latin1\", \"text\": \"caf\xe9\"}\n");
    lines.extend_from_slice(b"{\"id\": \"empty\", \"text\": \"   \"}\n");
    lines.extend_from_slice(
        format!("{{\"id\": \"good-2\", \"text\": \"Hundreds rallied in Basra. {good}\"}}\n").as_bytes(),
    );
    let mixed = write(&d.join("mixed.jsonl"), &lines)?;

    // Distinct, poorly compressible lines, so that the cut falls after some whole records.
    let lines_gz: String = (0..2000u64)
        .map(|i| {
            format!("{{\"id\": \"gz-{i}\", \"text\": \"{good} Ref {:x}.\"}}\n", i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
        })
        .collect();
    let full = gzip(lines_gz.as_bytes())?;
    let truncated_gz = write(&d.join("cut.jsonl.gz"), &full[..full.len() * 2 / 3])?;

    let mut warc = warc_record(1, "https://example.com/a", &page("First", good));
    let second = warc_record(2, "https://example.com/b", &page("Second", good));
    warc.extend_from_slice(&second[..second.len() / 2]);
    let truncated_warc = write(&d.join("cut.warc"), &warc)?;

    let huge = format!("{{\"id\": \"huge\", \"text\": \"{}\"}}\n", "word ".repeat(4_000_000));
    let huge = write(&d.join("huge.jsonl"), huge.as_bytes())?;
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let binary = write(&d.join("garbage.txt"), &binary)?;
    let missing = d.join("missing.jsonl").display().to_string();

    let db = d.join("bad.db");
    let out = ingest(
        &db,
        &[mixed.clone(), truncated_gz.clone(), truncated_warc.clone(), huge.clone(), binary.clone(), missing.clone()],
    )?;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (needle, why) in [
        (format!("{mixed}:2"), "invalid JSON line"),
        (format!("{mixed}:3"), "invalid UTF-8 line"),
        (format!("{mixed}:4"), "empty document"),
        (truncated_gz.clone(), "truncated gzip"),
        (truncated_warc.clone(), "truncated WARC"),
        (huge.clone(), "20 MB document"),
        (binary.clone(), "binary garbage"),
        (missing.clone(), "missing file"),
    ] {
        assert!(err.contains(&needle), "no message naming {needle} ({why}) in:\n{err}");
    }
    let ids: Vec<String> =
        jsonl(&export(&db, &[])?)?.iter().filter_map(|r| r["id"].as_str().map(String::from)).collect();
    assert!(ids.contains(&"good-1".to_string()) && ids.contains(&"good-2".to_string()), "{ids:?}");
    assert!(ids.iter().any(|i| i.starts_with("gz-")), "records before the gzip cut are kept: {ids:?}");
    assert!(!ids.contains(&"gz-1999".to_string()), "records after the gzip cut cannot be there");
    assert!(ids.iter().any(|i| i.starts_with("warc-")), "the whole WARC record before the cut is kept: {ids:?}");
    assert!(!ids.contains(&"huge".to_string()) && !ids.contains(&"empty".to_string()));
    Ok(())
}

#[test]
fn stdin_jsonl() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("stdin.db");
    let mut child = bin()
        .args(["ingest", "--quiet", "--db", db.to_str().unwrap_or_default(), "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(b"{\"id\": \"s1\", \"text\": \"Police arrested dozens of protesters in Cairo on Tuesday.\", \"published\": \"2021-03-02\"}\n")?;
    let out = child.wait_with_output()?;
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = jsonl(&export(&db, &[])?)?;
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["published_from"], "input");
    Ok(())
}

#[test]
fn csv_and_parquet_exports() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    assert!(ingest(&db, &seed_paths())?.status.success());
    let csv = export(&db, &["--what", "events", "--format", "csv"])?;
    assert!(csv.status.success(), "{}", stderr(&csv));
    let text = String::from_utf8(csv.stdout)?;
    let header = text.lines().next().unwrap_or_default();
    assert!(header.starts_with("event_id,event_date,date_precision,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,crowd_min,crowd_max,fatalities,injuries"), "{header}");
    assert!(header.ends_with("source,url,notes"), "{header}");
    assert!(text.lines().count() > 1, "no event rows");
    let pq = dir.path().join("events.parquet");
    let out = export(&db, &["--what", "events", "--format", "parquet", "--output", pq.to_str().unwrap_or_default()])?;
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&pq)?;
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    for what in ["documents", "clusters", "stories"] {
        let out = export(&db, &["--what", what, "--format", "csv"])?;
        assert!(out.status.success() && !out.stdout.is_empty(), "{what}: {}", stderr(&out));
    }
    Ok(())
}

#[test]
fn show_search_stats_and_usage_errors() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    let db_s = db.to_str().unwrap_or_default();
    assert!(ingest(&db, &seed_paths())?.status.success());
    let show = run(&["show", "--db", db_s, "003_339f728686f94fd6"])?;
    assert!(show.status.success());
    let view = String::from_utf8(show.stdout)?;
    assert!(view.contains("dateline:  Erbil"), "{view}");
    let search = run(&["search", "--db", db_s, "Karrada"])?;
    assert!(String::from_utf8(search.stdout)?.starts_with("003_339f728686f94fd6\t"));
    let bad_query = run(&["search", "--db", db_s, "\"unbalanced"])?;
    assert_eq!(bad_query.status.code(), Some(1), "{}", stderr(&bad_query));
    let stats = run(&["stats", "--db", db_s])?;
    assert!(stats.status.success() && String::from_utf8(stats.stdout)?.contains("documents"));
    assert_eq!(run(&["show", "--db", db_s, "no-such-doc"])?.status.code(), Some(1));
    // Stories: the two seed stories, the march's sources side by side with their crowd claims.
    let stories = run(&["stories", "--db", db_s])?;
    assert!(stories.status.success(), "{}", stderr(&stories));
    let listing = String::from_utf8(stories.stdout)?;
    let heads: Vec<&str> = listing.lines().filter(|l| l.starts_with("s-")).collect();
    assert_eq!(heads.len(), 2, "{listing}");
    assert!(heads[0].contains("3 documents") && heads[1].contains("2 documents"), "{listing}");
    let crowd = listing.lines().find(|l| l.trim_start().starts_with("crowd_size:")).unwrap_or_default();
    assert!(
        crowd.contains("\"Thousands\" (1000–9999)") && crowd.contains("\"Tens of thousands\" (10000–99999)"),
        "{listing}"
    );
    assert!(listing.contains("DISAGREE on crowd_size"), "{listing}");
    assert!(listing.contains("consensus (median of sources): crowd 10000–99999"), "{listing}");
    // The 2020 drone strike that the 2023 story recalls is the same happening as the 2020 story's.
    let strike = listing.lines().find(|l| l.contains("ASSAULT  2020-01-03")).unwrap_or_default();
    assert!(strike.contains("001_76dcea6e98bd051b"), "{listing}");
    assert_eq!(run(&["stories", "--db", db_s, "--story", "s-999"])?.status.code(), Some(1));
    let missing_db = dir.path().join("none.db");
    assert_eq!(export(&missing_db, &[])?.status.code(), Some(1));
    assert!(!missing_db.exists(), "a read command must not create a database");
    assert_eq!(run(&["export", "--what", "nonsense"])?.status.code(), Some(1));
    Ok(())
}

#[test]
fn entities_lists_canonical_names_with_aliases_types_and_counts() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("seeds.db");
    let out = ingest(&db, &seed_paths())?;
    assert!(out.status.success(), "ingest failed: {}", stderr(&out));
    let listed = run(&["entities", "--db", db.to_str().unwrap_or_default(), "--top", "40"])?;
    assert!(listed.status.success(), "{}", stderr(&listed));
    let text = String::from_utf8(listed.stdout)?;
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.first().is_some_and(|h| h.starts_with("docs") && h.contains("type")), "{text}");
    assert_eq!(lines.len(), 41, "a header and --top rows: {text}");
    let row = |canonical: &str| lines.iter().find(|l| l.contains(&format!(" {canonical} "))).copied();
    let sadr = row("Muqtada al-Sadr").unwrap_or_default();
    let cells: Vec<&str> = sadr.split_whitespace().collect();
    assert!(cells.first().and_then(|n| n.parse::<u64>().ok()).is_some_and(|n| n >= 4), "{sadr}");
    assert_eq!(cells.get(2..4), Some(&["PER", "REL"][..]), "{sadr}");
    for spelling in ["Moqtada Al Sadr", "Muqtada al-Sadr", "Sadr"] {
        assert!(sadr.contains(spelling), "{spelling} missing from {sadr}");
    }
    let pmf = row("Popular Mobilisation Forces").unwrap_or_default();
    assert!(pmf.contains("PMF") && pmf.contains("PMU") && pmf.contains(" MIL "), "{pmf}");
    let (khamenei, sistani) = (row("Ali Khamenei"), row("Ali al-Sistani"));
    assert!(khamenei.is_some() && sistani.is_some() && khamenei != sistani, "{text}");
    let counts: Vec<u64> = lines[1..].iter().filter_map(|l| l.split_whitespace().next()?.parse().ok()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most documents first: {counts:?}");
    Ok(())
}

#[test]
fn demo_prints_the_event_table() -> TestResult {
    let out = run(&["demo"])?;
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout)?;
    assert!(table.contains("PROTEST"), "{table}");
    assert!(table.contains("000_7d32de2e1b87edd5"), "{table}");
    Ok(())
}

/// A `kill -9` in the middle of an ingest, then the same command again: every
/// document stored exactly once and an intact database.
#[test]
fn killed_ingest_resumes_without_duplicates() -> TestResult {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("many.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input)?);
    let n = 3000;
    for i in 0..n {
        writeln!(
            f,
            "{}",
            serde_json::json!({
                "id": format!("k-{i}"),
                "published": "2020-01-24",
                "text": format!("Report {i}: {} hundred protesters gathered in Basra on Friday and police arrested {} of them, officials said. The march {i} went on until the evening near the governor's office.", i % 9 + 1, i % 7 + 2),
            })
        )?;
    }
    f.flush()?;
    let db = dir.path().join("kill.db");
    let db_s = db.to_str().unwrap_or_default().to_string();
    let args = ["ingest", "--quiet", "--batch-size", "20", "--db", db_s.as_str(), input.to_str().unwrap_or_default()];
    let mut child = bin().args(args).stderr(Stdio::null()).spawn()?;
    // Wait until some batches are committed, then kill without warning.
    let started = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let stored = stored_count(&db).unwrap_or(0);
        if stored >= 40 || started.elapsed().as_secs() > 120 || child.try_wait()?.is_some() {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let before = stored_count(&db)?;
    assert!(before < n, "the ingest finished before it could be killed ({before} stored)");
    let out = bin().args(args).output()?;
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&db)?;
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(check, "ok");
    let docs = jsonl(&export(&db, &[])?)?;
    let ids: std::collections::HashSet<_> = docs.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(docs.len(), n);
    assert_eq!(ids.len(), n);
    assert!(docs.iter().all(|d| d["story_id"].is_string()), "every document linked after the resume");
    Ok(())
}

fn stored_count(db: &Path) -> rusqlite::Result<usize> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0)).map(|n| n as usize)
}

/// A linker state that no longer reads (say, from another version) costs a
/// relink of everything stored, not the links of the old documents.
#[test]
fn unreadable_linker_state_relinks_everything() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("relink.db");
    assert!(ingest(&db, &seed_paths())?.status.success());
    rusqlite::Connection::open(&db)?.execute("UPDATE linker_state SET state = x'7b6e6f7420612073746174657d'", [])?;
    let extra = dir.path().join("extra.jsonl");
    std::fs::write(&extra, "{\"id\": \"x1\", \"text\": \"Hundreds of protesters gathered in Basra on Friday.\"}\n")?;
    let out = ingest(&db, &[extra.display().to_string()])?;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("linker state unreadable"), "{}", stderr(&out));
    let docs = jsonl(&export(&db, &[])?)?;
    assert_eq!(docs.len(), 6);
    assert!(docs.iter().all(|d| d["story_id"].is_string()), "every document linked again");
    let story = |id: &str| docs.iter().find(|d| d["id"] == id).map(|d| d["story_id"].clone());
    assert_eq!(story("000_7d32de2e1b87edd5"), story("001_76dcea6e98bd051b"));
    Ok(())
}
