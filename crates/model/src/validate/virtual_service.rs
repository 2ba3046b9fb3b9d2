//! A VirtualService as `ValidateVirtualService` checks it: hosts,
//! gateways, delegation, JWT claim routing, each HTTP/TCP/TLS rule,
//! `exportTo` and rule order; plus Kiali's per-rule destination checks
//! (KIA1104, KIA1105) and istioctl's internal-gateway reference (IST0165).

use super::fields::{self, namespace_of};
use super::http::{self, RouteCx};
use super::names;
use super::reachability;
use super::Cx;
use crate::codes;
use crate::virtual_service::{
    Destination, HttpRouteDestination, L4MatchAttributes, RouteDestination, TlsMatchAttributes,
    VirtualService,
};

/// Checks one VirtualService.
pub(crate) fn check<'a>(cx: &mut Cx<'a>, vs: &'a VirtualService) {
    fields::metadata(cx, &vs.metadata);
    let namespace = namespace_of(&vs.metadata);
    let spec = &vs.spec;
    let gateway_semantics = fields::gateway_semantics(&vs.metadata);
    cx.at("spec", |cx| {
        let delegate_vs = spec.hosts.is_empty();
        if delegate_vs {
            for (key, set) in
                [("gateways", !spec.gateways.is_empty()), ("tls", !spec.tls.is_empty()), ("tcp", !spec.tcp.is_empty())]
            {
                if set {
                    cx.report_at(
                        key,
                        &codes::DELEGATE_VS_INVALID,
                        format!("a VirtualService without hosts is a delegate, and a delegate cannot have `{key}`"),
                    )
                    .help("add `hosts` to make it a standalone VirtualService, or remove this field");
                }
            }
        }
        let applies_to_gateway = !spec.gateways.is_empty() && !spec.gateways.iter().any(|g| g == "mesh");
        let applies_to_mesh = !applies_to_gateway;
        cx.at("gateways", |cx| {
            if !spec.gateways.is_empty() {
                gateway_names(cx, &spec.gateways, gateway_semantics, true);
            }
            internal_gateway_references(cx, &spec.gateways);
        });
        if !applies_to_gateway {
            jwt_claim_routes(cx, vs);
        }
        hosts(cx, vs, applies_to_gateway, applies_to_mesh);
        if spec.http.is_empty() && spec.tcp.is_empty() && spec.tls.is_empty() {
            cx.report(&codes::VS_NO_ROUTES, "the VirtualService has no `http`, `tcp` or `tls` rules")
                .help("add an `http` rule with a `route` to a destination");
        }
        let rcx = RouteCx { delegate_vs, gateway_semantics };
        cx.at("http", |cx| {
            for (i, r) in spec.http.iter().enumerate() {
                cx.index(i, |cx| http::check_route(cx, r, rcx));
            }
        });
        cx.at("tls", |cx| {
            for (i, r) in spec.tls.iter().enumerate() {
                cx.index(i, |cx| {
                    if r.matches.is_empty() {
                        cx.report(&codes::TLS_MATCH_MISSING, "the TLS rule has no `match`")
                            .help("add a match with the `sniHosts` this rule handles");
                    }
                    cx.at("match", |cx| {
                        for (j, m) in r.matches.iter().enumerate() {
                            cx.index(j, |cx| tls_match(cx, m, vs, applies_to_gateway));
                        }
                    });
                    if r.route.is_empty() {
                        cx.report(&codes::L4_ROUTE_MISSING, "the TLS rule has no `route`")
                            .help("add a destination under `route`");
                    }
                    cx.at("route", |cx| destination_weights(cx, &r.route, gateway_semantics));
                });
            }
        });
        cx.at("tcp", |cx| {
            for (i, r) in spec.tcp.iter().enumerate() {
                cx.index(i, |cx| {
                    cx.at("match", |cx| {
                        for (j, m) in r.matches.iter().enumerate() {
                            cx.index(j, |cx| l4_match(cx, m));
                        }
                    });
                    if r.route.is_empty() {
                        cx.report(&codes::L4_ROUTE_MISSING, "the TCP rule has no `route`")
                            .help("add a destination under `route`");
                    }
                    cx.at("route", |cx| destination_weights(cx, &r.route, gateway_semantics));
                });
            }
        });
        fields::export_to(cx, namespace, &spec.export_to, false);
        reachability::check(cx, spec);
        kiali_destinations(cx, vs, namespace);
    });
}

