//! A DestinationRule as `ValidateDestinationRule` (Istio 1.30) checks it:
//! host, traffic policies (top level, per subset, per port), subsets,
//! `exportTo` and `workloadSelector`; plus istioctl's IST0128/IST0129 and
//! Kiali's KIA0209.
//!
//! Subset and port-level policies are merged by the webhook with
//! `appendErrors`, which drops warnings: deprecations and
//! failover-without-outlier are reported for the top-level policy only.

use std::collections::HashSet;

use super::duration::DurationRule;
use super::fields::{self, namespace_of};
use super::names;
use super::{list_code, Cx};
use crate::codes;
use crate::destination_rule::{
    ClientTlsSettings, ConnectionPoolSettings, DestinationRule, LoadBalancerSettings,
    LocalityLoadBalancerSetting, OutlierDetection, PortTrafficPolicy, TlsMode, TrafficPolicy,
    TunnelSettings,
};

/// Whether warnings of a policy reach the user (top level) or are merged
/// away (subsets, port-level settings).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Warnings {
    Keep,
    Drop,
}

/// Checks one DestinationRule.
pub(crate) fn check(cx: &mut Cx<'_>, dr: &DestinationRule) {
    fields::metadata(cx, &dr.metadata);
    let namespace = namespace_of(&dr.metadata);
    let spec = &dr.spec;
    cx.at("spec", |cx| {
        if let Err(e) = names::wildcard_domain(&spec.host) {
            cx.report_at("host", &codes::HOST_INVALID, format!("host {e}"))
                .help("name the service: `reviews`, `reviews.prod.svc.cluster.local` or a wildcard domain such as `*.example.com`");
        }
        if let Some(tp) = &spec.traffic_policy {
            cx.at("trafficPolicy", |cx| traffic_policy(cx, namespace, tp, Warnings::Keep));
        }
        cx.at("subsets", |cx| {
            let mut seen: HashSet<&str> = HashSet::new();
            let any_labels = spec.subsets.iter().any(|s| !s.labels.is_empty());
            for (i, s) in spec.subsets.iter().enumerate() {
                cx.index(i, |cx| {
                    if !seen.insert(s.name.as_str()) {
                        cx.report_at("name", &codes::SUBSET_DUPLICATE, format!("subset `{}` is defined twice", names::truncate(&s.name, 80)))
                            .help("give each subset a unique name");
                    }
                    fields::subset_name(cx, "name", &s.name);
                    fields::labels(cx, "labels", &s.labels);
                    if let Some(tp) = &s.traffic_policy {
                        cx.at("trafficPolicy", |cx| traffic_policy(cx, namespace, tp, Warnings::Drop));
                    }
                    if s.labels.is_empty() {
                        let f = cx.report(
                            &codes::SUBSET_NO_LABELS,
                            format!("subset `{}` has no labels, so it selects every endpoint of `{}`", names::truncate(&s.name, 80), names::truncate(&spec.host, 80)),
                        )
                        .help("add the pod labels that tell this version apart, e.g. `version: v2`");
                        // Kiali lowers this to "unknown" when another subset
                        // selects workloads; without a cluster, a labelled
                        // sibling is the best evidence of that.
                        if any_labels {
                            f.severity(crate::diagnostic::Severity::Info);
                        }
                    }
                });
            }
        });
        fields::export_to(cx, namespace, &spec.export_to, spec.workload_selector.is_some());
        if let Some(ws) = &spec.workload_selector {
            cx.at("workloadSelector", |cx| {
                if ws.match_labels.is_empty() {
                    cx.report(&codes::WORKLOAD_SELECTOR_EMPTY, "the workload selector has no labels")
                        .help("add `matchLabels` naming the workloads, or remove `workloadSelector`");
                }
                cx.at("matchLabels", |cx| {
                    for (k, v) in &ws.match_labels {
                        let problem = if k.is_empty() {
                            Some("a label key is empty".to_string())
                        } else if k.contains('*') || v.contains('*') {
                            Some(format!("`{}: {}` uses a wildcard, which selectors do not support", names::truncate(k, 60), names::truncate(v, 60)))
                        } else if v.len() > 63 {
                            Some(format!("the value of `{}` is longer than 63 characters", names::truncate(k, 60)))
                        } else {
                            None
                        };
                        if let Some(msg) = problem {
                            cx.report_at(k, &codes::WORKLOAD_SELECTOR_INVALID, msg)
                                .help("select workloads by exact label values");
                        }
                    }
                });
            });
        }
        ca_certificates(cx, spec.traffic_policy.as_ref(), spec.workload_selector.is_some());
    });
}

