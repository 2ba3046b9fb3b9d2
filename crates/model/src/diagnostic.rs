//! Diagnostics: what the validator and the loader say about a design.
//!
//! Rules speak in field paths (`spec.http[0].route[1].weight`); the loader
//! attaches line and column, the UI maps paths to controls.

use std::cmp::Ordering;
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

    /// Overrides the code's default severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The order of a report: document (findings about no document last),
    /// then field path in document order (`[2]` before `[10]`), then code.
    pub fn sort_key_cmp(&self, other: &Diagnostic) -> Ordering {
        let doc = |d: &Diagnostic| d.document.unwrap_or(usize::MAX);
        doc(self)
            .cmp(&doc(other))
            .then_with(|| compare_paths(&self.path, &other.path))
            .then_with(|| self.code.id.cmp(other.code.id))
    }
}

/// Compares field paths so that array indices sort numerically
/// (`spec.http[2]` before `spec.http[10]`) and a parent before its fields.
pub fn compare_paths(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let ei = i + a[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let ej = j + b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            let (na, nb) = (trim_zeros(&a[i..ei]), trim_zeros(&b[j..ej]));
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if ord != Ordering::Equal {
                return ord;
            }
            i = ei;
            j = ej;
            continue;
        }
        // `.` and `[` (a child) sort before any other character.
        let rank = |c: u8| match c {
            b'.' => 0u16,
            b'[' => 1,
            c => 2 + u16::from(c),
        };
        let ord = rank(a[i]).cmp(&rank(b[j]));
        if ord != Ordering::Equal {
            return ord;
        }
        i += 1;
        j += 1;
    }
    (a.len() - i).cmp(&(b.len() - j))
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let k = d.iter().take_while(|c| **c == b'0').count().min(d.len().saturating_sub(1));
    &d[k..]
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

    /// The findings of `severity`.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.severity == severity)
    }

    /// The errors: what Istio would reject.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.of(Severity::Error)
    }

    /// Puts the findings in report order (see [`Diagnostic::sort_key_cmp`]);
    /// the sort is stable.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(Diagnostic::sort_key_cmp);
    }
}
