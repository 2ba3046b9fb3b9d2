//! Editors: one module per resource or sub-message, mirroring the model.

pub mod destination_rule;
pub mod destinations;
pub mod http_route;
pub mod matches;
pub mod route_options;
pub mod traffic_policy;
pub mod virtual_service;

pub use destination_rule::DestinationRuleEditor;
pub use virtual_service::VirtualServiceEditor;
