//! tamiz-practice (being built).
