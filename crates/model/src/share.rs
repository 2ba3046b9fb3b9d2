//! Share links: a whole design in a URL fragment, compressed and versioned.
//!
//! Format: `#d=<version>.<payload>` where `payload` is base64url (no
//! padding) of raw DEFLATE of the design's YAML text. Version `1` is the
//! only one so far; a decoder keeps accepting every version it ever wrote,
//! so old links keep opening. Decoding is bounded: the encoded text, the
//! compressed bytes and the inflated text each have a limit, so a crafted
//! or truncated link ends in a [`ShareError`], never a hang.

use std::fmt;

/// The current share-link format version.
pub const VERSION: u32 = 1;
/// Longest fragment accepted, in characters.
pub const MAX_ENCODED: usize = 256 * 1024;
/// Largest design text a link may inflate to, in bytes.
pub const MAX_DECODED: usize = 2 * 1024 * 1024;

/// Why a share link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not a design link (`d=` missing).
    NotALink,
    /// The link names a format version this build does not know.
    UnknownVersion(String),
    /// The link is longer than [`MAX_ENCODED`].
    TooLong(usize),
    /// The payload is not base64url, or it was cut off.
    Corrupt(String),
    /// The design inside is larger than [`MAX_DECODED`].
    TooLarge,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => f.write_str("the link holds no design"),
            ShareError::UnknownVersion(v) => {
                write!(f, "the link uses format version {v}, which this version of Traffic Designer cannot read")
            }
            ShareError::TooLong(n) => {
                write!(f, "the link is {n} characters long; the limit is {MAX_ENCODED}")
            }
            ShareError::Corrupt(why) => write!(f, "the link is damaged or cut off ({why})"),
            ShareError::TooLarge => {
                write!(f, "the design in the link is larger than {MAX_DECODED} bytes")
            }
        }
    }
}

impl std::error::Error for ShareError {}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url (padding and standard `+`/`/` also accepted).
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return Err(ShareError::Corrupt(format!("unexpected character {:?}", c as char))),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// The fragment (without `#`) that carries `design` (a YAML text).
pub fn encode(design: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(design.as_bytes(), 9);
    format!("d={VERSION}.{}", base64url_encode(&packed))
}

/// The design text in a fragment written by [`encode`] (with or without the
/// leading `#`; other `&`-separated parameters such as `embed` are ignored).
pub fn decode(fragment: &str) -> Result<String, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_ENCODED {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let value =
        fragment.split('&').find_map(|p| p.strip_prefix("d=")).ok_or(ShareError::NotALink)?;
    let (version, payload) =
        value.split_once('.').ok_or_else(|| ShareError::Corrupt("no version".into()))?;
    match version {
        "1" => {
            let packed = base64url_decode(payload)?;
            let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED)
                .map_err(|e| match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
                    _ => ShareError::Corrupt("the compressed data ends early or is invalid".into()),
                })?;
            String::from_utf8(bytes).map_err(|_| ShareError::Corrupt("not UTF-8 text".into()))
        }
        other => Err(ShareError::UnknownVersion(other.chars().take(12).collect())),
    }
}

/// The comment line that carries a rollout plan inside a shared design.
const PLAN_PREFIX: &str = "# traffic-designer-plan: ";

/// The text a share link carries: the design's YAML, plus its rollout plan
/// (stable subset and `--phases` text) as a trailing YAML comment.
pub fn with_plan(yaml: &str, stable: &str, phases: &str) -> String {
    format!("{yaml}{PLAN_PREFIX}stable={stable};phases={phases}\n")
}

/// Splits a shared text into the design's YAML and the rollout plan's
/// (stable subset, phases text), when one is there.
pub fn split_plan(text: &str) -> (&str, Option<(String, String)>) {
    let Some(at) = text.rfind(PLAN_PREFIX) else { return (text, None) };
    let line = text[at + PLAN_PREFIX.len()..].lines().next().unwrap_or("");
    let mut stable = None;
    let mut phases = None;
    for part in line.split(';') {
        if let Some(v) = part.strip_prefix("stable=") {
            stable = Some(v.trim().to_string());
        } else if let Some(v) = part.strip_prefix("phases=") {
            phases = Some(v.trim().to_string());
        }
    }
    (&text[..at], stable.zip(phases))
}

/// True when the `&`-separated fragment or query `params` contain `flag`
/// (`embed`, `readonly`), alone or as `flag=1`/`flag=true`.
pub fn has_flag(params: &str, flag: &str) -> bool {
    let params = params.trim_start_matches(['#', '?']);
    params.split('&').any(|p| {
        p == flag
            || p.strip_prefix(flag)
                .and_then(|r| r.strip_prefix('='))
                .is_some_and(|v| v != "0" && v != "false")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use crate::ApiVersion;

    #[test]
    fn round_trips_every_preset() {
        for p in presets::all() {
            let yaml = p.build().to_yaml(ApiVersion::V1);
            let link = encode(&yaml);
            assert!(link.len() < yaml.len(), "compressed: {} vs {}", link.len(), yaml.len());
            assert_eq!(decode(&format!("#{link}&embed")).unwrap(), yaml);
        }
    }

    #[test]
    fn base64url_round_trip() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn bad_links_give_clear_errors() {
        let good = encode("a: 1\n");
        assert_eq!(decode("#x=1"), Err(ShareError::NotALink));
        assert!(matches!(decode("d=9.abc"), Err(ShareError::UnknownVersion(v)) if v == "9"));
        assert!(matches!(decode("d=1.!!!"), Err(ShareError::Corrupt(_))));
        let truncated = &good[..good.len() - 3];
        assert!(decode(truncated).is_err());
        assert!(matches!(decode(&"d=1.".repeat(70_000)), Err(ShareError::TooLong(_))));
        // A zip bomb: 10 MB of zeros compresses to ~10 KB.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 10 << 20], 9);
        let link = format!("d=1.{}", base64url_encode(&bomb));
        assert_eq!(decode(&link), Err(ShareError::TooLarge));
        for e in [ShareError::NotALink, ShareError::TooLarge] {
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn plans_ride_along_as_a_comment() {
        let text = with_plan("a: 1\n", "v1", "Canary=90/10:1h,0/100");
        let (yaml, plan) = split_plan(&text);
        assert_eq!(yaml, "a: 1\n");
        assert_eq!(plan, Some(("v1".into(), "Canary=90/10:1h,0/100".into())));
        assert_eq!(split_plan("a: 1\n"), ("a: 1\n", None));
    }

    #[test]
    fn flags() {
        assert!(has_flag("?embed", "embed"));
        assert!(has_flag("#d=1.x&readonly=1", "readonly"));
        assert!(!has_flag("#d=1.x&readonly=0", "readonly"));
        assert!(!has_flag("?embedded", "embed"));
    }
}
