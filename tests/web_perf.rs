//! Edit-to-render timing in headless Chromium: how long an edit takes to
//! re-validate and re-render the YAML and the diagnostics, for a 5-route and
//! a 200-route × 5-match design. A measurement, printed to the test log
//! (`scripts/test` shows it); it asserts only that each edit took effect.
//! Release builds only (`cargo test --release`): debug wasm is 10–30× slower
//! and says nothing about what users get.
#![cfg(all(target_arch = "wasm32", not(debug_assertions)))]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[allow(dead_code)]
#[path = "common/designs.rs"]
mod designs;
use designs::design;

fn el<T: JsCast>(root: &web_sys::HtmlElement, testid: &str) -> T {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {testid}"))
        .unchecked_into()
}

fn input(target: &web_sys::HtmlElement, value: &str) {
    let i: &web_sys::HtmlInputElement = target.unchecked_ref();
    i.set_value(value);
    i.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

async fn measure(routes: usize, matches: usize) -> (f64, f64) {
    let doc = document();
    let root: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || {
        view! { <traffic_designer::App options=traffic_designer::app::StartOptions::default() /> }
    });
    leptos::task::tick().await;
    let yaml: web_sys::HtmlTextAreaElement = el(&root, "yaml");
    yaml.dispatch_event(&web_sys::Event::new("focus").unwrap()).unwrap();
    leptos::task::tick().await;
    yaml.set_value(&design(routes, matches));
    yaml.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    yaml.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
    leptos::task::tick().await;
    // What the page shows of the YAML: the textarea of a small design, the
    // window of lines of a large one (the edited weight is in rule 1, in view).
    // (Found once: a selector query over a 200-rule page costs a millisecond.)
    let view = root.query_selector("[data-testid=\"yaml-view\"]").unwrap();
    assert_eq!(view.is_some(), routes > 5, "large designs show a window of lines");
    let shown = move || match &view {
        Some(view) => view.text_content().unwrap_or_default(),
        None => yaml.value(),
    };
    let perf = web_sys::window().unwrap().performance().unwrap();
    // Large designs start with collapsed rule cards: open the first, as a
    // user would to edit it.
    if let Some(toggle) = root.query_selector("[data-testid=\"rule-toggle-1-0\"]").unwrap() {
        if toggle.get_attribute("aria-expanded").as_deref() == Some("false") {
            toggle.unchecked_ref::<web_sys::HtmlElement>().click();
            for _ in 0..4 {
                leptos::task::tick().await;
            }
        }
    }
    let number: web_sys::HtmlElement = el(&root, "td-1-spec-http-0-route-1-weight");
    // Like a user: focus the field, then type (one undo step per control).
    let init = web_sys::FocusEventInit::new();
    init.set_bubbles(true);
    let focus = web_sys::FocusEvent::new_with_focus_event_init_dict("focusin", &init).unwrap();
    number.dispatch_event(&focus).unwrap();
    let mut times = Vec::new();
    for i in 0..100 {
        let w = 11 + (i % 50);
        let want = format!("weight: {w}\n");
        let t0 = perf.now();
        input(&number, &w.to_string());
        // Effects run asynchronously: wait until the YAML shows the edit.
        let mut seen = false;
        for _ in 0..20 {
            leptos::task::tick().await;
            if shown().contains(&want) {
                seen = true;
                break;
            }
        }
        let t1 = perf.now();
        assert!(seen, "edit {i} reached the YAML");
        times.push(t1 - t0);
    }
    // The diagnostics shown are the validator's (its code is loaded on the
    // first change; the counts read "checking…" until then), so every timed
    // edit was validated.
    assert!(root.query_selector("[data-testid=\"count-checking\"]").unwrap().is_none());
    assert!(root.query_selector("[data-testid=\"count-errors\"]").unwrap().is_some());
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    drop(handle);
    (times[50], times[95])
}

#[wasm_bindgen_test]
async fn edit_to_yaml_and_diagnostics_timing() {
    for (routes, matches) in [(5, 1), (200, 5)] {
        let (median, p95) = measure(routes, matches).await;
        let line = format!(
            "PERF edit→YAML+diagnostics, {routes} routes × {matches} matches: median {median:.2} ms, p95 {p95:.2} ms (100 edits)"
        );
        web_sys::console::log_1(&line.clone().into());
        wasm_bindgen_test::console_log!("{line}");
    }
}

/// Median time of `f` over `n` runs, in ms.
fn time_ms(n: usize, mut f: impl FnMut()) -> f64 {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let t0 = perf.now();
            f();
            perf.now() - t0
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times[n / 2]
}

#[wasm_bindgen_test]
fn model_costs_per_edit() {
    use traffic_model::{edit, validate, ApiVersion, Bundle};
    for (routes, matches) in [(5, 1), (200, 5)] {
        let text = design(routes, matches);
        let bundle = Bundle::from_yaml(&text).unwrap().bundle;
        let parse = time_ms(10, || drop(Bundle::from_yaml(&text)));
        let clone = time_ms(30, || drop(bundle.clone()));
        let other = bundle.clone();
        let eq = time_ms(30, || assert!(bundle == other));
        let tidy = time_ms(30, || {
            let mut b = bundle.clone();
            edit::tidy(&mut b);
        }) - clone;
        let yaml = time_ms(30, || drop(bundle.to_yaml(ApiVersion::V1)));
        let report = time_ms(30, || drop(validate(&bundle)));
        let line = format!(
            "PERF model in wasm, {routes} routes × {matches} matches: import {parse:.2} ms, clone {clone:.2} ms, eq {eq:.2} ms, tidy {tidy:.2} ms, to_yaml {yaml:.2} ms, validate {report:.2} ms"
        );
        wasm_bindgen_test::console_log!("{line}");
    }
}
