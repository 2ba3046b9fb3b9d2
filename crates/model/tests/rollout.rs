//! Rollout plans: the standard table, plan generation for two and three
//! subsets, the phase and rollback manifests (each valid on its own),
//! `--phases` parsing, Argo Rollouts and Flagger exports with their
//! warnings, the workflow commands and verification against a live dump.

use traffic_model::rollout::{self, Phase, RolloutPlan};
use traffic_model::virtual_service::VirtualService;
use traffic_model::{codes, edit, presets, validate, ApiVersion, Bundle, Document, Severity};

fn weights(plan: &RolloutPlan) -> Vec<Vec<i32>> {
    plan.phases.iter().map(|p| p.weights.clone()).collect()
}

fn rule_weights(b: &Bundle) -> Vec<(String, i32)> {
    let (_, vs) = b.virtual_services().next().unwrap();
    vs.spec.http[0]
        .route
        .iter()
        .map(|d| (d.destination.subset.clone().unwrap_or_default(), d.weight.unwrap_or(-1)))
        .collect()
}

fn error_codes(b: &Bundle) -> Vec<&'static str> {
    validate(b).errors().map(|d| d.code.id).collect()
}

/// The canary preset with a third destination (`canary`) at weight 0.
fn three_subsets() -> Bundle {
    let mut b = presets::canary(100, 0);
    let vs = b.first_virtual_service_mut().unwrap();
    edit::add_destination(&mut vs.spec.http[0], "reviews");
    let r = &mut vs.spec.http[0];
    r.route[2].destination.subset = Some("canary".into());
    r.route[2].weight = Some(0);
    b
}

fn codes_of(d: &[traffic_model::Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.id).collect()
}

#[test]
fn standard_plan_is_the_seed_table() {
    let plan = RolloutPlan::standard(vec!["v1".into(), "v2".into()]);
    assert_eq!(plan.stable, "v1");
    let names: Vec<&str> = plan.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Start", "Canary", "Expand", "Half", "Promote"]);
    assert_eq!(
        weights(&plan),
        vec![vec![100, 0], vec![90, 10], vec![75, 25], vec![50, 50], vec![0, 100]]
    );
    let holds: Vec<Option<&str>> = plan.phases.iter().map(|p| p.duration.as_deref()).collect();
    assert_eq!(holds, [None, Some("1h"), Some("2h"), Some("4h"), None]);
    assert!(rollout::validate_plan(&plan).is_empty());
    assert_eq!(plan.total_seconds(), 7.0 * 3600.0);
    let t = plan.timeline();
    assert_eq!(t[3].start, 3.0 * 3600.0);
    assert_eq!(t[1].shares, vec![90.0, 10.0]);
    assert!(plan.describe().starts_with("Phase 1 Start: v1 100%, v2 0%, until someone moves on."));
}

#[test]
fn plan_from_the_design_follows_the_weighted_rule() {
    let plan = RolloutPlan::from_bundle(&presets::canary(90, 10));
    assert_eq!(plan.subsets, ["v1", "v2"]);
    assert_eq!(plan.stable, "v1");
    // The stable subset is the one with the highest weight now.
    let plan = RolloutPlan::from_bundle(&presets::canary(10, 90));
    assert_eq!(plan.stable, "v2");
    assert_eq!(plan.phases[1].weights, vec![10, 90]);
    // One destination: topped up from the DestinationRule.
    let plan = RolloutPlan::from_bundle(&presets::rollback());
    assert_eq!(plan.subsets, ["v1", "v2"]);
    // Header routing: the weighted rule is the last (default) rule.
    let b = presets::header_user_type();
    assert_eq!(rollout::target(&b).map(|t| t.rule), Some(1));
    assert_eq!(RolloutPlan::from_bundle(&b).stable, "v1");
    // Nothing to shift.
    assert!(rollout::target(&Bundle::default()).is_none());
    let plan = RolloutPlan::from_bundle(&Bundle::default());
    assert_eq!(plan.subsets, ["v1", "v2"]);
    let d = rollout::validate_plan_for(&Bundle::default(), &plan);
    assert_eq!(codes_of(&d), [codes::PLAN_NO_ROUTE.id]);
}

