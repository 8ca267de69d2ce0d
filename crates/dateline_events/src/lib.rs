//! Typed events with actors, targets, place, date, crowd size and casualties.
