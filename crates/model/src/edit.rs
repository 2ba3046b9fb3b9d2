//! Editing operations the designer offers, as plain functions on the model.
//!
//! Everything a form does beyond setting one field lives here (weights that
//! rebalance, rules that move, subsets created where they are referenced), so
//! the browser app holds no rule of its own and every operation is tested
//! natively.

use crate::bundle::{ApiVersion, Bundle, Document};
use crate::common::{MatchKind, StringMatch};
use crate::destination_rule::TrafficPolicy;
use crate::destination_rule::{DestinationRule, DestinationRuleSpec, Subset};
use crate::meta::ObjectMeta;
use crate::virtual_service::{
    Destination, HttpMatchRequest, HttpRoute, HttpRouteDestination, VirtualService,
};

/// The total the weight controls of one rule work towards when rebalancing.
pub const WEIGHT_TOTAL: i32 = 100;

/// Sets destination `index`'s weight to `weight` and spreads the rest of
/// [`WEIGHT_TOTAL`] over the other destinations that are not `locked`, in
/// proportion to their current weights (evenly when they are all 0).
///
/// The moved weight is clamped so that locked weights stay as they are.
/// `locked[i]` says whether destination `i` is locked; missing entries are
/// unlocked. With a single destination only its weight is set.
pub fn rebalance(route: &mut HttpRoute, index: usize, weight: i32, locked: &[bool]) {
    let n = route.route.len();
    if index >= n {
        return;
    }
    let is_locked = |i: usize| locked.get(i).copied().unwrap_or(false);
    let locked_sum: i32 =
        (0..n).filter(|&i| i != index && is_locked(i)).map(|i| weight_of(route, i)).sum();
    let free: Vec<usize> = (0..n).filter(|&i| i != index && !is_locked(i)).collect();
    if free.is_empty() {
        route.set_weight(index, weight);
        return;
    }
    let weight = weight.clamp(0, (WEIGHT_TOTAL - locked_sum).max(0));
    route.set_weight(index, weight);
    let budget = (WEIGHT_TOTAL - locked_sum - weight).max(0);
    let current: Vec<i32> = free.iter().map(|&i| weight_of(route, i)).collect();
    for (slot, w) in free.iter().zip(distribute(budget, &current)) {
        route.set_weight(*slot, w);
    }
}

/// Gives every unlocked destination an equal share of what the locked ones
/// leave of [`WEIGHT_TOTAL`] (the first ones get the remainder).
pub fn split_evenly(route: &mut HttpRoute, locked: &[bool]) {
    let n = route.route.len();
    let is_locked = |i: usize| locked.get(i).copied().unwrap_or(false);
    let locked_sum: i32 = (0..n).filter(|&i| is_locked(i)).map(|i| weight_of(route, i)).sum();
    let free: Vec<usize> = (0..n).filter(|&i| !is_locked(i)).collect();
    let budget = (WEIGHT_TOTAL - locked_sum).max(0);
    let even = vec![1; free.len()];
    for (slot, w) in free.iter().zip(distribute(budget, &even)) {
        route.set_weight(*slot, w);
    }
}

fn weight_of(route: &HttpRoute, i: usize) -> i32 {
    route.route.get(i).and_then(|d| d.weight).unwrap_or(0).max(0)
}

/// Splits `budget` in proportion to `current` (evenly when all are 0), in
/// whole numbers that add up to `budget` (largest remainder first).
pub fn distribute(budget: i32, current: &[i32]) -> Vec<i32> {
    let n = current.len();
    if n == 0 {
        return Vec::new();
    }
    let total: i64 = current.iter().map(|&w| i64::from(w.max(0))).sum();
    let basis: Vec<i64> = if total == 0 {
        vec![1; n]
    } else {
        current.iter().map(|&w| i64::from(w.max(0))).collect()
    };
    let basis_total: i64 = basis.iter().sum();
    let budget64 = i64::from(budget.max(0));
    let mut out: Vec<i64> = basis.iter().map(|b| budget64 * b / basis_total).collect();
    let mut rest = budget64 - out.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((budget64 * basis[i]) % basis_total));
    for &i in order.iter().cycle() {
        if rest <= 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out.into_iter().map(|w| w as i32).collect()
}

