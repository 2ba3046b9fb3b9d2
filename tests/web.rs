//! Component tests in headless Chromium (wasm-bindgen-test): mount a
//! component, act on the DOM, let Leptos run its effects, check the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The app as a test mounts it: the default 100/0 design, no URL, no autosave.
fn mount_app() -> impl IntoView {
    view! { <traffic_designer::App options=traffic_designer::app::StartOptions::default() /> }
}

fn fresh_container() -> web_sys::HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn by_testid(root: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlElement {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no [data-testid={id}]"))
        .unchecked_into()
}

fn yaml_text(root: &web_sys::HtmlElement) -> String {
    let t: web_sys::HtmlTextAreaElement = by_testid(root, "yaml").unchecked_into();
    t.value()
}

fn set_input(input: &web_sys::HtmlElement, value: &str) {
    let input: &web_sys::HtmlInputElement = input.unchecked_ref();
    input.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
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
    set_input(&by_testid(&root, "td-1-spec-http-0-route-1-weight-slider"), "25");
    set_input(&by_testid(&root, "td-1-spec-http-0-route-0-weight"), "75");
    leptos::task::tick().await;
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
    set_input(&by_testid(&root, "td-1-spec-http-0-route-1-weight"), "abc");
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