/// `validateTrafficPolicy` (the current path is the policy).
fn traffic_policy(cx: &mut Cx<'_>, namespace: &str, tp: &TrafficPolicy, warnings: Warnings) {
    if tp.outlier_detection.is_none()
        && tp.connection_pool.is_none()
        && tp.load_balancer.is_none()
        && tp.tls.is_none()
        && tp.port_level_settings.is_empty()
        && tp.tunnel.is_none()
        && tp.proxy_protocol.is_none()
        && tp.retry_budget.is_none()
    {
        cx.report(&codes::TRAFFIC_POLICY_EMPTY, "the traffic policy sets nothing")
            .help("set at least one of `loadBalancer`, `connectionPool`, `outlierDetection`, `tls`, `portLevelSettings`, `tunnel`, `proxyProtocol` and `retryBudget`, or remove `trafficPolicy`");
        return;
    }
    if tp.tunnel.is_some() && tp.proxy_protocol.is_some() {
        cx.report(
            &codes::TUNNEL_WITH_PROXY_PROTOCOL,
            "the traffic policy sets both `tunnel` and `proxyProtocol`",
        )
        .help("keep one of `tunnel` and `proxyProtocol`");
        return;
    }
    if let Some(od) = &tp.outlier_detection {
        cx.at("outlierDetection", |cx| outlier_detection(cx, od, warnings));
    }
    if let Some(cp) = &tp.connection_pool {
        cx.at("connectionPool", |cx| connection_pool(cx, cp));
    }
    if let Some(lb) = &tp.load_balancer {
        cx.at("loadBalancer", |cx| load_balancer(cx, lb, tp.outlier_detection.is_some(), warnings));
    }
    if let Some(tls) = &tp.tls {
        cx.at("tls", |cx| client_tls(cx, namespace, tls));
    }
    cx.at("portLevelSettings", |cx| {
        for (i, p) in tp.port_level_settings.iter().enumerate() {
            cx.index(i, |cx| port_policy(cx, namespace, p));
        }
    });
    if let Some(t) = &tp.tunnel {
        cx.at("tunnel", |cx| tunnel(cx, t));
    }
    if let Some(rb) = &tp.retry_budget {
        if let Some(p) = &rb.percent {
            let v = p.as_f64().unwrap_or(0.0);
            if !(0.0..=100.0).contains(&v) {
                cx.report_at(
                    "retryBudget.percent",
                    &codes::RETRY_BUDGET_PERCENT_INVALID,
                    format!("retry budget percent {p} is outside 0..100"),
                )
                .help("use a percentage from 0 to 100");
            }
        }
    }
}

/// `validatePortTrafficPolicies` for one entry.
fn port_policy(cx: &mut Cx<'_>, namespace: &str, p: &PortTrafficPolicy) {
    if p.port.is_none() {
        cx.report(&codes::PORT_TRAFFIC_POLICY_PORT_MISSING, "the port-level policy has no `port`")
            .help("add `port: {number: 8080}` for the port it applies to");
    }
    if p.outlier_detection.is_none()
        && p.connection_pool.is_none()
        && p.load_balancer.is_none()
        && p.tls.is_none()
    {
        cx.report(&codes::TRAFFIC_POLICY_EMPTY, "the port-level policy sets nothing")
            .help("set at least one of `loadBalancer`, `connectionPool`, `outlierDetection` and `tls`, or remove the entry");
        return;
    }
    if let Some(od) = &p.outlier_detection {
        cx.at("outlierDetection", |cx| outlier_detection(cx, od, Warnings::Drop));
    }
    if let Some(cp) = &p.connection_pool {
        cx.at("connectionPool", |cx| connection_pool(cx, cp));
    }
    if let Some(lb) = &p.load_balancer {
        cx.at("loadBalancer", |cx| {
            load_balancer(cx, lb, p.outlier_detection.is_some(), Warnings::Drop)
        });
    }
    if let Some(tls) = &p.tls {
        cx.at("tls", |cx| client_tls(cx, namespace, tls));
    }
}

