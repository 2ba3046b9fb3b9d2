//! The ordered list of HTTP rules and one rule's card.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use traffic_model::edit;

use super::destinations::Destinations;
use super::matches::Matches;
use super::route_options::RouteOptions;
use crate::components::field::{dom_id, non_empty, FieldDiagnostics, TextField};
use crate::state::{path_within, AppState, DiagScope, RuleMemo};

/// Above this many rules, rule cards start collapsed to a one-line summary
/// (a 200-rule design would otherwise be ~77,000 elements, and every edit
/// would lay them all out again).
pub const COLLAPSE_ABOVE: usize = 20;

/// What the rule list tells its cards: how many rules there are, and
/// whether all should open or close.
#[derive(Clone, Copy)]
struct RuleList {
    count: Memo<usize>,
    /// Set by "Expand all" (`Some(true)`) and "Collapse all" (`Some(false)`).
    all_open: RwSignal<Option<bool>>,
    /// The next card created comes from "Add rule": it starts open.
    open_next: StoredValue<bool>,
}

/// All HTTP rules of VirtualService `doc`, first match wins.
#[component]
pub fn HttpRouteList(
    /// Document index.
    doc: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let count = Memo::new(move |_| st.vs(doc, |v| v.spec.http.len()).unwrap_or(0));
    let list =
        RuleList { count, all_open: RwSignal::new(None), open_next: StoredValue::new(false) };
    provide_context(list);
    // A design that grows past the threshold at once (an import, a preset)
    // shows every rule collapsed, including the cards it already had.
    Effect::new(move |prev: Option<usize>| {
        let n = count.get();
        if prev.is_some_and(|p| n > COLLAPSE_ABOVE && n > p + 1) {
            list.all_open.set(Some(false));
        }
        n
    });
    let add = move |_| {
        list.open_next.set_value(true);
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
            <Show when=move || { count.get() > COLLAPSE_ABOVE }>
                <div class="td-rules__bulk" role="group" aria-label="Show or hide rule details">
                    {[(true, "expand", "Expand all"), (false, "collapse", "Collapse all")]
                        .into_iter()
                        .map(|(all, id, label)| {
                            view! {
                                <button
                                    type="button"
                                    class="td-button td-button--small"
                                    data-testid=format!("rules-{id}-{doc}")
                                    on:click=move |_| list.all_open.set(Some(all))
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </Show>
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
    let list = use_context::<RuleList>();
    let count = move || match list {
        Some(l) => l.count.get(),
        None => st.vs(doc, |v| v.spec.http.len()).unwrap_or(0),
    };
    // Collapsed: a summary line instead of the editors (their controls are
    // not in the page until the card is opened).
    let added = list.is_some_and(|l| l.open_next.try_update_value(std::mem::take).unwrap_or(false));
    let open = RwSignal::new(added || untrack(count) <= COLLAPSE_ABOVE);
    if let Some(l) = list {
        // Follows "Expand all" / "Collapse all" clicked after the card was made.
        Effect::new(move |prev: Option<()>| {
            let all = l.all_open.get();
            if let (Some(()), Some(all)) = (prev, all) {
                open.set(all);
            }
        });
    }
    // A diagnostic clicked in the list opens the card of the field it names.
    Effect::new(move |_| {
        let wanted = st.reveal.with(|r| {
            r.as_ref()
                .is_some_and(|(d, p)| *d == doc && path_within(p, &format!("spec.http[{rule}]")))
        });
        if wanted {
            open.set(true);
        }
    });
    let body_id = dom_id(doc, &format!("{base}.body"));
    let card_base = base.clone();
    let summary = move || {
        rm.with(|r| {
            let when = match r.matches.len() {
                0 => "every request".to_string(),
                1 => "1 match block".to_string(),
                n => format!("{n} match blocks"),
            };
            let shares = r.shares();
            let to = r
                .route
                .iter()
                .zip(shares)
                .map(|(d, s)| {
                    let name = d.destination.subset.as_deref().unwrap_or(&d.destination.host);
                    format!("{name} {s:.0}%")
                })
                .collect::<Vec<_>>()
                .join(", ");
            let to = if to.is_empty() { "no route".to_string() } else { to };
            let name = r.name.as_deref().map(|n| format!("{n}: ")).unwrap_or_default();
            format!("{name}{when} → {to}")
        })
        .unwrap_or_default()
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
                        aria-expanded=move || open.get().to_string()
                        aria-controls=body_id.clone()
                        data-testid=format!("rule-toggle-{doc}-{rule}")
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        {move || if open.get() { "Hide details" } else { "Show details" }}
                    </button>
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
            <div id=body_id.clone() class="td-rule__body">
                {move || {
                    if open.get() {
                        let base = card_base.clone();
                        view! {
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
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="td-rule__summary" data-testid=format!("rule-summary-{doc}-{rule}")>
                                {summary}
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
        </article>
    }
}
