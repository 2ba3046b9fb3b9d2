//! Rule order: which rules and matches can never apply. A port of the
//! webhook's `analyzeUnreachableHTTPRules` (and its TCP/TLS twins), which
//! `istioctl analyze` reports as IST0130 (VirtualServiceUnreachableRule,
//! warning) and IST0131 (VirtualServiceIneffectiveMatch, info):
//!
//! - a rule after one without matches (a catch-all) is unreachable, and so
//!   is a second catch-all;
//! - a match equal to an earlier one (compared as Istio's JSON, ignoring
//!   `name`) is ineffective; a rule whose matches all are is unreachable;
//! - HTTP only: an earlier `uri.prefix` match covers a later, longer one
//!   when port, method (absent = `GET`), authority, headers, query
//!   parameters and `withoutHeaders` are compatible (compared by their
//!   `exact:`/`prefix:` text; regexes compare as equal).
//!
//! Equal matches are found by hashing, and prefix coverage by looking up
//! the prefixes of each prefix, so a design with thousands of matches is
//! checked in linear time.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::Cx;
use crate::codes;
use crate::common::StringMatch;
use crate::virtual_service::{
    HttpMatchRequest, HttpRoute, L4MatchAttributes, TlsMatchAttributes, VirtualServiceSpec,
};

/// Checks the rule order of `spec.http`, `spec.tcp` and `spec.tls` (the
/// current path is `spec`).
pub(crate) fn check(cx: &mut Cx<'_>, spec: &VirtualServiceSpec) {
    cx.at("http", |cx| http(cx, &spec.http));
    cx.at("tcp", |cx| {
        let rules: Vec<&[L4MatchAttributes]> =
            spec.tcp.iter().map(|r| r.matches.as_slice()).collect();
        l4(cx, &rules, l4_eq);
    });
    cx.at("tls", |cx| {
        let rules: Vec<&[TlsMatchAttributes]> =
            spec.tls.iter().map(|r| r.matches.as_slice()).collect();
        l4(cx, &rules, tls_eq);
    });
}

/// A small, fast, non-cryptographic hasher (the Fx hash of rustc).
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    /// A string, length-terminated (cheaper than `str::hash`).
    #[inline(always)]
    fn str(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.add(s.len() as u64);
    }

    #[inline(always)]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

fn rule_label(r: &HttpRoute, n: usize) -> String {
    match r.name.as_deref() {
        Some(name) if !name.is_empty() => format!("`{name}` (#{n})"),
        _ => format!("#{n}"),
    }
}

fn match_label(m: &HttpMatchRequest, n: usize) -> String {
    match m.name.as_deref() {
        Some(name) if !name.is_empty() => format!("`{name}` (#{n})"),
        _ => format!("#{n}"),
    }
}

/// Which members of an optional string match are set, as four bits.
#[inline(always)]
fn sm_bits(m: Option<&StringMatch>) -> u64 {
    m.map_or(0, |m| {
        1 | u64::from(m.exact.is_some()) << 1
            | u64::from(m.prefix.is_some()) << 2
            | u64::from(m.regex.is_some()) << 3
    })
}

fn hash_sm_strs(h: &mut Fx, m: Option<&StringMatch>) {
    if let Some(m) = m {
        for v in [&m.exact, &m.prefix, &m.regex].into_iter().flatten() {
            h.str(v);
        }
    }
}

fn hash_sm_map(h: &mut Fx, m: &BTreeMap<String, StringMatch>) {
    for (k, v) in m {
        h.str(k);
        h.add(sm_bits(Some(v)));
        hash_sm_strs(h, Some(v));
    }
}

/// Hash of a match as Istio compares them (`name` ignored, zero values
/// equal to absent ones). Shapes are packed into a few words; strings
/// are hashed whole.
fn match_hash(m: &HttpMatchRequest) -> u64 {
    let mut h = Fx::default();
    h.add(
        sm_bits(m.uri.as_ref())
            | sm_bits(m.scheme.as_ref()) << 4
            | sm_bits(m.method.as_ref()) << 8
            | sm_bits(m.authority.as_ref()) << 12
            | u64::from(m.ignore_uri_case.unwrap_or(false)) << 16
            | u64::from(m.port.unwrap_or(0)) << 24,
    );
    h.add(
        (m.headers.len() as u64)
            | (m.query_params.len() as u64) << 16
            | (m.without_headers.len() as u64) << 32
            | (m.source_labels.len() as u64) << 48
            | (m.gateways.len() as u64) << 56,
    );
    hash_sm_strs(&mut h, m.uri.as_ref());
    hash_sm_strs(&mut h, m.scheme.as_ref());
    hash_sm_strs(&mut h, m.method.as_ref());
    hash_sm_strs(&mut h, m.authority.as_ref());
    hash_sm_map(&mut h, &m.headers);
    hash_sm_map(&mut h, &m.query_params);
    hash_sm_map(&mut h, &m.without_headers);
    for (k, v) in &m.source_labels {
        h.str(k);
        h.str(v);
    }
    for g in &m.gateways {
        h.str(g);
    }
    h.str(m.source_namespace.as_deref().unwrap_or(""));
    h.str(m.stat_prefix.as_deref().unwrap_or(""));
    h.finish()
}