fn outlier_detection(cx: &mut Cx<'_>, od: &OutlierDetection, warnings: Warnings) {
    fields::duration(
        cx,
        "baseEjectionTime",
        od.base_ejection_time.as_deref(),
        DurationRule::Standard,
    );
    if warnings == Warnings::Keep && od.consecutive_errors.unwrap_or(0) != 0 {
        cx.report_at(
            "consecutiveErrors",
            &codes::CONSECUTIVE_ERRORS_DEPRECATED,
            "`consecutiveErrors` is deprecated",
        )
        .help("use `consecutive5xxErrors` (or `consecutiveGatewayErrors` for 502/503/504 only)");
    }
    if !od.split_external_local_origin_errors.unwrap_or(false)
        && od.consecutive_local_origin_failures.unwrap_or(0) > 0
    {
        cx.report_at(
            "consecutiveLocalOriginFailures",
            &codes::LOCAL_ORIGIN_FAILURES_WITHOUT_SPLIT,
            "consecutiveLocalOriginFailures is set, but splitExternalLocalOriginErrors is not true, so it is never used",
        )
        .help("set `splitExternalLocalOriginErrors: true`, or remove `consecutiveLocalOriginFailures`");
    }
    fields::duration(cx, "interval", od.interval.as_deref(), DurationRule::Standard);
    for (key, v) in [
        ("maxEjectionPercent", od.max_ejection_percent),
        ("minHealthPercent", od.min_health_percent),
    ] {
        if let Some(v) = v {
            if !(0..=100).contains(&v) {
                cx.report_at(
                    key,
                    &codes::OUTLIER_PERCENT_INVALID,
                    format!("{key} {v} is outside 0..100"),
                )
                .help("use a percentage from 0 to 100");
            }
        }
    }
}

fn connection_pool(cx: &mut Cx<'_>, cp: &ConnectionPoolSettings) {
    if cp.http.is_none() && cp.tcp.is_none() {
        cx.report(
            &codes::TRAFFIC_POLICY_EMPTY,
            "the connection pool sets neither `tcp` nor `http`",
        )
        .help("set `tcp` or `http` limits, or remove `connectionPool`");
        return;
    }
    let negative = |cx: &mut Cx<'_>, key: &str, v: Option<i32>| {
        if let Some(v) = v {
            if v < 0 {
                cx.report_at(key, &codes::CONNECTION_POOL_NEGATIVE, format!("{key} is {v}"))
                    .help("use 0 or more");
            }
        }
    };
    if let Some(h) = &cp.http {
        cx.at("http", |cx| {
            negative(cx, "http1MaxPendingRequests", h.http1_max_pending_requests);
            negative(cx, "http2MaxRequests", h.http2_max_requests);
            negative(cx, "maxRequestsPerConnection", h.max_requests_per_connection);
            negative(cx, "maxRetries", h.max_retries);
            fields::duration(cx, "idleTimeout", h.idle_timeout.as_deref(), DurationRule::Standard);
            if h.h2_upgrade_policy == Some(crate::destination_rule::H2UpgradePolicy::Upgrade)
                && h.use_client_protocol == Some(true)
            {
                cx.report_at(
                    "useClientProtocol",
                    &codes::H2_UPGRADE_CONFLICT,
                    "useClientProtocol is true while h2UpgradePolicy is UPGRADE",
                )
                .help("keep one: upgrade to HTTP/2, or use the client's protocol");
            }
            negative(cx, "maxConcurrentStreams", h.max_concurrent_streams);
        });
    }
    if let Some(t) = &cp.tcp {
        cx.at("tcp", |cx| {
            negative(cx, "maxConnections", t.max_connections);
            fields::duration(
                cx,
                "connectTimeout",
                t.connect_timeout.as_deref(),
                DurationRule::Standard,
            );
            fields::duration(
                cx,
                "maxConnectionDuration",
                t.max_connection_duration.as_deref(),
                DurationRule::Standard,
            );
            fields::duration(
                cx,
                "idleTimeout",
                t.idle_timeout.as_deref(),
                DurationRule::IdleTimeout,
            );
            if let Some(ka) = &t.tcp_keepalive {
                cx.at("tcpKeepalive", |cx| {
                    fields::duration(cx, "time", ka.time.as_deref(), DurationRule::Standard);
                    fields::duration(
                        cx,
                        "interval",
                        ka.interval.as_deref(),
                        DurationRule::Standard,
                    );
                });
            }
        });
    }
}