#[test]
fn every_phase_manifest_is_valid_and_carries_its_weights() {
    let design = presets::canary(100, 0);
    let plan = RolloutPlan::from_bundle(&design);
    for (i, p) in plan.phases.iter().enumerate() {
        let b = rollout::phase_bundle(&design, &plan, i);
        assert!(error_codes(&b).is_empty(), "phase {i}: {:?}", error_codes(&b));
        assert_eq!(
            rule_weights(&b),
            vec![("v1".to_string(), p.weights[0]), ("v2".to_string(), p.weights[1])]
        );
        // Only the weights change.
        let mut back = b.clone();
        let mut orig = design.clone();
        for x in [&mut back, &mut orig] {
            for d in &mut x.first_virtual_service_mut().unwrap().spec.http[0].route {
                d.weight = None;
            }
        }
        assert_eq!(back, orig);
        // The YAML reads back as the same design.
        let text = b.to_yaml(ApiVersion::V1);
        let loaded = Bundle::from_yaml(&text).unwrap();
        assert_eq!(loaded.bundle.to_yaml(ApiVersion::V1), text);
    }
    let rb = rollout::rollback_bundle(&design, &plan);
    assert!(error_codes(&rb).is_empty());
    assert_eq!(rule_weights(&rb), vec![("v1".into(), 100), ("v2".into(), 0)]);
    assert_eq!(rollout::rollback_summary(&plan), "v1 100, v2 0");
}

#[test]
fn three_subsets_plan_generates_three_weights() {
    let design = three_subsets();
    let mut plan = RolloutPlan::from_bundle(&design);
    assert_eq!(plan.subsets, ["v1", "v2", "canary"]);
    assert_eq!(plan.phases[1].weights, vec![90, 10, 0]);
    plan.phases = rollout::parse_phases("80/10/10:1h,60/20/20:2h,34/33/33:4h,0/50/50").unwrap();
    plan.fill_names();
    let names: Vec<&str> = plan.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Canary", "Expand", "Expand", "Promote"]);
    assert!(rollout::validate_plan(&plan).iter().all(|d| d.severity != Severity::Error));
    for i in 0..plan.phases.len() {
        let b = rollout::phase_bundle(&design, &plan, i);
        assert!(error_codes(&b).is_empty(), "phase {i}: {:?}", error_codes(&b));
        let w: Vec<i32> = rule_weights(&b).into_iter().map(|x| x.1).collect();
        assert_eq!(w, plan.phases[i].weights);
    }
    let rb = rollout::rollback_bundle(&design, &plan);
    assert_eq!(rule_weights(&rb).into_iter().map(|x| x.1).collect::<Vec<_>>(), vec![100, 0, 0]);
    // A subset the rule lacks is added on the rule's host.
    let mut two = RolloutPlan::from_bundle(&presets::canary(90, 10));
    assert_eq!(rollout::available_subsets(&presets::canary(90, 10), &two), ["canary"]);
    two.add_subset("canary");
    two.set_weight(1, 2, 5);
    let b = rollout::phase_bundle(&presets::canary(90, 10), &two, 1);
    assert_eq!(rule_weights(&b).last().unwrap(), &("canary".to_string(), 5));
    assert!(error_codes(&b).is_empty());
    two.remove_subset(0);
    assert_eq!(two.subsets, ["v2", "canary"]);
    assert_eq!(two.stable, "v2");
    assert_eq!(two.phases[1].weights, vec![10, 5]);
}

#[test]
fn file_names_say_order_and_content() {
    let plan = RolloutPlan::standard(vec!["v1".into(), "v2".into()]);
    let names: Vec<String> =
        plan.phases.iter().enumerate().map(|(i, p)| rollout::file_name(i, p)).collect();
    assert_eq!(
        names,
        [
            "01-start-100-0.yaml",
            "02-canary-90-10.yaml",
            "03-expand-75-25.yaml",
            "04-half-50-50.yaml",
            "05-promote-0-100.yaml"
        ]
    );
    let p = Phase { name: "  Über Phase! ".into(), weights: vec![-5, 105], duration: None };
    assert_eq!(rollout::file_name(11, &p), "12-ber-phase-m5-105.yaml");
    let design = presets::canary(100, 0);
    let files = rollout::phase_files(&design, &plan, ApiVersion::V1);
    assert_eq!(files.len(), 6);
    assert_eq!(files[5].0, rollout::ROLLBACK_FILE);
}

