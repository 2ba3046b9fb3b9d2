//! What a user gets: edit timing on the release `dist/` page itself (its
//! CSS, autosave, the whole app), for a 5-rule and a 200-rule × 5-match
//! design. A measurement, written to `target/perf-dist.txt` (and shown by
//! `scripts/test`); it asserts only that every edit reached the YAML.

use serde_json::Value;

use crate::designs::design;
use crate::support::*;

/// Pastes the design, then types 100 weights into rule 1's second
/// destination (focused, like a user). Per edit: the time until the page
/// shows it in the YAML, and until the page has been laid out again.
/// Returns the medians in ms, and how many edits reached the YAML.
const MEASURE: &str = r#"
const [text, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const q = (id) => document.querySelector(`[data-testid="${id}"]`);
  const t = q('yaml');
  t.focus(); t.value = text; t.dispatchEvent(new Event('input')); t.blur();
  await new Promise((r) => setTimeout(r, 300));
  // Large designs start with collapsed rule cards: open the first.
  const toggle = q('rule-toggle-1-0');
  if (toggle.getAttribute('aria-expanded') === 'false') {
    toggle.click();
    await new Promise((r) => setTimeout(r, 100));
  }
  const n = q('td-1-spec-http-0-route-1-weight');
  const shown = q('yaml-view') || q('yaml');
  const read = () => shown.tagName === 'TEXTAREA' ? shown.value : shown.textContent;
  n.focus();
  const yaml = [], laid = [];
  let reached = 0;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 0));
    const want = `weight: ${11 + (i % 50)}\n`;
    const t0 = performance.now();
    n.value = String(11 + (i % 50));
    n.dispatchEvent(new Event('input', { bubbles: true }));
    for (let k = 0; k < 1000; k++) {
      if (read().includes(want)) { reached++; break; }
      await (k < 50 ? Promise.resolve() : new Promise((r) => setTimeout(r, 0)));
    }
    yaml.push(performance.now() - t0);
    document.body.getBoundingClientRect();
    laid.push(performance.now() - t0);
  }
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  done([med(yaml), med(laid), reached, document.getElementsByTagName('*').length]);
})();
"#;

#[tokio::test]
async fn edit_timing_on_the_dist_page() {
    let mut lines = Vec::new();
    for (rules, matches) in [(5, 1), (200, 5)] {
        let b = open_app().await;
        let r = b
            .client
            .execute_async(MEASURE, vec![Value::String(design(rules, matches))])
            .await
            .unwrap();
        let (yaml, laid) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap());
        assert_eq!(r[2], 100, "every edit reached the YAML");
        lines.push(format!(
            "PERF dist page, {rules} rules × {matches} matches ({} elements): edit → YAML median {yaml:.1} ms, → laid out {laid:.1} ms (100 edits)",
            r[3]
        ));
        b.close().await;
    }
    let text = lines.join("\n") + "\n";
    print!("{text}");
    std::fs::write(root().join("target/perf-dist.txt"), text).unwrap();
}