fn is_prime(x: u64) -> bool {
    if x != 0 && x < 4 {
        return true;
    }
    if x & 1 == 0 {
        return false;
    }
    let limit = (x as f64).sqrt() as u64;
    let mut f = 3;
    while f <= limit {
        if x.is_multiple_of(f) {
            return false;
        }
        f += 2;
    }
    true
}

fn load_balancer(
    cx: &mut Cx<'_>,
    lb: &LoadBalancerSettings,
    has_outlier: bool,
    warnings: Warnings,
) {
    let members = lb.lb_policy_members();
    if members.len() > 1 {
        cx.report(
            &codes::LB_POLICY_CONFLICT,
            "the load balancer sets both `simple` and `consistentHash`",
        )
        .help("keep one: a `simple` algorithm, or `consistentHash`");
    }
    if let Some(ch) = &lb.consistent_hash {
        cx.at("consistentHash", |cx| {
            let keys = ch.hash_key_members();
            if keys.len() > 1 {
                cx.report(&codes::LB_POLICY_CONFLICT, format!("the consistent hash sets {} at once; it hashes on one key", list_code(&keys)))
                    .help("keep one of `httpHeaderName`, `httpCookie`, `useSourceIp` and `httpQueryParameterName`");
            }
            let algos = ch.hash_algorithm_members();
            if algos.len() > 1 {
                cx.report(&codes::LB_POLICY_CONFLICT, "the consistent hash sets both `ringHash` and `maglev`")
                    .help("keep one of `ringHash` and `maglev`");
            }
            if let Some(c) = &ch.http_cookie {
                cx.at("httpCookie", |cx| {
                    if c.name.is_empty() {
                        cx.report_at("name", &codes::CONSISTENT_HASH_INVALID, "the hash cookie has no name")
                            .help("name the cookie to hash on");
                    }
                    fields::duration(cx, "ttl", c.ttl.as_deref(), DurationRule::ParseOnly);
                    cx.at("attributes", |cx| {
                        let mut seen: HashSet<&str> = HashSet::new();
                        for (i, a) in c.attributes.iter().enumerate() {
                            cx.index(i, |cx| {
                                if a.name.is_empty() {
                                    cx.report_at("name", &codes::CONSISTENT_HASH_INVALID, "a cookie attribute has no name")
                                        .help("name the attribute (e.g. `SameSite`)");
                                } else if !seen.insert(a.name.as_str()) {
                                    cx.report_at("name", &codes::CONSISTENT_HASH_INVALID, format!("cookie attribute `{}` is listed twice", names::truncate(&a.name, 60)))
                                        .help("list each attribute once");
                                }
                            });
                        }
                    });
                });
            }
            let min_ring = ch.minimum_ring_size.unwrap_or(0);
            if min_ring != 0 {
                if warnings == Warnings::Keep {
                    cx.report_at("minimumRingSize", &codes::MINIMUM_RING_SIZE_DEPRECATED, "`consistentHash.minimumRingSize` is deprecated")
                        .help(format!("write `ringHash: {{minimumRingSize: {min_ring}}}` instead"));
                }
                if !algos.is_empty() {
                    cx.report_at("minimumRingSize", &codes::CONSISTENT_HASH_INVALID, format!("minimumRingSize is set together with {}", list_code(&algos)))
                        .help("move the value to `ringHash.minimumRingSize` and remove the deprecated field");
                }
            }
            if let Some(m) = &ch.maglev {
                cx.at("maglev", |cx| {
                    let size = m.table_size.unwrap_or(0);
                    let problem = if size == 0 {
                        Some("maglev needs a `tableSize`".to_string())
                    } else if size >= 5_000_011 {
                        Some(format!("tableSize {size} is not below 5000011"))
                    } else if !is_prime(size) {
                        Some(format!("tableSize {size} is not a prime number"))
                    } else {
                        None
                    };
                    if let Some(msg) = problem {
                        cx.report_at("tableSize", &codes::CONSISTENT_HASH_INVALID, msg)
                            .help("use a prime below 5000011, e.g. 65537 (Envoy's default)");
                    }
                });
            }
        });
    }
    if let Some(l) = &lb.locality_lb_setting {
        cx.at("localityLbSetting", |cx| locality(cx, l, has_outlier, warnings));
    }
    fields::duration(
        cx,
        "warmupDurationSecs",
        lb.warmup_duration_secs.as_deref(),
        DurationRule::CelOnly,
    );
    if lb.warmup_duration_secs.is_some() {
        cx.report_at(
            "warmupDurationSecs",
            &codes::WARMUP_DURATION_SECS_DEPRECATED,
            "`warmupDurationSecs` is deprecated",
        )
        .help("write `warmup: {duration: …}` instead");
    }
    if let Some(w) = &lb.warmup {
        cx.at("warmup", |cx| {
            fields::duration(cx, "duration", Some(&w.duration), DurationRule::Standard);
            // Webhook: at most 100; CRD schema: 0..100.
            if let Some(v) = w.minimum_percent.as_ref().and_then(|n| n.as_f64()) {
                if !(0.0..=100.0).contains(&v) {
                    cx.report_at(
                        "minimumPercent",
                        &codes::WARMUP_INVALID,
                        format!("minimumPercent {v} is outside 0..100"),
                    )
                    .help("use a percentage from 0 to 100");
                }
            }
            if let Some(a) = w.aggression.as_ref().and_then(|n| n.as_f64()) {
                if a < 1.0 {
                    cx.report_at(
                        "aggression",
                        &codes::WARMUP_INVALID,
                        format!("aggression {a} is below 1"),
                    )
                    .help("use 1 (linear) or more");
                }
            }
        });
    }
}

