/*!
Command-line arguments: what was typed, turned into a [`Command`].

Parsing is hand-rolled (the grammar is tiny and the CLI keeps its
dependencies to the model crate and `serde_json`). It accepts
`--flag value` and `--flag=value`, short `-f value`, `--` to end options,
and `-` as a file meaning standard input. Anything it does not understand
is a [`UsageError`], which the binary reports with exit status 2.
*/

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::PathBuf;

use traffic_model::ApiVersion;

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print the help of a topic on stdout.
    Help(Topic),
    /// Print `traffic <version>` on stdout.
    Version,
    /// `traffic validate`.
    Validate(ValidateArgs),
    /// `traffic fmt`.
    Fmt(FmtArgs),
    /// `traffic simulate`.
    Simulate(crate::simulate::SimulateArgs),
    /// `traffic plan`.
    Plan(crate::plan::PlanArgs),
}

/// Which help text to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// `traffic --help`: the commands.
    Main,
    /// `traffic validate --help`.
    Validate,
    /// `traffic fmt --help`.
    Fmt,
    /// `traffic simulate --help`.
    Simulate,
    /// `traffic plan --help`.
    Plan,
}

impl Topic {
    /// The full help text.
    pub fn help(self) -> &'static str {
        match self {
            Topic::Main => MAIN_HELP,
            Topic::Validate => VALIDATE_HELP,
            Topic::Fmt => FMT_HELP,
            Topic::Simulate => crate::simulate::HELP,
            Topic::Plan => crate::plan::HELP,
        }
    }

    /// The one-line usage, shown after a usage error.
    pub fn usage(self) -> &'static str {
        match self {
            Topic::Main => "Usage: traffic <COMMAND> [OPTIONS] FILE...",
            Topic::Validate => {
                "Usage: traffic validate [--format human|json|sarif] [--deny-warnings] FILE..."
            }
            Topic::Fmt => "Usage: traffic fmt [--api-version v1|v1beta1] FILE...",
            Topic::Simulate => crate::simulate::USAGE,
            Topic::Plan => crate::plan::USAGE,
        }
    }
}

/// How `validate` prints its findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// rustc-style text with source snippets.
    #[default]
    Human,
    /// One JSON document: files, their diagnostics, and a summary.
    Json,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
}

/// Whether human output uses ANSI colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, `NO_COLOR` is unset and `TERM` is
    /// not `dumb`.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// One file operand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `-`: standard input.
    Stdin,
    /// A path, as typed.
    Path(PathBuf),
}

impl Input {
    /// The name used in messages: the path as typed, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}

/// Options of `traffic validate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidateArgs {
    /// Output format.
    pub format: Format,
    /// Warnings fail the run (exit 1) as errors do.
    pub deny_warnings: bool,
    /// Colour choice for the human format.
    pub color: ColorChoice,
    /// Files to check, at least one.
    pub files: Vec<Input>,
}

/// Options of `traffic fmt`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FmtArgs {
    /// `apiVersion` to write VirtualService and DestinationRule with.
    pub api: ApiVersion,
    /// Files to format, at least one.
    pub files: Vec<Input>,
}

/// The arguments do not make a valid command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError {
    /// What is wrong, one sentence.
    pub message: String,
    /// The command whose usage to show.
    pub topic: Topic,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

fn usage(topic: Topic, message: impl Into<String>) -> UsageError {
    UsageError { message: message.into(), topic }
}

/// Parses the arguments after the program name.
pub fn parse(args: &[OsString]) -> Result<Command, UsageError> {
    let Some(first) = args.first() else {
        return Err(usage(Topic::Main, "no command given"));
    };
    let rest = &args[1..];
    match first.to_str() {
        Some("-h" | "--help") => Ok(Command::Help(Topic::Main)),
        Some("-V" | "--version") => Ok(Command::Version),
        Some("help") => match rest.first().map(|a| a.to_str()) {
            None => Ok(Command::Help(Topic::Main)),
            Some(Some("validate")) => Ok(Command::Help(Topic::Validate)),
            Some(Some("fmt")) => Ok(Command::Help(Topic::Fmt)),
            Some(Some("simulate")) => Ok(Command::Help(Topic::Simulate)),
            Some(Some("plan")) => Ok(Command::Help(Topic::Plan)),
            Some(other) => {
                Err(usage(Topic::Main, format!("no help for `{}`", other.unwrap_or("(not UTF-8)"))))
            }
        },
        Some("validate") => parse_validate(rest),
        Some("fmt") => parse_fmt(rest),
        Some("simulate") => crate::simulate::parse(rest),
        Some("plan") => crate::plan::parse(rest),
        Some(s) if s.starts_with('-') => Err(usage(Topic::Main, format!("unknown option `{s}`"))),
        Some(s) => Err(usage(Topic::Main, format!("unknown command `{s}`"))),
        None => Err(usage(Topic::Main, "the command is not valid UTF-8")),
    }
}

