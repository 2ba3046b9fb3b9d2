//! Request simulation: where will *this* request go?
//!
//! [`simulate`] answers it for a [`Request`] the way the Envoy that Istio
//! configures would, and [`diagram`] draws the whole design as an SVG.
//!
//! # What is simulated
//!
//! 1. **Which VirtualService.** The request's authority (port and a
//!    trailing dot stripped, compared case-insensitively) against each
//!    VirtualService's `hosts`, as Envoy picks a virtual host: an exact name
//!    beats a wildcard (`*.example.com`), a longer wildcard beats a shorter
//!    one, `*` comes last, and among equals the first in the file wins (Istio
//!    keeps the oldest). A short name `reviews` in a VirtualService means
//!    `reviews.<its namespace>.svc.cluster.local`; a request for `reviews`,
//!    `reviews.ns` or `reviews.ns.svc` is expanded the way Kubernetes DNS
//!    does, in the caller's namespace ([`Request::source_namespace`], else
//!    the VirtualService's own). A VirtualService applies to the request's
//!    gateway (`mesh` by default) when its `gateways` list it (no list
//!    means `mesh` only), and to callers in the namespaces of its
//!    `exportTo`.
//! 2. **Which rule.** HTTP rules in order, first match wins; a rule
//!    without `match` takes everything, otherwise any one of its match
//!    blocks must hold, and every condition of a block. As Istio
//!    generates routes (`TranslateRouteMatch`, `sourceMatchHTTP`):
//!    - `uri` `exact`/`prefix` compare the path (query and fragment
//!      removed, dot segments resolved as Istio's default path
//!      normalisation does), case-sensitively unless `ignoreUriCase`;
//!      `regex` must match the whole path and ignores `ignoreUriCase`;
//!    - `headers`, `method` (`:method`), `authority` (`:authority`, the
//!      host as sent, port included) and `scheme` (`:scheme`) are header
//!      matchers: an empty match (`{}`) or `regex: "*"` only checks
//!      presence; repeated headers are joined with `,` (`cookie` with `; `);
//!    - `withoutHeaders` inverts: an empty match requires the header to be
//!      absent, any other treats a missing header as empty and requires
//!      the value *not* to match;
//!    - `queryParams` test the first value of the parameter, percent-decoded;
//!    - `port` must equal the request's port;
//!    - `gateways` on a match block override the VirtualService's, and when
//!      they are set Istio does **not** check `sourceLabels` or
//!      `sourceNamespace` at all; otherwise every `sourceLabels` entry must
//!      be on the caller and `sourceNamespace` must be its namespace.
//!    - `regex` is RE2 with a full match; patterns the simulator's engine
//!      cannot evaluate faithfully (Unicode classes `\p{…}` and the like)
//!      are reported as *cannot evaluate* ([`Verdict::Undecided`]) and
//!      treated as not matching, with [`Outcome::certain`] false.
//! 3. **What happens.** For the matched rule: a `redirect`, a
//!    `directResponse` or a `delegate`, else the destinations with their
//!    share (`weight / sum of weights`; a lone destination gets 100% whatever
//!    its weight), mirrors with their percentage (`mirrorPercentage`, else
//!    the deprecated `mirrorPercent`, else 100%; 0 mirrors nothing), the
//!    fault delay and abort with their probabilities (no `percentage` means
//!    0%: Istio then injects nothing; exponential delays and HTTP/2 aborts
//!    are dropped by Istio), the timeout (none: disabled) and the retry
//!    policy in effect (none written: Istio's default of 2 attempts on
//!    `connect-failure,refused-stream,unavailable,cancelled,503`;
//!    `attempts: 0` disables retries).
//!
//! When no rule matches, Envoy answers **404** (`NR`, no route).
//!
//! Not simulated: the service registry (whether `reviews` exists, its
//! ports), Gateway resources (their servers' hosts and ports), delegate VirtualServices (the hand-over is reported, not
//! followed), JWT-claim header matches (`@request.auth.claims…`), Envoy's
//! RE2 program-size limit, and header-based fault overrides.

mod diagram;
mod re2;

pub use diagram::{block_summary, diagram, diagram_with, match_summary, DiagramOptions};

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::bundle::Bundle;
use crate::common::{MatchKind, StringMatch};
use crate::edit;
use crate::virtual_service::{
    AbortKind, DelayKind, HttpMatchRequest, HttpRoute, RedirectPortSelection, VirtualService,
};

/// The reserved gateway name for all sidecars.
pub const MESH: &str = "mesh";

/// The Kubernetes cluster domain short names are expanded with.
pub const CLUSTER_DOMAIN: &str = "svc.cluster.local";

/// `retryOn` of Istio's default retry policy (in Istio's words; Envoy gets
/// `retriable-status-codes` with 503).
pub const DEFAULT_RETRY_ON: &str = "connect-failure,refused-stream,unavailable,cancelled,503";

/// Retry attempts of Istio's default retry policy.
pub const DEFAULT_RETRY_ATTEMPTS: i32 = 2;

/// Whether the whole of `value` matches the RE2 `pattern`, as Envoy's
/// `safe_regex` tests it; `Err` with the reason when the simulator cannot
/// evaluate the pattern faithfully (see the module docs).
pub fn regex_full_match(pattern: &str, value: &str) -> Result<bool, String> {
    re2::full_match(pattern, value)
}

// ---------------------------------------------------------------- request

/// One HTTP request, as it reaches a sidecar or a gateway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The authority (`Host` header): `reviews`, `reviews:9080`,
    /// `bookinfo.example.com`. Empty: the host of the design's only
    /// VirtualService.
    pub host: String,
    /// The method, `GET` by default.
    pub method: String,
    /// The path, optionally with `?query` (its parameters come before
    /// [`Request::query`]). Empty means `/`.
    pub path: String,
    /// `http` or `https`.
    pub scheme: String,
    /// The port the request arrived on; `None`: the authority's port, else
    /// 80 for `http` and 443 for `https`.
    pub port: Option<u32>,
    /// Request headers, in order; names are case-insensitive. Cookies are
    /// the `cookie` header.
    pub headers: Vec<(String, String)>,
    /// Query parameters, in order (after those in [`Request::path`]).
    pub query: Vec<(String, String)>,
    /// Labels of the calling workload (for a gateway: of the gateway pod).
    pub source_labels: BTreeMap<String, String>,
    /// Namespace of the calling workload; `None`: the VirtualService's own.
    pub source_namespace: Option<String>,
    /// The gateway the request enters through: `mesh` (a sidecar), or a
    /// Gateway as `namespace/name` or `name` (in the VirtualService's
    /// namespace).
    pub gateway: String,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            host: String::new(),
            method: "GET".into(),
            path: "/".into(),
            scheme: "http".into(),
            port: None,
            headers: Vec::new(),
            query: Vec::new(),
            source_labels: BTreeMap::new(),
            source_namespace: None,
            gateway: MESH.into(),
        }
    }
}

impl Request {
    /// A `GET /` for `host` through the mesh.
    pub fn new(host: &str) -> Self {
        Request { host: host.into(), ..Request::default() }
    }

