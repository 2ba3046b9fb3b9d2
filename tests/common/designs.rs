//! Large designs as YAML, shared by the component tests, the timing
//! harness (`tests/web_perf.rs`) and the end-to-end tests.

/// The DestinationRule `reviews` (v1, v2) and the start of VirtualService
/// `reviews`, up to its `http:` key.
const HEAD: &str = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n  - name: v2\n    labels:\n      version: v2\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts:\n  - reviews\n  http:\n";

/// Every rule's route: 90/10 between v1 and v2.
const ROUTE: &str = "    route:\n    - destination:\n        host: reviews\n        subset: v1\n      weight: 90\n    - destination:\n        host: reviews\n        subset: v2\n      weight: 10\n";

/// The timing design: `rules` rules of `matches` match blocks, each with a
/// URI prefix, an exact header and a cookie regex.
pub fn design(rules: usize, matches: usize) -> String {
    let mut text = String::from(HEAD);
    for r in 0..rules {
        text.push_str("  - match:\n");
        for m in 0..matches {
            text.push_str(&format!(
                "    - uri:\n        prefix: /api/r{r}/m{m}\n      headers:\n        x-team:\n          exact: team-{m}\n        cookie:\n          regex: \"^(.*?;\\\\s*)?(user=u{r})(;.*)?$\"\n"
            ));
        }
        text.push_str(ROUTE);
    }
    text
}

/// `rules` rules with one URI prefix each (`/r0`, `/r1`, …), about 270
/// bytes a rule.
pub fn simple(rules: usize) -> String {
    let mut text = String::from(HEAD);
    for r in 0..rules {
        text.push_str(&format!("  - match:\n    - uri:\n        prefix: /r{r}\n"));
        text.push_str(ROUTE);
    }
    text
}
