//! Help for the fields a form shows: what each one does, how to write it
//! and what happens when it is left out.
//!
//! The texts are our own words after Istio's API reference (the comments
//! of `networking/v1alpha3/virtual_service.proto` and
//! `destination_rule.proto` in `istio/api`), with the validation rules of
//! `crate::validate` where they matter to the person filling the form.
//!
//! Help is keyed by a *field key*: a field path with list indices and map
//! keys removed (`spec.http.match.headers`). [`key_for_path`] turns a
//! diagnostic's or a form's field path into its key, [`lookup`] finds the
//! help of a key, and [`lookup_path`] does both and falls back to the
//! nearest documented field (so `spec.subsets[1].trafficPolicy.tls.mode`
//! gets the help of `spec.trafficPolicy.tls.mode`).

/// Help for one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldHelp {
    /// The field key: its path without list indices or map keys
    /// (`spec.http.route.weight`).
    pub key: &'static str,
    /// A short label for the form (`Weight`).
    pub label: &'static str,
    /// What the field does, in one to three sentences.
    pub text: &'static str,
    /// How to write the value, with examples, when that is not obvious.
    pub syntax: Option<&'static str>,
    /// What applies when the field is left out, when Istio defines it.
    pub default: Option<&'static str>,
}

impl FieldHelp {
    /// Help with a key, a label and a text; no syntax, no default.
    const fn new(key: &'static str, label: &'static str, text: &'static str) -> Self {
        FieldHelp { key, label, text, syntax: None, default: None }
    }

    /// The same help with a syntax note.
    const fn syntax(mut self, syntax: &'static str) -> Self {
        self.syntax = Some(syntax);
        self
    }

    /// The same help with a default.
    const fn default(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }
}

/// Every `retryOn` policy name Istio accepts (besides HTTP status codes such
/// as `503`), with what makes Envoy retry: the HTTP ones of
/// `x-envoy-retry-on` first, then the gRPC ones of `x-envoy-retry-grpc-on`.
pub const RETRY_ON: &[(&str, &str)] = &[
    (
        "5xx",
        "the upstream answered with any 5xx status, or did not answer at all \
         (disconnect, reset, read timeout); includes connect-failure and refused-stream",
    ),
    ("gateway-error", "the upstream answered 502, 503 or 504"),
    ("reset", "the upstream did not answer at all: disconnect, reset or read timeout"),
    (
        "reset-before-request",
        "the connection was reset before the request was sent upstream \
         (safe even for requests that must not run twice)",
    ),
    ("connect-failure", "the connection to the upstream could not be established"),
    ("envoy-ratelimited", "the response carries the `x-envoy-ratelimited` header"),
    ("retriable-4xx", "the upstream answered 409 Conflict"),
    ("refused-stream", "the upstream refused the HTTP/2 stream (REFUSED_STREAM)"),
    (
        "retriable-status-codes",
        "the upstream answered with one of the retriable status codes \
         (those listed in `retryOn`, such as `503`)",
    ),
    (
        "retriable-headers",
        "the response carries a header named in the request's \
         `x-envoy-retriable-header-names` header",
    ),
    (
        "http3-post-connect-failure",
        "an HTTP/3 request failed after the connection was made; the retry goes over TCP",
    ),
    ("cancelled", "the gRPC status in the response headers is CANCELLED (1)"),
    ("deadline-exceeded", "the gRPC status in the response headers is DEADLINE_EXCEEDED (4)"),
    ("internal", "the gRPC status in the response headers is INTERNAL (13)"),
    ("resource-exhausted", "the gRPC status in the response headers is RESOURCE_EXHAUSTED (8)"),
    ("unavailable", "the gRPC status in the response headers is UNAVAILABLE (14)"),
];

const DURATION: &str = "a duration: a number and a unit `ms`, `s`, `m` or `h`, such as \
                        `10s`, `1.5s`, `250ms` or `1m30s`; at least `1ms`";
const STRING_MATCH: &str = "one of `exact: value`, `prefix: value` or `regex: RE2 expression` \
                            (the whole value must match the regex); case-sensitive";
const LABEL_MAP: &str = "`key: value` pairs; keys such as `app` or `example.com/tier`, values \
                         up to 63 letters, digits, `-`, `_` or `.` (quote values like \
                         `\"true\"` or `\"1.0\"`)";
const PERCENT: &str = "`value:` a number from 0 to 100, decimals allowed (`0.1` is one \
                       request in a thousand)";
const PORT: &str = "a port number, 1 to 65535";
const HOST: &str = "a service name: short (`reviews`, resolved in this resource's namespace), \
                    or fully qualified (`reviews.default.svc.cluster.local`)";

