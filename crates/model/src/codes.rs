//! The diagnostic code registry: the one place a code exists.
//!
//! Ranges: `TDZ0xxx` load/parse, `1xxx` VirtualService (`19xx`: field
//! rules both kinds share, such as durations, ports, labels and `exportTo`,
//! used for DestinationRules too), `2xxx` DestinationRule, `3xxx`
//! cross-resource, `4xxx` rollout plans, `9xxx` house style. Codes are never
//! reused; retired ones stay listed.
//!
//! `upstream` names the Istio analyzer message (`IST…`) or Kiali
//! validation (`KIA…`) a code mirrors. Codes without one mirror an API
//! server (CRD schema or CEL) or webhook rule, which `istioctl analyze`
//! reports as IST0106 (error) or IST0133 (warning). The reference
//! `docs/diagnostics.md` is generated from this table
//! ([`reference_markdown`]).

use crate::diagnostic::{Code, Severity};

/// The YAML text could not be parsed.
pub const YAML_SYNTAX: Code = Code {
    id: "TDZ0001",
    name: "yaml-syntax",
    severity: Severity::Error,
    upstream: None,
    summary: "the text is not valid YAML",
};

/// A document does not fit the resource's schema (wrong type, missing field).
pub const SCHEMA_TYPE: Code = Code {
    id: "TDZ0002",
    name: "schema-type",
    severity: Severity::Error,
    upstream: None,
    summary: "a field has the wrong type or a required field is missing; the API server rejects it",
};

/// Fields the API server sets (`status`, `metadata.uid`, `managedFields`, …)
/// were dropped on import.
pub const SERVER_FIELDS_DROPPED: Code = Code {
    id: "TDZ0003",
    name: "server-fields-dropped",
    severity: Severity::Info,
    upstream: None,
    summary:
        "server-set fields (status, uid, resourceVersion, managedFields, …) were dropped on import",
};

/// A field that the resource's schema does not define.
pub const UNKNOWN_FIELD: Code = Code {
    id: "TDZ0004",
    name: "unknown-field",
    severity: Severity::Error,
    upstream: None,
    summary: "a field the schema does not define; kubectl's strict field validation rejects it",
};

// VirtualService: top level, hosts and gateways

/// A VirtualService with no `http`, `tcp` or `tls` rules.
pub const VS_NO_ROUTES: Code = Code {
    id: "TDZ1001",
    name: "vs-no-routes",
    severity: Severity::Error,
    upstream: None,
    summary: "a VirtualService has no `http`, `tcp` or `tls` rules; the webhook rejects it",
};

/// A route destination with a negative `weight`.
pub const WEIGHT_NEGATIVE: Code = Code {
    id: "TDZ1002",
    name: "weight-negative",
    severity: Severity::Error,
    upstream: None,
    summary: "a destination weight is below 0; the webhook rejects it",
};

/// A rule with several destinations whose weights total 0.
pub const WEIGHTS_ZERO_TOTAL: Code = Code {
    id: "TDZ1003",
    name: "weights-zero-total",
    severity: Severity::Error,
    upstream: None,
    summary: "a rule with two or more destinations has weights that add up to 0; the webhook rejects it (totals need not be 100 since Istio 1.15)",
};

/// A lone destination with 0 < weight < 100.
pub const SINGLE_DESTINATION_PARTIAL_WEIGHT: Code = Code {
    id: "TDZ1004",
    name: "single-destination-partial-weight",
    severity: Severity::Warning,
    upstream: Some("KIA1104"),
    summary:
        "a rule's only destination has a weight between 1 and 99; it still receives all traffic",
};

/// Two destinations of one rule with the same host and subset.
pub const DESTINATION_REPEATED: Code = Code {
    id: "TDZ1005",
    name: "destination-repeated",
    severity: Severity::Warning,
    upstream: Some("KIA1105"),
    summary: "the same host and subset appear twice in one rule's destinations",
};

/// `hosts: ["*"]` on a mesh-bound VirtualService.
pub const MESH_WILDCARD_HOST: Code = Code {
    id: "TDZ1006",
    name: "mesh-wildcard-host",
    severity: Severity::Error,
    upstream: None,
    summary: "the host `*` on a VirtualService that applies to the mesh (no gateways, or `mesh`); the webhook rejects it",
};

/// Overlapping entries in `spec.hosts`.
pub const HOSTS_DUPLICATE: Code = Code {
    id: "TDZ1007",
    name: "hosts-duplicate",
    severity: Severity::Error,
    upstream: None,
    summary: "two hosts of one VirtualService overlap (equal, or one wildcard covers the other); the webhook rejects it",
};

/// A delegate VirtualService with gateways or TCP/TLS rules.
pub const DELEGATE_VS_INVALID: Code = Code {
    id: "TDZ1008",
    name: "delegate-vs-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a delegate VirtualService (no hosts) sets `gateways`, `tcp` or `tls`; the webhook rejects it",
};

/// A malformed entry in `gateways`.
pub const GATEWAY_NAME_INVALID: Code = Code {
    id: "TDZ1009",
    name: "gateway-name-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a gateway reference is not `mesh`, `<namespace>/<name>` or a valid legacy name; the webhook rejects it",
};

/// The legacy `name.namespace` gateway form.
pub const GATEWAY_NAME_LEGACY: Code = Code {
    id: "TDZ1010",
    name: "gateway-name-legacy",
    severity: Severity::Warning,
    upstream: Some("KIA1108"),
    summary:
        "a gateway referenced as `name.namespace` instead of `namespace/name`; the webhook warns",
};

/// JWT claim routing outside a gateway.
pub const JWT_CLAIM_ROUTE_WITHOUT_GATEWAY: Code = Code {
    id: "TDZ1011",
    name: "jwt-claim-route-without-gateway",
    severity: Severity::Error,
    upstream: None,
    summary: "an `@request.auth.claims` match on a VirtualService that applies to the mesh; the webhook rejects it",
};

