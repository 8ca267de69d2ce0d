//! Sentences, tokens, named entities and their canonical names.
//!
//! [`Nlp`] is the pipeline stage: it splits the clean text into
//! [`sentences`] and [`tokens`], finds entity mentions with a trained tagger
//! (averaged perceptron over hashed features, Viterbi over BILOU tags; the
//! lexicons in `data/` enter as features and a small post-pass; [`train`]
//! trains it), and gives each mention a canonical name and a corpus-wide id
//! ([`dateline_core::entity_id_for`]).
//!
//! # Example
//! ```
//! use dateline_core::{Document, Meta, Stage};
//! use dateline_nlp::{Nlp, NlpConfig};
//!
//! let nlp = Nlp::new(&NlpConfig::default())?;
//! let mut doc = Document::new("d", "Iraq's Shiite cleric Moqtada Al Sadr spoke. Sadr left.", Meta::default());
//! nlp.process(&mut doc)?;
//! let sadr: Vec<_> = doc.entities.iter().filter(|e| e.canonical == "Muqtada al-Sadr").collect();
//! assert_eq!(sadr.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod canonical;
mod error;
mod features;
mod lexicon;
mod ner;
mod sentences;
mod tagger;
mod tokens;
pub mod train;

pub use error::{Error, Result};
pub use sentences::sentences;
pub use tokens::tokens;

use dateline_core::{Document, Layers, Stage, StageError};
use lexicon::Lexicon;
use tagger::Model;

/// The shipped NER model, written by `dateline train ner` (see the README).
const MODEL: &[u8] = include_bytes!("../data/ner.model.gz");

/// Settings of the nlp stage (none yet).
#[derive(Clone, Debug, Default)]
pub struct NlpConfig {}

/// The nlp stage: sentences, tokens, entity mentions with canonical names.
pub struct Nlp {
    lexicon: Lexicon,
    model: Model,
}

impl Nlp {
    /// Loads the shipped lexicons and NER model.
    pub fn new(_config: &NlpConfig) -> Result<Nlp> {
        Ok(Nlp { lexicon: Lexicon::load()?, model: Model::from_bytes(MODEL)? })
    }
}

impl Stage for Nlp {
    fn name(&self) -> &'static str {
        "nlp"
    }

    fn requires(&self) -> Layers {
        Layers::NONE
    }

    fn assigns(&self) -> Layers {
        Layers::SENTENCES | Layers::TOKENS | Layers::ENTITIES
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if u32::try_from(doc.text().len()).is_err() {
            return Err(StageError { stage: "nlp", doc_id: doc.id.clone(), reason: "text longer than 4 GiB".into() });
        }
        self.annotate(doc);
        doc.headline =
            doc.meta.title.as_deref().map(str::trim).filter(|t| !t.is_empty() && t.len() < MAX_TITLE).map(|title| {
                let mut headline = Document::new(doc.id.clone(), title, dateline_core::Meta::default());
                self.annotate(&mut headline);
                Box::new(headline)
            });
        Ok(())
    }
}

/// Longest title analysed as a headline, in bytes: longer ones are a lead
/// paragraph or a page's whole text glued into the field.
const MAX_TITLE: usize = 400;

