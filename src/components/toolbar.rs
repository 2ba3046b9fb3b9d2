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
            Ok(text) => match st.load_yaml(&text) {
                Ok(n) => st.notice.set(format!("Imported {n} document(s) from {name}")),
                Err(e) => st.notice.set(format!("Could not import {name}: {e}")),
            },
            Err(e) => st.notice.set(format!("Could not read {name}: {e}")),
        }
    });
}

/// Presets, "New design" and file import.
#[component]
pub fn Toolbar() -> impl IntoView {
    let st = AppState::expect();
    let on_preset = move |id: String| {
        if let Some(p) = presets::all().into_iter().find(|p| p.id == id) {
            st.replace((p.build)());
            st.notice.set(format!("Loaded preset: {}", p.title));
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().unwrap().unchecked_into();
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            import_file(st, file);
        }
        input.set_value("");
    };
    view! {
        <div class="td-toolbar" role="toolbar" aria-label="Design">
            <label for="td-preset">"Preset"</label>
            <select
                id="td-preset"
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
                on:click=move |_| st.edit(|b| traffic_model::edit::add_virtual_service(b))
            >
                "Add VirtualService"
            </button>
            <button
                type="button"
                class="td-button"
                data-testid="add-destination-rule"
                on:click=move |_| st.edit(|b| traffic_model::edit::add_destination_rule(b))
            >
                "Add DestinationRule"
            </button>
            <label class="td-button td-button--file" for="td-import-file">"Import file…"</label>
            <input
                class="td-visually-hidden"
                type="file"
                id="td-import-file"
                data-testid="import-file"
                accept=".yaml,.yml,.json,text/yaml,application/yaml"
                on:change=on_file
            />
            <span class="td-toolbar__notice" role="status" data-testid="notice">
                {move || st.notice.get()}
            </span>
        </div>
    }
}
