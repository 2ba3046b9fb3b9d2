/*!
`traffic`: the Traffic Designer model on the command line, for CI.

- `traffic validate [--format human|json|sarif] [--deny-warnings] FILE...`
  reports what Istio would reject (errors) or warn about, with file, line
  and column, in the same words as the app;
- `traffic fmt [--api-version v1|v1beta1] FILE...` prints the canonical
  export, byte for byte what the app would download;
- `traffic simulate FILE [--host H] [--header K=V]... [--format json]`
  shows where one request goes ([`simulate`]);
- `traffic plan FILE --phases 90/10:1h,... (--out DIR | --format argo|flagger)`
  writes the rollout's phase manifests and rollback, or prints an Argo
  Rollouts or Flagger resource ([`plan`]).

Layout: [`args`] parses the command line, [`input`] is the only file I/O,
[`check`] runs the model over each file, [`render`] prints the findings,
[`fmt`] is the formatter. All judgement lives in `traffic-model`; this
crate only reads files and prints.

Exit status (ripgrep, kubeconform): 0 success, 1 findings at or above the
threshold (or, for `fmt`, a file that is not YAML), 2 the tool could not do
its job (usage error, unreadable file). A closed stdout (`traffic … | head`)
ends the run quietly with the status already decided.
*/

mod args;
mod check;
mod fmt;
mod input;
mod plan;
mod render;
mod simulate;

use std::ffi::OsString;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use args::{ColorChoice, Command, ValidateArgs};
use check::{FileReport, Summary};

/// The outcome of a run, ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Exit 0: nothing at or above the threshold.
    Success,
    /// Exit 1: findings at or above the threshold, or input that is not YAML.
    Findings,
    /// Exit 2: usage error, unreadable file, or output that could not be written.
    Trouble,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Success => 0,
            Status::Findings => 1,
            Status::Trouble => 2,
        })
    }
}

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().skip(1).collect();
    let command = match args::parse(&argv) {
        Ok(c) => c,
        Err(e) => {
            warn(&format!(
                "traffic: {e}\n\n{}\n\nFor more information, try `traffic help`.",
                e.topic.usage()
            ));
            return Status::Trouble.into();
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let status = match command {
        Command::Help(topic) => finish(Status::Success, write_all(&mut out, topic.help())),
        Command::Version => finish(
            Status::Success,
            write_all(&mut out, &format!("traffic {}\n", env!("CARGO_PKG_VERSION"))),
        ),
        Command::Validate(a) => validate(&a, &mut out),
        Command::Fmt(a) => fmt::run(&a, &mut out),
        Command::Simulate(a) => simulate::run(&a, &mut out),
        Command::Plan(a) => plan::run(&a, &mut out),
    };
    status.into()
}

/// Runs `traffic validate`: checks every file, then renders all findings.
fn validate(args: &ValidateArgs, out: &mut dyn Write) -> Status {
    let mut status = Status::Success;
    let mut reports: Vec<FileReport> = Vec::new();
    for file in &args.files {
        match input::read(file) {
            Ok(source) => reports.push(check::check(source)),
            Err(e) => {
                warn(&format!("traffic: {}: {e}", file.display_name()));
                status = Status::Trouble;
            }
        }
    }
    let summary = Summary::of(&reports);
    if summary.fails(args.deny_warnings) {
        status = status.max(Status::Findings);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    let written =
        render::render(out, args.format, &reports, &summary, color).and_then(|()| out.flush());
    finish(status, written)
}

fn write_all(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// `status`, unless writing the output failed for another reason than a
/// closed pipe (then the failure is reported and the run is in trouble).
pub(crate) fn finish(status: Status, written: io::Result<()>) -> Status {
    match written {
        Ok(()) => status,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            warn(&format!("traffic: cannot write the output: {e}"));
            Status::Trouble
        }
    }
}

/// Writes one message line to stderr, ignoring failures (there is nowhere
/// left to report them).
pub(crate) fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}
