//! Enumerations, unions, `allOf`, recursive types and pointer `$ref`s round-trip through JSON,
//! and enum parameters go on the wire as their values.

use apigen_fixture_clients::{compositions, enums, real_world};
use apigen_test_support::{Reply, TestServer};
use serde_json::{Value, json};

fn roundtrip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: Value,
) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        value,
        "serializes back to the same JSON"
    );
    typed
}

#[test]
fn string_enums_keep_unknown_values() {
    use enums::types::BackupStatus;
    assert_eq!(
        roundtrip::<BackupStatus>(json!("protecting")),
        BackupStatus::Protecting
    );
    assert_eq!(
        roundtrip::<BackupStatus>(json!("In_Progress")),
        BackupStatus::InProgress2
    );
    assert_eq!(
        roundtrip::<BackupStatus>(json!("unknown")),
        BackupStatus::Unknown2
    );
    assert_eq!(roundtrip::<BackupStatus>(json!("")), BackupStatus::Empty);
    let future = roundtrip::<BackupStatus>(json!("archived"));
    assert_eq!(future, BackupStatus::Unknown("archived".into()));
    assert_eq!(future.to_string(), "archived");
    assert_eq!(
        "deleting".parse::<BackupStatus>().unwrap(),
        BackupStatus::Deleting
    );
}

#[test]
fn integer_enums_keep_unknown_values() {
    use enums::types::Priority;
    assert_eq!(roundtrip::<Priority>(json!(-1)), Priority::VMinus1);
    assert_eq!(roundtrip::<Priority>(json!(2)), Priority::V2);
    assert_eq!(roundtrip::<Priority>(json!(42)), Priority::Unknown(42));
}

#[test]
fn structs_with_enum_fields() {
    let backup: enums::types::Backup =
        roundtrip(json!({"id": "b", "status": "error", "priority": 3, "kind": "incremental"}));
    assert_eq!(backup.status, enums::types::BackupStatus::Error);
    assert!(
        serde_json::from_value::<enums::types::Backup>(json!({"id": "b", "status": 7})).is_err()
    );
}

#[tokio::test]
async fn enum_parameters_are_sent_as_their_values() {
    let server = TestServer::replying(Reply::status(200).body("[]"));
    let client = enums::Client::new(&server.url()).unwrap();
    client
        .list_backups()
        .status(enums::types::BackupStatus::WaitingProtect)
        .sort(enums::types::ListBackupsSort::Desc)
        .await
        .unwrap();
    assert_eq!(
        server.single_request().target,
        "/backups?status=waiting_protect&sort=desc"
    );
}

#[test]
fn all_of_merges_and_one_of_tries_in_order() {
    use compositions::types::{Animal, Pet};
    let pet: Pet = roundtrip(json!({"name": "Rex", "id": 7}));
    assert_eq!((pet.name.as_str(), pet.id), ("Rex", 7));
    assert!(
        serde_json::from_value::<Pet>(json!({"name": "no id"})).is_err(),
        "id is required through allOf"
    );
    assert!(matches!(
        roundtrip::<Animal>(json!({"purrs": true})),
        Animal::Cat(_)
    ));
    assert!(matches!(
        roundtrip::<Animal>(json!("just a name")),
        Animal::String(_)
    ));
    assert!(matches!(
        roundtrip::<Animal>(json!([1, 2])),
        Animal::Array(_)
    ));
}

#[test]
fn recursive_types_nest() {
    use compositions::types::{Tree, TreeOrLeaf};
    let tree: Tree = roundtrip(json!({
        "value": 1,
        "left": {"value": 2, "left": {"value": 3}},
        "parent": {"value": 0, "children": [{"value": 5}]},
        "children": [{"value": 4}]
    }));
    assert_eq!(
        tree.left
            .as_ref()
            .and_then(|l| l.left.as_ref())
            .and_then(|l| l.value),
        Some(3)
    );
    assert!(matches!(tree.parent.as_deref(), Some(TreeOrLeaf::Tree(_))));
    assert!(matches!(
        roundtrip::<TreeOrLeaf>(json!(9)),
        TreeOrLeaf::Integer(9)
    ));
}

