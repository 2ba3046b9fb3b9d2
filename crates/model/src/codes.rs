//! The diagnostic code registry: the one place a code exists.
//!
//! Ranges: `TDZ0xxx` load/parse, `1xxx` VirtualService, `2xxx`
//! DestinationRule, `3xxx` cross-resource, `4xxx` rollout plans, `9xxx`
//! house style. Codes are never reused; retired ones stay listed.

use crate::diagnostic::{Code, Severity};

/// The YAML text could not be parsed.
pub const YAML_SYNTAX: Code = Code {
    id: "TDZ0001",
    name: "yaml-syntax",
    severity: Severity::Error,
    upstream: None,
    summary: "the text is not valid YAML",
};

/// A document does not fit the resource's schema (wrong type, missing field).
pub const SCHEMA_TYPE: Code = Code {
    id: "TDZ0002",
    name: "schema-type",
    severity: Severity::Error,
    upstream: None,
    summary: "a field has the wrong type or a required field is missing; the API server rejects it",
};

/// Every code, in id order.
pub const ALL: &[&Code] = &[&YAML_SYNTAX, &SCHEMA_TYPE];
