//! Import + validate: every step the app runs on a text pasted or dropped
//! into it must return (no panic, no hang), and an export must re-import.
#![no_main]

use libfuzzer_sys::fuzz_target;
use traffic_model::simulate::{diagram, simulate, Request};
use traffic_model::{validate::validate_loaded, ApiVersion, Bundle};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };

    // A share-link fragment is decoded from untrusted text as well.
    let _ = traffic_model::share::decode(text);

    let Ok(loaded) = Bundle::from_yaml(text) else { return };
    let _ = validate_loaded(&loaded);

    for api in [ApiVersion::V1, ApiVersion::V1Beta1] {
        let exported = loaded.bundle.to_yaml(api);
        let again = match Bundle::from_yaml(&exported) {
            Ok(again) => again,
            Err(e) => panic!("export does not re-import: {e:?}\n--- export ---\n{exported}"),
        };
        // Export is canonical: exporting what it wrote gives the same text.
        assert_eq!(again.bundle.to_yaml(api), exported, "export is not a fixed point");
        let _ = validate_loaded(&again);
    }

    // Requests the simulator sees from the app: the default one (host of the
    // only VirtualService) and one per declared host, with a header, a
    // cookie and a query parameter so that match conditions are evaluated.
    let bundle = &loaded.bundle;
    let _ = simulate(bundle, &Request::new(""));
    // The simulator panel draws the design as SVG too.
    let _ = diagram(bundle);
    let hosts: Vec<&String> =
        bundle.virtual_services().flat_map(|(_, vs)| vs.spec.hosts.iter()).take(4).collect();
    for host in hosts {
        let request = Request::new(host)
            .header("end-user", "jason")
            .header("cookie", "user=jason; session=abc")
            .query_param("v", "1")
            .path("/api/v1/reviews?x=1")
            .method("POST");
        let _ = simulate(bundle, &request);
    }
});
