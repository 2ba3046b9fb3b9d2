/*!
JSON output: one document with every file, its findings and a summary.

```json
{"files":[{"file":"a.yaml","diagnostics":[{"code":"TDZ1003","severity":"error",
  "document":0,"kind":"VirtualService","name":"reviews",
  "path":"spec.http[0].route[1].weight","line":12,"column":9,
  "message":"…","help":"…"}]}],
 "summary":{"errors":1,"warnings":0,"infos":0}}
```

`document`, `line`, `column` and `help` are `null` when unknown; every
other field is always present. Files that could not be read are not
listed (they are reported on stderr, exit 2).
*/

use std::io::{self, Write};

use serde_json::{json, Value};
use traffic_model::Diagnostic;

use crate::check::{FileReport, Summary};

/// Writes the whole report as pretty-printed JSON and a newline.
pub fn write(out: &mut dyn Write, reports: &[FileReport], summary: &Summary) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(reports, summary))?;
    writeln!(out)
}

/// The report as a JSON value.
pub fn to_value(reports: &[FileReport], summary: &Summary) -> Value {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            let diagnostics: Vec<Value> = r.diagnostics.iter().map(diagnostic).collect();
            json!({ "file": r.file, "diagnostics": diagnostics })
        })
        .collect();
    json!({
        "files": files,
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    })
}

fn diagnostic(d: &Diagnostic) -> Value {
    json!({
        "code": d.code.id,
        "severity": d.severity.as_str(),
        "document": d.document,
        "kind": d.kind,
        "name": d.name,
        "path": d.path,
        "line": d.location.map(|l| l.line),
        "column": d.location.map(|l| l.column),
        "message": d.message,
        "help": d.help,
    })
}
