/*!
`traffic simulate`: where one request goes in the design of one file.

The request is built from the options, the model's
[`traffic_model::simulate::simulate`] decides (the same code as the app's
simulator panel), and the outcome is printed for people or as JSON.

When the file holds several VirtualServices, the one whose `hosts` match
`--host` is used; without `--host` the file must hold exactly one.

Exit status: 0 a rule matched; 1 no rule matched (Envoy answers 404) or no
VirtualService serves the host; 2 the tool could not do its job (usage
error, unreadable file, text that is not YAML, no VirtualService, or
several VirtualServices and no `--host`).
*/

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use traffic_model::simulate::{pct, simulate, Action, Outcome, Request, Verdict};
use traffic_model::Bundle;

use crate::args::{Command, Input, Topic, UsageError};
use crate::{finish, input, warn, Status};

/// How `simulate` prints the outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SimFormat {
    /// Plain text for people.
    #[default]
    Human,
    /// One JSON object (see [`traffic_model::simulate::Outcome::to_json`]).
    Json,
}

/// Options of `traffic simulate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulateArgs {
    /// The design to simulate.
    pub file: Input,
    /// The request, as given by the options.
    pub request: Request,
    /// Output format.
    pub format: SimFormat,
}

/// The one-line usage.
pub const USAGE: &str = "Usage: traffic simulate FILE [--host H] [--method M] [--path P] \
[--scheme S] [--port N] [--header K=V]... [--query K=V]... [--source-label K=V]... \
[--source-namespace NS] [--gateway G] [--format human|json]";

/// The help of `traffic simulate`.
pub const HELP: &str = "\
Show where one request goes, exactly as Envoy would route it: the
VirtualService, the HTTP rule that matches (first match wins) and why each
earlier rule does not, the destinations with their share, mirrors, injected
faults, and the timeout and retries in effect.

Usage: traffic simulate FILE [OPTIONS]

Options:
      --host <HOST>              Authority (Host header), e.g. reviews or
                                 reviews.default.svc.cluster.local:9080;
                                 default: the host of the only VirtualService
      --method <METHOD>          Default: GET
      --path <PATH>              Path, may carry ?query; default: /
      --scheme <SCHEME>          http (default) or https
      --port <PORT>              Port the request arrives on; default: the
                                 host's port, else 80 (http) / 443 (https)
      --header <K=V>             A request header (repeatable); `K: V` works
                                 too. Cookies: --header 'cookie=a=1; user=beta'
      --query <K=V>              A query parameter (repeatable)
      --source-label <K=V>       A label of the calling workload (repeatable)
      --source-namespace <NS>    Namespace of the caller; default: the
                                 VirtualService's
      --gateway <GATEWAY>        mesh (default) or a Gateway, ns/name or name
  -f, --format <FORMAT>          human (default) or json
  -h, --help                     Print help

When FILE holds several VirtualServices, the one whose hosts match --host is
used. A FILE of `-` is read from standard input.

