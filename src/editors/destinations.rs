//! Destinations of one HTTP rule with their weights: sliders and number
//! fields on the same value, share of the total, locks, split evenly.

use leptos::prelude::*;
use traffic_model::edit;
use traffic_model::virtual_service::HttpRoute;

use crate::components::field::{dom_id, non_empty, FieldDiagnostics};
use crate::state::{AppState, RuleMemo};

/// The destinations of rule `rule` of VirtualService `doc`.
#[component]
pub fn Destinations(
    /// Document index.
    doc: usize,
    /// Rule index.
    rule: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let rm = RuleMemo::expect();
    let count = move || rm.with(|r| r.route.len()).unwrap_or(0);
    let locks = move || st.locks.with(|l| l.get(&(doc, rule)).cloned().unwrap_or_default());
    let (keep_total, set_keep_total) = signal(true);
    let add = move |_| {
        let host =
            st.vs(doc, |v| v.spec.hosts.first().cloned().unwrap_or_default()).unwrap_or_default();
        st.edit_rule(doc, rule, |r| edit::add_destination(r, &host));
    };
    let split = move |_| {
        let l = locks();
        st.edit_rule(doc, rule, |r| edit::split_evenly(r, &l));
    };
    let base = format!("spec.http[{rule}].route");
    let keep_id = dom_id(doc, &format!("{base}.keep-total"));
    view! {
        <fieldset class="td-dests" data-testid=format!("dests-{doc}-{rule}")>
            <legend>"Destinations and weights"</legend>
            <FieldDiagnostics doc=doc path=base.clone() exact=true />
            <div class="td-dests__tools">
                <input
                    type="checkbox"
                    id=keep_id.clone()
                    data-testid=keep_id.clone()
                    prop:checked=keep_total
                    on:change:target=move |ev| set_keep_total.set(ev.target().checked())
                />
                <label for=keep_id>"Keep the total at 100 (rebalance unlocked weights)"</label>
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid=format!("split-evenly-{doc}-{rule}")
                    on:click=split
                >
                    "Split evenly"
                </button>
            </div>
            <For each=move || 0..count() key=|i| *i let:dest>
                <DestinationRow doc=doc rule=rule dest=dest keep_total=keep_total />
            </For>
            <button
                type="button"
                class="td-button td-button--small"
                data-testid=format!("add-destination-{doc}-{rule}")
                on:click=add
            >
                "Add destination"
            </button>
        </fieldset>
    }
}