/// Help for every field a VirtualService or DestinationRule form shows,
/// keyed by field key. Keys are unique.
pub const FIELDS: &[FieldHelp] = &[
    // ---------------------------------------------------------------- metadata
    FieldHelp::new(
        "metadata.name",
        "Name",
        "Name of the resource, unique among resources of the same kind in its namespace. \
         Applying a resource with the same name replaces the old one.",
    )
    .syntax("lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit; at most 253 characters"),
    FieldHelp::new(
        "metadata.namespace",
        "Namespace",
        "Namespace the resource is created in. Short host names in the resource are resolved \
         in this namespace, not in the service's.",
    )
    .syntax("a DNS label: lower-case letters, digits and `-`, at most 63 characters")
    .default("the namespace `kubectl` is pointed at (usually `default`)"),
    FieldHelp::new(
        "metadata.labels",
        "Labels",
        "Labels on the resource itself, for selecting it with `kubectl` or other tools. \
         They do not affect routing.",
    )
    .syntax(LABEL_MAP),
    FieldHelp::new(
        "metadata.annotations",
        "Annotations",
        "Free-form notes for tools, such as who owns the resource. They do not affect routing.",
    ),
    // ----------------------------------------------------------- shared by VS and DR
    FieldHelp::new(
        "spec.exportTo",
        "Export to",
        "Namespaces whose sidecars and gateways may use this resource. A DestinationRule with \
         a workload selector can only be exported to its own namespace.",
    )
    .syntax("a list of `.` (this namespace only), `*` (every namespace) or namespace names")
    .default("every namespace"),
    // ----------------------------------------------------------- VirtualService
    FieldHelp::new(
        "spec.hosts",
        "Hosts",
        "The destinations these rules apply to: requests addressed to any of these hosts are \
         routed by this VirtualService. A short name is resolved in the VirtualService's \
         namespace, so prefer fully qualified names across namespaces.",
    )
    .syntax("a list of host names: `reviews`, `reviews.default.svc.cluster.local`, a wildcard prefix `*.example.com`, or `*` (gateways only); IP addresses only for gateways"),
    FieldHelp::new(
        "spec.gateways",
        "Gateways",
        "Which proxies apply these rules: named gateways, and `mesh` for every sidecar in the \
         mesh. Listing gateways without `mesh` takes the rules away from sidecars.",
    )
    .syntax("a list of `<namespace>/<gateway name>`, a gateway name in this namespace, or `mesh`")
    .default("`mesh` (all sidecars, no gateway)"),
    FieldHelp::new(
        "spec.http",
        "HTTP rules",
        "Ordered rules for HTTP/1.1, HTTP/2 and gRPC traffic. Each request is handled by the \
         first rule that matches it, so put specific rules first and the catch-all last.",
    ),
    FieldHelp::new(
        "spec.tls",
        "TLS rules",
        "Ordered rules for TLS and HTTPS traffic that the proxy does not decrypt, matched by \
         the SNI server name. The first rule that matches is used.",
    ),
    FieldHelp::new(
        "spec.tcp",
        "TCP rules",
        "Ordered rules for plain TCP traffic (ports that are neither HTTP nor TLS). The first \
         rule that matches is used.",
    ),
    FieldHelp::new(
        "spec.tls.match.sniHosts",
        "SNI hosts",
        "Server names (SNI) the TLS rule matches. Each must fall within the VirtualService's \
         hosts. Required for every TLS match.",
    )
    .syntax("a list of names, wildcard prefixes allowed: `*.example.com`"),
    FieldHelp::new(
        "spec.tcp.match.destinationSubnets",
        "Destination subnets",
        "Destination IP addresses or ranges the TCP rule matches.",
    )
    .syntax("IPv4 or IPv6 addresses, optionally with a prefix length: `10.0.0.0/16`"),
    FieldHelp::new(
        "spec.tls.match.destinationSubnets",
        "Destination subnets",
        "Destination IP addresses or ranges the TLS rule matches.",
    )
    .syntax("IPv4 or IPv6 addresses, optionally with a prefix length: `10.0.0.0/16`"),
    FieldHelp::new(
        "spec.http.name",
        "Rule name",
        "A name for the rule, written to access logs (joined with the match's name) and \
         shown in debugging output. It does not affect routing.",
    ),
    FieldHelp::new(
        "spec.http.match",
        "Conditions",
        "When the rule applies. The rule matches a request if any one condition matches; \
         within a condition every field set must match.",
    )
    .default("no conditions: the rule matches every request (keep such a rule last)"),
    FieldHelp::new(
        "spec.http.match.name",
        "Condition name",
        "A name for the condition, written to access logs after the rule's name.",
    ),
    FieldHelp::new(
        "spec.http.match.uri",
        "Path",
        "Match on the request path (without the query string).",
    )
    .syntax("`exact: /login`, `prefix: /api/` or `regex: ^/v[0-9]+/.*` (RE2, the whole path must match); case-sensitive unless \"ignore case\" is set"),
    FieldHelp::new(
        "spec.http.match.scheme",
        "Scheme",
        "Match on the URL scheme of the request.",
    )
    .syntax("usually `exact: http` or `exact: https`"),
    FieldHelp::new(
        "spec.http.match.method",
        "Method",
        "Match on the HTTP method.",
    )
    .syntax("usually `exact: GET` (upper case), or a regex such as `regex: GET|HEAD`"),
    FieldHelp::new(
        "spec.http.match.authority",
        "Authority",
        "Match on the HTTP authority, the `Host` header of HTTP/1.1.",
    )
    .syntax(STRING_MATCH),
    FieldHelp::new(
        "spec.http.match.headers",
        "Headers",
        "Match on request headers: every header listed must match. Header names are \
         lower-case; values are case-sensitive. An empty match checks only that the header \
         is present.",
    )
    .syntax("`header-name:` followed by `exact: beta`, `prefix: Bearer `, `regex: ^(.*;)?user=beta(;.*)?$`, or `{}` for \"present\""),
    FieldHelp::new(
        "spec.http.match.withoutHeaders",
        "Without headers",
        "The opposite of Headers: the condition matches only when none of these header \
         matches holds.",
    )
    .syntax("same as Headers: `header-name:` followed by `exact:`, `prefix:`, `regex:` or `{}`"),
    FieldHelp::new(
        "spec.http.match.queryParams",
        "Query parameters",
        "Match on query parameters of the URL: every parameter listed must match.",
    )
    .syntax("`name:` followed by `exact: \"true\"`, `prefix: ab` or `regex: ^[0-9]+$`; `exact: \"\"` matches a parameter given without a value (`?debug`)"),
    FieldHelp::new(
        "spec.http.match.port",
        "Port",
        "Match requests addressed to this port of the host. Only needed when the service \
         has several ports.",
    )
    .syntax(PORT)
    .default("any port"),
    FieldHelp::new(
        "spec.http.match.sourceLabels",
        "Caller labels",
        "Limit the condition to requests from workloads (pods) carrying all these labels. \
         This selects which sidecars apply the rule rather than inspecting the request; with \
         gateways listed, `mesh` must be among them for it to apply.",
    )
    .syntax(LABEL_MAP)
    .default("any caller"),
    FieldHelp::new(
        "spec.http.match.sourceNamespace",
        "Caller namespace",
        "Limit the condition to requests from workloads in this namespace. Like caller \
         labels, it selects sidecars; with gateways listed, `mesh` must be among them.",
    )
    .syntax("a namespace name")
    .default("any namespace"),
    FieldHelp::new(
        "spec.http.match.gateways",
        "Condition gateways",
        "Gateways this condition applies to, replacing the VirtualService's gateway list for \
         this condition.",
    )
    .syntax("a list of `<namespace>/<gateway name>` or `mesh`")
    .default("the VirtualService's gateways"),
    FieldHelp::new(
        "spec.http.match.ignoreUriCase",
        "Ignore path case",
        "Match the path without regard to upper and lower case. Works with `exact` and \
         `prefix` path matches only; for a regex use `(?i)`.",
    )
    .default("false (case-sensitive)"),
    FieldHelp::new(
        "spec.http.match.statPrefix",
        "Statistics prefix",
        "Prefix for per-route proxy statistics (`route.<prefix>.…`); set it on critical \
         routes you want to watch on their own.",
    ),
    FieldHelp::new(
        "spec.http.route",
        "Destinations",
        "Where matching requests are forwarded, each destination with a weight. Exclusive \
         with redirect, direct response and delegate.",
    ),
    FieldHelp::new(
        "spec.http.route.destination.host",
        "Service",
        "The service to forward to, from the mesh's registry (Kubernetes services and \
         ServiceEntries). Requests to a host that is not found are dropped.",
    )
    .syntax(HOST),
    FieldHelp::new(
        "spec.http.route.destination.subset",
        "Subset",
        "A named version of the service, as defined in the DestinationRule for the same host \
         (for example `v1`). The subset must exist there, or requests fail with 503.",
    )
    .syntax("a subset name from the host's DestinationRule: lower-case letters, digits and `-`")
    .default("every endpoint of the service"),
    FieldHelp::new(
        "spec.http.route.destination.port.number",
        "Port",
        "The port of the service to send to. Only needed when the service has several ports.",
    )
    .syntax(PORT)
    .default("the service's only port"),
    FieldHelp::new(
        "spec.http.route.weight",
        "Weight",
        "Share of the rule's traffic for this destination: its weight divided by the sum of \
         the weights. Weights need not add up to 100. A lone destination gets everything; \
         with several, weight 0 gets nothing.",
    )
    .syntax("a whole number, 0 or more; the total must be above 0 when there are several destinations")
    .default("0 (100% for a lone destination)"),
    FieldHelp::new(
        "spec.http.headers",
        "Header changes",
        "Headers to set, add or remove on requests before they are forwarded and on \
         responses before they are returned. Also available per destination.",
    ),
    FieldHelp::new(
        "spec.http.headers.request.set",
        "Set request headers",
        "Headers to set on the request, replacing any existing value.",
    )
    .syntax("`header-name: value`"),
    FieldHelp::new(
        "spec.http.headers.request.add",
        "Add request headers",
        "Values to append to request headers (comma-separated after existing values).",
    )
    .syntax("`header-name: value`"),
    FieldHelp::new(
        "spec.http.headers.request.remove",
        "Remove request headers",
        "Request headers to remove before forwarding.",
    )
    .syntax("a list of header names"),
    FieldHelp::new(
        "spec.http.headers.response.set",
        "Set response headers",
        "Headers to set on the response, replacing any existing value.",
    )
    .syntax("`header-name: value`"),
    FieldHelp::new(
        "spec.http.headers.response.add",
        "Add response headers",
        "Values to append to response headers.",
    )
    .syntax("`header-name: value`"),
    FieldHelp::new(
        "spec.http.headers.response.remove",
        "Remove response headers",
        "Response headers to remove before returning the response.",
    )
    .syntax("a list of header names"),
    FieldHelp::new(
        "spec.http.timeout",
        "Timeout",
        "How long the proxy waits for the whole request, retries included, before answering \
         504 Gateway Timeout.",
    )
    .syntax(DURATION)
    .default("no timeout"),
    FieldHelp::new(
        "spec.http.retries",
        "Retries",
        "Retry failed requests. Not applied while a fault is being injected on this rule.",
    )
    .default("the mesh default: 2 retries on `connect-failure,refused-stream,unavailable,cancelled` and 503"),
    FieldHelp::new(
        "spec.http.retries.attempts",
        "Attempts",
        "How many times a failed request may be retried, so at most 1 + attempts calls. 0 \
         turns retries off. The rule's timeout and the per-try timeout can cut retries short.",
    )
    .syntax("a whole number, 0 or more")
    .default("2 (the mesh default retry policy)"),
    FieldHelp::new(
        "spec.http.retries.perTryTimeout",
        "Per-try timeout",
        "Time limit for each attempt, the first call included. Only with attempts above 0.",
    )
    .syntax(DURATION)
    .default("the rule's timeout (none if it has none)"),
    FieldHelp::new(
        "spec.http.retries.retryOn",
        "Retry on",
        "The failures that trigger a retry: Envoy retry policies and HTTP status codes. \
         Status codes match what the service actually returned; a connection reset is not a \
         503 here, so use `reset` for that.",
    )
    .syntax("a comma-separated list without spaces, such as `5xx,reset` or `gateway-error,connect-failure,503`")
    .default("`connect-failure,refused-stream,unavailable,cancelled` (and 503)"),
    FieldHelp::new(
        "spec.http.retries.retryRemoteLocalities",
        "Retry other localities",
        "Allow retries to go to endpoints in other localities (zones or regions).",
    )
    .default("false"),
    FieldHelp::new(
        "spec.http.retries.retryIgnorePreviousHosts",
        "Avoid previous hosts",
        "Send each retry to a different endpoint than the attempts before it.",
    )
    .default("true"),
    FieldHelp::new(
        "spec.http.retries.backoff",
        "Backoff",
        "Base interval between retries; the wait grows exponentially from it. A long backoff \
         with a short timeout means fewer retries actually happen.",
    )
    .syntax(DURATION)
    .default("25ms"),
    FieldHelp::new(
        "spec.http.fault",
        "Fault injection",
        "Deliberately delay or fail a share of requests, on the caller's side, to test how \
         the system copes. Needs a delay, an abort or both; timeouts and retries are off \
         while it is set.",
    ),
    FieldHelp::new(
        "spec.http.fault.delay",
        "Delay",
        "Hold a share of requests for a fixed time before forwarding them, as a slow network \
         or an overloaded service would.",
    ),
    FieldHelp::new(
        "spec.http.fault.delay.percentage",
        "Delay percentage",
        "Share of requests to delay.",
    )
    .syntax(PERCENT)
    .default("no request is delayed"),
    FieldHelp::new(
        "spec.http.fault.delay.fixedDelay",
        "Delay time",
        "How long to hold each delayed request before forwarding it.",
    )
    .syntax(DURATION),
    FieldHelp::new(
        "spec.http.fault.delay.percent",
        "Delay percent (deprecated)",
        "Old whole-number form of the delay percentage; use Delay percentage instead.",
    ),
    FieldHelp::new(
        "spec.http.fault.abort",
        "Abort",
        "Answer a share of requests with an error instead of forwarding them, as a failing \
         service would.",
    ),
    FieldHelp::new(
        "spec.http.fault.abort.percentage",
        "Abort percentage",
        "Share of requests to abort.",
    )
    .syntax(PERCENT)
    .default("no request is aborted"),
    FieldHelp::new(
        "spec.http.fault.abort.httpStatus",
        "HTTP status",
        "The HTTP status code aborted requests get.",
    )
    .syntax("a status code from 200 to 599, such as `500` or `503`"),
    FieldHelp::new(
        "spec.http.fault.abort.grpcStatus",
        "gRPC status",
        "The gRPC status aborted requests get, instead of an HTTP status.",
    )
    .syntax("an upper-case status name: `UNAVAILABLE`, `DEADLINE_EXCEEDED`, `INTERNAL`, … (not a number)"),
    FieldHelp::new(
        "spec.http.mirror",
        "Mirror",
        "Also send a copy of each request to another destination, fire and forget: the \
         caller gets the normal response and the copy's response is dropped. Exclusive with \
         Mirrors.",
    ),
    FieldHelp::new(
        "spec.http.mirror.host",
        "Mirror service",
        "The service that receives the copies. Copies carry the `Host` header with `-shadow` \
         appended.",
    )
    .syntax(HOST),
    FieldHelp::new(
        "spec.http.mirror.subset",
        "Mirror subset",
        "The version of the mirror service that receives the copies, defined in its \
         DestinationRule.",
    )
    .default("every endpoint of the mirror service"),
    FieldHelp::new(
        "spec.http.mirror.port.number",
        "Mirror port",
        "The port of the mirror service. Only needed when it has several ports.",
    )
    .syntax(PORT),
    FieldHelp::new(
        "spec.http.mirrorPercentage",
        "Mirror percentage",
        "Share of the requests copied to the mirror.",
    )
    .syntax(PERCENT)
    .default("100 (every request); 0 mirrors nothing"),
    FieldHelp::new(
        "spec.http.mirrorPercent",
        "Mirror percent (deprecated)",
        "Old whole-number form of the mirror percentage; use Mirror percentage instead.",
    ),
    FieldHelp::new(
        "spec.http.mirrors",
        "Mirrors",
        "Several mirror destinations, each with its own percentage. Exclusive with Mirror.",
    ),
    FieldHelp::new(
        "spec.http.mirrors.percentage",
        "Mirror percentage",
        "Share of the requests copied to this mirror.",
    )
    .syntax(PERCENT)
    .default("100 (every request)"),
    FieldHelp::new(
        "spec.http.corsPolicy",
        "CORS policy",
        "Cross-origin resource sharing: which web pages on other origins may call this \
         service from a browser. The proxy answers preflight requests and adds the CORS \
         response headers.",
    ),
    FieldHelp::new(
        "spec.http.corsPolicy.allowOrigins",
        "Allowed origins",
        "Origins allowed to make cross-origin requests. When one matches, \
         `Access-Control-Allow-Origin` is set to the caller's origin.",
    )
    .syntax("a list of matches: `exact: https://example.com`, `prefix: https://`, `regex: https://.*\\.example\\.com`"),
    FieldHelp::new(
        "spec.http.corsPolicy.allowOrigin",
        "Allowed origins (deprecated)",
        "Old list of exact origins; use Allowed origins instead.",
    ),
    FieldHelp::new(
        "spec.http.corsPolicy.allowMethods",
        "Allowed methods",
        "HTTP methods cross-origin callers may use (`Access-Control-Allow-Methods`).",
    )
    .syntax("a list of `GET`, `HEAD`, `POST`, `PUT`, `PATCH`, `DELETE`, `CONNECT`, `OPTIONS`, `TRACE` or `*`"),
    FieldHelp::new(
        "spec.http.corsPolicy.allowHeaders",
        "Allowed headers",
        "Request headers cross-origin callers may send (`Access-Control-Allow-Headers`).",
    )
    .syntax("a list of header names, or `*`"),
    FieldHelp::new(
        "spec.http.corsPolicy.exposeHeaders",
        "Exposed headers",
        "Response headers the browser lets the calling page read \
         (`Access-Control-Expose-Headers`).",
    )
    .syntax("a list of header names, or `*`"),
    FieldHelp::new(
        "spec.http.corsPolicy.maxAge",
        "Max age",
        "How long browsers may cache the answer to a preflight request \
         (`Access-Control-Max-Age`).",
    )
    .syntax("a duration in whole seconds, such as `24h` or `600s`"),
    FieldHelp::new(
        "spec.http.corsPolicy.allowCredentials",
        "Allow credentials",
        "Whether the browser may send cookies and other credentials with the actual request \
         (`Access-Control-Allow-Credentials`).",
    ),
    FieldHelp::new(
        "spec.http.corsPolicy.unmatchedPreflights",
        "Unmatched preflights",
        "What to do with preflight requests from origins that are not allowed: forward them \
         to the service, or ignore the CORS policy and answer without its headers.",
    )
    .syntax("`FORWARD` or `IGNORE`")
    .default("`FORWARD`"),
    FieldHelp::new(
        "spec.http.rewrite",
        "Rewrite",
        "Change the path or the authority of the request before forwarding it. Not with a \
         redirect.",
    ),
    FieldHelp::new(
        "spec.http.rewrite.uri",
        "Rewrite path",
        "Replace the path before forwarding. If the rule matched on a path prefix, only that \
         prefix is replaced (`/old/x` with prefix `/old` and rewrite `/new` becomes `/new/x`).",
    )
    .syntax("a path such as `/new`"),
    FieldHelp::new(
        "spec.http.rewrite.authority",
        "Rewrite authority",
        "Replace the authority (`Host` header) before forwarding.",
    )
    .syntax("a host name, optionally with `:port`"),
    FieldHelp::new(
        "spec.http.rewrite.uriRegexRewrite",
        "Regex rewrite",
        "Rewrite the path with a regular expression and a replacement. Exclusive with \
         Rewrite path.",
    )
    .syntax("`match:` an RE2 expression, `rewrite:` the replacement, which may use `\\1`, `\\2` for captured groups"),
    FieldHelp::new(
        "spec.http.redirect",
        "Redirect",
        "Answer with a redirect instead of forwarding: the URL is rebuilt from the request \
         with the parts set here replaced. Exclusive with destinations and direct response.",
    ),
    FieldHelp::new(
        "spec.http.redirect.uri",
        "Redirect path",
        "Replace the whole path of the URL, whatever the rule matched.",
    )
    .syntax("a path such as `/v1/bookRatings`"),
    FieldHelp::new(
        "spec.http.redirect.authority",
        "Redirect authority",
        "Replace the host of the URL.",
    )
    .syntax("a host name such as `newratings.default.svc.cluster.local`"),
    FieldHelp::new(
        "spec.http.redirect.port",
        "Redirect port",
        "Replace the port of the URL. Exclusive with Derive port.",
    )
    .syntax(PORT),
    FieldHelp::new(
        "spec.http.redirect.derivePort",
        "Derive port",
        "Set the port automatically: the scheme's default (80 for http, 443 for https) or \
         the port of the request. Exclusive with Redirect port.",
    )
    .syntax("`FROM_PROTOCOL_DEFAULT` or `FROM_REQUEST_PORT`"),
    FieldHelp::new(
        "spec.http.redirect.scheme",
        "Redirect scheme",
        "Replace the scheme of the URL, for example to send http callers to https.",
    )
    .syntax("`http` or `https`")
    .default("the request's scheme"),
    FieldHelp::new(
        "spec.http.redirect.redirectCode",
        "Redirect status",
        "HTTP status of the redirect response.",
    )
    .syntax("a 3xx code: `301`, `302`, `303`, `307` or `308`")
    .default("301 Moved Permanently"),
    FieldHelp::new(
        "spec.http.directResponse",
        "Direct response",
        "Answer matching requests with a fixed response, without calling any service. \
         Exclusive with destinations and redirect.",
    ),
    FieldHelp::new(
        "spec.http.directResponse.status",
        "Response status",
        "HTTP status of the fixed response. Required.",
    )
    .syntax("a status code from 200 to 599, such as `200` or `503`"),
    FieldHelp::new(
        "spec.http.directResponse.body",
        "Response body",
        "Body of the fixed response; set a `content-type` header on the rule to go with it.",
    )
    .syntax("`string: text` or `bytes:` base64-encoded data")
    .default("no body"),
    FieldHelp::new(
        "spec.http.delegate",
        "Delegate",
        "Hand the matching requests to the HTTP rules of another VirtualService (one level \
         only; the delegate's conditions must be narrower than this rule's). Exclusive with \
         destinations and redirect.",
    )
    .syntax("`name:` and optionally `namespace:` of the delegate VirtualService, which has no hosts")
    .default("namespace: this VirtualService's namespace"),
    // ----------------------------------------------------------- DestinationRule
    FieldHelp::new(
        "spec.host",
        "Host",
        "The service this DestinationRule applies to, from the mesh's registry. Its subsets \
         and policies apply to traffic routed to this host. Required.",
    )
    .syntax("a service name: `reviews` (resolved in this rule's namespace), `reviews.default.svc.cluster.local`, or a wildcard `*.example.com`"),
    FieldHelp::new(
        "spec.subsets",
        "Subsets",
        "Named versions of the service, each selecting the pods with certain labels. Routes \
         refer to them by name (`destination.subset`).",
    ),
    FieldHelp::new(
        "spec.subsets.name",
        "Subset name",
        "The name routes use to send traffic to this subset. Unique within the rule. Required.",
    )
    .syntax("lower-case letters, digits and `-`, at most 63 characters, such as `v1` or `canary`"),
    FieldHelp::new(
        "spec.subsets.labels",
        "Subset labels",
        "Pod labels that select the subset's endpoints, typically `version: v1`. Every label \
         must match.",
    )
    .syntax(LABEL_MAP)
    .default("no labels: every endpoint of the service"),
    FieldHelp::new(
        "spec.subsets.trafficPolicy",
        "Subset traffic policy",
        "Policies for this subset only. They override the rule's top-level traffic policy: \
         each part set here (load balancer, connection pool, outlier detection, TLS) replaces \
         the top-level one for traffic to this subset.",
    )
    .default("the top-level traffic policy"),
    FieldHelp::new(
        "spec.workloadSelector",
        "Workload selector",
        "Apply the rule only on the sidecars of workloads (pods or VMs) with these labels in \
         the rule's namespace. Such a rule can be exported only to its own namespace.",
    )
    .syntax("`matchLabels:` with `key: value` pairs; no `*`, no empty keys")
    .default("every workload that sees the rule"),
    FieldHelp::new(
        "spec.workloadSelector.matchLabels",
        "Workload labels",
        "Labels a workload must carry for the rule to apply on it.",
    )
    .syntax(LABEL_MAP),
    FieldHelp::new(
        "spec.trafficPolicy",
        "Traffic policy",
        "Policies for all traffic to the host once routing has chosen it: load balancing, \
         connection limits, ejection of failing endpoints and TLS. Subsets and ports may \
         override it.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer",
        "Load balancer",
        "How requests are spread over the endpoints: a simple algorithm or a consistent hash \
         (sticky sessions).",
    )
    .default("`LEAST_REQUEST`"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.simple",
        "Algorithm",
        "`LEAST_REQUEST` sends to the less busy of two random endpoints and suits most \
         services; `ROUND_ROBIN` takes turns; `RANDOM` picks at random; `PASSTHROUGH` sends to \
         the address the caller asked for, without balancing. Exclusive with consistent hash.",
    )
    .syntax("`LEAST_REQUEST`, `ROUND_ROBIN`, `RANDOM`, `PASSTHROUGH` (`LEAST_CONN` is deprecated)")
    .default("`LEAST_REQUEST`"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash",
        "Consistent hash",
        "Send requests with the same key (a header, a cookie, the source IP or a query \
         parameter) to the same endpoint while the set of endpoints is stable: soft session \
         affinity. HTTP only, except source IP. Exclusive with the simple algorithm.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.httpHeaderName",
        "Hash on header",
        "Name of the request header whose value picks the endpoint.",
    )
    .syntax("a header name such as `x-user-id`"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie",
        "Hash on cookie",
        "A cookie whose value picks the endpoint. With a TTL, the proxy creates the cookie \
         when the request has none.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name",
        "Cookie name",
        "Name of the cookie to hash on. Required.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.path",
        "Cookie path",
        "Path set on a cookie the proxy generates.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl",
        "Cookie lifetime",
        "Lifetime of the cookie. When set, the proxy generates the cookie if the request \
         lacks it; `0s` makes it a session cookie.",
    )
    .syntax("a duration such as `3600s`; `0s` allowed")
    .default("no cookie is generated"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.useSourceIp",
        "Hash on source IP",
        "Pick the endpoint from the caller's IP address. Works for TCP as well as HTTP.",
    )
    .syntax("`true`"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.httpQueryParameterName",
        "Hash on query parameter",
        "Name of the query parameter whose value picks the endpoint.",
    )
    .syntax("a parameter name such as `user`"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.ringHash.minimumRingSize",
        "Ring size",
        "Minimum number of virtual nodes on the hash ring; larger rings spread load more \
         evenly.",
    )
    .default("1024"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize",
        "Maglev table size",
        "Size of the Maglev lookup table; larger tables move fewer keys when endpoints change.",
    )
    .syntax("a prime number below 5000011")
    .default("65537"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.localityLbSetting",
        "Locality load balancing",
        "Prefer endpoints close to the caller (same region and zone), with explicit weights \
         or failover between regions. Replaces the mesh-wide setting as a whole.",
    )
    .default("the mesh-wide setting"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.localityLbSetting.enabled",
        "Locality load balancing on",
        "Turn locality-aware load balancing on or off for this host.",
    )
    .default("the mesh-wide setting"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute",
        "Locality weights",
        "For callers in a locality, the share of traffic each target locality gets. The \
         weights of one entry add up to 100. Exclusive with failover.",
    )
    .syntax("`from: region/zone/*` and `to:` a map of locality → weight"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.localityLbSetting.failover",
        "Locality failover",
        "The region to send traffic to when the endpoints of a region are unhealthy. Needs \
         outlier detection to notice unhealthy endpoints.",
    )
    .syntax("`from: region` and `to: region`"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority",
        "Failover priority",
        "Ordered endpoint labels: endpoints that share more of these labels with the caller \
         are preferred. Needs outlier detection.",
    )
    .syntax("a list of label keys such as `topology.kubernetes.io/region`"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.warmup",
        "Slow start",
        "New endpoints get a small share of traffic that grows over a warmup window, so they \
         are not flooded while starting. With `ROUND_ROBIN` and `LEAST_REQUEST` only.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.warmup.duration",
        "Warmup window",
        "How long a new endpoint stays in warmup. Required for slow start.",
    )
    .syntax(DURATION),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.warmup.minimumPercent",
        "Warmup start share",
        "Share of its normal traffic a new endpoint gets at the start of the window.",
    )
    .syntax("a number from 0 to 100")
    .default("10"),
    FieldHelp::new(
        "spec.trafficPolicy.loadBalancer.warmup.aggression",
        "Warmup aggression",
        "How fast traffic grows over the window: 1 is linear, higher values ramp up faster.",
    )
    .syntax("a number, 1 or more")
    .default("1"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool",
        "Connection pool",
        "Limits on connections and requests to each endpoint, which act as a circuit \
         breaker: requests beyond them fail fast with 503.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.tcp.maxConnections",
        "Max connections",
        "Maximum number of HTTP/1.1 or TCP connections to one endpoint.",
    )
    .syntax("a whole number, 0 or more")
    .default("unlimited (2^32-1)"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.tcp.connectTimeout",
        "Connect timeout",
        "How long to wait for a TCP connection to be established.",
    )
    .syntax(DURATION)
    .default("10s"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.tcp.maxConnectionDuration",
        "Max connection age",
        "Close connections after they have been open this long.",
    )
    .syntax(DURATION)
    .default("no limit"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.tcp.idleTimeout",
        "TCP idle timeout",
        "Close a connection to the endpoint when no bytes have gone either way for this long.",
    )
    .syntax("a duration; `0s` turns the timeout off")
    .default("1h"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.tcp.tcpKeepalive",
        "TCP keepalive",
        "Send TCP keepalive probes on idle connections so dead peers are noticed.",
    )
    .syntax("`time:` idle time before probing, `interval:` between probes, `probes:` unanswered probes before giving up")
    .default("the operating system's settings (Linux: 2h, 75s, 9 probes)"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests",
        "Max pending requests",
        "Maximum number of requests waiting for a connection from the pool; more fail \
         with 503. Applies to HTTP/1.1 and HTTP/2.",
    )
    .syntax("a whole number, 0 or more")
    .default("unlimited (2^32-1)"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.http2MaxRequests",
        "Max active requests",
        "Maximum number of requests in flight to the destination at once. Applies to \
         HTTP/1.1 and HTTP/2.",
    )
    .syntax("a whole number, 0 or more")
    .default("unlimited (2^32-1)"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection",
        "Max requests per connection",
        "Close a connection after this many requests; 1 turns keep-alive off.",
    )
    .syntax("a whole number, 0 or more")
    .default("0 (unlimited)"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.maxRetries",
        "Max concurrent retries",
        "Maximum number of retries in flight to all endpoints of the service at once.",
    )
    .syntax("a whole number, 0 or more")
    .default("unlimited (2^32-1)"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.idleTimeout",
        "HTTP idle timeout",
        "Close a pooled connection when it has had no active request for this long.",
    )
    .syntax(DURATION)
    .default("1h"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.h2UpgradePolicy",
        "HTTP/2 upgrade",
        "Whether HTTP/1.1 connections to the destination are upgraded to HTTP/2.",
    )
    .syntax("`DEFAULT`, `DO_NOT_UPGRADE` or `UPGRADE`")
    .default("`DEFAULT` (the mesh-wide setting)"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.useClientProtocol",
        "Keep client protocol",
        "Talk to the destination in the protocol the caller used (HTTP/1.1 or HTTP/2). \
         HTTP/2 upgrade is then ignored.",
    )
    .default("false"),
    FieldHelp::new(
        "spec.trafficPolicy.connectionPool.http.maxConcurrentStreams",
        "Max HTTP/2 streams",
        "Maximum number of concurrent streams on one HTTP/2 connection.",
    )
    .default("2^31-1"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection",
        "Outlier detection",
        "Eject endpoints that keep failing from the load-balancing pool for a while, then \
         let them back in: passive health checking, the other half of circuit breaking.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.consecutive5xxErrors",
        "Consecutive 5xx errors",
        "Eject an endpoint after this many 5xx answers in a row (for TCP: connection \
         failures and timeouts). 0 turns this check off.",
    )
    .syntax("a whole number, 0 or more")
    .default("5"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.consecutiveGatewayErrors",
        "Consecutive gateway errors",
        "Eject an endpoint after this many 502, 503 or 504 answers in a row. These also \
         count as 5xx errors, so this only matters when lower than the 5xx threshold.",
    )
    .syntax("a whole number, 0 or more")
    .default("off (0)"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.consecutiveErrors",
        "Consecutive errors (deprecated)",
        "Old form of the error threshold; use consecutive 5xx or gateway errors instead.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.splitExternalLocalOriginErrors",
        "Split local errors",
        "Count failures the proxy sees itself (connect failures, timeouts) apart from error \
         answers of the service, using consecutive local-origin failures for them.",
    )
    .default("false"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures",
        "Consecutive local failures",
        "Eject an endpoint after this many local-origin failures in a row. Only with split \
         local errors on.",
    )
    .default("5"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.interval",
        "Check interval",
        "How often endpoints are checked for ejection.",
    )
    .syntax(DURATION)
    .default("10s"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.baseEjectionTime",
        "Base ejection time",
        "Minimum time an ejected endpoint stays out, multiplied by the number of times it has \
         been ejected, so repeat offenders stay out longer.",
    )
    .syntax(DURATION)
    .default("30s"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.maxEjectionPercent",
        "Max ejection percent",
        "Largest share of the service's endpoints that may be ejected at once.",
    )
    .syntax("a whole number from 0 to 100")
    .default("10"),
    FieldHelp::new(
        "spec.trafficPolicy.outlierDetection.minHealthPercent",
        "Min health percent",
        "Outlier detection stays on only while at least this share of endpoints is healthy; \
         below it, traffic goes to all endpoints, healthy or not.",
    )
    .syntax("a whole number from 0 to 100")
    .default("0 (always on)"),
    FieldHelp::new(
        "spec.trafficPolicy.tls",
        "TLS",
        "TLS for connections from the proxy to the destination.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.tls.mode",
        "TLS mode",
        "`ISTIO_MUTUAL` uses the mesh's own certificates (mutual TLS inside the mesh); \
         `SIMPLE` originates TLS to the destination; `MUTUAL` originates TLS with the client \
         certificate given here; `DISABLE` sends plain text.",
    )
    .syntax("`DISABLE`, `SIMPLE`, `MUTUAL` or `ISTIO_MUTUAL`")
    .default("automatic: Istio mutual TLS to sidecar-injected endpoints, plain text otherwise"),
    FieldHelp::new(
        "spec.trafficPolicy.tls.sni",
        "SNI",
        "Server name to present in the TLS handshake.",
    )
    .syntax("a host name such as `api.example.com`")
    .default("taken from the request's host (`SIMPLE` and `MUTUAL`)"),
    FieldHelp::new(
        "spec.trafficPolicy.tls.credentialName",
        "Credential secret",
        "Name of a Kubernetes secret holding the client certificate, key and CA certificates. \
         On sidecars it is used only when the rule has a workload selector. Exclusive with \
         the certificate file fields.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.tls.clientCertificate",
        "Client certificate",
        "Path to the client certificate file. Required with `MUTUAL` unless a credential \
         secret is set.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.tls.privateKey",
        "Client key",
        "Path to the client private key file. Required with `MUTUAL` unless a credential \
         secret is set.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.tls.caCertificates",
        "CA certificates",
        "Path to the CA certificates used to verify the destination's certificate.",
    )
    .default("the operating system's CA certificates"),
    FieldHelp::new(
        "spec.trafficPolicy.tls.subjectAltNames",
        "Subject alt names",
        "Names the destination's certificate must carry; it is rejected otherwise.",
    )
    .default("checked against the request's host"),
    FieldHelp::new(
        "spec.trafficPolicy.tls.insecureSkipVerify",
        "Skip verification",
        "Do not verify the destination's certificate (signature and names). Unsafe outside \
         testing.",
    )
    .default("false"),
    FieldHelp::new(
        "spec.trafficPolicy.tls.caCrl",
        "Revocation list",
        "Path to a certificate revocation list; certificates on it are rejected.",
    )
    .default("no revocation check"),
    FieldHelp::new(
        "spec.trafficPolicy.portLevelSettings",
        "Port policies",
        "Policies for single ports of the service. A port policy replaces the top-level one \
         for that port entirely: fields it leaves out get Istio's defaults, not the \
         top-level values.",
    ),
    FieldHelp::new(
        "spec.trafficPolicy.portLevelSettings.port.number",
        "Policy port",
        "The port of the service this policy applies to. Required.",
    )
    .syntax(PORT),
    FieldHelp::new(
        "spec.trafficPolicy.tunnel",
        "Tunnel",
        "Carry TCP traffic to the host through an HTTP tunnel. For TCP and TLS routes only.",
    )
    .syntax("`protocol:` `CONNECT` or `POST`, `targetHost:` an FQDN or IP, `targetPort:` a port")
    .default("protocol `CONNECT`"),
    FieldHelp::new(
        "spec.trafficPolicy.proxyProtocol",
        "PROXY protocol",
        "Send the PROXY protocol header on connections to the destination, so it learns the \
         original client address.",
    )
    .syntax("`version:` `V1` (text) or `V2` (binary)")
    .default("`V1`"),
    FieldHelp::new(
        "spec.trafficPolicy.retryBudget",
        "Retry budget",
        "Limit concurrent retries to a share of the active requests, so retries cannot \
         overload a struggling service.",
    )
    .syntax("`percent:` 0 to 100, `minRetryConcurrency:` retries always allowed")
    .default("20%, at least 3 retries"),
];

