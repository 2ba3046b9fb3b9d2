//! `DestinationRule` (networking.istio.io): subsets of a service and the
//! policies applied to traffic once routing has happened.
//!
//! Names follow `networking/v1alpha3/destination_rule.proto`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

/// `DestinationRule` spec: the host, its subsets and traffic policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationRuleSpec {
    /// The service this rule applies to.
    #[serde(default)]
    pub host: String,
    /// Named versions of the service, selected by pod labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<Subset>,
    /// Unknown and not-yet-modelled fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A named set of endpoints of the service, chosen by labels.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subset {
    /// Name used by routes (`destination.subset`).
    pub name: String,
    /// Pod labels that select the subset's endpoints.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Unknown and not-yet-modelled fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

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
