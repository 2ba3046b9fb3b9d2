//! Checks across the resources of a design, as `istioctl analyze` and
//! Kiali make them on the files alone (no cluster):
//!
//! - IST0101 `host+subset in destinationrule`: a destination subset that no
//!   DestinationRule defines for that host (route, TCP, TLS, `mirror`,
//!   `mirrors`); hosts resolve by namespace as istioctl resolves them;
//! - IST0109: VirtualServices bound to the mesh that claim the same host in
//!   overlapping `exportTo` scopes;
//! - KIA1106: VirtualServices bound to the same gateway with the same host;
//! - KIA0201: DestinationRules for the same host and subset;
//! - IST0140: gateway traffic routed to a host without a subset while
//!   another VirtualService splits that host by subset;
//! - IST0132: a VirtualService host that the Gateway it binds to (when the
//!   Gateway is in the design) does not serve;
//! - the same resource twice in one file.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::fields::namespace_of;
use super::names;
use super::Cx;
use crate::bundle::{Bundle, Document};
use crate::codes;
use crate::destination_rule::{DestinationRule, TlsMode};
use crate::diagnostic::Diagnostic;
use crate::virtual_service::{Destination, VirtualService};

/// Runs every cross-resource check.
pub(crate) fn check(bundle: &Bundle, out: &mut Vec<Diagnostic>) {
    let vss: Vec<(usize, &VirtualService)> = bundle.virtual_services().collect();
    let drs: Vec<(usize, &DestinationRule)> = bundle.destination_rules().collect();
    if !vss.is_empty() {
        subsets_defined(&vss, &drs, out);
        mesh_hosts(&vss, out);
        gateway_hosts_repeated(&vss, out);
        ingress_subset_bypass(&vss, out);
        gateway_host_mismatch(bundle, &vss, out);
    }
    if drs.len() > 1 {
        destination_rules_overlap(&drs, out);
    }
    duplicates(bundle, out);
}

