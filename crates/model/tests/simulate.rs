//! Request simulation: every seed pattern with matching and non-matching
//! requests, the cookie pitfall, weight normalisation, every kind of match
//! condition, host and gateway selection, the JSON shape, and the diagram.

use traffic_model::edit::cookie_regex;
use traffic_model::presets;
use traffic_model::simulate::{
    diagram, diagram_with, match_summary, parse_header_lines, parse_pairs, regex_full_match,
    request_preset, simulate, Action, DiagramOptions, Outcome, Request, Verdict, REQUEST_PRESETS,
};
use traffic_model::virtual_service::StringMatch;
use traffic_model::{Bundle, Document};

fn load(yaml: &str) -> Bundle {
    let loaded = Bundle::from_yaml(yaml).expect("yaml");
    assert!(loaded.diagnostics.is_empty(), "fixture should load cleanly: {:?}", loaded.diagnostics);
    loaded.bundle
}

fn preset(id: &str) -> Bundle {
    presets::find(id).expect("preset").build()
}

/// `(host, subset, percent)` of each destination.
fn dests(o: &Outcome) -> Vec<(String, Option<String>, f64)> {
    o.destinations.iter().map(|d| (d.host.clone(), d.subset.clone(), d.percent)).collect()
}

fn to(subset: &str, percent: f64) -> (String, Option<String>, f64) {
    ("reviews".into(), Some(subset.into()), percent)
}

fn reviews() -> Request {
    Request::new("reviews")
}

/// A VirtualService `reviews` (namespace `default`) with `http` (YAML,
/// indented under `http:`), plus extra spec lines.
fn vs(extra_spec: &str, http: &str) -> Bundle {
    load(&format!(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  hosts:\n  - reviews\n{extra_spec}  http:\n{http}"
    ))
}

/// One rule with `match_yaml` (indented as a match block) → v2, then a
/// catch-all → v1.
fn rule_then_v1(match_yaml: &str) -> Bundle {
    vs(
        "",
        &format!(
            "  - match:\n    - {match_yaml}\n    route:\n    - destination:\n        host: reviews\n        subset: v2\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n"
        ),
    )
}

/// The subset the request lands on (first destination), or `None`.
fn lands(b: &Bundle, r: &Request) -> Option<String> {
    simulate(b, r).destinations.first().and_then(|d| d.subset.clone())
}

// ------------------------------------------------------------ seed patterns

#[test]
fn every_preset_routes_a_plain_request_and_ignores_other_hosts() {
    for p in presets::all() {
        let b = p.build();
        let o = simulate(&b, &reviews());
        assert!(o.matched(), "{}: {:?}", p.id, o.trace);
        assert_eq!(
            o.virtual_service.as_ref().map(|v| v.name.as_str()),
            Some("reviews"),
            "{}",
            p.id
        );
        let total: f64 = o.destinations.iter().map(|d| d.percent).sum();
        assert!((total - 100.0).abs() < 1e-9, "{}: shares add up to {total}", p.id);
        assert!(o.certain, "{}", p.id);

        let other = simulate(&b, &Request::new("ratings"));
        assert!(!other.matched(), "{}", p.id);
        assert!(other.virtual_service.is_none(), "{}", p.id);
        assert_eq!(other.action, Action::NoVirtualService);
        assert!(other.destinations.is_empty());

        let via_gateway =
            simulate(&b, &Request { gateway: "bookinfo-gateway".into(), ..reviews() });
        assert!(via_gateway.virtual_service.is_none(), "{}: mesh-only VS", p.id);
    }
}

#[test]
fn canary_90_10() {
    let o = simulate(&preset("canary"), &reviews());
    assert_eq!(o.rule, Some(0));
    assert_eq!(dests(&o), vec![to("v1", 90.0), to("v2", 10.0)]);
    assert_eq!(o.matched_block, None);
}

#[test]
fn weights_3_to_1_give_75_25() {
    let o = simulate(&presets::canary(3, 1), &reviews());
    assert_eq!(dests(&o), vec![to("v1", 75.0), to("v2", 25.0)]);
    let json = o.to_json();
    assert_eq!(json["destinations"][0]["percent"], 75.0);
    assert_eq!(json["destinations"][1]["percent"], 25.0);
}