/// Moves HTTP rule `from` to position `to` (both clamped to the list).
pub fn move_rule(vs: &mut VirtualService, from: usize, to: usize) {
    let http = &mut vs.spec.http;
    if from >= http.len() {
        return;
    }
    let to = to.min(http.len() - 1);
    let rule = http.remove(from);
    http.insert(to, rule);
}

/// Inserts a copy of HTTP rule `index` right after it; the copy's name (if
/// any) gets a `-copy` suffix so names stay unique.
pub fn duplicate_rule(vs: &mut VirtualService, index: usize) {
    if let Some(rule) = vs.spec.http.get(index).cloned() {
        let mut copy = rule;
        if let Some(name) = &mut copy.name {
            name.push_str("-copy");
        }
        vs.spec.http.insert(index + 1, copy);
    }
}

/// A new HTTP rule sending everything to the VirtualService's first host.
pub fn new_rule(vs: &VirtualService) -> HttpRoute {
    let host = vs.spec.hosts.first().cloned().unwrap_or_else(|| vs.metadata.name.clone());
    HttpRoute {
        route: vec![HttpRouteDestination {
            destination: Destination { host, ..Default::default() },
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Adds a destination to `route` for `host`, with weight 0 when the others
/// carry weights.
pub fn add_destination(route: &mut HttpRoute, host: &str) {
    let weight = if route.route.iter().any(|d| d.weight.is_some()) { Some(0) } else { None };
    route.route.push(HttpRouteDestination {
        destination: Destination { host: host.to_string(), ..Default::default() },
        weight,
        ..Default::default()
    });
}

/// The short name of a service host (`reviews` for `reviews.default.svc.cluster.local`).
pub fn short_host(host: &str) -> &str {
    host.split('.').next().unwrap_or(host)
}

/// Index of the DestinationRule whose host names the same service as `host`.
pub fn destination_rule_for(bundle: &Bundle, host: &str) -> Option<usize> {
    bundle
        .destination_rules()
        .find(|(_, dr)| dr.spec.host == host || short_host(&dr.spec.host) == short_host(host))
        .map(|(i, _)| i)
}

/// True when a DestinationRule in the bundle defines `subset` for `host`.
pub fn subset_defined(bundle: &Bundle, host: &str, subset: &str) -> bool {
    destination_rule_for(bundle, host).is_some_and(|i| match &bundle.documents[i] {
        Document::DestinationRule(dr) => dr.spec.subsets.iter().any(|s| s.name == subset),
        _ => false,
    })
}

/// Makes sure subset `subset` of `host` exists: adds it (selecting
/// `version: <subset>`) to the host's DestinationRule, creating the
/// DestinationRule (before the first VirtualService) when there is none.
pub fn ensure_subset(bundle: &mut Bundle, host: &str, subset: &str, namespace: Option<&str>) {
    if subset.is_empty() || subset_defined(bundle, host, subset) {
        return;
    }
    if let Some(i) = destination_rule_for(bundle, host) {
        if let Document::DestinationRule(dr) = &mut bundle.documents[i] {
            dr.spec.subsets.push(Subset::versioned(subset));
        }
        return;
    }
    let name = short_host(host).to_string();
    let dr = DestinationRule {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "DestinationRule".into(),
        metadata: ObjectMeta {
            name,
            namespace: namespace.map(str::to_string),
            ..Default::default()
        },
        spec: DestinationRuleSpec {
            host: host.to_string(),
            subsets: vec![Subset::versioned(subset)],
            ..Default::default()
        },
        ..Default::default()
    };
    let at = bundle
        .documents
        .iter()
        .position(|d| matches!(d, Document::VirtualService(_)))
        .unwrap_or(bundle.documents.len());
    bundle.documents.insert(at, Document::DestinationRule(dr));
}

/// Escapes regex metacharacters so `s` matches itself literally (RE2 syntax).
pub fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A regex for the `cookie` request header that matches when the request
/// carries cookie `name` with exactly `value`, wherever it stands.
///
/// Browsers separate cookies with `; ` (semicolon and space), so the pattern
/// allows optional spaces after each `;`, unlike the common
/// `^(.*?;)?(user=beta)(;.*)?$`, which misses `theme=dark; user=beta`.
pub fn cookie_regex(name: &str, value: &str) -> String {
    format!("^(.*?;\\s*)?({}={})(;.*)?$", regex_escape(name), regex_escape(value))
}

/// The service name new resources default to: the first VirtualService
/// host, else the first DestinationRule host, else `reviews`.
pub fn default_service(bundle: &Bundle) -> String {
    bundle
        .virtual_services()
        .find_map(|(_, v)| v.spec.hosts.first().cloned())
        .or_else(|| {
            bundle.destination_rules().map(|(_, d)| d.spec.host.clone()).find(|h| !h.is_empty())
        })
        .unwrap_or_else(|| "reviews".into())
}

/// Appends a VirtualService for [`default_service`] with one rule that
/// sends everything to it.
pub fn add_virtual_service(bundle: &mut Bundle) {
    let host = default_service(bundle);
    let mut vs = VirtualService {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "VirtualService".into(),
        metadata: ObjectMeta::named(short_host(&host), "default"),
        ..Default::default()
    };
    vs.spec.hosts.push(host);
    let rule = new_rule(&vs);
    vs.spec.http.push(rule);
    bundle.documents.push(Document::VirtualService(vs));
}

/// Adds a DestinationRule for [`default_service`] (no subsets yet) before
/// the first VirtualService.
pub fn add_destination_rule(bundle: &mut Bundle) {
    let host = default_service(bundle);
    let dr = DestinationRule {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "DestinationRule".into(),
        metadata: ObjectMeta::named(short_host(&host), "default"),
        spec: DestinationRuleSpec { host, ..Default::default() },
        ..Default::default()
    };
    let at = bundle
        .documents
        .iter()
        .position(|d| matches!(d, Document::VirtualService(_)))
        .unwrap_or(bundle.documents.len());
    bundle.documents.insert(at, Document::DestinationRule(dr));
}

/// What one condition of a match block tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConditionKind {
    /// `uri`: the request path.
    Uri,
    /// `scheme`: `http` or `https`.
    Scheme,
    /// `method`: `GET`, `POST`, …
    Method,
    /// `authority`: the `Host` / `:authority` header.
    Authority,
    /// `headers.<name>`: a request header.
    Header,
    /// `withoutHeaders.<name>`: a header that must not match.
    WithoutHeader,
    /// `queryParams.<name>`: a query parameter.
    QueryParam,
    /// `port`: the port the request arrived on.
    Port,
    /// `sourceLabels.<name>`: a label of the calling workload.
    SourceLabel,
    /// `sourceNamespace`: the calling workload's namespace.
    SourceNamespace,
    /// `gateways`: the gateways the condition applies to.
    Gateways,
    /// `ignoreUriCase`: compare the uri case-insensitively.
    IgnoreUriCase,
}

impl ConditionKind {
    /// Every kind, in the order the "add condition" menu lists them.
    pub const ALL: [ConditionKind; 12] = [
        ConditionKind::Header,
        ConditionKind::Uri,
        ConditionKind::Method,
        ConditionKind::QueryParam,
        ConditionKind::SourceLabel,
        ConditionKind::SourceNamespace,
        ConditionKind::WithoutHeader,
        ConditionKind::Authority,
        ConditionKind::Scheme,
        ConditionKind::Port,
        ConditionKind::Gateways,
        ConditionKind::IgnoreUriCase,
    ];

    /// The field's name in YAML.
    pub fn wire(self) -> &'static str {
        match self {
            ConditionKind::Uri => "uri",
            ConditionKind::Scheme => "scheme",
            ConditionKind::Method => "method",
            ConditionKind::Authority => "authority",
            ConditionKind::Header => "headers",
            ConditionKind::WithoutHeader => "withoutHeaders",
            ConditionKind::QueryParam => "queryParams",
            ConditionKind::Port => "port",
            ConditionKind::SourceLabel => "sourceLabels",
            ConditionKind::SourceNamespace => "sourceNamespace",
            ConditionKind::Gateways => "gateways",
            ConditionKind::IgnoreUriCase => "ignoreUriCase",
        }
    }

    /// A short label for menus.
    pub fn label(self) -> &'static str {
        match self {
            ConditionKind::Uri => "URI path",
            ConditionKind::Scheme => "Scheme",
            ConditionKind::Method => "Method",
            ConditionKind::Authority => "Authority (host)",
            ConditionKind::Header => "Header",
            ConditionKind::WithoutHeader => "Without header",
            ConditionKind::QueryParam => "Query parameter",
            ConditionKind::Port => "Port",
            ConditionKind::SourceLabel => "Source label",
            ConditionKind::SourceNamespace => "Source namespace",
            ConditionKind::Gateways => "Gateways",
            ConditionKind::IgnoreUriCase => "Ignore URI case",
        }
    }

    /// Parses [`ConditionKind::wire`].
    pub fn from_wire(s: &str) -> Option<Self> {
        ConditionKind::ALL.into_iter().find(|k| k.wire() == s)
    }

    /// True for kinds keyed by a name (headers, query parameters, labels).
    pub fn keyed(self) -> bool {
        matches!(
            self,
            ConditionKind::Header
                | ConditionKind::WithoutHeader
                | ConditionKind::QueryParam
                | ConditionKind::SourceLabel
        )
    }

    /// True for kinds whose value is a [`StringMatch`] (exact/prefix/regex).
    pub fn string_match(self) -> bool {
        matches!(
            self,
            ConditionKind::Uri
                | ConditionKind::Scheme
                | ConditionKind::Method
                | ConditionKind::Authority
                | ConditionKind::Header
                | ConditionKind::WithoutHeader
                | ConditionKind::QueryParam
        )
    }
}

/// One condition of a match block, as the designer lists it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Condition {
    /// What it tests.
    pub kind: ConditionKind,
    /// The header / parameter / label name for keyed kinds, else empty.
    pub key: String,
}

