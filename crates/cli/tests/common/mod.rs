//! Helpers shared by the CLI's integration tests: where `shared/` is, and
//! running the `traffic` binary.
#![allow(dead_code)] // Each test file uses a different subset.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `shared/` beside the checkout, or `$TRAFFIC_SHARED`.
pub fn shared() -> PathBuf {
    std::env::var_os("TRAFFIC_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    )
}

/// Runs `traffic ARGS…`, feeding `stdin` when given.
pub fn traffic(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_traffic"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// The exit code (the process must have exited normally).
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
