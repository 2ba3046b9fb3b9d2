//! One HTTP rule (`spec.http[i]`), as the webhook's `validateHTTPRoute`
//! checks it: action exclusivity, matches, header manipulation, CORS,
//! fault injection, mirroring, redirect, direct response, retries,
//! rewrite, destinations and timeout. Warnings the webhook drops (merged
//! with `appendErrors`) are not reported.

use super::duration::DurationRule;
use super::fields::{self, MatchPlace};
use super::names;
use super::virtual_service::{destination, destination_weights};
use super::{list_code, Cx};
use crate::codes;
use crate::common::{Headers, Percent};
use crate::diagnostic::Severity;
use crate::virtual_service::{
    Abort, CorsPolicy, Delay, HttpDirectResponse, HttpFaultInjection, HttpMatchRequest,
    HttpMirrorPolicy, HttpRedirect, HttpRetry, HttpRewrite, HttpRoute,
};

/// How the rule sits in its VirtualService.
#[derive(Clone, Copy)]
pub(crate) struct RouteCx {
    /// The VirtualService has no hosts: it is a delegate.
    pub delegate_vs: bool,
    /// `internal.istio.io/route-semantics: gateway`.
    pub gateway_semantics: bool,
}

/// Checks `spec.http[i]` (the current path).
pub(crate) fn check_route<'a>(cx: &mut Cx<'a>, r: &'a HttpRoute, rcx: RouteCx) {
    conflicts(cx, r, rcx);
    cx.at("match", |cx| {
        for (j, m) in r.matches.iter().enumerate() {
            cx.index(j, |cx| match_request(cx, m));
        }
    });
    header_operations(cx, r.headers.as_ref());
    if let Some(c) = &r.cors_policy {
        cx.at("corsPolicy", |cx| cors(cx, c));
    }
    if let Some(f) = &r.fault {
        cx.at("fault", |cx| fault(cx, f));
    }
    mirror_percent(cx, "mirrorPercent", r.mirror_percent);
    mirror_percent(cx, "mirror_percent", r.mirror_percent_legacy);
    if let Some(p) = &r.mirror_percentage {
        cx.at("mirrorPercentage", |cx| mirror_percentage(cx, p));
    }
    if let Some(m) = &r.mirror {
        cx.at("mirror", |cx| destination(cx, m));
    }
    cx.at("mirrors", |cx| {
        for (i, m) in r.mirrors.iter().enumerate() {
            cx.index(i, |cx| mirror_policy(cx, m));
        }
    });
    if let Some(red) = &r.redirect {
        cx.at("redirect", |cx| redirect(cx, red));
    }
    if let Some(d) = &r.direct_response {
        cx.at("directResponse", |cx| direct_response(cx, d));
    }
    if let Some(rt) = &r.retries {
        cx.at("retries", |cx| retries(cx, rt));
    }
    if let Some(rw) = &r.rewrite {
        cx.at("rewrite", |cx| rewrite(cx, rw));
    }
    authority_rewrite(cx, r);
    cx.at("route", |cx| destination_weights(cx, &r.route, rcx.gateway_semantics));
    fields::duration(cx, "timeout", r.timeout.as_deref(), DurationRule::Standard);
}