impl Condition {
    /// The condition's field path below the match block (`headers.x-team`).
    pub fn path(&self) -> String {
        if self.kind.keyed() {
            format!("{}.{}", self.kind.wire(), self.key)
        } else {
            self.kind.wire().to_string()
        }
    }
}

/// The conditions set in match block `m`, in a stable order.
pub fn conditions(m: &HttpMatchRequest) -> Vec<Condition> {
    let mut out = Vec::new();
    let plain = |k: ConditionKind| Condition { kind: k, key: String::new() };
    let keyed = |k: ConditionKind, key: &String| Condition { kind: k, key: key.clone() };
    if m.uri.is_some() {
        out.push(plain(ConditionKind::Uri));
    }
    if m.ignore_uri_case.is_some() {
        out.push(plain(ConditionKind::IgnoreUriCase));
    }
    if m.method.is_some() {
        out.push(plain(ConditionKind::Method));
    }
    if m.scheme.is_some() {
        out.push(plain(ConditionKind::Scheme));
    }
    if m.authority.is_some() {
        out.push(plain(ConditionKind::Authority));
    }
    out.extend(m.headers.keys().map(|k| keyed(ConditionKind::Header, k)));
    out.extend(m.without_headers.keys().map(|k| keyed(ConditionKind::WithoutHeader, k)));
    out.extend(m.query_params.keys().map(|k| keyed(ConditionKind::QueryParam, k)));
    if m.port.is_some() {
        out.push(plain(ConditionKind::Port));
    }
    out.extend(m.source_labels.keys().map(|k| keyed(ConditionKind::SourceLabel, k)));
    if m.source_namespace.is_some() {
        out.push(plain(ConditionKind::SourceNamespace));
    }
    if !m.gateways.is_empty() {
        out.push(plain(ConditionKind::Gateways));
    }
    out
}