#[test]
fn all_phases_file_has_comments_between_phases() {
    let design = presets::canary(100, 0);
    let plan = RolloutPlan::from_bundle(&design);
    let text = rollout::all_phases_yaml(&design, &plan, ApiVersion::V1);
    assert!(text.contains("# Phase 1: Start 100/0\n"), "{text}");
    assert!(text.contains("---\n# Phase 2: Canary 90/10 (hold 1h)\n"), "{text}");
    assert!(text.contains("# Phase 5: Promote 0/100\n"));
    let loaded = Bundle::from_yaml(&text).unwrap();
    // Each phase is the DestinationRule and the VirtualService.
    assert_eq!(loaded.bundle.documents.len(), 10);
    let weights: Vec<i32> = loaded
        .bundle
        .virtual_services()
        .map(|(_, vs)| vs.spec.http[0].route[1].weight.unwrap())
        .collect();
    assert_eq!(weights, [0, 10, 25, 50, 100]);
}

#[test]
fn phases_text_parses_and_reports_errors() {
    let p = rollout::parse_phases("90/10:1h, 75/25:2h,50/50:4h,0/100").unwrap();
    assert_eq!(p.len(), 4);
    assert_eq!(p[0].weights, vec![90, 10]);
    assert_eq!(p[0].duration.as_deref(), Some("1h"));
    assert_eq!(p[3].duration, None);
    let p = rollout::parse_phases("warm=95/5:30m,").unwrap();
    assert_eq!(p[0].name, "warm");
    let b = presets::canary(100, 0);
    let plan =
        RolloutPlan::from_bundle_and_text(&b, "90/10:1h,75/25:2h,50/50:4h,0/100", None).unwrap();
    let names: Vec<String> =
        plan.phases.iter().enumerate().map(|(i, p)| rollout::file_name(i, p)).collect();
    assert_eq!(
        names,
        [
            "01-canary-90-10.yaml",
            "02-expand-75-25.yaml",
            "03-half-50-50.yaml",
            "04-promote-0-100.yaml"
        ]
    );
    for (text, item, needle) in [
        ("", 0, "empty phase"),
        ("90/10:1h,,0/100", 1, "empty phase"),
        ("90/ten", 0, "`ten` is not a whole number"),
        ("90/10:", 0, "empty duration"),
        ("=90/10", 0, "empty name"),
        ("90/10:1h,:2h", 1, "no weights"),
        ("90.5/9.5", 0, "not a whole number"),
    ] {
        let e = rollout::parse_phases(text).unwrap_err();
        assert_eq!(e.item, item, "{text}: {e}");
        assert!(e.to_string().contains(needle), "{text}: {e}");
    }
}

#[test]
fn plan_validation_finds_each_problem() {
    let mut plan = RolloutPlan::standard(vec!["v1".into(), "v2".into()]);
    plan.phases[1].duration = Some("1d".into());
    plan.phases[2].duration = Some("-5m".into());
    plan.phases[3].weights = vec![50, 30, 20];
    plan.phases[4].weights = vec![-10, 110];
    plan.insert_phase(5);
    plan.phases[5].weights = vec![0, 0];
    plan.insert_phase(6);
    plan.phases[6].weights = vec![30, 30];
    let d = rollout::validate_plan(&plan);
    let found: Vec<(&str, &str)> = d.iter().map(|d| (d.code.id, d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            (codes::PLAN_DURATION_INVALID.id, "phases[1].duration"),
            (codes::PLAN_DURATION_INVALID.id, "phases[2].duration"),
            (codes::PLAN_WEIGHTS_COUNT.id, "phases[3].weights"),
            (codes::PLAN_WEIGHT_NEGATIVE.id, "phases[4].weights[0]"),
            (codes::PLAN_WEIGHTS_ZERO_TOTAL.id, "phases[5].weights"),
            (codes::PLAN_WEIGHTS_NOT_100.id, "phases[6].weights"),
        ]
    );
    assert!(d[0].message.contains("`d`"), "{}", d[0].message);
    assert_eq!(d[5].severity, Severity::Info);
    plan.stable = "v9".into();
    plan.subsets.push("v1".into());
    let d = rollout::validate_plan(&plan);
    assert!(codes_of(&d).contains(&codes::PLAN_STABLE_UNKNOWN.id));
    assert!(codes_of(&d).contains(&codes::PLAN_SUBSETS_INVALID.id));
    plan.phases.clear();
    assert!(codes_of(&rollout::validate_plan(&plan)).contains(&codes::PLAN_NO_PHASES.id));
}

