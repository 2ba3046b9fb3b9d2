//! Sharing, autosave, undo, embedding, static hosting under a strict CSP,
//! and safety against markup in user input.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::Value;

use crate::support::*;

const CSP: &str = "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'\r\n";
const PAYLOAD: &str = "<img src=x onerror=\"window.__xss=(window.__xss||0)+1\">";

impl Browser {
    async fn text_of(&self, testid: &str) -> String {
        self.by_testid(testid).await.text().await.unwrap()
    }

    async fn eval(&self, js: &str) -> Value {
        self.client.execute(js, vec![]).await.unwrap()
    }

    /// Asserts that no injected markup ran or rendered.
    async fn assert_no_xss(&self) {
        let v = self
            .eval("return [window.__xss || 0, document.querySelectorAll('img[src=x]').length];")
            .await;
        assert_eq!(v, serde_json::json!([0, 0]), "injected markup ran or rendered");
        let errors = self.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:?}");
    }
}

#[tokio::test]
async fn a_shared_link_opens_identical_in_a_fresh_browser() {
    let a = open_app().await;
    a.select("preset", "cookie").await;
    let timeout = a.by_testid("td-1-spec-http-0-timeout").await;
    a.type_into(&timeout, "7s").await;
    // The rollout plan travels with the link.
    a.click("tab-rollout").await;
    let duration = a.by_testid("plan-phase-1-duration").await;
    duration.clear().await.unwrap();
    duration.send_keys("45m\u{E004}").await.unwrap(); // Tab commits
    a.click("tab-yaml").await;
    a.click("share").await;
    for _ in 0..50 {
        if a.text_of("notice").await.starts_with("Link copied") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let link = a.clipboard().await;
    assert!(link.contains("#d=1."), "{link}");
    let design = a.yaml().await;
    a.close().await;

    let base = link.split('#').next().unwrap().to_string();
    let b = browser(base).await;
    b.client.goto(&link).await.unwrap();
    assert_eq!(b.yaml().await, design);
    assert_eq!(b.text_of("notice").await, "Opened the design from the link");
    b.click("tab-rollout").await;
    let duration = b.by_testid("plan-phase-1-duration").await;
    assert_eq!(
        duration.prop("value").await.unwrap().as_deref(),
        Some("45m"),
        "the plan came along"
    );
    // A damaged link: a clear message and the default design, not a broken page.
    let damaged = format!("{}#d=1.AAAA{}", link.split('#').next().unwrap(), "%%");
    b.client.goto(&damaged).await.unwrap();
    b.client.refresh().await.unwrap();
    let notice = b.text_of("notice").await;
    assert!(notice.starts_with("Could not open the link"), "{notice}");
    assert!(b.yaml().await.contains("kind: VirtualService"));
    b.close().await;
}

#[tokio::test]
async fn undo_redo_walk_five_edits_and_reload_restores() {
    let b = open_app().await;
    let mut states = vec![b.yaml().await];
    b.type_in("td-1-spec-http-0-timeout", "5s").await;
    states.push(b.yaml().await);
    b.type_in("td-1-spec-http-0-name", "main").await;
    states.push(b.yaml().await);
    b.click("td-1-spec-http-0-mirror").await;
    states.push(b.yaml().await);
    b.click("add-rule-1").await;
    states.push(b.yaml().await);
    b.click("add-destination-1-0").await;
    states.push(b.yaml().await);
    for w in states.windows(2) {
        assert_ne!(w[0], w[1], "every step changed the design");
    }
    for i in (0..5).rev() {
        b.click("undo").await;
        assert_eq!(b.yaml().await, states[i], "undo to state {i}");
    }
    for (i, state) in states.iter().enumerate().skip(1) {
        b.click("redo").await;
        assert_eq!(&b.yaml().await, state, "redo to state {i}");
    }
    // Keyboard: Ctrl+Z and Ctrl+Shift+Z outside the YAML editor.
    b.by_testid("td-1-spec-http-0-timeout").await.click().await.unwrap();
    b.client.active_element().await.unwrap().send_keys("\u{E009}z\u{E009}").await.unwrap();
    assert_eq!(b.yaml().await, states[4], "Ctrl+Z");
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E009}\u{E008}z\u{E008}\u{E009}")
        .await
        .unwrap();
    assert_eq!(b.yaml().await, states[5], "Ctrl+Shift+Z");
    b.client.refresh().await.unwrap();
    b.by_testid("yaml").await;
    assert_eq!(b.yaml().await, states[5], "reload restores the design");
    assert_eq!(b.text_of("notice").await, "Restored your last design");
    // New design starts over, with a way back.
    b.click("new-design").await;
    b.by_testid("empty-design").await;
    b.click("undo").await;
    assert_eq!(b.yaml().await, states[5]);
    b.close().await;
}