/// A reference to an internal, generated Gateway.
pub const GATEWAY_INTERNAL_REFERENCE: Code = Code {
    id: "TDZ1012",
    name: "gateway-internal-reference",
    severity: Severity::Warning,
    upstream: Some("IST0165"),
    summary: "a reference to a Gateway generated from a Kubernetes Gateway; istioctl analyze warns",
};

// VirtualService: HTTP rule actions

/// An HTTP rule that does nothing.
pub const HTTP_ACTION_MISSING: Code = Code {
    id: "TDZ1020",
    name: "http-action-missing",
    severity: Severity::Error,
    upstream: None,
    summary: "an HTTP rule has none of `route`, `redirect`, `directResponse` (or `delegate`); the webhook rejects it",
};

/// Mutually exclusive HTTP actions in one rule.
pub const HTTP_ACTION_CONFLICT: Code = Code {
    id: "TDZ1021",
    name: "http-action-conflict",
    severity: Severity::Error,
    upstream: None,
    summary: "an HTTP rule combines `redirect` or `directResponse` with `route`, `fault`, `rewrite` or each other; the webhook rejects it",
};

/// Both `mirror` and `mirrors`.
pub const MIRROR_AND_MIRRORS: Code = Code {
    id: "TDZ1022",
    name: "mirror-and-mirrors",
    severity: Severity::Error,
    upstream: None,
    summary: "an HTTP rule sets both `mirror` and `mirrors`; the webhook rejects it",
};

/// Misused `delegate`.
pub const DELEGATE_ROUTE_INVALID: Code = Code {
    id: "TDZ1023",
    name: "delegate-route-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a rule with `delegate` also sets `route` or `redirect`, or a delegate VirtualService delegates again; the webhook rejects it",
};

/// An empty redirect.
pub const REDIRECT_TARGET_MISSING: Code = Code {
    id: "TDZ1024",
    name: "redirect-target-missing",
    severity: Severity::Error,
    upstream: None,
    summary: "a `redirect` sets none of `uri`, `authority`, `scheme`, `port` or `derivePort`; the webhook rejects it",
};

/// A redirect code outside 300..399.
pub const REDIRECT_CODE_INVALID: Code = Code {
    id: "TDZ1025",
    name: "redirect-code-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "`redirectCode` is not a 3xx code; the webhook rejects it",
};

/// A bad redirect scheme.
pub const REDIRECT_SCHEME_INVALID: Code = Code {
    id: "TDZ1026",
    name: "redirect-scheme-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a redirect `scheme` other than `http` or `https`; the webhook rejects it",
};

/// Both redirect port forms.
pub const REDIRECT_PORT_CONFLICT: Code = Code {
    id: "TDZ1027",
    name: "redirect-port-conflict",
    severity: Severity::Error,
    upstream: None,
    summary: "a redirect sets both `port` and `derivePort`; the CRD schema (`oneOf`) rejects it",
};

/// An empty rewrite.
pub const REWRITE_EMPTY: Code = Code {
    id: "TDZ1028",
    name: "rewrite-empty",
    severity: Severity::Error,
    upstream: None,
    summary:
        "a `rewrite` sets none of `uri`, `uriRegexRewrite` or `authority`; the webhook rejects it",
};

/// Two URI rewrites.
pub const REWRITE_URI_CONFLICT: Code = Code {
    id: "TDZ1029",
    name: "rewrite-uri-conflict",
    severity: Severity::Error,
    upstream: None,
    summary: "a `rewrite` sets both `uri` and `uriRegexRewrite`; the webhook rejects it",
};

/// Half a regex rewrite.
pub const REWRITE_REGEX_INCOMPLETE: Code = Code {
    id: "TDZ1030",
    name: "rewrite-regex-incomplete",
    severity: Severity::Error,
    upstream: None,
    summary: "`uriRegexRewrite` lacks `match` or `rewrite`; the webhook rejects it",
};

/// A bad direct response status.
pub const DIRECT_RESPONSE_STATUS_INVALID: Code = Code {
    id: "TDZ1031",
    name: "direct-response-status-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a `directResponse` status outside 200..600; the webhook rejects it",
};

/// A large direct response body.
pub const DIRECT_RESPONSE_BODY_SIZE: Code = Code {
    id: "TDZ1032",
    name: "direct-response-body-size",
    severity: Severity::Warning,
    upstream: None,
    summary:
        "a direct response body above 100 KiB draws a webhook warning; above 1 MiB it is rejected",
};

/// Both body forms.
pub const DIRECT_RESPONSE_BODY_CONFLICT: Code = Code {
    id: "TDZ1033",
    name: "direct-response-body-conflict",
    severity: Severity::Error,
    upstream: None,
    summary: "a direct response `body` sets both `string` and `bytes`; the CRD schema (`oneOf`) rejects it",
};

/// The authority set twice.
pub const AUTHORITY_SET_TWICE: Code = Code {
    id: "TDZ1034",
    name: "authority-set-twice",
    severity: Severity::Error,
    upstream: None,
    summary: "the authority is rewritten in more than one place (`rewrite.authority`, request `set`/`add` of `:authority` or `host`); the webhook rejects it",
};

/// A header manipulation Envoy cannot do.
pub const HEADER_OPERATION_NAME_INVALID: Code = Code {
    id: "TDZ1035",
    name: "header-operation-name-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a header to set, add or remove is empty, internal (`:path`) or `host` where Envoy forbids it; the webhook rejects it",
};

/// A header value Envoy cannot parse.
pub const HEADER_VALUE_INVALID: Code = Code {
    id: "TDZ1036",
    name: "header-value-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a header value has control characters or a malformed `%VARIABLE%` (a literal `%` is `%%`); the webhook rejects it",
};

// VirtualService: retries, fault injection, mirroring, CORS

/// Negative retry attempts.
pub const RETRIES_ATTEMPTS_NEGATIVE: Code = Code {
    id: "TDZ1037",
    name: "retries-attempts-negative",
    severity: Severity::Error,
    upstream: None,
    summary: "`retries.attempts` is below 0; the webhook rejects it",
};