fn string_match_slot<'a>(
    m: &'a mut HttpMatchRequest,
    kind: ConditionKind,
    key: &str,
) -> Option<&'a mut StringMatch> {
    match kind {
        ConditionKind::Uri => Some(m.uri.get_or_insert_with(Default::default)),
        ConditionKind::Scheme => Some(m.scheme.get_or_insert_with(Default::default)),
        ConditionKind::Method => Some(m.method.get_or_insert_with(Default::default)),
        ConditionKind::Authority => Some(m.authority.get_or_insert_with(Default::default)),
        ConditionKind::Header => Some(m.headers.entry(key.to_string()).or_default()),
        ConditionKind::WithoutHeader => Some(m.without_headers.entry(key.to_string()).or_default()),
        ConditionKind::QueryParam => Some(m.query_params.entry(key.to_string()).or_default()),
        _ => None,
    }
}

/// The string match of a condition, if it has one and it is set.
pub fn condition_match<'a>(m: &'a HttpMatchRequest, c: &Condition) -> Option<&'a StringMatch> {
    match c.kind {
        ConditionKind::Uri => m.uri.as_ref(),
        ConditionKind::Scheme => m.scheme.as_ref(),
        ConditionKind::Method => m.method.as_ref(),
        ConditionKind::Authority => m.authority.as_ref(),
        ConditionKind::Header => m.headers.get(&c.key),
        ConditionKind::WithoutHeader => m.without_headers.get(&c.key),
        ConditionKind::QueryParam => m.query_params.get(&c.key),
        _ => None,
    }
}