#[test]
fn header_user_type_beta() {
    let b = preset("header-user-type");
    let beta = simulate(&b, &reviews().header("x-user-type", "beta"));
    assert_eq!((beta.rule, dests(&beta)), (Some(0), vec![to("v2", 100.0)]));
    assert_eq!(beta.matched_block, Some(0));

    // Header names are case-insensitive, values are not.
    assert_eq!(lands(&b, &reviews().header("X-User-Type", "beta")).as_deref(), Some("v2"));
    assert_eq!(lands(&b, &reviews().header("x-user-type", "Beta")).as_deref(), Some("v1"));

    let plain = simulate(&b, &reviews());
    assert_eq!((plain.rule, dests(&plain)), (Some(1), vec![to("v1", 100.0)]));
    let skipped: Vec<_> = plain.skipped().collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].index, 0);
    let reason = skipped[0].reason();
    assert!(reason.contains("headers.x-user-type") && reason.contains("absent"), "{reason}");
}

#[test]
fn header_internal_true() {
    let b = preset("header-internal");
    assert_eq!(lands(&b, &reviews().header("x-internal", "true")).as_deref(), Some("canary"));
    assert_eq!(lands(&b, &reviews().header("x-internal", "True")).as_deref(), Some("v1"));
    assert_eq!(lands(&b, &reviews().header("x-internal", "false")).as_deref(), Some("v1"));
    assert_eq!(lands(&b, &reviews()).as_deref(), Some("v1"));
}

#[test]
fn cookie_regex_and_the_browser_pitfall() {
    let b = preset("cookie");
    assert_eq!(lands(&b, &reviews().header("cookie", "user=beta")).as_deref(), Some("v2"));
    assert_eq!(
        lands(&b, &reviews().header("cookie", "theme=dark;user=beta")).as_deref(),
        Some("v2")
    );
    assert_eq!(
        lands(&b, &reviews().header("cookie", "user=beta;theme=dark")).as_deref(),
        Some("v2")
    );
    assert_eq!(lands(&b, &reviews().header("cookie", "user=betamax")).as_deref(), Some("v1"));
    assert_eq!(lands(&b, &reviews().header("cookie", "xuser=beta")).as_deref(), Some("v1"));
    assert_eq!(lands(&b, &reviews()).as_deref(), Some("v1"));

    // The pitfall: browsers send `; ` between cookies.
    let browser = reviews().header("cookie", "theme=dark; user=beta");
    let o = simulate(&b, &browser);
    assert_eq!(o.rule, Some(1), "the seed regex misses the browser's cookie header");
    assert!(o.skipped().next().unwrap().reason().contains("headers.cookie"));
    assert_eq!(o.hints.len(), 1, "{:?}", o.hints);
    let hint = &o.hints[0];
    assert_eq!((hint.rule, hint.block, hint.header.as_str()), (0, 0, "cookie"));
    assert_eq!(hint.suggestion.as_deref(), Some(cookie_regex("user", "beta").as_str()));
    assert!(hint.message.contains("space"), "{}", hint.message);

    // The cookie helper's pattern does match it.
    assert_eq!(regex_full_match(&cookie_regex("user", "beta"), "theme=dark; user=beta"), Ok(true));
    let mut fixed = b.clone();
    fixed.first_virtual_service_mut().unwrap().spec.http[0].matches[0]
        .headers
        .insert("cookie".into(), StringMatch::regex(cookie_regex("user", "beta")));
    for cookie in ["theme=dark; user=beta", "user=beta", "user=beta; theme=dark", "a=1;  user=beta"]
    {
        assert_eq!(
            lands(&fixed, &reviews().header("cookie", cookie)).as_deref(),
            Some("v2"),
            "{cookie}"
        );
    }
    for cookie in ["theme=dark; user=betamax", "theme=dark; xuser=beta"] {
        assert_eq!(
            lands(&fixed, &reviews().header("cookie", cookie)).as_deref(),
            Some("v1"),
            "{cookie}"
        );
    }
    assert!(simulate(&fixed, &browser).hints.is_empty());

    // Two cookie header lines are joined with `; ` (as HTTP/2 crumbs are).
    let two = reviews().header("cookie", "theme=dark").header("cookie", "user=beta");
    assert_eq!(lands(&b, &two).as_deref(), Some("v1"));
    assert_eq!(lands(&fixed, &two).as_deref(), Some("v2"));
}