/// `validateHTTPRouteConflict`: which actions may go together.
fn conflicts(cx: &mut Cx<'_>, r: &HttpRoute, rcx: RouteCx) {
    let has_route = !r.route.is_empty();
    if r.delegate.is_some() && !rcx.delegate_vs {
        // A root rule: only `delegate` may say where traffic goes.
        if r.redirect.is_some() {
            cx.report_at(
                "redirect",
                &codes::DELEGATE_ROUTE_INVALID,
                "a rule with `delegate` cannot also `redirect`",
            )
            .help("remove `redirect`, or remove `delegate` and handle the rule here");
        }
        if has_route {
            cx.report_at(
                "route",
                &codes::DELEGATE_ROUTE_INVALID,
                "a rule with `delegate` cannot also `route`",
            )
            .help("remove `route`: the delegate VirtualService decides where traffic goes");
        }
        return;
    }
    if rcx.delegate_vs && r.delegate.is_some() {
        cx.report_at(
            "delegate",
            &codes::DELEGATE_ROUTE_INVALID,
            "a rule of a delegate VirtualService (one without hosts) cannot delegate again",
        )
        .help("delegation is one level deep: route, redirect or respond here instead");
    }
    let conflict = |cx: &mut Cx<'_>, key: &str, a: &str, b: &str| {
        cx.report_at(key, &codes::HTTP_ACTION_CONFLICT, format!("a rule cannot have both `{a}` and `{b}`"))
            .help(format!("keep one of `{a}` and `{b}`; split the rule in two if you need both behaviours for different requests"));
    };
    if r.redirect.is_some() {
        if has_route {
            conflict(cx, "route", "redirect", "route");
        }
        if r.fault.is_some() {
            conflict(cx, "fault", "redirect", "fault");
        }
        if r.rewrite.is_some() {
            conflict(cx, "rewrite", "redirect", "rewrite");
        }
        if r.direct_response.is_some() {
            conflict(cx, "directResponse", "redirect", "directResponse");
        }
    } else if r.direct_response.is_some() {
        if has_route {
            conflict(cx, "route", "directResponse", "route");
        }
        if r.fault.is_some() {
            conflict(cx, "fault", "directResponse", "fault");
        }
        if r.rewrite.is_some() {
            conflict(cx, "rewrite", "directResponse", "rewrite");
        }
    } else if !has_route {
        cx.report(
            &codes::HTTP_ACTION_MISSING,
            "the rule has no `route`, `redirect` or `directResponse`, so it cannot handle a request",
        )
        .help("add a destination under `route`, or a `redirect` or `directResponse`");
    }
    if r.mirror.is_some() && !r.mirrors.is_empty() {
        cx.report_at(
            "mirrors",
            &codes::MIRROR_AND_MIRRORS,
            "the rule sets both `mirror` and `mirrors`",
        )
        .help("move the `mirror` destination into `mirrors`");
    }
}

/// `validateHTTPRouteMatchRequest` for one match (the current path).
fn match_request<'a>(cx: &mut Cx<'a>, m: &'a HttpMatchRequest) {
    cx.at("headers", |cx| {
        for (name, sm) in &m.headers {
            if let Err(e) = names::match_header_name(name) {
                cx.report_at(name, &codes::HEADER_NAME_INVALID, e)
                    .help("header names are RFC 7230 tokens: letters, digits and !#$%&'*+-.^_`|~");
            }
            fields::string_match(cx, name, sm, MatchPlace::Header);
        }
    });
    cx.at("withoutHeaders", |cx| {
        for (name, sm) in &m.without_headers {
            if let Err(e) = names::match_header_name(name) {
                cx.report_at(name, &codes::HEADER_NAME_INVALID, e)
                    .help("header names are RFC 7230 tokens: letters, digits and !#$%&'*+-.^_`|~");
            }
            fields::string_match(cx, name, sm, MatchPlace::WithoutHeaders);
        }
    });
    if let Some(u) = &m.uri {
        fields::string_match(cx, "uri", u, MatchPlace::Uri);
    }
    for (key, sm) in [("scheme", &m.scheme), ("method", &m.method), ("authority", &m.authority)] {
        if let Some(sm) = sm {
            fields::string_match(cx, key, sm, MatchPlace::Field);
        }
    }
    cx.at("queryParams", |cx| {
        for (name, sm) in &m.query_params {
            fields::string_match(cx, name, sm, MatchPlace::QueryParam);
        }
    });
    if let Some(p) = m.port {
        if p != 0 {
            fields::port(cx, "port", p);
        }
    }
    fields::labels(cx, "sourceLabels", &m.source_labels);
    cx.at("gateways", |cx| super::virtual_service::gateway_names(cx, &m.gateways, false, false));
    if let Some(ns) = m.source_namespace.as_deref() {
        if !ns.is_empty() && !names::is_dns1123_label(ns) {
            cx.report_at(
                "sourceNamespace",
                &codes::SOURCE_NAMESPACE_INVALID,
                format!("sourceNamespace `{}` is not a DNS-1123 label", names::truncate(ns, 80)),
            )
            .help("use a namespace name: letters, digits and `-`, at most 63 characters");
        }
    }
}

