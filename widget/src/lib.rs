//! tamiz-widget (being built).
