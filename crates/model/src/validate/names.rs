//! Name syntax as Istio checks it: DNS labels and (wildcard) domains,
//! IP addresses and CIDR blocks, Kubernetes label keys and values, HTTP
//! header names and Envoy header values.
//!
//! Ports of `pkg/config/labels`, `pkg/config/validation/agent` and
//! `pkg/config/validation/header_value_validator.go`. Istio's DNS-1123
//! label regex accepts upper case letters; so do we.

use std::net::{IpAddr, Ipv6Addr};

/// `[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?`, at most 63 bytes.
pub(crate) fn is_dns1123_label(s: &str) -> bool {
    s.len() <= 63 && label_shape(s.as_bytes())
}

fn label_shape(b: &[u8]) -> bool {
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        }
        _ => false,
    }
}

/// `*`, or a DNS-1123 label optionally prefixed by `*` or `*-`; ≤ 63 bytes.
pub(crate) fn is_wildcard_dns1123_label(s: &str) -> bool {
    if s.len() > 63 {
        return false;
    }
    if s == "*" {
        return true;
    }
    let rest = s.strip_prefix("*-").or_else(|| s.strip_prefix('*')).unwrap_or(s);
    label_shape(rest.as_bytes())
}

/// Why a domain name is invalid.
pub(crate) fn dns1123_preconditions(name: &str) -> Result<(), String> {
    if name.len() > 255 {
        return Err(format!("domain name `{}…` is longer than 255 characters", truncate(name, 40)));
    }
    if name.is_empty() {
        return Err("the domain name is empty".into());
    }
    Ok(())
}

/// Go's `strconv.Atoi` succeeding: an optional sign, then ASCII digits,
/// fitting in 64 bits.
fn atoi_ok(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) && s.parse::<i64>().is_ok()
}

/// `ValidateDNS1123Labels`: every label valid, the last may be empty (a
/// trailing dot), and the top-level domain is not all-numeric.
pub(crate) fn dns1123_labels(domain: &str) -> Result<(), String> {
    dns1123_labels_of(domain, domain)
}

/// [`dns1123_labels`] of `part`, naming `domain` in the message.
fn dns1123_labels_of(part: &str, domain: &str) -> Result<(), String> {
    let parts: Vec<&str> = part.split('.').collect();
    let tld = parts.last().copied().unwrap_or("");
    if atoi_ok(tld) {
        return Err(format!("`{domain}` has an all-numeric top-level domain `{tld}`"));
    }
    for (i, label) in parts.iter().enumerate() {
        if i == parts.len() - 1 && label.is_empty() {
            return Ok(());
        }
        if !is_dns1123_label(label) {
            return Err(label_error(domain, label));
        }
    }
    Ok(())
}

fn label_error(domain: &str, label: &str) -> String {
    if label.is_empty() {
        format!("`{domain}` has an empty label")
    } else if label.len() > 63 {
        format!("`{domain}` has a label longer than 63 characters")
    } else {
        format!(
            "`{domain}` has the invalid label `{label}` (letters, digits and `-`, starting and ending with a letter or digit)"
        )
    }
}

/// `ValidateWildcardDomain`: a domain whose first label may be a wildcard.
pub(crate) fn wildcard_domain(domain: &str) -> Result<(), String> {
    dns1123_preconditions(domain)?;
    let (first, rest) = match domain.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (domain, None),
    };
    if !is_wildcard_dns1123_label(first) {
        if first.contains('*') {
            return Err(format!(
                "`{domain}` has the invalid label `{first}` (a wildcard may only be `*`, `*name` or `*-name`, in the first label)"
            ));
        }
        return Err(label_error(domain, first));
    }
    match rest {
        Some(r) => dns1123_labels_of(r, domain),
        None => Ok(()),
    }
}

/// `ValidateFQDN`: a domain without wildcards.
pub(crate) fn fqdn(domain: &str) -> Result<(), String> {
    dns1123_preconditions(domain)?;
    dns1123_labels(domain)
}

