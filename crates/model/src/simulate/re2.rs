//! RE2 full matches, as Envoy's `safe_regex` does them, on `regex-lite`.
//!
//! Envoy compiles every Istio `regex` with Google RE2 and requires the
//! *whole* value to match (`RE2::FullMatch`). We compile the pattern with
//! `regex-lite` (small enough for the wasm budget) anchored as
//! `^(?:…)$`, which has the same meaning for the syntax both engines share.
//!
//! Where the two differ we say "cannot evaluate" instead of guessing:
//! - `\p{…}` / `\pL` Unicode classes (RE2 has them, `regex-lite` does not);
//! - `\C` (any byte);
//! - case-insensitive matching (`(?i)`) of non-ASCII text (RE2 folds
//!   Unicode case, `regex-lite` only ASCII);
//! - syntax `regex-lite` accepts but RE2 rejects (`\<`, `\>`, `\b{…}`,
//!   `\u…`, `\U…`, the `x` and `R` flags): Istio would not admit the
//!   pattern, so there is nothing to evaluate;
//! - likewise any pattern Istio's own check rejects (longer than 1024
//!   bytes, or not valid RE2 by Go's parser).
//!
//! `\Q…\E` literal text, which RE2 has and `regex-lite` lacks, is
//! translated into escaped characters. The Perl classes `\d \s \w \b` are
//! ASCII in both engines (`regex-lite`'s `\s` also takes `\v`, which no
//! header value can hold).

use crate::edit::regex_escape;
use crate::validate::regex::{check_regex, RegexProblem, MAX_REGEX_LEN};

/// Whether the whole of `value` matches the RE2 `pattern`; `Err` with the
/// reason when the pattern cannot be evaluated faithfully here.
pub fn full_match(pattern: &str, value: &str) -> Result<bool, String> {
    // A pattern Istio rejects is never evaluated. This also bounds the work:
    // counts nested past 1000 (`(a{1000}){1000}`) would take the engine a
    // long time to build and then give up on.
    match check_regex(pattern) {
        None => {}
        Some(RegexProblem::TooLong(len)) => {
            return Err(format!(
                "the pattern is {len} bytes long; Istio accepts at most {MAX_REGEX_LEN}"
            ))
        }
        Some(RegexProblem::Syntax(e)) => {
            return Err(format!("the pattern is not valid RE2 ({}); Istio rejects it", e.code))
        }
    }
    let (translated, case_insensitive) = translate(pattern)?;
    if case_insensitive && (!pattern.is_ascii() || !value.is_ascii()) {
        return Err("case-insensitive matching of non-ASCII text: RE2 folds Unicode case, \
                    the simulator's engine (regex-lite) only ASCII"
            .into());
    }
    // Compile the pattern alone first: wrapping an unbalanced pattern such
    // as `a)|(b` in `^(?:…)$` would make it valid and mean something else.
    regex_lite::Regex::new(&translated).map_err(|e| format!("invalid pattern: {e}"))?;
    let anchored = regex_lite::Regex::new(&format!("^(?:{translated})$"))
        .map_err(|e| format!("invalid pattern: {e}"))?;
    Ok(anchored.is_match(value))
}

