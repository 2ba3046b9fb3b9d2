//! The traffic diagram: the whole design as one SVG picture.
//!
//! For each VirtualService, left to right: its hosts (and the gateways it
//! applies to) → its HTTP rules in order, each with a one-line summary of
//! its match → the destinations. Route edges are as wide as their share
//! and labelled with it; mirrors are dashed, labelled `mirror N%`; faults
//! are badges on the rule; rules after a catch-all are marked "never
//! reached".
//!
//! The SVG is built as a string. Every text that comes from the design is
//! XML-escaped (and control characters replaced), so the result is safe to
//! insert as markup; it holds no script, no style sheet, no link and no
//! external reference, and carries its styling as presentation attributes
//! so a downloaded file looks the same. It is accessible: `role="img"`
//! with a `<title>` and a `<desc>` that states every split in words.
//! Percentage labels carry `data-testid="diagram-share-<doc>-<rule>-<dest>"`
//! (mirror labels `diagram-mirror-<doc>-<rule>-<n>`), so tests can compare
//! them with the design.

use std::fmt::Write as _;

use super::{fault, mirror_shares, pct, share_label, Share};
use crate::bundle::Bundle;
use crate::common::{MatchKind, StringMatch};
use crate::virtual_service::{HttpMatchRequest, HttpRoute, VirtualService};

/// How to draw the diagram.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiagramOptions {
    /// The rule to highlight, as (document index, rule index): the one a
    /// simulated request matched.
    pub highlight: Option<(usize, usize)>,
    /// Prefix for the `id`s inside the SVG, so several diagrams on one
    /// page stay apart.
    pub id_prefix: String,
}

/// The design as an SVG document (see the module docs).
pub fn diagram(bundle: &Bundle) -> String {
    diagram_with(bundle, &DiagramOptions::default())
}

// Layout, in SVG user units.
const W: i64 = 940;
const HOST_X: i64 = 16;
const HOST_W: i64 = 190;
const RULE_X: i64 = 250;
const RULE_W: i64 = 300;
const RULE_H: i64 = 64;
const DEST_X: i64 = 690;
const DEST_W: i64 = 234;
const DEST_H: i64 = 42;
const GAP: i64 = 14;

const ACCENT: &str = "#1f5f8b";
const MUTED: &str = "#4f5862";
const BORDER: &str = "#9aa5b1";
const MIRROR: &str = "#7b3fa0";

/// Text safe for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' | '\n' | '\r' => o.push(' '),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {
                o.push('\u{fffd}')
            }
            c => o.push(c),
        }
    }
    o
}

/// `s` cut to `max` characters, with an ellipsis when cut.
fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn sm_text(name: &str, sm: &StringMatch) -> String {
    match sm.kind() {
        None | Some((MatchKind::Regex, "*")) => format!("{name} present"),
        Some((MatchKind::Exact, v)) => format!("{name} = {v}"),
        Some((MatchKind::Prefix, v)) => format!("{name} = {v}*"),
        Some((MatchKind::Regex, v)) => format!("{name} ~ {v}"),
    }
}

/// One match block in a few words: `x-user-type = beta, path = /api*`;
/// `any request` when it sets nothing.
pub fn block_summary(m: &HttpMatchRequest) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(sm) = &m.uri {
        let case = if m.ignore_uri_case.unwrap_or(false) { " (any case)" } else { "" };
        parts.push(match sm.kind() {
            None => "any path".into(),
            Some(_) => format!("{}{case}", sm_text("path", sm)),
        });
    }
    if let Some(sm) = &m.method {
        parts.push(sm_text("method", sm));
    }
    if let Some(sm) = &m.authority {
        parts.push(sm_text("authority", sm));
    }
    if let Some(sm) = &m.scheme {
        parts.push(sm_text("scheme", sm));
    }
    for (k, sm) in &m.headers {
        parts.push(sm_text(k, sm));
    }
    for (k, sm) in &m.without_headers {
        parts.push(match sm.kind() {
            None | Some((MatchKind::Regex, "*")) => format!("no {k}"),
            Some(_) => format!("not ({})", sm_text(k, sm)),
        });
    }
    for (k, sm) in &m.query_params {
        parts.push(sm_text(&format!("?{k}"), sm));
    }
    if let Some(p) = m.port.filter(|p| *p != 0) {
        parts.push(format!("port {p}"));
    }
    if !m.source_labels.is_empty() {
        let l: Vec<String> = m.source_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        parts.push(format!("from {}", l.join(",")));
    }
    if let Some(ns) = m.source_namespace.as_deref().filter(|s| !s.is_empty()) {
        parts.push(format!("from namespace {ns}"));
    }
    if !m.gateways.is_empty() {
        parts.push(format!("via {}", m.gateways.join(",")));
    }
    if parts.is_empty() {
        "any request".into()
    } else {
        parts.join(", ")
    }
}