#[tokio::test]
async fn unions_of_scalars_are_parameters() {
    use compositions::types::NameOrId;
    let server = TestServer::replying(Reply::status(200).body(r#"{"barks":true}"#));
    let client = compositions::Client::new(&server.url()).unwrap();
    let pet = client
        .get_pet(NameOrId::Name("rex the/dog".into()))
        .await
        .unwrap();
    // Untagged: the first alternative that fits wins (Cat has only optional fields).
    assert!(matches!(pet.body(), compositions::types::Animal::Cat(_)));
    assert_eq!(server.single_request().target, "/pets/rex%20the%2Fdog");
    assert!(matches!(roundtrip::<NameOrId>(json!("x")), NameOrId::Id(_)));
}

#[test]
fn openapi_3_1_documents_are_normalised() {
    use apigen_fixture_clients::openapi_3_1::types::{Event, EventKind};
    let event: Event = roundtrip(
        json!({"kind": "deleted", "note": "n", "version": 2, "parent": {"kind": "created"}, "size": "12"}),
    );
    assert_eq!(event.kind, EventKind::Deleted);
    assert!(event.parent.is_some());
    let unknown: Event = roundtrip(json!({"kind": "archived"}));
    assert_eq!(unknown.kind, EventKind::Unknown("archived".into()));
}

#[test]
fn typed_additional_properties_are_flattened() {
    use real_world::types::Labels;
    let labels: Labels = roundtrip(json!({
        "name": "n", "additional_properties": "listed", "bugs": 3, "docs": 0
    }));
    assert_eq!(labels.additional_properties.as_deref(), Some("listed"));
    assert_eq!(labels.additional_properties_2.get("bugs"), Some(&3));
    assert_eq!(labels.additional_properties_2.len(), 2);
    assert!(
        serde_json::from_value::<Labels>(json!({"name": "n", "bugs": "many"})).is_err(),
        "extra properties have the declared type"
    );
    let built = Labels::new("n").with_additional_properties_2([("x".to_owned(), 1)].into());
    assert_eq!(
        serde_json::to_value(built).unwrap(),
        json!({"name": "n", "x": 1})
    );
}

#[test]
fn lenient_shapes_keep_their_wire_names() {
    use real_world::types::{Derived, Gist, GistStatus, Reactions, State};
    let reactions: Reactions =
        roundtrip(json!({"+1": 2, "-1": 1, "total-count": 3, "total_count": 3}));
    assert_eq!((reactions.plus_1, reactions.minus_1), (2, 1));
    assert_eq!(reactions.total_count_2, Some(3));
    let gist: Gist = roundtrip(json!({
        "id": "g", "reactions": {"+1": 0, "-1": 0}, "subresource_uris": {"calls": "/x"},
        "pull_requests": [1, 2], "status": "false", "check": {"status": "queued"}
    }));
    assert_eq!(gist.status, Some(GistStatus::False));
    let derived: Derived = roundtrip(json!({"id": "d", "state": "b"}));
    assert_eq!(derived.state, Some(State::B));
}

#[test]
fn a_union_in_an_all_of_is_flattened_next_to_the_shared_properties() {
    use real_world::types::{Pong, StreamEvent, StreamEventVariant, Volume};
    let event: StreamEvent = roundtrip(json!({"type": "pong", "at": 7, "stream_id": "s1"}));
    assert_eq!(event.stream_id.as_deref(), Some("s1"));
    assert!(matches!(&event.variant, StreamEventVariant::Pong(p) if p.at == 7));
    let built = StreamEvent::new(StreamEventVariant::Pong(Box::new(Pong::new(
        real_world::types::PongType::Pong,
        9,
    ))));
    assert_eq!(
        serde_json::to_value(built).unwrap(),
        json!({"type": "pong", "at": 9})
    );
    let volume: Volume = roundtrip(json!({"id": "v", "label": "data", "limit": 3}));
    assert_eq!(volume.label.as_deref(), Some("data"));
}

#[test]
fn read_only_and_write_only_fields_are_optional_both_ways() {
    use apigen_fixture_clients::objects::types::Account;
    // A response: the read-only `id` is there, the write-only `password` is not.
    let response: Account = serde_json::from_value(
        json!({"id": "a1", "name": "ann", "created": "2026-01-01T00:00:00Z"}),
    )
    .unwrap();
    assert_eq!(response.id.as_deref(), Some("a1"));
    assert!(response.password.is_none());
    // A request: built without the read-only fields, which are then left out.
    let request = Account::new("ann").with_password("hunter2");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"name": "ann", "password": "hunter2"})
    );
    assert!(!format!("{request:?}").contains("hunter2"));
}

