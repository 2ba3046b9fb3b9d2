//! The presets export exactly the seed fixtures, validate cleanly and pass
//! the CRD schema check.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use traffic_model::presets::{self, Preset};
use traffic_model::{yaml, ApiVersion, Bundle, Severity};

const SHARED: &str = "/work/shared";

/// Seed fixture file → preset id.
const SEED: &[(&str, &str)] = &[
    ("01-weighted-90-10.yaml", "canary"),
    ("02-header-user-type.yaml", "header-user-type"),
    ("03-header-internal-true.yaml", "header-internal"),
    ("04-cookie-regex.yaml", "cookie"),
    ("05-source-labels.yaml", "source-labels"),
    ("06-mirror.yaml", "mirror"),
    ("07-fault-delay.yaml", "fault-delay"),
    ("08-fault-abort.yaml", "fault-abort"),
    ("09-timeout-retries.yaml", "timeout-retries"),
    ("10-destinationrule-subsets.yaml", "destination-rule"),
    ("11-rollback-v1-100.yaml", "rollback"),
];

fn preset(id: &str) -> &'static Preset {
    presets::find(id).unwrap_or_else(|| panic!("no preset {id}"))
}

/// The documents of `text` as JSON values, with `apiVersion` set to
/// `networking.istio.io/v1`.
fn documents(text: &str) -> Vec<Value> {
    yaml::parse(text)
        .expect("YAML")
        .into_iter()
        .map(|d| {
            let mut v = d.value;
            v["apiVersion"] = Value::String(ApiVersion::V1.as_str().into());
            v
        })
        .collect()
}

fn of_kind<'a>(docs: &'a [Value], kind: &str) -> Vec<&'a Value> {
    docs.iter().filter(|d| d["kind"] == kind).collect()
}

/// Subsets a VirtualService document routes or mirrors to.
fn referenced_subsets(vs: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for rule in vs["spec"]["http"].as_array().into_iter().flatten() {
        let dests = rule["route"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| &r["destination"])
            .chain(std::iter::once(&rule["mirror"]));
        for d in dests {
            if let Some(s) = d["subset"].as_str() {
                out.insert(s.to_string());
            }
        }
    }
    out
}

/// Subset names a DestinationRule document defines.
fn defined_subsets(dr: &Value) -> BTreeSet<String> {
    dr["spec"]["subsets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn registry_ids_are_unique_kebab_case_and_complete() {
    let ids: Vec<&str> = presets::ALL.iter().map(|p| p.id).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    for p in presets::ALL {
        assert!(
            !p.id.is_empty()
                && p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !p.id.starts_with('-')
                && !p.id.ends_with('-'),
            "{} is not kebab-case",
            p.id
        );
        assert!(!p.title.is_empty() && !p.description.is_empty(), "{}", p.id);
    }
    for (_, id) in SEED {
        preset(id);
    }
    preset("blue-green");
    preset("dark-launch");
    assert_eq!(presets::all().len(), presets::ALL.len());
}

#[test]
fn seed_presets_export_the_fixtures() {
    for (file, id) in SEED {
        let path = format!("{SHARED}/fixtures/seed/{file}");
        let want = documents(&std::fs::read_to_string(&path).expect("fixture"));
        let got = documents(&preset(id).build().to_yaml(ApiVersion::V1));

        // DestinationRule first, then the VirtualService.
        let kinds: Vec<&str> = got.iter().map(|d| d["kind"].as_str().unwrap_or("")).collect();
        assert_eq!(kinds, ["DestinationRule", "VirtualService"], "{id}");

        let got_vs = of_kind(&got, "VirtualService");
        let got_dr = of_kind(&got, "DestinationRule");
        let want_vs = of_kind(&want, "VirtualService");
        let want_dr = of_kind(&want, "DestinationRule");

        if let Some(want_vs) = want_vs.first() {
            assert_eq!(got_vs[0], *want_vs, "{id}: VirtualService differs from {file}");
        } else {
            // Only a DestinationRule in the fixture: the preset's routes
            // must stay within it.
            let refs = referenced_subsets(got_vs[0]);
            assert!(refs.is_subset(&defined_subsets(got_dr[0])), "{id}: {refs:?}");
        }
        if let Some(want_dr) = want_dr.first() {
            assert_eq!(got_dr[0], *want_dr, "{id}: DestinationRule differs from {file}");
        } else {
            assert_exact_versioned_subsets(id, got_vs[0], got_dr[0]);
        }
    }
}

/// The DestinationRule defines exactly the subsets the VirtualService uses,
/// each labelled `version: <subset>`.
fn assert_exact_versioned_subsets(id: &str, vs: &Value, dr: &Value) {
    assert_eq!(defined_subsets(dr), referenced_subsets(vs), "{id}");
    for s in dr["spec"]["subsets"].as_array().into_iter().flatten() {
        let name = s["name"].as_str().unwrap_or("");
        assert_eq!(s["labels"], serde_json::json!({ "version": name }), "{id}");
    }
}

#[test]
fn extra_presets_define_exactly_the_subsets_they_use() {
    for id in ["blue-green", "dark-launch"] {
        let docs = documents(&preset(id).build().to_yaml(ApiVersion::V1));
        let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap_or("")).collect();
        assert_eq!(kinds, ["DestinationRule", "VirtualService"], "{id}");
        let (dr, vs) = (&docs[0], &docs[1]);
        assert_eq!(defined_subsets(dr), referenced_subsets(vs), "{id}");
        assert_eq!(vs["metadata"], serde_json::json!({"name": "reviews", "namespace": "default"}));
        assert_eq!(dr["metadata"], serde_json::json!({"name": "reviews", "namespace": "default"}));
    }
    assert_exact_versioned_subsets(
        "dark-launch",
        &documents(&presets::dark_launch().to_yaml(ApiVersion::V1))[1],
        &documents(&presets::dark_launch().to_yaml(ApiVersion::V1))[0],
    );
}

