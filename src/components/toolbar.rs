//! The toolbar: presets, new design, import from a file or by drag and drop.

use leptos::prelude::*;
use traffic_model::{presets, Bundle};
use wasm_bindgen::JsCast;

use crate::browser::read_file;
use crate::state::AppState;

/// Reads `file` and loads it as the design, reporting the outcome.
pub fn import_file(st: AppState, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        match read_file(file).await {
            Ok(text) => match st.load_yaml(text).await {
                Ok(n) => st.notice.set(format!("Imported {n} document(s) from {name}")),
                Err(e) => st.notice.set(format!("Could not import {name}: {e}")),
            },
            Err(e) => st.notice.set(format!("Could not read {name}: {e}")),
        }
    });
}

/// Puts the design into the page URL's fragment and copies the link.
pub fn share_link(st: AppState) {
    let yaml = st.yaml.get_untracked();
    // The plan travels only when it is not the one the design starts with.
    let plan = st.plan.get_untracked();
    let standard = st.bundle.with_untracked(traffic_model::rollout::RolloutPlan::from_bundle);
    let payload = if plan == standard {
        yaml
    } else {
        traffic_model::share::with_plan(&yaml, &plan.stable, &plan.to_phases_text())
    };
    leptos::task::spawn_local(async move {
        match crate::on_demand::link_fragment(payload).await {
            Ok(fragment) => publish_link(st, &fragment).await,
            Err(e) => st.notice.set(format!("Could not make the link: {e}")),
        }
    });
}

/// Puts `fragment` into the page URL and copies the whole link.
async fn publish_link(st: AppState, fragment: &str) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let base = format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let link = format!("{base}#{fragment}");
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{fragment}")),
        );
    }
    match crate::browser::copy_to_clipboard(&link).await {
        Ok(()) => st.notice.set(format!("Link copied ({} characters)", link.len())),
        Err(e) => st.notice.set(format!("Could not copy the link: {e}")),
    }
}

/// Presets, "New design", undo/redo, share link and file import.
#[component]
pub fn Toolbar() -> impl IntoView {
    let st = AppState::expect();
    // The presets' builders are loaded when one is picked.
    let on_preset = move |id: String| {
        let Some(p) = presets::find(&id) else { return };
        leptos::task::spawn_local(async move {
            match crate::on_demand::preset(id).await {
                Ok(Some(design)) => {
                    st.replace(design);
                    st.notice.set(format!("Loaded preset: {}", p.title));
                }
                Ok(None) => {}
                Err(e) => st.notice.set(format!("Could not load preset {}: {e}", p.title)),
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().unwrap().unchecked_into();
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            import_file(st, file);
        }
        input.set_value("");
    };
    view! {
        <section class="td-toolbar" aria-label="Design tools">
            <label for=st.uid("td-preset")>"Preset"</label>
            <select
                id=st.uid("td-preset")
                data-testid="preset"
                on:change:target=move |ev| {
                    let v = ev.target().value();
                    on_preset(v);
                    ev.target().set_value("");
                }
            >
                <option value="">"Choose a pattern…"</option>
                {presets::all()
                    .into_iter()
                    .map(|p| view! { <option value=p.id title=p.description>{p.title}</option> })
                    .collect_view()}
            </select>
            <button
                type="button"
                class="td-button"
                data-testid="new-design"
                on:click=move |_| {
                    st.replace(Bundle::default());
                    st.notice.set("Started a new, empty design".into());
                }
            >
                "New design"
            </button>
            <button
                type="button"
                class="td-button"
                data-testid="add-virtual-service"
                on:click=move |_| st.edit(traffic_model::edit::add_virtual_service)
            >
                "Add VirtualService"
            </button>
            <button
                type="button"
                class="td-button"
                data-testid="add-destination-rule"
                on:click=move |_| st.edit(traffic_model::edit::add_destination_rule)
            >
                "Add DestinationRule"
            </button>
            <label class="td-button td-button--file" for=st.uid("td-import-file")>"Import file…"</label>
            <input
                class="td-visually-hidden"
                type="file"
                id=st.uid("td-import-file")
                data-testid="import-file"
                accept=".yaml,.yml,.json,text/yaml,application/yaml"
                on:change=on_file
            />
            <button
                type="button"
                class="td-button"
                data-testid="undo"
                title="Undo (Ctrl+Z)"
                disabled=move || !st.history.with(|h| h.can_undo())
                on:click=move |_| st.undo()
            >
                "Undo"
            </button>
            <button
                type="button"
                class="td-button"
                data-testid="redo"
                title="Redo (Ctrl+Shift+Z)"
                disabled=move || !st.history.with(|h| h.can_redo())
                on:click=move |_| st.redo()
            >
                "Redo"
            </button>
            <button type="button" class="td-button" data-testid="share" on:click=move |_| share_link(st)>
                "Copy link"
            </button>
            <span class="td-toolbar__notice" role="status" data-testid="notice">
                {move || st.notice.get()}
            </span>
        </section>
    }
}
