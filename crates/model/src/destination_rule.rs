//! `DestinationRule` (networking.istio.io): subsets of a service and the
//! policies applied to traffic once routing has happened.
//!
//! Names follow `networking/v1alpha3/destination_rule.proto`; docs
//! paraphrase its API reference
//! (<https://istio.io/latest/docs/reference/config/networking/destination-rule/>).
//! Every field of the v1 CRD schema is modelled.
//!
//! Design (details in [`crate::common`]):
//! - every message keeps unknown fields verbatim in `extra`;
//! - proto oneofs are sibling `Option`s with reading helpers, so a document
//!   that sets two members still loads and validation can report it:
//!   [`LoadBalancerSettings`] `simple` / `consistentHash`
//!   ([`LoadBalancerSettings::policy`]), [`ConsistentHashLb`] hash key
//!   `httpHeaderName` / `httpCookie` / `useSourceIp` /
//!   `httpQueryParameterName` ([`ConsistentHashLb::hash_key`]) and hash
//!   algorithm `ringHash` / `maglev` ([`ConsistentHashLb::hash_algorithm`]);
//!   the documented-only "one of `distribute`, `failover`,
//!   `failoverPriority`" of [`LocalityLoadBalancerSetting`] likewise;
//! - enums (`simple`, TLS `mode`, `h2UpgradePolicy`, PROXY `version`) are
//!   Rust enums with the CRD's values: any other value is rejected by the
//!   API server, and makes the document fail to load (`schema-type`);
//! - durations are strings as written; `double` fields keep the
//!   [`serde_json::Number`] that was read; deprecated fields
//!   (`minimumRingSize`, `warmupDurationSecs`, `consecutiveErrors`) are kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

pub use crate::common::PortSelector;
use crate::common::{members, unknown_fields};
use crate::meta::ObjectMeta;

/// A DestinationRule resource.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationRule {
    /// `networking.istio.io/v1`, `v1beta1` or `v1alpha3` as read.
    pub api_version: String,
    /// Always `DestinationRule`.
    pub kind: String,
    /// Name, namespace, labels, annotations.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The rule.
    #[serde(default)]
    pub spec: DestinationRuleSpec,
    /// Unknown top-level fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(DestinationRule { metadata: "metadata", spec: "spec" });

/// `DestinationRule` spec: the host, its traffic policy and subsets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationRuleSpec {
    /// The service the rule applies to, from the service registry (a short
    /// name is resolved in the rule's namespace). Required; an empty host is
    /// left out on export and reported by validation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
    /// Policies for all traffic to the host: load balancing, connection
    /// pool, outlier detection, TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_policy: Option<TrafficPolicy>,
    /// Named versions of the service, selected by endpoint labels; a
    /// subset's policy overrides the service-level one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<Subset>,
    /// Namespaces the rule is exported to (`.` for its own, `*` for all).
    /// Default: all namespaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub export_to: Vec<String>,
    /// Workloads (pods/VMs) the rule applies to, by labels, in the rule's
    /// namespace. Default: all workloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_selector: Option<WorkloadSelector>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(DestinationRuleSpec {
    traffic_policy: "trafficPolicy",
    subsets: "subsets",
    workload_selector: "workloadSelector",
});

/// Traffic policies for a host or subset (`TrafficPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPolicy {
    /// Load balancing algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancerSettings>,
    /// Connection pool sizes and timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_pool: Option<ConnectionPoolSettings>,
    /// Ejection of unhealthy hosts from the load balancing pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlier_detection: Option<OutlierDetection>,
    /// TLS settings for connections to the upstream service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<ClientTlsSettings>,
    /// Policies for individual ports; they override the policy above for
    /// that port (at most 4096).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub port_level_settings: Vec<PortTrafficPolicy>,
    /// Tunnel TCP over another transport or application layer for this host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tunnel: Option<TunnelSettings>,
    /// PROXY protocol settings for upstream connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_protocol: Option<ProxyProtocol>,
    /// Limit on concurrent retries relative to the number of active
    /// requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_budget: Option<RetryBudget>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(TrafficPolicy {
    load_balancer: "loadBalancer",
    connection_pool: "connectionPool",
    outlier_detection: "outlierDetection",
    tls: "tls",
    port_level_settings: "portLevelSettings",
    tunnel: "tunnel",
    proxy_protocol: "proxyProtocol",
    retry_budget: "retryBudget",
});