    /// With header `name: value` added.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// With query parameter `name=value` added.
    pub fn query_param(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// With source label `key=value` set.
    pub fn source_label(mut self, key: &str, value: &str) -> Self {
        self.source_labels.insert(key.into(), value.into());
        self
    }

    /// With `path`.
    pub fn path(mut self, path: &str) -> Self {
        self.path = path.into();
        self
    }

    /// With `method`.
    pub fn method(mut self, method: &str) -> Self {
        self.method = method.into();
        self
    }
}

/// Reads `Name: value` lines (also `name=value`) into header pairs; names
/// are trimmed and lower-cased, values trimmed, blank lines skipped. A
/// pseudo-header keeps its leading colon (`:authority: x`).
pub fn parse_header_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() {
                return None;
            }
            let (pseudo, rest) = match line.strip_prefix(':') {
                Some(r) => (":", r),
                None => ("", line),
            };
            let (name, value) = match (rest.find(':'), rest.find('=')) {
                (Some(c), Some(e)) if e < c => rest.split_at(e),
                (Some(c), _) => rest.split_at(c),
                (None, Some(e)) => rest.split_at(e),
                (None, None) => (rest, ""),
            };
            let value = value.get(1..).unwrap_or("");
            Some((
                format!("{pseudo}{}", name.trim().to_ascii_lowercase()),
                value.trim().to_string(),
            ))
        })
        .collect()
}

/// Reads `key=value` lines into pairs (trimmed; a line without `=` is a key
/// with an empty value; blank lines skipped).
pub fn parse_pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() {
                return None;
            }
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// Header pairs as `name: value` lines (the inverse of
/// [`parse_header_lines`]).
pub fn format_header_lines(headers: &[(String, String)]) -> String {
    headers.iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
}

/// Pairs as `key=value` lines (the inverse of [`parse_pairs`]).
pub fn format_pairs<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a String)>) -> String {
    pairs.into_iter().map(|(k, v)| format!("{k}={v}\n")).collect()
}

/// A ready-made request for the seed patterns, for a picker.
#[derive(Clone, Copy, Debug)]
pub struct RequestPreset {
    /// Stable kebab-case id (`beta-user`).
    pub id: &'static str,
    /// Short title for a menu.
    pub title: &'static str,
    /// Builds the request.
    pub build: fn() -> Request,
}

/// Requests that exercise the seed patterns: the header, cookie and
/// source-label routes, and the cookie pitfall (a browser puts a space
/// after `;`).
pub const REQUEST_PRESETS: &[RequestPreset] = &[
    RequestPreset { id: "anonymous", title: "Anonymous user (no headers)", build: anonymous },
    RequestPreset { id: "beta-user", title: "Beta user (x-user-type: beta)", build: beta_user },
    RequestPreset {
        id: "internal-tester",
        title: "Internal tester (x-internal: true)",
        build: internal_tester,
    },
    RequestPreset { id: "cookie-beta", title: "Cookie user=beta", build: cookie_beta },
    RequestPreset {
        id: "cookie-browser",
        title: "Browser cookie (theme=dark; user=beta)",
        build: cookie_browser,
    },
    RequestPreset {
        id: "productpage-v2",
        title: "Called by productpage v2",
        build: productpage_v2,
    },
    RequestPreset {
        id: "dark-launch",
        title: "Dark-launch tester (x-dark-launch: true)",
        build: dark_launch,
    },
];

/// The request preset with this id.
pub fn request_preset(id: &str) -> Option<&'static RequestPreset> {
    REQUEST_PRESETS.iter().find(|p| p.id == id)
}

fn anonymous() -> Request {
    Request::new("reviews")
}
fn beta_user() -> Request {
    Request::new("reviews").header("x-user-type", "beta")
}
fn internal_tester() -> Request {
    Request::new("reviews").header("x-internal", "true")
}
fn cookie_beta() -> Request {
    Request::new("reviews").header("cookie", "user=beta")
}
fn cookie_browser() -> Request {
    Request::new("reviews").header("cookie", "theme=dark; user=beta")
}
fn productpage_v2() -> Request {
    Request::new("reviews").source_label("app", "productpage").source_label("version", "v2")
}
fn dark_launch() -> Request {
    Request::new("reviews").header("x-dark-launch", "true")
}

// ---------------------------------------------------------------- outcome

/// Whether a condition, a match block or a rule holds for the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// It holds.
    Match,
    /// It does not hold.
    NoMatch,
    /// The simulator cannot tell (a regex it cannot evaluate); treated as
    /// not matching.
    Undecided,
}

/// The verdict on one condition of a match block.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionCheck {
    /// The condition's field path in the match block (`headers.cookie`,
    /// `uri`, `sourceLabels.app`).
    pub path: String,
    /// Whether it holds.
    pub verdict: Verdict,
    /// Why, in one phrase (`` `x-user-type` is absent; wants exact `beta` ``).
    pub detail: String,
}

/// The verdict on one match block.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockCheck {
    /// Index in the rule's `match` list.
    pub index: usize,
    /// The block's `name`, if any.
    pub name: Option<String>,
    /// Match when every condition holds; NoMatch when one fails; else
    /// Undecided.
    pub verdict: Verdict,
    /// Every condition, in evaluation order.
    pub conditions: Vec<ConditionCheck>,
}

impl BlockCheck {
    /// The conditions that failed or could not be evaluated.
    pub fn failures(&self) -> impl Iterator<Item = &ConditionCheck> {
        self.conditions.iter().filter(|c| c.verdict != Verdict::Match)
    }
}

/// The verdict on one HTTP rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleCheck {
    /// Index in `spec.http`.
    pub index: usize,
    /// The rule's `name`, if any.
    pub name: Option<String>,
    /// Match when the rule has no `match` or one block matches.
    pub verdict: Verdict,
    /// Every block, in order (empty for a rule without `match`).
    pub blocks: Vec<BlockCheck>,
}

impl RuleCheck {
    /// Why the rule did not match, one line: each block's failed
    /// conditions (`match #0: headers.x-user-type: … `); empty when it
    /// matched.
    pub fn reason(&self) -> String {
        if self.verdict == Verdict::Match {
            return String::new();
        }
        let parts: Vec<String> = self
            .blocks
            .iter()
            .map(|b| {
                let why: Vec<String> =
                    b.failures().map(|c| format!("{}: {}", c.path, c.detail)).collect();
                format!("match #{}: {}", b.index, why.join("; "))
            })
            .collect();
        parts.join(" | ")
    }
}

/// The VirtualService that serves the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectedVs {
    /// Document index in the bundle.
    pub document: usize,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, `default` when absent.
    pub namespace: String,
    /// The entry of `hosts` that matched, as written.
    pub host: String,
}

/// What the matched rule does with the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// No VirtualService applies to the request.
    NoVirtualService,
    /// A VirtualService applies but none of its rules matches: 404.
    NotFound,
    /// Forwarded to [`Outcome::destinations`].
    Route,
    /// Answered with a redirect.
    Redirect {
        /// The status code (301 by default).
        status: u32,
        /// The `Location` the client is sent to.
        location: String,
    },
    /// Answered with a fixed response.
    DirectResponse {
        /// The status code.
        status: u32,
    },
    /// Handed over to another VirtualService (not followed).
    Delegate {
        /// `namespace/name` of the delegate.
        target: String,
    },
}

