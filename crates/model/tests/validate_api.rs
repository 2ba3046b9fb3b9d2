//! The validation API: report order, locations, loader findings, severity
//! overrides, extreme values, robustness against arbitrary input, speed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use traffic_model::diagnostic::compare_paths;
use traffic_model::validate::{validate, validate_loaded};
use traffic_model::virtual_service::{
    Destination, HttpMatchRequest, HttpRoute, HttpRouteDestination, StringMatch, VirtualService,
    VirtualServiceSpec,
};
use traffic_model::{codes, presets, Bundle, Document, Severity};

fn load(text: &str) -> traffic_model::Loaded {
    Bundle::from_yaml(text).expect("YAML")
}

/// The browser app shows an unmodified preset's report without loading the
/// validator (its code is fetched on first use): that report must be empty,
/// for every preset and for the design the page starts with.
#[test]
fn presets_validate_without_findings() {
    for p in presets::all() {
        let report = validate(&p.build());
        assert!(report.diagnostics.is_empty(), "preset {}: {:?}", p.id, report.diagnostics);
    }
    let report = validate(&presets::start());
    assert!(report.diagnostics.is_empty(), "the starting design: {:?}", report.diagnostics);
}

#[test]
fn presets_are_clean_and_a_zero_split_is_not() {
    for p in presets::all() {
        let report = validate(&p.build());
        assert!(!report.has_errors(), "preset {}: {:?}", p.id, report.diagnostics);
    }
    let report = validate(&presets::canary(0, 0));
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.id).collect();
    assert_eq!(codes, vec![codes::WEIGHTS_ZERO_TOTAL.id]);
    assert_eq!(report.diagnostics[0].path, "spec.http[0].route");
    assert_eq!(report.diagnostics[0].kind, "VirtualService");
    assert_eq!(report.diagnostics[0].name, "reviews");
    assert_eq!(report.diagnostics[0].location, None);
}

#[test]
fn findings_are_sorted_by_document_path_and_code_with_numeric_indices() {
    let mut text = String::from(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a, namespace: default}\nspec:\n  hosts: [a]\n  http:\n",
    );
    for i in 0..12 {
        text.push_str(&format!(
            "  - match: [{{headers: {{x-n: {{exact: \"{i}\"}}}}}}]\n    route:\n    - {{destination: {{host: a}}, weight: -1}}\n    - {{destination: {{host: b}}, weight: 1}}\n"
        ));
    }
    let report = validate_loaded(&load(&text));
    let paths: Vec<&str> = report.diagnostics.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths[0], "spec.http[0].route");
    assert_eq!(paths[1], "spec.http[0].route[0].weight");
    assert_eq!(paths[2], "spec.http[1].route");
    assert_eq!(paths[4], "spec.http[2].route");
    assert_eq!(paths[20], "spec.http[10].route");
    for w in report.diagnostics.windows(2) {
        assert_ne!(w[0].sort_key_cmp(&w[1]), std::cmp::Ordering::Greater);
    }
    assert_eq!(compare_paths("spec.http[2]", "spec.http[10]"), std::cmp::Ordering::Less);
    assert_eq!(compare_paths("spec.http", "spec.http[0]"), std::cmp::Ordering::Less);
    assert_eq!(compare_paths("spec.hosts", "spec.http"), std::cmp::Ordering::Less);
}

#[test]
fn locations_point_at_the_field_or_its_nearest_written_ancestor() {
    let text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\nspec:\n  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n      weight: 0\n    - destination: {host: b}\n    retries:\n      retryOn: 5xx\n";
    let report = validate_loaded(&load(text));
    let zero = report
        .diagnostics
        .iter()
        .find(|d| d.code == &codes::WEIGHTS_ZERO_TOTAL)
        .expect("zero total");
    assert_eq!(zero.location.map(|l| (l.line, l.column)), Some((8, 5)));
    let retries = report
        .diagnostics
        .iter()
        .find(|d| d.code == &codes::RETRIES_DISABLED_BUT_CONFIGURED)
        .expect("retries");
    assert_eq!(retries.path, "spec.http[0].retries");
    assert_eq!(retries.location.map(|l| l.line), Some(12));
    for d in &report.diagnostics {
        assert!(d.location.is_some(), "{} has no location", d.path);
    }
}

