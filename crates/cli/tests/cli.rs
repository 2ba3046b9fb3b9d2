//! End-to-end tests of the `traffic` binary: exit statuses, the exact JSON
//! shape, SARIF's required fields, `fmt` against the model's canonical
//! export, and standard input.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use traffic_model::{ApiVersion, Bundle};

/// A VirtualService whose weight is not a number: one TDZ0002 error at
/// line 11, column 7.
const SCHEMA_ERROR: &str = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
      weight: ninety
";

/// Not YAML: a mapping value where none is allowed, on line 2.
const BROKEN: &str = "a: b\n  c: d: e\n";

fn seed(name: &str) -> PathBuf {
    shared().join("fixtures/seed").join(name)
}

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().expect("an object").keys().map(String::as_str).collect()
}

#[test]
fn valid_seed_exits_0_with_a_summary() {
    let file = seed("01-weighted-90-10.yaml");
    let o = traffic(&["validate", file.to_str().unwrap()], None);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let last = stdout(&o).lines().last().unwrap_or_default().to_string();
    assert!(last.starts_with("0 errors, "), "{last}");
    assert!(last.ends_with(" in 1 file"), "{last}");
}

#[test]
fn schema_error_exits_1_with_a_rustc_style_report() {
    let dir = scratch("schema_error");
    let file = write(&dir, "bad.yaml", SCHEMA_ERROR);
    let o = traffic(&["validate", &file], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("error[TDZ0002]: "), "{out}");
    assert!(
        out.contains(&format!(
            "  --> {file}:13:7 (VirtualService default/reviews, spec.http[0].route[0].weight)\n"
        )),
        "{out}"
    );
    assert!(out.contains("13 |       weight: ninety\n   |       ^^^^^^\n"), "{out}");
    assert!(out.contains("   = help: "), "{out}");
    assert!(out.contains("error, 0 warnings, ") && out.trim_end().ends_with(" in 1 file"), "{out}");
    assert!(!out.contains('\x1b'), "no colour into a pipe");
}

/// One destination with weight 50: admitted, with warning TDZ1004.
const WARNING_ONLY: &str = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 50
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: default
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
";

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = scratch("deny_warnings");
    let file = write(&dir, "warn.yaml", WARNING_ONLY);
    let o = traffic(&["validate", &file], None);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.starts_with("warning[TDZ"), "{out}");
    assert!(out.trim_end().ends_with("0 errors, 1 warning, 0 infos in 1 file"), "{out}");
    let o = traffic(&["validate", "--deny-warnings", &file], None);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let o = traffic(&["validate", "--deny-warnings", "--format=json", &file], None);
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["warnings"], 1);
    assert_eq!(v["files"][0]["diagnostics"][0]["severity"], "warning");
    let o = traffic(&["validate", "--format=sarif", &file], None);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["level"], "warning");
}

#[test]
fn colour_is_opt_in_for_pipes() {
    let dir = scratch("colour");
    let file = write(&dir, "bad.yaml", SCHEMA_ERROR);
    let o = traffic(&["validate", "--color=always", &file], None);
    assert!(stdout(&o).contains("\x1b[1;31merror[TDZ0002]"), "{}", stdout(&o));
}

#[test]
fn yaml_syntax_error_is_a_finding_with_its_position() {
    let dir = scratch("syntax");
    let file = write(&dir, "broken.yaml", BROKEN);
    let o = traffic(&["validate", &file], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("error[TDZ0001]: "), "{out}");
    assert!(out.contains(&format!("--> {file}:2:")), "{out}");
    assert!(out.contains("1 error, 0 warnings, 0 infos in 1 file"), "{out}");
}

#[test]
fn non_utf8_is_not_yaml() {
    let dir = scratch("non_utf8");
    let file = write(&dir, "latin1.yaml", b"a: 1\nb: caf\xe9\n");
    let o = traffic(&["validate", "--format", "json", &file], None);
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "TDZ0001");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(7)));
    let o = traffic(&["fmt", &file], None);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with(&format!("{file}:2:7: ")), "{}", stderr(&o));
}

