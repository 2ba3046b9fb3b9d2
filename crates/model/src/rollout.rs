//! Rollout plans: traffic shifting as the sequence of phases a team applies,
//! with the way back ready at every step.
//!
//! A [`RolloutPlan`] names the subsets of the design's weighted HTTP rule
//! (in the rule's destination order), which of them is stable, and the
//! phases: a weight per subset and how long to hold (a Go duration, or none
//! for "until someone moves on"). [`RolloutPlan::standard`] is the table
//! of the seed document: Start 100/0, Canary 90/10 for 1h, Expand 75/25
//! for 2h, Half 50/50 for 4h, Promote 0/100.
//!
//! From a plan and the design ([`Bundle`]) this module derives:
//! - one apply-ready manifest per phase ([`phase_bundle`]): the design with
//!   only the weighted rule's weights changed, named by [`file_name`]
//!   (`02-canary-90-10.yaml`), and all of them in one commented file
//!   ([`all_phases_yaml`]);
//! - the rollback manifest ([`rollback_bundle`]): stable 100, others 0;
//! - Argo Rollouts ([`to_argo`]) and Flagger ([`to_flagger`]) resources,
//!   each with warnings where the format cannot say what the plan says;
//! - the five steps of applying one phase, as shell commands and as agent
//!   tool calls ([`workflow`]);
//! - the differences between a live VirtualService and the expected one
//!   ([`verify`]).
//!
//! Plans are checked by [`validate_plan`] (codes `TDZ4xxx`). Like the rest
//! of the model, nothing here panics on any input.

use std::fmt::{self, Write as _};

use serde_json::{json, Map, Value};

use crate::bundle::{ApiVersion, Bundle, Document};
use crate::codes;
use crate::diagnostic::{Code, Diagnostic};
use crate::meta;
use crate::virtual_service::{Destination, HttpRoute, HttpRouteDestination, VirtualService};
use crate::yaml;

/// File name of the rollback manifest.
pub const ROLLBACK_FILE: &str = "rollback.yaml";

/// File name of the file holding every phase ([`all_phases_yaml`]).
pub const ALL_PHASES_FILE: &str = "all-phases.yaml";

/// File name of the Argo Rollouts resource ([`to_argo`]).
pub const ARGO_FILE: &str = "argo-rollout.yaml";

/// File name of the Flagger resource ([`to_flagger`]).
pub const FLAGGER_FILE: &str = "flagger-canary.yaml";

/// The seed document's table, as (name, canary percent, hold).
pub const STANDARD: &[(&str, i32, Option<&str>)] = &[
    ("Start", 0, None),
    ("Canary", 10, Some("1h")),
    ("Expand", 25, Some("2h")),
    ("Half", 50, Some("4h")),
    ("Promote", 100, None),
];

/// A sequence of weight changes for one HTTP rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RolloutPlan {
    /// The subset that serves everything before the rollout and after a
    /// rollback; one of `subsets`.
    pub stable: String,
    /// The subsets the phases weigh, in the rule's destination order. A
    /// destination without a subset is named by its host.
    pub subsets: Vec<String>,
    /// The phases, in the order they are applied.
    pub phases: Vec<Phase>,
}

/// One step of a plan: the weights to apply, and how long to hold them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Phase {
    /// Human name (`Canary`); used in file names and comments.
    pub name: String,
    /// One weight per subset, in the order of [`RolloutPlan::subsets`].
    pub weights: Vec<i32>,
    /// How long to hold this phase before the next one, as a Go duration
    /// (`1h`, `30m`, `1h30m`); `None` holds until someone moves on.
    pub duration: Option<String>,
}

/// Where the plan applies: the weighted HTTP rule of the design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanTarget {
    /// Index of the VirtualService in the bundle.
    pub document: usize,
    /// Index of the rule in its `spec.http`.
    pub rule: usize,
}

/// A `--phases` text that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhasesError {
    /// Index of the offending item (0-based), counting comma-separated items.
    pub item: usize,
    /// The item as written.
    pub text: String,
    /// What is wrong, one sentence.
    pub message: String,
}

impl fmt::Display for PhasesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "phase {} (`{}`): {}", self.item + 1, self.text, self.message)
    }
}

impl std::error::Error for PhasesError {}

/// One step of applying a phase: what to run in a shell, and the same as
/// agent tool calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkflowStep {
    /// Short title (`Apply phase 2: Canary 90/10`).
    pub title: String,
    /// One sentence on why.
    pub detail: String,
    /// Shell commands, filled in, ready to paste.
    pub commands: String,
    /// The same step as agent tool calls (Python syntax), filled in.
    pub tool_calls: String,
}

/// One field where the live resource differs from the expected one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Field path (`spec.http[0].route[1].weight`).
    pub path: String,
    /// The expected value (compact JSON for structures), or `None` when the
    /// field should not be there.
    pub expected: Option<String>,
    /// The live value, or `None` when the live resource lacks the field.
    pub live: Option<String>,
}

/// One bar of the timeline picture: a phase's shares from `start` on.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineSegment {
    /// Index of the phase.
    pub phase: usize,
    /// Seconds from the start of the rollout (holds without a duration
    /// count as 0).
    pub start: f64,
    /// How long the phase holds, in seconds; `None` until someone moves on
    /// (or when the duration does not parse).
    pub seconds: Option<f64>,
    /// Each subset's share of the traffic, in percent.
    pub shares: Vec<f64>,
}

// ------------------------------------------------------------------ phases

impl Phase {
    /// Sum of the weights (negative weights count as 0).
    pub fn total(&self) -> i64 {
        self.weights.iter().map(|w| i64::from((*w).max(0))).sum()
    }

    /// Each subset's share in percent (0 for all when the total is 0).
    pub fn shares(&self) -> Vec<f64> {
        let total = self.total();
        self.weights
            .iter()
            .map(|w| if total == 0 { 0.0 } else { 100.0 * f64::from((*w).max(0)) / total as f64 })
            .collect()
    }

    /// The weights as `90/10`.
    pub fn weights_text(&self) -> String {
        self.weights.iter().map(i32::to_string).collect::<Vec<_>>().join("/")
    }

    /// `Canary 90/10`, or just the weights when the phase has no name.
    pub fn label(&self) -> String {
        let name = self.name.trim();
        if name.is_empty() {
            self.weights_text()
        } else {
            format!("{name} {}", self.weights_text())
        }
    }
}

impl RolloutPlan {
    /// The seed document's table for `subsets`: the first is stable, the
    /// second the canary, any others stay at 0.
    pub fn standard(subsets: Vec<String>) -> Self {
        let stable = subsets.first().cloned().unwrap_or_default();
        Self::standard_with_stable(subsets, &stable)
    }

    /// The seed document's table for `subsets` with `stable` as the stable
    /// subset; the canary is the first other subset.
    pub fn standard_with_stable(subsets: Vec<String>, stable: &str) -> Self {
        let s = subsets.iter().position(|x| x == stable);
        let c = subsets.iter().enumerate().position(|(i, _)| Some(i) != s);
        let phases = STANDARD
            .iter()
            .map(|(name, canary, hold)| {
                let mut weights = vec![0; subsets.len()];
                match (s, c) {
                    (Some(s), Some(c)) => {
                        weights[s] = 100 - canary;
                        weights[c] = *canary;
                    }
                    (Some(s), None) => weights[s] = 100,
                    (None, Some(c)) => weights[c] = 100,
                    (None, None) => {}
                }
                Phase { name: (*name).to_string(), weights, duration: hold.map(str::to_string) }
            })
            .collect();
        RolloutPlan { stable: stable.to_string(), subsets, phases }
    }