fn full_name(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

/// Where a destination sits in its VirtualService.
#[derive(Clone, Copy)]
enum At {
    Http(usize, usize),
    Mirror(usize),
    Mirrors(usize, usize),
    Tcp(usize, usize),
    Tls(usize, usize),
}

impl At {
    /// The path of the `Destination`.
    fn path(self) -> String {
        match self {
            At::Http(i, j) => format!("spec.http[{i}].route[{j}].destination"),
            At::Mirror(i) => format!("spec.http[{i}].mirror"),
            At::Mirrors(i, j) => format!("spec.http[{i}].mirrors[{j}].destination"),
            At::Tcp(i, j) => format!("spec.tcp[{i}].route[{j}].destination"),
            At::Tls(i, j) => format!("spec.tls[{i}].route[{j}].destination"),
        }
    }

    fn is_mirror(self) -> bool {
        matches!(self, At::Mirror(_) | At::Mirrors(..))
    }
}

/// Every destination of a VirtualService that may name a subset.
fn destinations(vs: &VirtualService) -> impl Iterator<Item = (At, &Destination)> {
    let http = vs.spec.http.iter().enumerate().flat_map(|(i, r)| {
        let routes = r.route.iter().enumerate().map(move |(j, d)| (At::Http(i, j), &d.destination));
        let mirror = r.mirror.iter().map(move |m| (At::Mirror(i), m));
        let mirrors =
            r.mirrors.iter().enumerate().map(move |(j, m)| (At::Mirrors(i, j), &m.destination));
        routes.chain(mirror).chain(mirrors)
    });
    let tcp = vs.spec.tcp.iter().enumerate().flat_map(|(i, r)| {
        r.route.iter().enumerate().map(move |(j, d)| (At::Tcp(i, j), &d.destination))
    });
    let tls = vs.spec.tls.iter().enumerate().flat_map(|(i, r)| {
        r.route.iter().enumerate().map(move |(j, d)| (At::Tls(i, j), &d.destination))
    });
    http.chain(tcp).chain(tls)
}

/// IST0101 for subsets.
fn subsets_defined(
    vss: &[(usize, &VirtualService)],
    drs: &[(usize, &DestinationRule)],
    out: &mut Vec<Diagnostic>,
) {
    // (namespace, service) -> subset names, as istioctl keys them.
    let mut defined: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for (_, dr) in drs {
        let key = names::service_of_host(&dr.spec.host, namespace_of(&dr.metadata));
        let entry = defined.entry(key).or_default();
        entry.extend(dr.spec.subsets.iter().map(|s| s.name.as_str()));
    }
    for &(doc, vs) in vss {
        let ns = namespace_of(&vs.metadata);
        let mut cx = Cx::new(out, doc, "VirtualService", &vs.metadata.name);
        for (at, d) in destinations(vs) {
            let Some(subset) = d.subset.as_deref().filter(|s| !s.is_empty()) else { continue };
            let key = names::service_of_host(&d.host, ns);
            let known = defined.get(&key);
            if known.is_some_and(|k| k.contains(&subset)) {
                continue;
            }
            let what = if at.is_mirror() { "mirror" } else { "destination" };
            let help = match known {
                Some(k) if !k.is_empty() => format!(
                    "use one of the subsets defined for `{}` ({}), or add subset `{subset}` to its DestinationRule",
                    d.host,
                    super::list_code(k)
                ),
                Some(_) => format!("add a subset named `{subset}` (with the pods' labels) to the DestinationRule for `{}`", d.host),
                None => format!(
                    "add a DestinationRule for host `{}` with a subset named `{subset}`, or check both files together if it lives elsewhere",
                    d.host
                ),
            };
            cx.report_at(
            &format!("{}.subset", at.path()),
                &codes::SUBSET_NOT_FOUND,
                format!(
                    "{what} subset `{subset}` of host `{}` is not defined by any DestinationRule for service `{}` in namespace `{}`",
                    names::truncate(&d.host, 80),
                    key.1,
                    key.0
                ),
            )
            .help(help);
        }
    }
}

/// Whether a VirtualService applies to sidecars (no gateways, or `mesh`).
fn on_mesh(vs: &VirtualService) -> bool {
    vs.spec.gateways.is_empty() || vs.spec.gateways.iter().any(|g| g == "mesh")
}

/// IST0109 ConflictingMeshGatewayVirtualServiceHosts.
fn mesh_hosts(vss: &[(usize, &VirtualService)], out: &mut Vec<Diagnostic>) {
    // (scope, fqdn) -> [(vs position, host index)]
    let mut by_host: BTreeMap<(String, String), Vec<(usize, usize)>> = BTreeMap::new();
    for (k, (_, vs)) in vss.iter().enumerate() {
        if !on_mesh(vs) {
            continue;
        }
        let ns = namespace_of(&vs.metadata);
        let scopes: Vec<String> =
            if vs.spec.export_to.is_empty() || vs.spec.export_to.iter().any(|e| e == "*") {
                vec!["*".to_string()]
            } else {
                let set: std::collections::BTreeSet<String> = vs
                    .spec
                    .export_to
                    .iter()
                    .map(|e| if e == "." { ns.to_string() } else { e.clone() })
                    .collect();
                set.into_iter().collect()
            };
        for scope in &scopes {
            for (h, host) in vs.spec.hosts.iter().enumerate() {
                by_host.entry((scope.clone(), names::to_fqdn(host, ns))).or_default().push((k, h));
            }
        }
    }
    if by_host.is_empty() {
        return;
    }
    let public: Vec<(&str, &Vec<(usize, usize)>)> =
        by_host.iter().filter(|((s, _), _)| s == "*").map(|((_, f), v)| (f.as_str(), v)).collect();
    let mut reported: HashSet<usize> = HashSet::new();
    for ((scope, fqdn), list) in &by_host {
        let mut all = list.clone();
        if scope != "*" {
            for (f, v) in &public {
                if names::hosts_match(fqdn, f) {
                    all.extend(v.iter().copied());
                }
            }
        }
        // One VirtualService naming a host twice (`reviews` and its FQDN) is
        // not a conflict between resources; istioctl reports it against
        // itself, which says nothing the user can act on.
        if all.len() < 2 || all.iter().all(|(k, _)| *k == all[0].0) {
            continue;
        }
        let mut names_list: Vec<String> = all
            .iter()
            .map(|(k, _)| {
                let vs = vss[*k].1;
                full_name(namespace_of(&vs.metadata), &vs.metadata.name)
            })
            .collect();
        names_list.sort();
        for &(k, h) in &all {
            if !reported.insert(k) {
                continue;
            }
            let (doc, vs) = vss[k];
            let me = full_name(namespace_of(&vs.metadata), &vs.metadata.name);
            let others: Vec<&String> = names_list.iter().filter(|n| **n != me).collect();
            let mut others: Vec<&str> = others.iter().map(|s| s.as_str()).collect();
            others.dedup();
            let msg = format!(
                "mesh host `{fqdn}` is also defined by {} {}; which rules apply is undefined",
                if others.len() == 1 { "VirtualService" } else { "VirtualServices" },
                super::list_code(&others)
            );
            let mut cx = Cx::new(out, doc, "VirtualService", &vs.metadata.name);
            cx.at("spec.hosts", |cx| {
                cx.index(h, |cx| {
                    cx.report(&codes::MESH_HOST_CONFLICT, msg)
                        .help("merge the rules into one VirtualService per host, or give them different `exportTo` namespaces");
                });
            });
        }
    }
}

/// KIA1106: the same host on the same gateway in two VirtualServices
/// (mesh-bound ones are IST0109's).
fn gateway_hosts_repeated(vss: &[(usize, &VirtualService)], out: &mut Vec<Diagnostic>) {
    let mut by_key: BTreeMap<(&str, String), Vec<(usize, usize)>> = BTreeMap::new();
    for (k, (_, vs)) in vss.iter().enumerate() {
        let ns = namespace_of(&vs.metadata);
        for g in &vs.spec.gateways {
            if g == "mesh" {
                continue;
            }
            for (h, host) in vs.spec.hosts.iter().enumerate() {
                let entry = by_key.entry((g.as_str(), names::to_fqdn(host, ns))).or_default();
                if !entry.iter().any(|(kk, _)| *kk == k) {
                    entry.push((k, h));
                }
            }
        }
    }
    let mut reported: HashSet<(usize, usize)> = HashSet::new();
    for ((gateway, fqdn), list) in &by_key {
        if list.len() < 2 {
            continue;
        }
        for &(k, h) in list {
            if !reported.insert((k, h)) {
                continue;
            }
            let (doc, vs) = vss[k];
            let others: Vec<String> = list
                .iter()
                .filter(|(kk, _)| *kk != k)
                .map(|(kk, _)| {
                    let o = vss[*kk].1;
                    full_name(namespace_of(&o.metadata), &o.metadata.name)
                })
                .collect();
            let mut cx = Cx::new(out, doc, "VirtualService", &vs.metadata.name);
            cx.at("spec.hosts", |cx| {
                cx.index(h, |cx| {
                    cx.report(
                        &codes::GATEWAY_HOST_REPEATED,
                        format!(
                            "host `{fqdn}` on gateway `{gateway}` is also defined by {}",
                            super::list_code(&others)
                        ),
                    )
                    .help("keep one VirtualService per host and gateway, merging their rules");
                });
            });
        }
    }
}

/// Kiali's `HostWithinWildcardHost`.
fn within_wildcard(sub: &str, wildcard: &str) -> bool {
    wildcard == "*" || (wildcard.starts_with("*.") && sub.ends_with(&wildcard[1..]))
}

/// KIA0201 destinationrules.multimatch.
fn destination_rules_overlap(drs: &[(usize, &DestinationRule)], out: &mut Vec<Diagnostic>) {
    // Mesh- and namespace-wide ISTIO_MUTUAL rules coexist with specific ones.
    let skip = |dr: &DestinationRule| {
        let ns = namespace_of(&dr.metadata);
        let mtls =
            dr.spec.traffic_policy.as_ref().and_then(|t| t.tls.as_ref()).and_then(|t| t.mode)
                == Some(TlsMode::IstioMutual);
        mtls && (dr.spec.host == "*.local" || dr.spec.host == format!("*.{ns}.svc.cluster.local"))
    };
    // (fqdn, subset or "~" for all) of every rule seen so far.
    let mut seen: Vec<(String, &str, usize)> = Vec::new();
    let mut pairs: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, (_, dr)) in drs.iter().enumerate() {
        if skip(dr) {
            continue;
        }
        let fqdn = names::to_fqdn(&dr.spec.host, namespace_of(&dr.metadata));
        let subsets: Vec<&str> = if dr.spec.subsets.is_empty() {
            vec!["~"]
        } else {
            dr.spec.subsets.iter().map(|s| s.name.as_str()).collect()
        };
        for (host, subset, other) in &seen {
            let overlap =
                *host == fqdn || within_wildcard(host, &fqdn) || within_wildcard(&fqdn, host);
            if !overlap {
                continue;
            }
            if *subset == "~" || subsets.contains(&"~") || subsets.contains(subset) {
                pairs.entry(k).or_default().push(*other);
                pairs.entry(*other).or_default().push(k);
            }
        }
        for s in subsets {
            seen.push((fqdn.clone(), s, k));
        }
    }
    for (k, mut others) in pairs {
        others.sort_unstable();
        others.dedup();
        let (doc, dr) = drs[k];
        let names_list: Vec<String> = others
            .iter()
            .map(|o| {
                let d = drs[*o].1;
                full_name(namespace_of(&d.metadata), &d.metadata.name)
            })
            .collect();
        let mut cx = Cx::new(out, doc, "DestinationRule", &dr.metadata.name);
        cx.at("spec", |cx| {
            cx.report_at(
                "host",
                &codes::DESTINATION_RULES_OVERLAP,
                format!(
                    "host `{}` (and its subsets) is also configured by {} {}; where two DestinationRules overlap, only one of them applies",
                    names::truncate(&dr.spec.host, 80),
                    if names_list.len() == 1 { "DestinationRule" } else { "DestinationRules" },
                    super::list_code(&names_list)
                ),
            )
            .help("merge the subsets and policies into one DestinationRule per host");
        });
    }
}