#[test]
fn unreadable_file_exits_2_even_beside_findings() {
    let dir = scratch("unreadable");
    let bad = write(&dir, "bad.yaml", SCHEMA_ERROR);
    let missing = dir.join("missing.yaml");
    let missing = missing.to_str().unwrap();
    let o = traffic(&["validate", &bad, missing], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains(missing), "{}", stderr(&o));
    assert!(stdout(&o).contains("error[TDZ0002]"), "the readable file is still reported");
    // A directory is not readable as a file either.
    let o = traffic(&["validate", dir.to_str().unwrap()], None);
    assert_eq!(code(&o), 2);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["validate"],
        &["validate", "--format", "xml", "a.yaml"],
        &["validate", "--format"],
        &["validate", "--nope", "a.yaml"],
        &["fmt"],
        &["fmt", "--api-version", "v2", "a.yaml"],
    ] {
        let o = traffic(args, None);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains("Usage: traffic"), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version_exit_0() {
    for args in [&["--help"][..], &["help"], &["-h"], &["help", "validate"], &["fmt", "--help"]] {
        let o = traffic(args, None);
        assert_eq!(code(&o), 0, "{args:?}");
        assert!(stdout(&o).contains("Usage: traffic"), "{args:?}");
    }
    let o = traffic(&["--version"], None);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), format!("traffic {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let dir = scratch("json");
    let bad = write(&dir, "bad.yaml", SCHEMA_ERROR);
    let broken = write(&dir, "broken.yaml", BROKEN);
    let good = seed("01-weighted-90-10.yaml");
    let o = traffic(&["validate", "--format=json", &bad, &broken, good.to_str().unwrap()], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");

    assert_eq!(keys(&v), ["files", "summary"]);
    assert_eq!(keys(&v["summary"]), ["errors", "warnings", "infos"]);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    let names: Vec<&str> = files.iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(names, [bad.as_str(), broken.as_str(), good.to_str().unwrap()]);
    let mut total = 0u64;
    for f in files {
        assert_eq!(keys(f), ["file", "diagnostics"]);
        for d in f["diagnostics"].as_array().unwrap() {
            total += 1;
            assert_eq!(
                keys(d),
                [
                    "code", "severity", "document", "kind", "name", "path", "line", "column",
                    "message", "help"
                ]
            );
            assert!(d["code"].as_str().unwrap().starts_with("TDZ"));
            assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
            for k in ["kind", "name", "path", "message"] {
                assert!(d[k].is_string(), "{k}: {d}");
            }
            for k in ["document", "line", "column"] {
                assert!(d[k].is_u64() || d[k].is_null(), "{k}: {d}");
            }
            assert!(d["help"].is_string() || d["help"].is_null(), "{d}");
        }
    }
    let s = &v["summary"];
    let counted: u64 = ["errors", "warnings", "infos"].iter().map(|k| s[k].as_u64().unwrap()).sum();
    assert_eq!(total, counted);

    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["code"], "TDZ0002");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["document"], 0);
    assert_eq!(d["kind"], "VirtualService");
    assert_eq!(d["name"], "reviews");
    assert_eq!(d["path"], "spec.http[0].route[0].weight");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(13), Some(7)));

    let d = &files[1]["diagnostics"][0];
    assert_eq!(d["code"], "TDZ0001");
    assert!(d["document"].is_null(), "a syntax error is about no document: {d}");
    assert_eq!(d["line"], 2);
}