    /// The standard plan for the design's weighted rule ([`target`]): its
    /// destinations' subsets in order (topped up to two from the
    /// DestinationRule of the rule's host when the rule has one
    /// destination), the one with the highest weight now as stable. A
    /// design without a rule to shift gets `v1`/`v2` (or the first
    /// DestinationRule's first two subsets).
    pub fn from_bundle(bundle: &Bundle) -> Self {
        let Some((vs, t)) = target_vs(bundle) else {
            let subsets: Vec<String> = bundle
                .destination_rules()
                .next()
                .map(|(_, dr)| dr.spec.subsets.iter().take(2).map(|s| s.name.clone()).collect())
                .filter(|s: &Vec<String>| !s.is_empty())
                .unwrap_or_else(|| vec!["v1".into(), "v2".into()]);
            return Self::standard(subsets);
        };
        let rule = &vs.spec.http[t.rule];
        let mut subsets: Vec<String> = Vec::new();
        for d in &rule.route {
            let id = dest_id(d).to_string();
            if !subsets.contains(&id) {
                subsets.push(id);
            }
        }
        if subsets.len() < 2 {
            let host = rule.route.first().map(|d| d.destination.host.as_str()).unwrap_or("");
            for (_, dr) in bundle.destination_rules() {
                if short_host(&dr.spec.host) != short_host(host) {
                    continue;
                }
                for s in &dr.spec.subsets {
                    if subsets.len() < 2 && !s.name.is_empty() && !subsets.contains(&s.name) {
                        subsets.push(s.name.clone());
                    }
                }
            }
        }
        // The stable subset: the highest weight now (the first on a tie).
        let mut stable = subsets.first().cloned().unwrap_or_default();
        let mut best = i64::MIN;
        for d in &rule.route {
            let w = i64::from(d.weight.unwrap_or(if rule.route.len() == 1 { 100 } else { 0 }));
            if w > best {
                best = w;
                stable = dest_id(d).to_string();
            }
        }
        Self::standard_with_stable(subsets, &stable)
    }

    /// [`RolloutPlan::from_bundle`] with the phases of a `--phases` text
    /// ([`parse_phases`]) and, when given, another stable subset. Phases
    /// without a name are named by [`RolloutPlan::fill_names`].
    pub fn from_bundle_and_text(
        bundle: &Bundle,
        phases: &str,
        stable: Option<&str>,
    ) -> Result<Self, PhasesError> {
        let mut plan = Self::from_bundle(bundle);
        plan.phases = parse_phases(phases)?;
        if let Some(s) = stable {
            plan.stable = s.to_string();
        }
        plan.fill_names();
        Ok(plan)
    }

    /// The phases as a `--phases` text ([`parse_phases`] reads it back),
    /// names included: `Start=100/0,Canary=90/10:1h,…`.
    pub fn to_phases_text(&self) -> String {
        self.phases
            .iter()
            .map(|p| {
                let name: String =
                    p.name.chars().filter(|c| !matches!(c, ',' | '=' | ':' | '/' | '\n')).collect();
                let weights: Vec<String> = p.weights.iter().map(i32::to_string).collect();
                let mut item = if name.trim().is_empty() {
                    weights.join("/")
                } else {
                    format!("{}={}", name.trim(), weights.join("/"))
                };
                if let Some(d) = &p.duration {
                    item.push(':');
                    item.push_str(d);
                }
                item
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Index of the stable subset, if it is in the plan.
    pub fn stable_index(&self) -> Option<usize> {
        self.subsets.iter().position(|s| *s == self.stable)
    }

    /// Index of the canary: the first other subset that some phase gives
    /// weight to, or else the first other subset.
    pub fn canary_index(&self) -> Option<usize> {
        let s = self.stable_index();
        let others: Vec<usize> = (0..self.subsets.len()).filter(|i| Some(*i) != s).collect();
        others
            .iter()
            .copied()
            .find(|&i| self.phases.iter().any(|p| p.weights.get(i).is_some_and(|w| *w > 0)))
            .or_else(|| others.first().copied())
    }

    /// The weights of the rollback: stable 100, every other subset 0.
    pub fn rollback_weights(&self) -> Vec<i32> {
        self.subsets.iter().map(|s| if *s == self.stable { 100 } else { 0 }).collect()
    }

    /// The rollback as a phase (`Rollback 100/0`, no hold).
    pub fn rollback_phase(&self) -> Phase {
        Phase { name: "Rollback".into(), weights: self.rollback_weights(), duration: None }
    }

    /// Gives every phase without a name one from its weights: `Start` (the
    /// first phase, all on stable), `Rollback` (a later one all on stable),
    /// `Promote` (nothing left on stable), `Half` (two subsets at equal
    /// weight) or `Even` (several at equal weight), `Canary` (the first
    /// partial shift), `Expand` (the later ones).
    pub fn fill_names(&mut self) {
        let stable = self.stable_index();
        let mut seen_partial = false;
        for (i, p) in self.phases.iter_mut().enumerate() {
            let positive: Vec<usize> = (0..p.weights.len()).filter(|&j| p.weights[j] > 0).collect();
            let auto = if positive.len() == 1 && Some(positive[0]) == stable {
                if i == 0 {
                    "Start"
                } else {
                    "Rollback"
                }
            } else if positive.len() == 1
                || (positive.len() > 1 && stable.is_some_and(|s| p.weights.get(s) == Some(&0)))
            {
                "Promote"
            } else if positive.len() >= 2
                && positive.len() == p.weights.len()
                && p.weights.iter().all(|w| *w == p.weights[0])
            {
                if positive.len() == 2 {
                    "Half"
                } else {
                    "Even"
                }
            } else if !seen_partial {
                "Canary"
            } else {
                "Expand"
            };
            if positive.len() >= 2 {
                seen_partial = true;
            }
            if p.name.trim().is_empty() {
                p.name = auto.to_string();
            }
        }
    }

    /// Inserts a phase at `at` (clamped): a copy of the phase before it
    /// (all on stable when there is none), named `Hold`, held for 1h.
    pub fn insert_phase(&mut self, at: usize) {
        let at = at.min(self.phases.len());
        let weights = match at.checked_sub(1).and_then(|i| self.phases.get(i)) {
            Some(p) => p.weights.clone(),
            None => self.rollback_weights(),
        };
        self.phases.insert(at, Phase { name: "Hold".into(), weights, duration: Some("1h".into()) });
    }

    /// Removes phase `index`; does nothing when there is none.
    pub fn remove_phase(&mut self, index: usize) {
        if index < self.phases.len() {
            self.phases.remove(index);
        }
    }

    /// Moves phase `from` to position `to`; does nothing when either is out
    /// of range.
    pub fn move_phase(&mut self, from: usize, to: usize) {
        if from < self.phases.len() && to < self.phases.len() && from != to {
            let p = self.phases.remove(from);
            self.phases.insert(to, p);
        }
    }

    /// Sets the weight of subset `subset` in phase `phase`, growing the
    /// phase's weight list when it is short.
    pub fn set_weight(&mut self, phase: usize, subset: usize, weight: i32) {
        let n = self.subsets.len();
        if let Some(p) = self.phases.get_mut(phase) {
            if subset < n {
                if p.weights.len() < n {
                    p.weights.resize(n, 0);
                }
                p.weights[subset] = weight;
            }
        }
    }

    /// Sets the hold of phase `phase`; blank text means no hold.
    pub fn set_duration(&mut self, phase: usize, text: &str) {
        if let Some(p) = self.phases.get_mut(phase) {
            let t = text.trim();
            p.duration = if t.is_empty() { None } else { Some(t.to_string()) };
        }
    }

    /// Renames phase `phase`.
    pub fn set_name(&mut self, phase: usize, name: &str) {
        if let Some(p) = self.phases.get_mut(phase) {
            p.name = name.to_string();
        }
    }

    /// Adds subset `name` (weight 0 in every phase); does nothing when it
    /// is blank or already in the plan.
    pub fn add_subset(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || self.subsets.iter().any(|s| s == name) {
            return;
        }
        let n = self.subsets.len();
        self.subsets.push(name.to_string());
        for p in &mut self.phases {
            p.weights.resize(n, 0);
            p.weights.push(0);
        }
    }

    /// Removes subset `index` and its weight in every phase; when it was
    /// stable, the first remaining subset becomes stable.
    pub fn remove_subset(&mut self, index: usize) {
        if index >= self.subsets.len() {
            return;
        }
        let removed = self.subsets.remove(index);
        for p in &mut self.phases {
            if index < p.weights.len() {
                p.weights.remove(index);
            }
        }
        if removed == self.stable {
            self.stable = self.subsets.first().cloned().unwrap_or_default();
        }
    }

    /// Each phase's place on a time line: start, hold and shares.
    pub fn timeline(&self) -> Vec<TimelineSegment> {
        let mut start = 0.0;
        self.phases
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let seconds = p.duration.as_deref().and_then(duration_seconds);
                let seg = TimelineSegment { phase: i, start, seconds, shares: p.shares() };
                start += seconds.unwrap_or(0.0);
                seg
            })
            .collect()
    }

    /// Total of the holds that have a duration, in seconds.
    pub fn total_seconds(&self) -> f64 {
        self.phases.iter().filter_map(|p| p.duration.as_deref().and_then(duration_seconds)).sum()
    }

    /// The plan in words, one sentence per phase, for screen readers and
    /// the timeline's `<desc>`.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.phases.iter().enumerate() {
            let shares = p.shares();
            let parts: Vec<String> = self
                .subsets
                .iter()
                .enumerate()
                .map(|(j, s)| format!("{s} {}%", round1(shares.get(j).copied().unwrap_or(0.0))))
                .collect();
            let hold = match &p.duration {
                Some(d) => format!("for {d}"),
                None => "until someone moves on".to_string(),
            };
            let name = if p.name.trim().is_empty() { "(unnamed)" } else { p.name.trim() };
            let _ = write!(out, "Phase {} {name}: {}, {hold}. ", i + 1, parts.join(", "));
        }
        let _ = write!(out, "Total hold {}.", format_seconds(self.total_seconds()));
        out
    }
}