/// A rule's conditions in one line: its blocks joined with `or`; `any
/// request` for a rule without `match`.
pub fn match_summary(rule: &HttpRoute) -> String {
    if rule.matches.is_empty() {
        return "any request".into();
    }
    rule.matches.iter().map(block_summary).collect::<Vec<_>>().join(" or ")
}

/// A node in the destination column.
struct Node {
    key: String,
    title: String,
    detail: String,
    /// A redirect, direct response or delegation rather than a service.
    action: bool,
}

/// An edge from a rule to a node.
struct Edge {
    rule: usize,
    node: usize,
    percent: f64,
    mirror: bool,
    /// Index in the rule's `route` (or among its mirrors).
    index: usize,
}

fn dest_node(s: &Share) -> Node {
    let mut detail = Vec::new();
    if let Some(sub) = &s.subset {
        detail.push(format!("subset {sub}"));
    }
    if let Some(p) = s.port {
        detail.push(format!("port {p}"));
    }
    Node {
        key: format!("d\u{0}{}\u{0}{:?}\u{0}{:?}", s.host, s.subset, s.port),
        title: s.host.clone(),
        detail: detail.join(" · "),
        action: false,
    }
}

/// The node for a rule that does not forward, if it does not.
fn action_node(doc: usize, i: usize, r: &HttpRoute, ns: &str) -> Option<Node> {
    let key = format!("a\u{0}{doc}\u{0}{i}");
    if let Some(rd) = &r.redirect {
        let target =
            format!("{}{}", rd.authority.as_deref().unwrap_or(""), rd.uri.as_deref().unwrap_or(""));
        return Some(Node {
            key,
            title: format!("redirect {}", rd.redirect_code.unwrap_or(301)),
            detail: if target.is_empty() { "same URL".into() } else { target },
            action: true,
        });
    }
    if let Some(d) = &r.direct_response {
        return Some(Node {
            key,
            title: format!("respond {}", d.status),
            detail: "direct response".into(),
            action: true,
        });
    }
    if let Some(d) = r.delegate.as_ref().filter(|_| r.route.is_empty()) {
        return Some(Node {
            key,
            title: "delegate".into(),
            detail: format!(
                "{}/{}",
                d.namespace.as_deref().unwrap_or(ns),
                d.name.as_deref().unwrap_or("")
            ),
            action: true,
        });
    }
    None
}

/// The index of node `n` in `nodes`, adding it when new.
fn node_index(n: Node, nodes: &mut Vec<Node>) -> usize {
    match nodes.iter().position(|m| m.key == n.key) {
        Some(i) => i,
        None => {
            nodes.push(n);
            nodes.len() - 1
        }
    }
}

/// A point of the cubic edge from `(x1, y1)` to `(x2, y2)` at `t`.
fn on_edge(x1: f64, y1: f64, x2: f64, y2: f64, t: f64) -> (f64, f64) {
    let xm = (x1 + x2) / 2.0;
    let u = 1.0 - t;
    let x = x1 * u * u * u + 3.0 * u * u * t * xm + 3.0 * u * t * t * xm + t * t * t * x2;
    let y = y1 * (u * u * u + 3.0 * u * u * t) + y2 * (3.0 * u * t * t + t * t * t);
    (x, y)
}

fn edge_path(x1: i64, y1: i64, x2: i64, y2: i64) -> String {
    let xm = (x1 + x2) / 2;
    format!("M{x1},{y1} C{xm},{y1} {xm},{y2} {x2},{y2}")
}

