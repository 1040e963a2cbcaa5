//! `tamiz content`: check an agency's customised content and dump the instrument, plus the
//! human-readable result of `tamiz assess --format text`. File reading lives here, not in the
//! instrument library, so the library stays free of I/O and runs in the browser too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tamiz_engine::{Answer, Assessment, CaseFacts, Country, Finding, MeansElement, Role};
use tamiz_instrument::{
    AnswerOption, ContactKind, ContentError, ContentErrors, Instrument, Lang, LegalElement,
    LegalRef, LegalTopic, AGENCY_FILE, CONTENT_FILES,
};

use crate::error::CliError;

/// Arguments of `tamiz content`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Validate a customised content directory (same layout as the built-in content: vocabulary.toml,
    /// results.toml, questions/*.toml, countries/*.toml, and optionally agency.toml). Files it lacks
    /// are taken from the built-in content. Without DIR, checks the built-in content.
    Check {
        /// The content directory to check.
        dir: Option<PathBuf>,
    },
    /// Print the whole instrument as JSON (questions with roles, observation ids and both languages;
    /// referral directories; legal references), for review and translation.
    Dump {
        /// A customised content directory to dump instead of the built-in content.
        dir: Option<PathBuf>,
    },
}

/// Runs `tamiz content`.
pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Command::Check { dir } => {
            let (instrument, used, bank) = load(dir.as_deref())?;
            let questions: usize = instrument.banks.values().map(|b| b.questions.len()).sum();
            let institutions: usize = instrument
                .countries
                .values()
                .map(|c| c.institutions.len())
                .sum();
            let origin = match &dir {
                Some(d) if used > 0 => {
                    format!("{used} file(s) from {}, the rest built in", d.display())
                }
                Some(d) => format!("no content file in {}: all built in", d.display()),
                None => "built-in content".to_owned(),
            };
            print_out(&format!(
                "content OK ({origin}): {questions} questions in {} roles, {institutions} institutions in {} countries, {} practice cases",
                instrument.banks.len(),
                instrument.countries.len(),
                bank.cases.len()
            ))
        }
        Command::Dump { dir } => {
            let (instrument, _, bank) = load(dir.as_deref())?;
            let mut value = serde_json::to_value(&instrument)
                .map_err(|e| CliError::Failed(format!("cannot serialise the instrument: {e}")))?;
            let practice = serde_json::to_value(&bank.cases).map_err(|e| {
                CliError::Failed(format!("cannot serialise the practice cases: {e}"))
            })?;
            if let Some(map) = value.as_object_mut() {
                map.insert("schema".into(), "tamiz.instrument/1".into());
                map.insert("practice_cases".into(), practice);
            }
            let text = serde_json::to_string_pretty(&value)
                .map_err(|e| CliError::Failed(format!("cannot serialise the instrument: {e}")))?;
            print_out(&text)
        }
    }
}

/// Where practice cases live in a content directory (training mode, issue 9).
const PRACTICE_DIR: &str = "practice/";

/// Reads every `.toml` file under `dir` (relative paths with `/`), then builds the instrument and
/// the practice-case bank (`practice/*.toml`; the built-in cases when the directory has none).
/// Returns how many instrument files came from the directory. Problems in both are reported together.
fn load(dir: Option<&Path>) -> Result<(Instrument, usize, tamiz_practice::Bank), CliError> {
    let Some(dir) = dir else {
        // Validate the built-in TOML itself (the widget's JSON copy is loaded unvalidated).
        // Every built-in file is given, so each is parsed and checked.
        let instrument =
            Instrument::from_sources(Instrument::builtin_sources()).map_err(|e| bad_content(&e));
        let bank = practice(
            tamiz_practice::BUILTIN
                .iter()
                .map(|(n, t)| (n.to_string(), *t)),
        );
        return join(instrument, bank).map(|(i, b)| (i, 0, b));
    };
    if !dir.is_dir() {
        return Err(CliError::BadInput(format!(
            "{}: not a directory; give the content directory (it holds vocabulary.toml, results.toml, questions/, countries/ or {AGENCY_FILE})",
            dir.display()
        )));
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut errors = Vec::new();
    collect(dir, dir, &mut files, &mut errors);
    files.sort();
    if !errors.is_empty() {
        return Err(bad_content(&ContentErrors(errors)));
    }
    let (cases, content): (Vec<_>, Vec<_>) =
        files.iter().partition(|(n, _)| n.starts_with(PRACTICE_DIR));
    let refs: Vec<(&str, &str)> = content
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let used = refs
        .iter()
        .filter(|(n, _)| CONTENT_FILES.contains(n) || *n == AGENCY_FILE)
        .count();
    let instrument = Instrument::from_sources(&refs).map_err(|e| bad_content(&e));
    let bank = if cases.is_empty() {
        practice(
            tamiz_practice::BUILTIN
                .iter()
                .map(|(n, t)| (n.to_string(), *t)),
        )
    } else {
        practice(cases.iter().map(|(n, t)| (n.clone(), t.as_str())))
    };
    join(instrument, bank).map(|(i, b)| (i, used, b))
}

/// Validates practice-case files, naming each as `practice/<file>` in errors.
fn practice<'a>(
    files: impl Iterator<Item = (String, &'a str)>,
) -> Result<tamiz_practice::Bank, CliError> {
    let named: Vec<(String, &str)> = files
        .map(|(n, t)| {
            let n = if n.starts_with(PRACTICE_DIR) {
                n
            } else {
                format!("{PRACTICE_DIR}{n}")
            };
            (n, t)
        })
        .collect();
    let refs: Vec<(&str, &str)> = named.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    tamiz_practice::validate_dir(&refs).map_err(|e| CliError::BadInput(e.to_string()))
}

/// Both results, or every problem of both in one message.
fn join<A, B>(a: Result<A, CliError>, b: Result<B, CliError>) -> Result<(A, B), CliError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        (Err(e1), Err(e2)) => Err(CliError::BadInput(format!("{e1}\n{e2}"))),
    }
}

