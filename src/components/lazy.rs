//! Views whose code is loaded on first use.
//!
//! With the `split` feature (the release `dist/`, `scripts/split-wasm`),
//! functions made with [`crate::on_demand::split_fn!`] are separate wasm
//! files fetched the first time they are called; without it they finish at
//! once.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;

use crate::on_demand::CodeMissing;

/// The view `load` resolves to, with "Loading…" until its code has arrived,
/// or what went wrong when it could not be fetched (opening the part again
/// tries again).
///
/// A future that is ready at once (code already loaded, or a build without
/// the split) gives its view straight away. Otherwise the future goes on in
/// the current reactive owner, so the view it builds finds the same
/// context. (Leptos's `Suspense` does the same with more machinery, which
/// would be part of the first download.)
pub fn loaded<F>(load: F) -> AnyView
where
    F: Future<Output = Result<AnyView, CodeMissing>> + 'static,
{
    let mut load = Box::pin(load);
    if let Poll::Ready(result) = load.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        return shown(result);
    }
    let slot = RwSignal::new_local(None::<Result<AnyView, CodeMissing>>);
    leptos::task::spawn_local_scoped(async move {
        let result = load.await;
        slot.try_set(Some(result));
    });
    (move || {
        slot.track();
        match slot.try_update_untracked(Option::take).flatten() {
            Some(result) => shown(result),
            None => view! { <p class="td-note">"Loading…"</p> }.into_any(),
        }
    })
    .into_any()
}

/// A loaded view, or the reason it is missing.
fn shown(result: Result<AnyView, CodeMissing>) -> AnyView {
    result.unwrap_or_else(|e| {
        view! { <p class="td-note td-note--error" role="alert">{format!("Not shown: {e}")}</p> }
            .into_any()
    })
}
