//! Training mode's screens (the training bundle only): pick a case, read it while screening it with
//! the case role's questions (the ordinary step screens), then feedback and the session summary.
//! The screening itself is the same [`Session`](crate::session::Session) and step view as the
//! screening modes, so a trainee practises exactly the questionnaire they use at work.

use std::rc::Rc;

use tamiz_engine::{Answer, Category, Finding, ReferralRoute, Role, Urgency};
use tamiz_practice::{Feedback, IndicatorFeedback, PracticeCase, SessionSummary, Verdict};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::result::view_referral;
use super::{App, Msg, Setup, UiEvent};
use crate::config::{Lang, Options};
use crate::content::{Content, ResultView};
use crate::training::{practice_lang, Practice, ROLES};

/// Where the trainee is.
#[derive(Debug, Clone, Default)]
pub enum Phase {
    /// Choosing a case.
    #[default]
    Pick,
    /// Reading and screening case `index` (of the practice's cases) with its role's questions.
    Case {
        /// Position in [`Practice::cases`].
        index: usize,
        /// The widget's options with the case's role.
        options: Options,
        /// The case role's questionnaire.
        content: Rc<Content>,
    },
    /// Feedback on case `index`.
    Feedback {
        /// Position in [`Practice::cases`].
        index: usize,
        /// Score, verdicts and outcomes.
        feedback: Rc<Feedback>,
        /// The result texts of the expected assessment (headline and referral route).
        expected: Rc<ResultView>,
        /// The result headline of the trainee's own assessment.
        trainee: String,
    },
}

/// Training state kept by the root component: the phase, the session summary (in memory only,
/// wiped by quick exit) and the picker's role filter.
#[derive(Debug, Clone, Default)]
pub struct Trainer {
    /// Where the trainee is.
    pub phase: Phase,
    summary: SessionSummary,
    filter: Option<Role>,
    /// Cases drawn so far, mixed into the random choice so "random" never repeats a pattern.
    draws: u64,
    /// Move focus to the case narrative's heading after the next render (a case was opened).
    pub focus_case: bool,
    /// The case narrative's heading.
    pub case_heading: NodeRef,
}

/// Messages of training mode.
#[derive(Debug, Clone)]
pub enum TrainingMsg {
    /// The picker's role filter changed (`None`: every role).
    Filter(Option<Role>),
    /// Open case `index`.
    Open(usize),
    /// Open a case chosen at random among those the filter shows.
    Random,
    /// Back to the list of cases.
    Cases,
}

