//! Bounded load test of the events endpoints against 127.0.0.1.
//!
//! Builds a store of synthetic documents (100k events by default: protests,
//! assaults, requests… in 40 cities over three years, with crowds and actors),
//! serves it in-process on an ephemeral port, fires a fixed number of
//! requests from a few concurrent clients and prints latency percentiles per
//! query.
//!
//! ```sh
//! cargo run --release -p dateline_server --example loadtest -- [EVENTS] [REQUESTS_PER_QUERY] [CLIENTS]
//! ```
#![allow(clippy::print_stdout)]

use dateline_core::{
    CrowdSize, DatePrecision, Document, Event, EventDate, EventType, GeoPrecision, Meta, Participant, Place, Span,
};
use dateline_server::ServerConfig;
use dateline_store::Store;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const CITIES: &[(&str, f64, f64, &str)] = &[
    ("Baghdad", 33.34, 44.40, "IQ"),
    ("Basra", 30.51, 47.78, "IQ"),
    ("Erbil", 36.19, 44.01, "IQ"),
    ("Beirut", 33.89, 35.50, "LB"),
    ("Damascus", 33.51, 36.29, "SY"),
    ("Amman", 31.95, 35.93, "JO"),
    ("Cairo", 30.04, 31.24, "EG"),
    ("Tehran", 35.69, 51.42, "IR"),
    ("Istanbul", 41.01, 28.98, "TR"),
    ("Kyiv", 50.45, 30.52, "UA"),
    ("Moscow", 55.76, 37.62, "RU"),
    ("Paris", 48.85, 2.35, "FR"),
    ("London", 51.51, -0.13, "GB"),
    ("Berlin", 52.52, 13.40, "DE"),
    ("Madrid", 40.42, -3.70, "ES"),
    ("Rome", 41.89, 12.48, "IT"),
    ("Athens", 37.98, 23.73, "GR"),
    ("Lagos", 6.52, 3.38, "NG"),
    ("Nairobi", -1.29, 36.82, "KE"),
    ("Khartoum", 15.50, 32.56, "SD"),
    ("Addis Ababa", 9.03, 38.74, "ET"),
    ("Johannesburg", -26.20, 28.05, "ZA"),
    ("Kinshasa", -4.44, 15.27, "CD"),
    ("Karachi", 24.86, 67.01, "PK"),
    ("Delhi", 28.61, 77.21, "IN"),
    ("Dhaka", 23.81, 90.41, "BD"),
    ("Yangon", 16.87, 96.20, "MM"),
    ("Bangkok", 13.76, 100.50, "TH"),
    ("Hong Kong", 22.32, 114.17, "HK"),
    ("Manila", 14.60, 120.98, "PH"),
    ("Jakarta", -6.21, 106.85, "ID"),
    ("Seoul", 37.57, 126.98, "KR"),
    ("Sydney", -33.87, 151.21, "AU"),
    ("Santiago", -33.45, -70.67, "CL"),
    ("Buenos Aires", -34.60, -58.38, "AR"),
    ("Sao Paulo", -23.55, -46.63, "BR"),
    ("Bogota", 4.71, -74.07, "CO"),
    ("Caracas", 10.48, -66.90, "VE"),
    ("Mexico City", 19.43, -99.13, "MX"),
    ("Washington", 38.91, -77.04, "US"),
];
const KINDS: &[(EventType, &str)] = &[
    (EventType::Protest, "peaceful protest"),
    (EventType::Protest, "protest with intervention"),
    (EventType::Assault, "armed clash"),
    (EventType::Request, "call"),
    (EventType::Accuse, "accusation"),
    (EventType::Mobilize, "deployment"),
    (EventType::Coerce, "arrests"),
    (EventType::Agree, "agreement"),
];
const ACTORS: &[&str] = &["Popular Mobilization Forces", "students", "police", "the government", "trade unions"];

