//! `VirtualService` (networking.istio.io): how requests to a host are routed.
//!
//! Type and field names follow Istio's proto messages
//! (`networking/v1alpha3/virtual_service.proto`); docs paraphrase its API
//! reference (<https://istio.io/latest/docs/reference/config/networking/virtual-service/>).
//! Every field of the v1 CRD schema is modelled.
//!
//! Design (details in [`crate::common`]):
//! - every message keeps unknown fields verbatim in `extra`;
//! - proto oneofs ([`Delay`] fixed/exponential, [`Abort`] HTTP/gRPC/HTTP2,
//!   [`HttpRedirect`] `port`/`derivePort`, [`HttpBody`] string/bytes,
//!   [`StringMatch`]) are sibling `Option`s with reading helpers, so a
//!   document that sets two members still loads and validation can say so;
//!   the same holds for the documented-only exclusivity of `route`,
//!   `redirect`, `directResponse` and `delegate` in an [`HttpRoute`];
//! - durations (`timeout`, `perTryTimeout`, `fixedDelay`, …) are strings as
//!   written; deprecated fields (`mirrorPercent`, `mirror_percent`,
//!   `fault.delay.percent`, `corsPolicy.allowOrigin`) are kept;
//! - a required field (`destination.host`, `directResponse.status`,
//!   `mirrors[].destination`) that is missing makes the document fail to
//!   load (`schema-type`), as the API server rejects it; required *lists*
//!   (`tls[].match`, `sniHosts`) load when absent and are left to validation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{members, unknown_fields};
pub use crate::common::{HeaderOperations, Headers, MatchKind, Percent, PortSelector, StringMatch};
use crate::meta::ObjectMeta;

/// A VirtualService resource.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualService {
    /// `networking.istio.io/v1`, `v1beta1` or `v1alpha3` as read.
    pub api_version: String,
    /// Always `VirtualService`.
    pub kind: String,
    /// Name, namespace, labels, annotations.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The routing configuration.
    #[serde(default)]
    pub spec: VirtualServiceSpec,
    /// Unknown top-level fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(VirtualService { metadata: "metadata", spec: "spec" });

/// `VirtualService` spec: the hosts it applies to and ordered rule lists
/// for HTTP, TLS and TCP traffic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualServiceSpec {
    /// Destination hosts the rules apply to: short names (`reviews`,
    /// resolved in the VirtualService's namespace), FQDNs, or wildcard
    /// prefixes (`*.example.com`, `*`). Required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// Gateways and sidecars that apply these routes, as `<namespace>/<name>`
    /// or a name in the same namespace; the reserved word `mesh` means all
    /// sidecars. Default: `mesh` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<String>,
    /// Ordered HTTP rules (HTTP/1.1, HTTP/2, gRPC); the first that matches
    /// a request is used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http: Vec<HttpRoute>,
    /// Ordered rules for non-terminated TLS and HTTPS traffic, routed by
    /// SNI; the first that matches is used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<TlsRoute>,
    /// Ordered rules for opaque TCP traffic; the first that matches is used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tcp: Vec<TcpRoute>,
    /// Namespaces the VirtualService is exported to (`.` for its own, `*`
    /// for all). Default: all namespaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub export_to: Vec<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(VirtualServiceSpec { http: "http", tls: "tls", tcp: "tcp" });