#[test]
fn source_labels_productpage_v2() {
    let b = preset("source-labels");
    let pp = |v: &str| reviews().source_label("app", "productpage").source_label("version", v);
    assert_eq!(lands(&b, &pp("v2")).as_deref(), Some("v2"));
    // Extra labels on the caller do not matter: the match's labels must be a subset.
    assert_eq!(lands(&b, &pp("v2").source_label("team", "x")).as_deref(), Some("v2"));
    assert_eq!(lands(&b, &pp("v1")).as_deref(), Some("v1"));
    assert_eq!(lands(&b, &reviews().source_label("version", "v2")).as_deref(), Some("v1"));
    let o = simulate(&b, &pp("v1"));
    assert!(o.skipped().next().unwrap().reason().contains("sourceLabels.version"));
}

#[test]
fn mirror_copies_everything_to_v2() {
    let o = simulate(&preset("mirror"), &reviews());
    assert_eq!(dests(&o), vec![to("v1", 100.0)]);
    assert_eq!(o.mirrors.len(), 1);
    assert_eq!((o.mirrors[0].subset.as_deref(), o.mirrors[0].percent), (Some("v2"), 100.0));
}

#[test]
fn fault_delay_and_abort() {
    let o = simulate(&preset("fault-delay"), &reviews());
    let f = o.fault.as_ref().unwrap();
    let d = f.delay.as_ref().unwrap();
    assert_eq!((d.percent, d.fixed_delay.as_str()), (10.0, "5s"));
    assert!(f.abort.is_none());

    let o = simulate(&preset("fault-abort"), &reviews());
    let a = o.fault.as_ref().unwrap().abort.as_ref().unwrap();
    assert_eq!((a.percent, a.http_status), (10.0, Some(500)));
    assert_eq!(o.to_json()["fault"]["abort"]["httpStatus"], 500);
}

#[test]
fn timeout_and_retries() {
    let o = simulate(&preset("timeout-retries"), &reviews());
    assert_eq!(o.timeout.as_deref(), Some("10s"));
    let r = o.retries.as_ref().unwrap();
    assert_eq!(
        (r.attempts, r.per_try_timeout.as_deref(), r.retry_on.as_str()),
        (3, Some("3s"), "5xx,reset")
    );
    assert!(!r.mesh_default);

    // Without a policy, Istio's default applies; without a timeout, none.
    let o = simulate(&preset("destination-rule"), &reviews());
    assert_eq!(o.timeout, None);
    let r = o.retries.as_ref().unwrap();
    assert!(r.mesh_default);
    assert_eq!(r.attempts, 2);

    // `attempts: 0` disables retries.
    let b = vs(
        "",
        "  - retries:\n      attempts: 0\n    route:\n    - destination:\n        host: reviews\n",
    );
    assert_eq!(simulate(&b, &reviews()).retries, None);
}

#[test]
fn rollback_blue_green_and_dark_launch() {
    assert_eq!(dests(&simulate(&preset("rollback"), &reviews())), vec![to("v1", 100.0)]);
    assert_eq!(
        dests(&simulate(&preset("blue-green"), &reviews())),
        vec![to("blue", 100.0), to("green", 0.0)]
    );
    let b = preset("dark-launch");
    assert_eq!(lands(&b, &reviews().header("x-dark-launch", "true")).as_deref(), Some("v2"));
    assert_eq!(lands(&b, &reviews()).as_deref(), Some("v1"));
}

