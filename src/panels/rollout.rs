//! The rollout planner: the design's traffic shift as the phases a team
//! applies, with the rollback one click away at every step.
//!
//! The plan is view state (a [`RolloutPlan`] signal seeded from the
//! design's weighted rule); every output comes from
//! [`traffic_model::rollout`]: phase manifests, the rollback, Argo Rollouts
//! and Flagger resources with their warnings, the workflow commands and the
//! verification of a live VirtualService.

use leptos::prelude::*;
use traffic_model::rollout::{self, Difference, RolloutPlan, WorkflowStep};
use traffic_model::{validate, Diagnostic, Severity};

use crate::browser::{copy_to_clipboard, download};
use crate::state::AppState;

const YAML_MIME: &str = "application/yaml";

/// Copies `text` and says so in `status`.
fn copy_text(text: String, status: RwSignal<String>, what: String) {
    leptos::task::spawn_local(async move {
        match copy_to_clipboard(&text).await {
            Ok(()) => status.set(format!("Copied {what}")),
            Err(e) => status.set(format!("Copy failed: {e}")),
        }
    });
}

/// Offers `text` as file `name` and says so in `status`.
fn save(name: &str, text: &str, status: RwSignal<String>) {
    match download(name, text, YAML_MIME) {
        Ok(()) => status.set(format!("Downloaded {name}")),
        Err(e) => status.set(format!("Download failed: {e}")),
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "td-diag td-diag--error",
        Severity::Warning => "td-diag td-diag--warning",
        Severity::Info => "td-diag td-diag--info",
    }
}

/// One phase's manifest: file name, YAML, and how many errors Istio would
/// find in it.
#[derive(Clone, Debug, PartialEq)]
struct PhaseFile {
    name: String,
    title: String,
    yaml: String,
    errors: usize,
}

