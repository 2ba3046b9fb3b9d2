//! Import → export round trips: real Istio samples, the seed designs, a
//! "kitchen sink" that sets every field of the v1 CRD schemas, server
//! metadata, unknown fields, oneof conflicts, and speed.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Number, Value};
use traffic_model::common::MatchKind;
use traffic_model::destination_rule::{LbPolicy, SimpleLb};
use traffic_model::virtual_service::{
    AbortKind, DelayKind, Destination, HttpMatchRequest, HttpRoute, HttpRouteDestination,
    StringMatch, VirtualService, VirtualServiceSpec,
};
use traffic_model::{codes, yaml, ApiVersion, Bundle, Document, Severity};

const SHARED: &str = "/work/shared";

/// Every object key set in both VirtualService and DestinationRule schemas,
/// with each oneof member used somewhere (never two in one object).
const KITCHEN_SINK: &str = r#"apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: kitchen-sink
  namespace: default
  labels:
    app: reviews
  annotations:
    note: "yes"
spec:
  hosts:
  - reviews
  - reviews.example.com
  gateways:
  - mesh
  - istio-system/public
  exportTo:
  - "."
  http:
  - name: all-matchers
    match:
    - name: m0
      uri:
        exact: /a
      scheme:
        prefix: http
      method:
        regex: "GET|POST"
      authority:
        exact: reviews
      headers:
        x-user:
          exact: "yes"
        cookie:
          regex: "^(.*?;)?(user=beta)(;.*)?$"
        x-present: {}
      port: 9080
      sourceLabels:
        app: productpage
      gateways:
      - mesh
      queryParams:
        debug:
          exact: "1"
      ignoreUriCase: true
      withoutHeaders:
        x-canary:
          prefix: "no"
      sourceNamespace: default
      statPrefix: all
    - uri:
        regex: "^/a/.*"
      scheme:
        exact: https
      method:
        exact: GET
      authority:
        prefix: reviews.
      headers:
        x-prefix:
          prefix: beta-
      queryParams:
        p:
          prefix: a
        r:
          regex: "^b"
      withoutHeaders:
        x-e:
          exact: "1"
        x-r:
          regex: "^x"
    - scheme:
        regex: "^http"
      method:
        prefix: G
      authority:
        regex: "^rev"
    route:
    - destination:
        host: reviews
        subset: v1
        port:
          number: 9080
      weight: 90
      headers:
        request:
          set:
            x-a: "1"
          add:
            x-b: "on"
          remove:
          - x-c
        response:
          set:
            x-d: ""
          add:
            x-e: "off"
          remove:
          - x-f
    - destination:
        host: reviews
        subset: v2
      weight: 10
    rewrite:
      uri: /b
      authority: reviews.internal
    timeout: 10s
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: 5xx,reset
      retryRemoteLocalities: false
      retryIgnorePreviousHosts: true
      backoff: 25ms
    fault:
      delay:
        fixedDelay: 5s
        percentage:
          value: 10
      abort:
        httpStatus: 503
        percentage:
          value: 0.5
    mirror:
      host: reviews
      subset: v3
      port:
        number: 9080
    mirrorPercentage:
      value: 100.0
    corsPolicy:
      allowOrigins:
      - exact: https://example.com
      - prefix: https://a.
      - regex: "https://.*\\.example\\.org"
      allowMethods:
      - GET
      - POST
      allowHeaders:
      - x-a
      exposeHeaders:
      - x-b
      maxAge: 24h
      allowCredentials: true
      unmatchedPreflights: IGNORE
    headers:
      request:
        set:
          x-s: a
        add:
          x-a: b
        remove:
        - x-internal
      response:
        set:
          x-t: c
        add:
          x-served-by: reviews
        remove:
        - x-r
  - name: deprecated
    match:
    - uri:
        prefix: /old
    route:
    - destination:
        host: reviews
    mirror:
      host: reviews
    mirrorPercent: 50
    mirror_percent: 50
    fault:
      delay:
        exponentialDelay: 1s
        percent: 5
      abort:
        grpcStatus: UNAVAILABLE
        percentage:
          value: 1
    corsPolicy:
      allowOrigin:
      - https://legacy.example.com
      unmatchedPreflights: FORWARD
    rewrite:
      uriRegexRewrite:
        match: ^/old(.*)$
        rewrite: /new\1
  - name: mirrors
    route:
    - destination:
        host: reviews
    mirrors:
    - destination:
        host: reviews
        subset: v2
        port:
          number: 9080
      percentage:
        value: 25
    fault:
      abort:
        http2Error: REFUSED_STREAM
  - name: redirect-port
    match:
    - uri:
        exact: /r1
    redirect:
      uri: /new
      authority: new.example.com
      port: 8443
      scheme: https
      redirectCode: 302
  - name: redirect-derive
    match:
    - uri:
        exact: /r2
    redirect:
      uri: /new
      derivePort: FROM_REQUEST_PORT
  - name: direct-string
    match:
    - uri:
        exact: /d1
    directResponse:
      status: 503
      body:
        string: '{"error": "unavailable"}'
  - name: direct-bytes
    match:
    - uri:
        exact: /d2
    directResponse:
      status: 200
      body:
        bytes: aGVsbG8=
  - name: delegated
    match:
    - uri:
        prefix: /delegated
    delegate:
      name: reviews-delegate
      namespace: other
  tls:
  - match:
    - sniHosts:
      - reviews.example.com
      destinationSubnets:
      - 10.0.0.0/8
      port: 443
      sourceLabels:
        app: client
      gateways:
      - mesh
      sourceNamespace: default
    route:
    - destination:
        host: reviews
        subset: v1
        port:
          number: 443
      weight: 100
  tcp:
  - match:
    - destinationSubnets:
      - 10.1.0.0/16
      port: 3306
      sourceSubnet: 10.2.0.0/16
      sourceLabels:
        app: db-client
      gateways:
      - mesh
      sourceNamespace: default
    route:
    - destination:
        host: mysql
        subset: v1
        port:
          number: 3306
      weight: 100
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: kitchen-sink
  namespace: default
