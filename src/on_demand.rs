//! The model's code that a page needs only once the user does something:
//! the validator, reading text into a design (the YAML parser, the typed
//! deserializer, the share-link decoder), writing a share link (its
//! compressor) and the presets' builders.
//!
//! They are most of the model's code. A page opened on a preset, without a
//! link or an autosaved design, needs none of them to show it: every preset
//! validates without findings (`presets_validate_without_findings` in the
//! model's tests), so its report is known to be empty. The validator is
//! fetched when the user first focuses or presses anything in the app (see
//! [`crate::state::AppState::want_validator`]), the readers when YAML is
//! edited or imported, the compressor when a link is shared, the builders
//! when a preset is picked.
//!
//! With the `split` feature (the release `dist/`, `scripts/split-wasm`) each
//! function here is a separate wasm file fetched on its first call; without
//! it they are plain async functions that finish at once.

#[cfg(feature = "split")]
use leptos::prelude::*;
use traffic_model::bundle::Loaded;
use traffic_model::rollout::RolloutPlan;
use traffic_model::{presets, share, Bundle, Report};

/// [`Bundle::from_yaml`], with its error as one line ("line L, column C:
/// message" when the error has a location).
#[cfg_attr(feature = "split", lazy)]
pub async fn read_yaml(text: String) -> Result<Loaded, String> {
    Bundle::from_yaml(&text).map_err(|e| match e.location {
        Some(l) => format!("line {}, column {}: {}", l.line, l.column, e.message),
        None => e.message,
    })
}

/// The design of a share-link fragment (`#d=…`), and the rollout plan the
/// link carried, if any.
#[cfg_attr(feature = "split", lazy)]
pub async fn open_link(fragment: String) -> Result<(Bundle, Option<RolloutPlan>), String> {
    let text = share::decode(&fragment).map_err(|e| e.to_string())?;
    let (yaml, plan) = share::split_plan(&text);
    let bundle = Bundle::from_yaml(yaml).map_err(|e| e.to_string())?.bundle;
    let plan = plan.and_then(|(stable, phases)| {
        RolloutPlan::from_bundle_and_text(&bundle, &phases, Some(&stable)).ok()
    });
    Ok((bundle, plan))
}

/// The fragment (`d=…`, without `#`) of a share link to `payload`
/// ([`share::encode`]).
#[cfg_attr(feature = "split", lazy)]
pub async fn link_fragment(payload: String) -> String {
    share::encode(&payload)
}

/// A validator: [`traffic_model::validate()`].
pub type Validator = fn(&Bundle) -> Report;

/// [`traffic_model::validate()`], once its code is loaded.
#[cfg_attr(feature = "split", lazy)]
pub async fn validator() -> Validator {
    let check: Validator = traffic_model::validate;
    check
}

/// The design of preset `id` ([`presets::build`]).
#[cfg_attr(feature = "split", lazy)]
pub async fn preset(id: String) -> Option<Bundle> {
    presets::build(&id)
}
