//! Broken copies of the content files give errors that name the file, the line, the field and what
//! is allowed (golden messages: an agency reads them, so their wording is part of the contract).

use tamiz_instrument::{ContentError, Instrument};

fn builtin(name: &str) -> String {
    Instrument::builtin_sources()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
        .unwrap_or_else(|| panic!("no built-in {name}"))
}

/// Replaces `from` (which must occur) by `to` in a built-in file and returns the error lines.
fn broken(name: &str, from: &str, to: &str) -> Vec<String> {
    let text = builtin(name);
    assert!(text.contains(from), "{name} does not contain {from:?}");
    let text = text.replacen(from, to, 1);
    match Instrument::from_sources(&[(name, &text)]) {
        Ok(_) => panic!("{name} with {to:?} was accepted"),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

fn line_of(name: &str, needle: &str) -> usize {
    let text = builtin(name);
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {name}"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn unknown_observation_id_names_the_field_and_lists_the_ids() {
    let line = line_of("questions/self.toml", "observations = [\"coe_threats\"]");
    let errors = broken(
        "questions/self.toml",
        "observations = [\"coe_threats\"]",
        "observations = [\"coe_threat\"]",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "questions/self.toml:{line}: question[13].observations: unknown observation id `coe_threat`; the allowed ids are inv_unfree_recruitment, "
        )),
        "{}",
        errors[0]
    );
}

/// A field missing from the document itself is named alone, even when the file begins with a table
/// (`[[law]]`): the error's span is where that table starts too, and the field is not the table's.
#[test]
fn missing_top_level_field_is_not_put_under_the_first_table() {
    let text = builtin("countries/co.toml");
    let text = text
        .split_once("\n[[law]]")
        .map(|(_, rest)| format!("[[law]]{rest}"))
        .unwrap_or_else(|| panic!("countries/co.toml has no `[[law]]`"));
    let errors: Vec<String> = match Instrument::from_sources(&[("countries/co.toml", &text)]) {
        Ok(_) => panic!("a countries file without `country` was accepted"),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(
        errors,
        ["countries/co.toml:1: country: this field is required here; add it"]
    );
}

#[test]
fn misspelt_field_lists_the_allowed_fields() {
    let errors = broken(
        "questions/self.toml",
        "help = { es = \"Si está en peligro",
        "hlp = { es = \"Si está en peligro",
    );
    let line = line_of("questions/self.toml", "help = { es = \"Si está en peligro");
    assert_eq!(
        errors,
        [format!("questions/self.toml:{line}: question[1].hlp: unknown field; check the spelling (allowed here: `id`, `kind`, `text`, `help`, `observations`, `inverted`, `sets_minor`, `evidence`, `skip_if`, `element`, `section`)")]
    );
}

#[test]
fn empty_translation_is_refused() {
    let from = "en = \"Do you feel in danger right now, where you are?\"";
    let line = line_of("questions/self.toml", from);
    let errors = broken("questions/self.toml", from, "en = \"\"");
    assert_eq!(
        errors,
        [format!("questions/self.toml:{line}: question[1].text.en: the English text is empty; every text needs both `es` and `en`")]
    );
}

#[test]
fn skip_rule_naming_a_missing_question_lists_the_earlier_ones() {
    let from =
        "skip_if = [{ question = \"insp_recruited\", answers = [\"no\"] }]\ntext = { es = \"¿El reclutador o el empleador pagó";
    let line = line_of("questions/inspector.toml", from);
    let errors = broken(
        "questions/inspector.toml",
        from,
        &from.replace("insp_recruited", "insp_recruted"),
    );
    assert_eq!(
        errors,
        [format!("questions/inspector.toml:{line}: question[4].skip_if[0].question: `insp_recruted` is not an earlier question of this bank; skip rules may only name earlier questions: `insp_age`, `insp_minor`, `insp_danger`, `insp_recruited`")]
    );
}

#[test]
fn skip_rules_may_not_depend_on_uncertain_answers() {
    let from = "answers = [\"no\"]";
    let line = line_of("questions/inspector.toml", from);
    let errors = broken("questions/inspector.toml", from, "answers = [\"unknown\"]");
    assert_eq!(
        errors,
        [format!("questions/inspector.toml:{line}: question[4].skip_if[0].answers[0]: unknown value `unknown`, expected `yes` or `no`")]
    );
}

#[test]
fn coverage_gap_is_reported() {
    let errors = broken(
        "questions/inspector.toml",
        "observations = [\"coe_isolation\"]",
        "observations = [\"coe_threats\"]",
    );
    assert_eq!(
        errors,
        ["questions/inspector.toml:37: question: no question maps to `coe_isolation`; the inspector bank must cover them".to_owned()]
            .map(|e| e.replace(":37:", &format!(":{}:", line_of("questions/inspector.toml", "[[question]]"))))
    );
}

#[test]
fn bad_date_missing_source_and_bad_phone_are_located() {
    let errors = broken(
        "countries/co.toml",
        "checked = \"2026-11-28\"",
        "checked = \"28/11/2026\"",
    );
    assert_eq!(
        errors,
        [format!("countries/co.toml:{}: law[0].checked: `28/11/2026` is not a date; give the day the source was checked as YYYY-MM-DD", line_of("countries/co.toml", "checked = \"2026-11-28\""))]
    );
    let source = "source = \"https://www.policia.gov.co/noticia/policia-nacional-sensibiliza-comunidad-sobre-uso-las-lineas-emergencia-123-155\"\nchecked";
    let errors = broken("countries/co.toml", source, "checked");
    assert_eq!(
        errors,
        [format!(
            "countries/co.toml:{}: institution[0].source: this field is required here; add it",
            line_of("countries/co.toml", "id = \"co_linea_123\"") - 1
        )]
    );
    let errors = broken(
        "countries/co.toml",
        "value = \"123\"",
        "value = \"ciento veintitrés\"",
    );
    assert_eq!(
        errors,
        [format!("countries/co.toml:{}: institution[0].contact[0].value: `ciento veintitrés` is not valid for kind `phone`; give a number as dialled: digits, spaces, + ( ) - . (letters only for vanity numbers such as 1800 DELITO)", line_of("countries/co.toml", "value = \"123\""))]
    );
}

#[test]
fn unknown_route_and_syntax_errors() {
    let errors = broken(
        "countries/co.toml",
        "routes = [\"emergency\"]",
        "routes = [\"emergencia\"]",
    );
    assert_eq!(
        errors,
        [format!("countries/co.toml:{}: institution[0].routes[0]: unknown value `emergencia`, expected one of `emergency`, `child_protection`, `prosecutor`, `specialised_assessment`, `labour_inspection`, `victim_assistance`, `migration_protection`", line_of("countries/co.toml", "routes = [\"emergency\"]"))]
    );
    let errors = broken(
        "countries/co.toml",
        "country = \"CO\"",
        "country = \"CO\"\n[[law]",
    );
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("countries/co.toml:10: (syntax): "),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].ends_with("this is not valid TOML (see https://toml.io)"),
        "{}",
        errors[0]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = builtin("countries/pe.toml")
        .replacen("checked = \"2026-11-28\"", "checked = \"hoy\"", 1)
        .replacen("value = \"105\"", "value = \"\"", 1);
    let errors = Instrument::from_sources(&[("countries/pe.toml", &text)]).unwrap_err();
    assert_eq!(errors.0.len(), 2, "{errors}");
    assert!(errors
        .0
        .iter()
        .all(|e| matches!(e, ContentError::Invalid { file, .. } if file == "countries/pe.toml")));
}

