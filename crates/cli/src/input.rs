/*!
Reading the file operands: the only file and stdin I/O of the CLI.

A file that cannot be read at all (missing, a directory, no permission) is
an [`std::io::Error`]: the tool could not do its job (exit 2). A file that
is read but is not UTF-8 is still a [`Source`], with
[`Source::invalid_utf8`] set; it is *not YAML*, which the commands report
as a finding (exit 1), like any other syntax error.
*/

use std::io::{self, Read};

use traffic_model::yaml::Location;

use crate::args::Input;

/// The text of one file operand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Name for messages: the path as typed, or `<stdin>`.
    pub name: String,
    /// The text (lossily decoded when it was not UTF-8).
    pub text: String,
    /// Where the first byte that is not UTF-8 stands, if any.
    pub invalid_utf8: Option<Location>,
}

/// Reads one operand completely.
pub fn read(input: &Input) -> io::Result<Source> {
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            buf
        }
        Input::Path(p) => std::fs::read(p)?,
    };
    let name = input.display_name();
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Source { name, text, invalid_utf8: None },
        Err(e) => {
            let bytes = e.into_bytes();
            let good = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            let at = location_after(&prefix);
            Source {
                name,
                text: String::from_utf8_lossy(&bytes).into_owned(),
                invalid_utf8: Some(at),
            }
        }
    })
}

/// The location of the character that follows `prefix`.
fn location_after(prefix: &str) -> Location {
    let line = prefix.matches('\n').count() + 1;
    let last = prefix.rfind('\n').map_or(prefix, |i| &prefix[i + 1..]);
    Location {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(last.chars().count() + 1).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_after_counts_characters() {
        assert_eq!(location_after(""), Location { line: 1, column: 1 });
        assert_eq!(location_after("ab\ncé"), Location { line: 2, column: 3 });
    }
}
