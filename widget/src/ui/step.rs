//! A question screen: one question (self mode) or a section (professional modes), as native radios in
//! a fieldset with a legend, so every screen reader and keyboard works without custom widgets.

use std::rc::Rc;

use tamiz_engine::{Evidence, Role};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::text::texts;
use super::{progress_label, App, Msg};
use crate::config::Options;
use crate::content::{Content, Question, QuestionKind, Step};

impl App {
    pub(super) fn view_step(
        &self,
        ctx: &Context<Self>,
        options: &Options,
        content: &Rc<Content>,
        step: &Step,
        index: usize,
        total: usize,
    ) -> Html {
        let t = texts(options.lang);
        let single = step.questions.len() == 1 && step.title.is_none();
        let onsubmit = ctx.link().callback(|e: SubmitEvent| {
            e.prevent_default();
            Msg::Next
        });
        let back = ctx.link().callback(|_| Msg::Back);
        let last = index == total;
        let progress = progress_label(t, options.role, index, total);
        let evidence = if options.role == Role::SelfCheck {
            Vec::new()
        } else {
            content.evidence_options()
        };
        let evidence_label = content.evidence_question();
        let questions = step
            .questions
            .iter()
            .map(|q| self.view_question(ctx, q, single, &evidence, evidence_label))
            .collect::<Html>();
        html! {
            <form class="tamiz-step" part="step" novalidate=true onsubmit={onsubmit}>
                <p class="tamiz-progress" part="progress">
                    <span>{&progress}</span>
                    <progress max={total.to_string()} value={index.to_string()} aria-hidden="true"></progress>
                </p>
                if !single {
                    <h2 class="tamiz-heading" tabindex="-1" ref={self.heading.clone()}>
                        {step.title.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| progress.clone())}
                    </h2>
                }
                if index == 1 && !content.intro().is_empty() {
                    <p class="tamiz-intro">{content.intro()}</p>
                }
                {questions}
                if !self.missing.is_empty() {
                    <p class="tamiz-invalid" role="alert">{t.choose_answer}</p>
                }
                <div class="tamiz-nav">
                    if index > 1 {
                        <button type="button" class="tamiz-button tamiz-secondary" part="button"
                                onclick={back}>{t.back}</button>
                    }
                    <button type="submit" class="tamiz-button tamiz-primary" part="button primary-button">
                        {if last { t.see_result } else { t.next }}
                    </button>
                </div>
            </form>
        }
    }

    fn view_question(
        &self,
        ctx: &Context<Self>,
        q: &Question,
        single: bool,
        evidence: &[(Evidence, String)],
        evidence_label: &str,
    ) -> Html {
        let uid = ctx.props().uid;
        let name = format!("tamiz{uid}-{}", q.id);
        let help_id = format!("{name}-help");
        let chosen = self
            .session
            .answers()
            .get(&q.id)
            .cloned()
            .unwrap_or_default();
        let invalid = self.missing.contains(&q.id);
        // In self mode the question is the screen's heading, so focus lands on it each step.
        let legend = if single {
            html! { <h2 class="tamiz-heading" tabindex="-1" ref={self.heading.clone()}>{&q.text}</h2> }
        } else {
            html! { <span class="tamiz-question">{&q.text}</span> }
        };
        let help = q
            .help
            .as_ref()
            .map(|h| html! { <p id={help_id.clone()} class="tamiz-help">{h}</p> });
        let described = q.help.is_some().then(|| help_id.clone());
        let radios = |options: &[(String, String)]| {
            options
                .iter()
                .map(|(value, label)| {
                    let (qid, v) = (q.id.clone(), value.clone());
                    let onchange = ctx
                        .link()
                        .callback(move |_| Msg::Answer(qid.clone(), v.clone()));
                    html! {
                        <label class="tamiz-choice" part="choice">
                            <input type="radio" name={name.clone()} value={value.clone()}
                                   checked={chosen == *value} onchange={onchange} />
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect::<Html>()
        };
        let input = match &q.kind {
            QuestionKind::Choice(options) => radios(options),
            QuestionKind::Age { label, options } => {
                let qid = q.id.clone();
                let oninput = ctx.link().callback(move |e: InputEvent| {
                    let raw = e.target_unchecked_into::<HtmlInputElement>().value();
                    let digits: String = raw.chars().filter(char::is_ascii_digit).take(3).collect();
                    Msg::Answer(qid.clone(), digits)
                });
                let age_id = format!("{name}-age");
                let typed = if chosen.chars().all(|c| c.is_ascii_digit()) {
                    chosen.clone()
                } else {
                    String::new()
                };
                html! {
                    <>
                        <div class="tamiz-age-field">
                            <label for={age_id.clone()}>{label}</label>
                            <input type="text" inputmode="numeric" autocomplete="off" class="tamiz-age"
                                   id={age_id} value={typed} oninput={oninput} maxlength="3" />
                        </div>
                        {radios(options)}
                    </>
                }
            }
        };
        let evidence_select = (q.evidence && !evidence.is_empty()).then(|| {
            let t = texts(App::lang(ctx));
            let qid = q.id.clone();
            let current = self.session.evidence().get(&q.id).copied().flatten();
            let onchange = {
                let options: Vec<Evidence> = evidence.iter().map(|(e, _)| *e).collect();
                ctx.link().callback(move |e: Event| {
                    let i = e
                        .target_unchecked_into::<HtmlSelectElement>()
                        .selected_index();
                    let source = usize::try_from(i - 1)
                        .ok()
                        .and_then(|i| options.get(i).copied());
                    Msg::Evidence(qid.clone(), source)
                })
            };
            let select_id = format!("{name}-source");
            html! {
                <div class="tamiz-evidence">
                    <label for={select_id.clone()}>{evidence_label}</label>
                    <select id={select_id} onchange={onchange}>
                        <option value="" selected={current.is_none()}>{t.evidence_none}</option>
                        { for evidence.iter().map(|(e, label)| html! {
                            <option selected={current == Some(*e)}>{label}</option>
                        }) }
                    </select>
                </div>
            }
        });
        html! {
            <fieldset key={q.id.clone()} class={classes!("tamiz-fieldset", invalid.then_some("tamiz-fieldset-invalid"))}
                      aria-describedby={described} aria-invalid={invalid.then_some("true")}>
                <legend class="tamiz-legend">{legend}</legend>
                {for help}
                <div class="tamiz-choices">{input}</div>
                {for evidence_select}
            </fieldset>
        }
    }
}
