/*!
Import → validate → export, the path every edit in the app and every
`traffic validate` run takes.

Two designs, both built here as YAML text so the bench measures the real
reader:

- `5-routes`: one VirtualService with 5 HTTP rules (the size a person
  designs by hand) and its DestinationRule;
- `200x5`: one VirtualService with 200 HTTP rules, each with 5 match
  blocks (header `exact`, `prefix` and `regex` plus a `uri` prefix) and two
  weighted destinations, and a DestinationRule with the subsets: about the
  largest VirtualService seen in practice.

Each design is measured per stage (`import`, `validate`, `export`) and as
the whole `roundtrip`; `yaml-parse` is the part of `import` spent in the
YAML reader (text → value trees and span indexes), before the typed
resources are built, and `yaml-events` the part of that spent in
`saphyr-parser` alone (text → events): the floor of any import. Run with
`cargo bench -p traffic-model -- --warm-up-time 1 --measurement-time 3`.
*/

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use traffic_model::{ApiVersion, Bundle};

/// A VirtualService `reviews` with `routes` HTTP rules of `matches` match
/// blocks each, then a DestinationRule with subsets `v1` and `v2`.
fn design(routes: usize, matches: usize) -> String {
    let mut y = String::from(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  \
         name: reviews\n  namespace: default\nspec:\n  hosts:\n  - reviews\n  http:\n",
    );
    for r in 0..routes {
        let _ = writeln!(y, "  - name: rule-{r}");
        y.push_str("    match:\n");
        for m in 0..matches {
            let _ = write!(
                y,
                "    - headers:\n        \
                 x-user:\n          exact: user-{r}-{m}\n        \
                 x-group:\n          prefix: group-{m}\n        \
                 cookie:\n          regex: \"^(.*?;)?(user=u{r}x{m})(;.*)?$\"\n      \
                 uri:\n        prefix: /api/v{m}/r{r}\n"
            );
        }
        let _ = write!(
            y,
            "    route:\n    \
             - destination:\n        host: reviews\n        subset: v1\n      weight: 90\n    \
             - destination:\n        host: reviews\n        subset: v2\n      weight: 10\n"
        );
    }
    y.push_str(
        "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  \
         name: reviews\n  namespace: default\nspec:\n  host: reviews\n  subsets:\n  \
         - name: v1\n    labels:\n      version: v1\n  \
         - name: v2\n    labels:\n      version: v2\n",
    );
    y
}

fn bench_design(c: &mut Criterion, label: &str, text: &str) {
    // The design must load cleanly, or the bench measures an error path.
    let loaded = Bundle::from_yaml(text).expect("the generated design is YAML");
    assert!(loaded.diagnostics.is_empty(), "{label}: {:?}", loaded.diagnostics);
    let bundle = loaded.bundle;

    let mut group = c.benchmark_group(label);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("yaml-events", |b| {
        b.iter(|| {
            let mut parser = saphyr_parser::Parser::new_from_str(black_box(text));
            let mut events = 0usize;
            while let Some(event) = parser.next_event() {
                black_box(event.is_ok());
                events += 1;
            }
            events
        });
    });
    group.bench_function("yaml-parse", |b| b.iter(|| traffic_model::yaml::parse(black_box(text))));
    group.bench_function("import", |b| b.iter(|| Bundle::from_yaml(black_box(text))));
    group.bench_function("validate", |b| b.iter(|| traffic_model::validate(black_box(&bundle))));
    group.bench_function("export", |b| b.iter(|| black_box(&bundle).to_yaml(ApiVersion::V1)));
    group.bench_function("roundtrip", |b| {
        b.iter(|| {
            let loaded = Bundle::from_yaml(black_box(text)).expect("YAML");
            let report = traffic_model::validate(&loaded.bundle);
            (report, loaded.bundle.to_yaml(ApiVersion::V1))
        });
    });
    group.finish();
}

fn roundtrip(c: &mut Criterion) {
    bench_design(c, "5-routes", &design(5, 5));
    bench_design(c, "200x5", &design(200, 5));
}

criterion_group!(benches, roundtrip);
criterion_main!(benches);
