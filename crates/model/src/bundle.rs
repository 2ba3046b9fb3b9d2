//! A design: the ordered documents of one multi-document YAML file, and
//! the two directions between text and types.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::codes;
use crate::common::UnknownFields;
use crate::destination_rule::DestinationRule;
use crate::diagnostic::Diagnostic;
use crate::meta;
use crate::virtual_service::{HttpRoute, VirtualService, VirtualServiceSpec};
use crate::yaml::{self, SpanIndex, YamlError};

/// The API group of VirtualService and DestinationRule.
pub const GROUP: &str = "networking.istio.io";

/// One document of a bundle.
// A DestinationRule holds every policy message inline (a few KB); boxing it
// would change every constructor and pattern for no real gain, as a bundle
// holds a handful of documents.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    /// A `networking.istio.io` VirtualService.
    VirtualService(VirtualService),
    /// A `networking.istio.io` DestinationRule.
    DestinationRule(DestinationRule),
    /// Any other document (Gateway, ServiceEntry, or a VS/DR that does not
    /// fit the schema), kept verbatim and re-emitted unchanged.
    Other(Value),
}

impl Document {
    /// `kind` of the document, or empty.
    pub fn kind(&self) -> &str {
        match self {
            Document::VirtualService(_) => "VirtualService",
            Document::DestinationRule(_) => "DestinationRule",
            Document::Other(v) => v.get("kind").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// `metadata.name` of the document, or empty.
    pub fn name(&self) -> &str {
        match self {
            Document::VirtualService(v) => &v.metadata.name,
            Document::DestinationRule(d) => &d.metadata.name,
            Document::Other(v) => v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or(""),
        }
    }
}

/// The set of resources being designed, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bundle {
    /// Documents in the order they were read or added.
    pub documents: Vec<Document>,
}

/// Which `apiVersion` to write VirtualService and DestinationRule with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApiVersion {
    /// `networking.istio.io/v1` (Istio 1.22+).
    #[default]
    V1,
    /// `networking.istio.io/v1beta1`, for older control planes.
    V1Beta1,
}

impl ApiVersion {
    /// The full `apiVersion` string.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "networking.istio.io/v1",
            ApiVersion::V1Beta1 => "networking.istio.io/v1beta1",
        }
    }
}

/// The result of reading YAML: what could be read, and what was said about it.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The documents that were read.
    pub bundle: Bundle,
    /// Locations of every field path, one index per document.
    pub spans: Vec<SpanIndex>,
    /// Findings made while reading (schema mismatches, dropped fields).
    pub diagnostics: Vec<Diagnostic>,
}

impl Bundle {
    /// The VirtualServices, with their document index.
    pub fn virtual_services(&self) -> impl Iterator<Item = (usize, &VirtualService)> {
        self.documents.iter().enumerate().filter_map(|(i, d)| match d {
            Document::VirtualService(v) => Some((i, v)),
            _ => None,
        })
    }

    /// The DestinationRules, with their document index.
    pub fn destination_rules(&self) -> impl Iterator<Item = (usize, &DestinationRule)> {
        self.documents.iter().enumerate().filter_map(|(i, d)| match d {
            Document::DestinationRule(r) => Some((i, r)),
            _ => None,
        })
    }

    /// The first VirtualService, mutably.
    pub fn first_virtual_service_mut(&mut self) -> Option<&mut VirtualService> {
        self.documents.iter_mut().find_map(|d| match d {
            Document::VirtualService(v) => Some(v),
            _ => None,
        })
    }

    /// Reads a multi-document YAML text. Fails only when the text is not
    /// YAML at all.
    ///
    /// - VirtualService and DestinationRule of `networking.istio.io` `v1`,
    ///   `v1beta1` or `v1alpha3` are read into the typed model; every other
    ///   document stays [`Document::Other`], verbatim.
    /// - Fields the API server sets (`status`, `metadata.uid`,
    ///   `resourceVersion`, `generation`, `creationTimestamp`, `selfLink`,
    ///   `managedFields`, the `last-applied-configuration` annotation) are
    ///   dropped, with one `server-fields-dropped` info per document.
    /// - Explicit `null` values read as absent, as the API server prunes them.
    /// - Each unknown field is kept (and exported unchanged) and reported
    ///   as an `unknown-field` error with its path and location.
    /// - A document that does not fit its schema (wrong type, missing
    ///   required field, value outside an enum) is kept verbatim as
    ///   [`Document::Other`] with a `schema-type` error.
    pub fn from_yaml(text: &str) -> Result<Loaded, YamlError> {
        let docs = yaml::parse(text)?;
        let mut loaded = Loaded::default();
        for (index, doc) in docs.into_iter().enumerate() {
            let (document, diags) = classify(index, doc.value, &doc.spans);
            loaded.bundle.documents.push(document);
            loaded.diagnostics.extend(diags);
            loaded.spans.push(doc.spans);
        }
        Ok(loaded)
    }

