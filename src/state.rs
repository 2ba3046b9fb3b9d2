//! Application state: the design as one signal, and what is derived from it.
//!
//! Every edit goes through [`AppState::edit`] (or a helper built on it), which
//! applies a model operation and tidies emptied blocks; the YAML and the
//! validation report are memos of the design, so an edit re-validates and
//! re-renders the YAML once. (The validator itself is loaded on first use:
//! see [`crate::on_demand`].)

use std::collections::HashMap;

use leptos::prelude::*;
use traffic_model::bundle::Loaded;
use traffic_model::destination_rule::DestinationRule;
use traffic_model::rollout::RolloutPlan;
use traffic_model::virtual_service::{HttpRoute, VirtualService};
use traffic_model::{edit, ApiVersion, Bundle, Document, Report, Severity};

use crate::on_demand::Validator;

/// Where the YAML text in the editor came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorText {
    /// The text shown in the YAML editor.
    pub text: String,
    /// The parse error of `text` with its location, when it does not parse.
    pub error: Option<String>,
    /// True while the text is the user's own (not yet re-formatted).
    pub dirty: bool,
}

/// The design being edited and its derived views, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The design.
    pub bundle: RwSignal<Bundle>,
    /// apiVersion to export with.
    pub api: RwSignal<ApiVersion>,
    /// The design as apply-ready YAML (DestinationRule first).
    pub yaml: Memo<String>,
    /// Istio's verdict on the design. Until the validator's code is loaded
    /// ([`AppState::validator`]) it is empty: an unmodified preset's report
    /// ([`AppState::new_clean`]); [`AppState::checking`] says when the
    /// design has changed since.
    pub report: Memo<Report>,
    /// The validator, once its code is loaded ([`crate::on_demand`]).
    pub validator: RwSignal<Option<Validator>>,
    /// True while the design has changed and the validator's code is still
    /// on its way: the report is not the design's yet.
    pub checking: Memo<bool>,
    /// Whether the validator's code has been asked for.
    validator_wanted: RwSignal<bool>,
    /// Whether it is being fetched now.
    validator_loading: StoredValue<bool>,
    /// After a failed fetch, when to try again (ms since the epoch).
    validator_retry_at: StoredValue<f64>,
    /// The report indexed by (document, path).
    pub diag_index: Memo<DiagIndex>,
    /// The YAML editor's text and parse state.
    pub editor: RwSignal<EditorText>,
    /// Locked weights, per (document, rule): view state, not part of the YAML.
    pub locks: RwSignal<HashMap<(usize, usize), Vec<bool>>>,
    /// A short message about the last import, preset or file operation.
    pub notice: RwSignal<String>,
    /// Undo and redo stacks of whole designs.
    pub history: RwSignal<History>,
    /// How this instance was mounted.
    pub options: StoredValue<AppOptions>,
    /// The design's DestinationRules alone (for "is this subset defined?"
    /// checks that should not re-run on every edit of a route).
    pub destination_rules: ReadSignal<Bundle>,
    /// A request to show the control of (document, field path), e.g. from a
    /// clicked diagnostic: a collapsed rule card opens for it.
    pub reveal: RwSignal<Option<(usize, String)>>,
    /// The rollout plan being edited; a share link carries it when it is
    /// not the design's standard plan.
    pub plan: RwSignal<RolloutPlan>,
}

/// A signal that follows `f`, set only when its value changes.
///
/// Unlike a [`Memo`], it does not pass "maybe changed" on to its readers
/// each time a source of `f` changes: a memo per rule over the whole
/// design would make every edit walk every control of every rule (the
/// cost of a 200-rule design). Here one effect per selector re-runs `f`,
/// and only the readers of a value that really changed re-run.
pub fn selector<T>(f: impl Fn() -> T + 'static) -> ReadSignal<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let (read, write) = signal(untrack(&f));
    Effect::new(move |_| {
        let next = f();
        if read.with_untracked(|now| *now != next) {
            write.set(next);
        }
    });
    read
}

/// One HTTP rule as a memo: the views of a rule card re-run only when that
/// rule changed, not on every edit anywhere in the design (this keeps a
/// 200-rule design responsive).
#[derive(Clone, Copy)]
pub struct RuleMemo(pub ReadSignal<Option<HttpRoute>>);