#[test]
fn editing_operations() {
    let mut plan = RolloutPlan::standard(vec!["v1".into(), "v2".into()]);
    plan.move_phase(4, 0);
    assert_eq!(plan.phases[0].name, "Promote");
    plan.move_phase(0, 4);
    plan.insert_phase(1);
    assert_eq!(plan.phases[1].weights, vec![100, 0]);
    assert_eq!(plan.phases.len(), 6);
    plan.remove_phase(1);
    plan.remove_phase(99);
    plan.set_duration(1, "  ");
    assert_eq!(plan.phases[1].duration, None);
    plan.set_duration(1, " 90m ");
    assert_eq!(plan.phases[1].duration.as_deref(), Some("90m"));
    plan.set_name(1, "Warm");
    assert_eq!(plan.phases[1].label(), "Warm 90/10");
    assert_eq!(plan.canary_index(), Some(1));
}

#[test]
fn argo_export_steps_and_routing() {
    let design = presets::canary(100, 0);
    let plan = RolloutPlan::from_bundle(&design);
    let (text, warnings) = rollout::to_argo(&plan, &design);
    assert!(warnings.is_empty(), "{warnings:?}");
    let loaded = Bundle::from_yaml(&text).unwrap();
    let Document::Other(v) = &loaded.bundle.documents[0] else { panic!() };
    assert_eq!(v["kind"], "Rollout");
    let canary = &v["spec"]["strategy"]["canary"];
    let steps = serde_json::to_string(&canary["steps"]).unwrap();
    assert_eq!(
        steps,
        r#"[{"setWeight":10},{"pause":{"duration":"1h"}},{"setWeight":25},{"pause":{"duration":"2h"}},{"setWeight":50},{"pause":{"duration":"4h"}}]"#
    );
    let istio = &canary["trafficRouting"]["istio"];
    assert_eq!(istio["virtualService"]["name"], "reviews");
    assert_eq!(istio["destinationRule"]["name"], "reviews");
    assert_eq!(istio["destinationRule"]["stableSubsetName"], "v1");
    assert_eq!(istio["destinationRule"]["canarySubsetName"], "v2");
    assert!(text.starts_with("# Argo Rollouts canary"));

    // A plan that stops at 50% and a manual hold.
    let mut short = plan.clone();
    short.phases.truncate(4);
    short.phases[3].duration = None;
    let (text, warnings) = rollout::to_argo(&short, &design);
    assert_eq!(codes_of(&warnings), [codes::EXPORT_NO_PROMOTION.id]);
    assert!(text.contains("- setWeight: 50\n") && text.ends_with("- pause: {}\n"), "{text}");
}

#[test]
fn argo_warns_for_three_subsets_and_unnamed_rules() {
    let design = three_subsets();
    let plan = RolloutPlan::from_bundle(&design);
    let (_, warnings) = rollout::to_argo(&plan, &design);
    assert_eq!(codes_of(&warnings), [codes::EXPORT_SUBSETS_DROPPED.id]);
    assert!(warnings[0].message.contains("`canary`"), "{}", warnings[0].message);

    let mut design = presets::canary(100, 0);
    let vs = design.first_virtual_service_mut().unwrap();
    let mut extra = vs.spec.http[0].clone();
    extra.route.truncate(1);
    vs.spec.http.insert(0, extra);
    vs.spec.http[1].route[1].weight = Some(0);
    let plan = RolloutPlan::from_bundle(&design);
    assert_eq!(rollout::target(&design).map(|t| t.rule), Some(1));
    let (_, warnings) = rollout::to_argo(&plan, &design);
    assert_eq!(codes_of(&warnings), [codes::ARGO_ROUTE_UNNAMED.id]);
    design.first_virtual_service_mut().unwrap().spec.http[1].name = Some("primary".into());
    let (text, warnings) = rollout::to_argo(&plan, &design);
    assert!(warnings.is_empty());
    assert!(text.contains("routes:\n            - primary\n"), "{text}");
}