    /// The canonical YAML of the bundle: `---` between documents, other kinds
    /// first, then DestinationRules, then VirtualServices (the order to
    /// apply them in), each group in its original order.
    ///
    /// Each document is converted and written in turn (the same text as
    /// [`yaml::emit_documents`] over [`document_value`](Self::document_value)),
    /// and a [`Document::Other`] is written in place, without a copy.
    pub fn to_yaml(&self, api: ApiVersion) -> String {
        self.write_yaml(api, None)
    }

    /// [`Bundle::to_yaml`], re-emitting only the HTTP rules that changed
    /// since the last call with `cache`: an edit of one rule of a 200-rule
    /// design writes one rule, not 240 KB. The text is the same as
    /// `to_yaml`'s.
    pub fn to_yaml_cached(&self, api: ApiVersion, cache: &mut YamlCache) -> String {
        self.write_yaml(api, Some(cache))
    }

    fn write_yaml(&self, api: ApiVersion, mut cache: Option<&mut YamlCache>) -> String {
        let mut out = String::new();
        let mut written = 0;
        if let Some(c) = cache.as_deref_mut() {
            c.rules.resize_with(self.documents.len(), Vec::new);
        }
        // One pass per group keeps each group in its original order.
        for group in 0..3 {
            for (i, d) in self.documents.iter().enumerate() {
                let in_group = match d {
                    Document::Other(_) => 0,
                    Document::DestinationRule(_) => 1,
                    Document::VirtualService(_) => 2,
                };
                if in_group != group {
                    continue;
                }
                if written > 0 {
                    out.push_str("---\n");
                }
                written += 1;
                match (d, cache.as_deref_mut()) {
                    (Document::VirtualService(v), Some(c)) if !v.spec.http.is_empty() => {
                        write_vs_cached(&mut out, v, api, &mut c.rules[i]);
                    }
                    (Document::VirtualService(v), _) => {
                        yaml::emit_into(&mut out, &typed_value(v, api))
                    }
                    (Document::DestinationRule(r), _) => {
                        yaml::emit_into(&mut out, &typed_value(r, api))
                    }
                    (Document::Other(v), _) => yaml::emit_into(&mut out, v),
                }
            }
        }
        out
    }

    /// One document as a JSON value, with `apiVersion` set to `api` for
    /// VirtualService and DestinationRule.
    pub fn document_value(&self, index: usize, api: ApiVersion) -> Value {
        match &self.documents[index] {
            Document::VirtualService(v) => typed_value(v, api),
            Document::DestinationRule(d) => typed_value(d, api),
            Document::Other(v) => v.clone(),
        }
    }
}

/// The HTTP rules of each document as last written by
/// [`Bundle::to_yaml_cached`], with their text.
#[derive(Clone, Debug, Default)]
pub struct YamlCache {
    /// Per document index: each rule and its text.
    rules: Vec<Vec<(HttpRoute, String)>>,
}

/// Writes VirtualService `v` (with at least one HTTP rule), taking the text
/// of each rule that equals the one in `slot` from there.
fn write_vs_cached(
    out: &mut String,
    v: &VirtualService,
    api: ApiVersion,
    slot: &mut Vec<(HttpRoute, String)>,
) {
    // Everything but the rules, with a placeholder rule so `http` keeps its
    // place among the spec's keys.
    let shell = VirtualService {
        api_version: v.api_version.clone(),
        kind: v.kind.clone(),
        metadata: v.metadata.clone(),
        spec: VirtualServiceSpec {
            hosts: v.spec.hosts.clone(),
            gateways: v.spec.gateways.clone(),
            http: vec![HttpRoute::default()],
            tls: v.spec.tls.clone(),
            tcp: v.spec.tcp.clone(),
            export_to: v.spec.export_to.clone(),
            extra: v.spec.extra.clone(),
        },
        extra: v.extra.clone(),
    };
    slot.truncate(v.spec.http.len());
    for (i, rule) in v.spec.http.iter().enumerate() {
        if slot.get(i).is_some_and(|(old, _)| old == rule) {
            continue;
        }
        let mut text = String::new();
        yaml::emit_seq_item(&mut text, &serde_json::to_value(rule).unwrap_or(Value::Null), 2);
        if i < slot.len() {
            slot[i] = (rule.clone(), text);
        } else {
            slot.push((rule.clone(), text));
        }
    }
    let items: Vec<&str> = slot.iter().map(|(_, t)| t.as_str()).collect();
    match typed_value(&shell, api) {
        Value::Object(m) => yaml::emit_spliced(out, &m, "spec", "http", &items),
        other => yaml::emit_into(out, &other),
    }
}

