//! Traffic policy of a DestinationRule or of one of its subsets: load
//! balancer (incl. consistent hash), connection pool, outlier detection,
//! TLS, and per-port settings.

use leptos::prelude::*;
use traffic_model::common::PortSelector;
use traffic_model::destination_rule::{
    ClientTlsSettings, ConnectionPoolSettings, ConsistentHashLb, DestinationRule, HttpCookie,
    LoadBalancerSettings, OutlierDetection, PortTrafficPolicy, SimpleLb, TlsMode, TrafficPolicy,
};

use crate::components::field::{non_empty, to_i32, to_u32, NumberField, SelectField, TextField};
use crate::components::lazy::loaded;
use crate::state::AppState;

/// Which traffic policy of a DestinationRule an editor works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyAt {
    /// `spec.trafficPolicy`.
    Top,
    /// `spec.subsets[i].trafficPolicy`.
    Subset(usize),
}

impl PolicyAt {
    /// The field path of the policy.
    pub fn path(self) -> String {
        match self {
            PolicyAt::Top => "spec.trafficPolicy".into(),
            PolicyAt::Subset(i) => format!("spec.subsets[{i}].trafficPolicy"),
        }
    }

    fn get(self, dr: &DestinationRule) -> Option<&TrafficPolicy> {
        match self {
            PolicyAt::Top => dr.spec.traffic_policy.as_ref(),
            PolicyAt::Subset(i) => dr.spec.subsets.get(i)?.traffic_policy.as_ref(),
        }
    }

    fn get_mut(self, dr: &mut DestinationRule) -> Option<&mut TrafficPolicy> {
        let slot = match self {
            PolicyAt::Top => &mut dr.spec.traffic_policy,
            PolicyAt::Subset(i) => &mut dr.spec.subsets.get_mut(i)?.traffic_policy,
        };
        Some(slot.get_or_insert_with(Default::default))
    }
}

const LB_OPTIONS: &[(&str, &str)] = &[
    ("", "Istio default (LEAST_REQUEST)"),
    ("ROUND_ROBIN", "Round robin"),
    ("LEAST_REQUEST", "Least request"),
    ("LEAST_CONN", "Least connections (deprecated)"),
    ("RANDOM", "Random"),
    ("PASSTHROUGH", "Passthrough"),
    ("UNSPECIFIED", "Unspecified"),
    ("hash:header", "Consistent hash: HTTP header"),
    ("hash:cookie", "Consistent hash: HTTP cookie"),
    ("hash:sourceIp", "Consistent hash: source IP"),
    ("hash:query", "Consistent hash: query parameter"),
];

const TLS_OPTIONS: &[(&str, &str)] = &[
    ("", "Not set (mesh default)"),
    ("DISABLE", "DISABLE"),
    ("SIMPLE", "SIMPLE"),
    ("MUTUAL", "MUTUAL"),
    ("ISTIO_MUTUAL", "ISTIO_MUTUAL"),
];

fn lb_choice(lb: Option<&LoadBalancerSettings>) -> String {
    let Some(lb) = lb else { return String::new() };
    if let Some(s) = lb.simple {
        return s.as_str().to_string();
    }
    match &lb.consistent_hash {
        Some(h) if h.http_header_name.is_some() => "hash:header".into(),
        Some(h) if h.http_cookie.is_some() => "hash:cookie".into(),
        Some(h) if h.use_source_ip.is_some() => "hash:sourceIp".into(),
        Some(h) if h.http_query_parameter_name.is_some() => "hash:query".into(),
        _ => String::new(),
    }
}

