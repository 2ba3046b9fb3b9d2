//! Inputs found by the `import_validate` fuzz target (see `fuzz/README.md`),
//! minimised with `cargo fuzz tmin`. Each must import, validate, export,
//! re-import and simulate without panicking or hanging.

use traffic_model::simulate::{simulate, Request, Verdict};
use traffic_model::validate::validate_loaded;
use traffic_model::{ApiVersion, Bundle};

/// What the fuzz target does with one input.
fn check(text: &str) {
    let _ = traffic_model::share::decode(text);
    let Ok(loaded) = Bundle::from_yaml(text) else { return };
    let _ = validate_loaded(&loaded);
    for api in [ApiVersion::V1, ApiVersion::V1Beta1] {
        let exported = loaded.bundle.to_yaml(api);
        let again = Bundle::from_yaml(&exported)
            .unwrap_or_else(|e| panic!("export does not re-import: {e}\n{exported}"));
        assert_eq!(again.bundle.to_yaml(api), exported, "export is not a fixed point");
        let _ = validate_loaded(&again);
    }
    let _ = simulate(&loaded.bundle, &Request::new(""));
}

/// A key read as 180 characters (raw control characters) is written quoted
/// with `\uXXXX` escapes, over YAML's 1024-character cap on implicit keys:
/// the export did not re-import. Such keys are now written as `? key`.
#[test]
fn long_escaped_key_exports_as_explicit_key() {
    let key = format!(
        "apiVurs$i{}\u{18}{}{}usi{}{}pec",
        "\u{10}".repeat(29),
        "\u{10}".repeat(5),
        "\u{3}".repeat(26),
        "\u{10}".repeat(18),
        "\u{3}".repeat(101),
    );
    check(&format!("{key}:\n  s"));
}

/// The same with a mapping and a sequence as values, inside a sequence
/// item, and with printable text: `"` needs no escape in a single-quoted
/// key, but is written `\"` in the double-quoted export.
#[test]
fn long_keys_with_block_values_reimport() {
    let long = "\"".repeat(600);
    check(&format!("'{long}':\n  a: 1\n  '{long}':\n  - x\n  - y: 2\n    '{long}': z\n"));
    check(&format!("- '{long}': [1, 2]\n  b: {{}}\n- c: 1\n  '{long}': []\n"));
}

/// Strings starting with `---` or `...` were written plain; at the start of
/// a line (a document that is one string, a top-level key) they read back
/// as document markers: `--- a` became `a`, and `... a` did not re-import.
#[test]
fn document_markers_are_quoted() {
    for text in ["'--- a'\n", "'... a'\n", "'---': 1\n'... b': 2\n", "- '--- a'\n- '...'\n"] {
        check(text);
    }
}

/// A design of 7.8 KB (60 rules whose cookie regex is `(a{1000}){1000}`,
/// which Istio rejects) ran past the fuzzer's 5 s timeout: the simulator
/// had regex-lite build each pattern until its size limit gave up. Such
/// patterns are now reported as not evaluable, without compiling them.
#[test]
fn patterns_istio_rejects_are_not_compiled() {
    let mut text = String::from(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n\
         spec:\n  hosts:\n  - reviews\n  http:\n",
    );
    for _ in 0..60 {
        text.push_str(
            "  - match:\n    - headers:\n        cookie:\n          regex: '(a{1000}){1000}'\n    \
             route:\n    - destination:\n        host: reviews\n",
        );
    }
    check(&text);
    let loaded = Bundle::from_yaml(&text).unwrap();
    let request = Request::new("reviews").header("cookie", "user=jason");
    let outcome = simulate(&loaded.bundle, &request);
    assert_eq!(outcome.rules.len(), 60);
    assert_eq!(outcome.rules[0].verdict, Verdict::Undecided);
    assert!(outcome.rules[0].reason().contains("not valid RE2"), "{}", outcome.rules[0].reason());
}