/// A typed resource as a JSON value, with `apiVersion` set to `api`.
fn typed_value<T: Serialize>(t: &T, api: ApiVersion) -> Value {
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("apiVersion".into(), Value::String(api.as_str().into()));
    }
    v
}

fn is_networking(v: &Value) -> bool {
    v.get("apiVersion")
        .and_then(Value::as_str)
        .and_then(|a| a.strip_prefix(GROUP))
        .is_some_and(|rest| matches!(rest, "/v1" | "/v1beta1" | "/v1alpha3"))
}

/// True when some mapping entry under `v` has a `null` value.
fn has_null_entries(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.values().any(|c| c.is_null() || has_null_entries(c)),
        Value::Array(a) => a.iter().any(has_null_entries),
        _ => false,
    }
}

/// Removes mapping entries whose value is `null`, at any depth, as the API
/// server does for fields without a default. (Sequence items are kept.)
fn prune_null_entries(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, c| !c.is_null());
            m.values_mut().for_each(prune_null_entries);
        }
        Value::Array(a) => a.iter_mut().for_each(prune_null_entries),
        _ => {}
    }
}

/// True when `v` holds any field [`meta::strip_server_fields`] would drop.
fn has_server_fields(v: &Value) -> bool {
    v.get("status").is_some()
        || v.get("metadata").and_then(Value::as_object).is_some_and(|m| {
            meta::SERVER_SET_FIELDS.iter().any(|f| m.contains_key(*f))
                || m.get("annotations").and_then(Value::as_object).is_some_and(|a| {
                    meta::SERVER_SET_ANNOTATIONS.iter().any(|k| a.contains_key(*k))
                })
        })
}

/// Deserializes `v` with path tracking, so a failure says where.
///
/// One deserializer only ([`crate::de`]): a plain pass first (faster) would
/// instantiate every `Deserialize` impl a second time and cost the wasm
/// bundle ~40 KB gzip.
fn typed<T: DeserializeOwned>(v: &Value) -> Result<T, crate::de::DeError> {
    crate::de::from_value(v)
}

fn classify(index: usize, value: Value, spans: &SpanIndex) -> (Document, Vec<Diagnostic>) {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
    if !is_networking(&value) || !matches!(kind.as_str(), "VirtualService" | "DestinationRule") {
        return (Document::Other(value), Vec::new());
    }
    let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
    // Server-set fields and explicit nulls are removed from a copy; the
    // original is kept for a document that does not load.
    let mut dropped = Vec::new();
    let cleaned = if has_server_fields(&value) || has_null_entries(&value) {
        let mut c = value.clone();
        dropped = meta::strip_server_fields(&mut c);
        prune_null_entries(&mut c);
        Some(c)
    } else {
        None
    };
    let input = cleaned.as_ref().unwrap_or(&value);
    let result = if kind == "VirtualService" {
        typed(input).map(Document::VirtualService)
    } else {
        typed(input).map(Document::DestinationRule)
    };
    match result {
        Ok(doc) => {
            let mut diags = Vec::new();
            if !dropped.is_empty() {
                let mut d = Diagnostic::new(
                    &codes::SERVER_FIELDS_DROPPED,
                    String::new(),
                    format!("dropped fields set by the API server: {}", dropped.join(", ")),
                )
                .with_help("nothing to do; `kubectl apply` does not need them")
                .on(index, &kind, &name);
                d.location = spans.locate("");
                diags.push(d);
            }
            let mut unknown = Vec::new();
            let mut path = String::new();
            match &doc {
                Document::VirtualService(v) => v.unknown_fields(&mut path, &mut unknown),
                Document::DestinationRule(r) => r.unknown_fields(&mut path, &mut unknown),
                Document::Other(_) => {}
            }
            for path in unknown {
                let mut d = Diagnostic::new(
                    &codes::UNKNOWN_FIELD,
                    path.clone(),
                    format!("unknown field `{path}` in {kind}; `kubectl apply` rejects it"),
                )
                .with_help("remove the field or correct its spelling; it is exported unchanged")
                .on(index, &kind, &name);
                d.location = spans.locate(&path);
                diags.push(d);
            }
            (doc, diags)
        }
        Err(e) => {
            let path = e.path;
            let mut d = Diagnostic::new(
                &codes::SCHEMA_TYPE,
                path.clone(),
                format!("{kind} does not fit the schema: {}", e.message),
            )
            .with_help("fix the field; the document is kept as written until then")
            .on(index, &kind, &name);
            d.location = spans.locate(&path);
            (Document::Other(value), vec![d])
        }
    }
}