/// The value of a condition as text (the matcher's value, the label value,
/// the port, the gateways comma-separated, `true`/`false`).
pub fn condition_value(m: &HttpMatchRequest, c: &Condition) -> String {
    match c.kind {
        ConditionKind::Port => m.port.map(|p| p.to_string()).unwrap_or_default(),
        ConditionKind::SourceLabel => m.source_labels.get(&c.key).cloned().unwrap_or_default(),
        ConditionKind::SourceNamespace => m.source_namespace.clone().unwrap_or_default(),
        ConditionKind::Gateways => m.gateways.join(", "),
        ConditionKind::IgnoreUriCase => m.ignore_uri_case.unwrap_or(false).to_string(),
        _ => condition_match(m, c)
            .and_then(|s| s.kind())
            .map(|(_, v)| v.to_string())
            .unwrap_or_default(),
    }
}

/// The operator of a string-match condition: `exact`, `prefix`, `regex`, or
/// `present` when no value is given (Istio then only checks presence).
pub fn condition_operator(m: &HttpMatchRequest, c: &Condition) -> &'static str {
    match condition_match(m, c).and_then(StringMatch::kind) {
        Some((k, _)) => k.as_str(),
        None => "present",
    }
}

/// Adds a condition of `kind` (keyed kinds get `key`) with an empty value.
pub fn add_condition(m: &mut HttpMatchRequest, kind: ConditionKind, key: &str) {
    match kind {
        ConditionKind::Port => m.port = Some(m.port.unwrap_or(80)),
        ConditionKind::SourceLabel => {
            m.source_labels.entry(key.to_string()).or_default();
        }
        ConditionKind::SourceNamespace => {
            m.source_namespace.get_or_insert_with(String::new);
        }
        ConditionKind::Gateways => {
            if m.gateways.is_empty() {
                m.gateways.push("mesh".into());
            }
        }
        ConditionKind::IgnoreUriCase => m.ignore_uri_case = Some(true),
        _ => {
            if let Some(s) = string_match_slot(m, kind, key) {
                if s.kind().is_none() {
                    s.set(MatchKind::Exact, "");
                }
            }
        }
    }
}

