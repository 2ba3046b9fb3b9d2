//! The page shell: toolbar, the design's forms, the live YAML and diagnostics.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use traffic_model::rollout::RolloutPlan;
use traffic_model::{presets, share, Bundle, Document};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::components::lazy::loaded;
use crate::components::toolbar::import_file;
use crate::components::{DiagnosticList, Toolbar, YamlView};
use crate::editors::{DestinationRuleEditor, VirtualServiceEditor};
use crate::on_demand;
use crate::panels::rollout::RolloutPanel;
use crate::panels::simulator::{HighlightedRule, SimulatorInputs, SimulatorPanel, TrafficDiagram};
use crate::state::{AppOptions, AppState};

/// The `localStorage` key the standalone page autosaves to.
pub const AUTOSAVE_KEY: &str = "traffic-designer/v1/design";

/// How an instance starts: from a preset, the URL, or autosave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartOptions {
    /// Mount options (ids, read-only, embed, autosave).
    pub app: AppOptions,
    /// Preset id to start from when no link or autosave applies.
    pub preset: Option<String>,
    /// Read the design from the page URL's fragment (`#d=…`).
    pub use_url: bool,
}

impl StartOptions {
    /// The options of the standalone page: the URL decides (`?embed`,
    /// `?readonly`, `#d=…`), autosave on.
    pub fn from_page() -> Self {
        let (search, hash) = web_sys::window()
            .map(|w| {
                let l = w.location();
                (l.search().unwrap_or_default(), l.hash().unwrap_or_default())
            })
            .unwrap_or_default();
        let flag = |f: &str| share::has_flag(&search, f) || share::has_flag(&hash, f);
        let readonly = flag("readonly");
        StartOptions {
            app: AppOptions {
                id_prefix: String::new(),
                readonly,
                embed: flag("embed"),
                autosave_key: (!readonly).then(|| AUTOSAVE_KEY.to_string()),
                style_base: String::new(),
            },
            preset: None,
            use_url: true,
        }
    }
}

/// The design an instance starts with and a message about where it came
/// from.
#[derive(Clone, Debug, Default)]
pub struct Initial {
    /// The design.
    pub bundle: Bundle,
    /// The rollout plan a share link carried.
    pub plan: Option<RolloutPlan>,
    /// What to tell the user ("Restored your last design"), or empty.
    pub notice: String,
    /// The validator, loaded for a design that is not a preset (a preset's
    /// report is known: see [`crate::on_demand`]).
    pub validator: Option<on_demand::Validator>,
    /// The design is not a preset and its validator could not be loaded:
    /// the app asks for it again, "checking…" until then.
    pub unchecked: bool,
    /// The autosaved design could not be read (its reader could not be
    /// loaded): autosave stays off, so nothing overwrites it.
    pub keep_saved: bool,
}

impl Initial {
    /// A design that is not a preset, with its validator (or the note that
    /// it could not be loaded).
    async fn checked(bundle: Bundle, plan: Option<RolloutPlan>, notice: &str) -> Self {
        match on_demand::validator().await {
            Ok(check) => Initial {
                bundle,
                plan,
                notice: notice.into(),
                validator: Some(check),
                ..Initial::default()
            },
            Err(e) => Initial {
                bundle,
                plan,
                notice: format!("{notice}, not yet checked: {e}"),
                unchecked: true,
                ..Initial::default()
            },
        }
    }
}

impl StartOptions {
    /// The preset this instance starts with when no link or autosave
    /// applies (its builder is loaded first; the starting design needs
    /// none), and a note when the builder could not be loaded.
    async fn preset(&self) -> (Bundle, Option<String>) {
        let Some(id) = self.preset.clone() else { return (presets::start(), None) };
        match on_demand::preset(id).await {
            Ok(design) => (design.unwrap_or_else(presets::start), None),
            Err(e) => (presets::start(), Some(format!("Showing the default design: {e}"))),
        }
    }

