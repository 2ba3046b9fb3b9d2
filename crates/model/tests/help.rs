//! Field help: complete, well-formed, and reachable from field paths.

use std::collections::BTreeSet;

use traffic_model::help::{self, key_for_path, lookup, lookup_path, FIELDS, RETRY_ON};

/// Keys a form shows; each must have help.
const REQUIRED: &[&str] = &[
    "metadata.name",
    "spec.hosts",
    "spec.gateways",
    "spec.exportTo",
    "spec.http.name",
    "spec.http.match.uri",
    "spec.http.match.headers",
    "spec.http.match.withoutHeaders",
    "spec.http.match.queryParams",
    "spec.http.match.sourceLabels",
    "spec.http.match.sourceNamespace",
    "spec.http.match.port",
    "spec.http.match.gateways",
    "spec.http.match.ignoreUriCase",
    "spec.http.match.method",
    "spec.http.match.scheme",
    "spec.http.match.authority",
    "spec.http.route.destination.host",
    "spec.http.route.destination.subset",
    "spec.http.route.destination.port.number",
    "spec.http.route.weight",
    "spec.http.timeout",
    "spec.http.retries.attempts",
    "spec.http.retries.perTryTimeout",
    "spec.http.retries.retryOn",
    "spec.http.fault.delay.percentage",
    "spec.http.fault.delay.fixedDelay",
    "spec.http.fault.abort.percentage",
    "spec.http.fault.abort.httpStatus",
    "spec.http.fault.abort.grpcStatus",
    "spec.http.mirror.host",
    "spec.http.mirror.subset",
    "spec.http.mirrorPercentage",
    "spec.http.corsPolicy.allowOrigins",
    "spec.http.corsPolicy.allowMethods",
    "spec.http.corsPolicy.allowHeaders",
    "spec.http.corsPolicy.exposeHeaders",
    "spec.http.corsPolicy.maxAge",
    "spec.http.corsPolicy.allowCredentials",
    "spec.http.rewrite.uri",
    "spec.http.redirect.uri",
    "spec.http.redirect.authority",
    "spec.http.redirect.redirectCode",
    "spec.http.directResponse.status",
    "spec.host",
    "spec.subsets.name",
    "spec.subsets.labels",
    "spec.subsets.trafficPolicy",
    "spec.trafficPolicy.loadBalancer.simple",
    "spec.trafficPolicy.loadBalancer.consistentHash.httpHeaderName",
    "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name",
    "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl",
    "spec.trafficPolicy.loadBalancer.consistentHash.useSourceIp",
    "spec.trafficPolicy.loadBalancer.consistentHash.httpQueryParameterName",
    "spec.trafficPolicy.connectionPool.tcp.maxConnections",
    "spec.trafficPolicy.connectionPool.tcp.connectTimeout",
    "spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests",
    "spec.trafficPolicy.connectionPool.http.http2MaxRequests",
    "spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection",
    "spec.trafficPolicy.connectionPool.http.maxRetries",
    "spec.trafficPolicy.connectionPool.http.idleTimeout",
    "spec.trafficPolicy.outlierDetection.consecutive5xxErrors",
    "spec.trafficPolicy.outlierDetection.consecutiveGatewayErrors",
    "spec.trafficPolicy.outlierDetection.interval",
    "spec.trafficPolicy.outlierDetection.baseEjectionTime",
    "spec.trafficPolicy.outlierDetection.maxEjectionPercent",
    "spec.trafficPolicy.outlierDetection.minHealthPercent",
    "spec.trafficPolicy.tls.mode",
    "spec.trafficPolicy.tls.sni",
    "spec.trafficPolicy.portLevelSettings.port.number",
    "spec.workloadSelector",
];

#[test]
fn every_key_has_text_and_a_label() {
    for h in FIELDS {
        assert!(!h.key.is_empty(), "{h:?}");
        assert!(!h.label.trim().is_empty(), "{}: empty label", h.key);
        assert!(!h.text.trim().is_empty(), "{}: empty text", h.key);
        assert!(h.syntax.is_none_or(|s| !s.trim().is_empty()), "{}: empty syntax", h.key);
        assert!(h.default.is_none_or(|s| !s.trim().is_empty()), "{}: empty default", h.key);
        // A key is its own key: no indices, nothing cut off.
        assert_eq!(key_for_path(h.key), h.key, "{} is not a field key", h.key);
        assert!(!h.key.contains(['[', ']', ' ']), "{}", h.key);
    }
}

#[test]
fn keys_are_unique() {
    let mut seen = BTreeSet::new();
    for h in FIELDS {
        assert!(seen.insert(h.key), "duplicate key {}", h.key);
    }
}

#[test]
fn the_form_fields_all_have_help() {
    for key in REQUIRED {
        let h = lookup(key).unwrap_or_else(|| panic!("no help for {key}"));
        assert_eq!(h.key, *key);
    }
    assert!(lookup("spec.nope").is_none());
    assert!(lookup("").is_none());
}

#[test]
fn subset_policy_help_says_it_overrides() {
    let h = lookup("spec.subsets.trafficPolicy").unwrap();
    assert!(h.text.contains("override"), "{}", h.text);
}