/// Retry settings with retries disabled.
pub const RETRIES_DISABLED_BUT_CONFIGURED: Code = Code {
    id: "TDZ1038",
    name: "retries-disabled-but-configured",
    severity: Severity::Error,
    upstream: None,
    summary: "`perTryTimeout`, `retryOn` or `retryRemoteLocalities` is set while `attempts` is 0 or absent (retries disabled); the webhook rejects it",
};

/// An unknown `retryOn` policy.
pub const RETRY_ON_INVALID: Code = Code {
    id: "TDZ1039",
    name: "retry-on-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a `retryOn` item is neither an Envoy retry policy nor a known HTTP status code (items are split on `,` without trimming); the webhook rejects it",
};

/// An empty fault.
pub const FAULT_EMPTY: Code = Code {
    id: "TDZ1040",
    name: "fault-empty",
    severity: Severity::Error,
    upstream: None,
    summary: "a `fault` has neither `abort` nor `delay`; the webhook rejects it",
};

/// A fault percentage out of range.
pub const FAULT_PERCENTAGE_INVALID: Code = Code {
    id: "TDZ1041",
    name: "fault-percentage-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a fault `percentage.value` is not 0 and not in 0.0001..100; the webhook rejects it",
};

/// Two delay types.
pub const FAULT_DELAY_CONFLICT: Code = Code {
    id: "TDZ1042",
    name: "fault-delay-conflict",
    severity: Severity::Error,
    upstream: None,
    summary:
        "a delay sets both `fixedDelay` and `exponentialDelay`; the CRD schema (`oneOf`) rejects it",
};

/// `exponentialDelay`.
pub const FAULT_EXPONENTIAL_DELAY_UNSUPPORTED: Code = Code {
    id: "TDZ1043",
    name: "fault-exponential-delay-unsupported",
    severity: Severity::Error,
    upstream: None,
    summary: "`exponentialDelay` is not supported; the webhook rejects it",
};

/// Two abort types.
pub const FAULT_ABORT_CONFLICT: Code = Code {
    id: "TDZ1044",
    name: "fault-abort-conflict",
    severity: Severity::Error,
    upstream: None,
    summary: "an abort sets more than one of `httpStatus`, `grpcStatus`, `http2Error`; the CRD schema (`oneOf`) rejects it",
};

/// A bad abort status.
pub const FAULT_ABORT_STATUS_INVALID: Code = Code {
    id: "TDZ1045",
    name: "fault-abort-status-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "an abort `httpStatus` outside 200..600; the webhook rejects it",
};

/// A bad gRPC status.
pub const FAULT_ABORT_GRPC_STATUS_INVALID: Code = Code {
    id: "TDZ1046",
    name: "fault-abort-grpc-status-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "an abort `grpcStatus` that is not an upper-case gRPC code name (`UNAVAILABLE`); the webhook rejects it",
};

/// `http2Error`.
pub const FAULT_ABORT_HTTP2_UNSUPPORTED: Code = Code {
    id: "TDZ1047",
    name: "fault-abort-http2-unsupported",
    severity: Severity::Error,
    upstream: None,
    summary: "`http2Error` aborts are not supported; the webhook rejects them",
};

/// The deprecated integer delay percent.
pub const FAULT_DELAY_PERCENT_DEPRECATED: Code = Code {
    id: "TDZ1048",
    name: "fault-delay-percent-deprecated",
    severity: Severity::Warning,
    upstream: Some("IST0002"),
    summary: "`fault.delay.percent` is deprecated; use `percentage`",
};

/// A mirror percentage out of range.
pub const MIRROR_PERCENTAGE_INVALID: Code = Code {
    id: "TDZ1049",
    name: "mirror-percentage-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a mirror percentage is below 0 or above 100; the webhook rejects it",
};

/// The deprecated integer mirror percent.
pub const MIRROR_PERCENT_DEPRECATED: Code = Code {
    id: "TDZ1050",
    name: "mirror-percent-deprecated",
    severity: Severity::Warning,
    upstream: Some("IST0133"),
    summary: "`mirrorPercent` is deprecated; use `mirrorPercentage`; the webhook warns",
};

/// An empty CORS origin.
pub const CORS_ORIGIN_INVALID: Code = Code {
    id: "TDZ1051",
    name: "cors-origin-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a CORS `allowOrigins` entry has no value; the webhook rejects it",
};

/// A bad CORS method.
pub const CORS_METHOD_INVALID: Code = Code {
    id: "TDZ1052",
    name: "cors-method-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a CORS method that is not an upper-case HTTP method or `*`; the webhook rejects it",
};

/// A bad CORS header name.
pub const CORS_HEADER_INVALID: Code = Code {
    id: "TDZ1053",
    name: "cors-header-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a CORS header name that is empty or not an RFC 7230 token; the webhook rejects it",
};

// VirtualService: matches

/// Two match types in one string match.
pub const STRING_MATCH_CONFLICT: Code = Code {
    id: "TDZ1060",
    name: "string-match-conflict",
    severity: Severity::Error,
    upstream: None,
    summary: "a string match sets more than one of `exact`, `prefix`, `regex`; the CRD schema (`oneOf`) rejects it",
};

/// An empty prefix or regex.
pub const STRING_MATCH_EMPTY: Code = Code {
    id: "TDZ1061",
    name: "string-match-empty",
    severity: Severity::Error,
    upstream: None,
    summary: "an empty `regex`, or an empty `prefix` anywhere but `uri`; the webhook rejects it",
};

/// A regex that is not RE2.
pub const REGEX_INVALID: Code = Code {
    id: "TDZ1062",
    name: "regex-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a regex that Go's RE2 parser rejects (look-around, back-references, …); the webhook rejects it",
};

/// A regex over 1024 bytes.
pub const REGEX_TOO_LONG: Code = Code {
    id: "TDZ1063",
    name: "regex-too-long",
    severity: Severity::Error,
    upstream: None,
    summary: "a regex longer than 1024 bytes (Istio's stand-in for RE2's program size limit); the webhook rejects it",
};

/// A bad header name in a match.
pub const HEADER_NAME_INVALID: Code = Code {
    id: "TDZ1064",
    name: "header-name-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a header (or `withoutHeaders`) match name that is not an RFC 7230 token, a pseudo header or `@request.auth.claims…`; the webhook rejects it",
};