/// Go's `netip.ParseAddr` succeeding: IPv4 (no leading zeros) or IPv6,
/// optionally with a zone (`fe80::1%eth0`).
pub(crate) fn is_ip(s: &str) -> bool {
    if let Some((addr, zone)) = s.split_once('%') {
        return !zone.is_empty() && addr.parse::<Ipv6Addr>().is_ok();
    }
    s.parse::<IpAddr>().is_ok()
}

/// `ValidateIPSubnet`: an address, or `address/bits` (CIDR).
pub(crate) fn is_ip_subnet(s: &str) -> bool {
    if s.matches('/').count() != 1 {
        return is_ip(s);
    }
    let Some((addr, bits)) = s.split_once('/') else { return false };
    let Ok(ip) = addr.parse::<IpAddr>() else { return false };
    if bits.is_empty()
        || bits.len() > 3
        || !bits.bytes().all(|c| c.is_ascii_digit())
        || (bits.len() > 1 && bits.starts_with('0'))
    {
        return false;
    }
    let n: u32 = bits.parse().unwrap_or(u32::MAX);
    n <= if ip.is_ipv4() { 32 } else { 128 }
}

/// Kubernetes qualified name: `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
fn qualified_name_shape(b: &[u8]) -> bool {
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// A label (tag) key: optional `dns.prefix/`, then a qualified name of at
/// most 63 bytes; the prefix at most 253 bytes.
pub(crate) fn label_key(k: &str) -> Result<(), String> {
    let (prefix, name) = match k.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, k),
    };
    if let Some(p) = prefix {
        if p.is_empty() || !p.split('.').all(|l| label_shape(l.as_bytes())) {
            return Err(format!("`{k}` has an invalid prefix `{p}/` (it must be a DNS subdomain)"));
        }
        if p.len() > 253 {
            return Err(format!("`{k}` has a prefix longer than 253 characters"));
        }
    }
    if !qualified_name_shape(name.as_bytes()) {
        return Err(format!(
            "`{k}` is not a valid label key (letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit, optionally after a `prefix/`)"
        ));
    }
    if name.len() > 63 {
        return Err(format!("`{k}` has a name longer than 63 characters"));
    }
    Ok(())
}

/// A label value: empty, or a qualified name (Istio checks no length).
pub(crate) fn label_value_ok(v: &str) -> bool {
    v.is_empty() || qualified_name_shape(v.as_bytes())
}

/// RFC 7230 token as Istio's regex has it: `[!#$%&'*+-.^_`|~A-Za-z0-9]+`,
/// where `+-.` inside the class is a range that also admits `,`.
pub(crate) fn is_header_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b','
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// The HTTP/2 pseudo headers a match may name.
pub(crate) const PSEUDO_HEADERS: &[&str] =
    &[":method", ":scheme", ":authority", ":path", ":status"];

/// `@request.auth.claims.a.b` or `@request.auth.claims[a][b]` (prefix
/// case-insensitive), as `jwt.ToRoutingClaim` recognises it.
pub(crate) fn is_jwt_claim_key(name: &str) -> bool {
    const PREFIX: &str = "@request.auth.claims";
    if name.len() < PREFIX.len() || !name.is_char_boundary(PREFIX.len()) {
        return false;
    }
    if !name[..PREFIX.len()].eq_ignore_ascii_case(PREFIX) {
        return false;
    }
    let rest = &name[PREFIX.len()..];
    (rest.starts_with('.') && rest.len() > 1)
        || (rest.starts_with('[') && rest.ends_with(']') && rest.len() > 2)
}

/// `ValidateHTTPHeaderNameOrJwtClaimRoute`: the name of a header to match.
pub(crate) fn match_header_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the header name is empty".into());
    }
    if is_jwt_claim_key(name) || PSEUDO_HEADERS.contains(&name) || is_header_token(name) {
        return Ok(());
    }
    Err(format!("`{name}` is not a valid header name (an RFC 7230 token, a pseudo header such as `:authority`, or `@request.auth.claims.…`)"))
}

/// Whether `name` is the authority (`:authority` or `host`, any case).
pub(crate) fn is_authority_header(name: &str) -> bool {
    name.eq_ignore_ascii_case(":authority") || name.eq_ignore_ascii_case("host")
}

