//! The request simulator ("where will *this* request go?") and the traffic
//! diagram.
//!
//! Both are views over `traffic_model::simulate`: the panel turns what was
//! typed into a [`Request`], and the outcome is a memo of the design and
//! the request, so every edit of either re-simulates once. The rule that
//! matched is published as [`HighlightedRule`] for the rule cards and the
//! diagram.

use leptos::prelude::*;
use traffic_model::simulate::{
    self, format_header_lines, format_pairs, parse_header_lines, parse_pairs, pct, Action,
    DiagramOptions, Outcome, Request, Share, Verdict, REQUEST_PRESETS,
};
use traffic_model::virtual_service::StringMatch;

use crate::browser::download;
use crate::state::AppState;

/// The rule the simulated request matched, as (document index, rule index
/// in `spec.http`), for highlighting it in the rule cards and the diagram.
/// `None` while no rule matches.
#[derive(Clone, Copy, Debug)]
pub struct HighlightedRule(pub RwSignal<Option<(usize, usize)>>);

impl Default for HighlightedRule {
    fn default() -> Self {
        Self::new()
    }
}

impl HighlightedRule {
    /// Nothing highlighted.
    pub fn new() -> Self {
        HighlightedRule(RwSignal::new(None))
    }

    /// The one in context, or a new one provided to the current owner
    /// (provide one in `App` so siblings of the simulator see it too).
    pub fn use_or_provide() -> Self {
        use_context::<HighlightedRule>().unwrap_or_else(|| {
            let h = HighlightedRule::new();
            provide_context(h);
            h
        })
    }
}

/// The simulator's inputs, kept by the app (not the panel) so they survive
/// switching tabs: the side panels are only mounted while shown.
#[derive(Clone, Copy, Debug)]
pub struct SimulatorInputs {
    /// The request form as typed.
    pub form: RwSignal<RequestForm>,
    /// The request preset last picked.
    pub preset: RwSignal<String>,
}

impl SimulatorInputs {
    /// Inputs showing the default request.
    pub fn new() -> Self {
        SimulatorInputs {
            form: RwSignal::new(RequestForm::from_request(&Request::default())),
            preset: RwSignal::new(String::new()),
        }
    }

    /// The inputs in context, or new ones (a panel mounted on its own).
    pub fn use_or_new() -> Self {
        use_context::<SimulatorInputs>().unwrap_or_default()
    }
}

impl Default for SimulatorInputs {
    fn default() -> Self {
        Self::new()
    }
}

/// The simulator form as typed: one string per control.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestForm {
    /// Authority; empty means the only VirtualService's host.
    pub host: String,
    /// Method.
    pub method: String,
    /// Path, optionally with `?query`.
    pub path: String,
    /// `http` or `https`.
    pub scheme: String,
    /// Port; empty means the default.
    pub port: String,
    /// `Name: value` lines.
    pub headers: String,
    /// `key=value` lines.
    pub query: String,
    /// `key=value` lines.
    pub labels: String,
    /// Namespace of the caller; empty means the VirtualService's.
    pub namespace: String,
    /// Gateway; empty means `mesh`.
    pub gateway: String,
}

impl RequestForm {
    /// The form showing `r`.
    pub fn from_request(r: &Request) -> Self {
        RequestForm {
            host: r.host.clone(),
            method: r.method.clone(),
            path: r.path.clone(),
            scheme: r.scheme.clone(),
            port: r.port.map(|p| p.to_string()).unwrap_or_default(),
            headers: format_header_lines(&r.headers),
            query: r.query.iter().map(|(k, v)| format!("{k}={v}\n")).collect(),
            labels: format_pairs(&r.source_labels),
            namespace: r.source_namespace.clone().unwrap_or_default(),
            gateway: if r.gateway == simulate::MESH { String::new() } else { r.gateway.clone() },
        }
    }