/// Header manipulation at `headers` under the current path.
pub(crate) fn header_operations(cx: &mut Cx<'_>, h: Option<&Headers>) {
    cx.at("headers", |cx| header_ops_body(cx, h));
}

/// Header manipulation; the current path is the `headers` field.
fn header_ops_body(cx: &mut Cx<'_>, h: Option<&Headers>) {
    let Some(h) = h else { return };
    const HELP_NAME: &str = "request `set`/`add` may change any header but `:`-prefixed ones (except `:authority`); `remove` and response operations may not touch `host` or `:`-prefixed headers";
    const HELP_VALUE: &str = "remove control characters; write a literal `%` as `%%` (Envoy reads `%NAME%` as a variable)";
    if let Some(req) = &h.request {
        cx.at("request", |cx| {
            for op in ["set", "add"] {
                let map = if op == "set" { &req.set } else { &req.add };
                cx.at(op, |cx| {
                    for (name, value) in map {
                        if let Err(e) = names::header_op_name_with_authority(name) {
                            cx.report_at(name, &codes::HEADER_OPERATION_NAME_INVALID, e)
                                .help(HELP_NAME);
                        }
                        if let Err(e) = names::header_value(value) {
                            cx.report_at(
                                name,
                                &codes::HEADER_VALUE_INVALID,
                                format!("header `{name}`: {e}"),
                            )
                            .help(HELP_VALUE);
                        }
                    }
                });
            }
            cx.at("remove", |cx| {
                for (i, name) in req.remove.iter().enumerate() {
                    if let Err(e) = names::header_op_name(name) {
                        cx.index(i, |cx| {
                            cx.report(&codes::HEADER_OPERATION_NAME_INVALID, e).help(HELP_NAME);
                        });
                    }
                }
            });
        });
    }
    if let Some(resp) = &h.response {
        cx.at("response", |cx| {
            for op in ["set", "add"] {
                let map = if op == "set" { &resp.set } else { &resp.add };
                cx.at(op, |cx| {
                    for (name, value) in map {
                        if let Err(e) = names::header_op_name(name) {
                            cx.report_at(name, &codes::HEADER_OPERATION_NAME_INVALID, e)
                                .help(HELP_NAME);
                        }
                        if let Err(e) = names::header_value(value) {
                            cx.report_at(
                                name,
                                &codes::HEADER_VALUE_INVALID,
                                format!("header `{name}`: {e}"),
                            )
                            .help(HELP_VALUE);
                        }
                    }
                });
            }
            cx.at("remove", |cx| {
                for (i, name) in resp.remove.iter().enumerate() {
                    if let Err(e) = names::header_op_name(name) {
                        cx.index(i, |cx| {
                            cx.report(&codes::HEADER_OPERATION_NAME_INVALID, e).help(HELP_NAME);
                        });
                    }
                }
            });
        });
    }
}

const CORS_METHODS: &[&str] =
    &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*"];

/// `validateCORSPolicy` (the current path is `corsPolicy`).
fn cors(cx: &mut Cx<'_>, c: &CorsPolicy) {
    cx.at("allowOrigins", |cx| {
        for (i, o) in c.allow_origins.iter().enumerate() {
            cx.index(i, |cx| {
                let members = o.match_type_members();
                if members.len() > 1 {
                    cx.report(
                        &codes::STRING_MATCH_CONFLICT,
                        format!("the origin sets {} at once; a string match takes exactly one", list_code(&members)),
                    )
                    .help("keep one of `exact`, `prefix` and `regex`");
                }
                match o.kind() {
                    None | Some((_, "")) => {
                        cx.report(&codes::CORS_ORIGIN_INVALID, "the allowed origin has no value")
                            .help("give an `exact`, `prefix` or `regex` origin such as `exact: https://example.com`");
                    }
                    Some((_, _)) => {
                        if let Some(r) = &o.regex {
                            if !r.is_empty() {
                                cx.at("regex", |cx| fields::regex(cx, r));
                            }
                        }
                    }
                }
            });
        }
    });
    cx.at("allowMethods", |cx| {
        for (i, m) in c.allow_methods.iter().enumerate() {
            if !CORS_METHODS.contains(&m.as_str()) {
                cx.index(i, |cx| {
                    cx.report(&codes::CORS_METHOD_INVALID, format!("`{}` is not a supported HTTP method", names::truncate(m, 40)))
                        .help("use upper-case GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE or `*`");
                });
            }
        }
    });
    for (key, list) in [("allowHeaders", &c.allow_headers), ("exposeHeaders", &c.expose_headers)] {
        cx.at(key, |cx| {
            for (i, h) in list.iter().enumerate() {
                let bad = if h.is_empty() {
                    Some("the header name is empty".to_string())
                } else if h != "*" && !names::is_header_token(h) {
                    Some(format!("`{}` is not a valid header name", names::truncate(h, 60)))
                } else {
                    None
                };
                if let Some(msg) = bad {
                    cx.index(i, |cx| {
                        cx.report(&codes::CORS_HEADER_INVALID, msg).help(
                            "use `*` or an RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~",
                        );
                    });
                }
            }
        });
    }
    fields::duration(cx, "maxAge", c.max_age.as_deref(), DurationRule::WholeSeconds);
}