/// One HTTP rule (`HTTPRoute`): conditions, and what to do with matching
/// requests (forward, redirect, respond directly or delegate).
///
/// `route`, `redirect`, `direct_response` and `delegate` are mutually
/// exclusive by documentation only; they are sibling fields here and a
/// validation rule reports a conflict.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRoute {
    /// Name for the rule, appended to the matched route's name in access
    /// logs and used for debugging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Conditions (`match`) for the rule: the rule applies when any one of
    /// them matches (OR); the fields within one condition are ANDed.
    /// Empty: the rule matches every request.
    #[serde(rename = "match", default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HttpMatchRequest>,
    /// Where to forward the traffic, with weights. Exclusive with
    /// `redirect`, `directResponse` and `delegate`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<HttpRouteDestination>,
    /// Send a 301 (or another 3xx) redirect instead of forwarding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<HttpRedirect>,
    /// Return a fixed response instead of forwarding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_response: Option<HttpDirectResponse>,
    /// Hand the rule over to another VirtualService (only when this one's
    /// rules are used by a gateway, and `route`/`redirect` are empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegate: Option<Delegate>,
    /// Rewrite the URI or Authority before forwarding (not with `redirect`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewrite: Option<HttpRewrite>,
    /// Timeout for the request, a duration such as `10s`. Default: disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// Retry policy for the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<HttpRetry>,
    /// Fault injection (delays, aborts) applied on the client side. Timeouts
    /// and retries are not applied while a fault is being injected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<HttpFaultInjection>,
    /// Also send a copy of the traffic to this destination, fire and forget
    /// (the `Host` header gets a `-shadow` suffix). Exclusive with `mirrors`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror: Option<Destination>,
    /// Destinations to copy the traffic to, each with its own percentage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mirrors: Vec<HttpMirrorPolicy>,
    /// Percentage of the traffic copied to `mirror`. Default: 100%; 0 mirrors
    /// nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror_percentage: Option<Percent>,
    /// Deprecated (`mirrorPercent`): integer percentage of the traffic
    /// copied to `mirror`; use `mirrorPercentage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror_percent: Option<u32>,
    /// Deprecated proto-style spelling `mirror_percent` of `mirrorPercent`,
    /// accepted by the CRD; kept as written.
    #[serde(rename = "mirror_percent", default, skip_serializing_if = "Option::is_none")]
    pub mirror_percent_legacy: Option<u32>,
    /// Cross-Origin Resource Sharing policy for the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors_policy: Option<CorsPolicy>,
    /// Header changes applied to requests and responses of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Headers>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpRoute {
    matches: "match",
    route: "route",
    redirect: "redirect",
    direct_response: "directResponse",
    delegate: "delegate",
    rewrite: "rewrite",
    retries: "retries",
    fault: "fault",
    mirror: "mirror",
    mirrors: "mirrors",
    mirror_percentage: "mirrorPercentage",
    cors_policy: "corsPolicy",
    headers: "headers",
});

/// Which of the documented-exclusive actions of an [`HttpRoute`] is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpAction {
    /// `route`: forward to weighted destinations.
    Route,
    /// `redirect`: answer with a redirect.
    Redirect,
    /// `directResponse`: answer with a fixed response.
    DirectResponse,
    /// `delegate`: hand over to another VirtualService.
    Delegate,
}

impl HttpRoute {
    /// Sets the weight of destination `index` (negative values become 0);
    /// does nothing when there is no such destination.
    pub fn set_weight(&mut self, index: usize, weight: i32) {
        if let Some(d) = self.route.get_mut(index) {
            d.weight = Some(weight.max(0));
        }
    }

    /// Each destination's share of this rule's traffic, in percent.
    ///
    /// Istio splits by `weight / sum(weights)`; a lone destination without a
    /// weight gets everything; destinations with no weight count as 0 when
    /// there are several.
    pub fn shares(&self) -> Vec<f64> {
        let n = self.route.len();
        if n == 1 {
            return vec![100.0];
        }
        let total: i64 = self.route.iter().map(|d| i64::from(d.weight.unwrap_or(0).max(0))).sum();
        self.route
            .iter()
            .map(|d| {
                if total == 0 {
                    0.0
                } else {
                    100.0 * f64::from(d.weight.unwrap_or(0).max(0)) / total as f64
                }
            })
            .collect()
    }

    /// The actions set, in the order `route`, `redirect`, `directResponse`,
    /// `delegate`. Istio accepts at most one (a `delegate` only with an
    /// empty `route` and no `redirect`).
    pub fn actions(&self) -> Vec<HttpAction> {
        let mut out = Vec::new();
        if !self.route.is_empty() {
            out.push(HttpAction::Route);
        }
        if self.redirect.is_some() {
            out.push(HttpAction::Redirect);
        }
        if self.direct_response.is_some() {
            out.push(HttpAction::DirectResponse);
        }
        if self.delegate.is_some() {
            out.push(HttpAction::Delegate);
        }
        out
    }
}