/// `validateGatewayNames` (the current path is the list). `keep_warnings`:
/// whether the caller keeps the legacy-format warning (`spec.gateways`
/// and TLS matches do; HTTP and TCP matches merge it away).
pub(crate) fn gateway_names(
    cx: &mut Cx<'_>,
    list: &[String],
    gateway_semantics: bool,
    keep_warnings: bool,
) {
    for (i, g) in list.iter().enumerate() {
        let Some((ns, name)) = g.split_once('/') else {
            if g.contains('.') && keep_warnings {
                let mut parts = g.split('.');
                let (n, s) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                cx.index(i, |cx| {
                    cx.report(
                        &codes::GATEWAY_NAME_LEGACY,
                        format!(
                            "gateway `{}` uses the legacy `name.namespace` form",
                            names::truncate(g, 80)
                        ),
                    )
                    .help(format!("write `{s}/{n}` (`<namespace>/<name>`)"));
                });
            }
            if let Err(e) = names::fqdn(g) {
                cx.index(i, |cx| {
                    cx.report(&codes::GATEWAY_NAME_INVALID, format!("gateway {e}")).help(
                        "write `<namespace>/<name>` (e.g. `istio-system/ingressgateway`) or `mesh`",
                    );
                });
            }
            // Istio stops at the first entry without a `/`.
            return;
        };
        let problem = if ns.is_empty() || name.is_empty() {
            Some(format!("gateway `{g}` has an empty namespace or name"))
        } else if !names::is_dns1123_label(ns) {
            Some(format!(
                "gateway `{}` has the invalid namespace `{}`",
                names::truncate(g, 80),
                names::truncate(ns, 60)
            ))
        } else if !names::is_dns1123_label(name) && !gateway_semantics {
            Some(format!(
                "gateway `{}` has the invalid name `{}`",
                names::truncate(g, 80),
                names::truncate(name, 60)
            ))
        } else {
            None
        };
        if let Some(msg) = problem {
            cx.index(i, |cx| {
                cx.report(&codes::GATEWAY_NAME_INVALID, msg).help(
                    "write `<namespace>/<name>` with DNS-1123 labels (no wildcards), or `mesh`",
                );
            });
        }
    }
}

/// IST0165: a reference to a Gateway Istio generated from a Kubernetes
/// Gateway (`~istio-autogenerated-k8s-gateway~` in the name).
fn internal_gateway_references(cx: &mut Cx<'_>, list: &[String]) {
    for (i, g) in list.iter().enumerate() {
        if g == "mesh" {
            continue;
        }
        let name = g.split_once('/').map_or(g.as_str(), |(_, n)| n);
        if name.contains("~istio-autogenerated-k8s-gateway~") {
            cx.index(i, |cx| {
                cx.report(
                    &codes::GATEWAY_INTERNAL_REFERENCE,
                    format!("gateway `{}` is generated by Istio from a Kubernetes Gateway", names::truncate(g, 80)),
                )
                .help("reference the Kubernetes Gateway through an HTTPRoute instead; generated names may change");
            });
        }
    }
}

/// JWT claim routing is only for gateways.
fn jwt_claim_routes(cx: &mut Cx<'_>, vs: &VirtualService) {
    cx.at("http", |cx| {
        for (i, r) in vs.spec.http.iter().enumerate() {
            cx.index(i, |cx| {
                cx.at("match", |cx| {
                    for (j, m) in r.matches.iter().enumerate() {
                        cx.index(j, |cx| {
                            for (key, map) in [("headers", &m.headers), ("withoutHeaders", &m.without_headers)] {
                                for name in map.keys() {
                                    if names::is_jwt_claim_key(name) {
                                        cx.report_at(
                                            &format!("{key}.{name}"),
                                            &codes::JWT_CLAIM_ROUTE_WITHOUT_GATEWAY,
                                            format!("`{}` routes on a JWT claim, which only works on a gateway, but this VirtualService applies to the mesh", names::truncate(name, 80)),
                                        )
                                        .help("bind the VirtualService to an ingress gateway (`gateways: [ns/name]` without `mesh`), or match on a plain header");
                                    }
                                }
                            }
                        });
                    }
                });
            });
        }
    });
}