fn sm_eq(a: &StringMatch, b: &StringMatch) -> bool {
    a.exact == b.exact && a.prefix == b.prefix && a.regex == b.regex
}

fn opt_sm_eq(a: Option<&StringMatch>, b: Option<&StringMatch>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => sm_eq(a, b),
        _ => false,
    }
}

fn sm_map_eq(a: &BTreeMap<String, StringMatch>, b: &BTreeMap<String, StringMatch>) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && sm_eq(va, vb))
}

/// Istio's `asJSON(a) == asJSON(b)`: equal but for `name`.
fn match_eq(a: &HttpMatchRequest, b: &HttpMatchRequest) -> bool {
    opt_sm_eq(a.uri.as_ref(), b.uri.as_ref())
        && opt_sm_eq(a.scheme.as_ref(), b.scheme.as_ref())
        && opt_sm_eq(a.method.as_ref(), b.method.as_ref())
        && opt_sm_eq(a.authority.as_ref(), b.authority.as_ref())
        && sm_map_eq(&a.headers, &b.headers)
        && a.port.unwrap_or(0) == b.port.unwrap_or(0)
        && a.source_labels == b.source_labels
        && a.gateways == b.gateways
        && sm_map_eq(&a.query_params, &b.query_params)
        && a.ignore_uri_case.unwrap_or(false) == b.ignore_uri_case.unwrap_or(false)
        && sm_map_eq(&a.without_headers, &b.without_headers)
        && a.source_namespace.as_deref().unwrap_or("")
            == b.source_namespace.as_deref().unwrap_or("")
        && a.stat_prefix.as_deref().unwrap_or("") == b.stat_prefix.as_deref().unwrap_or("")
}

/// Istio's `assignExactOrPrefix` without building the string: a tag
/// (`exact:`, `prefix:` or nothing) and the value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tagged<'a> {
    None,
    Exact(&'a str),
    Prefix(&'a str),
}

impl<'a> Tagged<'a> {
    fn of(m: Option<&'a StringMatch>) -> Self {
        let Some(m) = m else { return Tagged::None };
        match (m.exact.as_deref(), m.prefix.as_deref()) {
            (Some(e), _) if !e.is_empty() => Tagged::Exact(e),
            (_, Some(p)) if !p.is_empty() => Tagged::Prefix(p),
            _ => Tagged::None,
        }
    }

    /// Istio's `a == b || strings.HasPrefix(a, b)` on the tagged strings.
    fn compatible(self, b: Tagged<'_>) -> bool {
        match (self, b) {
            (_, Tagged::None) => true,
            (Tagged::Exact(x), Tagged::Exact(y)) | (Tagged::Prefix(x), Tagged::Prefix(y)) => {
                x.starts_with(y)
            }
            _ => false,
        }
    }
}

/// A `uri.prefix` match, as `genMatchHTTPRoutes` keeps it.
struct PrefixMatch<'a> {
    rule: usize,
    matchn: usize,
    prefix: &'a str,
    m: &'a HttpMatchRequest,
}

impl<'a> PrefixMatch<'a> {
    fn new(rule: usize, matchn: usize, m: &'a HttpMatchRequest) -> Option<Self> {
        let prefix = m.uri.as_ref()?.prefix.as_deref()?;
        (!prefix.is_empty()).then_some(PrefixMatch { rule, matchn, prefix, m })
    }

    /// The method, `exact:GET` when absent.
    fn method(&self) -> Tagged<'a> {
        match Tagged::of(self.m.method.as_ref()) {
            Tagged::None => Tagged::Exact("GET"),
            t => t,
        }
    }
}

/// Istio's `coveredValidation(a, b)`, given that `b.prefix` starts with
/// `a.prefix`.
fn covers(a: &PrefixMatch<'_>, b: &PrefixMatch<'_>) -> bool {
    fn maps(a: &BTreeMap<String, StringMatch>, b: &BTreeMap<String, StringMatch>) -> bool {
        a.len() == b.len()
            && a.iter().all(|(k, va)| {
                b.get(k).is_some_and(|vb| Tagged::of(Some(va)).compatible(Tagged::of(Some(vb))))
            })
    }
    a.m.port.unwrap_or(0) == b.m.port.unwrap_or(0)
        && a.method().compatible(b.method())
        && Tagged::of(a.m.authority.as_ref()).compatible(Tagged::of(b.m.authority.as_ref()))
        && maps(&a.m.headers, &b.m.headers)
        && maps(&a.m.query_params, &b.m.query_params)
        && maps(&a.m.without_headers, &b.m.without_headers)
}