/// Rewrites RE2 syntax for `regex-lite`; also says whether a
/// case-insensitive flag is set anywhere.
fn translate(p: &str) -> Result<(String, bool), String> {
    let cs: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len() + 8);
    let mut case_insensitive = false;
    let mut in_class = false;
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c == '\\' {
            let Some(&n) = cs.get(i + 1) else {
                return Err("invalid pattern: trailing backslash".into());
            };
            match n {
                'Q' if !in_class => {
                    let mut j = i + 2;
                    while j < cs.len() && !(cs[j] == '\\' && cs.get(j + 1) == Some(&'E')) {
                        let mut buf = [0u8; 4];
                        out.push_str(&regex_escape(cs[j].encode_utf8(&mut buf)));
                        j += 1;
                    }
                    i = if j < cs.len() { j + 2 } else { j };
                    continue;
                }
                'p' | 'P' => {
                    return Err(format!(
                        "`\\{n}` Unicode classes are RE2 syntax the simulator's regex engine \
                         (regex-lite) does not support"
                    ))
                }
                'C' => {
                    return Err(
                        "`\\C` (any byte) is not supported by the simulator's regex engine".into()
                    )
                }
                '<' | '>' | 'u' | 'U' => {
                    return Err(format!("`\\{n}` is not RE2 syntax; Istio rejects the pattern"))
                }
                'b' if !in_class && cs.get(i + 2) == Some(&'{') => {
                    return Err("`\\b{…}` is not RE2 syntax; Istio rejects the pattern".into())
                }
                _ => {
                    out.push(c);
                    out.push(n);
                    i += 2;
                    continue;
                }
            }
        }
        if in_class {
            if c == '[' && cs.get(i + 1) == Some(&':') {
                // A POSIX class `[:alpha:]`: copy it through its `:]`.
                let mut j = i + 2;
                while j + 1 < cs.len() && !(cs[j] == ':' && cs[j + 1] == ']') {
                    j += 1;
                }
                let end = (j + 2).min(cs.len());
                out.extend(&cs[i..end]);
                i = end;
                continue;
            }
            if c == ']' {
                in_class = false;
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                i += 1;
                if cs.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if cs.get(i) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
            }
            '(' if cs.get(i + 1) == Some(&'?') => {
                let mut j = i + 2;
                let mut flags = String::new();
                while j < cs.len() && (cs[j].is_ascii_alphabetic() || cs[j] == '-') {
                    flags.push(cs[j]);
                    j += 1;
                }
                if !flags.is_empty() && matches!(cs.get(j), Some(':' | ')')) {
                    if flags.contains('x') || flags.contains('R') {
                        return Err(format!(
                            "the flags `{flags}` are not RE2 syntax; Istio rejects the pattern"
                        ));
                    }
                    let on = flags.split('-').next().unwrap_or("");
                    case_insensitive |= on.contains('i');
                }
                out.push(c);
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok((out, case_insensitive))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_both_ends() {
        assert_eq!(full_match("beta", "beta"), Ok(true));
        assert_eq!(full_match("beta", "xbeta"), Ok(false));
        assert_eq!(full_match("a|ab", "ab"), Ok(true));
        assert_eq!(full_match("^(.*?;)?(user=beta)(;.*)?$", "theme=dark; user=beta"), Ok(false));
        assert_eq!(full_match("^(.*?;)?(user=beta)(;.*)?$", "theme=dark;user=beta"), Ok(true));
    }

    #[test]
    fn unbalanced_patterns_are_not_repaired_by_the_anchors() {
        assert!(full_match("a)|(b", "a").is_err());
    }

    #[test]
    fn re2_only_and_non_re2_syntax_cannot_be_evaluated() {
        assert!(full_match(r"\p{Greek}+", "αβ").is_err());
        assert!(full_match(r"\pL", "a").is_err());
        assert!(full_match(r"\C", "a").is_err());
        assert!(full_match(r"\<a", "a").is_err());
        assert!(full_match("(?x) a", "a").is_err());
        assert!(full_match("(?i)é", "É").is_err());
        assert_eq!(full_match("(?i)beta", "BETA"), Ok(true));
        assert_eq!(full_match("(?-i)beta", "BETA"), Ok(false));
    }

    #[test]
    fn quoted_text_is_literal() {
        assert_eq!(full_match(r"\Qa.b\E+", "a.bb"), Ok(true));
        assert_eq!(full_match(r"\Qa.b\E", "axb"), Ok(false));
        assert_eq!(full_match(r"[[:digit:]]+", "123"), Ok(true));
        assert_eq!(full_match(r"[]a]+", "]a"), Ok(true));
    }
}