/// The rollout planner panel: plan editor, timeline, phase manifests,
/// rollback, workflow, verification, Argo Rollouts and Flagger exports.
#[component]
pub fn RolloutPanel() -> impl IntoView {
    let st = AppState::expect();
    // The plan lives in the app: a share link carries it, it outlives this
    // panel (mounted only while shown), and the app restarts it when the
    // design's subsets change.
    let plan = st.plan;
    let selected = RwSignal::new(1usize);
    let status = RwSignal::new(String::new());

    let n_phases = move || plan.with(|p| p.phases.len());
    let sel = Signal::derive(move || selected.get().min(n_phases().saturating_sub(1)));
    let diags =
        Memo::new(move |_| st.bundle.with(|b| plan.with(|p| rollout::validate_plan_for(b, p))));
    let files = Memo::new(move |_| {
        let api = st.api.get();
        st.bundle.with(|b| {
            plan.with(|p| {
                let mut out: Vec<PhaseFile> = p
                    .phases
                    .iter()
                    .enumerate()
                    .map(|(i, ph)| {
                        let pb = rollout::phase_bundle(b, p, i);
                        PhaseFile {
                            name: rollout::file_name(i, ph),
                            title: rollout::phase_title(i, ph),
                            yaml: pb.to_yaml(api),
                            errors: validate(&pb).errors().count(),
                        }
                    })
                    .collect();
                let rb = rollout::rollback_bundle(b, p);
                out.push(PhaseFile {
                    name: rollout::ROLLBACK_FILE.into(),
                    title: format!("Rollback: {}", rollout::rollback_summary(p)),
                    yaml: rb.to_yaml(api),
                    errors: validate(&rb).errors().count(),
                });
                out
            })
        })
    });
    let rollback_file = move || files.with(|f| f.last().cloned());
    let all_phases = move || {
        let api = st.api.get_untracked();
        st.bundle.with_untracked(|b| plan.with_untracked(|p| rollout::all_phases_yaml(b, p, api)))
    };

    view! {
        <section class="td-plan" aria-labelledby=st.uid("td-plan-title") data-testid="plan">
            <header class="td-plan__head">
                <h2 id=st.uid("td-plan-title")>"Rollout plan"</h2>
                <p class="td-note">
                    "Traffic shifting is a sequence: apply one phase at a time, hold, check, "
                    "then move on. The rollback is ready at every step."
                </p>
            </header>
            <div class="td-plan__rollback" role="group" aria-label="Rollback" data-testid="plan-rollback">
                <strong>"Rollback"</strong>
                <span data-testid="plan-rollback-summary">
                    {move || plan.with(|p| format!("all traffic to {} ({})", p.stable, rollout::rollback_summary(p)))}
                </span>
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid="plan-rollback-copy"
                    on:click=move |_| {
                        if let Some(f) = rollback_file() {
                            copy_text(f.yaml, status, "the rollback manifest".into());
                        }
                    }
                >
                    "Copy rollback"
                </button>
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid="plan-rollback-download"
                    on:click=move |_| {
                        if let Some(f) = rollback_file() {
                            save(&f.name, &f.yaml, status);
                        }
                    }
                >
                    "Download " {rollout::ROLLBACK_FILE}
                </button>
            </div>
            <p class="td-plan__status" role="status" data-testid="plan-status">{move || status.get()}</p>

            <PlanEditor plan=plan selected=selected diags=diags />
            <Timeline plan=plan selected=sel />

            <h3>"Manifests"</h3>
            <p class="td-note">
                "Each file is the design with only the weights of the shifted rule changed: "
                "apply-ready, checked by the same validator."
            </p>
            <button
                type="button"
                class="td-button"
                data-testid="plan-download-all"
                on:click=move |_| save(rollout::ALL_PHASES_FILE, &all_phases(), status)
            >
                "Download all phases"
            </button>
            <ol class="td-plan__files" data-testid="plan-files">
                <For each=move || 0..n_phases() key=|i| *i let:i>
                    <li class="td-plan__file" class:td-plan__file--selected=move || sel.get() == i>
                        <code>{move || files.with(|f| f.get(i).map(|x| x.name.clone()).unwrap_or_default())}</code>
                        " "
                        <span>{move || files.with(|f| f.get(i).map(|x| x.title.clone()).unwrap_or_default())}</span>
                        {move || {
                            let e = files.with(|f| f.get(i).map_or(0, |x| x.errors));
                            (e > 0).then(|| view! {
                                <span class="td-count td-count--error" data-testid=format!("plan-phase-{i}-errors")>
                                    {format!("{e} errors")}
                                </span>
                            })
                        }}
                        <span class="td-plan__file-actions">
                            <button
                                type="button"
                                class="td-button td-button--small"
                                data-testid=format!("plan-phase-{i}-download")
                                on:click=move |_| {
                                    if let Some(f) = files.with_untracked(|f| f.get(i).cloned()) {
                                        save(&f.name, &f.yaml, status);
                                    }
                                }
                            >
                                "Download"
                            </button>
                            <button
                                type="button"
                                class="td-button td-button--small"
                                data-testid=format!("plan-phase-{i}-copy")
                                on:click=move |_| {
                                    if let Some(f) = files.with_untracked(|f| f.get(i).cloned()) {
                                        copy_text(f.yaml, status, f.name);
                                    }
                                }
                            >
                                "Copy"
                            </button>
                            <button
                                type="button"
                                class="td-button td-button--small td-button--ghost"
                                data-testid=format!("plan-phase-{i}-select")
                                aria-pressed=move || (sel.get() == i).to_string()
                                on:click=move |_| selected.set(i)
                            >
                                "Workflow"
                            </button>
                        </span>
                    </li>
                </For>
            </ol>

            <WorkflowPanel plan=plan selected=selected sel=sel status=status />
            <VerifyPanel plan=plan sel=sel />
            <ExportView plan=plan kind="argo" status=status />
            <ExportView plan=plan kind="flagger" status=status />
        </section>
    }
}

