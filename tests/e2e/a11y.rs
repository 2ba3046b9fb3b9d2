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