/// A destination (or mirror) and its share of the requests.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// The destination host as written.
    pub host: String,
    /// The subset, if any.
    pub subset: Option<String>,
    /// The port, if any.
    pub port: Option<u32>,
    /// Share in percent (0.0..=100.0).
    pub percent: f64,
}

/// A delay the fault filter injects.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultDelay {
    /// Share of requests delayed, in percent.
    pub percent: f64,
    /// The delay (`5s`).
    pub fixed_delay: String,
}

/// An abort the fault filter injects.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultAbort {
    /// Share of requests aborted, in percent.
    pub percent: f64,
    /// The HTTP status answered, for an HTTP abort.
    pub http_status: Option<i32>,
    /// The gRPC status answered, for a gRPC abort.
    pub grpc_status: Option<String>,
}

/// The faults injected on the matched rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// The delay, if any.
    pub delay: Option<FaultDelay>,
    /// The abort, if any.
    pub abort: Option<FaultAbort>,
}

/// The retry policy in effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retries {
    /// Retry attempts.
    pub attempts: i32,
    /// Timeout per attempt, if set.
    pub per_try_timeout: Option<String>,
    /// Conditions retried on.
    pub retry_on: String,
    /// True when the rule sets no `retries` and Istio's default applies.
    pub mesh_default: bool,
}

/// Advice about a condition that failed in a way that is a known pitfall.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Document index of the VirtualService.
    pub document: usize,
    /// Rule index.
    pub rule: usize,
    /// Match block index.
    pub block: usize,
    /// The header concerned (`cookie`).
    pub header: String,
    /// What is wrong, one sentence.
    pub message: String,
    /// A regex that matches, to put in place of the current one.
    pub suggestion: Option<String>,
}

/// Where a request goes, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The VirtualService used, if one applies.
    pub virtual_service: Option<SelectedVs>,
    /// Index of the HTTP rule that matched (first match wins).
    pub rule: Option<usize>,
    /// Its `name`.
    pub rule_name: Option<String>,
    /// Index of the match block that matched (`None` for a rule without
    /// `match`).
    pub matched_block: Option<usize>,
    /// Every rule tried, in order: those that did not match, with why, then
    /// the one that did.
    pub rules: Vec<RuleCheck>,
    /// What happens to the request.
    pub action: Action,
    /// Destinations of the matched rule with their share, in `route` order
    /// (a destination of weight 0 is listed with 0%).
    pub destinations: Vec<Share>,
    /// Mirror targets with the percentage of requests copied.
    pub mirrors: Vec<Share>,
    /// Faults injected.
    pub fault: Option<Fault>,
    /// Timeout of the matched rule (`None`: disabled).
    pub timeout: Option<String>,
    /// Retry policy in effect (`None`: no retries).
    pub retries: Option<Retries>,
    /// Known pitfalls the request ran into.
    pub hints: Vec<Hint>,
    /// False when a condition could not be evaluated, so Envoy might
    /// decide otherwise.
    pub certain: bool,
    /// The reasoning, one step per line.
    pub trace: Vec<String>,
}

impl Outcome {
    /// The rule that matched, as (document index, rule index in
    /// `spec.http`); `None` when no rule matches.
    pub fn matched_rule(&self) -> Option<(usize, usize)> {
        self.virtual_service.as_ref().zip(self.rule).map(|(v, r)| (v.document, r))
    }

    fn empty() -> Self {
        Outcome {
            virtual_service: None,
            rule: None,
            rule_name: None,
            matched_block: None,
            rules: Vec::new(),
            action: Action::NoVirtualService,
            destinations: Vec::new(),
            mirrors: Vec::new(),
            fault: None,
            timeout: None,
            retries: None,
            hints: Vec::new(),
            certain: true,
            trace: Vec::new(),
        }
    }

    /// True when a rule matched.
    pub fn matched(&self) -> bool {
        self.rule.is_some()
    }

    /// The rules that were tried and did not match, with why.
    pub fn skipped(&self) -> impl Iterator<Item = &RuleCheck> {
        self.rules.iter().filter(|r| r.verdict != Verdict::Match)
    }

    /// The outcome as the CLI's JSON: `virtualService`, `rule`, `ruleName`,
    /// `destinations` (`host`, `subset`, `port`, `percent`), `mirrors`
    /// (`host`, `subset`, `percent`), `fault` (`delay` {`percent`,
    /// `fixedDelay`}, `abort` {`percent`, `httpStatus`, `grpcStatus`}),
    /// `timeout`, `retries` (`attempts`, `perTryTimeout`, `retryOn`) and
    /// `trace`, in that order.
    pub fn to_json(&self) -> Value {
        let destinations: Vec<Value> = self
            .destinations
            .iter()
            .map(|d| json!({"host": d.host, "subset": d.subset, "port": d.port, "percent": d.percent}))
            .collect();
        let mirrors: Vec<Value> = self
            .mirrors
            .iter()
            .map(|m| json!({"host": m.host, "subset": m.subset, "percent": m.percent}))
            .collect();
        let fault = self.fault.as_ref().map(|f| {
            json!({
                "delay": f.delay.as_ref().map(|d| json!({"percent": d.percent, "fixedDelay": d.fixed_delay})),
                "abort": f.abort.as_ref().map(|a| json!({"percent": a.percent, "httpStatus": a.http_status, "grpcStatus": a.grpc_status})),
            })
        });
        let retries = self.retries.as_ref().map(|r| {
            json!({"attempts": r.attempts, "perTryTimeout": r.per_try_timeout, "retryOn": r.retry_on})
        });
        json!({
            "virtualService": self.virtual_service.as_ref().map(|v| v.name.clone()),
            "rule": self.rule,
            "ruleName": self.rule_name,
            "destinations": destinations,
            "mirrors": mirrors,
            "fault": fault,
            "timeout": self.timeout,
            "retries": retries,
            "trace": self.trace,
        })
    }
}

// ---------------------------------------------------------------- simulate