#[test]
fn flagger_even_plans_need_no_warning() {
    let design = presets::canary(100, 0);
    let mut plan = RolloutPlan::from_bundle(&design);
    plan.phases =
        rollout::parse_phases("100/0,90/10:30m,80/20:30m,70/30:30m,60/40:30m,0/100").unwrap();
    plan.fill_names();
    let (text, warnings) = rollout::to_flagger(&plan, &design);
    assert!(warnings.is_empty(), "{warnings:?}");
    let loaded = Bundle::from_yaml(&text).unwrap();
    let Document::Other(v) = &loaded.bundle.documents[0] else { panic!() };
    assert_eq!(v["kind"], "Canary");
    let a = &v["spec"]["analysis"];
    assert_eq!(a["interval"], "30m");
    assert_eq!(a["stepWeight"], 10);
    assert_eq!(a["maxWeight"], 40);
    assert_eq!(v["spec"]["targetRef"]["name"], "reviews");
}

#[test]
fn flagger_cannot_express_the_standard_plan() {
    let design = presets::canary(100, 0);
    let plan = RolloutPlan::from_bundle(&design);
    let (text, warnings) = rollout::to_flagger(&plan, &design);
    let found = codes_of(&warnings);
    assert_eq!(found, [codes::FLAGGER_ONE_INTERVAL.id, codes::FLAGGER_STEPS_UNEVEN.id]);
    assert!(
        warnings[0].message.contains("phase 2: 1h, phase 3: 2h, phase 4: 4h"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].message.contains("take 3h instead of 7h"), "{}", warnings[0].message);
    let loaded = Bundle::from_yaml(&text).unwrap();
    let Document::Other(v) = &loaded.bundle.documents[0] else { panic!() };
    assert_eq!(v["spec"]["analysis"]["interval"], "1h");
    assert_eq!(serde_json::to_string(&v["spec"]["analysis"]["stepWeights"]).unwrap(), "[10,25,50]");
}

#[test]
fn flagger_cannot_express_going_down_three_subsets_or_no_promotion() {
    let design = three_subsets();
    let mut plan = RolloutPlan::from_bundle(&design);
    plan.phases = rollout::parse_phases("90/10/0:1h,80/20/0:2h,90/10/0:1h,70/20/10").unwrap();
    plan.fill_names();
    let (_, warnings) = rollout::to_flagger(&plan, &design);
    let found = codes_of(&warnings);
    assert!(found.contains(&codes::EXPORT_SUBSETS_DROPPED.id), "{found:?}");
    assert!(found.contains(&codes::FLAGGER_WEIGHT_DECREASE.id), "{found:?}");
    assert!(found.contains(&codes::FLAGGER_ONE_INTERVAL.id), "{found:?}");
    assert!(found.contains(&codes::EXPORT_NO_PROMOTION.id), "{found:?}");
    let down = warnings.iter().find(|w| w.code.id == codes::FLAGGER_WEIGHT_DECREASE.id).unwrap();
    assert!(
        down.message.contains("phase 3 (10%)") && down.message.contains("phase 4 (20%)"),
        "{}",
        down.message
    );
}

