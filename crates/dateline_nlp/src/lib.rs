//! Sentences, tokens, named entities and their canonical names.