/// Help for a field key (see [`key_for_path`]), exactly.
pub fn lookup(key: &str) -> Option<&'static FieldHelp> {
    FIELDS.iter().find(|h| h.key == key)
}

/// Help for a field path (`spec.subsets[0].trafficPolicy.tls.mode`): the
/// help of its key; else of the same field at the top level (subset and
/// port policies share the top-level policy's help, TCP/TLS rules the HTTP
/// rule's destinations and conditions, route-level header changes the
/// rule-level ones); else of the nearest documented parent field.
pub fn lookup_path(path: &str) -> Option<&'static FieldHelp> {
    let mut key = key_for_path(path);
    loop {
        if let Some(h) = lookup(&key).or_else(|| lookup(&canonical(&key))) {
            return Some(h);
        }
        let cut = key.rfind('.')?;
        key.truncate(cut);
    }
}

/// `key` with subset-level and port-level policy fields, TCP/TLS route
/// fields, destination header changes and `mirrors` destinations written
/// as the fields that carry the same help.
fn canonical(key: &str) -> String {
    const REWRITES: &[(&str, &str)] = &[
        ("spec.subsets.trafficPolicy.", "spec.trafficPolicy."),
        ("spec.trafficPolicy.portLevelSettings.", "spec.trafficPolicy."),
        ("spec.tcp.route.", "spec.http.route."),
        ("spec.tls.route.", "spec.http.route."),
        ("spec.tcp.match.", "spec.http.match."),
        ("spec.tls.match.", "spec.http.match."),
        ("spec.http.route.headers", "spec.http.headers"),
        ("spec.http.mirrors.destination.", "spec.http.mirror."),
    ];
    let mut k = key.to_string();
    for (from, to) in REWRITES {
        if let Some(rest) = k.strip_prefix(from) {
            // `portLevelSettings.port.number` has help of its own.
            if !(from.ends_with("portLevelSettings.") && rest.starts_with("port")) {
                k = format!("{to}{rest}");
            }
        }
    }
    k
}

