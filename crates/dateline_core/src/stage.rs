//! Per-document stages and the pipeline that chains them.

use crate::document::Document;
use crate::error::{Error, Result, StageError};

/// A set of annotation layers, for declaring what a stage needs and adds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layers(u16);

impl Layers {
    /// No layer.
    pub const NONE: Layers = Layers(0);
    /// Sentences.
    pub const SENTENCES: Layers = Layers(1);
    /// Tokens.
    pub const TOKENS: Layers = Layers(1 << 1);
    /// Entity mentions.
    pub const ENTITIES: Layers = Layers(1 << 2);
    /// Place mentions.
    pub const PLACES: Layers = Layers(1 << 3);
    /// Time expressions.
    pub const TIMES: Layers = Layers(1 << 4);
    /// Events.
    pub const EVENTS: Layers = Layers(1 << 5);

    const NAMES: [(Layers, &'static str); 6] = [
        (Layers::SENTENCES, "sentences"),
        (Layers::TOKENS, "tokens"),
        (Layers::ENTITIES, "entities"),
        (Layers::PLACES, "places"),
        (Layers::TIMES, "times"),
        (Layers::EVENTS, "events"),
    ];

    /// Both sets.
    pub const fn union(self, other: Layers) -> Layers {
        Layers(self.0 | other.0)
    }

    /// Whether every layer of `other` is in `self`.
    pub const fn contains(self, other: Layers) -> bool {
        self.0 & other.0 == other.0
    }

    fn first_missing(self, have: Layers) -> Option<&'static str> {
        Layers::NAMES.iter().find(|(l, _)| self.contains(*l) && !have.contains(*l)).map(|(_, n)| *n)
    }
}

impl std::ops::BitOr for Layers {
    type Output = Layers;
    fn bitor(self, rhs: Layers) -> Layers {
        self.union(rhs)
    }
}

/// One per-document analysis step. `&self` so one pipeline serves every thread.
pub trait Stage: Send + Sync {
    /// Short name for messages.
    fn name(&self) -> &'static str;
    /// Layers that must exist before this stage runs.
    fn requires(&self) -> Layers;
    /// Layers this stage fills.
    fn assigns(&self) -> Layers;
    /// Annotates one document.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// Stages in order, checked at build time so that every requirement is met.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

/// Builds a [`Pipeline`].
#[derive(Default)]
pub struct PipelineBuilder {
    stages: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    /// Appends a stage.
    pub fn stage(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// Checks that each stage's requirements are assigned by earlier stages.
    pub fn build(self) -> Result<Pipeline> {
        let mut have = Layers::NONE;
        for stage in &self.stages {
            if let Some(layer) = stage.requires().first_missing(have) {
                return Err(Error::UnmetRequirement { stage: stage.name(), layer });
            }
            have = have | stage.assigns();
        }
        Ok(Pipeline { stages: self.stages })
    }
}

impl Pipeline {
    /// Starts a builder.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Runs every stage on `doc`, stopping at the first failure.
    pub fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        self.stages.iter().try_for_each(|s| s.process(doc))
    }

    /// Runs the stage named `first` and those after it, keeping the layers
    /// of the earlier ones: a document whose anchor changed (an undated one
    /// its story dated) is re-analysed from the time stage on. A name no
    /// stage has is an error.
    pub fn run_from(&self, first: &str, doc: &mut Document) -> Result<(), StageError> {
        let Some(start) = self.stages.iter().position(|s| s.name() == first) else {
            return Err(StageError {
                stage: "pipeline",
                doc_id: doc.id.clone(),
                reason: format!("no stage {first:?}"),
            });
        };
        self.stages.iter().skip(start).try_for_each(|s| s.process(doc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Meta, Span};

    struct Sentences;
    impl Stage for Sentences {
        fn name(&self) -> &'static str {
            "sentences"
        }
        fn requires(&self) -> Layers {
            Layers::NONE
        }
        fn assigns(&self) -> Layers {
            Layers::SENTENCES
        }
        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            doc.sentences = vec![Span::new(0, doc.text().len())];
            Ok(())
        }
    }

    struct NeedsEntities;
    impl Stage for NeedsEntities {
        fn name(&self) -> &'static str {
            "needs-entities"
        }
        fn requires(&self) -> Layers {
            Layers::SENTENCES | Layers::ENTITIES
        }
        fn assigns(&self) -> Layers {
            Layers::EVENTS
        }
        fn process(&self, _: &mut Document) -> Result<(), StageError> {
            Ok(())
        }
    }

    /// Marks that it ran in the title.
    struct Events;
    impl Stage for Events {
        fn name(&self) -> &'static str {
            "events"
        }
        fn requires(&self) -> Layers {
            Layers::SENTENCES
        }
        fn assigns(&self) -> Layers {
            Layers::EVENTS
        }
        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            doc.meta.title = Some("events ran".into());
            Ok(())
        }
    }

    #[test]
    fn unmet_requirement_is_a_build_error() {
        let err = Pipeline::builder().stage(Sentences).stage(NeedsEntities).build().err();
        assert!(matches!(err, Some(Error::UnmetRequirement { stage: "needs-entities", layer: "entities" })));
    }

    #[test]
    fn run_from_keeps_the_layers_of_earlier_stages() -> Result<()> {
        let p = Pipeline::builder().stage(Sentences).stage(Events).build()?;
        let mut doc = Document::new("d", "Hello.", Meta::default());
        assert!(p.run_from("events", &mut doc).is_ok());
        assert!(doc.sentences.is_empty(), "sentences did not run");
        assert_eq!(doc.meta.title.as_deref(), Some("events ran"));
        assert!(p.run_from("nothing", &mut doc).is_err());
        Ok(())
    }

    #[test]
    fn stages_run_in_order() -> Result<()> {
        let p = Pipeline::builder().stage(Sentences).build()?;
        let mut doc = Document::new("d", "Hello.", Meta::default());
        assert!(p.run(&mut doc).is_ok());
        assert_eq!(doc.sentences, vec![Span::new(0, 6)]);
        Ok(())
    }
}