/// Match conditions of an HTTP rule (`HTTPMatchRequest`). All fields set in
/// one condition must hold (AND). Header names are case-insensitive and
/// must be lower-case; values are case-sensitive.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpMatchRequest {
    /// Name of the condition, concatenated with the rule's name in access
    /// logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Match on the request path (`exact`, `prefix` or `regex`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<StringMatch>,
    /// Match on the URI scheme (`http`, `https`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<StringMatch>,
    /// Match on the HTTP method (`GET`, `POST`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<StringMatch>,
    /// Match on the HTTP Authority (Host) value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<StringMatch>,
    /// Header conditions, keyed by lower-case header name. An empty match
    /// (`{}`) only checks that the header is present.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, StringMatch>,
    /// Port on the host being addressed; needed only when the service
    /// exposes several ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    /// Labels of the calling (source) workloads the rule is limited to;
    /// with gateways, the gateway must also be listed in `gateways`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub source_labels: BTreeMap<String, String>,
    /// Gateways the condition applies to; overrides the VirtualService's
    /// `gateways` for this condition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<String>,
    /// Query parameter conditions, keyed by parameter name (`exact` and
    /// `regex` only). An empty match checks only that the parameter is
    /// present.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query_params: BTreeMap<String, StringMatch>,
    /// Match the URI case-insensitively (only with `exact` and `prefix`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_uri_case: Option<bool>,
    /// Header conditions that must *not* hold; same syntax as `headers`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub without_headers: BTreeMap<String, StringMatch>,
    /// Namespace of the calling workloads the rule is limited to (sidecars
    /// only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_namespace: Option<String>,
    /// Human-readable prefix for the statistics of this route
    /// (`route.<stat_prefix>` in Envoy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stat_prefix: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpMatchRequest {
    uri: "uri",
    scheme: "scheme",
    method: "method",
    authority: "authority",
    headers: "headers",
    query_params: "queryParams",
    without_headers: "withoutHeaders",
});

/// A destination of an HTTP rule with its share of traffic
/// (`HTTPRouteDestination`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteDestination {
    /// The service (and subset, port) to send to. Required.
    pub destination: Destination,
    /// Relative weight; traffic is split as weight / sum of weights. With
    /// one destination it may be left out (it gets everything).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    /// Header changes applied only for this destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Headers>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpRouteDestination { destination: "destination", headers: "headers" });

/// A network-addressable service (`Destination`): host, optional subset and
/// port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    /// Service name from the registry (`reviews` or an FQDN such as
    /// `reviews.default.svc.cluster.local`). Required.
    pub host: String,
    /// Name of a subset defined in the host's DestinationRule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subset: Option<String>,
    /// Port on the host; needed only when the service exposes several ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<PortSelector>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(Destination { port: "port" });

impl Destination {
    /// A destination for `host`, subset `subset`.
    pub fn subset(host: &str, subset: &str) -> Self {
        Destination { host: host.into(), subset: Some(subset.into()), ..Default::default() }
    }

    /// A destination for `host` with no subset.
    pub fn host(host: &str) -> Self {
        Destination { host: host.into(), ..Default::default() }
    }
}

/// Sends a redirect instead of forwarding (`HTTPRedirect`).
///
/// `port` and `derive_port` form the proto oneof `redirect_port`; read it
/// with [`HttpRedirect::redirect_port_members`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRedirect {
    /// Overwrite the path of the URL with this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Overwrite the Authority/Host of the URL with this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Overwrite the port of the URL with this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    /// Derive the port dynamically: `FROM_PROTOCOL_DEFAULT` (80 for HTTP,
    /// 443 for HTTPS) or `FROM_REQUEST_PORT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derive_port: Option<RedirectPortSelection>,
    /// Overwrite the scheme of the URL (`http`, `https`). Default: the
    /// request's scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// HTTP status code of the redirect response. Default: 301.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_code: Option<u32>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpRedirect {});

