//! What an operation returns, decided from its responses: one type for every success unless
//! they differ or declare headers (then the `<Op>Response` enum), one error body type unless
//! error bodies differ (then `<Op>ErrorBody`).

use crate::ir::{ErrorShape, Operation, Outcome, Response, ResponseBody, SuccessShape, TypeRef};

/// The success and error shapes of `op`.
pub(super) fn decide(op: &Operation) -> Outcome {
    Outcome {
        success: success(&op.responses),
        error: error(&op.responses),
    }
}

fn success(list: &[Response]) -> SuccessShape {
    let successes: Vec<&Response> = list.iter().filter(|r| r.success).collect();
    let bodies: Vec<&ResponseBody> = successes.iter().filter_map(|r| r.body.as_ref()).collect();
    let uniform = bodies.windows(2).all(|pair| pair[0] == pair[1]);
    if !uniform || successes.iter().any(|r| !r.headers.is_empty()) {
        return SuccessShape::Enum;
    }
    SuccessShape::Uniform {
        ty: bodies.first().map(|body| body.ty.clone()),
        // Some success statuses carry no body (a 204 next to a 200): `None` for those.
        optional: !bodies.is_empty() && bodies.len() < successes.len(),
    }
}

fn error(list: &[Response]) -> ErrorShape {
    let bodies: Vec<&TypeRef> = list
        .iter()
        .filter(|r| !r.success)
        .filter_map(|r| r.body.as_ref().map(|body| &body.ty))
        .collect();
    match bodies.first() {
        None => ErrorShape::Uniform(TypeRef::Json),
        Some(first) if bodies.iter().all(|ty| ty == first) => ErrorShape::Uniform((*first).clone()),
        Some(_) => ErrorShape::Enum,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Encoding, ResponseHeader, StatusMatch};

    fn response(code: u16, body: Option<TypeRef>) -> Response {
        Response {
            status: StatusMatch::Code(code),
            success: code < 400,
            body: body.map(|ty| ResponseBody {
                ty,
                encoding: Encoding::Json,
            }),
            headers: Vec::new(),
            variant: String::new(),
            description: String::new(),
        }
    }

    fn named(name: &str) -> Option<TypeRef> {
        Some(TypeRef::Named(name.to_owned()))
    }

    #[test]
    fn one_success_body_is_the_type() {
        let list = [response(200, named("Pet")), response(404, named("Error"))];
        assert_eq!(
            success(&list),
            SuccessShape::Uniform {
                ty: named("Pet"),
                optional: false
            }
        );
        assert_eq!(
            error(&list),
            ErrorShape::Uniform(TypeRef::Named("Error".into()))
        );
    }

    #[test]
    fn a_bodiless_success_next_to_a_body_makes_it_optional() {
        let list = [response(200, named("Pet")), response(204, None)];
        assert_eq!(
            success(&list),
            SuccessShape::Uniform {
                ty: named("Pet"),
                optional: true
            }
        );
        assert_eq!(error(&list), ErrorShape::Uniform(TypeRef::Json));
    }

    #[test]
    fn differing_bodies_or_headers_make_enums() {
        let list = [
            response(200, named("Pet")),
            response(201, named("Created")),
            response(404, named("NotFound")),
            response(500, named("Error")),
        ];
        assert_eq!(success(&list), SuccessShape::Enum);
        assert_eq!(error(&list), ErrorShape::Enum);
        let mut with_header = response(200, named("Pet"));
        with_header.headers.push(ResponseHeader {
            ident: "etag".into(),
            wire_name: "ETag".into(),
            ty: TypeRef::String,
            required: false,
            description: None,
        });
        assert_eq!(success(&[with_header]), SuccessShape::Enum);
    }
}
