//! Near-duplicates, stories, cross-document event clusters, claims and disagreements.