impl Nlp {
    /// Sentences, tokens and entities of one text.
    fn annotate(&self, doc: &mut Document) {
        let text = doc.text();
        let sentences = sentences(text);
        let tokens = tokens(text, &sentences);
        let mentions = ner::mentions(text, &tokens, &self.lexicon, &self.model);
        let entities = canonical::resolve(text, mentions, &self.lexicon);
        doc.sentences = sentences;
        doc.tokens = tokens;
        doc.entities = entities;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{EntityLabel, EntityMention, Meta, Span};
    use proptest::prelude::*;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    fn fixture(name: &str) -> std::io::Result<String> {
        std::fs::read_to_string(format!("{}/resources/test/fixtures/{name}", env!("CARGO_MANIFEST_DIR")))
    }

    /// One stage for all tests: loading the dictionaries is the slow part.
    static NLP: std::sync::LazyLock<std::result::Result<Nlp, String>> =
        std::sync::LazyLock::new(|| Nlp::new(&NlpConfig::default()).map_err(|e| e.to_string()));

    fn analyse(text: &str) -> std::result::Result<Document, Box<dyn std::error::Error>> {
        let nlp = NLP.as_ref().map_err(|e| e.clone())?;
        let mut doc = Document::new("d", text, Meta::default());
        nlp.process(&mut doc)?;
        Ok(doc)
    }

    /// The mention whose text is `surface`, first occurrence.
    fn find<'a>(doc: &'a Document, surface: &str) -> Option<&'a EntityMention> {
        doc.entities.iter().find(|e| doc.slice(e.span) == surface)
    }

    fn assert_entity(doc: &Document, surface: &str, label: EntityLabel, canonical: &str) {
        let e = find(doc, surface);
        assert!(e.is_some(), "no mention {surface:?}");
        if let Some(e) = e {
            assert_eq!((e.label, e.canonical.as_str()), (label, canonical), "mention {surface:?}");
        }
    }

    #[test]
    fn seed_000_entities() -> TestResult {
        let doc = analyse(&fixture("seed_000_7d32de2e1b87edd5.txt")?)?;
        assert_entity(&doc, "BAGHDAD", EntityLabel::Loc, "Baghdad");
        assert_entity(&doc, "Popular Mobilisation Forces", EntityLabel::Org, "Popular Mobilisation Forces");
        assert_entity(&doc, "PMF", EntityLabel::Org, "Popular Mobilisation Forces");
        assert_entity(&doc, "Shi'ite", EntityLabel::Norp, "Shiite");
        assert_entity(&doc, "Iraqi-Jordanian", EntityLabel::Norp, "Iraqi Jordanian");
        assert_entity(&doc, "Anbar", EntityLabel::Loc, "Anbar");
        assert_entity(&doc, "Ali al-Sistani", EntityLabel::Per, "Ali al-Sistani");
        assert_entity(&doc, "Ali Khamenei", EntityLabel::Per, "Ali Khamenei");
        assert_entity(&doc, "Hamas", EntityLabel::Org, "Hamas");
        assert_entity(&doc, "Hussein Samir", EntityLabel::Per, "Hussein Samir");
        assert_entity(&doc, "Muqtada al-Sadr", EntityLabel::Per, "Muqtada al-Sadr");
        assert_entity(&doc, "Sadr", EntityLabel::Per, "Muqtada al-Sadr");
        assert!(find(&doc, "Grand Ayatollah Ali al-Sistani").is_none(), "titles stay out of spans");
        assert!(find(&doc, "Hundreds").is_none() && find(&doc, "Friday").is_none() && find(&doc, "Oct.").is_none());
        Ok(())
    }

    #[test]
    fn seed_001_short_forms_join_the_full_name() -> TestResult {
        let doc = analyse(&fixture("seed_001_76dcea6e98bd051b.txt")?)?;
        assert_entity(&doc, "Moqtada Al Sadr", EntityLabel::Per, "Muqtada al-Sadr");
        assert_entity(&doc, "Al Sadr", EntityLabel::Per, "Muqtada al-Sadr");
        assert_entity(&doc, "Qassem Sulaimani", EntityLabel::Per, "Qassem Soleimani");
        assert_entity(&doc, "Abu Mahdi Al Muhandis", EntityLabel::Per, "Abu Mahdi al-Muhandis");
        assert_entity(&doc, "Kataib Hezbollah", EntityLabel::Org, "Kataib Hezbollah");
        assert_entity(&doc, "Saddam Hussein", EntityLabel::Per, "Saddam Hussein");
        Ok(())
    }

    #[test]
    fn seeds_003_004_share_canonicals_with_000() -> TestResult {
        let d0 = analyse(&fixture("seed_000_7d32de2e1b87edd5.txt")?)?;
        let d3 = analyse(&fixture("seed_003_339f728686f94fd6.txt")?)?;
        let d4 = analyse(&fixture("seed_004_9af599180e7d21e3.txt")?)?;
        let id = |doc: &Document, s: &str| find(doc, s).map(|e| e.entity_id.clone());
        assert_eq!(id(&d0, "Muqtada al-Sadr"), id(&d3, "Sadr"));
        assert_eq!(id(&d0, "PMF"), id(&d4, "PMU"));
        assert_entity(&d3, "Qasim Soleimani", EntityLabel::Per, "Qassem Soleimani");
        assert_entity(&d3, "Adil Abdul Mahdi", EntityLabel::Per, "Adel Abdul-Mahdi");
        assert_entity(&d3, "Abdul Mahdi", EntityLabel::Per, "Adel Abdul-Mahdi");
        assert_entity(&d3, "Qais Khazali", EntityLabel::Per, "Qais al-Khazali");
        assert_entity(&d3, "Tahrir Square", EntityLabel::Loc, "Tahrir Square");
        assert_entity(&d4, "Kata’ib Hezbollah", EntityLabel::Org, "Kataib Hezbollah");
        assert_entity(&d4, "Asa’ib Ahl al-Haq", EntityLabel::Org, "Asaib Ahl al-Haq");
        assert_entity(&d4, "Muhandis", EntityLabel::Per, "Abu Mahdi al-Muhandis");
        assert_entity(&d4, "Qassem Soleimani", EntityLabel::Per, "Qassem Soleimani");
        assert!(find(&d4, "Lt. Gen. Qassem Soleimani").is_none());
        Ok(())
    }

    #[test]
    fn never_over_merge_people_who_share_a_first_name() -> TestResult {
        let doc = analyse(
            "Protesters carried portraits of Grand Ayatollah Ali al-Sistani and Supreme Leader Ayatollah Ali Khamenei. \
             Ali was not named. Al-Sistani spoke. Khamenei did not.",
        )?;
        let id = |s: &str| find(&doc, s).map(|e| e.entity_id.clone());
        assert_ne!(id("Ali al-Sistani"), id("Ali Khamenei"));
        assert_eq!(id("Al-Sistani"), id("Ali al-Sistani"));
        assert_eq!(id("Khamenei"), id("Ali Khamenei"));
        let ali = find(&doc, "Ali").map(|e| e.canonical.as_str());
        assert_eq!(ali, Some("Ali"), "a lone shared first name stays its own entity");
        Ok(())
    }

    #[test]
    fn acronyms_take_the_name_they_define() -> TestResult {
        let doc = analyse("The Syrian Democratic Forces (SDF) denied it. A SDF statement followed.")?;
        let sdf: Vec<_> = doc.entities.iter().filter(|e| doc.slice(e.span) == "SDF").collect();
        assert_eq!(sdf.len(), 2);
        assert!(sdf.iter().all(|e| e.canonical == "Syrian Democratic Forces" && e.label == EntityLabel::Org));
        Ok(())
    }

    #[test]
    fn person_named_like_a_country_stays_a_person() -> TestResult {
        let doc = analyse("Michael Jordan visited Amman. Jordan later flew home.")?;
        assert_entity(&doc, "Michael Jordan", EntityLabel::Per, "Michael Jordan");
        assert_entity(&doc, "Amman", EntityLabel::Loc, "Amman");
        let jordan = doc.entities.iter().filter(|e| doc.slice(e.span) == "Jordan").map(|e| e.canonical.as_str());
        assert_eq!(jordan.collect::<Vec<_>>(), ["Michael Jordan"], "the surname alone is the person");
        Ok(())
    }

    fn check_spans(text: &str, spans: &[Span]) {
        let mut prev_end = 0;
        for s in spans {
            assert!(s.start >= prev_end && s.end as usize <= text.len() && s.start < s.end, "{s:?} in {text:?}");
            assert!(text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize));
            prev_end = s.end;
        }
    }

    proptest! {
        #[test]
        fn spans_are_in_bounds_on_char_boundaries_and_disjoint(
            text in "([A-Z][a-z]{0,6}|al-[A-Z][a-z]{1,5}|[a-z]{1,6}|[0-9]{1,4}|[.,!?'’“”\"()\\-]|Mr\\.|U\\.S\\.|é|ḥ| |\n){0,60}"
        ) {
            let doc = analyse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check_spans(&text, &doc.sentences);
            let tokens: Vec<Span> = doc.tokens.iter().map(|t| t.span).collect();
            check_spans(&text, &tokens);
            for t in &doc.tokens {
                let s = doc.sentences.get(t.sentence as usize).copied().unwrap_or_default();
                prop_assert!(s.contains(t.span));
            }
            let entities: Vec<Span> = doc.entities.iter().map(|e| e.span).collect();
            check_spans(&text, &entities);
        }
    }
}