/// `validatePercentage`: 0, or 0.0001..=100.
fn fault_percentage(cx: &mut Cx<'_>, p: Option<&Percent>) {
    let Some(p) = p else { return };
    let v = p.get();
    if !(0.0..=100.0).contains(&v) || (v > 0.0 && v < 0.0001) {
        cx.report_at(
            "percentage.value",
            &codes::FAULT_PERCENTAGE_INVALID,
            format!("percentage {v} is neither 0 nor in 0.0001..100"),
        )
        .help("use a value from 0.0001 to 100, or 0 to turn the fault off");
    }
}

/// `validateHTTPFaultInjection` (the current path is `fault`).
fn fault(cx: &mut Cx<'_>, f: &HttpFaultInjection) {
    if f.abort.is_none() && f.delay.is_none() {
        cx.report(&codes::FAULT_EMPTY, "the fault has neither `abort` nor `delay`")
            .help("add an `abort` or a `delay`, or remove `fault`");
    }
    if let Some(a) = &f.abort {
        cx.at("abort", |cx| abort(cx, a));
    }
    if let Some(d) = &f.delay {
        cx.at("delay", |cx| delay(cx, d));
    }
}

const GRPC_STATUS: &[&str] = &[
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

fn abort(cx: &mut Cx<'_>, a: &Abort) {
    fault_percentage(cx, a.percentage.as_ref());
    let members = a.error_type_members();
    if members.len() > 1 {
        cx.report(
            &codes::FAULT_ABORT_CONFLICT,
            format!("the abort sets {} at once; it takes one error type", list_code(&members)),
        )
        .help("keep one of `httpStatus`, `grpcStatus` and `http2Error`");
    }
    if let Some(s) = a.http_status {
        if !(200..=600).contains(&s) {
            cx.report_at(
                "httpStatus",
                &codes::FAULT_ABORT_STATUS_INVALID,
                format!("HTTP status {s} is not in 200..599"),
            )
            .help("use a status code from 200 to 599, e.g. 503");
        }
    }
    if let Some(g) = &a.grpc_status {
        if !GRPC_STATUS.contains(&g.as_str()) {
            let hint = if GRPC_STATUS.contains(&g.to_ascii_uppercase().as_str()) {
                format!("write it in upper case: `{}`", g.to_ascii_uppercase())
            } else {
                "use a gRPC code name such as `UNAVAILABLE`, `NOT_FOUND` or `INTERNAL`".to_string()
            };
            cx.report_at(
                "grpcStatus",
                &codes::FAULT_ABORT_GRPC_STATUS_INVALID,
                format!("gRPC status `{}` is not a gRPC code name", names::truncate(g, 40)),
            )
            .help(hint);
        }
    }
    if a.http2_error.is_some() {
        cx.report_at(
            "http2Error",
            &codes::FAULT_ABORT_HTTP2_UNSUPPORTED,
            "HTTP/2 error aborts are not supported by Istio",
        )
        .help("abort with `httpStatus` or `grpcStatus` instead");
    }
}

fn delay(cx: &mut Cx<'_>, d: &Delay) {
    fault_percentage(cx, d.percentage.as_ref());
    let members = d.http_delay_type_members();
    if members.len() > 1 {
        cx.report(
            &codes::FAULT_DELAY_CONFLICT,
            format!("the delay sets {} at once; it takes one", list_code(&members)),
        )
        .help("keep `fixedDelay`");
    }
    fields::duration(cx, "fixedDelay", d.fixed_delay.as_deref(), DurationRule::Standard);
    if d.exponential_delay.is_some() {
        fields::duration(
            cx,
            "exponentialDelay",
            d.exponential_delay.as_deref(),
            DurationRule::Standard,
        );
        cx.report_at(
            "exponentialDelay",
            &codes::FAULT_EXPONENTIAL_DELAY_UNSUPPORTED,
            "exponential delays are not supported by Istio",
        )
        .help("use `fixedDelay`");
    }
    if let Some(p) = d.percent {
        if p > 0 {
            cx.report_at(
                "percent",
                &codes::FAULT_DELAY_PERCENT_DEPRECATED,
                "`percent` is deprecated",
            )
            .help(format!("write `percentage: {{value: {p}}}` instead"));
        }
    }
}

/// Deprecated integer `mirrorPercent` / `mirror_percent`.
fn mirror_percent(cx: &mut Cx<'_>, key: &str, value: Option<u32>) {
    let Some(v) = value else { return };
    if v > 100 {
        cx.report_at(key, &codes::MIRROR_PERCENTAGE_INVALID, format!("{key} {v} is above 100"))
            .help("use a value from 0 to 100");
    }
    cx.report_at(key, &codes::MIRROR_PERCENT_DEPRECATED, format!("`{key}` is deprecated"))
        .help(format!("write `mirrorPercentage: {{value: {v}}}` instead"));
}

/// A mirror percentage: 0..=100 (the current path is the `Percent`).
fn mirror_percentage(cx: &mut Cx<'_>, p: &Percent) {
    let v = p.get();
    if !(0.0..=100.0).contains(&v) {
        cx.report_at(
            "value",
            &codes::MIRROR_PERCENTAGE_INVALID,
            format!("mirror percentage {v} is outside 0..100"),
        )
        .help("use a value from 0 to 100");
    }
}

fn mirror_policy(cx: &mut Cx<'_>, m: &HttpMirrorPolicy) {
    cx.at("destination", |cx| destination(cx, &m.destination));
    if let Some(p) = &m.percentage {
        cx.at("percentage", |cx| mirror_percentage(cx, p));
    }
}

/// `validateHTTPRedirect` (1.30): it stops at the first problem.
fn redirect(cx: &mut Cx<'_>, r: &HttpRedirect) {
    let members = r.redirect_port_members();
    if members.len() > 1 {
        cx.report(&codes::REDIRECT_PORT_CONFLICT, "the redirect sets both `port` and `derivePort`")
            .help("keep one: a fixed `port`, or `derivePort`");
    }
    let empty = |s: &Option<String>| s.as_deref().unwrap_or("").is_empty();
    if empty(&r.uri) && empty(&r.authority) && members.is_empty() && empty(&r.scheme) {
        cx.report(
            &codes::REDIRECT_TARGET_MISSING,
            "the redirect sets none of `uri`, `authority`, `scheme` and `port`",
        )
        .help("say where to redirect to, e.g. `uri: /new-path` or `authority: example.com`");
        return;
    }
    if let Some(code) = r.redirect_code {
        if code != 0 && !(300..=399).contains(&code) {
            cx.report_at(
                "redirectCode",
                &codes::REDIRECT_CODE_INVALID,
                format!("redirect code {code} is not a 3xx code"),
            )
            .help("use 301, 302, 303, 307 or 308");
            return;
        }
    }
    if let Some(s) = r.scheme.as_deref() {
        if !s.is_empty() && s != "http" && s != "https" {
            cx.report_at(
                "scheme",
                &codes::REDIRECT_SCHEME_INVALID,
                format!("redirect scheme `{}` is not `http` or `https`", names::truncate(s, 40)),
            )
            .help("use `http` or `https` (lower case)");
            return;
        }
    }
    if let Some(p) = r.port {
        if p > 0 {
            fields::port(cx, "port", p);
        }
    }
}

/// `validateHTTPDirectResponse` (the current path is `directResponse`).
fn direct_response(cx: &mut Cx<'_>, d: &HttpDirectResponse) {
    if let Some(body) = &d.body {
        cx.at("body", |cx| {
            let members = body.specifier_members();
            if members.len() > 1 {
                cx.report(&codes::DIRECT_RESPONSE_BODY_CONFLICT, "the body sets both `string` and `bytes`")
                    .help("keep one of `string` and `bytes`");
            }
            let (key, size) = if let Some(s) = &body.string {
                ("string", s.len())
            } else if let Some(b) = &body.bytes {
                ("bytes", base64_decoded_len(b))
            } else {
                ("", 0)
            };
            const KB: usize = 1024;
            if size > 1024 * KB {
                cx.report_at(key, &codes::DIRECT_RESPONSE_BODY_SIZE, format!("the body is {size} bytes; Istio accepts at most 1 MiB"))
                    .severity(Severity::Error)
                    .help("serve large content from a service instead of a direct response");
            } else if size > 100 * KB {
                cx.report_at(key, &codes::DIRECT_RESPONSE_BODY_SIZE, format!("the body is {size} bytes; bodies over 100 KiB may slow down the control plane"))
                    .help("serve large content from a service instead of a direct response");
            }
        });
    }
    // The webhook converts the status to int32 first.
    let status = d.status as i32;
    if !(200..=600).contains(&status) {
        cx.report_at(
            "status",
            &codes::DIRECT_RESPONSE_STATUS_INVALID,
            format!("status {} is not in 200..599", d.status),
        )
        .help("use a status code from 200 to 599");
    }
}

/// Length of the bytes a base64 text decodes to.
fn base64_decoded_len(s: &str) -> usize {
    let t = s.trim_end_matches('=');
    let n = t.bytes().filter(|c| !c.is_ascii_whitespace()).count();
    n / 4 * 3 + (n % 4).saturating_sub(1)
}

/// Go's `http.StatusText(n) != ""`.
fn is_known_http_status(n: i64) -> bool {
    matches!(n, 100..=103 | 200..=208 | 226 | 300..=305 | 307 | 308 | 400..=418 | 421..=426 | 428 | 429 | 431 | 451 | 500..=508 | 510 | 511)
}

const RETRY_ON: &[&str] = &[
    "5xx",
    "gateway-error",
    "reset",
    "reset-before-request",
    "connect-failure",
    "retriable-4xx",
    "refused-stream",
    "retriable-status-codes",
    "retriable-headers",
    "envoy-ratelimited",
    "http3-post-connect-failure",
    "cancelled",
    "deadline-exceeded",
    "internal",
    "resource-exhausted",
    "unavailable",
];

/// Go's `strconv.Atoi`, or 0 on failure (as Istio uses it).
fn atoi_or_zero(s: &str) -> i64 {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return 0;
    }
    s.parse::<i64>().unwrap_or(0)
}