    /// The design from the page's share link or the autosave, when there is
    /// one (their reading code is loaded first: see [`crate::on_demand`]),
    /// else the preset.
    pub async fn initial(&self) -> Initial {
        let preset = |notice: String| async move {
            let (bundle, problem) = self.preset().await;
            let notice = match problem {
                Some(p) if notice.is_empty() => p,
                _ => notice,
            };
            Initial { bundle, notice, ..Initial::default() }
        };
        if self.use_url {
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            if hash.contains("d=") {
                return match on_demand::open_link(hash).await {
                    Ok((bundle, plan)) => {
                        Initial::checked(bundle, plan, "Opened the design from the link").await
                    }
                    Err(e) => {
                        preset(format!("Could not open the link: {e}. Showing the default design."))
                            .await
                    }
                };
            }
        }
        if let Some(text) = self.app.autosave_key.as_deref().and_then(browser::storage_get) {
            match on_demand::read_yaml_code(text).await {
                Ok(Ok(l)) => {
                    return Initial::checked(l.bundle, None, "Restored your last design").await
                }
                // A saved text that no longer reads is left behind.
                Ok(Err(_)) => {}
                Err(e) => {
                    let mut start = preset(format!(
                        "Could not restore your last design ({e}); it stays saved: reload to try again"
                    ))
                    .await;
                    start.keep_saved = true;
                    return start;
                }
            }
        }
        preset(String::new()).await
    }
}

/// The views beside the design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideTab {
    /// The live, editable YAML.
    Yaml,
    /// Where a request goes.
    Simulator,
    /// The design as a picture.
    Diagram,
    /// The rollout plan, its manifests and the apply workflow.
    Rollout,
}

impl SideTab {
    const ALL: [(SideTab, &'static str, &'static str); 4] = [
        (SideTab::Yaml, "yaml", "YAML"),
        (SideTab::Simulator, "simulator", "Simulate"),
        (SideTab::Diagram, "diagram", "Diagram"),
        (SideTab::Rollout, "rollout", "Rollout plan"),
    ];
}

