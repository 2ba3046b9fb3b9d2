/*!
Human output, shaped like rustc's:

```text
error[TDZ1003]: route weights sum to 0
  --> reviews.yaml:14:9 (VirtualService default/reviews, spec.http[0].route)
   |
14 |       weight: 0
   |       ^^^^^^
   |
   = help: give at least one destination a positive weight
```

then a closing summary line (`2 errors, 1 warning, 0 infos in 1 file`), as
kubeconform ends its text output. Colours are ANSI escapes, on only when
asked for (see [`crate::args::ColorChoice`]).
*/

use std::io::{self, Write};

use traffic_model::{Diagnostic, Severity};

use crate::check::{FileReport, Summary};

/// Lines longer than this many characters are shown as a window around the
/// column.
const MAX_SNIPPET: usize = 120;

/// Writes every finding of every report, then the summary line.
pub fn write(
    out: &mut dyn Write,
    reports: &[FileReport],
    summary: &Summary,
    color: bool,
) -> io::Result<()> {
    let paint = Paint { on: color };
    for r in reports {
        let lines: Vec<&str> = r.source.lines().collect();
        for d in &r.diagnostics {
            diagnostic(out, r, d, &lines, paint)?;
        }
    }
    writeln!(out, "{}", summary_line(summary))
}

/// `2 errors, 1 warning, 0 infos in 1 file`.
pub fn summary_line(s: &Summary) -> String {
    format!(
        "{}, {}, {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.files, "file")
    )
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn style(self, sgr: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(self, s: Severity, text: &str) -> String {
        let sgr = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.style(sgr, text)
    }

    fn gutter(self, text: &str) -> String {
        self.style("1;34", text)
    }

    fn bold(self, text: &str) -> String {
        self.style("1", text)
    }
}

fn diagnostic(
    out: &mut dyn Write,
    r: &FileReport,
    d: &Diagnostic,
    lines: &[&str],
    p: Paint,
) -> io::Result<()> {
    let header = format!("{}[{}]", d.severity.as_str(), d.code.id);
    writeln!(out, "{}{} {}", p.severity(d.severity, &header), p.bold(":"), p.bold(&d.message))?;

    let width = d.location.map_or(1, |l| l.line.to_string().len());
    let pad = " ".repeat(width);
    let place = match d.location {
        Some(l) => format!("{}:{}:{}", r.file, l.line, l.column),
        None => r.file.clone(),
    };
    let context = context(r, d);
    if context.is_empty() {
        writeln!(out, "{pad}{} {place}", p.gutter("-->"))?;
    } else {
        writeln!(out, "{pad}{} {place} ({context})", p.gutter("-->"))?;
    }

    let source_line = d
        .location
        .and_then(|l| usize::try_from(l.line).ok()?.checked_sub(1))
        .and_then(|i| lines.get(i));
    let mut snippet_shown = false;
    if let (Some(l), Some(text)) = (d.location, source_line) {
        let (shown, offset, len) = snippet(text, l.column as usize);
        writeln!(out, "{pad} {}", p.gutter("|"))?;
        writeln!(out, "{} {} {shown}", p.gutter(&l.line.to_string()), p.gutter("|"))?;
        writeln!(
            out,
            "{pad} {} {}{}",
            p.gutter("|"),
            " ".repeat(offset),
            p.severity(d.severity, &"^".repeat(len))
        )?;
        snippet_shown = true;
    }
    if let Some(help) = &d.help {
        if snippet_shown {
            writeln!(out, "{pad} {}", p.gutter("|"))?;
        }
        writeln!(out, "{pad} {} {}: {help}", p.gutter("="), p.bold("help"))?;
    }
    writeln!(out)
}

/// `VirtualService default/reviews, spec.http[0].route`: what the finding
/// is about, as far as known.
fn context(r: &FileReport, d: &Diagnostic) -> String {
    let mut parts = Vec::new();
    let name = match r.namespace_of(d) {
        Some(ns) if !d.name.is_empty() => format!("{ns}/{}", d.name),
        _ => d.name.clone(),
    };
    let resource = format!("{} {name}", d.kind);
    let resource = resource.trim();
    if !resource.is_empty() {
        parts.push(resource.to_string());
    }
    if !d.path.is_empty() {
        parts.push(d.path.clone());
    }
    parts.join(", ")
}

/// The line as shown (tabs expanded, long lines windowed), the caret's
/// display offset, and how many carets: one token from `column` on.
fn snippet(line: &str, column: usize) -> (String, usize, usize) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let len = token_len(&chars[at..]);

    let (start, ellipsis_before) =
        if chars.len() > MAX_SNIPPET && at > 40 { (at - 40, true) } else { (0, false) };
    let end = (start + MAX_SNIPPET).min(chars.len());
    let mut shown = String::new();
    let mut offset = 0;
    if ellipsis_before {
        shown.push_str("...");
        offset += 3;
    }
    for (i, &c) in chars[start..end].iter().enumerate() {
        let cell = if c == '\t' { "    ".to_string() } else { c.to_string() };
        if start + i < at {
            offset += cell.chars().count();
        }
        shown.push_str(&cell);
    }
    if end < chars.len() {
        shown.push_str("...");
    }
    let len = len.min(end.saturating_sub(at)).max(1);
    (shown.trim_end().to_string(), offset, len)
}

/// Length of the token starting at `rest[0]`: a quoted scalar up to its
/// closing quote, else everything up to whitespace, without a trailing `:`.
fn token_len(rest: &[char]) -> usize {
    match rest.first() {
        None => 1,
        Some(&q @ ('"' | '\'')) => {
            rest[1..].iter().position(|&c| c == q).map_or(rest.len(), |i| i + 2)
        }
        Some(_) => {
            let n = rest.iter().position(|c| c.is_whitespace()).unwrap_or(rest.len());
            if n > 1 && rest[n - 1] == ':' {
                n - 1
            } else {
                n
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_the_key() {
        assert_eq!(snippet("      weight: 0", 7), ("      weight: 0".into(), 6, 6));
        assert_eq!(snippet("  - route:", 3), ("  - route:".into(), 2, 1));
        assert_eq!(snippet("  name: \"a b\"", 9), ("  name: \"a b\"".into(), 8, 5));
    }

    #[test]
    fn tabs_and_long_lines() {
        let (shown, offset, _) = snippet("a:\t\"x\"", 4);
        assert_eq!(shown, "a:    \"x\"");
        assert_eq!(offset, 6);
        let long = format!("{}key: v{}", "x".repeat(200), "y".repeat(200));
        let (shown, offset, len) = snippet(&long, 201);
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert_eq!(&shown[offset..offset + len], "key");
    }

    #[test]
    fn summary_counts_are_pluralised() {
        let s = Summary { errors: 2, warnings: 1, infos: 0, files: 1 };
        assert_eq!(summary_line(&s), "2 errors, 1 warning, 0 infos in 1 file");
    }
}
