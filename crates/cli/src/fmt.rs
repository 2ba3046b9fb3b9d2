/*!
`traffic fmt`: the canonical export of each file on stdout.

The output is exactly what the app exports ([`traffic_model::Bundle::to_yaml`]):
kubectl block style, other kinds first, then DestinationRules, then
VirtualServices, `apiVersion` set by `--api-version`. Whether the design
is valid does not matter here; only a file that is not YAML fails
(`FILE:LINE:COLUMN: message` on stderr, exit 1). Several files are joined
with `---`, so the output stays one YAML stream.
*/

use std::io::Write;

use traffic_model::Bundle;

use crate::args::FmtArgs;
use crate::{finish, input, warn, Status};

/// Runs `traffic fmt`, writing YAML to `out` and problems to stderr.
pub fn run(args: &FmtArgs, out: &mut dyn Write) -> Status {
    let mut status = Status::Success;
    let mut exports = Vec::new();
    for file in &args.files {
        let source = match input::read(file) {
            Ok(s) => s,
            Err(e) => {
                warn(&format!("traffic: {}: {e}", file.display_name()));
                status = status.max(Status::Trouble);
                continue;
            }
        };
        if let Some(at) = source.invalid_utf8 {
            warn(&format!("{}:{at}: the file is not UTF-8 text", source.name));
            status = status.max(Status::Findings);
            continue;
        }
        match Bundle::from_yaml(&source.text) {
            Ok(loaded) => exports.push(loaded.bundle.to_yaml(args.api)),
            Err(e) => {
                match e.location {
                    Some(at) => warn(&format!("{}:{at}: {}", source.name, e.message)),
                    None => warn(&format!("{}: {}", source.name, e.message)),
                }
                status = status.max(Status::Findings);
            }
        }
    }
    let text = exports.into_iter().filter(|e| !e.is_empty()).collect::<Vec<_>>().join("---\n");
    finish(status, out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}
