//! The events stage.

use crate::error::Result;
use crate::lexicon::{Lexicon, TRIGGERS_TSV};
use crate::merge::build_events;
use crate::mention::{Layout, find_mentions};
use dateline_core::{Document, Layers, Stage, StageError};

/// Configuration of the events stage (nothing to set yet: the trigger
/// lexicon ships with the crate).
#[derive(Clone, Debug, Default)]
pub struct EventsConfig {}

/// The events stage: triggers from the lexicon, their arguments from the
/// entity, place and time layers, merged into one event per happening.
#[derive(Debug)]
pub struct Events {
    lexicon: Lexicon,
}

impl Events {
    /// Builds the stage: parses and compiles the trigger lexicon.
    pub fn new(_config: &EventsConfig) -> Result<Events> {
        Ok(Events { lexicon: Lexicon::parse(TRIGGERS_TSV)? })
    }
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> Layers {
        Layers::SENTENCES | Layers::TOKENS | Layers::ENTITIES | Layers::PLACES | Layers::TIMES
    }

    fn assigns(&self) -> Layers {
        Layers::EVENTS
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let layout = Layout::of(doc);
        let mentions = find_mentions(doc, &self.lexicon, &layout);
        doc.events = build_events(doc, &layout, &mentions);
        Ok(())
    }
}
