/*!
`traffic plan`: turn a design into the phases a team applies.

`traffic plan FILE --phases 90/10:1h,75/25:2h,50/50:4h,0/100 [--stable v1]
--out DIR` writes one apply-ready manifest per phase
(`01-canary-90-10.yaml`, …) and `rollback.yaml`; `--format
argo|flagger|phases` prints an Argo Rollouts `Rollout`, a Flagger `Canary`
or every phase in one commented file instead. All of it comes from
[`traffic_model::rollout`]; this module reads the file, writes the files
and prints.

The weights of each phase name the destinations of the design's weighted
HTTP rule in order (the first rule with two or more destinations, else the
last rule). Nothing is written when the plan or any phase manifest has an
error: every manifest must pass `traffic validate`.
*/

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use traffic_model::rollout::{self, RolloutPlan};
use traffic_model::{validate, ApiVersion, Bundle, Diagnostic, Severity};

use crate::args::{Command, Input, Topic, UsageError};
use crate::{finish, input, warn, Status};

/// What `traffic plan` prints instead of writing files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanFormat {
    /// An Argo Rollouts `Rollout` (canary steps, Istio traffic routing).
    Argo,
    /// A Flagger `Canary` (provider Istio).
    Flagger,
    /// Every phase manifest in one multi-document file, with comments.
    Phases,
}

/// Options of `traffic plan`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanArgs {
    /// The design.
    pub file: Input,
    /// The `--phases` text, as typed.
    pub phases: String,
    /// The stable subset, when not the one with the highest weight now.
    pub stable: Option<String>,
    /// Directory to write the phase files to.
    pub out: Option<PathBuf>,
    /// Print this instead of writing files.
    pub format: Option<PlanFormat>,
    /// `apiVersion` of VirtualService and DestinationRule in the manifests.
    pub api: ApiVersion,
}

/// The one-line usage.
pub const USAGE: &str = "Usage: traffic plan FILE --phases W/W[:DUR],... [--stable SUBSET] (--out DIR | --format argo|flagger|phases)";

/// The help of `traffic plan`.
pub const HELP: &str = "\
Turn a design into a rollout: one apply-ready manifest per phase, with the
rollback ready at every step, or the same plan for Argo Rollouts or Flagger.

Usage: traffic plan FILE --phases W/W[:DUR],... [--stable SUBSET] --out DIR
       traffic plan FILE --phases W/W[:DUR],... [--stable SUBSET] --format FORMAT

Options:
  -p, --phases <PHASES>        The phases, comma-separated: weights separated by
                               `/` naming the weighted rule's destinations in
                               order, then optionally `:` and how long to hold
                               (a Go duration: 30m, 1h, 1h30m), and optionally
                               a name first (`canary=90/10:1h`). Example:
                               90/10:1h,75/25:2h,50/50:4h,0/100
      --stable <SUBSET>        The stable subset (default: the destination
                               with the highest weight in the design)
  -o, --out <DIR>              Write one file per phase (01-canary-90-10.yaml,
                               ...) and rollback.yaml into DIR (created if
                               needed; files of the same name are replaced)
  -f, --format <FORMAT>        Print instead: argo (an Argo Rollouts Rollout),
                               flagger (a Flagger Canary) or phases (every
                               phase in one file, with comments between them)
      --api-version <VERSION>  v1 (default) or v1beta1, for the manifests
  -h, --help                   Print help

The weighted rule is, in the first VirtualService, the first HTTP rule with
two or more destinations, else the last rule. Each phase file is the whole
design with only that rule's weights changed; each passes `traffic validate`.
Argo Rollouts and Flagger cannot say everything a plan says (Flagger has one
interval for all steps; both shift between two versions): what they cannot
say is reported as warnings on stderr. A FILE of `-` is read from stdin.

Exit status:
  0  the files were written (or the resource printed)
  1  the file is not YAML, has no rule to shift, or the plan or a phase
     manifest has errors (reported on stderr; nothing is written)
  2  usage error (including a --phases text that does not parse), or a file
     could not be read or written
";

fn usage(message: impl Into<String>) -> UsageError {
    UsageError { message: message.into(), topic: Topic::Plan }
}