JSON output, one object:
  {\"virtualService\":\"reviews\",\"rule\":0,\"ruleName\":null,
   \"destinations\":[{\"host\":\"reviews\",\"subset\":\"v2\",\"port\":null,\"percent\":100.0}],
   \"mirrors\":[{\"host\":\"reviews\",\"subset\":\"v2\",\"percent\":100.0}],
   \"fault\":{\"delay\":{\"percent\":10.0,\"fixedDelay\":\"5s\"},\"abort\":null},
   \"timeout\":\"10s\",\"retries\":{\"attempts\":3,\"perTryTimeout\":\"3s\",\"retryOn\":\"5xx,reset\"},
   \"trace\":[\"…\"]}
\"rule\" is null and \"destinations\" empty when no rule matches. \"retries\" is
Istio's default policy when the rule sets none, null when it disables them.

Exit status:
  0  a rule matched
  1  no rule matched (Envoy answers 404), or no VirtualService serves the host
  2  usage error, unreadable file, not YAML, no VirtualService in FILE, or
     several VirtualServices and no --host
";

fn usage(message: impl Into<String>) -> UsageError {
    UsageError { message: message.into(), topic: Topic::Simulate }
}

/// Splits `K=V` (or `K: V` when a colon comes first).
fn pair(flag: &str, v: &str) -> Result<(String, String), UsageError> {
    let at = match (v.find('='), v.find(':')) {
        (Some(e), Some(c)) => e.min(c),
        (Some(e), None) => e,
        (None, Some(c)) => c,
        (None, None) => return Err(usage(format!("`{flag}` needs KEY=VALUE, got `{v}`"))),
    };
    let (k, rest) = v.split_at(at);
    let k = k.trim();
    if k.is_empty() {
        return Err(usage(format!("`{flag}` needs a name before `=`, got `{v}`")));
    }
    Ok((k.to_string(), rest[1..].trim_start().to_string()))
}

/// Parses the arguments after `simulate`.
pub fn parse(args: &[OsString]) -> Result<Command, UsageError> {
    let mut file: Option<Input> = None;
    let mut request = Request::default();
    let mut format = SimFormat::Human;
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    let mut operands_only = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let s = a.to_str();
        let is_flag = !operands_only && s.is_some_and(|s| s.starts_with('-') && s != "-");
        if !is_flag {
            if file.is_some() {
                return Err(usage("simulate takes one FILE"));
            }
            file = Some(if a == "-" { Input::Stdin } else { Input::Path(PathBuf::from(a)) });
            continue;
        }
        let s = s.unwrap_or_default();
        if s == "--" {
            operands_only = true;
            continue;
        }
        let (flag, inline) = match s.strip_prefix("--").and_then(|l| l.split_once('=')) {
            Some((name, value)) => (&s[..2 + name.len()], Some(value.to_string())),
            None => (s, None),
        };
        if matches!(flag, "-h" | "--help") {
            return Ok(Command::Help(Topic::Simulate));
        }
        let mut value = || -> Result<String, UsageError> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            let v = args.get(i).ok_or_else(|| usage(format!("`{flag}` needs a value")))?;
            i += 1;
            v.to_str()
                .map(str::to_string)
                .ok_or_else(|| usage(format!("the value of `{flag}` is not UTF-8")))
        };
        match flag {
            "--host" => request.host = value()?,
            "--method" => request.method = value()?,
            "--path" => request.path = value()?,
            "--scheme" => request.scheme = value()?,
            "--port" => {
                let v = value()?;
                let port = v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|p| (1..=65535).contains(p))
                    .ok_or_else(|| usage(format!("`--port` needs a port number, got `{v}`")))?;
                request.port = Some(port);
            }
            "--header" => {
                let (k, v) = pair(flag, &value()?)?;
                request.headers.push((k.to_ascii_lowercase(), v));
            }
            "--query" => {
                let v = value()?;
                let (k, v) = v.split_once('=').unwrap_or((&v, ""));
                request.query.push((k.to_string(), v.to_string()));
            }
            "--source-label" => {
                let (k, v) = pair(flag, &value()?)?;
                labels.insert(k, v);
            }
            "--source-namespace" => request.source_namespace = Some(value()?),
            "--gateway" => request.gateway = value()?,
            "-f" | "--format" => {
                format = match value()?.as_str() {
                    "human" => SimFormat::Human,
                    "json" => SimFormat::Json,
                    other => {
                        return Err(usage(format!(
                            "unknown format `{other}` (expected human or json)"
                        )))
                    }
                }
            }
            other => return Err(usage(format!("unknown option `{other}`"))),
        }
    }
    request.source_labels = labels;
    let file = file.ok_or_else(|| usage("no input file (use `-` for standard input)"))?;
    Ok(Command::Simulate(SimulateArgs { file, request, format }))
}

/// Runs `traffic simulate`.
pub fn run(args: &SimulateArgs, out: &mut dyn Write) -> Status {
    let name = args.file.display_name();
    let source = match input::read(&args.file) {
        Ok(s) => s,
        Err(e) => {
            warn(&format!("traffic: {name}: {e}"));
            return Status::Trouble;
        }
    };
    if let Some(at) = source.invalid_utf8 {
        warn(&format!("{name}:{}:{}: the file is not UTF-8 text", at.line, at.column));
        return Status::Trouble;
    }
    let bundle = match Bundle::from_yaml(&source.text) {
        Ok(l) => l.bundle,
        Err(e) => {
            let at = e.location.map(|l| format!("{}:{}:", l.line, l.column)).unwrap_or_default();
            warn(&format!("{name}:{at} {}", e.message));
            return Status::Trouble;
        }
    };
    let names: Vec<String> =
        bundle.virtual_services().map(|(_, v)| v.metadata.name.clone()).collect();
    if names.is_empty() {
        warn(&format!("traffic: {name}: no VirtualService to simulate"));
        return Status::Trouble;
    }
    if names.len() > 1 && args.request.host.trim().is_empty() {
        warn(&format!(
            "traffic: {name} holds {} VirtualServices ({}): choose one with --host",
            names.len(),
            names.join(", ")
        ));
        return Status::Trouble;
    }
    let outcome = simulate(&bundle, &args.request);
    let written = match args.format {
        SimFormat::Json => serde_json::to_writer(&mut *out, &outcome.to_json())
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
        SimFormat::Human => out.write_all(human(&outcome).as_bytes()),
    }
    .and_then(|()| out.flush());
    let status = if outcome.matched() { Status::Success } else { Status::Findings };
    finish(status, written)
}

/// `reviews subset v2 port 9080`.
fn dest(host: &str, subset: Option<&str>, port: Option<u32>) -> String {
    let mut s = host.to_string();
    if let Some(sub) = subset {
        s.push_str(" subset ");
        s.push_str(sub);
    }
    if let Some(p) = port {
        s.push_str(&format!(" port {p}"));
    }
    s
}