const TOPOLOGY_LABELS: &[&str] =
    &["topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone"];

/// `ValidateLocalityLbSetting` (it stops at the first structural problem).
fn locality(
    cx: &mut Cx<'_>,
    l: &LocalityLoadBalancerSetting,
    has_outlier: bool,
    warnings: Warnings,
) {
    const HELP: &str =
        "see https://istio.io/latest/docs/tasks/traffic-management/locality-load-balancing/";
    if !l.distribute.is_empty() && !l.failover.is_empty() {
        cx.report(
            &codes::LOCALITY_LB_INVALID,
            "`distribute` and `failover` cannot be set together",
        )
        .help(HELP);
        return;
    }
    if !l.failover.is_empty() {
        if let Some(label) =
            l.failover_priority.iter().find(|p| TOPOLOGY_LABELS.contains(&p.as_str()))
        {
            cx.report_at("failoverPriority", &codes::LOCALITY_LB_INVALID, format!("`failover` cannot be combined with the topology label `{label}` in failoverPriority"))
                .help(HELP);
            return;
        }
    }
    let mut sources: Vec<&str> = Vec::new();
    let mut stop = false;
    cx.at("distribute", |cx| {
        for (i, d) in l.distribute.iter().enumerate() {
            sources.push(d.from.as_deref().unwrap_or(""));
            let mut total: u64 = 0;
            for w in d.to.values() {
                if *w == 0 || *w > 100 {
                    cx.index(i, |cx| {
                        cx.report_at(
                            "to",
                            &codes::LOCALITY_LB_INVALID,
                            format!("locality weight {w} is outside 1..100"),
                        )
                        .help(HELP);
                    });
                    stop = true;
                    return;
                }
                total += u64::from(*w);
            }
            if total != 100 {
                cx.index(i, |cx| {
                    cx.report_at(
                        "to",
                        &codes::LOCALITY_LB_INVALID,
                        format!("the locality weights add up to {total}, not 100"),
                    )
                    .help(HELP);
                });
                stop = true;
                return;
            }
            let dests: Vec<&str> = d.to.keys().map(String::as_str).collect();
            if let Err(e) = localities(&dests) {
                cx.index(i, |cx| {
                    cx.report_at("to", &codes::LOCALITY_LB_INVALID, e).help(HELP);
                });
            }
        }
    });
    if stop {
        return;
    }
    if let Err(e) = localities(&sources) {
        cx.report_at("distribute", &codes::LOCALITY_LB_INVALID, e).help(HELP);
    }
    if (!l.failover.is_empty() || !l.failover_priority.is_empty())
        && !has_outlier
        && warnings == Warnings::Keep
    {
        cx.report(&codes::LOCALITY_FAILOVER_WITHOUT_OUTLIER, "locality failover is configured without `outlierDetection`, so endpoints are never ejected and traffic never fails over")
            .help("add `outlierDetection` to the same traffic policy");
    }
    cx.at("failover", |cx| {
        for (i, f) in l.failover.iter().enumerate() {
            let (from, to) = (f.from.as_deref().unwrap_or(""), f.to.as_deref().unwrap_or(""));
            cx.index(i, |cx| {
                if from == to {
                    cx.report(
                        &codes::LOCALITY_LB_INVALID,
                        format!("failover goes from region `{from}` to the same region"),
                    )
                    .help(HELP);
                }
                if from.contains('/') || to.contains('/') {
                    cx.report(
                        &codes::LOCALITY_LB_INVALID,
                        "failover names regions only (no `/zone`)",
                    )
                    .help(HELP);
                }
                if from.contains('*') || to.contains('*') {
                    cx.report(&codes::LOCALITY_LB_INVALID, "failover regions cannot contain `*`")
                        .help(HELP);
                }
            });
        }
    });
}