/// IST0140 IngressRouteRulesNotAffected.
fn ingress_subset_bypass(vss: &[(usize, &VirtualService)], out: &mut Vec<Diagnostic>) {
    // VirtualServices that route to one of their own hosts by subset: the
    // hosts they split.
    let mut splits: Vec<(usize, HashSet<&str>)> = Vec::new();
    for (k, (_, vs)) in vss.iter().enumerate() {
        let mut hosts = HashSet::new();
        for r in &vs.spec.http {
            for d in &r.route {
                let d = &d.destination;
                if d.subset.as_deref().is_some_and(|s| !s.is_empty())
                    && vs.spec.hosts.contains(&d.host)
                {
                    hosts.insert(d.host.as_str());
                }
            }
        }
        if !hosts.is_empty() {
            splits.push((k, hosts));
        }
    }
    if splits.is_empty() {
        return;
    }
    for &(doc, vs) in vss {
        if vs.spec.gateways.is_empty() {
            continue;
        }
        let mut cx = Cx::new(out, doc, "VirtualService", &vs.metadata.name);
        for (i, r) in vs.spec.http.iter().enumerate() {
            for (j, d) in r.route.iter().enumerate() {
                let d = &d.destination;
                if d.subset.as_deref().is_some_and(|s| !s.is_empty()) {
                    continue;
                }
                for (k, hosts) in &splits {
                    if !hosts.contains(d.host.as_str()) {
                        continue;
                    }
                    let other = vss[*k].1;
                    let other_name = full_name(namespace_of(&other.metadata), &other.metadata.name);
                    cx.report_at(
                        &format!("spec.http[{i}].route[{j}].destination.host"),
                        &codes::INGRESS_SUBSET_BYPASS,
                        format!(
                            "gateway traffic to `{}` goes to all its pods: the subset split of VirtualService `{other_name}` does not apply to it",
                            names::truncate(&d.host, 80)
                        ),
                    )
                    .help("route to the subsets here as well (same `subset`s and weights), or bind the splitting VirtualService to this gateway too");
                }
            }
        }
    }
}

