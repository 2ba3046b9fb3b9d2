//! `traffic-model`: the Istio traffic-shifting model behind Traffic Designer.
//!
//! Typed VirtualService and DestinationRule resources, YAML in and out with
//! locations, validation faithful to Istio, rollout plans and request
//! simulation. It is pure: no web, terminal or file I/O. It takes `&str` and
//! values and returns values, so the browser app and the `traffic` CLI run
//! the very same code.
//!
//! Architecture invariants:
//! - nothing here panics on any input; loading returns what it could read
//!   together with diagnostics;
//! - export is deterministic (struct field order, sorted maps);
//! - every diagnostic has a code from [`codes`] and a field path.

pub mod bundle;
pub mod codes;
pub mod common;
pub mod de;
pub mod destination_rule;
pub mod diagnostic;
pub mod edit;
pub mod help;
pub mod meta;
pub mod presets;
pub mod rollout;
pub mod share;
pub mod simulate;
pub mod validate;
pub mod virtual_service;
pub mod yaml;

pub use bundle::{ApiVersion, Bundle, Document, Loaded, YamlCache};
pub use diagnostic::{Diagnostic, Report, Severity};
pub use validate::validate;
