//! Ready-made designs: the traffic-shifting patterns of the seed document
//! (`traffic-shifting-patterns.md`), plus blue-green and dark launch.
//!
//! Every preset is a complete, apply-ready [`Bundle`] for the Bookinfo
//! `reviews` service in namespace `default`: first the DestinationRule
//! `reviews` defining every subset the routes use, then the VirtualService
//! `reviews`, both `networking.istio.io/v1`. The presets that come from the
//! seed document carry its DestinationRule (subsets `v1`, `v2` and
//! `canary`, see [`SEED_SUBSETS`]) and export exactly the files in
//! `fixtures/seed/`; the two extra patterns define just the subsets they
//! route to.
//!
//! [`ALL`] lists every preset with an id, a title and a description, in the
//! order of the seed document, for a picker in the app or the CLI.

use std::collections::BTreeMap;

use serde_json::Number;

use crate::bundle::{ApiVersion, Bundle, Document};
use crate::destination_rule::{DestinationRule, DestinationRuleSpec, Subset};
use crate::meta::ObjectMeta;
use crate::virtual_service::{
    Abort, Delay, Destination, HttpFaultInjection, HttpMatchRequest, HttpRetry, HttpRoute,
    HttpRouteDestination, Percent, StringMatch, VirtualService, VirtualServiceSpec,
};

/// The service every preset routes: `reviews` (a short name, resolved in
/// the resources' namespace).
pub const HOST: &str = "reviews";

/// The namespace of every preset's resources.
pub const NAMESPACE: &str = "default";

/// The subsets of the seed document's DestinationRule, each selecting pods
/// labelled `version: <name>`.
pub const SEED_SUBSETS: &[&str] = &["v1", "v2", "canary"];

/// One ready-made design, for a picker.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// Stable kebab-case identifier (`canary`, `fault-delay`), for URLs and
    /// the CLI's `--preset`.
    pub id: &'static str,
    /// Short human title (`Canary 90/10`).
    pub title: &'static str,
    /// One or two sentences on what the design does and when to use it.
    pub description: &'static str,
}

impl Preset {
    /// Builds the design: the DestinationRule, then the VirtualService
    /// ([`build`]).
    pub fn build(&self) -> Bundle {
        build(self.id).unwrap_or_default()
    }
}

/// Every preset, in the order of the seed document, then blue-green and
/// dark launch.
pub const ALL: &[Preset] = &[
    Preset {
        id: "canary",
        title: "Canary 90/10",
        description: "Weight-based split: 90% of requests go to v1 and 10% to v2. \
                      Raise v2's weight step by step (25, 50, 100) as it proves itself.",
    },
    Preset {
        id: "header-user-type",
        title: "Beta users by header",
        description: "Requests with the header `x-user-type: beta` go to v2; \
                      everyone else stays on v1.",
    },
    Preset {
        id: "header-internal",
        title: "Internal testing by header",
        description: "Requests with the header `x-internal: \"true\"` go to the canary \
                      subset; everyone else stays on v1.",
    },
    Preset {
        id: "cookie",
        title: "Beta users by cookie",
        description: "Requests whose `Cookie` header contains `user=beta` go to v2 \
                      (a regex on the cookie header); everyone else stays on v1.",
    },
    Preset {
        id: "source-labels",
        title: "Route by calling service",
        description: "Requests from workloads labelled `app: productpage, version: v2` \
                      go to v2; all other callers get v1.",
    },
    Preset {
        id: "mirror",
        title: "Mirror to v2",
        description: "All requests are served by v1, and a copy of each is sent to v2 \
                      (shadow traffic; v2's responses are discarded).",
    },
    Preset {
        id: "fault-delay",
        title: "Inject a 5s delay",
        description: "10% of requests to v1 are held for 5 seconds before being \
                      forwarded, to test how callers cope with a slow service.",
    },
    Preset {
        id: "fault-abort",
        title: "Inject HTTP 500 errors",
        description: "10% of requests to v1 are answered with HTTP 500 without reaching \
                      the service, to test how callers cope with failures.",
    },
    Preset {
        id: "timeout-retries",
        title: "Timeout and retries",
        description: "Requests to v1 time out after 10s overall; failed attempts \
                      (5xx or connection reset) are retried up to 3 times, 3s each.",
    },
    Preset {
        id: "destination-rule",
        title: "Subsets v1, v2, canary",
        description: "The DestinationRule that defines the v1, v2 and canary subsets by \
                      their `version` label, with all traffic on v1 to start from.",
    },
    Preset {
        id: "rollback",
        title: "Roll back to v1",
        description: "Every request goes to v1 (weight 100): the quick way back to the \
                      stable version.",
    },
    Preset {
        id: "blue-green",
        title: "Blue-green switch",
        description: "Two complete versions side by side: all traffic on blue (v1), none on \
                      green (v2). Switch by swapping the weights to 0/100.",
    },
    Preset {
        id: "dark-launch",
        title: "Dark launch",
        description: "v2 is live but hidden: only requests with the header \
                      `x-dark-launch: \"true\"` reach it; everyone else gets v1.",
    },
];