/// Servers' hosts of a networking.istio.io Gateway, or `None` for a
/// Kubernetes Gateway listener without a hostname (matches every host).
fn gateway_hosts(v: &Value, gateway_ns: &str) -> Option<Vec<String>> {
    let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    if api.starts_with("gateway.networking.k8s.io/") {
        let mut hosts = Vec::new();
        for l in v.pointer("/spec/listeners").and_then(Value::as_array).into_iter().flatten() {
            match l.get("hostname").and_then(Value::as_str) {
                Some(h) if !h.is_empty() => hosts.push(h.to_string()),
                _ => return None,
            }
        }
        return Some(hosts);
    }
    let mut hosts = Vec::new();
    for server in v.pointer("/spec/servers").and_then(Value::as_array).into_iter().flatten() {
        let mut server_hosts: Vec<String> = server
            .get("hosts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        for h in server_hosts.iter_mut() {
            if let Some((ns, name)) = h.split_once('/') {
                let name = name.split('/').next().unwrap_or("").to_string();
                if ns == "." {
                    *h = format!("{gateway_ns}/{name}");
                } else if ns == "*" {
                    if name == "*" {
                        server_hosts = vec!["*".to_string()];
                        break;
                    }
                    *h = name;
                }
            }
        }
        hosts.extend(server_hosts);
    }
    Some(hosts)
}

