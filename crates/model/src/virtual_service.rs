//! `VirtualService` (networking.istio.io): how requests to a host are routed.
//!
//! Type and field names follow Istio's proto messages
//! (`networking/v1alpha3/virtual_service.proto`); docs paraphrase its API
//! reference. Every message keeps unknown fields verbatim in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

/// `VirtualService` spec: hosts, gateways and ordered route lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualServiceSpec {
    /// Destination hosts the rules apply to (short names, FQDNs, `*` prefixes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// Gateways and sidecars (`mesh`) the rules apply to; default `mesh`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<String>,
    /// Ordered HTTP rules; the first that matches wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http: Vec<HttpRoute>,
    /// Unknown and not-yet-modelled fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One HTTP rule: conditions and what to do with matching requests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRoute {
    /// Name for the rule, shown in access logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where to send the traffic, with weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<HttpRouteDestination>,
    /// Unknown and not-yet-modelled fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A destination with its share of traffic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteDestination {
    /// The service (and subset) to send to.
    pub destination: Destination,
    /// Relative weight; traffic is split as weight / sum of weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    /// Unknown and not-yet-modelled fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A network-addressable service: host, optional subset and port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    /// Service name from the registry (`reviews` or an FQDN).
    pub host: String,
    /// Name of a subset defined in the host's DestinationRule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subset: Option<String>,
    /// Unknown and not-yet-modelled fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Destination {
    /// A destination for `host`, subset `subset`.
    pub fn subset(host: &str, subset: &str) -> Self {
        Destination { host: host.into(), subset: Some(subset.into()), ..Default::default() }
    }
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
}