impl HttpRedirect {
    /// Wire names of the `redirect_port` oneof members set (`port`,
    /// `derivePort`); more than one is an error.
    pub fn redirect_port_members(&self) -> Vec<&'static str> {
        members(&[("port", self.port.is_some()), ("derivePort", self.derive_port.is_some())])
    }
}

/// How a redirect derives its port (`HTTPRedirect.RedirectPortSelection`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RedirectPortSelection {
    /// 80 for HTTP, 443 for HTTPS.
    FromProtocolDefault,
    /// The port of the request.
    FromRequestPort,
}

impl RedirectPortSelection {
    /// Every value, in proto order.
    pub const ALL: [RedirectPortSelection; 2] =
        [RedirectPortSelection::FromProtocolDefault, RedirectPortSelection::FromRequestPort];

    /// The wire name (`FROM_PROTOCOL_DEFAULT`).
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectPortSelection::FromProtocolDefault => "FROM_PROTOCOL_DEFAULT",
            RedirectPortSelection::FromRequestPort => "FROM_REQUEST_PORT",
        }
    }
}

/// Returns a fixed response instead of forwarding (`HTTPDirectResponse`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpDirectResponse {
    /// HTTP status code of the response. Required.
    pub status: u32,
    /// Body of the response; absent means no body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<HttpBody>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpDirectResponse { body: "body" });

/// Body of a direct response (`HTTPBody`): `string` or base64 `bytes`
/// (proto oneof `specifier`, kept as sibling options).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpBody {
    /// Body as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string: Option<String>,
    /// Body as base64-encoded bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpBody {});

impl HttpBody {
    /// Wire names of the `specifier` oneof members set (`string`, `bytes`);
    /// more than one is an error.
    pub fn specifier_members(&self) -> Vec<&'static str> {
        members(&[("string", self.string.is_some()), ("bytes", self.bytes.is_some())])
    }
}

/// Names the VirtualService an HTTP rule is delegated to (`Delegate`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delegate {
    /// Name of the delegate VirtualService.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace of the delegate VirtualService. Default: this
    /// VirtualService's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(Delegate {});

/// Rewrites the URI and Authority before forwarding (`HTTPRewrite`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRewrite {
    /// Rewrite the path (or, with a `prefix` match, the matched prefix) with
    /// this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Rewrite the Authority/Host header with this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Rewrite the path with a regular expression; exclusive with `uri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri_regex_rewrite: Option<RegexRewrite>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpRewrite { uri_regex_rewrite: "uriRegexRewrite" });

/// A regex-based path rewrite (`RegexRewrite`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegexRewrite {
    /// RE2 expression selecting the parts of the path to replace.
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<String>,
    /// Replacement; may use numbered capture groups (`\1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewrite: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(RegexRewrite {});

/// Retry policy of an HTTP rule (`HTTPRetry`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRetry {
    /// Number of retries for a request; 0 disables retries. The actual
    /// number is also bounded by the rule's `timeout` and `perTryTimeout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<i32>,
    /// Timeout per attempt, initial call included (`>= 1ms`). Default: the
    /// rule's `timeout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_try_timeout: Option<String>,
    /// Conditions to retry on, comma-separated Envoy `x-envoy-retry-on` /
    /// `x-envoy-retry-grpc-on` policies (`5xx,reset,connect-failure`) or
    /// status codes. Default: `connect-failure,refused-stream,unavailable,
    /// cancelled,503`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_on: Option<String>,
    /// Whether retries may go to other localities. Default: false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_remote_localities: Option<bool>,
    /// Whether retries skip previously tried hosts. Default: true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_ignore_previous_hosts: Option<bool>,
    /// Minimum interval between retries, a duration (`>= 1ms`). Default:
    /// 25ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpRetry {});

/// Fault injection on the client side (`HTTPFaultInjection`): delay and/or
/// abort a share of the requests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpFaultInjection {
    /// Delay requests before forwarding them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<Delay>,
    /// Abort requests with an error code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort: Option<Abort>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpFaultInjection { delay: "delay", abort: "abort" });