/// Where `request` goes in `bundle`: the VirtualService, the rule that
/// matches (first match wins) and why each earlier one did not, and what
/// happens then (destinations with shares, mirrors, faults, timeout,
/// retries). See the module docs for the rules followed. Never panics.
pub fn simulate(bundle: &Bundle, request: &Request) -> Outcome {
    let mut out = Outcome::empty();
    let base = Base::new(request);
    let mut chosen = Vec::new();
    let selected = select(bundle, request, &base, &mut chosen);
    let shown = selected.as_ref().map_or("", |(_, _, h)| h.as_str());
    out.trace.push(base.describe(request, shown));
    out.trace.append(&mut chosen);
    let Some((doc, vs, host)) = selected else {
        out.trace.push(if base.gateway == MESH {
            "no VirtualService applies: the sidecar sends the request to the service as \
             addressed, without any of these rules"
                .to_string()
        } else {
            "no VirtualService applies on this gateway: Envoy answers 404 Not Found".to_string()
        });
        return out;
    };
    let ns = vs_namespace(vs);
    let client_ns = client_namespace(request, &ns);
    let authority =
        if request.host.trim().is_empty() { host.clone() } else { request.host.trim().to_string() };
    let cx = Cx::new(&base, request, authority, &ns, client_ns);
    out.virtual_service =
        Some(SelectedVs { document: doc, name: vs.metadata.name.clone(), namespace: ns, host });
    for (i, rule) in vs.spec.http.iter().enumerate() {
        let check = check_rule(i, rule, &cx);
        let verdict = check.verdict;
        if check.blocks.iter().any(|b| b.verdict == Verdict::Undecided) {
            out.certain = false;
        }
        let hints = hints_for(doc, &check, rule, &cx);
        if verdict == Verdict::Match {
            out.trace.push(match check.blocks.iter().find(|b| b.verdict == Verdict::Match) {
                Some(b) => {
                    out.matched_block = Some(b.index);
                    format!(
                        "rule {} matches: match #{} ({})",
                        rule_label(rule, i),
                        b.index,
                        block_summary(&rule.matches[b.index])
                    )
                }
                None => format!("rule {} matches: it has no conditions", rule_label(rule, i)),
            });
            push_hints(&mut out, hints);
            out.rules.push(check);
            out.rule = Some(i);
            out.rule_name = rule.name.clone();
            apply(rule, &cx, &mut out);
            return out;
        }
        let undecided =
            if verdict == Verdict::Undecided { " (could not be evaluated)" } else { "" };
        out.trace.push(format!(
            "rule {} does not match{undecided}: {}",
            rule_label(rule, i),
            check.reason()
        ));
        push_hints(&mut out, hints);
        out.rules.push(check);
    }
    out.action = Action::NotFound;
    out.trace.push(if vs.spec.http.is_empty() {
        "the VirtualService has no HTTP rules: Envoy answers 404 Not Found".to_string()
    } else {
        "no rule matches: Envoy answers 404 Not Found (no route)".to_string()
    });
    out
}

fn push_hints(out: &mut Outcome, hints: Vec<Hint>) {
    for h in hints {
        out.trace.push(match &h.suggestion {
            Some(s) => format!("hint: {}; `{s}` matches it", h.message),
            None => format!("hint: {}", h.message),
        });
        out.hints.push(h);
    }
}

fn rule_label(r: &HttpRoute, i: usize) -> String {
    match r.name.as_deref() {
        Some(n) if !n.is_empty() => format!("#{i} `{n}`"),
        _ => format!("#{i}"),
    }
}

/// What of the request does not depend on the VirtualService.
struct Base {
    /// Host part of the authority, lower-case, no port, no trailing dot.
    host: String,
    port: u32,
    method: String,
    scheme: String,
    /// The path as sent (with query).
    raw_path: String,
    /// The path matched: query and fragment removed, dot segments resolved.
    path: String,
    query: Vec<(String, String)>,
    /// Header values by lower-case name, repeated ones joined.
    headers: BTreeMap<String, String>,
    /// The gateway as given (`mesh` when empty).
    gateway: String,
}

impl Base {
    fn new(r: &Request) -> Self {
        let (host, authority_port) = split_authority(r.host.trim());
        let scheme =
            if r.scheme.trim().is_empty() { "http".into() } else { r.scheme.trim().into() };
        let default_port = if scheme == "https" { 443 } else { 80 };
        let port = r.port.or(authority_port).unwrap_or(default_port);
        let method = if r.method.trim().is_empty() { "GET".into() } else { r.method.trim().into() };
        let raw_path =
            if r.path.trim().is_empty() { "/".to_string() } else { r.path.trim().into() };
        let no_fragment = raw_path.split('#').next().unwrap_or("");
        let (path_part, query_part) = no_fragment.split_once('?').unwrap_or((no_fragment, ""));
        let mut query = parse_query(query_part);
        query.extend(r.query.iter().cloned());
        let path = normalize_path(path_part);
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in &r.headers {
            let k = k.trim().to_ascii_lowercase();
            if k.is_empty() {
                continue;
            }
            let sep = if k == "cookie" { "; " } else { "," };
            headers
                .entry(k)
                .and_modify(|old| {
                    old.push_str(sep);
                    old.push_str(v);
                })
                .or_insert_with(|| v.clone());
        }
        let gateway =
            if r.gateway.trim().is_empty() { MESH.to_string() } else { r.gateway.trim().into() };
        Base { host, port, method, scheme, raw_path, path, query, headers, gateway }
    }

    /// The request line; `fallback` is the host used when none was given.
    fn describe(&self, r: &Request, fallback: &str) -> String {
        let host = if r.host.trim().is_empty() { fallback } else { r.host.trim() };
        let mut s = format!(
            "request: {} {}://{}{} on port {} via `{}`",
            self.method, self.scheme, host, self.raw_path, self.port, self.gateway
        );
        if self.path != self.raw_path.split(['?', '#']).next().unwrap_or("") {
            s.push_str(&format!(" (path normalised to `{}`)", self.path));
        }
        if !r.source_labels.is_empty() {
            let labels: Vec<String> =
                r.source_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            s.push_str(&format!(", from a workload labelled {}", labels.join(",")));
        }
        if let Some(ns) = r.source_namespace.as_deref().filter(|n| !n.trim().is_empty()) {
            s.push_str(&format!(" in namespace `{}`", ns.trim()));
        }
        s
    }
}