#[tokio::test]
async fn dist_works_from_a_sub_path_under_a_strict_csp() {
    let dist = root().join("dist");
    let port = serve(dist, "/tools/traffic/", CSP);
    let base = format!("http://127.0.0.1:{port}/tools/traffic/");
    let b = browser(base.clone()).await;
    b.client.goto(&base).await.unwrap();
    let slider = b.by_testid("td-1-spec-http-0-route-1-weight-slider").await;
    let split = std::fs::read_dir(root().join("dist"))
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().starts_with("split_"));
    let fetched = || async {
        b.eval("return performance.getEntriesByType('resource').map(e => e.name).join(' ');")
            .await
            .as_str()
            .unwrap()
            .to_string()
    };
    if split {
        // A fresh page needs only the main wasm and style sheet: the
        // validator (the design is a preset, known clean), the YAML reader,
        // the link codec, the panels and the editors of parts not shown come
        // later.
        let first = fetched().await;
        assert!(!first.contains("split_") && !first.contains("chunk_"), "{first}");
        assert!(!first.contains("simulator.css") && !first.contains("rollout.css"), "{first}");
        assert_eq!(b.text_of("count-errors").await, "0 errors");
    }
    // The first touch fetches the validator; the edit is checked by it.
    b.drag_slider(&slider, 25).await;
    assert_eq!(b.text_of("share-1-0-0").await, "75.0%");
    assert!(b.yaml().await.contains("weight: 25"));
    assert_eq!(b.text_of("count-errors").await, "0 errors");
    if split {
        assert!(fetched().await.contains("/tools/traffic/split_validator.wasm"));
    }
    // A match block's editor and the side panels' code are fetched on first
    // use, from under the same sub-path, under the same policy.
    b.by_testid("add-match-1-0").await.click().await.unwrap();
    b.by_testid("td-1-spec-http-0-match-0-new-key").await;
    for (tab, shown) in [
        ("tab-simulator", "sim-path"),
        ("tab-diagram", "diagram-rule-1-0"),
        ("tab-rollout", "plan-phase-0-select"),
    ] {
        b.by_testid(tab).await.click().await.unwrap();
        b.by_testid(shown).await;
    }
    if split {
        let all = fetched().await;
        assert!(all.contains("/tools/traffic/split_simulator_view.wasm"), "{all}");
        assert!(all.contains("/tools/traffic/split_match_block_view.wasm"), "{all}");
        assert!(all.contains("/tools/traffic/simulator.css"), "{all}");
        assert!(all.contains("/tools/traffic/rollout.css"), "{all}");
    }
    // Sharing compresses the design and opening the link reads it back
    // (both lazily loaded); a plain reload restores the autosave.
    b.by_testid("tab-yaml").await.click().await.unwrap();
    let design = b.yaml().await;
    b.by_testid("share").await.click().await.unwrap();
    for _ in 0..100 {
        if b.text_of("notice").await.starts_with("Link copied") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(b.text_of("notice").await.starts_with("Link copied"));
    b.client.refresh().await.unwrap();
    assert_eq!(b.text_of("notice").await, "Opened the design from the link");
    assert_eq!(b.yaml().await, design);
    let page_errors = b.console_errors().await;
    b.client.goto(&base).await.unwrap();
    assert_eq!(b.text_of("notice").await, "Restored your last design");
    assert_eq!(b.yaml().await, design);
    if split {
        assert!(fetched().await.contains("/tools/traffic/split_read_yaml_code.wasm"));
    }
    let names = b
        .eval("return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);")
        .await;
    let origin = format!("http://127.0.0.1:{port}/");
    for n in names.as_array().unwrap() {
        let n = n.as_str().unwrap();
        assert!(n.starts_with(&origin), "request to another origin: {n}");
    }
    let errors = b.console_errors().await;
    assert!(page_errors.is_empty(), "CSP violations or errors: {page_errors:?}");
    assert!(errors.is_empty(), "CSP violations or errors: {errors:?}");
    b.close().await;
}

