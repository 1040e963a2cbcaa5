//! The result screen and its plain-text summary (the same content for "copy summary" and print).

use tamiz_engine::Role;
use yew::prelude::*;

use super::text::{texts, Texts};
use super::{App, Msg};
use crate::config::Options;
use crate::content::ResultView;
use crate::session::Outcome;

impl App {
    pub(super) fn view_result(
        &self,
        ctx: &Context<Self>,
        options: &Options,
        outcome: &Outcome,
    ) -> Html {
        let t = texts(options.lang);
        let view = &outcome.view;
        let self_mode = options.role == Role::SelfCheck;
        let copy = ctx.link().callback(|_| Msg::Copy);
        let print = ctx.link().callback(|_| Msg::Print);
        let restart = ctx.link().callback(|_| Msg::Restart);
        let back = ctx.link().callback(|_| Msg::Back);
        let indicators = view.indicators.iter().map(|i| {
            html! {
                <li>
                    <span class="tamiz-indicator">{&i.name}</span>{": "}{&i.answer}
                    if let (false, Some(source)) = (self_mode, &i.evidence) {
                        <span class="tamiz-source">{" — "}{t.source}{": "}{source}</span>
                    }
                </li>
            }
        });
        let copied = self
            .copied
            .map(|ok| if ok { t.copied } else { t.copy_failed });
        html! {
            <section class="tamiz-result" part="result">
                <h2 class="tamiz-heading" tabindex="-1" ref={self.heading.clone()}>{t.result}</h2>
                <div class="tamiz-summary" part="summary">
                    <p class="tamiz-outcome" part="outcome">{&view.headline}</p>
                    { for view.paragraphs.iter().map(|p| html! { <p>{p}</p> }) }
                    <h3>{if self_mode { t.signs } else { t.indicators }}</h3>
                    if view.indicators.is_empty() {
                        <p>{t.no_indicators}</p>
                    } else {
                        <ul class="tamiz-indicators">{ for indicators }</ul>
                    }
                    if !view.legal.is_empty() {
                        <h3>{t.legal}</h3>
                        <ul class="tamiz-legal">
                            { for view.legal.iter().map(|l| html! {
                                <li><strong>{&l.title}</strong>{status(&l.status)}
                                    if !l.text.is_empty() { {" — "}{&l.text} }
                                </li>
                            }) }
                        </ul>
                    }
                    if !view.referral.is_empty() {
                        <h3>{if self_mode { t.help } else { t.referral }}</h3>
                        {view_referral(view)}
                    }
                </div>
                <div class="tamiz-nav tamiz-actions">
                    <button type="button" class="tamiz-button tamiz-secondary" part="button" onclick={back}>{t.back}</button>
                    <button type="button" class="tamiz-button tamiz-secondary" part="button" onclick={copy}>{t.copy}</button>
                    <button type="button" class="tamiz-button tamiz-secondary" part="button" onclick={print}>{t.print}</button>
                    <button type="button" class="tamiz-button tamiz-primary" part="button primary-button" onclick={restart}>{t.restart}</button>
                </div>
                <p class="tamiz-status" role="status">{copied.unwrap_or_default()}</p>
            </section>
        }
    }
}

/// " (to be confirmed by your agency)" after an unconfirmed entry; nothing for a confirmed one.
fn status(s: &str) -> Html {
    if s.is_empty() {
        Html::default()
    } else {
        html! { <span class="tamiz-unconfirmed" part="unconfirmed">{" ("}{s.to_owned()}{")"}</span> }
    }
}

/// The numbered referral steps with institutions and contacts; shared by the result screen and
/// training feedback (the route that should follow the case).
pub(super) fn view_referral(view: &ResultView) -> Html {
    let referral = view.referral.iter().map(|step| {
        html! {
            <li class="tamiz-referral-step">
                <p class="tamiz-referral-title">{&step.title}</p>
                if !step.action.is_empty() { <p>{&step.action}</p> }
                <ul class="tamiz-institutions">
                    { for step.institutions.iter().map(|inst| html! {
                        <li>
                            <p><strong>{&inst.name}</strong>{status(&inst.status)}</p>
                            if !inst.what.is_empty() { <p>{&inst.what}</p> }
                            if !inst.contacts.is_empty() {
                                <ul class="tamiz-contacts">
                                    { for inst.contacts.iter().map(|c| html! {
                                        <li>{&c.text}{status(&c.status)}</li>
                                    }) }
                                </ul>
                            }
                        </li>
                    }) }
                </ul>
            </li>
        }
    });
    html! { <ol class="tamiz-referral">{ for referral }</ol> }
}

/// The result as plain text: what "copy summary" puts on the clipboard, in the screen's order.
pub fn summary_text(t: &Texts, role: Role, view: &ResultView) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line(&view.headline);
    for p in &view.paragraphs {
        line(p);
    }
    line("");
    line(if role == Role::SelfCheck {
        t.signs
    } else {
        t.indicators
    });
    if view.indicators.is_empty() {
        line(t.no_indicators);
    }
    for i in &view.indicators {
        let mut s = format!("- {}: {}", i.name, i.answer);
        if let (false, Some(source)) = (role == Role::SelfCheck, &i.evidence) {
            s.push_str(&format!(" ({}: {source})", t.source));
        }
        line(&s);
    }
    let with_status = |text: &str, status: &str| {
        if status.is_empty() {
            text.to_owned()
        } else {
            format!("{text} ({status})")
        }
    };
    if !view.legal.is_empty() {
        line("");
        line(t.legal);
        for l in &view.legal {
            let title = with_status(&l.title, &l.status);
            if l.text.is_empty() {
                line(&format!("- {title}"));
            } else {
                line(&format!("- {title} — {}", l.text));
            }
        }
    }
    if !view.referral.is_empty() {
        line("");
        line(if role == Role::SelfCheck {
            t.help
        } else {
            t.referral
        });
        for (n, step) in view.referral.iter().enumerate() {
            line(&format!("{}. {}", n + 1, step.title));
            if !step.action.is_empty() {
                line(&format!("   {}", step.action));
            }
            for inst in &step.institutions {
                line(&format!("   {}", with_status(&inst.name, &inst.status)));
                if !inst.what.is_empty() {
                    line(&format!("   {}", inst.what));
                }
                for c in &inst.contacts {
                    line(&format!("   - {}", with_status(&c.text, &c.status)));
                }
            }
        }
    }
    out
}
