//! Weight controls for the destinations of one HTTP rule.

use leptos::prelude::*;

use crate::state::AppState;

/// Slider and number field for every destination of HTTP rule `rule` of the
/// first VirtualService, with each destination's share of the total.
#[component]
pub fn RouteWeights(
    /// Index of the HTTP rule in `spec.http`.
    rule: usize,
) -> impl IntoView {
    let state = AppState::expect();
    let count = move || {
        state.bundle.with(|b| {
            b.virtual_services()
                .next()
                .and_then(|(_, vs)| vs.spec.http.get(rule))
                .map_or(0, |r| r.route.len())
        })
    };
    view! {
        <fieldset class="td-weights" data-testid=format!("weights-{rule}")>
            <legend>"Traffic split"</legend>
            <For each=move || 0..count() key=|i| *i let:dest>
                <WeightRow rule=rule dest=dest />
            </For>
        </fieldset>
    }
}

/// One destination: its name, a slider, a number field and its share.
#[component]
fn WeightRow(
    /// Index of the HTTP rule in `spec.http`.
    rule: usize,
    /// Index of the destination in the rule's `route`.
    dest: usize,
) -> impl IntoView {
    let state = AppState::expect();
    let read = move |f: &dyn Fn(&traffic_model::virtual_service::HttpRoute) -> String| {
        state.bundle.with(|b| {
            b.virtual_services()
                .next()
                .and_then(|(_, vs)| vs.spec.http.get(rule))
                .map(f)
                .unwrap_or_default()
        })
    };
    let label = move || {
        read(&|r| {
            r.route.get(dest).map_or(String::new(), |d| {
                let dd = &d.destination;
                match &dd.subset {
                    Some(s) => format!("{} / {s}", dd.host),
                    None => dd.host.clone(),
                }
            })
        })
    };
    let weight =
        move || read(&|r| r.route.get(dest).and_then(|d| d.weight).unwrap_or(0).to_string());
    let share =
        move || read(&|r| r.shares().get(dest).map_or(String::new(), |s| format!("{s:.1}%")));
    let set = move |text: String| {
        if let Ok(w) = text.trim().parse::<i32>() {
            state.bundle.update(|b| {
                if let Some(r) =
                    b.first_virtual_service_mut().and_then(|vs| vs.spec.http.get_mut(rule))
                {
                    r.set_weight(dest, w);
                }
            });
        }
    };
    let id = format!("w-{rule}-{dest}");
    let slider_id = format!("{id}-slider");
    let number_id = format!("{id}-number");
    view! {
        <div class="td-weight">
            <label class="td-weight__label" for=slider_id.clone()>{label}</label>
            <input
                class="td-weight__slider"
                type="range"
                min="0"
                max="100"
                step="1"
                id=slider_id
                data-testid=format!("weight-slider-{dest}")
                prop:value=weight
                on:input:target=move |ev| set(ev.target().value())
            />
            <input
                class="td-weight__number"
                type="number"
                min="0"
                step="1"
                id=number_id
                aria-label=move || format!("{} weight", label())
                data-testid=format!("weight-number-{dest}")
                prop:value=weight
                on:input:target=move |ev| set(ev.target().value())
            />
            <output class="td-weight__share" data-testid=format!("weight-share-{dest}")>
                {share}
            </output>
        </div>
    }
}