/// A small deterministic generator (xorshift), so every run builds the same store.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn document(i: usize, events_per_doc: usize, rng: &mut Rng) -> Document {
    let (city, lat, lon, cc) = CITIES[rng.next(CITIES.len())];
    let day = jiff::civil::date(2019, 1, 1) + jiff::Span::new().days(rng.next(3 * 365) as i64);
    let text = format!(
        "{} (Reuters) - Thousands of people gathered in {city} on Friday, police said. Protesters demanded reforms.",
        city.to_uppercase()
    );
    let meta = Meta {
        title: Some(format!("Events in {city}, report {i}")),
        source: Some(["reuters.com", "apnews.com", "aljazeera.com"][i % 3].into()),
        published: Some(day),
        language: Some("en".into()),
        ..Meta::default()
    };
    let mut doc = Document::new(format!("synthetic-{i}"), text.clone(), meta);
    doc.events = (0..events_per_doc)
        .map(|k| {
            let (kind, subtype) = KINDS[rng.next(KINDS.len())];
            let crowd = [100, 1000, 10_000][rng.next(3)];
            Event {
                id: format!("synthetic-{i}#ev{k}"),
                kind,
                subtype: subtype.into(),
                trigger: Span::new(30, 38),
                date: Some(EventDate { value: day.to_string(), precision: DatePrecision::Day, source: None }),
                place: Some(Place {
                    name: city.into(),
                    geonameid: None,
                    lat: lat + (rng.next(100) as f64 - 50.0) / 100.0,
                    lon: lon + (rng.next(100) as f64 - 50.0) / 100.0,
                    country_code: cc.into(),
                    admin1: None,
                    feature_code: "PPL".into(),
                    precision: GeoPrecision::City,
                }),
                actors: vec![Participant {
                    name: ACTORS[rng.next(ACTORS.len())].into(),
                    entity_id: None,
                    role: None,
                    group: None,
                    span: Span::new(0, 6),
                }],
                targets: Vec::new(),
                crowd_size: (kind == EventType::Protest).then(|| CrowdSize {
                    min: crowd,
                    max: crowd * 10 - 1,
                    span: Span::new(20, 29),
                }),
                fatalities: None,
                injuries: None,
                background: rng.next(10) == 0,
                evidence: vec![Span::new(0, text.len())],
                confidence: 0.8,
            }
        })
        .collect();
    doc
}

fn get(addr: SocketAddr, path: &str) -> std::io::Result<(u16, usize)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let status = raw.get(9..12).and_then(|s| std::str::from_utf8(s).ok()).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, raw.len()))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = |i: usize, default: usize| std::env::args().nth(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (events, requests, clients) = (arg(1, 100_000), arg(2, 400), arg(3, 4));
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("load.db");
    let started = Instant::now();
    {
        let mut store = Store::open(&db)?;
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let per_doc = 4;
        let docs = events.div_ceil(per_doc);
        for chunk in (0..docs).collect::<Vec<_>>().chunks(2000) {
            let batch: Vec<Document> = chunk.iter().map(|&i| document(i, per_doc, &mut rng)).collect();
            store.insert_batch(&batch)?;
        }
        let stats = store.stats()?;
        println!(
            "store: {} documents, {} events in {:.1} s",
            stats.documents,
            stats.events,
            started.elapsed().as_secs_f64()
        );
    }
    let router = dateline_server::router(ServerConfig::new(db.clone()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    runtime.spawn(async move { dateline_server::serve(listener, router).await });

    let queries = [
        "/api/events?limit=100",
        "/api/events?type=PROTEST&limit=100",
        "/api/events?type=ASSAULT&country=IQ&from=2020-01-01&to=2020-12-31&limit=100",
        "/api/events?bbox=-10,35,30,60&limit=100",
        "/api/events?actor=students&limit=100",
        "/api/events?q=Basra&limit=100",
        "/api/events?limit=100&after=12000.2",
        "/api/events.geojson?type=PROTEST&limit=500",
        "/api/events/map?cell=1",
        "/api/events/timeline?bucket=month",
    ];
    println!("{requests} requests per query, {clients} concurrent clients, http://{addr}");
    println!("{:<80} {:>8} {:>8} {:>8} {:>8}", "query", "p50 ms", "p95 ms", "p99 ms", "max ms");
    for query in queries {
        let (status, _) = get(addr, query)?;
        if status != 200 {
            return Err(format!("{query}: HTTP {status}").into());
        }
        let mut latencies: Vec<Duration> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..clients)
                .map(|_| {
                    s.spawn(move || {
                        (0..requests / clients)
                            .filter_map(|_| {
                                let t = Instant::now();
                                get(addr, query).ok().filter(|(status, _)| *status == 200).map(|_| t.elapsed())
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
        });
        latencies.sort();
        println!(
            "{query:<80} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.95),
            percentile(&latencies, 0.99),
            percentile(&latencies, 1.0)
        );
    }
    Ok(())
}