/// The phase table: name, one weight per subset, hold, and row actions;
/// the stable subset, subsets to add, reset; the plan's diagnostics.
#[component]
fn PlanEditor(
    /// The plan being edited.
    plan: RwSignal<RolloutPlan>,
    /// The phase the workflow shows.
    selected: RwSignal<usize>,
    /// The plan's diagnostics.
    diags: Memo<Vec<Diagnostic>>,
) -> impl IntoView {
    let st = AppState::expect();
    let n_phases = move || plan.with(|p| p.phases.len());
    let n_subsets = move || plan.with(|p| p.subsets.len());
    let subsets = move || plan.with(|p| p.subsets.clone());
    let available = move || st.bundle.with(|b| plan.with(|p| rollout::available_subsets(b, p)));
    let stable_id = st.uid("td-plan-stable");
    let add_id = st.uid("td-plan-add-subset");
    view! {
        <h3>"Phases"</h3>
        <div class="td-plan__controls">
            <label for=stable_id.clone()>"Stable subset"</label>
            <select
                id=stable_id
                data-testid="plan-stable"
                prop:value=move || plan.with(|p| p.stable.clone())
                on:change:target=move |ev| {
                    let v = ev.target().value();
                    plan.update(|p| p.stable = v);
                }
            >
                {move || {
                    let stable = plan.with(|p| p.stable.clone());
                    subsets()
                        .into_iter()
                        .map(|s| {
                            let is = s == stable;
                            view! { <option value=s.clone() selected=is>{s.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <Show when=move || !available().is_empty()>
                <label for=add_id.clone()>"Add subset"</label>
                <select
                    id=add_id.clone()
                    data-testid="plan-add-subset"
                    prop:value=""
                    on:change:target=move |ev| {
                        let v = ev.target().value();
                        if !v.is_empty() {
                            plan.update(|p| p.add_subset(&v));
                        }
                        ev.target().set_value("");
                    }
                >
                    <option value="">"choose…"</option>
                    {move || {
                        available()
                            .into_iter()
                            .map(|s| view! { <option value=s.clone()>{s.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </Show>
            <button
                type="button"
                class="td-button td-button--small td-button--ghost"
                data-testid="plan-reset"
                on:click=move |_| {
                    let (subs, stable) = plan.with_untracked(|p| (p.subsets.clone(), p.stable.clone()));
                    plan.set(RolloutPlan::standard_with_stable(subs, &stable));
                }
            >
                "Reset to standard"
            </button>
        </div>
        <div class="td-plan__table-wrap">
            <table class="td-plan__table" data-testid="plan-table">
                <caption class="td-visually-hidden">
                    "Phases of the rollout: weights per subset and how long to hold each"
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">"Phase"</th>
                        <For each=move || 0..n_subsets() key=|j| *j let:j>
                            <th scope="col" class="td-plan__subset">
                                <span class=move || format!("td-plan__swatch td-plan__swatch--{}", j % 6) aria-hidden="true"></span>
                                {move || plan.with(|p| p.subsets.get(j).cloned().unwrap_or_default())}
                                {move || plan.with(|p| p.subsets.get(j) == Some(&p.stable)).then_some(" (stable)")}
                                <Show when=move || { n_subsets() > 1 }>
                                    <button
                                        type="button"
                                        class="td-button td-button--small td-button--ghost"
                                        data-testid=format!("plan-subset-{j}-remove")
                                        aria-label=move || format!("Remove subset {} from the plan", plan.with(|p| p.subsets.get(j).cloned().unwrap_or_default()))
                                        on:click=move |_| plan.update(|p| p.remove_subset(j))
                                    >
                                        "×"
                                    </button>
                                </Show>
                            </th>
                        </For>
                        <th scope="col">"Hold"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..n_phases() key=|i| *i let:i>
                        <PhaseRow plan=plan selected=selected diags=diags i=i />
                    </For>
                </tbody>
            </table>
        </div>
        <button
            type="button"
            class="td-button td-button--small"
            data-testid="plan-add-phase"
            on:click=move |_| plan.update(|p| p.insert_phase(p.phases.len()))
        >
            "Add phase"
        </button>
        <ul class="td-plan__diags" data-testid="plan-diagnostics">
            {move || {
                diags
                    .get()
                    .into_iter()
                    .map(|d| {
                        view! {
                            <li class=severity_class(d.severity)>
                                <strong>{d.severity.as_str()} " " {d.code.id}</strong>
                                ": "
                                {d.message.clone()}
                                {d.help.clone().map(|h| view! { <span class="td-diag__help">" " {h}</span> })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// One row of the phase table.
#[component]
fn PhaseRow(
    /// The plan being edited.
    plan: RwSignal<RolloutPlan>,
    /// The phase the workflow shows.
    selected: RwSignal<usize>,
    /// The plan's diagnostics.
    diags: Memo<Vec<Diagnostic>>,
    /// Index of the phase.
    i: usize,
) -> impl IntoView {
    let n_phases = move || plan.with(|p| p.phases.len());
    let n_subsets = move || plan.with(|p| p.subsets.len());
    let invalid = move |path: String| {
        diags.with(|d| {
            d.iter().any(|x| {
                x.severity == Severity::Error
                    && (x.path == path || x.path.starts_with(&format!("{path}[")))
            })
        })
    };
    let name = move || plan.with(|p| p.phases.get(i).map(|x| x.name.clone()).unwrap_or_default());
    view! {
        <tr class="td-plan__row" data-testid=format!("plan-phase-{i}")>
            <th scope="row">{i + 1}</th>
            <td>
                <input
                    type="text"
                    class="td-plan__name"
                    data-testid=format!("plan-phase-{i}-name")
                    aria-label=format!("Name of phase {}", i + 1)
                    prop:value=name
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        plan.update(|p| p.set_name(i, &v));
                    }
                />
            </td>
            <For each=move || 0..n_subsets() key=|j| *j let:j>
                <td>
                    <input
                        type="number"
                        class="td-plan__weight"
                        min="0"
                        step="1"
                        data-testid=format!("plan-phase-{i}-weight-{j}")
                        aria-label=move || {
                            format!(
                                "Weight of {} in phase {}",
                                plan.with(|p| p.subsets.get(j).cloned().unwrap_or_default()),
                                i + 1
                            )
                        }
                        aria-invalid=move || {
                            (invalid(format!("phases[{i}].weights[{j}]"))
                                || invalid(format!("phases[{i}].weights")))
                            .to_string()
                        }
                        prop:value=move || {
                            plan.with(|p| {
                                p.phases
                                    .get(i)
                                    .and_then(|x| x.weights.get(j))
                                    .map(|w| w.to_string())
                                    .unwrap_or_default()
                            })
                        }
                        on:input:target=move |ev| {
                            if let Ok(w) = ev.target().value().trim().parse::<i32>() {
                                plan.update(|p| p.set_weight(i, j, w));
                            }
                        }
                    />
                </td>
            </For>
            <td>
                <input
                    type="text"
                    class="td-plan__hold"
                    placeholder="until moved on"
                    data-testid=format!("plan-phase-{i}-duration")
                    aria-label=format!("Hold of phase {} (Go duration such as 1h or 30m)", i + 1)
                    aria-invalid=move || invalid(format!("phases[{i}].duration")).to_string()
                    prop:value=move || {
                        plan.with(|p| p.phases.get(i).and_then(|x| x.duration.clone()).unwrap_or_default())
                    }
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        plan.update(|p| p.set_duration(i, &v));
                    }
                />
            </td>
            <td class="td-plan__actions">
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid=format!("plan-phase-{i}-up")
                    aria-label=format!("Move phase {} up", i + 1)
                    disabled=move || i == 0
                    on:click=move |_| plan.update(|p| p.move_phase(i, i.saturating_sub(1)))
                >
                    "↑"
                </button>
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid=format!("plan-phase-{i}-down")
                    aria-label=format!("Move phase {} down", i + 1)
                    disabled=move || { i + 1 >= n_phases() }
                    on:click=move |_| plan.update(|p| p.move_phase(i, i + 1))
                >
                    "↓"
                </button>
                <button
                    type="button"
                    class="td-button td-button--small"
                    data-testid=format!("plan-phase-{i}-add")
                    aria-label=format!("Insert a phase after phase {}", i + 1)
                    on:click=move |_| plan.update(|p| p.insert_phase(i + 1))
                >
                    "+"
                </button>
                <button
                    type="button"
                    class="td-button td-button--small td-button--danger"
                    data-testid=format!("plan-phase-{i}-remove")
                    aria-label=format!("Remove phase {}", i + 1)
                    on:click=move |_| {
                        plan.update(|p| p.remove_phase(i));
                        selected.update(|s| {
                            if *s > i {
                                *s -= 1;
                            }
                        });
                    }
                >
                    "Remove"
                </button>
            </td>
        </tr>
    }
}

/// Width, height and margins of the timeline picture (SVG user units).
const TL_W: f64 = 640.0;
const TL_H: f64 = 190.0;
const TL_LEFT: f64 = 44.0;
const TL_RIGHT: f64 = 12.0;
const TL_TOP: f64 = 10.0;
const TL_BOTTOM: f64 = 42.0;

/// Each subset's share over time, as stacked bars, one per phase; holds
/// without a duration get a nominal width and a dashed outline.
#[component]
fn Timeline(
    /// The plan.
    plan: RwSignal<RolloutPlan>,
    /// The selected phase (outlined).
    selected: Signal<usize>,
) -> impl IntoView {
    let st = AppState::expect();
    let title_id = st.uid("td-plan-timeline-title");
    let desc_id = st.uid("td-plan-timeline-desc");
    let labelled = format!("{title_id} {desc_id}");
    let plot_w = TL_W - TL_LEFT - TL_RIGHT;
    let plot_h = TL_H - TL_TOP - TL_BOTTOM;
    let bars = move || {
        plan.with(|p| {
            let segs = p.timeline();
            let known: f64 = segs.iter().filter_map(|s| s.seconds).filter(|s| *s > 0.0).sum();
            let weight = |s: &Option<f64>| match s {
                Some(x) if *x > 0.0 => x.max(known * 0.04),
                _ if known > 0.0 => known * 0.12,
                _ => 1.0,
            };
            let total: f64 = segs.iter().map(|s| weight(&s.seconds)).sum::<f64>().max(1e-9);
            let mut x = TL_LEFT;
            let mut out = Vec::new();
            let mut last_time: Option<f64> = None;
            for s in &segs {
                let w = weight(&s.seconds) / total * plot_w;
                // A time under each boundary, once (open holds add no time).
                let show_time = last_time != Some(s.start);
                last_time = Some(s.start);
                let label = p.phases.get(s.phase).map(|ph| ph.label()).unwrap_or_default();
                out.push((s.clone(), x, w, label, show_time));
                x += w;
            }
            (out, p.subsets.clone(), p.total_seconds())
        })
    };
    view! {
        <h3>"Timeline"</h3>
        <figure class="td-plan__timeline" data-testid="plan-timeline">
            <svg
                class="td-plan__svg"
                viewBox=format!("0 0 {TL_W} {TL_H}")
                role="img"
                aria-labelledby=labelled
                preserveAspectRatio="xMidYMid meet"
            >
                // `title` directly under `svg` would be an HTML element; build the SVG one.
                {leptos::tachys::svg::title()
                    .id(title_id)
                    .child("Each subset's share of the traffic over time")}
                <desc id=desc_id>{move || plan.with(|p| p.describe())}</desc>
                <g class="td-plan__axis">
                    {[0.0f64, 50.0, 100.0]
                        .into_iter()
                        .map(|pct| {
                            let y = TL_TOP + plot_h - pct / 100.0 * plot_h;
                            view! {
                                <g>
                                    <line class="td-plan__grid" x1=TL_LEFT x2=TL_W - TL_RIGHT y1=y y2=y />
                                    <text class="td-plan__tick" x=TL_LEFT - 6.0 y=y + 4.0 text-anchor="end">
                                        {format!("{pct}%")}
                                    </text>
                                </g>
                            }
                        })
                        .collect_view()}
                </g>
                {move || {
                    let (segs, subsets, total) = bars();
                    let sel = selected.get();
                    let last_end = segs.last().map(|(_, x, w, _, _)| x + w).unwrap_or(TL_LEFT);
                    let end_time = segs.last().is_some_and(|(s, ..)| s.seconds.is_some_and(|v| v > 0.0));
                    let bars = segs
                        .into_iter()
                        .map(|(s, x, w, label, show_time)| {
                            let mut acc = 0.0;
                            let rects = s
                                .shares
                                .iter()
                                .enumerate()
                                .map(|(j, share)| {
                                    let h = share / 100.0 * plot_h;
                                    let y = TL_TOP + plot_h - acc - h;
                                    acc += h;
                                    let name = subsets.get(j).cloned().unwrap_or_default();
                                    let tip = format!("{name}: {:.1}% in phase {} ({label})", share, s.phase + 1);
                                    view! {
                                        <g>
                                            <rect
                                                class=format!("td-plan__area td-plan__area--{}", j % 6)
                                                x=x
                                                y=y
                                                width=w.max(0.5)
                                                height=h.max(0.0)
                                            >
                                                <title>{tip}</title>
                                            </rect>
                                        </g>
                                    }
                                })
                                .collect_view();
                            let open = s.seconds.is_none_or(|v| v <= 0.0);
                            let class = format!(
                                "td-plan__seg{}{}",
                                if open { " td-plan__seg--open" } else { "" },
                                if s.phase == sel { " td-plan__seg--selected" } else { "" }
                            );
                            view! {
                                <g>
                                    {rects}
                                    <rect class=class x=x y=TL_TOP width=w.max(0.5) height=plot_h />
                                    <text class="td-plan__phase-no" x=x + w / 2.0 y=TL_TOP + plot_h + 14.0 text-anchor="middle">
                                        {(s.phase + 1).to_string()}
                                    </text>
                                    {show_time.then(|| view! {
                                        <g>
                                            <text class="td-plan__time" x=x y=TL_TOP + plot_h + 32.0 text-anchor="middle">
                                                {rollout::format_seconds(s.start)}
                                            </text>
                                        </g>
                                    })}
                                </g>
                            }
                        })
                        .collect_view();
                    view! {
                        <g>
                            {bars}
                            {end_time.then(|| view! {
                                <g>
                                    <text class="td-plan__time" x=last_end y=TL_TOP + plot_h + 32.0 text-anchor="end">
                                        {rollout::format_seconds(total)}
                                    </text>
                                </g>
                            })}
                        </g>
                    }
                }}
            </svg>
            <figcaption>
                <ul class="td-plan__legend">
                    {move || {
                        plan.with(|p| p.subsets.clone())
                            .into_iter()
                            .enumerate()
                            .map(|(j, s)| {
                                view! {
                                    <li>
                                        <span class=format!("td-plan__swatch td-plan__swatch--{}", j % 6) aria-hidden="true"></span>
                                        {s}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    <li class="td-note">"Bars numbered by phase; dashed: held until someone moves on."</li>
                </ul>
            </figcaption>
        </figure>
    }
}

/// A block of text with a copy button.
#[component]
fn CopyBlock(
    /// The text.
    #[prop(into)]
    text: Signal<String>,
    /// `data-testid` of the `<pre>`; the button gets `-copy` appended.
    testid: String,
    /// What the text is, for the button's label and the status.
    what: String,
    /// Status line.
    status: RwSignal<String>,
) -> impl IntoView {
    let label = format!("Copy {what}");
    view! {
        <div class="td-plan__block">
            <pre class="td-plan__pre" data-testid=testid.clone()>{move || text.get()}</pre>
            <button
                type="button"
                class="td-button td-button--small"
                data-testid=format!("{testid}-copy")
                aria-label=label
                on:click=move |_| copy_text(text.get_untracked(), status, what.clone())
            >
                "Copy"
            </button>
        </div>
    }
}

/// The five steps of applying the selected phase, as commands and as
/// agent tool calls, and the rollback.
#[component]
fn WorkflowPanel(
    /// The plan.
    plan: RwSignal<RolloutPlan>,
    /// The phase the user chose.
    selected: RwSignal<usize>,
    /// That phase, clamped to the plan.
    sel: Signal<usize>,
    /// Status line.
    status: RwSignal<String>,
) -> impl IntoView {
    let st = AppState::expect();
    let steps = Memo::new(move |_| {
        let api = st.api.get();
        let i = sel.get();
        st.bundle.with(|b| plan.with(|p| rollout::workflow(b, p, i, api)))
    });
    let rollback = Memo::new(move |_| {
        let api = st.api.get();
        st.bundle.with(|b| plan.with(|p| rollout::rollback_step(b, p, api)))
    });
    let select_id = st.uid("td-plan-workflow-phase");
    let step_view = move |k: usize, key: &'static str| {
        let get = move |f: fn(&WorkflowStep) -> String| {
            Signal::derive(move || steps.with(|s| s.get(k).map(f).unwrap_or_default()))
        };
        let commands = get(|s| s.commands.clone());
        let tools = get(|s| s.tool_calls.clone());
        view! {
            <li class="td-plan__step" data-testid=format!("plan-workflow-{k}")>
                <h4>{move || steps.with(|s| s.get(k).map(|x| x.title.clone()).unwrap_or_default())}</h4>
                <p class="td-note">{move || steps.with(|s| s.get(k).map(|x| x.detail.clone()).unwrap_or_default())}</p>
                <div class="td-plan__pair">
                    <div>
                        <h5>"Shell"</h5>
                        <CopyBlock text=commands testid=format!("plan-workflow-{k}-commands") what=format!("the {key} commands") status=status />
                    </div>
                    <div>
                        <h5>"Agent tool calls"</h5>
                        <CopyBlock text=tools testid=format!("plan-workflow-{k}-tools") what=format!("the {key} tool calls") status=status />
                    </div>
                </div>
            </li>
        }
    };
    view! {
        <h3>"Workflow"</h3>
        <div class="td-plan__controls">
            <label for=select_id.clone()>"Phase"</label>
            <select
                id=select_id
                data-testid="plan-workflow-phase"
                prop:value=move || sel.get().to_string()
                on:change:target=move |ev| {
                    if let Ok(i) = ev.target().value().parse::<usize>() {
                        selected.set(i);
                    }
                }
            >
                {move || {
                    let s = sel.get();
                    plan.with(|p| {
                        p.phases
                            .iter()
                            .enumerate()
                            .map(|(i, ph)| {
                                let t = rollout::phase_title(i, ph);
                                view! { <option value=i.to_string() selected=i == s>{t}</option> }
                            })
                            .collect_view()
                    })
                }}
            </select>
        </div>
        <Show
            when=move || !steps.with(Vec::is_empty)
            fallback=|| view! { <p class="td-note" data-testid="plan-workflow-empty">"The design has no HTTP rule to shift."</p> }
        >
            <ol class="td-plan__steps" data-testid="plan-workflow">
                {step_view(0, "DestinationRule")}
                {step_view(1, "check")}
                {step_view(2, "apply")}
                {step_view(3, "verify")}
                {step_view(4, "analyze")}
            </ol>
        </Show>
        {move || {
            rollback.get().map(|r| {
                view! {
                    <details class="td-plan__rollback-step" data-testid="plan-rollback-step">
                        <summary>{r.title.clone()}</summary>
                        <p class="td-note">{r.detail.clone()}</p>
                        <CopyBlock text=Signal::derive(move || rollback.with(|r| r.as_ref().map(|x| x.commands.clone()).unwrap_or_default())) testid="plan-rollback-commands".to_string() what="the rollback command".to_string() status=status />
                        <CopyBlock text=Signal::derive(move || rollback.with(|r| r.as_ref().map(|x| x.tool_calls.clone()).unwrap_or_default())) testid="plan-rollback-tools".to_string() what="the rollback tool call".to_string() status=status />
                    </details>
                }
            })
        }}
    }
}

/// Paste the live VirtualService, see how it differs from the selected
/// phase's manifest.
#[component]
fn VerifyPanel(
    /// The plan.
    plan: RwSignal<RolloutPlan>,
    /// The phase to compare with.
    sel: Signal<usize>,
) -> impl IntoView {
    let st = AppState::expect();
    let live = RwSignal::new(String::new());
    let result = Memo::new(move |_| {
        let text = live.get();
        if text.trim().is_empty() {
            return None;
        }
        let i = sel.get();
        Some(st.bundle.with(|b| {
            plan.with(|p| match rollout::phase_virtual_service(b, p, i) {
                Some(vs) => rollout::verify(&vs, &text),
                None => Err("the plan has no such phase, or the design no rule to shift".into()),
            })
        }))
    });
    let phase_label = move || {
        plan.with(|p| p.phases.get(sel.get()).map(|ph| rollout::phase_title(sel.get(), ph)))
            .unwrap_or_default()
    };
    let input_id = st.uid("td-plan-verify-input");
    view! {
        <h3>"Verify"</h3>
        <label class="td-field__label" for=input_id.clone()>
            "Paste the live VirtualService (" <code>"kubectl get virtualservice NAME -n NS -o yaml"</code>
            ") to compare it with " {phase_label}
        </label>
        <textarea
            id=input_id
            class="td-plan__verify-input"
            rows="8"
            spellcheck="false"
            data-testid="plan-verify-input"
            prop:value=move || live.get()
            on:input:target=move |ev| live.set(ev.target().value())
        ></textarea>
        <div class="td-plan__verify-result" data-testid="plan-verify-result" role="status">
            {move || match result.get() {
                None => view! { <p class="td-note">"Server-set fields (status, uid, resourceVersion, managedFields…) are ignored."</p> }.into_any(),
                Some(Err(e)) => view! { <p class="td-diag td-diag--error">"Cannot compare: " {e}</p> }.into_any(),
                Some(Ok(d)) if d.is_empty() => view! {
                    <p class="td-plan__match">"No differences: the live VirtualService matches " {phase_label()} "."</p>
                }.into_any(),
                Some(Ok(d)) => differences_view(d).into_any(),
            }}
        </div>
    }
}

fn differences_view(d: Vec<Difference>) -> impl IntoView {
    let n = d.len();
    view! {
        <p class="td-diag td-diag--warning">
            {format!("{n} difference{} from the expected manifest:", if n == 1 { "" } else { "s" })}
        </p>
        <table class="td-plan__diff">
            <thead>
                <tr>
                    <th scope="col">"Field"</th>
                    <th scope="col">"Expected"</th>
                    <th scope="col">"Live"</th>
                </tr>
            </thead>
            <tbody>
                {d
                    .into_iter()
                    .map(|x| {
                        view! {
                            <tr>
                                <td><code>{x.path}</code></td>
                                <td>{x.expected.unwrap_or_else(|| "(absent)".into())}</td>
                                <td>{x.live.unwrap_or_else(|| "(absent)".into())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The plan as an Argo Rollouts `Rollout` or a Flagger `Canary`, with the
/// warnings of what that format cannot say.
#[component]
fn ExportView(
    /// The plan.
    plan: RwSignal<RolloutPlan>,
    /// `argo` or `flagger`.
    kind: &'static str,
    /// Status line.
    status: RwSignal<String>,
) -> impl IntoView {
    let st = AppState::expect();
    let out = Memo::new(move |_| {
        st.bundle.with(|b| {
            plan.with(|p| {
                if kind == "argo" {
                    rollout::to_argo(p, b)
                } else {
                    rollout::to_flagger(p, b)
                }
            })
        })
    });
    let (title, file) = if kind == "argo" {
        ("Argo Rollouts", rollout::ARGO_FILE)
    } else {
        ("Flagger", rollout::FLAGGER_FILE)
    };
    let text = Signal::derive(move || out.with(|o| o.0.clone()));
    view! {
        <details class="td-plan__export" data-testid=format!("plan-{kind}")>
            <summary>
                <h3 class="td-plan__export-title">{title}</h3>
                {move || {
                    let n = out.with(|o| o.1.len());
                    (n > 0).then(|| view! {
                        <span class="td-count td-count--warning">{format!("{n} warnings")}</span>
                    })
                }}
            </summary>
            <ul class="td-plan__diags" data-testid=format!("plan-{kind}-warnings")>
                {move || {
                    out.with(|o| o.1.clone())
                        .into_iter()
                        .map(|d| {
                            view! {
                                <li class=severity_class(d.severity)>
                                    <strong>{d.code.id}</strong>
                                    ": "
                                    {d.message.clone()}
                                    {d.help.clone().map(|h| view! { <span class="td-diag__help">" " {h}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <button
                type="button"
                class="td-button td-button--small"
                data-testid=format!("plan-{kind}-download")
                on:click=move |_| save(file, &text.get_untracked(), status)
            >
                "Download " {file}
            </button>
            <CopyBlock text=text testid=format!("plan-{kind}-yaml") what=format!("the {title} resource") status=status />
        </details>
    }
}