/// Reads a `--phases` text: comma-separated phases, each
/// `[NAME=]W/W[/W…][:DURATION]`, for example `90/10:1h,75/25:2h,50/50:4h,0/100`
/// or `canary=95/5:30m`. The weights name the subsets in order. Names are
/// left empty when not given (see [`RolloutPlan::fill_names`]); durations
/// and weight counts are checked by [`validate_plan`].
pub fn parse_phases(text: &str) -> Result<Vec<Phase>, PhasesError> {
    let mut out = Vec::new();
    let items: Vec<&str> = text.split(',').collect();
    for (i, raw) in items.iter().enumerate() {
        let item = raw.trim();
        let err = |m: &str| PhasesError { item: i, text: item.to_string(), message: m.to_string() };
        if item.is_empty() {
            if i + 1 == items.len() && i > 0 {
                continue; // a trailing comma
            }
            return Err(err("empty phase; write weights such as `90/10`"));
        }
        let (name, rest) = match item.split_once('=') {
            Some((n, r)) => {
                if n.trim().is_empty() {
                    return Err(err("empty name before `=`"));
                }
                (n.trim().to_string(), r.trim())
            }
            None => (String::new(), item),
        };
        let (weights_text, duration) = match rest.split_once(':') {
            Some((w, d)) => {
                let d = d.trim();
                if d.is_empty() {
                    return Err(err("empty duration after `:`; write one such as `1h`"));
                }
                (w.trim(), Some(d.to_string()))
            }
            None => (rest, None),
        };
        if weights_text.is_empty() {
            return Err(err("no weights; write them such as `90/10`"));
        }
        let mut weights = Vec::new();
        for w in weights_text.split('/') {
            match w.trim().parse::<i32>() {
                Ok(v) => weights.push(v),
                Err(_) => {
                    return Err(err(&format!(
                        "`{}` is not a whole number; weights are integers such as `90/10`",
                        w.trim()
                    )))
                }
            }
        }
        out.push(Phase { name, weights, duration });
    }
    if out.is_empty() {
        return Err(PhasesError {
            item: 0,
            text: String::new(),
            message: "no phases; write them such as `90/10:1h,50/50:4h,0/100`".into(),
        });
    }
    Ok(out)
}

// --------------------------------------------------------------- durations

/// Parses a Go duration (`time.ParseDuration`: `300ms`, `1.5h`, `2h45m`,
/// a bare `0`; units `ns`, `us`, `µs`, `ms`, `s`, `m`, `h`) into
/// nanoseconds. The error says what is wrong, in Go's terms.
pub fn parse_go_duration(text: &str) -> Result<i64, String> {
    const LIMIT: u128 = 1 << 63;
    let invalid = || format!("`{text}` is not a valid duration");
    let mut s = text;
    let mut neg = false;
    if let Some(rest) = s.strip_prefix('-') {
        neg = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let int_part = &s[..int_len];
        s = &s[int_len..];
        let mut frac = "";
        if let Some(rest) = s.strip_prefix('.') {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            frac = &rest[..n];
            s = &rest[n..];
        }
        if int_part.is_empty() && frac.is_empty() {
            return Err(invalid());
        }
        let unit_len = s.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(s.len());
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let scale: u128 = match unit {
            "" => return Err(format!("`{text}` has no unit (write `{text}s`, `{text}m`, …)")),
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            other => {
                return Err(format!(
                    "`{text}` uses the unit `{other}`, which is not one of ns, us, ms, s, m, h"
                ))
            }
        };
        if int_part.len() > 20 {
            return Err(invalid());
        }
        let v: u128 =
            if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
        total = total.saturating_add(v.saturating_mul(scale));
        if !frac.is_empty() {
            let digits = &frac[..frac.len().min(18)];
            let f: u128 = digits.parse().map_err(|_| invalid())?;
            let div = 10u128.pow(u32::try_from(digits.len()).unwrap_or(18));
            total = total.saturating_add(f.saturating_mul(scale) / div);
        }
        if total > LIMIT || (!neg && total == LIMIT) {
            return Err(invalid());
        }
    }
    let v = i64::try_from(total).unwrap_or(i64::MAX);
    Ok(if neg { v.saturating_neg() } else { v })
}

/// A Go duration in seconds, when it parses and is not negative.
pub fn duration_seconds(text: &str) -> Option<f64> {
    parse_go_duration(text.trim()).ok().filter(|n| *n >= 0).map(|n| n as f64 / 1e9)
}