#[test]
fn sarif_has_the_required_fields() {
    let dir = scratch("sarif");
    let bad = write(&dir, "bad file.yaml", SCHEMA_ERROR);
    let broken = write(&dir, "broken.yaml", BROKEN);
    let o = traffic(&["validate", "--format", "sarif", &bad, &broken], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");

    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "traffic");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let all: Vec<&str> = traffic_model::codes::ALL.iter().map(|c| c.id).collect();
    assert_eq!(ids, all);

    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let physical = &r["locations"][0]["physicalLocation"];
        assert!(physical["artifactLocation"]["uri"].is_string());
        assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(physical["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    let first = &results[0]["locations"][0]["physicalLocation"];
    assert!(first["artifactLocation"]["uri"].as_str().unwrap().ends_with("/bad%20file.yaml"));
    assert_eq!(first["region"]["startLine"], 13);
    assert_eq!(results[1]["ruleId"], "TDZ0001");
}

#[test]
fn fmt_prints_the_canonical_export() {
    let file = seed("01-weighted-90-10.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let bundle = Bundle::from_yaml(&text).unwrap().bundle;

    let o = traffic(&["fmt", file.to_str().unwrap()], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), bundle.to_yaml(ApiVersion::V1));
    assert!(stdout(&o).starts_with("apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"));
    assert!(o.stderr.is_empty());

    let o = traffic(&["fmt", "--api-version", "v1beta1", file.to_str().unwrap()], None);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), bundle.to_yaml(ApiVersion::V1Beta1));

    // Formatting is idempotent.
    let once = traffic(&["fmt", file.to_str().unwrap()], None);
    let twice = traffic(&["fmt", "-"], Some(&stdout(&once)));
    assert_eq!(stdout(&twice), stdout(&once));
}

#[test]
fn fmt_ignores_validation_and_joins_files() {
    let dir = scratch("fmt_join");
    let bad = write(&dir, "bad.yaml", SCHEMA_ERROR);
    let good = seed("01-weighted-90-10.yaml");
    let o = traffic(&["fmt", &bad, good.to_str().unwrap()], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("weight: ninety\n---\napiVersion: "), "{out}");
    assert_eq!(Bundle::from_yaml(&out).unwrap().bundle.documents.len(), 3);
}

#[test]
fn fmt_reports_broken_yaml_with_line_and_column() {
    let dir = scratch("fmt_broken");
    let file = write(&dir, "broken.yaml", BROKEN);
    let o = traffic(&["fmt", &file], None);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    let rest = err.strip_prefix(&format!("{file}:")).unwrap_or_else(|| panic!("{err}"));
    let mut parts = rest.splitn(3, ':');
    assert_eq!(parts.next(), Some("2"), "{err}");
    assert!(parts.next().unwrap().parse::<u32>().is_ok(), "{err}");
    assert!(parts.next().unwrap().starts_with(' '), "{err}");

    let o = traffic(&["fmt", dir.join("missing.yaml").to_str().unwrap()], None);
    assert_eq!(code(&o), 2);
}

#[test]
fn stdin_is_dash() {
    let o = traffic(&["validate", "--format", "json", "-"], Some(SCHEMA_ERROR));
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["file"], "<stdin>");
    assert_eq!(v["files"][0]["diagnostics"][0]["line"], 13);

    let text = std::fs::read_to_string(seed("01-weighted-90-10.yaml")).unwrap();
    let o = traffic(&["validate", "-"], Some(&text));
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = traffic(&["fmt", "-"], Some(&text));
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), Bundle::from_yaml(&text).unwrap().bundle.to_yaml(ApiVersion::V1));
    let o = traffic(&["fmt", "-"], Some(BROKEN));
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("<stdin>:2:"), "{}", stderr(&o));
}

#[test]
fn closed_stdout_is_quiet_and_keeps_the_status() {
    let dir = scratch("broken_pipe");
    let many = std::iter::repeat_n(SCHEMA_ERROR, 500).collect::<Vec<_>>().join("---\n");
    let file = write(&dir, "many.yaml", many);
    let mut child = Command::new(env!("CARGO_BIN_EXE_traffic"))
        .args(["validate", &file])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 1);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}