/// Splits `host:port` (and `[v6]:port`); lower-cases the host and drops a
/// trailing dot.
fn split_authority(a: &str) -> (String, Option<u32>) {
    let (host, port) = match a.rfind(':') {
        Some(i) if !a[..i].contains(':') || a[..i].ends_with(']') => {
            match a[i + 1..].parse::<u32>() {
                Ok(p) => (&a[..i], Some(p)),
                Err(_) => (a, None),
            }
        }
        _ => (a, None),
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    (host.to_ascii_lowercase(), port)
}

/// Query parameters of `q` (`a=1&b`), percent-decoded.
fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `.` and `..` segments (RFC 3986), as Istio's default path
/// normalisation does before routing; a path not starting with `/` gets one.
fn normalize_path(p: &str) -> String {
    let p = if p.starts_with('/') { p.to_string() } else { format!("/{p}") };
    if !p.split('/').any(|s| s == "." || s == "..") {
        return p;
    }
    let segs: Vec<&str> = p.split('/').skip(1).collect();
    let last = segs.len().saturating_sub(1);
    let mut out: Vec<&str> = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        match *s {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        if i == last && (*s == "." || *s == "..") {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

fn vs_namespace(vs: &VirtualService) -> String {
    vs.metadata.namespace.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into())
}

/// The caller's namespace: as given, else the gateway's (`ns/name`), else
/// the VirtualService's.
fn client_namespace(r: &Request, vs_ns: &str) -> (String, bool) {
    if let Some(ns) = r.source_namespace.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        return (ns.to_string(), false);
    }
    if let Some((ns, _)) = r.gateway.trim().split_once('/') {
        return (ns.to_string(), true);
    }
    (vs_ns.to_string(), true)
}

/// `name` → `ns/name`; `mesh` and `ns/name` unchanged.
fn qualify_gateway(g: &str, ns: &str) -> String {
    let g = g.trim();
    if g == MESH || g.contains('/') {
        g.to_string()
    } else {
        format!("{ns}/{g}")
    }
}

/// The gateways a VirtualService applies to, qualified (`mesh` when it
/// lists none).
fn vs_gateways(vs: &VirtualService, ns: &str) -> Vec<String> {
    if vs.spec.gateways.is_empty() {
        vec![MESH.to_string()]
    } else {
        vs.spec.gateways.iter().map(|g| qualify_gateway(g, ns)).collect()
    }
}

/// How well a VirtualService host matches: an exact name beats any
/// wildcard, a longer wildcard suffix a shorter one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum HostRank {
    Wildcard(usize),
    Exact,
}

/// A VirtualService host as Istio resolves it: a short name gets the
/// namespace and cluster domain.
fn resolve_vs_host(h: &str, ns: &str) -> String {
    let h = h.trim().to_ascii_lowercase();
    if h.starts_with('*') || h.contains('.') {
        h
    } else {
        format!("{h}.{ns}.{CLUSTER_DOMAIN}")
    }
}

/// The names a request host can stand for (Kubernetes DNS search from the
/// caller's namespace).
fn request_names(host: &str, client_ns: &str) -> Vec<String> {
    let mut out = vec![host.to_string()];
    let dots = host.matches('.').count();
    if host.is_empty() {
        return out;
    }
    if dots == 0 {
        out.push(format!("{host}.{client_ns}.{CLUSTER_DOMAIN}"));
    } else if dots == 1 {
        out.push(format!("{host}.{CLUSTER_DOMAIN}"));
    } else if host.ends_with(".svc") {
        out.push(format!("{host}.cluster.local"));
    }
    out
}

fn host_rank(vs_host: &str, ns: &str, names: &[String]) -> Option<HostRank> {
    let h = resolve_vs_host(vs_host, ns);
    if let Some(suffix) = h.strip_prefix('*') {
        names
            .iter()
            .any(|n| n.len() > suffix.len() && n.ends_with(suffix))
            .then_some(HostRank::Wildcard(suffix.len()))
    } else {
        names.contains(&h).then_some(HostRank::Exact)
    }
}

/// Picks the VirtualService for the request, tracing each one considered.
fn select<'b>(
    bundle: &'b Bundle,
    r: &Request,
    base: &Base,
    trace: &mut Vec<String>,
) -> Option<(usize, &'b VirtualService, String)> {
    let all: Vec<(usize, &VirtualService)> = bundle.virtual_services().collect();
    if all.is_empty() {
        trace.push("the design has no VirtualService".into());
        return None;
    }
    let label = |vs: &VirtualService| format!("`{}/{}`", vs_namespace(vs), vs.metadata.name);
    if base.host.is_empty() {
        if all.len() > 1 {
            trace.push(format!(
                "the request names no host and the design has {} VirtualServices: give a host",
                all.len()
            ));
            return None;
        }
        let (doc, vs) = all[0];
        let host = vs.spec.hosts.first().cloned().unwrap_or_default();
        let ns = vs_namespace(vs);
        let gw = qualify_gateway(&base.gateway, &ns);
        let gateways = vs_gateways(vs, &ns);
        if !gateways.contains(&gw) {
            trace.push(format!(
                "VirtualService {} does not apply through `{gw}` (gateways: {})",
                label(vs),
                gateways.join(", ")
            ));
            return None;
        }
        trace.push(format!(
            "VirtualService {} (document {doc}) is the only one; the request goes to its host `{host}`",
            label(vs)
        ));
        return Some((doc, vs, host));
    }
    let mut best: Option<(HostRank, usize, &VirtualService, String)> = None;
    for (doc, vs) in all {
        let ns = vs_namespace(vs);
        let gw = qualify_gateway(&base.gateway, &ns);
        let gateways = vs_gateways(vs, &ns);
        let (client_ns, _) = client_namespace(r, &ns);
        let names = request_names(&base.host, &client_ns);
        let rank = vs
            .spec
            .hosts
            .iter()
            .filter_map(|h| host_rank(h, &ns, &names).map(|rank| (rank, h.clone())))
            .max_by_key(|(rank, _)| *rank);
        let Some((rank, host)) = rank else {
            trace.push(format!(
                "VirtualService {} does not serve `{}` (hosts: {})",
                label(vs),
                base.host,
                vs.spec.hosts.join(", ")
            ));
            continue;
        };
        if !gateways.contains(&gw) {
            trace.push(format!(
                "VirtualService {} serves `{host}` but not through `{gw}` (gateways: {})",
                label(vs),
                gateways.join(", ")
            ));
            continue;
        }
        let export = &vs.spec.export_to;
        let visible = export.is_empty()
            || export.iter().any(|e| e == "*" || *e == client_ns || (e == "." && client_ns == ns));
        if !visible {
            trace.push(format!(
                "VirtualService {} is not exported to namespace `{client_ns}` (exportTo: {})",
                label(vs),
                export.join(", ")
            ));
            continue;
        }
        match &best {
            Some((r0, d0, v0, _)) if *r0 >= rank => trace.push(format!(
                "VirtualService {} also serves `{}`; {} (document {d0}) is used",
                label(vs),
                base.host,
                label(v0)
            )),
            _ => best = Some((rank, doc, vs, host)),
        }
    }
    let (rank, doc, vs, host) = best?;
    let how = match rank {
        HostRank::Exact => "exact name",
        HostRank::Wildcard(_) => "wildcard",
    };
    trace.push(format!(
        "VirtualService {} (document {doc}) serves `{}`: host `{host}` ({how})",
        label(vs),
        base.host
    ));
    Some((doc, vs, host))
}

/// The request as one VirtualService sees it.
struct Cx<'a> {
    base: &'a Base,
    req: &'a Request,
    /// `:authority` as sent.
    authority: String,
    /// The request's gateway, qualified in the VirtualService's namespace.
    gateway: String,
    /// The VirtualService's namespace.
    vs_ns: String,
    client_ns: String,
    client_ns_assumed: bool,
}

impl<'a> Cx<'a> {
    fn new(
        base: &'a Base,
        req: &'a Request,
        authority: String,
        vs_ns: &str,
        (client_ns, client_ns_assumed): (String, bool),
    ) -> Self {
        let gateway = qualify_gateway(&base.gateway, vs_ns);
        Cx { base, req, authority, gateway, vs_ns: vs_ns.to_string(), client_ns, client_ns_assumed }
    }

    /// A header's value; pseudo-headers come from the request line.
    fn header(&self, name: &str) -> Option<&str> {
        match name {
            ":authority" => Some(&self.authority),
            ":method" => Some(&self.base.method),
            ":scheme" => Some(&self.base.scheme),
            ":path" => Some(&self.base.raw_path),
            _ => self.base.headers.get(name).map(String::as_str),
        }
    }
}