#[test]
fn request_presets_exercise_the_seed_routes() {
    let run = |preset_id: &str, design: &str| {
        let r = (request_preset(preset_id).unwrap().build)();
        lands(&preset(design), &r)
    };
    assert_eq!(run("beta-user", "header-user-type").as_deref(), Some("v2"));
    assert_eq!(run("internal-tester", "header-internal").as_deref(), Some("canary"));
    assert_eq!(run("cookie-beta", "cookie").as_deref(), Some("v2"));
    assert_eq!(run("cookie-browser", "cookie").as_deref(), Some("v1"));
    assert_eq!(run("productpage-v2", "source-labels").as_deref(), Some("v2"));
    assert_eq!(run("anonymous", "header-user-type").as_deref(), Some("v1"));
    assert_eq!(run("dark-launch", "dark-launch").as_deref(), Some("v2"));
    assert!(REQUEST_PRESETS.len() >= 5);
}

#[test]
fn no_rule_matches_is_a_404() {
    let b = vs(
        "",
        "  - match:\n    - uri:\n        prefix: /api\n    route:\n    - destination:\n        host: reviews\n",
    );
    let o = simulate(&b, &reviews().path("/web"));
    assert_eq!(o.rule, None);
    assert_eq!(o.action, Action::NotFound);
    assert!(o.destinations.is_empty() && o.mirrors.is_empty());
    assert!(o.trace.last().unwrap().contains("404"));
    let json = o.to_json();
    assert_eq!(json["virtualService"], "reviews");
    assert!(json["rule"].is_null());
    assert_eq!(json["destinations"], serde_json::json!([]));
    assert!(json["retries"].is_null() && json["timeout"].is_null() && json["fault"].is_null());
}

// ------------------------------------------------------------ conditions

#[test]
fn uri_exact_prefix_regex_and_ignore_uri_case() {
    let exact = rule_then_v1("uri:\n        exact: /Reviews/1");
    assert_eq!(lands(&exact, &reviews().path("/Reviews/1")).as_deref(), Some("v2"));
    assert_eq!(lands(&exact, &reviews().path("/reviews/1")).as_deref(), Some("v1"));
    assert_eq!(lands(&exact, &reviews().path("/Reviews/1/x")).as_deref(), Some("v1"));
    // The query string is not part of the path.
    assert_eq!(lands(&exact, &reviews().path("/Reviews/1?x=1")).as_deref(), Some("v2"));

    let exact_ci = rule_then_v1("uri:\n        exact: /Reviews/1\n      ignoreUriCase: true");
    assert_eq!(lands(&exact_ci, &reviews().path("/reviews/1")).as_deref(), Some("v2"));
    assert_eq!(lands(&exact_ci, &reviews().path("/REVIEWS/1")).as_deref(), Some("v2"));
    assert_eq!(lands(&exact_ci, &reviews().path("/reviews/2")).as_deref(), Some("v1"));

    let prefix = rule_then_v1("uri:\n        prefix: /api/");
    assert_eq!(lands(&prefix, &reviews().path("/api/v1/x")).as_deref(), Some("v2"));
    assert_eq!(lands(&prefix, &reviews().path("/api")).as_deref(), Some("v1"));
    assert_eq!(lands(&prefix, &reviews().path("/API/v1")).as_deref(), Some("v1"));
    let prefix_ci = rule_then_v1("uri:\n        prefix: /api/\n      ignoreUriCase: true");
    assert_eq!(lands(&prefix_ci, &reviews().path("/API/v1")).as_deref(), Some("v2"));

    let regex = rule_then_v1("uri:\n        regex: /reviews/[0-9]+");
    assert_eq!(lands(&regex, &reviews().path("/reviews/42")).as_deref(), Some("v2"));
    // Full match: a longer path does not match.
    assert_eq!(lands(&regex, &reviews().path("/reviews/42/x")).as_deref(), Some("v1"));
    assert_eq!(lands(&regex, &reviews().path("/x/reviews/42")).as_deref(), Some("v1"));
    // ignoreUriCase does not apply to regex.
    let regex_ci = rule_then_v1("uri:\n        regex: /reviews/[0-9]+\n      ignoreUriCase: true");
    let o = simulate(&regex_ci, &reviews().path("/REVIEWS/42"));
    assert_eq!(o.rule, Some(1));
    assert!(
        o.rules[0].reason().contains("ignoreUriCase does not apply"),
        "{}",
        o.rules[0].reason()
    );

    // Dot segments are resolved before matching.
    assert_eq!(lands(&prefix, &reviews().path("/web/../api/x")).as_deref(), Some("v2"));
}