/// Removes condition `c`.
pub fn remove_condition(m: &mut HttpMatchRequest, c: &Condition) {
    match c.kind {
        ConditionKind::Uri => m.uri = None,
        ConditionKind::Scheme => m.scheme = None,
        ConditionKind::Method => m.method = None,
        ConditionKind::Authority => m.authority = None,
        ConditionKind::Header => {
            m.headers.remove(&c.key);
        }
        ConditionKind::WithoutHeader => {
            m.without_headers.remove(&c.key);
        }
        ConditionKind::QueryParam => {
            m.query_params.remove(&c.key);
        }
        ConditionKind::Port => m.port = None,
        ConditionKind::SourceLabel => {
            m.source_labels.remove(&c.key);
        }
        ConditionKind::SourceNamespace => m.source_namespace = None,
        ConditionKind::Gateways => m.gateways.clear(),
        ConditionKind::IgnoreUriCase => m.ignore_uri_case = None,
    }
}

/// Renames the key of keyed condition `c` to `key`, keeping its value.
/// Returns false (and changes nothing) when `key` is empty or already used.
pub fn rename_condition(m: &mut HttpMatchRequest, c: &Condition, key: &str) -> bool {
    let key = key.trim();
    if key.is_empty() || key == c.key {
        return false;
    }
    fn mv<V>(map: &mut std::collections::BTreeMap<String, V>, from: &str, to: &str) -> bool {
        if map.contains_key(to) {
            return false;
        }
        match map.remove(from) {
            Some(v) => {
                map.insert(to.to_string(), v);
                true
            }
            None => false,
        }
    }
    match c.kind {
        ConditionKind::Header => mv(&mut m.headers, &c.key, key),
        ConditionKind::WithoutHeader => mv(&mut m.without_headers, &c.key, key),
        ConditionKind::QueryParam => mv(&mut m.query_params, &c.key, key),
        ConditionKind::SourceLabel => mv(&mut m.source_labels, &c.key, key),
        _ => false,
    }
}

/// Sets the operator (`exact`, `prefix`, `regex`, `present`) of a string
/// match condition, keeping its value.
pub fn set_condition_operator(m: &mut HttpMatchRequest, c: &Condition, op: &str) {
    let value = condition_value(m, c);
    if let Some(s) = string_match_slot(m, c.kind, &c.key) {
        match MatchKind::ALL.into_iter().find(|k| k.as_str() == op) {
            Some(kind) => s.set(kind, value),
            None => {
                s.exact = None;
                s.prefix = None;
                s.regex = None;
            }
        }
    }
}

/// Sets the value of condition `c` from text. Returns false when the text
/// does not fit (a port that is not a number).
pub fn set_condition_value(m: &mut HttpMatchRequest, c: &Condition, value: &str) -> bool {
    match c.kind {
        ConditionKind::Port => match value.trim().parse::<u32>() {
            Ok(p) => m.port = Some(p),
            Err(_) => return false,
        },
        ConditionKind::SourceLabel => {
            m.source_labels.insert(c.key.clone(), value.to_string());
        }
        ConditionKind::SourceNamespace => m.source_namespace = Some(value.to_string()),
        ConditionKind::Gateways => m.gateways = split_list(value),
        ConditionKind::IgnoreUriCase => m.ignore_uri_case = Some(value == "true"),
        _ => {
            let op = condition_operator(m, c);
            let kind =
                MatchKind::ALL.into_iter().find(|k| k.as_str() == op).unwrap_or(MatchKind::Exact);
            if let Some(s) = string_match_slot(m, c.kind, &c.key) {
                s.set(kind, value);
            }
        }
    }
    true
}

/// Splits a comma- or whitespace-separated list, dropping empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n', '\t']).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Drops optional blocks of an HTTP rule that editing left empty and that
/// no control owns: a `fault` with neither delay nor abort, an empty
/// `rewrite`, an empty timeout or name. Blocks a checkbox switched on
/// (retries, delay, abort, mirror) stay until it is switched off, even while
/// their fields are being retyped.
pub fn tidy_route(r: &mut HttpRoute) {
    fn drop_default<T: Default + PartialEq>(o: &mut Option<T>) {
        if o.as_ref().is_some_and(|v| *v == T::default()) {
            *o = None;
        }
    }
    drop_default(&mut r.fault);
    drop_default(&mut r.rewrite);
    if r.timeout.as_deref() == Some("") {
        r.timeout = None;
    }
    if r.name.as_deref() == Some("") {
        r.name = None;
    }
}