#[test]
fn loader_findings_are_included_and_sorted_in() {
    let text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a}\nspec:\n  hosts: [a]\n  bogus: 1\n  http:\n  - route:\n    - destination: {host: a}\n      weight: 50\n";
    let loaded = load(text);
    assert!(!loaded.diagnostics.is_empty(), "the loader reports the unknown field");
    let report = validate_loaded(&loaded);
    let ids: Vec<&str> = report.diagnostics.iter().map(|d| d.code.id).collect();
    assert!(ids.contains(&codes::UNKNOWN_FIELD.id), "{ids:?}");
    assert!(ids.contains(&codes::SINGLE_DESTINATION_PARTIAL_WEIGHT.id), "{ids:?}");
}

#[test]
fn direct_response_body_over_one_mebibyte_is_an_error() {
    let body = "x".repeat(1024 * 1024 + 1);
    let text = format!(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: a}}\nspec:\n  hosts: [a]\n  http:\n  - directResponse:\n      status: 200\n      body: {{string: {body}}}\n"
    );
    let report = validate(&load(&text).bundle);
    assert_eq!(report.diagnostics.len(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(d.code, &codes::DIRECT_RESPONSE_BODY_SIZE);
    assert_eq!(d.severity, Severity::Error);
    // A base64 body counts its decoded bytes: 1 MiB of text is ~768 KiB.
    let bytes = "QUJD".repeat(256 * 1024);
    let text = format!(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: a}}\nspec:\n  hosts: [a]\n  http:\n  - directResponse:\n      status: 200\n      body: {{bytes: {bytes}}}\n"
    );
    let report = validate(&load(&text).bundle);
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn extreme_values_do_not_panic() {
    let text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a}\nspec:\n  hosts: [a]\n  http:\n  - route:\n    - {destination: {host: a, port: {number: 4294967295}}, weight: 2147483647}\n    - {destination: {host: b}, weight: 2147483647}\n    - {destination: {host: c}, weight: 2}\n    timeout: 9223372036854775807ns\n    retries: {attempts: 2147483647, perTryTimeout: 2562047h47m16.854775807s, retryOn: \"99999999999999999999999\"}\n  - directResponse: {status: 4294967295}\n    match: [{port: 4294967295, uri: {regex: \"((((((((((a))))))))))\"}}]\n";
    let report = validate(&load(text).bundle);
    // Go adds int32 weights with wrap-around: 2^31-1 + 2^31-1 + 2 = 0.
    assert!(report.diagnostics.iter().any(|d| d.code == &codes::WEIGHTS_ZERO_TOTAL));
    assert!(report.diagnostics.iter().any(|d| d.code == &codes::RETRY_ON_INVALID));
    assert!(report.diagnostics.iter().any(|d| d.code == &codes::DIRECT_RESPONSE_STATUS_INVALID));
}

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixture_texts() -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p: PathBuf = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                if let Ok(t) = fs::read_to_string(&p) {
                    if t.len() < 20_000 {
                        out.push(t);
                    }
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn never_panics_on_mutated_designs() {
    // Splice tokens that matter to the rules into the fixtures at random
    // places; whatever still loads must validate without panicking.
    const TOKENS: &[&str] = &[
        "-1",
        "0",
        "2147483647",
        "4294967295",
        "\"\"",
        "\"*\"",
        "[]",
        "{}",
        "null",
        "\"(\"",
        "\"a**\"",
        "\"\\\\\"",
        "\"0s\"",
        "\"1d\"",
        "\"%\"",
        "\"é\"",
        "\"::\"",
        "\"a/b/c\"",
        "\"..\"",
        "\"~\"",
        "1e9",
        "-0.5",
        "\"\\u0000\"",
        "\"*.*\"",
        "\"@request.auth.claims.\"",
        "\"configmap://\"",
    ];
    let texts = fixture_texts();
    assert!(!texts.is_empty());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut validated = 0;
    let rounds: usize =
        std::env::var("FUZZ_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3000);
    for round in 0..rounds {
        let base = &texts[round % texts.len()];
        let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(lines.len());
            let line = &lines[i];
            // Replace the value after a `: ` (or a list item) with a token.
            let token = TOKENS[rng.below(TOKENS.len())];
            if let Some(pos) = line.rfind(": ") {
                let head = line[..pos + 2].to_string();
                lines[i] = format!("{head}{token}");
            } else if let Some(pos) = line.find("- ") {
                let head = line[..pos + 2].to_string();
                lines[i] = format!("{head}{token}");
            } else if rng.below(4) == 0 {
                lines.remove(i);
            }
        }
        let text = lines.join("\n");
        if let Ok(loaded) = Bundle::from_yaml(&text) {
            let report = validate_loaded(&loaded);
            for d in &report.diagnostics {
                assert!(!d.message.is_empty());
            }
            validated += 1;
        }
    }
    assert!(validated > 1000, "only {validated} mutants loaded");
}

/// A design of `rules` HTTP rules with `matches` matches each. `heavy`:
/// every match has a uri prefix, an exact header, a regex header and a
/// regex query parameter (the worst realistic case for the regex and
/// rule-order checks); otherwise a uri prefix and an exact header.
pub fn big_design(rules: usize, matches: usize, heavy: bool) -> Bundle {
    let http = (0..rules)
        .map(|i| HttpRoute {
            name: Some(format!("rule-{i}")),
            matches: (0..matches)
                .map(|j| {
                    let mut m = HttpMatchRequest {
                        uri: Some(StringMatch::prefix(format!("/api/v{i}/item{j}"))),
                        ..Default::default()
                    };
                    m.headers.insert("x-team".into(), StringMatch::exact(format!("team-{j}")));
                    if heavy {
                        m.headers.insert(
                            "cookie".into(),
                            StringMatch::regex(format!("^(.*?;)?(user=u{i}x{j})(;.*)?$")),
                        );
                        m.query_params.insert("v".into(), StringMatch::regex("^[0-9]+$"));
                    }
                    m
                })
                .collect(),
            route: vec![
                HttpRouteDestination {
                    destination: Destination::host("reviews"),
                    weight: Some(90),
                    ..Default::default()
                },
                HttpRouteDestination {
                    destination: Destination::host("reviews-canary"),
                    weight: Some(10),
                    ..Default::default()
                },
            ],
            timeout: Some("10s".to_string()),
            ..Default::default()
        })
        .collect();
    let vs = VirtualService {
        api_version: "networking.istio.io/v1".into(),
        kind: "VirtualService".into(),
        metadata: traffic_model::meta::ObjectMeta::named("reviews", "default"),
        spec: VirtualServiceSpec { hosts: vec!["reviews".into()], http, ..Default::default() },
        ..Default::default()
    };
    Bundle { documents: vec![Document::VirtualService(vs)] }
}

fn time_validate(bundle: &Bundle) -> std::time::Duration {
    let first = validate(bundle);
    assert!(first.diagnostics.is_empty(), "{:?}", first.diagnostics.first());
    let runs: u32 = std::env::var("VALIDATE_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(validate(std::hint::black_box(bundle)));
    }
    start.elapsed() / runs
}

#[test]
fn two_hundred_rules_with_five_matches_validate_quickly() {
    let typical = time_validate(&big_design(200, 5, false));
    let heavy = time_validate(&big_design(200, 5, true));
    println!("validate: 200 rules x 5 matches: {typical:?} per run (uri prefix + exact header), {heavy:?} (plus a regex header and a regex query parameter)");
    // Release builds take well under 1 ms; debug builds are ~10-30x slower,
    // and CI machines are shared, so the bound only catches blow-ups.
    let limit = if cfg!(debug_assertions) { 200 } else { 10 };
    assert!(heavy.as_millis() < limit, "validation took {heavy:?}");
}