#[test]
fn key_for_path_strips_indices_and_user_keys() {
    let cases = [
        ("spec.http[0].match[1].headers.x-team.exact", "spec.http.match.headers"),
        ("spec.http[0].match[0].withoutHeaders.x-debug", "spec.http.match.withoutHeaders"),
        ("spec.http[2].match[0].queryParams.user.regex", "spec.http.match.queryParams"),
        ("spec.http[0].match[0].sourceLabels.app", "spec.http.match.sourceLabels"),
        ("spec.subsets[1].labels.version", "spec.subsets.labels"),
        ("spec.subsets[0].labels.app.kubernetes.io/name", "spec.subsets.labels"),
        ("metadata.labels.team", "metadata.labels"),
        ("metadata.annotations.example.com/owner", "metadata.annotations"),
        ("spec.workloadSelector.matchLabels.app", "spec.workloadSelector.matchLabels"),
        ("spec.http[0].route[1].weight", "spec.http.route.weight"),
        (
            "spec.http[0].route[0].destination.port.number",
            "spec.http.route.destination.port.number",
        ),
        ("spec.http[0].headers.request.set.x-env", "spec.http.headers.request.set"),
        ("spec.http[0].route[0].headers.response.add.x-a", "spec.http.route.headers.response.add"),
        ("spec.http[0].headers.request.remove[0]", "spec.http.headers.request.remove"),
        (
            "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to.us-west/zone1/*",
            "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute.to",
        ),
        ("spec.hosts[0]", "spec.hosts"),
        (
            "spec.trafficPolicy.portLevelSettings[3].port.number",
            "spec.trafficPolicy.portLevelSettings.port.number",
        ),
        ("spec.http[0].timeout", "spec.http.timeout"),
        ("spec.host", "spec.host"),
        ("", ""),
    ];
    for (path, key) in cases {
        assert_eq!(key_for_path(path), key, "{path}");
    }
}

#[test]
fn lookup_path_finds_the_nearest_help() {
    let cases = [
        ("spec.http[0].match[1].headers.x-team.exact", "spec.http.match.headers"),
        ("spec.http[0].match[0].uri.prefix", "spec.http.match.uri"),
        ("spec.http[0].fault.delay.percentage.value", "spec.http.fault.delay.percentage"),
        ("spec.http[0].mirrorPercentage.value", "spec.http.mirrorPercentage"),
        ("spec.subsets[1].trafficPolicy", "spec.subsets.trafficPolicy"),
        ("spec.subsets[1].trafficPolicy.tls.mode", "spec.trafficPolicy.tls.mode"),
        (
            "spec.subsets[0].trafficPolicy.portLevelSettings[0].connectionPool.tcp.maxConnections",
            "spec.trafficPolicy.connectionPool.tcp.maxConnections",
        ),
        (
            "spec.trafficPolicy.portLevelSettings[0].port.number",
            "spec.trafficPolicy.portLevelSettings.port.number",
        ),
        (
            "spec.trafficPolicy.portLevelSettings[0].outlierDetection.interval",
            "spec.trafficPolicy.outlierDetection.interval",
        ),
        ("spec.tcp[0].route[0].weight", "spec.http.route.weight"),
        ("spec.tls[0].match[0].sniHosts[0]", "spec.tls.match.sniHosts"),
        ("spec.tls[0].match[0].port", "spec.http.match.port"),
        ("spec.http[0].route[0].headers.request.set.x-a", "spec.http.headers.request.set"),
        ("spec.http[0].mirrors[0].destination.host", "spec.http.mirror.host"),
        ("spec.http[0].corsPolicy.allowOrigins[0].exact", "spec.http.corsPolicy.allowOrigins"),
        ("spec.http[0].unknownField", "spec.http"),
    ];
    for (path, key) in cases {
        assert_eq!(lookup_path(path).map(|h| h.key), Some(key), "{path}");
    }
    assert!(lookup_path("status.conditions").is_none());
    assert!(lookup_path("").is_none());
}

#[test]
fn retry_on_lists_the_sixteen_policies_once() {
    let names: Vec<&str> = RETRY_ON.iter().map(|(n, _)| *n).collect();
    let want = [
        "5xx",
        "gateway-error",
        "reset",
        "reset-before-request",
        "connect-failure",
        "envoy-ratelimited",
        "retriable-4xx",
        "refused-stream",
        "retriable-status-codes",
        "retriable-headers",
        "http3-post-connect-failure",
        "cancelled",
        "deadline-exceeded",
        "internal",
        "resource-exhausted",
        "unavailable",
    ];
    assert_eq!(names, want);
    for (name, text) in RETRY_ON {
        assert!(!text.trim().is_empty(), "{name}");
        assert!(!text.contains('\n'), "{name}: one line");
    }
}

#[test]
fn retry_on_matches_the_validation_spec() {
    // The spec lists the accepted names in backticks on its `retryOn` lines.
    let Ok(spec) = std::fs::read_to_string("/work/shared/docs/istio-validation-rules.md") else {
        eprintln!("note: istio-validation-rules.md not found; check skipped");
        return;
    };
    let start = spec.find("`retryOn`:").expect("retryOn section");
    let section = &spec[start..];
    let end = section.find("Anything else").expect("end of the retryOn list");
    let listed: BTreeSet<&str> = section[..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .filter(|w| w.chars().any(|c| c.is_ascii_lowercase()))
        .collect();
    let ours: BTreeSet<&str> = RETRY_ON.iter().map(|(n, _)| *n).collect();
    assert_eq!(ours, listed);
}

#[test]
fn module_is_reachable() {
    assert!(help::FIELDS.len() >= 100, "{}", help::FIELDS.len());
}
