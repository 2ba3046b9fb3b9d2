//! Component tests in headless Chromium (wasm-bindgen-test): mount a
//! component, act on the DOM, let Leptos run its effects, check the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[allow(dead_code)]
#[path = "common/designs.rs"]
mod designs;
#[allow(dead_code)]
#[path = "common/dom.rs"]
mod dom;
use dom::*;

/// The app as a test mounts it: the default 100/0 design, no URL, no autosave.
fn mount_app() -> impl IntoView {
    view! { <traffic_designer::App options=traffic_designer::app::StartOptions::default() /> }
}

fn yaml_text(root: &web_sys::HtmlElement) -> String {
    let t: web_sys::HtmlTextAreaElement = by_testid(root, "yaml").unchecked_into();
    t.value()
}

#[wasm_bindgen_test]
async fn app_shows_both_subsets_and_live_yaml() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    leptos::task::tick().await;
    let yaml = yaml_text(&root);
    assert!(
        yaml.starts_with("apiVersion: networking.istio.io/v1\nkind: DestinationRule"),
        "{yaml}"
    );
    assert!(yaml.contains("subset: v2\n      weight: 0\n"), "{yaml}");
    assert_eq!(by_testid(&root, "share-1-0-0").text_content().unwrap(), "100.0%");
}

#[wasm_bindgen_test]
async fn moving_a_slider_updates_number_share_and_yaml() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    leptos::task::tick().await;
    set_value(&by_testid(&root, "td-1-spec-http-0-route-1-weight-slider"), "25");
    set_value(&by_testid(&root, "td-1-spec-http-0-route-0-weight"), "75");
    settle().await;
    let number: web_sys::HtmlInputElement =
        by_testid(&root, "td-1-spec-http-0-route-1-weight").unchecked_into();
    assert_eq!(number.value(), "25");
    assert_eq!(by_testid(&root, "share-1-0-0").text_content().unwrap(), "75.0%");
    assert_eq!(by_testid(&root, "share-1-0-1").text_content().unwrap(), "25.0%");
    // The YAML editor follows the design one effect later.
    leptos::task::tick().await;
    let yaml = yaml_text(&root);
    assert!(yaml.contains("subset: v1\n      weight: 75\n"), "{yaml}");
    assert!(yaml.contains("subset: v2\n      weight: 25\n"), "{yaml}");
}

#[wasm_bindgen_test]
async fn text_that_is_not_a_number_keeps_the_last_weight() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    leptos::task::tick().await;
    set_value(&by_testid(&root, "td-1-spec-http-0-route-1-weight"), "abc");
    leptos::task::tick().await;
    let yaml = yaml_text(&root);
    assert!(yaml.contains("subset: v2\n      weight: 0\n"), "{yaml}");
}

#[wasm_bindgen_test]
async fn copy_writes_the_yaml_to_the_clipboard() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    leptos::task::tick().await;
    traffic_designer::browser::copy_to_clipboard("hello clipboard").await.expect("writeText");
    let read = wasm_bindgen_futures::JsFuture::from(
        web_sys::window().unwrap().navigator().clipboard().read_text(),
    )
    .await
    .expect("readText");
    assert_eq!(read.as_string().unwrap(), "hello clipboard");
}

