//! Ready-made designs: the seed document's patterns.

use crate::bundle::{ApiVersion, Bundle, Document};
use crate::destination_rule::{DestinationRule, DestinationRuleSpec, Subset};
use crate::meta::ObjectMeta;
use crate::virtual_service::{
    Destination, HttpRoute, HttpRouteDestination, VirtualService, VirtualServiceSpec,
};

/// The DestinationRule `reviews` with subsets `v1`, `v2` (by `version` label).
pub fn reviews_destination_rule(subsets: &[&str]) -> DestinationRule {
    DestinationRule {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "DestinationRule".into(),
        metadata: ObjectMeta::named("reviews", "default"),
        spec: DestinationRuleSpec {
            host: "reviews".into(),
            subsets: subsets.iter().map(|s| Subset::versioned(s)).collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The canary split: VirtualService `reviews`, v1 `v1_weight` / v2 `v2_weight`,
/// and its DestinationRule.
pub fn canary(v1_weight: i32, v2_weight: i32) -> Bundle {
    let vs = VirtualService {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "VirtualService".into(),
        metadata: ObjectMeta::named("reviews", "default"),
        spec: VirtualServiceSpec {
            hosts: vec!["reviews".into()],
            http: vec![HttpRoute {
                route: vec![
                    HttpRouteDestination {
                        destination: Destination::subset("reviews", "v1"),
                        weight: Some(v1_weight),
                        ..Default::default()
                    },
                    HttpRouteDestination {
                        destination: Destination::subset("reviews", "v2"),
                        weight: Some(v2_weight),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    Bundle {
        documents: vec![
            Document::DestinationRule(reviews_destination_rule(&["v1", "v2"])),
            Document::VirtualService(vs),
        ],
    }
}
