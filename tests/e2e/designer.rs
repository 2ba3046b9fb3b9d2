//! The designer: every seed pattern built from an empty design through the
//! controls, downloaded, and compared with the seed's documents; import and
//! export of Istio's own samples with nothing lost.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::Value;

use crate::support::*;

/// Numbers compared by value (`10` and `10.0` are the same number).
fn normalise(v: &Value) -> Value {
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap_or_default()),
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        _ => v.clone(),
    }
}

impl Browser {
    pub(crate) async fn click(&self, testid: &str) {
        self.by_testid(testid).await.click().await.unwrap();
    }

    pub(crate) async fn type_in(&self, testid: &str, text: &str) {
        let el = self.by_testid(testid).await;
        self.type_into(&el, text).await;
    }

    pub(crate) async fn select(&self, testid: &str, value: &str) {
        let el = self.by_testid(testid).await;
        el.select_by_value(value).await.unwrap();
    }

    /// Clicks Download and returns the file's text.
    async fn download_yaml(&self, name: &str) -> String {
        let _ = std::fs::remove_file(self.downloads.join(name));
        self.click("download").await;
        self.downloaded(name).await
    }

    /// New design, then the DestinationRule `reviews` with subsets v1, v2
    /// and canary, then the VirtualService `reviews` with one rule to v1.
    async fn start_reviews(&self) {
        self.click("new-design").await;
        self.by_testid("empty-design").await;
        self.click("add-destination-rule").await;
        for _ in 0..3 {
            self.click("add-subset-0").await;
        }
        self.type_in("td-0-spec-subsets-2-name", "canary").await;
        self.type_in("td-0-spec-subsets-2-labels-version", "canary").await;
        self.click("add-virtual-service").await;
        self.type_in("td-1-spec-http-0-route-0-destination-subset", "v1").await;
    }

    /// Adds a header condition to rule `rule`'s first match block.
    async fn header_condition(&self, rule: usize, name: &str, op: &str, value: &str) {
        self.click(&format!("add-match-1-{rule}")).await;
        self.select(&format!("td-1-spec-http-{rule}-match-0-new-kind"), "headers").await;
        self.type_in(&format!("td-1-spec-http-{rule}-match-0-new-key"), name).await;
        self.click(&format!("add-condition-1-{rule}-0")).await;
        let id = format!("td-1-spec-http-{rule}-match-0-headers-{name}");
        self.select(&format!("{id}-op"), op).await;
        self.type_in(&id, value).await;
    }

    /// Adds a second rule (the fallback) sending everything to v1.
    async fn fallback_to_v1(&self) {
        self.click("add-rule-1").await;
        self.type_in("td-1-spec-http-1-route-0-destination-subset", "v1").await;
    }

    /// Downloads the design and compares it with seed fixture `file`.
    async fn expect_seed(&self, file: &str) {
        let text = self.download_yaml("reviews.yaml").await;
        save_export(&format!("designer-{file}"), &text);
        let got = docs(&text);
        let seed = seed_docs(file);
        assert_eq!(got.len(), 2, "{text}");
        assert_eq!(got[0]["kind"], "DestinationRule", "DestinationRule first:\n{text}");
        for kind in ["VirtualService", "DestinationRule"] {
            assert_eq!(
                normalise(of_kind(&got, kind)),
                normalise(of_kind(&seed, kind)),
                "{kind} of {file} differs; exported:\n{text}"
            );
        }
        assert_eq!(self.by_testid("count-errors").await.text().await.unwrap(), "0 errors");
    }
}