/// Lazily loaded code that cannot be fetched (offline, or the site was
/// updated since the page was opened) is reported, never a frozen page.
#[tokio::test]
async fn code_that_cannot_be_fetched_is_reported_and_the_page_keeps_working() {
    let dist = root().join("dist");
    if !std::fs::read_dir(&dist)
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().starts_with("split_"))
    {
        return; // a build without the split loads everything at once
    }
    let dir = std::env::temp_dir().join(format!("td-missing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(&dist).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if e.path().is_file()
            && name != "split_validator.wasm"
            && name != "split_simulator_view.wasm"
        {
            std::fs::copy(e.path(), dir.join(&name)).unwrap();
        }
    }
    let port = serve(dir.clone(), "/", "");
    let base = format!("http://127.0.0.1:{port}/");
    let b = browser(base.clone()).await;
    b.client.goto(&base).await.unwrap();
    b.type_in("td-1-spec-http-0-timeout", "5s").await;
    // The edit lands; its check waits for code that does not come.
    assert!(b.yaml().await.contains("timeout: 5s"));
    b.by_testid("count-checking").await;
    let notice = b.text_of("notice").await;
    assert!(notice.contains("could not be loaded"), "{notice}");
    // A panel whose code is missing says so; the others still work.
    b.click("tab-simulator").await;
    let msg = b.client.wait().for_element(Locator::Css("[role=alert]")).await.unwrap();
    assert!(msg.text().await.unwrap().contains("could not be loaded"));
    b.click("tab-diagram").await;
    b.by_testid("diagram-rule-1-0").await;
    b.click("tab-yaml").await;
    b.type_in("td-1-spec-http-0-timeout", "7s").await;
    assert!(b.yaml().await.contains("timeout: 7s"));
    let errors = b.console_errors().await;
    assert!(!errors.iter().any(|e| e.contains("panicked")), "{errors:?}");
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn two_instances_embed_into_a_host_page_with_aggressive_css() {
    let dir = std::env::temp_dir().join(format!("td-host-{}", std::process::id()));
    let sub = dir.join("tools/traffic");
    std::fs::create_dir_all(&sub).unwrap();
    for e in std::fs::read_dir(root().join("dist")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), sub.join(e.file_name())).unwrap();
    }
    std::fs::write(dir.join("favicon.ico"), b"").unwrap();
    std::fs::write(
        dir.join("host.css"),
        "* { color: rgb(255, 0, 0) !important; font-size: 40px !important; }\n\
         button, input, select, textarea { display: none !important; }\n\
         .td-app, .td-button { display: none !important; }\n\
         div { border: 9px solid lime !important; }\n\
         #one { --td-color-accent: rgb(1, 2, 3); }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("index.html"),
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Runbook</title>
<link rel="stylesheet" href="/host.css"></head><body>
<p id="host-text">Runbook text</p><button id="host-button">Host button</button>
<div id="one" data-traffic-designer data-preset="canary"></div>
<div id="two" data-traffic-designer data-preset="mirror" data-readonly></div>
<script type="module" src="/tools/traffic/boot.js"></script>
</body></html>"#,
    )
    .unwrap();
    let port = serve(dir.clone(), "/", CSP);
    let base = format!("http://127.0.0.1:{port}/");
    let b = browser(base.clone()).await;
    b.client.goto(&base).await.unwrap();
    let one = b.client.find(Locator::Id("one")).await.unwrap().shadow_root().await.unwrap();
    let two = b.client.find(Locator::Id("two")).await.unwrap().shadow_root().await.unwrap();
    let mut slider = None;
    for _ in 0..100 {
        if let Ok(s) = one
            .find(Locator::Css("[data-testid='td0-td-1-spec-http-0-route-1-weight-slider']"))
            .await
        {
            slider = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let slider = slider.expect("instance one rendered");
    b.drag_slider(&slider, 40).await;
    let yaml_one = one.find(Locator::Css("[data-testid=yaml]")).await.unwrap();
    let yaml_two = two.find(Locator::Css("[data-testid=yaml]")).await.unwrap();
    let t1 = yaml_one.prop("value").await.unwrap().unwrap();
    let t2 = yaml_two.prop("value").await.unwrap().unwrap();
    assert!(t1.contains("weight: 40") && t1.contains("weight: 60"), "{t1}");
    assert!(t2.contains("mirror:"), "instance two keeps its own design: {t2}");
    assert!(!t2.contains("weight: 40"));
    // The read-only instance shows YAML and copy buttons, no forms.
    assert!(two.find(Locator::Css("[data-testid=preset]")).await.is_err());
    assert!(two.find(Locator::Css("[data-testid=copy]")).await.is_ok());
    // Host styles do not reach inside; ours do not reach out.
    let styles = b
        .eval(
            "const r = document.getElementById('one').shadowRoot;\
             const btn = r.querySelector('[data-testid=copy]');\
             const app = r.querySelector('.td-app');\
             const host = getComputedStyle(document.getElementById('host-text'));\
             const themed = getComputedStyle(btn).backgroundColor;\
             const other = getComputedStyle(document.getElementById('two').shadowRoot.querySelector('[data-testid=copy]')).backgroundColor;\
             return [getComputedStyle(btn).display, getComputedStyle(app).display,\
                     getComputedStyle(btn).fontSize, host.fontSize, host.color,\
                     getComputedStyle(document.getElementById('host-button')).display, themed, other];",
        )
        .await;
    let s: Vec<String> =
        styles.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_ne!(s[0], "none", "host CSS hid our button");
    assert_ne!(s[1], "none", "host CSS hid our app");
    assert_ne!(s[2], "40px", "host font size leaked in");
    assert_eq!(s[3], "40px", "our CSS changed the host's text");
    assert_eq!(s[4], "rgb(255, 0, 0)");
    assert_eq!(s[5], "none");
    assert_eq!(s[6], "rgb(1, 2, 3)", "the host themes instance one through a custom property");
    assert_eq!(s[7], "rgb(31, 95, 139)", "instance two keeps the default accent");
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn markup_in_user_input_never_runs() {
    let b = open_app().await;
    // Typed into fields.
    b.type_in("td-1-metadata-name", PAYLOAD).await;
    b.type_in("td-0-spec-subsets-0-labels-version", PAYLOAD).await;
    b.click("add-match-1-0").await;
    b.type_in("td-1-spec-http-0-match-0-new-key", "x-test").await;
    b.click("add-condition-1-0-0").await;
    b.type_in("td-1-spec-http-0-match-0-headers-x-test", PAYLOAD).await;
    b.assert_no_xss().await;
    let yaml = b.yaml().await;
    assert!(yaml.contains("onerror"), "the text is kept as text");
    // Imported YAML.
    let file = std::env::temp_dir().join(format!("td-xss-{}.yaml", std::process::id()));
    let doc = format!(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: \"{p}\"\n  annotations:\n    note: \"{p}\"\nspec:\n  hosts: [\"{p}\"]\n  http:\n  - name: \"{p}\"\n    match:\n    - headers:\n        \"{p}\": {{exact: \"{p}\"}}\n    route:\n    - destination: {{host: \"{p}\", subset: \"{p}\"}}\n",
        p = PAYLOAD.replace('"', "\\\"")
    );
    std::fs::write(&file, doc).unwrap();
    let input = b.client.find(Locator::Css("[data-testid=import-file]")).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    for _ in 0..50 {
        if b.text_of("notice").await.starts_with("Imported") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(b.text_of("notice").await.starts_with("Imported"));
    assert_ne!(b.text_of("count-errors").await, "0 errors", "the bad names are reported");
    b.assert_no_xss().await;
    // A crafted link.
    let link =
        format!("{}#d=1.{}", b.base, traffic_model::share::base64url_encode(&miniz(&doc_link())));
    b.client.goto(&link).await.unwrap();
    b.client.refresh().await.unwrap();
    b.by_testid("yaml").await;
    b.assert_no_xss().await;
    b.close().await;
    let _ = std::fs::remove_file(file);
}

fn doc_link() -> String {
    format!(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: [reviews]\n  http:\n  - name: '{PAYLOAD}'\n    route:\n    - destination: {{host: reviews}}\n"
    )
}

fn miniz(text: &str) -> Vec<u8> {
    let link = traffic_model::share::encode(text);
    traffic_model::share::base64url_decode(link.split_once('.').unwrap().1).unwrap()
}
