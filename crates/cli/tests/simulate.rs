//! End-to-end tests of `traffic simulate` on the seed fixtures: the exact
//! JSON shape, every seed pattern with a matching and a non-matching
//! request, the cookie pitfall, VirtualService selection by host, exit
//! statuses and usage errors.

mod common;
use common::*;

use serde_json::Value;

fn seed(name: &str) -> String {
    shared().join("fixtures/seed").join(name).to_str().unwrap().to_string()
}

/// Runs `simulate FILE --format json ARGS…`; returns the exit code and JSON.
fn sim(file: &str, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["simulate", file, "--format", "json"];
    all.extend_from_slice(args);
    let o = traffic(&all, None);
    let json = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {} / {}", stdout(&o), stderr(&o)));
    (code(&o), json)
}

/// `(rule, [(subset, percent)])` of an outcome.
fn route(v: &Value) -> (Value, Vec<(String, f64)>) {
    let dests = v["destinations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["subset"].as_str().unwrap_or("").to_string(), d["percent"].as_f64().unwrap()))
        .collect();
    (v["rule"].clone(), dests)
}

fn to(subset: &str, percent: f64) -> (String, f64) {
    (subset.to_string(), percent)
}

#[test]
fn json_shape_is_exact() {
    let (c, v) = sim(&seed("09-timeout-retries.yaml"), &[]);
    assert_eq!(c, 0);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "virtualService",
            "rule",
            "ruleName",
            "destinations",
            "mirrors",
            "fault",
            "timeout",
            "retries",
            "trace"
        ]
    );
    let text = serde_json::to_string(&v).unwrap();
    assert!(
        text.starts_with(
            r#"{"virtualService":"reviews","rule":0,"ruleName":null,"destinations":[{"host":"reviews","subset":"v1","port":null,"percent":100.0}],"mirrors":[],"fault":null,"timeout":"10s","retries":{"attempts":3,"perTryTimeout":"3s","retryOn":"5xx,reset"},"trace":["#
        ),
        "{text}"
    );
    // The raw output keeps `100.0` (a float) and is one line.
    let o = traffic(&["simulate", &seed("06-mirror.yaml"), "--format=json"], None);
    let raw = stdout(&o);
    assert_eq!(raw.lines().count(), 1);
    assert!(
        raw.contains(r#""mirrors":[{"host":"reviews","subset":"v2","percent":100.0}]"#),
        "{raw}"
    );

    let (_, v) = sim(&seed("07-fault-delay.yaml"), &[]);
    assert_eq!(
        serde_json::to_string(&v["fault"]).unwrap(),
        r#"{"delay":{"percent":10.0,"fixedDelay":"5s"},"abort":null}"#
    );
    let (_, v) = sim(&seed("08-fault-abort.yaml"), &[]);
    assert_eq!(v["fault"]["abort"]["percent"], 10.0);
    assert_eq!(v["fault"]["abort"]["httpStatus"], 500);
}