/// Policies for one port of the service (`TrafficPolicy.PortTrafficPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortTrafficPolicy {
    /// The port the policy applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<PortSelector>,
    /// Load balancing algorithm for the port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancerSettings>,
    /// Connection pool settings for the port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_pool: Option<ConnectionPoolSettings>,
    /// Outlier detection for the port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlier_detection: Option<OutlierDetection>,
    /// TLS settings for the port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<ClientTlsSettings>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(PortTrafficPolicy {
    port: "port",
    load_balancer: "loadBalancer",
    connection_pool: "connectionPool",
    outlier_detection: "outlierDetection",
    tls: "tls",
});

/// A named set of endpoints of the service, chosen by labels (`Subset`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subset {
    /// Name used by routes (`destination.subset`); a DNS label. Required.
    pub name: String,
    /// Endpoint labels that select the subset's endpoints.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Policies for the subset; each policy set here replaces the
    /// corresponding service-level one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_policy: Option<TrafficPolicy>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(Subset { traffic_policy: "trafficPolicy" });

impl Subset {
    /// Subset `name` selecting `version: name`.
    pub fn versioned(name: &str) -> Self {
        Subset {
            name: name.into(),
            labels: BTreeMap::from([("version".to_string(), name.to_string())]),
            ..Default::default()
        }
    }
}

/// Load balancing settings (`LoadBalancerSettings`).
///
/// `simple` and `consistent_hash` form the proto oneof `lb_policy`, kept as
/// sibling options; read it with [`LoadBalancerSettings::policy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerSettings {
    /// A standard algorithm. Default: `LEAST_REQUEST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simple: Option<SimpleLb>,
    /// Consistent hashing (session affinity) on a header, cookie, source IP
    /// or query parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistent_hash: Option<ConsistentHashLb>,
    /// Locality-aware load balancing; overrides the mesh-wide setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality_lb_setting: Option<LocalityLoadBalancerSetting>,
    /// Deprecated: slow-start window, a duration; use `warmup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup_duration_secs: Option<String>,
    /// Slow start: new endpoints get a gradually increasing share of the
    /// traffic (only with `ROUND_ROBIN` and `LEAST_REQUEST`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup: Option<WarmupConfiguration>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(LoadBalancerSettings {
    consistent_hash: "consistentHash",
    locality_lb_setting: "localityLbSetting",
    warmup: "warmup",
});

/// The member of the `lb_policy` oneof in use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LbPolicy<'a> {
    /// `simple`.
    Simple(SimpleLb),
    /// `consistentHash`.
    ConsistentHash(&'a ConsistentHashLb),
}

impl LoadBalancerSettings {
    /// `simple: lb`.
    pub fn simple(lb: SimpleLb) -> Self {
        LoadBalancerSettings { simple: Some(lb), ..Default::default() }
    }

    /// The first `lb_policy` member set, in proto order (`simple`,
    /// `consistentHash`).
    pub fn policy(&self) -> Option<LbPolicy<'_>> {
        match (&self.simple, &self.consistent_hash) {
            (Some(s), _) => Some(LbPolicy::Simple(*s)),
            (None, Some(c)) => Some(LbPolicy::ConsistentHash(c)),
            (None, None) => None,
        }
    }

    /// Wire names of the `lb_policy` members set; more than one is an error.
    pub fn lb_policy_members(&self) -> Vec<&'static str> {
        members(&[
            ("simple", self.simple.is_some()),
            ("consistentHash", self.consistent_hash.is_some()),
        ])
    }
}

/// Standard load balancing algorithms (`LoadBalancerSettings.SimpleLB`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SimpleLb {
    /// No algorithm chosen; Istio picks its default (`LEAST_REQUEST`).
    Unspecified,
    /// Deprecated: use `LEAST_REQUEST`.
    LeastConn,
    /// Pick a healthy host at random.
    Random,
    /// Forward to the address the caller asked for, without load balancing.
    Passthrough,
    /// Round robin over healthy hosts.
    RoundRobin,
    /// Pick the host with fewer active requests out of two random ones.
    LeastRequest,
}

