//! Application state: the design as one signal, and what is derived from it.

use leptos::prelude::*;
use traffic_model::{ApiVersion, Bundle};

/// The design being edited and its derived views, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The design.
    pub bundle: RwSignal<Bundle>,
    /// The design as apply-ready YAML (DestinationRule first).
    pub yaml: Memo<String>,
}

impl AppState {
    /// State holding `bundle`.
    pub fn new(bundle: Bundle) -> Self {
        let bundle = RwSignal::new(bundle);
        let yaml = Memo::new(move |_| bundle.with(|b| b.to_yaml(ApiVersion::V1)));
        AppState { bundle, yaml }
    }

    /// The state provided by the nearest [`crate::App`].
    pub fn expect() -> Self {
        expect_context::<AppState>()
    }
}
