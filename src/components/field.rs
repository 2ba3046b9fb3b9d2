//! Labelled form controls. Each control derives its DOM id from its field
//! path, shows the field's help text and the diagnostics for its path.

use leptos::prelude::*;
use traffic_model::Severity;

use crate::state::AppState;

/// The DOM id of the control for field `path` of document `doc`
/// (`td-1-spec-http-0-route-1-weight`). Also used as its `data-testid`.
pub fn dom_id(doc: usize, path: &str) -> String {
    let prefix = use_context::<AppState>()
        .map(|s| s.options.with_value(|o| o.id_prefix.clone()))
        .unwrap_or_default();
    let mut id = format!("{prefix}td-{doc}-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// The help text for field `path`, from the model's help registry.
pub fn help_for(path: &str) -> Option<String> {
    let key = traffic_model::help::key_for_path(path);
    traffic_model::help::lookup(&key).map(|h| {
        let mut t = h.text.to_string();
        if let Some(s) = h.syntax {
            t.push_str(" Syntax: ");
            t.push_str(s);
            t.push('.');
        }
        if let Some(d) = h.default {
            t.push_str(" Default: ");
            t.push_str(d);
            t.push('.');
        }
        t
    })
}

/// The diagnostics for field `path` of document `doc`, and (unless
/// `exact`) for fields inside it that have no control of their own.
pub fn diagnostics_for(
    index: &crate::state::DiagIndex,
    doc: usize,
    path: &str,
    exact: bool,
) -> Vec<(Severity, String)> {
    let mut out = Vec::new();
    for ((d, p), items) in index.range((doc, path.to_string())..) {
        if *d != doc || !p.starts_with(path) {
            break;
        }
        if p == path || (!exact && crate::state::path_within(p, path)) {
            out.extend(items.iter().cloned());
        }
    }
    out
}

/// The diagnostics for one field, shown under its control.
#[component]
pub fn FieldDiagnostics(
    /// Document index.
    doc: usize,
    /// Field path.
    #[prop(into)]
    path: String,
    /// Only diagnostics for exactly this path (not for nested fields).
    #[prop(default = false)]
    exact: bool,
) -> impl IntoView {
    let index = crate::state::DiagScope::index_for(doc, &path);
    let items = move || index.with(|i| diagnostics_for(i, doc, &path, exact));
    view! {
        {move || {
            items()
                .into_iter()
                .map(|(sev, text)| {
                    let class = match sev {
                        Severity::Error => "td-diag td-diag--error",
                        Severity::Warning => "td-diag td-diag--warning",
                        Severity::Info => "td-diag td-diag--info",
                    };
                    view! { <p class=class role="note">{sev.as_str()} ": " {text}</p> }
                })
                .collect_view()
        }}
    }
}

/// Help text under a control, when the registry has some for its path.
#[component]
fn Help(
    /// The `id` for `aria-describedby`.
    id: String,
    /// Field path.
    path: String,
) -> impl IntoView {
    help_for(&path).map(|t| {
        let title = t.clone();
        view! { <small class="td-field__help" id=id title=title>{t}</small> }
    })
}

/// A text input for one field.
#[component]
pub fn TextField(
    /// Visible label.
    label: &'static str,
    /// Document index.
    doc: usize,
    /// Field path (for the id, help and diagnostics).
    #[prop(into)]
    path: String,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    on_input: Callback<String>,
    /// Placeholder text.
    #[prop(default = "")]
    placeholder: &'static str,
    /// Call `on_input` only when the input is committed (blur / Enter).
    #[prop(default = false)]
    on_commit: bool,
) -> impl IntoView {
    let id = dom_id(doc, &path);
    let help_id = format!("{id}-help");
    view! {
        <div class="td-field">
            <label class="td-field__label" for=id.clone()>{label}</label>
            <input
                class="td-field__input"
                type="text"
                id=id.clone()
                data-testid=id
                placeholder=placeholder
                aria-describedby=help_id.clone()
                prop:value=value
                on:input:target=move |ev| {
                    if !on_commit {
                        on_input.run(ev.target().value())
                    }
                }
                on:change:target=move |ev| {
                    if on_commit {
                        on_input.run(ev.target().value())
                    }
                }
            />
            <Help id=help_id path=path.clone() />
            <FieldDiagnostics doc=doc path=path />
        </div>
    }
}

/// A number input for one optional integer field; clearing it unsets it.
#[component]
pub fn NumberField(
    /// Visible label.
    label: &'static str,
    /// Document index.
    doc: usize,
    /// Field path.
    #[prop(into)]
    path: String,
    /// Current value, if set.
    #[prop(into)]
    value: Signal<Option<f64>>,
    /// Called with the new value (None when cleared) on every valid keystroke.
    on_input: Callback<Option<f64>>,
    /// Smallest value offered.
    #[prop(default = 0.0)]
    min: f64,
    /// Step of the spinner.
    #[prop(default = 1.0)]
    step: f64,
) -> impl IntoView {
    let id = dom_id(doc, &path);
    let help_id = format!("{id}-help");
    let text = move || value.get().map(|v| v.to_string()).unwrap_or_default();
    view! {
        <div class="td-field">
            <label class="td-field__label" for=id.clone()>{label}</label>
            <input
                class="td-field__input td-field__input--number"
                type="number"
                id=id.clone()
                data-testid=id
                min=min
                step=step
                aria-describedby=help_id.clone()
                prop:value=text
                on:input:target=move |ev| {
                    // The browser's number (`NaN` while the text is not
                    // one); Rust's float parser would add ~12 KB to the
                    // first download for the same result.
                    let input = ev.target();
                    let v = input.value_as_number();
                    if input.value().trim().is_empty() {
                        on_input.run(None);
                    } else if v.is_finite() {
                        on_input.run(Some(v));
                    }
                }
            />
            <Help id=help_id path=path.clone() />
            <FieldDiagnostics doc=doc path=path />
        </div>
    }
}

/// A select for one field.
#[component]
pub fn SelectField(
    /// Visible label.
    label: &'static str,
    /// Document index.
    doc: usize,
    /// Field path.
    #[prop(into)]
    path: String,
    /// `(value, label)` pairs; an empty value means "not set".
    options: Vec<(&'static str, &'static str)>,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen value.
    on_change: Callback<String>,
) -> impl IntoView {
    let id = dom_id(doc, &path);
    let help_id = format!("{id}-help");
    view! {
        <div class="td-field">
            <label class="td-field__label" for=id.clone()>{label}</label>
            <select
                class="td-field__input"
                id=id.clone()
                data-testid=id
                aria-describedby=help_id.clone()
                prop:value=value
                on:change:target=move |ev| on_change.run(ev.target().value())
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        view! {
                            <option value=v selected=move || value.get() == v>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <Help id=help_id path=path.clone() />
            <FieldDiagnostics doc=doc path=path />
        </div>
    }
}

/// A checkbox for one boolean field.
#[component]
pub fn CheckField(
    /// Visible label.
    label: &'static str,
    /// Document index.
    doc: usize,
    /// Field path.
    #[prop(into)]
    path: String,
    /// Current value.
    #[prop(into)]
    checked: Signal<bool>,
    /// Called with the new value.
    on_change: Callback<bool>,
) -> impl IntoView {
    let id = dom_id(doc, &path);
    view! {
        <div class="td-field td-field--check">
            <input
                type="checkbox"
                id=id.clone()
                data-testid=id.clone()
                prop:checked=checked
                on:change:target=move |ev| on_change.run(ev.target().checked())
            />
            <label for=id>{label}</label>
            <FieldDiagnostics doc=doc path=path />
        </div>
    }
}

/// Parses an optional number field into an `i32`.
pub fn to_i32(v: Option<f64>) -> Option<i32> {
    v.map(|f| f.round().clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32)
}

/// Parses an optional number field into a `u32`.
pub fn to_u32(v: Option<f64>) -> Option<u32> {
    v.map(|f| f.round().clamp(0.0, f64::from(u32::MAX)) as u32)
}

/// `Some(text)` unless `text` is empty.
pub fn non_empty(text: String) -> Option<String> {
    if text.is_empty() {
        None
    } else {
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_ids_are_stable_and_safe() {
        assert_eq!(dom_id(1, "spec.http[0].route[1].weight"), "td-1-spec-http-0-route-1-weight");
        assert_eq!(
            dom_id(0, "spec.http[2].match[0].headers.x-user-type"),
            "td-0-spec-http-2-match-0-headers-x-user-type"
        );
    }
}