#[tokio::test]
async fn seed_01_canary_90_10() {
    let b = open_app().await;
    b.start_reviews().await;
    b.click("add-destination-1-0").await;
    b.type_in("td-1-spec-http-0-route-1-destination-subset", "v2").await;
    let slider = b.by_testid("td-1-spec-http-0-route-1-weight-slider").await;
    b.drag_slider(&slider, 10).await;
    assert_eq!(b.by_testid("share-1-0-0").await.text().await.unwrap(), "90.0%");
    b.expect_seed("01-weighted-90-10.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_02_beta_users_by_header() {
    let b = open_app().await;
    b.start_reviews().await;
    b.type_in("td-1-spec-http-0-route-0-destination-subset", "v2").await;
    b.header_condition(0, "x-user-type", "exact", "beta").await;
    b.fallback_to_v1().await;
    b.expect_seed("02-header-user-type.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_03_internal_testers_to_canary() {
    let b = open_app().await;
    b.start_reviews().await;
    b.type_in("td-1-spec-http-0-route-0-destination-subset", "canary").await;
    b.header_condition(0, "x-internal", "exact", "true").await;
    b.fallback_to_v1().await;
    let yaml = b.yaml().await;
    assert!(yaml.contains("exact: \"true\""), "the string true stays quoted:\n{yaml}");
    b.expect_seed("03-header-internal-true.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_04_cookie_regex() {
    let b = open_app().await;
    b.start_reviews().await;
    b.type_in("td-1-spec-http-0-route-0-destination-subset", "v2").await;
    b.header_condition(0, "cookie", "regex", "^(.*?;)?(user=beta)(;.*)?$").await;
    b.fallback_to_v1().await;
    b.expect_seed("04-cookie-regex.yaml").await;
    // The cookie helper offers the pattern that also matches "a=b; user=beta".
    b.click("add-match-1-1").await;
    b.by_testid("td-1-spec-http-1-match-0-cookie-helper-name").await;
    b.close().await;
}

#[tokio::test]
async fn seed_05_source_labels() {
    let b = open_app().await;
    b.start_reviews().await;
    b.type_in("td-1-spec-http-0-route-0-destination-subset", "v2").await;
    b.click("add-match-1-0").await;
    for (k, v) in [("app", "productpage"), ("version", "v2")] {
        b.select("td-1-spec-http-0-match-0-new-kind", "sourceLabels").await;
        b.type_in("td-1-spec-http-0-match-0-new-key", k).await;
        b.click("add-condition-1-0-0").await;
        b.type_in(&format!("td-1-spec-http-0-match-0-sourceLabels-{k}"), v).await;
    }
    b.fallback_to_v1().await;
    b.expect_seed("05-source-labels.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_06_mirror() {
    let b = open_app().await;
    b.start_reviews().await;
    b.click("td-1-spec-http-0-mirror").await;
    b.type_in("td-1-spec-http-0-mirror-subset", "v2").await;
    b.type_in("td-1-spec-http-0-mirrorPercentage-value", "100").await;
    b.expect_seed("06-mirror.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_07_fault_delay() {
    let b = open_app().await;
    b.start_reviews().await;
    b.click("td-1-spec-http-0-fault-delay").await;
    b.type_in("td-1-spec-http-0-fault-delay-percentage-value", "10").await;
    b.type_in("td-1-spec-http-0-fault-delay-fixedDelay", "5s").await;
    b.expect_seed("07-fault-delay.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_08_fault_abort() {
    let b = open_app().await;
    b.start_reviews().await;
    b.click("td-1-spec-http-0-fault-abort").await;
    b.type_in("td-1-spec-http-0-fault-abort-percentage-value", "10").await;
    b.type_in("td-1-spec-http-0-fault-abort-httpStatus", "500").await;
    b.expect_seed("08-fault-abort.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_09_timeout_and_retries() {
    let b = open_app().await;
    b.start_reviews().await;
    b.type_in("td-1-spec-http-0-timeout", "10s").await;
    b.click("td-1-spec-http-0-retries").await;
    b.type_in("td-1-spec-http-0-retries-attempts", "3").await;
    b.type_in("td-1-spec-http-0-retries-perTryTimeout", "3s").await;
    b.click("td-1-spec-http-0-retries-retryOn-5xx").await;
    b.click("td-1-spec-http-0-retries-retryOn-reset").await;
    b.expect_seed("09-timeout-retries.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn seed_10_destination_rule_subsets() {
    let b = open_app().await;
    b.start_reviews().await;
    let text = b.download_yaml("reviews.yaml").await;
    save_export("designer-10-destinationrule-subsets.yaml", &text);
    let got = docs(&text);
    let seed = seed_docs("10-destinationrule-subsets.yaml");
    assert_eq!(
        normalise(of_kind(&got, "DestinationRule")),
        normalise(of_kind(&seed, "DestinationRule"))
    );
    b.close().await;
}

#[tokio::test]
async fn seed_11_rollback_to_v1() {
    let b = open_app().await;
    b.start_reviews().await;
    b.type_in("td-1-spec-http-0-route-0-weight", "100").await;
    b.expect_seed("11-rollback-v1-100.yaml").await;
    b.close().await;
}

#[tokio::test]
async fn presets_load_with_one_click_and_validate() {
    let b = open_app().await;
    for id in [
        "canary",
        "header-internal",
        "cookie",
        "mirror",
        "timeout-retries",
        "blue-green",
        "dark-launch",
    ] {
        b.select("preset", id).await;
        let yaml = b.yaml().await;
        assert!(yaml.contains("kind: VirtualService"), "{id}: {yaml}");
        assert_eq!(b.by_testid("count-errors").await.text().await.unwrap(), "0 errors", "{id}");
        save_export(&format!("preset-{id}.yaml"), &yaml);
    }
    b.close().await;
}

#[tokio::test]
async fn rules_move_duplicate_and_delete() {
    let b = open_app().await;
    b.select("preset", "header-user-type").await;
    b.click("rule-down-1-0").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let yaml = b.yaml().await;
    let vs = of_kind(&docs(&yaml), "VirtualService").clone();
    assert!(vs["spec"]["http"][0].get("match").is_none(), "the catch-all moved up:\n{yaml}");
    // Keyboard: Alt+ArrowDown on the focused rule moves it back.
    let card = b.by_testid("rule-1-0").await;
    card.send_keys("\u{E00A}\u{E015}").await.unwrap(); // Alt + ArrowDown
    let vs = of_kind(&docs(&b.yaml().await), "VirtualService").clone();
    assert!(vs["spec"]["http"][0].get("match").is_some());
    b.click("rule-duplicate-1-0").await;
    assert_eq!(
        of_kind(&docs(&b.yaml().await), "VirtualService")["spec"]["http"].as_array().unwrap().len(),
        3
    );
    b.click("rule-delete-1-1").await;
    assert_eq!(
        of_kind(&docs(&b.yaml().await), "VirtualService")["spec"]["http"].as_array().unwrap().len(),
        2
    );
    b.close().await;
}

#[tokio::test]
async fn a_missing_subset_is_reported_and_created_from_the_route() {
    let b = open_app().await;
    b.select("preset", "canary").await;
    b.type_in("td-1-spec-http-0-route-1-destination-subset", "v3").await;
    let errors = b.by_testid("count-errors").await.text().await.unwrap();
    assert_ne!(errors, "0 errors", "an undefined subset is an error");
    b.click("create-subset-1-0-1").await;
    assert_eq!(b.by_testid("count-errors").await.text().await.unwrap(), "0 errors");
    assert!(b.yaml().await.contains("- name: v3\n    labels:\n      version: v3\n"));
    b.close().await;
}

#[tokio::test]
async fn yaml_edits_update_the_forms_and_errors_keep_the_design() {
    let b = open_app().await;
    let area = b.by_testid("yaml").await;
    let good =
        b.yaml().await.replace("weight: 100", "weight: 70").replace("weight: 0", "weight: 30");
    b.type_into(&area, &good).await;
    let number = b.by_testid("td-1-spec-http-0-route-1-weight").await;
    assert_eq!(number.prop("value").await.unwrap().as_deref(), Some("30"));
    b.type_into(&area, "spec: [unclosed").await;
    let err = b.by_testid("yaml-error").await.text().await.unwrap();
    assert!(err.contains("line ") && err.contains(", column "), "{err}");
    assert_eq!(number.prop("value").await.unwrap().as_deref(), Some("30"), "design kept");
    b.close().await;
}

#[tokio::test]
async fn istio_samples_import_and_export_with_nothing_lost() {
    let b = open_app().await;
    let dir = shared().join("fixtures/istio-samples").canonicalize().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files {
        let input = b.client.find(Locator::Css("[data-testid=import-file]")).await.unwrap();
        input.send_keys(file.to_str().unwrap()).await.unwrap();
        let name = file.file_name().unwrap().to_str().unwrap().to_string();
        let notice = b.by_testid("notice").await;
        for _ in 0..100 {
            if notice.text().await.unwrap().contains(&name) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        assert!(notice.text().await.unwrap().starts_with("Imported"), "{name}");
        let exported = b.yaml().await;
        let mut got: Vec<Value> = docs(&exported).iter().map(normalise).collect();
        let mut want: Vec<Value> = docs(&std::fs::read_to_string(&file).unwrap())
            .into_iter()
            .map(|mut d| {
                let networking =
                    d["apiVersion"].as_str().is_some_and(|a| a.starts_with("networking.istio.io/"));
                let vs_or_dr = d["kind"] == "VirtualService" || d["kind"] == "DestinationRule";
                if networking && vs_or_dr {
                    d["apiVersion"] = Value::from("networking.istio.io/v1");
                }
                normalise(&d)
            })
            .collect();
        let key = |v: &Value| format!("{}/{}", v["kind"], v["metadata"]["name"]);
        got.sort_by_key(key);
        want.sort_by_key(key);
        assert_eq!(got, want, "{name} lost something; exported:\n{exported}");
        if !exported.contains("kind: Gateway") && !exported.contains("kind: ServiceEntry") {
            save_export(&format!("import-{name}"), &exported);
        }
    }
    b.close().await;
}

#[tokio::test]
async fn traffic_policies_for_all_subsets_and_one_subset() {
    let b = open_app().await;
    b.start_reviews().await;
    // The DestinationRule's own policy: sticky sessions by cookie, a
    // connection pool, outlier detection and mutual TLS.
    b.click("policy-0").await;
    b.select("td-0-spec-trafficPolicy-loadBalancer-simple", "hash:cookie").await;
    b.type_in("td-0-spec-trafficPolicy-loadBalancer-consistentHash-httpCookie-name", "session")
        .await;
    b.type_in("td-0-spec-trafficPolicy-loadBalancer-consistentHash-httpCookie-ttl", "60s").await;
    b.type_in("td-0-spec-trafficPolicy-connectionPool-tcp-maxConnections", "100").await;
    b.type_in("td-0-spec-trafficPolicy-connectionPool-http-http1MaxPendingRequests", "10").await;
    b.type_in("td-0-spec-trafficPolicy-outlierDetection-consecutive5xxErrors", "5").await;
    b.type_in("td-0-spec-trafficPolicy-outlierDetection-interval", "30s").await;
    b.type_in("td-0-spec-trafficPolicy-outlierDetection-baseEjectionTime", "1m").await;
    b.select("td-0-spec-trafficPolicy-tls-mode", "ISTIO_MUTUAL").await;
    // The canary subset overrides the load balancer.
    b.click("policy-0-subset-2").await;
    b.select("td-0-spec-subsets-2-trafficPolicy-loadBalancer-simple", "ROUND_ROBIN").await;
    let text = b.download_yaml("reviews.yaml").await;
    save_export("designer-traffic-policies.yaml", &text);
    let got = docs(&text);
    let dr = of_kind(&got, "DestinationRule");
    let tp = &dr["spec"]["trafficPolicy"];
    assert_eq!(
        tp["loadBalancer"]["consistentHash"]["httpCookie"],
        serde_json::json!({"name": "session", "ttl": "60s"}),
        "{text}"
    );
    assert_eq!(tp["connectionPool"]["tcp"]["maxConnections"], 100);
    assert_eq!(tp["connectionPool"]["http"]["http1MaxPendingRequests"], 10);
    assert_eq!(tp["outlierDetection"]["consecutive5xxErrors"], 5);
    assert_eq!(tp["outlierDetection"]["interval"], "30s");
    assert_eq!(tp["outlierDetection"]["baseEjectionTime"], "1m");
    assert_eq!(tp["tls"]["mode"], "ISTIO_MUTUAL");
    assert_eq!(dr["spec"]["subsets"][2]["trafficPolicy"]["loadBalancer"]["simple"], "ROUND_ROBIN");
    let errors = b.by_testid("count-errors").await.text().await.unwrap();
    assert_eq!(errors, "0 errors", "{text}");
    b.close().await;
}
