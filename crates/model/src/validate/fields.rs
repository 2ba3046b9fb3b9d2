//! Checks of fields both kinds share: metadata, durations, ports, labels,
//! `exportTo`, string matches and regexes.

use std::collections::{BTreeMap, HashSet};

use super::duration::{check_duration, format_ns, DurationProblem, DurationRule};
use super::names;
use super::regex::{check_regex, RegexProblem, MAX_REGEX_LEN};
use super::Cx;
use crate::codes;
use crate::common::StringMatch;
use crate::meta::ObjectMeta;

/// The namespace Istio judges a resource in: its own, or `default` (where
/// `kubectl apply` puts it when the file names none).
pub(crate) fn namespace_of(meta: &ObjectMeta) -> &str {
    match meta.namespace.as_deref() {
        Some(ns) if !ns.is_empty() => ns,
        _ => "default",
    }
}

/// A DNS-1123 subdomain as the API server checks resource names: lower
/// case, at most 253 characters.
fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        })
}

fn is_lower_dns1123_label(s: &str) -> bool {
    s.len() <= 63 && is_dns1123_subdomain(s) && !s.contains('.')
}

/// Annotations Istio's webhook refuses on networking resources.
const FORBIDDEN_ANNOTATIONS: &[(&str, &str)] = &[
    ("istio.io/dry-run", "only AuthorizationPolicy supports dry-run"),
    ("internal.istio.io/webhook-always-reject", "it makes the webhook reject the resource"),
    ("internal.istio.io/parents", "it is set by Istio itself and may not be set by users"),
    ("internal.istio.io/parent-namespace", "it is set by Istio itself and may not be set by users"),
];

/// `metadata`: the name and namespace the API server accepts, label
/// syntax, and the annotations Istio's webhook refuses.
pub(crate) fn metadata(cx: &mut Cx<'_>, meta: &ObjectMeta) {
    cx.at("metadata", |cx| {
        if meta.name.is_empty() {
            if !meta.extra.contains_key("generateName") {
                cx.report_at("name", &codes::NAME_INVALID, "the resource has no name")
                    .help("set `metadata.name`: lower-case letters, digits, `-` and `.`");
            }
        } else if !is_dns1123_subdomain(&meta.name) {
            cx.report_at(
                "name",
                &codes::NAME_INVALID,
                format!("name `{}` is not a DNS-1123 subdomain", names::truncate(&meta.name, 80)),
            )
            .help("use lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters");
        }
        if let Some(ns) = meta.namespace.as_deref() {
            if !ns.is_empty() && !is_lower_dns1123_label(ns) {
                cx.report_at(
                    "namespace",
                    &codes::NAME_INVALID,
                    format!("namespace `{}` is not a DNS-1123 label", names::truncate(ns, 80)),
                )
                .help("use lower-case letters, digits and `-`, at most 63 characters");
            }
        }
        cx.at("labels", |cx| {
            for (k, v) in &meta.labels {
                if let Err(e) = names::label_key(k) {
                    cx.report_at(k, &codes::LABEL_INVALID, format!("label key {e}"));
                } else if !names::label_value_ok(v) || v.len() > 63 {
                    cx.report_at(
                        k,
                        &codes::LABEL_INVALID,
                        format!("label value `{}` is not a valid label value", names::truncate(v, 80)),
                    )
                    .help("label values are at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit");
                }
            }
        });
        cx.at("annotations", |cx| {
            for (k, why) in FORBIDDEN_ANNOTATIONS {
                if meta.annotations.contains_key(*k) {
                    cx.report_at(
                        k,
                        &codes::ANNOTATION_FORBIDDEN,
                        format!("annotation `{k}` is not allowed here: {why}"),
                    )
                    .help("remove the annotation");
                }
            }
        });
    });
}

/// Whether `meta` asks for Istio's Gateway API route semantics
/// (`internal.istio.io/route-semantics: gateway`).
pub(crate) fn gateway_semantics(meta: &ObjectMeta) -> bool {
    meta.annotations.get("internal.istio.io/route-semantics").map(String::as_str) == Some("gateway")
}

