//! End-to-end tests: the release `dist/` served on a local port, driven in
//! headless Chromium through chromedriver like a user would.
//!
//! Run `trunk build --release` first (`scripts/test` does). Every YAML a test
//! exports is also written to `$E2E_OUT` (default `e2e-out/`) so that
//! `scripts/test` can check it with `check-crd-schema.py`.
#![cfg(not(target_arch = "wasm32"))]

mod a11y;
mod designer;
#[allow(dead_code)]
#[path = "../common/designs.rs"]
mod designs;
mod hosting;
mod panels;
mod perf;
mod slice;
mod support;