    /// The request the form describes; what cannot be read (a port that is
    /// not a number) is left at its default.
    pub fn to_request(&self) -> Request {
        let d = Request::default();
        let or = |s: &str, default: &str| {
            let s = s.trim();
            if s.is_empty() {
                default.to_string()
            } else {
                s.to_string()
            }
        };
        Request {
            host: self.host.trim().to_string(),
            method: or(&self.method, &d.method),
            path: or(&self.path, &d.path),
            scheme: or(&self.scheme, &d.scheme),
            port: self.port.trim().parse().ok(),
            headers: parse_header_lines(&self.headers),
            query: parse_pairs(&self.query),
            source_labels: parse_pairs(&self.labels).into_iter().collect(),
            source_namespace: Some(self.namespace.trim().to_string()).filter(|s| !s.is_empty()),
            gateway: or(&self.gateway, simulate::MESH),
        }
    }

    /// The form with the headers, query, labels, namespace and gateway of
    /// preset `r`; host, method, path, scheme and port stay as typed.
    pub fn with_preset(&self, r: &Request) -> Self {
        let p = RequestForm::from_request(r);
        RequestForm {
            headers: p.headers,
            query: p.query,
            labels: p.labels,
            namespace: p.namespace,
            gateway: p.gateway,
            ..self.clone()
        }
    }
}

/// A labelled one-line input bound to one field of the form.
fn text_input(
    st: AppState,
    form: RwSignal<RequestForm>,
    label: &'static str,
    key: &'static str,
    placeholder: &'static str,
    get: fn(&RequestForm) -> String,
    set: fn(&mut RequestForm, String),
) -> impl IntoView {
    let id = st.uid(&format!("td-sim-{key}"));
    view! {
        <div class="td-field td-sim__field">
            <label class="td-field__label" for=id.clone()>{label}</label>
            <input
                class="td-field__input"
                type="text"
                id=id
                data-testid=format!("sim-{key}")
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                prop:value=move || form.with(get)
                on:input:target=move |ev| {
                    let v = ev.target().value();
                    form.update(|f| set(f, v));
                }
            />
        </div>
    }
}

/// A labelled multi-line input bound to one field of the form.
fn text_area(
    st: AppState,
    form: RwSignal<RequestForm>,
    label: &'static str,
    key: &'static str,
    placeholder: &'static str,
    get: fn(&RequestForm) -> String,
    set: fn(&mut RequestForm, String),
) -> impl IntoView {
    let id = st.uid(&format!("td-sim-{key}"));
    view! {
        <div class="td-field td-sim__field td-sim__field--wide">
            <label class="td-field__label" for=id.clone()>{label}</label>
            <textarea
                class="td-field__input td-sim__area"
                id=id
                rows="3"
                data-testid=format!("sim-{key}")
                placeholder=placeholder
                spellcheck="false"
                prop:value=move || form.with(get)
                on:input:target=move |ev| {
                    let v = ev.target().value();
                    form.update(|f| set(f, v));
                }
            ></textarea>
        </div>
    }
}

/// `reviews · v2 · port 9080`.
fn share_text(s: &Share) -> String {
    let mut t = s.host.clone();
    if let Some(sub) = &s.subset {
        t.push_str(" · ");
        t.push_str(sub);
    }
    if let Some(p) = s.port {
        t.push_str(&format!(" · port {p}"));
    }
    t
}

/// `Rule 2 (beta)`: 1-based, as the rule cards number them.
fn rule_text(index: usize, name: Option<&str>) -> String {
    match name.filter(|n| !n.is_empty()) {
        Some(n) => format!("Rule {} ({n})", index + 1),
        None => format!("Rule {}", index + 1),
    }
}

