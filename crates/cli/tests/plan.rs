//! End-to-end tests of `traffic plan`: the phase files and rollback it
//! writes (each passes `traffic validate` and carries its phase's weights),
//! the Argo Rollouts and Flagger resources it prints (valid YAML, warnings
//! on stderr), and its exit statuses.

mod common;
use common::*;
use std::path::{Path, PathBuf};

use serde_json::Value;
use traffic_model::{Bundle, Document};

/// The seed's 90/10 VirtualService and its DestinationRule (v1, v2, canary).
fn seed() -> String {
    shared().join("fixtures/seed/01-weighted-90-10.yaml").to_str().unwrap().to_string()
}

/// A design whose rule has three destinations, v1, v2 and canary.
const THREE: &str = "\
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
  - name: canary
    labels:
      version: canary
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
  http:
  - name: primary
    route:
    - destination:
        host: reviews
        subset: v1
      weight: 100
    - destination:
        host: reviews
        subset: v2
      weight: 0
    - destination:
        host: reviews
        subset: canary
      weight: 0
";

fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan-tests").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The weights of the first VirtualService's first rule, by subset.
fn weights_in(path: &Path) -> Vec<(String, i32)> {
    let text = std::fs::read_to_string(path).unwrap();
    let loaded = Bundle::from_yaml(&text).unwrap();
    let (_, vs) = loaded.bundle.virtual_services().next().expect("a VirtualService");
    vs.spec.http[0]
        .route
        .iter()
        .map(|d| (d.destination.subset.clone().unwrap_or_default(), d.weight.unwrap_or(-1)))
        .collect()
}

fn pairs(p: &[(&str, i32)]) -> Vec<(String, i32)> {
    p.iter().map(|(s, w)| (s.to_string(), *w)).collect()
}