fn set_lb_choice(slot: &mut Option<LoadBalancerSettings>, choice: &str) {
    let lb = slot.get_or_insert_with(Default::default);
    lb.simple = SimpleLb::ALL.into_iter().find(|s| s.as_str() == choice);
    let hash = |f: fn(&mut ConsistentHashLb)| {
        let mut h = ConsistentHashLb::default();
        f(&mut h);
        Some(h)
    };
    lb.consistent_hash = match choice {
        "hash:header" => hash(|h| h.http_header_name = Some("x-user".into())),
        "hash:cookie" => hash(|h| {
            h.http_cookie = Some(HttpCookie {
                name: "user".into(),
                ttl: Some("0s".into()),
                ..Default::default()
            })
        }),
        "hash:sourceIp" => hash(|h| h.use_source_ip = Some(true)),
        "hash:query" => hash(|h| h.http_query_parameter_name = Some("user".into())),
        _ => None,
    };
}

/// A traffic policy behind a disclosure. Its editor is mounted (and, in the
/// split release build, its code fetched) when the disclosure is opened, or
/// when a diagnostic inside it is clicked in the list.
#[component]
pub fn PolicyDetails(
    /// Document index.
    doc: usize,
    /// Which policy.
    at: PolicyAt,
    /// The disclosure's summary line.
    summary: &'static str,
) -> impl IntoView {
    let st = AppState::expect();
    let open = RwSignal::new(false);
    let prefix = at.path();
    Effect::new(move |_| {
        let wanted = st.reveal.with(|r| {
            r.as_ref().is_some_and(|(d, p)| *d == doc && crate::state::path_within(p, &prefix))
        });
        if wanted {
            open.set(true);
        }
    });
    let testid = match at {
        PolicyAt::Top => format!("policy-{doc}"),
        PolicyAt::Subset(i) => format!("policy-{doc}-subset-{i}"),
    };
    view! {
        <details
            class="td-details"
            prop:open=open
            on:toggle:target=move |ev| open.set(ev.target().open())
        >
            <summary data-testid=testid>{summary}</summary>
            {move || open.get().then(|| loaded(policy_view(doc, at)))}
        </details>
    }
}

crate::on_demand::split_fn! {
    /// The policy editor (lazily loaded with the `split` feature).
    fn policy_view(doc: usize, at: PolicyAt) -> AnyView {
        view! { <TrafficPolicyEditor doc=doc at=at /> }.into_any()
    }
}