/// Every preset, in the order of [`ALL`].
pub fn all() -> Vec<Preset> {
    ALL.to_vec()
}

/// The preset with this id, if any.
pub fn find(id: &str) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.id == id)
}

/// The design of the preset with this id, if there is one. (Apart from
/// [`ALL`], so a picker can list the presets without the code that builds
/// them: the browser app loads it when a preset is picked.)
pub fn build(id: &str) -> Option<Bundle> {
    Some(match id {
        "canary" => canary(90, 10),
        "header-user-type" => header_user_type(),
        "header-internal" => header_internal(),
        "cookie" => cookie(),
        "source-labels" => source_labels(),
        "mirror" => mirror(),
        "fault-delay" => fault_delay(),
        "fault-abort" => fault_abort(),
        "timeout-retries" => timeout_retries(),
        "destination-rule" => destination_rule(),
        "rollback" => rollback(),
        "blue-green" => blue_green(),
        "dark-launch" => dark_launch(),
        _ => return None,
    })
}

/// The DestinationRule `reviews` (namespace `default`) with one subset per
/// name in `subsets`, each selecting pods labelled `version: <name>`.
pub fn reviews_destination_rule(subsets: &[&str]) -> DestinationRule {
    DestinationRule {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "DestinationRule".into(),
        metadata: ObjectMeta::named(HOST, NAMESPACE),
        spec: DestinationRuleSpec {
            host: HOST.into(),
            subsets: subsets.iter().map(|s| Subset::versioned(s)).collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The design a new page starts with: all traffic on v1, v2 ready at 0.
pub fn start() -> Bundle {
    canary(100, 0)
}

/// The canary split: v1 gets `v1_weight`, v2 gets `v2_weight` (both
/// destinations are always present, even at weight 0), with the seed
/// DestinationRule. `canary(90, 10)` is the seed document's gradual
/// rollout; its progressive phases are 100/0, 90/10, 75/25, 50/50, 0/100.
pub fn canary(v1_weight: i32, v2_weight: i32) -> Bundle {
    seed_bundle(vec![HttpRoute {
        route: vec![weighted("v1", v1_weight), weighted("v2", v2_weight)],
        ..Default::default()
    }])
}

/// Header routing for beta users: `x-user-type: beta` (exact) → v2,
/// everything else → v1.
pub fn header_user_type() -> Bundle {
    seed_bundle(vec![
        matched(header_match("x-user-type", StringMatch::exact("beta")), "v2"),
        route_to("v1"),
    ])
}

/// Header routing for internal testing: `x-internal: "true"` (exact) →
/// canary, everything else → v1.
pub fn header_internal() -> Bundle {
    seed_bundle(vec![
        matched(header_match("x-internal", StringMatch::exact("true")), "canary"),
        route_to("v1"),
    ])
}

/// Cookie routing: a `cookie` header matching
/// `^(.*?;)?(user=beta)(;.*)?$` → v2, everything else → v1.
pub fn cookie() -> Bundle {
    seed_bundle(vec![
        matched(header_match("cookie", StringMatch::regex("^(.*?;)?(user=beta)(;.*)?$")), "v2"),
        route_to("v1"),
    ])
}

/// Source routing: callers labelled `app: productpage` and `version: v2`
/// → v2, all other callers → v1.
pub fn source_labels() -> Bundle {
    let m = HttpMatchRequest {
        source_labels: labels(&[("app", "productpage"), ("version", "v2")]),
        ..Default::default()
    };
    seed_bundle(vec![matched(m, "v2"), route_to("v1")])
}

/// Mirroring: everything is served by v1, and 100% of it is copied to v2.
pub fn mirror() -> Bundle {
    seed_bundle(vec![HttpRoute {
        mirror: Some(Destination::subset(HOST, "v2")),
        mirror_percentage: Some(Percent::new(100.0)),
        ..route_to("v1")
    }])
}

/// Fault injection: 10% of requests to v1 are delayed by 5s.
pub fn fault_delay() -> Bundle {
    seed_bundle(vec![HttpRoute {
        fault: Some(HttpFaultInjection {
            delay: Some(Delay {
                percentage: Some(whole_percent(10)),
                fixed_delay: Some("5s".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..route_to("v1")
    }])
}

/// Fault injection: 10% of requests to v1 are aborted with HTTP 500.
pub fn fault_abort() -> Bundle {
    seed_bundle(vec![HttpRoute {
        fault: Some(HttpFaultInjection {
            abort: Some(Abort {
                percentage: Some(whole_percent(10)),
                http_status: Some(500),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..route_to("v1")
    }])
}

/// Resilience: requests to v1 time out after 10s; up to 3 retries of 3s
/// each on `5xx,reset`.
pub fn timeout_retries() -> Bundle {
    seed_bundle(vec![HttpRoute {
        timeout: Some("10s".into()),
        retries: Some(HttpRetry {
            attempts: Some(3),
            per_try_timeout: Some("3s".into()),
            retry_on: Some("5xx,reset".into()),
            ..Default::default()
        }),
        ..route_to("v1")
    }])
}

/// The seed DestinationRule (subsets v1, v2, canary), with a VirtualService
/// sending all traffic to v1 as the starting point.
pub fn destination_rule() -> Bundle {
    seed_bundle(vec![route_to("v1")])
}

/// Rollback: v1 gets weight 100, as the only destination.
pub fn rollback() -> Bundle {
    seed_bundle(vec![HttpRoute { route: vec![weighted("v1", 100)], ..Default::default() }])
}

/// Blue-green: subsets `blue` (pods labelled `version: v1`) and `green`
/// (`version: v2`), both in the route, blue at weight 100 and green at 0.
/// The switch is one edit: swap the weights.
pub fn blue_green() -> Bundle {
    let mut dr = reviews_destination_rule(&[]);
    dr.spec.subsets = vec![
        Subset { name: "blue".into(), labels: labels(&[("version", "v1")]), ..Default::default() },
        Subset { name: "green".into(), labels: labels(&[("version", "v2")]), ..Default::default() },
    ];
    bundle(
        dr,
        vec![HttpRoute {
            route: vec![weighted("blue", 100), weighted("green", 0)],
            ..Default::default()
        }],
    )
}

/// Dark launch: requests with `x-dark-launch: "true"` (exact) → v2,
/// everything else → v1; the DestinationRule defines v1 and v2.
pub fn dark_launch() -> Bundle {
    bundle(
        reviews_destination_rule(&["v1", "v2"]),
        vec![
            matched(header_match("x-dark-launch", StringMatch::exact("true")), "v2"),
            route_to("v1"),
        ],
    )
}

// ------------------------------------------------------------------ helpers

/// The DestinationRule, then the VirtualService `reviews` with `http`.
fn bundle(dr: DestinationRule, http: Vec<HttpRoute>) -> Bundle {
    let vs = VirtualService {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "VirtualService".into(),
        metadata: ObjectMeta::named(HOST, NAMESPACE),
        spec: VirtualServiceSpec { hosts: vec![HOST.into()], http, ..Default::default() },
        ..Default::default()
    };
    Bundle { documents: vec![Document::DestinationRule(dr), Document::VirtualService(vs)] }
}

/// [`bundle`] with the seed DestinationRule.
fn seed_bundle(http: Vec<HttpRoute>) -> Bundle {
    bundle(reviews_destination_rule(SEED_SUBSETS), http)
}

/// A destination of `reviews` subset `subset` with an explicit weight.
fn weighted(subset: &str, weight: i32) -> HttpRouteDestination {
    HttpRouteDestination {
        destination: Destination::subset(HOST, subset),
        weight: Some(weight),
        ..Default::default()
    }
}

/// A rule without conditions sending everything to `subset` (no weight).
fn route_to(subset: &str) -> HttpRoute {
    HttpRoute {
        route: vec![HttpRouteDestination {
            destination: Destination::subset(HOST, subset),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// A rule sending requests that satisfy `m` to `subset`.
fn matched(m: HttpMatchRequest, subset: &str) -> HttpRoute {
    HttpRoute { matches: vec![m], ..route_to(subset) }
}

/// A condition on one request header.
fn header_match(name: &str, value: StringMatch) -> HttpMatchRequest {
    HttpMatchRequest { headers: BTreeMap::from([(name.to_string(), value)]), ..Default::default() }
}

/// A label map.
fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A percentage written as an integer (`value: 10`), as the seed writes it.
fn whole_percent(p: u32) -> Percent {
    Percent { value: Some(Number::from(p)), ..Default::default() }
}