/// IST0132 VirtualServiceHostNotFoundInGateway, for Gateways in the design.
fn gateway_host_mismatch(
    bundle: &Bundle,
    vss: &[(usize, &VirtualService)],
    out: &mut Vec<Diagnostic>,
) {
    let mut gateways: HashMap<(String, String), &Value> = HashMap::new();
    for d in &bundle.documents {
        let Document::Other(v) = d else { continue };
        if v.get("kind").and_then(Value::as_str) != Some("Gateway") {
            continue;
        }
        let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        if !(api.starts_with("networking.istio.io/")
            || api.starts_with("gateway.networking.k8s.io/"))
        {
            continue;
        }
        let name = v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
        let ns = v
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or("default")
            .to_string();
        gateways.entry((ns, name)).or_insert(v);
    }
    if gateways.is_empty() {
        return;
    }
    for &(doc, vs) in vss {
        let vs_ns = namespace_of(&vs.metadata);
        let mut cx = Cx::new(out, doc, "VirtualService", &vs.metadata.name);
        for (i, g) in vs.spec.gateways.iter().enumerate() {
            if g == "mesh" {
                continue;
            }
            let (ns, name) = match g.split_once('/') {
                Some((ns, name)) => (ns.to_string(), name.to_string()),
                None => (vs_ns.to_string(), g.clone()),
            };
            let Some(v) = gateways.get(&(ns.clone(), name.clone())) else { continue };
            let Some(hosts) = gateway_hosts(v, &ns) else { continue };
            let usable: Vec<&str> = hosts
                .iter()
                .filter_map(|h| match h.split_once('/') {
                    Some((hns, host)) if hns == vs_ns || hns == "*" => Some(host),
                    Some(_) => None,
                    None => Some(h.as_str()),
                })
                .collect();
            let matched =
                usable.iter().any(|gh| vs.spec.hosts.iter().any(|vh| names::hosts_match(gh, vh)));
            if !matched {
                cx.at("spec.gateways", |cx| {
                    cx.index(i, |cx| {
                        cx.report(
                            &codes::GATEWAY_HOST_MISMATCH,
                            format!(
                                "none of the VirtualService's hosts ({}) is served by Gateway `{ns}/{name}` ({})",
                                super::list_code(&vs.spec.hosts),
                                if usable.is_empty() { "no hosts for this namespace".to_string() } else { super::list_code(&usable) }
                            ),
                        )
                        .help("add one of the Gateway's hosts to `spec.hosts`, or add the host to the Gateway's servers");
                    });
                });
            }
        }
    }
}

/// The same VirtualService or DestinationRule twice in one design.
fn duplicates(bundle: &Bundle, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (i, d) in bundle.documents.iter().enumerate() {
        let (kind, meta) = match d {
            Document::VirtualService(v) => ("VirtualService", &v.metadata),
            Document::DestinationRule(r) => ("DestinationRule", &r.metadata),
            Document::Other(_) => continue,
        };
        if meta.name.is_empty() {
            continue;
        }
        let key = (kind, namespace_of(meta), meta.name.as_str());
        if let Some(first) = seen.get(&key) {
            let mut cx = Cx::new(out, i, kind, &meta.name);
            cx.report_at(
                "metadata.name",
                &codes::RESOURCE_DUPLICATE,
                format!("{kind} `{}/{}` is already document {} of this file; applying the file keeps only this one", key.1, key.2, first + 1),
            )
            .help("rename one of them, or merge them into one");
        } else {
            seen.insert(key, i);
        }
    }
}
