//! The VirtualService form: metadata, hosts, gateways, exportTo, and its rules.

use leptos::prelude::*;
use traffic_model::edit;

use super::http_route::HttpRouteList;
use crate::components::field::{non_empty, TextField};
use crate::state::AppState;

/// Editor for VirtualService document `doc`.
#[component]
pub fn VirtualServiceEditor(
    /// Document index in the bundle.
    doc: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let name = Signal::derive(move || st.vs(doc, |v| v.metadata.name.clone()).unwrap_or_default());
    let ns = Signal::derive(move || {
        st.vs(doc, |v| v.metadata.namespace.clone().unwrap_or_default()).unwrap_or_default()
    });
    let hosts = Signal::derive(move || st.vs(doc, |v| v.spec.hosts.join(", ")).unwrap_or_default());
    let gateways =
        Signal::derive(move || st.vs(doc, |v| v.spec.gateways.join(", ")).unwrap_or_default());
    let export_to =
        Signal::derive(move || st.vs(doc, |v| v.spec.export_to.join(", ")).unwrap_or_default());
    view! {
        <section class="td-resource" aria-label=move || format!("VirtualService {}", name.get())>
            <h2 class="td-resource__title">"VirtualService " <code>{name}</code></h2>
            <div class="td-grid">
                <TextField
                    label="Name"
                    doc=doc
                    path="metadata.name"
                    value=name
                    on_input=Callback::new(move |t: String| st.edit_vs(doc, |v| v.metadata.name = t))
                />
                <TextField
                    label="Namespace"
                    doc=doc
                    path="metadata.namespace"
                    value=ns
                    on_input=Callback::new(move |t: String| {
                        st.edit_vs(doc, |v| v.metadata.namespace = non_empty(t))
                    })
                />
                <TextField
                    label="Hosts (comma-separated)"
                    doc=doc
                    path="spec.hosts"
                    value=hosts
                    on_commit=true
                    on_input=Callback::new(move |t: String| {
                        st.edit_vs(doc, |v| v.spec.hosts = edit::split_list(&t))
                    })
                />
                <TextField
                    label="Gateways (comma-separated; empty = mesh)"
                    doc=doc
                    path="spec.gateways"
                    value=gateways
                    on_commit=true
                    on_input=Callback::new(move |t: String| {
                        st.edit_vs(doc, |v| v.spec.gateways = edit::split_list(&t))
                    })
                />
                <TextField
                    label="Export to namespaces (comma-separated; empty = all)"
                    doc=doc
                    path="spec.exportTo"
                    value=export_to
                    on_commit=true
                    on_input=Callback::new(move |t: String| {
                        st.edit_vs(doc, |v| v.spec.export_to = edit::split_list(&t))
                    })
                />
            </div>
            <HttpRouteList doc=doc />
        </section>
    }
}