/// A header-style matcher, as Istio translates a [`StringMatch`].
#[derive(Clone, Copy)]
enum Op<'a> {
    Present,
    Exact(&'a str),
    Prefix(&'a str),
    Regex(&'a str),
}

impl<'a> Op<'a> {
    /// `canBeConvertedToPresentMatch`: no member, or `regex: "*"`.
    fn of(sm: Option<&'a StringMatch>) -> Self {
        match sm.and_then(StringMatch::kind) {
            None | Some((MatchKind::Regex, "*")) => Op::Present,
            Some((MatchKind::Exact, v)) => Op::Exact(v),
            Some((MatchKind::Prefix, v)) => Op::Prefix(v),
            Some((MatchKind::Regex, v)) => Op::Regex(v),
        }
    }

    fn describe(self) -> String {
        match self {
            Op::Present => "present".into(),
            Op::Exact(v) => format!("exact `{v}`"),
            Op::Prefix(v) => format!("prefix `{v}`"),
            Op::Regex(v) => format!("regex `{v}`"),
        }
    }

    /// Whether `value` satisfies the matcher; `Err` when the regex cannot be
    /// evaluated.
    fn test(self, value: &str, ignore_case: bool) -> Result<bool, String> {
        Ok(match self {
            Op::Present => true,
            Op::Exact(v) if ignore_case => value.eq_ignore_ascii_case(v),
            Op::Exact(v) => value == v,
            Op::Prefix(v) if ignore_case => {
                value.len() >= v.len()
                    && value.as_bytes()[..v.len()].eq_ignore_ascii_case(v.as_bytes())
            }
            Op::Prefix(v) => value.starts_with(v),
            Op::Regex(v) => re2::full_match(v, value)?,
        })
    }
}

fn cond(path: String, verdict: Verdict, detail: String) -> ConditionCheck {
    ConditionCheck { path, verdict, detail }
}

/// A header matcher (`headers`, `method`, `authority`, `scheme`).
fn check_header(path: String, name: &str, sm: Option<&StringMatch>, cx: &Cx<'_>) -> ConditionCheck {
    let op = Op::of(sm);
    let Some(value) = cx.header(name) else {
        return cond(
            path,
            Verdict::NoMatch,
            format!("`{name}` is absent; wants {}", op.describe()),
        );
    };
    match op.test(value, false) {
        Ok(true) => cond(path, Verdict::Match, format!("`{name}` is `{value}`: {}", op.describe())),
        Ok(false) => cond(
            path,
            Verdict::NoMatch,
            format!("`{name}` is `{value}`, which is not {}", op.describe()),
        ),
        Err(e) => cond(path, Verdict::Undecided, format!("cannot evaluate {}: {e}", op.describe())),
    }
}

/// A `withoutHeaders` entry: the inverted header matcher (a missing header
/// counts as empty unless the matcher only checks presence).
fn check_without(
    path: String,
    name: &str,
    sm: Option<&StringMatch>,
    cx: &Cx<'_>,
) -> ConditionCheck {
    let op = Op::of(sm);
    let value = cx.header(name);
    if let Op::Present = op {
        return match value {
            None => cond(path, Verdict::Match, format!("`{name}` is absent, as required")),
            Some(v) => cond(
                path,
                Verdict::NoMatch,
                format!("`{name}` is present (`{v}`); withoutHeaders requires it absent"),
            ),
        };
    }
    let shown = value.unwrap_or("");
    match op.test(shown, false) {
        Ok(true) => cond(
            path,
            Verdict::NoMatch,
            format!(
                "`{name}` is `{shown}`, which is {}; withoutHeaders excludes it",
                op.describe()
            ),
        ),
        Ok(false) => cond(
            path,
            Verdict::Match,
            match value {
                Some(v) => format!("`{name}` is `{v}`, not {}", op.describe()),
                None => format!("`{name}` is absent (counts as empty), not {}", op.describe()),
            },
        ),
        Err(e) => cond(path, Verdict::Undecided, format!("cannot evaluate {}: {e}", op.describe())),
    }
}

fn check_uri(m: &HttpMatchRequest, sm: &StringMatch, cx: &Cx<'_>) -> ConditionCheck {
    let path = "uri".to_string();
    let value = cx.base.path.as_str();
    let ignore = m.ignore_uri_case.unwrap_or(false);
    let op = match sm.kind() {
        None => {
            return cond(
                path,
                Verdict::Match,
                "no exact/prefix/regex given: every path matches".into(),
            )
        }
        Some((MatchKind::Exact, v)) => Op::Exact(v),
        Some((MatchKind::Prefix, v)) => Op::Prefix(v),
        Some((MatchKind::Regex, v)) => Op::Regex(v),
    };
    let case = match (op, ignore) {
        (Op::Regex(_), true) => " (ignoreUriCase does not apply to regex)",
        (_, true) => " (ignoring case)",
        _ => "",
    };
    match op.test(value, ignore) {
        Ok(true) => {
            cond(path, Verdict::Match, format!("path `{value}` is {}{case}", op.describe()))
        }
        Ok(false) => {
            cond(path, Verdict::NoMatch, format!("path `{value}` is not {}{case}", op.describe()))
        }
        Err(e) => cond(path, Verdict::Undecided, format!("cannot evaluate {}: {e}", op.describe())),
    }
}

fn check_query(name: &str, sm: &StringMatch, cx: &Cx<'_>) -> ConditionCheck {
    let path = format!("queryParams.{name}");
    let op = Op::of(Some(sm));
    let Some(value) = cx.base.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()) else {
        return cond(
            path,
            Verdict::NoMatch,
            format!("query parameter `{name}` is absent; wants {}", op.describe()),
        );
    };
    match op.test(value, false) {
        Ok(true) => cond(path, Verdict::Match, format!("`{name}` is `{value}`: {}", op.describe())),
        Ok(false) => cond(
            path,
            Verdict::NoMatch,
            format!("query parameter `{name}` is `{value}`, which is not {}", op.describe()),
        ),
        Err(e) => cond(path, Verdict::Undecided, format!("cannot evaluate {}: {e}", op.describe())),
    }
}

/// Evaluates every condition of match block `index`.
fn check_block(index: usize, m: &HttpMatchRequest, cx: &Cx<'_>) -> BlockCheck {
    let mut c: Vec<ConditionCheck> = Vec::new();
    if let Some(p) = m.port.filter(|p| *p != 0) {
        c.push(if p == cx.base.port {
            cond("port".into(), Verdict::Match, format!("port {p}"))
        } else {
            cond(
                "port".into(),
                Verdict::NoMatch,
                format!("wants port {p}; the request is on {}", cx.base.port),
            )
        });
    }
    if !m.gateways.is_empty() {
        let listed: Vec<String> =
            m.gateways.iter().map(|g| qualify_gateway(g, &cx.vs_ns)).collect();
        c.push(if listed.contains(&cx.gateway) {
            cond("gateways".into(), Verdict::Match, format!("`{}` is listed", cx.gateway))
        } else {
            cond(
                "gateways".into(),
                Verdict::NoMatch,
                format!("the request comes through `{}`; wants {}", cx.gateway, listed.join(", ")),
            )
        });
        if !m.source_labels.is_empty()
            || m.source_namespace.as_deref().is_some_and(|s| !s.is_empty())
        {
            c.push(cond(
                "sourceLabels".into(),
                Verdict::Match,
                "not checked: Istio ignores sourceLabels and sourceNamespace when a match block \
                 lists gateways"
                    .into(),
            ));
        }
    } else {
        for (k, want) in &m.source_labels {
            let path = format!("sourceLabels.{k}");
            c.push(match cx.req.source_labels.get(k) {
                Some(v) if v == want => cond(path, Verdict::Match, format!("caller has {k}={v}")),
                Some(v) => {
                    cond(path, Verdict::NoMatch, format!("caller has {k}={v}; wants {k}={want}"))
                }
                None => cond(
                    path,
                    Verdict::NoMatch,
                    format!("caller has no label `{k}`; wants {k}={want}"),
                ),
            });
        }
        if let Some(want) = m.source_namespace.as_deref().filter(|s| !s.is_empty()) {
            let assumed = if cx.client_ns_assumed { " (assumed)" } else { "" };
            c.push(if want == cx.client_ns {
                cond("sourceNamespace".into(), Verdict::Match, format!("caller in `{want}`"))
            } else {
                cond(
                    "sourceNamespace".into(),
                    Verdict::NoMatch,
                    format!("caller is in `{}`{assumed}; wants `{want}`", cx.client_ns),
                )
            });
        }
    }
    if let Some(sm) = &m.uri {
        c.push(check_uri(m, sm, cx));
    }
    if let Some(sm) = &m.scheme {
        c.push(check_header("scheme".into(), ":scheme", Some(sm), cx));
    }
    if let Some(sm) = &m.method {
        c.push(check_header("method".into(), ":method", Some(sm), cx));
    }
    if let Some(sm) = &m.authority {
        c.push(check_header("authority".into(), ":authority", Some(sm), cx));
    }
    for (name, sm) in &m.headers {
        let lname = name.to_ascii_lowercase();
        c.push(check_header(format!("headers.{name}"), &lname, Some(sm), cx));
    }
    for (name, sm) in &m.without_headers {
        let lname = name.to_ascii_lowercase();
        c.push(check_without(format!("withoutHeaders.{name}"), &lname, Some(sm), cx));
    }
    for (name, sm) in &m.query_params {
        c.push(check_query(name, sm, cx));
    }
    let verdict = if c.iter().any(|x| x.verdict == Verdict::NoMatch) {
        Verdict::NoMatch
    } else if c.iter().any(|x| x.verdict == Verdict::Undecided) {
        Verdict::Undecided
    } else {
        Verdict::Match
    };
    BlockCheck { index, name: m.name.clone(), verdict, conditions: c }
}

fn check_rule(index: usize, rule: &HttpRoute, cx: &Cx<'_>) -> RuleCheck {
    if rule.matches.is_empty() {
        return RuleCheck {
            index,
            name: rule.name.clone(),
            verdict: Verdict::Match,
            blocks: Vec::new(),
        };
    }
    let mut blocks = Vec::new();
    let mut verdict = Verdict::NoMatch;
    for (j, m) in rule.matches.iter().enumerate() {
        let b = check_block(j, m, cx);
        let v = b.verdict;
        blocks.push(b);
        if v == Verdict::Match {
            verdict = Verdict::Match;
            break;
        }
        if v == Verdict::Undecided {
            verdict = Verdict::Undecided;
        }
    }
    RuleCheck { index, name: rule.name.clone(), verdict, blocks }
}

/// The cookie pitfall: a `cookie` regex that fails only because of the
/// space browsers put after `;`.
fn hints_for(doc: usize, check: &RuleCheck, rule: &HttpRoute, cx: &Cx<'_>) -> Vec<Hint> {
    let mut out = Vec::new();
    let Some(value) = cx.header("cookie") else { return out };
    for b in &check.blocks {
        let Some(m) = rule.matches.get(b.index) else { continue };
        for (name, sm) in &m.headers {
            if !name.eq_ignore_ascii_case("cookie") {
                continue;
            }
            let Op::Regex(pattern) = Op::of(Some(sm)) else { continue };
            if let Some((message, suggestion)) = cookie_hint(pattern, value) {
                out.push(Hint {
                    document: doc,
                    rule: check.index,
                    block: b.index,
                    header: name.clone(),
                    message,
                    suggestion,
                });
            }
        }
    }
    out
}

/// When `pattern` fails on the browser-style `value` (`a=1; b=2`) but
/// matches the same cookies without the spaces, explains it and suggests
/// [`edit::cookie_regex`] for the cookie the pattern is about.
pub fn cookie_hint(pattern: &str, value: &str) -> Option<(String, Option<String>)> {
    if !value.contains("; ") || re2::full_match(pattern, value) != Ok(false) {
        return None;
    }
    let pairs: Vec<&str> = value.split(';').map(str::trim).filter(|p| !p.is_empty()).collect();
    let compact = pairs.join(";");
    if re2::full_match(pattern, &compact) != Ok(true) {
        return None;
    }
    let suggestion = pairs
        .iter()
        .filter(|p| re2::full_match(pattern, p) == Ok(true))
        .find_map(|p| p.split_once('='))
        .map(|(k, v)| edit::cookie_regex(k, v))
        .filter(|s| re2::full_match(s, value) == Ok(true));
    let message = format!(
        "the cookie regex `{pattern}` does not allow the space browsers put after `;`: it matches \
         `{compact}` but not `{value}`"
    );
    Some((message, suggestion))
}

/// Fills in what the matched `rule` does.
fn apply(rule: &HttpRoute, cx: &Cx<'_>, out: &mut Outcome) {
    out.fault = fault(rule, &mut out.trace);
    if let Some(r) = &rule.redirect {
        let status = r.redirect_code.unwrap_or(301);
        let scheme = r.scheme.clone().unwrap_or_else(|| cx.base.scheme.clone());
        let host = r.authority.clone().unwrap_or_else(|| split_authority(&cx.authority).0);
        let port = match (r.port, r.derive_port) {
            (Some(p), _) => Some(p),
            (None, Some(RedirectPortSelection::FromRequestPort)) => Some(cx.base.port),
            _ => None,
        }
        .filter(|p| !((*p == 80 && scheme == "http") || (*p == 443 && scheme == "https")));
        let path = r.uri.clone().unwrap_or_else(|| cx.base.raw_path.clone());
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let location = format!("{scheme}://{host}{port}{path}");
        out.trace.push(format!("the rule answers {status} with Location: {location}"));
        out.action = Action::Redirect { status, location };
        return;
    }
    if let Some(d) = &rule.direct_response {
        out.trace.push(format!("the rule answers {} directly", d.status));
        out.action = Action::DirectResponse { status: d.status };
        return;
    }
    if let Some(d) = rule.delegate.as_ref().filter(|_| rule.route.is_empty()) {
        let ns = d.namespace.clone().unwrap_or_else(|| cx.vs_ns.clone());
        let target = format!("{ns}/{}", d.name.clone().unwrap_or_default());
        out.trace.push(format!(
            "the rule delegates to VirtualService `{target}`: its rules decide (not simulated)"
        ));
        out.action = Action::Delegate { target };
        return;
    }
    out.action = Action::Route;
    let shares = rule.shares();
    for (d, share) in rule.route.iter().zip(shares) {
        let s = Share {
            host: d.destination.host.clone(),
            subset: d.destination.subset.clone(),
            port: d.destination.port.as_ref().and_then(|p| p.number),
            percent: share,
        };
        out.trace.push(format!("→ {}: {}", share_label(&s), pct(s.percent)));
        out.destinations.push(s);
    }
    if rule.route.is_empty() {
        out.trace.push("the rule has no destinations".into());
    } else if out.destinations.iter().all(|d| d.percent == 0.0) {
        out.trace.push("every weight is 0: Envoy has nowhere to send the request".into());
    }
    for m in mirror_shares(rule) {
        if m.percent <= 0.0 {
            out.trace.push(format!("mirror {} at 0%: nothing is copied", share_label(&m)));
        } else {
            out.trace.push(format!(
                "mirror → {}: {} of the requests are copied",
                share_label(&m),
                pct(m.percent)
            ));
            out.mirrors.push(m);
        }
    }
    out.timeout = rule.timeout.clone().filter(|t| !t.is_empty());
    out.trace.push(match &out.timeout {
        Some(t) => format!("timeout: {t}"),
        None => "timeout: none (Istio's default: disabled)".into(),
    });
    out.retries = match &rule.retries {
        None => Some(Retries {
            attempts: DEFAULT_RETRY_ATTEMPTS,
            per_try_timeout: None,
            retry_on: DEFAULT_RETRY_ON.into(),
            mesh_default: true,
        }),
        Some(r) if r.attempts.unwrap_or(0) <= 0 => None,
        Some(r) => Some(Retries {
            attempts: r.attempts.unwrap_or(0),
            per_try_timeout: r.per_try_timeout.clone().filter(|t| !t.is_empty()),
            retry_on: r
                .retry_on
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_RETRY_ON.into()),
            mesh_default: false,
        }),
    };
    out.trace.push(match &out.retries {
        None => "retries: none (`attempts: 0` disables them)".into(),
        Some(r) => format!(
            "retries: {} attempt(s){} on {}{}",
            r.attempts,
            r.per_try_timeout.as_deref().map(|t| format!(", {t} per try")).unwrap_or_default(),
            r.retry_on,
            if r.mesh_default { " (Istio's default; the rule sets none)" } else { "" }
        ),
    });
}