/// `ValidateWildcardDomainForVirtualServiceBoundToGateway`: an auto SNI
/// name `outbound_.<port>_._.<host>` is accepted on gateways with SNI.
fn gateway_host(sni: bool, host: &str) -> Result<(), String> {
    names::dns1123_preconditions(host)?;
    if sni && host.starts_with("outbound_") {
        let parts: Vec<&str> = host.split('_').collect();
        if parts.len() < 4 {
            return Err(format!(
                "`{host}` does not follow the `outbound_.<PORT>_._.<HOSTNAME>` format"
            ));
        }
        let port = parts[1].trim_matches('.');
        let hostname = parts[3].trim_matches('.');
        if parts[0] != "outbound" {
            return Err(format!("`{host}` has the invalid label `{}`", parts[0]));
        }
        if !port.bytes().any(|c| c.is_ascii_digit()) {
            return Err(format!(
                "`{host}` has the invalid port `{port}` (format `outbound_.<PORT>_._.<HOSTNAME>`)"
            ));
        }
        if !hostname.bytes().any(|c| c.is_ascii_alphabetic()) {
            return Err(format!("`{host}` has the invalid host name `{hostname}` (format `outbound_.<PORT>_._.<HOSTNAME>`)"));
        }
        return Ok(());
    }
    names::wildcard_domain(host)
}

fn has_sni_hosts(vs: &VirtualService) -> bool {
    vs.spec.tls.iter().any(|t| t.matches.iter().any(|m| !m.sni_hosts.is_empty()))
}

/// `spec.hosts`: syntax, `*` on the mesh, overlaps.
fn hosts(cx: &mut Cx<'_>, vs: &VirtualService, applies_to_gateway: bool, applies_to_mesh: bool) {
    let sni = applies_to_gateway && has_sni_hosts(vs);
    let mut all_valid = true;
    cx.at("hosts", |cx| {
        for (i, h) in vs.spec.hosts.iter().enumerate() {
            let result = if applies_to_gateway { gateway_host(sni, h) } else { names::wildcard_domain(h) };
            match result {
                Err(e) => {
                    if !names::is_ip(h) {
                        all_valid = false;
                        cx.index(i, |cx| {
                            cx.report(&codes::HOST_INVALID, format!("host {e}"))
                                .help("use a service name (`reviews`), a fully qualified name (`reviews.prod.svc.cluster.local`), a wildcard domain (`*.example.com`) or an IP address");
                        });
                    }
                }
                Ok(()) => {
                    if applies_to_mesh && h == "*" {
                        all_valid = false;
                        cx.index(i, |cx| {
                            cx.report(&codes::MESH_WILDCARD_HOST, "the host `*` is not allowed on a VirtualService that applies to the mesh")
                                .help("name the services this VirtualService routes (e.g. `reviews`), or bind it to gateways only (without `mesh`)");
                        });
                    }
                }
            }
        }
        if all_valid {
            let hosts = &vs.spec.hosts;
            for i in 0..hosts.len() {
                for j in i + 1..hosts.len() {
                    if names::hosts_match(&hosts[i], &hosts[j]) {
                        cx.index(j, |cx| {
                            let how = if hosts[i] == hosts[j] { "repeats" } else { "overlaps" };
                            cx.report(
                                &codes::HOSTS_DUPLICATE,
                                format!("host `{}` {how} host `{}` (hosts[{i}])", names::truncate(&hosts[j], 80), names::truncate(&hosts[i], 80)),
                            )
                            .help("list each host once; a wildcard already covers the names under it");
                        });
                    }
                }
            }
        }
    });
}