/// The chrome of training mode in one language.
struct TrainingTexts {
    cases: &'static str,
    intro: &'static str,
    role_filter: &'static str,
    all_roles: &'static str,
    random: &'static str,
    the_case: &'static str,
    back_to_cases: &'static str,
    feedback: &'static str,
    score: &'static str,
    indicators_correct: &'static str,
    outcomes_correct: &'static str,
    of: &'static str,
    outcomes: &'static str,
    outcome: &'static str,
    yours: &'static str,
    expected: &'static str,
    agree: &'static str,
    differ: &'static str,
    to_review: &'static str,
    right: &'static str,
    not_asked: &'static str,
    your_answer: &'static str,
    key: &'static str,
    not_recorded: &'static str,
    not_in_case: &'static str,
    ilo: &'static str,
    route: &'static str,
    learning: &'static str,
    try_again: &'static str,
    another: &'static str,
    summary: &'static str,
    cases_done: &'static str,
    mean: &'static str,
    most_missed: &'static str,
    none_missed: &'static str,
    roles: [&'static str; 3],
    forced_labour: &'static str,
    trafficking: &'static str,
    child: &'static str,
    category: &'static str,
    urgency: &'static str,
    routes: &'static str,
    findings: [&'static str; 3],
    ages: [&'static str; 3],
    categories: [&'static str; 4],
    urgencies: [&'static str; 3],
    answers: [&'static str; 4],
}

const ES: TrainingTexts = TrainingTexts {
    cases: "Casos de práctica",
    intro: "Lea el caso como lo encontraría en su trabajo, evalúelo con las preguntas de su rol y compare su resultado con el esperado. Nada de lo que responda se guarda ni se envía.",
    role_filter: "Rol",
    all_roles: "Todos los roles",
    random: "Caso al azar",
    the_case: "El caso",
    back_to_cases: "Volver a los casos",
    feedback: "Retroalimentación",
    score: "Puntaje",
    indicators_correct: "indicadores correctos",
    outcomes_correct: "conclusiones correctas",
    of: "de",
    outcomes: "Su conclusión y la esperada",
    outcome: "Conclusión",
    yours: "Su evaluación",
    expected: "Esperado",
    agree: "Coincide",
    differ: "Difiere",
    to_review: "Para revisar",
    right: "Bien identificado",
    not_asked: "No preguntado con las preguntas de este rol",
    your_answer: "Su respuesta",
    key: "El caso",
    not_recorded: "no registrado",
    not_in_case: "no lo muestra",
    ilo: "Indicador de la OIT",
    route: "La ruta de derivación que debe seguir",
    learning: "Lo que enseña el caso",
    try_again: "Intentar de nuevo este caso",
    another: "Otro caso",
    summary: "Esta sesión",
    cases_done: "Casos hechos",
    mean: "Puntaje medio",
    most_missed: "Indicadores que más se pasaron por alto",
    none_missed: "Ningún indicador pasado por alto hasta ahora.",
    roles: ["Inspección laboral", "Migración", "Fiscalía"],
    forced_labour: "Trabajo forzoso",
    trafficking: "Trata de personas",
    child: "Edad",
    category: "Categoría (OIT)",
    urgency: "Urgencia",
    routes: "Rutas de derivación",
    findings: ["Sí", "No", "Indeterminado"],
    ages: ["Niño, niña o adolescente", "Persona adulta", "Edad desconocida"],
    categories: [
        "Economía privada",
        "Explotación sexual comercial",
        "Impuesto por el Estado",
        "Ninguna",
    ],
    urgencies: ["Inmediata", "Prioritaria", "Ordinaria"],
    answers: ["sí", "no", "no se sabe", "no quiso responder"],
};

const EN: TrainingTexts = TrainingTexts {
    cases: "Practice cases",
    intro: "Read the case as you would meet it at work, screen it with your role's questions, and compare your result with the expected one. Nothing you answer is stored or sent.",
    role_filter: "Role",
    all_roles: "All roles",
    random: "Random case",
    the_case: "The case",
    back_to_cases: "Back to the cases",
    feedback: "Feedback",
    score: "Score",
    indicators_correct: "indicators right",
    outcomes_correct: "conclusions right",
    of: "of",
    outcomes: "Your conclusion and the expected one",
    outcome: "Conclusion",
    yours: "Your screening",
    expected: "Expected",
    agree: "Agrees",
    differ: "Differs",
    to_review: "To review",
    right: "Recognised correctly",
    not_asked: "Not asked by this role's questions",
    your_answer: "Your answer",
    key: "The case",
    not_recorded: "not recorded",
    not_in_case: "does not show it",
    ilo: "ILO indicator",
    route: "The referral route that should follow",
    learning: "What the case teaches",
    try_again: "Try this case again",
    another: "Another case",
    summary: "This session",
    cases_done: "Cases done",
    mean: "Average score",
    most_missed: "Indicators most often missed",
    none_missed: "No indicator missed so far.",
    roles: ["Labour inspection", "Migration", "Prosecution"],
    forced_labour: "Forced labour",
    trafficking: "Trafficking in persons",
    child: "Age",
    category: "Category (ILO)",
    urgency: "Urgency",
    routes: "Referral routes",
    findings: ["Yes", "No", "Indeterminate"],
    ages: ["Child", "Adult", "Age unknown"],
    categories: [
        "Private economy",
        "Commercial sexual exploitation",
        "State-imposed",
        "None",
    ],
    urgencies: ["Immediate", "Priority", "Routine"],
    answers: ["yes", "no", "unknown", "declined"],
};

fn tt(lang: Lang) -> &'static TrainingTexts {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

impl TrainingTexts {
    fn role(&self, role: Role) -> &'static str {
        ROLES
            .iter()
            .position(|r| *r == role)
            .and_then(|i| self.roles.get(i))
            .copied()
            .unwrap_or("")
    }

    fn finding(&self, f: Finding) -> &'static str {
        self.findings[match f {
            Finding::Yes => 0,
            Finding::No => 1,
            Finding::Indeterminate => 2,
        }]
    }

    fn age(&self, child: Option<bool>) -> &'static str {
        self.ages[match child {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        }]
    }

    fn category(&self, c: Option<Category>) -> &'static str {
        self.categories[match c {
            Some(Category::PrivateEconomy) => 0,
            Some(Category::CommercialSexual) => 1,
            Some(Category::StateImposed) => 2,
            None => 3,
        }]
    }

    fn urgency(&self, u: Urgency) -> &'static str {
        self.urgencies[match u {
            Urgency::Immediate => 0,
            Urgency::Priority => 1,
            Urgency::Routine => 2,
        }]
    }

    fn answer(&self, a: Option<Answer>) -> &'static str {
        match a {
            Some(Answer::Yes) => self.answers[0],
            Some(Answer::No) => self.answers[1],
            Some(Answer::Unknown) => self.answers[2],
            Some(Answer::Declined) => self.answers[3],
            None => self.not_recorded,
        }
    }
}

