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
//! function made by [`split_fn!`] is a separate wasm file fetched on its
//! first call; without it they are plain async functions that finish at
//! once. A fetch that fails (offline, or the site was updated since the page
//! was opened) is an `Err(CodeMissing)` the caller shows, never a panic, and
//! the next call tries again.

use traffic_model::bundle::Loaded;
use traffic_model::rollout::RolloutPlan;
use traffic_model::{presets, share, Bundle, Report};

/// Part of the app's code could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeMissing(pub String);

impl std::fmt::Display for CodeMissing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "part of the app could not be loaded ({}): check the connection, or reload the page \
             if the site was updated",
            self.0
        )
    }
}

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for CodeMissing {
    fn from(e: leptos::wasm_split::SplitLoaderError) -> Self {
        CodeMissing(e.to_string())
    }
}

/// `split_fn! { /// doc  fn name(args) -> T { body } }` defines
/// `pub async fn name(args) -> Result<T, CodeMissing>`, whose body is a
/// separate wasm file in the split build (its own split point, named after
/// the function) and a plain function otherwise. The body runs
/// synchronously once its code is there.
macro_rules! split_fn {
    ($(#[doc = $doc:expr])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<$ret, $crate::on_demand::CodeMissing> {
            Ok($body)
        }
        $(#[doc = $doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name($($arg: $ty),*) -> Result<$ret, $crate::on_demand::CodeMissing> {
            Ok($body)
        }
    };
}
pub(crate) use split_fn;

split_fn! {
    /// [`Bundle::from_yaml`], with its error as one line ("line L, column
    /// C: message" when the error has a location).
    fn read_yaml_code(text: String) -> Result<Loaded, String> {
        Bundle::from_yaml(&text).map_err(|e| match e.location {
            Some(l) => format!("line {}, column {}: {}", l.line, l.column, e.message),
            None => e.message,
        })
    }
}

/// [`read_yaml_code`], its code's absence as one more error line.
pub async fn read_yaml(text: String) -> Result<Loaded, String> {
    read_yaml_code(text).await.map_err(|e| e.to_string())?
}

split_fn! {
    /// The design of a share-link fragment (`#d=…`), and the rollout plan
    /// the link carried, if any.
    fn open_link_code(fragment: String) -> Result<(Bundle, Option<RolloutPlan>), String> {
        share::decode(&fragment).map_err(|e| e.to_string()).and_then(|text| {
            let (yaml, plan) = share::split_plan(&text);
            let bundle = Bundle::from_yaml(yaml).map_err(|e| e.to_string())?.bundle;
            let plan = plan.and_then(|(stable, phases)| {
                RolloutPlan::from_bundle_and_text(&bundle, &phases, Some(&stable)).ok()
            });
            Ok((bundle, plan))
        })
    }
}

/// [`open_link_code`], its code's absence as one more error.
pub async fn open_link(fragment: String) -> Result<(Bundle, Option<RolloutPlan>), String> {
    open_link_code(fragment).await.map_err(|e| e.to_string())?
}

split_fn! {
    /// The fragment (`d=…`, without `#`) of a share link to `payload`
    /// ([`share::encode`]).
    fn link_fragment(payload: String) -> String {
        share::encode(&payload)
    }
}

/// A validator: [`traffic_model::validate()`].
pub type Validator = fn(&Bundle) -> Report;

split_fn! {
    /// [`traffic_model::validate()`], once its code is loaded.
    fn validator() -> Validator {
        traffic_model::validate as Validator
    }
}

split_fn! {
    /// The design of preset `id` ([`presets::build`]).
    fn preset(id: String) -> Option<Bundle> {
        presets::build(&id)
    }
}