#[test]
fn present_only_headers_and_regex_star() {
    let b = rule_then_v1("headers:\n        x-debug: {}");
    assert_eq!(lands(&b, &reviews().header("x-debug", "")).as_deref(), Some("v2"));
    assert_eq!(lands(&b, &reviews().header("x-debug", "anything")).as_deref(), Some("v2"));
    assert_eq!(lands(&b, &reviews()).as_deref(), Some("v1"));
    let star = rule_then_v1("headers:\n        x-debug:\n          regex: \"*\"");
    assert_eq!(lands(&star, &reviews().header("x-debug", "1")).as_deref(), Some("v2"));
    assert_eq!(lands(&star, &reviews()).as_deref(), Some("v1"));
    let prefix = rule_then_v1("headers:\n        x-team:\n          prefix: pay");
    assert_eq!(lands(&prefix, &reviews().header("x-team", "payments")).as_deref(), Some("v2"));
    assert_eq!(lands(&prefix, &reviews().header("x-team", "Payments")).as_deref(), Some("v1"));
}

#[test]
fn without_headers_inverts() {
    let absent = rule_then_v1("withoutHeaders:\n        x-canary-off: {}");
    assert_eq!(lands(&absent, &reviews()).as_deref(), Some("v2"));
    assert_eq!(lands(&absent, &reviews().header("x-canary-off", "1")).as_deref(), Some("v1"));

    let not_beta = rule_then_v1("withoutHeaders:\n        x-user-type:\n          exact: beta");
    assert_eq!(lands(&not_beta, &reviews().header("x-user-type", "beta")).as_deref(), Some("v1"));
    assert_eq!(lands(&not_beta, &reviews().header("x-user-type", "gamma")).as_deref(), Some("v2"));
    // A missing header counts as empty, which is not `beta`.
    assert_eq!(lands(&not_beta, &reviews()).as_deref(), Some("v2"));
}

#[test]
fn all_conditions_of_a_block_any_block_of_a_rule() {
    let and = rule_then_v1(
        "headers:\n        x-a:\n          exact: \"1\"\n        x-b:\n          exact: \"2\"",
    );
    assert_eq!(
        lands(&and, &reviews().header("x-a", "1").header("x-b", "2")).as_deref(),
        Some("v2")
    );
    let o = simulate(&and, &reviews().header("x-a", "1"));
    assert_eq!(o.rule, Some(1));
    let block = &o.rules[0].blocks[0];
    let failed: Vec<&str> = block.failures().map(|c| c.path.as_str()).collect();
    assert_eq!(failed, vec!["headers.x-b"]);

    let or = vs(
        "",
        "  - match:\n    - headers:\n        x-a:\n          exact: \"1\"\n    - headers:\n        x-b:\n          exact: \"2\"\n    route:\n    - destination:\n        host: reviews\n        subset: v2\n",
    );
    let o = simulate(&or, &reviews().header("x-b", "2"));
    assert_eq!((o.rule, o.matched_block), (Some(0), Some(1)));
    assert_eq!(o.rules[0].blocks[0].verdict, Verdict::NoMatch);
}

