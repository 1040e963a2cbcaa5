//! The widget's own words (buttons, headings, announcements) in both languages. Questionnaire content,
//! result texts and directories come from the instrument; only the chrome around them lives here.

use crate::config::Lang;

/// Every fixed string of the widget chrome in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    /// "Back" button.
    pub back: &'static str,
    /// "Next" button.
    pub next: &'static str,
    /// Next button on the last step.
    pub see_result: &'static str,
    /// The quick-exit button.
    pub exit: &'static str,
    /// Screen-reader hint for the keyboard shortcut.
    pub exit_hint: &'static str,
    /// Announced when Shift is pressed once or twice: "press Shift {n} more times to exit".
    pub shift_more: (&'static str, &'static str),
    /// "Question" in "Question 3 of 12".
    pub question: &'static str,
    /// "Section" in "Section 2 of 5".
    pub section: &'static str,
    /// "of" in "Question 3 of 12".
    pub of: &'static str,
    /// Shown when Next is pressed with an unanswered question.
    pub choose_answer: &'static str,
    /// Label of the evidence-source select.
    pub evidence: &'static str,
    /// Empty choice of the evidence-source select.
    pub evidence_none: &'static str,
    /// Label for the evidence source in the result.
    pub source: &'static str,
    /// Result heading.
    pub result: &'static str,
    /// Heading of the indicator list (professional modes).
    pub indicators: &'static str,
    /// Heading of the indicator list (self mode: "signs", never a verdict).
    pub signs: &'static str,
    /// Shown when no indicator was found.
    pub no_indicators: &'static str,
    /// Heading of the legal references.
    pub legal: &'static str,
    /// Heading of the referral steps (professional modes).
    pub referral: &'static str,
    /// Heading of the referral steps (self mode).
    pub help: &'static str,
    /// Marks a contact not yet confirmed.
    pub unconfirmed: &'static str,
    /// "Copy summary" button.
    pub copy: &'static str,
    /// Status after copying.
    pub copied: &'static str,
    /// Status when the clipboard refused.
    pub copy_failed: &'static str,
    /// "Print" button.
    pub print: &'static str,
    /// "Start again" button.
    pub restart: &'static str,
    /// Heading of the configuration error.
    pub error: &'static str,
}

const EN: Texts = Texts {
    back: "Back",
    next: "Next",
    see_result: "See result",
    exit: "Exit this page",
    exit_hint: "or press Shift three times",
    shift_more: ("Shift: press", "more times to exit."),
    question: "Question",
    section: "Section",
    of: "of",
    choose_answer: "Choose an answer for every question to continue.",
    evidence: "Source of this answer",
    evidence_none: "Not recorded",
    source: "Source",
    result: "Result",
    indicators: "Indicators found",
    signs: "Signs we noticed",
    no_indicators: "None.",
    legal: "Legal references",
    referral: "Referral steps",
    help: "Where to get help",
    unconfirmed: "to be confirmed by your agency",
    copy: "Copy summary",
    copied: "Summary copied.",
    copy_failed: "Could not copy. Select the summary and copy it by hand.",
    print: "Print",
    restart: "Start again",
    error: "The screening cannot start",
};

const ES: Texts = Texts {
    back: "Atrás",
    next: "Siguiente",
    see_result: "Ver resultado",
    exit: "Salir de esta página",
    exit_hint: "o pulse Mayús tres veces",
    shift_more: ("Mayús: pulse", "veces más para salir."),
    question: "Pregunta",
    section: "Sección",
    of: "de",
    choose_answer: "Elija una respuesta para cada pregunta para continuar.",
    evidence: "Fuente de esta respuesta",
    evidence_none: "Sin registrar",
    source: "Fuente",
    result: "Resultado",
    indicators: "Indicadores encontrados",
    signs: "Señales que notamos",
    no_indicators: "Ninguno.",
    legal: "Referencias legales",
    referral: "Pasos de derivación",
    help: "Dónde pedir ayuda",
    unconfirmed: "por confirmar por su institución",
    copy: "Copiar resumen",
    copied: "Resumen copiado.",
    copy_failed: "No se pudo copiar. Seleccione el resumen y cópielo a mano.",
    print: "Imprimir",
    restart: "Empezar de nuevo",
    error: "No se puede iniciar la evaluación",
};

/// The chrome texts for a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}