#[test]
fn workflow_has_five_filled_in_steps() {
    let design = presets::canary(100, 0);
    let plan = RolloutPlan::from_bundle(&design);
    let steps = rollout::workflow(&design, &plan, 1, ApiVersion::V1);
    assert_eq!(steps.len(), 5);
    assert!(steps[0].commands.contains("kubectl get destinationrule reviews -n default -o yaml"));
    assert!(steps[0].tool_calls.starts_with(
        "apply_manifest(r\"\"\"\napiVersion: networking.istio.io/v1\nkind: DestinationRule"
    ));
    assert_eq!(steps[1].commands, "kubectl get virtualservice reviews -n default -o yaml\n");
    assert_eq!(steps[1].tool_calls, "istio_virtualservice_get_tool(\"reviews\", \"default\")\n");
    assert!(steps[2].title.contains("Canary 90/10"));
    assert!(steps[2].commands.starts_with("kubectl apply -n default -f - <<'EOF'\napiVersion: networking.istio.io/v1\nkind: VirtualService\n"));
    assert!(steps[2].commands.ends_with("weight: 10\nEOF\n"), "{}", steps[2].commands);
    assert!(
        steps[2].tool_calls.ends_with("weight: 10\n\"\"\", \"default\")\n"),
        "{}",
        steps[2].tool_calls
    );
    assert!(steps[3].commands.contains("# expected: v1 90, v2 10"));
    assert_eq!(steps[4].commands, "istioctl analyze -n default\n");
    assert_eq!(steps[4].tool_calls, "istio_analyze_tool(\"default\")\n");
    let rb = rollout::rollback_step(&design, &plan, ApiVersion::V1).unwrap();
    assert!(rb.commands.contains("subset: v1\n      weight: 100\n"), "{}", rb.commands);
    assert!(rollout::workflow(&design, &plan, 99, ApiVersion::V1).is_empty());
}

#[test]
fn verify_ignores_server_fields_and_finds_weight_changes() {
    let design = presets::canary(100, 0);
    let plan = RolloutPlan::from_bundle(&design);
    let expected: VirtualService = rollout::phase_virtual_service(&design, &plan, 1).unwrap();
    let live = "\
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{}'
  creationTimestamp: \"2024-05-01T10:00:00Z\"
  generation: 3
  name: reviews
  namespace: default
  resourceVersion: \"12345\"
  uid: 0b0c5e2e-1111-2222-3333-444455556666
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
status: {}
";
    assert_eq!(rollout::verify(&expected, live), Ok(vec![]));
    let stale = live.replace("weight: 90", "weight: 100").replace("weight: 10\n", "weight: 0\n");
    let d = rollout::verify(&expected, &stale).unwrap();
    let got: Vec<(&str, Option<&str>, Option<&str>)> =
        d.iter().map(|d| (d.path.as_str(), d.expected.as_deref(), d.live.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("spec.http[0].route[0].weight", Some("90"), Some("100")),
            ("spec.http[0].route[1].weight", Some("10"), Some("0")),
        ]
    );
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n{}",
        live.lines().map(|l| format!("  {l}\n")).collect::<String>().replacen(
            "  apiVersion",
            "- apiVersion",
            1
        )
    );
    assert_eq!(rollout::verify(&expected, &list), Ok(vec![]));
    let extra = live.replace("  hosts:\n", "  gateways:\n  - mesh\n  hosts:\n");
    let d = rollout::verify(&expected, &extra).unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, "spec.gateways");
    assert_eq!(d[0].expected, None);
    assert!(rollout::verify(&expected, "kind: ConfigMap\n").is_err());
    assert!(rollout::verify(&expected, "a: b\n  c: d: e\n").is_err());
}

#[test]
fn other_presets_plan_cleanly() {
    for p in presets::ALL {
        let design = p.build();
        let plan = RolloutPlan::from_bundle(&design);
        if rollout::target(&design).is_none() {
            continue;
        }
        let before = error_codes(&design);
        for i in 0..plan.phases.len() {
            let b = rollout::phase_bundle(&design, &plan, i);
            let after = error_codes(&b);
            assert!(after.iter().all(|c| before.contains(c)), "{}: phase {i}: {after:?}", p.id);
        }
        let _ = rollout::to_argo(&plan, &design);
        let _ = rollout::to_flagger(&plan, &design);
        assert_eq!(rollout::workflow(&design, &plan, 0, ApiVersion::V1).len(), 5);
    }
}
