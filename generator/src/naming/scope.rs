//! Taken names in one Rust namespace (the types of a module, the methods of the client, the
//! fields of a struct, the variants of an enum), and who took each, for messages.

use std::collections::HashMap;

/// The names taken in one namespace. Synthesized names give way with stable numeric
/// suffixes in document order ([`Scope::fresh`]); names the document chose are claimed as
/// they are ([`Scope::claim`]), and a second claim is the caller's to report.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    taken: HashMap<String, String>,
}

impl Scope {
    /// A scope where `names` are already taken by `owner` (what generated code defines
    /// itself: `Unknown`, `body`, the client's own methods, the prelude's names).
    pub fn reserving<'n>(names: impl IntoIterator<Item = &'n str>, owner: &str) -> Self {
        let mut scope = Self::default();
        for name in names {
            scope.taken.insert(name.to_owned(), owner.to_owned());
        }
        scope
    }

    /// Who took `name`, if anyone.
    pub fn owner(&self, name: &str) -> Option<&str> {
        self.taken.get(name).map(String::as_str)
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains_key(name)
    }

    /// Takes `name` for `owner`; when it is taken already, returns who has it and takes
    /// nothing.
    pub fn claim(&mut self, name: &str, owner: impl Into<String>) -> Result<(), String> {
        match self.taken.get(name) {
            Some(first) => Err(first.clone()),
            None => {
                self.taken.insert(name.to_owned(), owner.into());
                Ok(())
            }
        }
    }

    /// The first free of `base`, `base{separator}2`, `base{separator}3`…, without taking it
    /// (for a name that is taken only once what it names turns out usable).
    pub fn first_free(&self, base: &str, separator: &str) -> String {
        super::first_free(base, separator, |candidate| self.is_taken(candidate))
    }

    /// Takes the first free of `base`, `base{separator}2`, `base{separator}3`… for `owner`
    /// and returns it.
    pub fn fresh(&mut self, base: &str, separator: &str, owner: impl Into<String>) -> String {
        let name = self.first_free(base, separator);
        self.taken.insert(name.clone(), owner.into());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_names_give_way_in_order() {
        let mut scope = Scope::reserving(["body"], "the generated code");
        assert_eq!(scope.fresh("body", "_", "a"), "body_2");
        assert_eq!(scope.fresh("id", "_", "b"), "id");
        assert_eq!(scope.fresh("id", "_", "c"), "id_2");
        assert_eq!(scope.fresh("id", "_", "d"), "id_3");
        assert_eq!(scope.owner("id_2"), Some("c"));
    }

    #[test]
    fn a_second_claim_names_the_first() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Pet", "components/schemas/Pet"), Ok(()));
        assert_eq!(
            scope.claim("Pet", "components/schemas/pet"),
            Err(String::from("components/schemas/Pet"))
        );
        assert!(scope.is_taken("Pet"));
    }
}