/// A bad source namespace.
pub const SOURCE_NAMESPACE_INVALID: Code = Code {
    id: "TDZ1065",
    name: "source-namespace-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "`sourceNamespace` is not a DNS-1123 label; the webhook rejects it",
};

// VirtualService: TCP and TLS rules

/// A TCP/TLS rule without destinations.
pub const L4_ROUTE_MISSING: Code = Code {
    id: "TDZ1080",
    name: "l4-route-missing",
    severity: Severity::Error,
    upstream: None,
    summary: "a `tcp` or `tls` rule has no `route`; the webhook rejects it",
};

/// A TLS rule without SNI matching.
pub const TLS_MATCH_MISSING: Code = Code {
    id: "TDZ1081",
    name: "tls-match-missing",
    severity: Severity::Error,
    upstream: None,
    summary: "a `tls` rule has no `match`, or a match has no `sniHosts`; the webhook rejects it",
};

/// A malformed SNI host.
pub const SNI_HOST_INVALID: Code = Code {
    id: "TDZ1082",
    name: "sni-host-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "an SNI host is not a valid (wildcard) domain; the webhook rejects it",
};

/// An IP address as SNI host.
pub const SNI_HOST_IP: Code = Code {
    id: "TDZ1083",
    name: "sni-host-ip",
    severity: Severity::Warning,
    upstream: None,
    summary: "an SNI host is an IP address, which SNI does not allow and most clients do not send; the webhook warns",
};

/// An SNI host outside `spec.hosts`.
pub const SNI_HOST_NOT_IN_HOSTS: Code = Code {
    id: "TDZ1084",
    name: "sni-host-not-in-hosts",
    severity: Severity::Error,
    upstream: None,
    summary:
        "an SNI host is not covered by any of the VirtualService's hosts; the webhook rejects it",
};

/// A bad subnet.
pub const SUBNET_INVALID: Code = Code {
    id: "TDZ1085",
    name: "subnet-invalid",
    severity: Severity::Error,
    upstream: None,
    summary:
        "a `destinationSubnets` entry is not an IP address or CIDR block; the webhook rejects it",
};

// VirtualService: rule order

/// A rule that never matches.
pub const RULE_UNREACHABLE: Code = Code {
    id: "TDZ1090",
    name: "rule-unreachable",
    severity: Severity::Warning,
    upstream: Some("IST0130"),
    summary: "a rule can never match: an earlier rule without matches catches everything, or its matches all repeat earlier ones",
};

/// A match shadowed by an earlier one.
pub const MATCH_INEFFECTIVE: Code = Code {
    id: "TDZ1091",
    name: "match-ineffective",
    severity: Severity::Info,
    upstream: Some("IST0131"),
    summary: "a match can never be the one that applies: an earlier identical match, or an earlier broader `uri.prefix` covers it",
};

// Fields both kinds share

/// A duration that does not parse.
pub const DURATION_SYNTAX: Code = Code {
    id: "TDZ1901",
    name: "duration-syntax",
    severity: Severity::Error,
    upstream: None,
    summary: "a duration that Go's `time.ParseDuration` rejects (`10` without a unit, `1d`); the API server or webhook rejects it",
};

/// A duration under 1ms.
pub const DURATION_TOO_SHORT: Code = Code {
    id: "TDZ1902",
    name: "duration-too-short",
    severity: Severity::Error,
    upstream: None,
    summary: "a duration below 1ms (`0s` included); the CRD's CEL rule and the webhook reject it",
};

/// A duration finer than Istio supports.
pub const DURATION_PRECISION: Code = Code {
    id: "TDZ1903",
    name: "duration-precision",
    severity: Severity::Error,
    upstream: None,
    summary: "a duration that is not a whole number of milliseconds (of seconds for `corsPolicy.maxAge`); the webhook rejects it",
};

/// A malformed host name.
pub const HOST_INVALID: Code = Code {
    id: "TDZ1904",
    name: "host-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a host that is not a valid domain name (only the first label may be a wildcard); the webhook rejects it",
};

/// A port out of range.
pub const PORT_INVALID: Code = Code {
    id: "TDZ1905",
    name: "port-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a port number outside 1..65535; the webhook rejects it",
};

/// A malformed label.
pub const LABEL_INVALID: Code = Code {
    id: "TDZ1906",
    name: "label-invalid",
    severity: Severity::Error,
    upstream: None,
    summary:
        "a label key or value that is not valid Kubernetes label syntax; the webhook rejects it",
};

/// A malformed subset name.
pub const SUBSET_NAME_INVALID: Code = Code {
    id: "TDZ1907",
    name: "subset-name-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a subset name that is empty or not a DNS-1123 label; the webhook rejects it",
};

/// A bad `exportTo` list.
pub const EXPORT_TO_INVALID: Code = Code {
    id: "TDZ1908",
    name: "export-to-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "an `exportTo` entry that is not `.`, `*` or a namespace, is repeated, or mixes `*` with others; the webhook rejects it",
};

/// A malformed resource name or namespace.
pub const NAME_INVALID: Code = Code {
    id: "TDZ1909",
    name: "name-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "`metadata.name` missing or not a DNS-1123 subdomain, or `metadata.namespace` not a DNS-1123 label; the API server rejects it",
};

/// A reserved annotation.
pub const ANNOTATION_FORBIDDEN: Code = Code {
    id: "TDZ1910",
    name: "annotation-forbidden",
    severity: Severity::Error,
    upstream: None,
    summary: "an annotation Istio reserves (`istio.io/dry-run`, `internal.istio.io/…`); the webhook rejects it",
};

// DestinationRule

/// A repeated subset name.
pub const SUBSET_DUPLICATE: Code = Code {
    id: "TDZ2001",
    name: "subset-duplicate",
    severity: Severity::Error,
    upstream: None,
    summary: "two subsets of a DestinationRule have the same name; the webhook rejects it",
};

/// A subset without labels.
pub const SUBSET_NO_LABELS: Code = Code {
    id: "TDZ2002",
    name: "subset-no-labels",
    severity: Severity::Warning,
    upstream: Some("KIA0209"),
    summary: "a subset has no labels, so it selects every endpoint of the service",
};

