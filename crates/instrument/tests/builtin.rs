//! The built-in content parses and validates.

use tamiz_instrument::Instrument;

#[test]
fn builtin_content_is_valid() {
    match Instrument::builtin() {
        Ok(_) => {}
        Err(e) => panic!("built-in content is invalid:\n{e}"),
    }
}

#[test]
fn builtin_content_has_everything_loaded() {
    let i = Instrument::builtin().unwrap();
    assert_eq!(i.banks.len(), 4);
    assert_eq!(i.countries.len(), 3);
    assert_eq!(i.vocabulary.observations.len(), tamiz_engine::ObservationId::ALL.len());
    assert_eq!(i.vocabulary.ilo.len(), 11);
    assert_eq!(i.vocabulary.routes.len(), 7);
}