/// `ValidateHTTPHeaderWithAuthorityOperationName`: request `set`/`add`.
pub(crate) fn header_op_name_with_authority(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the header name is empty".into());
    }
    if (name.starts_with(':') || name.eq_ignore_ascii_case("host")) && !is_authority_header(name) {
        return Err(format!("`{name}` cannot be changed: headers starting with `:` are internal"));
    }
    Ok(())
}

/// `ValidateHTTPHeaderOperationName`: request `remove` and all response
/// operations.
pub(crate) fn header_op_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the header name is empty".into());
    }
    if name.eq_ignore_ascii_case("host") {
        return Err(format!(
            "`{name}` cannot be changed here: Envoy does not allow the Host header"
        ));
    }
    if name.starts_with(':') {
        return Err(format!("`{name}` cannot be changed: headers starting with `:` are internal"));
    }
    Ok(())
}

/// `ValidateHTTPHeaderValue`: no control characters (tab is allowed) and
/// Envoy's `%VARIABLE%` syntax (a literal percent is `%%`).
pub(crate) fn header_value(value: &str) -> Result<(), String> {
    if value.chars().any(|c| matches!(c, '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}')) {
        return Err("the value contains a control character".into());
    }
    envoy_header_value(value.as_bytes())
}

/// Port of Istio's `validateHeaderValue` (itself a port of Envoy's header
/// parser).
fn envoy_header_value(v: &[u8]) -> Result<(), String> {
    #[derive(PartialEq)]
    enum St {
        Literal,
        VariableName,
        ExpectArray,
        ExpectString,
        String,
        ExpectArrayDelimiterOrEnd,
        ExpectArgsEnd,
        ExpectVariableEnd,
    }
    let mut st = St::Literal;
    let mut pos = 0;
    while pos < v.len() {
        let ch = v[pos];
        let has_next = pos + 1 < v.len();
        match st {
            St::Literal => {
                if ch == b'%' {
                    if !has_next {
                        return Err("the value ends with an unescaped `%` (write `%%` for a literal percent sign)".into());
                    }
                    if v[pos + 1] == b'%' {
                        pos += 1;
                    } else {
                        st = St::VariableName;
                    }
                }
            }
            St::VariableName => {
                if ch == b'%' {
                    st = St::Literal;
                } else if ch == b'(' {
                    st = St::ExpectArray;
                }
            }
            St::ExpectArray => {
                if ch == b'[' {
                    st = St::ExpectString;
                } else if ch != b' ' {
                    st = St::String;
                }
            }
            St::ExpectArrayDelimiterOrEnd => {
                if ch == b',' {
                    st = St::ExpectString;
                } else if ch == b']' {
                    st = St::ExpectArgsEnd;
                } else if ch != b' ' {
                    return Err("a `%VAR([…])%` argument list expects `,`, `]` or a space".into());
                }
            }
            St::ExpectString => {
                if ch == b'"' {
                    st = St::String;
                } else if ch != b' ' {
                    return Err("a `%VAR([…])%` argument list expects `\"`".into());
                }
            }
            St::String => {
                if ch == b'\\' {
                    if !has_next {
                        return Err(
                            "a `%VAR(…)%` argument ends with an unterminated backslash".into()
                        );
                    }
                    pos += 1;
                } else if ch == b')' {
                    st = St::ExpectVariableEnd;
                } else if ch == b'"' {
                    st = St::ExpectArrayDelimiterOrEnd;
                }
            }
            St::ExpectArgsEnd => {
                if ch == b')' {
                    st = St::ExpectVariableEnd;
                } else if ch != b' ' {
                    return Err("a `%VAR(…)%` expects `)` after its arguments".into());
                }
            }
            St::ExpectVariableEnd => {
                if ch == b'%' {
                    st = St::Literal;
                } else if ch != b' ' {
                    return Err("a `%VAR(…)%` expects `%` after `)`".into());
                }
            }
        }
        pos += 1;
    }
    if st != St::Literal {
        return Err(
            "the value has an unterminated `%VARIABLE%` (write `%%` for a literal percent sign)"
                .into(),
        );
    }
    Ok(())
}

