//! Entry point of the browser app.
//!
//! On a page with `<div data-traffic-designer>` elements (a docs portal
//! embedding the designer), one independent instance is mounted into each,
//! inside a shadow root so the host's styles and ours cannot touch each
//! other. Otherwise the app is mounted as the whole page.

use leptos::prelude::*;
use traffic_designer::app::{App, StartOptions};
use traffic_designer::state::AppOptions;
use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let hosts = document.query_selector_all("[data-traffic-designer]").ok();
    let count = hosts.as_ref().map_or(0, |h| h.length());
    if count == 0 {
        // A link or an autosave is read before the first render (so the
        // page never shows the default design first, and autosave never
        // overwrites what it is about to restore).
        let options = StartOptions::from_page();
        wasm_bindgen_futures::spawn_local(async move {
            let initial = options.initial().await;
            leptos::mount::mount_to_body(move || view! { <App options=options initial=initial /> });
        });
        return;
    }
    let base = js_sys::Reflect::get(&js_sys::global(), &"__trafficDesignerBase".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "./".into());
    for i in 0..count {
        let Some(host) = hosts
            .as_ref()
            .and_then(|h| h.get(i))
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if let Err(e) = mount_instance(&document, &host, i, &base) {
            web_sys::console::error_1(
                &format!("Traffic Designer: could not mount instance {i}: {e}").into(),
            );
        }
    }
}

/// The style sheet every instance needs (index.html links it too; the side
/// panels link theirs when first shown).
const STYLESHEETS: [&str; 1] = ["main.css"];

/// Mounts one instance into `host`'s shadow root.
fn mount_instance(
    document: &web_sys::Document,
    host: &web_sys::Element,
    index: u32,
    base: &str,
) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
    let root = host.attach_shadow(&init).map_err(err)?;
    for sheet in STYLESHEETS {
        let link = document.create_element("link").map_err(err)?;
        link.set_attribute("rel", "stylesheet").map_err(err)?;
        link.set_attribute("href", &format!("{base}{sheet}")).map_err(err)?;
        root.append_child(&link).map_err(err)?;
    }
    let container: web_sys::HtmlElement =
        document.create_element("div").map_err(err)?.unchecked_into();
    root.append_child(&container).map_err(err)?;
    let readonly = host.has_attribute("data-readonly");
    let options = StartOptions {
        app: AppOptions {
            id_prefix: format!("td{index}-"),
            readonly,
            embed: true,
            autosave_key: None,
            style_base: base.to_string(),
        },
        preset: host.get_attribute("data-preset"),
        use_url: false,
    };
    // A `data-preset` is built by code loaded on demand, before the first render.
    wasm_bindgen_futures::spawn_local(async move {
        let initial = options.initial().await;
        leptos::mount::mount_to(
            container,
            move || view! { <App options=options initial=initial /> },
        )
        .forget();
    });
    Ok(())
}
