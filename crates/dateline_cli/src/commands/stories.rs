//! `dateline stories`: stories with their documents side by side, the event
//! clusters several sources report, and where those sources disagree.

use crate::Outcome;
use crate::output::{self, UsageError};
use dateline_core::{Claim, ClaimValue, ClusterRecord, Story};
use dateline_store::Store;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `dateline stories`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// SQLite database to read
    #[arg(long, default_value = "dateline.db")]
    pub(crate) db: PathBuf,
    /// How many stories to list, most documents first
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    /// Show only this story (`s-…`)
    #[arg(long)]
    pub(crate) story: Option<String>,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let mut stories = store.stories()?;
    if let Some(id) = &args.story {
        stories.retain(|s| &s.story_id == id);
        if stories.is_empty() {
            return Err(UsageError(format!("no story {id} in {}", args.db.display())).into());
        }
    }
    stories.sort_by_key(|s| std::cmp::Reverse(s.documents.len()));
    stories.truncate(args.top);
    let mut out = output::writer(None)?;
    for story in &stories {
        write_story(&mut out, &store, story)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn write_story(out: &mut impl Write, store: &Store, story: &Story) -> anyhow::Result<()> {
    let mut shared: Vec<ClusterRecord> = Vec::new();
    for id in &story.clusters {
        shared.extend(
            store.cluster(id)?.filter(|c| c.documents.len() > 1 && c.story_id.as_ref() == Some(&story.story_id)),
        );
    }
    let disputed = shared.iter().filter(|c| !c.disagreements.is_empty()).count();
    writeln!(
        out,
        "{}  {} documents, {} event clusters ({} reported by several sources, {} disputed)  {}",
        story.story_id,
        story.documents.len(),
        story.clusters.len(),
        shared.len(),
        disputed,
        story.label
    )?;
    let mut names: HashMap<String, String> = HashMap::new();
    for (n, doc) in store.document_summaries(&story.documents)?.into_iter().enumerate() {
        let published = doc.published.as_deref().unwrap_or("undated");
        let (source, title) = (doc.source.unwrap_or_default(), doc.title.unwrap_or_default());
        let name = format!("[{}]", n + 1);
        writeln!(out, "  {name:<5} {published:<10}  {}  {source}  {title}", doc.id)?;
        names.insert(doc.id, name);
    }
    for c in &shared {
        let date = c.date.as_deref().unwrap_or("undated");
        let place = c.place.as_ref().map_or("", |p| p.name.as_str());
        let sources: Vec<&str> = c.documents.iter().map(|d| names.get(d).map_or(d.as_str(), String::as_str)).collect();
        let verdict = if c.disagreements.is_empty() {
            "sources agree".to_string()
        } else {
            format!("DISAGREE on {}", c.disagreements.join(", "))
        };
        writeln!(
            out,
            "    {}  {}  {date}  {place}  from {}  {verdict}",
            c.cluster_id,
            c.kind.as_str(),
            sources.join(" ")
        )?;
        for attribute in &c.disagreements {
            let said: Vec<String> = claims_of(c, attribute)
                .iter()
                .map(|claim| {
                    let source = names.get(&claim.document).map_or(claim.document.as_str(), String::as_str);
                    format!("{source} {}", said(claim))
                })
                .collect();
            writeln!(out, "        {attribute}: {}", said.join(" | "))?;
        }
        let consensus = [
            c.crowd_size.map(|r| format!("crowd {}–{}", r.min, r.max)),
            c.fatalities.map(|n| format!("killed {n}")),
            c.injuries.map(|n| format!("injured {n}")),
        ];
        let consensus: Vec<String> = consensus.into_iter().flatten().collect();
        if !consensus.is_empty() {
            writeln!(out, "        consensus (median of sources): {}", consensus.join(", "))?;
        }
    }
    writeln!(out)?;
    Ok(())
}

fn claims_of<'c>(c: &'c ClusterRecord, attribute: &str) -> &'c [Claim] {
    match attribute {
        "crowd_size" => &c.claims.crowd_size,
        "fatalities" => &c.claims.fatalities,
        "injuries" => &c.claims.injuries,
        "date" => &c.claims.date,
        "place" => &c.claims.place,
        _ => &[],
    }
}

/// What one source said, in its own words where it has them.
fn said(claim: &Claim) -> String {
    match &claim.value {
        ClaimValue::Range { min, max, text } => format!("\"{text}\" ({min}–{max})"),
        ClaimValue::Count { value, text } => format!("\"{text}\" ({value})"),
        ClaimValue::Date { date, precision } => format!("{date} ({})", precision.as_str()),
        ClaimValue::Place { name, lat, lon, .. } => format!("{name} ({lat:.2}, {lon:.2})"),
    }
}
