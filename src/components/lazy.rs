//! Views whose code is loaded on first use.
//!
//! With the `split` feature (the release `dist/`, `scripts/split-wasm`),
//! functions marked `#[cfg_attr(feature = "split", lazy)]` are separate wasm
//! files fetched the first time they are called; without it they finish at
//! once.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;

/// The view `load` resolves to, with "Loading…" until its code has arrived.
///
/// A future that is ready at once (code already loaded, or a build without
/// the split) gives its view straight away. Otherwise the future goes on in
/// the current reactive owner, so the view it builds finds the same
/// context. (Leptos's `Suspense` does the same with more machinery, which
/// would be part of the first download.)
pub fn loaded<F>(load: F) -> AnyView
where
    F: Future<Output = AnyView> + 'static,
{
    let mut load = Box::pin(load);
    if let Poll::Ready(view) = load.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        return view;
    }
    let slot = RwSignal::new_local(None::<AnyView>);
    leptos::task::spawn_local_scoped(async move {
        let view = load.await;
        slot.try_set(Some(view));
    });
    (move || {
        slot.track();
        slot.try_update_untracked(Option::take)
            .flatten()
            .unwrap_or_else(|| view! { <p class="td-note">"Loading…"</p> }.into_any())
    })
    .into_any()
}