impl RuleMemo {
    /// A memo of rule `rule` of VirtualService `doc`.
    pub fn new(st: AppState, doc: usize, rule: usize) -> Self {
        // Compares in place and clones only a rule that changed.
        let (read, write) = signal(untrack(|| st.rule(doc, rule, HttpRoute::clone)));
        Effect::new(move |_| {
            let changed = st.bundle.with(|b| {
                let now = match b.documents.get(doc) {
                    Some(Document::VirtualService(v)) => v.spec.http.get(rule),
                    _ => None,
                };
                read.with_untracked(|old| old.as_ref() != now).then(|| now.cloned())
            });
            if let Some(next) = changed {
                write.set(next);
            }
        });
        RuleMemo(read)
    }

    /// Reads the rule (None when it no longer exists).
    pub fn with<T>(&self, f: impl FnOnce(&HttpRoute) -> T) -> Option<T> {
        self.0.with(|r| r.as_ref().map(f))
    }

    /// The memo provided by the enclosing rule card.
    pub fn expect() -> Self {
        expect_context::<RuleMemo>()
    }
}

/// The diagnostics of one part of a document (one HTTP rule), as a memo
/// that changes only when they do. Field views inside the part read this
/// instead of the whole index, so an edit that changes diagnostics
/// elsewhere does not re-run them (thousands of fields at 200 rules).
#[derive(Clone, Copy)]
pub struct DiagScope {
    /// Document index.
    pub doc: usize,
    /// The path of the part (`spec.http[3]`).
    pub prefix: StoredValue<String>,
    /// The diagnostics at `prefix` and inside it.
    pub index: Signal<DiagIndex>,
}

