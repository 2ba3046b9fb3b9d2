//! The code registry is well formed, and `docs/diagnostics.md` is the
//! reference generated from it. Regenerate the file with
//! `UPDATE_DOCS=1 cargo test -p traffic-model --test validate_docs`.

use std::collections::HashSet;
use std::path::Path;

use traffic_model::codes;

#[test]
fn registry_is_well_formed() {
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    let mut previous = "";
    for c in codes::ALL {
        assert!(
            c.id.len() == 7
                && c.id.starts_with("TDZ")
                && c.id[3..].bytes().all(|b| b.is_ascii_digit()),
            "bad id {}",
            c.id
        );
        assert!(ids.insert(c.id), "duplicate id {}", c.id);
        assert!(names.insert(c.name), "duplicate name {}", c.name);
        assert!(c.id > previous, "{} is not in id order (after {previous})", c.id);
        previous = c.id;
        assert!(
            !c.name.is_empty()
                && c.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !c.name.starts_with('-')
                && !c.name.ends_with('-'),
            "name {} is not kebab-case",
            c.name
        );
        if let Some(u) = c.upstream {
            assert!(
                (u.starts_with("IST") || u.starts_with("KIA")) && u.len() == 7,
                "{}: bad upstream {u}",
                c.id
            );
            assert!(codes::upstream_url(u).is_some());
        }
        assert!(!c.summary.is_empty() && !c.summary.ends_with('.'), "{}: summary style", c.id);
        assert_eq!(codes::by_id(c.id).map(|x| x.id), Some(c.id));
    }
}

#[test]
fn diagnostics_reference_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let generated = codes::reference_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().expect("docs dir")).expect("create docs/");
        std::fs::write(&path, &generated).expect("write docs/diagnostics.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/diagnostics.md is stale; regenerate it with \
         `UPDATE_DOCS=1 cargo test -p traffic-model --test validate_docs`"
    );
    for c in codes::ALL {
        assert!(committed.contains(c.id), "{} missing from the reference", c.id);
    }
}
