/*!
`traffic validate`, minus the reading and the printing: load each file's
text, validate it with the model, and keep every finding with its line and
column.

Each file is one design, as the app loads it: cross-resource rules (a
subset that no DestinationRule defines, two VirtualServices claiming one
host) look only within the file.

The result is one [`FileReport`] per readable file and a [`Summary`];
[`crate::render`] turns them into text, JSON or SARIF. A file that is not
YAML yields a single `TDZ0001` finding at the parser's position, so one bad
file never hides the others.
*/

use traffic_model::bundle::Document;
use traffic_model::codes;
use traffic_model::validate::validate_loaded;
use traffic_model::yaml::Location;
use traffic_model::{Bundle, Diagnostic, Severity};

use crate::input::Source;

/// Everything found in one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// Name for messages: the path as typed, or `<stdin>`.
    pub file: String,
    /// The file's text, for source snippets.
    pub source: String,
    /// Findings, in document then path order, each with a location where
    /// one is known.
    pub diagnostics: Vec<Diagnostic>,
    /// `metadata.namespace` of each document, for `Kind ns/name` labels.
    pub namespaces: Vec<Option<String>>,
}

impl FileReport {
    /// The namespace of the document `d` is about, if known.
    pub fn namespace_of(&self, d: &Diagnostic) -> Option<&str> {
        d.document.and_then(|i| self.namespaces.get(i)).and_then(|n| n.as_deref())
    }
}

/// Counts over all files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Files that were read and checked.
    pub files: usize,
}

impl Summary {
    /// Adds up the findings of `reports`.
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary { files: reports.len(), ..Summary::default() };
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// True when the run fails: errors, or warnings under `--deny-warnings`.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || (deny_warnings && self.warnings > 0)
    }
}

/// Loads and validates one file.
pub fn check(source: Source) -> FileReport {
    let mut report = FileReport {
        file: source.name,
        source: String::new(),
        diagnostics: Vec::new(),
        namespaces: Vec::new(),
    };
    if let Some(at) = source.invalid_utf8 {
        report.diagnostics.push(not_yaml("the file is not UTF-8 text".into(), Some(at)));
        report.source = source.text;
        return report;
    }
    match Bundle::from_yaml(&source.text) {
        Ok(loaded) => {
            report.namespaces = loaded.bundle.documents.iter().map(namespace).collect();
            report.diagnostics = validate_loaded(&loaded).diagnostics;
        }
        Err(e) => report.diagnostics.push(not_yaml(e.message, e.location)),
    }
    report.source = source.text;
    report
}

/// The `TDZ0001` finding for a text that is not YAML.
fn not_yaml(message: String, location: Option<Location>) -> Diagnostic {
    let mut d = Diagnostic::new(&codes::YAML_SYNTAX, "", message)
        .with_help("fix the YAML syntax; nothing else in this file was checked");
    d.location = location;
    d
}

fn namespace(d: &Document) -> Option<String> {
    match d {
        Document::VirtualService(v) => v.metadata.namespace.clone(),
        Document::DestinationRule(r) => r.metadata.namespace.clone(),
        Document::Other(v) => {
            v.pointer("/metadata/namespace").and_then(|n| n.as_str()).map(str::to_string)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source { name: "t.yaml".into(), text: text.into(), invalid_utf8: None }
    }

    #[test]
    fn threshold() {
        let clean = Summary::default();
        assert!(!clean.fails(false) && !clean.fails(true));
        let warned = Summary { warnings: 1, files: 1, ..Summary::default() };
        assert!(!warned.fails(false));
        assert!(warned.fails(true));
        let infos = Summary { infos: 3, files: 1, ..Summary::default() };
        assert!(!infos.fails(true));
        let errors = Summary { errors: 1, files: 1, ..Summary::default() };
        assert!(errors.fails(false));
    }

    #[test]
    fn syntax_error_is_one_located_finding() {
        let r = check(source("a: [1\n"));
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!(d.code.id, codes::YAML_SYNTAX.id);
        assert!(d.location.is_some());
        assert_eq!(Summary::of(&[r]).errors, 1);
    }

    #[test]
    fn loader_findings_are_located_and_namespaced() {
        let text = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n\
                    metadata:\n  name: r\n  namespace: prod\nspec:\n  subsets: 3\n";
        let r = check(source(text));
        let d = r.diagnostics.iter().find(|d| d.code.id == codes::SCHEMA_TYPE.id).unwrap();
        assert_eq!(d.location.map(|l| l.line), Some(7));
        assert_eq!(r.namespace_of(d), Some("prod"));
    }
}
