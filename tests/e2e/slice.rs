//! The first slice: weights moved with sliders, live YAML, copy to clipboard.

use crate::support::*;

#[tokio::test]
async fn canary_90_10_with_slider_and_copy() {
    let b = open_app().await;
    // Drag v2's slider to 10, type 90 into v1's number field.
    let v2_slider = b.by_testid("td-1-spec-http-0-route-1-weight-slider").await;
    b.drag_slider(&v2_slider, 10).await;
    let v1_number = b.by_testid("td-1-spec-http-0-route-0-weight").await;
    b.type_into(&v1_number, "90").await;
    assert_eq!(b.by_testid("share-1-0-0").await.text().await.unwrap(), "90.0%");
    assert_eq!(b.by_testid("share-1-0-1").await.text().await.unwrap(), "10.0%");
    // The slider and the number field of one destination show one value.
    let v2_number = b.by_testid("td-1-spec-http-0-route-1-weight").await;
    assert_eq!(v2_number.prop("value").await.unwrap().as_deref(), Some("10"));
    assert_eq!(
        b.by_testid("td-1-spec-http-0-route-0-weight-slider")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("90")
    );

    b.by_testid("copy").await.click().await.unwrap();
    let status = b.by_testid("copy-status").await;
    // The app starts with the canary preset at 100/0: make it a 90/10 canary.
    for _ in 0..50 {
        if !status.text().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status.text().await.unwrap(), "Copied all resources");
    let copied = b.clipboard().await;
    assert!(copied.ends_with('\n'), "one newline ends the text");
    assert_eq!(copied.trim_end(), b.yaml().await.trim_end());
    save_export("slice-canary-90-10.yaml", &copied);

    let got = docs(&copied);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["kind"], "DestinationRule", "DestinationRule comes first");
    let seed = seed_docs("01-weighted-90-10.yaml");
    assert_eq!(of_kind(&got, "VirtualService"), of_kind(&seed, "VirtualService"));
    let dr = of_kind(&got, "DestinationRule");
    assert_eq!(dr, of_kind(&seed, "DestinationRule"));
    assert_eq!(dr["apiVersion"], "networking.istio.io/v1");
    assert!(b.console_errors().await.is_empty(), "{:?}", b.console_errors().await);
    b.close().await;
}
