//! tamiz-stats-wasm (being built).