fn http(cx: &mut Cx<'_>, routes: &[HttpRoute]) {
    // First match seen per hash; matches that collide on a hash without
    // being equal go to `collided`.
    let total: usize = routes.iter().map(|r| r.matches.len()).sum();
    let mut seen: FxMap<u64, (u32, u32)> =
        FxMap::with_capacity_and_hasher(total, BuildHasherDefault::default());
    let mut collided: Vec<(u64, u32, u32)> = Vec::new();
    let mut catch_all: Option<usize> = None;
    let mut prefixes: Vec<PrefixMatch<'_>> = Vec::with_capacity(total);
    for (rulen, route) in routes.iter().enumerate() {
        if route.matches.is_empty() {
            if let Some(prev) = catch_all {
                cx.index(rulen, |cx| {
                    cx.report(
                        &codes::RULE_UNREACHABLE,
                        format!(
                            "rule {} is never used: only the last rule can have no matches, and rule {} before it has none",
                            rule_label(route, rulen),
                            rule_label(&routes[prev], prev)
                        ),
                    )
                    .help("add match conditions to one of the two rules, or remove one");
                });
            }
            catch_all = Some(rulen);
            continue;
        }
        if let Some(prev) = catch_all {
            cx.index(rulen, |cx| {
                cx.report(
                    &codes::RULE_UNREACHABLE,
                    format!(
                        "rule {} is never used: rule {} before it has no matches and takes every request",
                        rule_label(route, rulen),
                        rule_label(&routes[prev], prev)
                    ),
                )
                .help("move the rule without matches to the end: rules are tried in order and the first that matches wins");
            });
            continue;
        }
        let mut duplicates = 0;
        for (matchn, m) in route.matches.iter().enumerate() {
            let h = match_hash(m);
            let same = |&(r, j): &(u32, u32)| match_eq(&routes[r as usize].matches[j as usize], m);
            let earlier = match seen.get(&h) {
                None => None,
                Some(first) if same(first) => Some(*first),
                Some(_) => {
                    collided.iter().filter(|c| c.0 == h).map(|c| (c.1, c.2)).find(|c| same(c))
                }
            }
            .map(|(r, j)| (r as usize, j as usize));
            if let Some((r, j)) = earlier {
                duplicates += 1;
                cx.index(rulen, |cx| {
                    cx.at("match", |cx| {
                        cx.index(matchn, |cx| {
                            let whose = if r == rulen {
                                format!(
                                    "match {} of the same rule is identical",
                                    match_label(&routes[r].matches[j], j)
                                )
                            } else {
                                format!(
                                    "rule {} has the same match ({})",
                                    rule_label(&routes[r], r),
                                    match_label(&routes[r].matches[j], j)
                                )
                            };
                            cx.report(
                                &codes::MATCH_INEFFECTIVE,
                                format!(
                                    "match {} of rule {} is never used: {whose}",
                                    match_label(m, matchn),
                                    rule_label(route, rulen)
                                ),
                            )
                            .help("remove the duplicate match");
                        });
                    });
                });
                continue;
            }
            let here = (rulen as u32, matchn as u32);
            match seen.entry(h) {
                std::collections::hash_map::Entry::Occupied(_) => {
                    collided.push((h, here.0, here.1))
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(here);
                }
            }
            if let Some(p) = PrefixMatch::new(rulen, matchn, m) {
                prefixes.push(p);
            }
        }
        if duplicates == route.matches.len() {
            cx.index(rulen, |cx| {
                cx.report(
                    &codes::RULE_UNREACHABLE,
                    format!(
                        "rule {} is never used: all its matches repeat matches of earlier rules",
                        rule_label(route, rulen)
                    ),
                )
                .help("remove the rule, or change its matches");
            });
        }
    }
    overlapping_prefixes(cx, routes, &prefixes);
}

