//! The unit tests of the auth module's pure rules.

use super::*;

#[test]
fn every_permission_code_is_unique_and_round_trips() {
    let codes: BTreeSet<&str> = Permission::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(codes.len(), Permission::ALL.len());
    for p in Permission::ALL {
        assert_eq!(Permission::from_code(p.code()), Some(*p));
    }
    assert_eq!(Permission::from_code("inconnu"), None);
}

#[test]
fn weak_passwords_are_refused() {
    assert!(password_problem("court", "amina").is_some());
    assert!(password_problem("amina-2026-boutique", "amina").is_some());
    assert!(password_problem("croissant-chaud-42", "amina").is_none());
}

#[test]
fn user_names_are_plain() {
    assert!(username_problem("amina").is_none());
    assert!(username_problem("s.benali").is_none());
    assert!(username_problem("a").is_some());
    assert!(username_problem("amina b").is_some());
    assert!(username_problem("").is_some());
}

#[test]
fn tokens_are_random_and_hashed() {
    let a = random_hex(32);
    assert_eq!(a.len(), 64);
    assert_ne!(a, random_hex(32));
    assert_eq!(token_hash("abc").len(), 64);
    assert_ne!(token_hash(&a), a);
}

#[test]
fn pins_are_four_to_six_digits() {
    assert_eq!(pin_problem("1234"), None);
    assert_eq!(pin_problem("123456"), None);
    assert!(pin_problem("123").is_some());
    assert!(pin_problem("12a4").is_some());
    assert!(pin_problem("1234567").is_some());
}
