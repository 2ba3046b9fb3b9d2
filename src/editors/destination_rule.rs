//! The DestinationRule form: host, subsets with label editors, policies.

use leptos::prelude::*;
use traffic_model::destination_rule::Subset;
use traffic_model::edit;

use super::traffic_policy::{PolicyAt, PolicyDetails};
use crate::components::field::{dom_id, non_empty, FieldDiagnostics, TextField};
use crate::state::AppState;

/// Editor for DestinationRule document `doc`.
#[component]
pub fn DestinationRuleEditor(
    /// Document index in the bundle.
    doc: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let name = Signal::derive(move || st.dr(doc, |d| d.metadata.name.clone()).unwrap_or_default());
    let ns = Signal::derive(move || {
        st.dr(doc, |d| d.metadata.namespace.clone().unwrap_or_default()).unwrap_or_default()
    });
    let host = Signal::derive(move || st.dr(doc, |d| d.spec.host.clone()).unwrap_or_default());
    let export_to =
        Signal::derive(move || st.dr(doc, |d| d.spec.export_to.join(", ")).unwrap_or_default());
    let count = move || st.dr(doc, |d| d.spec.subsets.len()).unwrap_or(0);
    view! {
        <section class="td-resource" aria-label=move || format!("DestinationRule {}", name.get())>
            <h2 class="td-resource__title">"DestinationRule " <code>{name}</code></h2>
            <div class="td-grid">
                <TextField
                    label="Name"
                    doc=doc
                    path="metadata.name"
                    value=name
                    on_input=Callback::new(move |t: String| st.edit_dr(doc, |d| d.metadata.name = t))
                />
                <TextField
                    label="Namespace"
                    doc=doc
                    path="metadata.namespace"
                    value=ns
                    on_input=Callback::new(move |t: String| st.edit_dr(doc, |d| d.metadata.namespace = non_empty(t)))
                />
                <TextField
                    label="Host"
                    doc=doc
                    path="spec.host"
                    value=host
                    on_input=Callback::new(move |t: String| st.edit_dr(doc, |d| d.spec.host = t))
                />
                <TextField
                    label="Export to namespaces (comma-separated)"
                    doc=doc
                    path="spec.exportTo"
                    value=export_to
                    on_commit=true
                    on_input=Callback::new(move |t: String| st.edit_dr(doc, |d| d.spec.export_to = edit::split_list(&t)))
                />
            </div>
            <h3>"Subsets"</h3>
            <FieldDiagnostics doc=doc path="spec.subsets" exact=true />
            <For each=move || 0..count() key=|i| *i let:i>
                <SubsetEditor doc=doc index=i />
            </For>
            <button
                type="button"
                class="td-button td-button--small"
                data-testid=format!("add-subset-{doc}")
                on:click=move |_| {
                    st.edit_dr(doc, |d| {
                        let n = d.spec.subsets.len() + 1;
                        d.spec.subsets.push(Subset::versioned(&format!("v{n}")));
                    })
                }
            >
                "Add subset"
            </button>
            <PolicyDetails doc=doc at=PolicyAt::Top summary="Traffic policy (all subsets)" />
        </section>
    }
}

/// One subset: name, labels, and its own traffic policy.
#[component]
fn SubsetEditor(
    /// Document index.
    doc: usize,
    /// Subset index.
    index: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let base = format!("spec.subsets[{index}]");
    let name = Signal::derive(move || {
        st.dr(doc, |d| d.spec.subsets.get(index).map(|s| s.name.clone()))
            .flatten()
            .unwrap_or_default()
    });
    let labels = move || {
        st.dr(doc, |d| {
            d.spec
                .subsets
                .get(index)
                .map(|s| s.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>())
        })
        .flatten()
        .unwrap_or_default()
    };
    let edit_subset = move |f: Box<dyn FnOnce(&mut Subset)>| {
        st.edit_dr(doc, |d| {
            if let Some(s) = d.spec.subsets.get_mut(index) {
                f(s);
            }
        })
    };
    let (new_key, set_new_key) = signal(String::new());
    let new_key_id = dom_id(doc, &format!("{base}.labels.new-key"));
    view! {
        <div class="td-subset" data-testid=format!("subset-{doc}-{index}")>
            <div class="td-subset__head">
                <TextField
                    label="Subset name"
                    doc=doc
                    path=format!("{base}.name")
                    value=name
                    on_input=Callback::new(move |t: String| edit_subset(Box::new(move |s| s.name = t)))
                />
                <button
                    type="button"
                    class="td-button td-button--small td-button--danger"
                    data-testid=format!("remove-subset-{doc}-{index}")
                    on:click=move |_| {
                        st.edit_dr(doc, |d| {
                            if index < d.spec.subsets.len() {
                                d.spec.subsets.remove(index);
                            }
                        })
                    }
                >
                    "Remove subset"
                </button>
            </div>
            <fieldset class="td-labels">
                <legend>"Pod labels that select this subset"</legend>
                <For
                    each=labels
                    key=|(k, _)| k.clone()
                    children=move |(k, v)| {
                        let path = format!("spec.subsets[{index}].labels.{k}");
                        let id = dom_id(doc, &path);
                        let k2 = k.clone();
                        let k3 = k.clone();
                        view! {
                            <div class="td-label">
                                <label for=id.clone()>{k.clone()}</label>
                                <input
                                    type="text"
                                    id=id.clone()
                                    data-testid=id
                                    prop:value=v
                                    on:input:target=move |ev| {
                                        let v = ev.target().value();
                                        let k = k2.clone();
                                        edit_subset(Box::new(move |s| {
                                            s.labels.insert(k, v);
                                        }))
                                    }
                                />
                                <button
                                    type="button"
                                    class="td-button td-button--small td-button--danger"
                                    aria-label=format!("Remove label {k}")
                                    on:click=move |_| {
                                        let k = k3.clone();
                                        edit_subset(Box::new(move |s| {
                                            s.labels.remove(&k);
                                        }))
                                    }
                                >
                                    "✕"
                                </button>
                                <FieldDiagnostics doc=doc path=path />
                            </div>
                        }
                    }
                />
                <label for=new_key_id.clone()>"New label"</label>
                <input
                    type="text"
                    id=new_key_id.clone()
                    data-testid=new_key_id
                    placeholder="version"
                    prop:value=new_key
                    on:input:target=move |ev| set_new_key.set(ev.target().value())
                />
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid=format!("add-label-{doc}-{index}")
                    on:click=move |_| {
                        let k = new_key.get_untracked().trim().to_string();
                        if !k.is_empty() {
                            edit_subset(Box::new(move |s| {
                                s.labels.entry(k).or_default();
                            }));
                            set_new_key.set(String::new());
                        }
                    }
                >
                    "Add label"
                </button>
                <FieldDiagnostics doc=doc path=format!("{base}.labels") exact=true />
            </fieldset>
            <PolicyDetails
                doc=doc
                at=PolicyAt::Subset(index)
                summary="Traffic policy for this subset (overrides the rule's)"
            />
        </div>
    }
}
