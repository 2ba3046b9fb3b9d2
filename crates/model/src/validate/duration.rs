//! Durations as Istio reads them.
//!
//! A VirtualService or DestinationRule arrives as JSON and is decoded with
//! the legacy `jsonpb`, which parses every `google.protobuf.Duration` with
//! Go's `time.ParseDuration`; the CRD's CEL rule `duration(self) >=
//! duration('1ms')` parses with the same function. [`parse_go_duration`]
//! is a port of it: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with the units `ns`,
//! `us`, `µs`, `μs`, `ms`, `s`, `m`, `h` (no `d`), a bare `0`, and the same
//! overflow limits and fraction arithmetic.

/// Nanoseconds in a millisecond.
pub(crate) const MS: i64 = 1_000_000;
/// Nanoseconds in a second.
pub(crate) const SECOND: i64 = 1_000_000_000;

const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60 * 1_000_000_000),
    ("h", 3600 * 1_000_000_000),
];

const LIMIT: u64 = 1 << 63;

/// Why a duration string does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DurationError {
    /// Not of the `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` shape, or out of range.
    Invalid,
    /// A number without a unit (`10`).
    MissingUnit,
    /// A unit Go does not know (`1d`, `5sec`).
    UnknownUnit(String),
}

impl DurationError {
    /// Go's wording, without the `time: ` prefix.
    pub(crate) fn describe(&self, text: &str) -> String {
        match self {
            DurationError::Invalid => format!("`{text}` is not a valid duration"),
            DurationError::MissingUnit => {
                format!("`{text}` has no unit (write `{text}s`, `{text}ms`, …)")
            }
            DurationError::UnknownUnit(u) => {
                format!("`{text}` uses the unit `{u}`, which is not one of ns, us, ms, s, m, h")
            }
        }
    }
}

fn leading_int(s: &[u8]) -> Result<(u64, usize), DurationError> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > LIMIT / 10 {
            return Err(DurationError::Invalid);
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > LIMIT {
            return Err(DurationError::Invalid);
        }
        i += 1;
    }
    Ok((x, i))
}

fn leading_fraction(s: &[u8]) -> (u64, f64, usize) {
    let mut x: u64 = 0;
    let mut scale = 1.0f64;
    let mut overflow = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if !overflow {
            if x > (LIMIT - 1) / 10 {
                overflow = true;
            } else {
                let y = x * 10 + u64::from(s[i] - b'0');
                if y > LIMIT {
                    overflow = true;
                } else {
                    x = y;
                    scale *= 10.0;
                }
            }
        }
        i += 1;
    }
    (x, scale, i)
}

/// Parses `text` exactly as Go's `time.ParseDuration`, in nanoseconds.
pub(crate) fn parse_go_duration(text: &str) -> Result<i64, DurationError> {
    let mut s = text.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = &s[1..];
        }
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(DurationError::Invalid);
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(DurationError::Invalid);
        }
        let (mut v, used) = leading_int(s)?;
        let pre = used > 0;
        s = &s[used..];
        let mut f = 0u64;
        let mut scale = 1.0f64;
        let mut post = false;
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let (fx, fscale, fused) = leading_fraction(s);
            f = fx;
            scale = fscale;
            post = fused > 0;
            s = &s[fused..];
        }
        if !pre && !post {
            return Err(DurationError::Invalid);
        }
        let unit_len = s.iter().position(|c| *c == b'.' || c.is_ascii_digit()).unwrap_or(s.len());
        if unit_len == 0 {
            return Err(DurationError::MissingUnit);
        }
        let unit_bytes = &s[..unit_len];
        s = &s[unit_len..];
        let Some(&(_, unit)) = UNITS.iter().find(|(name, _)| name.as_bytes() == unit_bytes) else {
            return Err(DurationError::UnknownUnit(
                String::from_utf8_lossy(unit_bytes).into_owned(),
            ));
        };
        if v > LIMIT / unit {
            return Err(DurationError::Invalid);
        }
        v *= unit;
        if f > 0 {
            // Go: v += uint64(float64(f) * (float64(unit) / scale))
            let add = (f as f64) * (unit as f64 / scale);
            v = v.saturating_add(add as u64);
            if v > LIMIT {
                return Err(DurationError::Invalid);
            }
        }
        d = d.saturating_add(v);
        if d > LIMIT {
            return Err(DurationError::Invalid);
        }
    }
    if neg {
        // d <= 1<<63 here, so the negation fits.
        return Ok((d as i128).wrapping_neg() as i64);
    }
    if d > LIMIT - 1 {
        return Err(DurationError::Invalid);
    }
    Ok(d as i64)
}

