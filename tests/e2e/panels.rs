//! The rollout planner and the request simulator / traffic diagram, driven
//! like a user.

use serde_json::Value;
use std::process::Command;

use crate::support::*;

/// `traffic validate` on a file: (exit code, output).
fn traffic_validate(path: &std::path::Path) -> (i32, String) {
    let out = Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "traffic-cli", "--", "validate"])
        .arg(path)
        .current_dir(root())
        .output()
        .expect("run traffic validate");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn weights_of(doc: &Value) -> Vec<i64> {
    doc["spec"]["http"][0]["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["weight"].as_i64().unwrap_or(0))
        .collect()
}

#[tokio::test]
async fn planner_downloads_every_phase_and_the_rollback() {
    let b = open_app().await;
    b.select("preset", "canary").await;
    b.click("tab-rollout").await;
    b.by_testid("plan-table").await;
    // The standard table, kept as it is.
    let expected: [(&str, [i64; 2]); 5] = [
        ("01-start-100-0.yaml", [100, 0]),
        ("02-canary-90-10.yaml", [90, 10]),
        ("03-expand-75-25.yaml", [75, 25]),
        ("04-half-50-50.yaml", [50, 50]),
        ("05-promote-0-100.yaml", [0, 100]),
    ];
    for i in 0..5 {
        b.click(&format!("plan-phase-{i}-download")).await;
    }
    b.click("plan-rollback-download").await;
    b.click("plan-download-all").await;
    let mut files = Vec::new();
    for (name, weights) in expected {
        let text = b.downloaded(name).await;
        let vs = docs(&text).into_iter().find(|d| d["kind"] == "VirtualService").unwrap();
        assert_eq!(weights_of(&vs), weights, "{name}");
        files.push((name.to_string(), text));
    }
    let rollback = b.downloaded("rollback.yaml").await;
    let vs = docs(&rollback).into_iter().find(|d| d["kind"] == "VirtualService").unwrap();
    assert_eq!(weights_of(&vs), [100, 0], "rollback sends everything to the stable subset");
    files.push(("rollback.yaml".into(), rollback));
    let all = b.downloaded("all-phases.yaml").await;
    assert!(all.contains("# Phase"), "comments between phases");
    for (name, text) in &files {
        let saved = format!("plan-{name}");
        save_export(&saved, text);
        let (code, out) = traffic_validate(&out_dir().join(&saved));
        assert_eq!(code, 0, "traffic validate {name}: {out}");
    }
    // The workflow for the selected phase has filled-in commands.
    let workflow = b.by_testid("plan-workflow").await.text().await.unwrap();
    assert!(
        workflow.contains("kubectl get virtualservice reviews -n default -o yaml"),
        "{workflow}"
    );
    assert!(workflow.contains("istioctl analyze -n default"), "{workflow}");
    assert!(workflow.contains("apply_manifest("), "{workflow}");
    b.close().await;
}

#[tokio::test]
async fn simulator_shows_the_matched_rule_and_split_and_the_diagram_agrees() {
    let b = open_app().await;
    b.select("preset", "header-user-type").await;
    b.click("tab-simulator").await;
    b.type_in("sim-headers", "x-user-type: beta").await;
    let rule = b.by_testid("sim-result-rule").await;
    assert_eq!(rule.attr("data-rule").await.unwrap().as_deref(), Some("0"));
    let dest = b.by_testid("sim-result-dest-0").await.text().await.unwrap();
    assert!(dest.contains("v2") && dest.contains("100"), "{dest}");
    // The matched rule is highlighted in the design.
    let card = b.by_testid("rule-1-0").await;
    assert!(card.attr("class").await.unwrap().unwrap().contains("td-rule--simulated"));
    // Anyone else falls through to rule 2.
    b.type_in("sim-headers", "x-user-type: gamma").await;
    let rule = b.by_testid("sim-result-rule").await;
    assert_eq!(rule.attr("data-rule").await.unwrap().as_deref(), Some("1"));

    // The seed's cookie regex misses a browser's cookie header.
    b.select("preset", "cookie").await;
    b.select("sim-preset", "cookie-browser").await;
    let rule = b.by_testid("sim-result-rule").await;
    assert_eq!(
        rule.attr("data-rule").await.unwrap().as_deref(),
        Some("1"),
        "the pitfall is visible"
    );
    b.by_testid("sim-hint-0").await;

    // The diagram's labelled percentages equal the design's shares.
    b.select("preset", "canary").await;
    b.click("tab-diagram").await;
    b.by_testid("diagram").await;
    for (dest, share) in [(0, "90"), (1, "10")] {
        let label = b.by_testid(&format!("diagram-share-1-0-{dest}")).await.text().await.unwrap();
        assert!(label.starts_with(share), "diagram {dest}: {label}");
        let form = b.by_testid(&format!("share-1-0-{dest}")).await.text().await.unwrap();
        assert!(form.starts_with(share), "form {dest}: {form}");
    }
    b.click("diagram-download").await;
    let svg = b.downloaded("traffic-diagram.svg").await;
    assert!(svg.starts_with("<svg") && svg.contains("<title"), "{}", &svg[..svg.len().min(200)]);
    b.close().await;
}
