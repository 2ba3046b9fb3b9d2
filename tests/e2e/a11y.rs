//! Accessibility: an axe-core audit of the main views, and keyboard use.

use serde_json::Value;

use crate::support::*;

impl Browser {
    /// Runs axe-core on the page and returns its violations.
    async fn axe(&self) -> Vec<Value> {
        let axe =
            std::fs::read_to_string(root().join("target/npm/node_modules/axe-core/axe.min.js"))
                .expect("axe-core is installed by scripts/setup");
        self.client.execute(&axe, vec![]).await.unwrap();
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { resultTypes: ['violations'] })\
                    .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,\
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))),\
                          e => done([{ id: 'axe-error', help: String(e) }]));",
                vec![],
            )
            .await
            .unwrap();
        result.as_array().cloned().unwrap_or_default()
    }
}

#[tokio::test]
async fn axe_finds_no_violations_on_the_main_views() {
    let b = open_app().await;
    let mut all = Vec::new();
    // The default design, then a rich one with matches, fault, mirror, retries.
    all.extend(b.axe().await);
    b.select("preset", "header-user-type").await;
    b.click("td-1-spec-http-0-fault-delay").await;
    b.click("td-1-spec-http-0-mirror").await;
    b.click("td-1-spec-http-0-retries").await;
    all.extend(b.axe().await);
    // With validation findings shown.
    b.type_in("td-1-spec-http-0-timeout", "10 seconds").await;
    all.extend(b.axe().await);
    assert!(all.is_empty(), "axe violations:\n{}", serde_json::to_string_pretty(&all).unwrap());
    b.close().await;
}

#[tokio::test]
async fn the_designer_works_with_the_keyboard_alone() {
    let b = open_app().await;
    // Tab from the top of the page reaches the preset picker, then the buttons.
    let active = b.client.active_element().await.unwrap();
    active.send_keys("\u{E004}").await.unwrap(); // Tab
    let focused = b.client.active_element().await.unwrap();
    assert_eq!(focused.attr("data-testid").await.unwrap().as_deref(), Some("preset"));
    // Arrow keys move a focused slider.
    let slider = b.by_testid("td-1-spec-http-0-route-1-weight-slider").await;
    slider.send_keys("\u{E014}\u{E014}\u{E014}").await.unwrap(); // ArrowRight ×3
    assert_eq!(b.by_testid("share-1-0-1").await.text().await.unwrap(), "3.0%");
    b.close().await;
}

#[tokio::test]
async fn a_large_design_reads_as_a_window_of_lines_and_edits_with_the_keyboard() {
    let b = open_app().await;
    // Paste a 120-rule design into the YAML and leave the text.
    let text = crate::designs::simple(120);
    b.by_testid("yaml").await.click().await.unwrap();
    b.client
        .execute(
            "const t = document.querySelector('[data-testid=yaml]');\
             t.value = arguments[0]; t.dispatchEvent(new Event('input')); t.blur();",
            vec![Value::String(text.clone())],
        )
        .await
        .unwrap();
    let view = b.by_testid("yaml-view").await;
    assert!(view.text().await.unwrap().starts_with("apiVersion: networking.istio.io/v1"));
    let violations = b.axe().await;
    assert!(violations.is_empty(), "axe violations:\n{violations:#?}");
    // Enter on the focused window opens the whole text, focused.
    view.send_keys("\u{E007}").await.unwrap(); // Enter
    let area = b.by_testid("yaml").await;
    let value = area.prop("value").await.unwrap().unwrap_or_default();
    assert!(value.contains("prefix: /r119\n"), "the whole text: {} bytes", value.len());
    let focused = b.client.active_element().await.unwrap();
    assert_eq!(focused.attr("data-testid").await.unwrap().as_deref(), Some("yaml"));
    // Download gives every rule, whatever the view shows.
    b.client.execute("document.activeElement.blur();", vec![]).await.unwrap();
    b.by_testid("yaml-view").await;
    let _ = std::fs::remove_file(b.downloads.join("reviews.yaml"));
    b.by_testid("download").await.click().await.unwrap();
    let got = b.downloaded("reviews.yaml").await;
    assert_eq!(docs(&got), docs(&text));
    save_export("large-design-120-rules.yaml", &got);
    b.close().await;
}