impl DiagScope {
    /// The scope of `prefix` in document `doc`.
    pub fn new(st: AppState, doc: usize, prefix: String) -> Self {
        let key = prefix.clone();
        let index = selector(move || {
            st.diag_index.with(|i| {
                i.range((doc, key.clone())..)
                    .take_while(|((d, p), _)| *d == doc && p.starts_with(key.as_str()))
                    .filter(|((_, p), _)| path_within(p, &key))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
        });
        DiagScope { doc, prefix: StoredValue::new(prefix), index: index.into() }
    }

    /// The index to read diagnostics of `path` in document `doc` from: the
    /// enclosing scope's when it covers the path, else the whole report's.
    pub fn index_for(doc: usize, path: &str) -> Signal<DiagIndex> {
        let st = AppState::expect();
        use_context::<DiagScope>()
            .filter(|s| s.doc == doc && s.prefix.with_value(|p| path_within(path, p)))
            .map_or(st.diag_index.into(), |s| s.index)
    }
}

/// True when field path `path` is `prefix` or a field inside it
/// (`spec.http[1].route` is within `spec.http[1]`; `spec.http[10]` is not).
pub fn path_within(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// Diagnostics by (document, field path), for fast lookups by field views.
pub type DiagIndex = std::collections::BTreeMap<(usize, String), Vec<(Severity, String)>>;

/// How an instance of the app was mounted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppOptions {
    /// Prefix for DOM ids, so several instances on one page stay apart
    /// (empty for the first).
    pub id_prefix: String,
    /// Only show the YAML and copy buttons (for runbooks).
    pub readonly: bool,
    /// Leave out the page chrome (header), for iframes and docs portals.
    pub embed: bool,
    /// `localStorage` key to autosave to; `None` disables autosave.
    pub autosave_key: Option<String>,
    /// Where the app's style sheets are, relative to the page (empty: next
    /// to it). The side panels link theirs when first shown.
    pub style_base: String,
}

/// Undo/redo history: snapshots of the design before each edit.
#[derive(Clone, Debug, Default)]
pub struct History {
    past: Vec<Bundle>,
    future: Vec<Bundle>,
    /// The control being edited; consecutive edits from one control (the
    /// keystrokes of one field, the drag of one slider) make one step.
    group: Option<String>,
    /// The group of the newest undo step.
    last_group: Option<String>,
}

/// How many undo steps are kept.
pub const HISTORY_LIMIT: usize = 200;

impl History {
    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Number of undo steps.
    pub fn undo_len(&self) -> usize {
        self.past.len()
    }

    /// True when the next edit continues the newest undo step (the same
    /// control is still being edited), so it needs no snapshot.
    fn continues_group(&self) -> bool {
        self.group.is_some() && self.group == self.last_group && !self.past.is_empty()
    }

    fn record(&mut self, before: Bundle) {
        if !self.continues_group() {
            self.past.push(before);
            if self.past.len() > HISTORY_LIMIT {
                self.past.remove(0);
            }
        }
        self.last_group = self.group.clone();
        self.future.clear();
    }
}

impl AppState {
    /// State holding `bundle`, for an instance mounted with `options`. The
    /// validator's code is asked for at once; the report follows when it
    /// is there ([`AppState::checking`] until then).
    pub fn new(bundle: Bundle, options: AppOptions) -> Self {
        let state = Self::new_clean(bundle, options);
        state.want_validator();
        state
    }

    /// [`AppState::new`] for a design known to have no findings: an
    /// unmodified preset (the model's test `presets_validate_without_findings`
    /// checks every one). Its report is empty until the design changes,
    /// which loads the validator; nothing is loaded before that. Also for a
    /// design whose validator is set at once ([`AppState::set_validator`]).
    pub fn new_clean(bundle: Bundle, options: AppOptions) -> Self {
        let bundle = RwSignal::new(bundle);
        let api = RwSignal::new(ApiVersion::V1);
        // Re-emits only the rules an edit changed.
        let cache = StoredValue::new(traffic_model::YamlCache::default());
        let yaml = Memo::new(move |_| {
            let api = api.get();
            bundle
                .with(|b| cache.try_update_value(|c| b.to_yaml_cached(api, c)))
                .unwrap_or_default()
        });
        let validator = RwSignal::new(None::<Validator>);
        let validator_wanted = RwSignal::new(false);
        let report = Memo::new(move |_| match validator.get() {
            Some(check) => bundle.with(check),
            None => Report::default(),
        });
        let checking =
            Memo::new(move |_| validator_wanted.get() && validator.with(Option::is_none));
        let diag_index = Memo::new(move |_| {
            report.with(|r| {
                let mut index = DiagIndex::new();
                for d in &r.diagnostics {
                    if let Some(doc) = d.document {
                        index
                            .entry((doc, d.path.clone()))
                            .or_default()
                            .push((d.severity, format!("{}: {}", d.code.id, d.message)));
                    }
                }
                index
            })
        });
        let editor = RwSignal::new(EditorText { text: String::new(), error: None, dirty: false });
        // The editor follows the design, except while it holds the user's own text.
        Effect::new(move |_| {
            let text = yaml.get();
            editor.update(|e| {
                if !e.dirty {
                    e.text = text;
                    e.error = None;
                }
            });
        });
        // Follow the design: when its weighted rule's subsets change (another
        // preset, an import), the rollout plan starts again from the
        // standard one.
        let plan = RwSignal::new(bundle.with_untracked(RolloutPlan::from_bundle));
        let design_subsets =
            Memo::new(move |_| bundle.with(|b| RolloutPlan::from_bundle(b).subsets));
        Effect::new(move |prev: Option<Vec<String>>| {
            let now = design_subsets.get();
            if prev.is_some_and(|p| p != now) {
                plan.set(bundle.with_untracked(RolloutPlan::from_bundle));
            }
            now
        });
        let destination_rules = selector(move || {
            bundle.with(|b| Bundle {
                documents: b
                    .documents
                    .iter()
                    .filter(|d| matches!(d, Document::DestinationRule(_)))
                    .cloned()
                    .collect(),
            })
        });
        AppState {
            reveal: RwSignal::new(None),
            destination_rules,
            bundle,
            api,
            yaml,
            report,
            validator,
            checking,
            validator_wanted,
            validator_loading: StoredValue::new(false),
            validator_retry_at: StoredValue::new(0.0),
            diag_index,
            editor,
            locks: RwSignal::new(HashMap::new()),
            notice: RwSignal::new(String::new()),
            history: RwSignal::new(History::default()),
            options: StoredValue::new(options),
            plan,
        }
    }

    /// Starts an edit group: until [`AppState::end_group`], edits from
    /// control `key` make a single undo step.
    pub fn begin_group(&self, key: &str) {
        self.history.update(|h| {
            if h.group.as_deref() != Some(key) {
                h.group = Some(key.to_string());
                h.last_group = None;
            }
        });
    }

    /// Ends the current edit group.
    pub fn end_group(&self) {
        self.history.update(|h| {
            h.group = None;
            h.last_group = None;
        });
    }

    /// Undoes the last edit step.
    pub fn undo(&self) {
        let Some(prev) = self.history.try_update(|h| h.past.pop()).flatten() else { return };
        let current = self.bundle.get_untracked();
        self.history.update(|h| {
            h.future.push(current);
            h.last_group = None;
        });
        self.editor.update(|e| e.dirty = false);
        self.bundle.set(prev);
    }

    /// Redoes the last undone step.
    pub fn redo(&self) {
        let Some(next) = self.history.try_update(|h| h.future.pop()).flatten() else { return };
        let current = self.bundle.get_untracked();
        self.history.update(|h| {
            h.past.push(current);
            h.last_group = None;
        });
        self.editor.update(|e| e.dirty = false);
        self.bundle.set(next);
    }

    /// The DOM id `id` for this instance (`id` itself for the first).
    pub fn uid(&self, id: &str) -> String {
        self.options.with_value(|o| format!("{}{id}", o.id_prefix))
    }

    /// The state provided by the nearest [`crate::App`].
    pub fn expect() -> Self {
        expect_context::<AppState>()
    }

    /// Uses `check` as the validator from now on (the start of a page that
    /// opened a link or an autosave loads it before the first render).
    pub fn set_validator(&self, check: Validator) {
        self.validator_wanted.set(true);
        self.validator.set(Some(check));
    }

    /// Starts loading the validator's code, unless it is loaded or on its
    /// way. Called on the first change of the design and, earlier, when the
    /// user first focuses or presses anything in the app, so the code is
    /// usually there before the first edit is.
    ///
    /// If the code cannot be fetched, the counts keep saying "checking…",
    /// the notice says why, and a call at least 3 s later tries again.
    pub fn want_validator(&self) {
        if self.validator_loading.get_value() || self.validator.with_untracked(Option::is_some) {
            return;
        }
        let now = js_sys::Date::now();
        if now < self.validator_retry_at.get_value() {
            return;
        }
        self.validator_loading.set_value(true);
        if !self.validator_wanted.get_untracked() {
            self.validator_wanted.set(true);
        }
        let st = *self;
        leptos::task::spawn_local(async move {
            let loaded = crate::on_demand::validator().await;
            st.validator_loading.try_set_value(false);
            match loaded {
                Ok(check) => {
                    st.validator.try_set(Some(check));
                }
                Err(e) => {
                    st.validator_retry_at.try_set_value(js_sys::Date::now() + 3000.0);
                    st.notice.try_set(format!("The design is not checked yet: {e}"));
                }
            }
        });
    }

    /// Applies `f` to the design, then tidies emptied blocks. The design as
    /// it was goes on the undo stack (one step per control being edited).
    pub fn edit(&self, f: impl FnOnce(&mut Bundle)) {
        self.want_validator();
        if self.history.with_untracked(History::continues_group) {
            // The newest undo step already holds the design from before this
            // control was touched: edit in place, no copy of the design.
            self.bundle.update(|b| {
                f(b);
                edit::tidy(b);
            });
            self.history.update(|h| h.future.clear());
            return;
        }
        let mut next = self.bundle.get_untracked();
        f(&mut next);
        edit::tidy(&mut next);
        if self.bundle.with_untracked(|b| *b == next) {
            return;
        }
        self.set_recorded(next);
    }

    /// Sets the design to `next`; the design it replaces (moved, not
    /// cloned: a copy of a 200-rule design costs milliseconds) goes on the
    /// undo stack.
    fn set_recorded(&self, next: Bundle) {
        self.want_validator();
        if let Some(before) = self.bundle.try_update(|b| std::mem::replace(b, next)) {
            self.history.update(|h| h.record(before));
        }
    }

    /// Reads VirtualService document `doc`.
    pub fn vs<T>(&self, doc: usize, f: impl FnOnce(&VirtualService) -> T) -> Option<T> {
        self.bundle.with(|b| match b.documents.get(doc) {
            Some(Document::VirtualService(v)) => Some(f(v)),
            _ => None,
        })
    }

    /// Edits VirtualService document `doc`.
    pub fn edit_vs(&self, doc: usize, f: impl FnOnce(&mut VirtualService)) {
        self.edit(|b| {
            if let Some(Document::VirtualService(v)) = b.documents.get_mut(doc) {
                f(v);
            }
        });
    }

    /// Reads HTTP rule `rule` of VirtualService `doc`.
    pub fn rule<T>(&self, doc: usize, rule: usize, f: impl FnOnce(&HttpRoute) -> T) -> Option<T> {
        self.vs(doc, |v| v.spec.http.get(rule).map(f)).flatten()
    }

    /// Edits HTTP rule `rule` of VirtualService `doc`.
    pub fn edit_rule(&self, doc: usize, rule: usize, f: impl FnOnce(&mut HttpRoute)) {
        self.edit_vs(doc, |v| {
            if let Some(r) = v.spec.http.get_mut(rule) {
                f(r);
            }
        });
    }

    /// Reads DestinationRule document `doc`.
    pub fn dr<T>(&self, doc: usize, f: impl FnOnce(&DestinationRule) -> T) -> Option<T> {
        self.bundle.with(|b| match b.documents.get(doc) {
            Some(Document::DestinationRule(d)) => Some(f(d)),
            _ => None,
        })
    }

    /// Edits DestinationRule document `doc`.
    pub fn edit_dr(&self, doc: usize, f: impl FnOnce(&mut DestinationRule)) {
        self.edit(|b| {
            if let Some(Document::DestinationRule(d)) = b.documents.get_mut(doc) {
                f(d);
            }
        });
    }

    /// Replaces the design with `bundle` (a preset, an import), forgetting
    /// view state that belonged to the old one.
    pub fn replace(&self, bundle: Bundle) {
        self.locks.set(HashMap::new());
        self.editor.update(|e| e.dirty = false);
        self.end_group();
        self.set_recorded(bundle);
    }

    /// Reads YAML into the design (see [`crate::on_demand::read_yaml`]). On
    /// success the design is replaced; on a parse error the design stays as
    /// it was and the error (with line and column) is returned.
    pub async fn load_yaml(&self, text: String) -> Result<usize, String> {
        crate::on_demand::read_yaml(text).await.and_then(|loaded| self.apply_loaded(loaded))
    }

    /// Makes `loaded` the design, unless it holds no VirtualService or
    /// DestinationRule (then the design stays and the reason is returned).
    /// Returns the number of documents read.
    pub fn apply_loaded(&self, loaded: Loaded) -> Result<usize, String> {
        let n = loaded.bundle.documents.len();
        if n == 0 {
            return Err("the text holds no document".into());
        }
        if loaded.bundle.virtual_services().next().is_none()
            && loaded.bundle.destination_rules().next().is_none()
        {
            return Err(match loaded.diagnostics.first() {
                Some(d) => format!(
                    "{}{}",
                    d.location
                        .map(|l| format!("line {}, column {}: ", l.line, l.column))
                        .unwrap_or_default(),
                    d.message
                ),
                None => "the text holds no VirtualService or DestinationRule".into(),
            });
        }
        self.locks.set(HashMap::new());
        if self.bundle.with_untracked(|b| *b != loaded.bundle) {
            self.set_recorded(loaded.bundle);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::path_within;

    #[test]
    fn a_path_is_within_itself_and_its_parents_only() {
        assert!(path_within("spec.http[1]", "spec.http[1]"));
        assert!(path_within("spec.http[1].route[0].weight", "spec.http[1]"));
        assert!(path_within("spec.http[1][0]", "spec.http[1]"));
        assert!(!path_within("spec.http[10]", "spec.http[1]"));
        assert!(!path_within("spec.http[1]x", "spec.http[1]"));
        assert!(!path_within("spec", "spec.http"));
    }
}
