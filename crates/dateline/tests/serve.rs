//! End-to-end runs of `dateline serve` on the seed articles: every endpoint,
//! filters, cursor pagination, 4xx errors, the token-protected POST, and the
//! web page in a real headless Chromium.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOKEN: &str = "seeds-token-123";

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dateline_cli/resources/seeds")
}

/// A store with the five seed articles.
fn seeds_db(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let db = dir.join("seeds.db");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(seeds_dir())?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .args(&paths)
        .output()?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Ok(db)
}

/// A running `dateline serve`, killed on drop.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(db: &Path, extra: &[&str]) -> Result<Server, Box<dyn std::error::Error>> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(extra)
            .env_remove("DATELINE_TOKEN")
            .stderr(Stdio::piped())
            .spawn()?;
        let mut stderr = BufReader::new(child.stderr.take().ok_or("no stderr")?);
        let mut line = String::new();
        stderr.read_line(&mut line)?;
        // Keep reading, so that the server's messages never hit a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let addr = line.split("http://").nth(1).map(|a| a.trim().trim_end_matches('/').to_owned());
        match addr {
            Some(addr) => Ok(Server { child, addr }),
            None => {
                let _ = child.kill();
                Err(format!("server did not start: {line}").into())
            }
        }
    }

    fn get(&self, path: &str) -> Result<Response, Box<dyn std::error::Error>> {
        self.request("GET", path, &[], b"")
    }

    fn json(&self, path: &str) -> Result<Value, Box<dyn std::error::Error>> {
        let res = self.get(path)?;
        assert_eq!(res.status, 200, "{path}: {}", res.text());
        Ok(serde_json::from_slice(&res.body)?)
    }

    /// One HTTP/1.1 request on its own connection.
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Response, Box<dyn std::error::Error>> {
        self.send(method, path, headers, body.len(), Some(body))
    }

    /// A request that announces a body of `length` bytes (`Expect: 100-continue`) and never sends it.
    fn request_declared(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        length: usize,
    ) -> Result<Response, Box<dyn std::error::Error>> {
        self.send(method, path, &[headers, &[("Expect", "100-continue")]].concat(), length, None)
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        length: usize,
        body: Option<&[u8]>,
    ) -> Result<Response, Box<dyn std::error::Error>> {
        let mut stream = TcpStream::connect(&self.addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
        stream.write_all(head.as_bytes())?;
        if let Some(body) = body {
            stream.write_all(body)?;
        }
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| format!("{method} {path}: no HTTP header in {:?}", String::from_utf8_lossy(&raw)))?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("no status")?;
        let mut body = raw[split + 4..].to_vec();
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            body = unchunk(&body);
        }
        Ok(Response { status, head, body })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 || body.len() < end + 2 + size {
            break;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[(end + 4 + size).min(body.len())..];
    }
    out
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn error(&self) -> String {
        serde_json::from_slice::<Value>(&self.body)
            .map(|v| v["error"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    }
}

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

#[test]
fn api_serves_the_seeds() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = seeds_db(dir.path())?;
    let server = Server::start(&db, &[])?;

    assert_eq!(server.json("/api/stats")?["documents"], 5);
    let all = items(&server.json("/api/events?limit=1000")?);
    assert!(all.len() >= 9, "{} events", all.len());

    // Filters.
    let protests = items(&server.json("/api/events?type=PROTEST&limit=1000")?);
    assert!(!protests.is_empty() && protests.iter().all(|e| e["type"] == "PROTEST"));
    assert!(protests.len() < all.len());
    let jan = items(&server.json("/api/events?from=2020-01-24&to=2020-01-24&limit=1000")?);
    assert!(!jan.is_empty() && jan.iter().all(|e| e["date"].as_str().is_some_and(|d| d.starts_with("2020-01-24"))));
    let iraq = items(&server.json("/api/events?country=iq&limit=1000")?);
    assert!(!iraq.is_empty() && iraq.iter().all(|e| e["country_code"] == "IQ"));
    let baghdad = items(&server.json("/api/events?bbox=44,33,45,34&limit=1000")?);
    assert!(!baghdad.is_empty());
    assert!(baghdad.iter().all(|e| e["lat"].as_f64().is_some_and(|lat| (33.0..=34.0).contains(&lat))));
    let march = items(&server.json("/api/events?q=%22million%20man%22&limit=1000")?);
    let reporting = ["002_97b6f26d02a9d695", "003_339f728686f94fd6"];
    assert!(!march.is_empty() && march.iter().all(|e| reporting.iter().any(|d| e["document_id"] == *d)));
    let with_actor = all.iter().find_map(|e| {
        let doc = server.json(&format!("/api/documents/{}", e["document_id"].as_str()?)).ok()?;
        let events = doc["events"].as_array()?.clone();
        events.iter().find_map(|ev| ev["actors"][0]["name"].as_str().map(str::to_owned))
    });
    if let Some(actor) = with_actor {
        let by_actor = items(&server.json(&format!("/api/events?actor={}", actor.replace(' ', "%20")))?);
        assert!(!by_actor.is_empty(), "actor {actor}");
    }

    // Cursor pagination walks every event exactly once.
    let mut seen = Vec::new();
    let mut path = "/api/events?limit=2".to_owned();
    loop {
        let page = server.json(&path)?;
        seen.extend(items(&page).into_iter().map(|e| e["id"].as_str().unwrap_or_default().to_owned()));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/events?limit=2&after={next}"),
            None => break,
        }
    }
    let ids: Vec<String> = all.iter().map(|e| e["id"].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(seen, ids);

    // Other shapes of the same page.
    let geo = server.json("/api/events.geojson?type=PROTEST")?;
    assert_eq!(geo["type"], "FeatureCollection");
    assert!(geo["features"].as_array().is_some_and(|f| f.iter().any(|f| f["geometry"]["type"] == "Point")));
    let csv = server.get("/api/events.csv?limit=3")?;
    assert_eq!(csv.status, 200);
    assert!(csv.head.to_ascii_lowercase().contains("x-next-cursor"));
    assert!(csv.text().starts_with("id,document_id,title"));
    assert_eq!(csv.text().lines().count(), 4);

    // Aggregates for the map and the timeline.
    let cells = server.json("/api/events/map?cell=1")?["cells"].as_array().cloned().unwrap_or_default();
    assert!(!cells.is_empty());
    let placed = all.iter().filter(|e| e["lat"].is_number()).count() as u64;
    assert_eq!(cells.iter().filter_map(|c| c["events"].as_u64()).sum::<u64>(), placed);
    let buckets = server.json("/api/events/timeline")?["buckets"].as_array().cloned().unwrap_or_default();
    assert!(buckets.iter().any(|b| b["period"] == "2020-01-24"));
    let months = server.json("/api/events/timeline?bucket=month")?;
    assert!(
        months["buckets"]
            .as_array()
            .is_some_and(|b| b.iter().all(|b| b["period"].as_str().is_some_and(|p| p.len() == 7)))
    );

    // Clusters, stories, documents, entities, search.
    let disputed = items(&server.json("/api/clusters?disputed=true")?);
    let crowd =
        disputed.iter().find(|c| c["disagreements"].as_array().is_some_and(|d| d.iter().any(|a| a == "crowd_size")));
    let crowd = crowd.ok_or("no cluster disagrees on the crowd size")?;
    let cluster_id = crowd["cluster_id"].as_str().unwrap_or_default();
    assert_eq!(server.json(&format!("/api/clusters/{cluster_id}"))?["cluster_id"], cluster_id);
    let stories = items(&server.json("/api/stories")?);
    assert_eq!(stories.len(), 2);
    let story_id = crowd["story_id"].as_str().ok_or("cluster without story")?;
    let story = server.json(&format!("/api/stories/{story_id}"))?;
    assert_eq!(story["documents"].as_array().map(Vec::len), Some(3));
    assert!(story["clusters"].as_array().is_some_and(|c| c.iter().any(|c| c["cluster_id"] == cluster_id)));
    let docs = server.json("/api/documents?limit=3")?;
    assert_eq!(items(&docs).len(), 3);
    let rest = server.json(&format!("/api/documents?limit=3&after={}", docs["next"].as_str().unwrap_or_default()))?;
    assert_eq!(items(&rest).len(), 2);
    assert_eq!(rest["next"], Value::Null);
    let doc = server.json("/api/documents/002_97b6f26d02a9d695")?;
    assert!(doc["text"].as_str().is_some_and(|t| t.contains("million")));
    assert!(doc["events"][0]["evidence"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(!items(&server.json("/api/entities?limit=5")?).is_empty());
    assert!(!items(&server.json("/api/search?q=sadr")?).is_empty());
    let openapi = server.json("/api/openapi.json")?;
    assert!(openapi["paths"]["/api/events"].is_object());

    // The page and its assets.
    let page = server.get("/")?;
    assert!(page.status == 200 && page.text().contains("/assets/app.js"));
    assert_eq!(server.get("/assets/countries-110m.json")?.status, 200);
    assert_eq!(server.get("/assets/nothing.js")?.status, 404);

    // Clear 4xx errors.
    for (path, status, says) in [
        ("/api/events?limit=0", 400, "limit"),
        ("/api/events?limit=5000", 400, "limit"),
        ("/api/events?type=RIOT", 400, "unknown event type"),
        ("/api/events?from=yesterday", 400, "date"),
        ("/api/events?bbox=1,2,3", 400, "bbox"),
        ("/api/events?colour=red", 400, "unknown parameter"),
        ("/api/events?after=nonsense", 400, "cursor"),
        ("/api/events?q=AND%20(", 400, "search query"),
        ("/api/search", 400, "q is required"),
        ("/api/events/timeline?bucket=week", 400, "bucket"),
        ("/api/documents/nope", 404, "no document"),
        ("/api/stories/nope", 404, "no story"),
        ("/api/nothing", 404, "no such endpoint"),
    ] {
        let res = server.get(path)?;
        assert_eq!(res.status, status, "{path}: {}", res.text());
        assert!(res.error().contains(says), "{path}: {}", res.error());
    }
    let res = server.request("POST", "/api/documents", &[("Authorization", "Bearer x")], b"{}")?;
    assert_eq!(res.status, 403, "read-only server: {}", res.text());
    Ok(())
}

#[test]
fn post_needs_the_token_and_reuses_the_ingest_pipeline() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = seeds_db(dir.path())?;
    let server = Server::start(&db, &["--allow-ingest", "--token", TOKEN, "--max-body-mb", "0.01"])?;
    let auth = format!("Bearer {TOKEN}");
    let good = r#"{"id": "posted-1", "title": "Rally in Basra", "published": "2020-02-07", "text": "BASRA (Reuters) - Thousands of protesters gathered in Basra on Friday to demand jobs."}"#;
    let body = format!("{good}\nnot json\n");

    let placed = |server: &Server| -> Result<u64, Box<dyn std::error::Error>> {
        let cells = server.json("/api/events/map")?["cells"].as_array().cloned().unwrap_or_default();
        Ok(cells.iter().filter_map(|c| c["events"].as_u64()).sum())
    };
    let placed_before = placed(&server)?;

    let res = server.request("POST", "/api/documents", &[], body.as_bytes())?;
    assert_eq!(res.status, 401);
    let res =
        server.request("POST", "/api/documents", &[("Authorization", "Bearer wrong-token-0")], body.as_bytes())?;
    assert_eq!(res.status, 401);
    assert_eq!(server.json("/api/stats")?["documents"], 5);

    // Refused on the declared length, before the body is sent.
    let res = server.request_declared("POST", "/api/documents", &[("Authorization", &auth)], 20_000)?;
    assert_eq!(res.status, 413);
    assert!(res.error().contains("limit"));
    let res = server.request("POST", "/api/documents", &[("Authorization", &auth)], b"")?;
    assert_eq!(res.status, 400);

    let res = server.request("POST", "/api/documents", &[("Authorization", &auth)], body.as_bytes())?;
    assert_eq!(res.status, 422, "{}", res.text());
    let report: Value = serde_json::from_slice(&res.body)?;
    assert_eq!(report["stored"], 1);
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(1));
    assert!(report["errors"][0].as_str().is_some_and(|e| e.starts_with("request:2")), "{report}");
    assert_eq!(server.json("/api/stats")?["documents"], 6);
    let doc = server.json("/api/documents/posted-1")?;
    assert!(doc["events"].as_array().is_some_and(|e| !e.is_empty()), "{doc}");
    // The cached map aggregate follows the new events.
    assert!(placed(&server)? > placed_before);

    // The same line again is skipped, like a repeated `dateline ingest`.
    let res = server.request("POST", "/api/documents", &[("Authorization", &auth)], good.as_bytes())?;
    assert_eq!(res.status, 200, "{}", res.text());
    let report: Value = serde_json::from_slice(&res.body)?;
    assert_eq!((report["stored"].as_u64(), report["skipped"].as_u64()), (Some(0), Some(1)));
    Ok(())
}

