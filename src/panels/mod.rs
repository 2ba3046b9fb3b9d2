//! Panels beside the design: tools that read the whole design.

pub mod rollout;
pub mod simulator;
