use super::*;
use serde_json::json;

fn doc() -> Value {
    json!({"programs": [{"id": "cong", "units": 5}, {"id": "hospits", "hospits": {"housing_per_month_nok": 25000.0}}],
           "profiles": [{"id": "mild", "transitions": {"temporary": {"bands": [{"until_month": 3, "to": {"congregate": 0.3}}, {"to": {"homeless": 0.5}}]},
                                                      "congregate": {"to": {"temporary": 0.05}}}}]})
}

#[test]
fn ids_and_indices_resolve_to_the_same_field() {
    let d = doc();
    let (by_id, v) = resolve(&d, "programs[hospits].hospits.housing_per_month_nok").unwrap();
    let (by_index, _) = resolve(&d, "programs[1].hospits.housing_per_month_nok").unwrap();
    assert_eq!(by_id, by_index);
    assert_eq!(by_id.canonical, "programs[1].hospits.housing_per_month_nok");
    assert_eq!(by_id.pointer, "/programs/1/hospits/housing_per_month_nok");
    assert_eq!(v, &json!(25000.0));
    let (band, _) = resolve(
        &d,
        "profiles[mild].transitions.temporary.bands[1].to.homeless",
    )
    .unwrap();
    assert_eq!(
        band.pointer,
        "/profiles/0/transitions/temporary/bands/1/to/homeless"
    );
}

#[test]
fn unresolved_paths_say_what_is_there() {
    let d = doc();
    let e = resolve(&d, "programs[hospitz].units").unwrap_err();
    assert_eq!(
        e,
        "no program with id or index `hospitz`; ids are: cong, hospits"
    );
    let e = resolve(&d, "programs[7].units").unwrap_err();
    assert!(e.contains("has 2 elements; there is no index 7"), "{e}");
    let e = resolve(&d, "programs[0].staff").unwrap_err();
    assert!(
        e.contains("no field `staff` at `programs[0]`") && e.contains("id, units"),
        "{e}"
    );
    let e = resolve(&d, "programs[0].units.x").unwrap_err();
    assert!(e.contains("`programs[0].units` is the number 5"), "{e}");
    for bad in ["", "a..b", "a[0", "a]", "[0]", "a[0]b", "a.", "a[]"] {
        assert!(resolve(&d, bad).is_err(), "{bad:?} resolves");
    }
}

#[test]
fn rows_are_to_maps_or_transitions_with_to() {
    let d = doc();
    let row = resolve_row(&d, "profiles[mild].transitions.congregate").unwrap();
    assert_eq!(row.canonical, "profiles[0].transitions.congregate.to");
    assert_eq!(
        resolve_row(&d, "profiles[0].transitions.congregate.to").unwrap(),
        row
    );
    let band = resolve_row(&d, "profiles[0].transitions.temporary.bands[0]").unwrap();
    assert_eq!(band.pointer, "/profiles/0/transitions/temporary/bands/0/to");
    assert_eq!(row_origin(&d, &band.canonical), Some("temporary"));
    let e = resolve_row(&d, "profiles[0].transitions.temporary").unwrap_err();
    assert!(e.contains("name one band"), "{e}");
    assert!(resolve_row(&d, "programs[0].units").is_err());
}

#[test]
fn a_programs_own_rows_come_out_of_its_category() {
    let d = json!({"programs": [{"id": "cong", "category": "congregate"},
        {"id": "bolig_nu", "category": "temporary",
         "transitions": {"bands": [{"until_month": 3, "to": {}}, {"to": {"homeless": 1.0}}]},
         "transitions_by_profile": {"mild": {"to": {"ordinary": 0.2}}}}]});
    let band = resolve_row(&d, "programs[bolig_nu].transitions.bands[1]").unwrap();
    assert_eq!(band.canonical, "programs[1].transitions.bands[1].to");
    assert_eq!(band.pointer, "/programs/1/transitions/bands/1/to");
    assert_eq!(row_origin(&d, &band.canonical), Some("temporary"));
    let own = resolve_row(&d, "programs[bolig_nu].transitions_by_profile.mild").unwrap();
    assert_eq!(own.pointer, "/programs/1/transitions_by_profile/mild/to");
    assert_eq!(row_origin(&d, &own.canonical), Some("temporary"));
    assert_eq!(row_origin(&d, "programs[0].units"), None);
}

#[test]
fn names_in_another_spelling_resolve_to_the_documents_keys() {
    let d = serde_json::json!({"initial": {"specialized": 3, "homeless": 1}});
    let (found, v) = resolve(&d, "initial.specialised").unwrap();
    assert_eq!(found.canonical, "initial.specialized");
    assert_eq!(found.pointer, "/initial/specialized");
    assert_eq!(v, &serde_json::json!(3));
    assert!(resolve(&d, "initial.specialist").is_err());
}