/// Seconds as a short Go-style duration: `0`, `45s`, `1h`, `1h30m`, `2m5s`,
/// `500ms`.
pub fn format_seconds(seconds: f64) -> String {
    if !seconds.is_finite() || seconds <= 0.0 {
        return "0".into();
    }
    if seconds < 1.0 {
        return format!("{}ms", (seconds * 1000.0).round());
    }
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    let mut out = String::new();
    if h > 0 {
        let _ = write!(out, "{h}h");
    }
    if m > 0 {
        let _ = write!(out, "{m}m");
    }
    if s > 0 || out.is_empty() {
        let _ = write!(out, "{s}s");
    }
    out
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

// -------------------------------------------------------------- validation

fn plan_diag(code: &'static Code, path: impl Into<String>, message: String) -> Diagnostic {
    let mut d = Diagnostic::new(code, path, message);
    d.kind = "RolloutPlan".into();
    d
}

/// Checks a plan on its own: subsets, the stable subset, and every phase's
/// weights and hold. Paths are plan paths (`phases[1].duration`,
/// `phases[2].weights[0]`, `stable`, `subsets[1]`).
pub fn validate_plan(plan: &RolloutPlan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if plan.subsets.is_empty() {
        out.push(
            plan_diag(&codes::PLAN_SUBSETS_INVALID, "subsets", "the plan has no subsets".into())
                .with_help("shift between the destinations of an HTTP rule with two or more"),
        );
    }
    for (i, s) in plan.subsets.iter().enumerate() {
        if s.trim().is_empty() {
            out.push(plan_diag(
                &codes::PLAN_SUBSETS_INVALID,
                format!("subsets[{i}]"),
                format!("subset {} has no name", i + 1),
            ));
        } else if plan.subsets[..i].contains(s) {
            out.push(
                plan_diag(
                    &codes::PLAN_SUBSETS_INVALID,
                    format!("subsets[{i}]"),
                    format!("subset `{s}` is listed twice"),
                )
                .with_help("list each subset once"),
            );
        }
    }
    if !plan.subsets.is_empty() && plan.stable_index().is_none() {
        out.push(
            plan_diag(
                &codes::PLAN_STABLE_UNKNOWN,
                "stable",
                format!(
                    "the stable subset `{}` is not one of the plan's subsets ({})",
                    plan.stable,
                    plan.subsets.join(", ")
                ),
            )
            .with_help("choose the subset that serves everything today"),
        );
    }
    if plan.phases.is_empty() {
        out.push(
            plan_diag(&codes::PLAN_NO_PHASES, "phases", "the plan has no phases".into())
                .with_help("add phases, or reset to the standard plan"),
        );
    }
    let n = plan.subsets.len();
    for (i, p) in plan.phases.iter().enumerate() {
        let base = format!("phases[{i}]");
        let label = format!("phase {} ({})", i + 1, p.label());
        if p.weights.len() != n {
            out.push(
                plan_diag(
                    &codes::PLAN_WEIGHTS_COUNT,
                    format!("{base}.weights"),
                    format!(
                        "{label} gives {} weight{} for {n} subset{} ({})",
                        p.weights.len(),
                        if p.weights.len() == 1 { "" } else { "s" },
                        if n == 1 { "" } else { "s" },
                        plan.subsets.join(", ")
                    ),
                )
                .with_help("give one weight per subset, in the order of the rule's destinations"),
            );
        }
        for (j, w) in p.weights.iter().enumerate() {
            if *w < 0 {
                let subset = plan.subsets.get(j).map(String::as_str).unwrap_or("?");
                out.push(
                    plan_diag(
                        &codes::PLAN_WEIGHT_NEGATIVE,
                        format!("{base}.weights[{j}]"),
                        format!("{label} gives `{subset}` the negative weight {w}"),
                    )
                    .with_help("weights are 0 or more"),
                );
            }
        }
        let total = p.total();
        if !p.weights.is_empty() && total == 0 {
            out.push(
                plan_diag(
                    &codes::PLAN_WEIGHTS_ZERO_TOTAL,
                    format!("{base}.weights"),
                    format!("{label}: the weights add up to 0, so no destination gets traffic"),
                )
                .with_help("give at least one subset a positive weight"),
            );
        } else if total != 100 && p.weights.iter().all(|w| *w >= 0) && !p.weights.is_empty() {
            out.push(
                plan_diag(
                    &codes::PLAN_WEIGHTS_NOT_100,
                    format!("{base}.weights"),
                    format!(
                        "{label}: the weights add up to {total}, not 100; Istio splits by share ({})",
                        p.shares().iter().map(|s| format!("{}%", round1(*s))).collect::<Vec<_>>().join(", ")
                    ),
                )
                .with_help("make them add up to 100 so that each weight reads as a percentage"),
            );
        }
        if let Some(d) = &p.duration {
            let problem = match parse_go_duration(d.trim()) {
                Ok(ns) if ns < 0 => Some(format!("`{d}` is negative")),
                Ok(_) => None,
                Err(e) => Some(e),
            };
            if let Some(problem) = problem {
                out.push(
                    plan_diag(
                        &codes::PLAN_DURATION_INVALID,
                        format!("{base}.duration"),
                        format!("{label}: the hold {problem}"),
                    )
                    .with_help("write a Go duration such as `30m`, `1h` or `1h30m` (no `d`), or leave it empty to hold until someone moves on"),
                );
            }
        }
    }
    out
}

/// [`validate_plan`], plus whether the design has a rule to shift.
pub fn validate_plan_for(bundle: &Bundle, plan: &RolloutPlan) -> Vec<Diagnostic> {
    let mut out = validate_plan(plan);
    if target(bundle).is_none() {
        out.push(
            plan_diag(
                &codes::PLAN_NO_ROUTE,
                "",
                "the design has no VirtualService HTTP rule with destinations to shift".into(),
            )
            .with_help("add a VirtualService whose HTTP rule routes to the subsets"),
        );
    }
    out
}

// ----------------------------------------------------------------- targets

/// A destination's name in a plan: its subset, or its host when it has none.
fn dest_id(d: &HttpRouteDestination) -> &str {
    d.destination.subset.as_deref().filter(|s| !s.is_empty()).unwrap_or(&d.destination.host)
}

/// `reviews` of `reviews.default.svc.cluster.local`.
fn short_host(host: &str) -> &str {
    host.split('.').next().unwrap_or(host)
}

fn weighted_rule(vs: &VirtualService) -> Option<usize> {
    let http = &vs.spec.http;
    http.iter()
        .position(|r| r.route.len() >= 2)
        .or_else(|| http.iter().rposition(|r| !r.route.is_empty()))
}

/// The rule a plan shifts: in the first VirtualService that has an HTTP
/// rule with destinations, the first rule with two or more destinations,
/// or else the last rule with destinations (the default route).
pub fn target(bundle: &Bundle) -> Option<PlanTarget> {
    bundle
        .virtual_services()
        .find_map(|(document, vs)| weighted_rule(vs).map(|rule| PlanTarget { document, rule }))
}

/// Subsets the design's DestinationRules define for the weighted rule's
/// host that the plan does not weigh yet (candidates for
/// [`RolloutPlan::add_subset`]), in definition order.
pub fn available_subsets(bundle: &Bundle, plan: &RolloutPlan) -> Vec<String> {
    let Some((vs, t)) = target_vs(bundle) else { return Vec::new() };
    let host =
        vs.spec.http[t.rule].route.first().map(|d| d.destination.host.as_str()).unwrap_or("");
    let mut out: Vec<String> = Vec::new();
    for (_, dr) in bundle.destination_rules() {
        if short_host(&dr.spec.host) != short_host(host) {
            continue;
        }
        for s in &dr.spec.subsets {
            if !s.name.is_empty() && !plan.subsets.contains(&s.name) && !out.contains(&s.name) {
                out.push(s.name.clone());
            }
        }
    }
    out
}

fn target_vs(bundle: &Bundle) -> Option<(&VirtualService, PlanTarget)> {
    let t = target(bundle)?;
    match bundle.documents.get(t.document) {
        Some(Document::VirtualService(vs)) => Some((vs, t)),
        _ => None,
    }
}

/// The namespace of a resource, `default` when it has none.
fn namespace_or_default(vs: &VirtualService) -> String {
    vs.metadata.namespace.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into())
}

/// Sets the weights of the target rule: the plan's subsets get `weights`
/// in order (missing destinations are added, on the rule's host), other
/// destinations get 0.
fn set_rule_weights(
    rule: &mut HttpRoute,
    fallback_host: &str,
    plan: &RolloutPlan,
    weights: &[i32],
) {
    let host = rule
        .route
        .first()
        .map(|d| d.destination.host.clone())
        .unwrap_or_else(|| fallback_host.to_string());
    for d in &mut rule.route {
        let w = plan
            .subsets
            .iter()
            .position(|s| s == dest_id(d))
            .map(|j| weights.get(j).copied().unwrap_or(0))
            .unwrap_or(0);
        d.weight = Some(w.max(0));
    }
    for (j, s) in plan.subsets.iter().enumerate() {
        if s.is_empty() || rule.route.iter().any(|d| dest_id(d) == s) {
            continue;
        }
        rule.route.push(HttpRouteDestination {
            destination: Destination::subset(&host, s),
            weight: Some(weights.get(j).copied().unwrap_or(0).max(0)),
            ..Default::default()
        });
    }
}

fn with_weights(bundle: &Bundle, plan: &RolloutPlan, weights: &[i32]) -> Bundle {
    let mut out = bundle.clone();
    if let Some(t) = target(bundle) {
        if let Some(Document::VirtualService(vs)) = out.documents.get_mut(t.document) {
            let fallback = vs.spec.hosts.first().cloned().unwrap_or_default();
            if let Some(rule) = vs.spec.http.get_mut(t.rule) {
                set_rule_weights(rule, &fallback, plan, weights);
            }
        }
    }
    out
}

// --------------------------------------------------------------- manifests

/// The manifest of phase `index`: the whole design with only the weighted
/// rule's weights changed, so that the file is apply-ready and validates on
/// its own (the DestinationRule comes along; applying it unchanged is a
/// no-op). An index past the end gives the design unchanged.
pub fn phase_bundle(bundle: &Bundle, plan: &RolloutPlan, index: usize) -> Bundle {
    match plan.phases.get(index) {
        Some(p) => with_weights(bundle, plan, &p.weights),
        None => bundle.clone(),
    }
}

/// The rollback manifest: the design with the stable subset at 100 and
/// every other subset of the rule at 0.
pub fn rollback_bundle(bundle: &Bundle, plan: &RolloutPlan) -> Bundle {
    with_weights(bundle, plan, &plan.rollback_weights())
}

/// The VirtualService a phase changes, with the phase's weights (`None`
/// when the design has no rule to shift or there is no such phase).
pub fn phase_virtual_service(
    bundle: &Bundle,
    plan: &RolloutPlan,
    index: usize,
) -> Option<VirtualService> {
    let t = target(bundle)?;
    let p = plan.phases.get(index)?;
    match with_weights(bundle, plan, &p.weights).documents.into_iter().nth(t.document) {
        Some(Document::VirtualService(vs)) => Some(vs),
        _ => None,
    }
}