/// `validateTLSMatch` (the current path is the match).
fn tls_match(
    cx: &mut Cx<'_>,
    m: &TlsMatchAttributes,
    vs: &VirtualService,
    applies_to_gateway: bool,
) {
    if m.sni_hosts.is_empty() {
        cx.report(&codes::TLS_MATCH_MISSING, "the TLS match has no `sniHosts`")
            .help("list the SNI names this rule handles");
    }
    cx.at("sniHosts", |cx| {
        for (i, sni) in m.sni_hosts.iter().enumerate() {
            cx.index(i, |cx| sni_host(cx, sni, vs, applies_to_gateway));
        }
    });
    subnets(cx, &m.destination_subnets);
    if let Some(p) = m.port {
        if p != 0 {
            fields::port(cx, "port", p);
        }
    }
    fields::labels(cx, "sourceLabels", &m.source_labels);
    cx.at("gateways", |cx| gateway_names(cx, &m.gateways, false, true));
}

/// `validateSniHost` (the current path is the SNI host).
fn sni_host(cx: &mut Cx<'_>, sni: &str, vs: &VirtualService, applies_to_gateway: bool) {
    let result =
        if applies_to_gateway { gateway_host(true, sni) } else { names::wildcard_domain(sni) };
    if let Err(e) = result {
        if names::is_ip(sni) {
            cx.report(&codes::SNI_HOST_IP, format!("SNI host `{sni}` is an IP address; SNI carries names, and most clients send none for an IP"))
                .help("match on a host name, or use `destinationSubnets` for addresses");
        } else {
            cx.report(&codes::SNI_HOST_INVALID, format!("SNI host {e}"))
                .help("use a host name or wildcard domain (`*.example.com`)");
        }
        return;
    }
    if !vs.spec.hosts.iter().any(|h| names::host_subset_of(sni, h)) {
        cx.report(
            &codes::SNI_HOST_NOT_IN_HOSTS,
            format!(
                "SNI host `{}` is not covered by any host of the VirtualService ({})",
                names::truncate(sni, 80),
                super::list_code(&vs.spec.hosts)
            ),
        )
        .help("add the SNI host (or a wildcard covering it) to `spec.hosts`, or fix the SNI host");
    }
}

fn subnets(cx: &mut Cx<'_>, list: &[String]) {
    cx.at("destinationSubnets", |cx| {
        for (i, s) in list.iter().enumerate() {
            if !names::is_ip_subnet(s) {
                cx.index(i, |cx| {
                    cx.report(
                        &codes::SUBNET_INVALID,
                        format!("`{}` is not an IP address or CIDR block", names::truncate(s, 80)),
                    )
                    .help("write an address (`10.0.0.1`) or a CIDR block (`10.0.0.0/16`)");
                });
            }
        }
    });
}

/// `validateTCPMatch` (the current path is the match).
fn l4_match(cx: &mut Cx<'_>, m: &L4MatchAttributes) {
    subnets(cx, &m.destination_subnets);
    if let Some(p) = m.port {
        if p != 0 {
            fields::port(cx, "port", p);
        }
    }
    fields::labels(cx, "sourceLabels", &m.source_labels);
    cx.at("gateways", |cx| gateway_names(cx, &m.gateways, false, false));
}

