/*!
SARIF 2.1.0 output, for code-scanning UIs (GitHub, GitLab, VS Code's SARIF
viewer), as kube-linter offers.

One run; `tool.driver.rules` lists every code of
[`traffic_model::codes::ALL`], so a result's `ruleIndex` points into it.
Levels map `error → error`, `warning → warning`, `info → note`. Columns
count Unicode code points (`columnKind`), as our locations do. File names
become relative URI references, percent-encoded where needed.
*/

use std::io::{self, Write};

use serde_json::{json, Map, Value};
use traffic_model::codes;
use traffic_model::{Diagnostic, Severity};

use crate::check::FileReport;

/// The schema the output conforms to.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Writes the SARIF log, pretty-printed, and a newline.
pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(reports))?;
    writeln!(out)
}

/// The SARIF log as a JSON value.
pub fn to_value(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = codes::ALL
        .iter()
        .map(|c| {
            let mut rule = json!({
                "id": c.id,
                "name": c.name,
                "shortDescription": { "text": c.summary },
                "defaultConfiguration": { "level": level(c.severity) },
            });
            if let Some(up) = c.upstream {
                rule["properties"] = json!({ "upstream": up });
            }
            rule
        })
        .collect();
    let results: Vec<Value> =
        reports.iter().flat_map(|r| r.diagnostics.iter().map(move |d| result(r, d))).collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "traffic",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// SARIF's `level` for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(r: &FileReport, d: &Diagnostic) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri(&r.file) } });
    if let Some(l) = d.location {
        physical["region"] = json!({ "startLine": l.line, "startColumn": l.column });
    }
    let mut location = json!({ "physicalLocation": physical });
    if !d.kind.is_empty() || !d.name.is_empty() {
        let mut fqn = d.kind.clone();
        if let Some(ns) = r.namespace_of(d) {
            fqn = format!("{fqn}/{ns}");
        }
        fqn = format!("{fqn}/{}", d.name);
        if !d.path.is_empty() {
            fqn = format!("{fqn}/{}", d.path);
        }
        location["logicalLocations"] = json!([{ "fullyQualifiedName": fqn, "kind": "object" }]);
    }
    let mut properties = Map::new();
    properties.insert("path".into(), json!(d.path));
    if let Some(doc) = d.document {
        properties.insert("document".into(), json!(doc));
    }
    if let Some(help) = &d.help {
        properties.insert("help".into(), json!(help));
    }
    let mut result = json!({
        "ruleId": d.code.id,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [location],
        "properties": properties,
    });
    if let Some(i) = codes::ALL.iter().position(|c| c.id == d.code.id) {
        result["ruleIndex"] = json!(i);
    }
    result
}

/// A file name as a relative URI reference: `/` separators (on Windows
/// too), every byte
/// outside RFC 3986's unreserved set (and `/`) percent-encoded.
pub fn uri(file: &str) -> String {
    let file = if cfg!(windows) { file.replace('\\', "/") } else { file.to_string() };
    let mut out = String::with_capacity(file.len());
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("deploy/a b.yaml"), "deploy/a%20b.yaml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("c:x/é.yaml"), "c%3Ax/%C3%A9.yaml");
    }
}
