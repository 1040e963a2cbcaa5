//! # tamiz-engine
//!
//! The pure core of Tamiz: it turns *case facts* (what an interview established, as observation ids
//! with yes / no / unknown / declined answers) into an *assessment* (forced labour, trafficking, urgency,
//! referral routes). It has no I/O, no text for people to read and no knowledge of any front end, so the
//! same rules run in the CLI, in the browser widget and in tests, and can be audited on one page
//! ([`rules`]).
//!
//! ```
//! let facts = tamiz_engine::CaseFacts::from_json(
//!     r#"{"country":"PE","role":"inspector","person":{"age":29},
//!         "observations":{"coe_documents_retained":"yes","inv_unagreed_overtime":"unknown"}}"#,
//! ).unwrap();
//! let result = tamiz_engine::assess(&facts);
//! assert_eq!(result.forced_labour, tamiz_engine::Finding::Indeterminate);
//! ```

pub mod assessment;
pub mod facts;
pub mod map;
pub mod rules;
pub mod vocabulary;

pub use assessment::{
    Assessment, Category, Finding, Indicator, MeansElement, Note, ReferralRoute,
    TraffickingElements, Urgency, ASSESSMENT_SCHEMA,
};
pub use facts::{Answer, CaseFacts, Country, Evidence, FactsError, Person, Role};
pub use map::VecMap;
pub use rules::assess;
pub use vocabulary::{
    Dimension, IloIndicator, ObservationId, ObservationInfo, UnknownObservationId,
};

/// Parses case-facts JSON and assesses it: the whole of `tamiz assess` minus the file handling.
pub fn assess_json(text: &str) -> Result<Assessment, FactsError> {
    CaseFacts::from_json(text).map(|facts| assess(&facts))
}