/// Delays a share of the requests (`HTTPFaultInjection.Delay`).
///
/// `fixed_delay` and `exponential_delay` form the proto oneof
/// `http_delay_type`, kept as sibling options; read it with
/// [`Delay::kind`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delay {
    /// Deprecated: integer percentage (0..100) of requests to delay; use
    /// `percentage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<i32>,
    /// A fixed delay before forwarding, a duration (`>= 1ms`, e.g. `5s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_delay: Option<String>,
    /// An exponential delay (not implemented by Istio yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exponential_delay: Option<String>,
    /// Share of requests to delay. When absent, no request is delayed (Istio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Percent>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(Delay { percentage: "percentage" });

/// The member of the [`Delay`] oneof in use, with its duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DelayKind<'a> {
    /// `fixedDelay`.
    Fixed(&'a str),
    /// `exponentialDelay`.
    Exponential(&'a str),
}

impl Delay {
    /// The first `http_delay_type` member set, in proto order.
    pub fn kind(&self) -> Option<DelayKind<'_>> {
        match (&self.fixed_delay, &self.exponential_delay) {
            (Some(d), _) => Some(DelayKind::Fixed(d)),
            (None, Some(d)) => Some(DelayKind::Exponential(d)),
            (None, None) => None,
        }
    }

    /// Wire names of the `http_delay_type` members set; more than one is an
    /// error.
    pub fn http_delay_type_members(&self) -> Vec<&'static str> {
        members(&[
            ("fixedDelay", self.fixed_delay.is_some()),
            ("exponentialDelay", self.exponential_delay.is_some()),
        ])
    }
}

/// Aborts a share of the requests with an error (`HTTPFaultInjection.Abort`).
///
/// `http_status`, `grpc_status` and `http2_error` form the proto oneof
/// `error_type`, kept as sibling options; read it with [`Abort::kind`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Abort {
    /// HTTP status code to answer with (200..599).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<i32>,
    /// gRPC status to answer with (`UNAVAILABLE` or a number as a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_status: Option<String>,
    /// HTTP/2 error to answer with (not implemented by Istio yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http2_error: Option<String>,
    /// Share of requests to abort. When absent, no request is aborted (Istio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Percent>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(Abort { percentage: "percentage" });

/// The member of the [`Abort`] oneof in use, with its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbortKind<'a> {
    /// `httpStatus`.
    HttpStatus(i32),
    /// `grpcStatus`.
    GrpcStatus(&'a str),
    /// `http2Error`.
    Http2Error(&'a str),
}

impl Abort {
    /// The first `error_type` member set, in proto order.
    pub fn kind(&self) -> Option<AbortKind<'_>> {
        if let Some(s) = self.http_status {
            Some(AbortKind::HttpStatus(s))
        } else if let Some(s) = &self.grpc_status {
            Some(AbortKind::GrpcStatus(s))
        } else {
            self.http2_error.as_deref().map(AbortKind::Http2Error)
        }
    }

    /// Wire names of the `error_type` members set; more than one is an
    /// error.
    pub fn error_type_members(&self) -> Vec<&'static str> {
        members(&[
            ("httpStatus", self.http_status.is_some()),
            ("grpcStatus", self.grpc_status.is_some()),
            ("http2Error", self.http2_error.is_some()),
        ])
    }
}

/// A mirror destination with its share (`HTTPMirrorPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpMirrorPolicy {
    /// Where to send the copy. Required.
    pub destination: Destination,
    /// Share of the traffic copied. Default: 100%; 0 mirrors nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Percent>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpMirrorPolicy { destination: "destination", percentage: "percentage" });