#[test]
fn method_authority_scheme_port_and_query() {
    let post = rule_then_v1("method:\n        exact: POST");
    assert_eq!(lands(&post, &reviews().method("POST")).as_deref(), Some("v2"));
    assert_eq!(lands(&post, &reviews()).as_deref(), Some("v1"));

    let auth = rule_then_v1("authority:\n        prefix: reviews");
    assert_eq!(lands(&auth, &Request::new("reviews:9080")).as_deref(), Some("v2"));

    let https = rule_then_v1("scheme:\n        exact: https");
    assert_eq!(
        lands(&https, &Request { scheme: "https".into(), ..reviews() }).as_deref(),
        Some("v2")
    );
    assert_eq!(lands(&https, &reviews()).as_deref(), Some("v1"));

    let port = rule_then_v1("port: 9080");
    assert_eq!(lands(&port, &Request::new("reviews:9080")).as_deref(), Some("v2"));
    assert_eq!(lands(&port, &Request { port: Some(9080), ..reviews() }).as_deref(), Some("v2"));
    assert_eq!(lands(&port, &reviews()).as_deref(), Some("v1"), "port 80 by default");

    let q = rule_then_v1("queryParams:\n        debug:\n          exact: \"on\"");
    assert_eq!(lands(&q, &reviews().path("/x?debug=on")).as_deref(), Some("v2"));
    assert_eq!(lands(&q, &reviews().query_param("debug", "on")).as_deref(), Some("v2"));
    assert_eq!(
        lands(&q, &reviews().path("/x?debug=%6Fn")).as_deref(),
        Some("v2"),
        "percent-decoded"
    );
    // The first value counts.
    assert_eq!(lands(&q, &reviews().path("/x?debug=off&debug=on")).as_deref(), Some("v1"));
    assert_eq!(lands(&q, &reviews()).as_deref(), Some("v1"));
    let present = rule_then_v1("queryParams:\n        debug: {}");
    assert_eq!(lands(&present, &reviews().path("/?debug")).as_deref(), Some("v2"));
}

#[test]
fn source_namespace() {
    let b = rule_then_v1("sourceNamespace: frontend");
    let from =
        |ns: &str| Request { source_namespace: Some(ns.into()), ..Request::new("reviews.default") };
    assert_eq!(lands(&b, &from("frontend")).as_deref(), Some("v2"));
    assert_eq!(lands(&b, &from("default")).as_deref(), Some("v1"));
}

#[test]
fn regexes_the_engine_cannot_evaluate_are_reported() {
    let b = rule_then_v1("headers:\n        x-name:\n          regex: \"\\\\p{L}+\"");
    let o = simulate(&b, &reviews().header("x-name", "José"));
    assert!(!o.certain);
    assert_eq!(o.rules[0].verdict, Verdict::Undecided);
    assert!(o.rules[0].reason().contains("cannot evaluate"), "{}", o.rules[0].reason());
    assert_eq!(o.rule, Some(1));
}

// ------------------------------------------------------------ hosts, gateways

#[test]
fn hosts_short_names_fqdn_wildcards_and_ports() {
    let b = preset("canary");
    for host in [
        "reviews",
        "reviews:9080",
        "reviews.default",
        "reviews.default.svc",
        "reviews.default.svc.cluster.local",
        "Reviews.Default.svc.cluster.local.",
    ] {
        assert!(simulate(&b, &Request::new(host)).matched(), "{host}");
    }
    // `reviews` from another namespace is that namespace's service.
    let other_ns = Request { source_namespace: Some("shop".into()), ..reviews() };
    assert!(simulate(&b, &other_ns).virtual_service.is_none());
    let other_ns_fq =
        Request { source_namespace: Some("shop".into()), ..Request::new("reviews.default") };
    assert!(simulate(&b, &other_ns_fq).matched());
    assert!(simulate(&b, &Request::new("reviews.shop")).virtual_service.is_none());

    let wild = load(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: wild\nspec:\n  hosts:\n  - \"*.example.com\"\n  http:\n  - route:\n    - destination:\n        host: web\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: exact\nspec:\n  hosts:\n  - api.example.com\n  http:\n  - route:\n    - destination:\n        host: api\n",
    );
    let name = |h: &str| simulate(&wild, &Request::new(h)).virtual_service.map(|v| v.name);
    assert_eq!(name("www.example.com").as_deref(), Some("wild"));
    assert_eq!(name("api.example.com:443").as_deref(), Some("exact"), "exact beats wildcard");
    assert_eq!(name("example.com"), None, "a wildcard needs a label before the suffix");
}