impl SimpleLb {
    /// Every value, in proto order.
    pub const ALL: [SimpleLb; 6] = [
        SimpleLb::Unspecified,
        SimpleLb::LeastConn,
        SimpleLb::Random,
        SimpleLb::Passthrough,
        SimpleLb::RoundRobin,
        SimpleLb::LeastRequest,
    ];

    /// The wire name (`ROUND_ROBIN`).
    pub fn as_str(self) -> &'static str {
        match self {
            SimpleLb::Unspecified => "UNSPECIFIED",
            SimpleLb::LeastConn => "LEAST_CONN",
            SimpleLb::Random => "RANDOM",
            SimpleLb::Passthrough => "PASSTHROUGH",
            SimpleLb::RoundRobin => "ROUND_ROBIN",
            SimpleLb::LeastRequest => "LEAST_REQUEST",
        }
    }
}

/// Consistent-hash load balancing (`LoadBalancerSettings.ConsistentHashLB`),
/// for HTTP only.
///
/// Two proto oneofs are kept as sibling options: the hash key
/// (`httpHeaderName`, `httpCookie`, `useSourceIp`, `httpQueryParameterName`;
/// see [`ConsistentHashLb::hash_key`]) and the algorithm (`ringHash`,
/// `maglev`; see [`ConsistentHashLb::hash_algorithm`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsistentHashLb {
    /// Hash on the value of this HTTP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_name: Option<String>,
    /// Hash on this HTTP cookie (generated when absent, if a TTL is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_cookie: Option<HttpCookie>,
    /// Hash on the source IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_source_ip: Option<bool>,
    /// Hash on the value of this query parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_query_parameter_name: Option<String>,
    /// Ring (ketama) hash algorithm; the default algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ring_hash: Option<RingHash>,
    /// Maglev hash algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maglev: Option<MagLev>,
    /// Deprecated: minimum ring size; use `ringHash.minimumRingSize`.
    /// Default: 1024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_ring_size: Option<u64>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(ConsistentHashLb {
    http_cookie: "httpCookie",
    ring_hash: "ringHash",
    maglev: "maglev",
});

/// The member of the consistent-hash key oneof in use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HashKey<'a> {
    /// `httpHeaderName`.
    HttpHeaderName(&'a str),
    /// `httpCookie`.
    HttpCookie(&'a HttpCookie),
    /// `useSourceIp`.
    UseSourceIp(bool),
    /// `httpQueryParameterName`.
    HttpQueryParameterName(&'a str),
}

/// The member of the consistent-hash algorithm oneof in use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HashAlgorithm<'a> {
    /// `ringHash`.
    RingHash(&'a RingHash),
    /// `maglev`.
    Maglev(&'a MagLev),
}

impl ConsistentHashLb {
    /// The first hash-key member set, in proto order.
    pub fn hash_key(&self) -> Option<HashKey<'_>> {
        if let Some(h) = &self.http_header_name {
            Some(HashKey::HttpHeaderName(h))
        } else if let Some(c) = &self.http_cookie {
            Some(HashKey::HttpCookie(c))
        } else if let Some(b) = self.use_source_ip {
            Some(HashKey::UseSourceIp(b))
        } else {
            self.http_query_parameter_name.as_deref().map(HashKey::HttpQueryParameterName)
        }
    }

    /// The first hash-algorithm member set, in proto order.
    pub fn hash_algorithm(&self) -> Option<HashAlgorithm<'_>> {
        match (&self.ring_hash, &self.maglev) {
            (Some(r), _) => Some(HashAlgorithm::RingHash(r)),
            (None, Some(m)) => Some(HashAlgorithm::Maglev(m)),
            (None, None) => None,
        }
    }

    /// Wire names of the hash-key members set; more than one is an error.
    pub fn hash_key_members(&self) -> Vec<&'static str> {
        members(&[
            ("httpHeaderName", self.http_header_name.is_some()),
            ("httpCookie", self.http_cookie.is_some()),
            ("useSourceIp", self.use_source_ip.is_some()),
            ("httpQueryParameterName", self.http_query_parameter_name.is_some()),
        ])
    }

    /// Wire names of the hash-algorithm members set; more than one is an
    /// error.
    pub fn hash_algorithm_members(&self) -> Vec<&'static str> {
        members(&[("ringHash", self.ring_hash.is_some()), ("maglev", self.maglev.is_some())])
    }
}