/// A weighted destination of an HTTP, TCP or TLS rule.
pub(crate) trait Weighted {
    /// Where traffic goes.
    fn destination(&self) -> &Destination;
    /// The relative weight as written.
    fn weight(&self) -> Option<i32>;
    /// Checks of fields other kinds do not have (the current path is the
    /// destination entry).
    fn check_extra(&self, _cx: &mut Cx<'_>) {}
}

impl Weighted for HttpRouteDestination {
    fn destination(&self) -> &Destination {
        &self.destination
    }
    fn weight(&self) -> Option<i32> {
        self.weight
    }
    fn check_extra(&self, cx: &mut Cx<'_>) {
        http::header_operations(cx, self.headers.as_ref());
    }
}

impl Weighted for RouteDestination {
    fn destination(&self) -> &Destination {
        &self.destination
    }
    fn weight(&self) -> Option<i32> {
        self.weight
    }
}

/// `validateHTTPRouteDestinations` / `validateRouteDestinations` (the
/// current path is the `route` list).
pub(crate) fn destination_weights<W: Weighted>(
    cx: &mut Cx<'_>,
    list: &[W],
    gateway_semantics: bool,
) {
    let mut total: i32 = 0;
    for (i, d) in list.iter().enumerate() {
        cx.index(i, |cx| {
            d.check_extra(cx);
            if !gateway_semantics {
                cx.at("destination", |cx| destination(cx, d.destination()));
            }
            let w = d.weight().unwrap_or(0);
            if w < 0 {
                cx.report_at("weight", &codes::WEIGHT_NEGATIVE, format!("weight {w} is negative"))
                    .help(
                    "use 0 or more; weights are relative (traffic share = weight / sum of weights)",
                );
            }
            // Go adds int32s and wraps on overflow.
            total = total.wrapping_add(w);
        });
    }
    if list.len() > 1 && total == 0 {
        cx.report(
            &codes::WEIGHTS_ZERO_TOTAL,
            format!("the {} destinations' weights add up to 0, so none of them can receive traffic", list.len()),
        )
        .help("give at least one destination a positive weight; weights are relative and need not add up to 100");
    }
}

/// `validateDestination` (the current path is the `Destination`).
pub(crate) fn destination(cx: &mut Cx<'_>, d: &Destination) {
    if d.host == "*" {
        cx.report_at("host", &codes::HOST_INVALID, "the destination host cannot be `*`")
            .help("name the service to send to (`reviews` or `reviews.prod.svc.cluster.local`)");
    } else if let Err(e) = names::wildcard_domain(&d.host) {
        cx.report_at("host", &codes::HOST_INVALID, format!("destination host {e}"))
            .help("name a service: `reviews`, `reviews.prod.svc.cluster.local` or an external host name (IP addresses are not allowed here)");
    }
    if let Some(s) = d.subset.as_deref() {
        if !s.is_empty() {
            fields::subset_name(cx, "subset", s);
        }
    }
    if let Some(p) = &d.port {
        fields::port(cx, "port.number", p.number.unwrap_or(0));
    }
}

/// KIA1104 (one destination with 0 < weight < 100) and KIA1105 (the same
/// host and subset twice in one rule), for HTTP, TCP and TLS rules.
fn kiali_destinations(cx: &mut Cx<'_>, vs: &VirtualService, namespace: &str) {
    fn one<W: Weighted>(cx: &mut Cx<'_>, list: &[W], namespace: &str) {
        cx.at("route", |cx| {
            if let [only] = list {
                let w = only.weight().unwrap_or(0);
                if w > 0 && w < 100 {
                    cx.index(0, |cx| {
                        cx.report_at(
                            "weight",
                            &codes::SINGLE_DESTINATION_PARTIAL_WEIGHT,
                            format!("the only destination has weight {w}, but it receives 100% of the traffic"),
                        )
                        .help("set the weight to 100 (or remove it), or add the destination that should get the rest");
                    });
                }
            }
            if list.len() < 2 {
                return;
            }
            for (i, d) in list.iter().enumerate() {
                let dest = d.destination();
                let subset = dest.subset.as_deref().unwrap_or("");
                let first = list[..i].iter().position(|e| {
                    let e = e.destination();
                    e.subset.as_deref().unwrap_or("") == subset
                        && names::same_fqdn(&e.host, &dest.host, namespace)
                });
                if let Some(first) = first {
                    cx.index(i, |cx| {
                        let what = if subset.is_empty() {
                            format!("host `{}`", names::truncate(&dest.host, 80))
                        } else {
                            format!("host `{}` subset `{subset}`", names::truncate(&dest.host, 80))
                        };
                        cx.report_at(
                            "destination.host",
                            &codes::DESTINATION_REPEATED,
                            format!("{what} is already a destination of this rule (route[{first}])"),
                        )
                        .help("merge the two entries into one and add their weights");
                    });
                }
            }
        });
    }
    cx.at("http", |cx| {
        for (i, r) in vs.spec.http.iter().enumerate() {
            cx.index(i, |cx| one(cx, &r.route, namespace));
        }
    });
    cx.at("tcp", |cx| {
        for (i, r) in vs.spec.tcp.iter().enumerate() {
            cx.index(i, |cx| one(cx, &r.route, namespace));
        }
    });
    cx.at("tls", |cx| {
        for (i, r) in vs.spec.tls.iter().enumerate() {
            cx.index(i, |cx| one(cx, &r.route, namespace));
        }
    });
}
