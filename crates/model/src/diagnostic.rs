//! Diagnostics: what the validator and the loader say about a design.
//!
//! Rules speak in field paths (`spec.http[0].route[1].weight`); the loader
//! attaches line and column, the UI maps paths to controls.

use std::fmt;

use crate::yaml::Location;

/// How serious a finding is, in Istio's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Istio (API server, webhook or an Error-level analyzer) rejects it.
    Error,
    /// Istio admits it with a warning, or a Warning-level analyzer reports it.
    Warning,
    /// Advice; nothing in Istio complains.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the code registry ([`crate::codes`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Code {
    /// Stable id, `TDZ` + four digits; never reused.
    pub id: &'static str,
    /// Kebab-case name (`weights-zero-total`).
    pub name: &'static str,
    /// Severity unless a rule says otherwise.
    pub severity: Severity,
    /// The Istio (`IST…`) or Kiali (`KIA…`) code this mirrors, if any.
    pub upstream: Option<&'static str>,
    /// One-line summary for the generated reference.
    pub summary: &'static str,
}

/// A finding about one place in one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Registry entry.
    pub code: &'static Code,
    /// Severity of this finding.
    pub severity: Severity,
    /// Index of the document in the bundle / file.
    pub document: Option<usize>,
    /// Kind of the resource (`VirtualService`).
    pub kind: String,
    /// Name of the resource.
    pub name: String,
    /// Field path, `spec.http[0].route[1].weight`; empty for the whole document.
    pub path: String,
    /// Where in the source text, when the design came from YAML.
    pub location: Option<Location>,
    /// One sentence, lower-case start, no trailing period.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no resource yet.
    pub fn new(code: &'static Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity,
            document: None,
            kind: String::new(),
            name: String::new(),
            path: path.into(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the resource the finding is about.
    pub fn on(mut self, document: usize, kind: &str, name: &str) -> Self {
        self.document = Some(document);
        self.kind = kind.to_string();
        self.name = name.to_string();
        self
    }
}

/// All findings for a bundle.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Findings, in document then path order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// True when Istio would reject something.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}