/// The rollback's VirtualService (`None` when there is no rule to shift).
pub fn rollback_virtual_service(bundle: &Bundle, plan: &RolloutPlan) -> Option<VirtualService> {
    let t = target(bundle)?;
    match rollback_bundle(bundle, plan).documents.into_iter().nth(t.document) {
        Some(Document::VirtualService(vs)) => Some(vs),
        _ => None,
    }
}

/// A file-name-safe, lower-case slug (`canary`, `expand-2`).
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The file name of phase `index` (0-based): its number from 01, its name
/// and its weights, `02-canary-90-10.yaml`. Negative weights are written
/// with an `m` (`m5`).
pub fn file_name(index: usize, phase: &Phase) -> String {
    let mut parts = vec![format!("{:02}", index + 1)];
    let name = slug(&phase.name);
    if !name.is_empty() {
        parts.push(name);
    }
    parts.extend(phase.weights.iter().map(|w| {
        if *w < 0 {
            format!("m{}", w.unsigned_abs())
        } else {
            w.to_string()
        }
    }));
    format!("{}.yaml", parts.join("-"))
}

/// Every phase's manifest as (file name, YAML), then [`ROLLBACK_FILE`].
pub fn phase_files(bundle: &Bundle, plan: &RolloutPlan, api: ApiVersion) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = plan
        .phases
        .iter()
        .enumerate()
        .map(|(i, p)| (file_name(i, p), phase_bundle(bundle, plan, i).to_yaml(api)))
        .collect();
    out.push((ROLLBACK_FILE.to_string(), rollback_bundle(bundle, plan).to_yaml(api)));
    out
}

/// The comment line that introduces phase `index`:
/// `Phase 2: Canary 90/10 (hold 1h)`.
pub fn phase_title(index: usize, phase: &Phase) -> String {
    match &phase.duration {
        Some(d) => format!("Phase {}: {} (hold {d})", index + 1, phase.label()),
        None => format!("Phase {}: {}", index + 1, phase.label()),
    }
}

/// Every phase's manifest in one multi-document text, each introduced by
/// a comment (`# Phase 2: Canary 90/10 (hold 1h)`). For reading and
/// archiving: apply the phases one at a time, not this file at once.
pub fn all_phases_yaml(bundle: &Bundle, plan: &RolloutPlan, api: ApiVersion) -> String {
    let mut out = String::new();
    let what = match target_vs(bundle) {
        Some((vs, _)) => {
            format!("VirtualService {} (namespace {})", vs.metadata.name, namespace_or_default(vs))
        }
        None => "the design".to_string(),
    };
    let _ = writeln!(
        out,
        "# Rollout plan for {what}: {} phase{}, stable subset {}.",
        plan.phases.len(),
        if plan.phases.len() == 1 { "" } else { "s" },
        plan.stable
    );
    out.push_str("# Apply one phase at a time; each is a complete manifest.\n");
    let _ = writeln!(out, "# Rollback at any phase: {} ({ROLLBACK_FILE}).", rollback_summary(plan));
    for (i, p) in plan.phases.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        let _ = writeln!(out, "# {}", phase_title(i, p));
        out.push_str(&phase_bundle(bundle, plan, i).to_yaml(api));
    }
    out
}

/// `v1 100, v2 0`: the rollback's weights in words.
pub fn rollback_summary(plan: &RolloutPlan) -> String {
    plan.subsets
        .iter()
        .zip(plan.rollback_weights())
        .map(|(s, w)| format!("{s} {w}"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ----------------------------------------------------------------- exports

/// What the Argo Rollouts and Flagger exports need from the design.
struct ExportContext {
    vs_name: String,
    namespace: String,
    rule_name: Option<String>,
    rule_count: usize,
    stable: Option<Destination>,
    canary: Option<Destination>,
    stable_name: String,
    canary_name: String,
    destination_rule: Option<String>,
    workload: String,
    port: Option<u32>,
    gateways: Vec<String>,
    hosts: Vec<String>,
    timeout: Option<String>,
    retries: Option<Value>,
}

fn export_context(bundle: &Bundle, plan: &RolloutPlan) -> ExportContext {
    let s = plan.stable_index();
    let c = plan.canary_index();
    let stable_name = s.and_then(|i| plan.subsets.get(i)).cloned().unwrap_or_default();
    let canary_name = c.and_then(|i| plan.subsets.get(i)).cloned().unwrap_or_default();
    let mut cx = ExportContext {
        vs_name: String::new(),
        namespace: "default".into(),
        rule_name: None,
        rule_count: 0,
        stable: None,
        canary: None,
        stable_name,
        canary_name,
        destination_rule: None,
        workload: String::new(),
        port: None,
        gateways: Vec::new(),
        hosts: Vec::new(),
        timeout: None,
        retries: None,
    };
    if let Some((vs, t)) = target_vs(bundle) {
        let rule = &vs.spec.http[t.rule];
        cx.vs_name = vs.metadata.name.clone();
        cx.namespace = namespace_or_default(vs);
        cx.rule_name = rule.name.clone().filter(|n| !n.is_empty());
        cx.rule_count = vs.spec.http.len();
        let find =
            |id: &str| rule.route.iter().find(|d| dest_id(d) == id).map(|d| d.destination.clone());
        cx.stable = find(&cx.stable_name);
        cx.canary = find(&cx.canary_name);
        let host = cx
            .stable
            .as_ref()
            .or(rule.route.first().map(|d| &d.destination))
            .map(|d| d.host.clone())
            .unwrap_or_default();
        cx.destination_rule = bundle
            .destination_rules()
            .find(|(_, dr)| short_host(&dr.spec.host) == short_host(&host))
            .map(|(_, dr)| dr.metadata.name.clone());
        cx.workload = short_host(&host).to_string();
        cx.port =
            rule.route.iter().find_map(|d| d.destination.port.as_ref().and_then(|p| p.number));
        cx.gateways = vs.spec.gateways.clone();
        cx.hosts = vs.spec.hosts.clone();
        cx.timeout = rule.timeout.clone();
        cx.retries = rule.retries.as_ref().and_then(|r| serde_json::to_value(r).ok());
    }
    if cx.workload.is_empty() {
        cx.workload = if cx.vs_name.is_empty() { "app".into() } else { cx.vs_name.clone() };
    }
    if cx.vs_name.is_empty() {
        cx.vs_name = cx.workload.clone();
    }
    cx
}

/// The canary's share of phase `p`, in whole percent.
fn canary_percent(p: &Phase, canary: Option<usize>) -> i32 {
    let share = canary.and_then(|c| p.shares().get(c).copied()).unwrap_or(0.0);
    share.round() as i32
}

fn export_diag(
    code: &'static Code,
    kind: &str,
    path: impl Into<String>,
    message: String,
) -> Diagnostic {
    let mut d = Diagnostic::new(code, path, message);
    d.kind = kind.into();
    d
}

/// Warns when a plan weighs more than two subsets (Argo and Flagger shift
/// between two versions).
fn subsets_warning(
    plan: &RolloutPlan,
    kind: &str,
    tool: &str,
    cx: &ExportContext,
) -> Option<Diagnostic> {
    if plan.subsets.len() <= 2 {
        return None;
    }
    let others: Vec<&str> = plan
        .subsets
        .iter()
        .filter(|s| **s != cx.stable_name && **s != cx.canary_name)
        .map(String::as_str)
        .collect();
    Some(
        export_diag(
            &codes::EXPORT_SUBSETS_DROPPED,
            kind,
            "subsets",
            format!(
                "{tool} shifts between two versions (stable `{}`, canary `{}`); the plan's {} subsets cannot be said, so {} {} left out",
                cx.stable_name,
                cx.canary_name,
                plan.subsets.len(),
                others.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
                if others.len() == 1 { "is" } else { "are" },
            ),
        )
        .with_help("apply the phase manifests instead, or split the rollout into two-subset plans"),
    )
}

/// Comment lines (`# …`) for the head of an exported file.
fn comment_block(lines: &[String]) -> String {
    lines.iter().map(|l| format!("# {l}\n")).collect()
}

/// The plan as an Argo Rollouts `Rollout` (canary strategy with Istio
/// subset-level traffic routing: `trafficRouting.istio.virtualService` and
/// `destinationRule` with the stable and canary subsets; host-level
/// `stableService`/`canaryService` when the destinations have no subsets),
/// and warnings where Argo cannot say what the plan says.
///
/// Each phase becomes `setWeight` (the canary's share) and `pause` (with
/// its duration, or `{}` to wait for `kubectl argo rollouts promote`). A
/// first phase at 0 without a hold and a last phase at 100 need no step:
/// Argo starts at 0 and promotes after the last step. The `Rollout`
/// references the existing Deployment through `workloadRef`.
pub fn to_argo(plan: &RolloutPlan, bundle: &Bundle) -> (String, Vec<Diagnostic>) {
    let cx = export_context(bundle, plan);
    let canary = plan.canary_index();
    let mut warnings = Vec::new();
    if let Some(w) = subsets_warning(plan, "Rollout", "Argo Rollouts", &cx) {
        warnings.push(w);
    }
    let n = plan.phases.len();
    let mut steps = Vec::new();
    for (i, p) in plan.phases.iter().enumerate() {
        let c = canary_percent(p, canary);
        if i + 1 == n && c == 100 {
            continue;
        }
        if i == 0 && c == 0 && p.duration.is_none() {
            continue;
        }
        steps.push(json!({ "setWeight": c }));
        steps.push(match &p.duration {
            Some(d) => json!({ "pause": { "duration": d } }),
            None => json!({ "pause": {} }),
        });
    }
    if let Some(last) = plan.phases.last() {
        let c = canary_percent(last, canary);
        if c != 100 {
            warnings.push(
                export_diag(
                    &codes::EXPORT_NO_PROMOTION,
                    "Rollout",
                    format!("phases[{}]", n - 1),
                    format!(
                        "the plan ends with the canary at {c}%, but Argo Rollouts promotes the canary to 100% when the last step completes{}",
                        if last.duration.is_none() {
                            " (the final `pause: {}` holds it until `kubectl argo rollouts promote`, or `abort` to go back)"
                        } else {
                            ""
                        }
                    ),
                )
                .with_help("end the plan with all traffic on the canary, or abort the rollout at the last phase"),
            );
        }
    }
    let mut virtual_service = Map::new();
    virtual_service.insert("name".into(), json!(cx.vs_name));
    match &cx.rule_name {
        Some(r) => {
            virtual_service.insert("routes".into(), json!([r]));
        }
        None if cx.rule_count > 1 => warnings.push(
            export_diag(
                &codes::ARGO_ROUTE_UNNAMED,
                "Rollout",
                "",
                format!(
                    "the weighted rule of VirtualService `{}` has no name, and it has {} HTTP rules; Argo Rollouts needs the rule's name in `trafficRouting.istio.virtualService.routes`",
                    cx.vs_name, cx.rule_count
                ),
            )
            .with_help("name the rule (for example `primary`) in the VirtualService and export again"),
        ),
        None => {}
    }
    let host_level = cx.stable.as_ref().is_some_and(|d| d.subset.is_none())
        && cx.canary.as_ref().is_some_and(|d| d.subset.is_none());
    let mut istio = Map::new();
    istio.insert("virtualService".into(), Value::Object(virtual_service));
    let mut canary_strategy = Map::new();
    if host_level {
        canary_strategy.insert("canaryService".into(), json!(short_host(&cx.canary_name)));
        canary_strategy.insert("stableService".into(), json!(short_host(&cx.stable_name)));
    } else {
        istio.insert(
            "destinationRule".into(),
            json!({
                "name": cx.destination_rule.clone().unwrap_or_else(|| cx.workload.clone()),
                "canarySubsetName": cx.canary_name,
                "stableSubsetName": cx.stable_name,
            }),
        );
    }
    canary_strategy.insert("trafficRouting".into(), json!({ "istio": Value::Object(istio) }));
    canary_strategy.insert("steps".into(), Value::Array(steps));
    let rollout = json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Rollout",
        "metadata": { "name": cx.workload, "namespace": cx.namespace },
        "spec": {
            "selector": { "matchLabels": { "app": cx.workload } },
            "workloadRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": cx.workload },
            "strategy": { "canary": Value::Object(canary_strategy) },
        },
    });
    let mut head = vec![
        format!(
            "Argo Rollouts canary for VirtualService {} (namespace {}): stable {}, canary {}.",
            cx.vs_name, cx.namespace, cx.stable_name, cx.canary_name
        ),
        "Argo Rollouts sets the weights itself: apply the DestinationRule and the".into(),
        "VirtualService once (stable at 100, canary at 0), then this Rollout.".into(),
        format!(
            "Check workloadRef and selector: they assume Deployment {} with label app={}.",
            cx.workload, cx.workload
        ),
    ];
    if cx.destination_rule.is_none() && !host_level {
        head.push(
            "The design has no DestinationRule for the host; create one with both subsets.".into(),
        );
    }
    let text = format!("{}{}", comment_block(&head), yaml::emit(&rollout));
    (text, warnings)
}

