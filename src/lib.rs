//! Traffic Designer, the browser app: thin Leptos views over `traffic-model`.
//!
//! Components render model values and call model methods; they hold no rule
//! of their own. `main.rs` only mounts [`App`], so tests can mount any
//! component from here.

pub mod app;
pub mod browser;
pub mod components;
pub mod editors;
pub mod on_demand;
pub mod panels;
pub mod state;

pub use app::App;
