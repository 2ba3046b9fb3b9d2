//! Messages shared by VirtualService and DestinationRule: [`StringMatch`],
//! [`PortSelector`], [`Percent`], [`Headers`] / [`HeaderOperations`], and
//! the [`UnknownFields`] walk over the `extra` maps.
//!
//! # How the types are shaped
//!
//! - Names are Istio's proto message names in Rust casing; fields are the
//!   snake_case proto field names, written in camelCase on the wire.
//! - Optional scalars are `Option<T>` and are left out when `None`; lists
//!   and maps are left out when empty. Nothing is ever written as `null`.
//!   An explicit `null` in the input reads as absent, which is what it means
//!   to Istio as well.
//! - Every message keeps the fields it does not know in a flattened
//!   `extra` map, verbatim, and writes them back unchanged (after the known
//!   fields). The loader reports each one as an `unknown-field` error,
//!   because `kubectl apply` rejects unknown fields.
//! - **Proto oneofs are sibling `Option`s**, not enums. A document that sets
//!   two members of a oneof (say `exact` and `prefix` in one
//!   [`StringMatch`]) still loads, round-trips unchanged and can be
//!   reported by a validation rule with a coded diagnostic; an enum would
//!   make serde reject the whole document. Each oneof has reading helpers:
//!   a `kind()`-style accessor returning the first member set (in proto
//!   order) as a borrowed enum, and a `*_members()` method listing the wire
//!   names of all members set, for rules that look for conflicts.
//! - Numbers whose CRD type is `number` (a proto `double`) are kept as the
//!   [`serde_json::Number`] that was read, so `10` stays `10` and `10.0`
//!   stays `10.0`; helpers convert to and from `f64`.
//! - Durations are strings as written (`10s`, `1.5s`, `300ms`); the CRD
//!   types them as strings and checks them with a CEL rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// Walks a typed resource and lists the unknown fields it kept in its
/// `extra` maps, each by its full field path (`spec.http[0].foo`).
pub trait UnknownFields {
    /// Appends to `out` the path of every unknown field under `self`, where
    /// `path` is the path of `self`. `path` is restored before returning.
    fn unknown_fields(&self, path: &mut String, out: &mut Vec<String>);
}

/// Appends `.key` (or `key` at the root) to `path`; returns the old length.
pub(crate) fn push_key(path: &mut String, key: &str) -> usize {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    len
}

/// Lists the keys of an `extra` map as unknown fields under `path`.
pub(crate) fn report_extra(extra: &Map<String, Value>, path: &mut String, out: &mut Vec<String>) {
    for k in extra.keys() {
        let len = push_key(path, k);
        out.push(path.clone());
        path.truncate(len);
    }
}

impl<T: UnknownFields> UnknownFields for Option<T> {
    fn unknown_fields(&self, path: &mut String, out: &mut Vec<String>) {
        if let Some(t) = self {
            t.unknown_fields(path, out);
        }
    }
}

impl<T: UnknownFields> UnknownFields for Vec<T> {
    fn unknown_fields(&self, path: &mut String, out: &mut Vec<String>) {
        use std::fmt::Write as _;
        for (i, t) in self.iter().enumerate() {
            let len = path.len();
            let _ = write!(path, "[{i}]");
            t.unknown_fields(path, out);
            path.truncate(len);
        }
    }
}

impl<T: UnknownFields> UnknownFields for BTreeMap<String, T> {
    fn unknown_fields(&self, path: &mut String, out: &mut Vec<String>) {
        for (k, t) in self {
            let len = push_key(path, k);
            t.unknown_fields(path, out);
            path.truncate(len);
        }
    }
}

/// Implements [`UnknownFields`] for a struct with an `extra` map: its own
/// unknown keys, then those of the listed message-typed fields (Rust field
/// name: wire name).
macro_rules! unknown_fields {
    ($ty:ty { $($field:ident : $wire:literal),* $(,)? }) => {
        impl $crate::common::UnknownFields for $ty {
            fn unknown_fields(&self, path: &mut String, out: &mut Vec<String>) {
                $crate::common::report_extra(&self.extra, path, out);
                $(
                    let len = $crate::common::push_key(path, $wire);
                    $crate::common::UnknownFields::unknown_fields(&self.$field, path, out);
                    path.truncate(len);
                )*
            }
        }
    };
}
pub(crate) use unknown_fields;

/// Wire names of the members that are set, from `(name, is_set)` pairs.
pub(crate) fn members(pairs: &[(&'static str, bool)]) -> Vec<&'static str> {
    pairs.iter().filter(|(_, set)| *set).map(|(n, _)| *n).collect()
}

/// A string match (`StringMatch`): exactly one of `exact`, `prefix` or
/// `regex` (an RE2 regular expression). Matching is case-sensitive.
///
/// The proto oneof `match_type` is kept as three sibling options (see the
/// module doc); read it with [`StringMatch::kind`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StringMatch {
    /// Exact string match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    /// Prefix-based match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// [RE2 style](https://github.com/google/re2/wiki/Syntax) regex-based
    /// match; the whole value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Which member of a [`StringMatch`] oneof is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// `exact`: the whole value equals the string.
    Exact,
    /// `prefix`: the value starts with the string.
    Prefix,
    /// `regex`: the whole value matches the RE2 expression.
    Regex,
}

impl MatchKind {
    /// Every kind, in proto order (for a `<select>`).
    pub const ALL: [MatchKind; 3] = [MatchKind::Exact, MatchKind::Prefix, MatchKind::Regex];

    /// The wire name: `exact`, `prefix` or `regex`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Prefix => "prefix",
            MatchKind::Regex => "regex",
        }
    }
}

