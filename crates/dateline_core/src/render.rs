//! A readable view of one document and its annotations (`dateline show`).

use crate::document::Document;
use crate::link::DocLinks;
use crate::span::Span;
use std::fmt::Write;

/// Renders `doc` for a terminal: metadata, the text with entity, place and
/// time mentions bracketed, then one block per event with its evidence.
pub fn annotate(doc: &Document, links: Option<&DocLinks>) -> String {
    let mut out = String::new();
    let meta = &doc.meta;
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let published = meta
        .published
        .map(|d| format!("{d} ({})", meta.published_from.as_str()))
        .or_else(|| links.and_then(|l| l.published).map(|d| format!("{d} (story)")))
        .unwrap_or_else(|| "unknown".into());
    let _ = writeln!(out, "id:        {}", doc.id);
    let _ = writeln!(out, "title:     {}", opt(&meta.title));
    let _ = writeln!(out, "source:    {}", opt(&meta.source));
    let _ = writeln!(out, "url:       {}", opt(&meta.url));
    let _ = writeln!(out, "published: {published}");
    let _ = writeln!(out, "language:  {}", opt(&meta.language));
    let _ = writeln!(out, "dateline:  {}", meta.dateline.as_ref().map_or("-", |d| d.place.as_str()));
    if let Some(l) = links {
        let _ = writeln!(out, "story:     {}", l.story_id.as_deref().unwrap_or("-"));
        if let Some(d) = &l.duplicate_of {
            let _ = writeln!(out, "duplicate of: {d}");
        }
    }
    let _ = writeln!(out, "origin:    {}", meta.origin);
    out.push('\n');
    out.push_str(&bracketed(doc));
    out.push('\n');
    for e in &doc.events {
        let _ = writeln!(
            out,
            "\n{} {}/{} date={} place={} crowd={} killed={} injured={}{} conf={:.2}",
            e.id,
            e.kind.as_str(),
            e.subtype,
            e.date.as_ref().map_or("-".into(), |d| format!("{} ({})", d.value, d.precision.as_str())),
            e.place.as_ref().map_or("-", |p| p.name.as_str()),
            e.crowd_size.as_ref().map_or("-".into(), |c| format!("{}-{}", c.min, c.max)),
            e.fatalities.as_ref().map_or("-".into(), |c| c.value.to_string()),
            e.injuries.as_ref().map_or("-".into(), |c| c.value.to_string()),
            if e.background { " background" } else { "" },
            e.confidence,
        );
        let names =
            |ps: &[crate::layer::Participant]| ps.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("; ");
        if !e.actors.is_empty() {
            let _ = writeln!(out, "  actors:  {}", names(&e.actors));
        }
        if !e.targets.is_empty() {
            let _ = writeln!(out, "  targets: {}", names(&e.targets));
        }
        let _ = writeln!(out, "  trigger: {:?}", doc.slice(e.trigger));
        for span in &e.evidence {
            let _ = writeln!(out, "  evidence: {}", highlight(doc, *span, e.trigger));
        }
    }
    out
}

/// The evidence text with the trigger wrapped in `>>` `<<`.
fn highlight(doc: &Document, evidence: Span, trigger: Span) -> String {
    if !evidence.contains(trigger) {
        return one_line(doc.slice(evidence));
    }
    let before = doc.slice(Span::new(evidence.start as usize, trigger.start as usize));
    let after = doc.slice(Span::new(trigger.end as usize, evidence.end as usize));
    one_line(&format!("{before}>>{}<<{after}", doc.slice(trigger)))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text with mentions as `[text]{LABEL canonical}`, `[text]{place}`, `[text]{time value}`.
fn bracketed(doc: &Document) -> String {
    let mut marks: Vec<(Span, String)> = Vec::new();
    for e in &doc.entities {
        marks.push((e.span, format!("{} {}", e.label.as_str(), e.canonical)));
    }
    for p in &doc.places {
        marks.push((p.span, format!("place {} {}", p.place.name, p.place.country_code)));
    }
    for t in &doc.times {
        marks.push((t.span, format!("time {}", t.value)));
    }
    marks.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    let mut out = String::new();
    let mut at = 0usize;
    for (span, label) in marks {
        if (span.start as usize) < at {
            continue;
        }
        out.push_str(doc.slice(Span::new(at, span.start as usize)));
        let _ = write!(out, "[{}]{{{label}}}", doc.slice(span));
        at = span.end as usize;
    }
    out.push_str(doc.slice(Span::new(at, doc.text().len())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EntityLabel, EntityMention, Meta, entity_id_for};

    #[test]
    fn brackets_mentions() {
        let mut doc = Document::new("d", "Sadr spoke.", Meta::default());
        doc.entities.push(EntityMention {
            span: Span::new(0, 4),
            label: EntityLabel::Per,
            canonical: "Muqtada al-Sadr".into(),
            entity_id: entity_id_for(EntityLabel::Per, "Muqtada al-Sadr"),
            actor_type: None,
        });
        let view = annotate(&doc, None);
        assert!(view.contains("[Sadr]{PER Muqtada al-Sadr} spoke."), "{view}");
    }
}