#[test]
fn weighted_split() {
    let (c, v) = sim(&seed("01-weighted-90-10.yaml"), &["--host", "reviews"]);
    assert_eq!(c, 0);
    assert_eq!(route(&v), (Value::from(0), vec![to("v1", 90.0), to("v2", 10.0)]));
    let (_, v) = sim(&seed("11-rollback-v1-100.yaml"), &[]);
    assert_eq!(route(&v).1, vec![to("v1", 100.0)]);
    // A DestinationRule alone has nothing to route with.
    let o = traffic(&["simulate", &seed("10-destinationrule-subsets.yaml")], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no VirtualService"));
}

#[test]
fn header_patterns_match_and_miss() {
    let f = seed("02-header-user-type.yaml");
    let (c, v) = sim(&f, &["--header", "x-user-type=beta"]);
    assert_eq!((c, route(&v)), (0, (Value::from(0), vec![to("v2", 100.0)])));
    let (_, v) = sim(&f, &["--header", "X-User-Type: beta"]);
    assert_eq!(route(&v).1, vec![to("v2", 100.0)]);
    let (c, v) = sim(&f, &["--header", "x-user-type=alpha"]);
    assert_eq!((c, route(&v)), (0, (Value::from(1), vec![to("v1", 100.0)])));
    let trace = v["trace"].to_string();
    assert!(trace.contains("rule #0 does not match") && trace.contains("x-user-type"), "{trace}");

    let f = seed("03-header-internal-true.yaml");
    let (_, v) = sim(&f, &["--header", "x-internal=true"]);
    assert_eq!(route(&v).1, vec![to("canary", 100.0)]);
    let (_, v) = sim(&f, &[]);
    assert_eq!(route(&v).1, vec![to("v1", 100.0)]);
}

#[test]
fn cookie_pattern_and_the_browser_pitfall() {
    let f = seed("04-cookie-regex.yaml");
    let (_, v) = sim(&f, &["--header", "cookie=user=beta"]);
    assert_eq!(route(&v), (Value::from(0), vec![to("v2", 100.0)]));
    let (_, v) = sim(&f, &["--header", "cookie=theme=dark;user=beta"]);
    assert_eq!(route(&v).1, vec![to("v2", 100.0)]);
    // Browsers send `; `: the seed regex does not match, the request stays on v1.
    let (_, v) = sim(&f, &["--header", "cookie=theme=dark; user=beta"]);
    assert_eq!(route(&v), (Value::from(1), vec![to("v1", 100.0)]));
    let trace = v["trace"].to_string();
    assert!(trace.contains("hint:") && trace.contains(r"(.*?;\\s*)?"), "{trace}");

    let o = traffic(&["simulate", &f, "--header", "cookie=theme=dark; user=beta"], None);
    let text = stdout(&o);
    assert!(text.contains("use regex: ^(.*?;\\s*)?(user=beta)(;.*)?$"), "{text}");
}

#[test]
fn source_labels_pattern() {
    let f = seed("05-source-labels.yaml");
    let (_, v) = sim(&f, &["--source-label", "app=productpage", "--source-label", "version=v2"]);
    assert_eq!(route(&v), (Value::from(0), vec![to("v2", 100.0)]));
    let (_, v) = sim(&f, &["--source-label", "app=productpage", "--source-label", "version=v1"]);
    assert_eq!(route(&v), (Value::from(1), vec![to("v1", 100.0)]));
}

#[test]
fn mirror_fault_and_resilience_patterns() {
    let (_, v) = sim(&seed("06-mirror.yaml"), &[]);
    assert_eq!(v["mirrors"][0]["subset"], "v2");
    assert_eq!(v["mirrors"][0]["percent"], 100.0);
    let (_, v) = sim(&seed("09-timeout-retries.yaml"), &["--path", "/reviews/1"]);
    assert_eq!(v["timeout"], "10s");
    assert_eq!(v["retries"]["attempts"], 3);
}

#[test]
fn no_match_is_a_404_with_exit_1() {
    let text = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
spec:
  hosts:
  - api.example.com
  http:
  - match:
    - uri:
        prefix: /v1
    route:
    - destination:
        host: api
";
    let o = traffic(&["simulate", "-", "--path", "/v2/x", "--format", "json"], Some(text));
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["virtualService"], "api");
    assert!(v["rule"].is_null());
    assert_eq!(v["destinations"], serde_json::json!([]));
    assert!(v["trace"].to_string().contains("404"));

    let o = traffic(&["simulate", "-", "--path", "/v1/x"], Some(text));
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("rule #0 matches"));

    // A host no VirtualService serves.
    let (c, v) = sim(&seed("01-weighted-90-10.yaml"), &["--host", "ratings"]);
    assert_eq!(c, 1);
    assert!(v["virtualService"].is_null() && v["rule"].is_null());
}

#[test]
fn several_virtual_services_are_chosen_by_host() {
    let reviews = std::fs::read_to_string(seed("02-header-user-type.yaml")).unwrap();
    let ratings = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: default
spec:
  hosts:
  - ratings
  http:
  - route:
    - destination:
        host: ratings
        subset: v3
";
    let both = format!("{reviews}\n---\n{ratings}");
    let o = traffic(&["simulate", "-", "--host", "ratings", "-f", "json"], Some(&both));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["virtualService"], "ratings");
    assert_eq!(route(&v).1, vec![to("v3", 100.0)]);

    let o = traffic(
        &["simulate", "-", "--host", "reviews.default.svc.cluster.local", "-f", "json"],
        Some(&both),
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["virtualService"], "reviews");

    // Without --host the choice is ambiguous: exit 2, naming them.
    let o = traffic(&["simulate", "-"], Some(&both));
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("reviews, ratings") && stderr(&o).contains("--host"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn gateway_selection() {
    let text = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bookinfo
  namespace: default
spec:
  hosts:
  - bookinfo.example.com
  gateways:
  - bookinfo-gateway
  http:
  - route:
    - destination:
        host: productpage
";
    let o = traffic(
        &[
            "simulate",
            "-",
            "--host",
            "bookinfo.example.com",
            "--gateway",
            "bookinfo-gateway",
            "-f",
            "json",
        ],
        Some(text),
    );
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = traffic(&["simulate", "-", "--host", "bookinfo.example.com", "-f", "json"], Some(text));
    assert_eq!(code(&o), 1, "the VirtualService is not for the mesh");
}

#[test]
fn usage_and_input_errors_exit_2() {
    for args in [
        vec!["simulate"],
        vec!["simulate", "a.yaml", "--port", "x"],
        vec!["simulate", "a.yaml", "--header", "novalue"],
        vec!["simulate", "a.yaml", "--format", "sarif"],
        vec!["simulate", "a.yaml", "b.yaml"],
    ] {
        let o = traffic(&args, None);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains("Usage: traffic simulate"), "{args:?}: {}", stderr(&o));
    }
    let o = traffic(&["simulate", "/nonexistent/file.yaml"], None);
    assert_eq!(code(&o), 2);
    let o = traffic(&["simulate", "-"], Some("a: [1\n"));
    assert_eq!(code(&o), 2);
    let o = traffic(&["simulate", "-"], Some("apiVersion: v1\nkind: ConfigMap\n"));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no VirtualService"));
}

#[test]
fn help_is_available() {
    let o = traffic(&["simulate", "--help"], None);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("--source-label"));
    let o = traffic(&["help", "simulate"], None);
    assert_eq!(code(&o), 0);
    let o = traffic(&["--help"], None);
    assert!(stdout(&o).contains("simulate"));
}
