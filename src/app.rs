//! The page shell.

use leptos::prelude::*;
use traffic_model::presets;

use crate::components::{RouteWeights, YamlView};
use crate::state::AppState;

/// The whole app: the design's controls beside its live YAML.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(presets::canary(100, 0));
    provide_context(state);
    view! {
        <div class="td-app">
            <header class="td-header">
                <h1>"Traffic Designer"</h1>
                <p class="td-header__sub">"Istio traffic shifting, validated in your browser"</p>
            </header>
            <main class="td-main">
                <section class="td-design" aria-label="Design">
                    <h2>"VirtualService " <code>"reviews"</code></h2>
                    <RouteWeights rule=0 />
                </section>
                <YamlView />
            </main>
        </div>
    }
}