/// `host` resolved as istioctl's analyzers resolve it: a short name
/// (`reviews`) becomes `reviews.<namespace>.svc.cluster.local`; wildcards
/// and names with a dot are kept.
pub(crate) fn to_fqdn(host: &str, namespace: &str) -> String {
    if host.starts_with('*') || host.contains('.') {
        host.to_string()
    } else {
        format!("{host}.{namespace}.svc.cluster.local")
    }
}

/// `to_fqdn(a, namespace) == to_fqdn(b, namespace)`, without allocating.
pub(crate) fn same_fqdn(a: &str, b: &str, namespace: &str) -> bool {
    fn parts<'a>(h: &'a str, ns: &'a str) -> [&'a str; 4] {
        if h.starts_with('*') || h.contains('.') {
            [h, "", "", ""]
        } else {
            [h, ".", ns, ".svc.cluster.local"]
        }
    }
    if a == b {
        return true;
    }
    let (pa, pb) = (parts(a, namespace), parts(b, namespace));
    let la: usize = pa.iter().map(|p| p.len()).sum();
    let lb: usize = pb.iter().map(|p| p.len()).sum();
    la == lb && pa.iter().flat_map(|p| p.bytes()).eq(pb.iter().flat_map(|p| p.bytes()))
}

/// `(namespace, name)` of the service a host names, as
/// `util.GetResourceNameFromHost` finds it: `name.ns.svc.cluster.local`
/// gives `(ns, name)`; anything else is a name in `default_ns`.
pub(crate) fn service_of_host<'a>(host: &'a str, default_ns: &'a str) -> (&'a str, &'a str) {
    if let Some(stem) = host.strip_suffix(".svc.cluster.local") {
        // `^(.+)\.(.+)\.svc\.cluster\.local$`: the first group is greedy.
        if let Some((name, ns)) = stem.rsplit_once('.') {
            if !name.is_empty() && !ns.is_empty() {
                return (ns, name);
            }
        }
    }
    (default_ns, host)
}

/// Istio's `host.Name.Matches`: the names overlap (exactly, or through a
/// wildcard on either side).
pub(crate) fn hosts_match(a: &str, b: &str) -> bool {
    let aw = a.starts_with('*');
    let bw = b.starts_with('*');
    match (aw, bw) {
        (true, true) => {
            if a.len() < b.len() {
                b[1..].ends_with(&a[1..])
            } else {
                a[1..].ends_with(&b[1..])
            }
        }
        (true, false) => b.ends_with(&a[1..]),
        (false, true) => a.ends_with(&b[1..]),
        (false, false) => a == b,
    }
}

/// Istio's `host.Name.SubsetOf`: every name `a` covers, `b` covers too.
pub(crate) fn host_subset_of(a: &str, b: &str) -> bool {
    let aw = a.starts_with('*');
    let bw = b.starts_with('*');
    match (aw, bw) {
        (true, true) => a.len() >= b.len() && a[1..].ends_with(&b[1..]),
        (true, false) => false,
        (false, true) => a.ends_with(&b[1..]),
        (false, false) => a == b,
    }
}