#[test]
fn serve_refuses_bad_settings() -> TestResult {
    let dir = tempfile::tempdir()?;
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_dateline")).env_remove("DATELINE_TOKEN").args(args).output();
    let missing = dir.path().join("missing.db");
    let missing = missing.to_str().unwrap_or_default();
    let out = run(&["serve", "--db", missing, "--addr", "127.0.0.1:0"])?;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database"));
    let out = run(&["serve", "--db", missing, "--allow-ingest"])?;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--token"));
    let out = run(&["serve", "--db", missing, "--allow-ingest", "--token", "short"])?;
    assert_eq!(out.status.code(), Some(1));
    Ok(())
}

/// The system's Chromium, if there is one.
fn chromium() -> Option<PathBuf> {
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    std::env::var_os("DATELINE_CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).flat_map(|dir| names.map(|n| dir.join(n))).collect::<Vec<_>>())
                .unwrap_or_default(),
        )
        .find(|p| p.is_file())
}

/// Loads `url` in headless Chromium, lets its scripts run, and returns the
/// DOM; saves a screenshot to `screenshot` too.
fn browse(browser: &Path, url: &str, screenshot: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let profile = tempfile::tempdir()?;
    let common = |cmd: &mut Command| {
        cmd.args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(["--window-size=1400,860", "--virtual-time-budget=15000", "--run-all-compositor-stages-before-draw"])
            .stdin(Stdio::null());
    };
    let mut dump = Command::new(browser);
    common(&mut dump);
    let out = dump.arg("--dump-dom").arg(url).output()?;
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(dom.contains("data-ready=\"true\""), "page did not finish: {}", String::from_utf8_lossy(&out.stderr));
    let mut shot = Command::new(browser);
    common(&mut shot);
    let out = shot.arg(format!("--screenshot={}", screenshot.display())).arg(url).output()?;
    assert!(screenshot.is_file(), "no screenshot: {}", String::from_utf8_lossy(&out.stderr));
    Ok(dom)
}