/// One step of walking the arguments of a subcommand.
enum Arg<'a> {
    /// An option name (`--format`, `-f`) and its inline value (`--format=json`).
    Flag(&'a str, Option<&'a str>),
    /// A file operand.
    File(&'a OsStr),
}

/// Walks options and operands; everything after `--` is an operand.
struct Walker<'a> {
    args: &'a [OsString],
    at: usize,
    operands_only: bool,
    topic: Topic,
}

impl<'a> Walker<'a> {
    fn new(args: &'a [OsString], topic: Topic) -> Self {
        Walker { args, at: 0, operands_only: false, topic }
    }

    fn next(&mut self) -> Result<Option<Arg<'a>>, UsageError> {
        loop {
            let Some(a) = self.args.get(self.at) else { return Ok(None) };
            self.at += 1;
            if self.operands_only || a == "-" {
                return Ok(Some(Arg::File(a)));
            }
            if a == "--" {
                self.operands_only = true;
                continue;
            }
            let Some(s) = a.to_str() else { return Ok(Some(Arg::File(a))) };
            if let Some(long) = s.strip_prefix("--") {
                return Ok(Some(match long.split_once('=') {
                    Some((name, value)) => Arg::Flag(&s[..2 + name.len()], Some(value)),
                    None => Arg::Flag(s, None),
                }));
            }
            if s.starts_with('-') {
                return Ok(Some(Arg::Flag(s, None)));
            }
            return Ok(Some(Arg::File(a)));
        }
    }

    /// The value of `flag`: inline, or the next argument.
    fn value(&mut self, flag: &str, inline: Option<&'a str>) -> Result<&'a str, UsageError> {
        if let Some(v) = inline {
            return Ok(v);
        }
        let v = self
            .args
            .get(self.at)
            .ok_or_else(|| usage(self.topic, format!("`{flag}` needs a value")))?;
        self.at += 1;
        v.to_str().ok_or_else(|| usage(self.topic, format!("the value of `{flag}` is not UTF-8")))
    }
}

fn no_value(topic: Topic, flag: &str, inline: Option<&str>) -> Result<(), UsageError> {
    match inline {
        Some(_) => Err(usage(topic, format!("`{flag}` takes no value"))),
        None => Ok(()),
    }
}

fn input(a: &OsStr) -> Input {
    if a == "-" {
        Input::Stdin
    } else {
        Input::Path(PathBuf::from(a))
    }
}

fn parse_validate(args: &[OsString]) -> Result<Command, UsageError> {
    let topic = Topic::Validate;
    let mut out = ValidateArgs {
        format: Format::Human,
        deny_warnings: false,
        color: ColorChoice::Auto,
        files: Vec::new(),
    };
    let mut w = Walker::new(args, topic);
    while let Some(arg) = w.next()? {
        match arg {
            Arg::File(f) => out.files.push(input(f)),
            Arg::Flag("-h" | "--help", _) => return Ok(Command::Help(topic)),
            Arg::Flag(flag @ ("-f" | "--format"), inline) => {
                out.format = match w.value(flag, inline)? {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    other => {
                        return Err(usage(
                            topic,
                            format!("unknown format `{other}` (expected human, json or sarif)"),
                        ))
                    }
                }
            }
            Arg::Flag(flag @ "--deny-warnings", inline) => {
                no_value(topic, flag, inline)?;
                out.deny_warnings = true;
            }
            Arg::Flag(flag @ "--color", inline) => {
                out.color = match w.value(flag, inline)? {
                    "auto" => ColorChoice::Auto,
                    "always" => ColorChoice::Always,
                    "never" => ColorChoice::Never,
                    other => {
                        return Err(usage(
                            topic,
                            format!(
                                "unknown color choice `{other}` (expected auto, always or never)"
                            ),
                        ))
                    }
                }
            }
            Arg::Flag(flag, _) => return Err(usage(topic, format!("unknown option `{flag}`"))),
        }
    }
    if out.files.is_empty() {
        return Err(usage(topic, "no input files (use `-` for standard input)"));
    }
    Ok(Command::Validate(out))
}

fn parse_fmt(args: &[OsString]) -> Result<Command, UsageError> {
    let topic = Topic::Fmt;
    let mut out = FmtArgs { api: ApiVersion::V1, files: Vec::new() };
    let mut w = Walker::new(args, topic);
    while let Some(arg) = w.next()? {
        match arg {
            Arg::File(f) => out.files.push(input(f)),
            Arg::Flag("-h" | "--help", _) => return Ok(Command::Help(topic)),
            Arg::Flag(flag @ "--api-version", inline) => {
                out.api = match w.value(flag, inline)? {
                    "v1" | "networking.istio.io/v1" => ApiVersion::V1,
                    "v1beta1" | "networking.istio.io/v1beta1" => ApiVersion::V1Beta1,
                    other => {
                        return Err(usage(
                            topic,
                            format!("unknown API version `{other}` (expected v1 or v1beta1)"),
                        ))
                    }
                }
            }
            Arg::Flag(flag, _) => return Err(usage(topic, format!("unknown option `{flag}`"))),
        }
    }
    if out.files.is_empty() {
        return Err(usage(topic, "no input files (use `-` for standard input)"));
    }
    Ok(Command::Fmt(out))
}