impl StringMatch {
    /// A match of `kind` against `value`.
    pub fn new(kind: MatchKind, value: impl Into<String>) -> Self {
        let mut m = StringMatch::default();
        m.set(kind, value);
        m
    }

    /// `exact: value`.
    pub fn exact(value: impl Into<String>) -> Self {
        StringMatch::new(MatchKind::Exact, value)
    }

    /// `prefix: value`.
    pub fn prefix(value: impl Into<String>) -> Self {
        StringMatch::new(MatchKind::Prefix, value)
    }

    /// `regex: value`.
    pub fn regex(value: impl Into<String>) -> Self {
        StringMatch::new(MatchKind::Regex, value)
    }

    /// The member in use and its value: the first one set, in proto order
    /// (`exact`, `prefix`, `regex`); `None` when none is set.
    pub fn kind(&self) -> Option<(MatchKind, &str)> {
        if let Some(v) = &self.exact {
            Some((MatchKind::Exact, v))
        } else if let Some(v) = &self.prefix {
            Some((MatchKind::Prefix, v))
        } else {
            self.regex.as_deref().map(|v| (MatchKind::Regex, v))
        }
    }

    /// Makes `kind` the only member set, with `value`.
    pub fn set(&mut self, kind: MatchKind, value: impl Into<String>) {
        let value = Some(value.into());
        self.exact = None;
        self.prefix = None;
        self.regex = None;
        match kind {
            MatchKind::Exact => self.exact = value,
            MatchKind::Prefix => self.prefix = value,
            MatchKind::Regex => self.regex = value,
        }
    }

    /// Wire names of the oneof members that are set; more than one is an
    /// error Istio reports.
    pub fn match_type_members(&self) -> Vec<&'static str> {
        members(&[
            ("exact", self.exact.is_some()),
            ("prefix", self.prefix.is_some()),
            ("regex", self.regex.is_some()),
        ])
    }
}

unknown_fields!(StringMatch {});

/// Selects a port of a service (`PortSelector`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortSelector {
    /// Valid port number (1..65535).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PortSelector {
    /// `number: port`.
    pub fn number(port: u32) -> Self {
        PortSelector { number: Some(port), ..Default::default() }
    }
}

unknown_fields!(PortSelector {});

/// A percentage (`Percent`), a double in the range 0.0 to 100.0.
///
/// `value` keeps the number exactly as written (`10` or `10.0`); use
/// [`Percent::get`] and [`Percent::new`] to work in `f64`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Percent {
    /// The percentage, 0.0..=100.0; absent means 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Number>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Percent {
    /// `value: percent`. A non-finite `percent` leaves `value` absent.
    pub fn new(percent: f64) -> Self {
        Percent { value: Number::from_f64(percent), ..Default::default() }
    }

    /// The percentage as `f64`; 0 when absent.
    pub fn get(&self) -> f64 {
        self.value.as_ref().and_then(Number::as_f64).unwrap_or(0.0)
    }

    /// Sets the percentage; a non-finite `percent` clears it.
    pub fn set(&mut self, percent: f64) {
        self.value = Number::from_f64(percent);
    }
}

unknown_fields!(Percent {});

/// Header manipulation rules (`Headers`): what to change on the request
/// before it is forwarded and on the response before it is returned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Headers {
    /// Header manipulation rules to apply before forwarding a request to the
    /// destination service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<HeaderOperations>,
    /// Header manipulation rules to apply before returning a response to
    /// the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<HeaderOperations>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(Headers { request: "request", response: "response" });

/// Header operations (`Headers.HeaderOperations`), applied in the order
/// `set`, `add`, `remove`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeaderOperations {
    /// Overwrite the headers named by the keys with the given values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, String>,
    /// Append the given values to the headers named by the keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub add: BTreeMap<String, String>,
    /// Remove the named headers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

unknown_fields!(HeaderOperations {});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_match_conflict_still_loads() {
        let m: StringMatch = serde_json::from_value(json!({"exact": "a", "prefix": "b"})).unwrap();
        assert_eq!(m.kind(), Some((MatchKind::Exact, "a")));
        assert_eq!(m.match_type_members(), vec!["exact", "prefix"]);
        assert_eq!(serde_json::to_value(&m).unwrap(), json!({"exact": "a", "prefix": "b"}));
    }

    #[test]
    fn string_match_set_keeps_one_member() {
        let mut m = StringMatch::exact("a");
        m.set(MatchKind::Regex, "^a");
        assert_eq!(serde_json::to_value(&m).unwrap(), json!({"regex": "^a"}));
    }

    #[test]
    fn percent_keeps_the_written_number() {
        let p: Percent = serde_json::from_value(json!({"value": 10})).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), json!({"value": 10}));
        let p: Percent = serde_json::from_value(json!({"value": 10.0})).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap().to_string(), r#"{"value":10.0}"#);
        assert_eq!(p.get(), 10.0);
        assert_eq!(Percent::new(f64::NAN).value, None);
    }

    #[test]
    fn unknown_fields_paths() {
        let h: Headers =
            serde_json::from_value(json!({"request": {"set": {"a": "b"}, "x": 1}, "y": 2}))
                .unwrap();
        let mut out = Vec::new();
        h.unknown_fields(&mut "spec.headers".to_string(), &mut out);
        assert_eq!(out, vec!["spec.headers.y", "spec.headers.request.x"]);
    }
}