/// The cookie to hash on (`ConsistentHashLB.HTTPCookie`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpCookie {
    /// Name of the cookie. Required.
    pub name: String,
    /// Path to set for the cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Lifetime of the cookie, a duration; when set, the proxy generates the
    /// cookie if the request lacks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<String>,
    /// Additional attributes of a generated cookie.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<HttpCookieAttribute>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpCookie { attributes: "attributes" });

/// An attribute of a generated cookie (`HTTPCookie.Attribute`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpCookieAttribute {
    /// Name of the attribute (`SameSite`). Required.
    pub name: String,
    /// Value of the attribute; absent for flag attributes (`Secure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpCookieAttribute {});

/// Ring hash algorithm settings (`ConsistentHashLB.RingHash`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RingHash {
    /// Minimum number of virtual nodes on the ring. Default: 1024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_ring_size: Option<u64>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(RingHash {});

/// Maglev hash algorithm settings (`ConsistentHashLB.MagLev`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MagLev {
    /// Lookup table size, a prime number. Default: 65537.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_size: Option<u64>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(MagLev {});

/// Locality-weighted load balancing (`LocalityLoadBalancerSetting`).
///
/// Only one of `distribute`, `failover` and `failover_priority` may be set
/// (documented exclusivity, left to validation); `failover_priority` may be
/// combined with `failover`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalityLoadBalancerSetting {
    /// Explicit traffic weights from each source locality to target
    /// localities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distribute: Vec<LocalityDistribute>,
    /// Region to fail over to when the endpoints of a region are unhealthy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failover: Vec<LocalityFailover>,
    /// Ordered endpoint labels used to sort endpoints for priority-based
    /// failover (`topology.kubernetes.io/region`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failover_priority: Vec<String>,
    /// Enable locality load balancing; overrides the mesh-wide setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(LocalityLoadBalancerSetting { distribute: "distribute", failover: "failover" });

impl LocalityLoadBalancerSetting {
    /// Wire names of `distribute`, `failover` and `failoverPriority` that
    /// are set (documented as mutually exclusive, except that
    /// `failoverPriority` may go with `failover`).
    pub fn mode_members(&self) -> Vec<&'static str> {
        members(&[
            ("distribute", !self.distribute.is_empty()),
            ("failover", !self.failover.is_empty()),
            ("failoverPriority", !self.failover_priority.is_empty()),
        ])
    }
}

/// Traffic weights from one locality (`LocalityLoadBalancerSetting.Distribute`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalityDistribute {
    /// Source locality, `region/zone/sub_zone`, `*` wildcards allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Target localities and their weights; the weights must sum to 100.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub to: BTreeMap<String, u32>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(LocalityDistribute {});

/// A failover from one region to another (`LocalityLoadBalancerSetting.Failover`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalityFailover {
    /// Source region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Region traffic fails over to when the endpoints in `from` are
    /// unhealthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(LocalityFailover {});

/// Slow-start settings (`WarmupConfiguration`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WarmupConfiguration {
    /// Length of the warmup window for a new endpoint, a duration. Required.
    pub duration: String,
    /// Share of traffic (0..100) a new endpoint gets at the start of the
    /// window. Default: 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_percent: Option<Number>,
    /// How fast traffic grows over the window (>= 1; 1 is linear).
    /// Default: 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggression: Option<Number>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(WarmupConfiguration {});

/// Connection pool settings for an upstream host (`ConnectionPoolSettings`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionPoolSettings {
    /// Settings common to HTTP and TCP connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp: Option<TcpSettings>,
    /// HTTP connection pool settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpSettings>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(ConnectionPoolSettings { tcp: "tcp", http: "http" });