/// An empty policy block.
pub const TRAFFIC_POLICY_EMPTY: Code = Code {
    id: "TDZ2003",
    name: "traffic-policy-empty",
    severity: Severity::Error,
    upstream: None,
    summary: "a `trafficPolicy`, port-level policy or `connectionPool` with no settings; the webhook rejects it",
};

/// Tunnel and PROXY protocol together.
pub const TUNNEL_WITH_PROXY_PROTOCOL: Code = Code {
    id: "TDZ2004",
    name: "tunnel-with-proxy-protocol",
    severity: Severity::Error,
    upstream: None,
    summary: "a traffic policy sets both `tunnel` and `proxyProtocol`; the webhook rejects it",
};

/// A malformed tunnel.
pub const TUNNEL_INVALID: Code = Code {
    id: "TDZ2005",
    name: "tunnel-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a `tunnel` with a protocol other than `CONNECT`/`POST`, or a target host that is neither a domain nor an IP; the webhook rejects it",
};

/// Two load-balancing choices at once.
pub const LB_POLICY_CONFLICT: Code = Code {
    id: "TDZ2006",
    name: "lb-policy-conflict",
    severity: Severity::Error,
    upstream: None,
    summary: "a load balancer sets two members of a oneof (`simple` and `consistentHash`, two hash keys, `ringHash` and `maglev`); the CRD schema rejects it",
};

/// A malformed consistent hash.
pub const CONSISTENT_HASH_INVALID: Code = Code {
    id: "TDZ2007",
    name: "consistent-hash-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a consistent-hash setting Istio rejects (cookie without name, bad cookie attributes, `minimumRingSize` with `ringHash`/`maglev`, maglev table size)",
};

/// The deprecated ring size field.
pub const MINIMUM_RING_SIZE_DEPRECATED: Code = Code {
    id: "TDZ2008",
    name: "minimum-ring-size-deprecated",
    severity: Severity::Warning,
    upstream: None,
    summary: "`consistentHash.minimumRingSize` is deprecated; use `ringHash.minimumRingSize`; the webhook warns",
};

/// A malformed locality setting.
pub const LOCALITY_LB_INVALID: Code = Code {
    id: "TDZ2009",
    name: "locality-lb-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a locality load-balancing setting Istio rejects (distribute and failover together, weights not totalling 100, bad localities)",
};

/// Failover without outlier detection.
pub const LOCALITY_FAILOVER_WITHOUT_OUTLIER: Code = Code {
    id: "TDZ2010",
    name: "locality-failover-without-outlier",
    severity: Severity::Warning,
    upstream: None,
    summary: "locality `failover`/`failoverPriority` without `outlierDetection` never fails over; the webhook warns",
};

/// A malformed warmup.
pub const WARMUP_INVALID: Code = Code {
    id: "TDZ2011",
    name: "warmup-invalid",
    severity: Severity::Error,
    upstream: None,
    summary:
        "a `warmup` with `minimumPercent` above 100 or `aggression` below 1; the webhook rejects it",
};

/// The deprecated warmup field.
pub const WARMUP_DURATION_SECS_DEPRECATED: Code = Code {
    id: "TDZ2012",
    name: "warmup-duration-secs-deprecated",
    severity: Severity::Info,
    upstream: None,
    summary: "`warmupDurationSecs` is deprecated in favour of `warmup`",
};

/// A negative connection pool limit.
pub const CONNECTION_POOL_NEGATIVE: Code = Code {
    id: "TDZ2013",
    name: "connection-pool-negative",
    severity: Severity::Error,
    upstream: None,
    summary: "a connection pool limit below 0; the webhook rejects it",
};

/// Contradictory HTTP/2 settings.
pub const H2_UPGRADE_CONFLICT: Code = Code {
    id: "TDZ2014",
    name: "h2-upgrade-conflict",
    severity: Severity::Error,
    upstream: None,
    summary:
        "`h2UpgradePolicy: UPGRADE` together with `useClientProtocol: true`; the webhook rejects it",
};

/// An outlier percentage out of range.
pub const OUTLIER_PERCENT_INVALID: Code = Code {
    id: "TDZ2015",
    name: "outlier-percent-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "`maxEjectionPercent` or `minHealthPercent` outside 0..100; the webhook rejects it",
};

/// The deprecated outlier field.
pub const CONSECUTIVE_ERRORS_DEPRECATED: Code = Code {
    id: "TDZ2016",
    name: "consecutive-errors-deprecated",
    severity: Severity::Warning,
    upstream: None,
    summary: "`outlierDetection.consecutiveErrors` is deprecated; use `consecutive5xxErrors` or `consecutiveGatewayErrors`; the webhook warns",
};

/// Local-origin failures that are never counted.
pub const LOCAL_ORIGIN_FAILURES_WITHOUT_SPLIT: Code = Code {
    id: "TDZ2017",
    name: "local-origin-failures-without-split",
    severity: Severity::Error,
    upstream: None,
    summary: "`consecutiveLocalOriginFailures` without `splitExternalLocalOriginErrors: true`; the webhook rejects it",
};

/// Contradictory client TLS settings.
pub const TLS_SETTINGS_INVALID: Code = Code {
    id: "TDZ2018",
    name: "tls-settings-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "client TLS settings Istio rejects (MUTUAL without certificate and key, `credentialName` with file paths, `insecureSkipVerify` with CA settings)",
};

/// Server certificate not verified.
pub const TLS_NO_CA_CERTIFICATES: Code = Code {
    id: "TDZ2019",
    name: "tls-no-ca-certificates",
    severity: Severity::Warning,
    upstream: Some("IST0128"),
    summary: "`trafficPolicy.tls` in SIMPLE or MUTUAL mode without `caCertificates`: the server certificate is not verified",
};

/// Server certificate not verified on a port.
pub const TLS_NO_CA_CERTIFICATES_PORT: Code = Code {
    id: "TDZ2020",
    name: "tls-no-ca-certificates-port",
    severity: Severity::Warning,
    upstream: Some("IST0129"),
    summary: "a port-level `tls` in SIMPLE or MUTUAL mode without `caCertificates`: the server certificate is not verified",
};

