//! DOM helpers shared by the component tests (wasm-bindgen-test).

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// A new `<div>` at the end of the page's body, to mount into.
pub fn fresh_container() -> web_sys::HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// The element with `data-testid=id` under `root`, if any.
pub fn try_testid(root: &web_sys::HtmlElement, id: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(&format!("[data-testid=\"{id}\"]")).unwrap().map(|e| e.unchecked_into())
}

/// The element with `data-testid=id` under `root`.
pub fn by_testid(root: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlElement {
    try_testid(root, id).unwrap_or_else(|| panic!("no [data-testid={id}]"))
}

/// Dispatches a plain event of type `kind` on `el`.
pub fn fire(el: &web_sys::HtmlElement, kind: &str) {
    el.dispatch_event(&web_sys::Event::new(kind).unwrap()).unwrap();
}

/// Sets the value of an input or textarea and fires `input`, as typing does.
pub fn set_value(el: &web_sys::HtmlElement, value: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    }
    fire(el, "input");
}

/// Waits for Leptos's effects (a few hops: selector, memo, view).
pub async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
}