fn collect(
    root: &Path,
    dir: &Path,
    files: &mut Vec<(String, String)>,
    errors: &mut Vec<ContentError>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(ContentError::File {
                file: dir.display().to_string(),
                message: format!("cannot read the directory: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(root, &path, files, errors);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((relative, text)),
                Err(e) => errors.push(ContentError::File {
                    file: relative,
                    message: format!(
                        "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
                        e.utf8_error().valid_up_to()
                    ),
                }),
            },
            Err(e) => errors.push(ContentError::File {
                file: relative,
                message: format!("cannot read the file: {e}"),
            }),
        }
    }
}

/// Prints `text` and a newline to standard output. A closed pipe (`tamiz … | head`) is not an error
/// and must not panic as `println!` would; other write errors are reported.
pub fn print_out(text: &str) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failed(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

fn bad_content(errors: &ContentErrors) -> CliError {
    let n = errors.0.len();
    CliError::BadInput(format!(
        "content check failed with {n} problem{}:\n{errors}",
        if n == 1 { "" } else { "s" }
    ))
}

fn finding_label(i: &Instrument, finding: Finding, lang: Lang) -> &str {
    let l = &i.vocabulary.labels;
    match finding {
        Finding::Yes => l.finding_yes.get(lang),
        Finding::No => l.finding_no.get(lang),
        Finding::Indeterminate => l.finding_indeterminate.get(lang),
    }
}

fn contact_label(i: &Instrument, kind: ContactKind, lang: Lang) -> &str {
    let l = &i.vocabulary.labels;
    match kind {
        ContactKind::Phone => l.contact_phone.get(lang),
        ContactKind::Whatsapp => l.contact_whatsapp.get(lang),
        ContactKind::Email => l.contact_email.get(lang),
        ContactKind::Web => l.contact_web.get(lang),
        ContactKind::App => l.contact_app.get(lang),
        ContactKind::InPerson => l.contact_in_person.get(lang),
    }
}

fn legal_line(out: &mut String, i: &Instrument, r: &LegalRef, lang: Lang, indent: &str) {
    let l = &i.vocabulary.labels;
    let status = if r.confirmed {
        String::new()
    } else {
        format!(" [{}]", l.unconfirmed.get(lang))
    };
    let _ = writeln!(
        out,
        "{indent}- {}{status}: {}",
        r.article.get(lang),
        r.summary.get(lang)
    );
    if let Some(note) = &r.note {
        let _ = writeln!(out, "{indent}  ({})", note.get(lang));
    }
    let _ = writeln!(
        out,
        "{indent}  {}: {} ({} {})",
        l.source.get(lang),
        r.source,
        l.checked.get(lang),
        r.checked
    );
}

/// Renders the human-readable result of `tamiz assess --format text`: outcome, indicators with their
/// evidence, legal references (prosecutor), and numbered referral steps with institutions and
/// contacts; unconfirmed entries are marked.
pub fn render_text(
    facts: &CaseFacts,
    assessment: &Assessment,
    lang: &str,
) -> Result<String, CliError> {
    let lang = Lang::from_code(lang).ok_or_else(|| {
        CliError::BadInput(format!("unknown language `{lang}`; use `es` or `en`"))
    })?;
    let i = Instrument::builtin()
        .map_err(|e| CliError::Failed(format!("the built-in content is invalid: {e}")))?;
    let l = &i.vocabulary.labels;
    let role = facts.role;
    let summary = i.summary(role, assessment, lang);
    let mut out = String::new();

    let role_name = match role {
        Role::Inspector => &l.role_inspector,
        Role::Migration => &l.role_migration,
        Role::Prosecutor => &l.role_prosecutor,
        Role::SelfCheck => &l.role_self,
    };
    let country_name = match facts.country {
        Country::Colombia => &l.country_co,
        Country::Ecuador => &l.country_ec,
        Country::Peru => &l.country_pe,
    };
    let _ = writeln!(
        out,
        "{} — {}, {}",
        l.result.get(lang).to_uppercase(),
        role_name.get(lang),
        country_name.get(lang)
    );
    let _ = writeln!(out);
    if role == Role::SelfCheck {
        let _ = writeln!(out, "{}", summary.forced_labour);
        let _ = writeln!(out, "{}", summary.trafficking);
    } else {
        let _ = writeln!(
            out,
            "{}: {}. {}",
            l.forced_labour.get(lang),
            finding_label(i, assessment.forced_labour, lang),
            summary.forced_labour
        );
        let _ = writeln!(
            out,
            "{}: {}. {}",
            l.trafficking.get(lang),
            finding_label(i, assessment.trafficking, lang),
            summary.trafficking
        );
    }
    for line in [&summary.category, &summary.child, &summary.labour_rights]
        .into_iter()
        .flatten()
    {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", summary.urgency);

    // Indicators with their evidence.
    if !assessment.indicators.is_empty() {
        let _ = writeln!(out);
        let heading = if role == Role::SelfCheck {
            &l.signs
        } else {
            &l.indicators
        };
        let _ = writeln!(out, "{}", heading.get(lang).to_uppercase());
        for ind in &assessment.indicators {
            let name = i
                .observation(ind.id)
                .map_or(ind.id.as_str(), |d| d.name.get(lang));
            let value = match ind.value {
                Answer::Yes => String::new(),
                Answer::Unknown => format!(
                    " — {}: {}",
                    l.uncertain.get(lang),
                    i.answer_label(AnswerOption::Unknown, lang)
                ),
                Answer::Declined => format!(
                    " — {}: {}",
                    l.uncertain.get(lang),
                    i.answer_label(AnswerOption::Declined, lang)
                ),
                Answer::No => continue,
            };
            let mut line = if role == Role::SelfCheck {
                format!("- {name}{value}")
            } else {
                format!("- {name} ({}){value}", ind.id)
            };
            if role != Role::SelfCheck {
                if let Some(ilo) = ind.ilo_indicator {
                    if let Some(d) = i.ilo_indicator(ilo) {
                        let _ = write!(
                            line,
                            "; {} {}: {}",
                            l.ilo.get(lang),
                            ilo.number(),
                            d.name.get(lang)
                        );
                    }
                }
                if let Some(code) = &ind.icls {
                    let _ = write!(line, "; ICLS {code}");
                }
                if let Some(ev) = ind.evidence {
                    let _ = write!(
                        line,
                        "; {}: {}",
                        l.evidence.get(lang),
                        i.evidence_label(ev, lang)
                    );
                }
            }
            let _ = writeln!(out, "{line}");
        }
    }

    // Prosecutor: elements with evidence and the national articles they bear on.
    if role == Role::Prosecutor {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", l.elements.get(lang).to_uppercase());
        let te = &assessment.trafficking_elements;
        let means = match te.means {
            MeansElement::Finding(f) => finding_label(i, f, lang).to_owned(),
            MeansElement::NotRequired => l.not_required.get(lang).to_owned(),
        };
        let _ = writeln!(
            out,
            "- {}: {}",
            l.act.get(lang),
            finding_label(i, te.act, lang)
        );
        let _ = writeln!(out, "- {}: {means}", l.means.get(lang));
        let _ = writeln!(
            out,
            "- {}: {}",
            l.purpose.get(lang),
            finding_label(i, te.purpose, lang)
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", l.evidence_by_element.get(lang).to_uppercase());
        for element in [
            LegalElement::Act,
            LegalElement::Means,
            LegalElement::Purpose,
            LegalElement::ForcedLabour,
            LegalElement::Smuggling,
        ] {
            let heading = match element {
                LegalElement::Act => l.act.get(lang),
                LegalElement::Means => l.means.get(lang),
                LegalElement::Purpose => l.purpose.get(lang),
                LegalElement::ForcedLabour => l.forced_labour.get(lang),
                LegalElement::Smuggling => i
                    .vocabulary
                    .topics
                    .get(&LegalTopic::Smuggling)
                    .map_or("", |t| t.get(lang)),
                LegalElement::Victim => "",
            };
            let ids: Vec<_> = i
                .questions(role)
                .iter()
                .filter(|q| q.element == Some(element))
                .flat_map(|q| q.observations.iter().copied())
                .collect();
            let found: Vec<String> = assessment
                .indicators
                .iter()
                .filter(|ind| ids.contains(&ind.id))
                .map(|ind| {
                    let name = i
                        .observation(ind.id)
                        .map_or(ind.id.as_str(), |d| d.name.get(lang));
                    let ev = ind.evidence.map_or(String::new(), |e| {
                        format!(" [{}]", i.evidence_label(e, lang))
                    });
                    let v = match ind.value {
                        Answer::Yes => String::new(),
                        Answer::Unknown => {
                            format!(" ({})", i.answer_label(AnswerOption::Unknown, lang))
                        }
                        Answer::Declined => {
                            format!(" ({})", i.answer_label(AnswerOption::Declined, lang))
                        }
                        Answer::No => String::new(),
                    };
                    format!("{name}{v}{ev}")
                })
                .collect();
            if found.is_empty() {
                continue;
            }
            let _ = writeln!(out, "- {heading}: {}", found.join("; "));
            let mut articles: Vec<String> = Vec::new();
            for topic in element.topics() {
                for r in i.legal_refs_on(facts.country, *topic) {
                    let a = r.article.get(lang).to_owned();
                    if !articles.contains(&a) {
                        articles.push(if r.confirmed {
                            a
                        } else {
                            format!("{a} [{}]", l.unconfirmed.get(lang))
                        });
                    }
                }
            }
            if !articles.is_empty() {
                let _ = writeln!(out, "  → {}", articles.join("; "));
            }
        }
    }

    // Legal references: full for the prosecutor, citations for the other officials.
    let topics = i.relevant_topics(assessment);
    if role != Role::SelfCheck && !topics.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", l.legal.get(lang).to_uppercase());
        for topic in topics {
            let refs = i.legal_refs_on(facts.country, topic);
            if refs.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "{}:",
                i.vocabulary
                    .topics
                    .get(&topic)
                    .map_or(topic.as_str(), |t| t.get(lang))
            );
            for r in refs {
                if role == Role::Prosecutor {
                    legal_line(&mut out, i, r, lang, "  ");
                } else {
                    let status = if r.confirmed {
                        String::new()
                    } else {
                        format!(" [{}]", l.unconfirmed.get(lang))
                    };
                    let _ = writeln!(out, "  - {}{status}", r.article.get(lang));
                }
            }
        }
    }

    if !summary.notes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", l.notes.get(lang).to_uppercase());
        for note in &summary.notes {
            let _ = writeln!(out, "- {note}");
        }
    }

    // Referral steps.
    let steps = i.referral_steps(role, facts.country, assessment, lang, None);
    if !steps.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", l.referral.get(lang).to_uppercase());
        for step in steps {
            let _ = writeln!(out, "{}. {}: {}", step.number, step.title, step.action);
            for inst in &step.institutions {
                let status = if inst.confirmed {
                    String::new()
                } else {
                    format!(" [{}]", inst.status)
                };
                let _ = writeln!(out, "   • {}{status}", inst.name);
                let _ = writeln!(out, "     {}", inst.does);
                let _ = writeln!(
                    out,
                    "     {}: {} ({} {})",
                    l.source.get(lang),
                    inst.source,
                    l.checked.get(lang),
                    inst.checked
                );
                if inst.contacts.iter().all(|c| !c.confirmed) {
                    let _ = writeln!(out, "     {}", l.no_contact.get(lang));
                }
                for c in &inst.contacts {
                    let note = if c.note.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", c.note)
                    };
                    let status = if c.confirmed {
                        String::new()
                    } else {
                        format!(" [{}]", c.status)
                    };
                    let _ = writeln!(
                        out,
                        "     {}: {}{note}{status}",
                        contact_label(i, c.kind, lang),
                        c.value
                    );
                    let _ = writeln!(
                        out,
                        "       {}: {} ({} {})",
                        l.source.get(lang),
                        c.source,
                        l.checked.get(lang),
                        c.checked
                    );
                }
            }
        }
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "{}", l.rights.get(lang).to_uppercase());
    let _ = writeln!(out, "{}", summary.rights);
    let _ = writeln!(out);
    let _ = write!(out, "{}", summary.closing);
    Ok(out)
}