/// Tabs for the side views; the diagnostics stay visible under every tab.
#[component]
fn SideTabs(
    /// The selected tab.
    tab: RwSignal<SideTab>,
) -> impl IntoView {
    let st = AppState::expect();
    view! {
        <div class="td-tabs" role="tablist" aria-label="Views">
            {SideTab::ALL
                .into_iter()
                .map(|(t, id, label)| {
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="td-tabs__tab"
                            id=st.uid(&format!("td-tab-{id}"))
                            data-testid=format!("tab-{id}")
                            aria-selected=move || (tab.get() == t).to_string()
                            aria-controls=st.uid(&format!("td-panel-{id}"))
                            on:click=move |_| tab.set(t)
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        {SideTab::ALL
            .into_iter()
            .map(|(t, id, _)| {
                let shown = Memo::new(move |_| tab.get() == t);
                view! {
                    <div
                        role="tabpanel"
                        class="td-tabs__panel"
                        id=st.uid(&format!("td-panel-{id}"))
                        aria-labelledby=st.uid(&format!("td-tab-{id}"))
                        hidden=move || !shown.get()
                    >
                        // Only the panel shown is mounted: a hidden one would
                        // still recompute (simulate, diagram, six phase
                        // manifests) on every edit.
                        {move || {
                            shown
                                .get()
                                .then(|| match t {
                                    SideTab::Yaml => view! { <YamlView /> }.into_any(),
                                    panel => lazy_panel(panel),
                                })
                        }}
                    </div>
                }
            })
            .collect_view()}
    }
}

crate::on_demand::split_fn! {
    /// The simulator panel. With the `split` feature (the release `dist/`,
    /// `scripts/split-wasm`) its code is a separate wasm file, fetched the
    /// first time the tab is opened; so are the diagram's and the planner's.
    fn simulator_view() -> AnyView {
        view! { <SimulatorPanel /> }.into_any()
    }
}

crate::on_demand::split_fn! {
    /// The diagram panel (lazily loaded with `split`).
    fn diagram_view() -> AnyView {
        view! { <TrafficDiagram /> }.into_any()
    }
}

crate::on_demand::split_fn! {
    /// The rollout planner panel (lazily loaded with `split`).
    fn rollout_view() -> AnyView {
        view! { <RolloutPanel /> }.into_any()
    }
}

/// Side panel `tab` (not the YAML), once its code is loaded, with its style
/// sheet (linked here, so it loads while the code does, and a page that
/// never opens the panel fetches neither).
fn lazy_panel(tab: SideTab) -> AnyView {
    let sheet = match tab {
        SideTab::Rollout | SideTab::Yaml => "rollout.css",
        SideTab::Simulator | SideTab::Diagram => "simulator.css",
    };
    let href = AppState::expect().options.with_value(|o| format!("{}{sheet}", o.style_base));
    view! {
        <link rel="stylesheet" href=href />
        {loaded(async move {
            match tab {
                SideTab::Simulator => simulator_view().await,
                SideTab::Diagram => diagram_view().await,
                SideTab::Rollout | SideTab::Yaml => rollout_view().await,
            }
        })}
    }
    .into_any()
}

/// The whole app. `options` says how it was mounted; the standalone page
/// passes [`StartOptions::from_page`].
#[component]
pub fn App(
    /// How this instance starts.
    #[prop(optional)]
    options: Option<StartOptions>,
    /// The design to start with, from [`StartOptions::initial`]; without
    /// it, the starting design ([`presets::start`]).
    #[prop(optional)]
    initial: Option<Initial>,
) -> impl IntoView {
    let options = options.unwrap_or_else(StartOptions::from_page);
    let initial =
        initial.unwrap_or_else(|| Initial { bundle: presets::start(), ..Initial::default() });
    // Without a validator the design is a preset, whose report is known,
    // unless its validator could not be loaded.
    let state = if initial.unchecked {
        AppState::new(initial.bundle, options.app.clone())
    } else {
        AppState::new_clean(initial.bundle, options.app.clone())
    };
    if let Some(check) = initial.validator {
        state.set_validator(check);
    }
    if let Some(plan) = initial.plan {
        state.plan.set(plan);
    }
    state.notice.set(initial.notice);
    provide_context(state);
    provide_context(HighlightedRule::new());
    provide_context(SimulatorInputs::new());
    let tab = RwSignal::new(SideTab::Yaml);
    if let Some(key) = options.app.autosave_key.clone().filter(|_| !initial.keep_saved) {
        // Saved at most every 400 ms (writing 240 KB to localStorage on
        // every keystroke of a large design costs a frame), and when the
        // page goes away, so the last edit is never lost.
        let pending = StoredValue::new(false);
        let save_key = key.clone();
        Effect::new(move |_| {
            state.yaml.track();
            if pending.get_value() {
                return;
            }
            pending.set_value(true);
            let key = save_key.clone();
            set_timeout(
                move || {
                    pending.set_value(false);
                    state.yaml.try_with_untracked(|text| browser::storage_set(&key, text));
                },
                std::time::Duration::from_millis(400),
            );
        });
        let handle = window_event_listener(leptos::ev::pagehide, move |_| {
            state.yaml.try_with_untracked(|text| browser::storage_set(&key, text));
        });
        on_cleanup(move || handle.remove());
    }
    let readonly = options.app.readonly;
    let embed = options.app.embed;
    let docs = move || {
        state.bundle.with(|b| {
            b.documents
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let k = match d {
                        Document::VirtualService(_) => 1u8,
                        Document::DestinationRule(_) => 2,
                        Document::Other(_) => 3,
                    };
                    (i, k)
                })
                .collect::<Vec<_>>()
        })
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if readonly {
            return;
        }
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            import_file(state, file);
        }
    };
    let standalone = options.app.id_prefix.is_empty() && !embed;
    let on_key = move |ev: KeyboardEvent| {
        if readonly || !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let in_yaml =
            ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).is_some();
        if in_yaml {
            return; // the YAML editor keeps the browser's own text undo
        }
        match ev.key().as_str() {
            "z" | "Z" if ev.shift_key() => {
                ev.prevent_default();
                state.redo();
            }
            "z" | "Z" => {
                ev.prevent_default();
                state.undo();
            }
            "y" | "Y" => {
                ev.prevent_default();
                state.redo();
            }
            _ => {}
        }
    };
    // Consecutive edits from one control make one undo step.
    // The standalone page takes the shortcuts anywhere on the page; an
    // embedded instance only while focus is inside it.
    let on_key_here = move |ev: KeyboardEvent| {
        if !standalone {
            on_key(ev)
        }
    };
    if standalone {
        let handle = window_event_listener(leptos::ev::keydown, on_key);
        on_cleanup(move || handle.remove());
    }
    // The validator's code is fetched at the first sign of the user (an
    // unmodified preset needs none), so it is usually there before the first
    // edit lands.
    let wake = move || {
        if !readonly {
            state.want_validator();
        }
    };
    // Only typing and dragging group; every click is its own step.
    let on_focus_in = move |ev: leptos::ev::FocusEvent| {
        wake();
        let target = ev.target();
        let grouped = target
            .as_ref()
            .and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>())
            .is_some_and(|i| {
                matches!(i.type_().as_str(), "text" | "number" | "range") && !i.id().is_empty()
            })
            || target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlTextAreaElement>()).is_some();
        if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            if grouped {
                state.begin_group(&el.id());
            } else {
                state.end_group();
            }
        }
    };
    let on_focus_out = move |_: leptos::ev::FocusEvent| state.end_group();
    view! {
        <div
            class="td-app"
            class:td-app--embed=embed
            class:td-app--readonly=readonly
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=on_drop
            on:keydown=on_key_here
            on:focusin=on_focus_in
            on:pointerdown=move |_| wake()
            on:focusout=on_focus_out
        >
            <Show when=move || !embed>
                <header class="td-header">
                    <h1>"Traffic Designer"</h1>
                    <p class="td-header__sub">
                        "Istio traffic shifting, validated in your browser. Nothing leaves this page."
                    </p>
                </header>
            </Show>
            <Show
                when=move || !readonly
                fallback=move || {
                    view! {
                        <div class="td-readonly">
                            <YamlView />
                            <DiagnosticList />
                        </div>
                    }
                }
            >
                <Toolbar />
                <main class="td-main">
                    <div class="td-design" aria-label="Design">
                        <Show when=move || docs().is_empty()>
                            <p class="td-note" data-testid="empty-design">
                                "The design is empty: add a DestinationRule and a VirtualService, pick a preset, or import YAML (paste it into the YAML box, choose a file, or drop one here)."
                            </p>
                        </Show>
                        <For
                            each=docs
                            key=|d| *d
                            children=move |(i, k)| match k {
                                1 => view! { <VirtualServiceEditor doc=i /> }.into_any(),
                                2 => view! { <DestinationRuleEditor doc=i /> }.into_any(),
                                _ => {
                                    let label = state.bundle.with_untracked(|b| {
                                        b.documents
                                            .get(i)
                                            .map(|d| format!("{} {}", d.kind(), d.name()))
                                            .unwrap_or_default()
                                    });
                                    view! {
                                        <section class="td-resource td-resource--other">
                                            <h2 class="td-resource__title">{label}</h2>
                                            <p class="td-note">"Kept as written and exported unchanged."</p>
                                        </section>
                                    }
                                        .into_any()
                                }
                            }
                        />
                    </div>
                    <div class="td-side">
                        <SideTabs tab=tab />
                        <DiagnosticList />
                    </div>
                </main>
            </Show>
        </div>
    }
}