/// The field key of a field path: list indices (`[0]`) removed, and the
/// path cut after a map whose keys are chosen by the user, so
/// `spec.http[0].match[1].headers.x-team.exact` gives
/// `spec.http.match.headers` and `spec.subsets[0].labels.version` gives
/// `spec.subsets.labels`.
///
/// The user-keyed maps are: `headers`, `withoutHeaders` and `queryParams`
/// of a match, `sourceLabels`, `labels` and `matchLabels` anywhere,
/// `metadata.annotations`, `set` and `add` of header changes, and the `to`
/// weights of a locality distribution.
pub fn key_for_path(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for raw in path.split('.') {
        let seg = raw.find('[').map_or(raw, |i| &raw[..i]);
        if seg.is_empty() {
            continue;
        }
        let parent = out.last().copied().unwrap_or("");
        out.push(seg);
        if is_user_keyed_map(parent, seg) {
            break;
        }
    }
    out.join(".")
}

/// True when the field `name` under `parent` is a map with user-chosen keys.
fn is_user_keyed_map(parent: &str, name: &str) -> bool {
    match name {
        "headers" | "withoutHeaders" | "queryParams" => parent == "match",
        "sourceLabels" | "labels" | "matchLabels" => true,
        "annotations" => parent == "metadata",
        "set" | "add" => matches!(parent, "request" | "response"),
        "to" => parent == "distribute",
        _ => false,
    }
}