/// `validateLocalities`: wildcards only at the end, no overlaps, no empty
/// parts.
fn localities(list: &[&str]) -> Result<(), String> {
    use std::collections::HashMap;
    // region -> zone -> subzones ("*" for all)
    let mut map: HashMap<&str, HashMap<&str, HashSet<&str>>> = HashMap::new();
    for loc in list {
        let stars = loc.matches('*').count();
        if stars > 0 && (stars > 1 || !loc.ends_with('*')) {
            return Err(format!("locality `{loc}` may have one `*`, at the end"));
        }
        if map.contains_key("*") {
            return Err(format!("locality `{loc}` overlaps a locality listed before it"));
        }
        let items: Vec<&str> = loc.splitn(3, '/').collect();
        if items.iter().any(|s| s.is_empty()) {
            return Err(format!("locality `{loc}` has an empty region, zone or subzone"));
        }
        let overlap = || Err(format!("locality `{loc}` overlaps a locality listed before it"));
        match items.as_slice() {
            [region] => {
                if map.contains_key(region) {
                    return overlap();
                }
                map.insert(region, HashMap::from([("*", HashSet::from(["*"]))]));
            }
            [region, zone] => match map.get_mut(region) {
                Some(zones) => {
                    if zones.contains_key("*") || zones.contains_key(zone) {
                        return overlap();
                    }
                    zones.insert(zone, HashSet::from(["*"]));
                }
                None => {
                    map.insert(region, HashMap::from([(*zone, HashSet::from(["*"]))]));
                }
            },
            [region, zone, subzone] => match map.get_mut(region) {
                Some(zones) => {
                    if zones.contains_key("*") {
                        return overlap();
                    }
                    match zones.get_mut(zone) {
                        Some(subs) => {
                            if subs.contains("*") || subs.contains(subzone) {
                                return overlap();
                            }
                            subs.insert(subzone);
                        }
                        None => {
                            zones.insert(zone, HashSet::from([*subzone]));
                        }
                    }
                }
                None => {
                    map.insert(region, HashMap::from([(*zone, HashSet::from([*subzone]))]));
                }
            },
            _ => {}
        }
    }
    Ok(())
}

/// `agent.ValidateTLS` (the current path is `tls`).
fn client_tls(cx: &mut Cx<'_>, namespace: &str, t: &ClientTlsSettings) {
    let set = |s: &Option<String>| s.as_deref().is_some_and(|v| !v.is_empty());
    let credential = t.credential_name.as_deref().unwrap_or("");
    if let Some(rest) = credential.strip_prefix("configmap://") {
        let parts: Vec<&str> = rest.split('/').collect();
        let problem = if parts.len() <= 1 {
            Some(format!("credentialName `{credential}` must be `configmap://<namespace>/<name>`"))
        } else if parts[0].is_empty() || parts[1].is_empty() {
            Some(format!("credentialName `{credential}` has an empty namespace or name"))
        } else if parts[0] != namespace {
            Some(format!("credentialName `{credential}` is in namespace `{}`, but a configmap credential must be in the DestinationRule's namespace `{namespace}`", parts[0]))
        } else {
            None
        };
        if let Some(msg) = problem {
            cx.report_at("credentialName", &codes::TLS_SETTINGS_INVALID, msg)
                .help(format!("write `configmap://{namespace}/<name>`"));
        }
    }
    let mode = t.mode.unwrap_or(TlsMode::Disable);
    if t.insecure_skip_verify == Some(true) {
        if mode == TlsMode::Simple
            && (set(&t.ca_certificates)
                || !credential.is_empty()
                || !t.subject_alt_names.is_empty())
        {
            cx.report_at("insecureSkipVerify", &codes::TLS_SETTINGS_INVALID, "insecureSkipVerify is true, but caCertificates, credentialName or subjectAltNames ask for verification")
                .help("remove `insecureSkipVerify`, or the verification settings");
        }
        if mode == TlsMode::Mutual && (set(&t.ca_certificates) || !t.subject_alt_names.is_empty()) {
            cx.report_at("insecureSkipVerify", &codes::TLS_SETTINGS_INVALID, "insecureSkipVerify is true, but caCertificates or subjectAltNames ask for verification")
                .help("remove `insecureSkipVerify`, or the verification settings");
        }
    }
    if matches!(mode, TlsMode::Simple | TlsMode::Mutual) && !credential.is_empty() {
        if set(&t.client_certificate)
            || set(&t.ca_certificates)
            || set(&t.private_key)
            || set(&t.ca_crl)
        {
            cx.report_at("credentialName", &codes::TLS_SETTINGS_INVALID, "credentialName is set together with certificate files (clientCertificate, privateKey, caCertificates or caCrl)")
                .help("take the certificates from the secret named by `credentialName`, or from files, not both");
        }
        return;
    }
    if mode == TlsMode::Mutual {
        if !set(&t.client_certificate) {
            cx.report(&codes::TLS_SETTINGS_INVALID, "MUTUAL TLS needs a `clientCertificate`")
                .help("set `clientCertificate` and `privateKey`, or `credentialName` (or use ISTIO_MUTUAL for mesh mTLS)");
        }
        if !set(&t.private_key) {
            cx.report(&codes::TLS_SETTINGS_INVALID, "MUTUAL TLS needs a `privateKey`")
                .help("set `clientCertificate` and `privateKey`, or `credentialName` (or use ISTIO_MUTUAL for mesh mTLS)");
        }
    }
}