#[test]
fn blue_green_keeps_both_destinations_and_switches_with_the_weights() {
    let b = presets::blue_green();
    let (_, vs) = b.virtual_services().next().unwrap();
    let route = &vs.spec.http[0].route;
    let pairs: Vec<(Option<&str>, Option<i32>)> =
        route.iter().map(|d| (d.destination.subset.as_deref(), d.weight)).collect();
    assert_eq!(pairs, [(Some("blue"), Some(100)), (Some("green"), Some(0))]);
    assert_eq!(vs.spec.http[0].shares(), [100.0, 0.0]);
    let (_, dr) = b.destination_rules().next().unwrap();
    let versions: Vec<(&str, &str)> =
        dr.spec.subsets.iter().map(|s| (s.name.as_str(), s.labels["version"].as_str())).collect();
    assert_eq!(versions, [("blue", "v1"), ("green", "v2")]);
}

#[test]
fn dark_launch_routes_only_the_flagged_requests_to_v2() {
    let b = presets::dark_launch();
    let (_, vs) = b.virtual_services().next().unwrap();
    assert_eq!(vs.spec.http.len(), 2);
    let m = &vs.spec.http[0].matches[0].headers["x-dark-launch"];
    assert_eq!(m.exact.as_deref(), Some("true"));
    assert_eq!(vs.spec.http[0].route[0].destination.subset.as_deref(), Some("v2"));
    assert!(vs.spec.http[1].matches.is_empty());
    assert_eq!(vs.spec.http[1].route[0].destination.subset.as_deref(), Some("v1"));
}

#[test]
fn canary_keeps_its_meaning() {
    let b = presets::canary(75, 25);
    let (_, vs) = b.virtual_services().next().unwrap();
    assert_eq!(vs.spec.http[0].shares(), [75.0, 25.0]);
    let dr = presets::reviews_destination_rule(&["v1", "v2"]);
    let names: Vec<&str> = dr.spec.subsets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["v1", "v2"]);
    assert_eq!(dr.spec.host, "reviews");
}

#[test]
fn presets_round_trip_through_yaml() {
    for p in presets::ALL {
        let b = p.build();
        let loaded = Bundle::from_yaml(&b.to_yaml(ApiVersion::V1)).expect("YAML");
        assert!(loaded.diagnostics.is_empty(), "{}: {:#?}", p.id, loaded.diagnostics);
        assert_eq!(loaded.bundle, b, "{}", p.id);
    }
}

#[test]
fn presets_validate_without_errors() {
    for p in presets::ALL {
        let report = traffic_model::validate(&p.build());
        let errors: Vec<_> =
            report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.id);
    }
}

#[test]
fn presets_pass_the_crd_schema_check() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import yaml, jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: python3 with PyYAML and jsonschema not available; CRD check skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("td-presets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<PathBuf> = presets::ALL
        .iter()
        .map(|p| {
            let f = dir.join(format!("{}.yaml", p.id));
            std::fs::write(&f, p.build().to_yaml(ApiVersion::V1)).unwrap();
            f
        })
        .collect();
    let out = std::process::Command::new("python3")
        .arg(format!("{SHARED}/tools/check-crd-schema.py"))
        .arg("--crd-dir")
        .arg(format!("{SHARED}/istio-crds"))
        .args(&files)
        .output()
        .expect("python3");
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(&format!("{} passed, 0 failed", 2 * presets::ALL.len())), "{text}");
}

#[test]
fn every_listed_preset_has_a_builder() {
    for p in presets::ALL {
        let built = presets::build(p.id);
        assert!(built.as_ref().is_some_and(|b| !b.documents.is_empty()), "{}", p.id);
    }
    assert!(presets::build("no-such-preset").is_none());
}