#[test]
fn the_only_virtual_service_is_used_without_a_host() {
    let o = simulate(&preset("canary"), &Request::default());
    assert_eq!(o.virtual_service.map(|v| v.host), Some("reviews".into()));
    let mut two = preset("canary");
    two.documents.push(Document::VirtualService(
        match preset("rollback")
            .documents
            .into_iter()
            .find(|d| matches!(d, Document::VirtualService(_)))
        {
            Some(Document::VirtualService(mut v)) => {
                v.metadata.name = "other".into();
                v.spec.hosts = vec!["ratings".into()];
                v
            }
            _ => unreachable!(),
        },
    ));
    assert!(simulate(&two, &Request::default()).virtual_service.is_none());
    assert_eq!(
        simulate(&two, &Request::new("ratings")).virtual_service.map(|v| v.name),
        Some("other".into())
    );
}

#[test]
fn gateways_select_the_virtual_service_and_match_blocks() {
    let b = vs(
        "  gateways:\n  - bookinfo-gateway\n  - mesh\n",
        "  - match:\n    - gateways:\n      - bookinfo-gateway\n      sourceLabels:\n        app: nobody\n    route:\n    - destination:\n        host: reviews\n        subset: v2\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n",
    );
    let gw = |g: &str| Request { gateway: g.into(), ..reviews() };
    // Through the gateway: the match block's gateways hold and its
    // sourceLabels are not checked at all (Istio ignores them then).
    let o = simulate(&b, &gw("bookinfo-gateway"));
    assert_eq!(o.rule, Some(0));
    assert!(o.rules[0].blocks[0].conditions.iter().any(|c| c.detail.contains("not checked")));
    assert_eq!(lands(&b, &gw("default/bookinfo-gateway")).as_deref(), Some("v2"));
    // From the mesh the block's gateways do not hold.
    assert_eq!(lands(&b, &gw("mesh")).as_deref(), Some("v1"));
    // A gateway the VirtualService does not list: no VirtualService at all.
    let o = simulate(&b, &gw("istio-system/other"));
    assert!(o.virtual_service.is_none());

    // Without a host, the only VirtualService is used, still only through
    // its gateways.
    let gw_only = vs(
        "  gateways:\n  - bookinfo-gateway\n",
        "  - route:\n    - destination:\n        host: reviews\n",
    );
    assert!(simulate(&gw_only, &Request::default()).virtual_service.is_none());
    let through = Request { gateway: "bookinfo-gateway".into(), ..Request::default() };
    assert!(simulate(&gw_only, &through).matched());

    // Without `gateways`, a VirtualService is for the mesh only.
    assert!(simulate(&preset("canary"), &gw("bookinfo-gateway")).virtual_service.is_none());
}

#[test]
fn export_to_hides_a_virtual_service_from_other_namespaces() {
    let b =
        vs("  exportTo:\n  - \".\"\n", "  - route:\n    - destination:\n        host: reviews\n");
    let from =
        |ns: &str| Request { source_namespace: Some(ns.into()), ..Request::new("reviews.default") };
    assert!(simulate(&b, &from("default")).matched());
    assert!(simulate(&b, &from("shop")).virtual_service.is_none());
}

// ------------------------------------------------------------ JSON and parsing

