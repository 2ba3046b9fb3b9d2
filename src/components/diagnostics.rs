//! The list of all diagnostics, with counts; clicking one focuses its control.

use leptos::prelude::*;
use traffic_model::Severity;

use crate::browser::focus_id;
use crate::components::field::dom_id;
use crate::state::AppState;

/// Every finding of the validator, errors first.
#[component]
pub fn DiagnosticList() -> impl IntoView {
    let st = AppState::expect();
    let counts = move || {
        st.report.with(|r| {
            (r.count(Severity::Error), r.count(Severity::Warning), r.count(Severity::Info))
        })
    };
    let items = move || {
        st.report.with(|r| {
            let mut v: Vec<_> = r.diagnostics.iter().cloned().enumerate().collect();
            v.sort_by_key(|(i, d)| (d.severity, *i));
            v
        })
    };
    view! {
        <section class="td-diags" aria-labelledby=st.uid("td-diags-title")>
            <h2 id=st.uid("td-diags-title")>
                "Validation "
                // The counts are the design's only once the validator has
                // seen it (its code loads on first use).
                <Show
                    when=move || !st.checking.get()
                    fallback=|| view! { <span class="td-count" data-testid="count-checking">"checking…"</span> }
                >
                    <span class="td-count td-count--error" data-testid="count-errors">
                        {move || format!("{} errors", counts().0)}
                    </span>
                    " "
                    <span class="td-count td-count--warning" data-testid="count-warnings">
                        {move || format!("{} warnings", counts().1)}
                    </span>
                    " "
                    <span class="td-count" data-testid="count-infos">
                        {move || format!("{} infos", counts().2)}
                    </span>
                </Show>
            </h2>
            <Show when=move || counts() == (0, 0, 0) && !st.checking.get()>
                <p class="td-note" data-testid="no-diagnostics">"Istio would accept this design as is."</p>
            </Show>
            <ul class="td-diags__list" data-testid="diagnostics">
                <For
                    each=items
                    key=|(i, d)| (*i, d.code.id, d.path.clone(), d.message.clone())
                    children=move |(_, d)| {
                        let class = match d.severity {
                            Severity::Error => "td-diag td-diag--error",
                            Severity::Warning => "td-diag td-diag--warning",
                            Severity::Info => "td-diag td-diag--info",
                        };
                        let target = d.document.map(|doc| dom_id(doc, &d.path));
                        let path = d.path.clone();
                        let where_ = format!("{} {} · {}", d.kind, d.name, if d.path.is_empty() { "(document)" } else { &d.path });
                        view! {
                            <li class=class>
                                <button
                                    type="button"
                                    class="td-diag__go"
                                    on:click=move |_| {
                                        if let Some(t) = target.clone() {
                                            // Open a collapsed rule first; focus once it is drawn.
                                            st.reveal.set(d.document.map(|doc| (doc, path.clone())));
                                            if !focus_id(&t) {
                                                request_animation_frame(move || {
                                                    focus_id(&t);
                                                });
                                            }
                                        }
                                    }
                                >
                                    <strong>{d.severity.as_str()} "[" {d.code.id} "]"</strong>
                                    " "
                                    {d.message.clone()}
                                    <br />
                                    <small>{where_}</small>
                                </button>
                                {d.help.clone().map(|h| view! { <small class="td-diag__help">"help: " {h}</small> })}
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}
