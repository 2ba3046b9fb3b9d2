//! `validate(&Bundle) -> Report`: Istio's verdict on a design.
//!
//! (Stub: the rules are being written; see `shared/docs/istio-validation-rules.md`.)

use crate::bundle::Bundle;
use crate::diagnostic::Report;

/// Judges `bundle` as Istio would: errors for what it rejects, warnings for
/// what it admits with a warning. Never panics.
pub fn validate(bundle: &Bundle) -> Report {
    let _ = bundle;
    Report::default()
}