/// Editor for one traffic policy of DestinationRule `doc`.
#[component]
pub fn TrafficPolicyEditor(
    /// Document index.
    doc: usize,
    /// Which policy.
    at: PolicyAt,
) -> impl IntoView {
    let st = AppState::expect();
    let base = StoredValue::new(at.path());
    let read = move |f: fn(&TrafficPolicy) -> Option<String>| {
        Signal::derive(move || st.dr(doc, |d| at.get(d).and_then(f)).flatten().unwrap_or_default())
    };
    let readn = move |f: fn(&TrafficPolicy) -> Option<f64>| {
        Signal::derive(move || st.dr(doc, |d| at.get(d).and_then(f)).flatten())
    };
    let edit = move |f: Box<dyn FnOnce(&mut TrafficPolicy)>| {
        st.edit_dr(doc, |d| {
            if let Some(p) = at.get_mut(d) {
                f(p);
            }
        })
    };
    let pool = move |f: Box<dyn FnOnce(&mut ConnectionPoolSettings)>| {
        edit(Box::new(|p| f(p.connection_pool.get_or_insert_with(Default::default))))
    };
    let outlier = move |f: Box<dyn FnOnce(&mut OutlierDetection)>| {
        edit(Box::new(|p| f(p.outlier_detection.get_or_insert_with(Default::default))))
    };
    let hash = move |f: Box<dyn FnOnce(&mut ConsistentHashLb)>| {
        edit(Box::new(|p| {
            let lb = p.load_balancer.get_or_insert_with(Default::default);
            f(lb.consistent_hash.get_or_insert_with(Default::default))
        }))
    };
    let choice = read(|p| Some(lb_choice(p.load_balancer.as_ref())));
    let ports =
        move || st.dr(doc, |d| at.get(d).map_or(0, |p| p.port_level_settings.len())).unwrap_or(0);
    let p = move |s: &str| base.with_value(|b| format!("{b}.{s}"));
    view! {
        <div class="td-policy">
            <fieldset class="td-group">
                <legend>"Load balancer"</legend>
                <SelectField
                    label="Policy"
                    doc=doc
                    path=p("loadBalancer.simple")
                    options=LB_OPTIONS.to_vec()
                    value=choice
                    on_change=Callback::new(move |c: String| edit(Box::new(move |tp| set_lb_choice(&mut tp.load_balancer, &c))))
                />
                <Show when=move || choice.get() == "hash:header">
                    <TextField
                        label="Hash on header"
                        doc=doc
                        path=p("loadBalancer.consistentHash.httpHeaderName")
                        value=read(|p| p.load_balancer.as_ref()?.consistent_hash.as_ref()?.http_header_name.clone())
                        on_input=Callback::new(move |t: String| hash(Box::new(move |h| h.http_header_name = Some(t))))
                    />
                </Show>
                <Show when=move || choice.get() == "hash:cookie">
                    <TextField
                        label="Hash on cookie"
                        doc=doc
                        path=p("loadBalancer.consistentHash.httpCookie.name")
                        value=read(|p| Some(p.load_balancer.as_ref()?.consistent_hash.as_ref()?.http_cookie.as_ref()?.name.clone()))
                        on_input=Callback::new(move |t: String| hash(Box::new(move |h| h.http_cookie.get_or_insert_with(Default::default).name = t)))
                    />
                    <TextField
                        label="Cookie TTL"
                        doc=doc
                        path=p("loadBalancer.consistentHash.httpCookie.ttl")
                        value=read(|p| p.load_balancer.as_ref()?.consistent_hash.as_ref()?.http_cookie.as_ref()?.ttl.clone())
                        on_input=Callback::new(move |t: String| hash(Box::new(move |h| h.http_cookie.get_or_insert_with(Default::default).ttl = non_empty(t))))
                    />
                </Show>
                <Show when=move || choice.get() == "hash:query">
                    <TextField
                        label="Hash on query parameter"
                        doc=doc
                        path=p("loadBalancer.consistentHash.httpQueryParameterName")
                        value=read(|p| p.load_balancer.as_ref()?.consistent_hash.as_ref()?.http_query_parameter_name.clone())
                        on_input=Callback::new(move |t: String| hash(Box::new(move |h| h.http_query_parameter_name = Some(t))))
                    />
                </Show>
            </fieldset>
            <fieldset class="td-group">
                <legend>"Connection pool"</legend>
                <NumberField
                    label="TCP max connections"
                    doc=doc
                    path=p("connectionPool.tcp.maxConnections")
                    value=readn(|p| p.connection_pool.as_ref()?.tcp.as_ref()?.max_connections.map(f64::from))
                    on_input=Callback::new(move |v: Option<f64>| pool(Box::new(move |c| c.tcp.get_or_insert_with(Default::default).max_connections = to_i32(v))))
                />
                <TextField
                    label="TCP connect timeout"
                    doc=doc
                    path=p("connectionPool.tcp.connectTimeout")
                    placeholder="10s"
                    value=read(|p| p.connection_pool.as_ref()?.tcp.as_ref()?.connect_timeout.clone())
                    on_input=Callback::new(move |t: String| pool(Box::new(move |c| c.tcp.get_or_insert_with(Default::default).connect_timeout = non_empty(t))))
                />
                <NumberField
                    label="HTTP/1.1 max pending requests"
                    doc=doc
                    path=p("connectionPool.http.http1MaxPendingRequests")
                    value=readn(|p| p.connection_pool.as_ref()?.http.as_ref()?.http1_max_pending_requests.map(f64::from))
                    on_input=Callback::new(move |v: Option<f64>| pool(Box::new(move |c| c.http.get_or_insert_with(Default::default).http1_max_pending_requests = to_i32(v))))
                />
                <NumberField
                    label="HTTP/2 max requests"
                    doc=doc
                    path=p("connectionPool.http.http2MaxRequests")
                    value=readn(|p| p.connection_pool.as_ref()?.http.as_ref()?.http2_max_requests.map(f64::from))
                    on_input=Callback::new(move |v: Option<f64>| pool(Box::new(move |c| c.http.get_or_insert_with(Default::default).http2_max_requests = to_i32(v))))
                />
                <NumberField
                    label="Max requests per connection"
                    doc=doc
                    path=p("connectionPool.http.maxRequestsPerConnection")
                    value=readn(|p| p.connection_pool.as_ref()?.http.as_ref()?.max_requests_per_connection.map(f64::from))
                    on_input=Callback::new(move |v: Option<f64>| pool(Box::new(move |c| c.http.get_or_insert_with(Default::default).max_requests_per_connection = to_i32(v))))
                />
                <NumberField
                    label="Max retries (outstanding)"
                    doc=doc
                    path=p("connectionPool.http.maxRetries")
                    value=readn(|p| p.connection_pool.as_ref()?.http.as_ref()?.max_retries.map(f64::from))
                    on_input=Callback::new(move |v: Option<f64>| pool(Box::new(move |c| c.http.get_or_insert_with(Default::default).max_retries = to_i32(v))))
                />
            </fieldset>
            <fieldset class="td-group">
                <legend>"Outlier detection"</legend>
                <NumberField
                    label="Consecutive 5xx errors"
                    doc=doc
                    path=p("outlierDetection.consecutive5xxErrors")
                    value=readn(|p| p.outlier_detection.as_ref()?.consecutive_5xx_errors.map(f64::from))
                    on_input=Callback::new(move |v: Option<f64>| outlier(Box::new(move |o| o.consecutive_5xx_errors = to_u32(v))))
                />
                <TextField
                    label="Interval"
                    doc=doc
                    path=p("outlierDetection.interval")
                    placeholder="10s"
                    value=read(|p| p.outlier_detection.as_ref()?.interval.clone())
                    on_input=Callback::new(move |t: String| outlier(Box::new(move |o| o.interval = non_empty(t))))
                />
                <TextField
                    label="Base ejection time"
                    doc=doc
                    path=p("outlierDetection.baseEjectionTime")
                    placeholder="30s"
                    value=read(|p| p.outlier_detection.as_ref()?.base_ejection_time.clone())
                    on_input=Callback::new(move |t: String| outlier(Box::new(move |o| o.base_ejection_time = non_empty(t))))
                />
                <NumberField
                    label="Max ejection percent"
                    doc=doc
                    path=p("outlierDetection.maxEjectionPercent")
                    value=readn(|p| p.outlier_detection.as_ref()?.max_ejection_percent.map(f64::from))
                    on_input=Callback::new(move |v: Option<f64>| outlier(Box::new(move |o| o.max_ejection_percent = to_i32(v))))
                />
            </fieldset>
            <fieldset class="td-group">
                <legend>"TLS"</legend>
                <SelectField
                    label="TLS mode"
                    doc=doc
                    path=p("tls.mode")
                    options=TLS_OPTIONS.to_vec()
                    value=read(|p| p.tls.as_ref()?.mode.map(|m| m.as_str().to_string()))
                    on_change=Callback::new(move |m: String| {
                        edit(Box::new(move |tp| {
                            let mode = TlsMode::ALL.into_iter().find(|x| x.as_str() == m);
                            match (&mut tp.tls, mode) {
                                (Some(t), _) => t.mode = mode,
                                (None, Some(_)) => tp.tls = Some(ClientTlsSettings { mode, ..Default::default() }),
                                (None, None) => {}
                            }
                        }))
                    })
                />
            </fieldset>
            <fieldset class="td-group">
                <legend>"Per-port settings"</legend>
                <For each=move || 0..ports() key=|i| *i let:port>
                    <PortPolicyRow doc=doc at=at port=port />
                </For>
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid=format!("add-port-policy-{doc}-{}", base.with_value(|b| b.replace(['.', '[', ']'], "-")))
                    on:click=move |_| {
                        edit(Box::new(|tp| {
                            tp.port_level_settings.push(PortTrafficPolicy {
                                port: Some(PortSelector::number(9080)),
                                ..Default::default()
                            })
                        }))
                    }
                >
                    "Add port"
                </button>
            </fieldset>
        </div>
    }
}