/// A port-level policy without a port.
pub const PORT_TRAFFIC_POLICY_PORT_MISSING: Code = Code {
    id: "TDZ2021",
    name: "port-traffic-policy-port-missing",
    severity: Severity::Error,
    upstream: None,
    summary: "a `portLevelSettings` entry without `port`; the webhook rejects it",
};

/// A malformed workload selector.
pub const WORKLOAD_SELECTOR_INVALID: Code = Code {
    id: "TDZ2022",
    name: "workload-selector-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a `workloadSelector` label with an empty key, a `*`, or a value over 63 characters; the API server or webhook rejects it",
};

/// An empty workload selector.
pub const WORKLOAD_SELECTOR_EMPTY: Code = Code {
    id: "TDZ2023",
    name: "workload-selector-empty",
    severity: Severity::Warning,
    upstream: None,
    summary: "a `workloadSelector` without labels; the webhook warns",
};

/// A retry budget out of range.
pub const RETRY_BUDGET_PERCENT_INVALID: Code = Code {
    id: "TDZ2024",
    name: "retry-budget-percent-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "`retryBudget.percent` outside 0..100; the CRD schema rejects it",
};

// Across resources

/// A route to an undefined subset.
pub const SUBSET_NOT_FOUND: Code = Code {
    id: "TDZ3001",
    name: "subset-not-found",
    severity: Severity::Error,
    upstream: Some("IST0101"),
    summary: "a destination names a subset that no DestinationRule in the design defines for that host (Kiali: KIA1107)",
};

/// Two mesh VirtualServices for one host.
pub const MESH_HOST_CONFLICT: Code = Code {
    id: "TDZ3002",
    name: "mesh-host-conflict",
    severity: Severity::Error,
    upstream: Some("IST0109"),
    summary:
        "two VirtualServices bound to the mesh define the same host; which one applies is undefined",
};

/// Two VirtualServices for one host on a gateway.
pub const GATEWAY_HOST_REPEATED: Code = Code {
    id: "TDZ3003",
    name: "gateway-host-repeated",
    severity: Severity::Warning,
    upstream: Some("KIA1106"),
    summary: "two VirtualServices bound to the same gateway define the same host",
};

/// Two DestinationRules for one host and subset.
pub const DESTINATION_RULES_OVERLAP: Code = Code {
    id: "TDZ3004",
    name: "destination-rules-overlap",
    severity: Severity::Warning,
    upstream: Some("KIA0201"),
    summary: "two DestinationRules apply to the same host and subset; only one takes effect",
};

/// Ingress traffic that skips a subset split.
pub const INGRESS_SUBSET_BYPASS: Code = Code {
    id: "TDZ3005",
    name: "ingress-subset-bypass",
    severity: Severity::Warning,
    upstream: Some("IST0140"),
    summary: "a gateway-bound VirtualService routes to a host without a subset while another VirtualService splits that host by subset; gateway traffic skips the split",
};

/// A VirtualService host its Gateway does not serve.
pub const GATEWAY_HOST_MISMATCH: Code = Code {
    id: "TDZ3006",
    name: "gateway-host-mismatch",
    severity: Severity::Warning,
    upstream: Some("IST0132"),
    summary: "no host of the VirtualService matches a host of the Gateway it binds to (checked when the Gateway is in the design)",
};

/// The same resource twice in one design.
pub const RESOURCE_DUPLICATE: Code = Code {
    id: "TDZ3007",
    name: "resource-duplicate",
    severity: Severity::Info,
    upstream: None,
    summary: "two documents with the same kind, namespace and name; applying the file keeps only the last",
};

