//! Views whose code is loaded on first use.
//!
//! With the `split` feature (the release `dist/`, `scripts/split-wasm`),
//! functions marked `#[cfg_attr(feature = "split", lazy)]` are separate wasm
//! files fetched the first time they are called; without it they finish at
//! once.

use std::future::Future;

use leptos::prelude::*;

/// The view `load` resolves to, with "Loading…" until its code has arrived.
pub fn loaded<F>(load: F) -> AnyView
where
    F: Future<Output = AnyView> + Send + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="td-note">"Loading…"</p> }>
            {Suspend::new(load)}
        </Suspense>
    }
    .into_any()
}