/// Which checks Istio applies to a duration field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DurationRule {
    /// CEL `>= 1ms` and the webhook's `ValidateDuration` (≥ 1ms, whole ms).
    Standard,
    /// [`DurationRule::Standard`] and whole seconds (`corsPolicy.maxAge`).
    WholeSeconds,
    /// Only the CEL rule (`>= 1ms`): `loadBalancer.warmupDurationSecs`.
    CelOnly,
    /// `connectionPool.tcp.idleTimeout`: no CEL; the webhook skips values
    /// that are 0 whole milliseconds and checks the rest.
    IdleTimeout,
    /// Only needs to parse (`consistentHash.httpCookie.ttl`).
    ParseOnly,
}

/// What is wrong with a duration value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DurationProblem {
    /// Does not parse.
    Syntax(DurationError),
    /// Parses, but is below 1ms.
    TooShort(i64),
    /// Not a whole number of milliseconds.
    SubMillisecond(i64),
    /// Not a whole number of seconds (`corsPolicy.maxAge`).
    SubSecond(i64),
}

/// Checks `text` under `rule`; `None` when Istio accepts it.
pub(crate) fn check_duration(text: &str, rule: DurationRule) -> Option<DurationProblem> {
    let ns = match parse_go_duration(text) {
        Ok(ns) => ns,
        Err(e) => return Some(DurationProblem::Syntax(e)),
    };
    let webhook = |ns: i64| {
        if ns < MS {
            Some(DurationProblem::TooShort(ns))
        } else if ns % MS != 0 {
            Some(DurationProblem::SubMillisecond(ns))
        } else {
            None
        }
    };
    match rule {
        DurationRule::ParseOnly => None,
        DurationRule::CelOnly => (ns < MS).then_some(DurationProblem::TooShort(ns)),
        DurationRule::Standard => webhook(ns),
        DurationRule::WholeSeconds => {
            webhook(ns).or_else(|| (ns % SECOND != 0).then_some(DurationProblem::SubSecond(ns)))
        }
        // Go's Duration.Milliseconds() truncates toward zero.
        DurationRule::IdleTimeout => {
            if ns / MS == 0 {
                None
            } else {
                webhook(ns)
            }
        }
    }
}