/// Every code, in id order.
pub const ALL: &[&Code] = &[
    &YAML_SYNTAX,
    &SCHEMA_TYPE,
    &SERVER_FIELDS_DROPPED,
    &UNKNOWN_FIELD,
    &VS_NO_ROUTES,
    &WEIGHT_NEGATIVE,
    &WEIGHTS_ZERO_TOTAL,
    &SINGLE_DESTINATION_PARTIAL_WEIGHT,
    &DESTINATION_REPEATED,
    &MESH_WILDCARD_HOST,
    &HOSTS_DUPLICATE,
    &DELEGATE_VS_INVALID,
    &GATEWAY_NAME_INVALID,
    &GATEWAY_NAME_LEGACY,
    &JWT_CLAIM_ROUTE_WITHOUT_GATEWAY,
    &GATEWAY_INTERNAL_REFERENCE,
    &HTTP_ACTION_MISSING,
    &HTTP_ACTION_CONFLICT,
    &MIRROR_AND_MIRRORS,
    &DELEGATE_ROUTE_INVALID,
    &REDIRECT_TARGET_MISSING,
    &REDIRECT_CODE_INVALID,
    &REDIRECT_SCHEME_INVALID,
    &REDIRECT_PORT_CONFLICT,
    &REWRITE_EMPTY,
    &REWRITE_URI_CONFLICT,
    &REWRITE_REGEX_INCOMPLETE,
    &DIRECT_RESPONSE_STATUS_INVALID,
    &DIRECT_RESPONSE_BODY_SIZE,
    &DIRECT_RESPONSE_BODY_CONFLICT,
    &AUTHORITY_SET_TWICE,
    &HEADER_OPERATION_NAME_INVALID,
    &HEADER_VALUE_INVALID,
    &RETRIES_ATTEMPTS_NEGATIVE,
    &RETRIES_DISABLED_BUT_CONFIGURED,
    &RETRY_ON_INVALID,
    &FAULT_EMPTY,
    &FAULT_PERCENTAGE_INVALID,
    &FAULT_DELAY_CONFLICT,
    &FAULT_EXPONENTIAL_DELAY_UNSUPPORTED,
    &FAULT_ABORT_CONFLICT,
    &FAULT_ABORT_STATUS_INVALID,
    &FAULT_ABORT_GRPC_STATUS_INVALID,
    &FAULT_ABORT_HTTP2_UNSUPPORTED,
    &FAULT_DELAY_PERCENT_DEPRECATED,
    &MIRROR_PERCENTAGE_INVALID,
    &MIRROR_PERCENT_DEPRECATED,
    &CORS_ORIGIN_INVALID,
    &CORS_METHOD_INVALID,
    &CORS_HEADER_INVALID,
    &STRING_MATCH_CONFLICT,
    &STRING_MATCH_EMPTY,
    &REGEX_INVALID,
    &REGEX_TOO_LONG,
    &HEADER_NAME_INVALID,
    &SOURCE_NAMESPACE_INVALID,
    &L4_ROUTE_MISSING,
    &TLS_MATCH_MISSING,
    &SNI_HOST_INVALID,
    &SNI_HOST_IP,
    &SNI_HOST_NOT_IN_HOSTS,
    &SUBNET_INVALID,
    &RULE_UNREACHABLE,
    &MATCH_INEFFECTIVE,
    &DURATION_SYNTAX,
    &DURATION_TOO_SHORT,
    &DURATION_PRECISION,
    &HOST_INVALID,
    &PORT_INVALID,
    &LABEL_INVALID,
    &SUBSET_NAME_INVALID,
    &EXPORT_TO_INVALID,
    &NAME_INVALID,
    &ANNOTATION_FORBIDDEN,
    &SUBSET_DUPLICATE,
    &SUBSET_NO_LABELS,
    &TRAFFIC_POLICY_EMPTY,
    &TUNNEL_WITH_PROXY_PROTOCOL,
    &TUNNEL_INVALID,
    &LB_POLICY_CONFLICT,
    &CONSISTENT_HASH_INVALID,
    &MINIMUM_RING_SIZE_DEPRECATED,
    &LOCALITY_LB_INVALID,
    &LOCALITY_FAILOVER_WITHOUT_OUTLIER,
    &WARMUP_INVALID,
    &WARMUP_DURATION_SECS_DEPRECATED,
    &CONNECTION_POOL_NEGATIVE,
    &H2_UPGRADE_CONFLICT,
    &OUTLIER_PERCENT_INVALID,
    &CONSECUTIVE_ERRORS_DEPRECATED,
    &LOCAL_ORIGIN_FAILURES_WITHOUT_SPLIT,
    &TLS_SETTINGS_INVALID,
    &TLS_NO_CA_CERTIFICATES,
    &TLS_NO_CA_CERTIFICATES_PORT,
    &PORT_TRAFFIC_POLICY_PORT_MISSING,
    &WORKLOAD_SELECTOR_INVALID,
    &WORKLOAD_SELECTOR_EMPTY,
    &RETRY_BUDGET_PERCENT_INVALID,
    &SUBSET_NOT_FOUND,
    &MESH_HOST_CONFLICT,
    &GATEWAY_HOST_REPEATED,
    &DESTINATION_RULES_OVERLAP,
    &INGRESS_SUBSET_BYPASS,
    &GATEWAY_HOST_MISMATCH,
    &RESOURCE_DUPLICATE,
    &PLAN_NO_PHASES,
    &PLAN_SUBSETS_INVALID,
    &PLAN_STABLE_UNKNOWN,
    &PLAN_WEIGHTS_COUNT,
    &PLAN_WEIGHT_NEGATIVE,
    &PLAN_WEIGHTS_ZERO_TOTAL,
    &PLAN_WEIGHTS_NOT_100,
    &PLAN_DURATION_INVALID,
    &PLAN_NO_ROUTE,
    &EXPORT_SUBSETS_DROPPED,
    &FLAGGER_STEPS_UNEVEN,
    &FLAGGER_ONE_INTERVAL,
    &FLAGGER_WEIGHT_DECREASE,
    &EXPORT_NO_PROMOTION,
    &ARGO_ROUTE_UNNAMED,
];

/// The registry entry for `id` (`TDZ1003`), if any.
pub fn by_id(id: &str) -> Option<&'static Code> {
    ALL.iter().copied().find(|c| c.id == id)
}

/// The documentation page of an upstream code: istio.io for `IST…`,
/// kiali.io for `KIA…`.
pub fn upstream_url(upstream: &str) -> Option<String> {
    if upstream.starts_with("IST") {
        Some(format!(
            "https://istio.io/latest/docs/reference/config/analysis/{}/",
            upstream.to_ascii_lowercase()
        ))
    } else if upstream.starts_with("KIA") {
        Some(format!(
            "https://kiali.io/docs/features/validations/#{}",
            upstream.to_ascii_lowercase()
        ))
    } else {
        None
    }
}

/// `docs/diagnostics.md`: the reference of every code, generated from
/// [`ALL`]. A test fails when the committed file differs.
pub fn reference_markdown() -> String {
    use std::fmt::Write as _;

    let mut out = String::new();
    out.push_str("# Diagnostics reference\n\n");
    out.push_str(
        "<!-- Generated by `traffic_model::codes::reference_markdown()`; do not edit by hand.\n     \
         Regenerate: UPDATE_DOCS=1 cargo test -p traffic-model --test validate_docs -->\n\n",
    );
    out.push_str(
        "Every finding of `traffic validate` and of the app carries one of these codes. \
         Severity follows Istio:\n\n\
         - **error**: the API server (CRD schema or CEL rule), Istio's validating webhook or an \
         Error-level `istioctl analyze` check rejects the configuration;\n\
         - **warning**: Istio admits it with a warning, or a Warning-level analyzer (or Kiali) \
         reports it;\n\
         - **info**: advice; nothing in Istio complains.\n\n\
         *Upstream* is the `istioctl analyze` message (IST) or Kiali validation (KIA) a code \
         mirrors. Codes without one mirror a schema or webhook rule, which `istioctl analyze` \
         reports as IST0106 (error) or IST0133 (warning).\n\n",
    );
    let groups: &[(&str, &str)] = &[
        ("TDZ0", "Loading"),
        ("TDZ10", "VirtualService"),
        ("TDZ19", "Fields both kinds share"),
        ("TDZ2", "DestinationRule"),
        ("TDZ3", "Across resources"),
        ("TDZ4", "Rollout plans"),
        ("TDZ9", "House style"),
    ];
    let group_of = |id: &str| {
        groups.iter().filter(|(p, _)| id.starts_with(p)).max_by_key(|(p, _)| p.len()).map(|g| g.1)
    };
    let mut current = None;
    for code in ALL {
        let group = group_of(code.id).unwrap_or("Other");
        if current != Some(group) {
            current = Some(group);
            let _ = write!(out, "## {group}\n\n| code | name | severity | upstream | summary |\n|---|---|---|---|---|\n");
        }
        let upstream = match code.upstream {
            Some(u) => match upstream_url(u) {
                Some(url) => format!("[{u}]({url})"),
                None => u.to_string(),
            },
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "| <a id=\"{}\"></a>{} | `{}` | {} | {} | {} |",
            code.id.to_ascii_lowercase(),
            code.id,
            code.name,
            code.severity,
            upstream,
            code.summary.replace('|', "\\|"),
        );
        let next_group =
            ALL.iter().skip_while(|c| c.id != code.id).nth(1).and_then(|c| group_of(c.id));
        if next_group != Some(group) {
            out.push('\n');
        }
    }
    out
}