#[wasm_bindgen_test]
async fn a_large_design_shows_a_window_of_lines_and_edits_in_full() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    settle().await;
    // Paste a 150-rule design into the YAML, as a user would, and leave it.
    let text = designs::simple(150);
    let t = by_testid(&root, "yaml");
    t.dispatch_event(&web_sys::Event::new("focus").unwrap()).unwrap();
    let area: &web_sys::HtmlTextAreaElement = t.unchecked_ref();
    area.set_value(&text);
    area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    settle().await;
    area.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
    settle().await;
    // The textarea gave way to a window of the first lines.
    assert!(root.query_selector("[data-testid=yaml]").unwrap().is_none());
    let view = by_testid(&root, "yaml-view");
    let shown = view.text_content().unwrap();
    assert!(shown.starts_with("apiVersion: networking.istio.io/v1\nkind: DestinationRule"));
    assert!(shown.len() < text.len() / 4, "only the lines in view: {} bytes", shown.len());
    // Rule cards are collapsed to a summary; opening one shows its editors.
    assert!(root
        .query_selector("[data-testid=td-1-spec-http-0-route-1-weight]")
        .unwrap()
        .is_none());
    assert_eq!(
        by_testid(&root, "rule-summary-1-149").text_content().unwrap(),
        "1 match block → v1 90%, v2 10%"
    );
    let toggle = by_testid(&root, "rule-toggle-1-0");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    toggle.click();
    settle().await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    // An edit in the form shows up in the window.
    set_value(&by_testid(&root, "td-1-spec-http-0-route-1-weight"), "25");
    settle().await;
    assert!(view.text_content().unwrap().contains("weight: 25\n"));
    // Edit YAML: the full text in the textarea, focused.
    by_testid(&root, "yaml-edit").click();
    settle().await;
    let full = yaml_text(&root);
    assert!(full.len() > text.len() - 100 && full.contains("prefix: /r149\n"), "{}", full.len());
    assert!(full.contains("weight: 25\n"));
    // Leaving the text shows the window again.
    by_testid(&root, "yaml").dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
    settle().await;
    assert!(root.query_selector("[data-testid=yaml-view]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn side_tabs_mount_only_the_panel_shown_and_keep_its_inputs() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    settle().await;
    assert!(root.query_selector("[data-testid=sim-path]").unwrap().is_none());
    by_testid(&root, "tab-simulator").click();
    settle().await;
    set_value(&by_testid(&root, "sim-path"), "/kept");
    settle().await;
    assert!(root.query_selector("[data-testid=yaml]").unwrap().is_none());
    by_testid(&root, "tab-yaml").click();
    settle().await;
    assert!(root.query_selector("[data-testid=sim-path]").unwrap().is_none());
    by_testid(&root, "tab-simulator").click();
    settle().await;
    let path: web_sys::HtmlInputElement = by_testid(&root, "sim-path").unchecked_into();
    assert_eq!(path.value(), "/kept");
}

#[wasm_bindgen_test]
async fn the_diagram_highlights_the_simulated_rule_without_the_simulator_mounted() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    settle().await;
    by_testid(&root, "tab-diagram").click();
    settle().await;
    assert!(root.query_selector("[data-testid=sim-path]").unwrap().is_none());
    // The default request goes to the default design's only rule.
    let rule = by_testid(&root, "diagram-rule-1-0");
    assert_eq!(rule.get_attribute("data-highlighted").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_diagnostic_opens_the_collapsed_rule_it_names() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    settle().await;
    let text = designs::simple(30).replace(
        "        prefix: /r25\n    route:\n",
        "        prefix: /r25\n    timeout: 10 seconds\n    route:\n",
    );
    set_value(&by_testid(&root, "yaml"), &text);
    settle().await;
    let toggle = by_testid(&root, "rule-toggle-1-25");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    click_first_diagnostic(&root, "spec.http[25].timeout");
    settle().await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(root.query_selector("[data-testid=td-1-spec-http-25-timeout]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_diagnostic_opens_the_traffic_policy_it_names() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    settle().await;
    let text = designs::simple(1).replace(
        "  host: reviews\n  subsets:\n",
        "  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      interval: 30 seconds\n  subsets:\n",
    );
    set_value(&by_testid(&root, "yaml"), &text);
    settle().await;
    // Closed, the policy editor is not in the page.
    let field = "[data-testid=td-0-spec-trafficPolicy-outlierDetection-interval]";
    assert!(root.query_selector(field).unwrap().is_none());
    click_first_diagnostic(&root, "outlierDetection.interval");
    settle().await;
    assert!(root.query_selector(field).unwrap().is_some());
}

/// Clicks the first entry of the diagnostics list, which must name `path`.
fn click_first_diagnostic(root: &web_sys::HtmlElement, path: &str) {
    let go: web_sys::HtmlElement = root
        .query_selector("[data-testid=diagnostics] .td-diag__go")
        .unwrap()
        .expect("a diagnostic is listed")
        .unchecked_into();
    assert!(go.text_content().unwrap().contains(path), "{:?}", go.text_content());
    go.click();
}

#[wasm_bindgen_test]
async fn a_preset_shows_its_known_verdict_and_the_first_edit_is_validated() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), mount_app);
    leptos::task::tick().await;
    // An unmodified preset: its report is known to be empty (every preset
    // validates without findings), no validator needed yet.
    assert_eq!(by_testid(&root, "count-errors").text_content().unwrap(), "0 errors");
    assert!(try_testid(&root, "no-diagnostics").is_some());
    // The first edit brings the validator, which sees it.
    set_value(&by_testid(&root, "td-1-metadata-name"), "Bad_Name");
    settle().await;
    assert!(try_testid(&root, "count-checking").is_none());
    assert_ne!(by_testid(&root, "count-errors").text_content().unwrap(), "0 errors");
    assert!(try_testid(&root, "no-diagnostics").is_none());
}