#[test]
fn unknown_files_and_agency_entries_without_country() {
    let errors = Instrument::from_sources(&[("questions/foo.toml", "x = 1")]).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "questions/foo.toml: not a content file; the files are vocabulary.toml, results.toml, questions/inspector.toml, questions/migration.toml, questions/prosecutor.toml, questions/self.toml, countries/co.toml, countries/ec.toml, countries/pe.toml and agency.toml"
    );
    let agency = "[[institution]]\nid = \"x\"\nroutes = [\"emergency\"]\nname = { es = \"a\", en = \"b\" }\ndoes = { es = \"a\", en = \"b\" }\nconfirmed = true\nsource = \"https://a.example\"\nchecked = \"2026-01-01\"\n";
    let errors = Instrument::from_sources(&[("agency.toml", agency)]).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "agency.toml:1: institution[0].country: an agency entry must say its country: `CO`, `EC` or `PE`"
    );
    let hide = "hide = [\"co_linea_999\"]\n";
    let errors = Instrument::from_sources(&[("agency.toml", hide)]).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "agency.toml:1: hide[0]: `co_linea_999` is not a built-in institution id; `hide` takes ids from the country files"
    );
}

#[test]
fn agency_file_is_merged_into_the_directory() {
    let agency = "agency = \"Inspección Regional Norte\"\nhide = [\"co_procuraduria\"]\n\n[[institution]]\nid = \"co_linea_123\"\ncountry = \"CO\"\nroutes = [\"emergency\"]\nname = { es = \"Línea 123 (oficina regional)\", en = \"Line 123 (regional office)\" }\ndoes = { es = \"Emergencias\", en = \"Emergencies\" }\nconfirmed = true\nsource = \"https://intranet.example/directorio\"\nchecked = \"2026-11-01\"\n";
    let i = Instrument::from_sources(&[("agency.toml", agency)]).unwrap_or_else(|e| panic!("{e}"));
    let co = &i.countries[&tamiz_engine::Country::Colombia];
    assert!(co.institutions.iter().all(|x| x.id != "co_procuraduria"));
    let replaced = co
        .institutions
        .iter()
        .find(|x| x.id == "co_linea_123")
        .unwrap();
    assert_eq!(replaced.name.es, "Línea 123 (oficina regional)");
}

#[test]
fn every_problem_of_a_file_with_many_is_placed_on_its_own_line() {
    // Each built-in phone number made invalid, and the file repeated with fresh ids so it holds
    // hundreds of problems: each must still name the line of its own value, from the first to the
    // last line of the file.
    let co = builtin("countries/co.toml");
    let start = co
        .find("[[institution]]")
        .expect("co.toml has institutions");
    let (head, institutions) = co.split_at(start);
    let mut text = head.to_owned();
    for copy in 0..40 {
        text += &institutions
            .replace("id = \"co_", &format!("id = \"co_{copy}_"))
            .replace(
                "kind = \"phone\"\nvalue = \"",
                "kind = \"phone\"\nvalue = \"#",
            );
    }
    let errors = match Instrument::from_sources(&[("countries/co.toml", &text)]) {
        Ok(_) => panic!("phone numbers starting with `#` were accepted"),
        Err(e) => e.0,
    };
    let mut expected: Vec<usize> = text
        .match_indices("kind = \"phone\"\nvalue = \"#")
        .map(|(at, _)| text[..at].matches('\n').count() + 2)
        .collect();
    assert!(expected.len() >= 200, "only {} phones", expected.len());
    let mut lines: Vec<usize> = errors
        .iter()
        .filter_map(|e| match e {
            ContentError::Invalid { line, field, .. } if field.ends_with(".value") => Some(*line),
            _ => None,
        })
        .collect();
    lines.sort_unstable();
    expected.sort_unstable();
    assert_eq!(lines, expected);
}
