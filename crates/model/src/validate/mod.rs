//! `validate(&Bundle) -> Report`: Istio's verdict on a design.
//!
//! Every rule mirrors one that Istio applies, and says which (see
//! `docs/diagnostics.md` and `crate::codes`):
//!
//! 1. the API server: the CRD structural schema (`oneOf`, ranges) and its
//!    CEL rules (`duration(self) >= duration('1ms')`);
//! 2. Istio's validating webhook (`ValidateVirtualService`,
//!    `ValidateDestinationRule` in `pkg/config/validation`), errors and
//!    warnings alike, including its rule-order analysis (IST0130/IST0131);
//! 3. the file-level `istioctl analyze` checks that need nothing from a
//!    cluster: a subset with no DestinationRule (IST0101), mesh hosts
//!    claimed twice (IST0109), gateway traffic that skips a subset split
//!    (IST0140), server certificates not verified (IST0128/IST0129), and
//!    Gateway host mismatches when the Gateway is in the design (IST0132);
//! 4. Kiali's checks that need no registry (KIA1104–1106, KIA0201, KIA0209).
//!
//! Severity: error when the API server, the webhook or an Error-level
//! analyzer rejects the configuration; warning when it is admitted with a
//! warning or a Warning-level analyzer (or Kiali) reports it; info
//! otherwise. Istio targets 1.30 (the version the types model); master-only
//! fields (`redirect.prefixRewrite`, `http2KeepAlive`, `zoneAwareLbSetting`)
//! are not modelled and are reported by the loader as unknown fields.
//!
//! Rules speak in field paths (`spec.http[0].route[1].weight`, map keys as
//! plain segments); [`validate_loaded`] adds line and column. Nothing here
//! panics, whatever the bundle holds, and a design of 200 rules with 5
//! matches each is judged in well under a millisecond: regexes are checked
//! by a syntax-only port of Go's parser ([`regex`]), never compiled.
//!
//! Not decidable without a cluster, so not checked: whether hosts,
//! gateways and workloads exist (IST0101 for hosts and gateways, IST0173,
//! IST0174, KIA1101, KIA1102, KIA0202, KIA0203), service ports (IST0112),
//! RequestAuthentication presence (IST0149), mTLS and ambient-mode checks.

mod cross;
mod destination_rule;
mod duration;
mod fields;
mod http;
mod names;
mod reachability;
mod regex;
mod virtual_service;

use crate::bundle::{Bundle, Document, Loaded};
use crate::diagnostic::{Code, Diagnostic, Report, Severity};

/// Judges `bundle` as Istio would: errors for what it rejects, warnings for
/// what it admits with a warning, info for advice. Never panics. The
/// findings are sorted by document, field path and code, and carry no
/// location (see [`validate_loaded`]).
pub fn validate(bundle: &Bundle) -> Report {
    let mut out = Vec::new();
    for (index, document) in bundle.documents.iter().enumerate() {
        match document {
            Document::VirtualService(vs) => {
                let mut cx = Cx::new(&mut out, index, "VirtualService", &vs.metadata.name);
                virtual_service::check(&mut cx, vs);
            }
            Document::DestinationRule(dr) => {
                let mut cx = Cx::new(&mut out, index, "DestinationRule", &dr.metadata.name);
                destination_rule::check(&mut cx, dr);
            }
            Document::Other(_) => {}
        }
    }
    cross::check(bundle, &mut out);
    let mut report = Report { diagnostics: out };
    report.sort();
    report
}

/// [`validate`] for a design read from YAML: each finding gets the line
/// and column of its field (or of its nearest written ancestor), and the
/// loader's own findings are included. Sorted like [`validate`].
pub fn validate_loaded(loaded: &Loaded) -> Report {
    let mut report = validate(&loaded.bundle);
    for d in &mut report.diagnostics {
        if d.location.is_none() {
            let spans = d.document.and_then(|i| loaded.spans.get(i));
            d.location = spans.and_then(|s| s.locate(&d.path).or_else(|| s.get("")));
        }
    }
    report.diagnostics.extend(loaded.diagnostics.iter().cloned());
    report.sort();
    report
}

/// Where rules report: the resource being checked and the field path of
/// the value at hand, grown and shrunk as the walk descends.
pub(crate) struct Cx<'a> {
    out: &'a mut Vec<Diagnostic>,
    doc: usize,
    kind: &'static str,
    name: &'a str,
    path: String,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(
        out: &'a mut Vec<Diagnostic>,
        doc: usize,
        kind: &'static str,
        name: &'a str,
    ) -> Self {
        Cx { out, doc, kind, name, path: String::with_capacity(64) }
    }

    /// Runs `f` with `.key` appended to the path.
    pub(crate) fn at<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
        let r = f(self);
        self.path.truncate(len);
        r
    }

    /// Runs `f` with `[index]` appended to the path.
    pub(crate) fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.path.len();
        self.path.push('[');
        push_usize(&mut self.path, index);
        self.path.push(']');
        let r = f(self);
        self.path.truncate(len);
        r
    }

    /// Reports `code` at the current path.
    pub(crate) fn report(&mut self, code: &'static Code, message: impl Into<String>) -> Found<'_> {
        let d =
            Diagnostic::new(code, self.path.clone(), message).on(self.doc, self.kind, self.name);
        self.out.push(d);
        Found(self.out.last_mut())
    }

    /// Reports `code` at the field `key` under the current path.
    pub(crate) fn report_at(
        &mut self,
        key: &str,
        code: &'static Code,
        message: impl Into<String>,
    ) -> Found<'_> {
        let mut path = self.path.clone();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        let d = Diagnostic::new(code, path, message).on(self.doc, self.kind, self.name);
        self.out.push(d);
        Found(self.out.last_mut())
    }
}

/// Appends the decimal digits of `n` (cheaper than `write!`).
fn push_usize(s: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        s.push(char::from(b));
    }
}

/// A finding just reported, to add help or change severity.
pub(crate) struct Found<'a>(Option<&'a mut Diagnostic>);

impl Found<'_> {
    /// Sets the help text.
    pub(crate) fn help(self, help: impl Into<String>) -> Self {
        let Found(d) = self;
        let d = d.map(|d| {
            d.help = Some(help.into());
            d
        });
        Found(d)
    }

    /// Overrides the severity.
    pub(crate) fn severity(self, severity: Severity) -> Self {
        let Found(d) = self;
        let d = d.map(|d| {
            d.severity = severity;
            d
        });
        Found(d)
    }
}

/// Pluralises `word` for `n`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `a`, `a` and `b`, `a`, `b` and `c`, each in backticks.
pub(crate) fn list_code<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}