// Rollout plans
/// A plan without phases.
pub const PLAN_NO_PHASES: Code = Code {
    id: "TDZ4001",
    name: "plan-no-phases",
    severity: Severity::Error,
    upstream: None,
    summary: "a rollout plan without phases",
};

/// A plan's subset list is empty, has an empty name or a repeat.
pub const PLAN_SUBSETS_INVALID: Code = Code {
    id: "TDZ4002",
    name: "plan-subsets-invalid",
    severity: Severity::Error,
    upstream: None,
    summary:
        "a rollout plan without subsets, with an empty subset name, or with a subset listed twice",
};

/// The stable subset is not in the plan.
pub const PLAN_STABLE_UNKNOWN: Code = Code {
    id: "TDZ4003",
    name: "plan-stable-unknown",
    severity: Severity::Error,
    upstream: None,
    summary: "the stable subset of a rollout plan is not one of its subsets",
};

/// A phase with the wrong number of weights.
pub const PLAN_WEIGHTS_COUNT: Code = Code {
    id: "TDZ4004",
    name: "plan-weights-count",
    severity: Severity::Error,
    upstream: None,
    summary: "a phase gives more or fewer weights than the plan has subsets",
};

/// A negative weight in a phase.
pub const PLAN_WEIGHT_NEGATIVE: Code = Code {
    id: "TDZ4005",
    name: "plan-weight-negative",
    severity: Severity::Error,
    upstream: None,
    summary: "a phase gives a subset a negative weight; Istio rejects it",
};

/// A phase whose weights add up to 0.
pub const PLAN_WEIGHTS_ZERO_TOTAL: Code = Code {
    id: "TDZ4006",
    name: "plan-weights-zero-total",
    severity: Severity::Error,
    upstream: None,
    summary: "a phase's weights add up to 0, so no destination gets traffic",
};

/// A phase whose weights do not add up to 100.
pub const PLAN_WEIGHTS_NOT_100: Code = Code {
    id: "TDZ4007",
    name: "plan-weights-not-100",
    severity: Severity::Info,
    upstream: None,
    summary:
        "a phase's weights do not add up to 100; Istio splits by each weight's share of the total",
};

/// A phase's hold that is not a Go duration.
pub const PLAN_DURATION_INVALID: Code = Code {
    id: "TDZ4008",
    name: "plan-duration-invalid",
    severity: Severity::Error,
    upstream: None,
    summary: "a phase's hold is not a Go duration (`30m`, `1h`, `1h30m`) or is negative",
};

/// A design with nothing to shift.
pub const PLAN_NO_ROUTE: Code = Code {
    id: "TDZ4009",
    name: "plan-no-route",
    severity: Severity::Error,
    upstream: None,
    summary: "the design has no VirtualService HTTP rule with destinations to shift",
};

/// More than two subsets for Argo Rollouts or Flagger.
pub const EXPORT_SUBSETS_DROPPED: Code = Code {
    id: "TDZ4010",
    name: "export-subsets-dropped",
    severity: Severity::Warning,
    upstream: None,
    summary: "Argo Rollouts and Flagger shift between two versions; the weights of further subsets are left out",
};

/// Canary steps `stepWeight` cannot say.
pub const FLAGGER_STEPS_UNEVEN: Code = Code {
    id: "TDZ4011",
    name: "flagger-steps-uneven",
    severity: Severity::Warning,
    upstream: None,
    summary: "the canary steps are not multiples of one `stepWeight`; Flagger is given the list as `stepWeights`",
};

/// Holds of different lengths for Flagger's one interval.
pub const FLAGGER_ONE_INTERVAL: Code = Code {
    id: "TDZ4012",
    name: "flagger-one-interval",
    severity: Severity::Warning,
    upstream: None,
    summary: "the phases hold for different times (or until someone moves on), but Flagger waits one `interval` at every step",
};

/// A canary weight that goes down, for Flagger.
pub const FLAGGER_WEIGHT_DECREASE: Code = Code {
    id: "TDZ4013",
    name: "flagger-weight-decrease",
    severity: Severity::Warning,
    upstream: None,
    summary: "the canary weight goes down or repeats between phases; Flagger only moves it up, so those steps are left out",
};

/// A plan that stops short of promotion.
pub const EXPORT_NO_PROMOTION: Code = Code {
    id: "TDZ4014",
    name: "export-no-promotion",
    severity: Severity::Warning,
    upstream: None,
    summary: "the plan does not end with all traffic on the canary, but Argo Rollouts and Flagger promote it after the last step",
};

/// An unnamed weighted rule among several, for Argo Rollouts.
pub const ARGO_ROUTE_UNNAMED: Code = Code {
    id: "TDZ4015",
    name: "argo-route-unnamed",
    severity: Severity::Warning,
    upstream: None,
    summary: "the weighted HTTP rule has no name and the VirtualService has several rules; Argo Rollouts needs the rule's name in `routes`",
};
