//! Match blocks of one HTTP rule: blocks are alternatives (OR), the
//! conditions inside one block must all hold (AND).

use leptos::prelude::*;
use traffic_model::edit::{self, Condition, ConditionKind};
use traffic_model::virtual_service::HttpMatchRequest;

use crate::components::field::{dom_id, help_for, FieldDiagnostics};
use crate::components::lazy::loaded;
use crate::state::{AppState, RuleMemo};

/// All match blocks of rule `rule`.
#[component]
pub fn Matches(
    /// Document index.
    doc: usize,
    /// Rule index.
    rule: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let rm = RuleMemo::expect();
    let count = move || rm.with(|r| r.matches.len()).unwrap_or(0);
    let add = move |_| {
        st.edit_rule(doc, rule, |r| r.matches.push(HttpMatchRequest::default()));
    };
    view! {
        <fieldset class="td-matches">
            <legend>"Match"</legend>
            <Show when=move || count() == 0>
                <p class="td-note" data-testid=format!("match-all-{doc}-{rule}")>
                    "No match block: this rule matches every request."
                </p>
            </Show>
            <Show when=move || { count() >= 2 }>
                <p class="td-note">"A request matches when any one block holds (OR)."</p>
            </Show>
            <For each=move || 0..count() key=|i| *i let:block>
                {loaded(match_block_view(doc, rule, block))}
            </For>
            <button
                type="button"
                class="td-button td-button--small"
                data-testid=format!("add-match-{doc}-{rule}")
                on:click=add
            >
                "Add match block"
            </button>
        </fieldset>
    }
}

crate::on_demand::split_fn! {
    /// A match block's editor (lazily loaded with the `split` feature: a
    /// design without matches never needs it).
    fn match_block_view(doc: usize, rule: usize, block: usize) -> AnyView {
        view! { <MatchBlock doc=doc rule=rule block=block /> }.into_any()
    }
}

/// One match block: its conditions and the controls to add more.
#[component]
fn MatchBlock(
    /// Document index.
    doc: usize,
    /// Rule index.
    rule: usize,
    /// Match block index.
    block: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let rm = RuleMemo::expect();
    let base = format!("spec.http[{rule}].match[{block}]");
    let conds = move || {
        rm.with(|r| r.matches.get(block).map(edit::conditions).unwrap_or_default())
            .unwrap_or_default()
    };
    let (new_kind, set_new_kind) = signal("headers".to_string());
    let (new_key, set_new_key) = signal(String::new());
    let edit_block = move |f: &dyn Fn(&mut HttpMatchRequest)| {
        st.edit_rule(doc, rule, |r| {
            if let Some(m) = r.matches.get_mut(block) {
                f(m);
            }
        });
    };
    let add = move |_| {
        let Some(kind) = ConditionKind::from_wire(&new_kind.get_untracked()) else { return };
        let key = new_key.get_untracked().trim().to_string();
        if kind.keyed() && key.is_empty() {
            return;
        }
        edit_block(&|m| edit::add_condition(m, kind, &key));
        set_new_key.set(String::new());
    };
    let kind_id = dom_id(doc, &format!("{base}.new-kind"));
    let key_id = dom_id(doc, &format!("{base}.new-key"));
    let needs_key = move || ConditionKind::from_wire(&new_kind.get()).is_some_and(|k| k.keyed());
    view! {
        <div class="td-match" data-testid=format!("match-{doc}-{rule}-{block}") id=dom_id(doc, &base)>
            <div class="td-match__head">
                <strong>"Block " {block + 1}</strong>
                <span class="td-note">" — every condition must hold (AND)"</span>
                <button
                    type="button"
                    class="td-button td-button--small td-button--danger"
                    data-testid=format!("remove-match-{doc}-{rule}-{block}")
                    on:click=move |_| {
                        st.edit_rule(doc, rule, |r| {
                            if block < r.matches.len() {
                                r.matches.remove(block);
                            }
                        })
                    }
                >
                    "Remove block"
                </button>
            </div>
            <FieldDiagnostics doc=doc path=base.clone() exact=true />
            <Show when=move || conds().is_empty()>
                <p class="td-note">"An empty block matches every request."</p>
            </Show>
            <For
                each=conds
                key=|c| (c.kind, c.key.clone())
                children=move |c| view! { <ConditionRow doc=doc rule=rule block=block cond=c /> }
            />
            <div class="td-match__add">
                <label for=kind_id.clone()>"Condition"</label>
                <select
                    id=kind_id.clone()
                    data-testid=kind_id
                    prop:value=new_kind
                    on:change:target=move |ev| set_new_kind.set(ev.target().value())
                >
                    {ConditionKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.wire()>{k.label()}</option> })
                        .collect_view()}
                </select>
                <Show when=needs_key>
                    <label for=key_id.clone()>"Name"</label>
                    <input
                        type="text"
                        id=key_id.clone()
                        data-testid=key_id.clone()
                        placeholder="x-user-type"
                        prop:value=new_key
                        on:input:target=move |ev| set_new_key.set(ev.target().value())
                    />
                </Show>
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid=format!("add-condition-{doc}-{rule}-{block}")
                    on:click=add
                >
                    "Add condition"
                </button>
                <CookieHelper doc=doc rule=rule block=block />
            </div>
        </div>
    }
}

