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
//! otherwise. The rules follow Istio 1.30 (the CRD the types model; where
//! master differs, e.g. `warmup.aggression`, 1.30 wins). Master-only fields
//! (`redirect.prefixRewrite`, `http2KeepAlive`, `zoneAwareLbSetting`) are
//! not modelled; the loader reports them as unknown fields.
//!
//! Rules speak in field paths (`spec.http[0].route[1].weight`, map keys as
//! plain segments); [`validate_loaded`] adds line and column. Nothing here
//! panics, whatever the bundle holds, and a design of 200 rules with 5
//! matches each is judged in well under a millisecond: regexes are checked
//! by a syntax-only port of Go's parser (`regex.rs`), never compiled, and
//! paths are written out only for findings.
//!
//! Where we knowingly say less than Istio: one finding per field where the
//! webhook may list several errors for it; IST0130 once per rule (Istio
//! repeats it per match); KIA1105 on the repeated destination only; no
//! IST0109 for a VirtualService that names one host twice (short name and
//! FQDN), which istioctl reports against itself; KIA0209 lowered to info
//! when a sibling subset has labels (Kiali lowers it when those select
//! workloads, which needs a cluster).
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
pub(crate) mod regex;
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
    /// The path as segments; it is written out only when a rule reports,
    /// so walking a clean design builds no strings.
    path: SegStack<'a>,
}

/// A stack of path segments: inline (paths are at most a dozen deep), with
/// a spill vector so that any depth works. Cheap even unoptimised (the
/// release profile optimises for size, for the wasm build).
struct SegStack<'a> {
    inline: [Seg<'a>; 24],
    len: usize,
    spill: Vec<Seg<'a>>,
}

impl<'a> SegStack<'a> {
    fn new() -> Self {
        SegStack { inline: [Seg::Index(0); 24], len: 0, spill: Vec::new() }
    }

    #[inline(always)]
    fn push(&mut self, seg: Seg<'a>) {
        if self.len < self.inline.len() {
            self.inline[self.len] = seg;
        } else {
            self.spill.push(seg);
        }
        self.len += 1;
    }

    #[inline(always)]
    fn pop(&mut self) {
        if self.len > self.inline.len() {
            self.spill.pop();
        }
        self.len = self.len.saturating_sub(1);
    }

    fn iter(&self) -> impl Iterator<Item = Seg<'a>> + '_ {
        let n = self.len.min(self.inline.len());
        self.inline[..n].iter().chain(self.spill.iter()).copied()
    }
}

/// One segment of a field path.
#[derive(Clone, Copy)]
enum Seg<'a> {
    /// `.key` (or `key` at the start); may itself hold dots (`spec.hosts`).
    Key(&'a str),
    /// `[i]`.
    Index(usize),
}

impl<'a> Cx<'a> {
    pub(crate) fn new(
        out: &'a mut Vec<Diagnostic>,
        doc: usize,
        kind: &'static str,
        name: &'a str,
    ) -> Self {
        Cx { out, doc, kind, name, path: SegStack::new() }
    }

    /// Runs `f` with `.key` appended to the path.
    #[inline(always)]
    pub(crate) fn at<R>(&mut self, key: &'a str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(Seg::Key(key));
        let r = f(self);
        self.path.pop();
        r
    }

    /// Runs `f` with `[index]` appended to the path.
    #[inline(always)]
    pub(crate) fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(Seg::Index(index));
        let r = f(self);
        self.path.pop();
        r
    }

    /// The current path, written out, with `.key` appended when given.
    fn render(&self, key: Option<&str>) -> String {
        let mut s = String::with_capacity(48);
        let keys = self.path.iter().chain(key.map(Seg::Key));
        for seg in keys {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => {
                    s.push('[');
                    push_usize(&mut s, i);
                    s.push(']');
                }
            }
        }
        s
    }

    /// Reports `code` at the current path.
    pub(crate) fn report(&mut self, code: &'static Code, message: impl Into<String>) -> Found<'_> {
        let d =
            Diagnostic::new(code, self.render(None), message).on(self.doc, self.kind, self.name);
        self.out.push(d);
        Found(self.out.last_mut())
    }

    /// Reports `code` at the field `key` (which may be a dotted path) under
    /// the current path.
    pub(crate) fn report_at(
        &mut self,
        key: &str,
        code: &'static Code,
        message: impl Into<String>,
    ) -> Found<'_> {
        let d = Diagnostic::new(code, self.render(Some(key)), message)
            .on(self.doc, self.kind, self.name);
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
    s.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// A finding just reported, to add help or change severity.
pub(crate) struct Found<'a>(Option<&'a mut Diagnostic>);

impl Found<'_> {
    /// Sets the help text.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        if let Some(d) = self.0.as_deref_mut() {
            d.help = Some(help.into());
        }
        self
    }

    /// Overrides the severity.
    pub(crate) fn severity(mut self, severity: Severity) -> Self {
        if let Some(d) = self.0.as_deref_mut() {
            d.severity = severity;
        }
        self
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
