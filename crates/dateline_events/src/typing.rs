//! The type classifier applied to trigger mentions: it confirms or corrects
//! a mention's type from its sentence and finds the events whose sentence has
//! no trigger from the lexicon.

use crate::classifier::TypeModel;
use crate::mention::{Layout, Mention, mention_at};
use dateline_core::{Document, Span};

/// A mention is retyped when the classifier is at least this sure of another type.
const RETYPE: f32 = 0.7;
/// A sentence without a trigger is an event when the classifier is at least this sure.
const UNTRIGGERED: f32 = 0.6;
/// The classifier's subtype replaces the lexicon's when it is at least this sure.
const SUBTYPE: f32 = 0.5;

/// Sets each mention's agreement with the classifier, retypes the mentions it
/// contradicts with confidence, and adds a mention for each trigger-less
/// sentence it finds an event in (its trigger: the word that speaks most for
/// the class).
pub(crate) fn classify_mentions(doc: &Document, layout: &Layout, model: &TypeModel, mentions: &mut Vec<Mention>) {
    let text = doc.text();
    let mut added = Vec::new();
    for (si, sentence) in layout.sentences.iter().enumerate() {
        let here: Vec<usize> = (0..mentions.len()).filter(|&i| mentions[i].sentence == si).collect();
        if here.iter().all(|&i| mentions[i].elaboration || !model.knows(mentions[i].kind)) && !here.is_empty() {
            continue;
        }
        let sentence_text = text.get(sentence.range()).unwrap_or("");
        let probs = model.probabilities(sentence_text);
        let Some((best, p)) = probs
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .and_then(|(i, p)| Some((model.classes().get(i)?, *p)))
        else {
            continue;
        };
        if here.is_empty() {
            if p >= UNTRIGGERED
                && let Some((start, end)) = model.strongest_word(sentence_text, best)
            {
                let trigger = Span::new(start, end).shift(sentence.start as usize);
                let mut m = mention_at(doc, layout, si, trigger, best.kind, &best.subtype, false);
                m.agreement = Some(p);
                added.push(m);
            }
            continue;
        }
        for &i in &here {
            let m = &mut mentions[i];
            if m.elaboration || !model.knows(m.kind) {
                continue;
            }
            if best.kind != m.kind && p >= RETYPE {
                m.kind = best.kind;
                m.subtype.clone_from(&best.subtype);
            } else if best.kind == m.kind && p >= SUBTYPE {
                m.subtype.clone_from(&best.subtype);
            }
            m.agreement = Some(model.type_probability(&probs, m.kind));
        }
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| m.trigger.start);
}
