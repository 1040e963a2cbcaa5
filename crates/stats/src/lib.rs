//! tamiz-stats (being built).
