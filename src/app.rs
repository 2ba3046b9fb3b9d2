//! The page shell: toolbar, the design's forms, the live YAML and diagnostics.

use leptos::prelude::*;
use traffic_model::{presets, Document};

use crate::components::toolbar::import_file;
use crate::components::{DiagnosticList, Toolbar, YamlView};
use crate::editors::{DestinationRuleEditor, VirtualServiceEditor};
use crate::state::AppState;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(presets::canary(100, 0));
    provide_context(state);
    let docs = move || {
        state.bundle.with(|b| {
            b.documents
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let k = match d {
                        Document::VirtualService(_) => 1u8,
                        Document::DestinationRule(_) => 2,
                        Document::Other(_) => 3,
                    };
                    (i, k)
                })
                .collect::<Vec<_>>()
        })
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            import_file(state, file);
        }
    };
    view! {
        <div
            class="td-app"
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            <header class="td-header">
                <h1>"Traffic Designer"</h1>
                <p class="td-header__sub">
                    "Istio traffic shifting, validated in your browser. Nothing leaves this page."
                </p>
            </header>
            <Toolbar />
            <main class="td-main">
                <div class="td-design" aria-label="Design">
                    <Show when=move || docs().is_empty()>
                        <p class="td-note" data-testid="empty-design">
                            "The design is empty: add a DestinationRule and a VirtualService, pick a preset, or import YAML (paste it into the YAML box, choose a file, or drop one here)."
                        </p>
                    </Show>
                    <For
                        each=docs
                        key=|d| *d
                        children=move |(i, k)| match k {
                            1 => view! { <VirtualServiceEditor doc=i /> }.into_any(),
                            2 => view! { <DestinationRuleEditor doc=i /> }.into_any(),
                            _ => {
                                let label = state.bundle.with_untracked(|b| {
                                    b.documents.get(i).map(|d| format!("{} {}", d.kind(), d.name())).unwrap_or_default()
                                });
                                view! {
                                    <section class="td-resource td-resource--other">
                                        <h2 class="td-resource__title">{label}</h2>
                                        <p class="td-note">"Kept as written and exported unchanged."</p>
                                    </section>
                                }
                                    .into_any()
                            }
                        }
                    />
                </div>
                <div class="td-side">
                    <YamlView />
                    <DiagnosticList />
                </div>
            </main>
        </div>
    }
}