/// The prefix-coverage half of IST0131.
fn overlapping_prefixes(cx: &mut Cx<'_>, routes: &[HttpRoute], prefixes: &[PrefixMatch<'_>]) {
    if prefixes.len() < 2 {
        return;
    }
    // Matches by prefix, as chains through `next` in list order.
    let mut by_prefix: FxMap<&str, (usize, usize)> =
        FxMap::with_capacity_and_hasher(prefixes.len(), BuildHasherDefault::default());
    let mut next: Vec<usize> = vec![usize::MAX; prefixes.len()];
    let mut lengths: Vec<usize> = Vec::new();
    for (i, p) in prefixes.iter().enumerate() {
        match by_prefix.get_mut(p.prefix) {
            Some((_, tail)) => {
                next[*tail] = i;
                *tail = i;
            }
            None => {
                by_prefix.insert(p.prefix, (i, i));
            }
        }
        lengths.push(p.prefix.len());
    }
    lengths.sort_unstable();
    lengths.dedup();
    for (bi, b) in prefixes.iter().enumerate() {
        for &len in lengths.iter().take_while(|l| **l < b.prefix.len()) {
            let Some(head) = b.prefix.get(..len) else { continue };
            let Some(&(first, _)) = by_prefix.get(head) else { continue };
            let mut ai = first;
            while ai < bi {
                let a = &prefixes[ai];
                ai = next[ai];
                if covers(a, b) {
                    let mb = &routes[b.rule].matches[b.matchn];
                    let ma = &routes[a.rule].matches[a.matchn];
                    cx.index(b.rule, |cx| {
                        cx.at("match", |cx| {
                            cx.index(b.matchn, |cx| {
                                cx.report(
                                    &codes::MATCH_INEFFECTIVE,
                                    format!(
                                        "match {} (prefix `{}`) of rule {} is never used: match {} (prefix `{}`) of rule {} comes first and covers it",
                                        match_label(mb, b.matchn),
                                        b.prefix,
                                        rule_label(&routes[b.rule], b.rule),
                                        match_label(ma, a.matchn),
                                        a.prefix,
                                        rule_label(&routes[a.rule], a.rule),
                                    ),
                                )
                                .help("put the longer, more specific prefix first");
                            });
                        });
                    });
                }
            }
        }
    }
}

fn l4_eq(a: &L4MatchAttributes, b: &L4MatchAttributes) -> bool {
    a.destination_subnets == b.destination_subnets
        && a.port.unwrap_or(0) == b.port.unwrap_or(0)
        && a.source_subnet.as_deref().unwrap_or("") == b.source_subnet.as_deref().unwrap_or("")
        && a.source_labels == b.source_labels
        && a.gateways == b.gateways
        && a.source_namespace.as_deref().unwrap_or("")
            == b.source_namespace.as_deref().unwrap_or("")
}

fn tls_eq(a: &TlsMatchAttributes, b: &TlsMatchAttributes) -> bool {
    a.sni_hosts == b.sni_hosts
        && a.destination_subnets == b.destination_subnets
        && a.port.unwrap_or(0) == b.port.unwrap_or(0)
        && a.source_labels == b.source_labels
        && a.gateways == b.gateways
        && a.source_namespace.as_deref().unwrap_or("")
            == b.source_namespace.as_deref().unwrap_or("")
}

/// `analyzeUnreachableTCPRules` / `…TLSRules` (the current path is the
/// rule list). TCP and TLS rules have no names.
fn l4<M>(cx: &mut Cx<'_>, rules: &[&[M]], eq: fn(&M, &M) -> bool) {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    let mut catch_all: Option<usize> = None;
    for (rulen, matches) in rules.iter().enumerate() {
        if matches.is_empty() {
            if let Some(prev) = catch_all {
                cx.index(rulen, |cx| {
                    cx.report(
                        &codes::RULE_UNREACHABLE,
                        format!("rule #{rulen} is never used: only the last rule can have no matches, and rule #{prev} before it has none"),
                    )
                    .help("add match conditions to one of the two rules, or remove one");
                });
            }
            catch_all = Some(rulen);
            continue;
        }
        if let Some(prev) = catch_all {
            cx.index(rulen, |cx| {
                cx.report(
                    &codes::RULE_UNREACHABLE,
                    format!("rule #{rulen} is never used: rule #{prev} before it has no matches and takes every connection"),
                )
                .help("move the rule without matches to the end");
            });
            continue;
        }
        let mut duplicates = 0;
        for (matchn, m) in matches.iter().enumerate() {
            if let Some(&(r, j)) = seen.iter().find(|(r, j)| eq(&rules[*r][*j], m)) {
                duplicates += 1;
                cx.index(rulen, |cx| {
                    cx.at("match", |cx| {
                        cx.index(matchn, |cx| {
                            cx.report(
                                &codes::MATCH_INEFFECTIVE,
                                format!("match #{matchn} of rule #{rulen} is never used: rule #{r} has the same match (#{j})"),
                            )
                            .help("remove the duplicate match");
                        });
                    });
                });
            } else {
                seen.push((rulen, matchn));
            }
        }
        if duplicates == matches.len() {
            cx.index(rulen, |cx| {
                cx.report(
                    &codes::RULE_UNREACHABLE,
                    format!("rule #{rulen} is never used: all its matches repeat matches of earlier rules"),
                )
                .help("remove the rule, or change its matches");
            });
        }
    }
}