/// The outcome for people: the verdict, what happens, then the trace.
fn human(o: &Outcome) -> String {
    let mut s = String::new();
    let vs = o.virtual_service.as_ref().map(|v| format!("{}/{}", v.namespace, v.name));
    match (&vs, o.rule) {
        (None, _) => s.push_str("no VirtualService applies to this request\n"),
        (Some(vs), None) => s.push_str(&format!("{vs}: no rule matches: 404 Not Found\n")),
        (Some(vs), Some(r)) => {
            let name = o.rule_name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
            let block = o.matched_block.map(|b| format!(" (match #{b})")).unwrap_or_default();
            s.push_str(&format!("{vs}: rule #{r}{name} matches{block}\n"));
        }
    }
    for r in o.skipped() {
        let tag = if r.verdict == Verdict::Undecided { "undecided" } else { "skipped" };
        s.push_str(&format!("  {tag} rule #{}: {}\n", r.index, r.reason()));
    }
    match &o.action {
        Action::Redirect { status, location } => {
            s.push_str(&format!("  redirect     {status} → {location}\n"))
        }
        Action::DirectResponse { status } => s.push_str(&format!("  respond      {status}\n")),
        Action::Delegate { target } => s.push_str(&format!("  delegate     {target}\n")),
        _ => {}
    }
    for d in &o.destinations {
        s.push_str(&format!(
            "  destination  {:<40} {:>7}\n",
            dest(&d.host, d.subset.as_deref(), d.port),
            pct(d.percent)
        ));
    }
    for m in &o.mirrors {
        s.push_str(&format!(
            "  mirror       {:<40} {:>7}\n",
            dest(&m.host, m.subset.as_deref(), m.port),
            pct(m.percent)
        ));
    }
    if let Some(f) = &o.fault {
        if let Some(d) = &f.delay {
            s.push_str(&format!("  fault        delay {} on {}\n", d.fixed_delay, pct(d.percent)));
        }
        if let Some(a) = &f.abort {
            let what = a
                .http_status
                .map(|h| format!("HTTP {h}"))
                .or_else(|| a.grpc_status.as_ref().map(|g| format!("gRPC {g}")))
                .unwrap_or_default();
            s.push_str(&format!("  fault        abort {what} on {}\n", pct(a.percent)));
        }
    }
    if o.matched() && o.action == Action::Route {
        s.push_str(&format!("  timeout      {}\n", o.timeout.as_deref().unwrap_or("none")));
        s.push_str(&match &o.retries {
            None => "  retries      none\n".to_string(),
            Some(r) => format!(
                "  retries      {} attempt(s){} on {}{}\n",
                r.attempts,
                r.per_try_timeout.as_deref().map(|t| format!(", {t} per try")).unwrap_or_default(),
                r.retry_on,
                if r.mesh_default { " (Istio's default)" } else { "" }
            ),
        });
    }
    for h in &o.hints {
        s.push_str(&format!("  hint: {}\n", h.message));
        if let Some(sug) = &h.suggestion {
            s.push_str(&format!("        use regex: {sug}\n"));
        }
    }
    if !o.certain {
        s.push_str("  note: a condition could not be evaluated; Envoy may decide otherwise\n");
    }
    s.push_str("trace:\n");
    for t in &o.trace {
        s.push_str(&format!("  - {t}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, UsageError> {
        parse(&args.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn options_in_both_spellings_and_repeatable() {
        let Command::Simulate(a) = p(&[
            "f.yaml",
            "--host=reviews",
            "--header",
            "cookie=theme=dark; user=beta",
            "--header",
            "X-User-Type: beta",
            "--source-label",
            "app=productpage",
            "--source-label=version=v2",
            "--query",
            "q=1",
            "--port",
            "9080",
            "-f",
            "json",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(a.file, Input::Path("f.yaml".into()));
        assert_eq!(a.format, SimFormat::Json);
        assert_eq!(a.request.host, "reviews");
        assert_eq!(a.request.port, Some(9080));
        assert_eq!(
            a.request.headers,
            vec![
                ("cookie".to_string(), "theme=dark; user=beta".to_string()),
                ("x-user-type".into(), "beta".into())
            ]
        );
        assert_eq!(a.request.source_labels.len(), 2);
        assert_eq!(a.request.query, vec![("q".to_string(), "1".to_string())]);
    }

    #[test]
    fn usage_errors() {
        assert!(p(&[]).is_err());
        assert!(p(&["a", "b"]).is_err());
        assert!(p(&["a", "--port", "http"]).is_err());
        assert!(p(&["a", "--header", "novalue"]).is_err());
        assert!(p(&["a", "--format", "xml"]).is_err());
        assert!(p(&["a", "--nope"]).is_err());
        assert!(p(&["a", "--host"]).is_err());
        assert_eq!(p(&["--help"]).unwrap(), Command::Help(Topic::Simulate));
        let Command::Simulate(a) = p(&["--", "--host"]).unwrap() else { panic!() };
        assert_eq!(a.file, Input::Path("--host".into()));
        let Command::Simulate(a) = p(&["-"]).unwrap() else { panic!() };
        assert_eq!(a.file, Input::Stdin);
    }
}