/// The mirror targets of `rule` with the percentage copied to each
/// (`mirror` first, then `mirrors`), 0% included.
pub(crate) fn mirror_shares(rule: &HttpRoute) -> Vec<Share> {
    let mut out = Vec::new();
    if let Some(m) = &rule.mirror {
        let legacy = rule.mirror_percent.or(rule.mirror_percent_legacy);
        let percent = match (&rule.mirror_percentage, legacy) {
            (Some(p), _) => fraction(p.get()),
            (None, Some(p)) => f64::from(p.min(100)),
            (None, None) => 100.0,
        };
        out.push(Share {
            host: m.host.clone(),
            subset: m.subset.clone(),
            port: m.port.as_ref().and_then(|p| p.number),
            percent,
        });
    }
    for m in &rule.mirrors {
        let d = &m.destination;
        out.push(Share {
            host: d.host.clone(),
            subset: d.subset.clone(),
            port: d.port.as_ref().and_then(|p| p.number),
            percent: m.percentage.as_ref().map_or(100.0, |p| fraction(p.get())),
        });
    }
    out
}

/// A `Percent` as Envoy gets it: `uint32(value * 10000)` per million,
/// capped at 100%.
fn fraction(v: f64) -> f64 {
    let per_million = (v * 10000.0).clamp(0.0, 1_000_000.0) as u32;
    f64::from(per_million) / 10000.0
}

