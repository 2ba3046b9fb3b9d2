//! The ordered list of HTTP rules and one rule's card.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use traffic_model::edit;

use super::destinations::Destinations;
use super::matches::Matches;
use super::route_options::RouteOptions;
use crate::components::field::{dom_id, non_empty, FieldDiagnostics, TextField};
use crate::state::{AppState, DiagScope, RuleMemo};

/// All HTTP rules of VirtualService `doc`, first match wins.
#[component]
pub fn HttpRouteList(
    /// Document index.
    doc: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let count = Memo::new(move |_| st.vs(doc, |v| v.spec.http.len()).unwrap_or(0));
    provide_context(RuleCount(count));
    let add = move |_| {
        st.edit_vs(doc, |v| {
            let r = edit::new_rule(v);
            v.spec.http.push(r);
        })
    };
    view! {
        <div class="td-rules">
            <h3>"HTTP rules"</h3>
            <p class="td-note">
                "Rules are tried in order; the first rule whose match holds gets the request. "
                "Move a rule with its arrow buttons or Alt+↑ / Alt+↓."
            </p>
            <FieldDiagnostics doc=doc path="spec.http" exact=true />
            <ol class="td-rules__list">
                <For each=move || 0..count.get() key=|i| *i let:rule>
                    <li>
                        <RuleCard doc=doc rule=rule />
                    </li>
                </For>
            </ol>
            <button type="button" class="td-button" data-testid=format!("add-rule-{doc}") on:click=add>
                "Add rule"
            </button>
        </div>
    }
}

/// The number of HTTP rules, provided by [`HttpRouteList`] to its cards.
#[derive(Clone, Copy)]
struct RuleCount(Memo<usize>);

/// One HTTP rule: name, order controls, matches, destinations, options.
#[component]
fn RuleCard(
    /// Document index.
    doc: usize,
    /// Index in `spec.http`.
    rule: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let rm = RuleMemo::new(st, doc, rule);
    provide_context(rm);
    let base = format!("spec.http[{rule}]");
    let scope = DiagScope::new(st, doc, base.clone());
    provide_context(scope);
    let count = use_context::<RuleCount>().map(|c| c.0);
    let count = move || match count {
        Some(c) => c.get(),
        None => st.vs(doc, |v| v.spec.http.len()).unwrap_or(0),
    };
    let name =
        Signal::derive(move || rm.with(|r| r.name.clone().unwrap_or_default()).unwrap_or_default());
    let up_id = StoredValue::new(dom_id(doc, &format!("spec.http[{}]", rule.saturating_sub(1))));
    let down_id = StoredValue::new(dom_id(doc, &format!("spec.http[{}]", rule + 1)));
    let move_to = move |to: usize| {
        st.edit_vs(doc, |v| edit::move_rule(v, rule, to));
        let id = if to < rule { up_id.get_value() } else { down_id.get_value() };
        request_animation_frame(move || {
            crate::browser::focus_id(&id);
        });
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.alt_key() && ev.key() == "ArrowUp" && rule > 0 {
            ev.prevent_default();
            move_to(rule - 1);
        } else if ev.alt_key() && ev.key() == "ArrowDown" && rule + 1 < count() {
            ev.prevent_default();
            move_to(rule + 1);
        }
    };
    let reach = move || {
        let key = (doc, format!("spec.http[{rule}]"));
        let code = traffic_model::codes::RULE_UNREACHABLE.id;
        scope
            .index
            .with(|i| i.get(&key).is_some_and(|v| v.iter().any(|(_, t)| t.starts_with(code))))
    };
    let highlighted = use_context::<crate::panels::simulator::HighlightedRule>();
    let simulated = move || highlighted.is_some_and(|h| h.0.get() == Some((doc, rule)));
    view! {
        <article
            class="td-rule"
            class:td-rule--unreachable=reach
            class:td-rule--simulated=simulated
            id=dom_id(doc, &base)
            data-testid=format!("rule-{doc}-{rule}")
            tabindex="-1"
            on:keydown=on_key
        >
            <header class="td-rule__head">
                <h4>"Rule " {rule + 1}</h4>
                <div class="td-rule__actions" role="group" aria-label=format!("Rule {} actions", rule + 1)>
                    <button
                        type="button"
                        class="td-button td-button--small"
                        aria-label=format!("Move rule {} up", rule + 1)
                        data-testid=format!("rule-up-{doc}-{rule}")
                        disabled=move || rule == 0
                        on:click=move |_| move_to(rule.saturating_sub(1))
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="td-button td-button--small"
                        aria-label=format!("Move rule {} down", rule + 1)
                        data-testid=format!("rule-down-{doc}-{rule}")
                        disabled=move || { rule + 1 >= count() }
                        on:click=move |_| move_to(rule + 1)
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="td-button td-button--small"
                        data-testid=format!("rule-duplicate-{doc}-{rule}")
                        on:click=move |_| st.edit_vs(doc, |v| edit::duplicate_rule(v, rule))
                    >
                        "Duplicate"
                    </button>
                    <button
                        type="button"
                        class="td-button td-button--small td-button--danger"
                        data-testid=format!("rule-delete-{doc}-{rule}")
                        on:click=move |_| {
                            st.edit_vs(doc, |v| {
                                if rule < v.spec.http.len() {
                                    v.spec.http.remove(rule);
                                }
                            })
                        }
                    >
                        "Delete"
                    </button>
                </div>
            </header>
            <FieldDiagnostics doc=doc path=base.clone() exact=true />
            <TextField
                label="Rule name (optional)"
                doc=doc
                path=format!("{base}.name")
                value=name
                on_input=Callback::new(move |t: String| {
                    st.edit_rule(doc, rule, |r| r.name = non_empty(t))
                })
            />
            <Matches doc=doc rule=rule />
            <Destinations doc=doc rule=rule />
            <RouteOptions doc=doc rule=rule />
        </article>
    }
}
