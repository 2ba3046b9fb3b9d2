//! Component tests of the request simulator and the traffic diagram in
//! headless Chromium: presets, the cookie pitfall and its fix, typed
//! headers, and the highlighted rule in the diagram.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use traffic_designer::panels::simulator::{HighlightedRule, SimulatorPanel, TrafficDiagram};
use traffic_designer::state::{AppOptions, AppState};
use traffic_model::presets;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[allow(dead_code)]
#[path = "common/dom.rs"]
mod dom;
use dom::*;

/// Mounts the simulator and the diagram over `bundle`, as `App` wires them.
fn mount(bundle: traffic_model::Bundle) -> (web_sys::HtmlElement, impl Sized) {
    let root = fresh_container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let st = AppState::new(bundle.clone(), AppOptions::default());
        provide_context(st);
        provide_context(HighlightedRule::new());
        view! {
            <div class="td-app">
                <SimulatorPanel />
                <TrafficDiagram />
            </div>
        }
    });
    (root, handle)
}

#[wasm_bindgen_test]
async fn cookie_pitfall_is_shown_and_fixed() {
    let (root, _h) = mount(presets::cookie());
    leptos::task::tick().await;
    // No host typed: the only VirtualService; no cookie: the catch-all.
    let verdict = by_testid(&root, "sim-result-rule");
    assert_eq!(verdict.get_attribute("data-rule").as_deref(), Some("1"));

    let select: web_sys::HtmlSelectElement = by_testid(&root, "sim-preset").unchecked_into();
    select.set_value("cookie-beta");
    fire(select.unchecked_ref(), "change");
    leptos::task::tick().await;
    let verdict = by_testid(&root, "sim-result-rule");
    assert_eq!(verdict.get_attribute("data-rule").as_deref(), Some("0"));
    let dest = by_testid(&root, "sim-result-dest-0").text_content().unwrap();
    assert!(dest.contains("v2") && dest.contains("100%"), "{dest}");
    let rule0 = by_testid(&root, "diagram-rule-1-0");
    assert_eq!(rule0.get_attribute("data-highlighted").as_deref(), Some("true"));

    // The browser's cookie header misses the seed regex.
    select.set_value("cookie-browser");
    fire(select.unchecked_ref(), "change");
    leptos::task::tick().await;
    let verdict = by_testid(&root, "sim-result-rule");
    assert_eq!(verdict.get_attribute("data-rule").as_deref(), Some("1"));
    assert!(by_testid(&root, "sim-result-skip-0").text_content().unwrap().contains("cookie"));
    let hint = by_testid(&root, "sim-hint-0").text_content().unwrap();
    assert!(hint.contains("space"), "{hint}");
    assert_eq!(
        by_testid(&root, "diagram-rule-1-1").get_attribute("data-highlighted").as_deref(),
        Some("true")
    );

    // One click puts the space-tolerant pattern in place.
    by_testid(&root, "sim-hint-apply-0").click();
    leptos::task::tick().await;
    let verdict = by_testid(&root, "sim-result-rule");
    assert_eq!(verdict.get_attribute("data-rule").as_deref(), Some("0"));
    assert!(try_testid(&root, "sim-hint-0").is_none());
}

#[wasm_bindgen_test]
async fn typed_headers_and_diagram_shares() {
    let (root, _h) = mount(presets::header_user_type());
    leptos::task::tick().await;
    let headers: web_sys::HtmlTextAreaElement = by_testid(&root, "sim-headers").unchecked_into();
    headers.set_value("X-User-Type: beta\n");
    fire(headers.unchecked_ref(), "input");
    leptos::task::tick().await;
    assert_eq!(
        by_testid(&root, "sim-result-rule").get_attribute("data-rule").as_deref(),
        Some("0")
    );
    let host: web_sys::HtmlInputElement = by_testid(&root, "sim-host").unchecked_into();
    host.set_value("ratings");
    fire(host.unchecked_ref(), "input");
    leptos::task::tick().await;
    let text = by_testid(&root, "sim-result-rule").text_content().unwrap();
    assert!(text.contains("No VirtualService"), "{text}");

    let (root, _h) = mount(presets::canary(75, 25));
    leptos::task::tick().await;
    let diagram = by_testid(&root, "diagram");
    let share = |id: &str| {
        diagram
            .query_selector(&format!("[data-testid=\"{id}\"]"))
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert_eq!(share("diagram-share-1-0-0"), "75%");
    assert_eq!(share("diagram-share-1-0-1"), "25%");
    assert!(diagram.query_selector("svg title").unwrap().is_some());
    assert!(by_testid(&root, "sim-result-dest-1").text_content().unwrap().contains("25%"));
}