/// TCP connection pool settings (`ConnectionPoolSettings.TCPSettings`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpSettings {
    /// Maximum number of HTTP/1 or TCP connections to a host. Default:
    /// 2^32-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_connections: Option<i32>,
    /// TCP connect timeout, a duration (`>= 1ms`). Default: 10s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout: Option<String>,
    /// TCP keepalive (`SO_KEEPALIVE`) settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp_keepalive: Option<TcpKeepalive>,
    /// Maximum lifetime of a connection, a duration (`>= 1ms`). Default:
    /// unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_connection_duration: Option<String>,
    /// Idle timeout for TCP connections, a duration; `0s` disables it.
    /// Default: 1h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_timeout: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(TcpSettings { tcp_keepalive: "tcpKeepalive" });

/// TCP keepalive settings (`TCPSettings.TcpKeepalive`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpKeepalive {
    /// Unanswered probes before the connection is considered dead. Default:
    /// the OS setting (9 on Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probes: Option<u32>,
    /// Idle time before probes start, a duration. Default: the OS setting
    /// (2h on Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Time between probes, a duration. Default: the OS setting (75s on
    /// Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(TcpKeepalive {});

/// HTTP connection pool settings (`ConnectionPoolSettings.HTTPSettings`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpSettings {
    /// Maximum requests queued while waiting for a connection. Default:
    /// 2^32-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http1_max_pending_requests: Option<i32>,
    /// Maximum active requests to a destination. Default: 2^32-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http2_max_requests: Option<i32>,
    /// Maximum requests per connection; 1 disables keep-alive. Default: 0
    /// (unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests_per_connection: Option<i32>,
    /// Maximum outstanding retries to all hosts of the cluster. Default:
    /// 2^32-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<i32>,
    /// Idle timeout for upstream pool connections, a duration (`>= 1ms`).
    /// Default: 1h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_timeout: Option<String>,
    /// Whether HTTP/1.1 connections are upgraded to HTTP/2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub h2_upgrade_policy: Option<H2UpgradePolicy>,
    /// Keep the client's protocol (HTTP/1.1 or HTTP/2) upstream; overrides
    /// `h2UpgradePolicy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_client_protocol: Option<bool>,
    /// Maximum concurrent streams per HTTP/2 connection. Default: 2^31-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrent_streams: Option<i32>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HttpSettings {});

/// HTTP/2 upgrade policy (`ConnectionPoolSettings.HTTPSettings.H2UpgradePolicy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum H2UpgradePolicy {
    /// Use the mesh-wide default.
    Default,
    /// Do not upgrade to HTTP/2.
    DoNotUpgrade,
    /// Upgrade to HTTP/2.
    Upgrade,
}

impl H2UpgradePolicy {
    /// Every value, in proto order.
    pub const ALL: [H2UpgradePolicy; 3] =
        [H2UpgradePolicy::Default, H2UpgradePolicy::DoNotUpgrade, H2UpgradePolicy::Upgrade];

    /// The wire name (`DO_NOT_UPGRADE`).
    pub fn as_str(self) -> &'static str {
        match self {
            H2UpgradePolicy::Default => "DEFAULT",
            H2UpgradePolicy::DoNotUpgrade => "DO_NOT_UPGRADE",
            H2UpgradePolicy::Upgrade => "UPGRADE",
        }
    }
}

/// Circuit breaking by ejecting unhealthy hosts (`OutlierDetection`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutlierDetection {
    /// Deprecated: consecutive 502/503/504 errors before ejection; use
    /// `consecutiveGatewayErrors` or `consecutive5xxErrors`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_errors: Option<i32>,
    /// Split local-origin failures (timeouts, resets) from external errors.
    /// Default: false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_external_local_origin_errors: Option<bool>,
    /// Consecutive local-origin failures before ejection (with
    /// `splitExternalLocalOriginErrors`). Default: 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_local_origin_failures: Option<u32>,
    /// Consecutive gateway errors (502, 503, 504) before ejection; 0
    /// disables. Default: disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_gateway_errors: Option<u32>,
    /// Consecutive 5xx errors before ejection; 0 disables. Default: 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_5xx_errors: Option<u32>,
    /// Time between ejection sweeps, a duration (`>= 1ms`). Default: 10s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Minimum ejection time, multiplied by the number of ejections, a
    /// duration (`>= 1ms`). Default: 30s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_ejection_time: Option<String>,
    /// Maximum percentage of hosts that can be ejected. Default: 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ejection_percent: Option<i32>,
    /// Outlier detection runs only while at least this percentage of hosts
    /// is healthy. Default: 0 (always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_health_percent: Option<i32>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(OutlierDetection {});