/// Cross-Origin Resource Sharing policy (`CorsPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CorsPolicy {
    /// Deprecated: exact origins allowed; use `allowOrigins`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_origin: Vec<String>,
    /// Origins allowed, as string matches; a match sets
    /// `Access-Control-Allow-Origin` to the caller's origin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_origins: Vec<StringMatch>,
    /// Methods allowed (`Access-Control-Allow-Methods`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_methods: Vec<String>,
    /// Request headers allowed (`Access-Control-Allow-Headers`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_headers: Vec<String>,
    /// Response headers browsers may read (`Access-Control-Expose-Headers`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expose_headers: Vec<String>,
    /// How long preflight results may be cached, a duration
    /// (`Access-Control-Max-Age`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<String>,
    /// Whether the actual request may use credentials
    /// (`Access-Control-Allow-Credentials`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_credentials: Option<bool>,
    /// What to do with preflight requests whose origin is not allowed:
    /// `FORWARD` them upstream (default) or `IGNORE` the CORS policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmatched_preflights: Option<UnmatchedPreflights>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(CorsPolicy { allow_origins: "allowOrigins" });

/// Handling of unmatched preflight requests (`CorsPolicy.UnmatchedPreflights`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UnmatchedPreflights {
    /// Not set; behaves as `FORWARD`.
    Unspecified,
    /// Forward the preflight upstream.
    Forward,
    /// Answer without the CORS headers and do not forward.
    Ignore,
}

impl UnmatchedPreflights {
    /// Every value, in proto order.
    pub const ALL: [UnmatchedPreflights; 3] = [
        UnmatchedPreflights::Unspecified,
        UnmatchedPreflights::Forward,
        UnmatchedPreflights::Ignore,
    ];

    /// The wire name (`FORWARD`).
    pub fn as_str(self) -> &'static str {
        match self {
            UnmatchedPreflights::Unspecified => "UNSPECIFIED",
            UnmatchedPreflights::Forward => "FORWARD",
            UnmatchedPreflights::Ignore => "IGNORE",
        }
    }
}

/// One rule for non-terminated TLS or HTTPS traffic (`TLSRoute`), routed by
/// SNI.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsRoute {
    /// Conditions (`match`, ORed). Required by Istio; an absent list loads
    /// and is reported by validation.
    #[serde(rename = "match", default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<TlsMatchAttributes>,
    /// Where to forward the connection, with weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<RouteDestination>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(TlsRoute { matches: "match", route: "route" });

/// One rule for opaque TCP traffic (`TCPRoute`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpRoute {
    /// Conditions (`match`, ORed); empty matches every connection.
    #[serde(rename = "match", default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<L4MatchAttributes>,
    /// Where to forward the connection, with weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<RouteDestination>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(TcpRoute { matches: "match", route: "route" });

/// Layer-4 match conditions of a TCP rule (`L4MatchAttributes`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct L4MatchAttributes {
    /// Destination IPv4/IPv6 addresses with optional subnet
    /// (`a.b.c.d/xx`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination_subnets: Vec<String>,
    /// Port on the host being addressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    /// Source IPv4/IPv6 address with optional subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_subnet: Option<String>,
    /// Labels of the calling workloads the rule is limited to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub source_labels: BTreeMap<String, String>,
    /// Gateways the condition applies to; overrides the VirtualService's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<String>,
    /// Namespace of the calling workloads the rule is limited to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_namespace: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(L4MatchAttributes {});

/// TLS match conditions (`TLSMatchAttributes`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsMatchAttributes {
    /// SNI values to match (wildcard prefixes allowed); each must fall
    /// within the VirtualService's hosts. Required by Istio.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sni_hosts: Vec<String>,
    /// Destination IPv4/IPv6 addresses with optional subnet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination_subnets: Vec<String>,
    /// Port on the host being addressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    /// Labels of the calling workloads the rule is limited to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub source_labels: BTreeMap<String, String>,
    /// Gateways the condition applies to; overrides the VirtualService's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<String>,
    /// Namespace of the calling workloads the rule is limited to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_namespace: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(TlsMatchAttributes {});

/// A destination of a TCP or TLS rule with its weight (`RouteDestination`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteDestination {
    /// The service (and subset, port) to forward to. Required.
    pub destination: Destination,
    /// Relative weight; traffic is split as weight / sum of weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(RouteDestination { destination: "destination" });