const MAIN_HELP: &str = "\
traffic: validate and format Istio traffic-shifting configs (VirtualService,
DestinationRule) with the same model as the Traffic Designer app.

Usage: traffic <COMMAND> [OPTIONS] FILE...

Commands:
  validate  Report what Istio would reject (errors) or warn about
  fmt       Print the canonical YAML export of the files
  simulate  Show where one request goes: the rule, destinations, faults
  plan      Write rollout phase manifests, or an Argo Rollouts / Flagger plan
  help      Print this help, or the help of a command (`traffic help validate`)

Options:
  -h, --help     Print help
  -V, --version  Print version

A FILE of `-` is read from standard input.

Exit status:
  0  success: no finding at or above the threshold; every file parsed (fmt)
  1  findings at or above the threshold (validate); a file is not YAML (fmt)
  2  usage error, or a file could not be read
";

const VALIDATE_HELP: &str = "\
Check VirtualServices and DestinationRules as Istio would.

Usage: traffic validate [OPTIONS] FILE...

Options:
  -f, --format <FORMAT>  human (default, rustc-style with source snippets),
                         json or sarif (SARIF 2.1.0 for code scanning)
      --deny-warnings    Exit 1 on warnings too, not only on errors
      --color <WHEN>     Colour human output: auto (default), always, never
  -h, --help             Print help

Each FILE is checked as one design, the way the app loads it. To check
resources split over several files together (a VirtualService here, its
DestinationRule there), concatenate them: `cat vs.yaml dr.yaml | traffic
validate -`. A FILE of `-` is read from standard input. A file that is not
valid YAML is reported as an error (TDZ0001) and counts as a finding.

Exit status:
  0  no errors (and, with --deny-warnings, no warnings)
  1  errors (or warnings with --deny-warnings)
  2  usage error, or a file could not be read
";

const FMT_HELP: &str = "\
Print the canonical YAML export of the files on stdout: the same text the
Traffic Designer app exports (kubectl block style, other kinds first, then
DestinationRules, then VirtualServices). Validation findings do not matter.

Usage: traffic fmt [OPTIONS] FILE...

Options:
      --api-version <VERSION>  v1 (default) or v1beta1, for VirtualService and
                               DestinationRule
  -h, --help                   Print help

Several files are joined with `---`. A FILE of `-` is read from standard input.

Exit status:
  0  every file parsed
  1  a file is not valid YAML (reported as FILE:LINE:COLUMN: message on stderr)
  2  usage error, or a file could not be read
";

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, UsageError> {
        parse(&args.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn validate_options_in_both_spellings() {
        let c = p(&["validate", "--format=json", "--deny-warnings", "a.yaml", "-"]).unwrap();
        let Command::Validate(v) = c else { panic!("{c:?}") };
        assert_eq!(v.format, Format::Json);
        assert!(v.deny_warnings);
        assert_eq!(v.files, vec![Input::Path("a.yaml".into()), Input::Stdin]);
        let Command::Validate(v) = p(&["validate", "-f", "sarif", "x"]).unwrap() else { panic!() };
        assert_eq!(v.format, Format::Sarif);
    }

    #[test]
    fn double_dash_ends_options() {
        let Command::Validate(v) = p(&["validate", "--", "--format"]).unwrap() else { panic!() };
        assert_eq!(v.files, vec![Input::Path("--format".into())]);
    }

    #[test]
    fn usage_errors() {
        assert!(p(&[]).is_err());
        assert!(p(&["frobnicate"]).is_err());
        assert!(p(&["validate"]).is_err());
        assert!(p(&["validate", "--format", "xml", "a"]).is_err());
        assert!(p(&["validate", "--format"]).is_err());
        assert!(p(&["validate", "--deny-warnings=yes", "a"]).is_err());
        assert!(p(&["fmt", "--api-version", "v2", "a"]).is_err());
        assert!(p(&["fmt", "--nope", "a"]).is_err());
    }

    #[test]
    fn help_and_version() {
        assert_eq!(p(&["--help"]).unwrap(), Command::Help(Topic::Main));
        assert_eq!(p(&["help"]).unwrap(), Command::Help(Topic::Main));
        assert_eq!(p(&["help", "fmt"]).unwrap(), Command::Help(Topic::Fmt));
        assert_eq!(p(&["validate", "-h"]).unwrap(), Command::Help(Topic::Validate));
        assert_eq!(p(&["--version"]).unwrap(), Command::Version);
    }

    #[test]
    fn fmt_api_version() {
        let Command::Fmt(f) = p(&["fmt", "--api-version", "v1beta1", "a"]).unwrap() else {
            panic!()
        };
        assert_eq!(f.api, ApiVersion::V1Beta1);
    }
}