/// `ValidateHTTPRetry` (the current path is `retries`).
fn retries(cx: &mut Cx<'_>, r: &HttpRetry) {
    let attempts = r.attempts.unwrap_or(0);
    if attempts < 0 {
        cx.report_at(
            "attempts",
            &codes::RETRIES_ATTEMPTS_NEGATIVE,
            format!("attempts is {attempts}"),
        )
        .help("use 0 to disable retries, or a positive number of retries");
    }
    if attempts == 0 {
        let set: Vec<&str> = [
            ("perTryTimeout", r.per_try_timeout.is_some()),
            ("retryOn", r.retry_on.as_deref().is_some_and(|s| !s.is_empty())),
            ("retryRemoteLocalities", r.retry_remote_localities.is_some()),
        ]
        .iter()
        .filter(|(_, s)| *s)
        .map(|(n, _)| *n)
        .collect();
        if !set.is_empty() {
            let why =
                if r.attempts.is_some() { "`attempts` is 0" } else { "`attempts` is not set" };
            cx.report(
                &codes::RETRIES_DISABLED_BUT_CONFIGURED,
                format!("{} {} set, but {why}, which disables retries", list_code(&set), if set.len() == 1 { "is" } else { "are" }),
            )
            .help("set `attempts` to the number of retries (e.g. 3), or remove the other retry settings");
        }
    }
    fields::duration(cx, "perTryTimeout", r.per_try_timeout.as_deref(), DurationRule::Standard);
    if let Some(on) = r.retry_on.as_deref() {
        if !on.is_empty() {
            let bad: Vec<&str> = on
                .split(',')
                .filter(|p| !is_known_http_status(atoi_or_zero(p)) && !RETRY_ON.contains(p))
                .collect();
            if !bad.is_empty() {
                let what: Vec<String> = bad.iter().map(|b| format!("{b:?}")).collect();
                let hint = if bad.iter().any(|b| b.trim() != *b) {
                    "remove the spaces: items are separated by `,` alone (`5xx,reset`)"
                } else if bad.iter().any(|b| b.is_empty()) {
                    "remove the empty item (a doubled or trailing comma)"
                } else {
                    "use Envoy retry policies (5xx, gateway-error, reset, reset-before-request, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, retriable-headers, envoy-ratelimited, http3-post-connect-failure; gRPC: cancelled, deadline-exceeded, internal, resource-exhausted, unavailable) or HTTP status codes"
                };
                cx.report_at(
                    "retryOn",
                    &codes::RETRY_ON_INVALID,
                    format!(
                        "retryOn has {} that Istio does not know: {}",
                        super::plural(bad.len(), "item"),
                        what.join(", ")
                    ),
                )
                .help(hint);
            }
        }
    }
    fields::duration(cx, "backoff", r.backoff.as_deref(), DurationRule::Standard);
}