#[test]
fn json_has_the_documented_shape_and_key_order() {
    let o = simulate(&preset("timeout-retries"), &reviews());
    let text = serde_json::to_string(&o.to_json()).unwrap();
    assert!(
        text.starts_with(
            r#"{"virtualService":"reviews","rule":0,"ruleName":null,"destinations":[{"host":"reviews","subset":"v1","port":null,"percent":100.0}],"mirrors":[],"fault":null,"timeout":"10s","retries":{"attempts":3,"perTryTimeout":"3s","retryOn":"5xx,reset"},"trace":["#
        ),
        "{text}"
    );
    let o = simulate(&preset("fault-delay"), &reviews());
    let text = serde_json::to_string(&o.to_json()["fault"]).unwrap();
    assert_eq!(text, r#"{"delay":{"percent":10.0,"fixedDelay":"5s"},"abort":null}"#);
    let o = simulate(&preset("mirror"), &reviews());
    let text = serde_json::to_string(&o.to_json()["mirrors"]).unwrap();
    assert_eq!(text, r#"[{"host":"reviews","subset":"v2","percent":100.0}]"#);
}

#[test]
fn form_text_parsing() {
    assert_eq!(
        parse_header_lines(
            "Cookie: theme=dark; user=beta\n\n x-user-type :beta\nx-flag\n:authority: a:1"
        ),
        vec![
            ("cookie".to_string(), "theme=dark; user=beta".to_string()),
            ("x-user-type".into(), "beta".into()),
            ("x-flag".into(), String::new()),
            (":authority".into(), "a:1".into()),
        ]
    );
    assert_eq!(parse_header_lines("cookie=user=beta"), vec![("cookie".into(), "user=beta".into())]);
    assert_eq!(
        parse_pairs("app=productpage\n version = v2 \n\nflag"),
        vec![
            ("app".to_string(), "productpage".to_string()),
            ("version".into(), "v2".into()),
            ("flag".into(), String::new()),
        ]
    );
}

// ------------------------------------------------------------ diagram

#[test]
fn diagram_escapes_every_user_string() {
    let evil = "<img src=x onerror=alert(1)>";
    let mut b = preset("header-user-type");
    let vs = b.first_virtual_service_mut().unwrap();
    vs.metadata.name = evil.into();
    vs.metadata.namespace = Some(evil.into());
    vs.spec.hosts = vec![evil.into()];
    vs.spec.gateways = vec![evil.into()];
    vs.spec.http[0].name = Some(evil.into());
    vs.spec.http[0].matches[0].headers.insert(evil.into(), StringMatch::exact(evil));
    vs.spec.http[0].route[0].destination.host = evil.into();
    vs.spec.http[0].route[0].destination.subset = Some(evil.into());
    let svg = diagram_with(&b, &DiagramOptions { highlight: None, id_prefix: evil.into() });
    assert!(!svg.contains("<img"), "{svg}");
    assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!svg.contains("<script") && !svg.contains("href") && !svg.contains("url("));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>"));
}

#[test]
fn diagram_labels_shares_mirrors_and_faults() {
    let svg = diagram(&presets::canary(90, 10));
    assert!(svg.contains(r#"data-testid="diagram-share-1-0-0""#), "{svg}");
    assert!(svg.contains(">90%</text>") && svg.contains(">10%</text>"));
    assert!(svg.contains("role=\"img\"") && svg.contains("<title") && svg.contains("<desc"));
    assert!(svg.contains("90% to reviews subset v1"), "the desc states the split");

    let svg = diagram(&preset("mirror"));
    assert!(svg.contains(r#"data-testid="diagram-mirror-1-0-0""#) && svg.contains("mirror 100%"));
    assert!(svg.contains("stroke-dasharray"));

    let svg = diagram(&preset("fault-delay"));
    assert!(svg.contains("delay 5s · 10%"), "{svg}");
    let svg = diagram(&preset("fault-abort"));
    assert!(svg.contains("abort 500 · 10%"));

    let svg = diagram_with(
        &preset("header-user-type"),
        &DiagramOptions { highlight: Some((1, 0)), id_prefix: String::new() },
    );
    assert!(svg.contains(r#"data-testid="diagram-rule-1-0" data-highlighted="true""#));
    assert!(svg.contains(r#"data-testid="diagram-rule-1-1" data-highlighted="false""#));

    assert!(diagram(&Bundle::default()).contains("No VirtualService"));
}

#[test]
fn diagram_marks_rules_after_a_catch_all() {
    let b = vs(
        "",
        "  - route:\n    - destination:\n        host: reviews\n        subset: v1\n  - match:\n    - uri:\n        prefix: /x\n    route:\n    - destination:\n        host: reviews\n        subset: v2\n",
    );
    let svg = diagram(&b);
    assert!(svg.contains("never reached"));
}

#[test]
fn match_summaries() {
    let b = preset("cookie");
    let Some(Document::VirtualService(v)) = b.documents.get(1) else { panic!() };
    assert_eq!(match_summary(&v.spec.http[0]), "cookie ~ ^(.*?;)?(user=beta)(;.*)?$");
    assert_eq!(match_summary(&v.spec.http[1]), "any request");
    let b = preset("source-labels");
    let Some(Document::VirtualService(v)) = b.documents.get(1) else { panic!() };
    assert_eq!(match_summary(&v.spec.http[0]), "from app=productpage,version=v2");
}