#[test]
fn writes_one_valid_file_per_phase_and_the_rollback() {
    let dir = scratch("seed");
    let out = dir.join("phases");
    let o = traffic(
        &[
            "plan",
            &seed(),
            "--phases",
            "90/10:1h,75/25:2h,50/50:4h,0/100",
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        files(&out),
        [
            "01-canary-90-10.yaml",
            "02-expand-75-25.yaml",
            "03-half-50-50.yaml",
            "04-promote-0-100.yaml",
            "rollback.yaml"
        ]
    );
    assert!(
        stdout(&o).contains("01-canary-90-10.yaml  Phase 1: Canary 90/10 (hold 1h)"),
        "{}",
        stdout(&o)
    );
    let expected = [
        ("01-canary-90-10.yaml", [("v1", 90), ("v2", 10)]),
        ("02-expand-75-25.yaml", [("v1", 75), ("v2", 25)]),
        ("03-half-50-50.yaml", [("v1", 50), ("v2", 50)]),
        ("04-promote-0-100.yaml", [("v1", 0), ("v2", 100)]),
        ("rollback.yaml", [("v1", 100), ("v2", 0)]),
    ];
    for (name, w) in expected {
        let path = out.join(name);
        assert_eq!(weights_in(&path), pairs(&w), "{name}");
        let v = traffic(&["validate", "--deny-warnings", path.to_str().unwrap()], None);
        assert_eq!(code(&v), 0, "{name}: {}{}", stdout(&v), stderr(&v));
    }
}

#[test]
fn three_subsets_from_stdin_with_another_stable() {
    let dir = scratch("three");
    let o = traffic(
        &[
            "plan",
            "-",
            "--phases",
            "start=100/0/0,80/10/10:30m,40/30/30:1h,0/50/50",
            "--out",
            dir.to_str().unwrap(),
            "--api-version",
            "v1beta1",
        ],
        Some(THREE),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        files(&dir),
        [
            "01-start-100-0-0.yaml",
            "02-canary-80-10-10.yaml",
            "03-expand-40-30-30.yaml",
            "04-promote-0-50-50.yaml",
            "rollback.yaml"
        ]
    );
    assert_eq!(
        weights_in(&dir.join("03-expand-40-30-30.yaml")),
        pairs(&[("v1", 40), ("v2", 30), ("canary", 30)])
    );
    let text = std::fs::read_to_string(dir.join("rollback.yaml")).unwrap();
    assert!(text.starts_with("apiVersion: networking.istio.io/v1beta1\n"), "{text}");
    for f in files(&dir) {
        let v = traffic(&["validate", dir.join(&f).to_str().unwrap()], None);
        assert_eq!(code(&v), 0, "{f}: {}", stdout(&v));
    }
    // v2 as stable: the rollback puts everything on v2.
    let dir = scratch("three-stable");
    let o = traffic(
        &[
            "plan",
            "-",
            "--phases",
            "10/90/0,0/100/0",
            "--stable",
            "v2",
            "--out",
            dir.to_str().unwrap(),
        ],
        Some(THREE),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        weights_in(&dir.join("rollback.yaml")),
        pairs(&[("v1", 0), ("v2", 100), ("canary", 0)])
    );
}

fn only_document(text: &str) -> Value {
    let loaded = Bundle::from_yaml(text).unwrap();
    assert_eq!(loaded.bundle.documents.len(), 1, "{text}");
    match &loaded.bundle.documents[0] {
        Document::Other(v) => v.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn argo_output_is_a_rollout() {
    let o = traffic(
        &["plan", &seed(), "--phases", "90/10:1h,75/25:2h,50/50:4h,0/100", "--format", "argo"],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "no warnings for a two-subset plan that ends at 100");
    let v = only_document(&stdout(&o));
    assert_eq!(v["apiVersion"], "argoproj.io/v1alpha1");
    assert_eq!(v["kind"], "Rollout");
    let canary = &v["spec"]["strategy"]["canary"];
    assert_eq!(canary["steps"][0]["setWeight"], 10);
    assert_eq!(canary["steps"][1]["pause"]["duration"], "1h");
    assert_eq!(canary["steps"].as_array().unwrap().len(), 6);
    assert_eq!(canary["trafficRouting"]["istio"]["destinationRule"]["canarySubsetName"], "v2");
}

#[test]
fn flagger_output_is_a_canary_with_warnings() {
    let o = traffic(
        &["plan", &seed(), "--phases", "90/10:1h,75/25:2h,50/50:4h,0/100", "--format=flagger"],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = only_document(&stdout(&o));
    assert_eq!(v["kind"], "Canary");
    assert_eq!(v["spec"]["analysis"]["interval"], "1h");
    let err = stderr(&o);
    assert!(err.contains("warning[TDZ4012]"), "{err}");
    assert!(err.contains("warning[TDZ4011]"), "{err}");
    // Three subsets: a warning too; the output still parses.
    let o = traffic(
        &["plan", "-", "--phases", "90/5/5:1h,0/50/50", "--format", "flagger"],
        Some(THREE),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("warning[TDZ4010]"), "{}", stderr(&o));
    only_document(&stdout(&o));
    let o =
        traffic(&["plan", "-", "--phases", "90/5/5:1h,0/50/50", "--format", "argo"], Some(THREE));
    assert!(stderr(&o).contains("warning[TDZ4010]"), "{}", stderr(&o));
    assert_eq!(
        only_document(&stdout(&o))["spec"]["strategy"]["canary"]["trafficRouting"]["istio"]
            ["virtualService"]["routes"][0],
        "primary"
    );
}

#[test]
fn phases_format_is_one_commented_file() {
    let o = traffic(&["plan", &seed(), "--phases", "90/10:1h,0/100", "--format", "phases"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("# Phase 1: Canary 90/10 (hold 1h)\n"), "{text}");
    assert!(text.contains("---\n# Phase 2: Promote 0/100\n"), "{text}");
    assert_eq!(Bundle::from_yaml(&text).unwrap().bundle.documents.len(), 4);
}

#[test]
fn bad_plans_write_nothing() {
    let dir = scratch("bad");
    let out = dir.join("never");
    let o = traffic(
        &["plan", &seed(), "--phases", "90/10:1d,0/100", "--out", out.to_str().unwrap()],
        None,
    );
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[TDZ4008] phases[0].duration"), "{}", stderr(&o));
    assert!(!out.exists());
    let o =
        traffic(&["plan", &seed(), "--phases", "90/10/0", "--out", out.to_str().unwrap()], None);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[TDZ4004]"), "{}", stderr(&o));
    let o = traffic(
        &["plan", &seed(), "--phases", "0/100", "--stable", "v7", "--format", "argo"],
        None,
    );
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[TDZ4003]"));
    assert_eq!(stdout(&o), "");
    // A subset no DestinationRule defines: the phase manifest would be rejected.
    let no_dr = THREE.split("---\n").nth(1).unwrap();
    let o = traffic(
        &["plan", "-", "--phases", "90/5/5,0/100/0", "--out", out.to_str().unwrap()],
        Some(no_dr),
    );
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[TDZ3001]"), "{}", stderr(&o));
    assert!(!out.exists());
    // Nothing to shift.
    let o =
        traffic(&["plan", "-", "--phases", "0/100", "--format", "argo"], Some("kind: ConfigMap\n"));
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[TDZ4009]"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["plan", "x.yaml", "--phases", "90/ten", "--out", "d"],
        vec!["plan", "x.yaml", "--phases", "90/10"],
        vec!["plan", "x.yaml", "--phases", "90/10", "--out", "d", "--format", "argo"],
        vec!["plan", "x.yaml", "--phases", "90/10", "--format", "spinnaker"],
        vec!["plan", "x.yaml", "--out", "d"],
        vec!["plan", "--phases", "90/10", "--out", "d"],
        vec!["plan", "a.yaml", "b.yaml", "--phases", "90/10", "--out", "d"],
        vec!["plan", "x.yaml", "--phases", "90/10", "--out", "d", "--bogus"],
    ] {
        let o = traffic(&args, None);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("Usage: traffic plan"), "{args:?}: {}", stderr(&o));
    }
    let o = traffic(&["plan", "/nonexistent/x.yaml", "--phases", "90/10", "--out", "d"], None);
    assert_eq!(code(&o), 2);
    let o = traffic(&["help", "plan"], None);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("--phases <PHASES>"));
    let o = traffic(&["plan", "--help"], None);
    assert_eq!(code(&o), 0);
    assert!(traffic(&["--help"], None).stdout.windows(4).any(|w| w == b"plan"));
}