/// The request form, its presets, and where the request goes.
#[component]
pub fn SimulatorPanel() -> impl IntoView {
    let st = AppState::expect();
    let hl = HighlightedRule::use_or_provide();
    let SimulatorInputs { form, preset } = SimulatorInputs::use_or_new();
    let request = Memo::new(move |_| form.with(RequestForm::to_request));
    let outcome: Memo<Outcome> = Memo::new(move |_| {
        let r = request.get();
        st.bundle.with(|b| simulate::simulate(b, &r))
    });
    Effect::new(move |_| hl.0.set(outcome.with(Outcome::matched_rule)));
    on_cleanup(move || {
        hl.0.try_set(None);
    });
    let readonly = st.options.with_value(|o| o.readonly);

    let on_preset = move |id: String| {
        preset.set(id.clone());
        if let Some(p) = simulate::request_preset(&id) {
            let r = (p.build)();
            form.update(|f| *f = f.with_preset(&r));
        }
    };
    let preset_id = st.uid("td-sim-preset");

    let headline = move || {
        outcome.with(|o| {
            let vs = o.virtual_service.as_ref().map(|v| format!("{}/{}", v.namespace, v.name));
            let (class, text) = match (&vs, o.rule) {
                (None, _) => (
                    "td-sim__verdict td-sim__verdict--none",
                    "No VirtualService applies to this request".to_string(),
                ),
                (Some(vs), None) => (
                    "td-sim__verdict td-sim__verdict--miss",
                    format!("No rule of {vs} matches: Envoy answers 404 Not Found"),
                ),
                (Some(vs), Some(r)) => (
                    "td-sim__verdict td-sim__verdict--hit",
                    format!("{} of {vs} matches", rule_text(r, o.rule_name.as_deref())),
                ),
            };
            let rule_index = o.rule.map(|r| r.to_string()).unwrap_or_default();
            let doc =
                o.virtual_service.as_ref().map(|v| v.document.to_string()).unwrap_or_default();
            view! {
                <p class=class data-testid="sim-result-rule" data-rule=rule_index data-doc=doc>
                    {text}
                </p>
            }
        })
    };

    let skipped = move || {
        outcome.with(|o| {
            o.skipped()
                .map(|r| {
                    let undecided = r.verdict == Verdict::Undecided;
                    let label = rule_text(r.index, r.name.as_deref());
                    let blocks = r
                        .blocks
                        .iter()
                        .map(|b| {
                            let items = b
                                .failures()
                                .map(|c| {
                                    view! {
                                        <li>
                                            <code>{c.path.clone()}</code>
                                            ": "
                                            {c.detail.clone()}
                                        </li>
                                    }
                                })
                                .collect_view();
                            let head = match b.name.as_deref() {
                                Some(n) => format!("match {} ({n})", b.index + 1),
                                None => format!("match {}", b.index + 1),
                            };
                            view! {
                                <li>
                                    {head}
                                    <ul>{items}</ul>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <li
                            class="td-sim__skip"
                            class:td-sim__skip--undecided=undecided
                            data-testid=format!("sim-result-skip-{}", r.index)
                        >
                            <strong>{label}</strong>
                            {if undecided { " could not be evaluated:" } else { " does not match:" }}
                            <ul>{blocks}</ul>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let action = move || {
        outcome.with(|o| match &o.action {
            Action::Redirect { status, location } => {
                Some(format!("Redirect {status} → {location}"))
            }
            Action::DirectResponse { status } => Some(format!("Direct response {status}")),
            Action::Delegate { target } => {
                Some(format!("Delegated to VirtualService {target} (not simulated)"))
            }
            _ => None,
        })
    };

    let destinations = move || {
        outcome.with(|o| {
            o.destinations
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let width = format!("{}%", d.percent.clamp(0.0, 100.0));
                    view! {
                        <li class="td-sim__share" data-testid=format!("sim-result-dest-{k}")>
                            <span class="td-sim__share-name">{share_text(d)}</span>
                            <span class="td-sim__share-pct">{pct(d.percent)}</span>
                            <span class="td-sim__bar" aria-hidden="true">
                                <span class="td-sim__bar-fill" style:width=width></span>
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let mirrors = move || {
        outcome.with(|o| {
            o.mirrors
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    view! {
                        <li class="td-sim__share td-sim__share--mirror" data-testid=format!("sim-result-mirror-{k}")>
                            <span class="td-sim__share-name">"mirror → " {share_text(m)}</span>
                            <span class="td-sim__share-pct">{pct(m.percent)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let fault = move || {
        outcome.with(|o| {
            o.fault.as_ref().map(|f| {
                let mut parts = Vec::new();
                if let Some(d) = &f.delay {
                    parts.push(format!(
                        "{} of requests delayed by {}",
                        pct(d.percent),
                        d.fixed_delay
                    ));
                }
                if let Some(a) = &f.abort {
                    let what = a
                        .http_status
                        .map(|s| format!("HTTP {s}"))
                        .or_else(|| a.grpc_status.as_ref().map(|g| format!("gRPC {g}")))
                        .unwrap_or_default();
                    parts.push(format!("{} of requests aborted with {what}", pct(a.percent)));
                }
                view! {
                    <p class="td-sim__fault" data-testid="sim-result-fault">
                        "Fault: " {parts.join("; ")}
                    </p>
                }
            })
        })
    };

    let resilience = move || {
        outcome.with(|o| {
            (o.matched() && o.action == Action::Route).then(|| {
                let timeout = o.timeout.clone().unwrap_or_else(|| "none (disabled)".into());
                let retries = match &o.retries {
                    None => "none".to_string(),
                    Some(r) => format!(
                        "{} attempt(s){} on {}{}",
                        r.attempts,
                        r.per_try_timeout
                            .as_deref()
                            .map(|t| format!(", {t} per try"))
                            .unwrap_or_default(),
                        r.retry_on,
                        if r.mesh_default { " (Istio's default)" } else { "" }
                    ),
                };
                view! {
                    <dl class="td-sim__policy">
                        <dt>"Timeout"</dt>
                        <dd data-testid="sim-result-timeout">{timeout}</dd>
                        <dt>"Retries"</dt>
                        <dd data-testid="sim-result-retries">{retries}</dd>
                    </dl>
                }
            })
        })
    };

    let hints = move || {
        outcome.with(|o| {
            o.hints
                .iter()
                .enumerate()
                .map(|(k, h)| {
                    let (doc, rule, block, header) = (h.document, h.rule, h.block, h.header.clone());
                    let suggestion = h.suggestion.clone();
                    let apply = suggestion.clone().filter(|_| !readonly).map(|s| {
                        view! {
                            <button
                                type="button"
                                class="td-button td-button--small"
                                data-testid=format!("sim-hint-apply-{k}")
                                on:click=move |_| {
                                    let (s, header) = (s.clone(), header.clone());
                                    st.edit_rule(doc, rule, move |r| {
                                        if let Some(m) = r.matches.get_mut(block) {
                                            m.headers.insert(header, StringMatch::regex(s));
                                        }
                                    });
                                }
                            >
                                "Use this pattern"
                            </button>
                        }
                    });
                    view! {
                        <div class="td-sim__hint" role="note" data-testid=format!("sim-hint-{k}")>
                            <p>{format!("{}: {}", rule_text(rule, None), h.message)}</p>
                            {suggestion.map(|s| view! { <p>"A pattern that matches: " <code>{s}</code></p> })}
                            {apply}
                        </div>
                    }
                })
                .collect_view()
        })
    };

    let trace = move || {
        outcome.with(|o| o.trace.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view())
    };
    let uncertain = move || {
        outcome.with(|o| !o.certain).then(|| {
            view! {
                <p class="td-sim__note" data-testid="sim-uncertain">
                    "A condition could not be evaluated here (see the reasons); Envoy may decide otherwise."
                </p>
            }
        })
    };

    view! {
        <section class="td-sim" aria-labelledby=st.uid("td-sim-title") data-testid="simulator">
            <h2 id=st.uid("td-sim-title")>"Where does this request go?"</h2>
            <div class="td-sim__layout">
                <form class="td-sim__form" on:submit=|ev| ev.prevent_default()>
                    <div class="td-field td-sim__field td-sim__field--wide">
                        <label class="td-field__label" for=preset_id.clone()>"Example request"</label>
                        <select
                            class="td-field__input"
                            id=preset_id
                            data-testid="sim-preset"
                            prop:value=move || preset.get()
                            on:change:target=move |ev| on_preset(ev.target().value())
                        >
                            <option value="">"Choose an example…"</option>
                            {REQUEST_PRESETS
                                .iter()
                                .map(|p| view! { <option value=p.id>{p.title}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    {text_input(st, form, "Host (authority)", "host", "the VirtualService's host", |f| f.host.clone(), |f, v| f.host = v)}
                    {text_input(st, form, "Method", "method", "GET", |f| f.method.clone(), |f, v| f.method = v)}
                    {text_input(st, form, "Path", "path", "/", |f| f.path.clone(), |f, v| f.path = v)}
                    {text_input(st, form, "Scheme", "scheme", "http", |f| f.scheme.clone(), |f, v| f.scheme = v)}
                    {text_input(st, form, "Port", "port", "80", |f| f.port.clone(), |f, v| f.port = v)}
                    {text_input(st, form, "Gateway", "gateway", "mesh", |f| f.gateway.clone(), |f, v| f.gateway = v)}
                    {text_area(st, form, "Headers (Name: value, one per line; cookies in Cookie)", "headers", "x-user-type: beta\ncookie: theme=dark; user=beta", |f| f.headers.clone(), |f, v| f.headers = v)}
                    {text_area(st, form, "Query parameters (key=value)", "query", "debug=true", |f| f.query.clone(), |f, v| f.query = v)}
                    {text_area(st, form, "Caller's labels (key=value)", "source-labels", "app=productpage\nversion=v2", |f| f.labels.clone(), |f, v| f.labels = v)}
                    {text_input(st, form, "Caller's namespace", "source-namespace", "the VirtualService's", |f| f.namespace.clone(), |f, v| f.namespace = v)}
                </form>
                <div class="td-sim__result" role="status" aria-live="polite" data-testid="sim-result">
                    {headline}
                    {action}
                    <ul class="td-sim__shares" aria-label="Destinations">{destinations}</ul>
                    <ul class="td-sim__shares" aria-label="Mirrors">{mirrors}</ul>
                    {fault}
                    {resilience}
                    {hints}
                    {uncertain}
                    <ul class="td-sim__skips" aria-label="Earlier rules">{skipped}</ul>
                    <details class="td-sim__trace" data-testid="sim-result-trace">
                        <summary>"How Envoy decides, step by step"</summary>
                        <ol>{trace}</ol>
                    </details>
                </div>
            </div>
        </section>
    }
}

/// The design as a live SVG diagram (hosts → rules → destinations), with
/// the simulated request's rule highlighted, and a "Download SVG" button.
#[component]
pub fn TrafficDiagram() -> impl IntoView {
    let st = AppState::expect();
    let hl = use_context::<HighlightedRule>();
    // In the app the simulator is not mounted while the diagram is shown:
    // the diagram simulates the request in the app's simulator inputs itself.
    let inputs = use_context::<SimulatorInputs>();
    let id_prefix = st.uid("");
    let svg = Memo::new(move |_| {
        let highlight = match inputs {
            Some(i) => {
                let r = i.form.with(RequestForm::to_request);
                st.bundle.with(|b| simulate::simulate(b, &r).matched_rule())
            }
            None => hl.and_then(|h| h.0.get()),
        };
        let opts = DiagramOptions { highlight, id_prefix: id_prefix.clone() };
        st.bundle.with(|b| simulate::diagram_with(b, &opts))
    });
    let (status, set_status) = signal(String::new());
    let save = move |_| {
        let text = st.bundle.with_untracked(simulate::diagram);
        match download("traffic-diagram.svg", &text, "image/svg+xml") {
            Ok(()) => set_status.set("Downloaded traffic-diagram.svg".into()),
            Err(e) => set_status.set(format!("Download failed: {e}")),
        }
    };
    view! {
        <section class="td-diagram" aria-labelledby=st.uid("td-diagram-heading")>
            <div class="td-diagram__bar">
                <h2 id=st.uid("td-diagram-heading")>"Traffic diagram"</h2>
                <button type="button" class="td-button" data-testid="diagram-download" on:click=save>
                    "Download SVG"
                </button>
                <span class="td-diagram__status" role="status">{status}</span>
            </div>
            // `inner_html` is safe here only because `traffic_model::simulate::diagram`
            // XML-escapes every string that comes from the design and emits no
            // script, style sheet, link or external reference (tested in the model).
            <div class="td-diagram__canvas" data-testid="diagram" inner_html=move || svg.get()></div>
        </section>
    }
}
