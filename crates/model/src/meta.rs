//! Kubernetes object metadata, kept small: the fields a user writes, plus a
//! verbatim catch-all so nothing else is lost.
//!
//! Fields the API server sets (`uid`, `resourceVersion`, `managedFields`, …)
//! are listed in [`SERVER_SET_FIELDS`]; the loader drops them, with an info
//! diagnostic, so a `kubectl get -o yaml` dump imports as a clean design.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{push_key, UnknownFields};

/// `metadata` fields the API server sets and `kubectl apply` does not need;
/// dropped on import.
pub const SERVER_SET_FIELDS: &[&str] =
    &["managedFields", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink"];

/// Annotations written by tools rather than authors; dropped on import.
pub const SERVER_SET_ANNOTATIONS: &[&str] = &["kubectl.kubernetes.io/last-applied-configuration"];

/// Every field of Kubernetes `ObjectMeta` other than the typed ones; these
/// may stay in [`ObjectMeta::extra`] without being reported as unknown.
pub const OTHER_KNOWN_FIELDS: &[&str] = &[
    "generateName",
    "finalizers",
    "ownerReferences",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "selfLink",
];

/// `metadata` of a resource (`ObjectMeta`), reduced to what authors set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// Resource name, a DNS-1123 subdomain; unique per kind and namespace.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Namespace; absent means the one `kubectl` is pointed at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Labels for selection by other tools.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Annotations (free-form notes for tools).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Every other metadata field, kept verbatim (`generateName`, `finalizers`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ObjectMeta {
    /// Metadata with a name and a namespace.
    pub fn named(name: &str, namespace: &str) -> Self {
        ObjectMeta {
            name: name.to_string(),
            namespace: Some(namespace.to_string()),
            ..Default::default()
        }
    }
}

impl UnknownFields for ObjectMeta {
    /// Reports the keys of `extra` that are not `ObjectMeta` fields at all.
    fn unknown_fields(&self, path: &mut String, out: &mut Vec<String>) {
        for k in self.extra.keys().filter(|k| !OTHER_KNOWN_FIELDS.contains(&k.as_str())) {
            let len = push_key(path, k);
            out.push(path.clone());
            path.truncate(len);
        }
    }
}

/// Removes the server-set fields from a resource's JSON value (top-level
/// `status`, [`SERVER_SET_FIELDS`] and [`SERVER_SET_ANNOTATIONS`] in
/// `metadata`) and returns the paths of what was removed, in that order.
/// An `annotations` map left empty is removed too.
pub fn strip_server_fields(resource: &mut Value) -> Vec<String> {
    let mut dropped = Vec::new();
    let Some(obj) = resource.as_object_mut() else { return dropped };
    if obj.remove("status").is_some() {
        dropped.push("status".to_string());
    }
    let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) else {
        return dropped;
    };
    for f in SERVER_SET_FIELDS {
        if meta.remove(*f).is_some() {
            dropped.push(format!("metadata.{f}"));
        }
    }
    if let Some(ann) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
        for a in SERVER_SET_ANNOTATIONS {
            if ann.remove(*a).is_some() {
                dropped.push(format!("metadata.annotations.{a}"));
            }
        }
        if ann.is_empty() {
            meta.remove("annotations");
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strips_what_the_server_set() {
        let mut v = json!({
            "kind": "VirtualService",
            "metadata": {
                "name": "r", "uid": "u", "generation": 3,
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"},
                "finalizers": ["f"]
            },
            "status": {}
        });
        let dropped = strip_server_fields(&mut v);
        assert_eq!(
            dropped,
            vec![
                "status",
                "metadata.uid",
                "metadata.generation",
                "metadata.annotations.kubectl.kubernetes.io/last-applied-configuration"
            ]
        );
        assert_eq!(
            v,
            json!({"kind": "VirtualService", "metadata": {"name": "r", "finalizers": ["f"]}})
        );
    }

    #[test]
    fn known_metadata_fields_are_not_unknown() {
        let m: ObjectMeta =
            serde_json::from_value(json!({"name": "a", "finalizers": [], "nmae": "x"})).unwrap();
        let mut out = Vec::new();
        m.unknown_fields(&mut "metadata".to_string(), &mut out);
        assert_eq!(out, vec!["metadata.nmae"]);
    }
}