/// At most `n` characters of `s`.
pub(crate) fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_domains_like_istio() {
        for ok in [
            "reviews",
            "reviews.default.svc.cluster.local",
            "*.example.com",
            "*",
            "*foo.com",
            "*-foo.com",
            "istio.io.",
            "UPPER.Example.COM",
            "123",
            "a-b.c",
            "xn--bcher-kva.example",
        ] {
            assert_eq!(wildcard_domain(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "a_b",
            "foo.*.com",
            "*.*.com",
            "**.com",
            "-foo.com",
            "foo-.com",
            "foo..com",
            "1.2.3.4",
            "example.123",
            ".com",
            "*-",
            "foo.com..",
        ] {
            assert!(wildcard_domain(bad).is_err(), "{bad}");
        }
        assert!(wildcard_domain(&"a".repeat(64)).is_err());
        assert!(wildcard_domain(&format!("{}.com", "a.".repeat(127))).is_err());
    }

    #[test]
    fn ips_and_subnets() {
        assert!(is_ip("1.2.3.4"));
        assert!(is_ip("::1"));
        assert!(is_ip("fe80::1%eth0"));
        assert!(!is_ip("01.2.3.4"));
        assert!(!is_ip("1.2.3"));
        assert!(!is_ip("1.2.3.4%eth0"));
        assert!(is_ip_subnet("10.0.0.0/8"));
        assert!(is_ip_subnet("10.0.0.1"));
        assert!(is_ip_subnet("2001:db8::/32"));
        assert!(!is_ip_subnet("10.0.0.0/33"));
        assert!(!is_ip_subnet("10.0.0.0/"));
        assert!(!is_ip_subnet("10.0.0.0/8/8"));
    }

    #[test]
    fn labels() {
        assert!(label_key("version").is_ok());
        assert!(label_key("app.kubernetes.io/name").is_ok());
        assert!(label_key("a_b.c-d").is_ok());
        assert!(label_key("-a").is_err());
        assert!(label_key("/a").is_err());
        assert!(label_key("a/").is_err());
        assert!(label_key(&"a".repeat(64)).is_err());
        assert!(label_key("a/b/c").is_err());
        assert!(label_value_ok(""));
        assert!(label_value_ok("v1.2_3-x"));
        assert!(label_value_ok(&"a".repeat(100)));
        assert!(!label_value_ok("v1 "));
        assert!(!label_value_ok("-v1"));
    }

    #[test]
    fn header_names_and_values() {
        assert!(match_header_name("x-user-type").is_ok());
        assert!(match_header_name("a,b").is_ok());
        assert!(match_header_name(":authority").is_ok());
        assert!(match_header_name("@request.auth.claims.groups").is_ok());
        assert!(match_header_name("@request.auth.claims[groups]").is_ok());
        assert!(match_header_name("x user").is_err());
        assert!(match_header_name(":foo").is_err());
        assert!(match_header_name("").is_err());
        assert!(header_op_name_with_authority(":authority").is_ok());
        assert!(header_op_name_with_authority("Host").is_ok());
        assert!(header_op_name_with_authority(":path").is_err());
        assert!(header_op_name("host").is_err());
        assert!(header_op_name(":authority").is_err());
        for ok in [
            "foo",
            "%HOSTNAME%",
            "100%%",
            "prefix %HOSTNAME% suffix",
            "%VAR([\"a\", \"b\"])%",
            "a\tb",
        ] {
            assert_eq!(header_value(ok), Ok(()), "{ok}");
        }
        for bad in ["abc%123", "%START_TIME%%", "%", "a\nb", "%VAR([\"a\" x])%", "%VAR(a"] {
            assert!(header_value(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn host_matching() {
        assert!(hosts_match("*.foo.com", "a.foo.com"));
        assert!(hosts_match("*.com", "*.foo.com"));
        assert!(!hosts_match("*.foo.com", "foo.com"));
        assert!(hosts_match("*", "foo.com"));
        assert!(host_subset_of("a.foo.com", "*.foo.com"));
        assert!(!host_subset_of("*.foo.com", "a.foo.com"));
        assert_eq!(service_of_host("reviews", "default"), ("default", "reviews"));
        assert_eq!(
            service_of_host("reviews.prod.svc.cluster.local", "default"),
            ("prod", "reviews")
        );
        assert_eq!(service_of_host("a.b.prod.svc.cluster.local", "x"), ("prod", "a.b"));
        assert_eq!(service_of_host("reviews.prod", "default"), ("default", "reviews.prod"));
        assert_eq!(to_fqdn("reviews", "ns"), "reviews.ns.svc.cluster.local");
        assert!(same_fqdn("reviews", "reviews.ns.svc.cluster.local", "ns"));
        assert!(!same_fqdn("reviews", "reviews.other.svc.cluster.local", "ns"));
        assert!(same_fqdn("a", "a", "ns"));
        assert!(!same_fqdn("a", "b", "ns"));
    }
}