/// The duration at `key` (a string as written), checked under `rule`.
pub(crate) fn duration(cx: &mut Cx<'_>, key: &str, value: Option<&str>, rule: DurationRule) {
    let Some(text) = value else { return };
    let Some(problem) = check_duration(text, rule) else { return };
    match problem {
        DurationProblem::Syntax(e) => {
            cx.report_at(key, &codes::DURATION_SYNTAX, format!("{key} {}", e.describe(text)))
                .help("write a number and a unit (ns, us, ms, s, m, h), e.g. `500ms`, `10s`, `1m30s`; there is no `d`");
        }
        DurationProblem::TooShort(ns) => {
            let what = if ns == 0 {
                format!("{key} `{text}` is zero")
            } else if ns < 0 {
                format!("{key} `{text}` is negative")
            } else {
                format!("{key} `{text}`{} is below the 1ms minimum", normalized(text, ns))
            };
            cx.report_at(key, &codes::DURATION_TOO_SHORT, what).help(
                "use 1ms or more; to fall back to Istio's default, remove the field (there is no 0 that disables it)",
            );
        }
        DurationProblem::SubMillisecond(ns) => {
            cx.report_at(
                key,
                &codes::DURATION_PRECISION,
                format!(
                    "{key} `{text}`{} is not a whole number of milliseconds",
                    normalized(text, ns)
                ),
            )
            .help(format!("round to whole milliseconds, e.g. `{}ms`", (ns / 1_000_000).max(1)));
        }
        DurationProblem::SubSecond(ns) => {
            cx.report_at(
                key,
                &codes::DURATION_PRECISION,
                format!("{key} `{text}`{} is not a whole number of seconds", normalized(text, ns)),
            )
            .help(format!("round to whole seconds, e.g. `{}s`", (ns / 1_000_000_000).max(1)));
        }
    }
}

/// ` (= 1.5ms)` when Go's spelling of `ns` differs from what was written.
fn normalized(text: &str, ns: i64) -> String {
    let go = format_ns(ns);
    if go == text {
        String::new()
    } else {
        format!(" (= {go})")
    }
}

/// A port number at `key`: 1..65535.
pub(crate) fn port(cx: &mut Cx<'_>, key: &str, port: u32) {
    if !(1..=65535).contains(&port) {
        cx.report_at(key, &codes::PORT_INVALID, format!("port {port} is outside 1..65535"))
            .help("use a port number from 1 to 65535");
    }
}

/// Label keys and values (`sourceLabels`, subset `labels`) at `key`, as
/// Istio's `labels.Instance.Validate` checks them.
pub(crate) fn labels<'a>(cx: &mut Cx<'a>, key: &'a str, labels: &BTreeMap<String, String>) {
    if labels.is_empty() {
        return;
    }
    cx.at(key, |cx| {
        for (k, v) in labels {
            if let Err(e) = names::label_key(k) {
                cx.report_at(k, &codes::LABEL_INVALID, format!("label key {e}"))
                    .help("use a Kubernetes label key such as `version` or `app.kubernetes.io/name`");
            }
            if !names::label_value_ok(v) {
                cx.report_at(
                    k,
                    &codes::LABEL_INVALID,
                    format!("label value `{}` of `{k}` is not a valid label value", names::truncate(v, 80)),
                )
                .help("label values are letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit (or empty)");
            }
        }
    });
}

/// A subset name (a DNS-1123 label) at `key`.
pub(crate) fn subset_name(cx: &mut Cx<'_>, key: &str, name: &str) {
    if name.is_empty() {
        cx.report_at(key, &codes::SUBSET_NAME_INVALID, "the subset name is empty")
            .help("name the subset with a DNS-1123 label such as `v1`");
    } else if !names::is_dns1123_label(name) {
        cx.report_at(
            key,
            &codes::SUBSET_NAME_INVALID,
            format!("subset name `{}` is not a DNS-1123 label", names::truncate(name, 80)),
        )
        .help("use letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters (`v1`, `canary`)");
    }
}

/// `exportTo` at `spec.exportTo`, as `validateExportTo` checks it for
/// Istio configuration (not ServiceEntries). `with_selector`: the
/// DestinationRule has a `workloadSelector`.
pub(crate) fn export_to(cx: &mut Cx<'_>, namespace: &str, list: &[String], with_selector: bool) {
    if list.is_empty() {
        return;
    }
    cx.at("exportTo", |cx| {
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, e) in list.iter().enumerate() {
            let key = if e == "." { namespace } else { e.as_str() };
            if seen.contains(key) {
                let msg = if key != e {
                    format!("`.` and the resource's own namespace `{namespace}` are both listed")
                } else {
                    format!("`{e}` is listed twice")
                };
                cx.index(i, |cx| {
                    cx.report(&codes::EXPORT_TO_INVALID, msg).help("list each namespace once");
                });
            } else if key == "~" {
                cx.index(i, |cx| {
                    cx.report(
                        &codes::EXPORT_TO_INVALID,
                        "`~` (export to no one) is only allowed on ServiceEntries",
                    )
                    .help("use `.` to keep the resource in its own namespace");
                });
            } else if key != "." && key != "*" && !names::is_dns1123_label(key) {
                cx.index(i, |cx| {
                    cx.report(
                        &codes::EXPORT_TO_INVALID,
                        format!("`{}` is not `.`, `*` or a namespace name", names::truncate(e, 80)),
                    )
                    .help("use `.` (this namespace), `*` (all namespaces) or a namespace name");
                });
            } else {
                seen.insert(key);
            }
        }
        if with_selector && !seen.is_empty() {
            if seen.contains(namespace) {
                if seen.len() > 1 {
                    cx.report(
                        &codes::EXPORT_TO_INVALID,
                        "a DestinationRule with a workloadSelector cannot be exported to several namespaces",
                    )
                    .help("export it only to its own namespace (`.`)");
                }
            } else {
                cx.report(
                    &codes::EXPORT_TO_INVALID,
                    "a DestinationRule with a workloadSelector cannot be exported beyond its own namespace",
                )
                .help("export it only to its own namespace (`.`), or remove `exportTo`");
            }
        }
        if seen.contains("*") && list.len() > 1 {
            cx.report(&codes::EXPORT_TO_INVALID, "`*` (all namespaces) is listed together with other entries")
                .help("use `*` alone, or list the namespaces");
        }
    });
}