/// The plan as a Flagger `Canary` (provider Istio), and warnings where
/// Flagger cannot say what the plan says.
///
/// Flagger moves the canary up by `stepWeight` every `interval` until
/// `maxWeight`, then promotes. Uneven steps are written as `stepWeights`
/// (with a warning); Flagger has one `interval` for every step, so holds of
/// different lengths (or without a duration) are warned about and the
/// first step's hold is used; weights that go down or repeat are left out.
/// Flagger generates its own VirtualService and DestinationRules from the
/// `Canary`, so the phase manifests are not applied with it.
pub fn to_flagger(plan: &RolloutPlan, bundle: &Bundle) -> (String, Vec<Diagnostic>) {
    let cx = export_context(bundle, plan);
    let canary = plan.canary_index();
    let mut warnings = Vec::new();
    if let Some(w) = subsets_warning(plan, "Canary", "Flagger", &cx) {
        warnings.push(w);
    }
    let n = plan.phases.len();
    // The canary steps: every phase but a leading 0 and a final 100.
    let mut steps: Vec<(usize, i32)> = Vec::new();
    for (i, p) in plan.phases.iter().enumerate() {
        let c = canary_percent(p, canary);
        if (i == 0 && c == 0) || (i + 1 == n && c == 100) {
            continue;
        }
        steps.push((i, c));
    }
    let mut kept: Vec<(usize, i32)> = Vec::new();
    let mut dropped: Vec<(usize, i32)> = Vec::new();
    for (i, c) in steps {
        if c > kept.last().map_or(0, |k| k.1) {
            kept.push((i, c));
        } else {
            dropped.push((i, c));
        }
    }
    if !dropped.is_empty() {
        warnings.push(
            export_diag(
                &codes::FLAGGER_WEIGHT_DECREASE,
                "Canary",
                format!("phases[{}]", dropped[0].0),
                format!(
                    "Flagger only moves the canary weight up; {} left out",
                    dropped
                        .iter()
                        .map(|(i, c)| format!("phase {} ({c}%)", i + 1))
                        .collect::<Vec<_>>()
                        .join(", ")
                        + if dropped.len() == 1 { " is" } else { " are" }
                ),
            )
            .with_help("make the canary weight rise from phase to phase, or apply the phase manifests by hand"),
        );
    }
    let weights: Vec<i32> = kept.iter().map(|k| k.1).collect();
    let mut analysis = Map::new();
    // The interval: the first step's hold; warn when the holds differ.
    let holds: Vec<(usize, Option<i64>, Option<&str>)> = kept
        .iter()
        .map(|(i, _)| {
            let d = plan.phases[*i].duration.as_deref();
            (*i, d.and_then(|d| parse_go_duration(d.trim()).ok()), d)
        })
        .collect();
    let interval = holds
        .iter()
        .find_map(|h| h.2.filter(|_| h.1.is_some()).map(|d| d.trim().to_string()))
        .unwrap_or_else(|| "1m".into());
    let first_ns = parse_go_duration(&interval).ok();
    if holds.iter().any(|h| h.1.is_none() || h.1 != first_ns) {
        let described: Vec<String> = holds
            .iter()
            .map(|(i, _, d)| format!("phase {}: {}", i + 1, d.unwrap_or("until someone moves on")))
            .collect();
        let planned: f64 = holds.iter().filter_map(|h| h.1).map(|ns| ns as f64 / 1e9).sum();
        let flagger = first_ns.unwrap_or(60_000_000_000) as f64 / 1e9 * holds.len() as f64;
        warnings.push(
            export_diag(
                &codes::FLAGGER_ONE_INTERVAL,
                "Canary",
                "phases",
                format!(
                    "Flagger waits one `interval` at every step, but the plan holds differently ({}); written as `interval: {interval}`, so the steps take {} instead of {}",
                    described.join(", "),
                    format_seconds(flagger),
                    format_seconds(planned),
                ),
            )
            .with_help("give every step the same hold, gate the steps with a `confirm-traffic-increase` webhook, or apply the phase manifests by hand"),
        );
    }
    analysis.insert("interval".into(), json!(interval));
    analysis.insert("threshold".into(), json!(5));
    let even = !weights.is_empty()
        && weights
            .iter()
            .enumerate()
            .all(|(k, w)| i64::from(*w) == (k as i64 + 1) * i64::from(weights[0]));
    if weights.is_empty() {
        analysis.insert("maxWeight".into(), json!(100));
        analysis.insert("stepWeight".into(), json!(100));
    } else if even {
        analysis.insert("maxWeight".into(), json!(weights[weights.len() - 1]));
        analysis.insert("stepWeight".into(), json!(weights[0]));
    } else {
        analysis.insert("stepWeights".into(), json!(weights));
        warnings.push(
            export_diag(
                &codes::FLAGGER_STEPS_UNEVEN,
                "Canary",
                "phases",
                format!(
                    "the canary steps {} are not multiples of one `stepWeight`, which `stepWeight`/`maxWeight` cannot say; written as `stepWeights`",
                    weights.iter().map(|w| format!("{w}%")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_help("use `stepWeights` (Flagger 1.x) as written, or even steps (10, 20, 30, …) for `stepWeight`"),
        );
    }
    analysis.insert(
        "metrics".into(),
        json!([
            { "name": "request-success-rate", "thresholdRange": { "min": 99 }, "interval": "1m" },
            { "name": "request-duration", "thresholdRange": { "max": 500 }, "interval": "1m" },
        ]),
    );
    if let Some(last) = plan.phases.last() {
        let c = canary_percent(last, canary);
        if c != 100 {
            warnings.push(
                export_diag(
                    &codes::EXPORT_NO_PROMOTION,
                    "Canary",
                    format!("phases[{}]", n - 1),
                    format!(
                        "the plan ends with the canary at {c}%, but Flagger promotes the canary (all traffic) once the analysis passes at the last step"
                    ),
                )
                .with_help("end the plan with all traffic on the canary, or gate promotion with a `confirm-promotion` webhook"),
            );
        }
    }
    let mut service = Map::new();
    service.insert("port".into(), json!(cx.port.unwrap_or(80)));
    let mesh_only = cx.gateways.is_empty() || cx.gateways.iter().all(|g| g == "mesh");
    if !mesh_only {
        service.insert("gateways".into(), json!(cx.gateways));
        service.insert("hosts".into(), json!(cx.hosts));
    }
    if let Some(t) = &cx.timeout {
        service.insert("timeout".into(), json!(t));
    }
    if let Some(r) = &cx.retries {
        service.insert("retries".into(), r.clone());
    }
    let canary_resource = json!({
        "apiVersion": "flagger.app/v1beta1",
        "kind": "Canary",
        "metadata": { "name": cx.workload, "namespace": cx.namespace },
        "spec": {
            "provider": "istio",
            "targetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": cx.workload },
            "service": Value::Object(service),
            "analysis": Value::Object(analysis),
        },
    });
    let mut head = vec![
        format!(
            "Flagger Canary for VirtualService {} (namespace {}): {} to {}.",
            cx.vs_name, cx.namespace, cx.stable_name, cx.canary_name
        ),
        format!(
            "Flagger generates VirtualService {} and its DestinationRules ({}-primary,",
            cx.workload, cx.workload
        ),
        format!("{}-canary) itself: do not also apply the phase manifests.", cx.workload),
        format!("Check targetRef (Deployment {}) and the metrics thresholds.", cx.workload),
    ];
    if cx.port.is_none() {
        head.push(
            "Set spec.service.port to the Service's port (the design names none; 80 assumed)."
                .into(),
        );
    }
    let text = format!("{}{}", comment_block(&head), yaml::emit(&canary_resource));
    (text, warnings)
}

// ---------------------------------------------------------------- workflow

/// A heredoc delimiter that no line of `text` equals.
fn heredoc_tag(text: &str) -> String {
    let mut tag = "EOF".to_string();
    let mut k = 0;
    while text.lines().any(|l| l.trim() == tag) {
        k += 1;
        tag = format!("EOF_{k}");
    }
    tag
}

/// `kubectl apply -n NS -f - <<'EOF'` … `EOF`.
fn kubectl_apply(namespace: &str, text: &str) -> String {
    let tag = heredoc_tag(text);
    let mut body = text.to_string();
    if !body.ends_with('\n') {
        body.push('\n');
    }
    format!("kubectl apply -n {} -f - <<'{tag}'\n{body}{tag}\n", shell_word(namespace))
}

/// `text` as one shell word (single-quoted unless it is plainly safe).
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `text` as a Python string literal: raw triple-quoted for YAML (no
/// escapes needed), a JSON string when that would not be safe.
fn py_string(text: &str) -> String {
    if text.contains('\n') && !text.contains("\"\"\"") && !text.ends_with('\\') {
        format!("r\"\"\"\n{text}\"\"\"")
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// The five steps of applying phase `phase` (0-based) of `plan` to the
/// design's VirtualService, with filled-in shell commands and agent tool
/// calls: ensure the DestinationRule exists, check the current
/// VirtualService, apply the phase, verify the weights, analyze. Empty
/// when the design has no rule to shift or there is no such phase.
pub fn workflow(
    bundle: &Bundle,
    plan: &RolloutPlan,
    phase: usize,
    api: ApiVersion,
) -> Vec<WorkflowStep> {
    let (Some((vs, t)), Some(p)) = (target_vs(bundle), plan.phases.get(phase)) else {
        return Vec::new();
    };
    let name = vs.metadata.name.clone();
    let ns = namespace_or_default(vs);
    let phased = phase_bundle(bundle, plan, phase);
    let vs_yaml = yaml::emit(&phased.document_value(t.document, api));
    let host =
        vs.spec.http[t.rule].route.first().map(|d| d.destination.host.clone()).unwrap_or_default();
    let drs: Vec<(usize, String)> = bundle
        .destination_rules()
        .filter(|(_, dr)| short_host(&dr.spec.host) == short_host(&host))
        .map(|(i, dr)| (i, dr.metadata.name.clone()))
        .collect();
    let mut steps = Vec::new();

    // 1. The DestinationRule.
    let (commands, tool_calls) = if drs.is_empty() {
        (
            format!(
                "# The design has no DestinationRule for host {host}; the subsets {} need one.\nkubectl get destinationrule -n {}\n",
                plan.subsets.join(", "),
                shell_word(&ns)
            ),
            format!("# The design has no DestinationRule for host {host}; the subsets need one.\n"),
        )
    } else {
        let mut c = String::new();
        let mut tc = String::new();
        for (i, dr_name) in &drs {
            let text = yaml::emit(&bundle.document_value(*i, api));
            let dr_ns = match &bundle.documents[*i] {
                Document::DestinationRule(dr) => dr
                    .metadata
                    .namespace
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| ns.clone()),
                _ => ns.clone(),
            };
            let _ = writeln!(
                c,
                "kubectl get destinationrule {} -n {} -o yaml",
                shell_word(dr_name),
                shell_word(&dr_ns)
            );
            c.push_str("# Missing, or without the subsets? Apply it (unchanged it is a no-op):\n");
            c.push_str(&kubectl_apply(&dr_ns, &text));
            let _ = writeln!(tc, "apply_manifest({}, {})", py_string(&text), py_string(&dr_ns));
        }
        (c, tc)
    };
    steps.push(WorkflowStep {
        title: "Ensure the DestinationRule exists".into(),
        detail: format!(
            "The subsets {} must be defined before a route sends traffic to them.",
            plan.subsets.join(", ")
        ),
        commands,
        tool_calls,
    });

    // 2. The current VirtualService.
    steps.push(WorkflowStep {
        title: "Check the current VirtualService".into(),
        detail: "See which weights are live now, and keep the output to compare with.".into(),
        commands: format!(
            "kubectl get virtualservice {} -n {} -o yaml\n",
            shell_word(&name),
            shell_word(&ns)
        ),
        tool_calls: format!(
            "istio_virtualservice_get_tool({}, {})\n",
            py_string(&name),
            py_string(&ns)
        ),
    });

    // 3. Apply.
    steps.push(WorkflowStep {
        title: format!("Apply phase {}: {}", phase + 1, p.label()),
        detail: match &p.duration {
            Some(d) => format!("Shift the weights, then hold {d} before the next phase."),
            None => "Shift the weights; hold until you decide to move on.".into(),
        },
        commands: kubectl_apply(&ns, &vs_yaml),
        tool_calls: format!("apply_manifest({}, {})\n", py_string(&vs_yaml), py_string(&ns)),
    });

    // 4. Verify.
    let expected = plan
        .subsets
        .iter()
        .enumerate()
        .map(|(j, s)| format!("{s} {}", p.weights.get(j).copied().unwrap_or(0).max(0)))
        .collect::<Vec<_>>()
        .join(", ");
    let jsonpath = format!(
        "{{range .spec.http[{}].route[*]}}{{.destination.subset}}{{\" \"}}{{.weight}}{{\"\\n\"}}{{end}}",
        t.rule
    );
    steps.push(WorkflowStep {
        title: "Verify the change".into(),
        detail: format!("The live weights of spec.http[{}] should read: {expected}.", t.rule),
        commands: format!(
            "kubectl get virtualservice {} -n {} -o jsonpath='{jsonpath}'\n# expected: {expected}\n",
            shell_word(&name),
            shell_word(&ns)
        ),
        tool_calls: format!(
            "istio_virtualservice_get_tool({}, {})\n# expected weights of spec.http[{}]: {expected}\n",
            py_string(&name),
            py_string(&ns),
            t.rule
        ),
    });

    // 5. Analyze.
    steps.push(WorkflowStep {
        title: "Analyze".into(),
        detail: "Let Istio check the namespace's configuration; watch error rates and latency (Kiali, Prometheus) while the phase holds.".into(),
        commands: format!("istioctl analyze -n {}\n", shell_word(&ns)),
        tool_calls: format!("istio_analyze_tool({})\n", py_string(&ns)),
    });
    steps
}

/// Applying the rollback: the stable subset at 100, as a shell command and
/// as an agent tool call (`None` when the design has no rule to shift).
pub fn rollback_step(bundle: &Bundle, plan: &RolloutPlan, api: ApiVersion) -> Option<WorkflowStep> {
    let (vs, t) = target_vs(bundle)?;
    let ns = namespace_or_default(vs);
    let text = yaml::emit(&rollback_bundle(bundle, plan).document_value(t.document, api));
    Some(WorkflowStep {
        title: format!("Roll back: all traffic to {}", plan.stable),
        detail: format!("Works at any phase: {}.", rollback_summary(plan)),
        commands: kubectl_apply(&ns, &text),
        tool_calls: format!("apply_manifest({}, {})\n", py_string(&text), py_string(&ns)),
    })
}

// ------------------------------------------------------------------ verify

/// A value as short text: strings as they are, everything else as JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn diff(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Difference>) {
    let child = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                diff(&child(k), Some(v), y.get(k), out);
            }
            for (k, v) in y {
                if !x.contains_key(k) {
                    diff(&child(k), None, Some(v), out);
                }
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                diff(&format!("{path}[{i}]"), x.get(i), y.get(i), out);
            }
        }
        (Some(x), Some(y)) if same(x, y) => {}
        (None, None) => {}
        _ => out.push(Difference {
            path: path.to_string(),
            expected: a.map(value_text),
            live: b.map(value_text),
        }),
    }
}