/// Drops emptied optional blocks of a traffic policy (and the policy itself).
pub fn tidy_policy(p: &mut Option<TrafficPolicy>) {
    fn drop_default<T: Default + PartialEq>(o: &mut Option<T>) {
        if o.as_ref().is_some_and(|v| *v == T::default()) {
            *o = None;
        }
    }
    if let Some(tp) = p {
        if let Some(cp) = &mut tp.connection_pool {
            drop_default(&mut cp.tcp);
            drop_default(&mut cp.http);
        }
        drop_default(&mut tp.connection_pool);
        drop_default(&mut tp.outlier_detection);
        drop_default(&mut tp.load_balancer);
        drop_default(&mut tp.tls);
        for pl in &mut tp.port_level_settings {
            if let Some(cp) = &mut pl.connection_pool {
                drop_default(&mut cp.tcp);
                drop_default(&mut cp.http);
            }
            drop_default(&mut pl.connection_pool);
            drop_default(&mut pl.outlier_detection);
            drop_default(&mut pl.load_balancer);
            drop_default(&mut pl.tls);
        }
    }
    drop_default(p);
}

/// Tidies every rule and policy of the bundle ([`tidy_route`], [`tidy_policy`]).
pub fn tidy(bundle: &mut Bundle) {
    for d in &mut bundle.documents {
        match d {
            Document::VirtualService(vs) => vs.spec.http.iter_mut().for_each(tidy_route),
            Document::DestinationRule(dr) => {
                tidy_policy(&mut dr.spec.traffic_policy);
                for s in &mut dr.spec.subsets {
                    tidy_policy(&mut s.traffic_policy);
                }
            }
            Document::Other(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn weights(r: &HttpRoute) -> Vec<i32> {
        r.route.iter().map(|d| d.weight.unwrap_or(0)).collect()
    }

    fn three() -> HttpRoute {
        let mut b = presets::canary(50, 30);
        let vs = b.first_virtual_service_mut().unwrap();
        let mut r = vs.spec.http[0].clone();
        add_destination(&mut r, "reviews");
        r.set_weight(2, 20);
        r
    }

    #[test]
    fn rebalance_two_is_complementary() {
        let mut b = presets::canary(100, 0);
        let r = &mut b.first_virtual_service_mut().unwrap().spec.http[0];
        rebalance(r, 1, 10, &[]);
        assert_eq!(weights(r), vec![90, 10]);
        rebalance(r, 0, 250, &[]);
        assert_eq!(weights(r), vec![100, 0]);
    }

    #[test]
    fn rebalance_respects_locks_and_proportions() {
        let mut r = three();
        rebalance(&mut r, 0, 20, &[false, false, true]);
        assert_eq!(weights(&r), vec![20, 60, 20]);
        let mut r = three();
        rebalance(&mut r, 0, 90, &[false, false, true]);
        assert_eq!(weights(&r), vec![80, 0, 20], "clamped by the locked 20");
        let mut r = three();
        rebalance(&mut r, 0, 0, &[]);
        assert_eq!(weights(&r), vec![0, 60, 40]);
        assert_eq!(weights(&r).iter().sum::<i32>(), 100);
    }

    #[test]
    fn split_evenly_fills_100() {
        let mut r = three();
        split_evenly(&mut r, &[]);
        assert_eq!(weights(&r), vec![34, 33, 33]);
        let mut r = three();
        split_evenly(&mut r, &[true, false, false]);
        assert_eq!(weights(&r), vec![50, 25, 25]);
    }

    #[test]
    fn distribute_adds_up() {
        for budget in [0, 1, 7, 99, 100] {
            for cur in [vec![1, 1, 1], vec![0, 0], vec![5, 0, 3, 9], vec![33]] {
                assert_eq!(distribute(budget, &cur).iter().sum::<i32>(), budget);
            }
        }
    }

    #[test]
    fn rules_move_and_duplicate() {
        let mut b = presets::canary(90, 10);
        let vs = b.first_virtual_service_mut().unwrap();
        let mut second = new_rule(vs);
        second.name = Some("second".into());
        vs.spec.http.push(second);
        move_rule(vs, 1, 0);
        assert_eq!(vs.spec.http[0].name.as_deref(), Some("second"));
        duplicate_rule(vs, 0);
        assert_eq!(vs.spec.http[1].name.as_deref(), Some("second-copy"));
        assert_eq!(vs.spec.http.len(), 3);
        move_rule(vs, 9, 0);
        assert_eq!(vs.spec.http.len(), 3);
    }

    #[test]
    fn subsets_are_created_where_referenced() {
        let mut b = presets::canary(90, 10);
        assert!(!subset_defined(&b, "reviews", "v9"));
        ensure_subset(&mut b, "reviews.default.svc.cluster.local", "v9", Some("default"));
        assert!(subset_defined(&b, "reviews", "v9"));
        ensure_subset(&mut b, "ratings", "v1", Some("default"));
        assert!(subset_defined(&b, "ratings", "v1"));
        assert!(matches!(b.documents[1], Document::DestinationRule(_)));
        assert_eq!(b.destination_rules().count(), 2);
    }

    #[test]
    fn cookie_regex_is_escaped_and_space_tolerant() {
        assert_eq!(cookie_regex("user", "beta"), "^(.*?;\\s*)?(user=beta)(;.*)?$");
        assert_eq!(cookie_regex("a.b", "x+y"), "^(.*?;\\s*)?(a\\.b=x\\+y)(;.*)?$");
    }

    #[test]
    fn conditions_round_trip_through_the_editor_operations() {
        let mut m = HttpMatchRequest::default();
        add_condition(&mut m, ConditionKind::Header, "x-user-type");
        let c = Condition { kind: ConditionKind::Header, key: "x-user-type".into() };
        assert_eq!(condition_operator(&m, &c), "exact");
        assert!(set_condition_value(&mut m, &c, "beta"));
        assert_eq!(m.headers["x-user-type"], StringMatch::exact("beta"));
        set_condition_operator(&mut m, &c, "prefix");
        assert_eq!(m.headers["x-user-type"], StringMatch::prefix("beta"));
        set_condition_operator(&mut m, &c, "present");
        assert_eq!(condition_operator(&m, &c), "present");
        assert!(rename_condition(&mut m, &c, "x-team"));
        assert!(m.headers.contains_key("x-team"));
        add_condition(&mut m, ConditionKind::SourceLabel, "app");
        let l = Condition { kind: ConditionKind::SourceLabel, key: "app".into() };
        set_condition_value(&mut m, &l, "productpage");
        assert!(!set_condition_value(
            &mut m,
            &Condition { kind: ConditionKind::Port, key: String::new() },
            "http"
        ));
        assert_eq!(conditions(&m).len(), 2);
        remove_condition(&mut m, &l);
        assert_eq!(conditions(&m).len(), 1);
        assert_eq!(ConditionKind::from_wire("withoutHeaders"), Some(ConditionKind::WithoutHeader));
    }

    #[test]
    fn tidy_drops_emptied_blocks() {
        let mut b = presets::canary(90, 10);
        let vs = b.first_virtual_service_mut().unwrap();
        vs.spec.http[0].fault = Some(Default::default());
        vs.spec.http[0].timeout = Some(String::new());
        vs.spec.http[0].retries = Some(Default::default());
        tidy(&mut b);
        let text = b.to_yaml(ApiVersion::V1);
        assert!(!text.contains("fault:") && !text.contains("timeout:"), "{text}");
        assert!(text.contains("retries: {}"), "a block switched on stays: {text}");
    }
}
