//! Real configurations validate without errors: the seed designs, and
//! Istio's own samples (`shared/fixtures/`), each file alone or, for
//! VirtualServices whose subsets live in another sample file, together
//! with that file, as `istioctl analyze a.yaml b.yaml` would see them.

use std::fs;
use std::path::{Path, PathBuf};

use traffic_model::validate::validate_loaded;
use traffic_model::{codes, Bundle, Report, Severity};

/// `shared/` beside the repository (CI lays it there), or `/work/shared`.
fn shared() -> Option<PathBuf> {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    [beside, PathBuf::from("/work/shared")].into_iter().find(|p| p.join("fixtures").is_dir())
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "yaml"));
    files.sort();
    files
}

fn check(text: &str) -> Report {
    let loaded = Bundle::from_yaml(text).expect("sample is YAML");
    validate_loaded(&loaded)
}

fn describe(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "  {} {} [{}] {}: {}",
                d.severity,
                d.code.id,
                d.document.unwrap_or(0),
                d.path,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn seed_designs_have_no_errors() {
    let Some(shared) = shared() else { return };
    let files = yaml_files(&shared.join("fixtures/seed"));
    assert!(files.len() >= 10, "seed designs missing");
    for f in files {
        let report = check(&fs::read_to_string(&f).expect("read"));
        assert!(!report.has_errors(), "{}:\n{}", f.display(), describe(&report));
        // The seeds are clean designs: no warnings either.
        assert_eq!(report.count(Severity::Warning), 0, "{}:\n{}", f.display(), describe(&report));
    }
}

/// Sample files whose subsets are defined in another sample file.
fn companion(name: &str) -> Option<&'static str> {
    if name.starts_with("bookinfo-virtual-service-") {
        Some("bookinfo-destination-rule-all.yaml")
    } else if name == "tcp-echo-tcp-echo-20-v2.yaml" {
        Some("tcp-echo-tcp-echo-all-v1.yaml")
    } else {
        None
    }
}

#[test]
fn istio_samples_have_no_errors() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("fixtures/istio-samples");
    let files = yaml_files(&dir);
    assert!(files.len() >= 20, "istio samples missing");
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let text = fs::read_to_string(f).expect("read");
        let alone = check(&text);
        match companion(name) {
            None => {
                assert!(!alone.has_errors(), "{name}:\n{}", describe(&alone));
            }
            Some(other) => {
                // Alone, the only errors are the undefined subsets (IST0101).
                assert!(
                    alone.errors().all(|d| d.code == &codes::SUBSET_NOT_FOUND),
                    "{name} alone:\n{}",
                    describe(&alone)
                );
                let with = fs::read_to_string(dir.join(other)).expect("read companion");
                let both = check(&format!("{with}\n---\n{text}"));
                assert!(!both.has_errors(), "{other} + {name}:\n{}", describe(&both));
                // mTLS flavour of the same DestinationRules.
                if other == "bookinfo-destination-rule-all.yaml" {
                    let mtls =
                        fs::read_to_string(dir.join("bookinfo-destination-rule-all-mtls.yaml"))
                            .expect("read mtls");
                    let both = check(&format!("{mtls}\n---\n{text}"));
                    assert!(!both.has_errors(), "mtls + {name}:\n{}", describe(&both));
                }
            }
        }
    }
}

#[test]
fn istio_samples_findings_are_only_the_expected_advice() {
    // Beyond errors: what the samples draw. Each is deliberate in the
    // sample (documented here so that a change in behaviour shows up).
    let Some(shared) = shared() else { return };
    let dir = shared.join("fixtures/istio-samples");
    let mut seen = Vec::new();
    for f in yaml_files(&dir) {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let report = check(&fs::read_to_string(&f).expect("read"));
        for d in report.diagnostics.iter().filter(|d| d.severity != Severity::Error) {
            seen.push(format!("{name}: {} {}", d.code.id, d.path));
        }
    }
    let mut expected = vec![
        // SIMPLE TLS towards external services without a CA bundle:
        // istioctl's IST0129 fires on these samples too.
        "bookinfo-egress-rule-google-apis.yaml: TDZ2020 spec.trafficPolicy.portLevelSettings[0].tls",
        "multicluster-expose-istiod-https.yaml: TDZ2020 spec.trafficPolicy.portLevelSettings[0].tls",
        "multicluster-expose-istiod-https.yaml: TDZ2020 spec.trafficPolicy.portLevelSettings[1].tls",
        // The sample's first rule has no match, so its second rule is
        // never used (IST0130); the webhook warns about it as well.
        "bookinfo-fault-injection-details-v1.yaml: TDZ1090 spec.http[1]",
    ];
    seen.sort();
    expected.sort();
    assert_eq!(seen, expected, "findings on the Istio samples changed");
}
