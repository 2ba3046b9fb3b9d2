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

/// Above this many bytes the YAML is shown as a window of lines (see
/// [`LineWindow`]) until the user starts editing it.
pub const LARGE_YAML: usize = 16 * 1024;

/// Height of one line in [`LineWindow`], in CSS pixels (`.td-yaml__view`
/// sets the same `line-height`).
const LINE_PX: f64 = 18.0;

/// Lines rendered around the first visible one.
const WINDOW_LINES: usize = 160;

/// A large YAML text, read-only, rendering only the lines in view (one
/// text node for the window): an edit of a 200-rule design changes a few
/// lines of the page instead of 240 KB of textarea. Click, Enter or the
/// Edit button switches to the full editable text.
#[component]
pub fn LineWindow(
    /// Called when the user asks to edit the text.
    on_edit: Callback<()>,
) -> impl IntoView {
    let st = AppState::expect();
    let top = RwSignal::new(0usize);
    let starts = Memo::new(move |_| {
        st.editor.with(|e| {
            let mut v = vec![0usize];
            v.extend(e.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
            v
        })
    });
    let lines = move || starts.with(Vec::len);
    let first = move || top.get().saturating_sub(WINDOW_LINES / 4).min(lines().saturating_sub(1));
    let text = move || {
        let a = first();
        starts.with(|s| {
            st.editor.with(|e| {
                let start = s.get(a).copied().unwrap_or(e.text.len()).min(e.text.len());
                let end =
                    s.get(a + WINDOW_LINES).copied().unwrap_or(e.text.len()).min(e.text.len());
                e.text.get(start..end).unwrap_or_default().to_string()
            })
        })
    };
    let readonly = st.options.with_value(|o| o.readonly);
    let edit = move || {
        if !readonly {
            on_edit.run(());
        }
    };
    view! {
        <div class="td-yaml__bar">
            <span class="td-note">
                {move || format!("{} lines; showing the ones in view.", lines())}
            </span>
            <button
                type="button"
                class="td-button td-button--small"
                data-testid="yaml-edit"
                hidden=readonly
                on:click=move |_| edit()
            >
                "Edit YAML"
            </button>
        </div>
        <div
            class="td-yaml__view"
            data-testid="yaml-view"
            role="region"
            tabindex="0"
            aria-label="YAML of the design (press Enter to edit)"
            on:scroll:target=move |ev| {
                top.set((f64::from(ev.target().scroll_top()) / LINE_PX) as usize)
            }
            on:click=move |_| edit()
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    edit();
                }
            }
        >
            <div class="td-yaml__lines" style:height=move || format!("{}px", lines() as f64 * LINE_PX)>
                <pre class="td-yaml__window" style:top=move || format!("{}px", first() as f64 * LINE_PX)>
                    {text}
                </pre>
            </div>
        </div>
    }
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
    // Each edit is read in turn; a reading that finishes after a newer edit
    // began is dropped (the first one may wait for the reader's code).
    let edits = StoredValue::new(0u64);
    let on_edit = move |text: String| {
        st.editor.update(|e| {
            e.text = text.clone();
            e.dirty = true;
        });
        edits.update_value(|n| *n += 1);
        let this = edits.get_value();
        leptos::task::spawn_local(async move {
            let result = crate::on_demand::read_yaml(text).await;
            if edits.try_get_value() != Some(this) {
                return;
            }
            let error = result.and_then(|loaded| st.apply_loaded(loaded)).err();
            st.editor.update(|e| e.error = error);
        });
    };
    // A large text is shown as a window of lines until the user edits it:
    // a textarea re-lays out all of its text on every change (~90 ms for
    // 240 KB in Chromium), far more than a frame.
    let editing = RwSignal::new(false);
    let large = Memo::new(move |_| st.editor.with(|e| e.text.len() > LARGE_YAML));
    let show_textarea = move || editing.get() || !large.get();
    let start_editing = move || {
        editing.set(true);
        let id = st.uid("td-yaml-text");
        request_animation_frame(move || {
            crate::browser::focus_id(&id);
        });
    };
    let on_blur = move |_| {
        // Show the canonical text again once the user leaves a valid edit.
        let valid = st.editor.with_untracked(|e| e.error.is_none());
        st.editor.update(|e| {
            if e.error.is_none() {
                e.dirty = false;
                e.text = st.yaml.get_untracked();
            }
        });
        if valid {
            editing.set(false);
        }
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
            {move || {
                if show_textarea() {
                    view! {
                        <label class="td-visually-hidden" for=st.uid("td-yaml-text")>
                            "YAML of the design (editable)"
                        </label>
                        <textarea
                            class="td-yaml__text"
                            id=st.uid("td-yaml-text")
                            readonly=move || st.options.with_value(|o| o.readonly)
                            data-testid="yaml"
                            spellcheck="false"
                            autocomplete="off"
                            wrap="off"
                            prop:value=move || st.editor.with(|e| e.text.clone())
                            on:focus=move |_| editing.set(true)
                            on:input:target=move |ev| on_edit(ev.target().value())
                            on:blur=on_blur
                        ></textarea>
                    }
                        .into_any()
                } else {
                    view! { <LineWindow on_edit=Callback::new(move |()| start_editing()) /> }.into_any()
                }
            }}
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