/// Parses the arguments after `plan`.
pub fn parse(args: &[OsString]) -> Result<Command, UsageError> {
    let mut file: Option<Input> = None;
    let mut phases: Option<String> = None;
    let mut stable = None;
    let mut out = None;
    let mut format = None;
    let mut api = ApiVersion::V1;
    let mut operands_only = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let text = a.to_str();
        let flag = match text {
            Some(s) if !operands_only && s == "--" => {
                operands_only = true;
                continue;
            }
            Some(s) if !operands_only && s.starts_with('-') && s != "-" => s,
            _ => {
                if file.is_some() {
                    return Err(usage("give one FILE"));
                }
                file = Some(if a == "-" { Input::Stdin } else { Input::Path(PathBuf::from(a)) });
                continue;
            }
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) if flag.starts_with("--") => (n, Some(v.to_string())),
            _ => (flag, None),
        };
        if matches!(name, "-h" | "--help") {
            return Ok(Command::Help(Topic::Plan));
        }
        let mut value = || -> Result<String, UsageError> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .ok_or_else(|| usage(format!("`{name}` needs a value")))?
                    .to_str()
                    .map(str::to_string)
                    .ok_or_else(|| usage(format!("the value of `{name}` is not UTF-8"))),
            }
        };
        match name {
            "-p" | "--phases" => phases = Some(value()?),
            "--stable" => stable = Some(value()?),
            "-o" | "--out" => out = Some(PathBuf::from(value()?)),
            "-f" | "--format" => {
                format = Some(match value()?.as_str() {
                    "argo" => PlanFormat::Argo,
                    "flagger" => PlanFormat::Flagger,
                    "phases" => PlanFormat::Phases,
                    other => {
                        return Err(usage(format!(
                            "unknown format `{other}` (expected argo, flagger or phases)"
                        )))
                    }
                })
            }
            "--api-version" => {
                api = match value()?.as_str() {
                    "v1" | "networking.istio.io/v1" => ApiVersion::V1,
                    "v1beta1" | "networking.istio.io/v1beta1" => ApiVersion::V1Beta1,
                    other => {
                        return Err(usage(format!(
                            "unknown API version `{other}` (expected v1 or v1beta1)"
                        )))
                    }
                }
            }
            other => return Err(usage(format!("unknown option `{other}`"))),
        }
    }
    let file = file.ok_or_else(|| usage("no input file (use `-` for standard input)"))?;
    let phases =
        phases.ok_or_else(|| usage("`--phases` is required (e.g. 90/10:1h,50/50:4h,0/100)"))?;
    if let Err(e) = rollout::parse_phases(&phases) {
        return Err(usage(format!("--phases: {e}")));
    }
    match (&out, &format) {
        (None, None) => {
            return Err(usage("give `--out DIR` to write files, or `--format argo|flagger|phases`"))
        }
        (Some(_), Some(_)) => return Err(usage("give either `--out` or `--format`, not both")),
        _ => {}
    }
    Ok(Command::Plan(PlanArgs { file, phases, stable, out, format, api }))
}

/// `error[TDZ4008] phases[1].duration: message` (and the help, indented).
fn report(prefix: &str, d: &Diagnostic) {
    let path = if d.path.is_empty() { String::new() } else { format!(" {}", d.path) };
    let mut line = format!("{prefix}{}[{}]{path}: {}", d.severity, d.code.id, d.message);
    if let Some(h) = &d.help {
        line.push_str(&format!("\n  help: {h}"));
    }
    warn(&line);
}

/// Runs `traffic plan`.
pub fn run(args: &PlanArgs, out: &mut dyn Write) -> Status {
    let source = match input::read(&args.file) {
        Ok(s) => s,
        Err(e) => {
            warn(&format!("traffic: {}: {e}", args.file.display_name()));
            return Status::Trouble;
        }
    };
    if let Some(at) = source.invalid_utf8 {
        warn(&format!("{}:{at}: the file is not UTF-8 text", source.name));
        return Status::Findings;
    }
    let bundle = match Bundle::from_yaml(&source.text) {
        Ok(l) => l.bundle,
        Err(e) => {
            match e.location {
                Some(at) => warn(&format!("{}:{at}: {}", source.name, e.message)),
                None => warn(&format!("{}: {}", source.name, e.message)),
            }
            return Status::Findings;
        }
    };
    let plan =
        match RolloutPlan::from_bundle_and_text(&bundle, &args.phases, args.stable.as_deref()) {
            Ok(p) => p,
            Err(e) => {
                warn(&format!("traffic: --phases: {e}"));
                return Status::Trouble;
            }
        };
    let mut failed = false;
    for d in rollout::validate_plan_for(&bundle, &plan) {
        if d.severity == Severity::Info {
            continue;
        }
        failed |= d.severity == Severity::Error;
        report(&format!("{}: plan: ", source.name), &d);
    }
    if failed {
        return Status::Findings;
    }
    // Every phase manifest must be valid on its own.
    for i in 0..plan.phases.len() + 1 {
        let (what, b) = match plan.phases.get(i) {
            Some(p) => (rollout::file_name(i, p), rollout::phase_bundle(&bundle, &plan, i)),
            None => (rollout::ROLLBACK_FILE.to_string(), rollout::rollback_bundle(&bundle, &plan)),
        };
        for d in validate(&b).errors() {
            failed = true;
            report(&format!("{}: {what}: ", source.name), d);
        }
    }
    if failed {
        warn(
            "traffic: nothing written: fix the errors above (`traffic validate` the design first)",
        );
        return Status::Findings;
    }
    if let Some(format) = args.format {
        let (text, warnings) = match format {
            PlanFormat::Argo => rollout::to_argo(&plan, &bundle),
            PlanFormat::Flagger => rollout::to_flagger(&plan, &bundle),
            PlanFormat::Phases => (rollout::all_phases_yaml(&bundle, &plan, args.api), Vec::new()),
        };
        for d in &warnings {
            report(&format!("{}: ", source.name), d);
        }
        return finish(Status::Success, out.write_all(text.as_bytes()).and_then(|()| out.flush()));
    }
    let Some(dir) = &args.out else { return Status::Trouble };
    if let Err(e) = std::fs::create_dir_all(dir) {
        warn(&format!("traffic: {}: {e}", dir.display()));
        return Status::Trouble;
    }
    let mut listing = String::new();
    for (name, text) in rollout::phase_files(&bundle, &plan, args.api) {
        let path = dir.join(&name);
        if let Err(e) = std::fs::write(&path, text) {
            warn(&format!("traffic: {}: {e}", path.display()));
            return Status::Trouble;
        }
        let title = plan
            .phases
            .iter()
            .enumerate()
            .find(|(i, p)| rollout::file_name(*i, p) == name)
            .map(|(i, p)| rollout::phase_title(i, p))
            .unwrap_or_else(|| format!("Rollback: {}", rollout::rollback_summary(&plan)));
        listing.push_str(&format!("{}  {title}\n", path.display()));
    }
    finish(Status::Success, out.write_all(listing.as_bytes()).and_then(|()| out.flush()))
}
