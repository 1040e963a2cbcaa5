//! `tamiz assess --format text --lang es|en`: outcome, indicators with evidence, legal references for
//! the prosecutor, numbered referral steps with institutions and contacts; unconfirmed marked.

use assert_cmd::Command;

fn text(facts: &str, lang: &str) -> String {
    let out = Command::cargo_bin("tamiz")
        .unwrap()
        .args(["assess", "--format", "text", "--lang", lang])
        .write_stdin(facts)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const PASSPORT_DEBT: &str = r#"{"country":"PE","role":"inspector","person":{"age":24},
  "observations":{"inv_unagreed_overtime":"yes","inv_cannot_terminate":"yes","coe_debt_bondage":"yes",
    "coe_documents_retained":"yes","act_recruitment":"yes","act_transport":"yes","ctx_crossed_border":"yes",
    "coe_threats":"declined"},
  "evidence":{"coe_documents_retained":"official_observation","coe_debt_bondage":"document"}}"#;

#[test]
fn inspector_result_in_spanish() {
    let t = text(PASSPORT_DEBT, "es");
    assert!(
        t.starts_with("RESULTADO — Inspección del trabajo, Perú\n"),
        "{t}"
    );
    assert!(t.contains("Trabajo forzoso: Sí. "), "{t}");
    assert!(t.contains("- Documentos retenidos (coe_documents_retained); Indicador OIT 7: Retención de documentos de identidad; ICLS C5; Fuente de la información: Observación directa del funcionario o la funcionaria"), "{t}");
    assert!(t.contains("- Deuda manipulada (coe_debt_bondage); Indicador OIT 9: Servidumbre por deudas; ICLS C3; Fuente de la información: Documento"), "{t}");
    assert!(
        t.contains("- Amenazas (coe_threats) — Sin establecer: Prefiero no responder"),
        "{t}"
    );
    assert!(
        t.contains("PASOS DE DERIVACIÓN\n1. Fiscalía (denuncia penal): "),
        "{t}"
    );
    assert!(t.contains("Teléfono: 0800-16872"), "{t}");
    assert!(t.contains("[por confirmar por su institución]"), "{t}");
    assert!(
        t.contains("  - Código Penal, art. 129-A, Trata de personas\n"),
        "{t}"
    );
    assert!(
        t.contains("La persona prefirió no responder preguntas sobre coerción"),
        "{t}"
    );
}

#[test]
fn prosecutor_result_shows_elements_articles_and_sources() {
    let facts = PASSPORT_DEBT.replace("\"inspector\"", "\"prosecutor\"");
    let t = text(&facts, "en");
    assert!(t.starts_with("RESULT — Prosecution, Peru\n"), "{t}");
    assert!(t.contains("ELEMENTS OF TRAFFICKING (PALERMO PROTOCOL, ART. 3)\n- Act: Yes\n- Means: Yes\n- Purpose of exploitation: Yes"), "{t}");
    assert!(t.contains("  → Criminal Code, art. 129-O, Forced labour; Criminal Code, art. 129-Ñ, Slavery and other forms of exploitation"), "{t}");
    assert!(
        t.contains("Documents retained [Official's own observation]"),
        "{t}"
    );
    assert!(t.contains("    Source: https://sherloc.unodc.org/"), "{t}");
    assert!(t.contains("Non-punishment of victims for offences committed as a result of trafficking [to be confirmed by your agency]"), "{t}");
}

#[test]
fn self_check_result_is_plain_and_always_shows_help() {
    let facts = r#"{"country":"CO","role":"self","person":{},"observations":{"inv_job_different_from_promised":"yes","coe_threats":"declined"}}"#;
    let t = text(facts, "es");
    assert!(
        t.contains("Algunas preguntas quedaron sin respuesta, y eso está bien."),
        "{t}"
    );
    assert!(
        t.contains(
            "1. Emergencia: Si usted está en peligro ahora, llame a la línea de emergencias."
        ),
        "{t}"
    );
    assert!(t.contains("Teléfono: 123 (Gratuita, 24 horas)"), "{t}");
    assert!(t.contains("Sus respuestas no se guardan."), "{t}");
    assert!(!t.contains("ICLS"), "no jargon in the self-check: {t}");
    assert!(!t.contains("REFERENCIAS LEGALES"), "{t}");
}

#[test]
fn every_referral_step_is_numbered_and_has_contacts_with_sources() {
    let t = text(PASSPORT_DEBT, "en");
    let steps: Vec<&str> = t
        .lines()
        .filter(|l| l.len() > 2 && l.as_bytes()[0].is_ascii_digit() && l[1..].starts_with(". "))
        .collect();
    assert!(steps.len() >= 3, "{t}");
    for (n, line) in steps.iter().enumerate() {
        assert!(line.starts_with(&format!("{}. ", n + 1)), "{line}");
    }
    for line in t.lines().filter(|l| l.trim_start().starts_with("Phone: ")) {
        assert!(!line.trim().ends_with(':'), "{line}");
    }
    assert!(
        t.lines()
            .filter(|l| l.trim_start().starts_with("Source: "))
            .all(|l| l.contains("(consulted 20")),
        "{t}"
    );
}

#[test]
fn unknown_language_is_refused_by_the_flag() {
    let out = Command::cargo_bin("tamiz")
        .unwrap()
        .args(["assess", "--format", "text", "--lang", "fr"])
        .write_stdin(PASSPORT_DEBT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