/// `ns` written back in Go's `Duration.String` style (`1.5ms`, `1m30s`).
pub(crate) fn format_ns(ns: i64) -> String {
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let body = if u == 0 {
        "0s".to_string()
    } else if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}us", frac(u, 1_000))
    } else if u < 1_000_000_000 {
        format!("{}ms", frac(u, 1_000_000))
    } else {
        let total_s = u / 1_000_000_000;
        let rem_ns = u % 1_000_000_000;
        let h = total_s / 3600;
        let m = (total_s % 3600) / 60;
        let s = total_s % 60;
        let secs = frac(s * 1_000_000_000 + rem_ns, 1_000_000_000);
        match (h, m) {
            (0, 0) => format!("{secs}s"),
            (0, m) => format!("{m}m{secs}s"),
            (h, m) => format!("{h}h{m}m{secs}s"),
        }
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

fn frac(v: u64, unit: u64) -> String {
    let whole = v / unit;
    let rem = v % unit;
    if rem == 0 {
        return whole.to_string();
    }
    let width = unit.ilog10() as usize;
    let digits = format!("{rem:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_parse_duration_table() {
        // From Go's time/time_test.go parseDurationTests.
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            ("5s", 5 * SECOND),
            ("30s", 30 * SECOND),
            ("1478s", 1478 * SECOND),
            ("-5s", -5 * SECOND),
            ("+5s", 5 * SECOND),
            ("-0", 0),
            ("+0", 0),
            ("5.0s", 5 * SECOND),
            ("5.6s", 5 * SECOND + 600 * MS),
            ("5.s", 5 * SECOND),
            (".5s", 500 * MS),
            ("1.0s", SECOND),
            ("1.00s", SECOND),
            ("1.004s", SECOND + 4 * MS),
            ("1.0040s", SECOND + 4 * MS),
            ("100.00100s", 100 * SECOND + MS),
            ("10ns", 10),
            ("11us", 11_000),
            ("12µs", 12_000),
            ("12μs", 12_000),
            ("13ms", 13 * MS),
            ("14s", 14 * SECOND),
            ("15m", 15 * 60 * SECOND),
            ("16h", 16 * 3600 * SECOND),
            ("3h30m", (3 * 3600 + 30 * 60) * SECOND),
            ("10.5s4m", 4 * 60 * SECOND + 10 * SECOND + 500 * MS),
            ("-2m3.4s", -(2 * 60 * SECOND + 3 * SECOND + 400 * MS)),
            ("1h2m3s4ms5us6ns", 3600 * SECOND + 2 * 60 * SECOND + 3 * SECOND + 4 * MS + 5_000 + 6),
            ("39h9m14.425s", (39 * 3600 + 9 * 60 + 14) * SECOND + 425 * MS),
            ("52763797000ns", 52_763_797_000),
            ("0.3333333333333333333h", 20 * 60 * SECOND),
            ("9007199254740993ns", 9_007_199_254_740_993),
            ("9223372036854775807ns", i64::MAX),
            ("9223372036854775.807us", i64::MAX),
            ("9223372036s854ms775us807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("-9223372036854775.808us", i64::MIN),
            ("-9223372036s854ms775us808ns", i64::MIN),
            ("-2562047h47m16.854775808s", i64::MIN),
            ("0.100000000000000000000h", 6 * 60 * SECOND),
            ("0.830103483285477580700h", 49 * 60 * SECOND + 48 * SECOND + 372_539_827),
        ];
        for (text, want) in ok {
            assert_eq!(parse_go_duration(text), Ok(*want), "{text}");
        }
        for bad in [
            "",
            "3",
            "-",
            "s",
            ".",
            "-.",
            ".s",
            "+.s",
            "1d",
            "\u{FFFD}",
            "9223372036854775808ns",
            "9223372036854775.808us",
            "9223372036854ms775us808ns",
            "-9223372036854775809ns",
            "10 s",
            "1s ",
            " 1s",
            "1e3s",
        ] {
            assert!(parse_go_duration(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(parse_go_duration("10"), Err(DurationError::MissingUnit));
        assert_eq!(parse_go_duration("1d"), Err(DurationError::UnknownUnit("d".into())));
    }

    #[test]
    fn istio_rules() {
        use DurationRule::*;
        assert_eq!(check_duration("1ms", Standard), None);
        assert_eq!(check_duration("0.001s", Standard), None);
        assert_eq!(check_duration("0.5ms", Standard), Some(DurationProblem::TooShort(500_000)));
        assert_eq!(check_duration("0s", Standard), Some(DurationProblem::TooShort(0)));
        assert_eq!(check_duration("-1s", Standard), Some(DurationProblem::TooShort(-SECOND)));
        assert_eq!(
            check_duration("1.5ms", Standard),
            Some(DurationProblem::SubMillisecond(1_500_000))
        );
        assert_eq!(check_duration("1.5ms", CelOnly), None);
        assert_eq!(check_duration("0.5ms", CelOnly), Some(DurationProblem::TooShort(500_000)));
        assert_eq!(check_duration("0s", IdleTimeout), None);
        assert_eq!(check_duration("500us", IdleTimeout), None);
        assert_eq!(check_duration("-500us", IdleTimeout), None);
        assert_eq!(check_duration("-1ms", IdleTimeout), Some(DurationProblem::TooShort(-MS)));
        assert_eq!(
            check_duration("1.5ms", IdleTimeout),
            Some(DurationProblem::SubMillisecond(1_500_000))
        );
        assert_eq!(check_duration("0s", ParseOnly), None);
        assert!(matches!(check_duration("1d", ParseOnly), Some(DurationProblem::Syntax(_))));
        assert_eq!(check_duration("24h", WholeSeconds), None);
        assert_eq!(
            check_duration("1500ms", WholeSeconds),
            Some(DurationProblem::SubSecond(1_500_000_000))
        );
    }

    #[test]
    fn formats_like_go() {
        assert_eq!(format_ns(0), "0s");
        assert_eq!(format_ns(500_000), "500us");
        assert_eq!(format_ns(1_500_000), "1.5ms");
        assert_eq!(format_ns(90 * SECOND), "1m30s");
        assert_eq!(format_ns(3600 * SECOND + 1_500 * MS), "1h0m1.5s");
        assert_eq!(format_ns(-SECOND), "-1s");
        assert_eq!(format_ns(1), "1ns");
        assert_eq!(format_ns(1_001), "1.001us");
    }
}