#[test]
fn a_discriminator_picks_the_alternative_even_when_shapes_overlap() {
    use compositions::types::{Blob, Circle, Shape, Square};
    // Untagged, `{"size": 2}` would read as the first alternative that accepts it.
    let square: Shape = roundtrip(json!({"kind": "square", "size": 2.0}));
    assert_eq!(
        square,
        Shape::Square(Box::new(Square::new().with_size(2.0)))
    );
    let round: Shape = serde_json::from_value(json!({"kind": "round"})).unwrap();
    assert_eq!(round, Shape::Circle(Box::new(Circle::new("round"))));
    let blob: Shape = roundtrip(json!({"kind": "Blob", "size": 1.0}));
    assert!(matches!(blob, Shape::Blob(_)));
    // The tag is written when the alternative lacks the property, and kept when it has it.
    assert_eq!(
        serde_json::to_value(Shape::Blob(Box::new(Blob::new()))).unwrap(),
        json!({"kind": "Blob"})
    );
    assert_eq!(
        serde_json::to_value(Shape::Circle(Box::new(Circle::new("round")))).unwrap(),
        json!({"kind": "round"})
    );
    let unknown = serde_json::from_value::<Shape>(json!({"kind": "hexagon"})).unwrap_err();
    assert!(unknown.to_string().contains("\"hexagon\""), "{unknown}");
}

#[test]
fn without_a_mapping_one_value_enums_are_the_discriminator_values() {
    use compositions::types::Event;
    let started: Event = roundtrip(json!({"type": "run.started", "at": 1}));
    assert!(matches!(started, Event::Started(_)));
    let stopped: Event = roundtrip(json!({"type": "run.stopped", "at": 1}));
    assert!(matches!(stopped, Event::Stopped(_)));
    // No value matches: the untagged alternative is tried.
    let other: Event = serde_json::from_value(json!({"at": 3})).unwrap();
    assert!(matches!(other, Event::Other(_)));
}

#[test]
fn a_reference_to_a_nullable_component_may_be_null() {
    use apigen_fixture_clients::objects::types::{Assignment, NullableOwner};
    let unassigned: Assignment = roundtrip(json!({"assignee": null, "reviewer": null}));
    assert_eq!(unassigned.assignee, None);
    assert_eq!(unassigned.reviewer, None);
    let assigned: Assignment = roundtrip(json!({"assignee": {"name": "ann"}, "reviewer": null}));
    assert_eq!(
        assigned.assignee,
        Some(NullableOwner::new().with_name("ann"))
    );
}

#[tokio::test]
async fn pointer_references_share_one_type_over_the_wire() {
    use apigen_fixture_clients::pointer_refs::{self, types::*};
    let receipt = json!({
        "extra": {"total": 9.5},
        "special": {"total": 1.0, "flag": true},
        "node": {"child": {"value": 1, "next": {"value": 2, "next": {"value": 3}}}}
    });
    let typed: Receipt = roundtrip(receipt.clone());
    // `Order/allOf/1` is one type, whether reached as a property or merged into `Special`.
    let extra: &OrderAllOf1 = typed.extra.as_ref().unwrap();
    assert_eq!(extra.total, Some(9.5));
    // The pointer back into `Node/properties/child` is the same recursive type.
    let child: &NodeChild = typed.node.as_ref().and_then(|n| n.child.as_ref()).unwrap();
    let third = child.next.as_ref().and_then(|n| n.next.as_ref()).unwrap();
    assert_eq!(third.value, Some(3));

    let server = TestServer::start(|request| {
        if request.json()["special"]["flag"] == json!(true) {
            Reply::status(201)
                .header("Content-Type", "application/json")
                .body(request.body.clone())
        } else {
            Reply::status(400)
                .header("Content-Type", "application/json")
                .body(r#"{"message": "flag missing"}"#)
        }
    });
    let client = pointer_refs::Client::new(&server.url()).unwrap();
    let created = client.create_receipt(&typed).await.unwrap().into_body();
    assert_eq!(created, typed);
    // The error body is typed by the response's own schema, reached by pointer.
    let bare = Receipt::new();
    match client.create_receipt(&bare).await {
        Err(apigen_runtime::Error::Api(e)) => {
            let body: &ErrorApplicationJson = e.body().expect("a typed error body");
            assert_eq!(body.message, "flag missing");
        }
        other => panic!("{other:?}"),
    }
}