fn routes(practice: &Practice, routes: &[ReferralRoute]) -> String {
    routes
        .iter()
        .map(|r| practice.route_title(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

impl App {
    /// The practice bank, when this widget is in training mode.
    pub(super) fn practice(ctx: &Context<Self>) -> Option<&Rc<Practice>> {
        match &ctx.props().setup {
            Setup::Ready { practice, .. } => practice.as_ref(),
            Setup::Error { .. } => None,
        }
    }

    /// The case options and content while a case is being screened.
    pub(super) fn training_active(&self) -> Option<(&Options, &Rc<Content>)> {
        match &self.trainer.phase {
            Phase::Case {
                options, content, ..
            } => Some((options, content)),
            _ => None,
        }
    }

    /// Whether the session's screens are on show: always in the screening modes, only while a case
    /// is screened in training mode.
    pub(super) fn screening_shown(&self, ctx: &Context<Self>) -> bool {
        Self::practice(ctx).is_none() || self.training_active().is_some()
    }

    fn visible_cases<'a>(
        &self,
        practice: &'a Practice,
    ) -> impl Iterator<Item = (usize, &'a PracticeCase)> {
        let filter = self.trainer.filter;
        practice
            .cases
            .iter()
            .enumerate()
            .filter(move |(_, c)| filter.is_none_or(|r| c.role == r))
    }

    fn open(&mut self, ctx: &Context<Self>, practice: &Practice, index: usize) -> bool {
        let (Some(case), Some((options, _))) = (practice.cases.get(index), Self::content(ctx))
        else {
            return false;
        };
        let Some(content) = practice.content(case.role) else {
            return false;
        };
        let mut options = options.clone();
        options.role = case.role;
        self.session.restart();
        self.trainer.phase = Phase::Case {
            index,
            options,
            content: Rc::clone(content),
        };
        self.navigated(ctx);
        self.focus = false;
        self.trainer.focus_case = true;
        true
    }

    /// The language or config changed in training mode: the case being screened continues with
    /// the new texts (answers kept, as in the screening modes); feedback, whose texts were made
    /// in the old language, gives way to the list of cases.
    pub(super) fn training_changed(&mut self, ctx: &Context<Self>) {
        let (Some(practice), Some((options, _))) = (Self::practice(ctx), Self::content(ctx)) else {
            return;
        };
        match &mut self.trainer.phase {
            Phase::Case {
                index,
                options: case_options,
                content,
            } => {
                let role = case_options.role;
                match practice.content(role) {
                    Some(new) if practice.cases.get(*index).is_some() => {
                        *content = Rc::clone(new);
                        *case_options = options.clone();
                        case_options.role = role;
                    }
                    _ => self.trainer.phase = Phase::Pick,
                }
            }
            Phase::Feedback { .. } => self.trainer.phase = Phase::Pick,
            Phase::Pick => {}
        }
    }

    /// Handles a training message.
    pub(super) fn training_update(&mut self, ctx: &Context<Self>, msg: TrainingMsg) -> bool {
        let Some(practice) = Self::practice(ctx).cloned() else {
            return false;
        };
        match msg {
            TrainingMsg::Filter(role) => {
                self.trainer.filter = role;
                true
            }
            TrainingMsg::Open(index) => self.open(ctx, &practice, index),
            TrainingMsg::Random => {
                let visible: Vec<usize> = self.visible_cases(&practice).map(|(i, _)| i).collect();
                self.trainer.draws += 1;
                let seed = practice.seed.wrapping_add(self.trainer.draws);
                match tamiz_practice::pick_index(visible.len(), seed).and_then(|i| visible.get(i)) {
                    Some(&index) => self.open(ctx, &practice, index),
                    None => false,
                }
            }
            TrainingMsg::Cases => {
                self.session.restart();
                self.trainer.phase = Phase::Pick;
                self.focus = true;
                self.announce = tt(practice.lang).cases.to_owned();
                true
            }
        }
    }

    /// The trainee asked for the result of case screening: score it, show feedback and tell the
    /// host (`tamiz-complete` with the score).
    pub(super) fn finish_case(&mut self, ctx: &Context<Self>) {
        let Some(practice) = Self::practice(ctx).cloned() else {
            return;
        };
        let Phase::Case { index, content, .. } = &self.trainer.phase else {
            return;
        };
        let (index, content) = (*index, Rc::clone(content));
        let Some(case) = practice.cases.get(index) else {
            return;
        };
        let outcome = Rc::new(self.session.outcome(&content));
        let feedback = Rc::new(practice.feedback(case, &outcome.facts));
        self.trainer.summary.add(&feedback);
        let expected = Rc::new(content.result(&practice.expected(case)));
        self.trainer.phase = Phase::Feedback {
            index,
            feedback: Rc::clone(&feedback),
            expected,
            trainee: outcome.view.headline.clone(),
        };
        // The answers have served their purpose: feedback keeps only the verdicts.
        self.session.restart();
        let t = tt(practice.lang);
        self.announce = format!("{}: {} %", t.score, feedback.score.percent);
        self.focus = true;
        ctx.props()
            .on_event
            .emit(UiEvent::TrainingComplete { outcome, feedback });
    }

    /// Picker, or feedback; `None` while a case is screened (the caller shows the step).
    pub(super) fn view_training(&self, ctx: &Context<Self>) -> Option<Html> {
        let practice = Self::practice(ctx)?;
        match &self.trainer.phase {
            Phase::Pick => Some(self.view_pick(ctx, practice)),
            Phase::Case { .. } => None,
            Phase::Feedback {
                index,
                feedback,
                expected,
                trainee,
            } => practice
                .cases
                .get(*index)
                .map(|case| self.view_feedback(ctx, practice, case, feedback, expected, trainee)),
        }
    }

    fn view_pick(&self, ctx: &Context<Self>, practice: &Practice) -> Html {
        let lang = practice.lang;
        let (t, pl) = (tt(lang), practice_lang(lang));
        let uid = ctx.props().uid;
        let filter_id = format!("tamiz{uid}-role-filter");
        let onchange = ctx.link().callback(|e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            Msg::Training(TrainingMsg::Filter(Role::from_id(&value)))
        });
        let random = ctx.link().callback(|_| Msg::Training(TrainingMsg::Random));
        let cases = self.visible_cases(practice).map(|(i, case)| {
            let open = ctx
                .link()
                .callback(move |_| Msg::Training(TrainingMsg::Open(i)));
            html! {
                <li class="tamiz-case-item">
                    <button type="button" class="tamiz-link-button" part="case-button"
                            data-case={case.id.clone()} onclick={open}>{case.title.get(pl)}</button>
                    <span class="tamiz-case-meta">
                        {t.role(case.role)}{" · "}{case.sector.label(pl)}{" · "}{case.difficulty.label(pl)}
                    </span>
                </li>
            }
        });
        let selected = self.trainer.filter;
        html! {
            <section class="tamiz-training" part="training">
                <h2 class="tamiz-heading" tabindex="-1" ref={self.heading.clone()}>{t.cases}</h2>
                <p class="tamiz-intro">{t.intro}</p>
                <div class="tamiz-case-tools">
                    <label for={filter_id.clone()}>{t.role_filter}</label>
                    <select id={filter_id} class="tamiz-select" onchange={onchange}>
                        <option value="" selected={selected.is_none()}>{t.all_roles}</option>
                        { for ROLES.iter().map(|r| html! {
                            <option value={r.as_str()} selected={selected == Some(*r)}>{t.role(*r)}</option>
                        }) }
                    </select>
                    <button type="button" class="tamiz-button tamiz-primary" part="button primary-button"
                            onclick={random}>{t.random}</button>
                </div>
                <ul class="tamiz-cases">{ for cases }</ul>
                {self.view_summary(t, practice)}
            </section>
        }
    }

    /// The case narrative above each step of its screening, so the trainee can reread it.
    pub(super) fn view_narrative(&self, ctx: &Context<Self>) -> Html {
        let (Some(practice), Phase::Case { index, .. }) =
            (Self::practice(ctx), &self.trainer.phase)
        else {
            return Html::default();
        };
        let Some(case) = practice.cases.get(*index) else {
            return Html::default();
        };
        let (t, pl) = (tt(practice.lang), practice_lang(practice.lang));
        let back = ctx.link().callback(|_| Msg::Training(TrainingMsg::Cases));
        html! {
            <section class="tamiz-narrative" part="narrative">
                <h2 class="tamiz-heading" tabindex="-1" ref={self.trainer.case_heading.clone()}>
                    {case.title.get(pl)}
                </h2>
                <p class="tamiz-case-meta">
                    {t.role(case.role)}{" · "}{case.sector.label(pl)}{" · "}{case.difficulty.label(pl)}
                </p>
                <details open=true>
                    <summary>{t.the_case}</summary>
                    <p>{ for case.narrative.iter().map(|s| html! {
                        <span class="tamiz-sentence">{s.text.get(pl)}{" "}</span>
                    }) }</p>
                </details>
                <button type="button" class="tamiz-link-button" onclick={back}>{t.back_to_cases}</button>
            </section>
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn view_feedback(
        &self,
        ctx: &Context<Self>,
        practice: &Practice,
        case: &PracticeCase,
        feedback: &Feedback,
        expected: &ResultView,
        trainee: &str,
    ) -> Html {
        let (t, pl) = (tt(practice.lang), practice_lang(practice.lang));
        let s = &feedback.score;
        let o = &feedback.outcomes;
        let row = |label: &str, yours: String, exp: String, ok: bool| {
            html! {
                <tr class={if ok { "tamiz-agree" } else { "tamiz-differ" }}>
                    <th scope="row">{label.to_owned()}</th>
                    <td>{yours}</td>
                    <td>{exp}</td>
                    <td>{if ok { t.agree } else { t.differ }}</td>
                </tr>
            }
        };
        let rows = html! {
            <>
                {row(t.forced_labour, t.finding(o.forced_labour.trainee).into(), t.finding(o.forced_labour.expected).into(), o.forced_labour.correct)}
                {row(t.trafficking, t.finding(o.trafficking.trainee).into(), t.finding(o.trafficking.expected).into(), o.trafficking.correct)}
                {row(t.child, t.age(o.child.trainee).into(), t.age(o.child.expected).into(), o.child.correct)}
                {row(t.category, t.category(o.category.trainee).into(), t.category(o.category.expected).into(), o.category.correct)}
                {row(t.urgency, t.urgency(o.urgency.trainee).into(), t.urgency(o.urgency.expected).into(), o.urgency.correct)}
                {row(t.routes, routes(practice, &o.referral_routes.trainee), routes(practice, &o.referral_routes.expected), o.referral_routes.correct)}
            </>
        };
        let item = |i: &IndicatorFeedback| {
            let (name, description, ilo) = practice.explain(i.id);
            html! {
                <li class="tamiz-feedback-item" data-observation={i.id.as_str()}
                    data-verdict={verdict_id(i.verdict)}>
                    <p><strong>{name.to_owned()}</strong>{" — "}{i.verdict.label(pl)}</p>
                    <p class="tamiz-case-meta">
                        {t.your_answer}{": "}{t.answer(i.trainee)}{" · "}{t.key}{": "}{i.expected.map_or(t.not_in_case, |a| t.answer(Some(a)))}
                    </p>
                    if !i.sentences.is_empty() {
                        <blockquote class="tamiz-quote">
                            { for i.sentences.iter().map(|s| html! { <p>{s.text.get(pl)}</p> }) }
                        </blockquote>
                    }
                    if let Some(e) = &i.explanation { <p>{e.get(pl)}</p> }
                    if !description.is_empty() { <p class="tamiz-help">{description.to_owned()}</p> }
                    <p class="tamiz-case-meta">
                        if let Some(code) = i.icls { {"ICLS 2018: "}{code} }
                        if let (Some(_), Some(_)) = (i.icls, ilo) { {" · "} }
                        if let Some(ilo) = ilo { {t.ilo}{": "}{ilo.to_owned()} }
                    </p>
                </li>
            }
        };
        let group = |title: &str, class: &'static str, items: Vec<&IndicatorFeedback>| {
            if items.is_empty() {
                return Html::default();
            }
            html! {
                <>
                    <h3>{title.to_owned()}</h3>
                    <ul class={classes!("tamiz-feedback", class)}>{ for items.into_iter().map(item) }</ul>
                </>
            }
        };
        let review: Vec<_> = feedback
            .indicators
            .iter()
            .filter(|i| !i.verdict.is_correct() && i.verdict != Verdict::NotAsked)
            .collect();
        let right: Vec<_> = feedback
            .indicators
            .iter()
            .filter(|i| i.verdict.is_correct() && i.expected.is_some())
            .collect();
        let unasked: Vec<_> = feedback
            .indicators
            .iter()
            .filter(|i| i.verdict == Verdict::NotAsked)
            .collect();
        let again = {
            let index = practice.cases.iter().position(|c| c.id == case.id);
            ctx.link()
                .callback(move |_| Msg::Training(TrainingMsg::Open(index.unwrap_or(0))))
        };
        let another = ctx.link().callback(|_| Msg::Training(TrainingMsg::Cases));
        html! {
            <section class="tamiz-training tamiz-result" part="feedback">
                <h2 class="tamiz-heading" tabindex="-1" ref={self.heading.clone()}>
                    {t.feedback}{": "}{case.title.get(pl)}
                </h2>
                <p class="tamiz-outcome tamiz-score" part="score">
                    {t.score}{": "}{s.percent.to_string()}{" / 100"}
                </p>
                <p>
                    {s.indicators_correct.to_string()}{" "}{t.of}{" "}{s.indicators_total.to_string()}{" "}{t.indicators_correct}
                    {" · "}
                    {s.outcomes_correct.to_string()}{" "}{t.of}{" "}{s.outcomes_total.to_string()}{" "}{t.outcomes_correct}
                </p>
                <table class="tamiz-compare">
                    <caption>{t.outcomes}</caption>
                    <thead><tr>
                        <th scope="col">{t.outcome}</th><th scope="col">{t.yours}</th>
                        <th scope="col">{t.expected}</th><th scope="col"><span class="tamiz-visually-hidden">{t.agree}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p><strong>{t.yours}{": "}</strong>{trainee.to_owned()}</p>
                <p><strong>{t.expected}{": "}</strong>{&expected.headline}</p>
                {group(t.to_review, "tamiz-review", review)}
                {group(t.right, "tamiz-right", right)}
                {group(t.not_asked, "tamiz-unasked", unasked)}
                <h3>{t.learning}</h3>
                <p>{feedback.learning_point.get(pl)}</p>
                if !expected.referral.is_empty() {
                    <h3>{t.route}</h3>
                    {view_referral(expected)}
                }
                <div class="tamiz-nav tamiz-actions">
                    <button type="button" class="tamiz-button tamiz-secondary" part="button" onclick={again}>{t.try_again}</button>
                    <button type="button" class="tamiz-button tamiz-primary" part="button primary-button" onclick={another}>{t.another}</button>
                </div>
                {self.view_summary(t, practice)}
            </section>
        }
    }

    fn view_summary(&self, t: &TrainingTexts, practice: &Practice) -> Html {
        let summary = &self.trainer.summary;
        if summary.cases_done() == 0 {
            return Html::default();
        }
        let missed = summary.most_missed(5);
        html! {
            <section class="tamiz-session" part="session-summary">
                <h3>{t.summary}</h3>
                <p>
                    {t.cases_done}{": "}{summary.cases_done().to_string()}
                    if let Some(mean) = summary.mean_percent() {
                        {" · "}{t.mean}{": "}{mean.to_string()}{" / 100"}
                    }
                </p>
                if missed.is_empty() {
                    <p>{t.none_missed}</p>
                } else {
                    <p>{t.most_missed}{":"}</p>
                    <ul class="tamiz-most-missed">
                        { for missed.iter().map(|(id, n)| html! {
                            <li data-observation={id.as_str()}>{practice.explain(*id).0.to_owned()}{" ("}{n.to_string()}{")"}</li>
                        }) }
                    </ul>
                }
            </section>
        }
    }
}

/// A stable id per verdict for `data-verdict` (tests and host styling).
fn verdict_id(v: Verdict) -> &'static str {
    match v {
        Verdict::Hit => "hit",
        Verdict::Missed => "missed",
        Verdict::WronglyMarked => "wrongly-marked",
        Verdict::RuledOutTooSoon => "ruled-out-too-soon",
        Verdict::LeftOpen => "left-open",
        Verdict::Correct => "correct",
        Verdict::NotAsked => "not-asked",
    }
}
