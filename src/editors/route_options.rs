//! Per-rule options: timeout, retries, fault injection, mirroring.

use leptos::prelude::*;
use traffic_model::common::Percent;
use traffic_model::virtual_service::{Abort, Delay, Destination, HttpRetry};

use crate::components::field::{
    dom_id, non_empty, to_i32, CheckField, FieldDiagnostics, NumberField, TextField,
};
use crate::state::{AppState, RuleMemo};

/// Timeout, retries, fault and mirror controls of rule `rule`.
#[component]
pub fn RouteOptions(
    /// Document index.
    doc: usize,
    /// Rule index.
    rule: usize,
) -> impl IntoView {
    let st = AppState::expect();
    let rm = RuleMemo::expect();
    let base = format!("spec.http[{rule}]");
    let get = move |f: fn(&traffic_model::virtual_service::HttpRoute) -> Option<String>| {
        Signal::derive(move || rm.with(f).flatten().unwrap_or_default())
    };
    let getn = move |f: fn(&traffic_model::virtual_service::HttpRoute) -> Option<f64>| {
        Signal::derive(move || rm.with(f).flatten())
    };
    let edit = move |f: Box<dyn FnOnce(&mut traffic_model::virtual_service::HttpRoute)>| {
        st.edit_rule(doc, rule, f)
    };
    let retries = move |f: Box<dyn FnOnce(&mut HttpRetry)>| {
        edit(Box::new(|r| f(r.retries.get_or_insert_with(Default::default))))
    };
    let delay = move |f: Box<dyn FnOnce(&mut Delay)>| {
        edit(Box::new(|r| {
            f(r.fault
                .get_or_insert_with(Default::default)
                .delay
                .get_or_insert_with(Default::default))
        }))
    };
    let abort = move |f: Box<dyn FnOnce(&mut Abort)>| {
        edit(Box::new(|r| {
            f(r.fault
                .get_or_insert_with(Default::default)
                .abort
                .get_or_insert_with(Default::default))
        }))
    };
    let has_delay = Signal::derive(move || {
        rm.with(|r| r.fault.as_ref().is_some_and(|f| f.delay.is_some())).unwrap_or(false)
    });
    let has_abort = Signal::derive(move || {
        rm.with(|r| r.fault.as_ref().is_some_and(|f| f.abort.is_some())).unwrap_or(false)
    });
    let has_mirror = Signal::derive(move || rm.with(|r| r.mirror.is_some()).unwrap_or(false));
    let has_retries = Signal::derive(move || rm.with(|r| r.retries.is_some()).unwrap_or(false));
    let retry_on = move || {
        rm.with(|r| r.retries.as_ref().and_then(|x| x.retry_on.clone()))
            .flatten()
            .unwrap_or_default()
    };
    let toggle_retry_on = move |value: &'static str, on: bool| {
        retries(Box::new(move |x| {
            let mut items: Vec<String> = x
                .retry_on
                .as_deref()
                .unwrap_or("")
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s != value)
                .collect();
            if on {
                items.push(value.to_string());
            }
            x.retry_on = non_empty(items.join(","));
        }))
    };
    let retry_on_id = dom_id(doc, &format!("{base}.retries.retryOn"));
    view! {
        <div class="td-options">
            <fieldset class="td-group">
                <legend>"Timeout and retries"</legend>
                <TextField
                    label="Timeout"
                    doc=doc
                    path=format!("{base}.timeout")
                    placeholder="10s"
                    value=get(|r| r.timeout.clone())
                    on_input=Callback::new(move |t: String| edit(Box::new(move |r| r.timeout = non_empty(t))))
                />
                <CheckField
                    label="Retries"
                    doc=doc
                    path=format!("{base}.retries")
                    checked=has_retries
                    on_change=Callback::new(move |on: bool| {
                        edit(Box::new(move |r| {
                            r.retries = on.then(|| HttpRetry { attempts: Some(3), ..Default::default() })
                        }))
                    })
                />
                <Show when=move || has_retries.get()>
                    <NumberField
                        label="Attempts"
                        doc=doc
                        path=format!("spec.http[{rule}].retries.attempts")
                        value=getn(|r| r.retries.as_ref().and_then(|x| x.attempts).map(f64::from))
                        on_input=Callback::new(move |v: Option<f64>| retries(Box::new(move |x| x.attempts = to_i32(v))))
                    />
                    <TextField
                        label="Per-try timeout"
                        doc=doc
                        path=format!("spec.http[{rule}].retries.perTryTimeout")
                        placeholder="3s"
                        value=get(|r| r.retries.as_ref().and_then(|x| x.per_try_timeout.clone()))
                        on_input=Callback::new(move |t: String| {
                            retries(Box::new(move |x| x.per_try_timeout = non_empty(t)))
                        })
                    />
                    <fieldset class="td-retry-on" id=retry_on_id.clone()>
                        <legend>"Retry on"</legend>
                        {traffic_model::help::RETRY_ON
                            .iter()
                            .map(|(v, desc)| {
                                let v: &'static str = v;
                                let id = format!("{retry_on_id}-{v}");
                                view! {
                                    <span class="td-retry-on__item" title=*desc>
                                        <input
                                            type="checkbox"
                                            id=id.clone()
                                            data-testid=id.clone()
                                            prop:checked=move || retry_on().split(',').any(|s| s.trim() == v)
                                            on:change:target=move |ev| toggle_retry_on(v, ev.target().checked())
                                        />
                                        <label for=id>{v}</label>
                                    </span>
                                }
                            })
                            .collect_view()}
                        <FieldDiagnostics doc=doc path=format!("spec.http[{rule}].retries.retryOn") />
                    </fieldset>
                    <FieldDiagnostics doc=doc path=format!("spec.http[{rule}].retries") exact=true />
                </Show>
            </fieldset>
            <fieldset class="td-group">
                <legend>"Fault injection"</legend>
                <CheckField
                    label="Delay"
                    doc=doc
                    path=format!("{base}.fault.delay")
                    checked=has_delay
                    on_change=Callback::new(move |on: bool| {
                        edit(Box::new(move |r| {
                            let f = r.fault.get_or_insert_with(Default::default);
                            f.delay = on.then(|| Delay {
                                percentage: Some(Percent::new(10.0)),
                                fixed_delay: Some("5s".into()),
                                ..Default::default()
                            });
                        }))
                    })
                />
                <Show when=move || has_delay.get()>
                    <NumberField
                        label="Delay: percentage of requests"
                        doc=doc
                        path=format!("spec.http[{rule}].fault.delay.percentage.value")
                        step=0.1
                        value=getn(|r| r.fault.as_ref()?.delay.as_ref()?.percentage.as_ref().map(Percent::get))
                        on_input=Callback::new(move |v: Option<f64>| {
                            delay(Box::new(move |d| d.percentage = v.map(Percent::new)))
                        })
                    />
                    <TextField
                        label="Fixed delay"
                        doc=doc
                        path=format!("spec.http[{rule}].fault.delay.fixedDelay")
                        placeholder="5s"
                        value=get(|r| r.fault.as_ref()?.delay.as_ref()?.fixed_delay.clone())
                        on_input=Callback::new(move |t: String| delay(Box::new(move |d| d.fixed_delay = non_empty(t))))
                    />
                </Show>
                <CheckField
                    label="Abort"
                    doc=doc
                    path=format!("{base}.fault.abort")
                    checked=has_abort
                    on_change=Callback::new(move |on: bool| {
                        edit(Box::new(move |r| {
                            let f = r.fault.get_or_insert_with(Default::default);
                            f.abort = on.then(|| Abort {
                                percentage: Some(Percent::new(10.0)),
                                http_status: Some(500),
                                ..Default::default()
                            });
                        }))
                    })
                />
                <Show when=move || has_abort.get()>
                    <NumberField
                        label="Abort: percentage of requests"
                        doc=doc
                        path=format!("spec.http[{rule}].fault.abort.percentage.value")
                        step=0.1
                        value=getn(|r| r.fault.as_ref()?.abort.as_ref()?.percentage.as_ref().map(Percent::get))
                        on_input=Callback::new(move |v: Option<f64>| {
                            abort(Box::new(move |a| a.percentage = v.map(Percent::new)))
                        })
                    />
                    <NumberField
                        label="HTTP status"
                        doc=doc
                        path=format!("spec.http[{rule}].fault.abort.httpStatus")
                        value=getn(|r| r.fault.as_ref()?.abort.as_ref()?.http_status.map(f64::from))
                        on_input=Callback::new(move |v: Option<f64>| abort(Box::new(move |a| a.http_status = to_i32(v))))
                    />
                    <TextField
                        label="gRPC status (instead of HTTP)"
                        doc=doc
                        path=format!("spec.http[{rule}].fault.abort.grpcStatus")
                        placeholder="UNAVAILABLE"
                        value=get(|r| r.fault.as_ref()?.abort.as_ref()?.grpc_status.clone())
                        on_input=Callback::new(move |t: String| abort(Box::new(move |a| a.grpc_status = non_empty(t))))
                    />
                </Show>
                <FieldDiagnostics doc=doc path=format!("{base}.fault") exact=true />
            </fieldset>
            <fieldset class="td-group">
                <legend>"Mirror"</legend>
                <CheckField
                    label="Mirror traffic"
                    doc=doc
                    path=format!("{base}.mirror")
                    checked=has_mirror
                    on_change=Callback::new(move |on: bool| {
                        let host = st.vs(doc, |v| v.spec.hosts.first().cloned().unwrap_or_default()).unwrap_or_default();
                        edit(Box::new(move |r| {
                            r.mirror = on.then(|| Destination { host, ..Default::default() });
                            r.mirror_percentage = on.then(|| Percent::new(100.0));
                        }))
                    })
                />
                <Show when=move || has_mirror.get()>
                    <TextField
                        label="Mirror host"
                        doc=doc
                        path=format!("spec.http[{rule}].mirror.host")
                        value=get(|r| r.mirror.as_ref().map(|m| m.host.clone()))
                        on_input=Callback::new(move |t: String| {
                            edit(Box::new(move |r| r.mirror.get_or_insert_with(Default::default).host = t))
                        })
                    />
                    <TextField
                        label="Mirror subset"
                        doc=doc
                        path=format!("spec.http[{rule}].mirror.subset")
                        value=get(|r| r.mirror.as_ref().and_then(|m| m.subset.clone()))
                        on_input=Callback::new(move |t: String| {
                            edit(Box::new(move |r| r.mirror.get_or_insert_with(Default::default).subset = non_empty(t)))
                        })
                    />
                    <NumberField
                        label="Mirror percentage"
                        doc=doc
                        path=format!("spec.http[{rule}].mirrorPercentage.value")
                        step=0.1
                        value=getn(|r| r.mirror_percentage.as_ref().map(Percent::get))
                        on_input=Callback::new(move |v: Option<f64>| {
                            edit(Box::new(move |r| r.mirror_percentage = v.map(Percent::new)))
                        })
                    />
                </Show>
            </fieldset>
        </div>
    }
}