spec:
  host: reviews
  exportTo:
  - "*"
  workloadSelector:
    matchLabels:
      app: reviews
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
      localityLbSetting:
        enabled: true
        distribute:
        - from: us-west/zone1/*
          to:
            us-west/zone1/*: 80
            us-west/zone2/*: 20
      warmup:
        duration: 60s
        minimumPercent: 10
        aggression: 1.5
    connectionPool:
      tcp:
        maxConnections: 100
        connectTimeout: 30ms
        tcpKeepalive:
          probes: 3
          time: 7200s
          interval: 75s
        maxConnectionDuration: 1h
        idleTimeout: 0s
      http:
        http1MaxPendingRequests: 10
        http2MaxRequests: 100
        maxRequestsPerConnection: 1
        maxRetries: 3
        idleTimeout: 1h
        h2UpgradePolicy: UPGRADE
        useClientProtocol: false
        maxConcurrentStreams: 100
    outlierDetection:
      consecutiveErrors: 7
      splitExternalLocalOriginErrors: true
      consecutiveLocalOriginFailures: 5
      consecutiveGatewayErrors: 5
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 10
      minHealthPercent: 50
    tls:
      mode: MUTUAL
      clientCertificate: /etc/certs/cert.pem
      privateKey: /etc/certs/key.pem
      caCertificates: /etc/certs/ca.pem
      subjectAltNames:
      - reviews.default.svc
      sni: reviews.example.com
      insecureSkipVerify: false
      caCrl: /etc/certs/crl.pem
    portLevelSettings:
    - port:
        number: 9080
      loadBalancer:
        consistentHash:
          httpCookie:
            name: user
            path: /
            ttl: 0s
            attributes:
            - name: SameSite
              value: Strict
            - name: Secure
          ringHash:
            minimumRingSize: 1024
      connectionPool:
        http:
          h2UpgradePolicy: DO_NOT_UPGRADE
      outlierDetection:
        consecutive5xxErrors: 3
      tls:
        mode: SIMPLE
        credentialName: reviews-client
    tunnel:
      protocol: CONNECT
      targetHost: 10.0.0.1
      targetPort: 8080
    proxyProtocol:
      version: V2
    retryBudget:
      percent: 20.5
      minRetryConcurrency: 3
  subsets:
  - name: v1
    labels:
      version: v1
    trafficPolicy:
      loadBalancer:
        consistentHash:
          httpHeaderName: x-user
          maglev:
            tableSize: 65537
        localityLbSetting:
          failover:
          - from: us-east
            to: eu-west
          failoverPriority:
          - topology.kubernetes.io/region
      connectionPool:
        tcp:
          maxConnections: 10
  - name: v2
    labels:
      version: v2
    trafficPolicy:
      loadBalancer:
        consistentHash:
          useSourceIp: true
          minimumRingSize: 512
        warmupDurationSecs: 30s
  - name: v3
    labels:
      version: v3
    trafficPolicy:
      loadBalancer:
        consistentHash:
          httpQueryParameterName: user
      portLevelSettings:
      - port:
          number: 9090
        loadBalancer:
          simple: ROUND_ROBIN
      tunnel:
        targetHost: proxy.example.com
        targetPort: 3128
      proxyProtocol:
        version: V1
      retryBudget:
        percent: 10
      tls:
        mode: ISTIO_MUTUAL
"#;

// ---------------------------------------------------------------- helpers

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

/// Numbers become f64 (so `10` equals `10.0`); `apiVersion` of VS/DR
/// becomes `networking.istio.io/v1`.
fn normalise(v: &Value) -> Value {
    fn numbers(v: &Value) -> Value {
        match v {
            Value::Number(n) => {
                Value::Number(Number::from_f64(n.as_f64().unwrap()).unwrap_or_else(|| n.clone()))
            }
            Value::Array(a) => Value::Array(a.iter().map(numbers).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), numbers(v))).collect())
            }
            other => other.clone(),
        }
    }
    let mut v = numbers(v);
    let is_vs_dr =
        matches!(v.get("kind").and_then(Value::as_str), Some("VirtualService" | "DestinationRule"))
            && v.get("apiVersion")
                .and_then(Value::as_str)
                .is_some_and(|a| a.starts_with("networking.istio.io/"));
    if is_vs_dr {
        v["apiVersion"] = Value::String("networking.istio.io/v1".into());
    }
    v
}

/// Asserts that two document lists hold the same documents, in any order.
fn assert_same_documents(context: &str, input: &[Value], output: &[Value]) {
    let mut left: Vec<Value> = output.iter().map(normalise).collect();
    assert_eq!(input.len(), output.len(), "{context}: document count");
    for doc in input.iter().map(normalise) {
        let Some(i) = left.iter().position(|o| *o == doc) else {
            panic!(
                "{context}: document not found in the export:\n{}\nexport:\n{}",
                serde_json::to_string_pretty(&doc).unwrap(),
                serde_json::to_string_pretty(&left).unwrap()
            );
        };
        left.remove(i);
    }
}

fn values(text: &str) -> Vec<Value> {
    yaml::parse(text).expect("YAML").into_iter().map(|d| d.value).collect()
}

fn errors(loaded: &traffic_model::Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {} {:?}: {}", d.code.id, d.path, d.location, d.message))
        .collect()
}

/// Loads, exports as v1, re-parses; checks nothing was lost or changed.
fn round_trip(context: &str, text: &str) -> String {
    let loaded = Bundle::from_yaml(text).unwrap_or_else(|e| panic!("{context}: {e}"));
    assert!(errors(&loaded).is_empty(), "{context}: {:#?}", errors(&loaded));
    let out = loaded.bundle.to_yaml(ApiVersion::V1);
    assert_same_documents(context, &values(text), &values(&out));
    // Export is a fixed point.
    let again = Bundle::from_yaml(&out).unwrap();
    assert_eq!(again.bundle.to_yaml(ApiVersion::V1), out, "{context}: second export differs");
    out
}

fn crd_schema(kind_file: &str) -> Value {
    let text = std::fs::read_to_string(format!("{SHARED}/istio-crds/{kind_file}")).unwrap();
    let crd = yaml::parse(&text).unwrap().remove(0).value;
    let versions = crd["spec"]["versions"].as_array().unwrap();
    let v1 = versions.iter().find(|v| v["name"] == "v1").unwrap();
    v1["schema"]["openAPIV3Schema"].clone()
}

/// Walks `doc` along `schema`: records each schema property path met (array
/// items as `[]`, map values as `*`) and returns the doc keys the schema
/// does not know.
fn walk_schema(
    doc: &Value,
    schema: &Value,
    path: &str,
    seen: &mut BTreeSet<String>,
    unknown: &mut Vec<String>,
) {
    match doc {
        Value::Object(m) => {
            for (k, v) in m {
                let child = if let Some(p) = schema.get("properties").and_then(|p| p.get(k)) {
                    (p, format!("{path}.{k}"))
                } else if let Some(a) = schema.get("additionalProperties").filter(|a| a.is_object())
                {
                    (a, format!("{path}.*"))
                } else {
                    unknown.push(format!("{path}.{k}"));
                    continue;
                };
                seen.insert(child.1.clone());
                walk_schema(v, child.0, &child.1, seen, unknown);
            }
        }
        Value::Array(a) => {
            for item in a {
                walk_schema(item, &schema["items"], &format!("{path}[]"), seen, unknown);
            }
        }
        _ => {}
    }
}

/// Maps a DestinationRule schema path inside a repeated message (a
/// subset's `trafficPolicy`, a `portLevelSettings` entry) onto the
/// service-level `trafficPolicy` path of the same field.
fn same_message(path: &str) -> String {
    let p = path.replace("spec.subsets[].trafficPolicy", "spec.trafficPolicy");
    for f in ["connectionPool", "loadBalancer", "outlierDetection", "tls"] {
        let from = format!("spec.trafficPolicy.portLevelSettings[].{f}");
        if let Some(rest) = p.strip_prefix(&from) {
            return format!("spec.trafficPolicy.{f}{rest}");
        }
    }
    p
}

/// Every property path of `schema` (as [`walk_schema`] spells them).
fn schema_paths(schema: &Value, path: &str, out: &mut BTreeSet<String>) {
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, p) in props {
            let child = format!("{path}.{k}");
            out.insert(child.clone());
            schema_paths(p, &child, out);
        }
    }
    if let Some(a) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        let child = format!("{path}.*");
        out.insert(child.clone());
        schema_paths(a, &child, out);
    }
    if let Some(items) = schema.get("items") {
        schema_paths(items, &format!("{path}[]"), out);
    }
}

/// Adds `zzUnknown: true` to every object of `doc` that the schema closes
/// with `properties` (not to maps); returns the paths added, diagnostic
/// style (`spec.http[0].zzUnknown`).
fn inject_unknown(doc: &mut Value, schema: &Value, path: &str, added: &mut Vec<String>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match doc {
        Value::Object(m) => {
            let is_message = schema.get("properties").is_some() || path == "metadata";
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                let sub = schema
                    .get("properties")
                    .and_then(|p| p.get(&k))
                    .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()))
                    .cloned()
                    .unwrap_or(Value::Null);
                if let Some(v) = m.get_mut(&k) {
                    inject_unknown(v, &sub, &join(&k), added);
                }
            }
            if is_message {
                m.insert("zzUnknown".into(), Value::Bool(true));
                added.push(join("zzUnknown"));
            }
        }
        Value::Array(a) => {
            for (i, item) in a.iter_mut().enumerate() {
                inject_unknown(item, &schema["items"], &format!("{path}[{i}]"), added);
            }
        }
        _ => {}
    }
}

fn python_checker() -> Option<()> {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import yaml, jsonschema"])
        .output()
        .ok()?
        .status
        .success();
    ok.then_some(())
}

/// Runs `check-crd-schema.py` on `files`; `None` when python3 with PyYAML
/// and jsonschema is missing.
fn check_crd_schema(files: &[PathBuf]) -> Option<(bool, String)> {
    python_checker()?;
    let out = std::process::Command::new("python3")
        .arg(format!("{SHARED}/tools/check-crd-schema.py"))
        .arg("--crd-dir")
        .arg(format!("{SHARED}/istio-crds"))
        .args(files)
        .output()
        .ok()?;
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Some((out.status.success(), text))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("td-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------- fixtures

#[test]
fn istio_samples_round_trip() {
    let files = yaml_files(&format!("{SHARED}/fixtures/istio-samples"));
    assert!(files.len() >= 20, "fixtures missing");
    for f in files {
        round_trip(&f.display().to_string(), &std::fs::read_to_string(&f).unwrap());
    }
}

#[test]
fn seed_designs_round_trip() {
    let files = yaml_files(&format!("{SHARED}/fixtures/seed"));
    assert!(!files.is_empty(), "fixtures missing");
    for f in files {
        round_trip(&f.display().to_string(), &std::fs::read_to_string(&f).unwrap());
    }
}

#[test]
fn other_kinds_stay_verbatim_and_all_served_versions_load() {
    let text = "apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata:\n  name: a\nspec:\n  hosts: [a]\n---\napiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata:\n  name: a\nspec:\n  host: a\n---\napiVersion: networking.istio.io/v2\nkind: VirtualService\nmetadata:\n  name: future\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  on: \"yes\"\n";
    let loaded = Bundle::from_yaml(text).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let kinds: Vec<_> = loaded
        .bundle
        .documents
        .iter()
        .map(|d| match d {
            Document::VirtualService(_) => "VS",
            Document::DestinationRule(_) => "DR",
            Document::Other(_) => "other",
        })
        .collect();
    assert_eq!(kinds, ["VS", "DR", "other", "other"]);
    let out = loaded.bundle.to_yaml(ApiVersion::V1Beta1);
    assert!(out.contains("apiVersion: networking.istio.io/v2\n"));
    assert_eq!(out.matches("apiVersion: networking.istio.io/v1beta1\n").count(), 2);
    assert!(out.contains("data:\n  \"on\": \"yes\"\n"), "{out}");
}

// ---------------------------------------------------------------- kitchen sink

#[test]
fn kitchen_sink_covers_every_crd_field() {
    let docs = values(KITCHEN_SINK);
    for (doc, file) in docs.iter().zip([
        "virtualservices.networking.istio.io.yaml",
        "destinationrules.networking.istio.io.yaml",
    ]) {
        let schema = crd_schema(file);
        let spec_schema = &schema["properties"]["spec"];
        let mut seen = BTreeSet::new();
        let mut unknown = Vec::new();
        walk_schema(&doc["spec"], spec_schema, "spec", &mut seen, &mut unknown);
        assert!(unknown.is_empty(), "{file}: fields not in the schema: {unknown:?}");
        let mut all = BTreeSet::new();
        schema_paths(spec_schema, "spec", &mut all);
        // A message the schema repeats in several places is one Rust type:
        // covering it once is enough.
        let seen: BTreeSet<String> = seen.iter().map(|p| same_message(p)).collect();
        let all: BTreeSet<String> = all.iter().map(|p| same_message(p)).collect();
        let missing: Vec<_> = all.difference(&seen).collect();
        assert!(missing.is_empty(), "{file}: the kitchen sink does not set {missing:#?}");
    }
}

#[test]
fn kitchen_sink_round_trips_exactly() {
    let loaded = Bundle::from_yaml(KITCHEN_SINK).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert!(matches!(loaded.bundle.documents[0], Document::VirtualService(_)));
    assert!(matches!(loaded.bundle.documents[1], Document::DestinationRule(_)));
    let out = loaded.bundle.to_yaml(ApiVersion::V1);
    let mut input = values(KITCHEN_SINK);
    let output = values(&out);
    // Exact equality, numbers included (`10` stays `10`, `100.0` stays a
    // float); only the order of documents and of keys may change.
    input.reverse(); // DestinationRules are written first.
    assert_eq!(input, output, "{out}");
    assert!(out.contains("value: 10\n") && out.contains("value: 100.0\n"), "{out}");
}

#[test]
fn kitchen_sink_export_passes_the_crd_schema() {
    let out = Bundle::from_yaml(KITCHEN_SINK).unwrap().bundle.to_yaml(ApiVersion::V1);
    let dir = temp_dir("kitchen-sink");
    let file = dir.join("kitchen-sink.yaml");
    std::fs::write(&file, out).unwrap();
    match check_crd_schema(std::slice::from_ref(&file)) {
        None => println!("note: python3 with PyYAML and jsonschema not found; CRD check skipped"),
        Some((ok, text)) => assert!(ok, "{text}"),
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn typed_model_reads_every_kitchen_sink_member() {
    let loaded = Bundle::from_yaml(KITCHEN_SINK).unwrap();
    let (_, vs) = loaded.bundle.virtual_services().next().unwrap();
    let http = &vs.spec.http;
    let m = &http[0].matches[0];
    assert_eq!(m.uri.as_ref().unwrap().kind(), Some((MatchKind::Exact, "/a")));
    assert_eq!(m.method.as_ref().unwrap().kind(), Some((MatchKind::Regex, "GET|POST")));
    assert_eq!(m.headers["x-present"].kind(), None);
    assert_eq!(http[0].route[0].destination.port.as_ref().unwrap().number, Some(9080));
    let fault = http[0].fault.as_ref().unwrap();
    assert_eq!(fault.delay.as_ref().unwrap().kind(), Some(DelayKind::Fixed("5s")));
    assert_eq!(fault.abort.as_ref().unwrap().kind(), Some(AbortKind::HttpStatus(503)));
    assert_eq!(fault.abort.as_ref().unwrap().percentage.as_ref().unwrap().get(), 0.5);
    assert_eq!(http[1].mirror_percent, Some(50));
    assert_eq!(http[1].mirror_percent_legacy, Some(50));
    assert_eq!(
        http[1].fault.as_ref().unwrap().delay.as_ref().unwrap().kind(),
        Some(DelayKind::Exponential("1s"))
    );
    assert_eq!(vs.spec.tcp[0].route[0].weight, Some(100));
    assert_eq!(vs.spec.tls[0].matches[0].sni_hosts, ["reviews.example.com"]);
    let (_, dr) = loaded.bundle.destination_rules().next().unwrap();
    let tp = dr.spec.traffic_policy.as_ref().unwrap();
    assert_eq!(
        tp.load_balancer.as_ref().unwrap().policy(),
        Some(LbPolicy::Simple(SimpleLb::LeastRequest))
    );
    assert_eq!(tp.outlier_detection.as_ref().unwrap().consecutive_5xx_errors, Some(5));
    assert_eq!(tp.tunnel.as_ref().unwrap().target_port, 8080);
    assert_eq!(dr.spec.subsets.len(), 3);
}

// ---------------------------------------------------------------- import semantics

const KUBECTL_GET: &str = r#"apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"annotations":{},"name":"reviews","namespace":"default"},"spec":{"hosts":["reviews"]}}
    owner: team-a
  creationTimestamp: "2026-01-02T03:04:05Z"
  finalizers:
  - example.com/keep
  generation: 4
  managedFields:
  - apiVersion: networking.istio.io/v1
    fieldsType: FieldsV1
    manager: kubectl-client-side-apply
    operation: Update
    time: "2026-01-02T03:04:05Z"
  name: reviews
  namespace: default
  resourceVersion: "123456"
  selfLink: /apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews
  uid: 0b7c7f3e-1111-2222-3333-444455556666
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
status:
  observedGeneration: 4
"#;

#[test]
fn kubectl_get_output_drops_server_fields_with_one_info() {
    let loaded = Bundle::from_yaml(KUBECTL_GET).unwrap();
    assert_eq!(loaded.diagnostics.len(), 1, "{:#?}", loaded.diagnostics);
    let d = &loaded.diagnostics[0];
    assert_eq!(d.code, &codes::SERVER_FIELDS_DROPPED);
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(
        (d.document, d.kind.as_str(), d.name.as_str()),
        (Some(0), "VirtualService", "reviews")
    );
    for f in [
        "status",
        "metadata.managedFields",
        "metadata.uid",
        "metadata.resourceVersion",
        "metadata.generation",
        "metadata.creationTimestamp",
        "metadata.selfLink",
        "metadata.annotations.kubectl.kubernetes.io/last-applied-configuration",
    ] {
        assert!(d.message.contains(f), "{f} not listed in {:?}", d.message);
    }
    assert!(d.location.is_some());
    let out = loaded.bundle.to_yaml(ApiVersion::V1);
    assert_eq!(
        out,
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\n  annotations:\n    owner: team-a\n  finalizers:\n  - example.com/keep\nspec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n"
    );
}

#[test]
fn nothing_dropped_means_no_info() {
    let loaded =
        Bundle::from_yaml(&KUBECTL_GET.replace("status:\n  observedGeneration: 4\n", "")).unwrap();
    assert_eq!(loaded.diagnostics.len(), 1);
    assert!(!loaded.diagnostics[0].message.contains("status"));
    let clean = Bundle::from_yaml(KITCHEN_SINK).unwrap();
    assert!(clean.diagnostics.iter().all(|d| d.code != &codes::SERVER_FIELDS_DROPPED));
}

#[test]
fn unknown_fields_are_reported_with_paths_and_kept() {
    let text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n  nmae: typo\nspec:\n  hosts:\n  - r\n  http:\n  - route:\n    - destination:\n        host: r\n        subet: v1\n      wieght: 5\n    foo:\n      bar: [1, 2]\n  extra: yes\ncolour: blue\n";
    let loaded = Bundle::from_yaml(text).unwrap();
    let found: Vec<(String, String)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.code, &codes::UNKNOWN_FIELD);
            assert_eq!(d.severity, Severity::Error);
            assert_eq!(d.document, Some(0));
            (d.path.clone(), d.location.map(|l| l.to_string()).unwrap_or_default())
        })
        .collect();
    let expected = [
        ("colour", "18:1"),
        ("metadata.nmae", "5:3"),
        ("spec.extra", "17:3"),
        ("spec.http[0].foo", "15:5"),
        ("spec.http[0].route[0].wieght", "14:7"),
        ("spec.http[0].route[0].destination.subet", "13:9"),
    ];
    assert_eq!(
        found,
        expected.iter().map(|(p, l)| (p.to_string(), l.to_string())).collect::<Vec<_>>()
    );
    assert!(loaded.diagnostics[3].message.contains("`spec.http[0].foo`"));
    // Kept and exported unchanged.
    assert_same_documents(
        "unknown",
        &values(text),
        &values(&loaded.bundle.to_yaml(ApiVersion::V1)),
    );
}

#[test]
fn an_unknown_field_in_every_message_is_reported() {
    let mut docs = values(KITCHEN_SINK);
    let mut expected = Vec::new();
    for (doc, file) in docs.iter_mut().zip([
        "virtualservices.networking.istio.io.yaml",
        "destinationrules.networking.istio.io.yaml",
    ]) {
        let schema = crd_schema(file);
        inject_unknown(doc, &schema, "", &mut expected);
    }
    let text = yaml::emit_documents(&docs);
    let loaded = Bundle::from_yaml(&text).unwrap();
    let mut found: Vec<String> = loaded
        .diagnostics
        .iter()
        .inspect(|d| {
            assert_eq!(d.code, &codes::UNKNOWN_FIELD, "{d:?}");
            assert!(d.location.is_some());
        })
        .map(|d| d.path.clone())
        .collect();
    found.sort();
    expected.sort();
    assert!(expected.len() > 80, "only {} messages", expected.len());
    assert_eq!(found, expected);
    assert_same_documents("injected", &docs, &values(&loaded.bundle.to_yaml(ApiVersion::V1)));
}

#[test]
fn oneof_conflicts_still_load_and_round_trip() {
    let text = r#"apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts:
  - r
  http:
  - match:
    - uri:
        exact: /a
        prefix: /b
    route:
    - destination:
        host: r
    redirect:
      port: 80
      derivePort: FROM_PROTOCOL_DEFAULT
    directResponse:
      status: 200
      body:
        string: a
        bytes: YQ==
    fault:
      delay:
        fixedDelay: 1s
        exponentialDelay: 2s
      abort:
        httpStatus: 500
        grpcStatus: UNAVAILABLE
        http2Error: x
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: r
spec:
  host: r
  trafficPolicy:
    loadBalancer:
      simple: RANDOM
      consistentHash:
        httpHeaderName: x
        useSourceIp: true
        ringHash: {}
        maglev: {}
      localityLbSetting:
        distribute:
        - from: a
          to:
            b: 100
        failover:
        - from: a
          to: b
"#;
    let loaded = Bundle::from_yaml(text).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let (_, vs) = loaded.bundle.virtual_services().next().unwrap();
    let r = &vs.spec.http[0];
    assert_eq!(r.matches[0].uri.as_ref().unwrap().match_type_members(), ["exact", "prefix"]);
    assert_eq!(r.redirect.as_ref().unwrap().redirect_port_members(), ["port", "derivePort"]);
    assert_eq!(
        r.direct_response.as_ref().unwrap().body.as_ref().unwrap().specifier_members(),
        ["string", "bytes"]
    );
    let fault = r.fault.as_ref().unwrap();
    assert_eq!(
        fault.delay.as_ref().unwrap().http_delay_type_members(),
        ["fixedDelay", "exponentialDelay"]
    );
    assert_eq!(
        fault.abort.as_ref().unwrap().error_type_members(),
        ["httpStatus", "grpcStatus", "http2Error"]
    );
    assert_eq!(r.actions().len(), 3);
    let (_, dr) = loaded.bundle.destination_rules().next().unwrap();
    let lb = dr.spec.traffic_policy.as_ref().unwrap().load_balancer.as_ref().unwrap();
    assert_eq!(lb.lb_policy_members(), ["simple", "consistentHash"]);
    let ch = lb.consistent_hash.as_ref().unwrap();
    assert_eq!(ch.hash_key_members(), ["httpHeaderName", "useSourceIp"]);
    assert_eq!(ch.hash_algorithm_members(), ["ringHash", "maglev"]);
    assert_eq!(lb.locality_lb_setting.as_ref().unwrap().mode_members(), ["distribute", "failover"]);
    round_trip("oneof conflicts", text);
}

#[test]
fn schema_errors_keep_the_document_verbatim_with_a_location() {
    let text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n  uid: x\nspec:\n  http:\n  - route:\n    - destination:\n        host: r\n      weight: \"50\"\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: FASTEST\n";
    let loaded = Bundle::from_yaml(text).unwrap();
    let diags: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.code.id, d.path.as_str(), d.location.map(|l| l.to_string())))
        .collect();
    assert_eq!(
        diags,
        [
            ("TDZ0002", "spec.http[0].route[0].weight", Some("11:7".to_string())),
            ("TDZ0002", "spec.trafficPolicy.loadBalancer.simple", Some("21:7".to_string())),
        ]
    );
    assert!(loaded.bundle.documents.iter().all(|d| matches!(d, Document::Other(_))));
    // Kept as written, server fields included.
    assert_eq!(values(&loaded.bundle.to_yaml(ApiVersion::V1)), values(text));
}

#[test]
fn missing_required_fields_are_schema_errors() {
    for (yaml_spec, path) in [
        ("http:\n  - route:\n    - weight: 1\n", "spec.http[0].route[0]"),
        (
            "http:\n  - directResponse:\n      body:\n        string: x\n",
            "spec.http[0].directResponse",
        ),
        ("http:\n  - mirror:\n      subset: v1\n", "spec.http[0].mirror"),
    ] {
        let text = format!(
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  {yaml_spec}"
        );
        let loaded = Bundle::from_yaml(&text).unwrap();
        assert_eq!(loaded.diagnostics.len(), 1, "{text}");
        assert_eq!(loaded.diagnostics[0].code, &codes::SCHEMA_TYPE);
        assert_eq!(loaded.diagnostics[0].path, path);
        assert!(
            loaded.diagnostics[0].message.contains("missing field"),
            "{:?}",
            loaded.diagnostics
        );
    }
}

#[test]
fn explicit_nulls_read_as_absent() {
    let text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n  labels: ~\nspec:\n  hosts:\n  - r\n  gateways: null\n  http:\n  - timeout: ~\n    route:\n    - destination:\n        host: r\n      weight: null\n";
    let loaded = Bundle::from_yaml(text).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(
        loaded.bundle.to_yaml(ApiVersion::V1),
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts:\n  - r\n  http:\n  - route:\n    - destination:\n        host: r\n"
    );
}

#[test]
fn integer_and_float_percentages_keep_their_form() {
    let text = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  http:\n  - route:\n    - destination:\n        host: r\n    mirror:\n      host: m\n    mirrorPercentage:\n      value: 10\n  - route:\n    - destination:\n        host: r\n    mirror:\n      host: m\n    mirrorPercentage:\n      value: 12.5\n";
    let out = round_trip("percent", text);
    assert!(out.contains("value: 10\n") && out.contains("value: 12.5\n"), "{out}");
}

// ---------------------------------------------------------------- speed

fn large_design(routes: usize) -> Bundle {
    let http = (0..routes)
        .map(|i| HttpRoute {
            name: Some(format!("rule-{i}")),
            matches: vec![HttpMatchRequest {
                uri: Some(StringMatch::prefix(format!("/api/v{i}"))),
                headers: [("x-user".to_string(), StringMatch::exact(format!("user-{i}")))].into(),
                ..Default::default()
            }],
            route: vec![
                HttpRouteDestination {
                    destination: Destination::subset("reviews", "v1"),
                    weight: Some(90),
                    ..Default::default()
                },
                HttpRouteDestination {
                    destination: Destination::subset("reviews", "v2"),
                    weight: Some(10),
                    ..Default::default()
                },
            ],
            timeout: Some("10s".into()),
            ..Default::default()
        })
        .collect();
    let vs = VirtualService {
        api_version: ApiVersion::V1.as_str().into(),
        kind: "VirtualService".into(),
        metadata: traffic_model::meta::ObjectMeta::named("reviews", "default"),
        spec: VirtualServiceSpec { hosts: vec!["reviews".into()], http, ..Default::default() },
        ..Default::default()
    };
    let mut b = traffic_model::presets::canary(90, 10);
    b.documents[1] = Document::VirtualService(vs);
    b
}

/// Smallest time of `runs` calls of `f`.
fn fastest(runs: u32, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn loading_and_exporting_200_routes_is_fast() {
    let bundle = large_design(200);
    let text = bundle.to_yaml(ApiVersion::V1);
    let again = Bundle::from_yaml(&text).unwrap();
    assert!(again.diagnostics.is_empty());
    assert_eq!(again.bundle, bundle);
    let runs = 15;
    let load = fastest(runs, || drop(Bundle::from_yaml(&text).unwrap()));
    let parse = fastest(runs, || drop(yaml::parse(&text).unwrap()));
    let export = fastest(runs, || drop(bundle.to_yaml(ApiVersion::V1)));
    let values: Vec<Value> =
        (0..bundle.documents.len()).map(|i| bundle.document_value(i, ApiVersion::V1)).collect();
    let typed_out = fastest(runs, || {
        for i in 0..bundle.documents.len() {
            drop(bundle.document_value(i, ApiVersion::V1));
        }
    });
    let emit = fastest(runs, || drop(yaml::emit_documents(&values)));
    // The model's own share: typed load (after YAML parsing) and typed
    // export (before YAML emitting).
    let model = load.saturating_sub(parse) + typed_out;
    println!(
        "200 routes, {} bytes: load {load:?} (YAML parse {parse:?}), export {export:?} \
         (typed -> JSON {typed_out:?}, YAML emit {emit:?}); model share {model:?}",
        text.len()
    );
    // Target: well under 2 ms in an optimised build (`cargo test --release`).
    // Unoptimised serde is 20-50x slower; there the bound only catches
    // accidental quadratic work.
    let limit = Duration::from_millis(if cfg!(debug_assertions) { 300 } else { 2 });
    assert!(model < limit, "model share {model:?}");
}