/// `tunnel` (the current path is `tunnel`).
fn tunnel(cx: &mut Cx<'_>, t: &TunnelSettings) {
    if let Some(p) = t.protocol.as_deref() {
        if !p.is_empty() && p != "CONNECT" && p != "POST" {
            cx.report_at(
                "protocol",
                &codes::TUNNEL_INVALID,
                format!("tunnel protocol `{}` is not `CONNECT` or `POST`", names::truncate(p, 40)),
            )
            .help("use `CONNECT` or `POST`");
        }
    }
    if names::fqdn(&t.target_host).is_err() && !names::is_ip(&t.target_host) {
        cx.report_at(
            "targetHost",
            &codes::TUNNEL_INVALID,
            format!(
                "tunnel target host `{}` is neither a domain name nor an IP address",
                names::truncate(&t.target_host, 80)
            ),
        )
        .help("use the proxy's host name or IP address");
    }
    fields::port(cx, "targetPort", t.target_port);
}

/// IST0128 / IST0129: SIMPLE or MUTUAL TLS without `caCertificates`
/// (unless `credentialName` and a `workloadSelector` are both set).
fn ca_certificates(cx: &mut Cx<'_>, tp: Option<&TrafficPolicy>, with_selector: bool) {
    let Some(tp) = tp else { return };
    let unverified = |t: &ClientTlsSettings| {
        matches!(t.mode, Some(TlsMode::Simple | TlsMode::Mutual))
            && t.ca_certificates.as_deref().unwrap_or("").is_empty()
            && !(t.credential_name.as_deref().is_some_and(|c| !c.is_empty()) && with_selector)
    };
    let mode = |t: &ClientTlsSettings| t.mode.map_or("", TlsMode::as_str);
    if let Some(t) = tp.tls.as_ref().filter(|t| unverified(t)) {
        cx.report_at(
            "trafficPolicy.tls",
            &codes::TLS_NO_CA_CERTIFICATES,
            format!(
                "TLS mode {} without `caCertificates` does not verify the server's certificate",
                mode(t)
            ),
        )
        .help("set `caCertificates` to the CA bundle that signs the server's certificate");
    }
    for (i, p) in tp.port_level_settings.iter().enumerate() {
        if let Some(t) = p.tls.as_ref().filter(|t| unverified(t)) {
            cx.report_at(
                &format!("trafficPolicy.portLevelSettings[{i}].tls"),
                &codes::TLS_NO_CA_CERTIFICATES_PORT,
                format!("TLS mode {} on port {} without `caCertificates` does not verify the server's certificate", mode(t), p.port.as_ref().and_then(|p| p.number).unwrap_or(0)),
            )
            .help("set `caCertificates` to the CA bundle that signs the server's certificate");
        }
    }
}