/// `validateHTTPRewrite` (the current path is `rewrite`); it stops at the
/// first problem.
fn rewrite(cx: &mut Cx<'_>, r: &HttpRewrite) {
    let uri = r.uri.as_deref().unwrap_or("");
    let authority = r.authority.as_deref().unwrap_or("");
    if !uri.is_empty() && r.uri_regex_rewrite.is_some() {
        cx.report(
            &codes::REWRITE_URI_CONFLICT,
            "the rewrite sets both `uri` and `uriRegexRewrite`",
        )
        .help("keep one of `uri` and `uriRegexRewrite`");
        return;
    }
    if uri.is_empty() && r.uri_regex_rewrite.is_none() && authority.is_empty() {
        cx.report(
            &codes::REWRITE_EMPTY,
            "the rewrite sets none of `uri`, `uriRegexRewrite` and `authority`",
        )
        .help("say what to rewrite, or remove `rewrite`");
        return;
    }
    if let Some(rr) = &r.uri_regex_rewrite {
        cx.at("uriRegexRewrite", |cx| {
            let m = rr.matches.as_deref().unwrap_or("");
            let w = rr.rewrite.as_deref().unwrap_or("");
            if m.is_empty() || w.is_empty() {
                let missing = if m.is_empty() && w.is_empty() {
                    "`match` and `rewrite`"
                } else if m.is_empty() {
                    "`match`"
                } else {
                    "`rewrite`"
                };
                cx.report(&codes::REWRITE_REGEX_INCOMPLETE, format!("uriRegexRewrite has no {missing}"))
                    .help("give both a `match` regex and its `rewrite` (e.g. `match: ^/old/(.*)`, `rewrite: /new/\\1`)");
                return;
            }
            cx.at("match", |cx| fields::regex(cx, m));
        });
    }
}

/// `validateAuthorityRewrite`: the authority may be set in one place only.
fn authority_rewrite(cx: &mut Cx<'_>, r: &HttpRoute) {
    let mut current = r.rewrite.as_ref().and_then(|rw| rw.authority.clone()).unwrap_or_default();
    let Some(req) = r.headers.as_ref().and_then(|h| h.request.as_ref()) else { return };
    for (op, map) in [("set", &req.set), ("add", &req.add)] {
        for (k, v) in map {
            if !names::is_authority_header(k) {
                continue;
            }
            if !current.is_empty() {
                cx.report_at(
                    &format!("headers.request.{op}.{k}"),
                    &codes::AUTHORITY_SET_TWICE,
                    format!("the authority is already set to `{}`; this sets it again to `{}`", names::truncate(&current, 60), names::truncate(v, 60)),
                )
                .help("set the authority in one place: `rewrite.authority`, or one request header `:authority`/`host`");
                return;
            }
            current = v.clone();
        }
    }
}