/// One condition: its name (for headers, parameters, labels), operator and value.
#[component]
fn ConditionRow(
    /// Document index.
    doc: usize,
    /// Rule index.
    rule: usize,
    /// Match block index.
    block: usize,
    /// The condition.
    cond: Condition,
) -> impl IntoView {
    let st = AppState::expect();
    let rm = RuleMemo::expect();
    let path = format!("spec.http[{rule}].match[{block}].{}", cond.path());
    let id = dom_id(doc, &path);
    let read = {
        let cond = cond.clone();
        move |f: &dyn Fn(&HttpMatchRequest, &Condition) -> String| {
            rm.with(|r| r.matches.get(block).map(|m| f(m, &cond)).unwrap_or_default())
                .unwrap_or_default()
        }
    };
    let edit_m = move |f: Box<dyn FnOnce(&mut HttpMatchRequest)>| {
        st.edit_rule(doc, rule, |r| {
            if let Some(m) = r.matches.get_mut(block) {
                f(m);
            }
        });
    };
    let value = {
        let read = read.clone();
        move || read(&|m, c| edit::condition_value(m, c))
    };
    let op = {
        let read = read.clone();
        move || read(&|m, c| edit::condition_operator(m, c).to_string())
    };
    let kind = cond.kind;
    let key_input = kind.keyed().then(|| {
        let c = cond.clone();
        let key_id = format!("{id}-key");
        view! {
            <input
                type="text"
                class="td-cond__key"
                id=key_id.clone()
                data-testid=key_id
                aria-label=format!("{} name", kind.label())
                prop:value=cond.key.clone()
                on:change:target=move |ev| {
                    let to = ev.target().value();
                    let c = c.clone();
                    edit_m(Box::new(move |m| {
                        edit::rename_condition(m, &c, &to);
                    }));
                }
            />
        }
    });
    let op_select = kind.string_match().then(|| {
        let c = cond.clone();
        let op_id = format!("{id}-op");
        view! {
            <select
                class="td-cond__op"
                id=op_id.clone()
                data-testid=op_id
                aria-label=format!("{} operator", kind.label())
                prop:value=op.clone()
                on:change:target=move |ev| {
                    let v = ev.target().value();
                    let c = c.clone();
                    edit_m(Box::new(move |m| edit::set_condition_operator(m, &c, &v)));
                }
            >
                {["exact", "prefix", "regex", "present"]
                    .into_iter()
                    .map(|o| {
                        let op = op.clone();
                        view! { <option value=o selected=move || op() == o>{o}</option> }
                    })
                    .collect_view()}
            </select>
        }
    });
    let value_input = {
        let c = cond.clone();
        let op = op.clone();
        let disabled = move || kind.string_match() && op() == "present";
        if kind == ConditionKind::IgnoreUriCase {
            view! {
                <input
                    type="checkbox"
                    id=id.clone()
                    data-testid=id.clone()
                    aria-label="Ignore URI case"
                    prop:checked=move || value() == "true"
                    on:change:target=move |ev| {
                        let v = ev.target().checked().to_string();
                        let c = c.clone();
                        edit_m(Box::new(move |m| {
                            edit::set_condition_value(m, &c, &v);
                        }));
                    }
                />
            }
            .into_any()
        } else {
            view! {
                <input
                    type="text"
                    class="td-cond__value"
                    id=id.clone()
                    data-testid=id.clone()
                    aria-label=format!("{} value", kind.label())
                    title=help_for(&path).unwrap_or_default()
                    disabled=disabled
                    prop:value=value
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        let c = c.clone();
                        edit_m(Box::new(move |m| {
                            edit::set_condition_value(m, &c, &v);
                        }));
                    }
                />
            }
            .into_any()
        }
    };
    let c = cond.clone();
    view! {
        <div class="td-cond" data-testid=format!("{id}-row")>
            <span class="td-cond__kind">{kind.label()}</span>
            {key_input}
            {op_select}
            {value_input}
            <button
                type="button"
                class="td-button td-button--small td-button--danger"
                aria-label=format!("Remove {} condition", kind.label())
                data-testid=format!("{id}-remove")
                on:click=move |_| {
                    let c = c.clone();
                    edit_m(Box::new(move |m| edit::remove_condition(m, &c)));
                }
            >
                "✕"
            </button>
            <FieldDiagnostics doc=doc path=path />
        </div>
    }
}

/// Builds a `cookie` header regex from a cookie name and value.
#[component]
fn CookieHelper(
    /// Document index.
    doc: usize,
    /// Rule index.
    rule: usize,
    /// Match block index.
    block: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let (name, set_name) = signal("user".to_string());
    let (value, set_value) = signal("beta".to_string());
    let base = format!("spec.http[{rule}].match[{block}].cookie-helper");
    let name_id = dom_id(doc, &format!("{base}.name"));
    let value_id = dom_id(doc, &format!("{base}.value"));
    let add = move |_| {
        let re = edit::cookie_regex(&name.get_untracked(), &value.get_untracked());
        st.edit_rule(doc, rule, |r| {
            if let Some(m) = r.matches.get_mut(block) {
                m.headers.insert("cookie".into(), traffic_model::common::StringMatch::regex(re));
            }
        });
    };
    view! {
        <details class="td-cookie">
            <summary>"Cookie helper"</summary>
            <p class="td-note">
                "Matches the cookie wherever it stands in the Cookie header, with or without a space after “;”."
            </p>
            <label for=name_id.clone()>"Cookie name"</label>
            <input
                type="text"
                id=name_id.clone()
                data-testid=name_id
                prop:value=name
                on:input:target=move |ev| set_name.set(ev.target().value())
            />
            <label for=value_id.clone()>"Cookie value"</label>
            <input
                type="text"
                id=value_id.clone()
                data-testid=value_id
                prop:value=value
                on:input:target=move |ev| set_value.set(ev.target().value())
            />
            <code class="td-cookie__preview">
                {move || edit::cookie_regex(&name.get(), &value.get())}
            </code>
            <button
                type="button"
                class="td-button td-button--small"
                data-testid=format!("cookie-apply-{doc}-{rule}-{block}")
                on:click=add
            >
                "Set cookie condition"
            </button>
        </details>
    }
}
