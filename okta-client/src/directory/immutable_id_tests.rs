use super::*;

const GUID: &str = "35918bc9-196d-40ea-9779-889d79b753f0";
const IMMUTABLE: &str = "yYuRNW0Z6kCXeYidebdT8A==";

#[test]
fn the_wire_vector_converts_to_microsoft_byte_order() {
    let id = ImmutableId::from_object_guid(GUID).unwrap();
    assert_eq!(
        id.as_bytes(),
        &[
            0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7,
            0x53, 0xF0
        ]
    );
    assert_eq!(id.to_string(), IMMUTABLE);
    assert_eq!(id.to_object_guid(), GUID);
}

#[test]
fn braces_and_uppercase_are_accepted_in_a_guid() {
    let id = ImmutableId::from_object_guid("{35918BC9-196D-40EA-9779-889D79B753F0}").unwrap();
    assert_eq!(id.to_string(), IMMUTABLE);
}

#[test]
fn malformed_guids_are_rejected() {
    for bad in [
        "",
        "35918bc9196d40ea9779889d79b753f0",
        "35918bc9-196d-40ea-9779-889d79b753f",
        "{35918bc9-196d-40ea-9779-889d79b753f0",
        "35918bc9-196d-40ea-9779-889d79b753fg",
        "35918bc9-196d40ea-9779-889d-79b753f0",
    ] {
        assert_eq!(
            ImmutableId::from_object_guid(bad),
            Err(InvalidObjectGuid),
            "{bad}"
        );
    }
}

#[test]
fn a_valid_immutable_id_parses_and_prints_unchanged() {
    let id = ImmutableId::parse(IMMUTABLE).unwrap();
    assert_eq!(id.to_string(), IMMUTABLE);
    assert_eq!(id.to_object_guid(), GUID);
}

#[test]
fn rfc_4122_order_is_valid_base64_of_a_different_guid() {
    // Undetectable by design: it parses, but maps back to a GUID nobody has.
    let wrong = ImmutableId::parse("NZGLyRltQOqXeYidebdT8A==").unwrap();
    assert_ne!(wrong.to_object_guid(), GUID);
}

#[test]
fn a_guid_string_is_rejected_with_its_conversion() {
    let err = ImmutableId::parse(GUID).unwrap_err();
    assert_eq!(
        err,
        InvalidImmutableId::GuidString {
            suggestion: ImmutableId::parse(IMMUTABLE).unwrap()
        }
    );
    assert!(err.to_string().contains(IMMUTABLE));
}

#[test]
fn plain_hex_is_rejected_as_hex() {
    let err = ImmutableId::parse("c98b91356d19ea409779889d79b753f0").unwrap_err();
    assert_eq!(
        err,
        InvalidImmutableId::Hex {
            suggestion: ImmutableId::parse(IMMUTABLE).unwrap()
        }
    );
}

#[test]
fn base64_of_the_guid_text_is_recognised() {
    let text_b64 = STANDARD.encode(GUID);
    assert_eq!(text_b64.len(), 48);
    match ImmutableId::parse(&text_b64).unwrap_err() {
        InvalidImmutableId::Base64OfGuidText { guid, suggestion } => {
            assert_eq!(guid, GUID);
            assert_eq!(suggestion.to_string(), IMMUTABLE);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn missing_padding_and_url_safe_alphabet_are_named() {
    assert!(matches!(
        ImmutableId::parse("yYuRNW0Z6kCXeYidebdT8A"),
        Err(InvalidImmutableId::MissingPadding { .. })
    ));
    let url_safe = URL_SAFE.encode([0xFB; 16]);
    assert!(url_safe.contains('-') || url_safe.contains('_'));
    assert!(matches!(
        ImmutableId::parse(&url_safe),
        Err(InvalidImmutableId::UrlSafeAlphabet { .. })
    ));
}

#[test]
fn wrong_lengths_empty_and_garbage_are_rejected() {
    assert_eq!(
        ImmutableId::parse("AAAA"),
        Err(InvalidImmutableId::WrongLength { len: 3 })
    );
    assert_eq!(ImmutableId::parse("  "), Err(InvalidImmutableId::Empty));
    assert!(matches!(
        ImmutableId::parse("not an id!"),
        Err(InvalidImmutableId::NotBase64 { .. })
    ));
    assert!(matches!(
        ImmutableId::parse(" yYuRNW0Z6kCXeYidebdT8A=="),
        Err(InvalidImmutableId::NotBase64 { .. })
    ));
}

#[test]
fn serde_uses_the_base64_text_and_validates_on_the_way_in() {
    let id = ImmutableId::parse(IMMUTABLE).unwrap();
    assert_eq!(
        serde_json::to_string(&id).unwrap(),
        format!("\"{IMMUTABLE}\"")
    );
    let back: ImmutableId = serde_json::from_str(&format!("\"{IMMUTABLE}\"")).unwrap();
    assert_eq!(back, id);
    assert!(serde_json::from_str::<ImmutableId>(&format!("\"{GUID}\"")).is_err());
}

#[test]
fn an_error_serializes_with_its_kind() {
    let json = serde_json::to_value(InvalidImmutableId::WrongLength { len: 3 }).unwrap();
    assert_eq!(json, serde_json::json!({"kind": "wrongLength", "len": 3}));
}

proptest::proptest! {
    #[test]
    fn any_sixteen_bytes_survive_guid_and_base64_round_trips(bytes in proptest::array::uniform16(proptest::num::u8::ANY)) {
        let id = ImmutableId::from_bytes(bytes);
        let guid = id.to_object_guid();
        let again = ImmutableId::from_object_guid(&guid).unwrap();
        proptest::prop_assert_eq!(again, id);
        proptest::prop_assert_eq!(again.to_object_guid(), guid);
        proptest::prop_assert_eq!(ImmutableId::parse(&id.to_string()).unwrap(), id);
    }
}