/// The design as an SVG document, with the options (highlighted rule, id
/// prefix) applied.
pub fn diagram_with(bundle: &Bundle, opts: &DiagramOptions) -> String {
    let p = esc(&opts.id_prefix);
    let mut body = String::new();
    let mut desc: Vec<String> = Vec::new();
    let mut y: i64 = 12;
    let vss: Vec<(usize, &VirtualService)> = bundle.virtual_services().collect();
    if vss.is_empty() {
        let _ = write!(
            body,
            r##"<text x="{HOST_X}" y="36" fill="{MUTED}">No VirtualService in the design yet.</text>"##
        );
        desc.push("The design has no VirtualService.".into());
        y = 60;
    }
    for (doc, vs) in vss {
        y = section(&mut body, &mut desc, doc, vs, y, opts);
    }
    let h = y.max(60);
    let mut out = String::with_capacity(body.len() + 1024);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="td-diagram__svg" width="{W}" height="{h}" viewBox="0 0 {W} {h}" role="img" aria-labelledby="{p}td-diagram-title {p}td-diagram-desc" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"><title id="{p}td-diagram-title">Traffic diagram: hosts, rules and destinations</title><desc id="{p}td-diagram-desc">{}</desc><rect x="0" y="0" width="{W}" height="{h}" fill="#ffffff"/>"##,
        esc(&desc.join(" "))
    );
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// Draws one VirtualService from height `top`; returns the next free height.
fn section(
    out: &mut String,
    desc: &mut Vec<String>,
    doc: usize,
    vs: &VirtualService,
    top: i64,
    opts: &DiagramOptions,
) -> i64 {
    let ns =
        vs.metadata.namespace.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into());
    let rules = &vs.spec.http;
    let gateways =
        if vs.spec.gateways.is_empty() { "mesh".to_string() } else { vs.spec.gateways.join(", ") };
    let catch_all = rules.iter().position(|r| r.matches.is_empty());
    let highlighted = |i: usize| opts.highlight == Some((doc, i));

    // Nodes and edges.
    let mut nodes: Vec<Node> = Vec::new();
    let mut edges: Vec<Edge> = Vec::new();
    let mut rule_desc: Vec<String> = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        let mut said: Vec<String> = Vec::new();
        if let Some(a) = action_node(doc, i, r, &ns) {
            said.push(format!("{} ({})", a.title, a.detail));
            let n = node_index(a, &mut nodes);
            edges.push(Edge { rule: i, node: n, percent: 100.0, mirror: false, index: 0 });
        } else {
            for (k, (d, share)) in r.route.iter().zip(r.shares()).enumerate() {
                let s = Share {
                    host: d.destination.host.clone(),
                    subset: d.destination.subset.clone(),
                    port: d.destination.port.as_ref().and_then(|p| p.number),
                    percent: share,
                };
                said.push(format!("{} to {}", pct(share), share_label(&s)));
                let n = node_index(dest_node(&s), &mut nodes);
                edges.push(Edge { rule: i, node: n, percent: share, mirror: false, index: k });
            }
        }
        for (k, m) in mirror_shares(r).into_iter().enumerate().filter(|(_, m)| m.percent > 0.0) {
            said.push(format!("mirrors {} to {}", pct(m.percent), share_label(&m)));
            let n = node_index(dest_node(&m), &mut nodes);
            edges.push(Edge { rule: i, node: n, percent: m.percent, mirror: true, index: k });
        }
        if let Some(f) = fault(r, &mut Vec::new()) {
            if let Some(d) = &f.delay {
                said.push(format!("delays {} by {}", pct(d.percent), d.fixed_delay));
            }
            if let Some(a) = &f.abort {
                said.push(format!("aborts {}", pct(a.percent)));
            }
        }
        let never = catch_all.is_some_and(|c| i > c);
        rule_desc.push(format!(
            "Rule {} ({}){}: {}.",
            i + 1,
            match_summary(r),
            if never { ", never reached" } else { "" },
            if said.is_empty() { "no destination".to_string() } else { said.join(", ") }
        ));
    }
    desc.push(format!(
        "VirtualService {ns}/{} for hosts {} via {gateways}. {}",
        vs.metadata.name,
        vs.spec.hosts.join(", "),
        if rule_desc.is_empty() {
            "It has no HTTP rules.".to_string()
        } else {
            rule_desc.join(" ")
        }
    ));

    // Layout.
    let content_top = top + 30;
    let n_rules = rules.len().max(1) as i64;
    let rules_h = n_rules * (RULE_H + GAP) - GAP;
    let dests_h = (nodes.len().max(1) as i64) * (DEST_H + GAP) - GAP;
    let host_lines = vs.spec.hosts.len().max(1) as i64 + 1;
    let host_h = 14 + 16 * host_lines;
    let content_h = rules_h.max(dests_h).max(host_h);
    let rule_y = |i: usize| content_top + (content_h - rules_h) / 2 + i as i64 * (RULE_H + GAP);
    let dest_y = |k: usize| content_top + (content_h - dests_h) / 2 + k as i64 * (DEST_H + GAP);
    let host_y = content_top + (content_h - host_h) / 2;
    let host_mid = host_y + host_h / 2;

    let _ = write!(
        out,
        r##"<g data-testid="diagram-vs-{doc}"><text x="{HOST_X}" y="{}" font-weight="600" font-size="13">VirtualService {}/{}</text>"##,
        top + 18,
        esc(&ns),
        esc(&vs.metadata.name)
    );

    // Edges: hosts → rules.
    for i in 0..rules.len() {
        let ry = rule_y(i) + RULE_H / 2;
        let _ = write!(
            out,
            r##"<path d="{}" fill="none" stroke="{BORDER}" stroke-width="1.5"/>"##,
            edge_path(HOST_X + HOST_W, host_mid, RULE_X, ry)
        );
    }
    // Edges: rules → destinations.
    let dim = opts.highlight.is_some_and(|(d, _)| d == doc);
    for e in &edges {
        let (x1, y1) = (RULE_X + RULE_W, rule_y(e.rule) + RULE_H / 2);
        let (x2, y2) = (DEST_X, dest_y(e.node) + DEST_H / 2);
        let opacity = if dim && !highlighted(e.rule) { "0.45" } else { "1" };
        let (stroke, width, dash) = if e.mirror {
            (MIRROR, 2.0, r##" stroke-dasharray="7 5""##)
        } else if e.percent <= 0.0 {
            (BORDER, 1.0, r##" stroke-dasharray="2 4""##)
        } else {
            (ACCENT, 1.5 + e.percent / 10.0, "")
        };
        let what = if e.mirror { "mirror " } else { "" };
        let _ = write!(
            out,
            r##"<g opacity="{opacity}"><title>Rule {} → {}: {what}{}</title><path d="{}" fill="none" stroke="{stroke}" stroke-width="{width:.1}" stroke-linecap="round"{dash}/><path d="M{},{} L{x2},{y2} L{},{} z" fill="{stroke}"/></g>"##,
            e.rule + 1,
            esc(&nodes[e.node].title),
            pct(e.percent),
            edge_path(x1, y1, x2, y2),
            x2 - 8,
            y2 - 5,
            x2 - 8,
            y2 + 5,
        );
    }

    // Host box.
    let _ = write!(
        out,
        r##"<g data-testid="diagram-hosts-{doc}"><rect x="{HOST_X}" y="{host_y}" width="{HOST_W}" height="{host_h}" rx="6" fill="#eef4fb" stroke="{BORDER}"/>"##
    );
    let hosts: Vec<&str> = if vs.spec.hosts.is_empty() {
        vec!["(no hosts)"]
    } else {
        vs.spec.hosts.iter().map(String::as_str).collect()
    };
    for (k, h) in hosts.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" font-weight="600"><title>{}</title>{}</text>"##,
            HOST_X + 10,
            host_y + 20 + 16 * k as i64,
            esc(h),
            esc(&fit(h, 26))
        );
    }
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" fill="{MUTED}" font-size="11">via {}</text></g>"##,
        HOST_X + 10,
        host_y + 20 + 16 * hosts.len() as i64,
        esc(&fit(&gateways, 26))
    );

    // Rule boxes.
    if rules.is_empty() {
        let _ = write!(
            out,
            r##"<text x="{RULE_X}" y="{}" fill="{MUTED}">No HTTP rules: every request gets a 404.</text>"##,
            rule_y(0) + RULE_H / 2
        );
    }
    for (i, r) in rules.iter().enumerate() {
        let ry = rule_y(i);
        let never = catch_all.is_some_and(|c| i > c);
        let hl = highlighted(i);
        let (fill, stroke, sw) = if hl {
            ("#e6f2fb", ACCENT, 3)
        } else if never {
            ("#f1f2f4", BORDER, 1)
        } else {
            ("#ffffff", BORDER, 1)
        };
        let summary = match_summary(r);
        let name = r.name.as_deref().filter(|n| !n.is_empty());
        let heading = match name {
            Some(n) => format!("Rule {}: {}", i + 1, n),
            None => format!("Rule {}", i + 1),
        };
        let _ = write!(
            out,
            r##"<g data-testid="diagram-rule-{doc}-{i}" data-highlighted="{hl}"><title>{}: {}</title><rect x="{RULE_X}" y="{ry}" width="{RULE_W}" height="{RULE_H}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"/><text x="{}" y="{}" font-weight="600"{}>{}</text><text x="{}" y="{}" fill="{MUTED}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="11">{}</text>"##,
            esc(&heading),
            esc(&summary),
            RULE_X + 10,
            ry + 18,
            if never { r##" fill="#6b7280""## } else { "" },
            esc(&fit(&heading, 40)),
            RULE_X + 10,
            ry + 35,
            esc(&fit(&summary, 42)),
        );
        // Badges.
        let mut badges: Vec<(String, &str, &str)> = Vec::new();
        if never {
            badges.push(("never reached".into(), "#f1f2f4", "#4f5862"));
        }
        if let Some(f) = fault(r, &mut Vec::new()) {
            if let Some(d) = &f.delay {
                badges.push((
                    format!("delay {} · {}", d.fixed_delay, pct(d.percent)),
                    "#fff4df",
                    "#7a4a00",
                ));
            }
            if let Some(a) = &f.abort {
                let what = a
                    .http_status
                    .map(|s| s.to_string())
                    .or_else(|| a.grpc_status.clone())
                    .unwrap_or_default();
                badges.push((format!("abort {what} · {}", pct(a.percent)), "#fdecec", "#a4161a"));
            }
        }
        if hl {
            badges.push(("matched".into(), ACCENT, "#ffffff"));
        }
        let mut bx = RULE_X + 10;
        for (k, (text, bg, fg)) in badges.iter().enumerate() {
            let text = fit(text, 28);
            let w = 10 + 6 * text.chars().count() as i64;
            if bx + w > RULE_X + RULE_W - 6 {
                break;
            }
            let _ = write!(
                out,
                r##"<g data-testid="diagram-badge-{doc}-{i}-{k}"><rect x="{bx}" y="{}" width="{w}" height="15" rx="7" fill="{bg}" stroke="{fg}" stroke-width="0.5"/><text x="{}" y="{}" fill="{fg}" font-size="10">{}</text></g>"##,
                ry + 43,
                bx + 5,
                ry + 54,
                esc(&text)
            );
            bx += w + 6;
        }
        out.push_str("</g>");
    }

    // Destination boxes.
    for (k, n) in nodes.iter().enumerate() {
        let dy = dest_y(k);
        let fill = if n.action { "#fff4df" } else { "#f6f7f9" };
        let _ = write!(
            out,
            r##"<g data-testid="diagram-dest-{doc}-{k}"><title>{} {}</title><rect x="{DEST_X}" y="{dy}" width="{DEST_W}" height="{DEST_H}" rx="6" fill="{fill}" stroke="{BORDER}"/><text x="{}" y="{}" font-weight="600">{}</text><text x="{}" y="{}" fill="{MUTED}" font-size="11">{}</text></g>"##,
            esc(&n.title),
            esc(&n.detail),
            DEST_X + 10,
            dy + 17,
            esc(&fit(&n.title, 34)),
            DEST_X + 10,
            dy + 33,
            esc(&fit(&n.detail, 38)),
        );
    }

    // Labels last, over everything.
    for e in &edges {
        if nodes[e.node].action {
            continue;
        }
        let (x1, y1) = ((RULE_X + RULE_W) as f64, (rule_y(e.rule) + RULE_H / 2) as f64);
        let (x2, y2) = (DEST_X as f64, (dest_y(e.node) + DEST_H / 2) as f64);
        let (t, id, text, fill) = if e.mirror {
            (
                0.62,
                format!("diagram-mirror-{doc}-{}-{}", e.rule, e.index),
                format!("mirror {}", pct(e.percent)),
                MIRROR,
            )
        } else {
            (0.42, format!("diagram-share-{doc}-{}-{}", e.rule, e.index), pct(e.percent), ACCENT)
        };
        let (x, y) = on_edge(x1, y1, x2, y2, t);
        let _ = write!(
            out,
            r##"<text data-testid="{id}" x="{x:.1}" y="{:.1}" text-anchor="middle" font-weight="600" fill="{fill}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
            y + 4.0,
            esc(&text)
        );
    }
    out.push_str("</g>");
    content_top + content_h + 28
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_fits() {
        assert_eq!(esc("<a href='x'>&\"\u{1}"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;\u{fffd}");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
    }

    #[test]
    fn edge_points_follow_the_curve() {
        assert_eq!(on_edge(0.0, 0.0, 10.0, 10.0, 0.0), (0.0, 0.0));
        assert_eq!(on_edge(0.0, 0.0, 10.0, 10.0, 1.0), (10.0, 10.0));
        assert_eq!(on_edge(0.0, 0.0, 10.0, 10.0, 0.5), (5.0, 5.0));
    }
}