/// One destination: host, subset, port, weight slider + number, share, lock.
#[component]
fn DestinationRow(
    /// Document index.
    doc: usize,
    /// Rule index.
    rule: usize,
    /// Destination index.
    dest: usize,
    /// Whether moving one weight rebalances the others.
    keep_total: ReadSignal<bool>,
) -> impl IntoView {
    let st = AppState::expect();
    let rm = RuleMemo::expect();
    let base = format!("spec.http[{rule}].route[{dest}]");
    let read = move |f: &dyn Fn(&HttpRoute) -> String| rm.with(f).unwrap_or_default();
    let host = move || {
        read(&|r| r.route.get(dest).map(|d| d.destination.host.clone()).unwrap_or_default())
    };
    let subset = move || {
        read(&|r| r.route.get(dest).and_then(|d| d.destination.subset.clone()).unwrap_or_default())
    };
    let port = move || {
        read(&|r| {
            r.route
                .get(dest)
                .and_then(|d| d.destination.port.as_ref())
                .and_then(|p| p.number)
                .map(|n| n.to_string())
                .unwrap_or_default()
        })
    };
    let weight =
        move || read(&|r| r.route.get(dest).and_then(|d| d.weight).unwrap_or(0).to_string());
    let share =
        move || read(&|r| r.shares().get(dest).map_or(String::new(), |s| format!("{s:.1}%")));
    let locked = move || {
        st.locks.with(|l| l.get(&(doc, rule)).and_then(|v| v.get(dest).copied()).unwrap_or(false))
    };
    let missing_subset = move || {
        let (h, s) = (host(), subset());
        !s.is_empty() && !st.destination_rules.with(|b| edit::subset_defined(b, &h, &s))
    };
    let set_weight = move |text: String| {
        let Ok(w) = text.trim().parse::<i32>() else { return };
        let locks = st.locks.with_untracked(|l| l.get(&(doc, rule)).cloned().unwrap_or_default());
        let keep = keep_total.get_untracked();
        st.edit_rule(doc, rule, |r| {
            if keep && r.route.len() > 1 {
                edit::rebalance(r, dest, w, &locks);
            } else {
                r.set_weight(dest, w);
            }
        });
    };
    let toggle_lock = move |on: bool| {
        st.locks.update(|l| {
            let v = l.entry((doc, rule)).or_default();
            if v.len() <= dest {
                v.resize(dest + 1, false);
            }
            v[dest] = on;
        });
    };
    let label = move || {
        let s = subset();
        if s.is_empty() {
            host()
        } else {
            format!("{} / {s}", host())
        }
    };
    let w_path = format!("{base}.weight");
    let slider_id = format!("{}-slider", dom_id(doc, &w_path));
    let number_id = dom_id(doc, &w_path);
    let host_id = dom_id(doc, &format!("{base}.destination.host"));
    let subset_id = dom_id(doc, &format!("{base}.destination.subset"));
    let port_id = dom_id(doc, &format!("{base}.destination.port.number"));
    let lock_id = format!("{}-lock", dom_id(doc, &base));
    view! {
        <div class="td-dest" data-testid=format!("dest-{doc}-{rule}-{dest}")>
            <div class="td-dest__target">
                <label for=host_id.clone()>"Host"</label>
                <input
                    type="text"
                    id=host_id.clone()
                    data-testid=host_id
                    prop:value=host
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        st.edit_rule(doc, rule, |r| {
                            if let Some(d) = r.route.get_mut(dest) {
                                d.destination.host = v;
                            }
                        })
                    }
                />
                <label for=subset_id.clone()>"Subset"</label>
                <input
                    type="text"
                    id=subset_id.clone()
                    data-testid=subset_id
                    prop:value=subset
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        st.edit_rule(doc, rule, |r| {
                            if let Some(d) = r.route.get_mut(dest) {
                                d.destination.subset = non_empty(v);
                            }
                        })
                    }
                />
                <label for=port_id.clone()>"Port"</label>
                <input
                    type="number"
                    min="1"
                    max="65535"
                    class="td-dest__port"
                    id=port_id.clone()
                    data-testid=port_id
                    prop:value=port
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        st.edit_rule(doc, rule, |r| {
                            if let Some(d) = r.route.get_mut(dest) {
                                d.destination.port = v
                                    .trim()
                                    .parse::<u32>()
                                    .ok()
                                    .map(traffic_model::common::PortSelector::number);
                            }
                        })
                    }
                />
                <Show when=missing_subset>
                    <button
                        type="button"
                        class="td-button td-button--small"
                        data-testid=format!("create-subset-{doc}-{rule}-{dest}")
                        on:click=move |_| {
                            let (h, s) = (host(), subset());
                            let ns = st.vs(doc, |v| v.metadata.namespace.clone()).flatten();
                            st.edit(|b| edit::ensure_subset(b, &h, &s, ns.as_deref()));
                        }
                    >
                        {move || format!("Create subset “{}”", subset())}
                    </button>
                </Show>
                <button
                    type="button"
                    class="td-button td-button--small td-button--danger"
                    aria-label=move || format!("Remove destination {}", label())
                    data-testid=format!("remove-destination-{doc}-{rule}-{dest}")
                    on:click=move |_| {
                        st.edit_rule(doc, rule, |r| {
                            if dest < r.route.len() {
                                r.route.remove(dest);
                            }
                        })
                    }
                >
                    "✕"
                </button>
            </div>
            <div class="td-weight">
                <label class="td-weight__label" for=slider_id.clone()>
                    {label}
                </label>
                <input
                    class="td-weight__slider"
                    type="range"
                    min="0"
                    max="100"
                    step="1"
                    id=slider_id.clone()
                    data-testid=slider_id
                    prop:value=weight
                    on:input:target=move |ev| set_weight(ev.target().value())
                />
                <input
                    class="td-weight__number"
                    type="number"
                    min="0"
                    step="1"
                    id=number_id.clone()
                    data-testid=number_id
                    aria-label=move || format!("{} weight", label())
                    prop:value=weight
                    on:input:target=move |ev| set_weight(ev.target().value())
                />
                <output class="td-weight__share" data-testid=format!("share-{doc}-{rule}-{dest}")>
                    {share}
                </output>
                <span class="td-weight__lock">
                    <input
                        type="checkbox"
                        id=lock_id.clone()
                        data-testid=lock_id.clone()
                        prop:checked=locked
                        on:change:target=move |ev| toggle_lock(ev.target().checked())
                    />
                    <label for=lock_id>"Lock"</label>
                </span>
            </div>
            <FieldDiagnostics doc=doc path=base />
        </div>
    }
}
