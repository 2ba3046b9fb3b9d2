//! Reusable views.

pub mod diagnostics;
pub mod field;
pub mod lazy;
pub mod toolbar;
pub mod yaml_view;

pub use diagnostics::DiagnosticList;
pub use toolbar::Toolbar;
pub use yaml_view::YamlView;
