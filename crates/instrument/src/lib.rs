//! tamiz-instrument (being built).
