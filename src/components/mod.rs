//! Reusable views.

pub mod weights;
pub mod yaml_view;

pub use weights::RouteWeights;
pub use yaml_view::YamlView;
