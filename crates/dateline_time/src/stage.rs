//! The time stage.

use crate::error::Result;
use crate::timex::normalize;
use dateline_core::{Document, Layers, Stage, StageError};

/// Configuration of the time stage (nothing to set yet).
#[derive(Clone, Debug, Default)]
pub struct TimeConfig {}

/// The time stage: fills `Document::times` with [`normalize`] against the
/// document's anchor (its publication date).
#[derive(Clone, Debug)]
pub struct Time {}

impl Time {
    /// Builds the stage; the expression rules are compiled once, on first use.
    pub fn new(_config: &TimeConfig) -> Result<Time> {
        Ok(Time {})
    }
}

impl Stage for Time {
    fn name(&self) -> &'static str {
        "time"
    }

    fn requires(&self) -> Layers {
        Layers::SENTENCES | Layers::TOKENS
    }

    fn assigns(&self) -> Layers {
        Layers::TIMES
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.times = normalize(doc.text(), doc.anchor());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{Meta, Span, TimeAnchor};

    #[test]
    fn stage_fills_times_against_the_publication_date() -> Result<(), Box<dyn std::error::Error>> {
        let text = "Hundreds gathered on Friday.\nSadr called for it on Thursday.";
        let meta = Meta { published: Some(jiff::civil::date(2023, 10, 20)), ..Meta::default() };
        let mut doc = Document::new("d", text, meta);
        doc.sentences = vec![Span::new(0, 28), Span::new(29, text.len())];
        let stage = Time::new(&TimeConfig::default())?;
        stage.process(&mut doc)?;
        let got: Vec<(&str, &str)> = doc.times.iter().map(|t| (doc.slice(t.span), t.value.as_str())).collect();
        assert_eq!(got, [("on Friday", "2023-10-20"), ("on Thursday", "2023-10-19")]);
        assert!(doc.times.iter().all(|t| t.anchor == TimeAnchor::Published));
        Ok(())
    }
}