/// Keeps what a comparison looks at: `kind`, `spec`, and from `metadata`
/// the name, the namespace (only when `keep_namespace`), labels and
/// annotations.
fn comparable(mut v: Value, keep_namespace: bool) -> Value {
    meta::strip_server_fields(&mut v);
    let Some(obj) = v.as_object_mut() else { return v };
    obj.remove("apiVersion");
    obj.remove("status");
    if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        m.retain(|k, _| {
            matches!(k.as_str(), "name" | "labels" | "annotations")
                || (k == "namespace" && keep_namespace)
        });
    }
    v
}

/// Every VirtualService value in the documents (unpacking `kind: List`).
fn live_virtual_services(text: &str) -> Result<Vec<Value>, String> {
    let loaded = Bundle::from_yaml(text).map_err(|e| match e.location {
        Some(l) => format!("line {}, column {}: {}", l.line, l.column, e.message),
        None => e.message,
    })?;
    let mut out = Vec::new();
    for d in &loaded.bundle.documents {
        match d {
            Document::VirtualService(vs) => {
                out.push(serde_json::to_value(vs).unwrap_or(Value::Null));
            }
            Document::Other(v)
                if v.get("kind").and_then(Value::as_str) == Some("VirtualService") =>
            {
                out.push(v.clone());
            }
            Document::Other(v) if v.get("kind").and_then(Value::as_str) == Some("List") => {
                for item in v.get("items").and_then(Value::as_array).into_iter().flatten() {
                    if item.get("kind").and_then(Value::as_str) == Some("VirtualService") {
                        // Load it again so it is read exactly like a single resource.
                        match Bundle::from_yaml(&yaml::emit(item)) {
                            Ok(l) => match l.bundle.documents.into_iter().next() {
                                Some(Document::VirtualService(vs)) => {
                                    out.push(serde_json::to_value(&vs).unwrap_or(Value::Null));
                                }
                                _ => out.push(item.clone()),
                            },
                            Err(_) => out.push(item.clone()),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Compares a live VirtualService (the output of `kubectl get
/// virtualservice NAME -o yaml`, also a `kind: List`) with the expected
/// one: every field that differs, with both values. Fields the API server
/// sets (`status`, `metadata.uid`, `resourceVersion`, `managedFields`, the
/// last-applied annotation, …), `apiVersion` (v1 and v1beta1 are the same
/// resource) and, when the expected resource names none, the namespace are
/// ignored. Numbers compare by value (`100` equals `100.0`). Of several
/// live VirtualServices the one with the expected name is compared.
///
/// An error when the text is not YAML or holds no VirtualService.
pub fn verify(expected: &VirtualService, live_yaml: &str) -> Result<Vec<Difference>, String> {
    let lives = live_virtual_services(live_yaml)?;
    let name = &expected.metadata.name;
    let live = lives
        .iter()
        .find(|v| v.pointer("/metadata/name").and_then(Value::as_str) == Some(name))
        .or(lives.first())
        .ok_or_else(|| "the text holds no VirtualService".to_string())?;
    let keep_ns = expected.metadata.namespace.as_deref().is_some_and(|n| !n.is_empty());
    let a = comparable(serde_json::to_value(expected).unwrap_or(Value::Null), keep_ns);
    let b = comparable(live.clone(), keep_ns);
    let mut out = Vec::new();
    diff("", Some(&a), Some(&b), &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations_parse_like_go() {
        assert_eq!(parse_go_duration("1h"), Ok(3_600_000_000_000));
        assert_eq!(parse_go_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse_go_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_go_duration("300ms"), Ok(300_000_000));
        assert_eq!(parse_go_duration(".5s"), Ok(500_000_000));
        assert_eq!(parse_go_duration("0"), Ok(0));
        assert_eq!(parse_go_duration("-2m"), Ok(-120_000_000_000));
        assert_eq!(parse_go_duration("1µs"), Ok(1_000));
        for bad in ["", "1", "1d", "h", ".s", "1h ", "5sec", "-", "99999999999999999999h"] {
            assert!(parse_go_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_go_duration("1d").unwrap_err().contains("`d`"));
        assert!(parse_go_duration("10").unwrap_err().contains("no unit"));
    }

    #[test]
    fn seconds_format_compactly() {
        assert_eq!(format_seconds(0.0), "0");
        assert_eq!(format_seconds(3600.0), "1h");
        assert_eq!(format_seconds(5400.0), "1h30m");
        assert_eq!(format_seconds(125.0), "2m5s");
        assert_eq!(format_seconds(0.5), "500ms");
    }

    #[test]
    fn slugs_and_heredocs() {
        assert_eq!(slug("  Canary (early)! "), "canary-early");
        assert_eq!(heredoc_tag("a\nEOF\nb"), "EOF_1");
        assert_eq!(shell_word("default"), "default");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(py_string("ns"), "\"ns\"");
    }
}
