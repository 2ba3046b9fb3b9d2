//! Component tests of the rollout planner in headless Chromium: the plan
//! table edits the phases, the timeline is an accessible SVG, the workflow
//! and the exports follow the plan, verification compares a live dump.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use traffic_designer::panels::rollout::RolloutPanel;
use traffic_designer::state::{AppOptions, AppState};
use traffic_model::presets;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[allow(dead_code)]
#[path = "common/dom.rs"]
mod dom;
use dom::*;

fn mount() -> (web_sys::HtmlElement, AppState) {
    let doc = document();
    let div: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    div.set_class_name("td-app");
    doc.body().unwrap().append_child(&div).unwrap();
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let inner = slot.clone();
    let handle = leptos::mount::mount_to(div.clone(), move || {
        let state = AppState::new(presets::canary(100, 0), AppOptions::default());
        inner.set(Some(state));
        provide_context(state);
        view! { <RolloutPanel /> }
    });
    handle.forget();
    (div, slot.get().expect("mounted"))
}

fn text(root: &web_sys::HtmlElement, id: &str) -> String {
    by_testid(root, id).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn plan_table_edits_phases_and_outputs_follow() {
    let (root, _) = mount();
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all("[data-testid=plan-table] tbody tr").unwrap().length(), 5);
    let w: web_sys::HtmlInputElement = by_testid(&root, "plan-phase-1-weight-1").unchecked_into();
    assert_eq!(w.value(), "10");
    assert!(text(&root, "plan-files").contains("02-canary-90-10.yaml"));
    set_value(&by_testid(&root, "plan-phase-1-weight-0"), "95");
    set_value(&by_testid(&root, "plan-phase-1-weight-1"), "5");
    leptos::task::tick().await;
    assert!(
        text(&root, "plan-files").contains("02-canary-95-5.yaml"),
        "{}",
        text(&root, "plan-files")
    );
    // An invalid hold is flagged.
    set_value(&by_testid(&root, "plan-phase-2-duration"), "2d");
    leptos::task::tick().await;
    assert!(text(&root, "plan-diagnostics").contains("TDZ4008"));
    assert_eq!(
        by_testid(&root, "plan-phase-2-duration").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Add, move and remove phases.
    by_testid(&root, "plan-add-phase").click();
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all("[data-testid=plan-table] tbody tr").unwrap().length(), 6);
    by_testid(&root, "plan-phase-5-up").click();
    leptos::task::tick().await;
    let name: web_sys::HtmlInputElement = by_testid(&root, "plan-phase-4-name").unchecked_into();
    assert_eq!(name.value(), "Hold");
    by_testid(&root, "plan-phase-4-remove").click();
    by_testid(&root, "plan-reset").click();
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all("[data-testid=plan-table] tbody tr").unwrap().length(), 5);
    assert_eq!(text(&root, "plan-diagnostics"), "");
}

#[wasm_bindgen_test]
async fn timeline_is_an_accessible_svg() {
    let (root, _) = mount();
    leptos::task::tick().await;
    let svg = root.query_selector("[data-testid=plan-timeline] svg").unwrap().unwrap();
    let title = svg.query_selector("title").unwrap().unwrap();
    assert_eq!(title.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
    let desc = svg.query_selector("desc").unwrap().unwrap().text_content().unwrap();
    assert!(desc.contains("Phase 2 Canary: v1 90%, v2 10%, for 1h."), "{desc}");
    // Two subsets × five phases.
    assert_eq!(svg.query_selector_all(".td-plan__area").unwrap().length(), 10);
}

#[wasm_bindgen_test]
async fn workflow_exports_and_verify() {
    let (root, _) = mount();
    leptos::task::tick().await;
    by_testid(&root, "plan-phase-1-select").click();
    leptos::task::tick().await;
    assert_eq!(
        text(&root, "plan-workflow-1-tools"),
        "istio_virtualservice_get_tool(\"reviews\", \"default\")\n"
    );
    assert!(text(&root, "plan-workflow-2-commands")
        .starts_with("kubectl apply -n default -f - <<'EOF'\n"));
    assert!(text(&root, "plan-workflow-4-commands").contains("istioctl analyze -n default"));
    assert!(text(&root, "plan-argo-yaml").contains("setWeight: 10"));
    assert!(text(&root, "plan-flagger-warnings").contains("TDZ4012"));
    assert!(text(&root, "plan-rollback-summary").contains("v1 100, v2 0"));
    // The live VirtualService still at 100/0 differs from phase 2.
    let live = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\n  uid: x\nspec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n      weight: 100\n    - destination:\n        host: reviews\n        subset: v2\n      weight: 0\n";
    set_value(&by_testid(&root, "plan-verify-input"), live);
    leptos::task::tick().await;
    let r = text(&root, "plan-verify-result");
    assert!(r.contains("2 differences") && r.contains("spec.http[0].route[0].weight"), "{r}");
    by_testid(&root, "plan-phase-0-select").click();
    leptos::task::tick().await;
    assert!(text(&root, "plan-verify-result").contains("No differences"));
}

#[wasm_bindgen_test]
async fn plan_follows_a_new_design() {
    let (root, state) = mount();
    leptos::task::tick().await;
    let mut b = presets::canary(100, 0);
    let vs = b.first_virtual_service_mut().unwrap();
    traffic_model::edit::add_destination(&mut vs.spec.http[0], "reviews");
    vs.spec.http[0].route[2].destination.subset = Some("canary".into());
    state.replace(b);
    // The app restarts its plan, then the panel follows it: two effects.
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert!(root.query_selector("[data-testid=plan-phase-0-weight-2]").unwrap().is_some());
    assert!(text(&root, "plan-argo-warnings").contains("TDZ4010"));
}