#[test]
fn web_page_in_headless_chromium() -> TestResult {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED web_page_in_headless_chromium: no Chromium found (apt-get install chromium, or set DATELINE_CHROMIUM)"
        );
        return Ok(());
    };
    let dir = tempfile::tempdir()?;
    let db = seeds_db(dir.path())?;
    let server = Server::start(&db, &[])?;
    let shots = std::env::var_os("DATELINE_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    std::fs::create_dir_all(&shots)?;
    let base = format!("http://{}/", server.addr);

    // The map has points coloured by type, the timeline has bars.
    let dom = browse(&browser, &base, &shots.join("map-timeline.png"))?;
    let points = dom.matches("class=\"event-point\"").count();
    assert!(points >= 3, "{points} points");
    assert!(dom.contains("data-type=\"PROTEST\""));
    let bars = dom.matches("class=\"bar").count();
    assert!(bars >= 3, "{bars} timeline bars");
    assert!(dom.matches("<path d=\"M").count() > 100, "countries not drawn");
    assert!(dom.contains("id=\"event-list\""));

    // A date range selects bars and narrows the map.
    let dom = browse(&browser, &format!("{base}#from=2020-01-24&to=2020-01-25"), &shots.join("date-range.png"))?;
    assert!(dom.contains("class=\"bar selected\""));
    assert!(dom.matches("class=\"event-point\"").count() < points);

    // The story view lists the sources side by side and marks the disagreement.
    let clusters: Value = serde_json::from_slice(&server.get("/api/clusters?disputed=true")?.body)?;
    let story = items(&clusters).iter().find_map(|c| c["story_id"].as_str().map(str::to_owned)).ok_or("no story")?;
    let dom = browse(&browser, &format!("{base}#story={story}"), &shots.join("story.png"))?;
    assert!(dom.contains("id=\"story-table\""));
    assert_eq!(dom.matches("<th class=\"source\"").count(), 3);
    assert!(dom.contains("class=\"claim disagree\""), "no disagreement highlighted");
    assert!(dom.contains("disagree on crowd_size"));

    // The article view highlights evidence.
    let dom = browse(&browser, &format!("{base}#doc=002_97b6f26d02a9d695"), &shots.join("article.png"))?;
    assert!(dom.contains("<mark class=\"evidence\">"));
    assert!(dom.contains("class=\"trigger\""));
    Ok(())
}
