//! The few browser APIs the app calls directly: clipboard, downloads, files.

use wasm_bindgen::JsCast;

/// Writes `text` to the system clipboard.
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(|e| format!("{e:?}"))
}

/// Offers `text` as a file download named `filename`.
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| format!("{e:?}"))?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a file the user picked or dropped as text.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let promise = file.text();
    let v = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| format!("{e:?}"))?;
    v.as_string().ok_or_else(|| "the file is not text".into())
}

/// Moves keyboard focus to the element with `id`, or to the closest
/// element for an ancestor path (`id` with trailing `-segment`s removed).
pub fn focus_id(id: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let mut id = id.to_string();
    loop {
        if let Some(el) = document.get_element_by_id(&id) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                el.scroll_into_view();
                let _ = el.focus();
                return true;
            }
        }
        match id.rfind('-') {
            Some(cut) if cut > 3 => id.truncate(cut),
            _ => return false,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads `key` from `localStorage` (None when storage is unavailable).
pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Writes `key` to `localStorage`; a full or disabled storage is ignored.
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
