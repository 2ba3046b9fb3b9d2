/*!
Renderers: one data model ([`FileReport`]s and a [`Summary`]) feeding
several outputs side by side, as miette's handlers do.

- [`human`]: rustc-style text with a source snippet and a caret;
- [`json`]: one JSON document, a stable shape for scripts;
- [`sarif`]: SARIF 2.1.0 for code-scanning UIs.

Renderers only write; they never decide the exit status.
*/

pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::args::Format;
use crate::check::{FileReport, Summary};

/// Writes `reports` in `format`; `color` only affects the human format.
pub fn render(
    out: &mut dyn Write,
    format: Format,
    reports: &[FileReport],
    summary: &Summary,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(out, reports, summary, color),
        Format::Json => json::write(out, reports, summary),
        Format::Sarif => sarif::write(out, reports),
    }
}