/// Where a string match is. Istio's empty-prefix rule depends on it: `uri`
/// allows an empty prefix, the other places do not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum MatchPlace {
    /// `uri`: an empty prefix matches everything and is allowed.
    Uri,
    /// `scheme`, `method`, `authority`.
    Field,
    /// A `headers` entry.
    Header,
    /// A `withoutHeaders` entry: `regex: "*"` means "present" and is valid.
    WithoutHeaders,
    /// A `queryParams` entry.
    QueryParam,
}

impl MatchPlace {
    /// How messages name the match at `key`.
    fn label(self, key: &str) -> String {
        match self {
            MatchPlace::Uri | MatchPlace::Field => key.to_string(),
            MatchPlace::Header | MatchPlace::WithoutHeaders => format!("header `{key}`"),
            MatchPlace::QueryParam => format!("query parameter `{key}`"),
        }
    }
}

/// A [`StringMatch`] at `key`: the `oneOf` of the CRD and the webhook's
/// `validateStringMatch`. Every member that is set is checked.
pub(crate) fn string_match<'a>(cx: &mut Cx<'a>, key: &'a str, m: &StringMatch, place: MatchPlace) {
    cx.at(key, |cx| {
        let set = usize::from(m.exact.is_some()) + usize::from(m.prefix.is_some()) + usize::from(m.regex.is_some());
        if set > 1 {
            let members = m.match_type_members();
            cx.report(
                &codes::STRING_MATCH_CONFLICT,
                format!(
                    "{} sets {} at once; a string match takes exactly one",
                    place.label(key),
                    super::list_code(&members)
                ),
            )
            .help("keep one of `exact`, `prefix` and `regex`");
        }
        if let Some(p) = &m.prefix {
            if p.is_empty() && place != MatchPlace::Uri {
                cx.report_at("prefix", &codes::STRING_MATCH_EMPTY, format!("{} has an empty prefix", place.label(key)))
                    .help("an empty prefix is only allowed on `uri`; to match any value, use `{}` (presence) for a header, or remove the condition");
            }
        }
        if let Some(r) = &m.regex {
            if !(place == MatchPlace::WithoutHeaders && r == "*") {
                if r.is_empty() {
                    cx.report_at("regex", &codes::STRING_MATCH_EMPTY, format!("{} has an empty regex", place.label(key)))
                        .help("write a pattern, or remove the condition");
                } else {
                    cx.at("regex", |cx| regex(cx, r));
                }
            }
        }
    });
}

/// A regex at the current path: at most 1024 bytes and valid RE2.
pub(crate) fn regex(cx: &mut Cx<'_>, pattern: &str) {
    match check_regex(pattern) {
        None => {}
        Some(RegexProblem::TooLong(len)) => {
            cx.report(
                &codes::REGEX_TOO_LONG,
                format!("the regex is {len} bytes long; Istio accepts at most {MAX_REGEX_LEN}"),
            )
            .help("shorten the pattern, for example by matching a prefix or splitting it over several matches");
        }
        Some(RegexProblem::Syntax(e)) => {
            let expr = if e.expr.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", names::truncate(&e.expr, 60))
            };
            cx.report(
                &codes::REGEX_INVALID,
                format!("regex `{}` is not valid RE2: {}{expr}", names::truncate(pattern, 80), e.code),
            )
            .help("Istio uses RE2 syntax (https://github.com/google/re2/wiki/Syntax): no look-around, no back-references, repeat counts up to 1000");
        }
    }
}