/// TLS settings for upstream connections (`ClientTLSSettings`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientTlsSettings {
    /// Whether and how connections are secured with TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TlsMode>,
    /// Client certificate file (required with `MUTUAL` unless
    /// `credentialName` is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<String>,
    /// Client private key file (required with `MUTUAL` unless
    /// `credentialName` is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<String>,
    /// CA certificates file to verify the server certificate with; absent
    /// means the system CAs (unless `insecureSkipVerify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_certificates: Option<String>,
    /// Name of a secret holding the client certificate, key and CA
    /// (`SIMPLE`/`MUTUAL`; gateways and sidecars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_name: Option<String>,
    /// Subject alternative names to verify the server certificate against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_alt_names: Vec<String>,
    /// SNI to present in the TLS handshake. Default: derived from the
    /// request's host (for `SIMPLE`/`MUTUAL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sni: Option<String>,
    /// Skip verifying the server certificate's CA signature and SAN.
    /// Default: false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_skip_verify: Option<bool>,
    /// Certificate revocation list file to check the server certificate
    /// against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_crl: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(ClientTlsSettings {});

/// TLS mode of upstream connections (`ClientTLSSettings.TLSmode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TlsMode {
    /// Plain text; no TLS.
    Disable,
    /// TLS to the upstream.
    Simple,
    /// Mutual TLS with a client certificate given here.
    Mutual,
    /// Mutual TLS with Istio's own certificates.
    IstioMutual,
}

impl TlsMode {
    /// Every value, in proto order.
    pub const ALL: [TlsMode; 4] =
        [TlsMode::Disable, TlsMode::Simple, TlsMode::Mutual, TlsMode::IstioMutual];

    /// The wire name (`ISTIO_MUTUAL`).
    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::Disable => "DISABLE",
            TlsMode::Simple => "SIMPLE",
            TlsMode::Mutual => "MUTUAL",
            TlsMode::IstioMutual => "ISTIO_MUTUAL",
        }
    }
}

/// Tunnelling of TCP to the host (`TrafficPolicy.TunnelSettings`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TunnelSettings {
    /// Tunnel protocol: `CONNECT` (HTTP/1.1) or `POST` (HTTP/2). Default:
    /// `CONNECT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Host the connection is tunnelled to (IP or FQDN). Required.
    pub target_host: String,
    /// Port the connection is tunnelled to. Required.
    pub target_port: u32,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(TunnelSettings {});

/// Upstream PROXY protocol settings (`TrafficPolicy.ProxyProtocol`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxyProtocol {
    /// PROXY protocol version. Default: `V1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<ProxyProtocolVersion>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(ProxyProtocol {});

/// PROXY protocol version (`ProxyProtocol.VERSION`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProxyProtocolVersion {
    /// Version 1, human-readable.
    V1,
    /// Version 2, binary.
    V2,
}

impl ProxyProtocolVersion {
    /// Every value, in proto order.
    pub const ALL: [ProxyProtocolVersion; 2] = [ProxyProtocolVersion::V1, ProxyProtocolVersion::V2];

    /// The wire name (`V1`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProxyProtocolVersion::V1 => "V1",
            ProxyProtocolVersion::V2 => "V2",
        }
    }
}

/// Limit on concurrent retries (`TrafficPolicy.RetryBudget`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryBudget {
    /// Concurrent retries allowed, as a percentage (0..100) of active plus
    /// pending requests. Default: 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Number>,
    /// Retries always allowed regardless of `percent`. Default: 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_retry_concurrency: Option<u32>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(RetryBudget {});

/// Selects workloads by labels (`WorkloadSelector`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadSelector {
    /// Labels a workload must carry; no wildcards, no empty keys, values at
    /// most 63 characters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(WorkloadSelector {});