/// One `portLevelSettings` entry: port, load balancer, max connections, TLS.
#[component]
fn PortPolicyRow(
    /// Document index.
    doc: usize,
    /// Which policy.
    at: PolicyAt,
    /// Index in `portLevelSettings`.
    port: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let base = format!("{}.portLevelSettings[{port}]", at.path());
    let read = move |f: fn(&PortTrafficPolicy) -> Option<String>| {
        Signal::derive(move || {
            st.dr(doc, |d| at.get(d).and_then(|p| p.port_level_settings.get(port)).and_then(f))
                .flatten()
                .unwrap_or_default()
        })
    };
    let edit = move |f: Box<dyn FnOnce(&mut PortTrafficPolicy)>| {
        st.edit_dr(doc, |d| {
            if let Some(p) = at.get_mut(d).and_then(|p| p.port_level_settings.get_mut(port)) {
                f(p);
            }
        })
    };
    view! {
        <div class="td-port">
            <NumberField
                label="Port"
                doc=doc
                path=format!("{base}.port.number")
                value=Signal::derive(move || {
                    st.dr(doc, |d| at.get(d).and_then(|p| p.port_level_settings.get(port)).and_then(|p| p.port.as_ref()?.number).map(f64::from)).flatten()
                })
                on_input=Callback::new(move |v: Option<f64>| edit(Box::new(move |p| p.port = to_u32(v).map(PortSelector::number))))
            />
            <SelectField
                label="Load balancer"
                doc=doc
                path=format!("{base}.loadBalancer.simple")
                options=LB_OPTIONS.to_vec()
                value=read(|p| Some(lb_choice(p.load_balancer.as_ref())))
                on_change=Callback::new(move |c: String| edit(Box::new(move |p| set_lb_choice(&mut p.load_balancer, &c))))
            />
            <NumberField
                label="TCP max connections"
                doc=doc
                path=format!("{base}.connectionPool.tcp.maxConnections")
                value=Signal::derive(move || {
                    st.dr(doc, |d| at.get(d).and_then(|p| p.port_level_settings.get(port)).and_then(|p| p.connection_pool.as_ref()?.tcp.as_ref()?.max_connections).map(f64::from)).flatten()
                })
                on_input=Callback::new(move |v: Option<f64>| {
                    edit(Box::new(move |p| p.connection_pool.get_or_insert_with(Default::default).tcp.get_or_insert_with(Default::default).max_connections = to_i32(v)))
                })
            />
            <SelectField
                label="TLS mode"
                doc=doc
                path=format!("{base}.tls.mode")
                options=TLS_OPTIONS.to_vec()
                value=read(|p| p.tls.as_ref()?.mode.map(|m| m.as_str().to_string()))
                on_change=Callback::new(move |m: String| {
                    edit(Box::new(move |p| {
                        let mode = TlsMode::ALL.into_iter().find(|x| x.as_str() == m);
                        p.tls.get_or_insert_with(Default::default).mode = mode;
                    }))
                })
            />
            <button
                type="button"
                class="td-button td-button--small td-button--danger"
                on:click=move |_| {
                    st.edit_dr(doc, |d| {
                        if let Some(p) = at.get_mut(d) {
                            if port < p.port_level_settings.len() {
                                p.port_level_settings.remove(port);
                            }
                        }
                    })
                }
            >
                "Remove port"
            </button>
        </div>
    }
}
