//! Data-driven validation fixtures: `tests/fixtures/validate/<rule>/*.yaml`.
//!
//! Each fixture is a design (one or more YAML documents) whose leading
//! comment lines say exactly what validation must find:
//!
//! ```yaml
//! # expect: TDZ1003 error spec.http[0].route
//! # expect: TDZ3001 error 1:spec.http[0].route[0].destination.subset
//! ```
//!
//! `CODE SEVERITY [DOC:]PATH`, where `DOC` is the document index (default
//! 0) and an empty path is written `-`. `# expect: none` states that the
//! design is clean. The findings must match the expectations exactly (as
//! a multiset): nothing missing, nothing extra. Every code of the
//! VirtualService, DestinationRule and cross-resource ranges must be
//! expected by at least one fixture.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use traffic_model::validate::validate_loaded;
use traffic_model::{codes, Bundle, Severity};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate")
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![fixtures_dir()];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).expect("fixture dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    code: String,
    severity: String,
    doc: usize,
    path: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() { "-" } else { &self.path };
        write!(f, "{} {} {}:{}", self.code, self.severity, self.doc, path)
    }
}

fn parse_expectations(text: &str, file: &Path) -> Option<Vec<Finding>> {
    let mut out = Vec::new();
    let mut any = false;
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("# expect:") else { continue };
        any = true;
        let rest = rest.trim();
        if rest == "none" {
            continue;
        }
        // The path is the rest of the line: header names may hold spaces.
        let parts: Vec<&str> = rest.splitn(3, ' ').collect();
        assert_eq!(parts.len(), 3, "{}: bad expectation line {line:?}", file.display());
        let (doc, path) = match parts[2].split_once(':') {
            Some((d, p)) if d.bytes().all(|c| c.is_ascii_digit()) && !d.is_empty() => {
                (d.parse().unwrap_or(0), p)
            }
            _ => (0, parts[2]),
        };
        let path = if path == "-" { "" } else { path };
        assert!(
            codes::by_id(parts[0]).is_some(),
            "{}: unknown code {} in {line:?}",
            file.display(),
            parts[0]
        );
        assert!(
            matches!(parts[1], "error" | "warning" | "info"),
            "{}: bad severity in {line:?}",
            file.display()
        );
        out.push(Finding {
            code: parts[0].to_string(),
            severity: parts[1].to_string(),
            doc,
            path: path.to_string(),
        });
    }
    any.then_some(out)
}

#[test]
fn every_fixture_finds_exactly_what_it_expects() {
    let files = fixture_files();
    assert!(files.len() > 50, "expected many fixtures, found {}", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("read fixture");
        let name = file.strip_prefix(fixtures_dir()).unwrap_or(file).display().to_string();
        let Some(mut expected) = parse_expectations(&text, file) else {
            failures.push(format!("{name}: no `# expect:` lines"));
            continue;
        };
        let loaded = match Bundle::from_yaml(&text) {
            Ok(l) => l,
            Err(e) => {
                failures.push(format!("{name}: not YAML: {e}"));
                continue;
            }
        };
        let report = validate_loaded(&loaded);
        let mut actual: Vec<Finding> = report
            .diagnostics
            .iter()
            .map(|d| Finding {
                code: d.code.id.to_string(),
                severity: d.severity.as_str().to_string(),
                doc: d.document.unwrap_or(0),
                path: d.path.clone(),
            })
            .collect();
        expected.sort();
        actual.sort();
        if expected != actual {
            let mut msg = format!("{name}:");
            let mut rest = actual.clone();
            for e in &expected {
                if let Some(i) = rest.iter().position(|a| a == e) {
                    rest.remove(i);
                } else {
                    msg.push_str(&format!("\n    missing:    {e}"));
                }
            }
            for a in &rest {
                let d = report
                    .diagnostics
                    .iter()
                    .find(|d| d.code.id == a.code && d.path == a.path)
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                msg.push_str(&format!("\n    unexpected: {a}   ({d})"));
            }
            failures.push(msg);
        }
        for d in &report.diagnostics {
            assert!(!d.message.is_empty(), "{name}: empty message for {}", d.code.id);
            let first = d.message.chars().next().unwrap_or(' ');
            assert!(
                !first.is_uppercase()
                    || d.message.starts_with("HTTP")
                    || d.message.starts_with("MUTUAL")
                    || d.message.starts_with("TLS")
                    || d.message.starts_with("SNI")
                    || d.message.starts_with("VirtualService")
                    || d.message.starts_with("DestinationRule"),
                "{name}: message should start lower-case: {:?}",
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{name}: message ends with a period: {:?}",
                d.message
            );
            if d.code.id.starts_with("TDZ1")
                || d.code.id.starts_with("TDZ2")
                || d.code.id.starts_with("TDZ3")
            {
                assert!(d.help.is_some(), "{name}: {} has no help", d.code.id);
                assert!(
                    d.location.is_some(),
                    "{name}: {} at {} has no location",
                    d.code.id,
                    d.path
                );
            }
        }
    }
    assert!(failures.is_empty(), "{} fixture(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_code_has_a_failing_fixture() {
    let mut expected_codes = BTreeSet::new();
    for file in fixture_files() {
        let text = fs::read_to_string(&file).expect("read fixture");
        for f in parse_expectations(&text, &file).unwrap_or_default() {
            expected_codes.insert(f.code);
        }
    }
    let missing: Vec<&str> = codes::ALL
        .iter()
        .filter(|c| c.id >= "TDZ1000" && c.id < "TDZ4000")
        .filter(|c| !expected_codes.contains(c.id))
        .map(|c| c.id)
        .collect();
    assert!(missing.is_empty(), "codes without a fixture that expects them: {missing:?}");
}

#[test]
fn severities_in_fixtures_match_the_registry_or_a_documented_override() {
    // Codes whose rules may change the default severity.
    let overridable = [codes::DIRECT_RESPONSE_BODY_SIZE.id, codes::SUBSET_NO_LABELS.id];
    for file in fixture_files() {
        let text = fs::read_to_string(&file).expect("read fixture");
        for f in parse_expectations(&text, &file).unwrap_or_default() {
            let code = codes::by_id(&f.code).expect("known code");
            if !overridable.contains(&code.id) {
                assert_eq!(
                    f.severity,
                    code.severity.as_str(),
                    "{}: {} is a {}",
                    file.display(),
                    code.id,
                    code.severity
                );
            }
        }
    }
    let _ = Severity::Info;
}
