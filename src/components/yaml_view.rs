//! The live YAML of the design: editable, with Copy and Download.

use leptos::prelude::*;
use traffic_model::{ApiVersion, Document};

use crate::browser::{copy_to_clipboard, download};
use crate::state::AppState;

/// Copies `text` and reports the outcome in `status`.
fn copy_with_feedback(text: String, status: WriteSignal<String>, what: &'static str) {
    leptos::task::spawn_local(async move {
        match copy_to_clipboard(&text).await {
            Ok(()) => status.set(format!("Copied {what}")),
            Err(e) => status.set(format!("Copy failed: {e}")),
        }
    });
}

/// The design as apply-ready multi-document YAML. The text can be edited:
/// a valid edit updates the forms, an invalid one shows its error with
/// line and column and keeps the last good design.
#[component]
pub fn YamlView() -> impl IntoView {
    let st = AppState::expect();
    let (status, set_status) = signal(String::new());
    let copy = move |_| copy_with_feedback(st.yaml.get_untracked(), set_status, "all resources");
    let file_name = move || {
        st.bundle.with(|b| {
            b.virtual_services()
                .next()
                .map(|(_, v)| v.metadata.name.clone())
                .or_else(|| b.documents.first().map(|d| d.name().to_string()))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "traffic".into())
        })
    };
    let save = move |_| {
        let name = format!("{}.yaml", file_name());
        match download(&name, &st.yaml.get_untracked(), "application/yaml") {
            Ok(()) => set_status.set(format!("Downloaded {name}")),
            Err(e) => set_status.set(format!("Download failed: {e}")),
        }
    };
    let on_edit = move |text: String| {
        let result = st.load_yaml(&text);
        st.editor.update(|e| {
            e.text = text;
            e.dirty = true;
            e.error = result.err();
        });
    };
    let on_blur = move |_| {
        // Show the canonical text again once the user leaves a valid edit.
        st.editor.update(|e| {
            if e.error.is_none() {
                e.dirty = false;
                e.text = st.yaml.get_untracked();
            }
        });
    };
    let docs = move || {
        st.bundle.with(|b| {
            b.documents
                .iter()
                .enumerate()
                .map(|(i, d)| (i, format!("{} {}", d.kind(), d.name())))
                .collect::<Vec<_>>()
        })
    };
    let api_value = move || match st.api.get() {
        ApiVersion::V1 => "v1",
        ApiVersion::V1Beta1 => "v1beta1",
    };
    view! {
        <section class="td-yaml" aria-labelledby=st.uid("td-yaml-title")>
            <div class="td-yaml__bar">
                <h2 id=st.uid("td-yaml-title")>"YAML"</h2>
                <label for=st.uid("td-api-version")>"apiVersion"</label>
                <select
                    id=st.uid("td-api-version")
                    data-testid="api-version"
                    prop:value=api_value
                    on:change:target=move |ev| {
                        st.api.set(if ev.target().value() == "v1beta1" { ApiVersion::V1Beta1 } else { ApiVersion::V1 })
                    }
                >
                    <option value="v1">"networking.istio.io/v1"</option>
                    <option value="v1beta1">"networking.istio.io/v1beta1"</option>
                </select>
                <button type="button" class="td-button" data-testid="copy" on:click=copy>
                    "Copy"
                </button>
                <button type="button" class="td-button" data-testid="download" on:click=save>
                    "Download"
                </button>
            </div>
            <p class="td-yaml__status" role="status" data-testid="copy-status">{status}</p>
            <div class="td-yaml__docs" role="group" aria-label="Copy one resource">
                <For
                    each=docs
                    key=|d| d.clone()
                    children=move |(i, label)| {
                        let l2 = label.clone();
                        view! {
                            <button
                                type="button"
                                class="td-button td-button--small td-button--ghost"
                                data-testid=format!("copy-doc-{i}")
                                on:click=move |_| {
                                    let text = st.bundle.with_untracked(|b| {
                                        if i < b.documents.len() {
                                            traffic_model::yaml::emit(&b.document_value(i, st.api.get_untracked()))
                                        } else {
                                            String::new()
                                        }
                                    });
                                    copy_with_feedback(text, set_status, "one resource");
                                }
                            >
                                "Copy " {l2}
                            </button>
                        }
                    }
                />
            </div>
            <Show when=move || st.editor.with(|e| e.error.is_some())>
                <p class="td-diag td-diag--error" role="alert" data-testid="yaml-error">
                    "YAML not applied — "
                    {move || st.editor.with(|e| e.error.clone().unwrap_or_default())}
                    ". The forms keep the last valid design."
                </p>
            </Show>
            <label class="td-visually-hidden" for=st.uid("td-yaml-text")>"YAML of the design (editable)"</label>
            <textarea
                class="td-yaml__text"
                id=st.uid("td-yaml-text")
                readonly=move || st.options.with_value(|o| o.readonly)
                data-testid="yaml"
                spellcheck="false"
                autocomplete="off"
                wrap="off"
                prop:value=move || st.editor.with(|e| e.text.clone())
                on:input:target=move |ev| on_edit(ev.target().value())
                on:blur=on_blur
            ></textarea>
            <p class="td-note">
                {move || {
                    st.bundle.with(|b| {
                        let others = b.documents.iter().filter(|d| matches!(d, Document::Other(_))).count();
                        if others > 0 {
                            format!("{others} other document(s) are kept as written and exported unchanged.")
                        } else {
                            String::new()
                        }
                    })
                }}
            </p>
        </section>
    }
}
