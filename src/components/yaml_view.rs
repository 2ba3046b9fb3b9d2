//! The live YAML of the design, with a Copy button.

use leptos::prelude::*;

use crate::browser::copy_to_clipboard;
use crate::state::AppState;

/// The design as apply-ready multi-document YAML and a button that copies it.
#[component]
pub fn YamlView() -> impl IntoView {
    let state = AppState::expect();
    let (status, set_status) = signal(String::new());
    let copy = move |_| {
        let text = state.yaml.get_untracked();
        leptos::task::spawn_local(async move {
            match copy_to_clipboard(&text).await {
                Ok(()) => set_status.set("Copied".into()),
                Err(e) => set_status.set(format!("Copy failed: {e}")),
            }
        });
    };
    view! {
        <section class="td-yaml" aria-labelledby="td-yaml-title">
            <div class="td-yaml__bar">
                <h2 id="td-yaml-title">"YAML"</h2>
                <button type="button" class="td-button" data-testid="copy" on:click=copy>
                    "Copy"
                </button>
                <span class="td-yaml__status" role="status" data-testid="copy-status">
                    {status}
                </span>
            </div>
            <pre class="td-yaml__text" data-testid="yaml" tabindex="0">{move || state.yaml.get()}</pre>
        </section>
    }
}