/// The faults Istio configures for `rule`, tracing what it drops.
pub(crate) fn fault(rule: &HttpRoute, trace: &mut Vec<String>) -> Option<Fault> {
    let f = rule.fault.as_ref()?;
    let delay = f.delay.as_ref().and_then(|d| {
        let percent = match &d.percentage {
            Some(p) => fraction(p.get()),
            None => f64::from(d.percent.unwrap_or(0).clamp(0, 100)),
        };
        match d.kind() {
            Some(DelayKind::Fixed(t)) => {
                trace.push(format!("fault: {percent}% of the requests are delayed by {t}"));
                Some(FaultDelay { percent, fixed_delay: t.to_string() })
            }
            Some(DelayKind::Exponential(_)) => {
                trace.push(
                    "fault: exponential delays are not implemented by Istio; no delay".into(),
                );
                None
            }
            None => None,
        }
    });
    let abort = f.abort.as_ref().and_then(|a| {
        let percent = a.percentage.as_ref().map_or(0.0, |p| fraction(p.get()));
        let (http_status, grpc_status) = match a.kind() {
            Some(AbortKind::HttpStatus(s)) => (Some(s), None),
            Some(AbortKind::GrpcStatus(s)) => (None, Some(s.to_string())),
            Some(AbortKind::Http2Error(_)) => {
                trace.push("fault: HTTP/2 aborts are not implemented by Istio; no abort".into());
                return None;
            }
            None => return None,
        };
        let what = http_status
            .map(|s| format!("HTTP {s}"))
            .or_else(|| grpc_status.as_ref().map(|s| format!("gRPC {s}")))
            .unwrap_or_default();
        trace.push(format!("fault: {percent}% of the requests are aborted with {what}"));
        Some(FaultAbort { percent, http_status, grpc_status })
    });
    if let Some(d) = &f.delay {
        if d.percentage.is_none() && d.percent.is_none() {
            trace.push("fault: the delay has no percentage, so Istio delays no request".into());
        }
    }
    if let Some(a) = &f.abort {
        if a.percentage.is_none() {
            trace.push("fault: the abort has no percentage, so Istio aborts no request".into());
        }
    }
    if delay.is_some() || abort.is_some() {
        trace.push(
            "fault: an injected delay does not count towards the timeout, and an aborted request is \
             never retried"
                .into(),
        );
    }
    (delay.is_some() || abort.is_some()).then_some(Fault { delay, abort })
}

/// `host subset v2 port 9080`.
pub(crate) fn share_label(s: &Share) -> String {
    let mut l = s.host.clone();
    if let Some(sub) = &s.subset {
        l.push_str(&format!(" subset {sub}"));
    }
    if let Some(p) = s.port {
        l.push_str(&format!(" port {p}"));
    }
    l
}

/// A percentage for people: `75%`, `33.33%`, `0.1%`.
pub fn pct(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{}%", p.round() as i64)
    } else {
        let s = format!("{p:.2}");
        format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
    }
}
